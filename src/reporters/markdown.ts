/**
 * A Markdown report for a pull request comment or `$GITHUB_STEP_SUMMARY`: the verdict as a heading, the counts,
 * a table of findings, how to fix each rule in a collapsible section, then diagnostics.
 *
 * Everything that comes from the checked code (messages, addresses, paths) is escaped, so it cannot break the
 * table or inject markup; the catalogue's own remediation text is Markdown and is kept as written.
 */
import type { Diagnostic } from "../model/diagnostic";
import type { Finding } from "../model/finding";
import { findingStatus, type FailOn, type Reporter, type RunSummary } from "./reporter";
import { asWritten, belowFailOn, byImportance, calledFromText, callingUnit, describeRules, fileLocation, oneLine, plural, scopeText, sortDiagnostics, type RuleDescription } from "./shared";

/**
 * A pull request comment holds 65,536 characters, and GitHub refuses a longer one: this many finding rows (about 400
 * characters each) and diagnostics (about 250) stay inside it, and the rules' remediation takes what is left.
 */
const MAX_ROWS = 100;
const MAX_DIAGNOSTICS = 50;
const MAX_CHARACTERS = 65_536;
const LISTED_ELSEWHERE = "the text, JSON and SARIF reports list them all.";

/** The length of lines joined by newlines, the separator included after each. */
function length(lines: readonly string[]): number {
  return lines.reduce((total, line) => total + line.length + 1, 0);
}

/**
 * How to fix each rule, in a collapsible section within `budget` characters: the remediation of as many rules as
 * fit, in the order of their findings, and how to read the others'.
 */
function howToFix(rules: readonly RuleDescription[], budget: number): string[] {
  const closing = ["</details>", ""];
  const blocks = rules.map((rule) => [`#### ${rule.id} ${rule.title}`, "", rule.remediation, "", ...(rule.links.length > 0 ? [...rule.links.map((link) => `- <${link}>`), ""] : [])]);
  const heading = ["", "<details>", `<summary>How to fix (${plural(rules.length, "rule")})</summary>`, ""];
  // Room for the line that names the rules left out, however many they are.
  let left = budget - length(heading) - length(closing) - 200 - 12 * rules.length;
  const shown: string[] = [];
  let omitted: RuleDescription[] = [];
  for (const [index, block] of blocks.entries()) {
    if (length(block) > left) {
      omitted = rules.slice(index);
      break;
    }
    shown.push(...block);
    left -= length(block);
  }
  const more = omitted.length === 0 ? [] : [`… and ${plural(omitted.length, "more rule")}: \`prodready explain <ID>\` shows how to fix each (${omitted.map((rule) => rule.id).join(", ")}).`, ""];
  return [...heading, ...shown, ...more, ...closing];
}

