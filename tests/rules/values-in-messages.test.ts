/**
 * Messages that name the value judged (a runtime, a timeout, a bound, a retention, a TLS policy, an image's tag), so
 * that a user whose code computes it (`runtime = each.value.runtime`) sees which one; a value marked secret is named
 * as the redaction, however short (the engine's scrubbing of messages leaves values under four characters alone).
 */
import { join } from "path";
import { fromPulumi, type PulumiResource } from "../../src/adapters/pulumi";
import { loadTerraform } from "../../src/adapters/terraform";
import { evaluate, runRule } from "../../src/engine/evaluate";
import runtimeSupported from "../../src/rules/aws/configuration/aws-lambda-runtime-supported";
import ecsImagePinned from "../../src/rules/aws/configuration/aws-ecs-task-image-pinned";
import boundedMax from "../../src/rules/aws/limits/aws-autoscaling-bounded-max";
import lambdaBounds from "../../src/rules/aws/limits/aws-lambda-timeout-memory-bounds";
import logRetention from "../../src/rules/aws/operations/aws-cloudwatch-log-group-retention";
import cacheSnapshots from "../../src/rules/aws/operations/aws-elasticache-snapshot-retention";
import backupRetention from "../../src/rules/aws/operations/aws-rds-backup-retention";
import idleTimeout from "../../src/rules/aws/resilience/aws-lb-idle-timeout-explicit";
import cloudfrontTls from "../../src/rules/aws/security/aws-cloudfront-minimum-tls12";
import listenerTls from "../../src/rules/aws/security/aws-lb-listener-tls12-policy";
import dockerBaseImagePinned from "../../src/rules/docker/docker-base-image-pinned";
import kubernetesImagePinned from "../../src/rules/kubernetes/kubernetes-image-pinned";
import { configDefaults, type Rule } from "../../src/rules/rule";
import { withFiles } from "../support/scratch";

/** What `rules` say of the resources Terraform reads at `path`, through the engine (which redacts), at their default settings. */
function messagesAt(path: string, rules: Rule[]): string[] {
  const resources = loadTerraform([path], { commandLineVariables: [], environment: {} }).units.flatMap((unit) => unit.resources);
  const findings = evaluate(resources, rules, new Map(rules.map((rule) => [rule.slug, { level: "mandatory" as const, config: configDefaults(rule) }])));
  return findings.map((finding) => finding.message);
}

/** What `rule` says of the resources `main.tf` declares. */
function terraformMessages(rule: Rule, main: string): string[] {
  return withFiles({ "main.tf": main }, (dir) => messagesAt(dir, [rule]));
}

const lambda = (settings: string) => `resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = "arn:aws:iam::123456789012:role/f"
  handler       = "index.handler"
  s3_bucket     = "artifacts"
  s3_key        = "f.zip"
  ${settings}
}`;

const PARTIAL_VERSION = "a one- or two-part version or a year, which for most images names a line that moves, not one release";

/**
 * A rule, a resource that sets what it judges to `var.value`, that value (HCL), how a message shows it (an image's
 * tag), and what the rule says with it shown.
 */
