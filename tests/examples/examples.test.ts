import { join } from "path";
import type * as Runner from "../../src/adapters/pulumi/runner";
import { checklistItem } from "../../src/checklist";
import { evaluate } from "../../src/engine/evaluate";
import { resolveSettings, type ProfileName } from "../../src/engine/settings";
import type { Resource } from "../../src/model/resource";
import { countFindings } from "../../src/reporters";
import { jsonReporter } from "../../src/reporters/json";
import { textReporter } from "../../src/reporters/text";
import { catalogue } from "../../src/rules/catalogue";
import { built, ROOT } from "../cli/harness";

const { runProgram, toModel } = built<typeof Runner>("adapters/pulumi/runner/index");
const check = (resources: Resource[], profile: ProfileName) => evaluate(resources, catalogue, resolveSettings(catalogue, profile));

let service: Resource[];
let servicePreview: Resource[];
let gaps: Resource[];
beforeAll(async () => {
  const runs = await Promise.all([runProgram(ROOT), runProgram(ROOT, { preview: true }), runProgram(join(ROOT, "examples", "gaps"))]);
  [service, servicePreview, gaps] = runs.map((run) => toModel(run.resources));
});

describe("the service example (root Pulumi.yaml)", () => {
  test.each(["service", "platform"] as const)("has zero findings under the %s profile with the full catalogue", (profile) => {
    expect(service.length).toBeGreaterThan(50);
    expect(check(service, profile).map((f) => `${f.ruleId} ${f.resource.name} ${f.path}: ${f.message}`)).toEqual([]);
  });

  test("in preview, rules that need computed outputs could not be evaluated, and nothing is a violation", () => {
    const findings = check(servicePreview, "service");
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.outcome === "undecided")).toBe(true);
  });
});

describe("the gaps example", () => {
  const section = (checklist: string) => checklist.split(".")[0];

  test("has violations from each of the five checklist sections under the platform profile", () => {
    const violations = check(gaps, "platform").filter((f) => f.outcome === "violation");
    const bySection = new Map<string, Set<string>>();
    for (const finding of violations) {
      expect(checklistItem(finding.checklist).id).toBe(finding.checklist);
      bySection.set(section(finding.checklist), (bySection.get(section(finding.checklist)) ?? new Set()).add(finding.slug));
    }
    expect([...bySection.keys()].sort()).toEqual(["1", "2", "3", "4", "5"]);
    // The gaps the program's comments promise, each in its section.
    expect(bySection.get("1")).toContain("aws-ecs-task-image-pinned");
    expect(bySection.get("2")).toContain("aws-rds-performance-insights");
    expect(bySection.get("3")).toContain("aws-ec2-no-public-admin-ports");
    expect(bySection.get("4")).toContain("aws-cloudwatch-log-group-retention");
    expect(bySection.get("5")).toContain("aws-secretsmanager-rotation");
    expect(bySection.get("5")).toContain("aws-lambda-no-plaintext-secrets");
  });

  test("never prints the plaintext password it flags", () => {
    const findings = check(gaps, "platform");
    const summary = { target: "examples/gaps", engine: "pulumi", profile: "platform" as const, preview: false, resources: gaps.length, rules: catalogue.length, counts: countFindings(findings) };
    for (const reporter of [textReporter, jsonReporter]) {
      expect(reporter.render({ findings, diagnostics: [], summary }, { color: false })).not.toContain("hunter2-plaintext-Tr0ub4dor");
    }
  });
});
