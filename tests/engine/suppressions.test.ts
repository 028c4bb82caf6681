import { App, TerraformResource, TerraformStack } from "cdktf";
import {
  ALL_RULES,
  applySuppressions,
  isIsoDate,
  parseSuppressionComment,
  recordedAddresses,
  scopesCovering,
  SuppressionIndex,
  suppressionsFromMetadata,
  type Covered,
  type Suppression,
} from "../../src/engine/suppressions";
import type { Finding, FindingOutcome } from "../../src/model/finding";
import { resolveSettings } from "../../src/engine/settings";
import { catalogue } from "../../src/rules/catalogue";

function finding(address: string, options: { ruleId?: string; slug?: string; path?: string; outcome?: FindingOutcome } = {}): Finding {
  return {
    ruleId: options.ruleId ?? "PR-SEC-010",
    slug: options.slug ?? "aws-ebs-encryption",
    title: "EBS volumes are encrypted",
    checklist: "5.2.1",
    severity: "high",
    level: "mandatory",
    outcome: options.outcome ?? "violation",
    resource: { kind: "aws_ebs_volume", address, name: address.split(".").pop() ?? address, engine: "terraform" },
    path: options.path ?? "",
    message: "the volume is not encrypted",
    remediation: "set encrypted",
    location: { file: "main.tf", line: 1, column: 1 },
  };
}

function suppression(address: string, overrides: Partial<Omit<Suppression, keyof Covered>> = {}): Suppression {
  return { rule: "PR-SEC-010", reason: "accepted", origin: "comment", location: { file: "main.tf", line: 7, column: 3 }, address, ...overrides };
}

const today = "2026-11-28";

describe("parseSuppressionComment", () => {
  test.each([
    ["# prodready:ignore PR-SEC-001 bastion is reached over VPN only", { rules: ["PR-SEC-001"], reason: "bastion is reached over VPN only" }],
    ["// prodready:ignore aws-ebs-encryption scratch volume", { rules: ["aws-ebs-encryption"], reason: "scratch volume" }],
    ["#prodready:ignore PR-SEC-001,PR-SEC-010 legacy host", { rules: ["PR-SEC-001", "PR-SEC-010"], reason: "legacy host" }],
    ["# prodready:ignore PR-SEC-001, aws-ebs-encryption  legacy   host", { rules: ["PR-SEC-001", "aws-ebs-encryption"], reason: "legacy host" }],
    ["# prodready:ignore PR-SEC-001 exp:2027-01-31 until the migration", { rules: ["PR-SEC-001"], reason: "until the migration", expires: "2027-01-31" }],
    ["# prodready:ignore PR-SEC-001 until the migration exp:2027-01-31", { rules: ["PR-SEC-001"], reason: "until the migration", expires: "2027-01-31" }],
    ["/* prodready:ignore PR-SEC-001 kept for\n * the old client */", { rules: ["PR-SEC-001"], reason: "kept for the old client" }],
  ])("reads %j", (text, expected) => {
    expect(parseSuppressionComment(text)).toEqual(expected);
  });

  test.each(["# an ordinary comment", "// see prodready:ignore in the docs", "/* region: eu-west-1 */", "# "])("ignores %j, which is no directive", (text) => {
    expect(parseSuppressionComment(text)).toBeUndefined();
  });

  test.each([
    ["# prodready:ignore PR-SEC-001", /needs a reason/],
    ["# prodready:ignore PR-SEC-001 exp:2027-01-31", /needs a reason/],
    ["# prodready:ignore", /needs a rule/],
    ["# prodready:ignore because it is public", /needs a rule/],
    ["# prodready:ignore exp:2027-01-31 because", /needs a rule/],
    ["# prodready:ignore PR-SEC-001 exp:2027-02-30 reason", /real date/],
    ["# prodready:ignore PR-SEC-001 exp:next-year reason", /real date/],
    ["# prodready:ignore PR-SEC-001 exp:2027-01-31 reason exp:2027-02-01", /one exp: date/],
    ["# prodready:ignore PR-SEC-001 vendor bastion, exp:2030-01-01 until they move to SSM", /^"exp:2030-01-01" must come right after the rule or at the end of the reason/],
    ["# prodready:skip PR-SEC-001 reason", /unknown directive "prodready:skip"/],
  ])("refuses %j with a message that says what is wrong", (text, message) => {
    const parsed = parseSuppressionComment(text);
    expect(parsed).toEqual({ error: expect.stringMatching(message) });
  });

  test.each([
    ["# prodready:ignore PR-SEC-001 expires:2020-01-01 vendor access", "expires:2020-01-01"],
    ["# prodready:ignore PR-SEC-001 expiry:2020-01-01 vendor access", "expiry:2020-01-01"],
    ["# prodready:ignore PR-SEC-001 vendor access until:2020-01-01", "until:2020-01-01"],
    ["# prodready:ignore PR-SEC-001 exp=2020-01-01 vendor access", "exp=2020-01-01"],
  ])("refuses %j, whose date would be read as the reason and never expire", (text, word) => {
    expect(parseSuppressionComment(text)).toEqual({ error: `"${word}" looks like a misspelt exp:YYYY-MM-DD; the suppression is not applied` });
  });
});

