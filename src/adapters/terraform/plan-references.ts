/**
 * What a plan's instances were worked out from, traced through the plan's configuration section: each instance's
 * dependencies, per top-level argument or block the instances that argument refers to (`Resource.references`),
 * which arguments are set (`Resource.configuredProperties`), which of them are worked out rather than written
 * (`Resource.derivedProperties`), and what a created instance holds unknown only for being unset
 * (`Resource.unwrittenUnknowns`); the modules of the configuration with their instances (`PlannedModule`), which
 * the code beside the plan may tell more of; the user data a plan holds only as a digest, where the configuration
 * writes it; what write-only arguments, which a plan holds null, are given; and the policy document an argument set
 * to a document's text reads, where the plan reads it at apply.
 *
 * References are followed as Terraform evaluates them: to resources of the same module instance, through data
 * sources, through a module call's arguments (`var.x` in a child module) and a child module's outputs
 * (`module.db.endpoint`). A plan has no locals: an argument that reads one is UNTRACED, and an instance with such an
 * argument has no dependency list, since the resources it depends on are not all known.
 */
import { getOrAdd } from "../../collections";
import { accountPlacement, ALWAYS_SET_ATTRIBUTE, AWS_CREDENTIAL_ARGUMENTS, isRecord, isUnknown, addressesReached, placementByOwnRegion, ReachedAddresses, regionPlacement, type Addresses, UNKNOWN, UNKNOWN_PRESENT, UNTRACED, type AttributeRead, type Placement, type Resource } from "../../model/resource";
import { AMI_ARGUMENT } from "../../rules/user-data";
import { WRITE_ONLY_CREDENTIALS } from "../../rules/credential-arguments";
import { memberValue, setOwnProperty, stringElements, stringMember, toPlainValue, type JsonMemberSelection, type JsonNode, type JsonObject, type JsonSelection } from "./json/parse";
import { canonicalKind } from "./kinds";
import { readsCredential } from "./credential-names";
import { commonValue } from "./common-value";
import { writtenReferences, type RecordedReferences, type ReferredNames } from "./referred-names";

/**
 * Expressions of the configuration: their references, at any depth, and whether they are constants, not their
 * constant values (an object or list kept empty).
 */
const EXPRESSIONS: Record<string, JsonSelection> = { constant_value: {} };
EXPRESSIONS["*"] = EXPRESSIONS;

const EXPANDED: JsonMemberSelection = { expressions: EXPRESSIONS, count_expression: EXPRESSIONS, for_each_expression: EXPRESSIONS, depends_on: true };

/** With its constant value kept. */
const CONSTANT: Record<string, JsonSelection> = { ...EXPRESSIONS, constant_value: true };

/**
 * What rules read of the data sources that say what an AMI is (see the rules' `amiSource`): what an `aws_ami` lookup
 * is given and, once read, the AMI it found; the name of an `aws_ssm_parameter`, never its value, which may be secret.
 */
const DATA_LOOKUP_MEMBERS: Readonly<Record<string, readonly string[]>> = {
  aws_ami: ["owners", "filter", "name_regex", "most_recent", "id", "imds_support", "root_device_name"],
  aws_ssm_parameter: ["name"],
};

/** Those members, wherever a data source's values are selected. */
export const DATA_LOOKUP_VALUES: Record<string, JsonSelection> = Object.fromEntries(Object.values(DATA_LOOKUP_MEMBERS).flat().map((member) => [member, true]));

/** Data sources of those kinds as a plan reads them, by address (`module.app.data.aws_ami.al2023`): what `lookupGiven` keeps of their values. */
export type DataLookups = ReadonlyMap<string, Record<string, unknown>>;

/** Whether a data source of `type` is one of those kinds. */
export function isLookupKind(type: string): boolean {
  return Object.hasOwn(DATA_LOOKUP_MEMBERS, type);
}

/** Of the values of a data source of those kinds, as a plan or its configuration has them, what rules read; undefined for other kinds. */
export function lookupGiven(type: string, values: unknown): Record<string, unknown> | undefined {
  if (!isLookupKind(type) || !isRecord(values)) return undefined;
  const given: Record<string, unknown> = {};
  for (const member of DATA_LOOKUP_MEMBERS[type]) if (Object.hasOwn(values, member)) given[member] = values[member];
  return given;
}

/** Nested blocks each of whose arguments keeps its constant value. */
const BLOCKS_OF_CONSTANTS: Record<string, JsonSelection> = { "*": { "*": CONSTANT } };

/**
 * A resource's expressions: also the constant user data, which a plan may hold only as a digest (`writtenUserData`),
 * constant write-only arguments (`writeOnlyArguments`), and the constant arguments of AMI lookups (`readAmiDataSource`).
 */
const RESOURCE_EXPRESSIONS: Record<string, JsonSelection> = {
  ...EXPRESSIONS,
  user_data: CONSTANT,
  ...Object.fromEntries(WRITE_ONLY_CREDENTIALS.map((name) => [name, CONSTANT])),
  // What a data source that says what an AMI is writes, for a plan that lists no read of it (`readAmiDataSource`).
  ...Object.fromEntries(Object.keys(DATA_LOOKUP_VALUES).map((name) => [name, CONSTANT])),
  filter: BLOCKS_OF_CONSTANTS,
};

/** What is kept of a module of the configuration section. */
export const CONFIGURATION_MODULE: Record<string, JsonSelection> = {
  resources: { "*": { mode: true, type: true, name: true, provider_config_key: true, ...EXPANDED, expressions: RESOURCE_EXPRESSIONS } },
  outputs: { "*": { expression: EXPRESSIONS } },
  // Kept empty: only whether there is a default and whether it is null are read (`Tracer.fromConstantsAlone`,
  // `Tracer.fromNullAlone`); a variable without one lists none. Whether it is sensitive: `rootVariableRegion`.
  variables: { "*": { default: {}, sensitive: true } },
};
CONFIGURATION_MODULE.module_calls = { "*": { ...EXPANDED, source: true, module: CONFIGURATION_MODULE } };

/** The root module, its variables' defaults kept whole: a provider configuration's credential may be one (`providerConfigurations`). */
export const ROOT_CONFIGURATION_MODULE: Record<string, JsonSelection> = { ...CONFIGURATION_MODULE, variables: { "*": { default: true, sensitive: true } } };

/** An expression's constant value and references, and those of each of the nested blocks it may be. */
const WRITTEN: Record<string, JsonSelection> = { constant_value: true, references: true };
WRITTEN["*"] = WRITTEN;
/**
 * What is kept of the configuration's provider configurations: every argument as written, nested blocks' too, for
 * the settings that place their resources, the references of the region (`rootVariableRegion`) and the credentials
 * typed in (`providerConfigurations`); and the module of one a module declares.
 */
export const PROVIDER_CONFIGURATIONS: JsonSelection = { "*": { module_address: true, expressions: { "*": WRITTEN } } };

/** An instance key in an address: `[0]` or `["a"]` (quoted keys may hold escaped quotes and brackets). */
export const INSTANCE_KEY = String.raw`\[(?:"(?:[^"\\]|\\.)*"|\d+)\]`;

export interface PlannedInstance {
  resource: Resource;
  /** The module instance holding it: `module.db`, `module.app["eu"]`, "" for the root module. */
  moduleAddress: string;
  /** `aws_s3_bucket.logs`: the resource within its module, as the configuration names it. */
  key: string;
  /** `[0]`, `["a"]`, or "" for a resource without count or for_each. */
  instanceKey: string;
  /** A change that creates it, anew or as a replacement: its values are planned from no prior object, none read from the cloud. */
  created?: true;
  /**
   * An import whose resource block Terraform generated while planning (`-generate-config-out`) and wrote to a file
   * after: the configuration section lacks it, though the plan was made with it, and the code now holds it.
   */
  generatedConfiguration?: true;
}

/**
 * A module of the configuration with instances in the plan, for what only the module's code tells: which blocks a
 * created instance holds unknown (`Resource.unwrittenUnknowns`) are left out and which are `dynamic`, and the
 * `lifecycle` settings, which a plan does not record.
 */
export interface PlannedModule {
  /** Its calls from the root module, without instance keys: `module.net.module.db`; "" for the root module. */
  path: string;
  /** The sources of the module calls from the root module down to it, as written (`./modules/db`); [] for the root module; undefined where a call has none. */
  sources: string[] | undefined;
  /** The managed resources and module calls its configuration lists (see `moduleAddresses`): what tells which code it is. */
  addresses: string[];
  /** The instances, by `type.name`: one resource block's, however many its count or for_each makes, in every instance of the module. */
  instances: Map<string, PlannedInstance[]>;
  /** By `type.name`, what each argument its configuration lists refers to: what tells whether the code writes it so. */
  referred: Map<string, ReferredNames>;
  /**
   * Each module call from the root module down to it, by name, with what each argument it gives the module refers
   * to (as `referred`): what values the module was given; [] for the root module.
   */
  calls: { name: string; referred: ReferredNames }[];
}

