/**
 * The pack's Analyzer gRPC server, serving the policies `policiesFor` makes, in place of `@pulumi/policy`'s own.
 *
 * The SDK's server runs every policy for every resource: it rebuilds the arguments, awaits the callback and learns
 * "not applicable" from an exception, once per policy and call. With our 63 policies that alone cost 1.57× a
 * one-policy pack per resource before any rule ran (bench/RESULTS.md, the SDK floor). This server answers the same
 * protocol with the same messages, through the SDK's own encoders, but builds a request's arguments once and calls
 * only the policies whose rule reads the resource's kind; the others are answered "not applicable" from a table.
 *
 * What differs from the SDK on purpose: properties keep their secret marks in Analyze and AnalyzeStack as well as in
 * Remediate (pulumi-policy #163, #241; the engine sends them), so rules tell a secret from a literal and messages are
 * redacted. Like the SDK, it implements neither Handshake nor Cancel, which the engine treats as optional.
 */
import { createRequire } from "module";
import type * as grpcTypes from "@grpc/grpc-js";
import type {
  EnforcementLevel,
  Policies,
  Policy,
  PolicyPackConfig,
  PolicyProviderResource,
  PolicyResource,
  PolicyResourceOptions,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  StackValidationPolicy,
} from "@pulumi/policy";
import type * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import type * as jspb from "google-protobuf";
import { getOrAdd } from "../../collections";
import { settingsProblems } from "../../engine/settings";
import type { Rule } from "../../rules/rule";
import { kindOf } from "./kinds";
import { notApplicableKinds, policyFor, type PolicyOptions } from "./policies";

// The generated stubs check messages with `instanceof`: they must be the grpc-js and protobuf @pulumi/pulumi resolves.
const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi"));
const grpc = pulumiRequire("@grpc/grpc-js") as typeof grpcTypes;
const pb = pulumiRequire("@pulumi/pulumi/proto/analyzer_pb") as typeof analyzerPb;
const rpc = pulumiRequire("@pulumi/pulumi/proto/analyzer_grpc_pb") as typeof analyzerGrpc;
const plugin = pulumiRequire("@pulumi/pulumi/proto/plugin_pb") as typeof pluginPb;
const protobuf = pulumiRequire("google-protobuf") as typeof jspb;

/** The SDK's internals this server shares with its own, so encodings and messages match; `@pulumi/policy` is pinned. */
/* eslint-disable @typescript-eslint/no-require-imports */
const sdk = {
  protoutil: require("@pulumi/policy/protoutil") as {
    makeAnalyzerInfo(name: string, version: string, level: EnforcementLevel, args: PackDescription & { policies: Policies }, initialConfig?: PolicyPackConfig): analyzerPb.AnalyzerInfo;
    mapEnforcementLevel(level: EnforcementLevel): analyzerPb.EnforcementLevel;
    makeRemediateResponse(remediations: Remediation[], notApplicable: analyzerPb.PolicyNotApplicable[]): analyzerPb.RemediateResponse;
    convertEnforcementLevel(level: analyzerPb.EnforcementLevel): EnforcementLevel;
    asGrpcError(error: unknown, message?: string): Error;
  },
  deserialize: require("@pulumi/policy/deserialize") as {
    deserializeProperties(struct: object, proxySecrets: boolean): Record<string, unknown>;
    serializeProperties(props: Record<string, unknown>): Promise<Record<string, unknown>>;
  },
  proxy: require("@pulumi/policy/proxy") as {
    unknownCheckingProxy(props: Record<string, unknown>): Record<string, unknown>;
    UnknownValueError: new (...args: never[]) => Error;
  },
  version: (require("@pulumi/policy/version") as { version: string }).version,
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** The SDK's default when neither the policy nor the pack names a level. */
const DEFAULT_LEVEL: EnforcementLevel = "advisory";
/** The SDK's limit: the engine sends a stack's resources in one message. */
const MAX_MESSAGE_BYTES = 400 * 1024 * 1024;

export interface PackDescription {
  description?: string;
  displayName?: string;
  tags?: string[];
}

export interface PackDefinition extends PackDescription {
  name: string;
  /** The version the engine and Pulumi Cloud show; the SDK takes it from the pack's package.json. */
  version: string;
  rules: readonly Rule[];
  options?: PolicyOptions;
  /** The config the engine starts from, as `PolicyPack`'s third argument. */
  initialConfig?: PolicyPackConfig;
}

/** A diagnostic before encoding: the fields that differ from one diagnostic of a policy to the next. */
interface Diagnostic {
  /** The policy's name, pack, pack version and description, already encoded (see `encodedHeader`). */
  header: Uint8Array;
  message: string;
  enforcementLevel: EnforcementLevel;
  urn?: string;
  severity?: string;
}

interface Remediation {
  policyName: string;
  policyPackName: string;
  policyPackVersion: string;
  description: string;
  properties?: Record<string, unknown>;
  diagnostic?: string;
}

interface Served<P extends Policy> {
  policy: P;
  kinds: ReadonlySet<string>;
  /** The answer for a resource of another kind, built once: responses only read it. */
  otherKind: analyzerPb.PolicyNotApplicable;
}

/**
 * What Analyze does for a resource of one kind, in policy order: run a policy at a level, or send an answer already
 * encoded. Most policies do not apply to a given kind, and encoding their 60-odd answers anew for every call cost
 * more than the rules that ran.
 */
type Step = { policy: ResourceValidationPolicy; level: EnforcementLevel; getConfig: () => object } | Uint8Array;

/** Kinds whose plan is kept; more than a stack has, and a bound on what a stream of invented types can cost. */
const MAX_PLANS = 1_000;

/** What a policy throws through `args.notApplicable`. */
class NotApplicable extends Error {
  constructor(readonly reason?: string) {
    super(reason ?? "Policy does not apply");
  }
}

function throwNotApplicable(reason?: string): never {
  // Nobody reads its stack; capturing one was the largest cost of a not-applicable answer.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    throw new NotApplicable(reason);
  } finally {
    Error.stackTraceLimit = limit;
  }
}

