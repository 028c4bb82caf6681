/**
 * JUnit XML for CI test reports (GitHub test-report actions, GitLab, Jenkins).
 *
 * One testsuite per rule with findings, one testcase per (rule, resource). A rule is the test and a resource its
 * case: the case keeps its name when a resource moves between files, so CI history follows it; the rule ID, as
 * classname, has no dots for Jenkins to split into packages; and a suite reads "this rule fails on these resources".
 * Only findings are known, so resources that pass have no case. One address in two root modules is two resources,
 * so two cases, each named with its unit. Names give units, files and the paths checked from the repository's root,
 * as `file` does: GitLab and Jenkins key a test's history on classname and name, which must not change with the
 * directory the check ran in or the runner's checkout path.
 *
 * A case fails when one of its findings fails the run, and is placed (file, line) at that finding: CI annotates the
 * failure there. Other violations pass with the findings in system-out:
 * they do not fail the run, and "skipped" would say the rule did not run. "Could not be evaluated" and rule
 * errors are skipped: the rule gave no verdict. A first suite, `prodready`, holds the run itself (so a clean run
 * still has a test, which Jenkins and test-report actions require) and one case per diagnostic, an `<error>` for
 * an input error.
 *
 * Every suite and case has `time="0"`: rules are not timed one by one, and readers that require the attribute
 * (Jenkins's schema; test-report actions, which show NaN without it) take 0 as "took no measurable time".
 */
import type { Diagnostic } from "../model/diagnostic";
import type { Finding } from "../model/finding";
import { repositoryPaths, type RepositoryPath } from "../adapters/repository-root";
import { repositoryNaming } from "../engine/baseline";
import { groupBy } from "../collections";
import { findingStatus, type FailOn, type Reporter, type RunSummary } from "./reporter";
import { asWritten, fileLocation, sortDiagnostics, summaryText, whereText } from "./shared";

/** Characters XML 1.0 forbids even as references: controls other than tab, LF and CR; lone surrogates; U+FFFE/F. */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const ENTITY: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;", "\r": "&#13;", "\n": "&#10;", "\t": "&#9;" };

