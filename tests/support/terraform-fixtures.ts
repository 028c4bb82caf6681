import { join } from "path";
import { loadTerraform } from "../../src/adapters/terraform";
import { evaluate, runRule } from "../../src/engine/evaluate";
import { configDefaults, type Rule } from "../../src/rules/rule";
import { withFiles } from "./scratch";

/**
 * Where a rule's Terraform fixtures live: `main.tf` (HCL), and derived from it `plan.json` (`terraform show -json`
 * of the same resources) and `cdktf/cdk.tf.json` (the same configuration as CDKTF synthesizes it).
 */
export function terraformFixtures(rule: Rule): { dir: string; hcl: string; plan: string; cdktf: string } {
  const dir = join(__dirname, "../fixtures/terraform/rules", rule.slug);
  return { dir, hcl: join(dir, "main.tf"), plan: join(dir, "plan.json"), cdktf: join(dir, "cdktf", "cdk.tf.json") };
}

/** What a rule says of its HCL fixture's resources at its default settings: `<resource name> <path>: <message>`, in order. */
export function fixtureMessages(rule: Rule): string[] {
  const resources = loadTerraform([terraformFixtures(rule).hcl], { commandLineVariables: [] }).units.flatMap((unit) => unit.resources);
  const findings = evaluate(resources, [rule], new Map([[rule.slug, { level: "mandatory" as const, config: configDefaults(rule) }]]));
  return findings.map((finding) => `${finding.resource.name} ${finding.path}: ${finding.message}`).sort();
}

/**
 * What a rule says of one resource of a rule fixture's `plan.json` (`fixtureRule`'s), the plan checked alone, without
 * its code: `<path>: <message>` of each undecided verdict.
 */
export function undecidedInPlanAlone(rule: Rule, fixtureRule: string, address: string): string[] {
  const plan = join(__dirname, "../fixtures/terraform/rules", fixtureRule, "plan.json");
  const resources = loadTerraform([plan], { commandLineVariables: [] }).units.flatMap((unit) => unit.resources);
  const findings = evaluate(resources, [rule], new Map([[rule.slug, { level: "mandatory" as const, config: configDefaults(rule) }]]));
  return findings.filter((finding) => finding.resource.address === address && finding.outcome === "undecided").map((finding) => `${finding.path}: ${finding.message}`);
}

/** What `undecidedBlock` says of a top-level block a plan checked alone holds unknown (computed until apply). */
export function computedInPlanAlone(block: string): string {
  return (
    `${block}: ${block} is not known until apply (computed in the plan), and a plan does not record whether the code writes it, as a \`dynamic\` block, ` +
    "or leaves it to the provider; checked in the directory of the code it was made from, the plan takes that from the code"
  );
}

/** `rule`'s judgements (with its default settings) of a root module whose `main.tf` is `main`, as "<outcome> <address>". */
export function judgedInHcl(rule: Rule, main: string): string[] {
  return fixesInHcl(rule, main).map(({ judged }) => judged);
}

/** `rule`'s judgements of a root module whose `main.tf` is `main`, as `judgedInHcl` says them, each with its fix. */
export function fixesInHcl(rule: Rule, main: string, config: Record<string, unknown> = {}): { judged: string; remediation?: string }[] {
  return withFiles({ "main.tf": main }, (dir) => {
    const run = runRule(rule, loadTerraform([dir], { commandLineVariables: [] }).units.flatMap((unit) => unit.resources), { ...configDefaults(rule), ...config });
    return run.applicable ? run.judgements.map((judgement) => ({ judged: `${judgement.outcome} ${judgement.address}`, remediation: judgement.remediation })) : [];
  });
}
