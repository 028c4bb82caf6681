/** What the formats share: ordering, locations and wording, so each says the same thing the same way. */
import { sep } from "path";
import { namesWrittenIn } from "../adapters/engine-names";
import { pulumiType } from "../adapters/pulumi/names";
import { relativeInside } from "../adapters/source";
import type { Diagnostic, DiagnosticSeverity } from "../model/diagnostic";
import type { Finding } from "../model/finding";
import { findRule } from "../rules/catalogue";
import { SEVERITIES, type Rule } from "../rules/rule";
import { isBlocking, type FailOn, type FindingCounts, type RunSummary } from "./reporter";

/**
 * What fails the run first, then the rest, the most severe first in each: where a format shows only the first so
 * many (code scanning's 5,000 results, GitHub's annotations, a comment's length), what fails the run is among them.
 * A stable sort keeps the engine's order otherwise.
 */
export function byImportance(failOn?: FailOn): (a: Finding, b: Finding) => number {
  const rank = (finding: Finding) => (isBlocking(finding, failOn) ? SEVERITIES.length : 0) + SEVERITIES.indexOf(finding.severity);
  return (a, b) => rank(b) - rank(a);
}

/** For formats that print a violation's level: says why a mandatory one does not fail the run; empty otherwise. */
export function belowFailOn(finding: Finding, failOn?: FailOn): string {
  return finding.outcome === "violation" && finding.level === "mandatory" && !isBlocking(finding, failOn) ? " (below fail-on)" : "";
}

const DIAGNOSTIC_ORDER: readonly DiagnosticSeverity[] = ["error", "warning", "notice"];

/**
 * Errors first, then warnings, then notices, each in file, line and column order (those without a file last), for
 * people to go through a file from the top. A stable sort keeps the run's order for one place.
 */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) =>
      DIAGNOSTIC_ORDER.indexOf(a.severity) - DIAGNOSTIC_ORDER.indexOf(b.severity) ||
      Number(a.file === undefined) - Number(b.file === undefined) ||
      comparePaths(a.file ?? "", b.file ?? "") ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
}

/** Files in the order reports list them: findings grouped by file and diagnostics alike. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `file:line:column` with the parts the source has, or undefined when there is no file. */
export function fileLocation(location: { file?: string; line?: number; column?: number }): string | undefined {
  if (location.file === undefined) return undefined;
  return [location.file, location.line, location.column].filter((part) => part !== undefined).join(":");
}

/**
 * Where a finding is, for people: its file position, else the Pulumi URN or CDKTF construct path, else its address.
 * The file as `named` names it: as the finding does, or from the repository's root for the formats that do so.
 */
export function whereText(finding: Finding, named: (file: string) => string = (file) => file): string {
  const { location } = finding;
  const file = location.file === undefined ? undefined : named(location.file);
  return fileLocation({ ...location, file }) ?? location.urn ?? location.constructPath ?? finding.resource.address;
}

/**
 * A finding's resource kind and property path as its user wrote them, for people to look for: in a Pulumi program,
 * the type token and input names (`aws:ec2/securityGroup:SecurityGroup`, `ingress.0.cidrBlocks.0`), in a CDKTF one
 * the props (`ingress.0.cidrBlocks.0` too), as its message already says them, not the Terraform names the rules use.
 * What machines match on (the JSON report's `kind` and `path`, baselines, SARIF fingerprints) keeps the canonical names.
 */
export function asWritten(finding: Finding): { kind: string; path: string } {
  const { kind, engine, address } = finding.resource;
  const names = namesWrittenIn(engine);
  const path = names === undefined ? finding.path : names.path(kind, finding.path);
  return { kind: engine === "pulumi" ? (pulumiType(address) ?? kind) : kind, path };
}

/** The resource and, when there is one, the property a finding is about: `aws_s3_bucket.logs at versioning.0`. */
export function subject(finding: Finding): string {
  const { path } = asWritten(finding);
  return path === "" ? finding.resource.address : `${finding.resource.address} at ${path}`;
}

