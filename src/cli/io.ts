import type { Diagnostic } from "../model/diagnostic";

/** Where a command writes; the binary passes the process streams, tests pass buffers. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Colours only when stdout is a terminal. */
  color: boolean;
}

/** Bad arguments or a config file that cannot be used: exit code 2 with the message and usage. */
export class UsageError extends Error {
  override name = "UsageError";
  constructor(
    message: string,
    /** The command whose usage to print. */
    readonly command?: string,
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
