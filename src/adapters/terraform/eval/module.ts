/**
 * Evaluates one instance of a Terraform module (the root, or a local module called with inputs) into Resources:
 * variables from inputs, tfvars or defaults, locals, `count` and `for_each` expansion, `dynamic` blocks, references
 * between resources, and local child modules followed with the inputs they are given. Everything is evaluated
 * lazily and once, value by value as Terraform orders them (a module's variables too), so blocks can be declared in
 * any order; a reference cycle resolves to unknown, and a warning names it.
 */
import { realpathSync } from "fs";
import { relative, resolve as resolvePath, sep } from "path";
import { getOrAdd } from "../../../collections";
import type { Diagnostic } from "../../../model/diagnostic";
import { ALWAYS_SET_ATTRIBUTE, isRecord, NOT_A_LITERAL, UNKNOWN, UNKNOWN_IDENTIFIER, type AttributeRead, type Addresses, type Engine, type Placement, type RegionPlace, accountPlacement, AWS_CREDENTIAL_ARGUMENTS, placementByOwnRegion, addressesReached, ReachedAddresses, regionPlacement, splitPath, valueAt, type PropertyPath, type Resource, type ResourceOptions, type SourceLocation, type UnscannedArguments, type UnknownExistence, type ModuleCallSite, isDocumentMarkedByElement, pathInDocument, PartialString } from "../../../model/resource";
import type { Suppression } from "../../../engine/suppressions";
import { locate, type LineIndex, type LocatedFile } from "../hcl/lines";
import { attributeNamed, blockOfType, type Attribute, type AttributeStep, type Block, type Body, type Expression, type FunctionCallExpression, type LiteralValue, type Node, type ResourceReferences, type TemplatePart, type TraversalExpression, type TraversalStep } from "../hcl/syntax";
import { namesCredential, readsCredential } from "../credential-names";
import { SENSITIVE_CREDENTIAL_ATTRIBUTES } from "../../../rules/credential-arguments";
import { parseJsonProperty } from "../../../rules/read";
import { userDataLine } from "../../../rules/user-data";
import { canonicalKind } from "../kinds";
import { isConfigurationBlock, PROVIDER_CONFIGURATION } from "../../../model/kinds";
import { commonValue } from "../common-value";
import type { OverrideOrigins } from "../override";
import { addReferencesAlwaysRead, conditionalResults, knownResult, entriesOf, evaluateIn, evaluateWhole, ExpressionError, markReadByTraversal, markWrittenIn, isSensitiveEntry, markEphemeral, markGiven, mergeTrace, newTrace, readsSensitive, referenceName, referencesAlwaysRead, visitUnboundNames, withLocals, type GivenAt, type Scope, type Step, type Trace, type ValueReference } from "./expressions";
import { configurationEngine, isOpenTofuFileName } from "../../discover";
import { configurationBlocks, isProxy } from "../definition";
import { setOwnProperty } from "../json/parse";
import { quoteHcl } from "../text";
import { printableSource } from "../downloaded";
import { displayPath, isStackExhausted } from "../../source";
import { filePath, formatInterpolations, isTemplateFileCall, readTextFile, type FunctionContext } from "./functions";
import { policyDocumentJson } from "./policy-document";
import { renderedCloudinitConfig, renderedTemplateCloudinitConfig } from "./cloudinit-config";
import { renderedTemplateFile } from "./template-file";
import { convertToType } from "./types";
import { LocatedWhenRead, WrittenPlaces } from "./written-places";
import {
  asBool,
  asString,
  compareStrings,
  sortedKeys,
  EvaluationError,
  formatNumber,
  isObject,
  isPartial,
  holdsSensitive,
  isSensitiveElement,
  isSet,
  elementSource,
  mayBeSet,
  ofTypeNotFollowed,
  isUnknown,
  isWhollyKnown,
  markedAlong,
  markSensitiveElements,
  markReadOut,
  markWrittenBy,
  ownAttribute,
  PartialObject,
  RefusedArgument,
  sensitiveElementPaths,
  toModelValue,
  UNKNOWN_OWN_IDENTIFIER,
  writtenAtPath,
  type Unknown,
  type Value,
} from "./values";

/** One parsed file of a module. */
export interface ModuleFile {
  /** As reports show it: relative to the working directory. */
  fileName: string;
  body: Body;
  lines: LineIndex;
  /**
   * Its name and line index alone, which is what an evaluated resource keeps to locate its findings: the file itself
   * holds its syntax tree, a third of a 50 MB file's model while the rules judge it.
   */
  located: LocatedFile;
  /** Written in Terraform's JSON syntax, where resource blocks may carry `//` metadata (CDKTF's construct paths). */
  json: boolean;
  /** What the file's references may name as resources. */
  references: ResourceReferences;
  /** Its templatefile() calls that name their template, wherever they are. */
  templateFileCalls: readonly FunctionCallExpression[];
}

export interface ResourceDeclaration {
  mode: "managed" | "data";
  type: string;
  name: string;
  block: Block;
  file: ModuleFile;
}

/** A module directory's declarations, collected from all its files. */
export interface ModuleDefinition {
  /** Absolute. */
  dir: string;
  /** The unit's, evaluated as a root: `cdktf` when the directory holds CDKTF output. */
  engine: Engine;
  files: ModuleFile[];
  variables: Map<string, { block: Block; file: ModuleFile }>;
  locals: Map<string, { attribute: Attribute; file: ModuleFile }>;
  /** Keyed `aws_s3_bucket.logs` or `data.aws_iam_policy_document.p`. */
  resources: Map<string, ResourceDeclaration>;
  moduleCalls: Map<string, { block: Block; file: ModuleFile }>;
  outputs: Map<string, { block: Block; file: ModuleFile }>;
  /** `ephemeral` blocks (Terraform 1.10), keyed `aws_secretsmanager_secret_version.db`: values, never resources. */
  ephemeralResources: Map<string, { block: Block; file: ModuleFile }>;
  /** `provider` blocks, keyed as resources name them: `aws`, `aws.east` (the first of each). */
  providers: Map<string, { block: Block; file: ModuleFile }>;
  /** Set when override files changed blocks of other files: the arguments and blocks they put there, by file. */
  overrideOrigins?: OverrideOrigins;
  /** `moved` blocks, of the files that are not override files, which Terraform refuses them in. */
  moved: { block: Block; file: ModuleFile }[];
  /** `removed` blocks, likewise. */
  removed: { block: Block; file: ModuleFile }[];
}

/** A module call whose source is not read (remote and not downloaded, or not a literal), and what it is given. */
export interface UnscannedModule extends UnscannedArguments {
  /** Addresses of the resources its arguments refer to. */
  given: Set<string>;
  texts: Set<string>;
  entries: Map<string, Set<string>>;
}

/**
 * Sets `givenToUnscannedModules` on each resource a module call that is not scanned refers to. A name written in both
 * places does not count: one project name passed to every module would make every resource look given to each. What
 * each such call is given goes on every resource (`unscannedModuleArguments`), for a rule to look there for the exact
 * name it requires.
 */
export function markGivenToUnscanned(resources: readonly Resource[], modules: readonly UnscannedModule[]): void {
  if (modules.length === 0) return;
  const withArguments = modules.filter((module) => module.texts.size > 0);
  for (const resource of resources) {
    const given = modules.filter((module) => module.given.has(resource.address));
    if (given.length > 0) resource.givenToUnscannedModules = given.map((module) => module.address);
    if (withArguments.length > 0) resource.unscannedModuleArguments = withArguments;
  }
}

/** Adds the known strings in `value` to `into`, and those that are a map's values under their keys; never a sensitive one. */
function collectGivenTexts(value: Value, into: UnscannedModule): void {
  if (typeof value === "string") {
    into.texts.add(value);
  } else if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) if (!isSensitiveElement(value, index)) collectGivenTexts(value[index], into);
  } else if (isRecord(value)) {
    for (const key of Object.keys(value)) {
      const element = value[key];
      if (isSensitiveElement(value, key)) continue;
      if (typeof element === "string") getOrAdd(into.entries, key, () => new Set()).add(element);
      collectGivenTexts(element, into);
    }
  }
}

/** A module instance a problem was met in, and the root's call that leads to it, as a finding's `calledFrom` is. */
export interface MetIn {
  /** `module.db["a"]`, `module.app.module.db`. */
  instance: string;
  call: ModuleCallSite;
}

/** What one whole run shares: where results go, and how modules are found. */
export interface EvaluationRun {
  resources: Resource[];
  /** Module calls that are not scanned: resources given to them may have what a stack rule looks for there. */
  unscannedModules: UnscannedModule[];
  /** The modules evaluated, the root among them: their `terraform` blocks constrain the providers all of them use. */
  modules: Set<ModuleDefinition>;
  /**
   * The kinds of resources that are judged: those of other kinds are counted in `unjudged`, by kind, not evaluated
   * into `resources` (a block that refers to one still evaluates it for the value it needs). Undefined: every kind is.
   */
  judgedKinds?: ReadonlySet<string>;
  unjudged: Map<string, number>;
  diagnostics: Diagnostic[];
  suppressions: Suppression[];
  functions: FunctionContext;
  /** Parses a local module directory (cached); undefined when it is missing or holds no configuration files, which the caller reports at its call. */
  loadModule(dir: string): ModuleDefinition | undefined;
  /** A module directory with its real path, resolved once however many calls name it. */
  calledDirectory(dir: string): CalledDirectory;
  /**
   * Directory of a remote module that `terraform init` downloaded, by module key (`vpc`, `app.vpc`), or why it is
   * not scanned.
   */
  downloadedModule(key: string, source: string, versionConstraint: string | undefined): { dir: string } | { notScanned: string };
  /** Where `terraform init` downloads the root's modules (`dataDirectory`): undefined where it was never initialised. */
  dataDirectory: string | undefined;
  /** What `terraform.workspace` is, asked each time the code reads it. */
  workspace(): string | Unknown;
  /** Reports each problem once, however many instances evaluate the same expression, naming those it was `metIn`. */
  report(diagnostic: Diagnostic, metIn?: MetIn): void;
  /** Values being evaluated, innermost last, as Terraform names them (`module.a.var.x`): a cycle is reported so. */
  evaluating: string[];
  /** Each module instance evaluated whose module has `moved` blocks, by the address prefix they are relative to. */
  movedIn: { definition: ModuleDefinition; prefix: string }[];
  /** Likewise for `removed` blocks. */
  removedIn: { definition: ModuleDefinition; prefix: string }[];
  /** Inline suppression comments of one HCL file, for the module instance at `prefix`. */
  readComments(file: ModuleFile, prefix: string): Suppression[];
  /** Turns the `//` metadata of a CDKTF resource into suppressions and a construct path. */
  readMetadata(metadata: unknown, address: string, location: SourceLocation): { constructPath?: string; suppressions: Suppression[] };
  /**
   * The output `output` of the CDKTF stack that the root's `data.terraform_remote_state.<dataSource>` reads, as that
   * stack's evaluation left it; undefined when no stack of this run is the one read, or it is not evaluated yet.
   */
  crossStackOutput(dataSource: string, output: string): Traced | undefined;
}

/** A value with what it drew on. */
export interface Traced {
  value: Value;
  trace: Trace;
}

/** An output's value as its callers read it, and whether the value is sensitive itself, whatever the output says. */
interface OutputValue extends Traced {
  valueSensitive: boolean;
}

/** A value given to a variable, with where it was given: a module call's argument, a root's tfvars file or option. */
interface Input extends Traced {
  at?: GivenAt;
  /**
   * Where the value is written: a module call's argument, or where the caller wrote its own variable that the
   * argument passes on as it is, up the calls (`writtenElsewhere`); a root's, the line of the committed tfvars file
   * that gives it. None for a value handed in at run (`--var`, `TF_VAR_`): it is written where the configuration reads it.
   */
  writtenAt?: SourceLocation;
}

/**
 * What a module instance is given for its variables: a module call's arguments are evaluated when first read, and
 * say which resource attribute each reads as it is, where it does (a root's values come from outside, reading none).
 */
type ModuleInputs = Pick<ReadonlyMap<string, Input>, "get" | "keys"> & {
  attributeRead?(name: string): AttributeRead | undefined;
  /** What the value given for `name` reads a region from, where it is read as it is (`RegionRead`). */
  regionRead?(name: string): RegionRead | undefined;
  /** The files of the module instances that call this one, up to the root: where what it is given may be written. */
  callerFiles?: ReadonlySet<string>;
  /** The root module's call this instance is within (`Resource.calledFrom`); undefined for the root. */
  outermostCall?: ModuleCallSite;
  /** What evaluating the value given for `name` always reads, as referencesAlwaysRead gives it, and the instance it reads it in. */
  alwaysRead?(name: string): { readIn: ModuleInstance; references: () => ValueReference[] } | undefined;
};

const PENDING = Symbol("pending");
/** A module call's `source` or `version` that draws on a secret: reported where it is written, never printed. */
const SECRET_ARGUMENT = Symbol("secret argument");

/** Arguments Terraform reserves on resources and modules; they are not resource properties. */
const RESOURCE_META = new Set(["count", "for_each", "provider", "depends_on"]);
const RESOURCE_META_BLOCKS = new Set(["lifecycle", "provisioner", "connection"]);
const MODULE_META = new Set(["source", "version", "count", "for_each", "providers", "depends_on"]);

/**
 * An expression whose evaluation ran out of stack (thousands of operators or conditionals in one expression, hundreds of
 * values each reading the next in one result of a conditional), thrown out of the whole module's evaluation: at the
 * outermost expression that led to it, where the chain starts, with the values being evaluated, each reading the
 * next, where it ran out.
 */
export class TooDeepToEvaluate extends Error {
  constructor(
    readonly location: SourceLocation,
    readonly chain: readonly string[],
  ) {
    super("too deep to evaluate");
  }
}

/**
 * The most instances one block's `count` or `for_each` is evaluated to: Terraform sets no limit, but a `count` of a
 * billion would run the check out of memory. 100,000 small instances take some 220 MB, with a finding each 460 MB.
 * Beyond it the block is evaluated once, as for an unknown count, so its findings are undecided rather than judged
 * on some of its instances.
 */
const MAX_INSTANCES = 100_000;
/**
 * Said at a count or for_each beyond `MAX_INSTANCES`, built only then: toLocaleString's first call loads ICU's
 * locale data, 112M instructions (2.5% of a check of the bench's large file) when it was built at load.
 */
const tooManyCount = () => `count asks for more than ${MAX_INSTANCES.toLocaleString("en-US")} instances, more than prodready evaluates of one block; the block is evaluated once with count.index unknown`;
const tooManyKeys = () => `for_each has more than ${MAX_INSTANCES.toLocaleString("en-US")} keys, more instances than prodready evaluates of one block; the block is evaluated once with each unknown`;

/** The one instance of a block without `count` or `for_each`, or whose `enabled` is true. */
const SINGLE_INSTANCE: readonly Instance[] = [{ suffix: "", names: {} }];
const SINGLE: Expansion = { size: 1, build: () => [...SINGLE_INSTANCE] };

/**
 * How many values may be pending, each reading the next, before evaluateInOrder works out what a value reads and
 * evaluates that first: most chains are short, and reading values as they are met spares walking each expression
 * twice (some 3.5% of a check), while 64 nested evaluations stay far from the end of the stack.
 */
const SHALLOW_CHAIN = 64;

/**
 * How deep module calls are followed (Terraform has no bound; a cycle is found by comparing directories): deeper, the
 * stack would run out. Measured on Node.js 20's default stack, in a check run by the CLI: modules nested 2,100 deep
 * were evaluated, and 1,030 deep still evaluated 500 nested function calls (about MAX_NESTING_DEPTH) in the deepest,
 * the costliest expression (1,100–1,180 deep for splats, for expressions, templates and lists). A quarter of that
 * leaves room for chains of values read through module outputs, and for jest's deeper stack.
 */
const MAX_MODULE_DEPTH = 250;

/** A module directory as a call names it, for messages, and as the system resolves it, to compare. */
export interface CalledDirectory {
  dir: string;
  /**
   * Symbolic links followed: a link back into a caller's directory (`modules/a/loop -> ..`) reaches it under a path
   * that grows with every call. The path as named when it cannot be resolved; reading it then says why.
   */
  real: string;
}

/** An argument of the `lifecycle` block in a resource block's or a module call's body. */
function lifecycleSetting(body: Body, name: string): Attribute | undefined {
  const lifecycle = blockOfType(body, "lifecycle");
  return lifecycle && attributeNamed(lifecycle.body, name);
}

/**
 * A resource block's `prevent_destroy` argument, in its `lifecycle` block, and what Terraform takes it to be: only a
 * literal, converted to a bool as any value is (`"true"` too); `NOT_A_LITERAL` for anything else, which it refuses
 * (a variable, a reference, a function call; in JSON, whose strings it reads there as plain text, an interpolation).
 */
export function preventDestroySetting(block: Block): { attribute: Attribute; value: boolean | typeof NOT_A_LITERAL } | undefined {
  const attribute = lifecycleSetting(block.body, "prevent_destroy");
  if (attribute === undefined) return undefined;
  const { expression } = attribute;
  return { attribute, value: (expression.kind === "Literal" ? asBool(expression.value) : undefined) ?? NOT_A_LITERAL };
}

/**
 * A resource block's `lifecycle { ignore_changes }` as `ResourceOptions.ignoreChanges` has it, read from the syntax:
 * Terraform takes only the keyword `all` or a list of the resource's own attributes written as references
 * (`password`, `tags["Name"]`, `user[0].password`). Anything else (the quoted names Terraform 0.11 wrote) is not
 * read: unknown.
 */
function ignoreChangesSetting(block: Block): readonly PropertyPath[] | typeof UNKNOWN | undefined {
  const expression = lifecycleSetting(block.body, "ignore_changes")?.expression;
  if (expression === undefined) return undefined;
  if (expression.kind === "Variable" && expression.name === "all") return ["*"];
  if (expression.kind !== "Tuple") return UNKNOWN;
  const paths = expression.elements.map(attributePath);
  return paths.every((path) => path !== undefined) ? paths : UNKNOWN;
}

/**
 * A resource block's `lifecycle { destroy }` (Terraform 1.16) as `ResourceOptions.retainOnDelete`: `destroy = false`
 * makes Terraform forget the object instead of deleting it, when the block is removed and when the resource is
 * replaced, which is what Pulumi's `retainOnDelete` does. A literal is read as Terraform converts it to a bool;
 * anything else is what `evaluate` gives, where the caller can work it out, and unknown where it cannot.
 */
function retainOnDeleteSetting(block: Block, evaluate?: (setting: Attribute) => Value): boolean | typeof UNKNOWN | undefined {
  const attribute = lifecycleSetting(block.body, "destroy");
  if (attribute === undefined) return undefined;
  const { expression } = attribute;
  const destroy = asBool(expression.kind === "Literal" ? expression.value : (evaluate?.(attribute) ?? UNKNOWN));
  return destroy === undefined ? UNKNOWN : !destroy;
}

/**
 * A resource block's options: its `prevent_destroy` as the caller reads it, its `destroy` (a non-literal worked out
 * by `evaluate`, see `retainOnDeleteSetting`), and its `ignore_changes`.
 */
export function lifecycleOptions(block: Block, preventDestroy: ResourceOptions["preventDestroy"], evaluate?: (setting: Attribute) => Value): ResourceOptions {
  const ignoreChanges = ignoreChangesSetting(block);
  const retainOnDelete = retainOnDeleteSetting(block, evaluate);
  // Set only where written; without spreads, as this runs for every resource.
  const options: ResourceOptions = {};
  if (preventDestroy !== undefined) options.preventDestroy = preventDestroy;
  if (retainOnDelete !== undefined) options.retainOnDelete = retainOnDelete;
  if (ignoreChanges !== undefined) options.ignoreChanges = ignoreChanges;
  return options;
}

/** An attribute written as a reference, as a property path: `user[0].password` is `user.0.password`. */
function attributePath(expression: Expression): PropertyPath | undefined {
  if (expression.kind === "Variable") return expression.name;
  if (expression.kind !== "Traversal" || expression.source.kind !== "Variable") return undefined;
  const segments = [expression.source.name, ...expression.steps.map((step) => (step.type === "attribute" ? step.name : step.key))];
  return segments.every((segment) => typeof segment === "string" || typeof segment === "number") ? segments.join(".") : undefined;
}

/** Whether a module call's source is a directory of the caller's (Terraform's local paths), not a registry's, git's or the like. */
export function isLocalSource(source: string): boolean {
  return source.startsWith("./") || source.startsWith("../");
}

export function resolveCalledDirectory(dir: string): CalledDirectory {
  try {
    return { dir, real: realpathSync(dir) };
  } catch {
    return { dir, real: dir };
  }
}

/** One expanded instance of a resource or module: its address suffix and what `count`/`each` mean inside it. */
interface Instance {
  suffix: string;
  names: Record<string, Value>;
  /** What reading `each.value` (or `each`) draws on besides its value: a sensitive element, a value given from outside. */
  eachValue?: Pick<Trace, "sensitive" | "given">;
  /** The resource instance `each.value` is, or was worked out from alone (`{ for k, v in aws_x.y : k => v.id }`). */
  counterpart?: ResourceObject;
}

/**
 * Whether each instance iterates over another resource's instance of its own, which ties it to that counterpart, not
 * to all of them: `for_each = aws_x.y`, or a map of what each of them gives.
 */
function eachOwnCounterpart(instances: Instance[] | undefined): instances is Instance[] {
  return instances !== undefined && instances.length > 0 && instances.every((instance) => instance.counterpart !== undefined);
}

/**
 * What `count`, `for_each` or `enabled` asks for, before any instance is built: how many, and how to build them.
 * `over` is the argument that asks, to warn at when there are more than are evaluated.
 */
interface Expansion {
  size: number;
  build: () => Instance[];
  over?: { attribute: Attribute; file: ModuleFile; tooMany: () => string };
}

interface EvaluatedInstance {
  /** Its canonical kind (`canonicalKind`). */
  kind: string;
  address: string;
  suffix: string;
  props: Record<string, Value>;
  /** What it draws on, gathered while it is evaluated: its `count` or `for_each`, its properties, its `depends_on`. */
  dependencies: Set<string | ReachedAddresses>;
  /** What each top-level property refers to, where it refers to anything; all of it is in `dependencies` too. */
  references: Record<string, (string | ReachedAddresses)[]>;
  /** What reading it draws on, once it is evaluated: its `dependencies`; undefined where there are none. */
  reached?: ReachedAddresses;
  /** Where each of its property paths is written, located when a finding asks. */
  places: WrittenPlaces;
  /**
   * What the `jsonencode` each top-level property is encodes, where an expression built it elsewhere (a local, a
   * `for`, `concat()`): where its elements are written, for a finding inside the document. Made with the first.
   */
  encodedElsewhere?: Map<string, Value>;
  /** Paths whose value is one resource attribute read as it is, where there are any. */
  attributeReads?: Record<string, AttributeRead>;
  /** Paths whose value is text after one resource attribute read as it is, where there are any. */
  leadingReads?: Record<string, AttributeRead>;
  /** Paths whose value is text interpolating resource attributes read as they are, with each interpolation's read, where there are any. */
  interpolatedReads?: Record<string, readonly (AttributeRead | undefined)[]>;
  /** Paths whose value is read as it is through references named like a credential, where there are any. */
  credentialReads?: Record<string, readonly string[]>;
  /** Paths whose value, unknown, is one of a conditional's known results (`conditionalResults`), where there are any. */
  alternatives?: Record<string, readonly Value[]>;
  secretPaths: string[];
  /** Made with the first: most instances have none. */
  writtenSecrets?: string[];
  /** Top-level properties drawn from a value handed in at run: whether it is a literal somewhere is not known. */
  derivedProperties?: string[];
  /** See `Resource.fromUnscannedModules`. Made with the first: most instances read none. */
  fromUnscannedModules?: Record<string, string[]>;
  /** Evaluated once for a `count` or `for_each` unknown until apply: there may be none of it, or several. */
  existence?: UnknownExistence;
  /** Attributes the provider computes while planning, worked out with the block so their errors are reported there. */
  planned?: Record<string, Value>;
  /** The key its `provider` selects an instance of a configuration with `for_each` by, where it writes one. */
  providerKey?: Value;
  /** What its own region, set but not known, is read from (`regionRead`), where that places it. */
  regionRead?: RegionRead;
  /** Where it is placed (`instancePlacement`), once asked: `PLACING` while being worked out. */
  placement?: Placement | typeof PLACING;
}

