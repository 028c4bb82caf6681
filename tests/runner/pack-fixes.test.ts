/**
 * The fix the pack gives a finding is the one `prodready pulumi` gives it: both come from the rule run the engine
 * makes (`runRule`), in Pulumi's names. A program's resources, judged by the CLI and sent to the pack as the engine
 * sends them, get the same fixes, resource by resource; neither prints the credentials the program types in.
 */
import { join } from "path";
import type * as Runner from "../../src/adapters/pulumi/runner";
import { profileConfig } from "../../src/engine/settings";
import { findRule, pulumiRules } from "../../src/rules/catalogue";
import { ensureBundle, startPack, type Analysis, type WireResource } from "../support/analyzer";
import { built, FIXTURES, judgeRun } from "../cli/harness";

const { runProgram } = built<typeof Runner>("adapters/pulumi/runner/index");
const fixture = join(FIXTURES, "fixes");
const TYPED_IN = ["Typed-In-Program-2024", "Typed-Token-In-Program-2024"];

/** The environment without any PULUMI_CONFIG the test runner's own may hold. */
function environment(): NodeJS.ProcessEnv {
  const { PULUMI_CONFIG: _config, PULUMI_CONFIG_SECRET_KEYS: _keys, ...rest } = process.env;
  return rest;
}

/** `<rule ID> <resource name>: fix: …` for each fix line of the diagnostics, whose resource `nameOf` tells. */
function packFixes(analysis: Analysis, nameOf: (diagnostic: Analysis["diagnostics"][number]) => string): string[] {
  return analysis.diagnostics.flatMap((diagnostic) =>
    diagnostic.message
      .split("\n")
      .filter((line) => line.startsWith("fix: "))
      .map((line) => `${findRule(diagnostic.policyName)!.id} ${nameOf(diagnostic)}: ${line}`),
  );
}

test("each finding's own fix in the pack is the one the CLI gives it", async () => {
  const [run] = await Promise.all([runProgram(fixture, { env: environment() }), ensureBundle()]);
  const { findings } = judgeRun(run, fixture, { profile: "platform" });
  // A finding with a fix of its own; the others give their rule's remediation, as the pack's policies do.
  const cli = findings.filter((f) => f.remediation !== findRule(f.ruleId)!.remediation).map((f) => `${f.ruleId} ${f.resource.name}: fix: ${f.remediation}`);

  const pack = await startPack();
  try {
    await pack.configure(profileConfig(pulumiRules, "platform"));
    const wire: WireResource[] = run.resources.map(({ type, name, urn, props }) => ({ type, name, urn, props }));
    const byUrn = new Map(wire.map((resource) => [resource.urn, resource.name]));
    // A resource policy's advisory carries no URN: its resource is the one analysed.
    const analyses = await Promise.all(wire.map((resource) => pack.analyze(resource)));
    const stack = await pack.analyzeStack(wire);
    const fixes = [...analyses.flatMap((analysis, index) => packFixes(analysis, () => wire[index].name)), ...packFixes(stack, (diagnostic) => byUrn.get(diagnostic.urn) ?? "(no URN)")];

    expect(fixes.sort()).toEqual(cli.sort());
    // Each kind of place that is fixed apart is among them, with the fix for its kind.
    expect(fixes.filter((fix) => /^PR-(SEC-010|CFG-004|OPS-010) /.test(fix)).map((fix) => fix.split(":")[0])).toEqual([
      "PR-CFG-004 cache",
      "PR-CFG-004 db",
      "PR-OPS-010 app",
      "PR-OPS-010 db",
      "PR-OPS-010 fn",
      "PR-SEC-010 app",
      "PR-SEC-010 data",
      "PR-SEC-010 workers",
    ]);
    expect(new Set(fixes.filter((fix) => fix.startsWith("PR-SEC-010 ")).map((fix) => fix.split(": fix: ")[1])).size).toBe(3);
    for (const secret of TYPED_IN) expect(JSON.stringify([analyses, stack, findings]) + pack.stderr()).not.toContain(secret);
  } finally {
    await pack.close();
  }
}, 120000);
