/**
 * `terraform show -json` plans into the model: one Resource per managed resource instance the plan leaves in
 * place (created, updated, replaced or unchanged), its values as they will be after apply, what is not known until
 * then marked UNKNOWN, and its sensitive paths listed.
 *
 * A Resource's `name` is the resource name with its instance key, as in the address: `logs[0]`, `jobs["orders"]`,
 * so the instances of one resource tell apart in a report. Its location is the resource's entry in the plan file,
 * and each property's location is that of its value in the entry's `after`.
 */
import type { Diagnostic } from "../../model/diagnostic";
import { isRecord, UNKNOWN, type PropertyPath, type Resource, type SourceLocation } from "../../model/resource";
import type { Node } from "./json/parse";
import { canonicalKind } from "./kinds";
import { JsonVisitor, memberValue, parseJsonWithPositions, setOwnProperty, toPlainValue, type JsonMemberSelection, type JsonNode, type JsonObject, type JsonSelection } from "./json/parse";

/** True for the plain value of a plan: it has the sections only `terraform show -json` of a plan writes. */
export function isPlanJson(plain: unknown): boolean {
  return isRecord(plain) && hasPlanSections((key) => Object.hasOwn(plain, key));
}

/** The same test on a file's text, before parsing it: tells a plan from Terraform JSON configuration cheaply. */
export function looksLikePlan(text: string): boolean {
  return hasPlanSections((key) => new RegExp(`"${key}"\\s*:`).test(text));
}

/** Expressions of the configuration: their references, at any depth, and not their constant values. */
const EXPRESSIONS: Record<string, JsonSelection> = { constant_value: false };
EXPRESSIONS["*"] = EXPRESSIONS;

const CONFIGURATION_MODULE: Record<string, JsonSelection> = {
  resources: { "*": { mode: true, type: true, name: true, expressions: EXPRESSIONS, count_expression: EXPRESSIONS, for_each_expression: EXPRESSIONS, depends_on: true } },
};
CONFIGURATION_MODULE.module_calls = { "*": { module: CONFIGURATION_MODULE } };

const PLANNED_MODULE: Record<string, JsonSelection> = {
  address: true,
  resources: { "*": { address: true, mode: true, type: true, name: true, values: true, sensitive_values: true } },
};
PLANNED_MODULE.child_modules = { "*": PLANNED_MODULE };

/** What an instance is read from in a resource_changes entry. */
const CHANGE_ENTRY: JsonMemberSelection = {
  address: true,
  mode: true,
  type: true,
  name: true,
  module_address: true,
  change: { after: true, after_unknown: true, after_sensitive: true },
};

/**
 * Throws HclSyntaxError for malformed JSON; anything else wrong with the plan is a diagnostic.
 *
 * A plan's tree would take ten times the memory of its text, so only what is read is kept: each resource_changes
 * entry becomes an instance as soon as it is parsed, and its tree goes; of the configuration, the references. The
 * rest, most of a plan (values before the change, prior_state, planned_values, which repeat the after values, the
 * configuration's constants), is parsed, so a malformed plan is still an error, but not kept.
 */
export function resourcesFromPlan(source: string, fileName: string): { resources: Resource[]; diagnostics: Diagnostic[] } {
  const reader = new PlanReader(fileName);
  let read: PlannedInstance[] = [];
  // The last resource_changes wins, as in JSON.parse, with the warnings about its entries.
  let changes: { node: JsonNode; instances: PlannedInstance[]; diagnostics: Diagnostic[] } | undefined;
  const entry = new JsonVisitor(CHANGE_ENTRY, (node) => {
    const instance = reader.fromChange(node);
    if (instance !== undefined) read.push(instance);
  });
  const root = parseJsonWithPositions(source, fileName, {
    format_version: true,
    // Kept empty: enough to tell a plan by its sections.
    planned_values: {},
    resource_changes: new JsonVisitor({ "*": entry }, (node) => {
      changes = { node, instances: read, diagnostics: reader.diagnostics.splice(0) };
      read = [];
    }),
    configuration: { root_module: CONFIGURATION_MODULE },
  });
  if (root.kind !== "object" || !hasPlanSections((key) => (key === "resource_changes" ? changes !== undefined : memberValue(root, key) !== undefined))) {
    reader.report("error", root, "this JSON is not a `terraform show -json` plan: it has no format_version with planned_values or resource_changes");
    return { resources: [], diagnostics: reader.diagnostics };
  }
  const version = memberValue(root, "format_version")!;
  if (version.kind !== "string" || !version.value.startsWith("1.")) {
    reader.report("error", version, "the plan's format_version is not 1.x, the only major version this reads; not checked");
    return { resources: [], diagnostics: reader.diagnostics };
  }
  let instances: PlannedInstance[];
  if (changes === undefined) {
    // Plans without resource_changes are rare (Terraform writes it whenever there are resources) and read twice.
    const withPlannedValues = parseJsonWithPositions(source, fileName, { planned_values: { root_module: PLANNED_MODULE } }) as JsonObject;
    instances = reader.fromPlannedValues(memberValue(withPlannedValues, "planned_values")!);
  } else if (changes.node.kind !== "array") {
    reader.report("error", changes.node, "the plan's resource_changes is not a list; no resource is checked");
    instances = [];
  } else {
    reader.diagnostics.push(...changes.diagnostics);
    instances = changes.instances;
  }
  const configuration = memberValue(root, "configuration");
  if (configuration !== undefined) linkDependencies(instances, configuredResources(configuration));
  return { resources: instances.map((instance) => instance.resource), diagnostics: reader.diagnostics };
}

