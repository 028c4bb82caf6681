/**
 * SARIF 2.1.0 for code scanning: one run, one rule descriptor per rule that has findings, one result per finding.
 *
 * Levels: `error` for a finding that fails the run, `warning` for any other violation, `note` for "could not be
 * evaluated". Every result of a rule has the rule's ID: code scanning tracks an alert by its rule and fingerprint, so
 * an ID that followed `--fail-on`, the profile or the rule's level would close every alert (and its dismissal) and
 * open another whenever those change. No rule carries `security-severity`: code scanning reads it from the rule, not
 * the result, and then uses it in preference to the result's level, so one rule's "could not be evaluated" or
 * advisory result would be a critical or high security alert failing the pull request's check while prodready passes.
 * Without it the check goes by level, failing by default on `error` alone: on what fails the run, at any
 * `--fail-on`. The rule's severity is a tag, `severity-<severity>`, to filter alerts by. A rule that failed
 * internally is not a problem in the code: it is a tool execution notification naming the rule, as are the run's
 * diagnostics; an input error marks the invocation unsuccessful.
 *
 * Code scanning rejects a result without a physical location, so every result has one with a region. A finding
 * without a source file (a Pulumi resource known only by its URN) is placed on line 1 of the Pulumi project file
 * (`summary.projectFile`, else `Pulumi.yaml`): stable across runs, and the resource itself is named by the
 * result's logical location and message. A file without a line is placed on its line 1.
 *
 * A result's fix is its rule's help, but where the finding has one of its own (`Verdict.remediation`, a fix for the
 * kind of place it is about): its message then says it. SARIF's `fixes` take only edits of the files, with their text.
 *
 * Suppressed findings are left out of the run: the report carries only their count.
 *
 * Code scanning stores 5,000 results of a run and rejects a run of more than 25,000 whole, and which 5,000 it keeps is
 * its own choice: so results come most important first and a run holds the first 5,000, a warning notification and
 * stderr saying how many more there are and where they all are.
 */
import { isAbsolute } from "path";
import { pathToFileURL } from "url";
import type { Diagnostic, DiagnosticSeverity } from "../model/diagnostic";
import type { Finding } from "../model/finding";
import { repositoryPaths, type RepositoryPath } from "../adapters/repository-root";
import { findingFingerprint, repositoryNaming } from "../engine/baseline";
import { findingStatus, severityBlocks, type FailOn, type Reporter, type RunSummary } from "./reporter";
import { byImportance, calledFromText, callingUnit, describeRules, sortDiagnostics, subject, type RuleDescription } from "./shared";
import { PACKAGE } from "../package";

const { version, homepage } = PACKAGE;

const SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
/** Result URIs are relative to the checked-out repository (`repositoryPaths`), which code scanning knows by this name. */
const SRCROOT = "%SRCROOT%";
/** Where a finding without a source file is placed when the summary does not name the project file. */
const DEFAULT_PROJECT_FILE = "Pulumi.yaml";
const FINGERPRINT = "prodready/v1";
/** The results of a run code scanning stores; it shows none of a run of more than 25,000. */
export const MAX_RESULTS = 5_000;
/** Code scanning's limit on a rule's `fullDescription.text`. */
const MAX_DESCRIPTION = 1024;

type Level = "error" | "warning" | "note";

const NOTIFICATION_LEVEL: Record<DiagnosticSeverity, Level> = { error: "error", warning: "warning", notice: "note" };

interface PhysicalLocation {
  artifactLocation: { uri: string; uriBaseId?: string };
  region?: { startLine: number; startColumn?: number };
}

function artifactLocation(file: string): PhysicalLocation["artifactLocation"] {
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href };
  const segments = file.replace(/^(\.\/)+/, "").split("/");
  return { uri: segments.map(encodeURIComponent).join("/"), uriBaseId: SRCROOT };
}

function physicalLocation(file: string, line: number | undefined, column: number | undefined): PhysicalLocation {
  return { artifactLocation: artifactLocation(file), region: column === undefined ? { startLine: line ?? 1 } : { startLine: line ?? 1, startColumn: column } };
}