test("isIsoDate accepts real days only", () => {
  expect(["2027-01-31", "2028-02-29"].map(isIsoDate)).toEqual([true, true]);
  expect(["2027-02-29", "2027-13-01", "2027-1-31", "20270131", " 2027-01-31"].map(isIsoDate)).toEqual([false, false, false, false, false]);
});

describe("suppressionsFromMetadata", () => {
  const location = { file: "cdk.tf.json", constructPath: "app/data" };

  test("reads prodready.ignore beside CDKTF's own metadata", () => {
    const comment = {
      metadata: { path: "app/data", uniqueId: "data" },
      prodready: { ignore: [{ rule: "PR-SEC-010", reason: " restored from a snapshot ", expires: "2027-01-31" }, { rule: "aws-ec2-no-public-admin-ports", reason: "bastion", path: "ingress" }] },
    };
    expect(suppressionsFromMetadata(comment, "aws_ebs_volume.data", location)).toEqual({
      suppressions: [
        { rule: "PR-SEC-010", reason: "restored from a snapshot", expires: "2027-01-31", origin: "metadata", location, address: "aws_ebs_volume.data" },
        { rule: "aws-ec2-no-public-admin-ports", reason: "bastion", path: "ingress", origin: "metadata", location, address: "aws_ebs_volume.data" },
      ],
      diagnostics: [],
    });
  });

  test("what a CDKTF user writes with addOverride reaches the synthesized JSON and is read back", () => {
    const stack = new TerraformStack(new App(), "app");
    const volume = new TerraformResource(stack, "data", { terraformResourceType: "aws_ebs_volume" });
    volume.addOverride("//.prodready", { ignore: [{ rule: "PR-SEC-010", reason: "scratch disk" }] });
    const synthesized = stack.toTerraform() as { resource: Record<string, Record<string, Record<string, unknown>>> };
    const jsonComment = synthesized.resource.aws_ebs_volume.data["//"];
    expect(jsonComment).toMatchObject({ metadata: { path: "app/data" } });
    expect(suppressionsFromMetadata(jsonComment, "aws_ebs_volume.data", location).suppressions).toEqual([
      { rule: "PR-SEC-010", reason: "scratch disk", origin: "metadata", location, address: "aws_ebs_volume.data" },
    ]);
  });

  test("says nothing about resources without prodready metadata", () => {
    expect(suppressionsFromMetadata({ metadata: { path: "app/data" } }, "aws_ebs_volume.data", location)).toEqual({ suppressions: [], diagnostics: [] });
    expect(suppressionsFromMetadata(undefined, "aws_ebs_volume.data", location)).toEqual({ suppressions: [], diagnostics: [] });
  });

  test("refuses broken entries one by one, keeping the good ones", () => {
    const comment = {
      prodready: {
        ignore: [
          { rule: "PR-SEC-010" },
          { rule: "PR-SEC-010", reason: "r", expiry: "2027-01-31" },
          { rule: "PR-SEC-010", reason: "r", expires: "31/01/2027" },
          "PR-SEC-010",
          { rule: "PR-SEC-001", reason: "kept" },
        ],
      },
    };
    const read = suppressionsFromMetadata(comment, "aws_ebs_volume.data", location);
    expect(read.suppressions.map((entry) => entry.rule)).toEqual(["PR-SEC-001"]);
    expect(read.diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.file, diagnostic.message])).toEqual([
      ["invalid-suppression", "cdk.tf.json", expect.stringMatching(/ignore\[0\] on aws_ebs_volume\.data: needs a reason/)],
      ["invalid-suppression", "cdk.tf.json", expect.stringMatching(/ignore\[1\].*unknown key "expiry"/)],
      ["invalid-suppression", "cdk.tf.json", expect.stringMatching(/ignore\[2\].*real date/)],
      ["invalid-suppression", "cdk.tf.json", expect.stringMatching(/ignore\[3\].*must be an object/)],
    ]);
  });

  test("a prodready key of the wrong shape is reported", () => {
    const read = suppressionsFromMetadata({ prodready: [{ rule: "PR-SEC-010", reason: "r" }] }, "aws_ebs_volume.data", location);
    expect(read.suppressions).toEqual([]);
    expect(read.diagnostics).toEqual([expect.objectContaining({ code: "invalid-suppression", message: expect.stringContaining('"ignore"') })]);
  });
});

