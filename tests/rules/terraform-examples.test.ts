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

/**
 * Rules whose plan fixture fails other findings than their HCL fixture, and what the plan holds otherwise. Every
 * other rule fails the same in both: an argument the configuration leaves out is unset in a plan too, also where a
 * create plans it unknown for the provider to fill in.
 */
const PLAN_DIFFERENCES: Readonly<Record<string, string>> = {
  "PR-CFG-001":
    "a generated password (random_password's result) is unknown in a plan, where the evaluation traces it to its generator; and the fixture's plan has no root variables, by whose values a plan tells an entry read from one named like a credential",
  "PR-CFG-002": "container definitions with an unknown value in them are one unknown string in a plan, and a generated password is unknown",
  "PR-CFG-003": "user data written around an unknown value is unknown in a plan, where the evaluation keeps its known lines and the variables written into them",
  "PR-CFG-004": "a plan does not tell a literal password from one worked out from a variable, and holds write-only arguments null",
  "PR-CFG-005": "container definitions with an unknown value in them are one unknown string in a plan",
  "PR-RES-004":
    "a redrive policy reading a queue's url or id is unknown in a plan, which keeps the policy's references, not which value reads them: one reading only a URL is not told from an ARN built from it",
  "PR-OPS-004": "a plan does not record lifecycle settings, so whether prevent_destroy is on is unknown (a fixture plan is read alone, not beside its code)",
  "PR-OPS-005": "a plan holds the provider's default retention_in_days, 0, which is reported as a value rather than as unset",
  "PR-OPS-008": "a create plans a health_check block the configuration leaves out unknown, and it may be a `dynamic` block (a fixture plan is read alone, not beside its code)",
  "PR-OPS-010": "a plan does not say which attribute of a resource an alarm's dimension reads, which the evaluation tells",
  "PR-OPS-018":
    "a create plans a function's logging_config the configuration leaves out unknown, and it may be a `dynamic` block (a fixture plan is read alone, not beside its code); and the fixture's plan has no root variables, so a log group named from one has a name wholly unknown, which may be any resource's group",
  "PR-OPS-016": "a create plans a point_in_time_recovery block the configuration leaves out unknown, and it may be a `dynamic` block (a fixture plan is read alone, not beside its code)",
  "PR-SEC-006": "a plan holds CloudFront's default minimum_protocol_version, TLSv1, which is reported as a value rather than as unset",
  "PR-SEC-007":
    "a plan does not say which attribute of a resource an origin's domain_name reads, which the evaluation tells: an S3 website endpoint known only at apply is not told as one, so its violation says the generic fix",
  "PR-SEC-008": "a policy written around the ARN of a bucket whose name is known only at apply is unknown in a plan, where the evaluation keeps the text around the ARN (`/*`: objects alone, never the bucket)",
  "PR-SEC-009": "a create plans a bucket's inline server_side_encryption_configuration the configuration leaves out unknown, and it may be a `dynamic` block",
  "PR-SEC-010": "a create plans block devices the configuration leaves out unknown, and they may be `dynamic` blocks; the fixture's plan has no prior_state with the AMI a lookup found",
  "PR-SEC-011": "a plan of AWS provider 6 holds a Redshift cluster's encrypted default, true, where the HCL's provider, pinned to 5.x, defaults it to false",
  "PR-SEC-017": "a create plans metadata_options (or its http_tokens) the configuration leaves out unknown, and it may be a `dynamic` block",
  "PR-SEC-018": "a plan of AWS provider 6 holds a Redshift cluster's publicly_accessible default, false, where the HCL's provider, pinned to 5.x, defaults it to true",
};

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

  test("plan JSON: the same violations as HCL, unless the plan holds less (PLAN_DIFFERENCES)", () => {
    const violations = (file: string) =>
      check(rule, file)
        .findings.filter((finding) => finding.outcome === "violation")
        .map((finding) => `${finding.resource.address} ${finding.path}: ${finding.message}`)
        .sort();
    // An entry stays only while the difference it explains does.
    if (Object.hasOwn(PLAN_DIFFERENCES, rule.id)) expect(violations(fixtures.plan)).not.toEqual(violations(fixtures.hcl));
    else expect(violations(fixtures.plan)).toEqual(violations(fixtures.hcl));
  });
});

test("PLAN_DIFFERENCES explains only rules with Terraform fixtures", () => {
  const ids = new Set(terraformRules.map((rule) => rule.id));
  expect(Object.keys(PLAN_DIFFERENCES).filter((id) => !ids.has(id))).toEqual([]);
});

test("fixtures exist only for rules in the catalogue", () => {
  const slugs = new Set(catalogue.map((rule) => rule.slug));
  const dir = join(__dirname, "../fixtures/terraform/rules");
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) expect(slugs.has(name)).toBe(true);
});
