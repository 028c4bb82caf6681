/** `demo`: the bundled examples, offline, each report under a heading that says what to expect. */
import { join, relative, resolve } from "path";
import { checklistItem } from "../checklist";
import { DEFAULT_PROFILE, type ProfileName } from "../engine/settings";
import type { Finding } from "../model/finding";
import type { Report } from "../reporters";
import { textReporter } from "../reporters/text";
import { catalogue, ruleEngines } from "../rules/catalogue";
import type { Rule } from "../rules/rule";
import { checkPaths } from "./check";
import { checkPulumiProgram } from "./pulumi";
import { EXIT, type Io } from "./io";
import { isoToday } from "../engine/suppressions";

/** The repository root, from `dist/cli` or `src/cli`. */
const ROOT = resolve(__dirname, "..", "..");

export const SECTIONS = ["1", "2", "3", "4", "5"];

/** Section 2's items (query performance) apply from the platform scale, so the gaps show all five sections there. */
export const GAPS_PROFILE: ProfileName = "platform";

/** The Terraform service is held to the whole catalogue. */
export const TERRAFORM_SERVICE_PROFILE: ProfileName = "platform";

/** File checks too: the whole catalogue, so the gaps can show every rule over files. */
export const FILES_PROFILE: ProfileName = "platform";

/** Checklist sections ("1".."5") that have at least one violation. */
export function sectionsWithViolations(findings: readonly Finding[]): Set<string> {
  return new Set(findings.filter((finding) => finding.outcome === "violation").map((finding) => checklistItem(finding.checklist).id.split(".")[0]));
}

interface Example {
  title: string;
  expected: string;
  report: Report;
  /** Clean: nothing at all. Gaps: a violation in each checklist section. Every rule: a violation of each rule given. */
  kind: "clean" | "gaps" | { everyRule: readonly Rule[] };
}

/** Whether an example turned out as its heading said, and the line that says so. */
function verdict(name: string, example: Example): { ok: boolean; line: string } {
  const { findings, diagnostics } = example.report;
  const problems = diagnostics.length > 0 ? ` and ${diagnostics.length} input problems` : "";
  if (example.kind === "clean") {
    const ok = findings.length === 0 && diagnostics.length === 0;
    return { ok, line: `${name}: ${ok ? "clean, as expected" : `${findings.length} unexpected findings${problems}`}.` };
  }
  const suppressed = example.report.summary.suppressed ? ` (${example.report.summary.suppressed} accepted with prodready:ignore)` : "";
  if (typeof example.kind === "object") {
    const fired = new Set(findings.filter((finding) => finding.outcome === "violation").map((finding) => finding.ruleId));
    const silent = example.kind.everyRule.filter((rule) => !fired.has(rule.id)).map((rule) => rule.id);
    const ok = silent.length === 0 && diagnostics.length === 0;
    const outcome = `${example.kind.everyRule.length - silent.length} of ${example.kind.everyRule.length} rules fired`;
    return { ok, line: `${name}: ${outcome}${silent.length ? `; silent: ${silent.join(", ")}` : ""}${problems}${ok ? ", as expected" : ""}.` };
  }
  const covered = sectionsWithViolations(findings);
  const missing = SECTIONS.filter((section) => !covered.has(section));
  const ok = missing.length === 0 && diagnostics.length === 0;
  const sections = `findings in sections ${[...covered].sort().join(", ") || "none"}`;
  return { ok, line: `${name}: ${sections}${missing.length ? `; missing ${missing.join(", ")}` : ""}${problems}${ok ? `, as expected${suppressed}` : ""}.` };
}