/** Errors already in the SDK's gRPC form: a message naming the policy, with the stack in it. */
const prepared = new WeakSet<Error>();

function grpcError(error: unknown, message: string): Error {
  const converted = sdk.protoutil.asGrpcError(error, message);
  prepared.add(converted);
  return converted;
}

function notApplicable(policyName: string, reason?: string): analyzerPb.PolicyNotApplicable {
  const answer = new pb.PolicyNotApplicable();
  answer.setPolicyName(policyName);
  if (reason) answer.setReason(reason);
  return answer;
}

/**
 * The answer as one entry of an AnalyzeResponse's repeated not-applicable field. Protocol buffers concatenate: a
 * message's bytes followed by such entries are the message with the entries appended to that field.
 */
function encodedNotApplicable(answer: analyzerPb.PolicyNotApplicable): Uint8Array {
  const response = new pb.AnalyzeResponse();
  response.setNotApplicableList([answer]);
  return response.serializeBinary();
}

/*
 * Diagnostics are written here rather than by the generated code, whose writer encodes strings one character at a
 * time into an array of numbers: the two copies of a policy's description in each diagnostic made that a fifth of
 * an Analyze call. The same writer gets them as bytes, which `Buffer` encodes natively and which are strings' wire
 * form too. Field numbers are analyzer.proto's; fields go in number order and proto3's defaults (empty strings, zero
 * enums) are left out, as the generated code does, so the bytes are the same.
 */
const DIAGNOSTIC_FIELDS = { policyName: 1, policyPackName: 2, policyPackVersion: 3, description: 4, message: 5, enforcementLevel: 7, urn: 8, severity: 9 } as const;
const RESPONSE_DIAGNOSTICS_FIELD = 2;
/** The SDK's mapping; anything else is unspecified (zero), as there. */
const SEVERITY_CODES: ReadonlyMap<string, analyzerPb.PolicySeverity> = new Map([
  ["low", pb.PolicySeverity.POLICY_SEVERITY_LOW],
  ["medium", pb.PolicySeverity.POLICY_SEVERITY_MEDIUM],
  ["high", pb.PolicySeverity.POLICY_SEVERITY_HIGH],
  ["critical", pb.PolicySeverity.POLICY_SEVERITY_CRITICAL],
]);

function writeText(writer: jspb.BinaryWriter, field: number, value: string | undefined): void {
  if (value) writer.writeBytes(field, Buffer.from(value));
}

function writeEnum(writer: jspb.BinaryWriter, field: number, value: number): void {
  if (value !== 0) writer.writeEnum(field, value);
}

/** What every diagnostic and remediation says of the policy it comes from, in field order. */
function policyHeader(policy: Policy, pack: PackDefinition) {
  return { policyName: policy.name, policyPackName: pack.name, policyPackVersion: pack.version, description: policy.description };
}

