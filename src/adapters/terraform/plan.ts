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
import { isRecord, placementByOwnRegion, UNKNOWN, type PropertyPath, type Resource, type SourceLocation } from "../../model/resource";
import { AMI_ARGUMENT } from "../../rules/user-data";
import type { Node } from "./json/parse";
import { exactNumber, nfcDeep, toModelValue, valuesEqual, type Value } from "./eval/values";
import { PROVIDER_CONFIGURATION } from "../../model/kinds";
import { policyDocumentJson } from "./eval/policy-document";
import { canonicalKind } from "./kinds";
import { lifecycleOptions, preventDestroySetting } from "./eval/module";
import { parseHcl } from "./hcl/parser";
import type { Block } from "./hcl/syntax";
import { HclSyntaxError } from "./hcl/syntax-error";
import { JsonVisitor, memberValue, parseJsonWithPositions, setOwnProperty, stringElements, stringMember, toPlainValue, type JsonMemberSelection, type JsonNode, type JsonNumber, type JsonObject, type JsonSelection } from "./json/parse";
import { constantValue, DATA_LOOKUP_VALUES, ROOT_CONFIGURATION_MODULE, type DataLookups, DIGESTED_USER_DATA_KINDS, linkReferences, isLookupKind, lookupGiven, type PendingPolicyDocument, type PendingPolicyDocuments, type PlannedInstance, PROVIDER_CONFIGURATIONS, type PlannedModule, type PlannedOutputs, relevantAttributes, type RelevantAttributes } from "./plan-references";

/** True for the plain value of a plan: it has the sections only `terraform show -json` of a plan writes. */
export function isPlanJson(plain: unknown): plain is Record<string, unknown> {
  return isRecord(plain) && hasPlanSections((key) => Object.hasOwn(plain, key));
}

/** The same test on a file's text, before parsing it: tells a plan from Terraform JSON configuration cheaply. */
export function looksLikePlan(text: string): boolean {
  return hasPlanSections((key) => new RegExp(`"${key}"\\s*:`).test(text));
}

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
  previous_address: true,
  change: { actions: true, after: true, after_unknown: true, after_sensitive: true, generated_config: true },
};

/** What is kept of a resource of prior_state: enough to tell a data source that says what an AMI is, with what rules read of it. */
const PRIOR_RESOURCE: JsonMemberSelection = { address: true, mode: true, type: true, values: DATA_LOOKUP_VALUES };

export interface PlanRead {
  resources: Resource[];
  diagnostics: Diagnostic[];
  /**
   * The managed resources and module calls of the root module its configuration section lists, as addresses
   * (`aws_s3_bucket.logs`, `module.db`): what tells which code it was made from. Undefined without that section.
   */
  rootModuleAddresses?: string[];
  /** The modules of the configuration with instances in the plan, for what only their code tells. Undefined without that section. */
  plannedModules?: PlannedModule[];
  /** The outputs of each module of the configuration, for whether their code is what the plan read. Undefined without that section. */
  plannedOutputs?: PlannedOutputs;
  /** The value the plan was made with of each root variable it lists (sensitive ones too: never to be reported). */
  rootVariables?: ReadonlyMap<string, Value>;
  /**
   * What the plan lists as relevant to its changes: what tells what the code's locals read when it was made.
   * Undefined for a plan of Terraform before 1.2, which does not list them.
   */
  relevantAttributes?: RelevantAttributes;
}

/**
 * Throws HclSyntaxError for malformed JSON; anything else wrong with the plan is a diagnostic.
 *
 * A plan's tree would take ten times the memory of its text, so only what is read is kept: each resource_changes
 * entry becomes an instance as soon as it is parsed (a policy document read at apply, the document it makes), and
 * its tree goes; of the configuration, the references, constant user data and constant write-only arguments, and the
 * attributes relevant to the changes (see `RelevantAttributes`); of
 * prior_state, the AMIs `aws_ami` data sources found while planning. The rest, most of a plan (values before the change, the rest of prior_state, planned_values, which
 * repeat the after values, the configuration's other constants), is parsed, so a malformed plan is still an error,
 * but not kept.
 */
