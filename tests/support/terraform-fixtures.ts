import { join } from "path";
import type { Rule } from "../../src/rules/rule";

/**
 * Where a rule's Terraform fixtures live: `main.tf` (HCL), and derived from it `plan.json` (`terraform show -json`
 * of the same resources) and `cdktf/cdk.tf.json` (the same configuration as CDKTF synthesizes it).
 */
export function terraformFixtures(rule: Rule): { dir: string; hcl: string; plan: string; cdktf: string } {
  const dir = join(__dirname, "../fixtures/terraform/rules", rule.slug);
  return { dir, hcl: join(dir, "main.tf"), plan: join(dir, "plan.json"), cdktf: join(dir, "cdktf", "cdk.tf.json") };
}
