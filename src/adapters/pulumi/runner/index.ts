/**
 * The offline runner: runs a Pulumi TypeScript program under the SDK's runtime mocks, in a child process, with the
 * stack's configuration in the environment as the engine gives it, and returns every resource it registered with
 * its options, parent links, secrets and source position.
 */
import { fork } from "child_process";
import { join, relative } from "path";
import { fromPulumi } from "../index";
import { MAX_DEPTH } from "../properties";
import type { Diagnostic } from "../../../model/diagnostic";
import type { Resource } from "../../../model/resource";
import { redactor, secretsOfValues } from "../../../engine/redact";
import { ProgramError, readProject } from "./project";
import type { ChildMessage, ChildRequest, CollectedResource, ProgramFailure } from "./protocol";
import { configEnvironment, readStackConfig } from "./stack-config";

export { ProgramError } from "./project";
export type { CollectedResource } from "./protocol";
export { SECRET_PLACEHOLDER } from "./stack-config";

export interface RunOptions {
  /** Run as a preview: computed outputs are unknown, as in `pulumi preview`. */
  preview?: boolean;
  /** Whose `Pulumi.<stack>.yaml` the program reads its configuration from; `dev` by default. */
  stack?: string;
  /** Gives up on a program that neither finishes nor fails. */
  timeoutMs?: number;
  /** The environment the program runs in, whose PULUMI_CONFIG overrides the stack file's values; the process's by default. */
  env?: NodeJS.ProcessEnv;
  /** Receives what the program itself prints; by default it goes nowhere. */
  onOutput?: (text: string) => void;
}

export interface ProgramRun {
  project: string;
  /** The program's entry file. */
  entry: string;
  resources: CollectedResource[];
  /**
   * About the stack's configuration (a file that could not be used: errors; secure values not decrypted), then what
   * the engine would refuse in the program (a URN declared twice: errors).
   */
  diagnostics: Diagnostic[];
}

/** Runs the program in `dir` (the directory holding Pulumi.yaml). Rejects with a ProgramError when it cannot run. */
export function runProgram(dir: string, options: RunOptions = {}): Promise<ProgramRun> {
  let project: ReturnType<typeof readProject>;
  try {
    project = readProject(dir);
  } catch (error) {
    return Promise.reject(error);
  }
  const stack = options.stack ?? "dev";
  const config = readStackConfig({ project: project.name, dir: project.dir, stackConfigDir: project.stackConfigDir, extension: project.extension, stack, env: options.env });
  const { diagnostics } = config;
  const request: ChildRequest = { project: project.name, stack, dir: project.dir, entry: project.entry, preview: options.preview ?? false, cwd: process.cwd() };
  const timeoutMs = options.timeoutMs ?? 120000;
  const configSecrets = secretsOfValues(config.secretKeys.map((key) => config.values[key]));
  // The SDK quotes a value it cannot read as the type asked for (`requireSecretObject`), secret or not.
  const secrets = redactor(configSecrets);
  const configTexts = [...configSecrets.values, ...configSecrets.keys];
  // A program that fails for want of its configuration should say why the configuration was not there.
  const failure = ({ reason, place }: ProgramFailure) => new ProgramError(secrets.text(reason), place, diagnostics);
  const entry = relative(process.cwd(), project.entry);
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, "child.js"), [], { stdio: ["ignore", "pipe", "pipe", "ipc"], cwd: project.dir, env: configEnvironment(config, options.env) });
    let output = "";
    const forward = (chunk: Buffer) => {
      output += chunk.toString();
      options.onOutput?.(chunk.toString());
    };
    child.stdout!.on("data", forward);
    child.stderr!.on("data", forward);
    let answer: ChildMessage | undefined;
    const timer = setTimeout(() => {
      child.kill();
      reject(failure({ reason: `the program did not finish within ${timeoutMs / 1000} s`, place: { file: entry } }));
    }, timeoutMs);
    child.on("message", (message: ChildMessage) => {
      answer = message;
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new ProgramError(`could not start the program runner: ${error.message}`));
    });
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (answer?.ok) {
        // A resource's name may hold a configuration value, and its URN holds the name.
        const refused = answer.diagnostics.map((diagnostic) => ({ ...diagnostic, message: secrets.text(diagnostic.message) }));
        const resources = answer.resources.map((resource) => withSecretConfigInputs(resource, configTexts));
        return resolve({ project: project.name, entry: project.entry, resources, diagnostics: [...diagnostics, ...refused] });
      }
      if (answer) return reject(failure(answer.error));
      const last = output.trim().split("\n").slice(-3).join("\n");
      reject(failure({ reason: `the program exited (${signal ?? `code ${code}`}) before registering its resources${last ? `:\n${last}` : ""}`, place: { file: entry } }));
    });
    child.send(request);
  });
}

/**
 * The resource with its inputs that hold a value or key of the stack's secret configuration (`configSecrets`, as the
 * redactor finds them) marked `secretConfigInputs`: as it is, or inside a value the program built from it (a JSON
 * document, a connection string).
 */
function withSecretConfigInputs(resource: CollectedResource, configSecrets: readonly string[]): CollectedResource {
  if (configSecrets.length === 0) return resource;
  const holdsSecret = (value: unknown, depth: number): boolean => {
    if (typeof value === "string" || typeof value === "number") return configSecrets.some((secret) => String(value).includes(secret));
    if (value === null || typeof value !== "object" || depth > MAX_DEPTH) return false;
    return Object.values(value).some((child) => holdsSecret(child, depth + 1));
  };
  const inputs = Object.keys(resource.props).filter((input) => holdsSecret(resource.props[input], 0));
  return inputs.length === 0 ? resource : { ...resource, secretConfigInputs: inputs };
}

/** Whether rules read the resource: components and provider instances only carry structure. */
export function isEvaluated(resource: CollectedResource): boolean {
  return resource.custom && !resource.type.startsWith("pulumi:providers:");
}

/**
 * The model of the resources rules evaluate, with the source position as location (relative to `base`); relative
 * paths in inputs (a Dockerfile) start from `programDir`, where the program ran.
 */
export function toModel(resources: readonly CollectedResource[], base = process.cwd(), programDir?: string): Resource[] {
  return resources.filter(isEvaluated).map((resource) => {
    const model = fromPulumi(programDir === undefined ? resource : { ...resource, programDir });
    if (!resource.source) return model;
    const { file, line, column } = resource.source;
    return { ...model, location: { ...model.location, file: relative(base, file), line, column } };
  });
}