/**
 * The attributes of resources a plan lists as relevant to its changes (`relevant_attributes`, Terraform 1.2 on),
 * which Terraform finds following each changed instance's references through locals, variables and outputs: by
 * resource without instance keys (`module.app.aws_sqs_queue.orders`), the first attribute of each read ("" where the
 * whole resource is read, as a splat does).
 */
export type RelevantAttributes = ReadonlyMap<string, ReadonlySet<string>>;

/** The resource of an address or reference, without instance keys, and the first attribute read of it, if any. */
function resourceAttribute(address: string): { resource: string; attribute: string | undefined } {
  const names = withoutInstanceKeys(address).split(".");
  let start = 0;
  while (names[start] === "module") start += 2;
  const end = start + (names[start] === "data" ? 3 : 2);
  return { resource: names.slice(0, end).join("."), attribute: names[end] };
}

/** A plan's `relevant_attributes`, as `RelevantAttributes`; none where it has no such section. */
export function relevantAttributes(section: JsonNode | undefined): RelevantAttributes {
  const relevant = new Map<string, Set<string>>();
  for (const entry of section?.kind === "array" ? section.elements : []) {
    const address = entry.kind === "object" ? stringMember(entry, "resource") : undefined;
    if (address === undefined) continue;
    const attribute = memberValue(entry as JsonObject, "attribute");
    const first = attribute?.kind === "array" ? attribute.elements[0] : undefined;
    getOrAdd(relevant, resourceAttribute(address).resource, () => new Set()).add(first?.kind === "string" ? first.value : "");
  }
  return relevant;
}

/**
 * Whether a plan lists what a reference reads (`module.app.aws_sqs_queue.orders.id`, of the module at
 * `module.app`) as relevant to its changes: its attribute, or the whole resource; any of it where the reference
 * names no attribute.
 */
export function isRelevant(reference: string, relevant: RelevantAttributes): boolean {
  const { resource, attribute } = resourceAttribute(reference);
  const read = relevant.get(resource);
  return read !== undefined && (attribute === undefined || read.has("") || read.has(attribute));
}

/** An `aws_iam_policy_document` data source a plan reads at apply, its `json` unknown. */
export interface PendingPolicyDocument {
  /** The document its statements make, as the evaluation builds it: JSON text, or the document with its unknown parts UNKNOWN. */
  document: unknown;
  /** Whether the plan marks any of its arguments sensitive, as the document then is. */
  sensitive: boolean;
}

/** By address: `module.app.data.aws_iam_policy_document.p`. */
export type PendingPolicyDocuments = Map<string, PendingPolicyDocument>;

/** What `linkReferences` tells of the configuration itself. */
export interface ConfigurationRead {
  /** As `moduleAddresses`, of the root module. */
  rootModuleAddresses: string[];
  plannedModules: PlannedModule[];
  plannedOutputs: PlannedOutputs;
}

/**
 * The outputs of each module of the configuration, by its calls from the root module without instance keys
 * (`module.net.module.db`; "" for the root module): the sources of those calls (as `PlannedModule.sources`) and, by
 * output, what its expression refers to (as `PlannedModule.referred`): what tells whether the code's outputs, which
 * other modules' arguments read, are what the plan read.
 */
export type PlannedOutputs = ReadonlyMap<string, ModuleOutputs>;

interface ModuleOutputs {
  sources: string[] | undefined;
  referred: ReferredNames;
}

interface ModuleConfiguration {
  /** Managed resources by `type.name`, data sources by `data.type.name`. */
  resources: Map<string, JsonObject>;
  outputs: Map<string, JsonObject>;
  variables: Map<string, JsonObject>;
  calls: Map<string, { call: JsonObject; module: ModuleConfiguration | undefined }>;
}

/** A module instance: its address and configuration. */
interface Scope {
  address: string;
  module: ModuleConfiguration;
}

/** Managed resource instances an expression was worked out from, or UNTRACED. */
type Traced = ReadonlySet<string> | typeof UNTRACED;

const NOTHING: ReadonlySet<string> = new Set();

