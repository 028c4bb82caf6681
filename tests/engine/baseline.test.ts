import { writeFileSync } from "fs";
import { join } from "path";
import { Composer } from "yaml";
import * as json from "../../src/adapters/terraform/json/parse";
import type { RepositoryPath } from "../../src/adapters/repository-root";
import { ConfigFileError } from "../../src/config/config-file";
import { applyBaseline, BASELINE_VERSION, findingFingerprint, readBaseline, rewriteBaseline, writeBaseline } from "../../src/engine/baseline";
import { applySuppressions } from "../../src/engine/suppressions";
import type { Finding, FindingOutcome } from "../../src/model/finding";
import { catalogue } from "../../src/rules/catalogue";
import { createScratch, removeScratch } from "../support/scratch";

function finding(ruleId: string, address: string, path = "", outcome: FindingOutcome = "violation", line = 1): Finding {
  const rule = catalogue.find((each) => each.id === ruleId)!;
  return {
    ruleId,
    slug: rule.slug,
    title: rule.title,
    checklist: rule.checklist,
    severity: rule.severity,
    level: "mandatory",
    outcome,
    resource: { kind: rule.kinds[0], address, name: address.split(".").pop()!, engine: "terraform" },
    path,
    message: "a problem",
    remediation: rule.remediation,
    location: { file: "main.tf", line, column: 1 },
  };
}

let dir: string;
beforeEach(() => {
  dir = createScratch();
});
afterEach(() => removeScratch(dir));

function write(text: string): string {
  const file = join(dir, "baseline.json");
  writeFileSync(file, text);
  return file;
}

const today = "2026-11-28";
const findings = [
  finding("PR-SEC-001", "aws_security_group.web", "ingress.1"),
  finding("PR-SEC-010", "aws_ebs_volume.data[0]"),
  finding("PR-SEC-001", "aws_security_group.web", "ingress.0"),
  finding("PR-SEC-010", "aws_ebs_volume.data[0]", "", "violation", 40),
  finding("PR-SEC-010", "aws_ebs_volume.logs", "", "undecided"),
  finding("PR-SEC-010", "aws_ebs_volume.cache", "", "error"),
];

describe("writeBaseline", () => {
  test("records each violation once, sorted, with a fingerprint; undecided findings and errors are not debt", () => {
    const written = JSON.parse(writeBaseline(findings, today));
    expect(written).toEqual({
      version: BASELINE_VERSION,
      generated: today,
      entries: [
        { rule: "PR-SEC-010", address: "aws_ebs_volume.data[0]", path: "", fingerprint: findingFingerprint(findings[1]) },
        { rule: "PR-SEC-001", address: "aws_security_group.web", path: "ingress.0", fingerprint: findingFingerprint(findings[2]) },
        { rule: "PR-SEC-001", address: "aws_security_group.web", path: "ingress.1", fingerprint: findingFingerprint(findings[0]) },
      ],
    });
  });

  test("the fingerprint ignores the line and tells rule, resource and property apart", () => {
    const base = finding("PR-SEC-001", "aws_security_group.web", "ingress.0");
    expect(findingFingerprint(finding("PR-SEC-001", "aws_security_group.web", "ingress.0", "violation", 99))).toBe(findingFingerprint(base));
    const others = [finding("PR-SEC-002", "aws_security_group.web", "ingress.0"), finding("PR-SEC-001", "aws_security_group.api", "ingress.0"), finding("PR-SEC-001", "aws_security_group.web", "ingress.1")];
    expect(new Set([base, ...others].map(findingFingerprint)).size).toBe(4);
    expect(findingFingerprint(base)).toMatch(/^[0-9a-f]{32}$/);
  });

  test("records the unit a finding was judged in, and the fingerprint tells one address in two units apart", () => {
    const staging = { ...finding("PR-OPS-005", "aws_cloudwatch_log_group.logs", "retention_in_days"), unit: "envs/staging" };
    const production = { ...staging, unit: "envs/production" };
    expect(findingFingerprint(staging)).not.toBe(findingFingerprint(production));
    expect(JSON.parse(writeBaseline([staging], today)).entries).toEqual([
      { rule: "PR-OPS-005", unit: "envs/staging", address: "aws_cloudwatch_log_group.logs", path: "retention_in_days", fingerprint: findingFingerprint(staging) },
    ]);
  });

  test("the generated date defaults to today", () => {
    expect(JSON.parse(writeBaseline([])).generated).toBe(new Date().toISOString().slice(0, 10));
  });
});

