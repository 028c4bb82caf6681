/**
 * The report for people: findings grouped by file, then by resource, each with a `file:line:column` an editor or
 * terminal can open; diagnostics next; one summary line last.
 */
import type { Diagnostic } from "../model/diagnostic";
import type { Finding } from "../model/finding";
import { groupBy } from "../collections";
import { isConfigurationBlock } from "../model/kinds";
import { findingStatus, type FailOn, type Reporter, type RunSummary } from "./reporter";
import { asWritten, belowFailOn, byImportance, calledFromText, callingUnit, comparePaths, countParts, fileLocation, oneLine, scopeText, sortDiagnostics, whereText } from "./shared";

type Paint = (code: number, text: string) => string;

const RED = 31;
const YELLOW = 33;
const CYAN = 36;
const MAGENTA = 35;
const DIM = 2;
const BOLD = 1;

/**
 * Every string in the report on one line and without control characters: a line break would break the layout, an
 * escape sequence or carriage return would recolour or overwrite what the terminal shows.
 */
function printable<T>(value: T): T {
  if (typeof value === "string") return oneLine(value) as T;
  if (value === null || typeof value !== "object") return value;
  // Copied only where something changes: nearly every finding prints as it is.
  const record = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(record)) {
    const child = printable(record[key]);
    if (child !== record[key]) (copy ??= Array.isArray(record) ? ([...record] as unknown as Record<string, unknown>) : { ...record })[key] = child;
  }
  return (copy ?? value) as T;
}

interface FileGroup {
  /** The file, or for findings with none (Pulumi URNs) their engine and the run's target. */
  heading: string;
  hasFile: boolean;
  /** One list of findings per resource. */
  resources: Finding[][];
}

function byPosition(a: Finding, b: Finding): number {
  return (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0);
}

/** Where a resource's block starts, else where its first finding is. */
function byStart(a: Finding, b: Finding): number {
  const start = (finding: Finding) => finding.resource.declared ?? finding.location;
  return (start(a).line ?? 0) - (start(b).line ?? 0) || (start(a).column ?? 0) - (start(b).column ?? 0);
}

/** Files in path order, then the groups without a file; resources by where they start; findings by position, most important first. */
function group(findings: readonly Finding[], summary: RunSummary): FileGroup[] {
  const importance = byImportance(summary.failOn);
  const files = groupBy(findings, (finding) => finding.location.file ?? `${finding.resource.engine} ${summary.target}`);
  return [...files.entries()]
    .map(([heading, list]) => ({
      heading,
      hasFile: list[0].location.file !== undefined,
      // One address in two root modules (a shared module's file) is two resources.
      resources: [...groupBy(list, (finding) => `${finding.unit}\u0000${finding.resource.address}`).values()]
        .map((resource) => resource.sort((a, b) => byPosition(a, b) || importance(a, b)))
        .sort((a, b) => byStart(a[0], b[0])),
    }))
    .sort((a, b) => Number(b.hasFile) - Number(a.hasFile) || comparePaths(a.heading, b.heading));
}