function hasPlanSections(has: (key: string) => boolean): boolean {
  return has("format_version") && (has("planned_values") || has("resource_changes"));
}

function joinPath(path: PropertyPath, key: string | number): PropertyPath {
  return path === "" ? String(key) : `${path}.${key}`;
}

function stringMember(object: JsonObject, key: string): string | undefined {
  const value = memberValue(object, key);
  return value?.kind === "string" ? value.value : undefined;
}

/** An instance key in an address: `[0]` or `["a"]` (quoted keys may hold escaped quotes and brackets). */
const INSTANCE_KEY = String.raw`\[(?:"(?:[^"\\]|\\.)*"|\d+)\]`;
const INSTANCE_KEYS = new RegExp(INSTANCE_KEY, "g");

const NOTHING_UNKNOWN: Readonly<Record<string, unknown>> = Object.freeze({});

interface PlannedInstance {
  resource: Resource;
  /** The module instance holding it: `module.db`, `module.app["eu"]`, "" for the root module. */
  moduleAddress: string;
  /** `aws_s3_bucket.logs`: the resource within its module, as the configuration names it. */
  key: string;
  /** `[0]`, `["a"]`, or "" for a resource without count or for_each. */
  instanceKey: string;
}

class PlanReader {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly fileName: string) {}

  report(severity: Diagnostic["severity"], at: Node, message: string): void {
    this.diagnostics.push({ severity, code: "input", message, file: this.fileName, line: at.start.line, column: at.start.column });
  }

  /** A resource_changes entry: the instance a create, update or no-op leaves, nothing for a delete or a data source. */
  fromChange(entry: JsonNode): PlannedInstance | undefined {
    if (entry.kind !== "object" || stringMember(entry, "mode") !== "managed") return undefined;
    const change = memberValue(entry, "change");
    const after = change?.kind === "object" ? memberValue(change, "after") : undefined;
    // A delete (or a forget) leaves no object behind: after is null.
    if (after?.kind !== "object") return undefined;
    const unknown = memberValue(change as JsonObject, "after_unknown");
    const sensitive = memberValue(change as JsonObject, "after_sensitive");
    return this.instance(entry, stringMember(entry, "module_address") ?? "", after, unknown, sensitive);
  }

  /** Without resource_changes, planned_values has what will exist, though without marking what is unknown. */
  fromPlannedValues(plannedValues: JsonNode): PlannedInstance[] {
    const instances: PlannedInstance[] = [];
    const readModule = (module: JsonNode | undefined, moduleAddress: string): void => {
      if (module?.kind !== "object") return;
      const resources = memberValue(module, "resources");
      for (const entry of resources?.kind === "array" ? resources.elements : []) {
        if (entry.kind !== "object" || stringMember(entry, "mode") !== "managed") continue;
        const values = memberValue(entry, "values");
        if (values?.kind !== "object") continue;
        const instance = this.instance(entry, moduleAddress, values, undefined, memberValue(entry, "sensitive_values"));
        if (instance !== undefined) instances.push(instance);
      }
      const children = memberValue(module, "child_modules");
      for (const child of children?.kind === "array" ? children.elements : []) {
        if (child.kind === "object") readModule(child, stringMember(child, "address") ?? moduleAddress);
      }
    };
    readModule(plannedValues.kind === "object" ? memberValue(plannedValues, "root_module") : undefined, "");
    return instances;
  }

  private instance(entry: JsonObject, moduleAddress: string, values: JsonObject, unknown: JsonNode | undefined, sensitive: JsonNode | undefined): PlannedInstance | undefined {
    const address = stringMember(entry, "address");
    const type = stringMember(entry, "type");
    const name = stringMember(entry, "name");
    if (address === undefined || type === undefined || name === undefined) {
      this.report("warning", entry, "a resource in the plan without an address, type or name; skipped");
      return undefined;
    }
    const prefix = `${moduleAddress === "" ? "" : moduleAddress + "."}${type}.${name}`;
    const instanceKey = address.startsWith(prefix) ? address.slice(prefix.length) : "";
    const propertyLocations: Record<PropertyPath, SourceLocation> = {};
    const props = this.value(values, unknown === undefined ? undefined : toPlainValue(unknown), "", propertyLocations) as Record<string, unknown>;
    const secretPaths: PropertyPath[] = [];
    if (sensitive !== undefined) collectMarkedPaths(toPlainValue(sensitive), "", secretPaths);
    const resource: Resource = {
      kind: canonicalKind(type),
      address,
      name: name + instanceKey,
      engine: "terraform",
      props,
      // The plan's configuration section does not carry lifecycle settings: whether prevent_destroy is on is unknown.
      options: { preventDestroy: UNKNOWN },
      location: this.location(entry),
      secretPaths,
      propertyLocations,
    };
    return { resource, moduleAddress, key: `${type}.${name}`, instanceKey };
  }

  /**
   * A value of `after` with UNKNOWN wherever `after_unknown` (the same shape, `true` at each unknown) says so,
   * including attributes `after` leaves out because they are unknown.
   */
  private value(node: JsonNode, unknown: unknown, path: PropertyPath, locations: Record<PropertyPath, SourceLocation>): unknown {
    if (path !== "") locations[path] = this.location(node);
    if (unknown === true) return UNKNOWN;
    switch (node.kind) {
      case "object": {
        const unknownMembers = isRecord(unknown) ? unknown : NOTHING_UNKNOWN;
        const result: Record<string, unknown> = {};
        for (const { key, value } of node.members) {
          const memberUnknown = Object.hasOwn(unknownMembers, key.value) ? unknownMembers[key.value] : undefined;
          setOwnProperty(result, key.value, this.value(value, memberUnknown, joinPath(path, key.value), locations));
        }
        for (const [key, mark] of Object.entries(unknownMembers)) {
          if (mark === true && !Object.hasOwn(result, key)) setOwnProperty(result, key, UNKNOWN);
        }
        return result;
      }
      case "array":
        return node.elements.map((element, index) => this.value(element, Array.isArray(unknown) ? unknown[index] : undefined, joinPath(path, index), locations));
      default:
        return toPlainValue(node);
    }
  }

  private location(node: Node): SourceLocation {
    return { file: this.fileName, line: node.start.line, column: node.start.column };
  }
}

