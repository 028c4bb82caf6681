/**
 * GitHub Actions workflow commands: one annotation for the run's totals, then one per diagnostic and per rule at each
 * file line.
 *
 * GitHub shows 10 annotations of each kind per step (50 per job) and drops the rest without a word. So the first is
 * the summary, on the run rather than a line, of the kind of the verdict: the totals and how many findings are in
 * annotations it does not show. Then errors first, diagnostics before findings, what fails the run before the rest;
 * and the findings of one rule at one line of a file (a resource's `count` or `for_each` instances, one module line
 * judged from two roots) are one annotation naming each, not many of the same.
 *
 * `error` for a finding that fails the run, `warning` for other violations and rule errors, `notice` for "could not
 * be evaluated". A finding without a source file (a Pulumi URN) is annotated without `file`: GitHub shows it on the
 * run rather than on a made-up line, and the message names the resource.
 */
import type { Diagnostic } from "../model/diagnostic";
import type { Finding } from "../model/finding";
import { repositoryPaths, type RepositoryPath } from "../adapters/repository-root";
import { getOrAdd } from "../collections";
import { repositoryNaming } from "../engine/baseline";
import { findingStatus, type FailOn, type Reporter, type Report } from "./reporter";
import { byImportance, calledFromText, callingUnit, CONTROL_CHARACTERS, plural, sortDiagnostics, summaryText, subject } from "./shared";

type Command = "error" | "warning" | "notice";
const COMMANDS: readonly Command[] = ["error", "warning", "notice"];
/** The annotations of each kind GitHub shows for a step. */
const SHOWN_PER_KIND = 10;
/** The other findings an annotation of one rule's line names; it counts the rest. */
const MAX_NAMED = 10;