export function resourcesFromPlan(source: string, fileName: string): PlanRead {
  const reader = new PlanReader(fileName);
  let read: PlannedInstance[] = [];
  let goneRead = 0;
  let documentsRead: PendingPolicyDocuments = new Map();
  let lookupsRead = new Map<string, Record<string, unknown>>();
  // The last resource_changes wins, as in JSON.parse, with the warnings about its entries.
  let changes:
    | { node: JsonNode; instances: PlannedInstance[]; gone: number; policyDocuments: PendingPolicyDocuments; lookups: DataLookups; diagnostics: Diagnostic[] }
    | undefined;
  const entry = new JsonVisitor(CHANGE_ENTRY, (node) => {
    const instance = reader.fromChange(node);
    if (instance === "gone") goneRead++;
    else if (instance !== undefined) read.push(instance);
    else reader.readPendingData(node, documentsRead, lookupsRead);
  });
  // AMI lookups by the ID each found, data lookups by address, and how many managed resources there were; like resource_changes, the last prior_state wins.
  let foundAmis = new Map<string, Record<string, unknown>>();
  let amiLookups: ReadonlyMap<string, Record<string, unknown>> = new Map();
  let foundLookups = new Map<string, Record<string, unknown>>();
  let priorLookups: DataLookups = new Map();
  let [priorManagedFound, priorManaged] = [0, 0];
  const priorResource = new JsonVisitor(PRIOR_RESOURCE, (node) => {
    if (node.kind === "object" && stringMember(node, "mode") === "managed") priorManagedFound++;
    addPriorLookup(node, foundLookups, foundAmis);
  });
  const priorModule: Record<string, JsonSelection> = { resources: { "*": priorResource } };
  priorModule.child_modules = { "*": priorModule };
  // The root module's variables' values, some perhaps secret: compared, never reported. Strings in NFC, as the
  // evaluator's are; a number a double does not hold as written (NaN) equals none.
  let rootVariables = new Map<string, Value>();
  const exact = (number: JsonNumber) => exactNumber(source.slice(number.startOffset, number.endOffset), () => NaN);
  const rootVariablesSection = new JsonVisitor({ "*": { value: true } }, (node) => {
    rootVariables = new Map();
    for (const { key, value } of node.kind === "object" ? node.members : []) {
      const planned = value.kind === "object" ? memberValue(value, "value") : undefined;
      if (planned !== undefined) rootVariables.set(key.value, nfcDeep(toPlainValue(planned, exact) as Value));
    }
  });
  const root = parseJsonWithPositions(source, fileName, {
    format_version: true,
    errored: true,
    complete: true,
    // Its entries kept empty: enough to tell that Terraform deferred some.
    deferred_changes: { "*": {} },
    // Kept empty: enough to tell a plan by its sections.
    planned_values: {},
    resource_changes: new JsonVisitor({ "*": entry }, (node) => {
      changes = { node, instances: read, gone: goneRead, policyDocuments: documentsRead, lookups: lookupsRead, diagnostics: reader.diagnostics.splice(0) };
      [read, goneRead, documentsRead, lookupsRead] = [[], 0, new Map(), new Map()];
    }),
    prior_state: new JsonVisitor({ values: { root_module: priorModule } }, () => {
      [amiLookups, priorLookups, priorManaged] = [foundAmis, foundLookups, priorManagedFound];
      [foundAmis, foundLookups, priorManagedFound] = [new Map(), new Map(), 0];
    }),
    configuration: { root_module: ROOT_CONFIGURATION_MODULE, provider_config: PROVIDER_CONFIGURATIONS },
    relevant_attributes: { "*": { resource: true, attribute: true } },
    variables: rootVariablesSection,
  });
  if (root.kind !== "object" || !hasPlanSections((key) => (key === "resource_changes" ? changes !== undefined : memberValue(root, key) !== undefined))) {
    reader.report("error", root, "this JSON is not a `terraform show -json` plan: it has no format_version with planned_values or resource_changes");
    return { resources: [], diagnostics: reader.diagnostics };
  }
  const version = memberValue(root, "format_version")!;
  if (version.kind !== "string" || !isReadableFormat(version.value)) {
    // Format 0.1 (Terraform 0.12 to 0.15) may leave sensitive values unmarked: read, they could be printed.
    const older = version.kind === "string" && version.value.startsWith("0.");
    const hint = older ? ": it was written by Terraform before 1.0, whose plans may not mark sensitive values; write it again with `terraform show -json` of Terraform 1.0 or later" : "";
    reader.report("error", version, `the plan's format_version is not 1.x or 0.2, the versions this reads; not checked${hint}`);
    return { resources: [], diagnostics: reader.diagnostics };
  }
  const errored = memberValue(root, "errored");
  const complete = memberValue(root, "complete");
  // Terraform saves the plan of a failed `terraform plan` too (1.5+). It marks a plan incomplete when it made it for
  // -target, or deferred changes (1.8+, which then lists them; an experiment, where -target is everyday use).
  if (errored?.kind === "boolean" && errored.value) {
    reader.report("error", errored, "this plan is from a `terraform plan` that failed: resources Terraform did not get to are missing, so the check is incomplete");
  } else if (complete?.kind === "boolean" && !complete.value) {
    const deferred = memberValue(root, "deferred_changes");
    const why =
      deferred?.kind === "array" && deferred.elements.length > 0
        ? "Terraform deferred some changes to a later plan, so resources it did not plan are not checked"
        : "it plans only some resources (`terraform plan -target`), so the others are not checked";
    reader.report("warning", complete, `this plan is incomplete: ${why}`);
  }
  let instances: PlannedInstance[];
  if (changes === undefined) {
    // Plans without resource_changes are rare (Terraform writes it whenever there are resources) and read twice.
    const withPlannedValues = parseJsonWithPositions(source, fileName, { planned_values: { root_module: PLANNED_MODULE } }) as JsonObject;
    instances = reader.fromPlannedValues(memberValue(withPlannedValues, "planned_values")!);
    // Only a plan cut down by hand lacks it; what such a plan leaves out may be a value not known until apply.
    if (instances.length > 0) {
      reader.report(
        "warning",
        memberValue(root, "planned_values")!,
        "this plan has no resource_changes, which marks the values not known until apply; planned_values leaves them out, so they read as unset and a check may pass that should not: check the plan as `terraform show -json` writes it",
      );
    } else if (priorManaged > 0) {
      // `terraform plan -refresh-only` (drift detection) plans no change: it has the state, and nothing planned.
      reader.report("warning", memberValue(root, "planned_values")!, "this is a refresh-only plan (`terraform plan -refresh-only`): it plans no change, so no resource is checked; check a plan made without -refresh-only");
    }
  } else if (changes.node.kind !== "array") {
    reader.report("error", changes.node, "the plan's resource_changes is not a list; no resource is checked");
    instances = [];
  } else {
    reader.diagnostics.push(...changes.diagnostics);
    instances = changes.instances;
    // Right that nothing is checked, since nothing is left, but a run that checks no resource says why.
    if (instances.length === 0 && changes.gone > 0) {
      reader.report("notice", changes.node, "this plan leaves no resource in place (each is destroyed or forgotten, as in `terraform plan -destroy`): no resource is checked");
    }
  }
  if (amiLookups.size > 0) for (const instance of instances) readAmiLookup(instance.resource, amiLookups);
  const configuration = memberValue(root, "configuration");
  const configurationRead = configuration === undefined ? undefined : linkReferences(instances, configuration, changes?.policyDocuments ?? new Map(), new Map([...priorLookups, ...(changes?.lookups ?? [])]), rootVariables);
  // Terraform writes the section from 1.2 on (format 1.1), and leaves it out where it lists nothing.
  const relevant = version.value === "0.2" || version.value === "1.0" ? undefined : relevantAttributes(memberValue(root, "relevant_attributes"));
  const providers = configuration?.kind === "object" ? reader.providerConfigurations(configuration, rootVariables) : [];
  return { resources: [...instances.map((instance) => instance.resource), ...providers], diagnostics: reader.diagnostics, rootVariables, relevantAttributes: relevant, ...configurationRead };
}

