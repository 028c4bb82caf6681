/**
 * Runs one Pulumi program under the SDK's runtime mocks and sends every registered resource to the parent.
 * A process of its own per program: the Pulumi runtime keeps its state in globals.
 */
import { createRequire } from "module";
import { isAbsolute, join, relative } from "path";
import { ACCOUNT, awsMocks, checkedInputs, DataSourceLookups, STACK_REFERENCE, type ProviderLookup } from "./mocks";
import { AWS_PROVIDER_ACCOUNT_INPUTS, awsProviderOf, regionOfProvider, type AwsProvider } from "../index";
import { knownRegion, SECRET_PLACEHOLDER, UNKNOWN_STRING } from "../properties";
import type { ChildMessage, ChildRequest, CollectedResource, ProgramFailure } from "./protocol";
import type { Place } from "./project";
import { declaredAt, isInstalledPackage, withAnonymousFrames, type DeclarationRequest, type FramePattern } from "./source-position";
import { resultShapes, type FieldShape } from "./result-shapes";
import { ResourceTransforms, TransformError, type TransformableRequest, type TransformSdk } from "./transforms";
import { installTypeScriptHook, originalPosition, TypeScriptSyntaxError } from "./transpile";
import { OutputReads, type SdkRpc } from "./output-reads";
import { DocumentSecrets, type JsonSdk } from "./document-secrets";
import { CONFIG_ENV } from "./stack-config";
import type { Diagnostic } from "../../../model/diagnostic";

type Pulumi = typeof import("@pulumi/pulumi");

/** A registration's, a read's or an invoke's answer, which can say it is unknown. */
interface UnknownableResponse {
  setUnknown(unknown: boolean): void;
}

/** The parts of the SDK's RegisterResourceRequest we read. */
interface RegisterRequest extends DeclarationRequest, TransformableRequest {
  setParent(parent: string): void;
}
interface RegisterResponse extends UnknownableResponse {
  getUrn(): string;
  getId(): string;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}
type Callback = (error: Error | null, response?: RegisterResponse) => void;
type UnknownableCallback = (error: Error | null, response?: UnknownableResponse) => void;
interface InvokeResponse extends UnknownableResponse {
  getReturn(): { toJavaScript(): object } | undefined;
}
/** The parts of a stack reference's output the promise forms read. */
interface StackOutput {
  promise(): Promise<unknown>;
  isKnown: Promise<boolean>;
  isSecret: Promise<boolean>;
}
interface Monitor {
  registerResource(request: RegisterRequest, callback: Callback): void;
  registerStackTransform(request: { getToken(): string }, callback: (error: Error | null) => void): void;
  readResource(request: { getType(): string }, callback: UnknownableCallback): void;
  invoke(request: { getTok(): string }, callback: (error: Error | null, response?: InvokeResponse) => void): void;
}

/** The resource a program runs in, which the program does not declare. */
const ROOT_STACK = "pulumi:pulumi:Stack";

/** The mock monitor's own invoke, which looks up a registered resource. */
const GET_RESOURCE = "pulumi:pulumi:getResource";

const RESOURCE_REFERENCE = "5cf8f73096256a8f31e491e813e4eb8e";
const SIGNATURE = "4dabf18193072939515e22adb298388d";

/** A resource passed whole as an input arrives as a reference; rules compare IDs, so it becomes its ID (or URN). */
function dereference(value: unknown): unknown {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map(dereference);
  const record = value as Record<string, unknown>;
  if (record[SIGNATURE] === RESOURCE_REFERENCE) return typeof record.id === "string" && record.id !== "" ? record.id : record.urn;
  return Object.fromEntries(Object.entries(record).map(([key, child]) => [key, dereference(child)]));
}

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, () => resolve()));
}

