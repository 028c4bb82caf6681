/**
 * The offline runner: runs a Pulumi TypeScript program under the SDK's runtime mocks, in a child process, and
 * returns every resource it registered with its options, parent links, secrets and source position.
 */
import { fork } from "child_process";
import { join, relative } from "path";
import { fromPulumi } from "../index";
import type { Resource } from "../../../model/resource";
import { ProgramError, readProject } from "./project";
import type { ChildMessage, ChildRequest, CollectedResource } from "./protocol";

export { ProgramError } from "./project";
export type { CollectedResource } from "./protocol";

export interface RunOptions {
  /** Run as a preview: computed outputs are unknown, as in `pulumi preview`. */
  preview?: boolean;
  stack?: string;
  /** Gives up on a program that neither finishes nor fails. */
  timeoutMs?: number;
  /** Receives what the program itself prints; by default it goes nowhere. */
  onOutput?: (text: string) => void;
}

export interface ProgramRun {
  project: string;
  /** The program's entry file. */
  entry: string;
  resources: CollectedResource[];
}

/** Runs the program in `dir` (the directory holding Pulumi.yaml). Rejects with a ProgramError when it cannot run. */
export function runProgram(dir: string, options: RunOptions = {}): Promise<ProgramRun> {
  let project: ReturnType<typeof readProject>;
  try {
    project = readProject(dir);
  } catch (error) {
    return Promise.reject(error);
  }
  const request: ChildRequest = { project: project.name, stack: options.stack ?? "dev", dir: project.dir, entry: project.entry, preview: options.preview ?? false, cwd: process.cwd() };
  const timeoutMs = options.timeoutMs ?? 120000;
  return new Promise((resolve, reject) => {
    const child = fork(join(__dirname, "child.js"), [], { stdio: ["ignore", "pipe", "pipe", "ipc"], cwd: project.dir });
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
      reject(new ProgramError(`${relative(process.cwd(), project.entry)}: the program did not finish within ${timeoutMs / 1000} s`));
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
      if (answer?.ok) return resolve({ project: project.name, entry: project.entry, resources: answer.resources });
      if (answer) return reject(new ProgramError(answer.error));
      const last = output.trim().split("\n").slice(-3).join("\n");
      reject(new ProgramError(`${relative(process.cwd(), project.entry)}: the program exited (${signal ?? `code ${code}`}) before registering its resources${last ? `:\n${last}` : ""}`));
    });
    child.send(request);
  });
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
