"use strict";
/**
 * The engine's side of the Analyzer protocol in plain JavaScript, for bench/pack.js and tests/pack/load.test.ts:
 * starts a pack as the Pulumi engine does (`node <@pulumi/pulumi>/cmd/run-policy-pack <engine> .` in the pack's
 * directory, `PULUMI_CONFIG` in the environment, the port on the first stdout line), configures it as the engine does,
 * and reads the pack process's CPU time and memory from /proc (Linux).
 *
 * tests/support/analyzer.ts does the same for the other pack tests in TypeScript; this one also gives the pack's pid
 * (for /proc), raises gRPC's 4 MB receive limit as the engine does (an AnalyzeStack answer for 10,000 resources is
 * larger), and lets a benchmark build requests once and send them many times.
 */
const { execFileSync, spawn } = require("child_process");
const fs = require("fs");
const path = require("path");
const { statusKb } = require("../_peak-rss");
const { createRequire } = require("module");

// The stubs only work with the google-protobuf and grpc-js that @pulumi/pulumi itself resolves.
const pulumiRequire = createRequire(require.resolve("@pulumi/pulumi"));
const grpc = pulumiRequire("@grpc/grpc-js");
const pb = pulumiRequire("@pulumi/pulumi/proto/analyzer_pb");
const rpc = pulumiRequire("@pulumi/pulumi/proto/analyzer_grpc_pb");
const { Empty } = pulumiRequire("google-protobuf/google/protobuf/empty_pb");
const { Struct } = pulumiRequire("google-protobuf/google/protobuf/struct_pb");

const MESSAGE_LIMIT = 400 * 1024 * 1024;
const CLIENT_OPTIONS = { "grpc.max_receive_message_length": MESSAGE_LIMIT, "grpc.max_send_message_length": MESSAGE_LIMIT };

