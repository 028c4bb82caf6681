/**
 * A Markdown report for a pull request comment or `$GITHUB_STEP_SUMMARY`: the verdict as a heading, the counts,
 * a table of findings, how to fix each rule (each kind of place, for a rule that fixes them apart) in a collapsible
 * section, then diagnostics.
 *
 * Everything that comes from the checked code (messages, addresses, paths) is escaped, so it cannot break the
 * table or inject markup; the catalogue's own remediation text is Markdown and is kept as written.
 */
import { getOrAdd } from "../collections";
import type { Diagnostic } from "../model/diagnostic";
import type { Finding } from "../model/finding";
import { findingStatus, type FailOn, type Reporter, type RunSummary } from "./reporter";
import { asWritten, belowFailOn, byImportance, calledFromText, callingUnit, describeRules, fileLocation, oneLine, plural, scopeText, sortDiagnostics, type RuleDescription } from "./shared";

/**
 * A pull request comment holds 65,536 characters, and GitHub refuses a longer one. The report keeps within it: the
 * findings table takes as many rows as fit, most important first, leaving room for the diagnostics and how to fix
 * the rules to say at least how many they leave out; then the diagnostics, errors first; the rules' remediation takes
 * what is left. At most this many rows and diagnostics, for people to read.
 */
const MAX_ROWS = 100;
const MAX_DIAGNOSTICS = 50;
const MAX_CHARACTERS = 65_536;
/** SARIF holds only what code scanning stores, so the text and JSON reports are the ones with every finding. */
const LISTED_ELSEWHERE = "the text and JSON reports (`--format json`) list them all.";

/** The length of lines joined by newlines, the separator included after each. */
function length(lines: readonly string[]): number {
  return lines.reduce((total, line) => total + line.length + 1, 0);
}

/**
 * As many of `blocks` (each some lines), from the first, as fit in `budget` characters together with the lines
 * `more` gives for the number shown, which say what is left out (none when all are shown). Only `more` when not
 * even one fits.
 */
function fitting(blocks: readonly (readonly string[])[], budget: number, more: (shown: number) => string[]): string[] {
  const ends = blocks.reduce((sums, block) => [...sums, sums.at(-1)! + length(block)], [0]);
  let shown = blocks.length;
  while (shown > 0 && ends[shown] + length(more(shown)) > budget) shown--;
  return [...blocks.slice(0, shown).flat(), ...more(shown)];
}

/**
 * The fixes each rule's findings give, by rule ID, each once, in the order met: the rule's remediation, or for a rule
 * whose verdicts have fixes of their own (`Verdict.remediation`), those of the kinds of place its findings are about.
 */
function fixesByRule(findings: readonly Finding[]): Map<string, Set<string>> {
  const fixes = new Map<string, Set<string>>();
  for (const finding of findings) getOrAdd(fixes, finding.ruleId, () => new Set<string>()).add(finding.remediation);
  return fixes;
}

/**
 * How to fix each rule, in a collapsible section within `budget` characters: the fixes (`fixesByRule`) of as many
 * rules as fit, in the order of their findings, and how to read the others'.
 */
function howToFix(rules: readonly RuleDescription[], fixes: Map<string, Set<string>>, budget: number): string[] {
  const closing = ["</details>", ""];
  const blocks = rules.map((rule) => [
    `#### ${rule.id} ${rule.title}`,
    "",
    ...[...fixes.get(rule.id)!].flatMap((fix) => [fix, ""]),
    ...(rule.links.length > 0 ? [...rule.links.map((link) => `- <${link}>`), ""] : []),
  ]);
  const heading = ["", "<details>", `<summary>How to fix (${plural(rules.length, "rule")})</summary>`, ""];
  const more = (shown: number) => {
    const omitted = rules.slice(shown);
    return omitted.length === 0 ? [] : [`… and ${plural(omitted.length, "more rule")}: \`prodready explain <ID>\` shows how to fix each (${omitted.map((rule) => rule.id).join(", ")}).`, ""];
  };
  return [...heading, ...fitting(blocks, budget - length(heading) - length(closing), more), ...closing];
}

/** The findings table within `budget` characters: the most important rows that fit, and how many more there are. */
function findingsTable(findings: readonly Finding[], failOn: FailOn | undefined, budget: number): string[] {
  const sorted = [...findings].sort(byImportance(failOn));
  const [header, divider, ...rows] = table(["Severity", "Rule", "Resource", "Location", "Message"], sorted.slice(0, MAX_ROWS).map((finding) => findingRow(finding, failOn)));
  const heading = ["### Findings", "", header, divider];
  const more = (shown: number) => (shown === sorted.length ? [] : ["", `… and ${sorted.length - shown} more: ${LISTED_ELSEWHERE}`]);
  return [...heading, ...fitting(rows.map((row) => [row]), budget - length(heading), more)];
}

/** The diagnostics, errors first, within `budget` characters. */
function diagnosticsList(diagnostics: readonly Diagnostic[], budget: number): string[] {
  if (diagnostics.length === 0) return [];
  const heading = ["### Diagnostics", ""];
  const items = sortDiagnostics(diagnostics).slice(0, MAX_DIAGNOSTICS).map((diagnostic) => [diagnosticItem(diagnostic)]);
  // The list ends with an empty line, as the section before the next.
  const more = (shown: number) => (shown === diagnostics.length ? [""] : ["", `… and ${diagnostics.length - shown} more: ${LISTED_ELSEWHERE}`, ""]);
  return [...heading, ...fitting(items, budget - length(heading), more)];
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
    const rules = findings.length === 0 ? undefined : describeRules(findings);
    const fixes = fixesByRule(findings);
    // What the diagnostics and how to fix say when none of theirs fit: room kept for them while the table is made.
    const leastHowToFix = rules === undefined ? 0 : length(howToFix(rules, fixes, 0));
    const least = length(diagnosticsList(diagnostics, 0)) + leastHowToFix;
    if (findings.length > 0) lines.push(...findingsTable(findings, summary.failOn, MAX_CHARACTERS - length(lines) - least));
    const diagnosticLines = diagnosticsList(diagnostics, MAX_CHARACTERS - length(lines) - leastHowToFix);
    if (rules !== undefined) lines.push(...howToFix(rules, fixes, MAX_CHARACTERS - length([...lines, ...diagnosticLines])));
    return [...lines, ...diagnosticLines].join("\n");
  },
};