/** The header as a diagnostic's first fields, encoded once per policy. */
function encodedHeader(policy: Policy, pack: PackDefinition): Uint8Array {
  const writer = new protobuf.BinaryWriter();
  for (const [field, value] of Object.entries(policyHeader(policy, pack))) writeText(writer, DIAGNOSTIC_FIELDS[field as keyof ReturnType<typeof policyHeader>], value);
  return writer.getResultBuffer();
}

function writeDiagnostic(diagnostic: Diagnostic, writer: jspb.BinaryWriter): void {
  writer.writeSerializedMessage(diagnostic.header, 0, diagnostic.header.length);
  writeText(writer, DIAGNOSTIC_FIELDS.message, diagnostic.message);
  writeEnum(writer, DIAGNOSTIC_FIELDS.enforcementLevel, sdk.protoutil.mapEnforcementLevel(diagnostic.enforcementLevel));
  writeText(writer, DIAGNOSTIC_FIELDS.urn, diagnostic.urn);
  writeEnum(writer, DIAGNOSTIC_FIELDS.severity, SEVERITY_CODES.get(diagnostic.severity ?? "") ?? 0);
}

/** An AnalyzeResponse in wire form: the diagnostics, then the not-applicable answers, as the SDK's encoder orders them. */
function analyzeResponse(diagnostics: Diagnostic[], answers: Uint8Array[]): Buffer {
  const writer = new protobuf.BinaryWriter();
  for (const diagnostic of diagnostics) writer.writeMessage(RESPONSE_DIAGNOSTICS_FIELD, diagnostic, writeDiagnostic);
  for (const answer of answers) writer.writeSerializedMessage(answer, 0, answer.length);
  const bytes = writer.getResultBuffer();
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/**
 * The Analyzer service for a pack of rules. State (configuration and stack tags) lives in the returned handlers, one
 * set per served pack, as the engine configures the process it started.
 */
function analyzerService(pack: PackDefinition): grpcTypes.UntypedServiceImplementation {
  const policies = pack.rules.map((rule) => policyFor(rule, pack.options));
  const resourcePolicies: Served<ResourceValidationPolicy>[] = [];
  const stackPolicies: Served<StackValidationPolicy>[] = [];
  pack.rules.forEach((rule, index) => {
    const entry = { kinds: new Set(rule.kinds), otherKind: notApplicable(rule.slug, notApplicableKinds(rule)) };
    // policyFor makes a rule's policy of the rule's scope.
    if (rule.scope === "resource") resourcePolicies.push({ ...entry, policy: policies[index] as ResourceValidationPolicy });
    else stackPolicies.push({ ...entry, policy: policies[index] as StackValidationPolicy });
  });
  const rulesByPolicy = new Map(pack.rules.map((rule) => [rule.slug, rule]));
  let configured: Record<string, Record<string, unknown> & { enforcementLevel: EnforcementLevel }> = {};
  let stackTags: ReadonlyMap<string, string> = new Map();

  const levelOf = (policy: Policy): EnforcementLevel => configured[policy.name]?.enforcementLevel || policy.enforcementLevel || DEFAULT_LEVEL;
  const getConfig = (policy: Policy) => <T extends object>(): T => {
    const { enforcementLevel: _level, ...settings } = configured[policy.name] ?? {};
    return settings as T;
  };
  const plans = new Map<string, Step[]>();
  const planFor = (kind: string): Step[] => {
    let plan = plans.get(kind);
    if (plan === undefined) {
      plan = [];
      for (const { policy, kinds, otherKind } of resourcePolicies) {
        const level = levelOf(policy);
        if (level === "disabled") continue;
        if (!kinds.has(kind)) {
          // Answers in a row are one buffer, so a response is a few pieces to join rather than sixty.
          const last = plan[plan.length - 1];
          if (last instanceof Uint8Array) plan[plan.length - 1] = Buffer.concat([last, encodedNotApplicable(otherKind)]);
          else plan.push(encodedNotApplicable(otherKind));
        }
        // A violation a remediation could not prevent is reported as mandatory, as the SDK does.
        else plan.push({ policy, level: level === "remediate" ? "mandatory" : level, getConfig: getConfig(policy) });
      }
      if (plans.size >= MAX_PLANS) plans.clear();
      plans.set(kind, plan);
    }
    return plan;
  };
  const from = (policy: Policy, what = "policy"): string => `${what} '${policy.name}' from policy pack '${pack.name}@v${pack.version}'`;
  const encodedHeaders = new Map<Policy, Uint8Array>();
  const diagnosticHeader = (policy: Policy): Uint8Array => getOrAdd(encodedHeaders, policy, () => encodedHeader(policy, pack));

  const reporter =
    (policy: Policy, level: EnforcementLevel, diagnostics: Diagnostic[]): ReportViolation =>
    (message, urn) => {
      diagnostics.push({
        header: diagnosticHeader(policy),
        message: message ? `${policy.description}\n${message}` : policy.description,
        enforcementLevel: level,
        urn,
        severity: policy.severity,
      });
    };

  /** Runs one policy's callback; its answers land in the lists, as the SDK's server would put them. */
  async function judge(
    policy: Policy,
    level: EnforcementLevel,
    diagnostics: Diagnostic[],
    answers: Uint8Array[],
    callback: (report: ReportViolation) => void | Promise<void>,
  ): Promise<void> {
    try {
      const pending = callback(reporter(policy, level, diagnostics));
      if (pending) await pending;
    } catch (error) {
      if (error instanceof NotApplicable) answers.push(encodedNotApplicable(notApplicable(policy.name, error.reason)));
      else if (error instanceof sdk.proxy.UnknownValueError) {
        // The SDK's "can't run during preview" advisory, which is how undecided judgements leave a policy.
        diagnostics.push({
          header: diagnosticHeader(policy),
          message: `can't run ${from(policy)} during preview: ${error.message}`,
          enforcementLevel: "advisory",
          severity: policy.severity,
        });
      } else throw grpcError(error, `Error validating resource with ${from(policy)}`);
    }
  }

  async function analyze(request: analyzerPb.AnalyzeRequest): Promise<Buffer> {
    const diagnostics: Diagnostic[] = [];
    const answers: Uint8Array[] = [];
    let args: ReturnType<typeof resourceArgs> | undefined;
    for (const step of planFor(kindOf(request.getType()))) {
      if (step instanceof Uint8Array) {
        answers.push(step);
        continue;
      }
      const { policy, level, getConfig } = step;
      args ??= resourceArgs(request, props(request), stackTags);
      const validate = policy.validateResource as Exclude<typeof policy.validateResource, unknown[] | undefined>;
      const policyArgs = { ...args, getConfig } as ResourceValidationArgs;
      await judge(policy, level, diagnostics, answers, (report) => validate(policyArgs, report));
    }
    return analyzeResponse(diagnostics, answers);
  }

  async function analyzeStack(request: analyzerPb.AnalyzeStackRequest): Promise<Buffer> {
    const diagnostics: Diagnostic[] = [];
    const answers: Uint8Array[] = [];
    let resources: PolicyResource[] | undefined;
    for (const { policy } of stackPolicies) {
      const level = levelOf(policy);
      if (level === "disabled") continue;
      // Every stack policy sees the same resource objects, so translations are shared between them.
      resources ??= stackResources(request.getResourcesList());
      const args = { resources, getConfig: getConfig(policy), stackTags, notApplicable: throwNotApplicable };
      await judge(policy, level === "remediate" ? "mandatory" : level, diagnostics, answers, (report) => policy.validateStack(args, report));
    }
    return analyzeResponse(diagnostics, answers);
  }

  async function remediate(request: analyzerPb.AnalyzeRequest): Promise<analyzerPb.RemediateResponse> {
    const kind = kindOf(request.getType());
    let current = props(request);
    const remediations: Remediation[] = [];
    const answers: analyzerPb.PolicyNotApplicable[] = [];
    for (const { policy, kinds, otherKind } of resourcePolicies) {
      if (levelOf(policy) !== "remediate") continue;
      if (!policy.remediateResource) {
        answers.push(notApplicable(policy.name, "Policy does not implement remediateResource"));
        continue;
      }
      if (!kinds.has(kind)) {
        answers.push(otherKind);
        continue;
      }
      const args = { ...resourceArgs(request, current, stackTags), getConfig: getConfig(policy) };
      let fixed: Record<string, unknown> | undefined;
      let diagnostic: string | undefined;
      try {
        fixed = (await policy.remediateResource(args)) ?? undefined;
        // Later remediations see the earlier ones' work.
        if (fixed) current = fixed;
      } catch (error) {
        if (error instanceof NotApplicable) answers.push(notApplicable(policy.name, error.reason));
        else if (error instanceof sdk.proxy.UnknownValueError) diagnostic = `can't run ${from(policy, "remediation")} during preview: ${error.message}`;
        else throw grpcError(error, `Error remediating resource with ${from(policy, "remediation")}`);
      }
      if (fixed || diagnostic) {
        remediations.push({
          ...policyHeader(policy, pack),
          properties: fixed ? await sdk.deserialize.serializeProperties(fixed) : undefined,
          diagnostic,
        });
      }
    }
    return sdk.protoutil.makeRemediateResponse(remediations, answers);
  }

  async function configure(request: analyzerPb.ConfigureAnalyzerRequest): Promise<object> {
    const config: typeof configured = {};
    for (const [name, entry] of request.getPolicyconfigMap().entries()) {
      config[name] = { ...(entry.getProperties()?.toJavaScript() ?? {}), enforcementLevel: sdk.protoutil.convertEnforcementLevel(entry.getEnforcementlevel()) };
    }
    // The engine checks settings against each policy's schema only. What that cannot say (a pattern must compile as
    // JavaScript) would otherwise leave a rule checking something else than asked, with no word to anyone.
    // settingsProblems reads only the rule's own settings, so the entry's enforcementLevel is passed over there.
    const problems = Object.entries(config).flatMap(([name, entry]) => {
      const rule = rulesByPolicy.get(name);
      return rule === undefined ? [] : settingsProblems(rule, entry).map((problem) => `${name}: ${problem}`);
    });
    if (problems.length > 0) {
      // A mistake in the config, not in the pack: no stack trace.
      const error = new Error(`policy pack '${pack.name}@v${pack.version}' cannot use its config: ${problems.join("; ")}`);
      prepared.add(error);
      throw error;
    }
    configured = config;
    plans.clear();
    // The Empty class @pulumi/pulumi's stubs serialise; another copy of google-protobuf would fail their check.
    return new ((rpc.AnalyzerService.configure as unknown as { responseType: new () => object }).responseType)();
  }

  async function configureStack(request: analyzerPb.AnalyzerStackConfigureRequest): Promise<analyzerPb.AnalyzerStackConfigureResponse> {
    stackTags = new Map(request.getTagsMap().entries());
    return new pb.AnalyzerStackConfigureResponse();
  }

  async function getAnalyzerInfo(): Promise<analyzerPb.AnalyzerInfo> {
    const description = { description: pack.description, displayName: pack.displayName, tags: pack.tags, policies };
    return sdk.protoutil.makeAnalyzerInfo(pack.name, pack.version, DEFAULT_LEVEL, description, pack.initialConfig);
  }

  async function getPluginInfo(): Promise<pluginPb.PluginInfo> {
    const info = new plugin.PluginInfo();
    info.setVersion(sdk.version);
    return info;
  }

  return Object.fromEntries(
    Object.entries({ analyze, analyzeStack, remediate, configure, configureStack, getAnalyzerInfo, getPluginInfo }).map(([method, handle]) => [
      method,
      (call: grpcTypes.ServerUnaryCall<unknown, unknown>, callback: grpcTypes.sendUnaryData<unknown>) => {
        (handle as (request: unknown) => Promise<unknown>)(call.request).then(
          (response) => callback(null, response),
          // gRPC drops an error's stack, so, as the SDK does, the message carries it.
          (error: unknown) => callback(error instanceof Error && prepared.has(error) ? error : sdk.protoutil.asGrpcError(error)),
        );
      },
    ]),
  );
}

/** The Analyzer service's definition, except that Analyze and AnalyzeStack answers arrive already encoded. */
const SERVICE: grpcTypes.ServiceDefinition = {
  ...rpc.AnalyzerService,
  analyze: { ...rpc.AnalyzerService.analyze, responseSerialize: (encoded: Buffer) => encoded },
  analyzeStack: { ...rpc.AnalyzerService.analyzeStack, responseSerialize: (encoded: Buffer) => encoded },
};

/** Starts the server on a free loopback port and prints the port as the first line of stdout, which the engine reads. */
export function servePack(pack: PackDefinition): Promise<number> {
  const server = new grpc.Server({ "grpc.max_receive_message_length": MAX_MESSAGE_BYTES });
  server.addService(SERVICE, analyzerService(pack));
  return new Promise((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (error, port) => {
      if (error) return reject(error);
      // A string, so Node never colours it.
      process.stdout.write(`${port}\n`);
      resolve(port);
    });
  });
}