/**
 * What a region not known is read from: the region of a resource or data source (`aws_lb.web.region`), placed as it
 * is; or a value one module instance holds (`var.region`, `module.app.local.region`), the same wherever it is read.
 */
type RegionRead = { place: RegionPlace } | { value: string };

/** Marks an instance whose placement is being worked out: a provider configuration that reads its region, a cycle. */
const PLACING = Symbol("placing");

/**
 * A step of evaluating a value in dependency order: the values (as referencesAlwaysRead gives them) to evaluate first,
 * last first, in the module instance they are read in (a module call's argument is read in the caller, for a
 * variable of the module), and what to do once they are, which may be another step. What to read first is worked
 * out only where evaluateInOrder walks in that order.
 */
interface Stage {
  readIn: ModuleInstance;
  toRead: () => ValueReference[];
  then: () => Stage | undefined;
}

interface Group {
  declaration: ResourceDeclaration;
  instances: EvaluatedInstance[];
  /** The instances by key (`byInstanceKey`); undefined for a single one, or while how many there are is not known. */
  byKey: Map<string | number, EvaluatedInstance> | undefined;
  /** What a reference to the resource sees. */
  value: Value;
  /** What a reference to all its instances draws on, shared by every such reference: set by the first. */
  drawnOn?: ReadonlySet<string | ReachedAddresses>;
}

interface ModuleGroup {
  instances: ModuleInstance[];
  /** The instances by key (`byInstanceKey`); undefined for a single one, or while how many there are is not known. */
  byKey: Map<string | number, ModuleInstance> | undefined;
  unknown: boolean;
  /**
   * A call whose source is not read, and why, following its address (`which is not downloaded`): its outputs are
   * unknown, and what it is given is recorded as the caller is emitted.
   */
  unscanned?: string;
  /** The module object, all its instances with all their outputs, and what it draws on: built by the first read of it. */
  whole?: Traced;
}

/** Whether a block's instances are numbered by `count`, a tuple even when empty, rather than keyed by `for_each`, an object. */
function expandsByCount(body: Body): boolean {
  return attributeNamed(body, "count") !== undefined;
}

/** Whether a block has one instance or, disabled, none (then references see null): it sets neither `count` nor `for_each`. */
function singleInstance(body: Body): boolean {
  return attributeNamed(body, "count") === undefined && attributeNamed(body, "for_each") === undefined;
}

/**
 * The command that downloads the modules a root module calls, run from where the check is: in the root's directory,
 * which is not where the call is written for a module's own calls, nor where a CDKTF project is (its stack's output
 * under cdktf.out/stacks/ is the root), and each root downloads its own.
 */
function initCommand(rootDir: string): string {
  const dir = displayPath(rootDir);
  if (dir === ".") return "terraform init";
  // Quoted for a POSIX shell where it holds more than a path's usual characters.
  return `terraform -chdir=${/^[\w@%+=:,./-]+$/.test(dir) ? dir : `'${dir.replace(/'/g, "'\\''")}'`} init`;
}

/** An existence hanging on `hangsOn`, whose expression was evaluated into `trace`. */
function unknownExistence(hangsOn: string, trace: Trace): UnknownExistence {
  return trace.unscannedModules === undefined ? { hangsOn } : { hangsOn, fromUnscannedModules: [...trace.unscannedModules] };
}

/** Functions whose result differs from one call to the next: the same expression calling one may not take one value. */
const PER_CALL_FUNCTIONS = new Set(["uuid", "timestamp", "bcrypt"]);

/**
 * An expression as written, but for where: two written alike take one value in one module instance. Undefined for
 * one that calls a function whose result differs per call.
 */
function writtenAlike(expression: Expression): string | undefined {
  let perCall = false;
  const text = JSON.stringify(expression, (key, value: unknown) => {
    if (key === "start" || key === "end") return undefined;
    if ((value as Partial<FunctionCallExpression> | null)?.kind === "FunctionCall" && PER_CALL_FUNCTIONS.has((value as FunctionCallExpression).name)) perCall = true;
    return value;
  });
  return perCall ? undefined : text;
}

/** What a block's instances hang on, as a finding names it: its `count` or `for_each`, or OpenTofu's `lifecycle { enabled }`. */
function expansionNamed(body: Body): string {
  return attributeNamed(body, "count") !== undefined ? "count" : attributeNamed(body, "for_each") !== undefined ? "for_each" : "`lifecycle { enabled }`";
}

/**
 * What each of a block's instances was made into (`made[i]` of `instances[i]`), by its key: `count.index` or
 * `each.key`, in their order; undefined for a block with one instance, or whose instances are not known. A map, so
 * each of n references to `x[key]` finds its instance without a scan: n instances reading their counterpart was n².
 */
function byInstanceKey<T>(body: Body, instances: readonly Instance[] | undefined, made: readonly T[]): Map<string | number, T> | undefined {
  if (instances === undefined || singleInstance(body)) return undefined;
  return new Map(instances.map((instance, index) => [instance.names.count ? (instance.names.count as { index: number }).index : (instance.names.each as { key: string }).key, made[index]]));
}

/**
 * The argument expansion() evaluates to tell how many instances a block has: none when there is none, or when
 * `enabled` is set beside `count` or `for_each`, which is refused unevaluated.
 */
function expansionArgument(body: Body): Attribute | undefined {
  const enabled = enabledSetting(body);
  const other = attributeNamed(body, "count") ?? attributeNamed(body, "for_each");
  if (enabled === undefined) return other;
  return other === undefined ? enabled : undefined;
}

/**
 * What evaluating a resource's body reads whenever it is evaluated, in that order, as referencesAlwaysRead gives it:
 * a `dynamic` block's content is read once per element, so only its `for_each` always is.
 */
function bodyReads(body: Body): ValueReference[] {
  const reads: ValueReference[] = [];
  addBodyReads(body, reads, true);
  reads.push(...dependsOnReferences(body));
  return reads;
}

/** Adds what a resource's body (`top`) or a nested block's reads to `reads`, as bodyReads tells. */
function addBodyReads(body: Body, reads: ValueReference[], top: boolean): void {
  for (const attribute of body.attributes) if (!top || !RESOURCE_META.has(attribute.name)) addReferencesAlwaysRead(attribute.expression, reads);
  for (const block of body.blocks) {
    if (top && RESOURCE_META_BLOCKS.has(block.type)) continue;
    if (block.type !== "dynamic") addBodyReads(block.body, reads, false);
    else {
      const forEach = attributeNamed(block.body, "for_each");
      if (forEach !== undefined) addReferencesAlwaysRead(forEach.expression, reads);
    }
  }
}

/** The resources a body's `depends_on` names (`aws_iam_role_policy.logs`); data sources and modules are not followed. */
function dependsOnReferences(body: Body): ValueReference[] {
  const attribute = attributeNamed(body, "depends_on");
  if (attribute?.expression.kind !== "Tuple") return [];
  return attribute.expression.elements.filter(
    (element): element is ValueReference => element.kind === "Traversal" && element.source.kind === "Variable" && element.steps[0]?.type === "attribute" && element.source.name !== "module" && element.source.name !== "data",
  );
}

/** OpenTofu 1.11's `lifecycle { enabled = ... }`, on a resource or a module call; Terraform refuses it. */
function enabledSetting(body: Body): Attribute | undefined {
  return lifecycleSetting(body, "enabled");
}

type Derivation = (props: Record<string, Value>) => Value | undefined;

/** An ID that is a configured name, where the name is known. */
function configured(argument: string): (props: Record<string, Value>) => string | undefined {
  return (props) => {
    const name = props[argument];
    return typeof name === "string" ? name : undefined;
  };
}

const bucketName = configured("bucket");

/**
 * The ID of a resource that configures a bucket: the bucket's name, followed by `,<account>` where
 * `expected_bucket_owner` is set. Modules chain them (`bucket = aws_s3_bucket_policy.this.id`) to order their creation.
 */
const bucketSettingId: Derivation = (props) => {
  const bucket = bucketName(props);
  const owner = props.expected_bucket_owner;
  if (bucket === undefined || owner === undefined || owner === null || owner === "") return bucket;
  return typeof owner === "string" ? `${bucket},${owner}` : undefined;
};

/** Computed attributes that follow from configured ones, so references to them stay exact where the name is known. */
const DERIVED: Record<string, Record<string, Derivation>> = {
  aws_s3_bucket: {
    id: bucketName,
    arn: (props) => {
      const bucket = bucketName(props);
      return bucket === undefined ? undefined : `arn:aws:s3:::${bucket}`;
    },
  },
  aws_s3_bucket_policy: { id: bucketSettingId },
  aws_s3_bucket_public_access_block: { id: bucketSettingId },
  aws_s3_bucket_ownership_controls: { id: bucketSettingId },
  aws_s3_bucket_versioning: { id: bucketSettingId },
  aws_s3_bucket_server_side_encryption_configuration: { id: bucketSettingId },
  aws_s3_bucket_logging: { id: bucketSettingId },
  aws_s3_bucket_lifecycle_configuration: { id: bucketSettingId },
  aws_cloudwatch_log_group: { id: configured("name") },
  aws_iam_role: { id: configured("name") },
  aws_iam_policy_document: { json: policyDocumentJson, minified_json: policyDocumentJson },
  // Its ID under another name: secondary groups join with it.
  aws_elasticache_global_replication_group: { global_replication_group_id: () => UNKNOWN_OWN_IDENTIFIER },
  // Identifiers the provider generates where the configuration leaves them out: never empty, as a replica's source.
  aws_db_instance: { identifier: () => UNKNOWN_OWN_IDENTIFIER },
  aws_rds_cluster_instance: { identifier: () => UNKNOWN_OWN_IDENTIFIER },
  aws_rds_cluster: { cluster_identifier: () => UNKNOWN_OWN_IDENTIFIER },
  aws_docdb_cluster: { cluster_identifier: () => UNKNOWN_OWN_IDENTIFIER },
  aws_neptune_cluster: { cluster_identifier: () => UNKNOWN_OWN_IDENTIFIER },
};

/**
 * Attributes the providers' schemas mark sensitive, data sources alike where they share the kind's name: Terraform
 * marks what reads them, set in the configuration or computed, so a generated password is a secret wherever it goes,
 * and a database's master password read from the database (`aws_db_instance.db.password`) is one too.
 */
const SENSITIVE_ATTRIBUTES: Record<string, readonly string[]> = {
  random_password: ["result", "bcrypt_hash"],
  tls_private_key: ["private_key_pem", "private_key_openssh", "private_key_pem_pkcs8"],
  aws_iam_access_key: ["secret", "ses_smtp_password_v4"],
  ...SENSITIVE_CREDENTIAL_ATTRIBUTES,
  // The schema marks the admin's name too, which is no credential.
  aws_redshiftserverless_namespace: [...SENSITIVE_CREDENTIAL_ATTRIBUTES.aws_redshiftserverless_namespace, "admin_username"],
};

/**
 * The objects a resource's nested blocks evaluate to. Seen from another block they are `BlockObject`s: the provider
 * computes attributes of nested blocks too (a DynamoDB replica's `arn`), so one the configuration does not set is
 * unknown there, not missing.
 */
const NESTED_BLOCKS = new WeakSet<Record<string, Value>>();

/**
 * An argument's value as references see it: nested blocks as `BlockObject`s; an object written there of the type the
 * provider's schema gives the argument, which is not followed (`tags` is a map, so `aws_vpc.main.tags == var.tags`
 * may be true).
 */
function asReferenced(value: Value): Value {
  if (isObject(value)) return ofTypeNotFollowed(value);
  if (!Array.isArray(value) || value.length === 0 || !NESTED_BLOCKS.has(value[0] as Record<string, Value>)) return value;
  return value.map((block) => new BlockObject(block as Record<string, Value>));
}

/** What a configured attribute is to a reference: an argument set to null is not set, and the provider may fill it in. */
function configuredAttribute(known: Readonly<Record<string, Value>>, name: string): Value | undefined {
  return Object.prototype.hasOwnProperty.call(known, name) && known[name] !== null ? asReferenced(known[name]) : undefined;
}

function computedAttribute(name: string): Value {
  return ALWAYS_SET_ATTRIBUTE.test(name) ? UNKNOWN_IDENTIFIER : UNKNOWN;
}

/** A computed attribute of a resource or data source itself: its own ID and ARN are never null (`UNKNOWN_OWN_IDENTIFIER`). */
function ownComputedAttribute(name: string): Value {
  return name === "id" || name === "arn" ? UNKNOWN_OWN_IDENTIFIER : computedAttribute(name);
}

class BlockObject extends PartialObject {
  override get(name: string): Value {
    return configuredAttribute(this.known, name) ?? computedAttribute(name);
  }
}

/** A data source whose `rendered` text the provider works out while planning from what it is given, and how. */
interface RenderedDataSource {
  /** The arguments the text is made of. */
  inputs: readonly string[];
  render: (props: Record<string, Value>, address: string, functions: FunctionContext) => Value;
}

const RENDERED_DATA_SOURCES: Readonly<Record<string, RenderedDataSource>> = {
  template_file: { inputs: ["template", "vars"], render: renderedTemplateFile },
  cloudinit_config: { inputs: ["part", "boundary"], render: renderedCloudinitConfig },
  template_cloudinit_config: { inputs: ["part"], render: renderedTemplateCloudinitConfig },
};

/**
 * The attributes of a `terraform_data` instance that are secret: its `output`, the input once applied and unknown of
 * its type while planning (Terraform plans it so, and a plan read beside the code says so), where any of its input is
 * secret, which no element of the unknown can say; the input itself where it is secret whole.
 */
function passedOnSecrets(instance: EvaluatedInstance): readonly string[] | undefined {
  const { secretPaths } = instance;
  if (secretPaths.includes("input")) return ["input", "output"];
  return secretPaths.some((path) => path.startsWith("input.")) ? ["output"] : undefined;
}

/** Whether a data source renders a secret: one of the arguments its text is made of is, or holds, one. */
function rendersSecret(instance: EvaluatedInstance, rendering: RenderedDataSource): boolean {
  return instance.secretPaths.some((path) => rendering.inputs.includes(path.split(".")[0]));
}

/**
 * AWS resources and data sources whose `region` attribute is their own, not the region they are managed in: AWS
 * provider 6 manages them from the provider configuration's region (they take no `region` argument), and they tell
 * another (a Direct Connect connection's location, a peering connection's requester, an ARN's region part).
 */
const OWN_REGION_ATTRIBUTE = new Set(["aws_dx_hosted_connection", "aws_ssmincidents_replication_set", "data.aws_arn", "data.aws_ssmincidents_replication_set", "data.aws_vpc_endpoint_service", "data.aws_vpc_peering_connection"]);

/**
 * Whether an attribute of an AWS resource or data source holds the region it is in: its `region` (AWS provider 6,
 * defaulting to the provider configuration's region and planned so, and in earlier providers of an `aws_region` or an
 * `aws_s3_bucket`, which held the same), and an `aws_region`'s `name`, which provider 6 keeps beside it.
 */
function holdsOwnRegion(kind: string, dataSource: boolean, attribute: string): boolean {
  if (attribute !== "region" && !(attribute === "name" && kind === "aws_region")) return false;
  return kind.startsWith("aws_") && !OWN_REGION_ATTRIBUTE.has(dataSource ? `data.${kind}` : kind);
}

/**
 * The argument that sets the region an instance is in, if it sets one: its own `region` (AWS provider 6); an
 * `aws_region` data source describes the region its `region`, deprecated `name` or `endpoint` (an EC2 endpoint's
 * host, no region's name) selects.
 */
function ownRegionArgument(kind: string, props: Readonly<Record<string, unknown>>): string | undefined {
  for (const name of kind === "aws_region" ? ["region", "name", "endpoint"] : ["region"]) if (props[name] !== undefined && props[name] !== null) return name;
  return undefined;
}

/** A resource instance as other blocks see it: its configuration, plus what the provider will compute. */
class ResourceObject extends PartialObject {
  constructor(
    /**
     * The instance it is: by its address, iterating over a resource's instances (`for_each = aws_s3_bucket.all`)
     * depends on each, and `each.value.url` reads that instance's attribute.
     */
    readonly instance: EvaluatedInstance,
    /** Whether it is a data source's instance, for the reads of its attributes (`AttributeRead.dataSource`). */
    readonly dataSource: boolean,
    /** Where the instance is placed, worked out when its region is read. */
    private readonly placed: () => Placement,
  ) {
    super(instance.props);
  }

  get kind(): string {
    return this.instance.kind;
  }

  get address(): string {
    return this.instance.address;
  }

  override get(name: string): Value {
    // A data source's region or a generated name, left null, is filled in by the provider.
    const { planned } = this.instance;
    return configuredAttribute(this.known, name) ?? (planned && ownAttribute(planned, name)) ?? DERIVED[this.kind]?.[name]?.(this.known as Record<string, Value>) ?? this.computed(name);
  }

  private computed(name: string): Value {
    if (!holdsOwnRegion(this.kind, this.dataSource, name)) return ownComputedAttribute(name);
    // The region it is placed in, as the provider plans it. One worked out from a secret stays unknown: no mark
    // could go with it here, and its placement carries it where the reader's region is read from this one.
    const { region, secretRegion } = this.placed();
    return region !== undefined && !secretRegion ? region : UNKNOWN;
  }
}

/**
 * A reference to an instance depends on it (a data source is no dependency of its own) and on what it depends on:
 * its attributes may carry their values (`bucket = aws_s3_bucket_policy.this.id` is the bucket's name).
 */
function dependOn(trace: Trace, instance: EvaluatedInstance, managed: boolean): void {
  if (managed) trace.dependencies.add(instance.address);
  if (instance.reached !== undefined) trace.dependencies.add(instance.reached);
}

/**
 * Makes what `trace` draws on one shared `ReachedAddresses`, for a value many read (a local, a variable, an output,
 * all of a resource's instances): each reader then adds that one entry, walked when asked, where copying its addresses
 * into each made n readers of a local built from n resources (`{ for k, q in aws_sqs_queue.dlq : k => q.arn }` read
 * per queue) quadratic: 8,000 queues took 3 GB, 12,000 ran out of memory. One entry alone is as cheap to copy, and
 * kept as it is.
 */
function shareDependencies(trace: Trace): Trace {
  if (trace.dependencies.size > 1) trace.dependencies = new Set([new ReachedAddresses([...trace.dependencies])]);
  return trace;
}

/** Keeps what a top-level property refers to, if anything: as the property's references, and among the instance's dependencies. */
function recordReferences(into: EvaluatedInstance, property: string, addresses: ReadonlySet<string | ReachedAddresses>): void {
  if (addresses.size === 0) return;
  // Own properties only: an argument may be named `__proto__`.
  const recorded = Object.hasOwn(into.references, property) ? into.references[property] : undefined;
  for (const address of addresses) {
    into.dependencies.add(address);
    if (recorded !== undefined && !recorded.includes(address)) recorded.push(address);
  }
  if (recorded === undefined) setOwnProperty(into.references, property, [...addresses]);
}

/** Keeps the module calls not scanned that a top-level property reads, each once. */
function recordUnscannedReads(into: EvaluatedInstance, property: string, modules: ReadonlySet<string>): void {
  const byProperty = (into.fromUnscannedModules ??= {});
  // Own properties only: an argument may be named `__proto__`.
  const recorded = Object.hasOwn(byProperty, property) ? byProperty[property] : [];
  if (recorded.length === 0) setOwnProperty(byProperty, property, recorded);
  for (const module of modules) if (!recorded.includes(module)) recorded.push(module);
}

/** What each top-level property refers to, as the model has it; built in a loop, as it is for every resource. */
function referencesReached(references: Readonly<Record<string, (string | ReachedAddresses)[]>>): Record<string, Addresses> {
  const reached: Record<string, Addresses> = {};
  for (const property in references) setOwnProperty(reached, property, addressesReached(references[property]));
  return reached;
}

/** Keeps what a top-level property referred to, gathered in `scratch`, which is emptied for the next property. */
function keepReferences(into: EvaluatedInstance, property: string, scratch: Set<string | ReachedAddresses>): void {
  recordReferences(into, property, scratch);
  scratch.clear();
}

/** What an instance's `props` is until its body is evaluated: evaluateBody records into the instance as it builds them. */
const NO_PROPS: Record<string, Value> = Object.freeze({});

/** The one instance a block with an unknown `count` or `for_each` is evaluated as, with its index or key unknown. */
const UNKNOWN_INSTANCE: Instance = { suffix: "", names: { count: { index: UNKNOWN }, each: { key: UNKNOWN, value: UNKNOWN } } };

/**
 * An instance key as Terraform writes it in addresses (`[0]`, `["a"]`), so that an address from `terraform plan`
 * names the same instance in an exclusion or a baseline: HCL's quoting, its `toHCLQuotedString`.
 */
export function instanceSuffix(key: string | number): string {
  return typeof key === "number" ? `[${key}]` : `[${quoteHcl(key)}]`;
}

function joinPath(path: string, key: string | number): string {
  return path === "" ? String(key) : `${path}.${key}`;
}

/** The provider a resource type is named after: `aws` for `aws_s3_bucket`. */
function providerOfType(type: string): string {
  const end = type.indexOf("_");
  return end === -1 ? type : type.slice(0, end);
}

/**
 * The provider configuration an expression names, bare as `provider` and `providers` take them (`aws`, `aws.east`),
 * and the expression of the instance key that selects one of a configuration with `for_each` (OpenTofu 1.9:
 * `aws.by_region[each.key]`), where one is written.
 */
function providerReference(expression: Expression): { name: string; key?: Expression } | undefined {
  if (expression.kind === "Literal") return typeof expression.value === "string" ? { name: expression.value } : undefined;
  if (expression.kind === "Variable") return { name: expression.name };
  if (expression.kind === "Index") {
    const configuration = providerReference(expression.collection);
    return configuration?.key === undefined && configuration !== undefined ? { name: configuration.name, key: expression.key } : undefined;
  }
  if (expression.kind !== "Traversal" || expression.source.kind !== "Variable") return undefined;
  // `aws.by_region["eu-west-1"]`: a literal key is the traversal's last step.
  const last = expression.steps.at(-1);
  const key: Expression | undefined = last?.type === "index" ? { kind: "Literal", value: last.key, start: last.start, end: last.end } : undefined;
  const steps = (key === undefined ? expression.steps : expression.steps.slice(0, -1)).map((step) => (step.type === "attribute" ? step.name : undefined));
  return steps.every((step) => step !== undefined) ? { name: [expression.source.name, ...steps].join("."), key } : undefined;
}

/**
 * A reference to what the module does not declare, or one that is no reference at all (`${HOME}` meant as a shell
 * variable): Terraform refuses the configuration before it evaluates anything, so no try() or can() catches it. The
 * reference alone is unknown, as one to a value known only at apply is: the text around it is still what was
 * committed, a literal secret beside it included.
 */