/**
 * Of a resource of prior_state, a data source read while planning that says what an AMI is: what it was given and
 * found, by its address, and for an `aws_ami` lookup also by the ID of the AMI it found.
 */
function addPriorLookup(entry: JsonNode, byAddress: Map<string, Record<string, unknown>>, byAmi: Map<string, Record<string, unknown>>): void {
  if (entry.kind !== "object" || stringMember(entry, "mode") !== "data") return;
  const type = stringMember(entry, "type");
  const address = stringMember(entry, "address");
  const values = memberValue(entry, "values");
  const given = type === undefined || values === undefined ? undefined : lookupGiven(type, toPlainValue(values));
  if (given === undefined) return;
  if (address !== undefined) byAddress.set(address, given);
  if (type === "aws_ami" && typeof given.id === "string") byAmi.set(given.id, given);
}

/**
 * An instance's or launch template's AMI that a lookup found while planning is read from it, as a configuration's
 * `ami = data.aws_ami.app.id` is: the plan knows the ID, the lookup what the AMI is. Matched by ID, whichever way the
 * value came (a variable, a local, a module's output), since an ID names one AMI.
 */
function readAmiLookup(resource: Resource, amiLookups: ReadonlyMap<string, Record<string, unknown>>): void {
  if (!Object.hasOwn(AMI_ARGUMENT, resource.kind)) return;
  const argument = AMI_ARGUMENT[resource.kind];
  const ami = resource.props[argument];
  const found = typeof ami === "string" ? amiLookups.get(ami) : undefined;
  if (found !== undefined) (resource.attributeReads ??= {})[argument] = { kind: "aws_ami", attribute: "id", dataSource: true, arguments: found };
}