describe("readBaseline", () => {
  test("gives back suppressions that accept the recorded findings wherever their lines move", () => {
    const file = write(writeBaseline(findings, today));
    const suppressions = readBaseline(file);
    expect(suppressions[0]).toEqual({
      rule: "PR-SEC-010",
      reason: "accepted in the baseline of 2026-11-28",
      origin: "baseline",
      location: { file, line: 5, column: 5 },
      address: "aws_ebs_volume.data[0]",
    });
    expect(suppressions[1]).toMatchObject({ path: "ingress.0" });
    const moved = findings.map((each) => ({ ...each, location: { ...each.location, line: each.location.line! + 12 } }));
    const result = applySuppressions(moved, suppressions, { today, catalogue });
    expect(result.findings.map((each) => each.outcome)).toEqual(["undecided", "error"]);
    expect(result.diagnostics).toEqual([]);
  });

  test("an entry accepts its finding in its own unit only; an entry without a unit, written before units were, in any", () => {
    const staging = { ...finding("PR-OPS-005", "aws_cloudwatch_log_group.logs", "retention_in_days"), unit: "envs/staging" };
    const production = { ...staging, unit: "envs/production" };
    const result = applySuppressions([staging, production], readBaseline(write(writeBaseline([staging], today))), { today, catalogue });
    expect(result.findings.map((each) => each.unit)).toEqual(["envs/production"]);
    const older = write(JSON.stringify({ version: BASELINE_VERSION, generated: today, entries: [{ rule: "PR-OPS-005", address: "aws_cloudwatch_log_group.logs", path: "retention_in_days" }] }));
    expect(applySuppressions([staging, production], readBaseline(older), { today, catalogue }).findings).toEqual([]);
    const blank = write(JSON.stringify({ version: BASELINE_VERSION, entries: [{ rule: "PR-OPS-005", unit: " ", address: "aws_cloudwatch_log_group.logs", path: "" }] }));
    expect(() => readBaseline(blank)).toThrow(ConfigFileError);
  });

  test("an entry's path accepts its rule's finding within it, and one of the whole resource (\"\") at any property of it; never another resource's", () => {
    const whole = finding("PR-SEC-009", "aws_s3_bucket.data");
    const within = finding("PR-SEC-009", "aws_s3_bucket.data", "server_side_encryption_configuration");
    const other = finding("PR-SEC-009", "aws_s3_bucket.logs", "server_side_encryption_configuration");
    expect(applySuppressions([within, other], readBaseline(write(writeBaseline([whole], today))), { today, catalogue }).findings).toEqual([other]);
    const block = finding("PR-SEC-001", "aws_security_group.web", "ingress.0");
    const inBlock = finding("PR-SEC-001", "aws_security_group.web", "ingress.0.cidr_blocks.0");
    const wholeGroup = finding("PR-SEC-001", "aws_security_group.web");
    expect(applySuppressions([inBlock, wholeGroup], readBaseline(write(writeBaseline([block], today))), { today, catalogue }).findings).toEqual([wholeGroup]);
  });

  test("an entry with a subject accepts that subject only; one written without, before subjects were, accepts every subject", () => {
    const accessKey = { ...finding("PR-CFG-003", "aws_instance.worker", "user_data"), subject: "an AWS access key ID" };
    const privateKey = { ...accessKey, subject: "a private key" };
    const result = applySuppressions([accessKey, privateKey], readBaseline(write(writeBaseline([accessKey], today))), { today, catalogue });
    expect(result.findings.map((each) => each.subject)).toEqual(["a private key"]);
    const older = write(JSON.stringify({ version: BASELINE_VERSION, generated: today, entries: [{ rule: "PR-CFG-003", address: "aws_instance.worker", path: "user_data" }] }));
    expect(applySuppressions([accessKey, privateKey], readBaseline(older), { today, catalogue }).findings).toEqual([]);
    expect(findingFingerprint(accessKey)).not.toBe(findingFingerprint(privateKey));
  });

  test("an entry with a subject matches it at other list positions and never another subject there; without one, positions still count", () => {
    const ssh = { ...finding("PR-SEC-001", "aws_security_group.web", "ingress.0.cidr_blocks.0"), subject: "tcp 22 from 0.0.0.0/0" };
    const movedSsh = { ...ssh, path: "ingress.1.cidr_blocks.2" };
    const rdp = { ...ssh, subject: "tcp 3389 from 0.0.0.0/0" };
    const result = applySuppressions([rdp, movedSsh], readBaseline(write(writeBaseline([ssh], today))), { today, catalogue });
    expect(result.findings).toEqual([rdp]);
    expect(result.diagnostics).toEqual([]);
    expect(findingFingerprint(movedSsh)).toBe(findingFingerprint(ssh));
    const unnamed = { ...ssh, subject: undefined };
    expect(findingFingerprint({ ...unnamed, path: "ingress.1.cidr_blocks.2" })).not.toBe(findingFingerprint(unnamed));
    const positional = applySuppressions([{ ...movedSsh, subject: undefined }], readBaseline(write(writeBaseline([unnamed], today))), { today, catalogue });
    expect(positional.findings.map((each) => each.path)).toEqual(["ingress.1.cidr_blocks.2"]);
  });

  test("an entry for a single resource accepts the instance Terraform moves it to when count is added or removed, not the new ones", () => {
    const single = finding("PR-SEC-001", "aws_security_group.web", "ingress.0");
    const counted = [0, 1, 2].map((index) => finding("PR-SEC-001", `aws_security_group.web[${index}]`, "ingress.0"));
    const added = applySuppressions(counted, readBaseline(write(writeBaseline([single], today))), { today, catalogue });
    expect(added.findings.map((each) => each.resource.address)).toEqual(["aws_security_group.web[1]", "aws_security_group.web[2]"]);
    const removed = applySuppressions([single], readBaseline(write(writeBaseline([counted[0]], today))), { today, catalogue });
    expect(removed.findings).toEqual([]);
    const keyed = applySuppressions([finding("PR-SEC-001", 'aws_security_group.web["a"]', "ingress.0")], readBaseline(write(writeBaseline([single], today))), { today, catalogue });
    expect(keyed.findings.map((each) => each.resource.address)).toEqual(['aws_security_group.web["a"]']);
  });

  test("an entry accepts its finding after moved blocks move the resource, at any step of their chain, and it keeps its fingerprint", () => {
    const original = finding("PR-SEC-001", "aws_security_group.web", "ingress.0");
    const movedTo = (address: string, ...movedFrom: string[]) => {
      const found = finding("PR-SEC-001", address, "ingress.0");
      return { ...found, resource: { ...found.resource, movedFrom } };
    };
    const renamed = movedTo("module.edge.aws_security_group.bastion", "aws_security_group.bastion", "aws_security_group.web");
    const result = applySuppressions([renamed], readBaseline(write(writeBaseline([original], today))), { today, catalogue });
    expect(result.findings).toEqual([]);
    expect(result.diagnostics).toEqual([]);
    const midway = movedTo("aws_security_group.bastion", "aws_security_group.web");
    expect(applySuppressions([renamed], readBaseline(write(writeBaseline([midway], today))), { today, catalogue }).findings).toEqual([]);
    expect(new Set([original, midway, renamed].map(findingFingerprint)).size).toBe(1);
    // Count added on the way still moves the single instance to [0], and no other.
    const counted = [0, 1].map((index) => movedTo(`aws_security_group.bastion[${index}]`, `aws_security_group.web[${index}]`));
    expect(applySuppressions(counted, readBaseline(write(writeBaseline([original], today))), { today, catalogue }).findings).toEqual([counted[1]]);
    // Written again, the entry names the resource where it is now; two resources moved from one address keep an entry each.
    const other = movedTo("aws_security_group.admin", "aws_security_group.web");
    expect(JSON.parse(writeBaseline([renamed, other], today)).entries.map((entry: { address: string; fingerprint: string }) => [entry.address, entry.fingerprint])).toEqual([
      ["aws_security_group.admin", findingFingerprint(original)],
      ["module.edge.aws_security_group.bastion", findingFingerprint(original)],
    ]);
  });

  test("a new violation is reported; a fixed one leaves a notice at its entry, so the baseline can shrink", () => {
    const file = write(writeBaseline(findings, today));
    const fixedAndNew = [findings[0], findings[1], finding("PR-SEC-001", "aws_security_group.web", "ingress.2")];
    const result = applySuppressions(fixedAndNew, readBaseline(file), { today, catalogue });
    expect(result.findings.map((each) => each.path)).toEqual(["ingress.2"]);
    expect(result.diagnostics).toEqual([
      {
        severity: "notice",
        code: "unused-suppression",
        message: "baseline entry for PR-SEC-001 on aws_security_group.web at ingress.0 matches no finding; remove it",
        file,
        line: 11,
        column: 5,
      },
    ]);
  });

  test("a baseline is read with JSON.parse, and where an entry is written is worked out only for an entry reported, by one parse", () => {
    // A YAML parse keeping every position took seconds on a baseline of thousands of entries.
    const yamlParsed = jest.spyOn(Composer.prototype, "compose");
    const parsedWithPositions = jest.spyOn(json, "parseJsonWithPositions");
    try {
      const file = write(writeBaseline(findings, today));
      expect(applySuppressions(findings, readBaseline(file), { today, catalogue }).diagnostics).toEqual([]);
      expect(yamlParsed).not.toHaveBeenCalled();
      expect(parsedWithPositions).not.toHaveBeenCalled();
      const withTwoFixed = applySuppressions([findings[1]], readBaseline(file), { today, catalogue });
      expect(withTwoFixed.diagnostics.map(({ line, column }) => [line, column])).toEqual([[11, 5], [17, 5]]);
      expect(parsedWithPositions).toHaveBeenCalledTimes(1);
    } finally {
      yamlParsed.mockRestore();
      parsedWithPositions.mockRestore();
    }
  });

  test("a baseline written as YAML is read as before, with its entries' positions", () => {
    const file = join(dir, "baseline.yaml");
    writeFileSync(file, "version: 2\nentries:\n  # accepted while the VPN is rebuilt\n  - { rule: PR-SEC-001, address: aws_security_group.web, path: ingress.0 }\n");
    expect(readBaseline(file).map((suppression) => suppression.location)).toEqual([{ file, line: 4, column: 5 }]);
  });

  test.each([
    // A baseline is JSON, and told in JSON's terms.
    ['{ "version": 1, "entries": [\n  { "rule": "PR-SEC-001" "address": "a.b" }\n] }', 2, "malformed JSON: expected ',' or '}' after an object member, found a string"],
    ['{ "version": 2, "entries": [ \n', 2, "malformed JSON: expected a value, found the end of the file"],
    ["[]", 1, "is not a prodready baseline"],
    ['{ "version": 4, "entries": [] }', 1, "baseline version must be 1, 2 or 3; write the baseline again with --write-baseline"],
    ['{ "version": 1, "entries": {} }', 1, "entries must be a list"],
    ['{\n  "version": 1,\n  "entries": [\n    { "rule": "PR-SEC-001", "address": "a.b", "path": "" },\n    { "rule": "PR-SEC-001", "path": "" }\n  ]\n}', 5, "needs the resource's address"],
    ['{ "version": 1, "entries": [ { "rule": "PR-SEC-001", "address": "a.b" } ] }', 1, "needs a property path"],
    ['{\n  "version": 2,\n  "entries": [\n    { "rule": "PR-SEC-001",\n      "unit": "" }\n  ]\n}', 5, "unit must be the root module"],
  ])("refuses a file that is no baseline, at the offending line: %s", (text, line, message) => {
    const file = write(text);
    let thrown: unknown;
    try {
      readBaseline(file);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigFileError);
    expect((thrown as ConfigFileError).line).toBe(line);
    expect((thrown as ConfigFileError).message).toContain(`${file}:${line}:`);
    expect((thrown as ConfigFileError).message).toContain(message);
  });
});