/** The resource's properties with secrets kept, behind the SDK's proxy that throws on reading an unknown. */
function props(request: analyzerPb.AnalyzeRequest | analyzerPb.AnalyzerResource | analyzerPb.AnalyzerProviderResource): Record<string, unknown> {
  return sdk.proxy.unknownCheckingProxy(sdk.deserialize.deserializeProperties(request.getProperties()!, true));
}

/** What Analyze's arguments and AnalyzeStack's resources both say about a resource, in the SDK's terms. */
function described(entry: analyzerPb.AnalyzeRequest | analyzerPb.AnalyzerResource, properties: Record<string, unknown>): Omit<PolicyResource, "dependencies" | "propertyDependencies"> {
  const type = entry.getType();
  const resource: Omit<PolicyResource, "dependencies" | "propertyDependencies"> = {
    type,
    props: properties,
    urn: entry.getUrn(),
    name: entry.getName(),
    opts: resourceOptions(entry.getOptions()),
    isType: (resourceClass) => isTypeOf(type, resourceClass as ResourceClass),
    asType: (resourceClass) => (isTypeOf(type, resourceClass as ResourceClass) ? (properties as never) : undefined),
  };
  const provider = providerOf(entry.getProvider());
  if (provider) resource.provider = provider;
  return resource;
}