/** A message: `%`, CR and LF would otherwise end the command or be read as escapes; other controls would reach the log viewer. */
function escapeData(text: string): string {
  return text.replace(CONTROL_CHARACTERS, "\uFFFD").replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A property value: also `:` and `,`, which separate the properties from each other and from the message. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

interface Annotation {
  command: Command;
  file?: string;
  line?: number;
  column?: number;
  title: string;
  message: string;
  /** The findings it stands for. */
  findings: number;
}

function format({ command, file, line, column, title, message }: Annotation): string {
  const properties = Object.entries({ file, line, col: column, title })
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${escapeProperty(String(value))}`)
    .join(",");
  return `::${command} ${properties}::${escapeData(message)}`;
}

function diagnosticAnnotation(diagnostic: Diagnostic, repositoryPath: RepositoryPath): Annotation {
  const { file, line, column } = diagnostic;
  return { command: diagnostic.severity, file: repositoryPath(file), line, column, title: `prodready ${diagnostic.code}`, message: diagnostic.message, findings: 0 };
}

/**
 * The resource; its CDKTF construct path when it has one: a CDKTF file position points into `cdktf.out/`, which is not
 * in the pull request, so GitHub cannot place the annotation on a changed line and the path is the way back to it;
 * and the root it was judged from when the file is a shared module's: one line judged from two roots is two
 * annotations there, and the root is what tells them apart and which caller passes the value; and for a file in no
 * pull request (a module `terraform init` downloaded), the module call in the checked code that leads there.
 */
function resourceText(finding: Finding, repositoryPath: RepositoryPath): string {
  const { constructPath } = finding.location;
  const unit = callingUnit(finding);
  const called = calledFromText(finding, repositoryPath);
  // A file's address (`svc/api/Dockerfile`) from the repository's root, as `file=` names the file.
  return [subject(repositoryNaming(repositoryPath)(finding)), ...(constructPath === undefined ? [] : [`construct ${constructPath}`]), ...(unit === undefined ? [] : [`from ${repositoryPath(unit)}`]), ...(called === undefined ? [] : [called])].join(", ");
}

/** The findings of one rule at one line of a file, with the same status, most important first; each finding without a file alone. */
function byRuleLine(findings: readonly Finding[], failOn: FailOn | undefined): Finding[][] {
  const groups = new Map<unknown, Finding[]>();
  for (const finding of [...findings].sort(byImportance(failOn))) {
    const { file, line } = finding.location;
    const key = file === undefined ? finding : [finding.ruleId, findingStatus(finding, failOn), file, line].join("\u0000");
    getOrAdd(groups, key, (): Finding[] => []).push(finding);
  }
  return [...groups.values()];
}

/** The other findings of an annotation's rule at its line, named, as many as fit. */
function alsoHere(others: readonly Finding[], repositoryPath: RepositoryPath): string {
  if (others.length === 0) return "";
  const named = others.slice(0, MAX_NAMED).map((finding) => resourceText(finding, repositoryPath));
  const more = others.length > MAX_NAMED ? `; and ${others.length - MAX_NAMED} more` : "";
  return `\nalso at this line: ${named.join("; ")}${more}`;
}

function findingAnnotation([finding, ...others]: readonly Finding[], failOn: FailOn | undefined, repositoryPath: RepositoryPath): Annotation {
  const { line, column } = finding.location;
  const file = repositoryPath(finding.location.file);
  const title = `${finding.ruleId} ${finding.slug}`;
  const about = `${finding.title}: ${finding.message} (${resourceText(finding, repositoryPath)})${alsoHere(others, repositoryPath)}`;
  const place = { file, line, column, title, findings: 1 + others.length };
  switch (findingStatus(finding, failOn)) {
    case "blocking":
      return { command: "error", ...place, message: `${about}\nfix: ${finding.remediation}` };
    case "violation":
      return { command: "warning", ...place, message: `${about}\nfix: ${finding.remediation}` };
    case "error":
      return { command: "warning", ...place, message: `Rule error on ${resourceText(finding, repositoryPath)}: ${finding.message}${alsoHere(others, repositoryPath)}` };
    case "undecided":
      return { command: "notice", ...place, message: `Could not be evaluated: ${about}` };
  }
}

/** The run's totals, of the kind of its verdict, and how many findings are in the annotations after it that GitHub does not show. */
function summaryAnnotation({ diagnostics, summary }: Report, annotations: readonly Annotation[]): Annotation {
  const { mandatory, advisory, errors } = summary.counts;
  const command = mandatory > 0 || diagnostics.some((diagnostic) => diagnostic.severity === "error") ? "error" : advisory + errors > 0 ? "warning" : "notice";
  // This one takes a place of its kind.
  const shown = new Map(COMMANDS.map((kind) => [kind, kind === command ? 1 : 0]));
  let hidden = 0;
  for (const annotation of annotations) {
    const count = shown.get(annotation.command)! + 1;
    shown.set(annotation.command, count);
    if (count > SHOWN_PER_KIND) hidden += annotation.findings;
  }
  const unseen = hidden === 0 ? "" : `. ${plural(hidden, "finding")} ${hidden === 1 ? "is" : "are"} in annotations GitHub does not show (${SHOWN_PER_KIND} of each kind per step): the step's log has them all`;
  return { command, title: "prodready", message: `${summaryText(summary)}${unseen}`, findings: 0 };
}

export const githubReporter: Reporter = {
  format: "github",
  render({ findings, diagnostics, summary }) {
    // The runner resolves `file` from the workspace, not from the step's working directory.
    const repositoryPath = repositoryPaths();
    const annotations = [
      ...sortDiagnostics(diagnostics).map((diagnostic) => diagnosticAnnotation(diagnostic, repositoryPath)),
      ...byRuleLine(findings, summary.failOn).map((group) => findingAnnotation(group, summary.failOn, repositoryPath)),
    ].sort((a, b) => COMMANDS.indexOf(a.command) - COMMANDS.indexOf(b.command));
    return [summaryAnnotation({ findings, diagnostics, summary }, annotations), ...annotations].map(format).join("\n") + "\n";
  },
};
