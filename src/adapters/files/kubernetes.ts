/**
 * Kubernetes manifests into the model: every object that runs pods (see `WORKLOAD_KINDS`) in a YAML file of one or
 * more documents, or in the `items` of a `List`, is one `kubernetes_workload` whose props are the object as written.
 * Other kinds (Service, ConfigMap, ...) are not resources. A file without any Kubernetes document is not an input:
 * it is neither read nor reported. A template (Helm, Jinja) is not a manifest either: it is not read, and a notice
 * says so, once for all the templates of a Helm chart (see `helmChartNotice`).
 */
import { existsSync } from "fs";
import { basename, dirname, join as joinPath } from "path";
import type { CST, Document, LineCounter } from "yaml";
import { yaml } from "../../yaml-library";
import { KUBERNETES_WORKLOAD } from "../../model/kinds";
import type { Diagnostic } from "../../model/diagnostic";
import { isRecord, UNKNOWN, valueAt, type PropertyPath, type Resource, type SourceLocation } from "../../model/resource";
import { displayPath } from "../source";
import { anchoredSuppressions, hashLineComments, type Anchor } from "../../engine/comment-suppressions";
import { join } from "../../rules/read";
import { ALL_CONTAINERS, podSpecPath, type PodObject } from "../../rules/pods";
import { emptyReading, type FileFormat, type FileReading, type SourceFile } from "./format";
import { withPlaintextSecrets, WORKLOAD_KINDS } from "./kubernetes-objects";
import { documentData, reportDuplicateKeys, YAML_OPTIONS } from "./yaml";