const LEVELS = {
  [pb.EnforcementLevel.ADVISORY]: "advisory",
  [pb.EnforcementLevel.MANDATORY]: "mandatory",
  [pb.EnforcementLevel.REMEDIATE]: "remediate",
  [pb.EnforcementLevel.DISABLED]: "disabled",
};
const LEVEL_CODES = Object.fromEntries(Object.entries(LEVELS).map(([code, name]) => [name, Number(code)]));
const SEVERITIES = {
  [pb.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
  [pb.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
  [pb.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
  [pb.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

function describeResource(message, resource) {
  message.setType(resource.type);
  message.setName(resource.name);
  message.setUrn(resource.urn);
  message.setProperties(Struct.fromJavaScript(resource.props));
  const options = new pb.AnalyzerResourceOptions();
  options.setProtect(resource.protect ?? false);
  if (resource.parent) options.setParent(resource.parent);
  message.setOptions(options);
  return message;
}

/** An Analyze request, built once and sendable any number of times. */
function analyzeRequest(resource) {
  return describeResource(new pb.AnalyzeRequest(), resource);
}

function stackRequest(resources) {
  const request = new pb.AnalyzeStackRequest();
  request.setResourcesList(
    resources.map((resource) => {
      const entry = describeResource(new pb.AnalyzerResource(), resource);
      if (resource.parent) entry.setParent(resource.parent);
      entry.setDependenciesList(resource.dependencies ?? []);
      return entry;
    }),
  );
  return request;
}

/** An Analyze or AnalyzeStack answer as plain objects. */
function analysis(response) {
  return {
    diagnostics: response.getDiagnosticsList().map((d) => ({
      policyName: d.getPolicyname(),
      policyPackName: d.getPolicypackname(),
      message: d.getMessage(),
      urn: d.getUrn(),
      level: LEVELS[d.getEnforcementlevel()],
      severity: SEVERITIES[d.getSeverity()] ?? "unspecified",
    })),
    notApplicable: response.getNotApplicableList().map((n) => ({ policyName: n.getPolicyName(), reason: n.getReason() })),
  };
}

/** The run-policy-pack the engine would run for a pack: the one of the @pulumi/pulumi the pack itself resolves. */
function runPolicyPack(dir) {
  const packRequire = createRequire(path.join(dir, "package.json"));
  return path.join(path.dirname(packRequire.resolve("@pulumi/pulumi/package.json")), "cmd/run-policy-pack");
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** CPU time (user + system, ms) a live process has used so far, at 1/CLK_TCK resolution (10 ms here). */
function cpuMs(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}

/** Peak (VmHWM) and current (VmRSS) resident memory of a live process, MB. */
function memory(pid) {
  const kb = statusKb(pid);
  return { peakMb: kb("VmHWM") / 1024, rssMb: kb("VmRSS") / 1024 };
}

const live = new Set();
process.on("exit", () => {
  for (const child of live) if (child.exitCode === null) child.kill("SIGKILL");
});

/**
 * Starts the pack in `dir` as the engine does and resolves when its port is on stdout. `config` is the stack's
 * config (PULUMI_CONFIG); PRODREADY_PROFILE from this process is not passed on.
 */
async function startPack(dir, { config = {}, nodeArgs = [], env: extraEnv = {} } = {}) {
  const env = { ...process.env, ...extraEnv, PULUMI_CONFIG: JSON.stringify(config) };
  delete env.PRODREADY_PROFILE;
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, runPolicyPack(dir), "127.0.0.1:0", "."], { cwd: dir, env, stdio: ["ignore", "pipe", "pipe"] });
  live.add(child);
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk.toString()));
  const exited = new Promise((resolve) => child.once("exit", resolve));
  let startCpuMs = NaN;
  const port = await new Promise((resolve, reject) => {
    let stdout = "";
    const onData = (chunk) => {
      stdout += chunk.toString();
      const newline = stdout.indexOf("\n");
      if (newline < 0) return;
      startCpuMs = cpuMs(child.pid);
      child.stdout.off("data", onData);
      child.stdout.resume();
      resolve(stdout.slice(0, newline).trim());
    };
    child.stdout.on("data", onData);
    child.once("exit", (code) => reject(new Error(`the pack in ${dir} exited (${code}) before printing its port:\n${stderr}`)));
  });
  const startMs = performance.now() - started;
  if (!/^\d+$/.test(port)) {
    child.kill("SIGKILL");
    throw new Error(`the first stdout line must be the port, got: ${port}`);
  }
  const client = new rpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), CLIENT_OPTIONS);
  const call = (method, request) =>
    new Promise((resolve, reject) => client[method](request, (error, response) => (error ? reject(error) : resolve(response))));
  return {
    pid: child.pid,
    startMs,
    startCpuMs,
    call,
    analyze: (request) => call("analyze", request),
    analyzeStack: (request) => call("analyzeStack", request),
    info: () => call("getAnalyzerInfo", new Empty()),
    stderr: () => stderr,
    close: async (signal = "SIGKILL") => {
      client.close();
      if (child.exitCode === null) child.kill(signal);
      await exited;
      live.delete(child);
    },
  };
}

/**
 * GetAnalyzerInfo, then Configure as the engine sends it for `--policy-pack-config '{"all": "<level>"}'`: an entry
 * for every policy with its schema defaults, then the pack's initial config, at `level`. Returns the policy names.
 */
async function configureAll(pack, level = "mandatory") {
  const info = await pack.info();
  const initial = info.getInitialconfigMap();
  const request = new pb.ConfigureAnalyzerRequest();
  const map = request.getPolicyconfigMap();
  const names = [];
  for (const policy of info.getPoliciesList()) {
    const schema = policy.getConfigschema()?.getProperties()?.toJavaScript() ?? {};
    const settings = Object.fromEntries(
      Object.entries(schema)
        .filter(([, property]) => property !== null && typeof property === "object" && "default" in property)
        .map(([key, property]) => [key, property.default]),
    );
    Object.assign(settings, initial.get(policy.getName())?.getProperties()?.toJavaScript());
    const entry = new pb.PolicyConfig();
    entry.setEnforcementlevel(LEVEL_CODES[level]);
    entry.setProperties(Struct.fromJavaScript(settings));
    map.set(policy.getName(), entry);
    names.push(policy.getName());
  }
  await pack.call("configure", request);
  return names;
}

module.exports = { analysis, analyzeRequest, configureAll, cpuMs, memory, pb, runPolicyPack, stackRequest, startPack };
