/**
 * GitHub Actions workflow commands: one annotation per diagnostic and finding, then a plain summary line.
 *
 * `error` for a finding that fails the run, `warning` for other violations and rule errors, `notice` for "could not
 * be evaluated". A finding without a source file (a Pulumi URN) is annotated without `file`: GitHub shows it on the
 * run rather than on a made-up line, and the message names the resource. GitHub shows only the first few
 * annotations of each kind per step, so errors come first, diagnostics before findings, the most severe first; the
 * summary line, not an annotation, always gives the totals.
 */
import type { Diagnostic } from "../model/diagnostic";
import type { Finding } from "../model/finding";
import { repositoryPaths, type RepositoryPath } from "../adapters/repository-root";
import { repositoryNaming } from "../engine/baseline";
import { findingStatus, type FailOn, type Reporter } from "./reporter";
import { byImportance, calledFromText, callingUnit, CONTROL_CHARACTERS, sortDiagnostics, summaryText, subject } from "./shared";

type Command = "error" | "warning" | "notice";
const COMMANDS: readonly Command[] = ["error", "warning", "notice"];

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
  return { command: diagnostic.severity, file: repositoryPath(file), line, column, title: `prodready ${diagnostic.code}`, message: diagnostic.message };
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

function findingAnnotation(finding: Finding, failOn: FailOn | undefined, repositoryPath: RepositoryPath): Annotation {
  const { line, column } = finding.location;
  const file = repositoryPath(finding.location.file);
  const title = `${finding.ruleId} ${finding.slug}`;
  const about = `${finding.title}: ${finding.message} (${resourceText(finding, repositoryPath)})`;
  switch (findingStatus(finding, failOn)) {
    case "blocking":
      return { command: "error", file, line, column, title, message: `${about}\nfix: ${finding.remediation}` };
    case "violation":
      return { command: "warning", file, line, column, title, message: `${about}\nfix: ${finding.remediation}` };
    case "error":
      return { command: "warning", file, line, column, title, message: `Rule error on ${resourceText(finding, repositoryPath)}: ${finding.message}` };
    case "undecided":
      return { command: "notice", file, line, column, title, message: `Could not be evaluated: ${about}` };
  }
}

export const githubReporter: Reporter = {
  format: "github",
  render({ findings, diagnostics, summary }) {
    // The runner resolves `file` from the workspace, not from the step's working directory.
    const repositoryPath = repositoryPaths();
    const annotations = [
      ...sortDiagnostics(diagnostics).map((diagnostic) => diagnosticAnnotation(diagnostic, repositoryPath)),
      ...[...findings].sort(byImportance(summary.failOn)).map((finding) => findingAnnotation(finding, summary.failOn, repositoryPath)),
    ].sort((a, b) => COMMANDS.indexOf(a.command) - COMMANDS.indexOf(b.command));
    const lines = [...annotations.map(format), `prodready: ${summaryText(summary)}`];
    return lines.join("\n") + "\n";
  },
};