/** The module instance a Terraform address is in (`module.a["x"].`), or "" at the root. */
const MODULE_PATH = /^(?:module\.[A-Za-z_][\w-]*(?:\[(?:\d+|"(?:[^"\\]|\\.)*")\])?\.)+/;

function resourceHeading(first: Finding, paint: Paint): string {
  const { name, address } = first.resource;
  const { kind } = asWritten(first);
  // Instances of one module, called twice, differ only in the module they are in.
  const modulePath = MODULE_PATH.exec(address)?.[0] ?? "";
  const construct = first.location.constructPath && first.location.file ? `  (${first.location.constructPath})` : "";
  const where = (first.resource.declared && fileLocation(first.resource.declared)) ?? whereText(first);
  // A block that configures Terraform has no type to go by: its address says what it is (`provider.aws.west`), as the other formats name it.
  const named = isConfigurationBlock(first.resource.kind) ? address : `${modulePath}${kind} ${name}`;
  return `  ${paint(BOLD, named)}  ${paint(DIM, where)}${construct}${rootText(first)}`;
}

/** The root a finding in a module's file was judged from, which the file alone does not tell, or the call that leads there. */
function rootText(finding: Finding): string {
  const unit = callingUnit(finding);
  const called = calledFromText(finding);
  return unit !== undefined ? `  (from ${unit})` : called !== undefined ? `  ${called}` : "";
}

function describe(finding: Finding, failOn: FailOn | undefined, paint: Paint): string[] {
  const rule = `${finding.ruleId} ${finding.slug}`;
  const { path: written } = asWritten(finding);
  const path = written === "" ? "" : `  at ${written}`;
  const position = fileLocation(finding.location);
  // A value written apart from the argument that takes it (a default, a module call's argument) is fixed where it is
  // written; where it is read says which argument it is.
  const read = finding.readAt && fileLocation(finding.readAt);
  const where = position === undefined ? "" : `${paint(DIM, read === undefined ? position : `${position} (read at ${read})`)}: `;
  const status = findingStatus(finding, failOn);
  switch (status) {
    case "error":
      return [`    ${paint(MAGENTA, "rule error")}  ${rule}${path}`, `      ${where}${finding.message}`];
    case "undecided":
      return [`    ${paint(CYAN, "could not be evaluated")}  ${rule}${path}`, `      ${where}${finding.title}: ${finding.message}`];
    case "blocking":
    case "violation":
      return [
        `    ${paint(status === "blocking" ? RED : YELLOW, `${finding.severity.toUpperCase()} ${finding.level}${belowFailOn(finding, failOn)}`)}  ${rule}${path}`,
        `      ${where}${finding.title}: ${finding.message}`,
        `      ${paint(DIM, `fix: ${finding.remediation}`)}`,
      ];
  }
}

const DIAGNOSTIC_COLOR = { error: RED, warning: YELLOW, notice: CYAN } as const;

function diagnosticLine(diagnostic: Diagnostic, paint: Paint): string {
  const where = fileLocation(diagnostic);
  return `  ${paint(DIAGNOSTIC_COLOR[diagnostic.severity], diagnostic.severity)}  ${where === undefined ? "" : `${where}: `}${diagnostic.code}: ${diagnostic.message}`;
}

function summaryLine(summary: RunSummary, paint: Paint): string {
  const { mandatory, advisory, undecided, errors } = summary.counts;
  const colors = [mandatory > 0 ? RED : 0, advisory > 0 ? YELLOW : 0, undecided > 0 ? CYAN : 0, errors > 0 ? MAGENTA : 0];
  const counts = countParts(summary.counts).map((part, index) => paint(colors[index], part));
  return `${counts.join(", ")} (${scopeText(summary)})`;
}

export const textReporter: Reporter = {
  format: "text",
  render(report, options) {
    const { findings, diagnostics, summary } = printable(report);
    const paint: Paint = (code, text) => (options.color && code !== 0 ? `\u001b[${code}m${text}\u001b[0m` : text);
    const lines = [`prodready: ${summary.engine} ${summary.target}`, ""];
    for (const fileGroup of group(findings, summary)) {
      lines.push(fileGroup.hasFile ? paint(BOLD, fileGroup.heading) : paint(DIM, fileGroup.heading));
      for (const resource of fileGroup.resources) {
        lines.push(resourceHeading(resource[0], paint), ...resource.flatMap((finding) => describe(finding, summary.failOn, paint)));
      }
      lines.push("");
    }
    if (findings.length === 0) lines.push("No findings.", "");
    if (diagnostics.length > 0) lines.push("Diagnostics:", ...sortDiagnostics(diagnostics).map((diagnostic) => diagnosticLine(diagnostic, paint)), "");
    lines.push(summaryLine(summary, paint));
    return lines.join("\n") + "\n";
  },
};
