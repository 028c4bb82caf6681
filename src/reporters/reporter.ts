/**
 * A reporter turns one run's findings into the text of one output format. Findings are already redacted by the
 * engine; a reporter prints only what a finding carries, never resource properties.
 */
import type { Finding } from "../model/finding";
import type { Diagnostic } from "../model/diagnostic";
import type { ProfileName } from "../engine/settings";

export interface RunSummary {
  /** What was checked, as the user named it (a directory, a plan file). */
  target: string;
  engine: string;
  profile: ProfileName;
  /** True when outputs were unknown, as in a preview. */
  preview: boolean;
  /** Resources the rules evaluated (components and providers excluded). */
  resources: number;
  /** Rules enabled in this run. */
  rules: number;
  counts: FindingCounts;
}

export interface FindingCounts {
  /** Violations at level mandatory: these fail the run. */
  mandatory: number;
  /** Violations at any other enabled level (advisory, remediate). */
  advisory: number;
  /** "Could not be evaluated": the rule needed a value unknown until deployment. */
  undecided: number;
  /** Rules that failed internally. */
  errors: number;
}

export interface ReportOptions {
  /** ANSI colours; only when writing to a terminal. */
  color: boolean;
}

/** Everything one run has to report. */
export interface Report {
  findings: readonly Finding[];
  /** Input errors, modules not scanned, expired or unused suppressions. */
  diagnostics: readonly Diagnostic[];
  summary: RunSummary;
}

export interface Reporter {
  /** The `--format` value that selects it. */
  format: string;
  render(report: Report, options: ReportOptions): string;
}

export function isBlocking(finding: Finding): boolean {
  return finding.outcome === "violation" && finding.level === "mandatory";
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const counts: FindingCounts = { mandatory: 0, advisory: 0, undecided: 0, errors: 0 };
  for (const finding of findings) {
    if (finding.outcome === "undecided") counts.undecided++;
    else if (finding.outcome === "error") counts.errors++;
    else if (isBlocking(finding)) counts.mandatory++;
    else counts.advisory++;
  }
  return counts;
}