/** The error's message and the first stack frame inside the program, so the user sees which line threw. */
function describe(error: unknown, request: ChildRequest): ProgramFailure {
  if (error instanceof TransformError) return describeTransformError(error, request);
  const syntaxError = (file: string, line: number, column: number, text: string): ProgramFailure => ({
    reason: `the program has a syntax error: ${text}`,
    place: { file: relative(request.cwd, file), line, column },
  });
  if (error instanceof TypeScriptSyntaxError) return syntaxError(error.file, error.line, error.column, error.message);
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? error.stack ?? "" : "";
  // Node places a JavaScript syntax error in the stack's first lines, not in a frame: `/dir/index.js:5`, that line's
  // text, and a caret under the column (none at the end of the file).
  const syntax = error instanceof SyntaxError ? /^((?:file:\/\/)?\/[^\n]*?):(\d+)\n[^\n]*\n( *)(\^?)/.exec(stack) : null;
  if (syntax && !isInstalledPackage(syntax[1])) {
    const column = syntax[4] === "^" ? syntax[3].length + 1 : 1;
    return syntaxError(syntax[1], Number(syntax[2]), column, message);
  }
  // A file path right after "(" or "at ": Node's own frames (node:internal/…) are no place in the program.
  const frame = stack
    .split("\n")
    .map((line) => /(?:\(|at )((?:file:\/\/)?\/[^():]+):(\d+):(\d+)\)?\s*$/.exec(line))
    .find((match) => match && !isInstalledPackage(match[1]) && !match[1].startsWith(__dirname));
  // The stack may end before the program's frame (a package missing one of its own): the file that required it stands in.
  const missing = isMissingPackage(error) ? error : undefined;
  const requiredFrom = missing?.requireStack?.find((file) => !isInstalledPackage(file));
  const place = frame
    ? { file: relative(request.cwd, frame[1]), ...originalPosition(frame[1], Number(frame[2]), Number(frame[3])) }
    : { file: relative(request.cwd, requiredFrom ?? request.entry) };
  const install = missing ? `: install the program's packages (\`npm install\`, or yarn's or pnpm's install) in ${relative(request.cwd, request.dir) || "this directory"}` : "";
  return { reason: `the program failed: ${failure(message, error instanceof Error ? error.name : "error")}${install}`, place };
}

/** Node's error for a module it cannot find, with the files that required it, innermost first. */
type ModuleNotFound = Error & { code: "MODULE_NOT_FOUND"; requireStack?: string[] };

/** A package, not one of the program's own files, that Node cannot find: the program's packages are not installed. */
function isMissingPackage(error: unknown): error is ModuleNotFound {
  const name = error instanceof Error && (error as Partial<ModuleNotFound>).code === "MODULE_NOT_FOUND" ? /^Cannot find module '([^']+)'/.exec(error.message)?.[1] : undefined;
  return name !== undefined && !name.startsWith(".") && !isAbsolute(name);
}

