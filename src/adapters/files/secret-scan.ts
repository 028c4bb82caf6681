/**
 * What the repository's secret rule scans of a file another format reads. That format's own secret rule reads a part
 * of it (a compose service's `environment`, a Kubernetes container's `env`): its values are left blank, so a secret
 * there is reported once, and the comments among them, which that rule does not read, are scanned. A compose
 * service's short-syntax `volumes` (mount paths) and `secrets` (names) hold no values and are left blank too. The
 * rest no rule of that format reads for secrets: a compose `command` or `labels`, a Kubernetes Secret's or
 * ConfigMap's data, a kustomization's generator literals. Dockerfiles and cloud-init files are read whole by their
 * own secret rules. In any YAML file, an alias of a scalar is read as its anchor's value is written, and a chart's
 * `{ secret: <Kubernetes Secret>, key: <key> }` for a password or token is left blank: it names where that is kept.
 */
import { ALL_CONTAINERS, DNS_LABEL, podSpecPath } from "../../rules/pods";
import { decodeUserData } from "../../rules/user-data";
import { LineIndex } from "../terraform/hcl/lines";
import { parseHcl } from "../terraform/hcl/parser";
import type { Body, Expression, HclFile } from "../terraform/hcl/syntax";
import { HclSyntaxError } from "../terraform/hcl/syntax-error";
import { composeFormat } from "./compose";
import type { FileFormat } from "./format";
import { kubernetesFormat } from "./kubernetes";
import { WORKLOAD_KINDS } from "./kubernetes-objects";
import { readYamlDocuments, type YamlEntry, type YamlMap, type YamlScalar, type YamlValue } from "./yaml";

/** Whether a format's own secret rules leave part of its files unread. */
export function leavesSecretsUnread(format: FileFormat): boolean {
  return format === composeFormat || format === kubernetesFormat;
}

/**
 * The lines of a YAML file as the repository's secret rule scans them: one per line of the file, with each alias of a
 * scalar written as the value it stands for; in a compose file or Kubernetes manifest (`format`), blank where the
 * format's own secret rule reads, and a Kubernetes Secret's base64 `data` entries as the `key: value` they encode
 * (encoding, not encryption; decoded as cloud-init decodes user data), which may then hold line breaks.
 */
export function linesLeftToScan(format: FileFormat | undefined, text: string): string[] {
  const characters = text.split("");
  const index = new LineIndex(text);
  const lineOf = (offset: number) => index.position(offset).line - 1;
  const decodedLines = new Map<number, string>();
  // Characters, not whole lines: a service written on one line (`{ volumes: [...], command: ... }`) keeps the rest.
  const blank = ([start, end]: [number, number]) => blankCharacters(characters, start, end);
  /**
   * A value's scalars, each with its key, and, through aliases and merge keys, wherever they are written; not the
   * comments between and after them, which the format's rule does not read: a credential commented out there is the
   * repository scan's to report.
   */
  const blankValues = (value: YamlValue): void => {
    if (value.kind === "scalar") blank(value.range);
    else if (value.kind === "seq") for (const item of value.items) blankValues(item);
    else {
      for (const entry of value.entries.values()) {
        if (entry.value.kind === "scalar") blank(entry.range);
        else blankValues(entry.value);
      }
    }
  };

  // A key's alias of a scalar gives the key that scalar, which may be a credential anchored under a name that says
  // nothing (`pg: &pw Xk9…`, then `password: *pw`): it is judged where the name says what it is, as written there
  // (a tag, as in `!secret wifi_password`, makes it a reference; a long number is no float). Aliases of mappings and
  // lists are left as written: their scalars are judged where they are written.
  const writeAliasedScalars = (value: YamlValue) => {
    if (value.kind === "map") for (const entry of value.entries.values()) writeAliasedScalars(entry.value);
    else if (value.kind === "seq") for (const item of value.items) writeAliasedScalars(item);
    else if (text[value.range[0]] === "*" && value.value !== null) {
      blank([value.range[0] + 1, value.range[1]]);
      characters[value.range[0]] = scalarAsWritten(text, value);
    }
  };

  // A Helm chart's password or token given as `{ secret: <Kubernetes Secret>, key: <its key> }` (the GitLab chart's
  // `psql.password`, `gitaly.authToken`) says where it is kept: `secret` is a Secret's name, as `existingSecret` is.
  const blankSecretKeyReferences = (value: YamlValue) => {
    if (value.kind === "seq") for (const item of value.items) blankSecretKeyReferences(item);
    if (value.kind !== "map") return;
    for (const [name, entry] of value.entries) {
      const secretName = SINGLE_CREDENTIAL.test(name) ? secretNameReferenced(entry.value) : undefined;
      if (secretName !== undefined) blank(secretName.range);
      else blankSecretKeyReferences(entry.value);
    }
  };

  // The format's reader reports what is malformed; here it only leaves less unread.
  for (const root of readYamlDocuments("", text).documents) {
    if (root !== undefined) {
      writeAliasedScalars(root);
      blankSecretKeyReferences(root);
    }
    if (root?.kind !== "map") continue;
    if (format === composeFormat) {
      for (const service of mapsIn(root.entries.get("services")?.value)) {
        const environment = service.entries.get("environment");
        if (environment !== undefined) blankValues(environment.value);
        // A short-syntax mount (`app-secrets:/run/secrets:ro`) is a source and a target path, which only look like
        // `name: value`; a short-syntax secret (`secrets: [db_password]`, flow or block, anchored or not) names one of
        // the file's top-level secrets. Neither is a credential.
        for (const key of ["volumes", "secrets"]) {
          const list = service.entries.get(key)?.value;
          if (list?.kind === "seq") for (const item of list.items) if (item.kind === "scalar") blank(item.range);
        }
      }
      continue;
    }
    if (format !== kubernetesFormat) continue;
    for (const object of kubernetesObjects(root)) {
      const kind = scalarText(object.entries.get("kind")?.value);
      if (kind !== undefined && WORKLOAD_KINDS.has(kind)) {
        const spec = at(object, podSpecPath(kind));
        for (const list of ALL_CONTAINERS) {
          for (const container of spec?.kind === "map" ? itemMaps(spec.entries.get(list)?.value) : []) {
            const env = container.entries.get("env");
            if (env !== undefined) blankValues(env.value);
          }
        }
      } else if (kind === "Secret") {
        for (const [key, entry] of mapEntries(object.entries.get("data")?.value)) {
          const encoded = scalarText(entry.value);
          const decoded = encoded === undefined ? undefined : decodeUserData(encoded);
          if (decoded === undefined) continue;
          blank(entry.range);
          decodedLines.set(lineOf(entry.range[0]), `${key}: ${decoded}`);
        }
      }
    }
  }
  const lines = characters.join("").split(/\r?\n/);
  for (const [line, decoded] of decodedLines) lines[line] = decoded;
  return lines;
}

