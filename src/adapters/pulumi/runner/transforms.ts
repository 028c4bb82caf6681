/**
 * Resource transforms (`registerResourceTransform`, the `transforms` resource option) applied as the Pulumi engine
 * applies them: the SDK's mock monitor only records them. A registration is rewritten before the mocks see it, so the
 * inputs rules judge, and the state other resources read, are the transformed ones.
 */
import { SECRET_SIG, SECRET_SIG_KEY, UNKNOWN_STRING } from "../properties";
import type { DeclarationRequest } from "./source-position";

/** How the engine hands a transform a secret or unknown input: an output value, which the SDK reads as an Output. */
const OUTPUT_VALUE_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";

interface Struct {
  toJavaScript(): Record<string, unknown>;
}

/** The SDK's reference to a callback it serves, which the engine calls by token. */
interface CallbackReference {
  getToken(): string;
}

/** The options a transform receives and may change, as the SDK's TransformResourceOptions holds them. */
interface TransformOptions {
  getDependsOnList(): string[];
  setDependsOnList(urns: string[]): void;
  hasProtect(): boolean;
  getProtect(): boolean;
  setProtect(protect: boolean): void;
  hasRetainOnDelete(): boolean;
  getRetainOnDelete(): boolean;
  setRetainOnDelete(retain: boolean): void;
  getIgnoreChangesList(): string[];
  setIgnoreChangesList(paths: string[]): void;
  setReplaceOnChangesList(paths: string[]): void;
  setAdditionalSecretOutputsList(names: string[]): void;
  getProvider(): string;
  setProvider(reference: string): void;
  getProvidersMap(): ProviderReferences;
  setDeletedWith(urn: string): void;
  setVersion(version: string): void;
  setPluginDownloadUrl(url: string): void;
}

/** A package's provider references (`aws` → `<urn>::<id>`), as the SDK's protocol messages hold them. */
interface ProviderReferences {
  entries(): Iterable<[string, string]>;
  set(pkg: string, reference: string): unknown;
  clear(): void;
}

interface TransformRequest {
  setType(type: string): void;
  setName(name: string): void;
  setCustom(custom: boolean): void;
  setParent(parent: string): void;
  setProperties(properties: Struct): void;
  setOptions(options: TransformOptions): void;
  serializeBinary(): Uint8Array;
}

interface TransformResponse {
  getProperties(): Struct | undefined;
  getOptions(): TransformOptions | undefined;
}

/** The parts of the SDK's RegisterResourceRequest a transform reads and rewrites. */
export interface TransformableRequest extends DeclarationRequest {
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getParent(): string;
  getObject(): Struct | undefined;
  setObject(object: Struct): void;
  getTransformsList(): CallbackReference[];
  getDependenciesList(): string[];
  setDependenciesList(urns: string[]): void;
  /** The URNs of the resources each input was worked out from, by input. */
  getPropertydependenciesMap(): { clear(): void; entries(): Iterable<[string, { getUrnsList(): string[] }]> };
  hasProtect(): boolean;
  getProtect(): boolean;
  setProtect(protect: boolean): void;
  clearProtect(): void;
  hasRetainondelete(): boolean;
  getRetainondelete(): boolean;
  setRetainondelete(retain: boolean): void;
  clearRetainondelete(): void;
  getIgnorechangesList(): string[];
  setIgnorechangesList(paths: string[]): void;
  getReplaceonchangesList(): string[];
  getAdditionalsecretoutputsList(): string[];
  getProvider(): string;
  setProvider(reference: string): void;
  getProvidersMap(): ProviderReferences;
  getDeletedwith(): string;
  getVersion(): string;
  getPlugindownloadurl(): string;
}

/** What this module needs of the program's copy of the SDK. */
export interface TransformSdk {
  Struct: { fromJavaScript(value: Record<string, unknown>): Struct };
  TransformRequest: new () => TransformRequest;
  TransformResourceOptions: new () => TransformOptions;
  /** The SDK's own callback for a token: it (de)serializes the inputs and options around the program's function. */
  callback(token: string): ((request: Uint8Array) => Promise<TransformResponse>) | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The mocks' wire form (secret wrappers, the unknown string) as the engine sends it to a transform: output values. */
function asOutputValues(value: unknown): unknown {
  if (value === UNKNOWN_STRING) return { [SECRET_SIG_KEY]: OUTPUT_VALUE_SIG };
  if (Array.isArray(value)) return value.map(asOutputValues);
  if (!isRecord(value)) return value;
  if (value[SECRET_SIG_KEY] === SECRET_SIG) {
    const inner = asOutputValues(value.value);
    const known = isRecord(inner) && inner[SECRET_SIG_KEY] === OUTPUT_VALUE_SIG ? {} : { value: inner };
    return { [SECRET_SIG_KEY]: OUTPUT_VALUE_SIG, ...known, secret: true };
  }
  // Assets, archives and resource references keep their own form.
  if (typeof value[SECRET_SIG_KEY] === "string") return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, asOutputValues(child)]));
}

