import { fromPulumi, type PulumiResource } from "../../../src/adapters/pulumi";
import { loadTerraform } from "../../../src/adapters/terraform";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/security/aws-s3-bucket-public-access-block";
import { withFiles } from "../../support/scratch";
import { judgedInHcl } from "../../support/terraform-fixtures";

const ALL_ON = { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true };
const bucket = (name: string, props: Record<string, unknown> = { bucket: name }): PulumiResource => ({ type: "aws:s3/bucket:Bucket", name, props });
const accessBlock = (name: string, props: Record<string, unknown>, dependencies?: string[]): PulumiResource => ({
  type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
  name,
  props,
  ...(dependencies ? { dependencies } : {}),
});

function outcomes(resources: PulumiResource[]): string[] | "not applicable" {
  const run = runRule(rule, resources.map((resource) => fromPulumi(resource)), {});
  if (!run.applicable) return "not applicable";
  return run.judgements.map((j) => `${j.outcome} ${j.address.split("::").pop()} ${j.path}`.trim());
}

const urn = (resource: PulumiResource) => fromPulumi(resource).address;

describe("aws-s3-bucket-public-access-block", () => {
  test("a stack without buckets is not applicable", () => {
    expect(outcomes([accessBlock("orphan", { bucket: "elsewhere", ...ALL_ON })])).toBe("not applicable");
  });

  test("an incomplete block is reported on the block, at each flag that is off", () => {
    expect(outcomes([bucket("logs"), accessBlock("logs_block", { bucket: "logs", ...ALL_ON, ignorePublicAcls: false, restrictPublicBuckets: "false" })])).toEqual([
      "violation logs_block ignore_public_acls",
      "violation logs_block restrict_public_buckets",
    ]);
  });

  test("a block for another bucket does not cover this one", () => {
    expect(outcomes([bucket("logs"), accessBlock("other_block", { bucket: "other", ...ALL_ON })])).toEqual(["violation logs"]);
  });

  test("an unknown bucket reference leaves the bucket undecided, unless it surely names another bucket", () => {
    expect(outcomes([bucket("logs"), accessBlock("logs_block", { bucket: UNKNOWN, ...ALL_ON })])).toEqual(["undecided logs"]);
    const data = bucket("data");
    expect(outcomes([bucket("logs"), data, accessBlock("data_block", { bucket: UNKNOWN, ...ALL_ON }, [urn(data)])])).toEqual(["violation logs"]);
  });

  test("an unknown reference with the bucket among its dependencies is that bucket's block", () => {
    const logs = bucket("logs", {});
    expect(outcomes([logs, accessBlock("logs_block", { bucket: UNKNOWN, ...ALL_ON }, [urn(logs)])])).toEqual([]);
  });

  test("in a Pulumi preview, a block whose unknown bucket is worked out from what the bucket's own name is may be its block", () => {
    const suffix: PulumiResource = { type: "random:index/randomString:RandomString", name: "suffix", props: { length: 4 } };
    const fromSuffix = { dependencies: [urn(suffix)], propertyDependencies: { bucket: [urn(suffix)] } };
    const logs: PulumiResource = { ...bucket("logs", { bucket: UNKNOWN }), ...fromSuffix };
    const known = bucket("known");
    expect(outcomes([suffix, logs, known, { ...accessBlock("logs_block", { bucket: UNKNOWN, ...ALL_ON }), ...fromSuffix }])).toEqual(["undecided logs", "violation known"]);
  });

  test("blocks iterating over a map of each bucket's id each cover their own bucket", () => {
    const main = `
resource "aws_s3_bucket" "b" {
  for_each      = toset(["logs", "data", "tmp"])
  bucket_prefix = "acme-\${each.key}-"
}
resource "aws_s3_bucket_public_access_block" "b" {
  for_each                = { for k, v in aws_s3_bucket.b : k => v.id if k != "tmp" }
  bucket                  = each.value
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}`;
    withFiles({ "main.tf": main }, (dir) => {
      const run = runRule(rule, loadTerraform([dir], { commandLineVariables: [] }).units.flatMap((unit) => unit.resources), {});
      expect(run.applicable && run.judgements.map((j) => `${j.outcome} ${j.address}`)).toEqual(['violation aws_s3_bucket.b["tmp"]']);
    });
  });

  test("an unknown flag on the bucket's own block is undecided at that flag", () => {
    expect(outcomes([bucket("logs"), accessBlock("logs_block", { bucket: "logs", ...ALL_ON, blockPublicPolicy: UNKNOWN })])).toEqual([
      "undecided logs_block block_public_policy",
    ]);
  });

  test("an account-wide block whose account_id is unknown until deployment may be another account's: undecided", () => {
    const account = { type: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", name: "account", props: { ...ALL_ON, accountId: UNKNOWN } };
    expect(outcomes([bucket("logs"), account])).toEqual(["undecided logs"]);
  });

  test("an incomplete account-wide block covers nothing and is not blamed per bucket", () => {
    const account = { type: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock", name: "account", props: { ...ALL_ON, blockPublicAcls: false } };
    expect(outcomes([bucket("logs"), bucket("data"), account])).toEqual(["violation logs", "violation data"]);
  });

  test("a block naming its bucket by what the bucket's own name reads (an input given no value, an account ID, a random suffix) leaves it undecided", () => {
    // An input may hold any name, a known one too.
    const byInput = `
variable "bucket_name" {
  type = string
}
resource "aws_s3_bucket" "data" {
  bucket = var.bucket_name
}
resource "aws_s3_bucket" "known" {
  bucket = "acme-known"
}
resource "aws_s3_bucket_public_access_block" "data" {
  bucket                  = var.bucket_name
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}`;
    expect(judgedInHcl(rule, byInput)).toEqual(["undecided aws_s3_bucket.data", "undecided aws_s3_bucket.known"]);
    const byAccount = `
data "aws_caller_identity" "current" {}
locals {
  logs = "acme-logs-\${data.aws_caller_identity.current.account_id}"
}
resource "aws_s3_bucket" "logs" {
  bucket = local.logs
}
resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = local.logs
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}`;
    expect(judgedInHcl(rule, byAccount)).toEqual(["undecided aws_s3_bucket.logs"]);
    // Worked out from a random suffix, it may name only a bucket whose name reads that suffix too.
    const bySuffix = `
resource "random_string" "suffix" {
  length  = 4
  special = false
}
resource "aws_s3_bucket" "logs" {
  bucket = "acme-logs-\${random_string.suffix.result}"
}
resource "aws_s3_bucket" "generated" {}
resource "aws_s3_bucket" "known" {
  bucket = "acme-known"
}
resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = "acme-logs-\${random_string.suffix.result}"
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}`;
    expect(judgedInHcl(rule, bySuffix)).toEqual(["undecided aws_s3_bucket.logs", "violation aws_s3_bucket.generated", "violation aws_s3_bucket.known"]);
  });
});