/** Blanks `characters[start, end)`, keeping line breaks, so the lines scanned stay the file's. */
function blankCharacters(characters: string[], start: number, end: number): void {
  for (let at = start; at < end; at++) if (characters[at] !== "\n" && characters[at] !== "\r") characters[at] = " ";
}

/**
 * The lines of a Terraform Stack's HCL file as the repository's secret rule scans them: its literal values as
 * written, inside objects and lists too, and every other expression left blank (a reference such as
 * `store.varset.credentials.db_password` or `var.db_password`, a function call, a template with an interpolation):
 * it names where a value is kept, or holds one only known when deployed, and what is left of it would read as the
 * value (`"prefix-${var.key}"`). Undefined when the file is not valid HCL, whose values cannot be told from references.
 */
export function stackLinesToScan(text: string, fileName: string): string[] | undefined {
  let file: HclFile;
  try {
    file = parseHcl(text, fileName);
  } catch (error) {
    if (error instanceof HclSyntaxError) return undefined;
    throw error;
  }
  const characters = text.split("");
  const keepLiterals = (expression: Expression): void => {
    switch (expression.kind) {
      case "Literal":
        return;
      case "Tuple":
        expression.elements.forEach(keepLiterals);
        return;
      case "Object":
        for (const item of expression.items) [item.key, item.value].forEach(keepLiterals);
        return;
      default:
        blankCharacters(characters, expression.start, expression.end);
    }
  };
  const readBody = (body: Body): void => {
    for (const attribute of body.attributes) keepLiterals(attribute.expression);
    for (const block of body.blocks) readBody(block.body);
  };
  readBody(file.body);
  return characters.join("").split(/\r?\n/);
}

/** A name for one password or token; `credentials: { key: …, secret: … }` may be an API key and its secret. */
const SINGLE_CREDENTIAL = /(?:pass(?:word|wd)|token)$/i;

/** The `secret` of `{ secret: <name>, key: <name> }` and nothing else, if the name is one Kubernetes accepts. */
function secretNameReferenced(value: YamlValue): YamlValue | undefined {
  if (value.kind !== "map" || value.entries.size !== 2 || scalarText(value.entries.get("key")?.value) === undefined) return undefined;
  const secret = value.entries.get("secret")?.value;
  const name = scalarText(secret);
  return name !== undefined && DNS_LABEL.test(name) ? secret : undefined;
}

/** The tags and anchors written before a node, nearest last. Looked for only this far back: a name is short. */
const NODE_PROPERTIES = /(?<!\S)(?:[!&]\S*\s+)+$/;
const NODE_PROPERTIES_REACH = 256;

/** A scalar's text as written, with its tag and without its anchor, on one line (the lines scanned stay the file's). */
function scalarAsWritten(text: string, scalar: YamlScalar): string {
  const [start, end] = scalar.source;
  const properties = scalar.tag === undefined ? "" : (NODE_PROPERTIES.exec(text.slice(Math.max(0, start - NODE_PROPERTIES_REACH), start))?.[0] ?? "");
  const tag = properties.split(/\s+/).find((property) => property.startsWith("!"));
  return `${tag === undefined ? "" : `${tag} `}${text.slice(start, end)}`.replace(/\s*[\r\n]\s*/g, " ");
}

function scalarText(value: YamlValue | undefined): string | undefined {
  return value?.kind === "scalar" && typeof value.value === "string" ? value.value : undefined;
}

function mapEntries(value: YamlValue | undefined): [string, YamlEntry][] {
  return value?.kind === "map" ? [...value.entries] : [];
}

function mapsIn(value: YamlValue | undefined): YamlMap[] {
  return mapEntries(value).flatMap(([, entry]) => (entry.value.kind === "map" ? [entry.value] : []));
}

function itemMaps(value: YamlValue | undefined): YamlMap[] {
  return value?.kind === "seq" ? value.items.filter((item): item is YamlMap => item.kind === "map") : [];
}

function at(value: YamlValue, path: string): YamlValue | undefined {
  let current: YamlValue | undefined = value;
  for (const key of path.split(".")) current = current?.kind === "map" ? current.entries.get(key)?.value : undefined;
  return current;
}

/** The objects of a document: the document itself, or the items of a `List` (`kind: List`, `SecretList`, ...). */
function kubernetesObjects(root: YamlMap): YamlMap[] {
  const kind = scalarText(root.entries.get("kind")?.value);
  return kind?.endsWith("List") ? itemMaps(root.entries.get("items")?.value) : [root];
}