class InvalidReference extends ExpressionError {}

/** References that need each other: named by each value's address in its instance, whichever instance meets it first. */
class ReferenceCycle extends ExpressionError {}

/**
 * The name a reference's first step gives (`var.region`: `region`); one that has none fails, saying what `root`
 * needs. A function of its own: a closure built for each reference resolved was a share of evaluation's garbage.
 */
function nameAfter(root: string, first: string | undefined, what: string, at: Node): string {
  if (first === undefined) throw new InvalidReference(`"${root}" must be followed by ${what}`, at.start);
  return first;
}

/**
 * Whether what a trace made is, or holds, a value Terraform sees as ephemeral, which it refuses where it keeps or
 * passes on only what is not: one ephemeral as a whole, or a container holding an ephemeral element.
 */
function holdsEphemeral(trace: Trace): boolean {
  return trace.ephemeral === "value" || trace.ephemeral === "held";
}

/**
 * Whether an argument is write-only (Terraform 1.11), sent to the provider and never stored: by the providers'
 * convention one is named `*_wo` (every one of the AWS provider's is; its `has_*_wo` flags are computed, never given).
 */
function isWriteOnly(argument: string): boolean {
  return argument.endsWith("_wo") && !argument.startsWith("has_");
}

/** The AWS provider's blocks that assume a role, in whose account its resources then are. */
const ROLE_BLOCKS: readonly (string | undefined)[] = ["assume_role", "assume_role_with_web_identity"];

/** A root module's provider configurations that have no block: empty, their region from the environment. */
const IMPLIED_PROVIDER = (name: string): Placement => ({ regionFrom: name });

export class ModuleInstance {
  /** Each variable's value, and where a caller wrote it when the value is one a module call gave. */
  private readonly variableValues = new Map<string, Pick<Input, "value" | "trace" | "writtenAt"> | typeof PENDING>();
  private readonly localValues = new Map<string, Traced | typeof PENDING>();
  private readonly groups = new Map<string, Group | typeof PENDING>();
  /**
   * Where an instance is placed, as its resource objects ask it (`instancePlacement`), until the unit is evaluated
   * (`release`): a resource object kept past it (a root output other roots read) then keeps no module instance, and
   * all it evaluated, alive.
   */
  private readonly placer: { place?: (declaration: ResourceDeclaration, instance: EvaluatedInstance) => Placement } = {
    place: (declaration, instance) => this.instancePlacement(declaration, instance),
  };
  private readonly moduleGroups = new Map<string, ModuleGroup | typeof PENDING>();
  private readonly outputValues = new Map<string, OutputValue | typeof PENDING>();
  /** What each local value and variable read as it is (`local.db_password`), once: null where it reads none. */
  private readonly namedValueReads = new Map<string, AttributeRead | null | typeof PENDING>();
  /** Which resource attribute each local value's text starts with (`leadingRead`), once asked: null where none. */
  private readonly namedValueLeadingReads = new Map<string, AttributeRead | null | typeof PENDING>();
  /** What each interpolation of each local value's text reads (`interpolatedReads`), once asked: null where it is no such text. */
  private readonly namedValueInterpolatedReads = new Map<string, readonly (AttributeRead | undefined)[] | null | typeof PENDING>();
  /** What each local value and variable reads a region from (`regionRead`), once asked: null where from nothing. */
  private readonly namedValueRegions = new Map<string, RegionRead | null | typeof PENDING>();
  /** Where each local value that passes on a variable as it is was written (`writtenElsewhere`), once: null where here. */
  private readonly localsWrittenElsewhere = new Map<string, SourceLocation | null | typeof PENDING>();
  /** The files what this instance evaluates may be written in (`writtenFiles`), once. */
  private filesWritten?: ReadonlySet<string>;
  /** Locates the elements of this instance's resources where they were written, once for all of them. */
  private elementLocator?: NonNullable<Resource["writtenElementLocation"]>;
  private emitted = false;
  /** The variables an expression reads, a variable's own validation aside: one nothing reads needs no value to check. */
  private readonly readVariables = new Set<string>();
  /** The outputs read through each `terraform_remote_state` data source that no stack evaluated gave (`readOutputsUnresolved`). */
  private readonly unresolvedStackOutputs = new Map<string, Set<string>>();
  /** The variable whose validation conditions are being evaluated: its own conditions reading it are no use of it. */
  private validating: string | undefined;
  private readonly moduleScope: Scope;
  private readonly placements = new Map<string, Placement>();
  /** The instances of each provider configuration with `for_each`, by key; undefined where its for_each is not known. */
  private readonly providerExpansions = new Map<string, Map<string | number, Instance> | undefined>();
  private readonly functions: FunctionContext;
  /** What the blocks whose instances are not known hang on, by their expansion as written (`blockExistence`). */
  private existences?: Map<string, UnknownExistence>;
  /** The resource block whose body is being evaluated, by its address, where its instances are not known, and what they hang on. */
  private bodyUnder?: { address: string; existence: UnknownExistence };

  constructor(
    private readonly run: EvaluationRun,
    readonly definition: ModuleDefinition,
    /** `""` for the root, `module.app.` or `module.app["a"].` for a child. */
    readonly prefix: string,
    /** Key of the module in `.terraform/modules/modules.json` terms: `""` root, `app`, `app.db`. */
    private readonly moduleKey: string,
    /** Values given to the module's variables: tfvars for the root, the module block's arguments for a child. */
    private readonly inputs: ModuleInputs,
    /** The directories of the module instances from the root down to this one, the root's first and this one's last. */
    private readonly calls: readonly CalledDirectory[],
    /**
     * This instance is the definition's only reader (a root module, which the loader hands out once): each resource
     * block is let go once its instances are emitted, since nothing reads it again and a large configuration's
     * syntax trees are most of its memory.
     */
    private readonly consumesDefinition = false,
    /**
     * Called with a `count` or `for_each` unknown until apply, directly or further up: its resources may not exist.
     * What that hangs on, as a finding names it (`the count of module.db`); undefined where they do exist.
     */
    private readonly existence?: UnknownExistence,
    /**
     * The construct path CDKTF gave the module call this instance is in (its `"//"` metadata), and that call's
     * instance's address prefix: its resources' construct path and, after the prefix, their address within it,
     * unless they have a path of their own.
     */
    private readonly constructCall?: { path: string; prefix: string },
    /** Where the provider configurations the module is given, by the names it uses, place resources. */
    private readonly givenProvider: (name: string) => Placement = IMPLIED_PROVIDER,
  ) {
    const openTofu = definition.files.some((file) => isOpenTofuFileName(file.fileName));
    this.functions = openTofu ? { ...run.functions, openTofu } : run.functions;
    this.moduleScope = { functions: this.functions, resolve: (root, steps, trace, at) => this.resolve(root, steps, trace, at) };
  }

  /** Evaluates every resource of this module and of the modules it calls, adding them to the run. */
  /** Lets go of this instance and the module instances it calls for their resource objects (`placer`): the unit is evaluated. */
  release(): void {
    this.placer.place = undefined;
    for (const group of this.moduleGroups.values()) if (group !== PENDING) for (const child of group.instances) child.release();
  }

  emit(): void {
    if (this.emitted) return;
    this.emitted = true;
    if (!this.run.modules.has(this.definition)) this.markTemplateSources();
    this.run.modules.add(this.definition);
    if (this.definition.moved.length > 0) this.run.movedIn.push({ definition: this.definition, prefix: this.prefix });
    if (this.definition.removed.length > 0) this.run.removedIn.push({ definition: this.definition, prefix: this.prefix });
    for (const file of this.definition.files) if (!file.json) this.run.suppressions.push(...this.run.readComments(file, this.prefix));
    // By forEach: a for...of over a Map in baseline code allocates an entry, and destructuring it an iterator, per resource.
    this.definition.resources.forEach((declaration, key) => {
      if (declaration.mode === "managed") this.emitManaged(key, declaration);
    });
    this.emitConfigurationBlocks();
    // Terraform refuses an output that names what does not exist; a caller may read none of them, so read each.
    for (const [name, declaration] of this.definition.outputs) this.output(name, newTrace(), declaration.block);
    this.evaluateEveryVariable();
    // And an argument the module never reads, which is still evaluated and may fail.
    for (const name of this.inputs.keys()) if (!this.variableValues.has(name)) this.inputs.get(name);
    // And every local value, as Terraform does: an error in one nothing reads still fails the plan. After the
    // variables, so that a variable's validation that reads a local through a module call finds the variable evaluated.
    for (const [name, declaration] of this.definition.locals) if (!this.localValues.has(name)) this.local(name, newTrace(), declaration.attribute);
    // And every data source, as Terraform reads each at plan: an error in one nothing reads still fails it.
    this.definition.resources.forEach((declaration, key) => {
      if (declaration.mode === "data") this.group(key);
    });
    for (const name of this.definition.moduleCalls.keys()) {
      const group = this.moduleGroup(name);
      if (group?.unscanned !== undefined) this.recordUnscanned(name);
      for (const child of group?.instances ?? []) child.emit();
    }
  }

  /** Adds a managed resource's instances to the run, or counts them where no enabled rule judges its kind. */
  private emitManaged(key: string, declaration: ResourceDeclaration): void {
    const kind = canonicalKind(declaration.type);
    if (this.run.judgedKinds?.has(kind) === false) {
      // Counted as instances, as judged kinds are: a block with `count = 0` or `for_each = {}` declares none, and a
      // kind left at 0 would read in the not-judged notice as "any of the 0 resources here: <kind> (0)".
      const instances = this.instanceCount(declaration);
      if (instances > 0) this.run.unjudged.set(kind, (this.run.unjudged.get(kind) ?? 0) + instances);
      // A block evaluated later may still refer to it, and would then need it whole.
      if (this.definition.files.some((file) => file.references.get(declaration.type)?.has(declaration.name))) return;
    } else {
      const group = this.group(key);
      if (group === undefined) return;
      const { instances } = group;
      for (let index = 0; index < instances.length; index++) this.run.resources.push(this.toResource(declaration, instances[index]));
    }
    // Emptied where it is, building no new body: nothing else holds the body itself.
    if (this.consumesDefinition) {
      const { body } = declaration.block;
      body.attributes.length = 0;
      body.blocks.length = 0;
    }
  }

  /**
   * Adds the blocks that configure Terraform itself and take credentials to the run, as resources of their own kinds:
   * each provider configuration the module declares, and its `terraform` blocks' backend (or `cloud`) and OpenTofu
   * state encryption key providers. Evaluated as a resource's body is, a rule judges what is written into them as it
   * judges a resource's arguments, with their locations, suppressions and baseline entries.
   */
  private emitConfigurationBlocks(): void {
    for (const file of this.definition.files) {
      for (const top of file.body.blocks) {
        for (const { kind, key, block } of configurationBlocks(top)) {
          if (this.run.judgedKinds?.has(kind) === false) continue;
          for (const instance of this.configurationInstances(kind, key)) {
            this.run.resources.push(this.configurationBlock(kind, key + instance.suffix, block, file, this.scope(instance.names, undefined, instance.eachValue)));
          }
        }
      }
    }
  }

  /**
   * The instances of a block that configures Terraform: one, or for a provider configuration with `for_each`
   * (OpenTofu 1.9) one per key, each with its own `each`; while that for_each is not known, one whose `each` is not.
   */
  private configurationInstances(kind: string, key: string): readonly Instance[] {
    const name = key.slice("provider.".length);
    const declared = kind === PROVIDER_CONFIGURATION ? this.definition.providers.get(name) : undefined;
    if (declared === undefined || attributeNamed(declared.block.body, "for_each") === undefined) return SINGLE_INSTANCE;
    const instances = this.providerInstances(name, declared);
    return instances === undefined ? [UNKNOWN_INSTANCE] : [...instances.values()];
  }

  /** One block that configures Terraform, keyed `key` in its module (`provider.aws.west`), as a resource of `kind`. */
  private configurationBlock(kind: string, key: string, block: Block, file: ModuleFile, scope: Scope): Resource {
    const address = `${this.prefix}${key}`;
    const evaluated: EvaluatedInstance = { kind, address, suffix: "", props: NO_PROPS, dependencies: new Set(), references: {}, places: new WrittenPlaces(), secretPaths: [] };
    evaluated.props = this.evaluateBody(block.body, scope, evaluated, "", file);
    return Object.assign(new LocatedWhenRead(evaluated.places), {
      kind,
      address,
      // After `provider.` or `terraform.`: `aws.west`, `backend.s3`.
      name: key.slice(key.indexOf(".") + 1),
      engine: configurationEngine(file.fileName),
      props: toModelValue(evaluated.props) as Record<string, unknown>,
      options: {},
      location: locate(file, block.start),
      calledFrom: this.inputs.outermostCall,
      secretPaths: evaluated.secretPaths,
      writtenSecrets: evaluated.writtenSecrets,
      derivedProperties: evaluated.derivedProperties,
      existenceUnknown: this.existence,
    }) satisfies Resource;
  }

  /**
   * The variables something reads that declare no default and were given no value, where each is declared. For the
   * root (whose inputs are the values given on the command line, in tfvars files and in `TF_VAR_`), Terraform asks for
   * them at plan; here they are unknown to all that reads them.
   */
  readWithoutValue(): { name: string; at: { file: string; line: number; column: number } }[] {
    return [...this.definition.variables]
      .filter(([name, { block }]) => this.readVariables.has(name) && !declaresDefault(block) && this.inputs.get(name) === undefined)
      .map(([name, { block, file }]) => ({ name, at: locate(this.fileOf(block, file), block.start) }));
  }

  /** Terraform checks every variable's value, and its validations, whether or not anything reads it. */
  private evaluateEveryVariable(): void {
    for (const [name, declaration] of this.definition.variables) if (!this.variableValues.has(name)) this.variable(name, newTrace(), declaration.block);
  }

  /**
   * Each variable's value as the evaluation takes it (given, else its default, converted to its type; unknown where
   * none was given or it was refused), with or without emitting: a plan made with other values is of another evaluation.
   */
  evaluatedVariables(): Map<string, Value> {
    this.evaluateEveryVariable();
    return new Map([...this.variableValues].flatMap(([name, evaluated]) => (evaluated === PENDING ? [] : [[name, evaluated.value]])));
  }

  /**
   * Tells of each file a templatefile() call names by a path the module's own location settles (a literal, or built
   * from `path.module`, `path.root` or `path.cwd`), wherever the call is: in a resource of a kind no rule judges, which
   * is not evaluated, in a local nothing reads, in a branch not taken. Its text is a template whatever reads its
   * rendering, never a file to read as it stands.
   */
  private markTemplateSources(): void {
    const pathsOnly: Scope = {
      functions: this.functions,
      resolve: (root, steps, trace, at) => {
        if (root === "path") return this.resolve(root, steps, trace, at);
        throw new ExpressionError(`"${root}" is not known before the module is evaluated`, at.start);
      },
    };
    for (const file of this.definition.files) {
      for (const call of file.templateFileCalls) {
        try {
          const path = evaluateWhole(call.args[0], pathsOnly, newTrace());
          if (typeof path === "string") this.functions.templateRead?.(filePath(this.functions, path));
        } catch (error) {
          // A path that needs more than the module's location is told of when evaluation reads it, if it does.
          if (!(error instanceof EvaluationError)) throw error;
        }
      }
    }
  }

  /**
   * How many instances a resource asks for, evaluating no more of it than `count` or `for_each` and building none:
   * it is counted, not evaluated, so there is no limit to how many are evaluated to warn of, and no list to build.
   */
  private instanceCount(declaration: ResourceDeclaration): number {
    return this.expansion(declaration.block.body, newTrace(), declaration.file)?.size ?? 1;
  }

  private toResource(declaration: ResourceDeclaration, instance: EvaluatedInstance): Resource {
    const { block, file } = declaration;
    const resourceLocation: SourceLocation = locate(file, block.start);
    if (file.json && block.jsonComment !== undefined) {
      const metadata = this.run.readMetadata(block.jsonComment, instance.address, resourceLocation);
      if (metadata.constructPath !== undefined) resourceLocation.constructPath = metadata.constructPath;
      this.run.suppressions.push(...metadata.suppressions);
    }
    if (resourceLocation.constructPath === undefined && this.constructCall !== undefined) {
      resourceLocation.constructPath = this.constructCall.path;
      resourceLocation.addressInConstruct = instance.address.slice(this.constructCall.prefix.length);
    }
    const options = lifecycleOptions(block, this.preventDestroy(block, file), (setting) => this.evaluateReported(setting.expression, this.moduleScope, newTrace(), this.fileOf(setting, file)));
    const props = toModelValue(instance.props) as Record<string, unknown>;
    return Object.assign(new LocatedWhenRead(instance.places), {
      kind: instance.kind,
      address: instance.address,
      name: declaration.name + instance.suffix,
      // What wrote the resource's own file: a directory may hold CDKTF output and hand-written `.tf` files beside it.
      engine: configurationEngine(file.fileName),
      props,
      options,
      location: resourceLocation,
      calledFrom: this.inputs.outermostCall,
      callersDataDirectory: this.inputs.outermostCall && this.run.dataDirectory,
      secretPaths: instance.secretPaths,
      writtenSecrets: instance.writtenSecrets,
      derivedProperties: instance.derivedProperties,
      dependencies: instance.reached?.without(instance.address) ?? [],
      references: referencesReached(instance.references),
      attributeReads: instance.attributeReads,
      leadingReads: instance.leadingReads,
      interpolatedReads: instance.interpolatedReads,
      credentialReads: instance.credentialReads,
      alternatives: instance.alternatives,
      writtenElementLocation: instance.encodedElsewhere === undefined ? (this.elementLocator ??= locatorIn(this.writtenFiles())) : locatorIn(this.writtenFiles(), instance.encodedElsewhere),
      existenceUnknown: instance.existence,
      fromUnscannedModules: instance.fromUnscannedModules,
      placement: this.instancePlacement(declaration, instance),
    }) satisfies Resource;
  }

  /**
   * Where an instance is placed: its own region (`ownRegionArgument`) where it sets one, else its provider
   * configuration's place. Worked out once, when its resource is emitted or its region read first.
   */
  private instancePlacement(declaration: ResourceDeclaration, instance: EvaluatedInstance): Placement {
    if (instance.placement === undefined) {
      instance.placement = PLACING;
      instance.placement = this.placement(declaration, instance);
    }
    // A provider configuration that reads the region of a resource it places is a cycle, which Terraform refuses.
    return instance.placement === PLACING ? {} : instance.placement;
  }

  private placement(declaration: ResourceDeclaration, instance: EvaluatedInstance): Placement {
    const chosen = attributeNamed(declaration.block.body, "provider");
    // Without `provider`, a resource uses the default configuration of the provider its type is named after.
    const name = chosen === undefined ? providerOfType(declaration.type) : providerReference(chosen.expression)?.name;
    const at = chosen && { node: chosen, file: this.fileOf(chosen, declaration.file) };
    const configured = name === undefined ? {} : this.placementOf(name, instance.providerKey, at);
    const argument = ownRegionArgument(instance.kind, instance.props);
    // An endpoint selects a region without naming it.
    const ownRegion = argument === undefined ? undefined : argument === "endpoint" ? UNKNOWN : toModelValue(instance.props[argument]);
    const read = instance.regionRead;
    return placementByOwnRegion({ region: ownRegion }, configured, read && ("place" in read ? read.place : valuePlace(read.value, configured)));
  }

  /**
   * The instance key a resource instance's `provider` selects a configuration's instance by (`aws.by_region[each.key]`),
   * evaluated in the resource instance's scope; undefined where it writes none.
   */
  private providerKey(declaration: ResourceDeclaration, scope: Scope): Value | undefined {
    const chosen = attributeNamed(declaration.block.body, "provider");
    const key = chosen && providerReference(chosen.expression)?.key;
    return key && this.evaluateReported(key, scope, newTrace(), this.fileOf(chosen, declaration.file));
  }

  /**
   * Where the provider configuration this module calls `name` (`aws`, `aws.east`) places resources: for one with
   * `for_each` (OpenTofu 1.9), the instance `key` selects, each evaluated with its own `each`. What leaves the place
   * unknown besides its settings (a key not known, or none where one is needed) is told at `at`, the reference.
   */
  private placementOf(name: string, key?: Value, at?: { node: Node; file: ModuleFile }): Placement {
    const declared = this.definition.providers.get(name);
    const forEach = declared && attributeNamed(declared.block.body, "for_each");
    if (key === undefined && forEach === undefined) {
      return getOrAdd(this.placements, name, () =>
        declared === undefined || isProxy(declared.block) ? this.givenProvider(name) : this.declaredPlacement(`${this.prefix}${name}`, declared.block, declared.file, this.moduleScope),
      );
    }
    const instances = declared && forEach && this.providerInstances(name, declared);
    const instance = instances !== undefined && typeof key === "string" ? instances.get(key) : undefined;
    if (declared !== undefined && instance !== undefined) {
      return getOrAdd(this.placements, name + instance.suffix, () =>
        this.declaredPlacement(`${this.prefix}${name}${instance.suffix}`, declared.block, declared.file, this.scope(instance.names, undefined, instance.eachValue)),
      );
    }
    // The key is not printed: it may be worked out from a secret.
    const why =
      forEach === undefined
        ? `provider configuration ${name} has no for_each, so OpenTofu refuses an instance key for it`
        : key === undefined
          ? `provider configuration ${name} has for_each, so OpenTofu requires an instance key to select one of its instances (${name}[each.key])`
          : instances === undefined
            ? `which instance of provider configuration ${name} is used is not known: its for_each is not known`
            : isUnknown(key) || isPartial(key)
              ? `which instance of provider configuration ${name} is used is not known: the key is not known`
              : `provider configuration ${name} has no instance of that key, which OpenTofu refuses`;
    if (at !== undefined) this.reportAt(at.node, at.file, `${why}; the region and account it places resources in are not known`);
    return { regionFrom: `${this.prefix}${name}` };
  }

  /** The instances of a provider configuration with `for_each`, by key; undefined while its for_each is not known. */
  private providerInstances(name: string, declared: { block: Block; file: ModuleFile }): Map<string | number, Instance> | undefined {
    // Not getOrAdd: a for_each not known is kept too, not expanded (and warned of) again.
    if (!this.providerExpansions.has(name)) {
      const instances = this.expand(declared.block.body, newTrace(), declared.file);
      this.providerExpansions.set(name, instances && byInstanceKey(declared.block.body, instances, instances));
    }
    return this.providerExpansions.get(name);
  }

  private declaredPlacement(key: string, block: Block, file: ModuleFile, scope: Scope): Placement {
    const setting = (body: Body, name: string, trace = newTrace()) => {
      const attribute = attributeNamed(body, name);
      return attribute && toModelValue(this.evaluateReported(attribute.expression, scope, trace, this.fileOf(attribute, file)));
    };
    const roles = (type: string) => block.body.blocks.filter((inner) => inner.type === type).map((role) => setting(role.body, "role_arn"));
    // A role assumed in a `dynamic` block is one, whose ARN is not read here.
    const dynamicRoles = block.body.blocks.filter((inner) => inner.type === "dynamic" && ROLE_BLOCKS.includes(inner.labels[0]?.value));
    const account = accountPlacement(key, {
      assumedRoles: roles("assume_role"),
      webIdentityRoles: roles("assume_role_with_web_identity"),
      otherSettings: [...AWS_CREDENTIAL_ARGUMENTS.map((name) => setting(block.body, name)), ...dynamicRoles.map(() => true)],
      allowedAccountIds: setting(block.body, "allowed_account_ids"),
    });
    const regionTrace = newTrace();
    const region = setting(block.body, "region", regionTrace);
    // A region from a sensitive (or ephemeral) variable still places the resources; findings must not print it.
    return { ...regionPlacement(key, region, regionTrace.sensitive || regionTrace.ephemeral === "value"), ...account };
  }