/** 1.x (Terraform 1.1 on), and 0.2, which Terraform 1.0 writes: the sections read here, sensitive values marked. */
function isReadableFormat(version: string): boolean {
  return version.startsWith("1.") || version === "0.2";
}

function hasPlanSections(has: (key: string) => boolean): boolean {
  return has("format_version") && (has("planned_values") || has("resource_changes"));
}

function joinPath(path: PropertyPath, key: string | number): PropertyPath {
  return path === "" ? String(key) : `${path}.${key}`;
}

/**
 * Whether a change's `after` is planned from no prior object: its actions include a create, as a create's do and a
 * replacement's (`delete` and `create` in either order, or `create` and `forget` where Terraform 1.16's
 * `lifecycle { destroy = false }` keeps the old object), which Terraform plans again from a null prior since the new
 * object keeps nothing of the old one. No other action creates an object.
 */
function isPlannedAnew(actions: readonly string[]): boolean {
  return actions.includes("create");
}

const NOTHING_UNKNOWN: Readonly<Record<string, unknown>> = Object.freeze({});

const SHA1_HEX = /^[0-9a-f]{40}$/;
/** The digest of empty user data, which EC2 reports for an instance without any. */
const EMPTY_SHA1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";

/**
 * An `aws_iam_policy_document` Terraform reads at apply, by its values: the document its statements make, which the
 * provider builds its `json` from, unknown where they are. A document read while planning is in prior_state instead,
 * with its `json` known, and so is every argument that reads it.
 */
function pendingPolicyDocument(values: Record<string, Value>, sensitive: JsonNode | undefined): PendingPolicyDocument | undefined {
  if (values.json !== UNKNOWN) return undefined;
  const marks = sensitive === undefined ? false : toPlainValue(sensitive);
  const sensitivePaths: PropertyPath[] = [];
  collectMarkedPaths(marks, "", sensitivePaths);
  return { document: toModelValue(policyDocumentJson(values)), sensitive: marks === true || sensitivePaths.length > 0 };
}

