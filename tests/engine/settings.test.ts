import { profileConfig, profileLevel, resolveSettings } from "../../src/engine/settings";
import { resourceRule, type Severity } from "../../src/rules/rule";

function rule(checklist: string, severity: Severity) {
  return resourceRule({
    id: "PR-OPS-999",
    slug: `rule-${checklist}-${severity}`,
    title: "a rule for settings tests",
    checklist,
    severity,
    description: "test",
    remediation: "test",
    links: [],
    kinds: ["k"],
    config: { maxDays: { type: "integer", default: 30, description: "bound" } },
    check: () => [],
    examples: { pulumi: { fail: [], pass: [] } },
  });
}

describe("profiles", () => {
  test("follow the checklist's scale table", () => {
    const migrations = rule("4.1.1", "high"); // platform scale
    expect([profileLevel(migrations, "script"), profileLevel(migrations, "service"), profileLevel(migrations, "platform")]).toEqual([
      "disabled",
      "disabled",
      "mandatory",
    ]);
    const secrets = rule("5.2.4", "high"); // script scale
    expect([profileLevel(secrets, "script"), profileLevel(secrets, "service"), profileLevel(secrets, "platform")]).toEqual([
      "advisory",
      "mandatory",
      "mandatory",
    ]);
  });

  test("critical rules run in every profile", () => {
    expect(profileLevel(rule("3.1.1", "critical"), "script")).toBe("mandatory");
  });

  test("become a complete policy-pack config", () => {
    const rules = [rule("4.1.1", "high"), rule("5.2.4", "low")];
    expect(profileConfig(rules, "service")).toEqual({
      "rule-4.1.1-high": { enforcementLevel: "disabled" },
      "rule-5.2.4-low": { enforcementLevel: "advisory" },
    });
  });
});

describe("resolveSettings", () => {
  const rules = [rule("5.2.4", "high"), rule("4.1.1", "medium")];

  test("starts from the profile and the schema defaults", () => {
    expect(resolveSettings(rules, "service").get("rule-5.2.4-high")).toEqual({ level: "mandatory", config: { maxDays: 30 } });
  });

  test("applies `all` to every rule, then the rule's own entry by slug or ID", () => {
    const resolved = resolveSettings(rules, "service", {
      all: "advisory",
      "rule-4.1.1-medium": { enforcementLevel: "mandatory", maxDays: 7 },
    });
    expect(resolved.get("rule-5.2.4-high")).toEqual({ level: "advisory", config: { maxDays: 30 } });
    expect(resolved.get("rule-4.1.1-medium")).toEqual({ level: "mandatory", config: { maxDays: 7 } });
    expect(resolveSettings(rules, "service", { "PR-OPS-999": "disabled" }).get("rule-5.2.4-high")?.level).toBe("disabled");
  });
});
