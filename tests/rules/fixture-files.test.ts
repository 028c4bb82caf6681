import { existsSync, readFileSync, writeFileSync } from "fs";
import { relative } from "path";
import { loadTerraform } from "../../src/adapters/terraform";
import { catalogue } from "../../src/rules/catalogue";
import { cdktfJsonFromHcl } from "../support/cdktf-fixture";
import { planFromResources } from "../support/plan-fixture";
import { terraformFixtures } from "../support/terraform-fixtures";

/**
 * Each rule's plan.json and cdk.tf.json are derived from its main.tf (terraform and cdktf cannot run here without
 * providers and network): checked here, rewritten with UPDATE_FIXTURES=1.
 */
const update = process.env.UPDATE_FIXTURES === "1";
const withHcl = catalogue.filter((rule) => existsSync(terraformFixtures(rule).hcl));

function compare(file: string, generated: string): void {
  if (update) {
    writeFileSync(file, generated);
    return;
  }
  const committed = existsSync(file) ? readFileSync(file, "utf8") : undefined;
  if (committed !== generated) throw new Error(`${relative(process.cwd(), file)} is missing or stale: run UPDATE_FIXTURES=1 npx jest tests/rules/fixture-files`);
}

describe.each(withHcl.map((rule) => [rule.slug, rule] as const))("%s", (_slug, rule) => {
  const fixtures = terraformFixtures(rule);

  test("plan.json is the plan of main.tf", () => {
    const loaded = loadTerraform([fixtures.hcl], { commandLineVariables: [] });
    compare(fixtures.plan, JSON.stringify(planFromResources(loaded.units.flatMap((unit) => unit.resources)), null, 2) + "\n");
  });

  test("cdk.tf.json is main.tf in CDKTF's JSON form", async () => {
    compare(fixtures.cdktf, JSON.stringify(await cdktfJsonFromHcl(readFileSync(fixtures.hcl, "utf8"), rule.slug), null, 2) + "\n");
  });
});