describe("rewriteBaseline", () => {
  const asGiven = ((path?: string) => path) as RepositoryPath;
  const staging = { rule: "PR-SEC-001", unit: "envs/staging", address: "aws_security_group.web", path: "ingress.0", fingerprint: "f" };

  test("keeps the entries of units the run did not check, as they were, after its own", () => {
    const file = write(JSON.stringify({ version: BASELINE_VERSION, entries: [staging] }));
    const result = rewriteBaseline(file, [], { units: [{ name: "envs/prod" }], paths: [], unreadFiles: [] }, today, asGiven);
    expect(result).toMatchObject({ kept: 1, keptUnits: ["envs/staging"], dropped: 0 });
    expect(JSON.parse(result.text).entries).toEqual([staging]);
  });

  test("keeps nothing of an older baseline, or a file that is none, and says why", () => {
    const older = write(JSON.stringify({ version: 2, entries: [staging] }));
    expect(rewriteBaseline(older, [], { units: [], paths: [], unreadFiles: [] }, today, asGiven)).toMatchObject({ kept: 0, notKept: "it is a version 2 baseline, written again in full" });
    const other = write("[]");
    expect(rewriteBaseline(other, [], { units: [], paths: [], unreadFiles: [] }, today, asGiven).notKept).toMatch(/^it is no baseline prodready reads \(is not a prodready baseline/);
  });
});

describe("a baseline written before redactions were numbered", () => {
  // Two literal secrets in a container definition made secret as a whole: before numbering, both read `[secret]`.
  const first = { ...finding("PR-CFG-002", "aws_ecs_task_definition.api", "container_definitions"), subject: "container api, environment variable [secret]" };
  const second = { ...first, subject: "container api, environment variable [secret#2]" };
  // A Lambda environment merge()d from a secret map: the path is numbered where no subject is.
  const lambda = finding("PR-CFG-001", "aws_lambda_function.api", "environment.variables.[secret]");
  const lambdaSecond = { ...lambda, path: "environment.variables.[secret#2]" };
  const asWrittenBy = (version: number, ...entries: Finding[]) => write(JSON.stringify({ ...JSON.parse(writeBaseline(entries, today)), version }, null, 2));
  const apply = (found: Finding[], file: string) => applyBaseline(found, { units: [], paths: [], unreadFiles: [] }, file, { today, catalogue }, ((path?: string) => path) as RepositoryPath);

  test("version 2: an entry for [secret] accepts each finding it stood for, and one notice at the version asks to write it again", () => {
    const file = asWrittenBy(2, first, lambda);
    const result = apply([first, second, lambda, lambdaSecond], file);
    expect(result.findings).toEqual([]);
    expect(result.suppressed.map(({ finding }) => finding)).toEqual([first, second, lambda, lambdaSecond]);
    expect(result.diagnostics).toEqual([
      {
        severity: "notice",
        code: "config",
        message:
          "baseline version 2 predates numbered redactions: an entry for [secret] still accepts the findings now told apart as [secret#2], " +
          "[secret#3]…; write the baseline again with --write-baseline so that each entry accepts one finding",
        file,
        line: 2,
        column: 3,
      },
    ]);
    // Written again, each finding has its entry.
    expect(JSON.parse(writeBaseline([first, second], today)).entries.map((entry: { subject: string }) => entry.subject)).toEqual([first.subject, second.subject]);
  });

  test("version 2: no notice where no numbered finding needed the old entry; other subjects are not accepted", () => {
    expect(apply([first], asWrittenBy(2, first)).diagnostics).toEqual([]);
    const named = { ...first, subject: "container api, environment variable DB_PASSWORD" };
    expect(apply([named, second], asWrittenBy(2, named)).findings).toEqual([second]);
  });

  test("version 2: an entry that reads [secret#2] is read as [secret] too, as its findings are", () => {
    const result = apply([first, second, lambda, lambdaSecond], asWrittenBy(2, second, lambdaSecond));
    expect(result.findings).toEqual([]);
    expect(result.diagnostics.map((diagnostic) => diagnostic.code)).toEqual(["config"]);
  });

  test("version 3: an entry accepts its one finding, and a second secret is reported", () => {
    const result = apply([first, second, lambda, lambdaSecond], asWrittenBy(BASELINE_VERSION, first, lambda));
    expect(BASELINE_VERSION).toBe(3);
    expect(result.findings).toEqual([second, lambdaSecond]);
    expect(result.diagnostics).toEqual([]);
  });
});

describe("a baseline written on Windows", () => {
  const files = (found: Finding, unit: string): Finding => ({ ...found, unit, resource: { ...found.resource, engine: "files" } });
  const dockerfile = files(finding("PR-CFG-009", "svc/api/Dockerfile", "stages.0.base"), "svc/api");
  const compose = files(finding("PR-CFG-012", "svc/api/compose.yaml#web", "image"), "svc/api");
  const volume = { ...finding("PR-SEC-010", 'aws_ebs_volume.data["C:\\\\data"]'), unit: "infra/envs/prod" };
  const apply = (file: string) => applyBaseline([dockerfile, compose, volume], { units: [{ name: "svc/api" }, { name: "infra/envs/prod" }], paths: [], unreadFiles: [] }, file, { today, catalogue }, ((path?: string) => path) as RepositoryPath);

  test("names units and files with backslashes, and accepts the same findings elsewhere; a backslash in a Terraform key is the key's", () => {
    const entries = [
      { rule: "PR-CFG-009", unit: "svc\\api", address: "svc\\api\\Dockerfile", path: "stages.0.base" },
      { rule: "PR-CFG-012", unit: "svc\\api", address: "svc\\api\\compose.yaml#web", path: "image" },
      { rule: "PR-SEC-010", unit: "infra\\envs\\prod", address: 'aws_ebs_volume.data["C:\\\\data"]', path: "" },
    ];
    const result = apply(write(JSON.stringify({ version: BASELINE_VERSION, generated: today, entries })));
    expect(result.findings).toEqual([]);
    expect(result.diagnostics).toEqual([]);
  });
});
