import { loadTerraform } from "../../src/adapters/terraform";
import { runRule } from "../../src/engine/evaluate";
import type { Resource } from "../../src/model/resource";
import logGroupsDeclared from "../../src/rules/aws/operations/aws-cloudwatch-service-log-groups-declared";
import denyInsecureTransport from "../../src/rules/aws/security/aws-s3-bucket-policy-deny-insecure-transport";
import bucketEncryption from "../../src/rules/aws/security/aws-s3-bucket-encryption";
import publicAccessBlock from "../../src/rules/aws/security/aws-s3-bucket-public-access-block";
import { configDefaults, type Rule } from "../../src/rules/rule";
import { withFiles } from "../support/scratch";
import { besidesUnsetVariables } from "../support/unset-variables";

// Module-style code gates a resource and what completes it by one flag: while the flag is not known, what completes
// the resource is there whenever the resource is, so the resource is judged as it would be if created.

const S3_RULES = [publicAccessBlock, bucketEncryption, denyInsecureTransport];

/** A bucket with its public access block, encryption and TLS-only policy, each under its own `expansion` (a meta-argument). */
function bucket(expansion: { bucket: string; block?: string; others?: string }, reference = "aws_s3_bucket.this[0].id"): string {
  const { block = expansion.bucket, others = expansion.bucket } = expansion;
  return `variable "create" { type = bool }
variable "create_block" { type = bool }
variable "buckets" { type = map(string) }
resource "aws_s3_bucket" "this" {
  ${expansion.bucket}
  bucket = "reports-archive"
}
resource "aws_s3_bucket_public_access_block" "this" {
  ${block}
  bucket                  = ${reference}
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  ${others}
  bucket = ${reference}
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}
resource "aws_s3_bucket_policy" "this" {
  ${others}
  bucket = ${reference}
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = ["arn:aws:s3:::reports-archive", "arn:aws:s3:::reports-archive/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
}
`;
}

/** The resources of a Terraform configuration. */
function load(hcl: string): Resource[] {
  return withFiles({ "main.tf": hcl }, (dir) => {
    const loaded = loadTerraform([dir], { commandLineVariables: [] });
    expect(besidesUnsetVariables(loaded.diagnostics)).toEqual([]);
    return loaded.units.flatMap((unit) => unit.resources);
  });
}

/** Each rule's judgements, as the engine makes them, as `rule outcome address: message`. */
function judged(rules: readonly Rule[], hcl: string): string[] {
  const resources = load(hcl);
  return rules.flatMap((rule) => {
    const run = runRule(
      rule,
      resources.filter((resource) => rule.kinds.includes(resource.kind)),
      configDefaults(rule),
    );
    if (!run.applicable) throw new Error(`${rule.id} does not apply: ${run.reason}`);
    return run.judgements.map(({ outcome, address, message }) => `${rule.id} ${outcome} ${address}: ${message}`);
  });
}

const CREATE = "count = var.create ? 1 : 0";

