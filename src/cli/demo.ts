/** `demo`: both bundled examples, offline, each report under a heading that says what to expect. */
import { join, resolve } from "path";
import { checklistItem } from "../checklist";
import { DEFAULT_PROFILE, type ProfileName } from "../engine/settings";
import type { Finding } from "../model/finding";
import { textReporter } from "../reporters/text";
import { checkPulumiProgram } from "./pulumi";
import { EXIT, type Io } from "./io";

/** The repository root, from `dist/cli` or `src/cli`. */
const ROOT = resolve(__dirname, "..", "..");

export const SECTIONS = ["1", "2", "3", "4", "5"];

/** Section 2's items (query performance) apply from the platform scale, so the gaps show all five sections there. */
export const GAPS_PROFILE: ProfileName = "platform";

/** Checklist sections ("1".."5") that have at least one violation. */
export function sectionsWithViolations(findings: readonly Finding[]): Set<string> {
  return new Set(findings.filter((finding) => finding.outcome === "violation").map((finding) => checklistItem(finding.checklist).id.split(".")[0]));
}

export async function demo(io: Io): Promise<number> {
  const options = { config: {}, onOutput: (text: string) => io.stderr(text) };
  // Two child processes at once: each example's runtime is its own.
  const [service, gaps] = await Promise.all([
    checkPulumiProgram(ROOT, { ...options, profile: DEFAULT_PROFILE }),
    checkPulumiProgram(join(ROOT, "examples", "gaps"), { ...options, profile: GAPS_PROFILE }),
  ]);
  const render = (result: typeof service) => textReporter.render({ findings: result.findings, diagnostics: [], summary: result.summary }, { color: io.color });

  io.stdout(`=== Example 1 of 2: a production-ready AWS service (root Pulumi.yaml, program in examples/service/)\n`);
  io.stdout(`    Expected: no findings under the ${DEFAULT_PROFILE} profile.\n\n`);
  io.stdout(render(service) + "\n");
  io.stdout(`=== Example 2 of 2: the same kind of service with deliberate gaps (examples/gaps/)\n`);
  io.stdout(`    Expected: findings from each of the five checklist sections under the ${GAPS_PROFILE} profile.\n\n`);
  io.stdout(render(gaps) + "\n");

  const serviceClean = service.findings.length === 0;
  const covered = sectionsWithViolations(gaps.findings);
  const missing = SECTIONS.filter((section) => !covered.has(section));
  io.stdout(`Service example: ${serviceClean ? "clean, as expected" : `${service.findings.length} unexpected findings`}.\n`);
  io.stdout(`Gaps example: findings in sections ${[...covered].sort().join(", ") || "none"}${missing.length ? `; missing ${missing.join(", ")}` : ", as expected"}.\n`);
  return serviceClean && missing.length === 0 ? EXIT.clean : EXIT.findings;
}
