/**
 * Runs the policy pack the way the Pulumi engine does (`run-policy-pack` in the pack directory, the stack's config
 * in `PULUMI_CONFIG`, the port on the first stdout line) and talks to it over the real Analyzer gRPC protocol.
 */
import { spawn, type ChildProcess } from "child_process";
import { readdirSync, statSync } from "fs";
import { createRequire } from "module";
import { dirname, join } from "path";
import type * as grpcTypes from "@grpc/grpc-js";
import type * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import type * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import type * as structPb from "google-protobuf/google/protobuf/struct_pb";
import type { Example } from "../../src/rules/rule";

const ROOT = join(__dirname, "../..");
export const PACK_DIR = join(ROOT, "policypacks/production-readiness");
const BUNDLE = join(PACK_DIR, "bin/index.js");

// The stubs only work with the google-protobuf and grpc-js that @pulumi/pulumi itself resolves.
const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi"));
const grpc = pulumiRequire("@grpc/grpc-js") as typeof grpcTypes;
export const pb = pulumiRequire("@pulumi/pulumi/proto/analyzer_pb") as typeof analyzerPb;
const rpc = pulumiRequire("@pulumi/pulumi/proto/analyzer_grpc_pb") as typeof analyzerGrpc;
const { Empty } = pulumiRequire("google-protobuf/google/protobuf/empty_pb") as typeof emptyPb;
const { Struct } = pulumiRequire("google-protobuf/google/protobuf/struct_pb") as typeof structPb;
const RUN_POLICY_PACK = join(dirname(pulumiRequire.resolve("@pulumi/pulumi/package.json")), "cmd/run-policy-pack");

export type Level = "advisory" | "mandatory" | "remediate" | "disabled";