function failure(message: string, errorName: string): string {
  // A resource's input failed in an apply: its error may quote the value the apply ran on, which may be a secret.
  const input = /^error serializing property "([^"]*)": /.exec(message);
  if (input) return `a resource's input "${input[1]}" could not be computed: ${errorName} (its message is not shown, as it may quote a secret)`;
  // The SDK's typed getters (requireSecretNumber, getSecretBoolean, requireSecretObject, allowed values) parse the text
  // at once, so no unknown can stand in: the placeholder is what they refused, not the user's value.
  const config = /^Configuration '([^']*)' value '([^']*)' /.exec(message);
  if (config && config[2] === SECRET_PLACEHOLDER) {
    return `the configuration "${config[1]}" is a secure value, which is not decrypted offline, and the program needs its real value: give it in ${CONFIG_ENV}, e.g. ${CONFIG_ENV}='${JSON.stringify({ [config[1]]: "…" })}'`;
  }
  return message.split("\n")[0];
}

/**
 * The SDK passes on only the text of a transform's error ("transform failed: Error: …"), without its stack: the
 * resource being transformed is named, at its declaration.
 */
function describeTransformError(error: TransformError, request: ChildRequest): ProgramFailure {
  const [, errorName = "error", message = error.message] = /^transform failed: (?:(\w+): )?([\s\S]*)$/.exec(error.message) ?? [];
  return { reason: `the program failed: a transform of ${error.request.getType()} "${error.request.getName()}" threw: ${failure(message, errorName)}`, place: placeOf(error.request, request) };
}

/** Where the program declared a resource, relative to the caller; the program's entry where the SDK does not say. */
function placeOf(req: DeclarationRequest, request: ChildRequest): Place {
  const source = declaredAt(req);
  return source ? { file: relative(request.cwd, source.file), line: source.line, column: source.column } : { file: relative(request.cwd, request.entry) };
}

async function run(request: ChildRequest): Promise<void> {
  let failed = false;
  const fail = (error: unknown) => {
    // One rejection reaches every awaiter: the first report stands.
    if (failed) return;
    failed = true;
    void send({ ok: false, error: describe(error, request) }).then(() => process.exit(2));
  };
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);

  installTypeScriptHook();
  // The program's own copy of the SDK, so the mocks apply to the runtime its resources register with.
  const requireFromProgram = createRequire(join(request.dir, "index.js"));
  let sdkEntry: string;
  try {
    sdkEntry = requireFromProgram.resolve("@pulumi/pulumi");
  } catch {
    sdkEntry = require.resolve("@pulumi/pulumi");
  }
  // Resolves the SDK's own modules (its protocol messages) beside the copy the program uses.
  const sdkRequire = createRequire(sdkEntry);
  const pulumi = sdkRequire(sdkEntry) as Pulumi;
  // The mocks deploy into the stack's `aws:region`, read from the configuration the program itself reads, where known.
  const awsConfig = new pulumi.Config("aws");
  const region = knownRegion(awsConfig.get("region"));
  const awsProviders = new AwsProviders(request, region, Object.fromEntries(AWS_PROVIDER_ACCOUNT_INPUTS.map((name) => [name, awsConfig.get(name)])));
  const lookups = new DataSourceLookups();
  const outputReads = new OutputReads(sdkRequire("./runtime/rpc") as Partial<SdkRpc>, new DocumentSecrets(pulumi as unknown as JsonSdk));
  // Internal to the SDK: the pattern its resources read their calling frames with.
  const resourceClass = pulumi.Resource as unknown as { framePositionRegExp: FramePattern };
  resourceClass.framePositionRegExp = withAnonymousFrames(resourceClass.framePositionRegExp);
  await pulumi.runtime.setMocks(awsMocks(request.preview, awsProviders, lookups), request.project, request.stack, request.preview);

  const resources: CollectedResource[] = [];
  /**
   * Each resource by its URN, as first registered: the engine refuses a program that declares one twice, and gives a
   * child its parent's retainOnDelete.
   */
  const registered = new Map<string, CollectedResource>();
  const duplicates: Diagnostic[] = [];
  let stackUrn: string | undefined;
  const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;
  const transforms = new ResourceTransforms(transformSdk(pulumi, sdkRequire));
  const registerStackTransform = monitor.registerStackTransform.bind(monitor);
  monitor.registerStackTransform = (req, callback) => {
    transforms.addStackTransform(req);
    registerStackTransform(req, callback);
  };
  const register = monitor.registerResource.bind(monitor);
  /**
   * Resources whose inputs' reads are not known to be their own: a transform rewrote the inputs after the SDK
   * serialised them, or another declaration has the same URN.
   */
  const untold = new Set<string>();
  const registerTransformed = (req: RegisterRequest, callback: Callback, transformed = false) =>
    register(req, (error, response) => {
      if (!error && response) {
        const urn = response.getUrn();
        if (transformed) untold.add(urn);
        if (req.getType() === ROOT_STACK) stackUrn = urn;
        else if (registered.has(urn)) {
          // The program still runs on, so the rest of it is judged; the first declaration stands for the URN.
          duplicates.push(duplicateUrn(req, urn, request));
          untold.add(urn);
        } else {
          const resource = awsProviders.place(req, collected(req, response, request.preview, lookups, registered.get(req.getParent())));
          registered.set(urn, resource);
          resources.push(resource);
          transforms.registered(urn, req);
        }
        // Outside a preview the SDK reads an output missing from the answer as known and absent: the mocks compute only
        // some outputs, and the engine would know the others only once deployed, so those are unknown to the program.
        if (!request.preview && req.getCustom()) response.setUnknown(true);
      }
      callback(error, response);
    });
  monitor.registerResource = (req, callback) => {
    // The engine leaves the root stack out of its children's URNs; the mock monitor would put its type in them.
    if (req.getParent() === stackUrn) req.setParent("");
    const tokens = transforms.transformsFor(req);
    if (tokens.length === 0) return registerTransformed(req, callback);
    transforms.apply(req, tokens).then(() => registerTransformed(req, callback, true), fail);
  };

  // Outside a preview the SDK reads unknowns in a read's answer as absent, unless the answer says it is unknown.
  const read = monitor.readResource.bind(monitor);
  monitor.readResource = (req, callback) => {
    read(req, (error, response) => {
      if (!error && response && req.getType() === STACK_REFERENCE) response.setUnknown(true);
      callback(error, response);
    });
  };
  // A data source the mocks cannot answer is unknown as a whole, so what the program reads from it is unknown too.
  const invoke = monitor.invoke.bind(monitor);
  monitor.invoke = (req, callback) => {
    invoke(req, (error, response) => {
      const token = req.getTok();
      if (!error && response && token !== GET_RESOURCE && !answered(response.getReturn()?.toJavaScript())) response.setUnknown(true);
      callback(error, response);
    });
  };

  // The promise form of a data source hands the program a plain object, whose unknown fields stand in by their declared
  // shape (see `unknownField`).
  const runtime = pulumi.runtime as unknown as {
    invoke(token: string, ...rest: unknown[]): Promise<object>;
    invokeOutput(token: string, ...rest: unknown[]): import("@pulumi/pulumi").Output<object>;
  };
  const withUnknowns = (token: string, result: object) =>
    withUnknownFields(result, (field) => unknownField(pulumi, token, field, resultShapes(token, requireFromProgram).get(field)));
  const invokePlain = runtime.invoke.bind(runtime);
  runtime.invoke = (token, ...rest) =>
    invokePlain(token, ...rest).then((result) => (answered(result) && !DataSourceLookups.answersPartly(token) ? result : withUnknowns(token, result)));
  // A lookup's output form is known with the fields the mocks answer (see `DataSourceLookups`); its others are unknown.
  const invokeOutput = runtime.invokeOutput.bind(runtime);
  runtime.invokeOutput = (token, ...rest) => {
    const result = invokeOutput(token, ...rest);
    return DataSourceLookups.answersPartly(token) ? result.apply((answer) => withUnknowns(token, answer)) : result;
  };
  // The promise forms of a stack reference's output (getOutputValue, getOutputDetails, requireOutputValue) read the
  // value without its unknown-ness, as undefined, which is "not set": unknown instead, secret where the SDK says so.
  // Internal to the SDK: the method all three read through, also for a subclass of StackReference.
  const stackReference = pulumi.StackReference.prototype as unknown as {
    getOutput(name: unknown): StackOutput;
    requireOutput(name: unknown): StackOutput;
    readOutputValue(callerName: string, outputName: unknown, required: boolean): Promise<[unknown, boolean]>;
  };
  stackReference.readOutputValue = async function (_callerName, outputName, required) {
    const output = required ? this.requireOutput(outputName) : this.getOutput(outputName);
    const [value, known, secret] = await Promise.all([output.promise(), output.isKnown, output.isSecret]);
    return [known ? value : UNKNOWN_STRING, secret];
  };

  process.chdir(request.dir);
  // As Pulumi runs it: inside the root stack resource, whose stack transformations every resource takes.
  await pulumi.runtime.runInPulumiStack(async () => {
    const exported = requireFromProgram(request.entry) as unknown;
    // Pulumi runs a program that exports a function by calling it (`export = async () => { ... }`).
    const main = typeof exported === "function" ? exported : (exported as { default?: unknown } | undefined)?.default;
    if (typeof main === "function") return (await main()) as Record<string, unknown> | undefined;
    return undefined;
  });
  // Internal to the SDK (what `pulumi` itself awaits before exiting): resolves once no registration is pending.
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  // A registration that failed (an apply feeding its inputs threw) surfaces only as an unhandled rejection, which
  // Node reports once the current turn ends: the run is complete only if none came.
  await new Promise((resolve) => setImmediate(resolve));
  if (failed) return;
  await outputReads.attach(resources, untold);
  // Registrations answer in the order their inputs resolve: in the program's order, two runs report alike.
  duplicates.sort((a, b) => (a.file ?? "").localeCompare(b.file ?? "") || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  await send({ ok: true, resources, diagnostics: duplicates });
  process.exit(0);
}

/** The engine's error for a second declaration of a URN (`pulumi preview` stops at it), at that declaration. */
function duplicateUrn(req: RegisterRequest, urn: string, request: ChildRequest): Diagnostic {
  return { severity: "error", code: "program", message: `Duplicate resource URN '${urn}'; try giving it a unique name`, ...placeOf(req, request) };
}

/** The program's SDK's protocol messages, and its callback server, which serves the program's transforms by token. */
function transformSdk(pulumi: Pulumi, sdkRequire: NodeRequire): TransformSdk {
  const messages = sdkRequire("./proto/resource_pb") as Pick<TransformSdk, "TransformRequest" | "TransformResourceOptions">;
  const { Struct } = sdkRequire("google-protobuf/google/protobuf/struct_pb") as Pick<TransformSdk, "Struct">;
  // Internal to the SDK: the callbacks the engine would call over gRPC, called here directly. Asked for only once a
  // transform exists, as asking starts the server.
  const runtime = pulumi.runtime as unknown as { getCallbacks(): { _callbacks: Map<string, ReturnType<TransformSdk["callback"]>> } | undefined };
  const callback = (token: string) => runtime.getCallbacks()?._callbacks.get(token);
  return { TransformRequest: messages.TransformRequest, TransformResourceOptions: messages.TransformResourceOptions, Struct, callback };
}

/** The mocks answer a data source they cannot answer offline with nothing (see `awsMocks`). */
function answered(result: object | undefined): boolean {
  return result !== undefined && Object.keys(result).length > 0;
}

/** A data source's result whose every field not in it reads as unknown; `then` stays absent, so it is no promise. */
function withUnknownFields(result: object, unknown: (field: string) => unknown): object {
  const fields = new Map<string, unknown>();
  return new Proxy(result, {
    get: (target, key, receiver) => {
      if (typeof key !== "string" || key === "then" || key in target) return Reflect.get(target, key, receiver);
      if (!fields.has(key)) fields.set(key, unknown(key));
      return fields.get(key);
    },
  });
}

/** What reads an array's elements or length. */
const ARRAY_MEMBERS = new Set(["length", ...Object.getOwnPropertyNames(Array.prototype).filter((name) => name !== "constructor")]);

/**
 * An unknown field of a data source's promise form. A string field (or one of a type not found) is the wire form of an
 * unknown string, which the SDK sends on as unknown wherever the program puts it, alone or in a template. Any other
 * is an unknown Output of the program's SDK: unknown passed on whole, and unknown indexed or read (`ids[0]`,
 * `tags.Name`), as the SDK lifts property access. What needs its value fails the run, naming what to use instead,
 * rather than running on a made-up value (a string's characters as a list's elements).
 *
 * Numbers and booleans too: whatever stands in for them is truthy or falsy, and a falsy one (0, false) would be a
 * known value rules judge, while an Output is unknown wherever it is passed; a bare truth test (`if (vpc.enableDnsSupport)`)
 * takes the true branch, as no value can refuse it, but comparing or computing with one fails the run.
 */
function unknownField(pulumi: Pulumi, token: string, field: string, shape: FieldShape | undefined): unknown {
  if (shape === undefined) return UNKNOWN_STRING;
  const refuse = (use: string): never => {
    const outputForm = `${token.split(":")[2]}Output`;
    throw new Error(`the data source ${token} has no answer offline, so its "${field}" is unknown and cannot be ${use}: use ${outputForm}(...) or pulumi.output(...).apply(...)`);
  };
  return new Proxy(pulumi.output(pulumi.unknown), {
    get: (target, key, receiver) => {
      if (key === Symbol.iterator || (shape === "list" && typeof key === "string" && ARRAY_MEMBERS.has(key))) return refuse("iterated");
      // In a template it is unknown text; arithmetic and comparisons would decide on a made-up value.
      if (key === Symbol.toPrimitive) return (hint: string) => (hint === "string" ? UNKNOWN_STRING : refuse("compared or computed with"));
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

const AWS_PROVIDER = "pulumi:providers:aws";

/**
 * The AWS provider of each AWS resource, as the engine would give it: the explicit one the request names (the
 * `provider` option, or a parent's `providers`), else the default provider, which the engine configures from the
 * stack's `aws:` config. A provider's version is the pulumi-aws package that registered it (or the `version` option).
 */
class AwsProviders implements ProviderLookup {
  private readonly explicit = new Map<string, AwsProvider>();

  constructor(
    private readonly request: ChildRequest,
    private readonly stackRegion: string | undefined,
    /** The stack's `aws:` config that chooses the default provider's account. */
    private readonly stackSettings: Record<string, string | undefined>,
  ) {}

  /** The region of the provider a reference names (none: the default provider's), where known. */
  regionOf(reference: string | undefined): string | undefined {
    if (!reference) return this.stackRegion;
    const provider = this.explicit.get(reference.slice(0, reference.lastIndexOf("::")));
    return provider && regionOfProvider(provider);
  }

  /**
   * The account of the provider a reference names, where known: the one its credentials settings name (the role it
   * assumes, the one account it allows); with no settings of its own, the environment's, which the mocks stand in for.
   */
  accountOf(reference: string | undefined): string | undefined {
    const provider = reference ? this.explicit.get(reference.slice(0, reference.lastIndexOf("::"))) : this.defaultProvider("");
    if (!provider) return undefined;
    return provider.account?.account ?? (provider.account?.credentials === undefined ? ACCOUNT : undefined);
  }

  place(req: RegisterRequest, resource: CollectedResource): CollectedResource {
    if (resource.type === AWS_PROVIDER) this.explicit.set(resource.urn, awsProviderOf(resource.urn, resource.props, req.getVersion()));
    if (!resource.custom || !resource.type.startsWith("aws:")) return resource;
    // A reference is `<urn>::<id>`; a provider is registered before the resources that use it.
    const reference = req.getProvider();
    const urn = reference.slice(0, reference.lastIndexOf("::"));
    resource.awsProvider = reference === "" ? this.defaultProvider(req.getVersion()) : this.explicit.get(urn) ?? { urn };
    return resource;
  }

  private defaultProvider(version: string): AwsProvider {
    // Named as the engine names it, one per version.
    const urn = `urn:pulumi:${this.request.stack}::${this.request.project}::${AWS_PROVIDER}::default${version ? `_${version.replace(/\./g, "_")}` : ""}`;
    return awsProviderOf(urn, { ...this.stackSettings, region: this.stackRegion }, version);
  }
}

/**
 * A resource as a stack policy sees it after the step: its inputs (as Check leaves them), and, added under names the
 * inputs do not use, its ID and computed outputs, which rules need to match one resource's ARN in another's inputs.
 * In a preview those outputs are unknown.
 */
function collected(req: RegisterRequest, response: RegisterResponse, preview: boolean, lookups: DataSourceLookups, parent: CollectedResource | undefined): CollectedResource {
  const type = req.getType();
  const name = req.getName();
  const urn = response.getUrn();
  const custom = req.getCustom();
  const raw = dereference(req.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
  let props = raw;
  if (custom) {
    const outputs = dereference(response.getObject()?.toJavaScript() ?? {}) as Record<string, unknown>;
    const id = response.getId() || (preview ? UNKNOWN_STRING : undefined);
    props = { ...outputs, ...(id === undefined ? {} : { id }), ...checkedInputs({ type, name, inputs: raw }) };
  }
  const resource: CollectedResource = { type, name, urn, custom, props };
  const reads = lookups.readsIn(props);
  if (reads !== undefined) resource.dataSourceReads = reads;
  if (req.getProtect() !== undefined) resource.protect = req.getProtect();
  // The engine gives a resource that sets no retainOnDelete of its own its parent's (the SDK does so for protect).
  const retainOnDelete = req.hasRetainondelete() ? req.getRetainondelete() : parent?.retainOnDelete;
  if (retainOnDelete !== undefined) resource.retainOnDelete = retainOnDelete;
  if (req.getIgnorechangesList().length > 0) resource.ignoreChanges = req.getIgnorechangesList();
  if (req.getParent()) resource.parent = req.getParent();
  if (req.getDependenciesList().length > 0) resource.dependencies = req.getDependenciesList();
  const propertyDependencies = [...req.getPropertydependenciesMap().entries()].map(([input, urns]) => [input, urns.getUrnsList()]);
  if (propertyDependencies.length > 0) resource.propertyDependencies = Object.fromEntries(propertyDependencies);
  const source = declaredAt(req);
  if (source) resource.source = source;
  return resource;
}

process.once("message", (request: ChildRequest) => {
  void run(request).catch((error: unknown) => send({ ok: false, error: describe(error, request) }).then(() => process.exit(2)));
});