describe("what completes a resource under the same unknown count or for_each", () => {
  test("a bucket's public access block, encryption and TLS-only policy under its count pass it as if it is created", () => {
    expect(judged(S3_RULES, bucket({ bucket: CREATE }))).toEqual([]);
    // Written alike, not as the same characters: the bucket's count is spaced otherwise.
    expect(judged(S3_RULES, bucket({ bucket: CREATE }).replace(CREATE, "count=var.create?1:0"))).toEqual([]);
  });

  test("each under the same unknown for_each passes the bucket", () => {
    expect(judged(S3_RULES, bucket({ bucket: "for_each = var.buckets" }, "aws_s3_bucket.this[each.key].id"))).toEqual([]);
  });

  test("a block under another unknown condition leaves the bucket undecided, saying whether which block is created is not known", () => {
    expect(judged([publicAccessBlock], bucket({ bucket: CREATE, block: "count = var.create_block ? 1 : 0" }))).toEqual([
      "PR-SEC-016 undecided aws_s3_bucket.this: whether aws_s3_bucket_public_access_block.this is created is not known to the check (its count is not)",
    ]);
    // Under an unknown count, a block of a bucket whose own existence is known may be missing.
    expect(judged([publicAccessBlock], bucket({ bucket: "", block: CREATE }, "aws_s3_bucket.this.id"))).toEqual([
      "PR-SEC-016 undecided aws_s3_bucket.this: whether aws_s3_bucket_public_access_block.this is created is not known to the check (its count is not)",
    ]);
  });

  test("a block surely not created leaves a bucket that may be without one, as if it is created", () => {
    expect(judged([publicAccessBlock], bucket({ bucket: CREATE, block: "count = 0" }))).toEqual([
      "PR-SEC-016 undecided aws_s3_bucket.this: whether this resource is created is not known to the check (its count is not); if it is, the bucket has no public access block with all four settings on",
    ]);
  });

  test("a count that differs per call, as uuid() does, is not the same condition where it is written alike", () => {
    const perCall = "count = length(uuid()) > 0 ? 1 : 0";
    expect(judged([publicAccessBlock], bucket({ bucket: perCall }))).toEqual([
      "PR-SEC-016 undecided aws_s3_bucket.this: whether aws_s3_bucket_public_access_block.this is created is not known to the check (its count is not)",
    ]);
  });

  test("a companion whose count is the bucket's number of instances, or whose for_each is the buckets, is created with the bucket", () => {
    const following = (expansion: string, reference: string) => bucket({ bucket: CREATE, block: expansion, others: expansion }, reference);
    expect(judged(S3_RULES, following("count = length(aws_s3_bucket.this)", "aws_s3_bucket.this[count.index].id"))).toEqual([]);
    expect(judged(S3_RULES, bucket({ bucket: "for_each = var.buckets", block: "for_each = aws_s3_bucket.this", others: "for_each = aws_s3_bucket.this" }, "each.value.id"))).toEqual([]);
    // The number of another block's instances, under another condition, is not this bucket's.
    const otherwise = bucket({ bucket: CREATE, block: "count = length(aws_s3_bucket_policy.this)", others: "count = var.create_block ? 1 : 0" }, "aws_s3_bucket.this[0].id");
    expect(judged([publicAccessBlock], otherwise)).toEqual([
      "PR-SEC-016 undecided aws_s3_bucket.this: whether aws_s3_bucket_public_access_block.this is created is not known to the check (its count is not)",
    ]);
  });

  test("a function's log group under its count is declared with it", () => {
    const fn = (groupCount: string) => `variable "create" { type = bool }
variable "create_group" { type = bool }
resource "aws_lambda_function" "this" {
  ${CREATE}
  function_name = "thumbnailer"
  role          = "arn:aws:iam::123456789012:role/thumbnailer"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"
}
resource "aws_cloudwatch_log_group" "this" {
  ${groupCount}
  name              = "/aws/lambda/thumbnailer"
  retention_in_days = 30
}
`;
    expect(judged([logGroupsDeclared], fn(CREATE))).toEqual([]);
    expect(judged([logGroupsDeclared], fn("count = var.create_group ? 1 : 0"))).toEqual([
      "PR-OPS-018 undecided aws_lambda_function.this: whether aws_cloudwatch_log_group.this is created is not known to the check (its count is not)",
    ]);
  });

  test("resources in one module instance under its unknown count are created together", () => {
    const hcl = `variable "create" { type = bool }
module "archive" {
  source = "./archive"
  ${CREATE}
}
`;
    const archive = bucket({ bucket: "" }, "aws_s3_bucket.this.id").replace(/variable "create.*\n/g, "").replace(/variable "buckets".*\n/, "");
    const resources = withFiles({ "main.tf": hcl, "archive/main.tf": archive }, (dir) => loadTerraform([dir], { commandLineVariables: [] }).units.flatMap((unit) => unit.resources));
    expect(resources.map((resource) => resource.existenceUnknown?.hangsOn)).toEqual(Array(4).fill("the count of module.archive"));
    expect(S3_RULES.map((rule) => runRule(rule, resources, configDefaults(rule)))).toEqual(S3_RULES.map(() => ({ applicable: true, judgements: [] })));
  });
});
