import { join } from "path";
import type { Rule } from "../../src/rules/rule";

/** Where a rule's Terraform fixtures live: `main.tf` (HCL) and `plan.json` (`terraform show -json` of the same resources). */
export function terraformFixtures(rule: Rule): { dir: string; hcl: string; plan: string } {
  const dir = join(__dirname, "../fixtures/terraform/rules", rule.slug);
  return { dir, hcl: join(dir, "main.tf"), plan: join(dir, "plan.json") };
}
