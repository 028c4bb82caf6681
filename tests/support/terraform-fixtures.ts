import { join } from "path";
import { loadTerraform } from "../../src/adapters/terraform";
import { evaluate } from "../../src/engine/evaluate";
import { configDefaults, type Rule } from "../../src/rules/rule";

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
