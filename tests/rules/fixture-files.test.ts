import { existsSync, readFileSync, writeFileSync } from "fs";
import { relative } from "path";
import { loadTerraform } from "../../src/adapters/terraform";
import { catalogue } from "../../src/rules/catalogue";
import { planFromResources } from "../support/plan-fixture";
import { terraformFixtures } from "../support/terraform-fixtures";

/**
 * Each rule's plan.json is the plan of its main.tf as planFromResources builds it: checked here, rewritten with
 * UPDATE_PLAN_FIXTURES=1, as terraform itself cannot run without providers and network.
 */
const update = process.env.UPDATE_PLAN_FIXTURES === "1";
const withHcl = catalogue.filter((rule) => existsSync(terraformFixtures(rule).hcl));

test.each(withHcl.map((rule) => [rule.slug, rule] as const))("%s: plan.json is the plan of main.tf", (_slug, rule) => {
  const fixtures = terraformFixtures(rule);
  const loaded = loadTerraform([fixtures.hcl], { varFiles: [], vars: [] });
  const generated = JSON.stringify(planFromResources(loaded.units.flatMap((unit) => unit.resources)), null, 2) + "\n";
  if (update) {
    writeFileSync(fixtures.plan, generated);
    return;
  }
  const committed = existsSync(fixtures.plan) ? readFileSync(fixtures.plan, "utf8") : undefined;
  if (committed !== generated) {
    throw new Error(`${relative(process.cwd(), fixtures.plan)} is missing or stale: run UPDATE_PLAN_FIXTURES=1 npx jest tests/rules/plan-fixtures`);
  }
});
