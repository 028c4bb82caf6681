/**
 * Runs the built checker in a child process, so that a hang is cut off by a deadline instead of stalling the suite,
 * and its peak memory is the child's alone. `npm test` builds first; run `npx tsc -p tsconfig.build.json` before
 * running these tests on their own.
 */
import { spawn } from "child_process";
import { existsSync } from "fs";
import { join, resolve } from "path";

export const ROOT = resolve(__dirname, "..", "..");
const BIN = join(ROOT, "bin", "prodready.js");
const REPORT_MAX_RSS = join(__dirname, "report-max-rss.js");
const MAX_RSS_LINE = /\nprodready-max-rss-kb=(\d+)\n$/;

/**
 * The peak memory (resident set) `prodready check` stays under, checked on the largest inputs. Measured peaks: a
 * 50 MB plan about 350 MB, 10,000 files about 125 MB, a million attributes about 500 MB, a 50 MB `.tf` file about
 * 930-975 MB (Dec 2026, checked alone); 1 GB fits a small CI runner.
 */
export const MEMORY_CAP_MB = 1024;

export interface Diagnostic {
  severity: string;
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

export interface Finding {
  ruleId: string;
  level: string;
  outcome: string;
  resource: { address: string };
  location: { file?: string; line?: number; column?: number };
}

/** The parts of `--format json` output these tests read. */
export interface Report {
  summary: { resources: number; files: number; counts: { mandatory: number } };
  findings: Finding[];
  diagnostics: Diagnostic[];
}

export interface CheckerRun {
  /** null when the child was killed. */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  /** Without the line that reports the peak memory. */
  stderr: string;
  /** Wall-clock time of the child, start to exit. */
  seconds: number;
  /** ru_maxrss at exit; undefined when the child did not exit normally. */
  maxRssMb: number | undefined;
  timedOut: boolean;
}

export interface RunOptions {
  cwd: string;
  /** The child is killed after this long: the deadline that turns a hang into a failure. */
  timeoutSeconds: number;
  /** Run as another user (needs root): how a root test run gets a file it cannot read. */
  uid?: number;
  gid?: number;
}

export function runChecker(args: readonly string[], options: RunOptions): Promise<CheckerRun> {
  if (!existsSync(join(ROOT, "dist", "cli", "main.js"))) throw new Error("dist/ is missing: run `npx tsc -p tsconfig.build.json` before these tests");
  return new Promise((done, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, ["--require", REPORT_MAX_RSS, BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: "1" },
      uid: options.uid,
      gid: options.gid,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    let timedOut = false;
    const deadline = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutSeconds * 1000);
    child.on("error", (error) => {
      clearTimeout(deadline);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(deadline);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const errors = Buffer.concat(stderr).toString();
      const rss = MAX_RSS_LINE.exec(errors);
      done({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString(),
        stderr: rss ? errors.slice(0, rss.index) : errors,
        seconds,
        maxRssMb: rss ? Number(rss[1]) / 1024 : undefined,
        timedOut,
      });
    });
  });
}

/** The JSON report of a run that finished, with a message that shows what went wrong when it did not. */
export function reportOf(run: CheckerRun): Report {
  if (run.timedOut) throw new Error(`the checker did not finish in time (killed after ${run.seconds.toFixed(1)} s)`);
  if (run.code === null) throw new Error(`the checker was killed by ${run.signal}: ${run.stderr.slice(-2000)}`);
  if (/internal error/.test(run.stderr)) throw new Error(`the checker failed: ${run.stderr.slice(-2000)}`);
  try {
    return JSON.parse(run.stdout) as Report;
  } catch {
    throw new Error(`no JSON report (exit ${run.code}): ${run.stderr.slice(-2000)}${run.stdout.slice(0, 2000)}`);
  }
}
