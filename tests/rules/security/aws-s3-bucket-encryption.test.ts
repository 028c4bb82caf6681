import rule from "../../../src/rules/aws/security/aws-s3-bucket-encryption";
import { fixesInHcl, judgedInHcl } from "../../support/terraform-fixtures";
import { WEBSITE_BUCKETS } from "../../support/website-buckets";

describe("aws-s3-bucket-encryption", () => {
  test("an encryption configuration naming its bucket by the account-ID local the bucket's name reads leaves the bucket undecided", () => {
    const main = `
data "aws_caller_identity" "current" {}
locals {
  logs = "acme-logs-\${data.aws_caller_identity.current.account_id}"
}
resource "aws_s3_bucket" "logs" {
  bucket = local.logs
}
resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = local.logs
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}`;
    expect(judgedInHcl(rule, main)).toEqual(["undecided aws_s3_bucket.logs"]);
  });
});

describe("aws-s3-bucket-encryption, on buckets served as static websites", () => {
  test("the fix proposes SSE-S3 (AES256), which the website endpoint can serve, not a KMS key; other buckets keep the KMS fix", () => {
    const fixes = fixesInHcl(rule, WEBSITE_BUCKETS);
    expect(fixes.map(({ judged }) => judged)).toEqual(["violation aws_s3_bucket.site", "violation aws_s3_bucket.legacy_site", "violation aws_s3_bucket.data"]);
    for (const { remediation } of fixes.slice(0, 2)) {
      expect(remediation).toContain('sse_algorithm "AES256": the bucket serves a static website');
      expect(remediation).not.toContain("aws:kms");
    }
    expect(fixes[2].remediation).toContain('sse_algorithm "aws:kms"');
  });

  test("where a KMS key is required, the fix says the website must be served through the REST endpoint first", () => {
    const main = `${WEBSITE_BUCKETS}
resource "aws_s3_bucket_server_side_encryption_configuration" "site" {
  bucket = aws_s3_bucket.site.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}`;
    const [site] = fixesInHcl(rule, main, { requireKms: true });
    expect(site.judged).toBe("violation aws_s3_bucket_server_side_encryption_configuration.site");
    expect(site.remediation).toMatch(/^Give the configuration .*"aws:kms".*, once the bucket no longer serves a static website.*REST endpoint \(bucket_regional_domain_name\) with origin access control instead\.$/);
  });
});
