/** The report for people: findings grouped under the resource they are about, then one summary line. */
import type { Finding } from "../model/finding";
import type { Reporter, RunSummary } from "./reporter";

type Paint = (code: number, text: string) => string;

const RED = 31;
const YELLOW = 33;
const CYAN = 36;
const MAGENTA = 35;
const DIM = 2;
const BOLD = 1;

function where(finding: Finding): string {
  const { file, line, column, urn } = finding.location;
  if (file) return [file, line, column].filter((part) => part !== undefined).join(":");
  return urn ?? finding.resource.address;
}

function heading(finding: Finding, paint: Paint): string {
  const resource = finding.resource;
  return `${paint(BOLD, `${resource.kind} ${resource.name}`)}  ${paint(DIM, where(finding))}`;
}

function describe(finding: Finding, paint: Paint): string[] {
  const rule = `${finding.ruleId} ${finding.slug}`;
  const path = finding.path === "" ? "" : `  at ${finding.path}`;
  if (finding.outcome === "error") {
    return [`  ${paint(MAGENTA, "rule error")}  ${rule}${path}`, `    ${finding.message}`];
  }
  if (finding.outcome === "undecided") {
    return [`  ${paint(CYAN, "could not be evaluated")}  ${rule}${path}`, `    ${finding.title}: ${finding.message}`];
  }
  const color = finding.level === "mandatory" ? RED : YELLOW;
  return [
    `  ${paint(color, `${finding.severity.toUpperCase()} ${finding.level}`)}  ${rule}${path}`,
    `    ${finding.title}: ${finding.message}`,
    `    ${paint(DIM, `fix: ${finding.remediation}`)}`,
  ];
}

function summaryLine(summary: RunSummary, paint: Paint): string {
  const { mandatory, advisory, undecided, errors } = summary.counts;
  const parts = [
    paint(mandatory > 0 ? RED : 0, `${mandatory} mandatory`),
    paint(advisory > 0 ? YELLOW : 0, `${advisory} advisory`),
    paint(undecided > 0 ? CYAN : 0, `${undecided} could not be evaluated`),
    paint(errors > 0 ? MAGENTA : 0, `${errors} rule error${errors === 1 ? "" : "s"}`),
  ];
  return `${parts.join(", ")} (${summary.resources} resources, ${summary.rules} rules, profile ${summary.profile}${summary.preview ? ", preview" : ""})`;
}

export const textReporter: Reporter = {
  format: "text",
  render({ findings, summary }, options) {
    const paint: Paint = (code, text) => (options.color && code !== 0 ? `\u001b[${code}m${text}\u001b[0m` : text);
    const byResource = new Map<string, Finding[]>();
    for (const finding of findings) {
      const group = byResource.get(finding.resource.address) ?? [];
      group.push(finding);
      byResource.set(finding.resource.address, group);
    }
    const lines = [`prodready: ${summary.engine} ${summary.target}`, ""];
    for (const group of byResource.values()) {
      lines.push(heading(group[0], paint), ...group.flatMap((finding) => describe(finding, paint)), "");
    }
    if (findings.length === 0) lines.push("No findings.", "");
    lines.push(summaryLine(summary, paint));
    return lines.join("\n") + "\n";
  },
};