const RESOURCE_REFERENCE = new RegExp(String.raw`^([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)(${INSTANCE_KEY})?`);
const DATA_REFERENCE = /^data\.([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)/;
/** A reference to a module call: the call, its instance key, and the output read, if any (`module.db["a"].endpoint`). */
export const MODULE_REFERENCE = new RegExp(String.raw`^module\.([A-Za-z_][\w-]*)(${INSTANCE_KEY})?(?:\.([A-Za-z_][\w-]*))?`);
const ANY_INSTANCE_KEY = new RegExp(INSTANCE_KEY, "g");

/** An address with its instance keys left out: `module.app.aws_sqs_queue.q` of `module.app["eu"].aws_sqs_queue.q[0]`. */
export function withoutInstanceKeys(address: string): string {
  return address.replace(ANY_INSTANCE_KEY, "");
}
/** The last module call of a module instance's address: `module.app["eu"]` of `module.net.module.app["eu"]`. */
const LAST_CALL = new RegExp(String.raw`(?:^|\.)module\.([A-Za-z_][\w-]*)(?:${INSTANCE_KEY})?$`);
/** What `each` and `count` in a resource or module call are worked out from: its for_each, its count. */
const EXPANSION_EXPRESSIONS: Readonly<Record<string, string>> = { each: "for_each_expression", count: "count_expression" };
/** What `each.value.<attribute>` reads an attribute of. */
const EACH_VALUE = "each.value";
/** Reference roots that never name a managed resource. */
const NO_RESOURCE = new Set(["path", "terraform", "self"]);

/**
 * Sets each instance's `dependencies` and `references` from the plan's configuration section, its digested user
 * data, the policy documents read at apply its arguments are set to, the AMI lookup its AMI is read from, the root
 * variables named like a credential it reads as they are, and, where its own region does not say, its
 * placement by its provider configuration.
 */
export function linkReferences(
  instances: readonly PlannedInstance[],
  configuration: JsonNode,
  policyDocuments: ReadonlyMap<string, PendingPolicyDocument>,
  dataLookups: DataLookups,
  rootVariables: ReadonlyMap<string, unknown>,
): ConfigurationRead | undefined {
  if (configuration.kind !== "object") return undefined;
  const root = readModule(memberValue(configuration, "root_module"));
  if (root === undefined) return undefined;
  const nullRootVariables = new Set([...rootVariables].flatMap(([name, value]) => (value === null ? [name] : [])));
  const tracer = new Tracer(instances, root, nullRootVariables);
  const plannedModules = new Map<ModuleConfiguration, PlannedModule>();
  const providers = memberValue(configuration, "provider_config");
  // A plan's instances share a few provider configurations: each is read once.
  const placements = new Map<string, Placement>();
  const placementOf = (key: string): Placement => getOrAdd(placements, key, () => providerPlacement(key, providers, root.variables, rootVariables));
  // Imports planned with the resource blocks Terraform generated, which the section lacks: of the configuration all the same.
  const generated = new Map<ModuleConfiguration, Set<string>>();
  for (const instance of instances) {
    const module = instance.generatedConfiguration ? tracer.scopeAt(instance.moduleAddress)?.module : undefined;
    if (module !== undefined) getOrAdd(generated, module, () => new Set()).add(instance.key);
  }
  const addressesOf = (module: ModuleConfiguration) => [...moduleAddresses(module), ...(generated.get(module) ?? [])];
  const direct = new Map<PlannedInstance, { properties: Map<string, Traced>; dependencies: ReadonlySet<string>; untraced: boolean }>();
  for (const instance of instances) {
    const scope = tracer.scopeAt(instance.moduleAddress);
    const configured = scope?.module.resources.get(instance.key);
    const providerKey = configured && stringMember(configured, "provider_config_key");
    if (providerKey !== undefined) instance.resource.placement = placementByOwnRegion(instance.resource.props, placementOf(providerKey));
    // Without its configuration a resource's dependencies are not known, which rules read differently from none.
    if (scope === undefined || configured === undefined) continue;
    const module = getOrAdd(plannedModules, scope.module, () => ({
      path: withoutInstanceKeys(scope.address),
      sources: tracer.sourcesOf(scope.address),
      addresses: addressesOf(scope.module),
      instances: new Map(),
      referred: new Map(),
      calls: tracer.callsTo(scope.address),
    }));
    getOrAdd(module.instances, instance.key, () => []).push(instance);
    const properties = new Map<string, Traced>();
    const expressions = memberValue(configured, "expressions");
    getOrAdd(module.referred, instance.key, () => plannedReferredNames(expressions));
    const userData = writtenUserData(instance.resource.kind, expressions);
    if (userData !== undefined) instance.resource.props.user_data = userData;
    writeOnlyArguments(instance.resource, expressions);
    readPendingPolicyDocuments(instance.resource, expressions, scope.address, policyDocuments);
    readAmiDataSource(instance.resource, expressions, scope, dataLookups);
    readArnLists(instance.resource, configured, scope, tracer);
    readIdentifierReferences(instance.resource, configured, scope, tracer);
    if (scope.address === "") readCredentialVariables(instance.resource, expressions, rootVariables);
    const derived: string[] = [];
    for (const { key, value } of expressions?.kind === "object" ? expressions.members : []) {
      // Null is unset: an argument a create holds unknown whose expression is worked out from null alone was null, the
      // provider's default left to apply, as if the section lacked it (`unwritten` below). Worked out from known
      // values alone, an expression is known at plan (`coalesce(var.x, 7)` is 7), unless it calls one of Terraform's
      // impure functions (uuid, timestamp, bcrypt), known only at apply: a plan keeps an expression's references, not
      // its calls, so `coalesce(var.x, uuid())` with x null is not told apart from `var.x`.
      if (instance.created && instance.resource.props[key.value] === UNKNOWN && tracer.fromNullAlone(value, scope)) continue;
      // What a `dynamic` block in a written block refers to is not in the plan.
      const traced = hasUnseenBlocks(instance.resource.props[key.value], value) ? UNTRACED : tracer.traceExpression(value, scope, configured, instance.instanceKey);
      properties.set(key.value, traced);
      if (!tracer.fromConstantsAlone(value, scope, configured)) derived.push(key.value);
    }
    if (derived.length > 0) instance.resource.derivedProperties = derived;
    const unseen = Object.keys(instance.resource.props).filter((property) => !properties.has(property) && hasUnseenBlocks(instance.resource.props[property], undefined));
    // A create plans a computed block the configuration leaves unset as unknown (the provider reads it back only on
    // apply): a known one is the configuration's own, a `dynamic` block.
    instance.resource.configuredProperties = [...properties.keys(), ...(instance.created ? unseen : [])];
    for (const property of unseen) properties.set(property, UNTRACED);
    if (unseen.length > 0 && !instance.created) instance.resource.unseenBlocks = unseen;
    if (instance.created) {
      // The section lists every argument written, and leaves out only `dynamic` blocks.
      const unwritten = Object.keys(instance.resource.props).filter((property) => instance.resource.props[property] === UNKNOWN && !properties.has(property));
      if (unwritten.length > 0) instance.resource.unwrittenUnknowns = unwritten;
    }
    const drawnOn = [...properties.values(), tracer.expansion(configured, scope), tracer.traceDependsOn(configured, scope)];
    const untraced = drawnOn.includes(UNTRACED);
    // The set the instances of a resource share (see `Tracer.union`), unless it holds the instance itself.
    const dependencies = tracer.union(drawnOn.filter((traced) => traced !== UNTRACED)) as ReadonlySet<string>;
    const { address } = instance.resource;
    direct.set(instance, { properties, dependencies: dependencies.has(address) ? new Set([...dependencies].filter((reached) => reached !== address)) : dependencies, untraced });
  }
  // What a referenced instance depends on counts too, as in the evaluation of a configuration: its attributes may
  // carry those values (`bucket = aws_s3_bucket_policy.this.id` is the bucket's name). Each instance reaches what it
  // refers to, then what each of those reaches, walked when asked. Instances that depend on the same set share
  // what they reach (`Tracer.union`): one list each would be quadratic in a count whose instances all refer to another's.
  const reachedBy = new Map<ReadonlySet<string>, { entries: (string | ReachedAddresses)[]; reached: ReachedAddresses }>();
  const reachedFrom = new Map<string, ReachedAddresses>();
  for (const [instance, { dependencies }] of direct) {
    const { reached } = getOrAdd(reachedBy, dependencies, () => {
      const entries: (string | ReachedAddresses)[] = [];
      return { entries, reached: new ReachedAddresses(entries) };
    });
    reachedFrom.set(instance.resource.address, reached);
  }
  const reachingEntries = new Map<ReadonlySet<string>, (string | ReachedAddresses)[]>();
  const reaching = (addresses: ReadonlySet<string>) =>
    getOrAdd(reachingEntries, addresses, () => {
      const entries: (string | ReachedAddresses)[] = [...addresses];
      for (const address of addresses) {
        const further = reachedFrom.get(address);
        if (further !== undefined) entries.push(further);
      }
      return entries;
    });
  for (const [dependencies, { entries }] of reachedBy) for (const entry of reaching(dependencies)) entries.push(entry);
  for (const [instance, { properties, untraced }] of direct) {
    const { address } = instance.resource;
    const references: Record<string, Addresses | typeof UNTRACED> = {};
    for (const [property, traced] of properties) {
      if (traced === UNTRACED) references[property] = UNTRACED;
      else if (traced.size > 0) references[property] = addressesReached(reaching(traced), address);
    }
    instance.resource.references = references;
    instance.resource.dependencies = untraced ? undefined : reachedFrom.get(address)!.without(address);
  }
  return { rootModuleAddresses: addressesOf(root), plannedModules: [...plannedModules.values()], plannedOutputs: outputsOf(root, "", tracer) };
}

/** The `PlannedOutputs` of the module at `path`, and of each module it calls. */
function outputsOf(module: ModuleConfiguration, path: string, tracer: Tracer, into = new Map<string, ModuleOutputs>()): PlannedOutputs {
  into.set(path, { sources: tracer.sourcesOf(path), referred: new Map([...module.outputs].map(([name, output]) => [name, recordedReferences(memberValue(output, "expression"))])) });
  for (const [name, { module: called }] of module.calls) if (called !== undefined) outputsOf(called, path === "" ? `module.${name}` : `${path}.module.${name}`, tracer, into);
  return into;
}

/** The managed resources and module calls a module of the configuration lists, as addresses: `aws_s3_bucket.logs`, `module.db`. */
function moduleAddresses(module: ModuleConfiguration): string[] {
  const managed = [...module.resources].flatMap(([key, resource]) => (stringMember(resource, "mode") === "managed" ? [key] : []));
  return [...managed, ...[...module.calls.keys()].map((name) => `module.${name}`)];
}

/**
 * Where a provider configuration, by its key in the plan (`aws`, `aws.east`; Terraform resolves one passed to a
 * module to the caller's), places resources: the region it is given as a constant, or in the root module as a root
 * variable (`rootVariableRegion`), else the configuration itself.
 */
function providerPlacement(
  key: string,
  providers: JsonNode | undefined,
  declaredRootVariables: ReadonlyMap<string, JsonObject>,
  rootVariables: ReadonlyMap<string, unknown>,
): Placement {
  const configuration = providers?.kind === "object" ? memberValue(providers, key) : undefined;
  const expressions = configuration?.kind === "object" ? memberValue(configuration, "expressions") : undefined;
  const setting = (within: JsonNode | undefined, name: string) => (within?.kind === "object" ? memberValue(within, name) : undefined);
  // A constant's value, UNKNOWN for any other expression, undefined where it is not set.
  const constant = (expression: JsonNode | undefined): unknown => {
    if (expression?.kind !== "object") return undefined;
    const value = constantValue(expression);
    return value === undefined ? UNKNOWN : toPlainValue(value);
  };
  const roles = (name: string) => {
    const blocks = setting(expressions, name);
    return (blocks?.kind === "array" ? blocks.elements : []).map((role) => constant(setting(role, "role_arn")));
  };
  const account = accountPlacement(key, {
    assumedRoles: roles("assume_role"),
    webIdentityRoles: roles("assume_role_with_web_identity"),
    otherSettings: AWS_CREDENTIAL_ARGUMENTS.map((name) => constant(setting(expressions, name))),
    allowedAccountIds: constant(setting(expressions, "allowed_account_ids")),
  });
  const region = setting(expressions, "region");
  const inRootModule = configuration?.kind === "object" && memberValue(configuration, "module_address") === undefined;
  const variableRegion = inRootModule ? rootVariableRegion(region, declaredRootVariables, rootVariables) : undefined;
  return { ...regionPlacement(key, variableRegion?.region ?? constant(region), variableRegion?.secret), ...account };
}

/** An AWS region's name: `eu-west-1`, `us-gov-west-1`, `us-isob-east-1`. */
const REGION_NAME = /^[a-z]{2}(?:-[a-z]+){1,2}-\d+$/;

/**
 * The region a root provider configuration's `region = var.x` gives, as the plan's `variables` record it, if any.
 * A plan keeps an expression's references, not how it uses them: an expression that references one root variable
 * alone is read as that variable where the value is a region's name (`"${var.prefix}-1"` references it too); as a
 * string, the value given is the value converted to the `string` or `any` a region is declared. A sensitive
 * variable's is `secret`: it places the resources all the same, and findings never print it.
 */
function rootVariableRegion(
  region: JsonNode | undefined,
  declaredRootVariables: ReadonlyMap<string, JsonObject>,
  rootVariables: ReadonlyMap<string, unknown>,
): { region: string; secret: boolean } | undefined {
  const references = region?.kind === "object" ? stringElements(memberValue(region, "references")) : [];
  // `var.regions.primary` names no declared variable: Terraform lists `var.regions` beside it.
  const name = references.length === 1 && references[0].startsWith("var.") ? references[0].slice("var.".length) : undefined;
  const declared = name === undefined ? undefined : declaredRootVariables.get(name);
  if (declared === undefined) return undefined;
  const sensitive = memberValue(declared, "sensitive");
  const value = rootVariables.get(name!);
  return typeof value === "string" && REGION_NAME.test(value) ? { region: value, secret: sensitive?.kind === "boolean" && sensitive.value } : undefined;
}

function readModule(module: JsonNode | undefined): ModuleConfiguration | undefined {
  if (module?.kind !== "object") return undefined;
  const configuration: ModuleConfiguration = { resources: new Map(), outputs: new Map(), variables: new Map(), calls: new Map() };
  const resources = memberValue(module, "resources");
  for (const entry of resources?.kind === "array" ? resources.elements : []) {
    if (entry.kind !== "object") continue;
    const [mode, type, name] = ["mode", "type", "name"].map((key) => stringMember(entry, key));
    if (type !== undefined && name !== undefined) configuration.resources.set(`${mode === "data" ? "data." : ""}${type}.${name}`, entry);
  }
  const outputs = memberValue(module, "outputs");
  for (const { key, value } of outputs?.kind === "object" ? outputs.members : []) if (value.kind === "object") configuration.outputs.set(key.value, value);
  const variables = memberValue(module, "variables");
  for (const { key, value } of variables?.kind === "object" ? variables.members : []) if (value.kind === "object") configuration.variables.set(key.value, value);
  const calls = memberValue(module, "module_calls");
  for (const { key, value } of calls?.kind === "object" ? calls.members : []) {
    if (value.kind === "object") configuration.calls.set(key.value, { call: value, module: readModule(memberValue(value, "module")) });
  }
  return configuration;
}

/** The managed resource a for_each iterates alone (see `Tracer.iteratedResource`): its kind, and each instance by key as the set a reference to it traces to. */
interface IteratedResource {
  kind: string;
  byKey: ReadonlyMap<string, ReadonlySet<string>>;
}

class Tracer {
  /** Instances by module instance address, then by `type.name`. */
  private readonly instances = new Map<string, Map<string, PlannedInstance[]>>();
  /** Module instances with resources in them, or in modules they call, by their parent and call: `<parent>\0<call>`. */
  private readonly children = new Map<string, Set<string>>();
  private readonly scopes = new Map<string, Scope | undefined>();
  private readonly traced = new Map<string, Traced>();
  /** References being traced, so a cycle (which Terraform refuses) ends. */
  private readonly active = new Set<string>();
  /** What `union` gave, by the sets it was given (by their numbers in `setIds`). */
  private readonly unions = new Map<string, ReadonlySet<string>>();
  private readonly setIds = new Map<ReadonlySet<string>, number>();
  /** `iterated`'s answers, by holder and then module instance address: every instance of the holder asks again. */
  private readonly iteratedAnswers = new Map<JsonObject, Map<string, IteratedResource | undefined>>();

  constructor(
    instances: readonly PlannedInstance[],
    private readonly root: ModuleConfiguration,
    /** The root module's variables the plan was made with null. */
    private readonly nullRootVariables: ReadonlySet<string>,
  ) {
    for (const instance of instances) {
      getOrAdd(getOrAdd(this.instances, instance.moduleAddress, () => new Map()), instance.key, () => []).push(instance);
      for (let address = instance.moduleAddress; address !== ""; ) {
        const parent = parentCall(address);
        // A module_address that is not one (a damaged plan) has no instance to trace into.
        if (parent === undefined) break;
        const key = `${parent.address}\0${parent.call}`;
        const known = getOrAdd(this.children, key, () => new Set());
        if (known.has(address)) break;
        known.add(address);
        address = parent.address;
      }
    }
  }

  /** The module instance at `address`, undefined where the configuration has no such module. */
  scopeAt(address: string): Scope | undefined {
    if (address === "") return { address, module: this.root };
    if (this.scopes.has(address)) return this.scopes.get(address);
    const parent = parentCall(address);
    const module = parent === undefined ? undefined : this.scopeAt(parent.address)?.module.calls.get(parent.call)?.module;
    const scope = module === undefined ? undefined : { address, module };
    this.scopes.set(address, scope);
    return scope;
  }

  /** The sources of the calls down to the module instance at `address` (see `PlannedModule.sources`). */
  sourcesOf(address: string): string[] | undefined {
    const parent = parentCall(address);
    if (parent === undefined) return [];
    const call = this.scopeAt(parent.address)?.module.calls.get(parent.call)?.call;
    const source = call && stringMember(call, "source");
    const above = this.sourcesOf(parent.address);
    return source === undefined || above === undefined ? undefined : [...above, source];
  }

  /** The calls down to the module instance at `address` (see `PlannedModule.calls`). */
  callsTo(address: string): PlannedModule["calls"] {
    const parent = parentCall(address);
    if (parent === undefined) return [];
    const call = this.scopeAt(parent.address)?.module.calls.get(parent.call)?.call;
    return [...this.callsTo(parent.address), { name: parent.call, referred: plannedReferredNames(call && memberValue(call, "expressions")) }];
  }

  /**
   * Every reference list in an expression (or a nested block's expressions) of `holder` (a resource or module call),
   * of its instance `instanceKey` where given (see `eachValueInstance`).
   */
  traceExpression(expression: JsonNode | undefined, scope: Scope, holder: JsonObject | undefined, instanceKey?: string): Traced {
    const lists: Traced[] = [];
    let untraced = false;
    const visit = (node: JsonNode): void => {
      if (untraced) return;
      if (node.kind === "array") {
        for (const element of node.elements) visit(element);
        return;
      }
      if (node.kind !== "object") return;
      for (const { key, value } of node.members) {
        // A constant's value is data, whatever its keys are called.
        if (key.value === "constant_value") continue;
        if (key.value !== "references" || value.kind !== "array") {
          visit(value);
          continue;
        }
        const traced = this.traceList(stringElements(value), scope, holder, instanceKey);
        if (traced === UNTRACED) untraced = true;
        lists.push(traced);
      }
    };
    if (expression !== undefined) visit(expression);
    return this.union(lists);
  }

  /**
   * Whether an expression of the module instance `scope` is worked out from null alone, as far as the plan tells:
   * the constant null, or references to variables alone (`var.x`, `try(var.x.y, null)`), each worked out so (see
   * `variableFromNullAlone`). Such an expression is null, or a constant (`coalesce(var.x, 7)`), or calls an impure function.
   */
  fromNullAlone(expression: JsonNode | undefined, scope: Scope): boolean {
    if (expression?.kind !== "object") return false;
    const constant = constantValue(expression);
    if (constant !== undefined) return constant.kind === "null";
    const references = longestReferences(stringElements(memberValue(expression, "references")));
    return references.length > 0 && references.every((reference) => reference.startsWith("var.") && this.variableFromNullAlone(variableName(reference), scope));
  }

  /**
   * Whether a variable of the module instance `scope` is worked out from null alone: a root variable planned null; a
   * module's whose call passes nothing and whose default is null, or passes an expression so worked out
   * (`fromNullAlone`) and whose default is null or absent (a variable declared `nullable = false` takes its default
   * for null, and a plan does not say which are).
   */
  private variableFromNullAlone(name: string, scope: Scope): boolean {
    if (parentCall(scope.address) === undefined) return this.nullRootVariables.has(name);
    const variable = scope.module.variables.get(name);
    if (variable === undefined) return false;
    const fallback = memberValue(variable, "default");
    const passed = this.passedArgument(name, scope);
    if (passed === undefined) return fallback?.kind === "null";
    return (fallback === undefined || fallback.kind === "null") && this.fromNullAlone(passed.expression, passed.caller);
  }

  /**
   * Whether an expression (or each of a nested block's expressions) of the module instance `scope` is worked out
   * from what the configuration writes alone, as far as the plan tells: a constant, or references alone (`var.x`,
   * `upper(var.x)`, `"${var.x}-b"`: a plan keeps the references, not the expression), each to a module's variable
   * given such an expression by its call, at any depth, or left to its default, or to `each` or `count` of `holder`
   * (the resource or module call the expression is written in) whose for_each or count is so worked out: an
   * instance's `each.value` is a part of its for_each's value. Terraform writes a constant_value only for what it
   * evaluates without variables or functions: a function call without references, such as
   * `file("secret.txt")`, has neither constant_value nor references (`{}`). A root variable's value may be handed in
   * at run (`-var`, `TF_VAR_`), which the plan does not tell apart from a tfvars file or its default.
   */
  fromConstantsAlone(node: JsonNode, scope: Scope, holder: JsonObject | undefined): boolean {
    if (node.kind === "array") return node.elements.every((element) => this.fromConstantsAlone(element, scope, holder));
    if (node.kind !== "object") return true;
    const constant = memberValue(node, "constant_value");
    if (constant !== undefined && !holdsTemplate(constant)) return true;
    if (node.members.length === 0) return false;
    const references = memberValue(node, "references");
    // A template of JSON syntax without references calls a function, as `{}` does.
    if (references === undefined) return constant === undefined && node.members.every(({ value }) => this.fromConstantsAlone(value, scope, holder));
    const read = longestReferences(stringElements(references));
    return read.length > 0 && read.every((reference) => this.referenceFromConstantsAlone(reference, scope, holder));
  }

  /** Whether one reference of an expression of `holder` is worked out from constants alone (see `fromConstantsAlone`). */
  private referenceFromConstantsAlone(reference: string, scope: Scope, holder: JsonObject | undefined): boolean {
    if (reference.startsWith("var.")) return this.variableFromConstantsAlone(variableName(reference), scope);
    const root = reference.split(".")[0];
    const expansion = holder !== undefined && Object.hasOwn(EXPANSION_EXPRESSIONS, root) ? memberValue(holder, EXPANSION_EXPRESSIONS[root]) : undefined;
    // A for_each or count cannot read `each` or `count` itself: no holder of its own.
    return expansion?.kind === "object" && this.fromConstantsAlone(expansion, scope, undefined);
  }

  /** Whether a module's variable is given an expression worked out from constants alone (`fromConstantsAlone`), or is left to its default, a constant. */
  private variableFromConstantsAlone(name: string, scope: Scope): boolean {
    if (parentCall(scope.address) === undefined) return false;
    const passed = this.passedArgument(name, scope);
    if (passed !== undefined) return this.fromConstantsAlone(passed.expression, passed.caller, passed.call);
    const variable = scope.module.variables.get(name);
    return variable !== undefined && memberValue(variable, "default") !== undefined;
  }

  /** A resource's `depends_on`: a list of references, not an expression. */
  traceDependsOn(holder: JsonObject, scope: Scope): Traced {
    return this.traceList(stringElements(memberValue(holder, "depends_on")), scope, undefined);
  }

  /** One expression's references. */
  private traceList(references: readonly string[], scope: Scope, holder: JsonObject | undefined, instanceKey?: string): Traced {
    const all: Traced[] = [];
    for (const reference of longestReferences(references)) {
      const traced = this.trace(reference, scope, holder, instanceKey);
      if (traced === UNTRACED) return UNTRACED;
      all.push(traced);
    }
    return this.union(all);
  }

  /**
   * The addresses all of `traced` reach, in the order first reached, UNTRACED if any is. Shared, never copied: one
   * set reached alone is that set, and the same sets reached again give the same set, so each of a thousand instances
   * referring to `aws_security_group.sg[count.index]` (traced to every instance: a plan lists no index) holds the
   * one set of them all, not a copy each, quadratic in the count.
   */
  union(all: readonly Traced[]): Traced {
    if (all.includes(UNTRACED)) return UNTRACED;
    const reaching = (all as readonly ReadonlySet<string>[]).filter((traced) => traced.size > 0);
    if (reaching.length === 0) return NOTHING;
    if (reaching.length === 1) return reaching[0];
    // Each instance's `each.value` is its own one, beside the for_each's every instance: the whole holds the part.
    const largest = reaching.reduce((most, traced) => (traced.size > most.size ? traced : most));
    if (reaching.every((traced) => traced === largest || [...traced].every((address) => largest.has(address)))) return largest;
    const key = reaching.map((traced) => getOrAdd(this.setIds, traced, () => this.setIds.size)).join(",");
    return getOrAdd(this.unions, key, () => new Set(reaching.flatMap((traced) => [...traced])));
  }

  private trace(reference: string, scope: Scope, holder: JsonObject | undefined, instanceKey: string | undefined): Traced {
    const dot = reference.indexOf(".");
    const root = dot === -1 ? reference : reference.slice(0, dot);
    // `each` and `count` mean the holder's own expansion; `each.value` in an instance, where that is a resource's
    // instances, the one of the same key.
    if (root === "each" || root === "count") return holder === undefined ? NOTHING : (this.eachValueInstance(reference, scope, holder, instanceKey) ?? this.expansion(holder, scope));
    if (NO_RESOURCE.has(root)) return NOTHING;
    const key = `${scope.address}\0${reference}`;
    const known = this.traced.get(key);
    if (known !== undefined) return known;
    if (this.active.has(key)) return NOTHING;
    this.active.add(key);
    const traced = this.traceAnew(root, reference, scope);
    this.active.delete(key);
    this.traced.set(key, traced);
    return traced;
  }

  private traceAnew(root: string, reference: string, scope: Scope): Traced {
    switch (root) {
      case "var":
        return this.argument(variableName(reference), scope);
      case "module":
        return this.output(reference, scope);
      case "data": {
        const match = DATA_REFERENCE.exec(reference);
        const data = match === null ? undefined : scope.module.resources.get(`data.${match[1]}.${match[2]}`);
        if (data === undefined) return NOTHING;
        return this.union([this.traceExpression(memberValue(data, "expressions"), scope, data), this.expansion(data, scope), this.traceDependsOn(data, scope)]);
      }
      case "local":
        return UNTRACED;
      default: {
        const match = RESOURCE_REFERENCE.exec(reference);
        // `ephemeral.` and whatever later versions add.
        if (match === null || root === "ephemeral") return UNTRACED;
        const instanceKey = match[3] ?? "";
        const named = this.instances.get(scope.address)?.get(`${match[1]}.${match[2]}`) ?? [];
        return new Set(named.filter((instance) => instanceKey === "" || instance.instanceKey === instanceKey).map((instance) => instance.resource.address));
      }
    }
  }

  /** `var.name` in a module instance: the argument its call passes, traced in the caller; a root variable is an input. */
  private argument(name: string, scope: Scope): Traced {
    const passed = this.passedArgument(name, scope);
    return passed === undefined ? NOTHING : this.traceExpression(passed.expression, passed.caller, passed.call);
  }

  /**
   * The attribute every one of an expression's references reads, if each reads the same one of managed resources of
   * one kind: in the module instance `scope`, or, for a module's variable (`var.key_id`), in the expression its call
   * passes, at any depth (`kms_master_key_id = aws_kms_key.this.id` in the call), as the evaluation follows it, or, for
   * `each.value`, in the for_each of `holder` (the resource or module call the expression is written in).
   */
  attributeRead(references: readonly string[], scope: Scope, holder: JsonObject | undefined): AttributeRead | undefined {
    const reads = longestReferences(references).map((reference) => this.referenceRead(reference, scope, holder));
    const [first] = reads;
    return first !== undefined && reads.every((read) => read?.kind === first.kind && read.attribute === first.attribute) ? first : undefined;
  }

  /** The attribute one reference reads (see `attributeRead`). */
  private referenceRead(reference: string, scope: Scope, holder: JsonObject | undefined): AttributeRead | undefined {
    if (reference.startsWith("var.")) {
      const name = variableName(reference);
      // A part of a variable (`var.keys.main`) is not what the call passes.
      if (reference !== `var.${name}`) return undefined;
      const passed = this.passedArgument(name, scope);
      return passed?.expression.kind === "object" ? this.attributeRead(stringElements(memberValue(passed.expression, "references")), passed.caller, passed.call) : undefined;
    }
    if (reference.startsWith(EACH_VALUE)) return this.eachValueRead(reference, scope, holder);
    const resource = RESOURCE_REFERENCE.exec(reference);
    const attribute = resource === null ? undefined : ATTRIBUTE.exec(reference.slice(resource[0].length))?.[1];
    // Other roots (`module.db.x`, `data.t.n.x`, `local.x`) name none of the module's managed resources.
    return resource !== null && attribute !== undefined && scope.module.resources.has(`${resource[1]}.${resource[2]}`) ? { kind: canonicalKind(resource[1]), attribute } : undefined;
  }

  /**
   * `each.value.arn` where `holder`'s for_each is a managed resource's instances alone (`for_each = aws_kms_key.by_map`,
   * a map of them by key): each value is one of them, and the reference reads its attribute. As far as the plan
   * tells, which keeps the for_each's references, not the expression.
   */
  private eachValueRead(reference: string, scope: Scope, holder: JsonObject | undefined): AttributeRead | undefined {
    const attribute = ATTRIBUTE.exec(reference.slice(EACH_VALUE.length))?.[1];
    const iterated = holder === undefined ? undefined : this.iterated(holder, scope);
    return attribute !== undefined && iterated !== undefined ? { kind: iterated.kind, attribute } : undefined;
  }

  /**
   * The one instance `each.value` (or a part of it) is in the instance `instanceKey` of `holder` whose for_each is a
   * managed resource's instances (see `iteratedResource`): that resource's instance of the same key.
   */
  private eachValueInstance(reference: string, scope: Scope, holder: JsonObject, instanceKey: string | undefined): ReadonlySet<string> | undefined {
    if (instanceKey === undefined || (reference !== EACH_VALUE && !reference.startsWith(EACH_VALUE + ".") && !reference.startsWith(EACH_VALUE + "["))) return undefined;
    return this.iterated(holder, scope)?.byKey.get(instanceKey);
  }

  /** `iteratedResource` once per holder and module instance, its instances by key: looked up per instance of the holder. */
  private iterated(holder: JsonObject, scope: Scope): IteratedResource | undefined {
    const answers = getOrAdd(this.iteratedAnswers, holder, () => new Map<string, IteratedResource | undefined>());
    if (answers.has(scope.address)) return answers.get(scope.address);
    const instances = this.iteratedResource(holder, scope);
    const answer = instances && { kind: canonicalKind(instances[0].resource.kind), byKey: new Map(instances.map((instance) => [instance.instanceKey, new Set([instance.resource.address])])) };
    answers.set(scope.address, answer);
    return answer;
  }

  /**
   * The instances of the managed resource of the module instance `scope` that `holder`'s for_each is, alone, as far
   * as the plan tells (it keeps the for_each's references, not the expression): `for_each = aws_kms_key.by_map`, a
   * resource whose instances the plan keys by for_each, so that they make a map by the same keys, each value one
   * instance. A plan records no for_each without references (`toset([…])`), so its instances' keys tell.
   */
  private iteratedResource(holder: JsonObject, scope: Scope): readonly PlannedInstance[] | undefined {
    const forEach = memberValue(holder, "for_each_expression");
    const iterated = forEach?.kind === "object" ? longestReferences(stringElements(memberValue(forEach, "references"))) : [];
    const resource = iterated.length === 1 ? RESOURCE_REFERENCE.exec(iterated[0]) : null;
    if (resource === null || resource[0] !== iterated[0] || resource[3] !== undefined || !scope.module.resources.has(iterated[0])) return undefined;
    const instances = this.instances.get(scope.address)?.get(iterated[0]);
    return instances !== undefined && instances.length > 0 && instances.every((instance) => instance.instanceKey.startsWith('["')) ? instances : undefined;
  }

  /** The expression a module instance's call passes for its variable `name`, the call, and the module instance it is in; undefined in the root module. */
  private passedArgument(name: string, scope: Scope): { expression: JsonNode; call: JsonObject; caller: Scope } | undefined {
    const parent = parentCall(scope.address);
    const caller = parent === undefined ? undefined : this.scopeAt(parent.address);
    const call = parent === undefined ? undefined : caller?.module.calls.get(parent.call)?.call;
    const expressions = call === undefined ? undefined : memberValue(call, "expressions");
    const expression = expressions?.kind === "object" ? memberValue(expressions, name) : undefined;
    return caller === undefined || call === undefined || expression === undefined ? undefined : { expression, call, caller };
  }

  /** `module.db.endpoint`: the output's expression in each instance of the call it may be, or every output. */
  private output(reference: string, scope: Scope): Traced {
    const match = MODULE_REFERENCE.exec(reference);
    if (match === null) return UNTRACED;
    const [, call, instanceKey, name] = match;
    const module = scope.module.calls.get(call)?.module;
    if (module === undefined) return UNTRACED;
    const base = `${scope.address === "" ? "" : scope.address + "."}module.${call}`;
    const known = [...(this.children.get(`${scope.address}\0${call}`) ?? [])];
    // A module instance without resources is still traced, through its arguments.
    const instances = instanceKey === undefined ? (known.length > 0 ? known : [base]) : [base + instanceKey];
    const outputs = name === undefined ? [...module.outputs.values()] : [module.outputs.get(name)].filter((output) => output !== undefined);
    return this.union(
      instances.flatMap((address) => {
        const child = { address, module };
        return outputs.map((output) => this.traceExpression(memberValue(output, "expression"), child, undefined));
      }),
    );
  }

  /** What `each` and `count` are worked out from: the holder's `for_each` or `count`. */
  expansion(holder: JsonObject, scope: Scope): Traced {
    return this.union([this.traceExpression(memberValue(holder, "for_each_expression"), scope, undefined), this.traceExpression(memberValue(holder, "count_expression"), scope, undefined)]);
  }
}

/** The variable a reference to one reads: `x` of `var.x.y` or `var.x[0]`. */
function variableName(reference: string): string {
  return reference.slice("var.".length).split(/[.[]/)[0];
}

/** Of one expression's references, those that say which: Terraform lists `module.db` beside `module.db.endpoint`. */
function longestReferences(references: readonly string[]): string[] {
  return references.filter(
    (reference) => !references.some((other) => other.length > reference.length && other.startsWith(reference) && (other[reference.length] === "." || other[reference.length] === "[")),
  );
}

/**
 * Arguments, by kind, each of whose elements is one ARN: an alarm's actions. A plan keeps an argument's references,
 * not its expression, so which attribute an unknown element reads is told only where each reference reads one
 * attribute of resources of one kind, and only of an ARN list: what is worked out from one ARN alone and is an ARN
 * is that ARN, where a value of another argument may be cut out of it (a name from an ARN).
 */
const ARN_LISTS: Readonly<Record<string, readonly string[]>> = { aws_cloudwatch_metric_alarm: ["alarm_actions"], aws_cloudwatch_composite_alarm: ["alarm_actions"] };

/** An attribute read in a reference: `.arn` of `aws_sns_topic.a` or `aws_sns_topic.a[0]`, or of `each.value`. */
const ATTRIBUTE = /^\.([A-Za-z_][\w-]*)/;

/**
 * Records, as `attributeReads`, the attribute each unknown element of a resource's ARN lists reads, where its
 * references say; for a list the plan holds wholly unknown, as it does a set with an unknown element
 * (`alarm_actions = [aws_sns_topic.a.arn]`), at the list's own path.
 */
function readArnLists(resource: Resource, configured: JsonObject, scope: Scope, tracer: Tracer): void {
  const expressions = memberValue(configured, "expressions");
  if (!Object.hasOwn(ARN_LISTS, resource.kind) || expressions?.kind !== "object") return;
  for (const argument of ARN_LISTS[resource.kind]) {
    const elements = resource.props[argument];
    const expression = memberValue(expressions, argument);
    if (expression?.kind !== "object") continue;
    const read = tracer.attributeRead(stringElements(memberValue(expression, "references")), scope, configured);
    if (read === undefined) continue;
    if (elements === UNKNOWN) (resource.attributeReads ??= {})[argument] = read;
    else if (Array.isArray(elements)) {
      elements.forEach((element, index) => {
        if (isUnknown(element)) (resource.attributeReads ??= {})[`${argument}.${index}`] = read;
      });
    }
  }
}

/**
 * An argument a plan holds unknown whose references all read an attribute the provider always sets (an ID, an ARN:
 * `kms_master_key_id = aws_kms_key.this.id`, here or passed to a module's variable) is set, as the evaluation of the
 * configuration has it: `UNKNOWN_PRESENT`, not `UNKNOWN_IDENTIFIER`, since a plan keeps an expression's references,
 * not the expression, and the same references are listed for the ID itself, a list or set holding it (which a plan
 * holds wholly unknown: `alarm_actions = [aws_sns_topic.a.arn]`) or a function of it alone (`split("/", ….arn)`).
 * So is one in nested blocks (`dead_letter_config { target_arn = aws_sqs_queue.dlq.arn }`), which the section
 * records with their expressions.
 */
function readIdentifierReferences(resource: Resource, configured: JsonObject, scope: Scope, tracer: Tracer): void {
  const expressions = memberValue(configured, "expressions");
  if (expressions?.kind === "object") readIdentifierReferencesIn([resource.props], [expressions], configured, scope, tracer);
}

/**
 * Marks set the unknown arguments of `values` (a resource's arguments, or every block at one path of nested blocks)
 * whose expressions in `written` (the section's, of the same arguments or blocks) all read an attribute the provider
 * always sets. Blocks are not matched one by one, as a plan lists a set of blocks in its own order: an argument is
 * set in every block where every block written sets it so, and the plan holds as many blocks as are written (not a
 * `dynamic` block, which the section leaves out). `configured`: the resource's configuration, whose for_each
 * `each.value` reads.
 */
function readIdentifierReferencesIn(values: readonly Record<string, unknown>[], written: readonly JsonObject[], configured: JsonObject, scope: Scope, tracer: Tracer): void {
  for (const name of new Set(written.flatMap((block) => block.members.map(({ key }) => key.value)))) {
    const expressions = written.map((block) => memberValue(block, name));
    if (expressions.every((expression) => expression?.kind === "array")) {
      const blocks = values.flatMap((value) => value[name] ?? []);
      const writtenBlocks = expressions.flatMap((expression) => (expression?.kind === "array" ? expression.elements : []));
      if (blocks.length === writtenBlocks.length && blocks.every(isRecord) && writtenBlocks.every((block) => block.kind === "object")) {
        readIdentifierReferencesIn(blocks, writtenBlocks as JsonObject[], configured, scope, tracer);
      }
      continue;
    }
    const reads = expressions.map((expression) => (expression?.kind === "object" ? tracer.attributeRead(stringElements(memberValue(expression, "references")), scope, configured) : undefined));
    if (!reads.every((read) => read !== undefined && ALWAYS_SET_ATTRIBUTE.test(read.attribute))) continue;
    for (const value of values) if (value[name] === UNKNOWN) value[name] = UNKNOWN_PRESENT;
  }
}

/**
 * Records, as `credentialReads`, each string of a root module resource's arguments that is the value of a root
 * variable named like a credential that the argument reads (`HOOK = var.github_app.webhook_secret`), as the
 * evaluation of the configuration has it: a plan keeps an argument's references, not how it uses them, but a string
 * equal to the value the plan's variables give such a reference is read as it is, where `md5()` of it is not. Only
 * a whole string: one written into a longer text (user data, container definitions) is not told apart from a
 * coincidence.
 */
function readCredentialVariables(resource: Resource, expressions: JsonNode | undefined, rootVariables: ReadonlyMap<string, unknown>): void {
  if (rootVariables.size === 0 || expressions?.kind !== "object") return;
  for (const { key, value } of expressions.members) {
    const referenceByValue = new Map<string, string>();
    for (const reference of longestReferences(referencesWithin(value))) {
      const steps = reference.startsWith("var.") ? referenceSteps(reference, "var".length) : undefined;
      const last = steps?.[steps.length - 1];
      if (steps === undefined || typeof last !== "string" || !readsCredential("var", last)) continue;
      const read = valueAlong(rootVariables.get(steps[0] as string), steps.slice(1));
      if (typeof read === "string") referenceByValue.set(read, reference);
    }
    if (referenceByValue.size === 0) continue;
    eachString(resource.props[key.value], key.value, (text, path) => {
      const reference = referenceByValue.get(text);
      if (reference !== undefined) (resource.credentialReads ??= {})[path] = [reference];
    });
  }
}

/** By argument, what its expression, or the nested blocks it is, refers to. */
function plannedReferredNames(expressions: JsonNode | undefined): ReferredNames {
  return new Map(expressions?.kind === "object" ? expressions.members.map(({ key, value }) => [key.value, recordedReferences(value)]) : []);
}

/**
 * What an expression, or nested blocks, refer to (see `RecordedReferences`): a list of blocks, or one as an object
 * where its type takes one; an expression records its references, a constant, or nothing (a function call of constants).
 */
function recordedReferences(node: JsonNode | undefined): RecordedReferences {
  if (node?.kind === "array") return { blocks: node.elements.map(plannedReferredNames) };
  if (node?.kind !== "object") return { references: [] };
  // In JSON syntax a template is recorded as a constant beside its references (see `constantValue`).
  const references = memberValue(node, "references");
  if (references !== undefined) return { references: writtenReferences(stringElements(references)) };
  return node.members.length === 0 || memberValue(node, "constant_value") !== undefined ? { references: [] } : { blocks: [plannedReferredNames(node)] };
}

/**
 * An expression's constant, where it is one. In JSON syntax (`.tf.json`, CDKTF's `cdk.tf.json`) Terraform records
 * every string as written as a constant_value, a template such as `"${var.db_password}"` too (beside its references,
 * if any): a string holding a template sequence is worked out, not constant.
 */
export function constantValue(expression: JsonObject): JsonNode | undefined {
  const constant = memberValue(expression, "constant_value");
  return constant === undefined || holdsTemplate(constant) ? undefined : constant;
}

function holdsTemplate(node: JsonNode): boolean {
  if (node.kind === "string") return node.value.includes("${") || node.value.includes("%{");
  if (node.kind === "array") return node.elements.some(holdsTemplate);
  return node.kind === "object" && node.members.some(({ value }) => holdsTemplate(value));
}

/** The references of an argument's expression, or of each expression of the nested blocks it is. */
function referencesWithin(node: JsonNode | undefined): string[] {
  if (node?.kind === "array") return node.elements.flatMap(referencesWithin);
  if (node?.kind !== "object") return [];
  const references = memberValue(node, "references");
  if (references !== undefined) return stringElements(references);
  return memberValue(node, "constant_value") !== undefined ? [] : node.members.flatMap(({ value }) => referencesWithin(value));
}

/** A step of a reference as Terraform writes it: `.webhook_secret`, `[0]`, `["web"]`. */
const REFERENCE_STEP = /\.([A-Za-z_][\w-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;

/** The steps of a reference from `start`, past its root: `github_app`, `webhook_secret` of `var.github_app.webhook_secret`. */
function referenceSteps(reference: string, start: number): (string | number)[] | undefined {
  const steps: (string | number)[] = [];
  REFERENCE_STEP.lastIndex = start;
  while (REFERENCE_STEP.lastIndex < reference.length) {
    const step = REFERENCE_STEP.exec(reference);
    if (step === null) return undefined;
    steps.push(step[1] ?? (step[2] !== undefined ? Number(step[2]) : (JSON.parse(step[3]) as string)));
  }
  return steps;
}

/** The value at `steps` inside `value`, if there is one. */
function valueAlong(value: unknown, steps: readonly (string | number)[]): unknown {
  let current = value;
  for (const step of steps) {
    if (current === null || typeof current !== "object" || !Object.hasOwn(current, step)) return undefined;
    current = (current as Record<string | number, unknown>)[step];
  }
  return current;
}

/** Visits each string inside a value, with its path. */
function eachString(value: unknown, path: string, visit: (text: string, path: string) => void): void {
  if (typeof value === "string") visit(value, path);
  else if (Array.isArray(value)) value.forEach((element, index) => eachString(element, `${path}.${index}`, visit));
  else if (isRecord(value)) for (const [key, element] of Object.entries(value)) eachString(element, `${path}.${key}`, visit);
}

/**
 * Kinds whose `user_data` the AWS provider plans as the SHA-1 hex digest of the script: aws_launch_configuration,
 * and before provider 6.0 aws_instance and aws_spot_instance_request, whose schema is aws_instance's.
 */
export const DIGESTED_USER_DATA_KINDS: ReadonlySet<string> = new Set(["aws_instance", "aws_spot_instance_request", "aws_launch_configuration"]);

/**
 * The user data a resource block of those kinds writes as a constant: the script its digest in the plan stands
 * for, the same for every instance of the block. Undefined where it is worked out (`file()`, a variable) or unset.
 */
function writtenUserData(kind: string, expressions: JsonNode | undefined): string | undefined {
  if (!DIGESTED_USER_DATA_KINDS.has(kind) || expressions?.kind !== "object") return undefined;
  const userData = memberValue(expressions, "user_data");
  const constant = userData?.kind === "object" ? constantValue(userData) : undefined;
  return constant?.kind === "string" ? constant.value : undefined;
}

/**
 * Puts back what a resource's write-only arguments are given, as far as the configuration says: a plan holds them
 * null (Terraform never plans nor stores their value), and marks them sensitive by the provider's schema, whatever
 * they were given. A constant is a secret written in the code; a value opened from ephemeral resources alone came
 * from a secret store; anything else (a variable, which may have a literal default; a function call, of which a
 * plan keeps neither value nor references) is not known here.
 */
function writeOnlyArguments(resource: Resource, expressions: JsonNode | undefined): void {
  if (expressions?.kind !== "object") return;
  for (const name of WRITE_ONLY_CREDENTIALS) {
    const expression = memberValue(expressions, name);
    if (expression?.kind !== "object" || resource.props[name] !== null) continue;
    const constant = constantValue(expression);
    // Written as null: given nothing.
    if (constant?.kind === "null") continue;
    if (constant !== undefined) {
      resource.props[name] = toPlainValue(constant);
      if (!resource.secretPaths.includes(name)) resource.secretPaths.push(name);
      (resource.writtenSecrets ??= []).push(name);
      continue;
    }
    const references = stringElements(memberValue(expression, "references"));
    if (references.length > 0 && references.every((reference) => reference.startsWith("ephemeral."))) continue;
    resource.props[name] = UNKNOWN;
    resource.secretPaths = resource.secretPaths.filter((path) => path !== name);
  }
}

/** The text of a policy document data source, with an instance key if it has one: `data.aws_iam_policy_document.p[0].json`. */
const POLICY_DOCUMENT_TEXT = new RegExp(String.raw`^(data\.aws_iam_policy_document\.[A-Za-z_][\w-]*(?:${INSTANCE_KEY})?)\.(?:json|minified_json)$`);

/**
 * An argument set to the text of a policy document read at apply (`policy = data.aws_iam_policy_document.p.json`),
 * which a plan holds unknown, is that document, as in the evaluation of the configuration: the plan has its
 * statements, and most often all that is unknown in them is the ARN of a resource the plan creates. Only where the
 * argument is that reference alone, as far as the plan tells: it keeps an expression's references, not the
 * expression, so a function of the text that reads anything else too (`replace()` with the bucket's ARN) stays
 * unknown; one whose other arguments are all constants is not told apart from the reference alone.
 */
function readPendingPolicyDocuments(resource: Resource, expressions: JsonNode | undefined, moduleAddress: string, documents: ReadonlyMap<string, PendingPolicyDocument>): void {
  if (documents.size === 0 || expressions?.kind !== "object") return;
  for (const { key, value } of expressions.members) {
    if (resource.props[key.value] !== UNKNOWN || value.kind !== "object") continue;
    const reference = loneReference(stringElements(memberValue(value, "references")));
    const text = reference === undefined ? null : POLICY_DOCUMENT_TEXT.exec(reference);
    const pending = text === null ? undefined : documents.get(`${moduleAddress === "" ? "" : moduleAddress + "."}${text[1]}`);
    if (pending === undefined) continue;
    resource.props[key.value] = pending.document;
    if (pending.sensitive && !resource.secretPaths.includes(key.value)) resource.secretPaths.push(key.value);
  }
}

/**
 * The nested blocks of a lookup that a configuration section leaves out when they are written as `dynamic`: where
 * the section has none, whether the code has them is not known (an `aws_ami` lookup's `filter`).
 */
const UNWRITTEN_LOOKUP_BLOCKS: Readonly<Record<string, Record<string, unknown>>> = { aws_ami: { filter: UNKNOWN } };

/** An attribute of a data source, with an instance key if it has one: `data.aws_ami.al2023.id`. */
const DATA_ATTRIBUTE = new RegExp(String.raw`^(data\.([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)(?:${INSTANCE_KEY})?)\.([A-Za-z_][\w-]*)$`);

/**
 * An EC2 launch resource's AMI set to an attribute of a data source that says what an AMI is (`ami =
 * data.aws_ami.al2023.id`) reads it, as in the evaluation of the configuration (`Resource.attributeReads`), with what
 * the data source is given: as the plan read it, while planning (prior_state) or at apply (a `read` change, unknown
 * where it is worked out from what is created), or, in a plan that lists neither, as its configuration writes it.
 * A lookup read at apply leaves the AMI unknown in the plan, and only the lookup tells what it will be. Only where
 * the argument is that reference alone, as far as the plan tells (see `readPendingPolicyDocuments`).
 */
function readAmiDataSource(resource: Resource, expressions: JsonNode | undefined, scope: Scope, dataLookups: DataLookups): void {
  if (!Object.hasOwn(AMI_ARGUMENT, resource.kind) || expressions?.kind !== "object") return;
  const argument = AMI_ARGUMENT[resource.kind];
  const expression = memberValue(expressions, argument);
  const references = expression?.kind === "object" ? stringElements(memberValue(expression, "references")) : [];
  const read = dataAttributeRead(references);
  // Only data sources that say what an AMI is are looked up, in the plan or its configuration.
  if (read === undefined || !isLookupKind(read.type)) return;
  const { address, type, name, attribute, indexed } = read;
  const prefix = scope.address === "" ? "" : scope.address + ".";
  // An index worked out per instance may not be the resource's own (`[count.index + 1]`), so any lookup instance
  // may be the one read: only what they all found or are given is known.
  const instancesRead = indexed ? [...dataLookups].filter(([key]) => key.startsWith(prefix + address + "[")).map(([, lookup]) => lookup) : [dataLookups.get(prefix + address)];
  const planned = instancesRead.length > 0 && instancesRead.every(isRecord) ? commonValue(instancesRead) : undefined;
  const given = isRecord(planned) ? planned : configuredLookup(scope.module.resources.get(`data.${type}.${name}`), type);
  if (given !== undefined) (resource.attributeReads ??= {})[argument] = { kind: type, attribute, dataSource: true, arguments: given };
}

/** What the configuration of a lookup (`data.T.N`) writes that rules read, for a plan that lists no read of it. */
function configuredLookup(configured: JsonObject | undefined, type: string): Record<string, unknown> | undefined {
  const written = configured === undefined ? undefined : writtenValues(memberValue(configured, "expressions"));
  return isRecord(written) ? lookupGiven(type, { ...UNWRITTEN_LOOKUP_BLOCKS[type], ...written }) : undefined;
}

/** The attribute of a data source an expression is, by its references: alone (`data.aws_ami.al2023.id`), or indexed per instance (see `indexedDataReference`). */
function dataAttributeRead(references: readonly string[]): { address: string; type: string; name: string; attribute: string; indexed: boolean } | undefined {
  const reference = loneReference(references);
  const read = reference === undefined ? null : DATA_ATTRIBUTE.exec(reference);
  if (read === null) return indexedDataReference(references);
  const [address, type, name, attribute] = read.slice(1);
  return { address, type, name, attribute, indexed: false };
}

/** A data source's instances (`data.T.N`), of which the index that picks one refers to `count` or `each` alone. */
const DATA_INSTANCES = /^data\.([A-Za-z_][\w-]*)\.([A-Za-z_][\w-]*)$/;
const INSTANCE_INDEX = new Set(["count.index", "each.key", "each.value"]);
/** The attribute of each data source that says what an AMI is that holds what a launch takes: the AMI's ID. */
const AMI_ID_ATTRIBUTE: Readonly<Record<string, string>> = { aws_ami: "id", aws_ssm_parameter: "value" };

/**
 * The data source an AMI argument reads one instance of by an index worked out per resource instance
 * (`data.aws_ami.al2023[count.index].id`), for which Terraform lists the data source and the index's references,
 * `["data.aws_ami.al2023", "count.index"]`, and no attribute: taken to be the one that holds an AMI ID, as no other
 * attribute of those data sources is one a launch takes.
 */
function indexedDataReference(references: readonly string[]): { address: string; type: string; name: string; attribute: string; indexed: true } | undefined {
  const instances = references.length >= 2 ? DATA_INSTANCES.exec(references[0]) : null;
  if (instances === null || !Object.hasOwn(AMI_ID_ATTRIBUTE, instances[1]) || !references.slice(1).every((reference) => INSTANCE_INDEX.has(reference))) return undefined;
  return { address: references[0], type: instances[1], name: instances[2], attribute: AMI_ID_ATTRIBUTE[instances[1]], indexed: true };
}

/**
 * The values a block of the configuration writes: each argument's constant, UNKNOWN for one worked out (from
 * references, or a function call, which is written `{}`), and its nested blocks alike.
 */
function writtenValues(node: JsonNode | undefined): unknown {
  if (node?.kind === "array") return node.elements.map(writtenValues);
  if (node?.kind !== "object" || node.members.length === 0 || memberValue(node, "references") !== undefined) return UNKNOWN;
  const constant = memberValue(node, "constant_value");
  // A template of JSON syntax (see `constantValue`) is worked out.
  if (constant !== undefined) return holdsTemplate(constant) ? UNKNOWN : toPlainValue(constant);
  const values: Record<string, unknown> = {};
  for (const { key, value } of node.members) setOwnProperty(values, key.value, writtenValues(value));
  return values;
}

/**
 * The reference of an expression that is one reference alone: Terraform lists it, then each shorter address in it
 * (`data.t.n[0].json`, `data.t.n[0]`, `data.t.n`). A second reference, or the same one twice, is more than that.
 */
function loneReference(references: readonly string[]): string | undefined {
  const written = writtenReferences(references);
  return written.length === 1 ? written[0] : undefined;
}

/**
 * Whether a value of `after` holds nested blocks (a list of objects) that `written`, the configuration's list of
 * those blocks (undefined where it writes none), lacks: `dynamic` blocks, which a plan's configuration leaves out.
 */
function hasUnseenBlocks(value: unknown, written: JsonNode | undefined): boolean {
  return hasUnseenBlocksAmong([value], written === undefined ? [] : [written]);
}

/**
 * Whether `values`, what `after` holds at one path of nested blocks in every block around it, hold more blocks than
 * `written`, the configuration's lists at that path, at this path or below. The blocks are counted, not compared one
 * by one: `after` lists a set of blocks (metric_query) in its own order, not the order they are written in.
 */
function hasUnseenBlocksAmong(values: readonly unknown[], written: readonly JsonNode[]): boolean {
  const blocks = values.filter((value): value is Record<string, unknown>[] => Array.isArray(value) && value.every(isRecord)).flat();
  if (blocks.length === 0) return false;
  // An argument's expression, not blocks.
  if (written.some((node) => node.kind !== "array")) return false;
  const writtenBlocks = written.flatMap((node) => (node.kind === "array" ? node.elements : []));
  if (blocks.length > writtenBlocks.length) return true;
  const names = new Set(blocks.flatMap((block) => Object.keys(block)));
  return [...names].some((name) =>
    hasUnseenBlocksAmong(
      blocks.map((block) => block[name]),
      writtenBlocks.flatMap((expressions) => (expressions.kind === "object" ? (memberValue(expressions, name) ?? []) : [])),
    ),
  );
}

/** The module instance that calls the one at `address`, and the call's name; undefined for the root module. */
function parentCall(address: string): { address: string; call: string } | undefined {
  const match = LAST_CALL.exec(address);
  return match === null ? undefined : { address: address.slice(0, match.index), call: match[1] };
}