/** scripts/bundle-pack.js: the pack, or another entry bundled the same way. */
export type BundlePack = (options?: { entry?: string; outfile?: string }) => Promise<string>;
const LEVELS: Record<number, Level> = {
  [pb.EnforcementLevel.ADVISORY]: "advisory",
  [pb.EnforcementLevel.MANDATORY]: "mandatory",
  [pb.EnforcementLevel.REMEDIATE]: "remediate",
  [pb.EnforcementLevel.DISABLED]: "disabled",
};
const LEVEL_CODES = Object.fromEntries(Object.entries(LEVELS).map(([code, name]) => [name, Number(code)])) as Record<Level, number>;
const SEVERITIES: Record<number, string> = {
  [pb.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
  [pb.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
  [pb.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
  [pb.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

/** A resource as the engine sends it; `props` are in wire form (secrets and unknown sentinels as Pulumi encodes them). */
export interface WireResource {
  type: string;
  name: string;
  urn?: string;
  props: Record<string, unknown>;
  protect?: boolean;
  ignoreChanges?: string[];
  parent?: string;
  dependencies?: string[];
  /** The provider resource it is created with, as the engine sends it: a default provider's too. */
  provider?: { type: string; name: string; urn: string; props: Record<string, unknown> };
}

export interface Diagnostic {
  policyName: string;
  message: string;
  urn: string;
  level: Level;
  severity: string;
}

export interface Analysis {
  diagnostics: Diagnostic[];
  notApplicable: { policyName: string; reason: string }[];
}

/** A rule's example as the engine sends its resources, with the options the pack is told. */
export function exampleWire(example: Example): WireResource[] {
  return example.resources.map((resource) => ({ type: resource.type, name: resource.name, props: resource.props, protect: resource.protect, ignoreChanges: resource.ignoreChanges }));
}

export function urnOf(resource: WireResource): string {
  return resource.urn ?? `urn:pulumi:test::prodready::${resource.type}::${resource.name}`;
}

function options(resource: WireResource): analyzerPb.AnalyzerResourceOptions {
  const opts = new pb.AnalyzerResourceOptions();
  opts.setProtect(resource.protect ?? false);
  opts.setIgnorechangesList(resource.ignoreChanges ?? []);
  if (resource.parent) opts.setParent(resource.parent);
  return opts;
}

/** What an Analyze request and an AnalyzeStack entry both say about a resource. */
function describeResource<T extends analyzerPb.AnalyzeRequest | analyzerPb.AnalyzerResource>(message: T, resource: WireResource): T {
  message.setType(resource.type);
  message.setName(resource.name);
  message.setUrn(urnOf(resource));
  message.setProperties(Struct.fromJavaScript(resource.props as never));
  message.setOptions(options(resource));
  if (resource.provider) {
    const provider = new pb.AnalyzerProviderResource();
    provider.setType(resource.provider.type);
    provider.setName(resource.provider.name);
    provider.setUrn(resource.provider.urn);
    provider.setProperties(Struct.fromJavaScript(resource.provider.props as never));
    message.setProvider(provider);
  }
  return message;
}

function analyzeRequest(resource: WireResource): analyzerPb.AnalyzeRequest {
  return describeResource(new pb.AnalyzeRequest(), resource);
}

function stackResource(resource: WireResource): analyzerPb.AnalyzerResource {
  const entry = describeResource(new pb.AnalyzerResource(), resource);
  if (resource.parent) entry.setParent(resource.parent);
  entry.setDependenciesList(resource.dependencies ?? []);
  return entry;
}

function analysis(response: analyzerPb.AnalyzeResponse): Analysis {
  return {
    diagnostics: response.getDiagnosticsList().map((d) => ({
      policyName: d.getPolicyname(),
      message: d.getMessage(),
      urn: d.getUrn(),
      level: LEVELS[d.getEnforcementlevel()],
      severity: SEVERITIES[d.getSeverity()] ?? "unspecified",
    })),
    notApplicable: response.getNotApplicableList().map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
  };
}

type Unary<Req, Res> = (request: Req, callback: (error: grpcTypes.ServiceError | null, response: Res) => void) => unknown;

function call<Req, Res>(method: Unary<Req, Res>, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => method(request, (error, response) => (error ? reject(error) : resolve(response))));
}

export interface Pack {
  /** Milliseconds from spawning the process to the port on stdout. */
  startupMs: number;
  info(): Promise<analyzerPb.AnalyzerInfo>;
  /** Sends Configure as the engine does: an entry per policy, with its level and settings. */
  configure(config: Record<string, { enforcementLevel: Level } & Record<string, unknown>>): Promise<void>;
  analyze(resource: WireResource): Promise<Analysis>;
  analyzeStack(resources: WireResource[]): Promise<Analysis>;
  remediate(resource: WireResource): Promise<analyzerPb.RemediateResponse>;
  /** The answers as they came over the wire, to compare byte for byte. */
  wire: {
    analyze(resource: WireResource): Promise<analyzerPb.AnalyzeResponse>;
    analyzeStack(resources: WireResource[]): Promise<analyzerPb.AnalyzeResponse>;
    pluginInfo(): Promise<pluginPb.PluginInfo>;
    configureStack(tags: Record<string, string>): Promise<analyzerPb.AnalyzerStackConfigureResponse>;
  };
  /** Everything the process wrote to stderr so far. */
  stderr(): string;
  close(): Promise<void>;
}

/** Newest modification time of the files the bundle is made from. */
function newestSource(dir: string): number {
  return Math.max(
    0,
    ...readdirSync(dir, { withFileTypes: true }).map((entry) =>
      entry.isDirectory() ? newestSource(join(dir, entry.name)) : entry.name.endsWith(".ts") ? statSync(join(dir, entry.name)).mtimeMs : 0,
    ),
  );
}

/** Rebuilds the bundle when a source is newer, so a lone `jest tests/pack` never tests a stale pack. */
export async function ensureBundle(): Promise<void> {
  let built = 0;
  try {
    built = statSync(BUNDLE).mtimeMs;
  } catch {
    // Not built yet.
  }
  if (built >= Math.max(newestSource(join(ROOT, "src")), statSync(join(PACK_DIR, "index.ts")).mtimeMs)) return;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { bundlePack } = require("../../scripts/bundle-pack") as { bundlePack: BundlePack };
  await bundlePack();
}

/** Starts the pack process; `env` replaces the stack config and profile variables the test process may carry. */
export async function startPack(env: { PULUMI_CONFIG?: string; PRODREADY_PROFILE?: string } = {}, packDir = PACK_DIR): Promise<Pack> {
  const base = { ...process.env };
  delete base.PULUMI_CONFIG;
  delete base.PRODREADY_PROFILE;
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, [RUN_POLICY_PACK, "127.0.0.1:0", "."], {
    cwd: packDir,
    env: { ...base, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const port = await new Promise<string>((resolve, reject) => {
    let stdout = "";
    const onData = (chunk: Buffer): void => {
      stdout += chunk.toString();
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      child.stdout!.off("data", onData);
      resolve(stdout.slice(0, newline).trim());
    };
    child.stdout!.on("data", onData);
    child.once("exit", (code) => reject(new Error(`the pack exited (${code}) before printing its port:\n${stderr}`)));
  });
  const startupMs = performance.now() - started;
  if (!/^\d+$/.test(port)) {
    child.kill();
    throw new Error(`the first stdout line must be the port, got: ${port}`);
  }
  const client = new rpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const wire: Pack["wire"] = {
    analyze: (resource) => call(client.analyze.bind(client), analyzeRequest(resource)),
    analyzeStack: (resources) => {
      const request = new pb.AnalyzeStackRequest();
      request.setResourcesList(resources.map(stackResource));
      return call(client.analyzeStack.bind(client), request);
    },
    pluginInfo: () => call(client.getPluginInfo.bind(client), new Empty()),
    configureStack: (tags) => {
      const request = new pb.AnalyzerStackConfigureRequest();
      for (const [name, value] of Object.entries(tags)) request.getTagsMap().set(name, value);
      return call(client.configureStack.bind(client), request);
    },
  };

  return {
    startupMs,
    info: () => call(client.getAnalyzerInfo.bind(client), new Empty()),
    configure: async (config) => {
      const request = new pb.ConfigureAnalyzerRequest();
      const map = request.getPolicyconfigMap();
      for (const [name, { enforcementLevel, ...settings }] of Object.entries(config)) {
        const entry = new pb.PolicyConfig();
        entry.setEnforcementlevel(LEVEL_CODES[enforcementLevel]);
        entry.setProperties(Struct.fromJavaScript(settings as never));
        map.set(name, entry);
      }
      await call(client.configure.bind(client), request);
    },
    analyze: async (resource) => analysis(await wire.analyze(resource)),
    analyzeStack: async (resources) => analysis(await wire.analyzeStack(resources)),
    remediate: (resource) => call(client.remediate.bind(client), analyzeRequest(resource)),
    wire,
    stderr: () => stderr,
    close: async () => {
      client.close();
      if (child.exitCode === null) child.kill();
      await exited;
    },
  };
}

/** Pulumi's wire form of a secret. */
export function wireSecret(value: unknown): Record<string, unknown> {
  return { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value };
}

/** The sentinel Pulumi sends for a string that is unknown during preview. */
export const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
export const UNKNOWN_BOOLEAN = "1c4a061d-8072-4f0a-a4cb-0ff528b18fe7";
