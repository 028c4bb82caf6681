import { mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { isCommand, usage } from "../../src/cli/usage";
import { catalogue } from "../../src/rules/catalogue";
import { cli, FIXTURES, type CliResult } from "./harness";

describe("commands that run no program", () => {
  test("--help and per-command help exit 0 with usage", async () => {
    const [main, pulumi] = await Promise.all([cli(["--help"]), cli(["pulumi", "--help"])]);
    expect(main.code).toBe(0);
    expect(main.stdout).toMatch(/Usage: prodready <command>/);
    expect(pulumi.code).toBe(0);
    expect(pulumi.stdout).toMatch(/--profile <name>/);
  });

  test("every help text fits a 120-column terminal", () => {
    const commands = ["check", "pulumi", "rules", "explain", "demo", "init"];
    expect(commands.filter((command) => !isCommand(command))).toEqual([]);
    for (const text of [usage(), ...commands.map((command) => usage(command))]) {
      expect(text.split("\n").filter((line) => line.length > 120)).toEqual([]);
    }
  });

  test("bad arguments exit 2 with a message and usage", async () => {
    const results = await Promise.all([cli([]), cli(["pulumi", FIXTURES, "--profile", "huge"]), cli(["frobnicate"]), cli(["rules", "--format", "xml"])]);
    for (const result of results) expect(result.code).toBe(2);
    expect(results[1].stderr).toMatch(/unknown profile "huge"[\s\S]*Usage: prodready pulumi/);
    expect(results[2].stderr).toMatch(/unknown command "frobnicate"/);
  });

  test("rules --format json lists every catalogue rule with its metadata", async () => {
    const result = await cli(["rules", "--format", "json"]);
    expect(result.code).toBe(0);
    const rules = JSON.parse(result.stdout) as Record<string, unknown>[];
    expect(rules.map((rule) => rule.id)).toEqual(catalogue.map((rule) => rule.id));
    for (const rule of rules) {
      expect(Object.keys(rule).sort()).toEqual(
        ["checklist", "config", "description", "id", "kinds", "links", "profiles", "remediation", "scope", "severity", "slug", "title"].sort(),
      );
      expect(rule.checklist).toEqual({ id: expect.any(String), section: expect.any(String), subsection: expect.any(String), text: expect.any(String) });
      expect(Object.keys(rule.profiles as object)).toEqual(["script", "service", "platform"]);
    }
  });

  test("explain finds a rule by slug or ID, and exits 2 for neither", async () => {
    const rule = catalogue[0];
    const [bySlug, byId, missing] = await Promise.all([cli(["explain", rule.slug]), cli(["explain", rule.id, "--format", "json"]), cli(["explain", "PR-NOPE-999"])]);
    expect(bySlug.stdout).toContain(rule.title);
    expect(bySlug.stdout).toContain(rule.remediation);
    expect(JSON.parse(byId.stdout).slug).toBe(rule.slug);
    expect(missing.code).toBe(2);
  });
});

describe("pulumi exit codes", () => {
  let results: Record<"clean" | "mandatory" | "configured" | "missing" | "throws" | "applyThrows", CliResult>;
  const scratch = mkdtempSync(join(tmpdir(), "prodready-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));
  beforeAll(async () => {
    const config = join(scratch, "policy-config.json");
    // The fixture's only mandatory finding is its Lambda secret; by rule ID it becomes advisory.
    writeFileSync(config, JSON.stringify({ "PR-CFG-001": { enforcementLevel: "advisory" } }));
    const [clean, mandatory, configured, missing, throws, applyThrows] = await Promise.all([
      cli(["pulumi", "."]),
      cli(["pulumi", join(FIXTURES, "basic")]),
      cli(["pulumi", join(FIXTURES, "basic"), "--config", config]),
      cli(["pulumi", join(FIXTURES, "does-not-exist")]),
      cli(["pulumi", join(FIXTURES, "throws")]),
      cli(["pulumi", join(FIXTURES, "apply-throws")]),
    ]);
    results = { clean, mandatory, configured, missing, throws, applyThrows };
  });

  test("0 when no mandatory finding exists", () => {
    expect(results.clean.code).toBe(0);
    expect(results.clean.stdout).toMatch(/No findings\.[\s\S]*0 fail the run, 0 other violations/);
  });

  test("1 for a mandatory finding, shown with severity, level, rule, path and fix", () => {
    expect(results.mandatory.code).toBe(1);
    expect(results.mandatory.stdout).toMatch(/aws_lambda_function fn {2}tests\/fixtures\/pulumi\/basic\/index\.ts:18:19/);
    expect(results.mandatory.stdout).toMatch(/CRITICAL mandatory {2}PR-CFG-001 aws-lambda-no-plaintext-secrets {2}at environment\.variables\.API_TOKEN/);
    expect(results.mandatory.stdout).toMatch(/fix: /);
  });

  test("--config sets levels by rule ID as the pack's config does", () => {
    expect(results.configured.code).toBe(0);
    expect(results.configured.stdout).toMatch(/CRITICAL advisory {2}PR-CFG-001/);
  });

  test("2 for a missing directory and for a program that throws, naming the file and line", () => {
    expect(results.missing.code).toBe(2);
    expect(results.missing.stderr).toMatch(/does-not-exist: no such directory/);
    expect(results.throws.code).toBe(2);
    expect(results.throws.stderr).toMatch(/tests\/fixtures\/pulumi\/throws\/index\.ts:6:\d+: the program failed: STAGE is not set/);
  });

  test("2 for a resource whose input throws in an apply, naming the line and input but not the secret it ran on", () => {
    expect(results.applyThrows.code).toBe(2);
    expect(results.applyThrows.stdout).toBe("");
    expect(results.applyThrows.stderr).toBe(
      "prodready: tests/fixtures/pulumi/apply-throws/index.ts:7:51: the program failed: a resource's input \"password\" could not be computed: SyntaxError (its message is not shown, as it may quote a secret)\n",
    );
  });
});