  /**
   * The provider configurations a module call gives the module at `childPrefix`: those its `providers` map names,
   * or, without one, the caller's default (unaliased) configurations. Any other is one of the module's own.
   */
  private providersGiven(block: Block, file: ModuleFile, childPrefix: string, scope: Scope): (name: string) => Placement {
    const own = (name: string): Placement => ({ regionFrom: `${childPrefix}${name}` });
    const providers = attributeNamed(block.body, "providers");
    if (providers === undefined) return (name) => (name.includes(".") ? own(name) : this.placementOf(name));
    const written = this.fileOf(providers, file);
    const given = new Map<string, { name: string; key?: Expression; item: Node }>();
    for (const item of providers.expression.kind === "Object" ? providers.expression.items : []) {
      const [inModule, inCaller] = [providerReference(item.key), providerReference(item.value)];
      if (inModule !== undefined && inModule.key === undefined && inCaller !== undefined) given.set(inModule.name, { ...inCaller, item: item.value });
    }
    return (name) => {
      const inCaller = given.get(name);
      if (inCaller === undefined) return own(name);
      // `aws = aws.by_region[each.key]`: the key is the call instance's.
      const key = inCaller.key && this.evaluateReported(inCaller.key, scope, newTrace(), written);
      return this.placementOf(inCaller.name, key, { node: inCaller.item, file: written });
    };
  }

  /** `lifecycle { prevent_destroy = true }`; one that is no literal is reported at its place, as Terraform refuses it. */
  private preventDestroy(block: Block, file: ModuleFile): boolean | typeof NOT_A_LITERAL | undefined {
    const setting = preventDestroySetting(block);
    if (setting?.value === NOT_A_LITERAL) {
      const message = "prevent_destroy must be a literal true or false, which Terraform requires (it refuses a variable, a reference or a function call there); whether the resource is protected is not known";
      this.reportAt(setting.attribute, this.fileOf(setting.attribute, file), message);
    }
    return setting?.value;
  }

  // ---- scope

  /**
   * The scope of an instance: `names` are its `count` or `each`, and `drawnOn` what they were worked out from. An
   * argument that reads `count` or `each` draws on that, as on any other reference.
   */
  private scope(names: Record<string, Value>, drawnOn?: ReadonlySet<string | ReachedAddresses>, eachValue?: Instance["eachValue"]): Scope {
    // Most instances have neither `count` nor `each`: they read what the module does, in its scope, not one built for each.
    if (Object.keys(names).length === 0) return this.moduleScope;
    const local = withLocals(this.moduleScope, names);
    if ((drawnOn === undefined || drawnOn.size === 0) && !eachValue?.sensitive && !eachValue?.given) return local;
    return {
      functions: local.functions,
      resolve: (root, steps, trace, at) => {
        if ((root === "each" || root === "count") && drawnOn !== undefined) for (const address of drawnOn) trace.dependencies.add(address);
        if (root === "each" && steps[0]?.name !== "key" && eachValue !== undefined) {
          if (eachValue.sensitive) trace.sensitive = true;
          markGiven(trace, eachValue.given);
        }
        return local.resolve(root, steps, trace, at);
      },
    };
  }

  private resolve(root: string, steps: readonly Step[], trace: Trace, at: Node): { value: Value; consumed: number } {
    try {
      return this.resolveReference(root, steps, trace, at);
    } catch (error) {
      if (!(error instanceof InvalidReference)) throw error;
      // Reported as a warning by whoever reports the expression, as a function we lack is.
      (trace.unsupported ??= []).push(error);
      return { value: UNKNOWN, consumed: steps.length };
    }
  }

  private resolveReference(root: string, steps: readonly Step[], trace: Trace, at: Node): { value: Value; consumed: number } {
    const first = steps[0]?.name;
    switch (root) {
      case "var": {
        const name = nameAfter(root, first, "a variable name", at);
        if (name !== this.validating) this.readVariables.add(name);
        return { value: this.variable(name, trace, at), consumed: 1 };
      }
      case "local":
        return { value: this.local(nameAfter(root, first, "a local value name", at), trace, at), consumed: 1 };
      case "module":
        return this.moduleReference(nameAfter(root, first, "a module name", at), steps, trace, at);
      case "data": {
        const type = nameAfter(root, first, "a data source type", at);
        const name = steps[1]?.name;
        if (name === undefined) throw new InvalidReference(`"data.${type}" must be followed by a name`, at.start);
        const reference = this.resourceReference(`data.${type}.${name}`, steps[2], trace, at);
        const fromStack = type === "terraform_remote_state" ? this.crossStackOutput(name, steps, trace) : undefined;
        return fromStack ?? { value: reference.value, consumed: reference.consumed + 1 };
      }
      case "path": {
        const which = nameAfter(root, first, "module, root or cwd", at);
        if (which !== "module" && which !== "root" && which !== "cwd") throw new InvalidReference(`path.${which} does not exist`, at.start);
        // `path.cwd` stays absolute, as in Terraform: the directory it runs in, the root module's.
        return { value: which === "cwd" ? this.run.functions.baseDir : which === "root" ? "." : this.modulePath(), consumed: 1 };
      }
      case "terraform":
        if (nameAfter(root, first, "workspace", at) === "workspace") return { value: this.run.workspace(), consumed: 1 };
        if (first !== "applying") return { value: UNKNOWN, consumed: 1 };
        // `terraform.applying` (1.10) is ephemeral: false at plan, true at apply. Only what is deployed is judged, and
        // that is at apply: a provider that assumes a read-only role to plan and another to apply (Terraform's own
        // example) creates resources with the apply role, in its account.
        markEphemeral(trace, "value");
        return { value: true, consumed: 1 };
      case "ephemeral": {
        const key = `${nameAfter(root, first, "an ephemeral resource type", at)}.${steps[1]?.name ?? ""}`;
        if (!this.definition.ephemeralResources.has(key)) throw new InvalidReference(`reference to undeclared ephemeral.${key}`, at.start);
        // Opened at apply time and never stored: a credential read from a secret store, as a secret is.
        trace.sensitive = true;
        markEphemeral(trace, "value");
        return { value: UNKNOWN, consumed: 2 };
      }
      case "self":
        return { value: UNKNOWN, consumed: 0 };
      case "count":
      case "each":
        throw new InvalidReference(`"${root}" can only be used in a block that sets ${root === "each" ? "for_each" : "count"}`, at.start);
    }
    if (first === undefined) throw new InvalidReference(`"${root}" must be followed by a resource name, which Terraform refuses`, at.start);
    const key = `${root}.${first}`;
    if (!this.definition.resources.has(key)) throw new InvalidReference(`reference to undeclared "${root}" (no resource ${key} in this module)`, at.start);
    return this.resourceReference(key, steps[1], trace, at);
  }

  /**
   * `data.terraform_remote_state.<name>.outputs.<output>` read in a CDKTF stack's root, where CDKTF wires a value of
   * another stack: that stack's output, when it is evaluated in this run. Undefined otherwise, and the data source's
   * outputs stay unknown, as they are until Terraform reads the other stack's state.
   */
  private crossStackOutput(name: string, steps: readonly Step[], trace: Trace): { value: Value; consumed: number } | undefined {
    const output = steps[3]?.name ?? steps[3]?.key;
    if (this.prefix !== "" || steps[2]?.name !== "outputs" || typeof output !== "string") return undefined;
    const found = this.run.crossStackOutput(name, output);
    if (found === undefined) {
      getOrAdd(this.unresolvedStackOutputs, name, () => new Set<string>()).add(output);
      return undefined;
    }
    mergeTrace(trace, found.trace);
    return { value: found.value, consumed: 4 };
  }

  /**
   * The outputs the root read through each `terraform_remote_state` data source that no stack evaluated gave, by the
   * data source's name, with where it is declared: the notice that says why what reads them is unknown is placed there.
   */
  readOutputsUnresolved(): { dataSource: string; outputs: string[]; at: SourceLocation }[] {
    return [...this.unresolvedStackOutputs].flatMap(([dataSource, outputs]) => {
      const declaration = this.definition.resources.get(`data.terraform_remote_state.${dataSource}`);
      return declaration === undefined ? [] : [{ dataSource, outputs: [...outputs], at: locate(this.fileOf(declaration.block, declaration.file), declaration.block.start) }];
    });
  }

  /** The file a node of `file`'s block was written in: another one when an override file put it there. */
  private fileOf(node: Node, file: ModuleFile): ModuleFile {
    return this.definition.overrideOrigins?.get(node) ?? file;
  }

  /** Evaluates an expression; a failure is reported at its place and the value is unknown. */
  private evaluateReported(expression: Expression, scope: Scope, trace: Trace, file: ModuleFile): Value {
    let value: Value;
    try {
      value = evaluateIn(file, expression, scope, trace);
    } catch (error) {
      // Each expression on the way out claims it, so the outermost one is named.
      if (error instanceof TooDeepToEvaluate) throw new TooDeepToEvaluate(locate(file, expression.start), error.chain);
      if (isStackExhausted(error)) throw new TooDeepToEvaluate(locate(file, expression.start), [...this.run.evaluating]);
      if (!(error instanceof ExpressionError)) throw error;
      this.warn(error, file);
      value = UNKNOWN;
    }
    // Reported here, once: a local's trace reaches every expression that reads it.
    if (trace.unsupported !== undefined) {
      for (const unsupported of trace.unsupported) this.warn(unsupported, file);
      trace.unsupported = undefined;
    }
    return value;
  }

  private warn(error: ExpressionError, file: ModuleFile): void {
    const message = `${error.message}; treated as unknown`;
    // A cycle's message names its instances already, the same whichever instance meets it.
    if (error instanceof ReferenceCycle) this.run.report({ severity: "warning", code: "evaluation", message, ...locate(file, error.at) });
    else this.reportEvaluation(message, locate(file, error.at));
  }

  /**
   * A warning about what this instance evaluates. In a module called from elsewhere, with the instance: its file alone
   * does not tell which call's values it met the problem with (a module called with `create = false` beside one with
   * `true`), as a finding there tells it by its resource's address.
   */
  private reportEvaluation(message: string, at: SourceLocation): void {
    const call = this.inputs.outermostCall;
    this.run.report({ severity: "warning", code: "evaluation", message, ...at }, call && { instance: this.prefix.slice(0, -1), call });
  }

  // ---- variables, locals, outputs

  private variable(name: string, trace: Trace, at: Node): Value {
    if (this.variableValues.get(name) === PENDING) return this.cycle(`${this.prefix}var.${name}`, trace, at);
    if (!this.variableValues.has(name)) {
      if (!this.definition.variables.has(name)) throw new InvalidReference(`no variable "${name}" is declared in this module`, at.start);
      this.evaluateInOrder(this.beginVariable(name));
    }
    const evaluated = this.variableValues.get(name) as Traced;
    mergeTrace(trace, evaluated.trace);
    return evaluated.value;
  }

  /** A variable's evaluation, once what the value given for it always reads (in the caller) is evaluated. */
  private beginVariable(name: string): Stage {
    this.variableValues.set(name, PENDING);
    this.run.evaluating.push(`${this.prefix}var.${name}`);
    const read = this.inputs.alwaysRead?.(name);
    return { readIn: read?.readIn ?? this, toRead: () => read?.references().reverse() ?? [], then: () => this.evaluateVariable(name) };
  }

  private evaluateVariable(name: string): undefined {
    const declaration = this.definition.variables.get(name)!;
    const attribute = (attributeName: string) => attributeNamed(declaration.block.body, attributeName);
    const own = newTrace();
    const given = this.inputs.get(name);
    const fallback = attribute("default");
    const nullTakesDefault = replacesNull(declaration.block) && given?.value === null;
    let value: Value;
    let defaultAt: SourceLocation | undefined;
    if (given && !nullTakesDefault && holdsEphemeral(given.trace) && !declaresEphemeral(declaration.block)) {
      // Terraform refuses the call, so the module is never planned with it: no value is deployed.
      const message = `variable "${name}" is given an ephemeral value, which Terraform refuses for a variable not declared ephemeral = true; treated as unknown`;
      this.reportRefused(message, given.at, locate(declaration.file, declaration.block.start));
      value = UNKNOWN;
      mergeTrace(own, { ...given.trace, ephemeral: undefined });
    } else if (given && !nullTakesDefault) {
      value = given.value;
      mergeTrace(own, given.trace);
    } else if (fallback) {
      const file = this.fileOf(fallback, declaration.file);
      // Terraform allows no references in a default: an empty scope makes any reference an error.
      value = this.evaluateReported(fallback.expression, this.moduleScope, own, file);
      // An element of the default is found where the default writes it, and the whole value at the default.
      markWrittenBy(value, file, fallback.expression);
      defaultAt = locate(file, fallback.start);
    } else value = UNKNOWN;
    const type = attribute("type");
    const typeAt = type ?? declaration.block;
    const typeFile = this.fileOf(typeAt, declaration.file);
    const givenAt = given && !nullTakesDefault ? given.at : undefined;
    const writtenAt = given && !nullTakesDefault ? given.writtenAt : defaultAt;
    if (value === null && refusesNull(declaration.block)) {
      // Terraform refuses a null given (at plan) and a null default (at init) alike: no plan has the value.
      const nullGiven = given !== undefined && !nullTakesDefault;
      const refusal = nullGiven ? "it may not be set to null (nullable = false)" : "a null default is not valid with nullable = false";
      const declared = nullGiven || fallback === undefined ? declaration.block : fallback;
      this.reportRefused(`variable "${name}": ${refusal}; treated as unknown`, givenAt, locate(this.fileOf(declared, declaration.file), declared.start));
      value = UNKNOWN;
    }
    const sensitiveElements = sensitiveElementPaths(value);
    try {
      // An optional attribute's default is a constant: an empty scope makes any reference in it an error.
      value = convertToType(type?.expression, value, (fallback) => this.evaluateReported(fallback, this.moduleScope, own, typeFile));
      // A conversion that rebuilt what held a sensitive element (`any` unified) lost its mark: the whole is sensitive.
      if (!sensitiveElements.every((path) => markedAlong(value, path))) own.sensitive = true;
    } catch (error) {
      if (!(error instanceof EvaluationError)) throw error;
      // Terraform refuses the value; judged as given, "yes" for a bool would read as false.
      this.reportRefused(`variable "${name}": ${error.message}; treated as unknown`, givenAt, locate(typeFile, typeAt.start));
      value = UNKNOWN;
    }
    if (isLiteralTrue(attribute("sensitive"))) own.sensitive = true;
    // Terraform 1.10: the value is never stored, and must be given again at apply.
    if (declaresEphemeral(declaration.block)) markEphemeral(own, "value");
    this.run.evaluating.pop();
    shareDependencies(own);
    this.variableValues.set(name, { value, trace: own, ...(writtenAt && { writtenAt }) });
    if (!this.validate(name, declaration, givenAt)) {
      // Terraform's plan stops there: whatever is deployed was given another value, which we cannot know.
      this.variableValues.set(name, { value: UNKNOWN, trace: own });
    }
    return undefined;
  }

  /**
   * Warns where a variable's value surely fails one of its `validation` conditions, and says whether none does:
   * Terraform refuses such a value at plan. A condition that cannot be evaluated says nothing: rules never read it.
   */
  private validate(name: string, declaration: { block: Block; file: ModuleFile }, givenAt: GivenAt | undefined): boolean {
    let valid = true;
    for (const validation of declaration.block.body.blocks) {
      if (validation.type !== "validation") continue;
      const condition = attributeNamed(validation.body, "condition");
      if (condition === undefined) continue;
      let holds: Value;
      const outer = this.validating;
      this.validating = name;
      try {
        holds = evaluateIn(this.fileOf(condition, declaration.file), condition.expression, this.moduleScope, newTrace());
      } catch (error) {
        if (error instanceof ExpressionError) continue;
        throw error;
      } finally {
        this.validating = outer;
      }
      if (holds !== false) continue;
      // Its message may quote the value, which may be a secret: only a message with nothing interpolated is shown.
      const message = attributeNamed(validation.body, "error_message")?.expression;
      const reason = message?.kind === "Literal" && typeof message.value === "string" ? ` ("${message.value}")` : "";
      const at = locate(this.fileOf(condition, declaration.file), condition.start);
      const which = givenAt === undefined ? "this validation" : `the validation at ${at.file}:${at.line}`;
      this.reportRefused(`variable "${name}": its value fails ${which}${reason}, so Terraform refuses it at plan; treated as unknown`, givenAt, at);
      valid = false;
    }
    return valid;
  }

  /**
   * What Terraform refuses in a variable's value: where it was given (a module call's argument, a tfvars file's
   * value), naming what gave it (the call, a `--var` option); at the declaration for its default.
   */
  private reportRefused(message: string, givenAt: GivenAt | undefined, otherwise: SourceLocation): void {
    if (givenAt === undefined) this.reportEvaluation(message, otherwise);
    else this.run.report({ severity: "warning", code: "evaluation", message: givenAt.by === undefined ? message : `${givenAt.by}: ${message}`, ...givenAt.location });
  }

  private local(name: string, trace: Trace, at: Node): Value {
    if (this.localValues.get(name) === PENDING) return this.cycle(`${this.prefix}local.${name}`, trace, at);
    if (!this.localValues.has(name)) {
      if (!this.definition.locals.has(name)) throw new InvalidReference(`no local value "${name}" is declared in this module`, at.start);
      this.evaluateInOrder(this.beginLocal(name));
    }
    const evaluated = this.localValues.get(name) as Traced;
    mergeTrace(trace, evaluated.trace);
    return evaluated.value;
  }

  /**
   * Evaluates a value begun (a local value, resource or data source, a variable, an output). Where fewer than
   * `SHALLOW_CHAIN` values are being evaluated, it reads the others as it meets them. Deeper, first, deepest first, the
   * ones it reads whenever it is evaluated and the ones they read, across module calls too: each then finds those
   * already evaluated, so a chain of thousands of values each reading the next, or of module calls each given an
   * output of the one before, takes no more of the stack than the shallow part. Each waits, pending, while what it
   * reads is evaluated, exactly as when evaluating it reads them, so a cycle is found, and named, as it would be there.
   */
  private evaluateInOrder(first: Stage): void {
    // Each is evaluated once for all that read it, so what it reads is read whatever reads it first, a validation too.
    const validating = this.validating;
    this.validating = undefined;
    // In another module instance, as in this one: a value read there is read, whatever that instance validates.
    const evaluate = (stage: Stage) => (stage.readIn === this ? stage.then() : stage.readIn.unvalidated(stage.then));
    try {
      if (this.run.evaluating.length < SHALLOW_CHAIN) {
        for (let stage: Stage | undefined = first; stage !== undefined; ) stage = evaluate(stage);
        return;
      }
      const waiting = [{ stage: first, toRead: first.toRead() }];
      while (waiting.length > 0) {
        const next = waiting[waiting.length - 1];
        const read = next.toRead.pop();
        if (read !== undefined) {
          const stage = next.stage.readIn.beginUnlessBegun(read);
          if (stage !== undefined) waiting.push({ stage, toRead: stage.toRead() });
          continue;
        }
        const after = evaluate(next.stage);
        if (after === undefined) waiting.pop();
        else waiting[waiting.length - 1] = { stage: after, toRead: after.toRead() };
      }
    } finally {
      this.validating = validating;
    }
  }

  /** Runs a stage's evaluation begun by another instance's evaluateInOrder, with no validation of this one under way. */
  private unvalidated(then: Stage["then"]): Stage | undefined {
    const validating = this.validating;
    this.validating = undefined;
    try {
      return then();
    } finally {
      this.validating = validating;
    }
  }

  /**
   * Begins the value `reference` reads, where it is a local value, variable, resource or data source declared
   * and not yet evaluated, or an output of a module call (`module.name.output`) that it is not known to have none of:
   * marks it pending, as being evaluated, and gives what it reads first and what then evaluates it. Undefined for one
   * evaluated, pending (a cycle) or undeclared, which is left to the evaluation that reads it.
   */
  private beginUnlessBegun(reference: ValueReference): Stage | undefined {
    const root = reference.source.name;
    const first = reference.steps[0].name;
    if (root === "local") return !this.localValues.has(first) && this.definition.locals.has(first) ? this.beginLocal(first) : undefined;
    if (root === "var") return !this.variableValues.has(first) && this.definition.variables.has(first) ? this.beginVariable(first) : undefined;
    if (root === "module") {
      if (!this.definition.moduleCalls.has(first) || this.moduleGroups.get(first) === PENDING) return undefined;
      // Instantiated here, reading no more than its source, version, count or for_each: the output is the chain's link.
      const group = this.moduleGroup(first);
      const output = (reference.steps[1] as AttributeStep).name;
      return group && this.readOutput(group, output)?.beginOutput(output);
    }
    const key = referenceName(reference);
    return !this.groups.has(key) && this.definition.resources.has(key) ? this.beginGroup(key) : undefined;
  }

  /**
   * The one instance of a module call whose output `output` a reference reads as it is (`module.name.output`), where
   * that output is declared and not yet evaluated: a call with count or for_each has every output read, left to the
   * evaluation that reads them.
   */
  private readOutput(group: ModuleGroup, output: string): ModuleInstance | undefined {
    const child = group.unknown || group.byKey !== undefined ? undefined : group.instances[0];
    return child !== undefined && child.definition.outputs.has(output) && !child.outputValues.has(output) ? child : undefined;
  }

  private beginLocal(name: string): Stage {
    this.localValues.set(name, PENDING);
    this.run.evaluating.push(`${this.prefix}local.${name}`);
    const declaration = this.definition.locals.get(name)!;
    return {
      readIn: this,
      toRead: () => referencesAlwaysRead(declaration.attribute.expression).reverse(),
      then: () => {
        const own = newTrace();
        const value = this.evaluateReported(declaration.attribute.expression, this.moduleScope, own, declaration.file);
        // What reads it finds its elements where it writes them: `merge(local.base, { … })` in another file.
        markWrittenIn(value, declaration.attribute.expression, declaration.file, this.moduleScope);
        this.run.evaluating.pop();
        this.localValues.set(name, { value, trace: shareDependencies(own) });
        return undefined;
      },
    };
  }

  /** An output of this module, as its caller sees it; `at` is what reads it. */
  output(name: string, trace: Trace, at: Node): Value {
    if (this.outputValues.get(name) === PENDING) return this.cycle(`${this.prefix}output.${name}`, trace, at);
    if (!this.outputValues.has(name)) {
      if (!this.definition.outputs.has(name)) return UNKNOWN;
      this.evaluateInOrder(this.beginOutput(name));
    }
    const evaluated = this.outputValues.get(name) as OutputValue;
    mergeTrace(trace, evaluated.trace);
    return evaluated.value;
  }