/** The paths at which a plan's marker structure (`after_sensitive`, `sensitive_values`) holds `true`. */
function collectMarkedPaths(marks: unknown, path: PropertyPath, into: PropertyPath[]): void {
  if (marks === true && path !== "") into.push(path);
  else if (Array.isArray(marks)) marks.forEach((mark, index) => collectMarkedPaths(mark, joinPath(path, index), into));
  else if (isRecord(marks)) for (const [key, mark] of Object.entries(marks)) collectMarkedPaths(mark, joinPath(path, key), into);
}

/** The configuration of each managed resource, by module (`module.db.module.net`, "" for the root) and `type.name`. */
function configuredResources(configuration: JsonNode): Map<string, Map<string, JsonObject>> {
  const byModule = new Map<string, Map<string, JsonObject>>();
  const readModule = (module: JsonNode | undefined, modulePath: string): void => {
    if (module?.kind !== "object") return;
    const resources = new Map<string, JsonObject>();
    byModule.set(modulePath, resources);
    const entries = memberValue(module, "resources");
    for (const entry of entries?.kind === "array" ? entries.elements : []) {
      if (entry.kind !== "object" || stringMember(entry, "mode") !== "managed") continue;
      const type = stringMember(entry, "type");
      const name = stringMember(entry, "name");
      if (type !== undefined && name !== undefined) resources.set(`${type}.${name}`, entry);
    }
    const calls = memberValue(module, "module_calls");
    for (const { key, value: call } of calls?.kind === "object" ? calls.members : []) {
      if (call.kind === "object") readModule(memberValue(call, "module"), `${modulePath === "" ? "" : modulePath + "."}module.${key.value}`);
    }
  };
  readModule(configuration.kind === "object" ? memberValue(configuration, "root_module") : undefined, "");
  return byModule;
}

/**
 * Sets each instance's dependencies: the instances, in the same module instance, of the resources its
 * configuration references or lists in depends_on. A reference to one instance (`aws_s3_bucket.logs[0].id`) names
 * that instance alone, though Terraform also lists the reference to the whole resource it implies.
 */