/** For attribute values: line breaks and tabs as references, since parsers turn raw ones into spaces. */
function escapeAttribute(text: string): string {
  return text.replace(NOT_XML, "\uFFFD").replace(/[&<>"'\r\n\t]/g, (char) => ENTITY[char]);
}

/** For element content: CR as a reference, since parsers turn a raw one into LF. */
function escapeText(text: string): string {
  return text.replace(NOT_XML, "\uFFFD").replace(/[&<>\r]/g, (char) => ENTITY[char]);
}

function element(name: string, attributes: Record<string, string | number | undefined>, children: string[] | string = []): string {
  const attrs = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${escapeAttribute(String(value))}"`)
    .join("");
  // One element per line, so a person can read the file too.
  const content = typeof children === "string" ? escapeText(children) : children.map((child) => `\n${child}`).join("") + (children.length > 0 ? "\n" : "");
  return content === "" ? `<${name}${attrs}/>` : `<${name}${attrs}>${content}</${name}>`;
}

interface Case {
  xml: string;
  outcome: "passed" | "failure" | "error" | "skipped";
}

function findingText(finding: Finding, failOn: FailOn | undefined, repositoryPath: RepositoryPath): string {
  const status = findingStatus(finding, failOn);
  const label = status === "undecided" ? "could not be evaluated" : status === "error" ? "rule error" : `${finding.severity} ${finding.level}`;
  const { path: written } = asWritten(finding);
  const path = written === "" ? "" : ` at ${written}`;
  return `${label}${path} (${whereText(finding, repositoryPath)}): ${finding.title}: ${finding.message}`;
}

function findingCase(findings: Finding[], summary: RunSummary, repositoryPath: RepositoryPath): Case {
  const statuses = findings.map((finding) => findingStatus(finding, summary.failOn));
  const details = findings.map((finding) => findingText(finding, summary.failOn, repositoryPath)).join("\n");
  // The finding that decides the outcome, and so where a CI annotation of the case belongs.
  const decisive = findings[Math.max(0, statuses.indexOf(statuses.includes("blocking") ? "blocking" : "violation"))];
  // CDKTF's address ends in a hash of the construct path, so naming the path keeps the name no less stable and says
  // which construct in the TypeScript source the case is about.
  const { constructPath } = decisive.location;
  // Its unit, and a file's address (`svc/api/Dockerfile`), from the repository's root, as a baseline names them: the
  // test's name is then the same whatever directory the check ran in.
  const named = repositoryNaming(repositoryPath)(decisive);
  const resource = constructPath === undefined ? named.resource.address : `${named.resource.address} (${constructPath})`;
  const name = named.unit === undefined ? resource : `${resource} in ${named.unit}`;
  const attributes = { name, classname: decisive.ruleId, file: repositoryPath(decisive.location.file), line: decisive.location.line, time: 0 };
  if (statuses.includes("blocking")) {
    const failure = element("failure", { message: `${decisive.title}: ${decisive.message}`, type: decisive.severity }, `${details}\nfix: ${decisive.remediation}`);
    return { xml: element("testcase", attributes, [failure]), outcome: "failure" };
  }
  if (statuses.includes("violation")) {
    return { xml: element("testcase", attributes, [element("system-out", {}, `${details}\nfix: ${decisive.remediation}`)]), outcome: "passed" };
  }
  return { xml: element("testcase", attributes, [element("skipped", { message: findingText(decisive, summary.failOn, repositoryPath) }, details)]), outcome: "skipped" };
}

function diagnosticCase(diagnostic: Diagnostic, repositoryPath: RepositoryPath): Case {
  const file = repositoryPath(diagnostic.file);
  const where = fileLocation({ ...diagnostic, file });
  const attributes = { name: where === undefined ? diagnostic.code : `${diagnostic.code} ${where}`, classname: "prodready", file, line: diagnostic.line, time: 0 };
  if (diagnostic.severity === "error") {
    return { xml: element("testcase", attributes, [element("error", { message: diagnostic.message, type: diagnostic.code })]), outcome: "error" };
  }
  return { xml: element("testcase", attributes, [element("system-out", {}, `${diagnostic.severity}: ${diagnostic.message}`)]), outcome: "passed" };
}

/** The counts JUnit readers take from a suite's attributes rather than counting cases. */
function tally(cases: readonly Case[]) {
  const count = (outcome: Case["outcome"]) => cases.filter((testCase) => testCase.outcome === outcome).length;
  return { tests: cases.length, failures: count("failure"), errors: count("error"), skipped: count("skipped"), time: 0 };
}

function suite(name: string, cases: Case[]): { xml: string; cases: Case[] } {
  return { xml: element("testsuite", { name, ...tally(cases) }, cases.map((testCase) => testCase.xml)), cases };
}

export const junitReporter: Reporter = {
  format: "junit",
  render({ findings, diagnostics, summary }) {
    const repositoryPath = repositoryPaths();
    const checked = (summary.paths ?? [summary.target]).map((path) => repositoryPath(path)).join(" ");
    const run: Case = {
      xml: element("testcase", { name: `${summary.engine} ${checked}`, classname: "prodready", time: 0 }, [element("system-out", {}, summaryText(summary))]),
      outcome: "passed",
    };
    const suites = [suite("prodready", [run, ...sortDiagnostics(diagnostics).map((diagnostic) => diagnosticCase(diagnostic, repositoryPath))])];
    for (const ruleFindings of groupBy(findings, (finding) => finding.ruleId).values()) {
      const cases = [...groupBy(ruleFindings, (finding) => `${finding.unit}\u0000${finding.resource.address}`).values()].map((group) => findingCase(group, summary, repositoryPath));
      suites.push(suite(`${ruleFindings[0].ruleId} ${ruleFindings[0].slug}`, cases));
    }
    const root = element("testsuites", { name: "prodready", ...tally(suites.flatMap((entry) => entry.cases)) }, suites.map((entry) => entry.xml));
    return `<?xml version="1.0" encoding="UTF-8"?>\n${root}\n`;
  },
};