/** Plain text: backslash-escapes what Markdown would read as emphasis, code, links or HTML. */
function text(value: string): string {
  return oneLine(value).replace(/[\\`*_[\]<>~&]/g, "\\$&");
}

/** A code span that holds any text: its fence is longer than any run of backticks inside. */
function code(value: string): string {
  const flat = oneLine(value);
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** GitHub splits a row on every unescaped pipe, inside code spans too, and unescapes `\|` in each cell. */
function table(header: string[], rows: string[][]): string[] {
  const row = (cells: string[]) => `| ${cells.map((cell) => cell.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [row(header), `|${header.map(() => " --- |").join("")}`, ...rows.map(row)];
}

function verdict(findings: readonly Finding[], diagnostics: readonly Diagnostic[], summary: RunSummary): string {
  const inputErrors = diagnostics.filter((diagnostic) => diagnostic.severity === "error").length;
  if (inputErrors > 0) return `## ⛔ prodready: ${plural(inputErrors, "input error")}, the check is incomplete`;
  if (summary.counts.mandatory > 0) return `## ❌ prodready: ${plural(summary.counts.mandatory, "finding")} fail${summary.counts.mandatory === 1 ? "s" : ""} the run`;
  return findings.length > 0 ? `## ✅ prodready: nothing fails the run` : `## ✅ prodready: no findings`;
}

function statusCell(finding: Finding, failOn: FailOn | undefined): string {
  switch (findingStatus(finding, failOn)) {
    case "blocking":
      return `❌ **${finding.severity}**, ${finding.level}`;
    case "violation":
      return `⚠️ ${finding.severity}, ${finding.level}${belowFailOn(finding, failOn)}`;
    case "undecided":
      return "❔ could not be evaluated";
    case "error":
      return "💥 rule error";
  }
}

function findingRow(finding: Finding, failOn: FailOn | undefined): string[] {
  const { path } = asWritten(finding);
  const resource = path === "" ? code(finding.resource.address) : `${code(finding.resource.address)} at ${code(path)}`;
  const position = fileLocation(finding.location);
  const { constructPath } = finding.location;
  const unit = callingUnit(finding);
  const called = calledFromText(finding, undefined, code);
  // A CDKTF file position is in synthesized output, the construct path names what the developer wrote. A shared
  // module's line judged from two roots is two rows, which the root tells apart; a downloaded module's, which is in
  // no pull request, is reached through the module call. A finding with none of these is placed by its address,
  // already in the resource cell.
  const places = [
    ...(position === undefined ? [] : [code(position)]),
    ...(constructPath === undefined ? [] : [`construct ${code(constructPath)}`]),
    ...(unit === undefined ? [] : [`from ${code(unit)}`]),
    ...(called === undefined ? [] : [called]),
  ];
  return [statusCell(finding, failOn), `${text(finding.ruleId)} ${code(finding.slug)}`, resource, places.length === 0 ? "—" : places.join(", "), text(finding.message)];
}

function diagnosticItem(diagnostic: Diagnostic): string {
  const where = fileLocation(diagnostic);
  return `- **${diagnostic.severity}** ${code(diagnostic.code)}${where === undefined ? "" : ` at ${code(where)}`}: ${text(diagnostic.message)}`;
}

export const markdownReporter: Reporter = {
  format: "markdown",
  render({ findings, diagnostics, summary }) {
    const { mandatory, advisory, undecided, errors } = summary.counts;
    const lines = [
      verdict(findings, diagnostics, summary),
      "",
      `${text(summary.engine)} ${code(summary.target)}: ${text(scopeText(summary))}`,
      "",
      ...table(
        ["Fails the run", "Other violations", "Could not be evaluated", "Rule errors", "Suppressed", "Diagnostics"],
        [[mandatory, advisory, undecided, errors, summary.suppressed ?? "—", diagnostics.length].map(String)],
      ),
      "",
    ];
    if (findings.length > 0) {
      const sorted = [...findings].sort(byImportance(summary.failOn));
      const rows = sorted.slice(0, MAX_ROWS).map((finding) => findingRow(finding, summary.failOn));
      lines.push("### Findings", "", ...table(["Severity", "Rule", "Resource", "Location", "Message"], rows));
      if (sorted.length > MAX_ROWS) lines.push("", `… and ${sorted.length - MAX_ROWS} more: ${LISTED_ELSEWHERE}`);
    }
    const diagnosticLines: string[] = [];
    if (diagnostics.length > 0) {
      diagnosticLines.push("### Diagnostics", "", ...sortDiagnostics(diagnostics).slice(0, MAX_DIAGNOSTICS).map(diagnosticItem), "");
      if (diagnostics.length > MAX_DIAGNOSTICS) diagnosticLines.push(`… and ${diagnostics.length - MAX_DIAGNOSTICS} more: ${LISTED_ELSEWHERE}`, "");
    }
    if (findings.length > 0) lines.push(...howToFix(describeRules(findings), MAX_CHARACTERS - length([...lines, ...diagnosticLines])));
    return [...lines, ...diagnosticLines].join("\n");
  },
};