  private beginOutput(name: string): Stage {
    const declaration = this.definition.outputs.get(name)!;
    this.outputValues.set(name, PENDING);
    this.run.evaluating.push(`${this.prefix}output.${name}`);
    const valueAttribute = attributeNamed(declaration.block.body, "value");
    return {
      readIn: this,
      toRead: () => (valueAttribute === undefined ? [] : referencesAlwaysRead(valueAttribute.expression).reverse()),
      then: () => {
        const own = newTrace();
        let value = valueAttribute ? this.evaluateReported(valueAttribute.expression, this.moduleScope, own, this.fileOf(valueAttribute, declaration.file)) : UNKNOWN;
        const setting = (name: string) => isLiteralTrue(attributeNamed(declaration.block.body, name));
        const valueSensitive = own.sensitive;
        if (setting("sensitive")) own.sensitive = true;
        // The root module's outputs are kept in state, which Terraform keeps no ephemeral value in: it refuses the
        // configuration, so nothing is output.
        if (setting("ephemeral") && this.moduleKey === "") {
          const message = `output "${name}" is declared ephemeral, which Terraform refuses in the root module (only a module it calls passes an ephemeral value on); its value treated as unknown`;
          this.reportAt(declaration.block, declaration.file, message);
          value = UNKNOWN;
          own.ephemeral = undefined;
        } else if (setting("ephemeral")) markEphemeral(own, "value");
        else if (valueAttribute && holdsEphemeral(own)) {
          // Terraform refuses the configuration: an output passes an ephemeral value on only where it says so.
          const message = `output "${name}" is given an ephemeral value, which Terraform refuses for an output not declared ephemeral = true; its value treated as unknown`;
          this.reportAt(valueAttribute, this.fileOf(valueAttribute, declaration.file), message);
          value = UNKNOWN;
          own.ephemeral = undefined;
        }
        this.run.evaluating.pop();
        this.outputValues.set(name, { value, trace: shareDependencies(own), valueSensitive });
        return undefined;
      },
    };
  }

  /**
   * The outputs of this root module as its state holds them, for another CDKTF stack that reads them through a
   * `terraform_remote_state`: each value with whether it is itself sensitive and whether a value handed in at run made
   * it. Not whether the output is marked sensitive: CDKTF marks every output it adds for another stack so, whatever it
   * holds, and a public flag read across stacks is no secret where a password still is. Not what the value depends on:
   * addresses of this stack name nothing in another.
   */
  stateOutputs(): Map<string, Traced> {
    const outputs = new Map<string, Traced>();
    for (const [name, output] of this.outputValues) {
      if (output === PENDING) continue;
      const trace: Trace = { ...newTrace(), sensitive: output.valueSensitive };
      markGiven(trace, output.trace.given);
      outputs.set(name, { value: output.value, trace });
    }
    return outputs;
  }

  /**
   * A reference back into a value still being evaluated: a cycle, which Terraform refuses. The value is unknown here,
   * and whoever reports the expression's errors names the cycle.
   */
  private cycle(label: string, trace: Trace, at: Node): Unknown {
    const cycle = this.run.evaluating.slice(this.run.evaluating.lastIndexOf(label));
    // Named from the same value whichever was evaluated first: the order of the blocks does not change the message.
    const first = cycle.indexOf(cycle.reduce((least, value) => (value < least ? value : least)));
    const named = [...cycle.slice(first), ...cycle.slice(0, first)];
    const message = `Cycle: ${named.join(", ")}: each of these needs the next and the last needs the first, which Terraform refuses`;
    (trace.unsupported ??= []).push(new ReferenceCycle(message, at.start));
    return UNKNOWN;
  }

  // ---- expansion

  /** The instances `count` or `for_each` asks for, to evaluate; undefined when the collection is unknown or too large. */
  private expand(body: Body, trace: Trace, file: ModuleFile): Instance[] | undefined {
    const expansion = this.expansion(body, trace, file);
    if (expansion === undefined) return undefined;
    if (expansion.over !== undefined && expansion.size > MAX_INSTANCES) {
      this.reportAt(expansion.over.attribute, expansion.over.file, expansion.over.tooMany());
      return undefined;
    }
    return expansion.build();
  }

  /** What `count`, `for_each` or `enabled` asks for; undefined when the collection is unknown. */
  private expansion(body: Body, trace: Trace, file: ModuleFile): Expansion | undefined {
    const count = attributeNamed(body, "count");
    const forEach = attributeNamed(body, "for_each");
    const enabled = enabledSetting(body);
    if (enabled) {
      file = this.fileOf(enabled, file);
      if (count || forEach) {
        this.reportAt(enabled, file, "enabled cannot be set with count or for_each, which OpenTofu refuses; the block is evaluated once as one that may not exist");
        return undefined;
      }
      const enabledTrace = newTrace();
      const value = this.evaluateReported(enabled.expression, this.moduleScope, enabledTrace, file);
      mergeTrace(trace, enabledTrace);
      // Converted to a bool as OpenTofu converts it: "true" and "false" are bools too.
      const on = value === "true" ? true : value === "false" ? false : value;
      if (isUnknown(on) || isPartial(on)) return undefined;
      if (typeof on !== "boolean" || enabledTrace.sensitive) {
        this.reportAt(enabled, file, "enabled must be a bool that is neither null nor sensitive, which OpenTofu requires; the block is evaluated once as one that may not exist");
        return undefined;
      }
      return on ? SINGLE : { size: 0, build: () => [] };
    }
    if (count && forEach) {
      file = this.fileOf(forEach, file);
      this.reportAt(forEach, file, "count and for_each cannot both be set, which Terraform refuses; the block is evaluated once with count.index and each unknown");
      return undefined;
    }
    if (count) {
      file = this.fileOf(count, file);
      const value = this.evaluateReported(count.expression, this.moduleScope, trace, file);
      const number = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
      if (isUnknown(number) || isPartial(number)) return undefined;
      if (typeof number !== "number" || !Number.isInteger(number) || number < 0) {
        this.reportAt(count, file, "count must be a whole number that is not negative; the resource is evaluated once with count.index unknown");
        return undefined;
      }
      return {
        size: number,
        build: () => Array.from({ length: number }, (_, index) => ({ suffix: instanceSuffix(index), names: { count: { index } } })),
        over: { attribute: count, file, tooMany: tooManyCount },
      };
    }
    if (forEach) {
      file = this.fileOf(forEach, file);
      const forEachTrace = newTrace();
      const value = this.evaluateReported(forEach.expression, this.moduleScope, forEachTrace, file);
      // A set's elements are its keys; a map's keys cannot be marked alone, so a sensitive key marks the map.
      const sensitiveKeys = forEachTrace.sensitive || (Array.isArray(value) && value.some((_, index) => isSensitiveElement(value, index)));
      // Which elements are ephemeral is not recorded: any may be a set's key, where a map's keys are never ephemeral.
      const ephemeralKeys = forEachTrace.ephemeral === "value" || (forEachTrace.ephemeral !== undefined && Array.isArray(value));
      mergeTrace(trace, forEachTrace);
      if (sensitiveKeys || ephemeralKeys) {
        // Its keys would become resource addresses, which every report prints; Terraform refuses it for that reason.
        // Named as Terraform names it: an ephemeral resource's value is sensitive too.
        const secret = ephemeralKeys ? "an ephemeral" : "a sensitive";
        this.reportAt(forEach, file, `for_each draws on ${secret} value that may be the collection or one of its keys, which Terraform refuses; the block is evaluated once with each unknown`);
        return undefined;
      }
      // Terraform marks the elements holding a sensitive value, not the map: only what reads their each.value is secret.
      const eachValue = (key: string) => ({ sensitive: isSensitiveElement(value, key), given: forEachTrace.given });
      // each.value is written where the collection writes the element: `for_each = local.functions`.
      markWrittenIn(value, forEach.expression, file, this.moduleScope);
      const each = (key: string, element: Value) => {
        markReadOut(element, value, [{ key }]);
        return markSensitiveElements({ key, value: element }, []);
      };
      if (isUnknown(value) || isPartial(value)) return undefined;
      const over = { attribute: forEach, file, tooMany: tooManyKeys };
      if (Array.isArray(value)) {
        // A list or tuple has no keys of its own to address instances by: Terraform takes none, even one of strings.
        if (!mayBeSet(value)) {
          this.reportAt(forEach, file, "for_each must be a map or a set of strings, not a list or tuple (toset makes one a set), which Terraform refuses; the block is evaluated once with each unknown");
          return undefined;
        }
        // A set of strings: each.key and each.value are both the element. A tuple that may be a set is one of strings
        // if it is one at all: unified with a set of strings, its numbers and bools became strings.
        const elements = isSet(value) ? value : (value as Value[]).map((element) => asString(element) ?? element);
        if (elements.some((element) => typeof element !== "string")) {
          if (value.some((element) => isUnknown(element))) return undefined;
          this.reportAt(forEach, file, "for_each over a set needs its elements to be strings; the resource is evaluated once with each unknown");
          return undefined;
        }
        const keys = [...new Set(elements as string[])];
        return { size: keys.length, build: () => keys.sort(compareStrings).map((key) => ({ suffix: instanceSuffix(key), names: { each: { key, value: key } }, eachValue: eachValue(key) })), over };
      }
      if (!isObject(value)) {
        this.reportAt(forEach, file, "for_each must be a map or a set of strings; the resource is evaluated once with each unknown");
        return undefined;
      }
      const counterpart = (key: string) => {
        const source = value[key] instanceof ResourceObject ? value[key] : elementSource(value, key);
        return source instanceof ResourceObject ? source : undefined;
      };
      return { size: Object.keys(value).length, build: () => sortedKeys(value).map((key) => ({ suffix: instanceSuffix(key), names: { each: each(key, value[key]) }, eachValue: eachValue(key), counterpart: counterpart(key) })), over };
    }
    return SINGLE;
  }

  private reportAt(node: Node, file: ModuleFile, message: string): void {
    this.reportEvaluation(message, locate(file, node.start));
  }

  // ---- resources

  /**
   * A reference to a resource, and to one of its instances when the next step is a known index: then only that
   * instance is a dependency, so `aws_instance.web[count.index].id` ties each alarm to its own instance.
   */
  private resourceReference(key: string, index: Step | undefined, trace: Trace, at: Node): { value: Value; consumed: number } {
    const group = this.group(key);
    if (group === undefined) {
      if (!this.definition.resources.has(key)) throw new InvalidReference(`reference to undeclared ${key}`, at.start);
      return { value: this.cycle(`${this.prefix}${key}`, trace, at), consumed: 1 };
    }
    const managed = group.declaration.mode === "managed";
    if (!managed) trace.readsDataSource = true;
    const instanceKey = index?.key;
    if ((typeof instanceKey === "number" || typeof instanceKey === "string") && !isUnknown(group.value)) {
      const instance = group.byKey?.get(instanceKey);
      if (instance) {
        dependOn(trace, instance, managed);
        return { value: this.resourceObject(group.declaration, instance), consumed: 2 };
      }
    }
    const first = this.firstCreatedTogether(group, instanceKey);
    if (first !== undefined) {
      dependOn(trace, first, managed);
      return { value: this.resourceObject(group.declaration, first), consumed: 2 };
    }
    if (group.drawnOn === undefined) {
      const whole = newTrace();
      for (const instance of group.instances) dependOn(whole, instance, managed);
      group.drawnOn = shareDependencies(whole).dependencies;
    }
    for (const entry of group.drawnOn) trace.dependencies.add(entry);
    return { value: group.value, consumed: 1 };
  }

  /**
   * The instance a reference to a resource's first instance (`aws_sqs_queue.dlq[0]`) reads, where how many there
   * are is not known, from the body of a block created with them: both hang on one `count`, so the first exists
   * whenever the referrer does, and the one instance evaluated stands for each. Undefined otherwise: a local or an
   * output may be read where that count is 0, and a `for_each` key may be absent however many there are.
   */
  private firstCreatedTogether(group: Group, instanceKey: unknown): EvaluatedInstance | undefined {
    const under = this.bodyUnder;
    if (instanceKey !== 0 || under === undefined || under.existence.hangsOn !== "its count" || !isUnknown(group.value)) return undefined;
    const evaluated = group.instances[0];
    return evaluated?.existence === under.existence && this.run.evaluating[this.run.evaluating.length - 1] === under.address ? evaluated : undefined;
  }

  /** Evaluates a resource or data block once; undefined while it is being evaluated (a cycle). */
  private group(key: string): Group | undefined {
    const cached = this.groups.get(key);
    if (cached === PENDING) return undefined;
    if (cached) return cached;
    if (!this.definition.resources.has(key)) return undefined;
    this.evaluateInOrder(this.beginGroup(key));
    return this.groups.get(key) as Group;
  }

  /**
   * A resource or data block's evaluation in the stages evaluateInOrder takes: what its `count`, `for_each` or
   * `enabled` reads, then its instances, then, unless there are none, what its arguments and blocks read, then its
   * instances' values.
   */
  private beginGroup(key: string): Stage {
    const declaration = this.definition.resources.get(key)!;
    const { body } = declaration.block;
    this.groups.set(key, PENDING);
    this.run.evaluating.push(`${this.prefix}${key}`);
    const expandedBy = expansionArgument(body);
    return {
      readIn: this,
      toRead: () => (expandedBy === undefined ? [] : referencesAlwaysRead(expandedBy.expression).reverse()),
      then: () => {
        const expansionTrace = newTrace();
        const instances = this.expand(body, expansionTrace, declaration.file);
        return {
          readIn: this,
          toRead: () => (instances?.length === 0 ? [] : bodyReads(body).reverse()),
          then: () => {
            this.evaluateGroup(key, declaration, instances, expansionTrace);
            return undefined;
          },
        };
      },
    };
  }

  /**
   * What a block whose instances are not known hangs on, its expansion evaluated into `trace`: one object for the
   * blocks of this module instance whose `count` (or `for_each`, or `enabled`) is written alike, as they are created
   * together, and the followed block's for one that follows another instance for instance (`followedExistence`).
   */
  private blockExistence(body: Body, trace: Trace): UnknownExistence {
    const named = expansionNamed(body);
    const argument = expansionArgument(body);
    const followed = argument && this.followedExistence(named, argument.expression);
    if (followed !== undefined) return followed;
    const existence = unknownExistence(`its ${named}`, trace);
    const written = argument && writtenAlike(argument.expression);
    if (written === undefined) return existence;
    return getOrAdd((this.existences ??= new Map()), `${named} ${written}`, () => existence);
  }

  /**
   * What a resource block of this module hangs on whose instances a `count = length(aws_x.y)` or `for_each =
   * aws_x.y` (`expansion`, by the meta-argument `named`) follows one for one, where they are not known either and it
   * is expanded by the same meta-argument: the two are created together.
   */
  private followedExistence(named: string, expansion: Expression): UnknownExistence | undefined {
    const counted = expansion.kind === "FunctionCall" && expansion.name === "length" && expansion.args.length === 1 && !expansion.expandFinal ? expansion.args[0] : undefined;
    const followed = named === "count" ? counted : named === "for_each" ? expansion : undefined;
    if (followed?.kind !== "Traversal" || followed.source.kind !== "Variable" || followed.steps.length !== 1 || followed.steps[0].type !== "attribute") return undefined;
    const group = this.groups.get(`${followed.source.name}.${followed.steps[0].name}`);
    if (group === undefined || group === PENDING || !isUnknown(group.value)) return undefined;
    // Read from what its expansion made of it: a root module's resource blocks are let go once evaluated.
    const existence = group.instances[0].existence;
    return existence?.hangsOn === `its ${named}` ? existence : undefined;
  }

  private evaluateGroup(key: string, declaration: ResourceDeclaration, instances: Instance[] | undefined, expansionTrace: Trace): void {
    const base = `${this.prefix}${key}`;
    const perInstance = eachOwnCounterpart(instances);
    const kind = canonicalKind(declaration.type);
    const rendering = declaration.mode === "data" ? RENDERED_DATA_SOURCES[kind] : undefined;
    const writesArchive = declaration.mode === "data" && kind === "archive_file";
    const evaluating = instances ?? [UNKNOWN_INSTANCE];
    const evaluated: EvaluatedInstance[] = [];
    const existence = instances === undefined ? this.blockExistence(declaration.block.body, expansionTrace) : this.existence;
    // The same for every instance: worked out after the first's body, as before, and kept. Most blocks have none.
    let dependsOn: readonly string[] | undefined = attributeNamed(declaration.block.body, "depends_on") === undefined ? [] : undefined;
    const enclosing = this.bodyUnder;
    if (instances === undefined && existence !== undefined) this.bodyUnder = { address: base, existence };
    try {
      // An indexed loop, not a map: most blocks have one instance, and the closure's context would be made for each block.
      for (let index = 0; index < evaluating.length; index++) {
        const instance = evaluating[index];
        const drawnOn = perInstance ? new Set([instance.counterpart!.address]) : expansionTrace.dependencies;
        const dependencies = new Set<string | ReachedAddresses>(drawnOn);
        // `props` is the body's, set once evaluateBody, which records into the rest, gives it.
        const result: EvaluatedInstance = { kind, address: base + instance.suffix, suffix: instance.suffix, props: NO_PROPS, dependencies, references: {}, places: new WrittenPlaces(), secretPaths: [] };
        if (existence !== undefined) result.existence = existence;
        const scope = this.scope(instance.names, drawnOn, instance.eachValue);
        result.props = this.evaluateBody(declaration.block.body, scope, result, "", declaration.file);
        result.providerKey = this.providerKey(declaration, scope);
        this.recordRegionRead(declaration.block.body, result, scope);
        if (rendering !== undefined) this.renderDataSource(result, rendering);
        if (writesArchive) this.recordArchive(result);
        dependsOn ??= this.dependsOn(declaration.block.body);
        for (let at = 0; at < dependsOn.length; at++) dependencies.add(dependsOn[at]);
        if (dependencies.size > 0) result.reached = new ReachedAddresses([...dependencies]);
        evaluated.push(result);
      }
    } finally {
      // A body that failed to evaluate must not leave later references reading as if inside it.
      this.bodyUnder = enclosing;
    }
    const byKey = byInstanceKey(declaration.block.body, instances, evaluated);
    let value: Value;
    if (instances === undefined) value = UNKNOWN;
    else if (byKey === undefined) value = evaluated.length === 0 ? null : this.resourceObject(declaration, evaluated[0]);
    // Marked as holding what their instances' sensitive attributes hold, for what takes them whole.
    else if (expandsByCount(declaration.block.body)) value = markSensitiveElements(evaluated.map((instance) => this.resourceObject(declaration, instance)), []);
    else value = markSensitiveElements(Object.fromEntries([...byKey].map(([instanceKey, instance]) => [instanceKey, this.resourceObject(declaration, instance)])), []);
    const group: Group = { declaration, instances: evaluated, byKey, value };
    this.run.evaluating.pop();
    this.groups.set(key, group);
  }

  /**
   * Records what an instance's own region, set but not known, is read from (`regionRead`), worked out in the
   * instance's `scope` as an index is: only for such a region, which may be placed all the same.
   */
  private recordRegionRead(body: Body, instance: EvaluatedInstance, scope: Scope): void {
    const argument = ownRegionArgument(instance.kind, instance.props);
    // An endpoint names no region.
    if (argument === undefined || argument === "endpoint" || !isUnknown(instance.props[argument])) return;
    const written = attributeNamed(body, argument);
    if (written !== undefined) instance.regionRead = this.regionRead(unwrapped(written.expression), scope);
  }

  private resourceObject(declaration: ResourceDeclaration, instance: EvaluatedInstance): ResourceObject {
    const { kind } = instance;
    const { placer } = this;
    const object = new ResourceObject(instance, declaration.mode === "data", () => placer.place?.(declaration, instance) ?? {});
    // Text rendered from a secret holds it, as templatefile()'s result does.
    const rendering = instance.planned?.rendered !== undefined ? RENDERED_DATA_SOURCES[kind] : undefined;
    const sensitive = rendering !== undefined && rendersSecret(instance, rendering) ? [...(SENSITIVE_ATTRIBUTES[kind] ?? []), "rendered"] : kind === "terraform_data" ? passedOnSecrets(instance) : SENSITIVE_ATTRIBUTES[kind];
    return sensitive === undefined ? object : markSensitiveElements(object, sensitive);
  }

  /** An `archive_file` data source's `output_path`, which Terraform writes while it plans, before what reads it there. */
  private recordArchive(instance: EvaluatedInstance): void {
    const output = instance.props.output_path;
    if (typeof output === "string") this.run.functions.files.archiveWritten(filePath(this.run.functions, output));
  }

  /** A data source's `rendered`; what the provider refuses is a warning at the argument, and leaves it unknown. */
  private renderDataSource(instance: EvaluatedInstance, rendering: RenderedDataSource): void {
    let rendered: Value;
    try {
      rendered = rendering.render(instance.props, instance.address, this.run.functions);
    } catch (error) {
      if (!(error instanceof RefusedArgument)) throw error;
      const message = error.givenSecret !== undefined && rendersSecret(instance, rendering) ? error.givenSecret : error.message;
      this.reportEvaluation(`${message}; rendered treated as unknown`, instance.places.locations().written[error.argument]);
      rendered = UNKNOWN;
    }
    instance.planned = { rendered };
  }

  /**
   * Records which resource attribute the value written at `path` reads as it is, if it reads one; else which one it
   * starts with, followed by text alone (`"${aws_ecr_repository.app.repository_url}:1.4.2"`), if it does; and, where
   * what it evaluated to (`valueOf`, asked only then) is text known in part, which one each interpolation of its
   * template (or `format()`) reads, if any does.
   */
  private recordAttributeRead(written: BareExpression, path: string, into: EvaluatedInstance, scope: Scope, valueOf: () => unknown): void {
    const read = this.attributeRead(written, scope);
    if (read) {
      (into.attributeReads ??= {})[path] = read;
      return;
    }
    const named = bareNamedValue(written);
    const leadingRead = named ? this.namedValueLeadingRead(named) : this.leadingRead(written);
    if (leadingRead) (into.leadingReads ??= {})[path] = leadingRead;
    // A known text's parts are known. A local value's text is followed, as for a leading read; a variable's is its caller's.
    if (!isUnknown(valueOf())) return;
    const reads = named ? this.passedOn(named, this.namedValueInterpolatedReads, (expression) => this.interpolatedReads(expression), () => undefined) : this.interpolatedReads(written);
    if (reads?.some((each) => each !== undefined)) (into.interpolatedReads ??= {})[path] = reads;
  }

  /** The resource attribute each interpolation of a text reads as it is, in order (`interpolations`), undefined for one that reads none so. */
  private interpolatedReads(expression: BareExpression): readonly (AttributeRead | undefined)[] | undefined {
    return interpolations(expression)?.map((interpolated) => this.resourceAttributeRead(unwrapped(interpolated)));
  }

  /**
   * The resource attribute a template starts with, followed by text alone, written out. Only that: most templates
   * start with a name (`"${var.prefix}-api"`, `"${each.value.name}-api"`), and following each through locals,
   * variables or for_each cost 2-5% of a run.
   */
  private leadingRead(expression: BareExpression): AttributeRead | undefined {
    const leading = leadingInterpolation(expression);
    return leading && this.resourceAttributeRead(unwrapped(leading));
  }

  /**
   * The `leadingRead` of the template a local value holds (`image = local.image`, with the text written in locals),
   * through locals that name each other; a variable's is not followed (see `leadingRead`).
   */
  private namedValueLeadingRead(named: NamedValue): AttributeRead | undefined {
    return this.passedOn(named, this.namedValueLeadingReads, (expression) => this.leadingRead(expression), () => undefined);
  }

  /**
   * The resource attribute an expression of this module reads as it is: directly, or as a local value or a variable
   * whose value is such a read where it is written (`db_password = random_password.db.result` in the module call), or
   * as the argument of a `try()` it returns in `scope`.
   */
  private attributeRead(expression: BareExpression, scope?: Scope): AttributeRead | undefined {
    if (expression.kind === "FunctionCall" && expression.name === "try") return scope && this.tried(expression, scope, (argument) => this.attributeRead(argument, scope));
    const named = bareNamedValue(expression);
    return named ? this.namedValueRead(named) : this.resourceAttributeRead(expression, scope);
  }