/**
 * The root module, stack or plan a finding was judged from, where its file does not tell: a shared module's file is
 * judged once from each root that calls it, and only the root tells those findings (and who passes the bad value)
 * apart. Undefined for a file in its unit, for a finding without a unit or a file, and for one whose module call
 * is named (`calledFromText`), which is the root's. As the finding names it.
 */
export function callingUnit(finding: Finding): string | undefined {
  const { unit } = finding;
  if (finding.calledFrom !== undefined) return undefined;
  const file = finding.location.file;
  // Most files are in their unit's directory: told apart without resolving paths.
  if (unit === undefined || file === undefined || file.startsWith(unit + sep)) return undefined;
  return relativeInside(unit, file) === undefined ? unit : undefined;
}

/**
 * The root module's call a finding is within, where the finding's file is not part of the checked code (one
 * `terraform init` downloaded): `called from main.tf:5:1 (module.redshift)`, the line that leads to it. Files as
 * `named` names them, each part as `quoted` writes it (Markdown's code spans).
 */
export function calledFromText(finding: Finding, named: (file: string) => string = (file) => file, quoted: (text: string) => string = (text) => text): string | undefined {
  const call = finding.calledFrom;
  return call && `called from ${quoted(fileLocation({ ...call, file: named(call.file) })!)} (${quoted(call.address)})`;
}

/**
 * Control characters other than tab, line feed and carriage return: escape sequences in a message would drive the
 * terminal or log viewer that shows it. Formats replace them with U+FFFD.
 */
export const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** What `oneLine` changes: line breaks and the control characters. Most texts have neither. */
const NOT_ONE_LINE = new RegExp(`[\\r\\n]|${CONTROL_CHARACTERS.source}`);

/** The text on one line, line breaks as spaces and control characters as U+FFFD; unchanged (the same string) if it has neither. */
export function oneLine(value: string): string {
  return NOT_ONE_LINE.test(value) ? value.replace(CONTROL_CHARACTERS, "\uFFFD").replace(/\r\n?|\n/g, " ") : value;
}

/** What a report says about a rule: the catalogue's text when the rule is in it, else what its findings carry. */
export type RuleDescription = Pick<Rule, "id" | "slug" | "title" | "checklist" | "severity" | "description" | "remediation" | "links">;

/** One description per rule that has findings, in the order the rules first appear. */
export function describeRules(findings: readonly Finding[]): RuleDescription[] {
  const rules = new Map<string, RuleDescription>();
  for (const finding of findings) {
    if (rules.has(finding.ruleId)) continue;
    const rule = findRule(finding.ruleId);
    const { ruleId: id, slug, title, checklist, severity, remediation } = finding;
    rules.set(id, rule ?? { id, slug, title, checklist, severity, description: title, remediation, links: [] });
  }
  return [...rules.values()];
}

/**
 * The summary's counts in words, in the order every format lists them, named as the markdown table names them: a
 * mandatory finding below `--fail-on` is among the other violations, so "mandatory" would not describe the count.
 */
export function countParts(counts: FindingCounts): string[] {
  const { mandatory, advisory, undecided, errors } = counts;
  return [`${mandatory} ${mandatory === 1 ? "fails" : "fail"} the run`, plural(advisory, "other violation"), `${undecided} could not be evaluated`, plural(errors, "rule error")];
}

/** What was checked and how: files, resources, rules, suppressions, profile, preview, the fail-on threshold. */
export function scopeText(summary: RunSummary): string {
  const parts = [
    summary.files === undefined ? "" : plural(summary.files, "file"),
    plural(summary.resources, "resource") + (summary.judged === undefined || summary.judged === summary.resources ? "" : `, ${summary.judged} of a kind a rule judges`),
    plural(summary.rules, "rule"),
    summary.suppressed === undefined ? "" : `${summary.suppressed} suppressed`,
    `profile ${summary.profile}`,
    summary.preview ? "preview" : "",
    summary.failOn === undefined ? "" : summary.failOn === "never" ? "never fails on findings" : `fails on ${summary.failOn} and above`,
  ];
  return parts.filter(Boolean).join(", ");
}

/** The one-line summary: counts, then scope. */
export function summaryText(summary: RunSummary): string {
  return `${countParts(summary.counts).join(", ")} (${scopeText(summary)})`;
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}
