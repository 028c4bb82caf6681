import type { Engine, ModuleCallSite, PropertyPath, SourceLocation } from "./resource";
import type { Severity } from "../rules/rule";
import type { EnforcementLevel } from "../engine/settings";

/**
 * What a rule said about a resource:
 * - `violation`: the resource breaks the rule;
 * - `undecided`: the rule needs a value the check does not know, one set at deployment or an input given no value ("could not be evaluated");
 * - `error`: the rule itself failed on this resource; reported instead of crashing the run.
 */
export type FindingOutcome = "violation" | "undecided" | "error";

export interface Finding {
  ruleId: string;
  slug: string;
  title: string;
  checklist: string;
  severity: Severity;
  level: EnforcementLevel;
  outcome: FindingOutcome;
  resource: {
    kind: string;
    address: string;
    name: string;
    engine: Engine;
    /** Where the resource's block starts, where the source says; `location` is the property's. */
    declared?: { file?: string; line?: number; column?: number };
    /** `Resource.movedFrom`: its earlier addresses, most recent first. */
    movedFrom?: string[];
  };
  path: PropertyPath;
  /** What the finding is about within `path`, where the path holds several (`Verdict.subject`). */
  subject?: string;
  message: string;
  remediation: string;
  location: SourceLocation;
  /**
   * Where the resource's own argument that holds the value at `path` is written, where `location` (where the value
   * is written) is elsewhere: a key `merge(local.base, …)` reads is located in the local, and read at `variables =
   * merge(…)`. A suppression comment there covers the finding as one where it is located does.
   */
  readAt?: Pick<SourceLocation, "file" | "line" | "column">;
  /**
   * Where `location` or the resource's block (`resource.declared`) lies beyond the directory of the root module that
   * calls the resource's module (Terraform: under its `.terraform`, where `terraform init` downloads modules and
   * which git ignores, or outside it), the root's module call the resource is within: the line in the checked code
   * that leads to it.
   */
  calledFrom?: ModuleCallSite;
  /**
   * The root module, CDKTF stack, plan or path the finding was judged in, where a run judges several: one address
   * in two of them (`envs/staging`, `envs/prod`) is two resources.
   */
  unit?: string;
}