/** A line that opens a document's flow mapping: `{` first on it, or after `---`; not a template's `{{` or `{%`. */
const FLOW_DOCUMENT = /^(?:---[ \t]+)?\{(?![{%])/m;

export const kubernetesFormat: FileFormat = {
  name: "Kubernetes manifest",
  claims() {
    // Manifests have no conventional names: they are told by their content.
    return false;
  },
  recognizes(text) {
    if (/^kind:\s*\S/m.test(text) && /^apiVersion:\s*\S/m.test(text)) return true;
    // A document that is one flow mapping (`{ apiVersion: "v1", kind: Pod }`, or JSON) may write its keys anywhere.
    return FLOW_DOCUMENT.test(text) && /\bkind["']?\s*:/.test(text) && /\bapiVersion["']?\s*:/.test(text);
  },
  read: readManifest,
};

/** Positions are kept this deep into an object; nothing a rule reads lies deeper. */
const MAX_LOCATION_DEPTH = 32;

/** A YAML node and what it holds, for one object of the file. */
interface Placed {
  value: PodObject;
  node: unknown;
}

/**
 * The parser's tokens passed on as they come, each one's comments added to `ranges` first: the composed documents
 * do not keep where comments are written.
 */
function* recordingComments(tokens: Iterable<CST.Token>, ranges: [number, number][]): Generator<CST.Token> {
  for (const token of tokens) {
    // A stack rather than recursion: nesting as deep as the file's must not overflow it.
    const pending: unknown[] = [token];
    while (pending.length > 0) {
      const item = pending.pop();
      if (Array.isArray(item)) {
        for (const child of item) pending.push(child);
      } else if (isRecord(item)) {
        if (item.type === "comment" && typeof item.offset === "number" && typeof item.source === "string") ranges.push([item.offset, item.offset + item.source.length]);
        else for (const child of Object.values(item)) pending.push(child);
      }
    }
    yield token;
  }
}

/** The directory of the Helm chart whose `templates/` directory holds `path`: every file there is rendered by Helm first. */
function chartOf(path: string): string | undefined {
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
    if (basename(dir) === "templates" && existsSync(joinPath(dirname(dir), "Chart.yaml"))) return dirname(dir);
  }
  return undefined;
}

/** Where template syntax may start: a Go or Jinja action `{{`, a Jinja statement `{%`. */
const TEMPLATE_OPENING = /\{[{%]/g;

/**
 * The offset of the first template action (`{{ ... }}`, `{% ... %}`) that makes the file a template rather than a
 * manifest; undefined when it is a manifest. An action is template syntax where it stands for YAML structure: a
 * key, a flow mapping (`name: {{ .Release.Name }}`), a `{{- if }}` or `{% if %}` line, or text that breaks the YAML.
 * Inside a string value or a comment it is text `kubectl apply` takes as written: a PrometheusRule's
 * `"{{ $labels.instance }}"`, a container's `--format '{{.Names}}'`, a ConfigMap of Alertmanager templates.
 * `texts`: where the file's scalar values (`collectValueScalars`) and comments (`recordingComments`) are written.
 */
function templateAction(text: string, texts: [number, number][]): number | undefined {
  texts.sort((a, b) => a[0] - b[0]);
  // Both in file order: one pass over the actions and the texts together.
  let at = 0;
  for (const { index: action } of text.matchAll(TEMPLATE_OPENING)) {
    while (at < texts.length && texts[at][1] <= action) at++;
    if (at === texts.length || texts[at][0] > action) return action;
  }
  return undefined;
}

/** Adds where a document's scalar values (not its keys) are written to `values`, as [start, end) offsets. */
function collectValueScalars(document: Document, values: [number, number][]): void {
  yaml().visit(document, {
    Scalar(key, node) {
      if (key !== "key" && node.range) values.push([node.range[0], node.range[1]]);
    },
  });
}

/**
 * The one notice for the `templates` files of the chart in directory `chart` that were not read: a notice per file
 * would repeat itself for every template of every chart on every run. It says what to check instead.
 */
export function helmChartNotice(chart: string, templates: number): Diagnostic {
  const files = templates === 1 ? "1 template file is" : `${templates} template files are`;
  return {
    severity: "notice",
    code: "input",
    message: `a Helm chart: its ${files} not checked as Kubernetes manifests, as Helm renders them first; check what it deploys with \`helm template ${displayPath(chart)} > rendered.yaml\` and \`prodready check rendered.yaml\``,
    file: displayPath(joinPath(chart, "Chart.yaml")),
  };
}

/** The node at `key` of a mapping node, or the item at `key` of a sequence node; aliases are not followed. */
function childNode(node: unknown, key: string): { node: unknown; offset: number } | undefined {
  if (yaml().isMap(node)) {
    const pair = node.items.find((item) => yaml().isScalar(item.key) && String(item.key.value) === key);
    return pair && yaml().isNode(pair.key) && pair.key.range ? { node: pair.value, offset: pair.key.range[0] } : undefined;
  }
  if (yaml().isSeq(node) && /^\d+$/.test(key)) {
    const item = node.items[Number(key)];
    return yaml().isNode(item) && item.range ? { node: item, offset: item.range[0] } : undefined;
  }
  return undefined;
}

/** The offset of the deepest part of `path` that is written in the file, from `start` (the object's own). */
function offsetOf(node: unknown, start: number, path: PropertyPath): number {
  let offset = start;
  let current = node;
  for (const segment of path === "" ? [] : path.split(".")) {
    const child = childNode(current, segment);
    if (child === undefined) break;
    ({ node: current, offset } = child);
  }
  return offset;
}

/** Whether `text` holds `{{` or `{%` anywhere: only then may it be a template, or hold templated values. */
function mayBeTemplate(text: string): boolean {
  return text.includes("{{") || text.includes("{%");
}

/** A Go or Jinja template action: `{{ .Values.image }}`, `{{ image_tag }}`, `{% if debug %}`. */
const TEMPLATE_ACTION = /\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/;

/**
 * Makes unknown, in place, every string value of `object` that holds a template action. Such a value is text
 * `kubectl apply` takes as written, or what a tool (an Ansible role, gomplate, a chart template outside its chart)
 * renders there first; which, the file does not say: `image: "{{ image }}"` is no image without a tag, and
 * `envoy:{{ envoy_tag }}` no pinned one. Keys are not values: an action in one makes the file a template.
 */
function markTemplatedValuesUnknown(object: PodObject): void {
  // A stack rather than recursion: nesting as deep as the file's must not overflow it.
  const pending: unknown[] = [object];
  while (pending.length > 0) {
    const node = pending.pop();
    if (!isRecord(node) && !Array.isArray(node)) continue;
    const container = node as Record<string, unknown>;
    for (const [key, value] of Object.entries(container)) {
      if (typeof value === "string" && TEMPLATE_ACTION.test(value)) container[key] = UNKNOWN;
      else pending.push(value);
    }
  }
}

/** One reading of one file: what it collects as its objects are read. */
class ManifestReader {
  readonly resources: Resource[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly anchors: Anchor[] = [];
  /** Whether the file may be a template (`mayBeTemplate`). */
  readonly mayBeTemplate: boolean;

  constructor(
    private readonly file: SourceFile,
    private readonly lines: LineCounter,
  ) {
    this.mayBeTemplate = mayBeTemplate(file.text);
  }

  at(offset: number): SourceLocation {
    const { line, col } = this.lines.linePos(offset);
    return { file: this.file.name, line, column: col };
  }

  report(offset: number, message: string, severity: Diagnostic["severity"] = "error"): void {
    const { file, line, column } = this.at(offset);
    this.diagnostics.push({ severity, code: "input", message, file, line, column });
  }

  /** Every key and item of an object, by property path, where it is written. */
  private locations(node: unknown, path: PropertyPath, into: Record<PropertyPath, SourceLocation>, depth: number): void {
    if (depth > MAX_LOCATION_DEPTH) return;
    if (yaml().isMap(node)) {
      for (const pair of node.items) {
        // A merge key (`<<: *defaults`) is no property of its own: what it merges is written elsewhere.
        if (!yaml().isScalar(pair.key) || !pair.key.range || typeof pair.key.value === "symbol") continue;
        const child = join(path, String(pair.key.value));
        into[child] = this.at(pair.key.range[0]);
        this.locations(pair.value, child, into, depth + 1);
      }
    } else if (yaml().isSeq(node)) {
      node.items.forEach((item, index) => {
        if (!yaml().isNode(item) || !item.range) return;
        const child = join(path, index);
        into[child] = this.at(item.range[0]);
        this.locations(item, child, into, depth + 1);
      });
    }
  }

  /** Why a workload cannot be read, as a message and the path of the place to report it; undefined when it can. */
  private malformation(object: PodObject, kind: string): { path: PropertyPath; message: string } | undefined {
    if (typeof object.apiVersion !== "string") return { path: "", message: `this ${kind} has no apiVersion` };
    const metadata = object.metadata;
    const name = isRecord(metadata) ? (metadata.name ?? metadata.generateName) : undefined;
    if (typeof name !== "string" || name === "") return { path: "metadata", message: `this ${kind} has no metadata.name` };
    const specPath = podSpecPath(kind);
    const spec = valueAt(object, specPath);
    if (!isRecord(spec)) return { path: specPath, message: `this ${kind} has no pod spec: ${specPath} is missing or not a mapping` };
    for (const list of ALL_CONTAINERS) {
      const containers = spec[list];
      const listPath = join(specPath, list);
      if (containers === undefined && list === "initContainers") continue;
      if (!Array.isArray(containers) || (list === "containers" && containers.length === 0)) {
        return { path: listPath, message: `${listPath} of this ${kind} must be a list of containers` };
      }
      for (const [index, container] of containers.entries()) {
        const containerPath = join(listPath, index);
        if (!isRecord(container)) return { path: containerPath, message: `${containerPath} of this ${kind} is not a container (a mapping)` };
        const env = container.env;
        if (env !== undefined && env !== null && (!Array.isArray(env) || !env.every(isRecord))) {
          return { path: join(containerPath, "env"), message: `${containerPath}.env of this ${kind} must be a list of name and value entries` };
        }
      }
    }
    return undefined;
  }

  /** One object of the file, at `start`: a resource when it is a well-formed workload. */
  readObject({ value, node }: Placed, start: number, seen: Set<string>): void {
    const kind = value.kind;
    if (typeof kind !== "string" || !WORKLOAD_KINDS.has(kind)) return;
    const problem = this.malformation(value, kind);
    if (problem) {
      this.report(offsetOf(node, start, problem.path), problem.message);
      return;
    }
    const metadata = value.metadata as PodObject;
    const name = String(metadata.name ?? metadata.generateName);
    const namespace = typeof metadata.namespace === "string" && metadata.namespace !== "" ? metadata.namespace : "default";
    const address = `${this.file.name}#${kind}/${namespace}/${name}`;
    if (seen.has(address)) {
      this.report(start, `a second ${kind} ${namespace}/${name} in this file; only the first is checked`, "warning");
      return;
    }
    seen.add(address);
    // After the name is taken: the address says which object, as written, even when its name is templated.
    if (this.mayBeTemplate) markTemplatedValuesUnknown(value);
    const location = this.at(start);
    const propertyLocations: Record<PropertyPath, SourceLocation> = {};
    this.locations(node, "", propertyLocations, 0);
    this.anchors.push({ line: location.line!, address });
    for (const [path, where] of Object.entries(propertyLocations)) this.anchors.push({ line: where.line!, address, path });
    const resource: Resource = { kind: KUBERNETES_WORKLOAD, address, name, engine: "files", props: value, options: {}, location, secretPaths: [], propertyLocations };
    this.resources.push(withPlaintextSecrets(resource));
  }
}

/** A mapping that names its `apiVersion` and `kind`. */
function isKubernetesNode(node: unknown): boolean {
  return yaml().isMap(node) && node.has("apiVersion") && node.has("kind");
}

/** The objects of a document: the document itself, or the items of a `List` (`kind: List`, `DeploymentList`, ...). */
function objectsOf(value: PodObject, node: unknown): Placed[] {
  if (typeof value.kind === "string" && value.kind.endsWith("List") && Array.isArray(value.items)) {
    const items = childNode(node, "items")?.node;
    return value.items.flatMap((item: unknown, index): Placed[] => (isRecord(item) ? [{ value: item, node: childNode(items, String(index))?.node }] : []));
  }
  return [{ value, node }];
}

/** One document of the file, read into `reader`. */
function readDocument(reader: ManifestReader, document: Document, seen: Set<string>): void {
  const start = yaml().isNode(document.contents) && document.contents.range ? document.contents.range[0] : 0;
  const read = documentData(document);
  if ("problem" in read) {
    reader.report(read.problem.offset, read.problem.message);
    return;
  }
  const value = read.data;
  if (!isRecord(value)) return;
  objectsOf(value, document.contents).forEach((object) => {
    const objectStart = yaml().isNode(object.node) && object.node.range ? object.node.range[0] : start;
    reader.readObject(object, objectStart, seen);
  });
}

/**
 * The documents of a YAML file, each composed as the parser reaches it, with where its scalar values and comments
 * are written added to `texts` when given (for `templateAction`). Each is dropped once the caller is done with it,
 * as parseAllDocuments, which holds every document's tree until the last is parsed, would not: on a manifest of
 * thousands of documents those trees doubled the peak memory and the garbage collector took a third of the run.
 */
function* yamlDocuments(text: string, lines: LineCounter, texts?: [number, number][]): Generator<Document> {
  // YAML 1.1, as the Kubernetes API reads manifests: `yes` and `on` are true, `0644` is octal.
  const { Composer, Parser } = yaml();
  const composer = new Composer({ ...YAML_OPTIONS, version: "1.1", logLevel: "silent" });
  const tokens = new Parser(lines.addNewLine).parse(text);
  for (const document of composer.compose(texts ? recordingComments(tokens, texts) : tokens)) {
    reportDuplicateKeys(document);
    if (texts) collectValueScalars(document, texts);
    yield document;
  }
}

/** What a file that is a template is told: what it renders is deployed, not its text, and `notDone` here. */
export function templateNotice(notDone: string): string {
  return `a template (Helm, Jinja or another tool's syntax outside a YAML string or comment): not ${notDone}; check what it renders`;
}

/** The offset of the template action that makes a YAML file (`text`) a template, as `templateAction` finds it; undefined when it is none. */
export function templateIn(text: string): number | undefined {
  if (!mayBeTemplate(text)) return undefined;
  const texts: [number, number][] = [];
  for (const _document of yamlDocuments(text, new (yaml().LineCounter)(), texts));
  return templateAction(text, texts);
}

function readManifest(file: SourceFile): FileReading {
  // Whatever its YAML, even none (a `{{- if }}` first line): reported with the rest of its chart, by the adapter.
  const helmChart = file.text.includes("{{") ? chartOf(file.path) : undefined;
  if (helmChart !== undefined) return { ...emptyReading(), helmChart };
  const lines = new (yaml().LineCounter)();
  const reader = new ManifestReader(file, lines);
  const seen = new Set<string>();
  const { mayBeTemplate } = reader;
  // Where a `{{` is text rather than template syntax: scalar values and comments.
  const texts: [number, number][] = [];
  let holdsKubernetes = false;
  for (const document of yamlDocuments(file.text, lines, mayBeTemplate ? texts : undefined)) {
    holdsKubernetes ||= isKubernetesNode(document.contents);
    readDocument(reader, document, seen);
  }
  // What was read is dropped when the file is no manifest after all: judged on every document, as a whole.
  if (!holdsKubernetes) return emptyReading();
  const template = mayBeTemplate ? templateAction(file.text, texts) : undefined;
  if (template !== undefined) {
    // What the template renders is deployed, not its text: said, so that no finding is not taken for a pass.
    const notice = new ManifestReader(file, lines);
    notice.report(template, templateNotice("checked as a Kubernetes manifest"), "notice");
    return { ...emptyReading(), diagnostics: notice.diagnostics };
  }
  const suppressions = anchoredSuppressions(file.name, file.text, hashLineComments(file.text), () => reader.anchors, "a Kubernetes workload or one of its fields", reader.diagnostics);
  return { resources: reader.resources, diagnostics: reader.diagnostics, suppressions };
}
