import { existsSync, readdirSync } from "fs";
import { join } from "path";
import { loadTerraform } from "../../src/adapters/terraform";
import { evaluate } from "../../src/engine/evaluate";
import type { Resource } from "../../src/model/resource";
import { catalogue } from "../../src/rules/catalogue";
import { configDefaults, type Rule } from "../../src/rules/rule";
import { terraformFixtures } from "../support/terraform-fixtures";

/**
 * Every rule's Terraform fixtures: resources named `fail_*` fail it, `pass_*` pass it, and nothing else fails.
 * The same resources are checked from HCL and from a `terraform show -json` plan, so both paths agree.
 */
function check(rule: Rule, file: string) {
  const loaded = loadTerraform([file], { varFiles: [], vars: [] });
  const resources: Resource[] = loaded.units.flatMap((unit) => unit.resources);
  const findings = evaluate(resources, [rule], new Map([[rule.slug, { level: "mandatory" as const, config: configDefaults(rule) }]]));
  return { loaded, resources, findings };
}

function expectExactSets(rule: Rule, file: string): void {
  const { loaded, resources, findings } = check(rule, file);
  expect(loaded.diagnostics).toEqual([]);
  expect(findings.filter((finding) => finding.outcome === "error")).toEqual([]);
  const named = (prefix: string) => resources.filter((resource) => resource.name.startsWith(prefix)).map((resource) => resource.address).sort();
  const failing = [...new Set(findings.filter((finding) => finding.outcome === "violation").map((finding) => finding.resource.address))].sort();
  expect(named("fail_").length).toBeGreaterThan(0);
  expect(named("pass_").length).toBeGreaterThan(0);
  expect(failing).toEqual(named("fail_"));
  const onPassing = findings.filter((finding) => finding.resource.name.startsWith("pass_"));
  expect(onPassing).toEqual([]);
  // Every violation points into the fixture, at a line.
  for (const finding of findings) expect(finding.location.line).toBeGreaterThan(0);
}

describe.each(catalogue.map((rule) => [rule.id, rule] as const))("%s Terraform fixtures", (_id, rule) => {
  const fixtures = terraformFixtures(rule);

  test("HCL: exactly the fail_* resources fail", () => {
    expect(existsSync(fixtures.hcl)).toBe(true);
    expectExactSets(rule, fixtures.hcl);
  });

  test("plan JSON: exactly the fail_* resources fail", () => {
    expect(existsSync(fixtures.plan)).toBe(true);
    expectExactSets(rule, fixtures.plan);
  });
});

test("fixtures exist only for rules in the catalogue", () => {
  const slugs = new Set(catalogue.map((rule) => rule.slug));
  const dir = join(__dirname, "../fixtures/terraform/rules");
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) expect(slugs.has(name)).toBe(true);
});
