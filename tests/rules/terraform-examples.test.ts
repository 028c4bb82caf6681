import { existsSync, readdirSync } from "fs";
import { join } from "path";
import { loadTerraform } from "../../src/adapters/terraform";
import { evaluate } from "../../src/engine/evaluate";
import type { Resource } from "../../src/model/resource";
import { catalogue, ruleEngines } from "../../src/rules/catalogue";

const terraformRules = catalogue.filter((rule) => ruleEngines(rule).has("terraform"));
import { configDefaults, type Rule } from "../../src/rules/rule";
import { terraformFixtures } from "../support/terraform-fixtures";
import { besidesUnsetVariables } from "../support/unset-variables";

/**
 * Every rule's Terraform fixtures: resources named `fail_*` fail it, `pass_*` pass it, and nothing else fails,
 * read from HCL and from the same configuration as CDKTF writes it. From a plan of the same resources, a rule may
 * only know less (a plan drops what was set explicitly, fills provider defaults, and leaves unset computed
 * attributes unknown), so there it must never fail a `pass_*` nor anything but a `fail_*`.
 */
function check(rule: Rule, file: string) {
  const loaded = loadTerraform([file], { commandLineVariables: [] });
  const resources: Resource[] = loaded.units.flatMap((unit) => unit.resources);
  const findings = evaluate(resources, [rule], new Map([[rule.slug, { level: "mandatory" as const, config: configDefaults(rule) }]]));
  return { loaded, resources, findings };
}

function named(resources: readonly Resource[], prefix: string): string[] {
  return resources.filter((resource) => resource.name.startsWith(prefix)).map((resource) => resource.address).sort();
}

function failing(findings: ReturnType<typeof check>["findings"]): string[] {
  return [...new Set(findings.filter((finding) => finding.outcome === "violation").map((finding) => finding.resource.address))].sort();
}

function expectExactSets(rule: Rule, file: string): ReturnType<typeof check> {
  const result = check(rule, file);
  const { loaded, resources, findings } = result;
  expect(besidesUnsetVariables(loaded.diagnostics)).toEqual([]);
  expect(findings.filter((finding) => finding.outcome === "error")).toEqual([]);
  expect(named(resources, "fail_").length).toBeGreaterThan(0);
  expect(named(resources, "pass_").length).toBeGreaterThan(0);
  expect(failing(findings)).toEqual(named(resources, "fail_"));
  expect(findings.filter((finding) => finding.resource.name.startsWith("pass_"))).toEqual([]);
  // Every finding points into the fixture, at a line.
  for (const finding of findings) expect(finding.location.line).toBeGreaterThan(0);
  return result;
}

describe.each(terraformRules.map((rule) => [rule.id, rule] as const))("%s Terraform fixtures", (_id, rule) => {
  const fixtures = terraformFixtures(rule);

  test("HCL: exactly the fail_* resources fail", () => {
    expect(existsSync(fixtures.hcl)).toBe(true);
    expectExactSets(rule, fixtures.hcl);
  });

  test("CDKTF JSON: exactly the fail_* resources fail, with construct paths", () => {
    expect(existsSync(fixtures.cdktf)).toBe(true);
    const { findings } = expectExactSets(rule, fixtures.cdktf);
    for (const finding of findings) expect(finding.location.constructPath).toBe(`${rule.slug}/${finding.resource.name.replace(/\[.*$/, "")}`);
  });

  test("plan JSON: only fail_* resources fail, none of them on a value the plan does not know", () => {
    expect(existsSync(fixtures.plan)).toBe(true);
    const { loaded, resources, findings } = check(rule, fixtures.plan);
    expect(loaded.diagnostics).toEqual([]);
    expect(findings.filter((finding) => finding.outcome === "error")).toEqual([]);
    const fails = new Set(named(resources, "fail_"));
    expect(failing(findings).filter((address) => !fails.has(address))).toEqual([]);
  });
});

test("fixtures exist only for rules in the catalogue", () => {
  const slugs = new Set(catalogue.map((rule) => rule.slug));
  const dir = join(__dirname, "../fixtures/terraform/rules");
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) expect(slugs.has(name)).toBe(true);
});
