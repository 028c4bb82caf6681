/**
 * A reporter turns one run's findings into the text of one output format. Findings are already redacted by the
 * engine; a reporter prints only what a finding or diagnostic carries (plus the catalogue's own text about a rule),
 * never resource properties. What fails the run is decided here, once, for the exit code and every format.
 */
import type { Finding } from "../model/finding";
import type { Diagnostic } from "../model/diagnostic";
import type { ProfileName } from "../engine/settings";
import { SEVERITIES, type Severity } from "../rules/rule";

/** The least severity whose mandatory violations fail the run; `never` reports them without failing. */
export type FailOn = Severity | "never";

export interface RunSummary {
  /** What was checked, as the user named it (a directory, a plan file). */
  target: string;
  /**
   * Each path `target` joins, where it may join several: formats that name files from the repository's root name
   * these from it too. Absent: `target` is one path.
   */
  paths?: readonly string[];
  engine: string;
  profile: ProfileName;
  /** True when outputs were unknown, as in a preview. */
  preview: boolean;
  /**
   * Resources read (components and providers excluded), whether or not a rule judges their kind: instances, as a plan
   * lists them (`count = 2` is two, `count = 0` none).
   */
  resources: number;
  /** Of `resources`, those of a kind some enabled rule judges; absent where not counted (the Pulumi commands). */
  judged?: number;
  /** Rules enabled in this run. */
  rules: number;
  counts: FindingCounts;
  /** Absent: every mandatory violation fails the run (the Pulumi commands). */
  failOn?: FailOn;
  /** Source files read, where the engine reads files. */
  files?: number;
  /** Findings a suppression accepted; they are left out of `findings`. */
  suppressed?: number;
  /**
   * The Pulumi project file (`Pulumi.yaml`), relative to the repository root: SARIF places findings that have no
   * source file there, since code scanning rejects a result without a file.
   */
  projectFile?: string;
}

export interface FindingCounts {
  /** Violations that fail the run: level mandatory, at or above `failOn`. */
  mandatory: number;
  /** Every other violation: advisory, remediate, or mandatory below `failOn`. */
  advisory: number;
  /** "Could not be evaluated": the rule needed a value the check does not know (set at deployment, an input given no value). */
  undecided: number;
  /** Rules that failed internally. */
  errors: number;
}

export interface ReportOptions {
  /** ANSI colours; only when writing to a terminal. */
  color: boolean;
  /** Told what the report itself leaves out, for the person running the check: a CI file is read by tools, not people. */
  onWarning?: (message: string) => void;
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

/** True when a mandatory violation of this severity fails the run under `failOn`. */
export function severityBlocks(severity: Severity, failOn?: FailOn): boolean {
  if (failOn === undefined) return true;
  if (failOn === "never") return false;
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(failOn);
}

/** The one test of what fails the run: the exit code, the counts and every format's levels all come from it. */
export function isBlocking(finding: Finding, failOn?: FailOn): boolean {
  return finding.outcome === "violation" && finding.level === "mandatory" && severityBlocks(finding.severity, failOn);
}

/** How a finding weighs on the run; each format maps these to its own levels. */
export type FindingStatus = "blocking" | "violation" | "undecided" | "error";

export function findingStatus(finding: Finding, failOn?: FailOn): FindingStatus {
  if (finding.outcome !== "violation") return finding.outcome;
  return isBlocking(finding, failOn) ? "blocking" : "violation";
}

export function countFindings(findings: readonly Finding[], failOn?: FailOn): FindingCounts {
  const counts: FindingCounts = { mandatory: 0, advisory: 0, undecided: 0, errors: 0 };
  const field = { blocking: "mandatory", violation: "advisory", undecided: "undecided", error: "errors" } as const;
  for (const finding of findings) counts[field[findingStatus(finding, failOn)]]++;
  return counts;
}
