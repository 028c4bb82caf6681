/** Runs the built CLI and runner (dist/), as users do; `npm test` builds first. */
import { spawn } from "child_process";
import { existsSync } from "fs";
import { join, resolve } from "path";
import type { ProgramRun } from "../../src/adapters/pulumi/runner";
import type * as Io from "../../src/cli/io";
import type * as Main from "../../src/cli/main";
import type * as Pulumi from "../../src/cli/pulumi";
import type * as Settings from "../../src/cli/settings";

export const ROOT = resolve(__dirname, "..", "..");
export const FIXTURES = join(ROOT, "tests", "fixtures", "pulumi");

/** A compiled module, typed from its source. */
export function built<T>(modulePath: string): T {
  const file = join(ROOT, "dist", `${modulePath}.js`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` before these tests`);
  return require(file) as T;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** @param env added to this process's environment */
export function cli(args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  built("cli/main");
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, "bin", "prodready.js"), ...args], { cwd, env: { ...process.env, NO_COLOR: "1", ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (code) => done({ code, stdout, stderr }));
  });
}

/** The last in-process run: each waits for the one before, since each sets the working directory and environment. */
let running: Promise<unknown> = Promise.resolve();

/**
 * `prodready <args>` run by the CLI's own `main` in this process, in `cwd`, with `env` added to the environment as
 * `cli` adds it: all the binary does but connect to the process, without starting one and loading the rules per
 * call. `cli` covers what the binary adds (its exit code, the streams it writes).
 */
export function prodready(args: string[], cwd = ROOT, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const run = running.then(() => runInProcess(args, cwd, env));
  running = run.catch(() => undefined);
  return run;
}

async function runInProcess(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
  const { main } = built<typeof Main>("cli/main");
  const { wantsColor } = built<typeof Io>("cli/io");
  const added: NodeJS.ProcessEnv = { NO_COLOR: "1", ...env };
  const replaced = Object.keys(added).map((name) => [name, process.env[name]] as const);
  const workingDirectory = process.cwd();
  let stdout = "";
  let stderr = "";
  try {
    Object.assign(process.env, added);
    process.chdir(cwd);
    const io = { stdout: (text: string) => (stdout += text), stderr: (text: string) => (stderr += text), color: wantsColor(false, process.env) };
    return { code: await main(args, io), stdout, stderr };
  } finally {
    process.chdir(workingDirectory);
    for (const [name, value] of replaced) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/**
 * A program run a test already made, judged as `prodready pulumi <dir> [--profile] [--preview]` judges it, by the
 * CLI's own function: its findings and exit code without running the program a second time.
 */
export function judgeRun(run: ProgramRun, dir: string, options: { profile?: string; preview?: boolean } = {}): Pulumi.CheckResult {
  const { judgeProgramRun } = built<typeof Pulumi>("cli/pulumi");
  const { parseProfile } = built<typeof Settings>("cli/settings");
  // Without --config the CLI reads a .prodready.yaml from its working directory up, and none is there: no settings.
  return judgeProgramRun(run, dir, { profile: parseProfile(options.profile, "pulumi"), config: {}, preview: options.preview ?? false });
}