  /**
   * The resource attribute an expression reads as it is, written out: `aws_db_instance.main.id`, or one instance's,
   * `data.aws_ami.al2023[count.index].id`, whose index is worked out in `scope` where one is given.
   */
  private resourceAttributeRead(expression: BareExpression, scope?: Scope): AttributeRead | undefined {
    if (expression.kind === "Traversal" && expression.source.kind === "Variable" && expression.source.name === "each") return scope && this.eachValueAttributeRead(expression, scope);
    const read = bareAttributeRead(expression);
    const declaration = read && this.definition.resources.get(read.resource);
    if (!read || !declaration) return undefined;
    const cached = this.groups.get(read.resource);
    const group = cached !== undefined && cached !== PENDING ? cached : undefined;
    const instances = group?.instances ?? [];
    const named = group !== undefined && instances.length > 1 && read.index !== undefined ? this.indexedInstance(group, read.index, scope) : undefined;
    // Which of several instances is read may be unknown: then only what they all are given is known.
    const one = instances.length === 1 ? instances[0] : named;
    const readArguments = one ? publicArguments(one) : instances.length > 1 ? commonValue(instances.map(publicArguments)) : undefined;
    return instanceAttributeRead(canonicalKind(declaration.type), read.attribute, declaration.mode === "data", readArguments, one?.address);
  }

  /**
   * The attribute read of a resource instance that `each.value` is or holds, as the instance's own reference reads it:
   * `each.value.url` under `for_each = aws_sqs_queue.dlq` reads a queue's `url` as `aws_sqs_queue.dlq["a"].url` does.
   * Which instance it is, is worked out in the instance's `scope`.
   */
  private eachValueAttributeRead(expression: TraversalExpression, scope: Scope): AttributeRead | undefined {
    const attribute = expression.steps[expression.steps.length - 1];
    if (attribute.type !== "attribute" || expression.steps.length < 2) return undefined;
    let read: Value;
    try {
      read = evaluateIn(undefined, { ...expression, steps: expression.steps.slice(0, -1) }, scope, newTrace());
    } catch (error) {
      // Reported where the whole value is evaluated; here what it reads is just not known.
      if (!(error instanceof ExpressionError)) throw error;
      return undefined;
    }
    return read instanceof ResourceObject ? instanceAttributeRead(read.kind, attribute.name, read.dataSource, publicArguments(read.instance), read.instance.address) : undefined;
  }

  /** The instance of a group an index names (`[0]`, `["arm64"]`, `[count.index]` in `scope`), where it is known. */
  private indexedInstance(group: Group, index: Expression | string | number, scope: Scope | undefined): EvaluatedInstance | undefined {
    let key: Value = typeof index === "object" ? UNKNOWN : index;
    if (typeof index === "object" && scope !== undefined) {
      try {
        key = evaluateIn(undefined, index, scope, newTrace());
      } catch (error) {
        // Reported where the whole value is evaluated; here the instance read is just not known.
        if (!(error instanceof ExpressionError)) throw error;
      }
    }
    if (typeof key !== "string" && typeof key !== "number") return undefined;
    const keys = [key, ...(typeof key === "string" && /^\d+$/.test(key) ? [Number(key)] : [])];
    return keys.map((candidate) => group.byKey?.get(candidate)).find((instance) => instance !== undefined);
  }

  /** The resource attribute a local value or variable reads as it is. */
  private namedValueRead(named: NamedValue): AttributeRead | undefined {
    return this.passedOn(
      named,
      this.namedValueReads,
      (expression) => this.resourceAttributeRead(expression),
      // A read that is null at apply would be replaced by the default.
      (variable, replacedIfNull) => (replacedIfNull ? undefined : this.inputs.attributeRead?.(variable)),
    );
  }

  /**
   * What a local value or variable passes on as it is, cached in `found`: what `read` finds in the expression the
   * local values that each name the next one (`a = local.b`) end in, named by the last of them, or what `given`
   * finds of a variable (`replacedIfNull` where a null given is replaced by its default). The chain is followed in a
   * loop, not a call per link: it may be thousands long.
   */
  private passedOn<Found>(
    named: NamedValue,
    found: Map<string, Found | null | typeof PENDING>,
    read: (expression: BareExpression, local: NamedValue) => Found | undefined,
    given: (variable: string, replacedIfNull: boolean) => Found | undefined,
  ): Found | undefined {
    const followed: string[] = [];
    let result: Found | undefined;
    for (let link: NamedValue | undefined = named; link !== undefined; ) {
      const cached = found.get(link);
      // Local values that read each other are a cycle, which Terraform refuses: they pass on nothing.
      if (cached === PENDING) break;
      if (cached !== undefined) {
        result = cached ?? undefined;
        break;
      }
      found.set(link, PENDING);
      followed.push(link);
      const name: string = link.slice(link.indexOf(".") + 1);
      if (link.startsWith("local.")) {
        const written: Expression | undefined = this.definition.locals.get(name)?.attribute.expression;
        const expression = written && unwrapped(written);
        const local: NamedValue = link;
        link = expression && bareNamedValue(expression);
        if (expression && !link) result = read(expression, local);
      } else {
        const declaration = this.definition.variables.get(name);
        result = declaration && given(name, replacesNull(declaration.block));
        link = undefined;
      }
    }
    for (const link of followed) found.set(link, result ?? null);
    return result;
  }

  /**
   * What a region written as `expression`, not known, is read from, if from anything that places alike whatever it
   * is: the region of a resource or data source of this module (`holdsOwnRegion`), or a value of this module instance
   * or of a caller passing it on as it is, through local values and module calls (`var.region` in the root). `scope`
   * is the instance's, for an index (`aws_lb.web[count.index].region`).
   */
  private regionRead(expression: BareExpression, scope: Scope): RegionRead | undefined {
    const named = bareNamedValue(expression);
    if (named === undefined) {
      const place = this.readRegionPlace(expression, scope);
      return place && { place };
    }
    const own = (link: NamedValue): RegionRead => ({ value: `${this.prefix}${link}` });
    return this.passedOn(
      named,
      this.namedValueRegions,
      (written, local) => {
        const place = this.readRegionPlace(written, this.moduleScope);
        return place ? { place } : own(local);
      },
      // Where the module call gives it, or itself: a variable whose default replaces a null is no value given.
      (variable, replacedIfNull) => (replacedIfNull ? undefined : this.inputs.regionRead?.(variable)) ?? own(`var.${variable}`),
    );
  }

  /** The place of a resource or data source whose region `expression` reads as it is (`aws_lb.web.region`), if it reads one. */
  private readRegionPlace(expression: BareExpression, scope: Scope): RegionPlace | undefined {
    const read = bareAttributeRead(expression);
    const declaration = read && this.definition.resources.get(read.resource);
    if (!read || !declaration || !holdsOwnRegion(canonicalKind(declaration.type), declaration.mode === "data", read.attribute)) return undefined;
    const group = this.groups.get(read.resource);
    if (group === undefined || group === PENDING) return undefined;
    const instance = group.instances.length === 1 ? group.instances[0] : read.index !== undefined ? this.indexedInstance(group, read.index, scope) : undefined;
    if (instance === undefined) return undefined;
    const { region, secretRegion, regionFrom } = this.instancePlacement(declaration, instance);
    return { ...(region !== undefined && { region }), ...(secretRegion && { secretRegion }), ...(regionFrom !== undefined && { regionFrom }) };
  }

  /**
   * Where the value of an expression that passes on one of this module's variables as it is (`var.password`, through
   * local values that name it, or through the result of a condition known here) is written: where the module call
   * gave it or the committed tfvars file (`Input.writtenAt`), else at the variable's default. Undefined for a value
   * this module works out or writes itself, and for one handed in at run: the expression here is where it is written.
   * Local values that each name the next are followed in a loop, each once, as in `namedValueRead`.
   */
  private writtenElsewhere(expression: BareExpression, scope: Scope): SourceLocation | undefined {
    const followed: string[] = [];
    let written: SourceLocation | undefined;
    let next: BareExpression | undefined = expression;
    let nextScope = scope;
    while (next !== undefined) {
      const inner: BareExpression = next;
      if (inner.kind === "Conditional") {
        const chosen = this.chosenResult(inner, nextScope);
        next = chosen && unwrapped(chosen);
        continue;
      }
      next = undefined;
      const named = bareNamedValue(inner);
      if (named === undefined) break;
      const name = named.slice(named.indexOf(".") + 1);
      if (named.startsWith("var.")) {
        const variable = this.variableValues.get(name);
        written = variable === PENDING ? undefined : variable?.writtenAt;
        break;
      }
      const cached = this.localsWrittenElsewhere.get(name);
      // Local values that read each other are a cycle, which Terraform refuses.
      if (cached === PENDING) break;
      if (cached !== undefined) {
        written = cached ?? undefined;
        break;
      }
      this.localsWrittenElsewhere.set(name, PENDING);
      followed.push(name);
      const local = this.definition.locals.get(name)?.attribute.expression;
      next = local && unwrapped(local);
      nextScope = this.moduleScope;
    }
    for (const name of followed) this.localsWrittenElsewhere.set(name, written ?? null);
    return written;
  }

  /**
   * What a value not known may turn out to be, where it is a conditional's known results (`conditionalResults`),
   * written in place or in a local value read as it is, through other local values; nested conditionals give them
   * all. Undefined for any other value, but where it is one of those results (not `alone`): then its own value.
   * `links` bounds the local values followed: ones naming each other are a cycle.
   */
  private possibleValues(expression: Expression, scope: Scope, alone = true, links = 0): readonly Value[] | undefined {
    const bare = valueAsWritten(expression);
    if (bare.kind === "Conditional") return conditionalResults(bare, scope, (result) => this.possibleValues(result, scope, false, links));
    const named = bare.kind === "Traversal" ? bareNamedValue(bare as BareExpression) : undefined;
    const local = named?.startsWith("local.") && links < MAX_LOCALS_FOLLOWED ? this.definition.locals.get(named.slice("local.".length)) : undefined;
    if (local !== undefined) return this.possibleValues(local.attribute.expression, this.moduleScope, alone, links + 1);
    return alone ? undefined : knownResult(expression, scope);
  }

  /**
   * The result a conditional chooses, where its condition is known and either result may pass on a variable
   * (`var.manage_password ? null : var.password`): evaluated again, as `indexedInstance` does an index, since only
   * such a value needs it. Undefined where the condition is unknown or cannot be evaluated.
   */
  private chosenResult(conditional: Extract<Expression, { kind: "Conditional" }>, scope: Scope): Expression | undefined {
    const passesOn = (result: Expression) => {
      const bare = unwrapped(result);
      return bare.kind === "Conditional" || bareNamedValue(bare) !== undefined;
    };
    if (!passesOn(conditional.trueResult) && !passesOn(conditional.falseResult)) return undefined;
    try {
      const condition = asBool(evaluateIn(undefined, conditional.condition, scope, newTrace()));
      return condition === undefined ? undefined : condition ? conditional.trueResult : conditional.falseResult;
    } catch (error) {
      // Reported where the whole value is evaluated; here which result it is is just not known.
      if (!(error instanceof ExpressionError)) throw error;
      return undefined;
    }
  }

  /**
   * The files what this instance evaluates may be written in: its module's, and those of the instances calling it up
   * to the root, whose arguments write what it is given.
   */
  private writtenFiles(): ReadonlySet<string> {
    return (this.filesWritten ??= new Set([...this.definition.files.map((file) => file.fileName), ...(this.inputs.callerFiles ?? [])]));
  }

  /** Locates the value at `path` where it is written: at `offset` of `file`, unless written elsewhere (`writtenElsewhere`). */
  private locateWritten(into: EvaluatedInstance, path: string, expression: BareExpression, scope: Scope, file: ModuleFile, offset: number): void {
    const elsewhere = this.writtenElsewhere(expression, scope);
    if (elsewhere === undefined) into.places.add(path, file.located, offset);
    else into.places.addElsewhere(path, elsewhere, file.located, offset);
  }

  /** `depends_on = [aws_iam_role_policy.logs]`: references, not values. */
  private dependsOn(body: Body): string[] {
    return dependsOnReferences(body).flatMap((reference) => {
      const key = referenceName(reference);
      const group = this.group(key);
      return group ? group.instances.map((instance) => instance.address) : [`${this.prefix}${key}`];
    });
  }

  /**
   * A block's arguments and nested blocks as properties; nested blocks are lists of objects, as in a plan. What each
   * of the resource's own properties refers to is recorded apart (`references`); `sink` is where a nested block's
   * go, the set of the top-level block it is in, and is absent for the resource's own body.
   */
  private evaluateBody(body: Body, scope: Scope, into: EvaluatedInstance, path: string, file: ModuleFile, sink?: Set<string | ReachedAddresses>): Record<string, Value> {
    const top = sink === undefined;
    // At the top, each property's references gather here in turn, and are kept only when there are any.
    const scratch = top ? new Set<string | ReachedAddresses>() : sink;
    const props: Record<string, Value> = {};
    // Indexed loops: for...of in baseline code allocates an iterator and a result per element, for every body.
    const { attributes, blocks } = body;
    for (let index = 0; index < attributes.length; index++) {
      const attribute = attributes[index];
      if (top && RESOURCE_META.has(attribute.name)) continue;
      const attributePath = joinPath(path, attribute.name);
      // Sensitivity marks this attribute only.
      const trace: Trace = { sensitive: false, dependencies: scratch };
      const written = this.fileOf(attribute, file);
      props[attribute.name] = this.evaluateReported(attribute.expression, scope, trace, written);
      if (holdsEphemeral(trace) && !isWriteOnly(attribute.name) && !isConfigurationBlock(into.kind)) {
        // What Terraform would store refuses an ephemeral value, in it or in one of its elements: the configuration
        // never plans, so nothing is kept in plaintext, and no value is deployed.
        const message = `${attributePath} is given an ephemeral value, which Terraform refuses in an argument it keeps in state: only write-only arguments (named *_wo) take one, besides provider, provisioner and connection blocks, locals and ephemeral resources, variables and outputs; ${attributePath} treated as unknown`;
        this.reportAt(attribute, written, message);
        props[attribute.name] = UNKNOWN;
        trace.ephemeral = undefined;
      }
      // `variables = local.cfg.env`: the elements are where the local writes them (a literal here is located below).
      if (attribute.expression.kind === "Traversal") markReadByTraversal(props[attribute.name], attribute.expression, scope);
      // A top-level attribute that refers to nothing reads no resource's attribute: most of them, not walked again.
      const readsResources = !top || scratch.size > 0 || trace.readsDataSource === true;
      if (top) keepReferences(into, attribute.name, scratch);
      // A value in a committed tfvars file is written in the code as much as a default is; one handed in at run is not.
      // A null holds nothing to have come from anywhere.
      const handedInAtRun = trace.given === "run" && props[attribute.name] !== null;
      // Handed in inside a nested block, the whole top-level block is worked out, as a plan tells it: only of top-level expressions.
      const property = top ? attribute.name : attributePath.slice(0, attributePath.indexOf("."));
      if (handedInAtRun && !into.derivedProperties?.includes(property)) (into.derivedProperties ??= []).push(property);
      if (trace.unscannedModules !== undefined) recordUnscannedReads(into, property, trace.unscannedModules);
      // `variables = { DB_PASSWORD = var.db_password, LOG_LEVEL = "info" }` keeps one value secret, not the map.
      // An ephemeral value (here, only in a write-only argument) is never stored: a secret handed in, as a sensitive one is.
      const secret = trace.sensitive || trace.ephemeral === "value";
      // `container_definitions = jsonencode([{ name = "app", environment = [{ name = "DB_PASSWORD", value = var.db_password }] }])`
      // keeps the password secret, not the names: the encoding is this argument's whole value.
      // Unwrapped once: each of the reads below looks at the value as it is, with nothing around it.
      const bare = unwrapped(attribute.expression);
      const encoded = jsonencodeArgument(bare);
      const markedByElement = trace.ephemeral === undefined && top && isDocumentMarkedByElement(into.kind, attribute.name);
      // The same definitions as text a template renders (`templatefile("task.json.tpl", { db_password = var.db_password })`).
      const rendered = markedByElement && bare.kind === "FunctionCall" && isTemplateFileCall(bare.name) ? this.renderedDocumentMarks(bare, scope) : undefined;
      const inDocument = secret && markedByElement ? (encoded !== undefined ? trace.sensitiveInDocument : rendered?.secret) : undefined;
      if (inDocument !== undefined && inDocument.length > 0) for (const elementPath of inDocument) into.secretPaths.push(pathInDocument(attributePath, elementPath));
      else if (secret) into.secretPaths.push(attributePath);
      const sensitiveElements = secret ? [] : sensitiveElementPaths(props[attribute.name]);
      if (sensitiveElements.length > 0) for (const elementPath of sensitiveElements) into.secretPaths.push(elementPath.reduce(joinPath, attributePath));
      if (secret || sensitiveElements.length > 0) {
        // Known without anything handed in at run: worked out from what the configuration and its committed files write.
        if (top && !handedInAtRun && isWhollyKnown(props[attribute.name])) (into.writtenSecrets ??= []).push(attribute.name);
      }
      this.locateWritten(into, attributePath, bare, scope, written, attribute.start);
      if (!secret && trace.ephemeral === undefined && isUnknown(props[attribute.name])) {
        let alternatives: readonly Value[] | undefined;
        try {
          alternatives = this.possibleValues(attribute.expression, scope);
        } catch (error) {
          // A chain of conditionals too deep to walk again has too many results to tell apart anyway.
          if (!isStackExhausted(error)) throw error;
        }
        if (alternatives !== undefined) (into.alternatives ??= {})[attributePath] = alternatives;
      }
      if (readsResources) this.recordAttributeRead(bare, attributePath, into, scope, () => props[attribute.name]);
      // An argument may be a text (user data's script) holding a credential anywhere in it; an item is one value.
      const credentials = this.textCredentialReferences(bare, scope);
      recordCredentialReads(into, attributePath, credentials);
      // Which of the text's lines holds each, so a secret found on that line is told as that one.
      if (credentials.length > 0) for (const [line, references] of this.credentialLines(bare, scope)) recordCredentialReads(into, userDataLine(attributePath, line), references);
      // A key with a dot in it would read as two: `pathInDocument` ends the path before it, at no value read as it is.
      for (const { segments, reference } of rendered?.credentials ?? []) if (!segments.some((segment) => segment.includes("."))) recordCredentialReads(into, pathInDocument(attributePath, segments), [reference]);
      if (holdsItems(attribute.expression) || encoded !== undefined) this.recordWrittenItems(attribute.expression, encoded, attributePath, props[attribute.name], into, scope, written, readsResources);
      // Not in Terraform's JSON syntax (CDKTF's), whose string escapes put the offsets of what `jsonencode` holds off (see `recordWrittenItems`).
      if (top && encoded !== undefined && trace.encoded !== undefined && !written.json) (into.encodedElsewhere ??= new Map()).set(attribute.name, trace.encoded);
    }
    for (let index = 0; index < blocks.length; index++) {
      const block = blocks[index];
      if (top && RESOURCE_META_BLOCKS.has(block.type)) continue;
      const type = block.type === "dynamic" ? block.labels[0]?.value : block.type;
      if (type === undefined) continue;
      if (block.type === "dynamic") this.expandDynamic(block, type, props, scope, into, path, this.fileOf(block, file), scratch);
      else this.appendBlock(props, type, block, block.body, scope, into, path, this.fileOf(block, file), scratch);
      if (top) keepReferences(into, type, scratch);
    }
    return props;
  }

  /**
   * One walk of the items an attribute's value (`value`, evaluated) writes (`eachItemWritten`: `encoded` is the argument of the
   * `jsonencode` it is): where each item is, so a finding deep inside `tags = {...}`, or on one container's `image`
   * in `container_definitions = jsonencode([...])`, points at its line, and which attribute or credential it reads.
   * Called only where there are items: the closures' context, made for every attribute, was a share of evaluation's
   * garbage, and most attributes write no literal object or tuple.
   */
  private recordWrittenItems(expression: Expression, encoded: Expression | undefined, path: string, value: Value, into: EvaluatedInstance, scope: Scope, written: ModuleFile, readsResources: boolean): void {
    // In Terraform's JSON syntax (CDKTF's) `jsonencode` is called in a JSON string, whose escapes put the offsets of
    // what it holds off the file's: the argument keeps its own place.
    const locates = !(written.json && encoded !== undefined);
    eachItemWritten(
      expression,
      path,
      (item, itemPath, at) => {
        const bareItem = unwrapped(item);
        if (locates) this.locateWritten(into, itemPath, bareItem, scope, written, at.start);
        // An item's value is where the walk is below the attribute's (a decoded document's, for `jsonencode`).
        if (readsResources) this.recordAttributeRead(bareItem, itemPath, into, scope, () => valueAt(value, itemPath.slice(path.length + 1)));
        const reference = this.credentialReference(bareItem, scope);
        if (reference !== undefined) recordCredentialReads(into, itemPath, [reference]);
      },
      encoded,
    );
  }

  /**
   * The references named like a credential (`credentialReference`) a value that may be a text holds as they are: the
   * value alone, or each one interpolated into the template it is (`"export HOOK=${var.github_app.webhook_secret}"`,
   * inside `%{if}` and `%{for}` too) or into the text templatefile() renders (`renderedCredentials`), encoded whole or not.
   */
  private textCredentialReferences(written: BareExpression, scope: Scope): readonly string[] {
    const text = textEncoded(written);
    if (text.kind === "Template") return interpolatedCredentials(text.parts, (interpolated) => this.credentialReference(interpolated, scope), []);
    if (text.kind === "FunctionCall" && isTemplateFileCall(text.name)) return this.renderedCredentials(text, scope);
    const reference = this.credentialReference(text, scope);
    return reference === undefined ? NO_REFERENCES : [reference];
  }

  /**
   * The reference named like a credential (`readsCredential`) an expression reads as it is, as written, where it reads
   * one: `var.github_app.webhook_secret`, `"${local.api_token}"`, `var.keys["api_key"]`, the same through `lookup()`
   * (`lookupAsIndex`), what the argument `try()` returns in `scope` reads (`tried`), and a part named like a credential of a
   * credential decoded: `jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)["password"]`. Not another
   * part of it, which may be the secret's host or user name (`["host"]`: its sensitive mark leaves it undecided), nor
   * a value worked out from one (`length(var.token)`), whatever it is called.
   */
  private credentialReference(expression: BareExpression, scope: Scope): string | undefined {
    if (expression.kind === "FunctionCall") {
      if (expression.name === "try") return this.tried(expression, scope, (argument) => this.credentialReference(argument, scope));
      const indexed = lookupAsIndex(expression);
      return indexed && this.credentialReference(indexed, scope);
    }
    if (expression.kind !== "Traversal") return undefined;
    const last = expression.steps[expression.steps.length - 1];
    const name = last.type === "attribute" ? last.name : typeof last.key === "string" ? last.key : undefined;
    if (name === undefined) return undefined;
    let root = expression.source;
    while (root.kind === "Traversal" || root.kind === "Index") root = root.kind === "Traversal" ? root.source : root.collection;
    if (root.kind === "Variable") return readsCredential(root.name, name) ? referenceText(expression) : undefined;
    const decoding = decodingCall(root);
    return decoding && namesCredential(name) && this.credentialReference(unwrapped(decoding.args[0]), scope) !== undefined ? referenceText(expression) : undefined;
  }

