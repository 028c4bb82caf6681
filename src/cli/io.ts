import type { Diagnostic } from "../model/diagnostic";

/** Where a command writes; the binary passes the process streams, tests pass buffers. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colours in the text report: see `wantsColor`. */
  color: boolean;
}

/**
 * Colours when stdout is a terminal that shows them, unless NO_COLOR is set (no-color.org); FORCE_COLOR asks for
 * them anyway (a CI log that renders ANSI), or refuses them with 0 or false, as Node's own colours read it.
 * `--no-color` overrides all of these.
 */
export function wantsColor(isTTY: boolean | undefined, env: Readonly<Record<string, string | undefined>>): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return Boolean(isTTY) && env.TERM !== "dumb";
}

/** Bad arguments or a config file that cannot be used: exit code 2 with the message and usage. */
export class UsageError extends Error {
  override name = "UsageError";
  constructor(
    message: string,
    /** The command whose usage to print. */
    readonly command?: string,
    /** Point to the command's `--help` instead of printing its usage: the option it is about is all that is wrong. */
    readonly pointToHelp = false,
  ) {
    super(message);
  }
}

export const EXIT = { clean: 0, findings: 1, cannotRun: 2 } as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An input that could not be used outranks findings: 2, else 1 for a mandatory finding, else 0. */
export function exitCodeOf(diagnostics: readonly Diagnostic[], mandatory: number): ExitCode {
  if (diagnostics.some((diagnostic) => diagnostic.severity === "error")) return EXIT.cannotRun;
  return mandatory > 0 ? EXIT.findings : EXIT.clean;
}

/** How much of a report goes to a stream at once. */
export const WRITE_SLICE = 1 << 20;

/** What sliced writing needs of a stream: `process.stdout`, or any Writable. */
export interface DrainingStream {
  write(chunk: string): boolean;
  once(event: "drain", listener: () => void): unknown;
  on(event: "error", listener: (error: NodeJS.ErrnoException) => void): unknown;
}

/**
 * Writes texts in order, in slices of about a megabyte, each once the stream has taken the one before. Written whole,
 * a report is first encoded whole: the 120 MB JSON report of a 50 MB .tf file, written to a file, took the check's
 * peak from 0.95 to 1.08 GB. A slice never ends between the halves of a surrogate pair, each of which would be
 * written as U+FFFD.
 */
export function slicedWriter(stream: DrainingStream): (text: string) => void {
  const queue: string[] = [];
  let waiting = false;
  let readerGone = false;
  // A reader that stops early (`prodready check . | head`) closes the pipe: the rest of the report is dropped, as git
  // or grep drop theirs, rather than Node's stack trace and exit 1, which says a finding failed the run; the run
  // exits with its own code. Any other error is thrown, as it was.
  stream.on("error", (error) => {
    if (error.code !== "EPIPE") throw error;
    readerGone = true;
    queue.length = 0;
  });
  const pump = (): void => {
    waiting = false;
    for (let slice = queue.shift(); slice !== undefined; slice = queue.shift()) {
      if (!stream.write(slice)) {
        waiting = true;
        stream.once("drain", pump);
        return;
      }
    }
  };
  return (text) => {
    if (readerGone) return;
    for (let start = 0; start < text.length; ) {
      let end = Math.min(start + WRITE_SLICE, text.length);
      const last = text.charCodeAt(end - 1);
      if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
      queue.push(text.slice(start, end));
      start = end;
    }
    if (!waiting) pump();
  };
}