/** A resource's arguments, all but `getConfig`, which each policy gets its own of. */
function resourceArgs(request: analyzerPb.AnalyzeRequest, properties: Record<string, unknown>, stackTags: ReadonlyMap<string, string>): Omit<ResourceValidationArgs, "getConfig"> {
  // The SDK types `asType` per argument kind; both return the same properties, so one shape serves both.
  const args = { ...described(request, properties), stackTags, notApplicable: throwNotApplicable };
  return args as unknown as Omit<ResourceValidationArgs, "getConfig">;
}

function stackResources(list: analyzerPb.AnalyzerResource[]): PolicyResource[] {
  const links = list.map((entry) => ({ resource: { ...described(entry, props(entry)), dependencies: [], propertyDependencies: {} } as PolicyResource, entry }));
  const byUrn = new Map(links.map(({ resource }) => [resource.urn, resource]));
  const resolve = (urns: string[]): PolicyResource[] => urns.flatMap((urn) => byUrn.get(urn) ?? []);
  for (const { resource, entry } of links) {
    const parent = byUrn.get(entry.getParent());
    if (parent) resource.parent = parent;
    resource.dependencies = resolve(entry.getDependenciesList());
    for (const [property, urns] of entry.getPropertydependenciesMap().entries()) resource.propertyDependencies[property] = resolve(urns.getUrnsList());
  }
  return links.map(({ resource }) => resource);
}

