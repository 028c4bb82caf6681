/**
 * An AWS provider with credentials of its own (a role to assume, keys, a profile) may be in another account: a cover
 * counts only in its account, known where the provider names it (the role's account, the one it allows).
 */
import { join } from "path";
import { cli, FIXTURES, type CliResult } from "../cli/harness";

const SECRETS = ["AKIAFIXTURESECRET0001", "fixture-secret-key-5d2a"];
const prefix = "urn:pulumi:dev::provider-accounts-fixture::";

let result: CliResult;
beforeAll(async () => {
  result = await cli(["pulumi", join(FIXTURES, "provider-accounts"), "--profile", "platform", "--format", "json"], undefined, { PULUMI_CONFIG: "", AWS_REGION: "", AWS_DEFAULT_REGION: "" });
});

test("encryption by default in the role's account covers its volumes and the keys' allowed one, not another account's, and the environment's is undecided", () => {
  const findings = (JSON.parse(result.stdout) as { findings: { ruleId: string; outcome: string; resource: { name: string }; message: string }[] }).findings;
  expect(findings.filter((finding) => finding.ruleId === "PR-SEC-010").map((finding) => `${finding.outcome} ${finding.resource.name}: ${finding.message}`)).toEqual([
    `undecided data: whether ${prefix}aws:ebs/encryptionByDefault:EncryptionByDefault::shared-default is in the account of ${prefix}aws:ebs/volume:Volume::data cannot be told: one or both are on a provider configuration with credentials of its own, which may be another account`,
    "violation other-data: the volume is not encrypted",
  ]);
});

test("getCallerIdentity through a provider answers the account its role names, so that account's public access block covers its bucket; a profile's is unknown", () => {
  const findings = (JSON.parse(result.stdout) as { findings: { ruleId: string; outcome: string; resource: { name: string }; message: string }[] }).findings;
  expect(findings.filter((finding) => finding.ruleId === "PR-SEC-016").map((finding) => `${finding.outcome} ${finding.resource.name}: ${finding.message}`)).toEqual([
    "undecided profiled-bucket: which resources apply to it is not known to the check",
    `undecided profiled-bucket: whether account 222222222222, which the account_id of ${prefix}aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock::shared-block names, is the account of ${prefix}aws:s3/bucket:Bucket::profiled-bucket cannot be told: its provider configuration names no account`,
  ]);
});

test("the provider's keys appear in no output", () => {
  for (const secret of SECRETS) expect(result.stdout + result.stderr).not.toContain(secret);
});
