import Ajv from "ajv";
import { mkdirSync, writeFileSync } from "fs";
import { join } from "path";
import { parse } from "yaml";
import { ConfigFileError, excludePaths, findConfigFile, loadConfigFile, reachableInRun, type ProdreadyConfig } from "../../src/config/config-file";
import { configSchema, SCHEMA_FILE, schemaFiles } from "../../src/config/schema";
import { catalogue } from "../../src/rules/catalogue";
import { resourceRule } from "../../src/rules/rule";
import { createScratch, removeScratch } from "../support/scratch";

/** The catalogue has no boolean, string or number settings yet: one test rule brings them, so both validators meet every kind. */
const everyKind = resourceRule({
  id: "PR-OPS-990",
  slug: "test-every-setting-kind",
  title: "a rule with one setting of each kind",
  checklist: "5.1.3",
  severity: "low",
  description: "test",
  remediation: "test",
  links: [],
  kinds: ["aws_lambda_function"],
  config: {
    strict: { type: "boolean", default: true, description: "a switch" },
    mode: { type: "string", default: "fast", enum: ["fast", "safe"], description: "a choice" },
    ratio: { type: "number", default: 0.5, minimum: 0, maximum: 1, description: "a fraction" },
  },
  check: () => [],
  examples: { pulumi: { fail: [], pass: [] } },
});
const rules = [...catalogue, everyKind];

let dir: string;
beforeEach(() => {
  dir = createScratch();
});
afterEach(() => removeScratch(dir));