function linkDependencies(instances: PlannedInstance[], configured: Map<string, Map<string, JsonObject>>): void {
  const byModuleAndKey = new Map<string, Map<string, PlannedInstance[]>>();
  for (const instance of instances) {
    let byKey = byModuleAndKey.get(instance.moduleAddress);
    if (byKey === undefined) byModuleAndKey.set(instance.moduleAddress, (byKey = new Map()));
    const group = byKey.get(instance.key);
    if (group === undefined) byKey.set(instance.key, [instance]);
    else group.push(instance);
  }
  for (const instance of instances) {
    const configuration = configured.get(instance.moduleAddress.replace(INSTANCE_KEYS, ""))?.get(instance.key);
    if (configuration === undefined) continue;
    const neighbours = byModuleAndKey.get(instance.moduleAddress)!;
    const dependencies = new Set<string>();
    for (const references of referenceLists(configuration)) {
      const targets = references.map(referencedResource).filter((target) => target !== undefined);
      for (const key of new Set(targets.map((target) => target.key))) {
        const named = new Set(targets.filter((target) => target.key === key && target.instanceKey !== "").map((target) => target.instanceKey));
        for (const candidate of neighbours.get(key) ?? []) {
          if (named.size === 0 || named.has(candidate.instanceKey)) dependencies.add(candidate.resource.address);
        }
      }
    }
    dependencies.delete(instance.resource.address);
    instance.resource.dependencies = [...dependencies];
  }
  closeDependencies(instances.map((instance) => instance.resource));
}

/**
 * Adds what each dependency depends on, as the evaluation of a configuration does: a dependency's attributes may
 * carry another resource's values (`bucket = aws_s3_bucket_policy.this.id` is the bucket's name). Each resource's
 * closure is built once from its dependencies' closures; a cycle, which Terraform refuses, stops where it closes.
 */
function closeDependencies(resources: readonly Resource[]): void {
  const byAddress = new Map(resources.map((resource) => [resource.address, resource]));
  const opened = new Set<string>();
  const closed = new Map<string, Set<string>>();
  // Depth first without recursion: a plan's chain of dependencies may be thousands long.
  for (const root of resources) {
    const stack = [root];
    while (stack.length > 0) {
      const resource = stack[stack.length - 1];
      if (!opened.has(resource.address)) {
        opened.add(resource.address);
        for (const address of resource.dependencies ?? []) {
          const dependency = byAddress.get(address);
          if (dependency !== undefined && !opened.has(address)) stack.push(dependency);
        }
        continue;
      }
      stack.pop();
      if (closed.has(resource.address)) continue;
      const all = new Set(resource.dependencies ?? []);
      for (const address of resource.dependencies ?? []) for (const further of closed.get(address) ?? []) all.add(further);
      all.delete(resource.address);
      closed.set(resource.address, all);
    }
  }
  // Without its configuration a resource's dependencies are not known, which rules read differently from none.
  for (const resource of resources) if (resource.dependencies !== undefined) resource.dependencies = [...(closed.get(resource.address) ?? [])];
}

/** The references of each expression of a resource's configuration, one list per expression, and its depends_on. */
function referenceLists(configuration: JsonObject): string[][] {
  const lists: string[][] = [];
  const collect = (node: JsonNode | undefined): void => {
    if (node?.kind === "array") {
      for (const element of node.elements) collect(element);
    } else if (node?.kind === "object") {
      for (const { key, value } of node.members) {
        // A constant's value is data, whatever its keys are called.
        if (key.value === "constant_value") continue;
        if (key.value === "references" && value.kind === "array") lists.push(value.elements.flatMap((element) => (element.kind === "string" ? [element.value] : [])));
        else collect(value);
      }
    }
  };
  collect(memberValue(configuration, "expressions"));
  collect(memberValue(configuration, "count_expression"));
  collect(memberValue(configuration, "for_each_expression"));
  const dependsOn = memberValue(configuration, "depends_on");
  for (const element of dependsOn?.kind === "array" ? dependsOn.elements : []) if (element.kind === "string") lists.push([element.value]);
  return lists;
}

/** Names that start references to things other than managed resources. */
const NOT_RESOURCES = new Set(["var", "local", "module", "data", "ephemeral", "count", "each", "path", "terraform", "self"]);
const RESOURCE_REFERENCE = new RegExp(String.raw`^([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)(${INSTANCE_KEY})?`);

/** `aws_s3_bucket.logs[0].id` → `aws_s3_bucket.logs` and `[0]`; undefined for `var.x`, `data.y.z` and the like. */
function referencedResource(reference: string): { key: string; instanceKey: string } | undefined {
  const match = RESOURCE_REFERENCE.exec(reference);
  if (match === null || NOT_RESOURCES.has(match[1])) return undefined;
  return { key: `${match[1]}.${match[2]}`, instanceKey: match[3] ?? "" };
}
