/** `demo`: the four bundled examples, offline, each report under a heading that says what to expect. */
import { join, relative, resolve } from "path";
import { checklistItem } from "../checklist";
import { DEFAULT_PROFILE, type ProfileName } from "../engine/settings";
import type { Finding } from "../model/finding";
import type { Report } from "../reporters";
import { textReporter } from "../reporters/text";
import { checkPaths } from "./check";
import { checkPulumiProgram } from "./pulumi";
import { EXIT, type Io } from "./io";

/** The repository root, from `dist/cli` or `src/cli`. */
const ROOT = resolve(__dirname, "..", "..");

export const SECTIONS = ["1", "2", "3", "4", "5"];

/** Section 2's items (query performance) apply from the platform scale, so the gaps show all five sections there. */
export const GAPS_PROFILE: ProfileName = "platform";

/** The Terraform service is held to the whole catalogue. */
export const TERRAFORM_SERVICE_PROFILE: ProfileName = "platform";

/** Checklist sections ("1".."5") that have at least one violation. */
export function sectionsWithViolations(findings: readonly Finding[]): Set<string> {
  return new Set(findings.filter((finding) => finding.outcome === "violation").map((finding) => checklistItem(finding.checklist).id.split(".")[0]));
}

interface Example {
  title: string;
  expected: string;
  report: Report;
  kind: "clean" | "gaps";
}

/** Whether an example turned out as its heading said, and the line that says so. */
function verdict(name: string, example: Example): { ok: boolean; line: string } {
  const { findings, diagnostics } = example.report;
  const problems = diagnostics.length > 0 ? ` and ${diagnostics.length} input problems` : "";
  if (example.kind === "clean") {
    const ok = findings.length === 0 && diagnostics.length === 0;
    return { ok, line: `${name}: ${ok ? "clean, as expected" : `${findings.length} unexpected findings${problems}`}.` };
  }
  const covered = sectionsWithViolations(findings);
  const missing = SECTIONS.filter((section) => !covered.has(section));
  const ok = missing.length === 0 && diagnostics.length === 0;
  const suppressed = example.report.summary.suppressed ? ` (${example.report.summary.suppressed} accepted with prodready:ignore)` : "";
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
  const terraform = (name: string, profile: ProfileName) =>
    checkPaths({
      paths: [relative(process.cwd(), join(terraformDir, name)) || "."],
      profile,
      configFile: join(terraformDir, ".prodready.yaml"),
      varFiles: [],
      vars: [],
      today: new Date().toISOString().slice(0, 10),
    }).report;
  const terraformService = terraform("service", TERRAFORM_SERVICE_PROFILE);
  const terraformGaps = terraform("gaps", GAPS_PROFILE);
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
