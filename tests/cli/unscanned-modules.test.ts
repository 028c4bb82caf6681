/**
 * A module call that is not scanned (a remote source `terraform init` did not download) may create what a stack rule
 * looks for on a resource it is given: a certificate's expiry alarm, a bucket's policy. Such a requirement cannot be
 * found unmet; a resource the module is not given still can.
 */
import { checkPaths } from "../../src/cli/check";
import type { Finding } from "../../src/model/finding";
import { createScratch, removeScratch, writeFiles } from "../support/scratch";

let root: string;
beforeEach(() => {
  root = createScratch();
});
afterEach(() => removeScratch(root));

function check(files: Record<string, string>): readonly Finding[] {
  writeFiles(root, files);
  return checkPaths({ paths: [root], commandLineVariables: [], today: "2026-01-01", profile: "platform" }).report.findings;
}

/** `outcome address: message` of one rule's findings. */
function outcomes(findings: readonly Finding[], slug: string): string[] {
  return findings
    .filter((finding) => finding.slug === slug)
    .map((finding) => `${finding.outcome} ${finding.resource.address}: ${finding.message}`)
    .sort();
}

const CERTIFICATES = `
resource "aws_acm_certificate" "watched" {
  domain_name       = "shop.example.com"
  validation_method = "DNS"
}
resource "aws_acm_certificate" "alone" {
  domain_name       = "admin.example.com"
  validation_method = "DNS"
}
`;

describe("resources given to a module that is not scanned", () => {
  test("a certificate whose ARN a remote alarm module is given is undecided; one it is not given still fails", () => {
    const findings = check({
      "main.tf": `${CERTIFICATES}
module "expiry_alarm" {
  source     = "terraform-aws-modules/cloudwatch/aws//modules/metric-alarm"
  version    = "5.7.0"
  dimensions = { CertificateArn = aws_acm_certificate.watched.arn }
}`,
    });
    expect(outcomes(findings, "aws-acm-certificate-expiry-alarm")).toEqual([
      "undecided aws_acm_certificate.watched: it is given to module.expiry_alarm, which is not scanned: resources there may meet this",
      "violation aws_acm_certificate.alone: no alarm on DaysToExpiry or expiry event watches this certificate",
    ]);
  });

  test("without the module call, both certificates fail", () => {
    expect(outcomes(check({ "main.tf": CERTIFICATES }), "aws-acm-certificate-expiry-alarm").map((line) => line.split(":")[0])).toEqual([
      "violation aws_acm_certificate.alone",
      "violation aws_acm_certificate.watched",
    ]);
  });

  test("a reference through a local counts as given; a name written in both places does not", () => {
    const findings = check({
      "main.tf": `
locals { logs_arn = aws_s3_bucket.logs.arn }
resource "aws_s3_bucket" "logs" { bucket = "shop-logs" }
resource "aws_s3_bucket" "media" { bucket = "shop-media" }
resource "aws_s3_bucket" "other" { bucket = "shop-other" }
module "logs_policy" {
  source     = "cloudposse/s3-bucket-policy/aws"
  bucket_arn = local.logs_arn
}
module "media_policy" {
  source = "git::https://example.com/policies.git"
  names  = ["shop-media"]
}`,
    });
    expect(outcomes(findings, "aws-s3-bucket-policy-deny-insecure-transport").map((line) => line.split(":")[0])).toEqual([
      "undecided aws_s3_bucket.logs",
      "violation aws_s3_bucket.media",
      "violation aws_s3_bucket.other",
    ]);
  });

  test("a module whose source is not known (a variable without a value) is not scanned either; with a count of 0 it is given nothing", () => {
    const findings = check({
      "main.tf": `${CERTIFICATES}
variable "alarm_source" { type = string }
module "dynamic" {
  source          = var.alarm_source
  certificate_arn = aws_acm_certificate.watched.arn
}
module "disabled" {
  source          = "terraform-aws-modules/cloudwatch/aws//modules/metric-alarm"
  count           = 0
  certificate_arn = aws_acm_certificate.alone.arn
}`,
    });
    expect(outcomes(findings, "aws-acm-certificate-expiry-alarm").map((line) => line.split(":")[0])).toEqual([
      "undecided aws_acm_certificate.watched",
      "violation aws_acm_certificate.alone",
    ]);
  });

  test("a rule about the resource's own settings still fails it", () => {
    const findings = check({
      "main.tf": `
resource "aws_sqs_queue" "jobs" {
  name                    = "jobs"
  sqs_managed_sse_enabled = false
}
module "consumer" {
  source    = "terraform-aws-modules/lambda/aws"
  queue_arn = aws_sqs_queue.jobs.arn
}`,
    });
    expect(outcomes(findings, "aws-sqs-dead-letter-queue")).toEqual([
      "undecided aws_sqs_queue.jobs: it is given to module.consumer, which is not scanned: resources there may meet this",
    ]);
    expect(outcomes(findings, "aws-sqs-queue-encryption").map((line) => line.split(":")[0])).toEqual(["violation aws_sqs_queue.jobs"]);
  });

  test("a function whose log group and alarm modules are given the exact group name and FunctionName is undecided; its bare name alone is not enough", () => {
    const fn = (name: string) => `
resource "aws_lambda_function" "${name}" {
  function_name = "${name}"
  role          = "arn:aws:iam::123456789012:role/${name}"
  runtime       = "python3.13"
  handler       = "app.handler"
  filename      = "app.zip"
}`;
    const findings = check({
      "main.tf": `${fn("orders")}${fn("billing")}${fn("search")}
module "log_group" {
  source = "terraform-aws-modules/cloudwatch/aws//modules/log-group"
  name   = "/aws/lambda/orders"
}
module "errors_alarm" {
  source     = "terraform-aws-modules/cloudwatch/aws//modules/metric-alarm"
  dimensions = { FunctionName = "orders" }
}
module "labels" {
  source = "cloudposse/label/null"
  names  = ["billing", "/aws/lambda/search-v2"]
  tags   = { Service = "search" }
}`,
    });
    expect(outcomes(findings, "aws-cloudwatch-service-log-groups-declared").map((line) => line.replace(/ which AWS creates .*/, ""))).toEqual([
      "undecided aws_lambda_function.orders: module.log_group, which is not scanned, is given the group's name, /aws/lambda/orders: resources there may meet this",
      'violation aws_lambda_function.billing: no CloudWatch log group declared with this function is named /aws/lambda/<function_name>, "/aws/lambda/billing",',
      'violation aws_lambda_function.search: no CloudWatch log group declared with this function is named /aws/lambda/<function_name>, "/aws/lambda/search",',
    ].sort());
    expect(outcomes(findings, "aws-cloudwatch-alarms-cover-resources")).toEqual([
      "undecided aws_lambda_function.orders: module.errors_alarm, which is not scanned, is given its function_name as FunctionName: resources there may meet this",
      "violation aws_lambda_function.billing: no CloudWatch alarm with an alarm action watches this resource through its FunctionName dimension",
      "violation aws_lambda_function.search: no CloudWatch alarm with an alarm action watches this resource through its FunctionName dimension",
    ].sort());
  });
});
