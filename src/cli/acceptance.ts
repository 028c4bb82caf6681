/**
 * What `check` and `pulumi` do alike once the rules have judged: a baseline (`--baseline`) accepts the findings it
 * lists, and what is left is counted against the fail-on threshold for the summary and the exit code. And what they
 * report when a config or baseline file, or a program that cannot run, stops them.
 */
import type { ConfigFileError } from "../config/config-file";
import { ProgramError } from "../adapters/pulumi/runner/project";
import { applyBaseline, rewriteBaseline, writeBaseline, type RewrittenBaseline, type RunScope } from "../engine/baseline";
import type { RuleSetting } from "../engine/settings";
import type { Diagnostic } from "../model/diagnostic";
import type { Finding } from "../model/finding";
import { countFindings, type FailOn, type FindingCounts, type Report, type RunSummary } from "../reporters";
import type { Rule } from "../rules/rule";
import { exitCodeOf, type ExitCode } from "./io";

export interface AcceptanceOptions {
  /** Absent: every mandatory violation fails the run. */
  failOn?: FailOn;
  /** `--baseline`: findings it lists are accepted. */
  baseline?: string;
  /** `YYYY-MM-DD`, for suppression expiry. */
  today: string;
  /** The rules of the run: a baseline entry naming another is reported. */
  catalogue: readonly Rule[];
  /** The rules' settings in the run: an entry for a rule they disable is not reported, as it was not tried. */
  settings: ReadonlyMap<string, RuleSetting>;
}

export interface Acceptance {
  findings: Finding[];
  /** Those given, then what the baseline reported (entries that match nothing). */
  diagnostics: Diagnostic[];
  /** Findings the baseline accepted. */
  suppressed: number;
  counts: FindingCounts;
  exitCode: ExitCode;
  /**
   * Every violation given, before the baseline: what `--write-baseline` records. Made when read: hashing every
   * finding took 2% of a large check that writes no baseline.
   */
  readonly baselineText: string;
  /** What `--write-baseline` writes over `file`: `baselineText`, keeping the entries of units this run did not check. */
  baselineOver(file: string): RewrittenBaseline;
}

/** `scope`: what the run checked; only the baseline entries of its units can be reported as stale. */
export function acceptFindings(findings: Finding[], diagnostics: readonly Diagnostic[], scope: RunScope, options: AcceptanceOptions): Acceptance {
  let accepted = findings;
  let suppressed = 0;
  const all = [...diagnostics];
  if (options.baseline !== undefined) {
    const result = applyBaseline(findings, scope, options.baseline, { today: options.today, catalogue: options.catalogue, settings: options.settings });
    accepted = result.findings;
    suppressed = result.suppressed.length;
    all.push(...result.diagnostics);
  }
  const counts = countFindings(accepted, options.failOn);
  return {
    findings: accepted,
    diagnostics: all,
    suppressed,
    counts,
    exitCode: exitCodeOf(all, counts.mandatory),
    get baselineText() {
      return writeBaseline(findings, options.today);
    },
    baselineOver: (file) => rewriteBaseline(file, findings, scope, options.today),
  };
}

/**
 * The report of a run that a config or baseline file stopped, or a Pulumi program that could not run (it exits 2): no
 * findings, and the error as a diagnostic at its place, as an input error is; a program's, with what the run found of
 * the stack's configuration after it. Formats that CI reads print it, so the file a workflow hands on (SARIF to
 * upload-sarif, which refuses an empty one; JUnit; JSON) is still a valid document, and says why.
 * `summary`: what the run was given, as its own report would say it.
 */
export function stoppedRunReport(error: ConfigFileError | ProgramError, summary: Pick<RunSummary, "target" | "paths" | "engine" | "profile" | "preview" | "failOn">): Report {
  return {
    findings: [],
    diagnostics: error instanceof ProgramError ? [{ severity: "error", code: "program", message: error.reason, ...error.place }, ...error.diagnostics] : configFileDiagnostics(error),
    summary: { ...summary, resources: 0, rules: 0, counts: countFindings([], summary.failOn) },
  };
}

/** An error at each place the file is refused. */
function configFileDiagnostics({ file, refusals }: ConfigFileError): Diagnostic[] {
  return refusals.map(({ line, column, reason }) => ({ severity: "error", code: "config", message: reason, file, line, column }));
}