export async function demo(io: Io): Promise<number> {
  const options = { config: {}, onOutput: (text: string) => io.stderr(text) };
  // The Pulumi programs run in two child processes at once (each example's runtime is its own); the Terraform
  // examples are checked in this process meanwhile.
  const pulumi = Promise.all([
    checkPulumiProgram(ROOT, { ...options, profile: DEFAULT_PROFILE }),
    checkPulumiProgram(join(ROOT, "examples", "gaps"), { ...options, profile: GAPS_PROFILE }),
  ]);
  // The examples carry everything they need, their config file included, so a config file where the demo is run
  // changes nothing. The path is given as the user would type it, so the report names it that way.
  const terraformDir = join(ROOT, "examples", "terraform");
  const check = (dir: string, profile: ProfileName, configFile: string) =>
    checkPaths({ paths: [relative(process.cwd(), dir) || "."], profile, configFile, commandLineVariables: [], today: isoToday() }).report;
  const terraform = (name: string, profile: ProfileName) => check(join(terraformDir, name), profile, join(terraformDir, ".prodready.yaml"));
  const terraformService = terraform("service", TERRAFORM_SERVICE_PROFILE);
  const terraformGaps = terraform("gaps", GAPS_PROFILE);
  const files = (dir: string) => check(dir, FILES_PROFILE, join(ROOT, "examples", "files", ".prodready.yaml"));
  const vpsTemplate = files(join(ROOT, "templates", "vps-compose"));
  const filesGaps = files(join(ROOT, "examples", "files", "gaps"));
  const [service, gaps] = await pulumi;
  const pulumiReport = (result: typeof service): Report => ({ findings: result.findings, diagnostics: [], summary: result.summary });

  const examples: [string, Example][] = [
    [
      "Service example (Pulumi)",
      {
        title: "a production-ready AWS service in Pulumi (root Pulumi.yaml, program in examples/service/)",
        expected: `no findings under the ${DEFAULT_PROFILE} profile`,
        report: pulumiReport(service),
        kind: "clean",
      },
    ],
    [
      "Gaps example (Pulumi)",
      {
        title: "the same kind of service with deliberate gaps (examples/gaps/)",
        expected: `findings from each of the five checklist sections under the ${GAPS_PROFILE} profile`,
        report: pulumiReport(gaps),
        kind: "gaps",
      },
    ],
    [
      "Service example (Terraform)",
      {
        title: "the same service in Terraform, with a local module (examples/terraform/service/)",
        expected: `no findings under the ${TERRAFORM_SERVICE_PROFILE} profile, the whole catalogue`,
        report: terraformService,
        kind: "clean",
      },
    ],
    [
      "Gaps example (Terraform)",
      {
        title: "the Terraform service with deliberate gaps, each commented with its rule (examples/terraform/gaps/)",
        expected: `findings from each of the five checklist sections under the ${GAPS_PROFILE} profile, and one finding accepted with a prodready:ignore comment`,
        report: terraformGaps,
        kind: "gaps",
      },
    ],
    [
      "VPS template (files)",
      {
        title: "the vps-compose template: Dockerfile, compose with Traefik, cloud-init, the repository (templates/vps-compose/)",
        expected: `no findings under the ${FILES_PROFILE} profile`,
        report: vpsTemplate,
        kind: "clean",
      },
    ],
    [
      "Gaps example (files)",
      {
        title: "a Dockerfile, compose file, Kubernetes manifest, cloud-init file and repository with deliberate gaps (examples/files/gaps/)",
        expected: `a violation of every rule over files under the ${FILES_PROFILE} profile`,
        report: filesGaps,
        kind: { everyRule: catalogue.filter((rule) => ruleEngines(rule).has("files")) },
      },
    ],
  ];

  examples.forEach(([, example], index) => {
    io.stdout(`=== Example ${index + 1} of ${examples.length}: ${example.title}\n`);
    io.stdout(`    Expected: ${example.expected}.\n\n`);
    io.stdout(textReporter.render(example.report, { color: io.color }) + "\n");
  });
  const verdicts = examples.map(([name, example]) => verdict(name, example));
  for (const { line } of verdicts) io.stdout(`${line}\n`);
  return verdicts.every(({ ok }) => ok) ? EXIT.clean : EXIT.findings;
}