/** Back to the mocks' wire form: what a transform passed through unchanged comes back as output values. */
function fromOutputValues(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromOutputValues);
  if (!isRecord(value)) return value;
  if (value[SECRET_SIG_KEY] === OUTPUT_VALUE_SIG) {
    const plain = "value" in value ? fromOutputValues(value.value) : UNKNOWN_STRING;
    return value.secret === true ? { [SECRET_SIG_KEY]: SECRET_SIG, value: plain } : plain;
  }
  if (value[SECRET_SIG_KEY] === SECRET_SIG) return { [SECRET_SIG_KEY]: SECRET_SIG, value: fromOutputValues(value.value) };
  if (typeof value[SECRET_SIG_KEY] === "string") return value;
  return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, fromOutputValues(child)]));
}

/** A transform threw: the run fails, naming the resource it was transforming. */
export class TransformError extends Error {
  constructor(
    message: string,
    readonly request: TransformableRequest,
  ) {
    super(message);
  }
}

function copyReferences(from: ProviderReferences, to: ProviderReferences): void {
  const references = [...from.entries()];
  to.clear();
  for (const [pkg, reference] of references) to.set(pkg, reference);
}

export class ResourceTransforms {
  /** Tokens of the stack's transforms, in the order registered; each applies to resources registered after it. */
  private readonly stackTransforms: string[] = [];
  /** Each registered resource's own transforms, by URN, which apply to its descendants too. */
  private readonly ownTransforms = new Map<string, string[]>();
  private readonly parents = new Map<string, string>();

  constructor(private readonly sdk: TransformSdk) {}

  addStackTransform(callback: CallbackReference): void {
    this.stackTransforms.push(callback.getToken());
  }

  /** The engine's order: the resource's own transforms, then each ancestor's, nearest first, then the stack's. */
  transformsFor(request: TransformableRequest): string[] {
    const tokens = request.getTransformsList().map((callback) => callback.getToken());
    for (let parent = request.getParent(); parent !== ""; parent = this.parents.get(parent) ?? "") tokens.push(...(this.ownTransforms.get(parent) ?? []));
    return [...tokens, ...this.stackTransforms];
  }

  /** Remembers a registered resource's transforms and parent, which its children's registrations take. */
  registered(urn: string, request: TransformableRequest): void {
    const own = request.getTransformsList().map((callback) => callback.getToken());
    if (own.length > 0) this.ownTransforms.set(urn, own);
    if (request.getParent() !== "") this.parents.set(urn, request.getParent());
  }

  /**
   * Runs the transforms in turn, each on the previous one's result, and writes the outcome into the request. Of the
   * options, those rules read (protect, retainOnDelete, ignoreChanges, the dependencies) are written back, and the
   * providers, which place the resource and choose its provider's version: the engine creates it with the provider a
   * transform gives.
   */
  async apply(request: TransformableRequest, tokens: string[]): Promise<void> {
    let properties = request.getObject()?.toJavaScript() ?? {};
    let options = this.optionsOf(request);
    for (const token of tokens) {
      const callback = this.sdk.callback(token);
      if (callback === undefined) throw new TransformError("a transform the program registered could not be found", request);
      const transformRequest = new this.sdk.TransformRequest();
      transformRequest.setType(request.getType());
      transformRequest.setName(request.getName());
      transformRequest.setCustom(request.getCustom());
      transformRequest.setParent(request.getParent());
      transformRequest.setProperties(this.sdk.Struct.fromJavaScript(asOutputValues(properties) as Record<string, unknown>));
      transformRequest.setOptions(options);
      let response: TransformResponse;
      try {
        response = await callback(transformRequest.serializeBinary());
      } catch (error) {
        throw new TransformError(error instanceof Error ? error.message : String(error), request);
      }
      properties = fromOutputValues(response.getProperties()?.toJavaScript() ?? {}) as Record<string, unknown>;
      options = response.getOptions() ?? new this.sdk.TransformResourceOptions();
    }
    request.setObject(this.sdk.Struct.fromJavaScript(properties));
    request.setDependenciesList(options.getDependsOnList());
    // A transform may change what each input is worked out from, which its answer does not say.
    request.getPropertydependenciesMap().clear();
    if (options.hasProtect()) request.setProtect(options.getProtect());
    else request.clearProtect();
    if (options.hasRetainOnDelete()) request.setRetainondelete(options.getRetainOnDelete());
    else request.clearRetainondelete();
    request.setIgnorechangesList(options.getIgnoreChangesList());
    request.setProvider(options.getProvider());
    copyReferences(options.getProvidersMap(), request.getProvidersMap());
  }

  /** The options as the engine hands them to the first transform; an option the program left unset stays unset. */
  private optionsOf(request: TransformableRequest): TransformOptions {
    const options = new this.sdk.TransformResourceOptions();
    options.setDependsOnList(request.getDependenciesList());
    if (request.hasProtect()) options.setProtect(request.getProtect());
    if (request.hasRetainondelete()) options.setRetainOnDelete(request.getRetainondelete());
    options.setIgnoreChangesList(request.getIgnorechangesList());
    options.setReplaceOnChangesList(request.getReplaceonchangesList());
    options.setAdditionalSecretOutputsList(request.getAdditionalsecretoutputsList());
    options.setProvider(request.getProvider());
    copyReferences(request.getProvidersMap(), options.getProvidersMap());
    options.setDeletedWith(request.getDeletedwith());
    options.setVersion(request.getVersion());
    options.setPluginDownloadUrl(request.getPlugindownloadurl());
    return options;
  }
}