  /**
   * What `found` finds in the argument a `try()` returns: the first that evaluates in `scope`, as Terraform takes
   * it, where it finds something in any of them.
   */
  private tried<Found>(call: FunctionCallExpression, scope: Scope, found: (argument: BareExpression) => Found | undefined): Found | undefined {
    if (call.expandFinal) return undefined;
    const each = call.args.map((argument) => found(unwrapped(argument)));
    // Evaluated again only where it tells something: most try() calls read no credential nor attribute.
    if (each.every((one) => one === undefined)) return undefined;
    for (let index = 0; index < call.args.length; index++) {
      try {
        evaluateIn(undefined, call.args[index], scope, newTrace());
        return each[index];
      } catch (error) {
        if (!(error instanceof EvaluationError)) throw error;
      }
    }
    return undefined;
  }

  /**
   * The references named like a credential that templatefile() writes as they are into the text it renders: each its
   * vars map, written in the call, gives as it is (`{ db_password = var.db_password }`) for a name the template
   * interpolates as it is (`${db_password}`), as a template written in place interpolating the reference holds it.
   */
  private renderedCredentials(call: FunctionCallExpression, scope: Scope): readonly string[] {
    const rendered = this.credentialTemplate(call, scope);
    if (rendered === undefined) return NO_REFERENCES;
    const { template, named } = rendered;
    // A template that is one interpolation alone parses as its expression.
    if (template.syntax.kind === "Template") return interpolatedCredentials(template.syntax.parts, named, []);
    const reference = named(unwrapped(template.syntax));
    return reference === undefined ? NO_REFERENCES : [reference];
  }

  /**
   * The template templatefile() renders, with which reference named like a credential each name it interpolates
   * is, as its vars map, written in the call, gives it (`{ db_password = var.db_password }`); undefined where the map
   * gives none or the template is not known.
   */
  private credentialTemplate(call: FunctionCallExpression, scope: Scope): { template: { text: string; resolved: string; syntax: Expression }; named: (expression: BareExpression) => string | undefined } | undefined {
    const written = templateVariablesWritten(call);
    if (written === undefined) return undefined;
    const given = new Map<string, string>();
    for (const [name, value] of written.variables) {
      const reference = this.credentialReference(unwrapped(value), scope);
      if (reference !== undefined) given.set(name, reference);
    }
    const template = given.size === 0 ? undefined : this.templateOf(written.file, scope);
    return template && { template, named: (expression) => (expression.kind === "Variable" ? given.get(expression.name) : undefined) };
  }

  /**
   * The lines of the text a value that may be a text renders on which each reference named like a credential it
   * holds as it is (`textCredentialReferences`) is written, by line: the text is rendered again with a marker
   * around each of them. Lines are counted with each part not known to the check on one line, as the rules read
   * such a text. Empty where the text cannot be rendered so (a template that is one interpolation, whose value is
   * the text as a whole).
   */
  private credentialLines(written: BareExpression, scope: Scope): Map<number, string[]> {
    const text = textEncoded(written);
    const references: string[] = [];
    // Each reference is marked with its own marker, however many places write it.
    const marker = (reference: string | undefined): number | undefined => {
      if (reference === undefined) return undefined;
      const index = references.indexOf(reference);
      return index !== -1 ? index : references.push(reference) - 1;
    };
    try {
      if (text.kind === "Template") {
        const parts = markedParts(text.parts, (interpolated) => marker(this.credentialReference(interpolated, scope)));
        return markedLines(evaluateIn(undefined, { ...text, parts }, scope, newTrace()), references);
      }
      if (text.kind !== "FunctionCall" || !isTemplateFileCall(text.name)) return new Map();
      const rendered = this.credentialTemplate(text, scope);
      const syntax = rendered?.template.syntax;
      if (rendered === undefined || syntax?.kind !== "Template") return new Map();
      const variables = evaluateIn(undefined, text.args[1], scope, newTrace());
      if (!isRecord(variables)) return new Map();
      const marked = { ...syntax, parts: markedParts(syntax.parts, (interpolated) => marker(rendered.named(interpolated))) };
      return markedLines(this.run.functions.renderTemplate(rendered.template.text, rendered.template.resolved, variables, marked), references);
    } catch (error) {
      if (error instanceof ExpressionError || error instanceof EvaluationError) return new Map();
      throw error;
    }
  }

  /**
   * What the JSON document templatefile() renders keeps of the values its variables fill, as `jsonencode` keeps it of
   * its elements (`isDocumentMarkedByElement`): where in the document each text a sensitive variable is interpolated
   * into is, and each text that is a variable given a reference named like a credential as it is, with that reference.
   * Undefined where which texts those are is not known: a sensitive variable the template reads other than as a
   * `${name}` of its own, or whose text JSON would escape, or a document whose structure is not known (an unknown
   * written outside a string, a `%{ for }` over an unknown).
   */
  private renderedDocumentMarks(call: FunctionCallExpression, scope: Scope): RenderedMarks | undefined {
    const written = templateVariablesWritten(call);
    const template = written === undefined ? undefined : this.templateOf(written.file, scope);
    if (written === undefined || template === undefined || template.syntax.kind !== "Template" || written.variables.size > MAX_MARKERS) return undefined;
    // A marker escaped in the template's JSON would be decoded into one.
    if (MARKER.test(template.text) || ESCAPED_MARKER.test(template.text)) return undefined;
    const standing = namesInterpolatedAlone(template.syntax.parts);
    // Each marked variable is given a marker of its own to render, whose places in the document are then the text's.
    const variables: Record<string, Value> = {};
    const marked: { sensitive: boolean; reference: string | undefined }[] = [];
    for (const [name, expression] of written.variables) {
      const trace = newTrace();
      let value: Value;
      try {
        value = evaluateIn(undefined, expression, scope, trace);
      } catch (error) {
        if (error instanceof ExpressionError || error instanceof EvaluationError) return undefined;
        throw error;
      }
      if (trace.ephemeral !== undefined) return undefined;
      const sensitive = trace.sensitive || holdsSensitive(value);
      const reference = this.credentialReference(unwrapped(expression), scope);
      // Text JSON holds as it is, or an unknown of which no part is known, is where its marker is.
      const stands = standing.has(name) && (typeof value === "string" ? JSON.stringify(value) === `"${value}"` : isUnknown(value) && !(value instanceof PartialString));
      if (sensitive && !stands) return undefined;
      // Nor may a value rendered as it is hold one.
      if (typeof value === "string" && MARKER.test(value)) return undefined;
      if (stands && (sensitive || reference !== undefined)) {
        variables[name] = String.fromCharCode(MARKER_BASE + marked.length);
        marked.push({ sensitive, reference });
      } else variables[name] = value;
    }
    if (marked.length === 0) return undefined;
    let document: unknown;
    try {
      document = parseJsonProperty(this.run.functions.renderTemplate(template.text, template.resolved, variables));
    } catch (error) {
      if (error instanceof EvaluationError) return undefined;
      throw error;
    }
    // Text that is no JSON, or whose structure an unknown part may change, has no place for a mark.
    if (document === undefined || isUnknown(document)) return undefined;
    const marks: RenderedMarks = { secret: [], credentials: [] };
    return markedTexts(document, [], marked, marks) ? marks : undefined;
  }

  /**
   * The template file `file` names, worked out in `scope`, as templatefile() reads it: its text, absolute path and
   * syntax; undefined where it is not known or cannot be read, which the call's evaluation reports.
   */
  private templateOf(file: Expression, scope: Scope): { text: string; resolved: string; syntax: Expression } | undefined {
    const { functions } = this.run;
    try {
      const path = evaluateIn(undefined, file, scope, newTrace());
      if (typeof path !== "string") return undefined;
      const { text, resolved } = readTextFile(functions, path);
      return { text, resolved, syntax: functions.parseTemplate(text, resolved) };
    } catch (error) {
      if (error instanceof ExpressionError || error instanceof EvaluationError) return undefined;
      throw error;
    }
  }

  private appendBlock(props: Record<string, Value>, type: string, at: Node, body: Body, scope: Scope, into: EvaluatedInstance, path: string, file: ModuleFile, sink: Set<string | ReachedAddresses>): void {
    const existing = props[type];
    if (isUnknown(existing)) return;
    const list = Array.isArray(existing) ? existing : (props[type] = []);
    const blockPath = joinPath(path, type);
    const itemPath = joinPath(blockPath, list.length);
    into.places.add(blockPath, file.located, at.start, "first");
    into.places.add(itemPath, file.located, at.start);
    const block = this.evaluateBody(body, scope, into, itemPath, file, sink);
    NESTED_BLOCKS.add(block);
    list.push(block);
  }

  /** `dynamic "ingress" { for_each = ..., iterator = rule, content { ... } }`: one block per element. */
  private expandDynamic(block: Block, type: string, props: Record<string, Value>, scope: Scope, into: EvaluatedInstance, path: string, file: ModuleFile, sink: Set<string | ReachedAddresses>): void {
    const forEach = attributeNamed(block.body, "for_each");
    const content = blockOfType(block.body, "content");
    if (!forEach || !content) return;
    const iterator = attributeNamed(block.body, "iterator")?.expression;
    const iteratorName = iterator?.kind === "Variable" ? iterator.name : type;
    const collectionTrace: Trace = { sensitive: false, dependencies: sink };
    const collection = this.evaluateReported(forEach.expression, scope, collectionTrace, file);
    let entries: [Value, Value][] | Unknown;
    try {
      entries = entriesOf(collection, forEach);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      this.warn(error, file);
      entries = UNKNOWN;
    }
    const blockPath = joinPath(path, type);
    into.places.add(blockPath, file.located, block.start, "first");
    if (isUnknown(entries)) {
      // How many blocks there will be is unknown, so nothing about the list can be judged yet.
      props[type] = UNKNOWN;
      return;
    }
    // The iterator's value is written where the collection writes the element.
    markWrittenIn(collection, forEach.expression, file, scope);
    for (const [position, [key, value]] of entries.entries()) {
      markReadOut(value, collection, [{ key }]);
      const iteratorScope = withLocals(scope, { [iteratorName]: markSensitiveElements({ key, value }, []) });
      const sensitive = collectionTrace.sensitive || isSensitiveEntry(collection, key, position);
      this.appendBlock(props, type, block, content.body, sensitive ? readsSensitive(iteratorScope, iteratorName) : iteratorScope, into, path, file, sink);
    }
  }

  // ---- modules

  /**
   * `path.module` as Terraform gives it: relative to the root module's directory, where Terraform runs and relative
   * file paths resolve ("." for the root, "../shared/x" for a module beside it). Not the absolute directory, which put
   * where the repository is checked out into every value built from it, and so into messages and baselines. With `/`
   * between names on any system, so a finding is named alike wherever it is checked.
   */
  private modulePath(): string {
    return relative(this.run.functions.baseDir, this.definition.dir).split(sep).join("/") || ".";
  }

  private moduleReference(name: string, steps: readonly Step[], trace: Trace, at: Node): { value: Value; consumed: number } {
    if (!this.definition.moduleCalls.has(name)) throw new InvalidReference(`reference to undeclared module "${name}"`, at.start);
    const group = this.moduleGroup(name);
    if (group === undefined) return { value: this.cycle(`${this.prefix}module.${name}`, trace, at), consumed: 1 };
    if (group.unscanned !== undefined) (trace.unscannedModules ??= new Set()).add(`${this.prefix}module.${name}, ${group.unscanned}`);
    if (group.unknown) return { value: UNKNOWN, consumed: 1 };
    const output = steps[1]?.name;
    const child = group.instances[0];
    if (output !== undefined && child !== undefined && group.byKey === undefined && !child.definition.outputs.has(output)) {
      throw new InvalidReference(`module "${name}" has no output "${output}"`, at.start);
    }
    // Disabled (OpenTofu's `enabled = false`), the module is null, and reading an output of it fails as there.
    if (group.byKey === undefined && child === undefined) return { value: null, consumed: 1 };
    // The common `module.x.output`: read just that output, so only its secrets and dependencies count.
    if (group.byKey === undefined && output !== undefined) return { value: child.output(output, trace, at), consumed: 2 };
    // And `module.x[key].output` of an expanded call: just that instance's output. The module object evaluates every
    // output of every instance, one of which may read what reads this (Terraform sees no cycle there: it reads one).
    const instanceOutput = steps[2]?.name;
    const key = steps[1]?.key;
    if (group.byKey !== undefined && instanceOutput !== undefined && (typeof key === "string" || typeof key === "number")) {
      const instance = group.byKey.get(key);
      if (instance?.definition.outputs.has(instanceOutput)) return { value: instance.output(instanceOutput, trace, at), consumed: 3 };
    }
    if (group.whole !== undefined) {
      mergeTrace(trace, group.whole.trace);
      return { value: group.whole.value, consumed: 1 };
    }
    const whole = newTrace();
    // An output read while it is evaluated is a cycle, named at this read: that object is this read's alone.
    let cycle = false;
    // Terraform marks a sensitive output alone, not the module object: reading another output through it is not secret.
    const outputsOf = (instance: ModuleInstance) => {
      const sensitiveOutputs: string[] = [];
      const outputs = [...instance.definition.outputs.keys()].map((outputName) => {
        if (instance.outputValues.get(outputName) === PENDING) cycle = true;
        const outputTrace = newTrace();
        const value = instance.output(outputName, outputTrace, at);
        if (outputTrace.sensitive) sensitiveOutputs.push(outputName);
        // An ephemeral output is one element of the module object, as a sensitive one is.
        mergeTrace(whole, { ...outputTrace, sensitive: false, ephemeral: outputTrace.ephemeral && "held" });
        return [outputName, value];
      });
      // Every output is in it (one that cannot be evaluated is unknown there): which attributes it has is known.
      return markSensitiveElements(Object.fromEntries(outputs), sensitiveOutputs);
    };
    let value: Value;
    if (group.byKey === undefined) value = outputsOf(child);
    else if (expandsByCount(this.definition.moduleCalls.get(name)!.block.body)) value = markSensitiveElements(group.instances.map(outputsOf), []);
    else value = markSensitiveElements(Object.fromEntries([...group.byKey].map(([key, instance]) => [String(key), outputsOf(instance)])), []);
    // Built once, not per read: `values(module.m)` read in each of n instances merged n instances' outputs into each.
    if (!cycle) group.whole = { value, trace: shareDependencies(whole) };
    mergeTrace(trace, whole);
    return { value, consumed: 1 };
  }

  /** A module call's instances once its `count` or `for_each` is known; undefined while that is evaluated (a cycle). */
  private moduleGroup(name: string): ModuleGroup | undefined {
    const cached = this.moduleGroups.get(name);
    if (cached === PENDING) return undefined;
    if (cached) return cached;
    const call = this.definition.moduleCalls.get(name)!;
    this.moduleGroups.set(name, PENDING);
    this.run.evaluating.push(`${this.prefix}module.${name}`);
    const group = this.instantiate(name, call.block, call.file);
    this.run.evaluating.pop();
    this.moduleGroups.set(name, group);
    return group;
  }

  /** What Terraform refuses in a module call: an argument the module declares no variable for, a required one left out. */
  private checkModuleArguments(name: string, block: Block, file: ModuleFile, definition: ModuleDefinition): void {
    const given = new Set<string>();
    for (const attribute of block.body.attributes) {
      if (MODULE_META.has(attribute.name)) continue;
      given.add(attribute.name);
      if (definition.variables.has(attribute.name)) continue;
      const message = `module "${name}" declares no variable "${attribute.name}" (Terraform refuses the argument); it is ignored`;
      this.reportEvaluation(message, locate(this.fileOf(attribute, file), attribute.start));
    }
    for (const [variable, declaration] of definition.variables) {
      if (given.has(variable) || declaresDefault(declaration.block)) continue;
      const message = `module "${name}" is not given its required variable "${variable}" (Terraform refuses the call); its value is unknown`;
      this.reportEvaluation(message, locate(file, block.start));
    }
  }

  private instantiate(name: string, block: Block, file: ModuleFile): ModuleGroup {
    const none: ModuleGroup = { instances: [], byKey: undefined, unknown: true };
    const unscanned = (why: string): ModuleGroup => ({ ...none, unscanned: why });
    const notLiteral = unscanned("whose source is not a literal");
    const source = this.earlyString(name, block, "source", file);
    const at = locate(file, block.start);
    if (source === SECRET_ARGUMENT) return notLiteral;
    if (typeof source !== "string") {
      this.reportEvaluation(`module "${name}" has no literal source; it is not scanned`, at);
      return notLiteral;
    }
    const key = this.moduleKey === "" ? name : `${this.moduleKey}.${name}`;
    const local = isLocalSource(source);
    const version = this.earlyString(name, block, "version", file);
    if (version === SECRET_ARGUMENT) return unscanned("whose version is not a literal");
    const found = local ? { dir: resolvePath(this.definition.dir, source) } : this.run.downloadedModule(key, source, version);
    if ("notScanned" in found) {
      this.run.report({
        severity: "notice",
        code: "module-not-scanned",
        message: `module "${name}" comes from ${JSON.stringify(printableSource(source))}, ${found.notScanned}: its resources are not checked (run \`${initCommand(this.calls[0].dir)}\` to have them checked)`,
        ...at,
      });
      return unscanned(found.notScanned);
    }
    const { dir } = found;
    const callee = this.run.calledDirectory(dir);
    const closing = this.calls.findIndex((call) => call.real === callee.real);
    // Terraform's init follows such a call without end: only the first pass through the cycle is evaluated.
    if (closing !== -1) {
      const cycle = [...this.calls.slice(closing), callee].map((call) => displayPath(call.dir)).join(" calls ");
      const message = `module "${name}" closes a cycle of module calls (${cycle}), which Terraform refuses as it nests without end; the call is not followed, and ${displayPath(this.calls[0].dir)} is checked as the root module without it`;
      this.run.report({ severity: "error", code: "input", message, ...at });
      return none;
    }
    if (this.calls.length > MAX_MODULE_DEPTH) {
      const message = `module "${name}" nests modules more than ${MAX_MODULE_DEPTH} deep, deeper than prodready follows: the call is not followed, and the resources of the modules below are not checked`;
      this.run.report({ severity: "warning", code: "module-not-scanned", message, ...at });
      return unscanned("which nests deeper than prodready follows");
    }
    const definition = this.run.loadModule(dir);
    if (!definition) {
      // At the call, where the source is written: the directory it names may be outside the repository, or nowhere.
      const sourceAttribute = attributeNamed(block.body, "source")!;
      const problem = local ? "directory not found or holds no .tf or .tofu files" : `the directory \`terraform init\` downloaded it to, ${displayPath(dir)}, holds no .tf or .tofu files`;
      const message = `module "${name}": source ${JSON.stringify(printableSource(source))}: ${problem}`;
      this.run.report({ severity: "error", code: "input", message, ...locate(this.fileOf(sourceAttribute, file), sourceAttribute.start) });
      return none;
    }
    this.checkModuleArguments(name, block, file, definition);
    // CDKTF writes a module call's construct path in its "//" metadata; suppressions there (in hand-written JSON:
    // CDKTF replaces a module's "//" after applying overrides) cover all it holds.
    const metadata = file.json && block.jsonComment !== undefined ? this.run.readMetadata(block.jsonComment, `${this.prefix}module.${name}`, { ...at }) : undefined;
    if (metadata !== undefined) this.run.suppressions.push(...metadata.suppressions);
    const expansionTrace = newTrace();
    const instances = this.expand(block.body, expansionTrace, file);
    // With its count or for_each unknown, the module is evaluated once, and its resources are judged as ones that may not exist.
    const existence = instances === undefined ? unknownExistence(`the ${expansionNamed(block.body)} of ${this.prefix}module.${name}`, expansionTrace) : this.existence;
    const perInstance = eachOwnCounterpart(instances);
    const children = (instances ?? [UNKNOWN_INSTANCE]).map((instance) => {
      const drawnOn = perInstance ? { ...expansionTrace, dependencies: new Set<string | ReachedAddresses>([instance.counterpart!.address]) } : expansionTrace;
      const inputs = this.moduleInputs(name, block, file, instance, drawnOn);
      const prefix = `${this.prefix}module.${name}${instance.suffix}.`;
      const constructCall = metadata?.constructPath === undefined ? this.constructCall : { path: metadata.constructPath, prefix };
      return new ModuleInstance(this.run, definition, prefix, key, inputs, [...this.calls, callee], false, existence, constructCall, this.providersGiven(block, file, prefix, this.scope(instance.names, undefined, instance.eachValue)));
    });
    // Its outputs stay unknown to the caller: how many instances there are is.
    return { instances: children, byKey: byInstanceKey(block.body, instances, children), unknown: instances === undefined };
  }

  /**
   * A module call's `source` or `version` as a string: a literal, or one OpenTofu 1.8 evaluates early, from variables
   * and locals only (Terraform refuses anything but a literal); undefined when it draws on a resource, known later.
   * One drawing on a secret (a token in a git URL) is reported here, as the notices about the module would print it.
   */
  private earlyString(call: string, block: Block, name: "source" | "version", file: ModuleFile): string | typeof SECRET_ARGUMENT | undefined {
    const attribute = attributeNamed(block.body, name);
    if (attribute === undefined) return undefined;
    const trace = newTrace();
    const written = this.fileOf(attribute, file);
    const value = this.evaluateReported(attribute.expression, this.moduleScope, trace, written);
    if (trace.sensitive || trace.ephemeral !== undefined) {
      // OpenTofu 1.8.3 refuses a sensitive one, which 1.8.0 printed (CVE-2024-58375).
      const refused = trace.sensitive ? "a sensitive value, which OpenTofu refuses" : "an ephemeral value, which is secret";
      this.reportAt(attribute, written, `the ${name} of module "${call}" draws on ${refused}; the module is not scanned`);
      return SECRET_ARGUMENT;
    }
    return typeof value === "string" && trace.dependencies.size === 0 ? value : undefined;
  }

  /**
   * A module call's arguments in one of its instances, each with what it drew on, the call's count or for_each too
   * (of a for_each over another resource's instances, the instance's own counterpart: `eachOwnCounterpart`).
   * Each is evaluated when the module first reads it, as Terraform orders values and not modules: two modules may
   * each read an output of the other that does not depend on what it is given.
   */
  private moduleInputs(name: string, block: Block, file: ModuleFile, instance: Instance, expansionTrace: Trace): ModuleInputs {
    const scope = this.scope(instance.names, undefined, instance.eachValue);
    const names = block.body.attributes.filter((attribute) => !MODULE_META.has(attribute.name)).map((attribute) => attribute.name);
    // A module called from several places, or with several instances, is told apart by the call and its key.
    const call = `module "${name}"${instance.suffix === "" ? "" : ` instance ${instance.suffix}`}`;
    const argument = (argumentName: string) => (MODULE_META.has(argumentName) ? undefined : attributeNamed(block.body, argumentName));
    return {
      keys: () => names.values(),
      alwaysRead: (argumentName) => {
        const attribute = argument(argumentName);
        return attribute && { readIn: this, references: () => referencesAlwaysRead(attribute.expression) };
      },
      attributeRead: (argumentName) => {
        const attribute = argument(argumentName);
        return attribute && this.attributeRead(unwrapped(attribute.expression), scope);
      },
      regionRead: (argumentName) => {
        const attribute = argument(argumentName);
        return attribute && this.regionRead(unwrapped(attribute.expression), scope);
      },
      get: (argumentName) => {
        const attribute = argument(argumentName);
        if (attribute === undefined) return undefined;
        const trace = newTrace();
        mergeTrace(trace, expansionTrace);
        const written = this.fileOf(attribute, file);
        const value = this.evaluateReported(attribute.expression, scope, trace, written);
        // A map or list written here has its elements where they are written, wherever the module reads it.
        markWrittenIn(value, attribute.expression, written, scope);
        const location = locate(written, attribute.start);
        return { value, trace, at: { by: call, location }, writtenAt: this.writtenElsewhere(unwrapped(attribute.expression), scope) ?? location };
      },
      callerFiles: this.writtenFiles(),
      outermostCall: this.inputs.outermostCall ?? { address: `module.${name}${instance.suffix}`, ...locate(file, block.start) },
    };
  }