function resourceOptions(options: analyzerPb.AnalyzerResourceOptions | undefined): PolicyResourceOptions {
  // Engines older than the options field are older than any this pack supports; the SDK refuses them the same way.
  if (!options) throw new Error("A more recent version of the Pulumi CLI is required. To upgrade, see https://www.pulumi.com/docs/get-started/install/");
  const timeouts = options.getCustomtimeouts();
  const result: PolicyResourceOptions = {
    protect: options.getProtect(),
    ignoreChanges: options.getIgnorechangesList(),
    aliases: options.getAliasesList(),
    customTimeouts: { createSeconds: timeouts?.getCreate() ?? 0, updateSeconds: timeouts?.getUpdate() ?? 0, deleteSeconds: timeouts?.getDelete() ?? 0 },
    additionalSecretOutputs: options.getAdditionalsecretoutputsList(),
  };
  if (options.getDeletebeforereplacedefined()) result.deleteBeforeReplace = options.getDeletebeforereplace();
  if (options.getParent()) result.parent = options.getParent();
  return result;
}

function providerOf(provider: analyzerPb.AnalyzerProviderResource | undefined): PolicyProviderResource | undefined {
  if (!provider) return undefined;
  return { type: provider.getType(), props: props(provider), urn: provider.getUrn(), name: provider.getName() };
}

type ResourceClass = { __pulumiType?: string; isInstance?: (value: unknown) => boolean };

/** A resource class matches by the type token generated SDKs attach, else by its `isInstance`. */
function isTypeOf(type: string, resourceClass: ResourceClass): boolean {
  if (resourceClass.__pulumiType) return resourceClass.__pulumiType === type;
  return resourceClass.isInstance?.({ __pulumiType: type }) === true;
}