/** `named` is the finding with its unit and a file's address from the repository's root (`repositoryNaming`). */
function findingLocation(named: Finding, summary: RunSummary, repositoryPath: RepositoryPath) {
  const { file, line, column, urn, constructPath } = named.location;
  const { address, name } = named.resource;
  const logicalLocations = [
    { name, fullyQualifiedName: address, kind: "resource" },
    ...(urn !== undefined && urn !== address ? [{ fullyQualifiedName: urn, kind: "resource" }] : []),
    // A node of the CDKTF construct tree.
    ...(constructPath !== undefined ? [{ fullyQualifiedName: constructPath, kind: "object" }] : []),
    // The root module, stack or plan it was judged in: one address in two of them is two resources.
    ...(named.unit !== undefined ? [{ fullyQualifiedName: named.unit, kind: "module" }] : []),
  ];
  const physical =
    file === undefined ? physicalLocation(repositoryPath(summary.projectFile ?? DEFAULT_PROJECT_FILE), 1, undefined) : physicalLocation(repositoryPath(file), line, column);
  return { physicalLocation: physical, logicalLocations };
}

/** The description within code scanning's limit: whole sentences, else whole words; empty when it fits. */
function shortenedDescription(description: string): string {
  if (description.length <= MAX_DESCRIPTION) return "";
  // One character more than fits: a sentence that ends right at the limit is followed by its space.
  const head = description.slice(0, MAX_DESCRIPTION + 1);
  const sentenceEnd = [...head.matchAll(/[.!?]\s/g)].at(-1);
  if (sentenceEnd !== undefined) return head.slice(0, sentenceEnd.index + 1);
  const wordEnd = head.lastIndexOf(" ", MAX_DESCRIPTION - 1);
  return `${head.slice(0, wordEnd > 0 ? wordEnd : MAX_DESCRIPTION - 1)}…`;
}

function ruleDescriptor(rule: RuleDescription, failOn: FailOn | undefined) {
  const shortened = shortenedDescription(rule.description);
  // What the shortened description leaves out is in the help, which has no limit.
  const paragraphs = (fix: string, links: string[]) => [shortened && rule.description, fix, links.join("\n")].filter(Boolean).join("\n\n");
  return {
    id: rule.id,
    name: rule.slug,
    shortDescription: { text: rule.title },
    fullDescription: { text: shortened || rule.description },
    help: {
      text: paragraphs(`How to fix: ${rule.remediation}`, rule.links.map((link) => `- ${link}`)),
      markdown: paragraphs(`**How to fix:** ${rule.remediation}`, rule.links.map((link) => `- <${link}>`)),
    },
    ...(rule.links.length > 0 ? { helpUri: rule.links[0] } : {}),
    // The level a mandatory violation of this rule has in this run; each result states its own.
    defaultConfiguration: { level: severityBlocks(rule.severity, failOn) ? "error" : "warning" },
    properties: { tags: ["production-readiness", `checklist-${rule.checklist}`, `severity-${rule.severity}`] },
  };
}

/**
 * The resource and property (of `fromRoot`, the finding named from the repository's root), and the root a shared module's finding was judged from, or the module call in the
 * checked code that leads to a file in none (a module `terraform init` downloaded): code scanning shows the message
 * and the file, not logical locations, and one line judged from two roots is two results that only the root tells apart.
 */
function aboutText(finding: Finding, fromRoot: Finding, repositoryPath: RepositoryPath): string {
  const unit = callingUnit(finding);
  const called = calledFromText(finding, repositoryPath);
  return [subject(fromRoot), ...(unit === undefined ? [] : [`from ${repositoryPath(unit)}`]), ...(called === undefined ? [] : [called])].join(", ");
}

/** The end of a violation's message that gives its fix, where that is not its rule's help (`rule`); empty otherwise. */
function ownFixText(finding: Finding, rule: RuleDescription): string {
  return finding.remediation === rule.remediation ? "" : `. How to fix: ${finding.remediation}`;
}