  /**
   * What a module call that is not scanned is given, in all its instances; with a count of 0 it is given nothing.
   * Evaluated once the module calling it has evaluated its own values, not as the call is first read: its outputs are
   * unknown whatever it is given, so what it is given may read a value that reads them, which is no cycle.
   */
  private recordUnscanned(name: string): void {
    const { block, file } = this.definition.moduleCalls.get(name)!;
    const expansionTrace = newTrace();
    const instances = this.expand(block.body, expansionTrace, file) ?? [UNKNOWN_INSTANCE];
    if (instances.length === 0) return;
    const module: UnscannedModule = { address: `${this.prefix}module.${name}`, given: new Set(), texts: new Set(), entries: new Map() };
    for (const instance of instances) {
      const inputs = this.moduleInputs(name, block, file, instance, expansionTrace);
      for (const argument of inputs.keys()) {
        const input = inputs.get(argument)!;
        for (const address of addressesReached([...input.trace.dependencies])) module.given.add(address);
        if (!input.trace.sensitive) collectGivenTexts(input.value, module);
      }
    }
    this.run.unscannedModules.push(module);
  }
}

/**
 * Where the element at a path of a resource's properties was written, when an expression built what holds it (see
 * `writtenAtPath`), in one of `ownFiles`: the module's, or those of the modules calling it, which write what it is
 * given. A value read out of another module (an output) keeps the place of the attribute that reads it, as does a
 * value given in a tfvars file or on the command line: what is written here reads it. One for all of a module
 * instance's resources, made apart so that it holds only the files' names: one that held the module kept all it
 * evaluated alive with the resources. A resource with a document `jsonencode` encodes from a value built elsewhere
 * has its own, which finds the document's elements where that value's marks say (`encodedElsewhere`).
 */
function locatorIn(ownFiles: ReadonlySet<string>, encodedElsewhere?: ReadonlyMap<string, Value>): NonNullable<Resource["writtenElementLocation"]> {
  return (props, path) => {
    // A property itself is where its attribute is: most paths a finding names.
    if (!path.includes(".")) return undefined;
    const steps = splitPath(path);
    const encoded = encodedElsewhere?.get(steps[0]);
    const written = encoded === undefined ? writtenAtPath(props, steps) : writtenAtPath(encoded, steps.slice(1));
    return written !== undefined && ownFiles.has(written.file.fileName) ? locate(written.file, written.offset) : undefined;
  };
}

/** Whether an expression is a literal tuple or object, whose items `eachWrittenItem` visits. */
function holdsItems(expression: Expression): boolean {
  return expression.kind === "Tuple" || expression.kind === "Object";
}

/**
 * Visits the items an attribute's value writes, with their paths below `path`: those of its literal tuples and
 * objects, and those of the literal `jsonencode` encodes where the value is its call (`encoded`, its argument), at
 * their place in the decoded document, where rules read them (`container_definitions.0.image`).
 */
export function eachItemWritten(expression: Expression, path: string, visit: (item: Expression, itemPath: string, at: Node) => void, encoded = jsonencodeArgument(unwrapped(expression))): void {
  eachWrittenItem(expression, path, visit);
  if (encoded !== undefined) eachWrittenItem(encoded, path, visit);
}

/** Visits the elements of literal tuples and the values of literal objects in an expression, at any depth, with their paths. */
function eachWrittenItem(expression: Expression, path: string, visit: (item: Expression, itemPath: string, at: Node) => void): void {
  if (expression.kind === "Tuple") {
    expression.elements.forEach((element, index) => {
      const elementPath = joinPath(path, index);
      visit(element, elementPath, element);
      eachWrittenItem(element, elementPath, visit);
    });
  } else if (expression.kind === "Object") {
    for (const item of expression.items) {
      const key = item.key.kind === "Literal" ? item.key.value : undefined;
      if (typeof key !== "string" && typeof key !== "number") continue;
      const itemPath = joinPath(path, typeof key === "number" ? formatNumber(key) : key);
      visit(item.value, itemPath, item);
      eachWrittenItem(item.value, itemPath, visit);
    }
  }
}

/**
 * The templatefile() calls in a syntax tree that name their template (a first argument), outermost first. Walked
 * without recursion: a chain of operators or conditionals is as deep as it is long.
 */
export function templateFileCalls(tree: object): FunctionCallExpression[] {
  const found: FunctionCallExpression[] = [];
  const pending: object[] = [tree];
  while (pending.length > 0) {
    const node = pending.pop()!;
    const call = node as FunctionCallExpression;
    if (call.kind === "FunctionCall" && isTemplateFileCall(call.name) && call.args.length > 0) found.push(call);
    const children = Array.isArray(node) ? node : Object.values(node);
    // Pushed last first, so each is walked in the order written.
    for (let index = children.length - 1; index >= 0; index--) {
      const child: unknown = children[index];
      if (child !== null && typeof child === "object") pending.push(child);
    }
  }
  return found;
}

/** The argument of `jsonencode(...)` written alone, or as a template's one interpolation (CDKTF's `"${jsonencode(...)}"`). */
function jsonencodeArgument(expression: BareExpression): Expression | undefined {
  return expression.kind === "FunctionCall" && expression.name === "jsonencode" && expression.args.length === 1 && !expression.expandFinal ? expression.args[0] : undefined;
}

/** How many local values naming each other `possibleValues` follows. */
const MAX_LOCALS_FOLLOWED = 32;

/**
 * An expression without the parentheses or the template of one interpolation around it, which leave its value as it
 * is, type and all (`unwrapped` takes off `tostring()` too).
 */
function valueAsWritten(expression: Expression): Expression {
  if (expression.kind === "Parenthesized") return valueAsWritten(expression.expression);
  return expression.kind === "Template" && expression.parts.length === 1 && expression.parts[0].kind === "Interpolation" ? valueAsWritten(expression.parts[0].expression) : expression;
}

/** Functions that give back the value they are given: `nonsensitive(data.aws_ssm_parameter.ami.value)` reads the parameter. */
const IDENTITY_FUNCTIONS = new Set(["nonsensitive", "sensitive", "tostring"]);

/**
 * An expression without the parentheses, the template of one interpolation or the identity function call around it,
 * which leave its value as it is.
 */
function unwrapped(expression: Expression): BareExpression {
  // The kind read once: an expression's shape differs by kind, and this runs for every value a body writes.
  switch (expression.kind) {
    case "Parenthesized":
      return unwrapped(expression.expression);
    case "FunctionCall":
      return IDENTITY_FUNCTIONS.has(expression.name) && expression.args.length === 1 && !expression.expandFinal ? unwrapped(expression.args[0]) : (expression as BareExpression);
    case "Template":
      return expression.parts.length === 1 && expression.parts[0].kind === "Interpolation" ? unwrapped(expression.parts[0].expression) : (expression as BareExpression);
    default:
      return expression as BareExpression;
  }
}

/**
 * What a text interpolates, in order: a template's interpolations, or the arguments `format()` of a literal writes as
 * they are, as a template would (`format("/aws/lambda/%s", X)` is `"/aws/lambda/${X}"`); undefined where which
 * interpolations make the text is open (a directive, `%{if}`) or a verb writes another text than its argument (`%q`).
 */
function interpolations(expression: BareExpression): readonly Expression[] | undefined {
  if (expression.kind === "Template") {
    if (!expression.parts.every((part) => part.kind === "Text" || part.kind === "Interpolation")) return undefined;
    return expression.parts.flatMap((part) => (part.kind === "Interpolation" ? [part.expression] : []));
  }
  if (expression.kind !== "FunctionCall" || expression.name !== "format" || expression.expandFinal) return undefined;
  const [template, ...args] = expression.args;
  if (template?.kind !== "Literal" || typeof template.value !== "string") return undefined;
  return formatInterpolations(template.value, args.length)?.map((index) => args[index]);
}

/** What a template that is one interpolation followed by text alone interpolates: `"${X}:1.4.2"`'s `X`. */
function leadingInterpolation(expression: BareExpression): Expression | undefined {
  if (expression.kind !== "Template") return undefined;
  const [first, ...rest] = expression.parts;
  return first?.kind === "Interpolation" && rest.length > 0 && rest.every((part) => part.kind === "Text") ? first.expression : undefined;
}

declare const bareBrand: unique symbol;
/** An expression `unwrapped` gave: what the reads of a value as it is take, so that each written value is unwrapped once. */
type BareExpression = Expression & { readonly [bareBrand]: true };

/**
 * Where a region read from a value (`RegionRead`) places a resource whose provider configuration places it at
 * `configured`: resources reading one value share its region, unless it is null, which leaves each in its
 * configuration's region; so the place names both.
 */
function valuePlace(value: string, configured: Placement): RegionPlace | undefined {
  const otherwise = configured.region !== undefined ? `region ${configured.region}` : configured.regionFrom;
  return otherwise === undefined ? undefined : { regionFrom: `${value}, else ${otherwise}` };
}

/** A local value or variable as a reference names it: `local.db_password`, `var.region`. */
type NamedValue = `${"local" | "var"}.${string}`;

/** The local value or variable an expression is with nothing around it: `local.db_password`, `"${var.ami_id}"`. */
function bareNamedValue(expression: BareExpression): NamedValue | undefined {
  if (expression.kind !== "Traversal" || expression.source.kind !== "Variable" || expression.steps.length !== 1) return undefined;
  const root = expression.source.name;
  const step = expression.steps[0];
  return (root === "local" || root === "var") && step.type === "attribute" ? `${root}.${step.name}` : undefined;
}

/** Records the references named like a credential that the value at `path` reads as it is, if there are any. */
function recordCredentialReads(into: EvaluatedInstance, path: string, references: readonly string[]): void {
  if (references.length > 0) (into.credentialReads ??= {})[path] = references;
}

/** Functions that decode a text into the document it writes: a part of a credential decoded is part of that credential. */
const TEXT_DECODINGS = new Set(["jsondecode", "yamldecode"]);

/** The call decoding a text as a whole (`TEXT_DECODINGS`) an expression is, if it is one: `jsondecode(X)`. */
function decodingCall(expression: Expression): FunctionCallExpression | undefined {
  return expression.kind === "FunctionCall" && TEXT_DECODINGS.has(expression.name) && expression.args.length === 1 && !expression.expandFinal ? expression : undefined;
}

/**
 * The index `lookup()` of a literal key is (`lookup(var.keys, "api_key")` is `var.keys["api_key"]`), with or without
 * a default: where the key is missing the value is the default's, which is known where the map is.
 */
function lookupAsIndex(expression: BareExpression): BareExpression | undefined {
  if (expression.kind !== "FunctionCall" || expression.name !== "lookup" || expression.expandFinal || expression.args.length < 2) return undefined;
  const [map, key] = expression.args;
  if (key.kind !== "Literal" || typeof key.value !== "string") return undefined;
  const step: TraversalStep = { type: "index", key: key.value, start: key.start, end: key.end };
  const collection = unwrapped(map);
  const indexed: TraversalExpression =
    collection.kind === "Traversal" ? { ...collection, steps: [...collection.steps, step], end: key.end } : { kind: "Traversal", source: collection, steps: [step], start: collection.start, end: key.end };
  return indexed as BareExpression;
}

/** Functions that encode a whole text, so that the result holds what the text does: user data a launch template takes base64-encoded. */
const TEXT_ENCODINGS = new Set(["base64encode", "base64gzip"]);

const NO_REFERENCES: readonly string[] = [];

/** The text a value encodes whole (`base64encode(<<-EOT … EOT)`), or the value itself: what holds what the result does. */
function textEncoded(written: BareExpression): BareExpression {
  let text = written;
  while (text.kind === "FunctionCall" && TEXT_ENCODINGS.has(text.name) && text.args.length === 1 && !text.expandFinal) text = unwrapped(text.args[0]);
  return text;
}

/** Where a marked interpolation ends, in a text `credentialLines` renders; where each starts is `MARKER_BASE` plus its reference's number. */
const MARK_END = "\ue0ff";

/**
 * Template parts with each interpolation `mark` numbers (as it is, at any depth) between markers of its own: a
 * character for its number before it, `MARK_END` after it. The markers hold no line end, so the text's lines stay.
 */
function markedParts(parts: readonly TemplatePart[], mark: (interpolated: BareExpression) => number | undefined): TemplatePart[] {
  return parts.flatMap((part): TemplatePart[] => {
    switch (part.kind) {
      case "Interpolation": {
        const index = mark(unwrapped(part.expression));
        if (index === undefined || index >= MAX_MARKERS) return [part];
        const text = (value: string): TemplatePart => ({ kind: "Text", value, start: part.start, end: part.start });
        return [text(String.fromCharCode(MARKER_BASE + index)), part, text(MARK_END)];
      }
      case "IfDirective":
        return [{ ...part, trueParts: markedParts(part.trueParts, mark), falseParts: markedParts(part.falseParts, mark) }];
      case "ForDirective":
        return [{ ...part, bodyParts: markedParts(part.bodyParts, mark) }];
      default:
        return [part];
    }
  });
}

/**
 * The lines a text `markedParts` marked holds each marked value on, from its first line to its last, with the
 * references numbered as `references` lists them; empty where the markers do not pair up (a value holding one).
 */
function markedLines(rendered: Value, references: readonly string[]): Map<number, string[]> {
  const pieces = typeof rendered === "string" ? [rendered] : rendered instanceof PartialString ? [rendered.prefix, ...rendered.inner, rendered.suffix] : [];
  const lines = new Map<number, string[]>();
  let line = 1;
  let open: { reference: string; from: number } | undefined;
  for (const piece of pieces) {
    for (const char of piece) {
      if (char === "\n") line++;
      else if (char === MARK_END) {
        if (open === undefined) return new Map();
        for (let each = open.from; each <= line; each++) getOrAdd(lines, each, () => []).push(open.reference);
        open = undefined;
      } else if (MARKER.test(char)) {
        const reference = references[char.charCodeAt(0) - MARKER_BASE];
        if (open !== undefined || reference === undefined) return new Map();
        open = { reference, from: line };
      }
    }
  }
  return open === undefined ? new Map([...lines].map(([at, read]) => [at, [...new Set(read)]])) : new Map();
}

/** What templatefile()'s vars map, written in the call as an object with names for keys, gives each name; undefined otherwise. */
function templateVariablesWritten(call: FunctionCallExpression): { file: Expression; variables: Map<string, Expression> } | undefined {
  const [file, vars] = call.args;
  if (call.args.length !== 2 || call.expandFinal || vars.kind !== "Object") return undefined;
  const variables = new Map<string, Expression>();
  for (const item of vars.items) if (item.key.kind === "Literal" && typeof item.key.value === "string") variables.set(item.key.value, item.value);
  return { file, variables };
}

/**
 * Where a rendered JSON document holds the values of variables templatefile() marks (`renderedDocumentMarks`): the
 * paths of the texts a sensitive one is in, and of those one given a credential's reference is alone, with it.
 */
interface RenderedMarks {
  secret: string[][];
  credentials: { segments: string[]; reference: string }[];
}

/** Each marked variable renders as one private-use character of its own, which no document holds. */
const MARKER_BASE = 0xe100;
const MAX_MARKERS = 0x700;
const MARKER = /[\ue100-\ue7ff]/;
const ESCAPED_MARKER = /\\u[eE][1-7]/;

/**
 * The names a template's parts read only as an interpolation of the name alone (`"${db_password}"`), at their top:
 * what such a name is given is the text in its place. One read anywhere else (a condition, a function, a loop) is not.
 */
function namesInterpolatedAlone(parts: readonly TemplatePart[]): Set<string> {
  const alone = new Set<string>();
  const elsewhere = new Set<string>();
  for (const part of parts) {
    const bare = part.kind === "Interpolation" ? unwrapped(part.expression) : undefined;
    if (bare?.kind === "Variable") alone.add(bare.name);
    else if (part.kind !== "Text") {
      visitUnboundNames(part, new Set(), (name) => {
        elsewhere.add(name.name);
        return false;
      });
    }
  }
  for (const name of elsewhere) alone.delete(name);
  return alone;
}

/**
 * Adds to `marks` where the markers `renderedDocumentMarks` gave its variables are in a parsed document (or in
 * `value` inside it, at `segments`); false where a key holds one, which would mark the object around it.
 */
function markedTexts(value: unknown, segments: string[], marked: readonly { sensitive: boolean; reference: string | undefined }[], marks: RenderedMarks): boolean {
  const texts = typeof value === "string" ? [value] : value instanceof PartialString ? [value.prefix, ...value.inner, value.suffix] : undefined;
  if (texts !== undefined) {
    const found = texts.flatMap((text) => [...text].filter((char) => MARKER.test(char)).map((char) => marked[char.charCodeAt(0) - MARKER_BASE]));
    if (found.some((variable) => variable.sensitive)) marks.secret.push(segments);
    const reference = typeof value === "string" && value.length === 1 ? found[0]?.reference : undefined;
    if (reference !== undefined) marks.credentials.push({ segments, reference });
    return true;
  }
  if (Array.isArray(value)) return value.every((element, index) => markedTexts(element, [...segments, String(index)], marked, marks));
  if (!isRecord(value)) return true;
  return Object.entries(value).every(([key, member]) => !MARKER.test(key) && markedTexts(member, [...segments, key], marked, marks));
}

/** Adds to `found` the references named like a credential (`named` tells) interpolated as they are into template parts, at any depth. */
function interpolatedCredentials(parts: readonly TemplatePart[], named: (expression: BareExpression) => string | undefined, found: string[]): string[] {
  for (const part of parts) {
    if (part.kind === "Interpolation") {
      const reference = named(unwrapped(part.expression));
      if (reference !== undefined) found.push(reference);
    } else if (part.kind === "IfDirective") {
      interpolatedCredentials(part.trueParts, named, found);
      interpolatedCredentials(part.falseParts, named, found);
    } else if (part.kind === "ForDirective") interpolatedCredentials(part.bodyParts, named, found);
  }
  return found;
}

/**
 * A reference as Terraform writes it: `var.github_app.webhook_secret`, `var.apps["web"].token`, `var.apps[each.key].token`,
 * `jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)["password"]`.
 */
function referenceText(expression: Expression): string | undefined {
  switch (expression.kind) {
    case "Variable":
      return expression.name;
    case "FunctionCall": {
      const decoded = decodingCall(expression) && referenceText(unwrapped(expression.args[0]));
      return decoded === undefined ? undefined : `${expression.name}(${decoded})`;
    }
    case "Traversal": {
      let text = referenceText(expression.source);
      for (const step of expression.steps) {
        const stepText = step.type === "attribute" ? `.${step.name}` : keyText(step.key);
        if (text === undefined || stepText === undefined) return undefined;
        text += stepText;
      }
      return text;
    }
    case "Index": {
      const collection = referenceText(expression.collection);
      const key = expression.key.kind === "Literal" ? keyText(expression.key.value) : referenceText(expression.key);
      if (collection === undefined || key === undefined) return undefined;
      return expression.key.kind === "Literal" ? collection + key : `${collection}[${key}]`;
    }
  }
  return undefined;
}

/** An index as Terraform writes it: `[0]`, `["web"]`. */
function keyText(key: LiteralValue): string | undefined {
  return typeof key === "number" || typeof key === "string" ? instanceSuffix(key) : undefined;
}

/**
 * The resource (`type.name`) and attribute an expression reads with nothing around it: `aws_db_instance.main.id`,
 * `aws_instance.web[count.index].id`, alone or as a template's one interpolation (`"${aws_db_instance.main.id}"`).
 */
function bareAttributeRead(expression: BareExpression): { resource: string; attribute: string; index?: Expression | string | number } | undefined {
  if (expression.kind !== "Traversal") return undefined;
  const attribute = expression.steps[expression.steps.length - 1];
  if (attribute.type !== "attribute") return undefined;
  let source = expression.source;
  let steps = expression.steps.slice(0, -1);
  let indexExpression: Expression | undefined;
  if (source.kind === "Index" && steps.length === 0 && source.collection.kind === "Traversal") {
    indexExpression = source.key;
    steps = source.collection.steps;
    source = source.collection.source;
  }
  if (source.kind !== "Variable") return undefined;
  // `data.aws_ami.al2023.id`: the data source's type is one step more.
  let type = source.name;
  if (type === "data") {
    const dataType = steps[0];
    if (dataType?.type !== "attribute") return undefined;
    type = `data.${dataType.name}`;
    steps = steps.slice(1);
  }
  // Read by index: destructuring walks an iterator, and this runs for every value a resource's arguments read.
  const name = steps[0];
  const index = steps[1];
  if (name?.type !== "attribute" || (index !== undefined && index.type !== "index") || steps.length > 2) return undefined;
  const key = index === undefined ? indexExpression : typeof index.key === "string" || typeof index.key === "number" ? index.key : undefined;
  return { resource: `${type}.${name.name}`, attribute: attribute.name, ...(key !== undefined && { index: key }) };
}

/** A read of a resource's or data source's attribute, with the arguments it is known to be given (`AttributeRead.arguments`). */
function instanceAttributeRead(kind: string, attribute: string, dataSource: boolean, readArguments: unknown, address: string | undefined): AttributeRead {
  return { kind, attribute, ...(dataSource && { dataSource: true }), ...(isRecord(readArguments) && { arguments: readArguments }), ...(address !== undefined && { address }) };
}

/** Worked out once per instance: many values may read one resource's attributes. */
const publicArgumentsCache = new WeakMap<EvaluatedInstance, Record<string, unknown>>();

/** An instance's arguments as the model holds them, without those that are secret or hold a secret. */
function publicArguments(instance: EvaluatedInstance): Record<string, unknown> {
  const cached = publicArgumentsCache.get(instance);
  if (cached) return cached;
  const props = toModelValue(instance.props) as Record<string, unknown>;
  const secret = new Set(instance.secretPaths.map((path) => path.split(".")[0]));
  const result = secret.size === 0 ? props : Object.fromEntries(Object.entries(props).filter(([name]) => !secret.has(name)));
  publicArgumentsCache.set(instance, result);
  return result;
}

/** A variable with a default, `null` included: one without needs a value given. */
function declaresDefault(variable: Block): boolean {
  return attributeNamed(variable.body, "default") !== undefined;
}

/** A variable declared `ephemeral` (Terraform 1.10): its value is never stored, in a plan or in state. */
export function declaresEphemeral(variable: Block): boolean {
  return isLiteralTrue(attributeNamed(variable.body, "ephemeral"));
}

/** A variable with `nullable = false`: Terraform refuses null as its value. */
function refusesNull(variable: Block): boolean {
  const nullable = attributeNamed(variable.body, "nullable")?.expression;
  return nullable?.kind === "Literal" && nullable.value === false;
}

/** A variable with a default and `nullable = false`: a null value given for it takes its default instead. */
function replacesNull(variable: Block): boolean {
  return declaresDefault(variable) && refusesNull(variable);
}

/**
 * A declaration's switch (`sensitive`, `ephemeral`): Terraform takes only a constant there, converted to a bool, so
 * `"true"` in quotes (as a JSON file may write it) is true too.
 */
function isLiteralTrue(attribute: Attribute | undefined): boolean {
  return attribute?.expression.kind === "Literal" && asBool(attribute.expression.value) === true;
}