describe("applySuppressions", () => {
  test("a suppression covers its rule by ID or slug, and nothing else", () => {
    const findings = [finding("aws_ebs_volume.data"), finding("aws_ebs_volume.data", { ruleId: "PR-SEC-001", slug: "aws-ec2-no-public-admin-ports" })];
    for (const rule of ["PR-SEC-010", "aws-ebs-encryption"]) {
      const result = applySuppressions(findings, [suppression("aws_ebs_volume.data", { rule })], { today });
      expect(result.findings).toEqual([findings[1]]);
      expect(result.suppressed).toEqual([{ finding: findings[0], by: expect.objectContaining({ rule }) }]);
      expect(result.diagnostics).toEqual([]);
    }
  });

  test("addresses cover their instances and modules cover everything inside", () => {
    const addresses = [
      "aws_ebs_volume.data",
      "aws_ebs_volume.data[0]",
      'aws_ebs_volume.data["a"]',
      "aws_ebs_volume.database",
      "module.db.aws_ebs_volume.data",
      'module.db["eu"].aws_ebs_volume.data',
      "module.db.module.inner.aws_ebs_volume.data",
      "module.dbx.aws_ebs_volume.data",
    ];
    const coveredBy = (address: string) =>
      applySuppressions(addresses.map((each) => finding(each)), [suppression(address)], { today }).suppressed.map((entry) => entry.finding.resource.address);
    expect(coveredBy("aws_ebs_volume.data")).toEqual(["aws_ebs_volume.data", "aws_ebs_volume.data[0]", 'aws_ebs_volume.data["a"]']);
    expect(coveredBy("aws_ebs_volume.data[0]")).toEqual(["aws_ebs_volume.data[0]"]);
    expect(coveredBy("module.db")).toEqual([
      "module.db.aws_ebs_volume.data",
      'module.db["eu"].aws_ebs_volume.data',
      "module.db.module.inner.aws_ebs_volume.data",
    ]);
    expect(coveredBy('module.db["eu"]')).toEqual(['module.db["eu"].aws_ebs_volume.data']);
    expect(coveredBy("module.db.module.inner")).toEqual(["module.db.module.inner.aws_ebs_volume.data"]);
  });

  test("a path covers itself and what is below it", () => {
    const paths = ["", "ingress", "ingress.0.cidr_blocks", "ingress_rules", "egress.0"];
    const findings = paths.map((path) => finding("aws_security_group.web", { path }));
    const covered = applySuppressions(findings, [suppression("aws_security_group.web", { path: "ingress" })], { today }).suppressed;
    expect(covered.map((entry) => entry.finding.path)).toEqual(["ingress", "ingress.0.cidr_blocks"]);
  });

  test("`all` covers every rule", () => {
    const findings = [finding("aws_ebs_volume.data"), finding("aws_ebs_volume.data", { ruleId: "PR-SEC-001", slug: "aws-ec2-no-public-admin-ports" })];
    const result = applySuppressions(findings, [suppression("aws_ebs_volume.data", { rule: ALL_RULES, origin: "config" })], { today, catalogue });
    expect(result.findings).toEqual([]);
    expect(result.diagnostics).toEqual([]);
  });

  test("undecided findings can be suppressed; a rule's own error never is, yet the suppression counts as used", () => {
    const undecided = finding("aws_ebs_volume.data", { outcome: "undecided" });
    const failed = finding("aws_ebs_volume.logs", { outcome: "error" });
    const result = applySuppressions([undecided, failed], [suppression("aws_ebs_volume.data"), suppression("aws_ebs_volume.logs")], { today });
    expect(result.findings).toEqual([failed]);
    expect(result.suppressed.map((entry) => entry.finding)).toEqual([undecided]);
    expect(result.diagnostics).toEqual([]);
  });

  test("an expired suppression no longer applies and says so once, where it is written", () => {
    const findings = [finding("aws_ebs_volume.data"), finding("aws_ebs_volume.data[1]")];
    const expiring = suppression("aws_ebs_volume.data", { expires: today });
    const result = applySuppressions(findings, [expiring], { today });
    expect(result.findings).toEqual(findings);
    expect(result.diagnostics).toEqual([
      { severity: "warning", code: "expired-suppression", message: expect.stringContaining("expired on 2026-11-28"), file: "main.tf", line: 7, column: 3 },
    ]);
    expect(applySuppressions(findings, [{ ...expiring, expires: "2026-11-29" }], { today }).findings).toEqual([]);
  });

  test("a suppression that covers nothing is a warning; a stale baseline entry only a notice", () => {
    const baselineEntry = suppression("aws_ebs_volume.gone", { origin: "baseline", location: { file: ".prodready-baseline.json", line: 12, column: 5 } });
    const result = applySuppressions([finding("aws_ebs_volume.data")], [suppression("aws_ebs_volume.gone"), baselineEntry], { today });
    expect(result.diagnostics.map(({ severity, code, file, line }) => ({ severity, code, file, line }))).toEqual([
      { severity: "warning", code: "unused-suppression", file: "main.tf", line: 7 },
      { severity: "notice", code: "unused-suppression", file: ".prodready-baseline.json", line: 12 },
    ]);
    expect(result.diagnostics[0].message).toBe("prodready:ignore comment for PR-SEC-010 on aws_ebs_volume.gone matches no finding; remove it");
  });

  test("a rule the catalogue lacks makes the suppression invalid, not unused", () => {
    const result = applySuppressions([finding("aws_ebs_volume.data")], [suppression("aws_ebs_volume.data", { rule: "PR-SEC-999" })], { today, catalogue });
    expect(result.findings).toHaveLength(1);
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: "invalid-suppression", message: expect.stringContaining("PR-SEC-999 on aws_ebs_volume.data names no known rule") })]);
  });

  test("a suppression of a rule the run's settings disable is neither used nor unused, nor expired: that rule did not run", () => {
    const settings = resolveSettings(catalogue, "platform", { "PR-SEC-010": "disabled" });
    const disabled = [suppression("aws_ebs_volume.gone"), suppression("aws_ebs_volume.old", { origin: "baseline", expires: "2020-01-01" })];
    const result = applySuppressions([], [...disabled, suppression("aws_ebs_volume.gone", { rule: "aws-ebs-encryption" })], { today, catalogue, settings });
    expect(result).toMatchObject({ diagnostics: [], used: [], unused: [] });
    // Enabled, the same suppression that matches nothing is reported.
    const enabled = applySuppressions([], [suppression("aws_ebs_volume.gone")], { today, catalogue, settings: resolveSettings(catalogue, "platform") });
    expect(enabled.diagnostics).toEqual([expect.objectContaining({ code: "unused-suppression" })]);
  });

  test("the suppression written closest to the code explains a finding, and every one covering it counts as used", () => {
    const fromBaseline = suppression("aws_ebs_volume.data", { origin: "baseline", reason: "in the baseline" });
    const fromComment = suppression("aws_ebs_volume.data", { reason: "scratch disk" });
    const result = applySuppressions([finding("aws_ebs_volume.data[0]")], [fromBaseline, fromComment], { today });
    expect(result.suppressed.map((entry) => entry.by)).toEqual([fromComment]);
    expect(result.diagnostics).toEqual([]);
  });

  test("diagnostics never quote what a finding says about values", () => {
    const secretish = { ...finding("aws_ebs_volume.data"), message: "value hunter2 is wrong" };
    const result = applySuppressions([secretish], [suppression("aws_ebs_volume.data", { expires: "2020-01-01" }), suppression("aws_ebs_volume.other")], { today });
    expect(result.diagnostics).toHaveLength(2);
    for (const diagnostic of result.diagnostics) expect(diagnostic.message).not.toContain("hunter2");
  });
});