const CASES: [string, Rule, string, string, string, (shown: string) => string][] = [
  ["a deprecated runtime", runtimeSupported, lambda("runtime = var.value"), '"nodejs16.x"', '"nodejs16.x"', (shown) => `runtime ${shown} is deprecated`],
  ["a timeout above the bound", lambdaBounds, lambda("timeout = var.value\n  memory_size = 512"), "900", "900", (shown) => `timeout is ${shown} seconds, above the bound of 300`],
  ["a memory size below the range", lambdaBounds, lambda("timeout = 10\n  memory_size = var.value"), "64", "64", (shown) => `memory_size is ${shown} MB, below the allowed range, between 128 and 3008 MB`],
  [
    "a scaling maximum above the bound",
    boundedMax,
    'resource "aws_appautoscaling_target" "t" {\n  service_namespace = "ecs"\n  resource_id = "service/main/web"\n  scalable_dimension = "ecs:service:DesiredCount"\n  min_capacity = 1\n  max_capacity = var.value\n}',
    "40",
    "40",
    (shown) => `max_capacity is ${shown}, above the bound of 20`,
  ],
  [
    "a backup retention too short",
    backupRetention,
    'resource "aws_db_instance" "db" {\n  identifier = "db"\n  backup_retention_period = var.value\n}',
    "3",
    "3",
    (shown) => `backup_retention_period is ${shown}, so it keeps fewer than 7 days of backups`,
  ],
  [
    "automated snapshots turned off",
    backupRetention,
    'resource "aws_redshift_cluster" "wh" {\n  cluster_identifier = "wh"\n  automated_snapshot_retention_period = var.value\n}',
    "0",
    "0",
    (shown) => `automated_snapshot_retention_period is ${shown}, which turns automated snapshots off`,
  ],
  [
    "cache snapshots turned off",
    cacheSnapshots,
    'resource "aws_elasticache_replication_group" "cache" {\n  replication_group_id = "cache"\n  description = "cache"\n  snapshot_retention_limit = var.value\n}',
    "0",
    "0",
    (shown) => `snapshot_retention_limit is ${shown}, which turns automatic snapshots off`,
  ],
  [
    "a log retention too short",
    logRetention,
    'resource "aws_cloudwatch_log_group" "logs" {\n  name = "logs"\n  retention_in_days = var.value\n}',
    "3",
    "3",
    (shown) => `retention_in_days is ${shown}, so it keeps fewer than 7 days of logs`,
  ],
  [
    "logs kept for ever",
    logRetention,
    'resource "aws_cloudwatch_log_group" "logs" {\n  name = "logs"\n  retention_in_days = var.value\n}',
    "0",
    "0",
    (shown) => `retention_in_days is ${shown}, so log events never expire`,
  ],
  ["an idle timeout out of bounds", idleTimeout, 'resource "aws_lb" "lb" {\n  name = "lb"\n  idle_timeout = var.value\n}', "900", "900", (shown) => `idle_timeout is ${shown}, outside 1 to 300 seconds`],
  [
    "a listener policy that accepts TLS 1.0",
    listenerTls,
    'resource "aws_lb_listener" "https" {\n  load_balancer_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/lb/0123456789abcdef"\n  port = 443\n  protocol = "HTTPS"\n  ssl_policy = var.value\n  default_action {\n    type = "fixed-response"\n  }\n}',
    '"ELBSecurityPolicy-2016-08"',
    '"ELBSecurityPolicy-2016-08"',
    (shown) => `ssl_policy ${shown} is not one of the allowed TLS 1.2+ security policies`,
  ],
  [
    "a CloudFront policy from before TLS 1.2",
    cloudfrontTls,
    'resource "aws_cloudfront_distribution" "cdn" {\n  viewer_certificate {\n    acm_certificate_arn = "arn:aws:acm:us-east-1:123456789012:certificate/abc"\n    minimum_protocol_version = var.value\n  }\n}',
    '"TLSv1_2016"',
    '"TLSv1_2016"',
    (shown) => `minimum_protocol_version ${shown} allows TLS versions older than 1.2`,
  ],
  [
    "an ECS image on a major line",
    ecsImagePinned,
    'resource "aws_ecs_task_definition" "app" {\n  family = "app"\n  container_definitions = jsonencode([{ name = "app", image = var.value, essential = true }])\n}',
    '"node:20"',
    '"20"',
    (shown) => `the image of container app has tag ${shown}, ${PARTIAL_VERSION}`,
  ],
  [
    "an ECS image on a floating tag",
    ecsImagePinned,
    'resource "aws_ecs_task_definition" "app" {\n  family = "app"\n  container_definitions = jsonencode([{ name = "app", image = var.value, essential = true }])\n}',
    '"nginx:latest"',
    '"latest"',
    (shown) => `the image of container app uses the floating tag ${shown}`,
  ],
];

