import { existsSync, readFileSync, writeFileSync } from "fs";
import { join, relative } from "path";
import { isCommand, usage } from "../../src/cli/usage";
import { PACKAGE } from "../../src/package";
import { catalogue } from "../../src/rules/catalogue";
import { sarifValidator } from "../reporters/sarif-schema";
import { cli, FIXTURES, ROOT, type CliResult } from "./harness";
import { createScratch, removeScratch, withFiles } from "../support/scratch";

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

describe("options every command shares", () => {
  // A module with findings: the text report colours them.
  const TERRAFORM = join(ROOT, "tests", "fixtures", "terraform", "rules", "aws-sqs-queue-encryption", "main.tf");

  test("--version and -v print the package's version and exit 0, alone or after a command", async () => {
    const results = await Promise.all([cli(["--version"]), cli(["-v"]), cli(["check", "--version"]), cli(["pulumi", "-v"])]);
    for (const result of results) expect(result).toEqual({ code: 0, stdout: `${PACKAGE.version}\n`, stderr: "" });
  });

  test("an option a command does not take is one line naming it, the command and where its options are", async () => {
    const [unknown, otherCommands, alone, short, grouped] = await Promise.all([
      cli(["check", TERRAFORM, "--frobnicate"]),
      cli(["rules", "--profile", "platform"]),
      cli(["--frobnicate"]),
      cli(["check", "-x", TERRAFORM]),
      cli(["explain", "-hq", "PR-SEC-001"]),
    ]);
    expect(unknown).toEqual({ code: 2, stdout: "", stderr: "prodready: unknown option --frobnicate for `prodready check`; see `prodready check --help`\n" });
    expect(otherCommands.stderr).toBe("prodready: unknown option --profile for `prodready rules`; see `prodready rules --help`\n");
    expect(alone.stderr).toBe("prodready: unknown option --frobnicate; see `prodready --help`\n");
    expect(short.stderr).toBe("prodready: unknown option -x for `prodready check`; see `prodready check --help`\n");
    expect(grouped.stderr).toBe("prodready: unknown option -q for `prodready explain`; see `prodready explain --help`\n");
    for (const result of [otherCommands, alone, short, grouped]) expect(result.code).toBe(2);
  });

  test("an option without its value, or a switch given one, says so", async () => {
    const [missing, swallowed, given] = await Promise.all([
      cli(["check", TERRAFORM, "--format"]),
      cli(["check", TERRAFORM, "--output", "--format", "sarif"]),
      cli(["check", TERRAFORM, "--help=yes"]),
    ]);
    expect(missing.stderr).toBe("prodready: --format needs a value; see `prodready check --help`\n");
    // Taking --format for the file name would write the report to a file named --format.
    expect(swallowed.stderr).toBe("prodready: --output needs a value (one starting with - is written --output=-value); see `prodready check --help`\n");
    expect(given.stderr).toBe("prodready: --help takes no value; see `prodready check --help`\n");
    for (const result of [missing, swallowed, given]) expect(result.code).toBe(2);
  });

  test("check - says it reads files, not standard input", async () => {
    const result = await cli(["check", "-"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^prodready: check reads files, not standard input: save it to a file first/);
  });

  test("-o is --output", async () => {
    await withFiles({}, async (dir) => {
      const result = await cli(["check", TERRAFORM, "--format", "json", "-o", join(dir, "report.json")]);
      expect(result.stdout).toBe("");
      expect(JSON.parse(readFileSync(join(dir, "report.json"), "utf8")).tool).toBe("prodready");
    });
  });

  test("-o - is standard output, as for most command-line tools, not a file named -", async () => {
    await withFiles({}, async (dir) => {
      const result = await cli(["check", TERRAFORM, "--format", "json", "-o", "-"], dir);
      expect(JSON.parse(result.stdout).tool).toBe("prodready");
      expect(existsSync(join(dir, "-"))).toBe(false);
    });
  });

  test("colour: FORCE_COLOR asks for it where stdout is no terminal, --no-color turns it off whatever the environment says", async () => {
    const ANSI = /\u001b\[/;
    const [forced, flag] = await Promise.all([
      cli(["check", TERRAFORM], ROOT, { FORCE_COLOR: "1" }),
      cli(["check", TERRAFORM, "--no-color"], ROOT, { FORCE_COLOR: "1" }),
    ]);
    expect(forced.stdout).toMatch(ANSI);
    expect(flag.stdout).not.toMatch(ANSI);
    expect(flag.stdout).toMatch(/fail the run/);
  });
});

describe("pulumi exit codes", () => {
  let results: Record<"clean" | "mandatory" | "configured" | "missing" | "throws" | "applyThrows", CliResult>;
  const scratch = createScratch();
  afterAll(() => removeScratch(scratch));
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
    expect(results.mandatory.stdout).toMatch(/aws:lambda\/function:Function fn {2}tests\/fixtures\/pulumi\/basic\/index\.ts:18:19/);
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

describe("pulumi takes check's report options", () => {
  const scratch = createScratch();
  afterAll(() => removeScratch(scratch));
  const basic = join(FIXTURES, "basic");

  test("--fail-on, -o and --write-baseline, then --baseline; a config file's failOn applies as for check", async () => {
    const [report, baseline] = [join(scratch, "report.json"), join(scratch, "baseline.json")];
    writeFileSync(join(scratch, ".prodready.yaml"), "failOn: never\n");
    // The fixture's one mandatory finding is critical: only never lets it pass.
    const [written, configured] = await Promise.all([
      cli(["pulumi", basic, "--fail-on", "never", "--format", "json", "-o", report, "--write-baseline", baseline]),
      cli(["pulumi", basic], scratch),
    ]);
    expect(written.code).toBe(0);
    expect(written.stdout).toBe("");
    const summary = JSON.parse(readFileSync(report, "utf8")).summary;
    expect(summary).toMatchObject({ failOn: "never", counts: { mandatory: 0 } });
    const entries = JSON.parse(readFileSync(baseline, "utf8")).entries as { rule: string }[];
    expect(entries.map((entry) => entry.rule)).toContain("PR-CFG-001");
    expect(configured.code).toBe(0);

    const accepted = await cli(["pulumi", basic, "--baseline", baseline, "--format", "json"]);
    expect(accepted.code).toBe(0);
    const result = JSON.parse(accepted.stdout);
    expect(result.summary).toMatchObject({ counts: { mandatory: 0, advisory: 0 }, suppressed: entries.length });
    expect(result.findings.filter((finding: { outcome: string }) => finding.outcome === "violation")).toEqual([]);
  });
});

describe("a config or baseline file that stops pulumi still gives every format but text a report that says why, as for check", () => {
  const scratch = createScratch({ "bad.yaml": "profile: enormous\n", "baseline.json": '{ "version": 7, "entries": [] }\n' });
  afterAll(() => removeScratch(scratch));
  const basic = join(FIXTURES, "basic");
  const message = "profile must be one of script, service, platform";

  test("a config file: SARIF to -o, valid against the schema; text says it on stderr alone", async () => {
    const output = join(scratch, "prodready.sarif");
    const [sarif, text] = await Promise.all([
      cli(["pulumi", basic, "--config", "bad.yaml", "--format", "sarif", "-o", output], scratch, { GITHUB_WORKSPACE: "" }),
      cli(["pulumi", basic, "--config", "bad.yaml"], scratch),
    ]);
    for (const result of [sarif, text]) expect(result).toEqual({ code: 2, stdout: "", stderr: `prodready: bad.yaml:1:10: ${message}\n` });
    const log = JSON.parse(readFileSync(output, "utf8"));
    expect(sarifValidator()(log)).toBe(true);
    expect(log.runs[0].results).toEqual([]);
    expect(log.runs[0].invocations[0]).toMatchObject({ executionSuccessful: false, toolExecutionNotifications: [{ level: "error", message: { text: message }, descriptor: { id: "config" } }] });
  });

  test("a baseline: JSON names the program, --fail-on and the error, and no baseline is written", async () => {
    const result = await cli(["pulumi", basic, "--baseline", "baseline.json", "--write-baseline", "new.json", "--fail-on", "high", "--format", "json"], scratch);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({
      findings: [],
      diagnostics: [{ severity: "error", code: "config", file: "baseline.json", message: expect.stringMatching(/^baseline version must be/) }],
      summary: { target: relative(scratch, basic), engine: "pulumi", failOn: "high", resources: 0, rules: 0 },
    });
    expect(existsSync(join(scratch, "new.json"))).toBe(false);
  });
});

describe("a program that cannot run still gives every format but text a report that says why, so CI's upload finds a file", () => {
  const scratch = createScratch();
  afterAll(() => removeScratch(scratch));
  const throws = join(FIXTURES, "throws");
  const stderr = /^prodready: tests\/fixtures\/pulumi\/throws\/index\.ts:6:(\d+): the program failed: STAGE is not set\n$/;

  test("SARIF to -o, valid against the schema, with the error at the line that threw; JSON and JUnit alike", async () => {
    const output = join(scratch, "prodready.sarif");
    const [sarif, json, junit] = await Promise.all([
      cli(["pulumi", throws, "--format", "sarif", "-o", output], ROOT, { GITHUB_WORKSPACE: "" }),
      cli(["pulumi", throws, "--format", "json"]),
      cli(["pulumi", throws, "--format", "junit"]),
    ]);
    for (const result of [sarif, json, junit]) expect([result.code, result.stderr]).toEqual([2, expect.stringMatching(stderr)]);
    const column = Number(stderr.exec(sarif.stderr)![1]);
    const log = JSON.parse(readFileSync(output, "utf8"));
    expect(sarifValidator()(log)).toBe(true);
    expect(log.runs[0].invocations[0]).toMatchObject({
      executionSuccessful: false,
      toolExecutionNotifications: [
        {
          level: "error",
          message: { text: "the program failed: STAGE is not set" },
          descriptor: { id: "program" },
          locations: [{ physicalLocation: { artifactLocation: { uri: "tests/fixtures/pulumi/throws/index.ts" }, region: { startLine: 6, startColumn: column } } }],
        },
      ],
    });
    expect(JSON.parse(json.stdout)).toMatchObject({
      findings: [],
      diagnostics: [{ severity: "error", code: "program", message: "the program failed: STAGE is not set", file: "tests/fixtures/pulumi/throws/index.ts", line: 6, column }],
      summary: { target: "tests/fixtures/pulumi/throws", engine: "pulumi", resources: 0 },
    });
    expect(junit.stdout).toContain(`<testcase name="program tests/fixtures/pulumi/throws/index.ts:6:${column}" classname="prodready" file="tests/fixtures/pulumi/throws/index.ts" line="6"`);
  });

  test("the report holds no more of an error than stderr does: never the secret an apply threw on", async () => {
    const result = await cli(["pulumi", join(FIXTURES, "apply-throws"), "--format", "json"]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).diagnostics).toEqual([
      {
        severity: "error",
        code: "program",
        message: "the program failed: a resource's input \"password\" could not be computed: SyntaxError (its message is not shown, as it may quote a secret)",
        file: "tests/fixtures/pulumi/apply-throws/index.ts",
        line: 7,
        column: 51,
      },
    ]);
    expect(result.stdout).not.toContain("fixture-secret-8d41e7");
  });

  test("a directory that is no Pulumi project is named in the report too", async () => {
    const result = await cli(["pulumi", "tests/fixtures/pulumi/does-not-exist", "--format", "json"]);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout).diagnostics).toEqual([{ severity: "error", code: "program", message: "no such directory", file: "tests/fixtures/pulumi/does-not-exist" }]);
  });
});