test("a comma in the reason is kept as written, while the rule list may be spaced", () => {
  expect(parseSuppressionComment("# prodready:ignore PR-SEC-001, PR-SEC-002 key, revoked; see ticket 12")).toEqual({
    rules: ["PR-SEC-001", "PR-SEC-002"],
    reason: "key, revoked; see ticket 12",
  });
});

describe("SuppressionIndex", () => {
  test("a resource is covered through its address, the address up to each instance key, and each module it is in", () => {
    expect(scopesCovering("aws_ebs_volume.data")).toEqual(["aws_ebs_volume.data"]);
    expect(scopesCovering('module.db["eu"].module.inner.aws_ebs_volume.data[0]')).toEqual([
      'module.db["eu"].module.inner.aws_ebs_volume.data[0]',
      "module.db",
      'module.db["eu"]',
      'module.db["eu"].module.inner',
      'module.db["eu"].module.inner.aws_ebs_volume.data',
    ]);
  });

  test("dots, brackets and escaped quotes inside a quoted instance key separate nothing", () => {
    expect(scopesCovering('module.m["a.b]c\\"d"].aws_s3_bucket.x["e.f[0]"]')).toEqual([
      'module.m["a.b]c\\"d"].aws_s3_bucket.x["e.f[0]"]',
      "module.m",
      'module.m["a.b]c\\"d"]',
      'module.m["a.b]c\\"d"].aws_s3_bucket.x',
    ]);
  });

  test("a baseline entry covers a resource through each address it has had, with and without the [0] count adds", () => {
    expect(recordedAddresses({ kind: "aws_ebs_volume", address: "module.db.aws_ebs_volume.data[0]", name: "data", engine: "terraform", movedFrom: ["aws_ebs_volume.old"] })).toEqual([
      "module.db.aws_ebs_volume.data[0]",
      "module.db.aws_ebs_volume.data[0][0]",
      "module.db.aws_ebs_volume.data",
      "aws_ebs_volume.old",
      "aws_ebs_volume.old[0]",
    ]);
  });

  test("a finding's candidates are the suppressions filed under its rule, unit and addresses, not every one of its rule", () => {
    // As a baseline written for a large repository has them: thousands of entries of one rule, each on its own resource.
    const others = Array.from({ length: 1000 }, (_, index) => suppression(`aws_ebs_volume.other${index}`, { origin: "baseline", unit: "envs/prod" }));
    const recorded = suppression("aws_ebs_volume.data", { origin: "baseline", unit: "envs/prod" });
    const elsewhere = suppression("aws_ebs_volume.data", { origin: "baseline", unit: "envs/staging" });
    const byGlob = suppression("aws_ebs_volume.data", { origin: "config", unit: "envs/*", unitMatches: () => false });
    const module = suppression("module.db", { rule: ALL_RULES, origin: "config" });
    const bySlug = suppression("module.db.aws_ebs_volume.data", { rule: "aws-ebs-encryption" });
    const byId = suppression("module.db.aws_ebs_volume.data", { path: "encrypted" });
    const index = new SuppressionIndex([...others, recorded, elsewhere, byGlob, module, bySlug, byId]);
    // Rules in the order ID, slug, `all`; each rule's in the order given. Unit globs and paths are left to each check.
    expect(index.candidates({ ...finding("aws_ebs_volume.data[0]"), unit: "envs/prod" })).toEqual([recorded, byGlob]);
    expect(index.candidates({ ...finding("module.db.aws_ebs_volume.data"), unit: "envs/prod" })).toEqual([byId, bySlug, module]);
    expect(index.candidates(finding("aws_ebs_volume.data"))).toEqual([byGlob]);
  });
});