describe("a message names the value judged, from a variable", () => {
  test.each(CASES)("%s", (_what, rule, resource, value, shown, said) => {
    const variable = `variable "value" {\n  default = ${value}\n}\n`;
    expect(terraformMessages(rule, variable + resource)).toEqual([said(shown)]);
  });
});

describe("a value from a sensitive variable is named as the redaction, however short", () => {
  test.each(CASES)("%s", (_what, rule, resource, value, shown, said) => {
    const variable = `variable "value" {\n  sensitive = true\n  default   = ${value}\n}\n`;
    const messages = terraformMessages(rule, variable + resource);
    expect(messages).toEqual([said("[secret]")]);
    expect(messages.join("\n")).not.toContain(shown);
  });
});

test("a value a Terraform plan marks sensitive (sensitive_values) is named as the redaction, checked from the plan alone", () => {
  const plan = join(__dirname, "../fixtures/terraform/plan/sensitive-values-named/plan.json");
  const messages = messagesAt(plan, [runtimeSupported, lambdaBounds, boundedMax, logRetention, ecsImagePinned]);
  expect(messages).toEqual([
    "runtime [secret] is deprecated",
    "timeout is [secret] seconds, above the bound of 300",
    "max_capacity is [secret], above the bound of 20",
    "retention_in_days is [secret], so it keeps fewer than 7 days of logs",
    `the image of the container at index 0 has tag [secret], ${PARTIAL_VERSION}`,
  ]);
  expect(messages.join("\n")).not.toMatch(/nodejs16|900|40|\b3\b|"20"/);
});

describe("a Pulumi secret is named as the redaction", () => {
  const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
  const secret = (value: unknown) => ({ ...SECRET_SIG, value });
  const messages = (rule: Rule, resource: PulumiResource) => {
    const run = runRule(rule, fromPulumi(resource), configDefaults(rule));
    return run.applicable ? run.judgements.map((judgement) => judgement.message) : [];
  };

  test("a Lambda function's runtime and timeout", () => {
    const fn = (runtime: unknown, timeout: unknown): PulumiResource => ({ type: "aws:lambda/function:Function", name: "fn", props: { runtime, handler: "index.handler", timeout, memorySize: 512 } });
    expect(messages(runtimeSupported, fn("nodejs16.x", 10))).toEqual(['runtime "nodejs16.x" is deprecated']);
    expect(messages(runtimeSupported, fn(secret("nodejs16.x"), 10))).toEqual(["runtime [secret] is deprecated"]);
    expect(messages(lambdaBounds, fn("nodejs24.x", 900))).toEqual(["timeout is 900 seconds, above the bound of 300"]);
    expect(messages(lambdaBounds, fn("nodejs24.x", secret(900)))).toEqual(["timeout is [secret] seconds, above the bound of 300"]);
  });

  test("a Kubernetes container's image", () => {
    const pod = (image: unknown): PulumiResource => ({ type: "kubernetes:core/v1:Pod", name: "debug", props: { metadata: { name: "debug" }, spec: { containers: [{ name: "shell", image }] } } });
    expect(messages(kubernetesImagePinned, pod("busybox:1.3"))).toEqual([`the image of container shell has tag "1.3", ${PARTIAL_VERSION}`]);
    expect(messages(kubernetesImagePinned, pod(secret("busybox:1.3")))).toEqual([`the image of container shell has tag [secret], ${PARTIAL_VERSION}`]);
  });

  test("the base image of an inline Dockerfile", () => {
    const build = (inline: unknown): PulumiResource => ({ type: "docker-build:index:Image", name: "app", props: { context: { location: "." }, dockerfile: { inline }, push: false } });
    const dockerfile = 'FROM node:20\nUSER node\nCMD ["node", "server.js"]\n';
    expect(messages(dockerBaseImagePinned, build(dockerfile))).toEqual([`the base image of the stage on line 1 has tag "20", ${PARTIAL_VERSION}`]);
    expect(messages(dockerBaseImagePinned, build(secret(dockerfile)))).toEqual([`the base image of the stage on line 1 has tag [secret], ${PARTIAL_VERSION}`]);
  });
});