/** The module call that leads to a finding's file, where that is in no checked code (`Finding.calledFrom`). */
function relatedLocations(finding: Finding, repositoryPath: RepositoryPath) {
  const call = finding.calledFrom;
  if (call === undefined) return {};
  return { relatedLocations: [{ id: 1, physicalLocation: physicalLocation(repositoryPath(call.file), call.line, call.column), message: { text: `called from ${call.address}` } }] };
}

function diagnosticNotification(diagnostic: Diagnostic, repositoryPath: RepositoryPath) {
  return {
    level: NOTIFICATION_LEVEL[diagnostic.severity],
    message: { text: diagnostic.message },
    descriptor: { id: diagnostic.code },
    ...(diagnostic.file !== undefined ? { locations: [{ physicalLocation: physicalLocation(repositoryPath(diagnostic.file), diagnostic.line, diagnostic.column) }] } : {}),
  };
}

export const sarifReporter: Reporter = {
  format: "sarif",
  render({ findings, diagnostics, summary }, { onWarning }) {
    const rules = describeRules(findings);
    const repositoryPath = repositoryPaths();
    // As a baseline names the finding, so a fingerprint is the same from any directory of the repository.
    const named = repositoryNaming(repositoryPath);
    const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
    const results = [];
    const ruleFailures = [];
    let leftOut = 0;
    for (const finding of [...findings].sort(byImportance(summary.failOn))) {
      const status = findingStatus(finding, summary.failOn);
      const rule = { ruleId: finding.ruleId, ruleIndex: ruleIndex.get(finding.ruleId)! };
      if (status === "error") {
        const fromRoot = named(finding);
        ruleFailures.push({
          level: "error",
          message: { text: `${finding.ruleId} ${finding.slug} failed on ${aboutText(finding, fromRoot, repositoryPath)}: ${finding.message}` },
          associatedRule: { id: rule.ruleId, index: rule.ruleIndex },
          locations: [findingLocation(fromRoot, summary, repositoryPath)],
        });
        continue;
      }
      if (results.length === MAX_RESULTS) {
        leftOut++;
        continue;
      }
      const prefix = status === "undecided" ? "Could not be evaluated: " : "";
      // As the other formats, a fix for violations only: a finding that could not be evaluated may need none.
      const fix = status === "undecided" ? "" : ownFixText(finding, rules[rule.ruleIndex]);
      const fromRoot = named(finding);
      results.push({
        ...rule,
        level: status === "blocking" ? "error" : status === "violation" ? "warning" : "note",
        message: { text: `${prefix}${finding.title}: ${finding.message} (${aboutText(finding, fromRoot, repositoryPath)})${fix}` },
        locations: [findingLocation(fromRoot, summary, repositoryPath)],
        ...relatedLocations(finding, repositoryPath),
        partialFingerprints: { [FINGERPRINT]: findingFingerprint(fromRoot) },
      });
    }
    const leftOutWarning =
      leftOut === 0
        ? []
        : [`the SARIF report leaves out ${leftOut} of ${leftOut + MAX_RESULTS} results, the least important: code scanning stores ${MAX_RESULTS} of a run (and rejects more than 25000); \`--format json\` lists them all`];
    leftOutWarning.forEach((message) => onWarning?.(message));
    const sarif = {
      $schema: SCHEMA,
      version: "2.1.0",
      runs: [
        {
          tool: {
            driver: {
              name: "prodready",
              version,
              semanticVersion: version,
              ...(homepage ? { informationUri: homepage } : {}),
              rules: rules.map((rule) => ruleDescriptor(rule, summary.failOn)),
            },
          },
          invocations: [
            {
              executionSuccessful: !diagnostics.some((diagnostic) => diagnostic.severity === "error"),
              toolExecutionNotifications: [
                ...sortDiagnostics(diagnostics).map((diagnostic) => diagnosticNotification(diagnostic, repositoryPath)),
                ...ruleFailures,
                ...leftOutWarning.map((message) => ({ level: "warning", message: { text: message }, descriptor: { id: "results-left-out" } })),
              ],
            },
          ],
          results,
        },
      ],
    };
    return JSON.stringify(sarif, null, 2) + "\n";
  },
};