class PlanReader {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly fileName: string) {}

  report(severity: Diagnostic["severity"], at: Node, message: string): void {
    this.diagnostics.push({ severity, code: "input", message, file: this.fileName, line: at.start.line, column: at.start.column });
  }

  /**
   * A resource_changes entry: the instance a create, update or no-op leaves; "gone" for a managed resource's delete
   * or forget, which leaves no object (its after is null); nothing for a data source.
   */
  fromChange(entry: JsonNode): PlannedInstance | "gone" | undefined {
    if (entry.kind !== "object" || stringMember(entry, "mode") !== "managed") return undefined;
    const change = memberValue(entry, "change");
    const after = change?.kind === "object" ? memberValue(change, "after") : undefined;
    if (change?.kind !== "object" || after?.kind !== "object") return "gone";
    const unknown = memberValue(change, "after_unknown");
    const sensitive = memberValue(change, "after_sensitive");
    const instance = this.instance(entry, stringMember(entry, "module_address") ?? "", after, unknown, sensitive);
    if (instance !== undefined && isPlannedAnew(stringElements(memberValue(change, "actions")))) instance.created = true;
    const generated = stringMember(change, "generated_config");
    if (instance !== undefined && generated !== undefined) this.readGeneratedConfiguration(instance, generated);
    // Set where this plan moves the object (a moved block, or count added or removed): its address in the prior state.
    const previous = stringMember(entry, "previous_address");
    if (instance !== undefined && previous !== undefined && previous !== instance.resource.address) instance.resource.movedFrom = [previous];
    return instance;
  }

  /**
   * Of a resource_changes entry, a data source read at apply (action `read`, as one whose arguments read what the
   * plan creates is) whose values, unknown where the plan says, tell what rules read: an `aws_iam_policy_document`
   * (see `pendingPolicyDocument`), or a data source that says what an AMI is, with what it is given. Its values are
   * read once, and only for those kinds.
   */
  readPendingData(entry: JsonNode, documents: PendingPolicyDocuments, lookups: Map<string, Record<string, unknown>>): void {
    if (entry.kind !== "object" || stringMember(entry, "mode") !== "data") return;
    const [type, address] = [stringMember(entry, "type"), stringMember(entry, "address")];
    const isDocument = type === "aws_iam_policy_document";
    if (type === undefined || address === undefined || !(isDocument || isLookupKind(type))) return;
    const change = memberValue(entry, "change");
    const after = change?.kind === "object" ? memberValue(change, "after") : undefined;
    if (change?.kind !== "object" || after?.kind !== "object") return;
    const unknown = memberValue(change, "after_unknown");
    // Plain JSON with UNKNOWN where the plan says: values as the evaluation has them.
    const values = this.value(after, unknown === undefined ? undefined : toPlainValue(unknown)) as Record<string, Value>;
    if (isDocument) {
      const document = pendingPolicyDocument(values, memberValue(change, "after_sensitive"));
      if (document !== undefined) documents.set(address, document);
    } else {
      const given = lookupGiven(type, values);
      if (given !== undefined) lookups.set(address, given);
    }
  }

  /**
   * An import planned with `-generate-config-out`: Terraform planned it with the resource block it generated, which
   * the configuration section, read before, lacks, and which the plan records as text. The block is of the
   * configuration the plan was made from (see `PlannedInstance.generatedConfiguration`), and its `lifecycle` is read
   * from it as from code: Terraform generates none, so nothing protects the object or ignores its changes.
   */
  private readGeneratedConfiguration(instance: PlannedInstance, text: string): void {
    instance.generatedConfiguration = true;
    let block: Block | undefined;
    try {
      block = parseHcl(text, this.fileName).body.blocks.find((written) => written.type === "resource");
    } catch (error) {
      if (!(error instanceof HclSyntaxError)) throw error;
    }
    // Text Terraform did not write stays as a plan has it: lifecycle not known.
    if (block !== undefined) instance.resource.options = lifecycleOptions(block, preventDestroySetting(block)?.value);
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
    // A digest is not the script; linkReferences puts back the one the configuration writes as a constant.
    if (DIGESTED_USER_DATA_KINDS.has(type) && typeof props.user_data === "string" && SHA1_HEX.test(props.user_data)) {
      props.user_data = props.user_data === EMPTY_SHA1 ? "" : UNKNOWN;
    }
    const secretPaths: PropertyPath[] = [];
    if (sensitive !== undefined) collectMarkedPaths(toPlainValue(sensitive), "", secretPaths);
    const resource: Resource = {
      kind: canonicalKind(type),
      address,
      name: name + instanceKey,
      engine: "terraform",
      props,
      // The plan's configuration section does not carry lifecycle settings: whether prevent_destroy is on, and which
      // changes are ignored, is unknown, unless the code the plan was made from is read with it.
      options: { preventDestroy: UNKNOWN, ignoreChanges: UNKNOWN },
      location: this.location(entry),
      secretPaths,
      propertyLocations,
    };
    // AWS provider 6 plans the region of every regional resource; older ones leave it to the provider configuration.
    const placement = placementByOwnRegion(props, undefined);
    if (placement !== undefined) resource.placement = placement;
    return { resource, moduleAddress, key: `${type}.${name}`, instanceKey };
  }

  /**
   * The provider configurations of the configuration section, as resources of their own kind addressed as the
   * evaluation of the code addresses them (`provider.aws.west`, `module.legacy.provider.aws`), for rules to judge what
   * is typed into them: each constant as written (nested blocks' too), and where an argument reads a root variable
   * alone, the variable's value when it is the default the code writes; any other value, handed in at run or worked
   * out, is unknown. A proxy or implied configuration, which sets nothing, lists no expressions and is none. Located
   * at their entries and arguments in the plan.
   */
  providerConfigurations(configuration: JsonObject, rootVariables: ReadonlyMap<string, Value>): Resource[] {
    const providers = memberValue(configuration, "provider_config");
    const root = memberValue(configuration, "root_module");
    const variables = root?.kind === "object" ? memberValue(root, "variables") : undefined;
    const resources: Resource[] = [];
    for (const { key, value: entry } of providers?.kind === "object" ? providers.members : []) {
      const expressions = entry.kind === "object" ? memberValue(entry, "expressions") : undefined;
      if (expressions?.kind !== "object" || expressions.members.length === 0) continue;
      // `aws.west`, or `module.legacy:aws.west` for one a module declares.
      const separator = key.value.lastIndexOf(":");
      const [moduleAddress, name] = separator < 0 ? ["", key.value] : [key.value.slice(0, separator), key.value.slice(separator + 1)];
      const propertyLocations: Record<PropertyPath, SourceLocation> = {};
      const secretPaths: PropertyPath[] = [];
      const written = (expression: JsonNode, path: PropertyPath): unknown => {
        propertyLocations[path] = this.location(expression);
        // Nested blocks: a list of them, each of its own arguments.
        if (expression.kind === "array") return expression.elements.map((block, index) => (block.kind === "object" ? this.writtenBlock(block, joinPath(path, index), written) : UNKNOWN));
        if (expression.kind !== "object") return UNKNOWN;
        const constant = constantValue(expression);
        if (constant !== undefined) return toPlainValue(constant);
        const variable = moduleAddress === "" ? readsRootVariableAlone(expression) : undefined;
        const declared = variable === undefined || variables?.kind !== "object" ? undefined : memberValue(variables, variable);
        const fallback = declared?.kind === "object" ? memberValue(declared, "default") : undefined;
        const given = variable === undefined ? undefined : rootVariables.get(variable);
        if (fallback === undefined || given === undefined || valuesEqual(nfcDeep(toPlainValue(fallback) as Value), given) !== true) return UNKNOWN;
        const sensitive = memberValue(declared as JsonObject, "sensitive");
        if (sensitive?.kind === "boolean" && sensitive.value) secretPaths.push(path);
        return given;
      };
      resources.push({
        kind: PROVIDER_CONFIGURATION,
        address: `${moduleAddress === "" ? "" : moduleAddress + "."}provider.${name}`,
        name,
        engine: "terraform",
        props: this.writtenBlock(expressions, "", written),
        options: {},
        location: this.location(entry),
        secretPaths,
        propertyLocations,
      });
    }
    return resources;
  }

  /** A block's arguments as `written` reads each. */
  private writtenBlock(block: JsonObject, path: PropertyPath, written: (expression: JsonNode, path: PropertyPath) => unknown): Record<string, unknown> {
    const props: Record<string, unknown> = {};
    for (const { key, value } of block.members) setOwnProperty(props, key.value, written(value, joinPath(path, key.value)));
    return props;
  }

  /**
   * A value of `after` with UNKNOWN wherever `after_unknown` (the same shape, `true` at each unknown) says so,
   * including attributes `after` leaves out because they are unknown.
   */
  private value(node: JsonNode, unknown: unknown, path: PropertyPath = "", locations?: Record<PropertyPath, SourceLocation>): unknown {
    if (locations !== undefined && path !== "") locations[path] = this.location(node);
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

/**
 * The root variable an expression reads, where it reads one and nothing else (`var.secret_key`): Terraform lists the
 * variable alone among its references. What it does with it (`lower(var.x)`) a plan does not record.
 */
function readsRootVariableAlone(expression: JsonObject): string | undefined {
  const references = stringElements(memberValue(expression, "references"));
  return references?.length === 1 && /^var\.[A-Za-z_][\w-]*$/.test(references[0]) ? references[0].slice("var.".length) : undefined;
}

/** The paths at which a plan's marker structure (`after_sensitive`, `sensitive_values`) holds `true`. */
function collectMarkedPaths(marks: unknown, path: PropertyPath, into: PropertyPath[]): void {
  if (marks === true && path !== "") into.push(path);
  else if (Array.isArray(marks)) marks.forEach((mark, index) => collectMarkedPaths(mark, joinPath(path, index), into));
  else if (isRecord(marks)) for (const [key, mark] of Object.entries(marks)) collectMarkedPaths(mark, joinPath(path, key), into);
}