function write(name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

const FULL_EXAMPLE = `# yaml-language-server: $schema=../schema/prodready.schema.json
profile: service
failOn: high
rules:
  all: advisory
  aws-lambda-timeout-memory-bounds: { enforcementLevel: mandatory, maxTimeoutSeconds: 300 }
  PR-SEC-001: { ports: [22, 3389, 5985] }
  aws-ebs-encryption: disabled
  test-every-setting-kind: { strict: false, mode: safe, ratio: 0.25 }
exclude:
  paths:
    - { path: "legacy/**", reason: "decommissioned in Q1" }
  resources:
    - { address: aws_s3_bucket.public_site, rule: PR-SEC-012, reason: "static website", expires: 2027-06-30 }
    - address: module.sandbox
      reason: throwaway experiments
    - { address: aws_s3_bucket.scratch, unit: envs/staging, reason: rebuilt nightly }
    - { construct: "network/Vpc/*", rule: PR-SEC-001, reason: reached through the VPN only }
`;

test("the full example loads into levels, settings, path exclusions and suppressions, without a warning", () => {
  const file = write(".prodready.yaml", FULL_EXAMPLE);
  const { config, diagnostics } = loadConfigFile(file, rules);
  expect(diagnostics).toEqual([]);
  expect(config).toEqual<ProdreadyConfig>({
    file,
    profile: "service",
    failOn: "high",
    rules: {
      all: "advisory",
      "aws-lambda-timeout-memory-bounds": { enforcementLevel: "mandatory", maxTimeoutSeconds: 300 },
      "PR-SEC-001": { ports: [22, 3389, 5985] },
      "aws-ebs-encryption": "disabled",
      "test-every-setting-kind": { strict: false, mode: "safe", ratio: 0.25 },
    },
    excludedPaths: [{ path: "legacy/**", reason: "decommissioned in Q1", line: 12, column: 7 }],
    suppressions: [
      {
        rule: "PR-SEC-012",
        reason: "static website",
        expires: "2027-06-30",
        origin: "config",
        location: { file, line: 14, column: 7 },
        address: "aws_s3_bucket.public_site",
      },
      { rule: "all", reason: "throwaway experiments", origin: "config", location: { file, line: 15, column: 7 }, address: "module.sandbox" },
      {
        rule: "all",
        reason: "rebuilt nightly",
        origin: "config",
        location: { file, line: 17, column: 7 },
        address: "aws_s3_bucket.scratch",
        unit: "envs/staging",
        unitMatches: expect.any(Function),
      },
      {
        rule: "PR-SEC-001",
        reason: "reached through the VPN only",
        origin: "config",
        location: { file, line: 18, column: 7 },
        construct: "network/Vpc/*",
        constructMatches: expect.any(Function),
      },
    ],
  });
});

test("JSON is read the same way, and an empty file is an empty config", () => {
  const json = write(".prodready.json", JSON.stringify({ $schema: "./schema.json", profile: "platform", rules: { all: { enforcementLevel: "mandatory" } } }, null, 2));
  expect(loadConfigFile(json, rules).config).toMatchObject({ profile: "platform", rules: { all: { enforcementLevel: "mandatory" } } });
  const empty = write(".prodready.yml", "# nothing yet\n");
  expect(loadConfigFile(empty, rules)).toEqual({ config: { file: empty, rules: {}, excludedPaths: [], suppressions: [] }, diagnostics: [] });
});

/**
 * One set of cases for both validators. `refused`: the CLI stops (ConfigFileError at `at`) and the schema rejects.
 * `warned`: the CLI warns at `at` and goes on (the file may come from a newer catalogue), while the schema, which
 * serves editors, rejects it as the likely typo it is.
 */
const CASES: { name: string; yaml: string; outcome: "refused" | "warned"; at: [number, number]; message: RegExp }[] = [
  // A value that is none of the choices is refused where it is written, with the one it likely misspells.
  { name: "an unknown profile", yaml: "profile: enormous\n", outcome: "refused", at: [1, 10], message: /profile must be one of script, service, platform$/ },
  { name: "a misspelt profile", yaml: "profile: platfrom\n", outcome: "refused", at: [1, 10], message: /profile must be one of script, service, platform: did you mean platform\?$/ },
  { name: "an unknown failOn", yaml: "failOn: blocker\n", outcome: "refused", at: [1, 9], message: /failOn must be one of low, medium, high, critical, never$/ },
  { name: "a bad level", yaml: "rules:\n  PR-SEC-001: blocking\n", outcome: "refused", at: [2, 15], message: /rules\.PR-SEC-001 must be one of advisory, mandatory, remediate, disabled, or a mapping/ },
  { name: "a misspelt level", yaml: "rules:\n  PR-SEC-001: mandatroy\n", outcome: "refused", at: [2, 15], message: /rules\.PR-SEC-001 must be one of .*: did you mean mandatory\?$/ },
  { name: "a bad enforcementLevel", yaml: "rules:\n  all: { enforcementLevel: warn }\n", outcome: "refused", at: [2, 28], message: /rules\.all\.enforcementLevel must be one of/ },
  {
    name: "an address written as a glob of instances, which no address is (probe BV)",
    yaml: "exclude:\n  resources:\n    - { address: 'module.svc.aws_sqs_queue.q[*]', reason: r }\n",
    outcome: "warned",
    at: [3, 9],
    message: /^exclude\.resources\[0\]\.address is an address, not a glob as path, unit and construct are: write module\.svc\.aws_sqs_queue\.q, which covers every instance; this exclusion suppresses nothing$/,
  },
  {
    name: "an address written as a glob of resources",
    yaml: "exclude:\n  resources:\n    - { address: module.*, reason: r }\n",
    outcome: "warned",
    at: [3, 9],
    message: /address is an address, not a glob .*: a resource's address \(aws_sqs_queue\.q\) covers every instance of it, and a module's \(module\.svc\) everything in it/,
  },
  { name: "a rule entry that is a list", yaml: "rules:\n  PR-SEC-001: [mandatory]\n", outcome: "refused", at: [2, 3], message: /rules\.PR-SEC-001 must be/ },
  { name: "rules as a list", yaml: "rules: [PR-SEC-001]\n", outcome: "refused", at: [1, 1], message: /rules must be a mapping/ },
  {
    name: "a setting out of range",
    yaml: "rules:\n  aws-lambda-timeout-memory-bounds:\n    maxTimeoutSeconds: 1200\n",
    outcome: "refused",
    at: [3, 5],
    message: /maxTimeoutSeconds must be an integer from 1 to 900/,
  },
  { name: "a fractional integer", yaml: "rules:\n  PR-LIM-002: { maxTimeoutSeconds: 2.5 }\n", outcome: "refused", at: [2, 17], message: /an integer from 1 to 900/ },
  { name: "a list of the wrong items", yaml: "rules:\n  PR-SEC-001: { ports: [ssh] }\n", outcome: "refused", at: [2, 17], message: /ports must be a list of integers/ },
  { name: "a boolean given as text", yaml: "rules:\n  test-every-setting-kind: { strict: 'no' }\n", outcome: "refused", at: [2, 30], message: /strict must be true or false/ },
  { name: "a choice outside the enum", yaml: "rules:\n  test-every-setting-kind: { mode: quick }\n", outcome: "refused", at: [2, 30], message: /mode must be one of fast, safe/ },
  { name: "a number above its maximum", yaml: "rules:\n  test-every-setting-kind: { ratio: 2 }\n", outcome: "refused", at: [2, 30], message: /ratio must be a number from 0 to 1/ },
  {
    name: "a pattern that does not compile",
    yaml: "rules:\n  aws-sqs-dead-letter-queue: { deadLetterNamePattern: '(dlq|dead-?letter' }\n",
    outcome: "refused",
    at: [2, 32],
    message: /deadLetterNamePattern must be a regular expression \(Invalid regular expression: \/\(dlq\|dead-\?letter\/: Unterminated group\)/,
  },
  {
    name: "a kind that needs no alarm, or a misspelt one",
    yaml: "rules:\n  PR-OPS-010: { monitoredKinds: [aws_db_instance, aws_rds_instance] }\n",
    outcome: "refused",
    at: [2, 17],
    message: /rules\.PR-OPS-010\.monitoredKinds must list only aws_lb, .*aws:autoscaling\/group:Group; "aws_rds_instance" is not one of them/,
  },
  { name: "a path exclusion without reason", yaml: "exclude:\n  paths:\n    - path: legacy/**\n", outcome: "refused", at: [3, 7], message: /exclude\.paths\[0\] needs a reason/ },
  { name: "a blank reason", yaml: "exclude:\n  paths:\n    - { path: legacy, reason: '  ' }\n", outcome: "refused", at: [3, 7], message: /needs a reason/ },
  { name: "a path exclusion without path", yaml: "exclude:\n  paths:\n    - reason: old\n", outcome: "refused", at: [3, 7], message: /needs a path/ },
  {
    name: "a resource exclusion without reason",
    yaml: "exclude:\n  resources:\n    - { address: aws_s3_bucket.site, rule: PR-SEC-012 }\n",
    outcome: "refused",
    at: [3, 7],
    message: /exclude\.resources\[0\] needs a reason/,
  },
  {
    name: "a resource exclusion without address or construct",
    yaml: "exclude:\n  resources:\n    - { reason: site }\n",
    outcome: "refused",
    at: [3, 7],
    message: /exclude\.resources\[0\] needs an address: .*; or, in CDKTF output, a construct path/,
  },
  {
    name: "an exclusion by construct path without reason",
    yaml: "exclude:\n  resources:\n    - { construct: network/Vpc, rule: PR-SEC-001 }\n",
    outcome: "refused",
    at: [3, 7],
    message: /exclude\.resources\[0\] needs a reason/,
  },
  {
    name: "an exclusion naming both an address and a construct path",
    yaml: "exclude:\n  resources:\n    - { address: aws_security_group.bastion, construct: network/Vpc, reason: r }\n",
    outcome: "refused",
    at: [3, 7],
    message: /exclude\.resources\[0\] names both an address and a construct: give one/,
  },
  { name: "a blank construct path", yaml: "exclude:\n  resources:\n    - { construct: '', reason: r }\n", outcome: "refused", at: [3, 9], message: /exclude\.resources\[0\]\.construct must be a CDKTF construct path/ },
  {
    name: "a construct path that is a list",
    yaml: "exclude:\n  resources:\n    - { construct: [network/Vpc], reason: r }\n",
    outcome: "refused",
    at: [3, 9],
    message: /exclude\.resources\[0\]\.construct must be a CDKTF construct path, as a glob/,
  },
  {
    name: "an expiry that is no date",
    yaml: "exclude:\n  resources:\n    - { address: a.b, reason: r, expires: 2027-13-01 }\n",
    outcome: "refused",
    at: [3, 34],
    message: /expires must be a real date/,
  },
  {
    name: "a misspelt key in a resource exclusion, which would make it permanent",
    yaml: "exclude:\n  resources:\n    - { address: a.b, rule: PR-SEC-001, reason: r, expiry: 2020-12-01 }\n",
    outcome: "refused",
    at: [3, 52],
    message: /exclude\.resources\[0\]\.expiry is not a key of exclude\.resources\[0\] \(expected address, construct, rule, unit, reason, expires\): read as absent, a misspelt expires would make the exclusion permanent/,
  },
  {
    name: "a misspelt unit in a resource exclusion, which would apply it in every unit",
    yaml: "exclude:\n  resources:\n    - { address: a.b, units: envs/staging, reason: r }\n",
    outcome: "refused",
    at: [3, 23],
    message: /exclude\.resources\[0\]\.units is not a key of .*: read as absent, .* a misspelt unit would apply it in every unit/,
  },
  {
    name: "a unit that is a list",
    yaml: "exclude:\n  resources:\n    - { address: a.b, unit: [envs/staging, envs/prod], reason: r }\n",
    outcome: "refused",
    at: [3, 23],
    message: /exclude\.resources\[0\]\.unit must be a root module, plan or CDKTF stack, as a glob from the config file's directory/,
  },
  { name: "a unit that is a number", yaml: "exclude:\n  resources:\n    - { address: a.b, unit: 2, reason: r }\n", outcome: "refused", at: [3, 23], message: /exclude\.resources\[0\]\.unit must be/ },
  { name: "a blank unit", yaml: "exclude:\n  resources:\n    - { address: a.b, unit: ' ', reason: r }\n", outcome: "refused", at: [3, 23], message: /exclude\.resources\[0\]\.unit must be/ },
  { name: "exclusions that are not a list", yaml: "exclude:\n  paths: legacy/**\n", outcome: "refused", at: [2, 3], message: /exclude\.paths must be a list/ },
  { name: "a top level that is a list", yaml: "- profile: service\n", outcome: "refused", at: [1, 1], message: /: the config must be a mapping of profile, failOn, rules and exclude$/ },
  { name: "an unknown top-level key", yaml: "profile: service\nprofiles: platform\n", outcome: "warned", at: [2, 1], message: /profiles is not a key of the config/ },
  {
    name: "a misspelt top-level key whose right spelling is absent, which would leave that setting at its default",
    yaml: "failon: medium\n",
    outcome: "refused",
    at: [1, 1],
    message: /failon is not a key of the config \(expected .*\): did you mean failOn\? Read as absent, failOn would silently take its default/,
  },
  { name: "an unknown rule", yaml: "rules:\n  aws-s3-everything: mandatory\n", outcome: "warned", at: [2, 3], message: /rules\.aws-s3-everything names no rule/ },
  {
    name: "a misspelt rule slug, which would leave the rule at its profile's level (probe BV)",
    yaml: "profile: service\nrules:\n  aws-sqs-dead-letter-queues: mandatory\n",
    outcome: "refused",
    at: [3, 3],
    message: /rules\.aws-sqs-dead-letter-queues names no rule \(neither a slug nor an ID of the catalogue\): did you mean aws-sqs-dead-letter-queue\?/,
  },
  { name: "a misspelt rule ID", yaml: "rules:\n  PR-RES-04: mandatory\n", outcome: "refused", at: [2, 3], message: /rules\.PR-RES-04 names no rule .*: did you mean PR-RES-004\?/ },
  {
    name: "an unknown setting",
    yaml: "rules:\n  PR-LIM-002: { maxTimeout: 60 }\n",
    outcome: "warned",
    at: [2, 17],
    message: /maxTimeout is not a setting of aws-lambda-timeout-memory-bounds \(expected enforcementLevel, maxTimeoutSeconds/,
  },
  {
    name: "a misspelt setting the entry lacks, which would take its default",
    yaml: "rules:\n  PR-LIM-002: { maxTimeoutSecond: 60 }\n",
    outcome: "refused",
    at: [2, 17],
    message: /maxTimeoutSecond is not a setting of aws-lambda-timeout-memory-bounds \(expected .*\): did you mean maxTimeoutSeconds\?/,
  },
  { name: "a setting named like a property of every object", yaml: "rules:\n  PR-LIM-002: { constructor: 60 }\n", outcome: "warned", at: [2, 17], message: /constructor is not a setting of aws-lambda-timeout-memory-bounds/ },
  { name: "settings under all", yaml: "rules:\n  all: { enforcementLevel: advisory, maxTimeoutSeconds: 60 }\n", outcome: "warned", at: [2, 38], message: /is not a setting of all/ },
  { name: "an unknown key in an exclusion", yaml: "exclude:\n  paths:\n    - { path: a, reason: b, expiry: 2027-01-01 }\n", outcome: "warned", at: [3, 29], message: /expiry is not a key of exclude\.paths\[0\]/ },
  {
    name: "an exclusion of an unknown rule",
    yaml: "exclude:\n  resources:\n    - { address: a.b, rule: PR-SEC-999, reason: r }\n",
    outcome: "warned",
    at: [3, 23],
    message: /rule names no rule of the catalogue/,
  },
];

describe("the hand validator and the schema agree", () => {
  // JSON Schema's regex format is ECMA-262's: what an editor that checks formats checks.
  const regex = (pattern: string) => {
    try {
      return new RegExp(pattern) !== undefined;
    } catch {
      return false;
    }
  };
  const validate = new Ajv({ strict: true, allErrors: true, formats: { regex } }).compile(configSchema(rules));

  test("an address whose quoted instance key holds a * is an address, not a glob", () => {
    const yaml = `exclude:\n  resources:\n    - { address: 'aws_s3_bucket.b["logs/*"]', reason: r }\n`;
    expect(loadConfigFile(write(".prodready.yaml", yaml), rules).diagnostics).toEqual([]);
    expect(validate(parse(yaml))).toBe(true);
  });

  test("the schema accepts the full example", () => {
    expect(validate(parse(FULL_EXAMPLE))).toBe(true);
    expect(validate.errors).toBeNull();
  });

  test.each(CASES)("$name: the schema rejects it", ({ yaml }) => {
    expect(validate(parse(yaml))).toBe(false);
  });

  test.each(CASES.filter((each) => each.outcome === "refused"))("$name: the CLI refuses it at $at", ({ yaml, at, message }) => {
    const file = write(".prodready.yaml", yaml);
    let thrown: unknown;
    try {
      loadConfigFile(file, rules);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigFileError);
    const error = thrown as ConfigFileError;
    expect([error.line, error.column]).toEqual(at);
    expect(error.message).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:${at[0]}:${at[1]}: `));
    expect(error.message).toMatch(message);
  });

  test.each(CASES.filter((each) => each.outcome === "warned"))("$name: the CLI warns at $at and goes on", ({ yaml, at, message }) => {
    const file = write(".prodready.yaml", yaml);
    const { config, diagnostics } = loadConfigFile(file, rules);
    expect(diagnostics).toEqual([{ severity: "warning", code: expect.any(String), message: expect.stringMatching(message), file, line: at[0], column: at[1] }]);
    expect(JSON.stringify(config)).not.toMatch(/aws-s3-everything|maxTimeout"|PR-SEC-999|expiry|profiles/);
  });
});

describe("a file with several mistakes is refused for all of them in one run, each where it is written", () => {
  const refusalsOf = (yaml: string) => {
    const file = write(".prodready.yaml", yaml);
    try {
      loadConfigFile(file, rules);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigFileError);
      return (error as ConfigFileError).refusals.map(({ line, column, reason }) => `${line}:${column} ${reason}`);
    }
    throw new Error("the file was not refused");
  };

  test("three mistakes in three parts of the file: three refusals, in the order written, and the message has a line for each", () => {
    const yaml = "profile: platfrom\nrules:\n  PR-LIM-002: { maxTimeoutSeconds: 1200 }\nexclude:\n  paths:\n    - path: legacy/**\n";
    expect(refusalsOf(yaml)).toEqual([
      "1:10 profile must be one of script, service, platform: did you mean platform?",
      expect.stringMatching(/^3:17 rules\.PR-LIM-002\.maxTimeoutSeconds must be an integer from 1 to 900/),
      "6:7 exclude.paths[0] needs a reason: say why it is excluded",
    ]);
    const file = join(dir, ".prodready.yaml");
    expect(() => loadConfigFile(file, rules)).toThrow(new RegExp(`^${file}:1:10: profile .*\n${file}:3:17: rules.*\n${file}:6:7: exclude.*$`));
  });

  test("a misspelt top-level key, two settings of one rule and two rules: each told", () => {
    const yaml = "failon: high\nrules:\n  PR-SEC-001: mandatroy\n  test-every-setting-kind: { strict: 'no', ratio: 2 }\n";
    expect(refusalsOf(yaml).map((refusal) => refusal.split(" ")[0])).toEqual(["1:1", "3:15", "4:30", "4:44"]);
  });

  test("each field of an exclusion is checked, but a misspelt key is told once, not again as the field it misspells", () => {
    const yaml = "exclude:\n  resources:\n    - { address: a.b, rule: 7, expires: 2027-13-01 }\n    - { adress: a.b, reason: r }\n";
    expect(refusalsOf(yaml)).toEqual([
      "3:7 exclude.resources[0] needs a reason: say why it is excluded",
      "3:23 exclude.resources[0].rule must be a rule ID or slug; leave it out to exclude every rule",
      "3:32 exclude.resources[0].expires must be a real date written YYYY-MM-DD",
      expect.stringMatching(/^4:9 exclude\.resources\[1\]\.adress is not a key of exclude\.resources\[1\]/),
    ]);
  });
});

test("an unknown rule in an exclusion is an invalid suppression, so it is reported with the other suppressions", () => {
  const file = write(".prodready.yaml", "exclude:\n  resources:\n    - { address: a.b, rule: PR-SEC-999, reason: r }\n");
  expect(loadConfigFile(file, rules).diagnostics.map((diagnostic) => diagnostic.code)).toEqual(["invalid-suppression"]);
});

test("YAML that does not parse, duplicate keys and missing files stop the run at their position", () => {
  const broken = write(".prodready.yaml", "profile: service\nrules:\n  all: [advisory\n");
  expect(() => loadConfigFile(broken, rules)).toThrow(new ConfigFileError(broken, 4, 1, "malformed YAML: bad indentation"));
  const duplicate = write(".prodready.yml", "profile: service\nprofile: script\n");
  expect(() => loadConfigFile(duplicate, rules)).toThrow(new ConfigFileError(duplicate, 2, 1, "malformed YAML: a key repeated in one mapping"));
  // At the alias, in the words every YAML input uses, not at 1:1 with the parser's own message.
  const unanchored = write(".prodready.yaml", "profile: service\nrules: *nope\n");
  expect(() => loadConfigFile(unanchored, rules)).toThrow(new ConfigFileError(unanchored, 2, 8, "malformed YAML: an alias names no anchor defined before it"));
  expect(() => loadConfigFile(join(dir, "absent.yaml"), rules)).toThrow(/absent\.yaml:1:1: cannot be read \(ENOENT\)/);
  // Read as YAML, but told as the JSON it was written as.
  const json = write(".prodready.json", '{\n  "profile": "service"\n  "failOn": "high"\n}\n');
  expect(() => loadConfigFile(json, rules)).toThrow(new ConfigFileError(json, 3, 3, "malformed JSON: expected ',' or '}' after an object member, found a string"));
});

describe("the schema", () => {
  const schema = configSchema(catalogue) as { properties: { rules: { properties: Record<string, unknown> } } };

  test("names every rule by slug and by ID, and all", () => {
    const names = Object.keys(schema.properties.rules.properties).sort();
    expect(names).toEqual(["all", ...catalogue.flatMap((rule) => [rule.slug, rule.id])].sort());
  });

  test("is published as one JSON file the docs generator writes", () => {
    const files = schemaFiles(catalogue);
    expect(Object.keys(files)).toEqual([SCHEMA_FILE]);
    expect(JSON.parse(files[SCHEMA_FILE])).toEqual(configSchema(catalogue));
  });
});

describe("findConfigFile", () => {
  test("finds the nearest file going up, and stops at the repository root", () => {
    const repo = join(dir, "repo");
    const deep = join(repo, "infra", "envs", "prod");
    mkdirSync(deep, { recursive: true });
    mkdirSync(join(repo, ".git"));
    writeFileSync(join(dir, ".prodready.yaml"), "profile: script\n");
    expect(findConfigFile(deep)).toBeUndefined();
    writeFileSync(join(repo, ".prodready.json"), "{}");
    expect(findConfigFile(deep)?.file).toBe(join("..", "..", "..", ".prodready.json"));
    writeFileSync(join(repo, "infra", ".prodready.yml"), "{}");
    writeFileSync(join(repo, "infra", ".prodready.yaml"), "{}");
    expect(findConfigFile(deep)?.file).toBe(join("..", "..", ".prodready.yaml"));
    // Named from the start directory, as reports name files: never by a path that differs between checkouts.
    writeFileSync(join(deep, ".prodready.yaml"), "{}");
    expect(findConfigFile(deep)?.file).toBe(".prodready.yaml");
  });

  test("in a submodule without one of its own, finds the file of the repository it is checked out in, as a check from there does; not in a clone inside it", () => {
    const repo = join(dir, "repo");
    mkdirSync(join(repo, ".git", "modules", "vendored"), { recursive: true });
    mkdirSync(join(repo, "vendored", "envs"), { recursive: true });
    // As git checks a submodule out: its .git a file naming its repository, inside the outer one's.
    writeFileSync(join(repo, "vendored", ".git"), "gitdir: ../.git/modules/vendored\n");
    mkdirSync(join(repo, "cloned", ".git"), { recursive: true });
    writeFileSync(join(dir, ".prodready.yaml"), "profile: script\n");
    writeFileSync(join(repo, ".prodready.yaml"), "profile: platform\n");
    expect(findConfigFile(join(repo, "vendored", "envs"))?.file).toBe(join("..", "..", ".prodready.yaml"));
    expect(findConfigFile(join(repo, "cloned"))).toBeUndefined();
    writeFileSync(join(repo, "vendored", ".prodready.yaml"), "profile: service\n");
    expect(findConfigFile(join(repo, "vendored", "envs"))?.file).toBe(join("..", ".prodready.yaml"));
  });

  test("names each other config file beside the one it reads, which is not read, from the start directory too", () => {
    for (const name of [".prodready.yaml", ".prodready.yml", ".prodready.json"]) writeFileSync(join(dir, name), "{}");
    mkdirSync(join(dir, "infra"));
    const message = (other: string) =>
      `${other} is not read: .prodready.yaml beside it is, and one config file is read per directory; merge the two and delete ${other}`;
    expect(findConfigFile(join(dir, "infra"))).toEqual({
      file: join("..", ".prodready.yaml"),
      diagnostics: [
        { severity: "warning", code: "config", message: message(".prodready.yml"), file: join("..", ".prodready.yml") },
        { severity: "warning", code: "config", message: message(".prodready.json"), file: join("..", ".prodready.json") },
      ],
    });
  });

  test("without a repository, goes up to the filesystem root", () => {
    const deep = join(dir, "a", "b");
    mkdirSync(deep, { recursive: true });
    writeFileSync(join(dir, ".prodready.yml"), "{}");
    expect(findConfigFile(deep)).toEqual({ file: join("..", "..", ".prodready.yml"), diagnostics: [] });
  });
});

describe("a resource exclusion's unit", () => {
  /** The units of `units` (paths from `dir`) the exclusion with `unit` applies in. */
  function unitsMatching(unit: string, units: string[]): string[] {
    const file = write(".prodready.yaml", `exclude:\n  resources:\n    - { address: a.b, unit: "${unit}", reason: r }\n`);
    const [suppression] = loadConfigFile(file, rules).config.suppressions;
    expect(suppression.unit).toBe(unit.trim());
    return units.filter((each) => suppression.unitMatches!(join(dir, each)));
  }
  const units = ["envs/staging", "envs/staging-eu", "envs/staging/extra", "envs", "cdktf.out/stacks/staging", "plans/prod.json", ".", "../elsewhere"];

  test("is a glob from the config file's directory matched against the whole unit, as path globs are written", () => {
    expect(unitsMatching("envs/staging", units)).toEqual(["envs/staging"]);
    expect(unitsMatching(" ./envs/staging/ ", units)).toEqual(["envs/staging"]);
    expect(unitsMatching("envs/staging*", units)).toEqual(["envs/staging", "envs/staging-eu"]);
    expect(unitsMatching("**/staging", units)).toEqual(["envs/staging", "cdktf.out/stacks/staging"]);
    expect(unitsMatching("plans/*.json", units)).toEqual(["plans/prod.json"]);
    // The config file's own directory, as a check of `.` names it; never a unit outside it.
    expect(unitsMatching(".", units)).toEqual(["."]);
    expect(unitsMatching("**", units)).toEqual(units.filter((unit) => unit !== "../elsewhere"));
  });

  test("is matched against units named from the working directory, as findings name them", () => {
    const file = write(".prodready.yaml", "exclude:\n  resources:\n    - { address: a.b, unit: envs/staging, reason: r }\n");
    const [suppression] = loadConfigFile(file, rules).config.suppressions;
    const cwd = process.cwd();
    try {
      mkdirSync(join(dir, "envs"));
      process.chdir(join(dir, "envs"));
      expect([suppression.unitMatches!("staging"), suppression.unitMatches!(join("..", "envs", "staging")), suppression.unitMatches!("envs/staging")]).toEqual([true, true, false]);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe("a resource exclusion's construct", () => {
  /** The construct paths of `paths` the exclusion with `construct` covers. */
  function covered(construct: string, paths: string[]): string[] {
    const file = write(".prodready.yaml", `exclude:\n  resources:\n    - { construct: "${construct}", reason: r }\n`);
    const [suppression] = loadConfigFile(file, rules).config.suppressions;
    expect(suppression).toMatchObject({ construct: construct.trim() });
    expect(suppression.address).toBeUndefined();
    return paths.filter((path) => suppression.constructMatches!({ constructPath: path }));
  }
  const paths = ["network/Vpc", "network/Vpc/Bastion", "network/Vpc/PublicSubnet/Jump", "network/VpcPeering/Relay", "staging/Vpc/Bastion", "network/Edge", "network/Vpc.v2/Nat"];

  test("is a glob that covers the constructs it matches and everything in them", () => {
    expect(covered("network/Vpc", paths)).toEqual(["network/Vpc", "network/Vpc/Bastion", "network/Vpc/PublicSubnet/Jump"]);
    expect(covered(" network/Vpc/* ", paths)).toEqual(["network/Vpc/Bastion", "network/Vpc/PublicSubnet/Jump"]);
    expect(covered("network/Vpc*", paths)).toEqual(["network/Vpc", "network/Vpc/Bastion", "network/Vpc/PublicSubnet/Jump", "network/VpcPeering/Relay", "network/Vpc.v2/Nat"]);
    expect(covered("*/Vpc", paths)).toEqual(["network/Vpc", "network/Vpc/Bastion", "network/Vpc/PublicSubnet/Jump", "staging/Vpc/Bastion"]);
    expect(covered("**/Bastion", paths)).toEqual(["network/Vpc/Bastion", "staging/Vpc/Bastion"]);
    // A dot is a dot, and a construct path is matched from its stack, never from within it.
    expect(covered("network/Vpc.v2", paths)).toEqual(["network/Vpc.v2/Nat"]);
    expect(covered("Vpc", paths)).toEqual([]);
  });

  test("is read without a leading or trailing slash, as a path glob is", () => {
    for (const construct of ["/network/Vpc", "network/Vpc/", "./network/Vpc"]) {
      expect(covered(construct, paths)).toEqual(["network/Vpc", "network/Vpc/Bastion", "network/Vpc/PublicSubnet/Jump"]);
    }
    expect(covered("*/Vpc/", paths)).toEqual(["network/Vpc", "network/Vpc/Bastion", "network/Vpc/PublicSubnet/Jump", "staging/Vpc/Bastion"]);
    const file = write(".prodready.yaml", 'exclude:\n  resources:\n    - { construct: " / ", reason: r }\n');
    expect(() => loadConfigFile(file, rules)).toThrow("must be a CDKTF construct path");
  });

  test("reads a module call's resources as constructs in it, by their addresses in the module", () => {
    const file = write(".prodready.yaml", 'exclude:\n  resources:\n    - { construct: "net/Db/*", reason: r }\n');
    const [{ constructMatches }] = loadConfigFile(file, rules).config.suppressions;
    const inCall = (addressInConstruct: string) => constructMatches!({ constructPath: "net/Db", addressInConstruct });
    // An instance key may hold a slash: the resource it is an instance of is in the call all the same.
    expect(["aws_db_instance.this", 'aws_db_instance.this["a/b"]', "module.inner.aws_db_instance.this", 'module.inner["a/b"].aws_db_instance.this'].map(inCall)).toEqual([true, true, true, true]);
    expect(constructMatches!({ constructPath: "net/Db" })).toBe(false);
    expect(constructMatches!({ constructPath: "net/Dbx", addressInConstruct: "aws_db_instance.this" })).toBe(false);
  });
});

describe("excludePaths", () => {
  function excluded(globs: string[], paths: string[]): string[] {
    const config: ProdreadyConfig = { file: join(dir, ".prodready.yaml"), rules: {}, suppressions: [], excludedPaths: globs.map((path) => ({ path, reason: "r", line: 1, column: 1 })) };
    const { excluded: isExcluded } = excludePaths(config);
    return paths.filter((path) => isExcluded(join(dir, path)));
  }
  const paths = ["legacy/main.tf", "legacy/old/vpc.tf", "legacy", "legacy2/main.tf", "main.tf", "envs/prod/main.tf", "envs/prod/test.tfvars", "a.tf", "ab.tf"];

  test("** spans directories, * and ? stay within a name, and a directory covers what is below it", () => {
    expect(excluded(["legacy/**"], paths)).toEqual(["legacy/main.tf", "legacy/old/vpc.tf"]);
    expect(excluded(["legacy"], paths)).toEqual(["legacy/main.tf", "legacy/old/vpc.tf", "legacy"]);
    expect(excluded(["/legacy"], paths)).toEqual(["legacy/main.tf", "legacy/old/vpc.tf", "legacy"]);
    expect(excluded(["*.tf"], paths)).toEqual(["main.tf", "a.tf", "ab.tf"]);
    expect(excluded(["**/*.tfvars"], paths)).toEqual(["envs/prod/test.tfvars"]);
    expect(excluded(["envs/*/main.tf"], paths)).toEqual(["envs/prod/main.tf"]);
    expect(excluded(["?.tf"], paths)).toEqual(["a.tf"]);
    expect(excluded(["legacy?/**"], paths)).toEqual(["legacy2/main.tf"]);
  });

  test("as in .gitignore, a leading ./ is the config's directory and a trailing / names a directory with everything in it", () => {
    mkdirSync(join(dir, "legacy"));
    writeFileSync(join(dir, "notes"), "");
    expect(excluded(["legacy/"], paths)).toEqual(["legacy/main.tf", "legacy/old/vpc.tf", "legacy"]);
    expect(excluded(["./legacy/**"], paths)).toEqual(["legacy/main.tf", "legacy/old/vpc.tf"]);
    expect(excluded(["./envs/"], paths)).toEqual(["envs/prod/main.tf", "envs/prod/test.tfvars"]);
    expect(excluded(["notes/"], ["notes", "notes/a.tf"])).toEqual(["notes/a.tf"]);
  });

  test("the exclusions that excluded nothing are told apart from those that did", () => {
    const config: ProdreadyConfig = {
      file: join(dir, ".prodready.yaml"),
      rules: {},
      suppressions: [],
      excludedPaths: ["*.tf", "main.tf", "old-stacks/**"].map((path, index) => ({ path, reason: "r", line: index + 3, column: 7 })),
    };
    const { excluded, unmatched } = excludePaths(config);
    expect(unmatched().map((exclusion) => exclusion.path)).toEqual(["*.tf", "main.tf", "old-stacks/**"]);
    expect(excluded(join(dir, "main.tf"))).toBe(true);
    expect(unmatched()).toEqual([{ path: "old-stacks/**", reason: "r", line: 5, column: 7 }]);
  });

  test("dots and other characters are literal, and nothing outside the config's directory is excluded", () => {
    expect(excluded(["a.tf"], ["a.tf", "aXtf"])).toEqual(["a.tf"]);
    expect(excluded(["**"], ["inside.tf", "../outside.tf", ""])).toEqual(["inside.tf"]);
  });

  test("relative paths are taken from the working directory, like every file system call", () => {
    const config: ProdreadyConfig = { file: join(dir, ".prodready.yaml"), rules: {}, suppressions: [], excludedPaths: [{ path: "legacy/**", reason: "r", line: 1, column: 1 }] };
    const cwd = process.cwd();
    try {
      process.chdir(dir);
      const { excluded } = excludePaths(config);
      expect([excluded("legacy/main.tf"), excluded("main.tf")]).toEqual([true, false]);
    } finally {
      process.chdir(cwd);
    }
  });
});

describe("reachableInRun", () => {
  /** The globs that could match anything under `checked` (paths from the config file's directory). */
  function reachable(checked: string[], globs: string[], of: "paths" | "units" = "paths"): string[] {
    return globs.filter(reachableInRun(dir, checked.map((path) => join(dir, path)), of));
  }
  const globs = ["envs/staging/**", "./envs/staging/", "envs/stag*", "**/generated/*.tf", "*.tf", "envs/prod", "envs/prod/main.tf", "envs", ".", "envs/prod-eu/**"];

  test("a run of the config file's directory, or of one holding it, reaches every glob", () => {
    expect(reachable(["."], globs)).toEqual(globs);
    expect(reachable([".."], globs)).toEqual(globs);
  });

  test("a run of some paths reaches the globs that could match within one of them or above one", () => {
    const outsideProd = ["envs/staging/**", "./envs/staging/", "envs/stag*", "*.tf", "envs/prod-eu/**"];
    expect(reachable(["envs/prod"], globs)).toEqual(globs.filter((glob) => !outsideProd.includes(glob)));
    expect(reachable(["envs/prod", "envs/staging"], globs)).toEqual(globs.filter((glob) => glob !== "envs/prod-eu/**" && glob !== "*.tf"));
    expect(reachable(["../elsewhere"], globs)).toEqual([]);
  });

  // Each name of the checked path against the glob's segment at that depth, as far as both go.
  test.each<[string, string, boolean]>([
    ["envs/prod", "envs/stag*", false],
    ["envs/prod", "envs/stag*/legacy/**", false],
    ["envs/prod", "*/staging", false],
    ["envs/prod", "stag*/**", false],
    ["envs/prod", "env?/prod", true],
    ["envs/prod", "envs/*", true],
    ["envs/prod", "*", true],
    // The glob goes deeper than the path: it may match below it.
    ["envs/prod", "envs/pr*/legacy/**", true],
    ["envs/prod", "*/prod/main.tf", true],
    // The path goes deeper than the glob: what the glob matches holds it.
    ["envs/prod/main.tf", "envs/*", true],
    ["envs/prod/main.tf", "envs/*/main.tf", true],
    ["envs/prod/main.tf", "envs/*/other.tf", false],
    ["envs/prod/main.tf", "*.tf", false],
    // From a `**` on, a glob may match at any depth, even within a name, where it spans directories too.
    ["envs/prod", "**/staging", true],
    ["envs/prod", "envs/**/staging", true],
    ["envs/prod", "e**/staging", true],
    ["envs/prod", "other/**/staging", false],
  ])("a run of %s reaches %s: %s", (checked, glob, expected) => {
    expect(reachable([checked], [glob])).toEqual(expected ? [glob] : []);
  });

  // A unit glob is matched against the whole unit: one that stops above the checked directory names a unit the run
  // cannot have checked, as the directories below a unit are other units.
  test.each<[string, string, boolean]>([
    ["envs/prod", ".", false],
    ["envs/prod", "envs", false],
    ["envs/prod", "*", false],
    ["envs/prod/sub", "envs/prod", false],
    ["envs/prod", "envs/prod", true],
    ["envs/prod", "envs/*", true],
    ["envs/prod", "envs/prod/tfplan.json", true],
    ["envs/prod", "envs/prod/*/stacks/*", true],
    ["envs/prod", "envs/stag*", false],
    ["envs/prod", "**/staging", true],
    ["envs/prod/sub", "envs/**", true],
    [".", ".", true],
    // A checked file is judged in its directory's units: a module file's unit is its directory.
    ["envs/prod/main.tf", "envs/prod", true],
    ["envs/prod/main.tf", "envs/*", true],
    ["envs/prod/main.tf", "envs", false],
    ["main.tf", ".", true],
  ])("a run of %s reaches units %s: %s", (checked, glob, expected) => {
    mkdirSync(join(dir, "envs/prod/sub"), { recursive: true });
    writeFileSync(join(dir, "envs/prod/main.tf"), "");
    writeFileSync(join(dir, "main.tf"), "");
    expect(reachable([checked], [glob], "units")).toEqual(expected ? [glob] : []);
  });

  test("checked paths are taken from the working directory, globs from the config file's", () => {
    const cwd = process.cwd();
    try {
      mkdirSync(join(dir, "envs"));
      process.chdir(join(dir, "envs"));
      expect(["envs/prod/**", "envs/staging/**", "prod/**"].filter(reachableInRun(dir, ["prod"], "paths"))).toEqual(["envs/prod/**"]);
    } finally {
      process.chdir(cwd);
    }
  });
});
