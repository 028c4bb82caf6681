import { existsSync, readFileSync, writeFileSync } from "fs";
import { relative } from "path";
import { loadTerraform } from "../../src/adapters/terraform";
import { parseHcl } from "../../src/adapters/terraform/hcl/parser";
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
    const configuration = parseHcl(readFileSync(fixtures.hcl, "utf8"), fixtures.hcl);
    compare(fixtures.plan, JSON.stringify(planFromResources(loaded.units.flatMap((unit) => unit.resources), configuration), null, 2) + "\n");
  });

  test("cdk.tf.json is main.tf in CDKTF's JSON form", async () => {
    compare(fixtures.cdktf, JSON.stringify(await cdktfJsonFromHcl(readFileSync(fixtures.hcl, "utf8"), rule.slug), null, 2) + "\n");
  });
});

describe("the plan's configuration section", () => {
  // The expressions are those of terraform_data resources whose `terraform show -json` Terraform 1.11 was asked for.
  const source = `
resource "aws_s3_bucket" "a" {
  count  = 2
  bucket = jsonencode({ a = 1 })
}
resource "aws_s3_bucket" "b" {
  count               = 2
  bucket              = var.name
  tags                = { s = sensitive("x"), o = { k = aws_s3_bucket.a[0].arn, n = 1, v = var.name } }
  object_lock_enabled = null
  region              = true ? "a" : "b"
  acl                 = [aws_s3_bucket.a[count.index].id, module.m[0].o]
  versioning {
    enabled = [for x in [1, 2] : x * 2]
  }
  dynamic "grant" {
    for_each = var.grants
    content { type = grant.value }
  }
  lifecycle { prevent_destroy = true }
  depends_on = [aws_s3_bucket.a[0], module.m]
}
resource "aws_s3_bucket" "c" {
  for_each = toset(["a"])
  bucket   = "\${local.l}-\${each.key}-\${path.module}"
  policy   = aws_s3_bucket.a[*].id
}`;
  const configured = (planFromResources([], parseHcl(source, "main.tf")) as { configuration: { root_module: { resources: Record<string, unknown>[] } } }).configuration.root_module.resources;
  const of = (name: string) => {
    const { expressions, count_expression, for_each_expression, depends_on } = configured.find((resource) => resource.name === name)!;
    return { expressions, count_expression, for_each_expression, depends_on };
  };

  test("has a constant's value alone, and of anything that reads a variable or calls a function its references alone", () => {
    expect(of("a")).toEqual({ expressions: { bucket: {} }, count_expression: { constant_value: 2 } });
    expect(of("b")).toEqual({
      expressions: {
        acl: { references: ["aws_s3_bucket.a", "count.index", "module.m[0].o", "module.m[0]"] },
        bucket: { references: ["var.name"] },
        object_lock_enabled: { constant_value: null },
        region: { constant_value: "a" },
        tags: { references: ["aws_s3_bucket.a[0].arn", "aws_s3_bucket.a[0]", "aws_s3_bucket.a", "var.name"] },
        versioning: [{ enabled: { constant_value: [2, 4] } }],
      },
      count_expression: { constant_value: 2 },
      depends_on: ["aws_s3_bucket.a[0]", "module.m"],
    });
    expect(of("c")).toEqual({ expressions: { bucket: { references: ["local.l", "each.key", "path.module"] }, policy: { references: ["aws_s3_bucket.a"] } } });
  });
});
