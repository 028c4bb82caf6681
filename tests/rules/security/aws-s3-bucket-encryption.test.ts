import rule from "../../../src/rules/aws/security/aws-s3-bucket-encryption";
import { judgedInHcl } from "../../support/terraform-fixtures";

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
