/**
 * Something a run has to say that is not a rule's finding: input it could not read, a module it did not scan, a
 * suppression that expired or no longer matches. Errors make the run exit 2; the rest is reported and the run goes on.
 */
export type DiagnosticSeverity = "error" | "warning" | "notice";

export type DiagnosticCode =
  /**
   * Malformed HCL or JSON, binary or non-UTF-8 bytes, a file or directory that cannot be read; a root variable that is
   * read with no default and no value given (a notice); a directory given whose inputs the config file excludes (a warning);
   * Terragrunt units, Terraform Stacks or Pulumi projects found, whose configuration is not evaluated (a notice).
   */
  | "input"
  /** An expression that could not be evaluated for a reason other than an unknown value (a function error). */
  | "evaluation"
  /**
   * A Pulumi program that cannot run (it throws, has a syntax error, misses a package), or that the engine refuses
   * (two resources with one URN).
   */
  | "program"
  /**
   * A module whose source is remote (registry, git, URL), or one nested deeper than prodready follows (a warning):
   * its resources are not checked.
   */
  | "module-not-scanned"
  /**
   * Resources of kinds no enabled rule judges, where they are all a unit has or of a provider no rule covers (a
   * notice): they were counted, not checked.
   */
  | "not-judged"
  | "expired-suppression"
  | "unused-suppression"
  /** A suppression comment or exclusion that cannot be understood (no rule ID, no reason, a bad date). */
  | "invalid-suppression"
  /**
   * A config file key or value the run ignores (a warning); a config or baseline file it cannot use (an error: nothing
   * is checked); a baseline to write again, whose older version accepts more than its entries say (a notice).
   */
  | "config";

export interface Diagnostic {
  severity: DiagnosticSeverity;
  code: DiagnosticCode;
  /** Never quotes a property value: values may be secret. */
  message: string;
  file?: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
}
