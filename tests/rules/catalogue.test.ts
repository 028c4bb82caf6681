import { existsSync, readdirSync, readFileSync } from "fs";
import { basename, join } from "path";
import { checklistItem } from "../../src/checklist";
import { kindOf } from "../../src/adapters/pulumi";
import { catalogue, fileExamples, pulumiExamples, ruleEngines } from "../../src/rules/catalogue";
import { SEVERITIES, type Rule } from "../../src/rules/rule";
import { terraformFixtures } from "../support/terraform-fixtures";

const RULES_DIR = join(__dirname, "../../src/rules");
const AREA_OF_FOLDER: Record<string, string> = { configuration: "CFG", data: "DAT", security: "SEC", limits: "LIM", operations: "OPS", resilience: "RES" };
/** Each platform's folder and the prefix of its slugs. AWS rules sit in one folder per area, the others in one. */
const SLUG_PREFIX: Record<string, string> = { aws: "aws-", docker: "docker-", compose: "compose-", kubernetes: "kubernetes-", host: "host-", repository: "repo-" };

function ruleFiles(): { platform: string; folder: string; file: string }[] {
  const files = (platform: string, folder: string) =>
    readdirSync(join(RULES_DIR, folder))
      .filter((file) => file.endsWith(".ts") && file !== "index.ts")
      .map((file) => ({ platform, folder, file }));
  return Object.keys(SLUG_PREFIX).flatMap((platform) =>
    platform === "aws" ? readdirSync(join(RULES_DIR, "aws")).flatMap((area) => files(platform, join("aws", area))) : files(platform, platform),
  );
}

function platformOf(rule: Rule): string {
  return Object.keys(SLUG_PREFIX).find((platform) => rule.slug.startsWith(SLUG_PREFIX[platform]))!;
}

describe("the rule catalogue", () => {
  test("holds at least 40 rules", () => {
    expect(catalogue.length).toBeGreaterThanOrEqual(40);
  });

  test("IDs and slugs are unique", () => {
    expect(new Set(catalogue.map((rule) => rule.id)).size).toBe(catalogue.length);
    expect(new Set(catalogue.map((rule) => rule.slug)).size).toBe(catalogue.length);
  });

  test("every rule file is in the catalogue, named after its slug, in its platform's folder (for AWS, its area's)", () => {
    for (const { platform, folder, file } of ruleFiles()) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const rule: Rule = require(join(RULES_DIR, folder, file)).default;
      expect(catalogue).toContain(rule);
      expect(`${rule.slug}.ts`).toBe(file);
      expect(platformOf(rule)).toBe(platform);
      if (platform === "aws") expect(rule.id.startsWith(`PR-${AREA_OF_FOLDER[basename(folder)]}-`)).toBe(true);
    }
    expect(ruleFiles().length).toBe(catalogue.length);
  });

  describe.each(catalogue.map((rule) => [rule.id, rule] as const))("%s", (_id, rule) => {
    test("has complete metadata", () => {
      expect(rule.id).toMatch(/^PR-(CFG|DAT|SEC|LIM|OPS|RES)-\d{3}$/);
      expect(rule.slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
      expect(platformOf(rule)).toBeDefined();
      expect(rule.slug.length).toBeLessThanOrEqual(100);
      expect(rule.title.length).toBeGreaterThan(10);
      expect(SEVERITIES).toContain(rule.severity);
      expect(rule.description.length).toBeGreaterThan(40);
      expect(rule.remediation.length).toBeGreaterThan(20);
      expect(rule.links.length).toBeGreaterThan(0);
      for (const link of rule.links) expect(link).toMatch(/^https:\/\/\S+$/);
      expect(rule.kinds.length).toBeGreaterThan(0);
    });

    test("enforces a checklist item that can be seen in infrastructure code", () => {
      expect(checklistItem(rule.checklist).notInInfrastructure).toBeUndefined();
    });

    test("has settings with defaults inside their bounds", () => {
      for (const param of Object.values(rule.config)) {
        expect(param.description.length).toBeGreaterThan(5);
        if (param.type === "integer" || param.type === "number") {
          if (param.minimum !== undefined) expect(param.default).toBeGreaterThanOrEqual(param.minimum);
          if (param.maximum !== undefined) expect(param.default).toBeLessThanOrEqual(param.maximum);
        }
      }
    });

    test("supports at least one engine, through the kinds it reads", () => {
      expect(ruleEngines(rule).size).toBeGreaterThan(0);
    });

    const engines = ruleEngines(rule);
    (engines.has("terraform") ? test : test.skip)("has Terraform examples: an HCL fixture with fail_* and pass_* resources of its kinds, and a plan of them", () => {
      const fixtures = terraformFixtures(rule);
      expect(existsSync(fixtures.hcl)).toBe(true);
      expect(existsSync(fixtures.plan)).toBe(true);
      const hcl = readFileSync(fixtures.hcl, "utf8");
      const declared = [...hcl.matchAll(/^resource\s+"([\w-]+)"\s+"([\w-]+)"/gm)].map(([, kind, name]) => ({ kind, name }));
      expect(declared.some(({ kind, name }) => name.startsWith("fail_") && rule.kinds.includes(kind))).toBe(true);
      expect(declared.some(({ kind, name }) => name.startsWith("pass_") && rule.kinds.includes(kind))).toBe(true);
    });

    test("has file examples, failing and passing, exactly when files can hold its kinds", () => {
      const examples = fileExamples(rule);
      expect(examples.fail.length > 0 && examples.pass.length > 0).toBe(engines.has("files"));
    });

    (engines.has("pulumi") ? test : test.skip)("has a failing and a passing Pulumi example over the kinds it reads", () => {
      expect(pulumiExamples(rule).fail.length).toBeGreaterThan(0);
      expect(pulumiExamples(rule).pass.length).toBeGreaterThan(0);
      const exampleKinds = [...pulumiExamples(rule).fail, ...pulumiExamples(rule).pass].flatMap((example) =>
        example.resources.map((resource) => kindOf(resource.type)),
      );
      expect(rule.kinds.some((kind) => exampleKinds.includes(kind))).toBe(true);
    });
  });
});
