/**
 * Rules whose remediation names every engine's arguments ("Set `x` (Pulumi `y`)") give each finding a short fix of
 * their own (`Rule.fix`) in the names of the engine checked: a Terraform run's says no Pulumi name, a Pulumi run's no
 * Terraform one. Each rule's first failing example is run as each engine's program.
 */
import { findRule, pulumiExamples } from "../../src/rules/catalogue";
import { checkedFixes, fixesIn } from "../support/fixes";

/**
 * A rule, the argument (or resource type) its fix names in Terraform, the same in a Pulumi program, and in a CDKTF
 * one where that is not Pulumi's.
 */
const FIXES: [id: string, terraform: string, pulumi: string, cdktf?: string][] = [
  ["PR-OPS-001", "deletion_protection", "deletionProtection"],
  ["PR-DAT-002", "enabled_cloudwatch_logs_exports", "enabledCloudwatchLogsExports"],
  ["PR-LIM-002", "memory_size", "memorySize"],
  ["PR-OPS-006", "container_definitions", "containerDefinitions"],
  ["PR-DAT-001", "performance_insights_enabled", "performanceInsightsEnabled"],
  ["PR-OPS-007", "container_definitions", "containerDefinitions"],
  ["PR-RES-005", "dead_letter_config", "deadLetterConfig"],
  ["PR-SEC-009", "sse_algorithm", "sseAlgorithm"],
  ["PR-SEC-008", "aws_s3_bucket_policy", "aws.s3.BucketPolicy", "S3BucketPolicy"],
  ["PR-SEC-016", "block_public_acls", "blockPublicAcls"],
  ["PR-OPS-017", "snapshot_retention_limit", "snapshotRetentionLimit"],
  ["PR-RES-003", "aws_cloudwatch_metric_alarm", "aws.cloudwatch.MetricAlarm", "CloudwatchMetricAlarm"],
  ["PR-OPS-003", "final_snapshot_identifier", "finalSnapshotIdentifier"],
  ["PR-CFG-005", "container_definitions", "containerDefinitions"],
  ["PR-SEC-001", "cidr_blocks", "cidrBlocks"],
  ["PR-CFG-008", "runtime", "runtime"],
  ["PR-CFG-003", "iam_instance_profile", "iamInstanceProfile"],
  ["PR-RES-004", "redrive_policy", "redrivePolicy"],
  ["PR-SEC-002", "security_groups", "securityGroups"],
  ["PR-CFG-007", "scan_on_push", "scanOnPush"],
  ["PR-SEC-018", "publicly_accessible", "publiclyAccessible"],
  ["PR-SEC-003", "from_port", "fromPort"],
  ["PR-RES-001", "rotation_lambda_arn", "rotationLambdaArn"],
  ["PR-RES-006", "idle_timeout", "idleTimeout"],
  ["PR-RES-010", "enable_key_rotation", "enableKeyRotation"],
  ["PR-OPS-008", "health_check", "healthCheck"],
  ["PR-LIM-003", "max_size", "maxSize"],
  ["PR-OPS-005", "retention_in_days", "retentionInDays"],
  ["PR-SEC-014", "kms_master_key_id", "kmsMasterKeyId"],
  ["PR-OPS-016", "point_in_time_recovery", "pointInTimeRecovery"],
  ["PR-SEC-004", "default_action", "defaultActions", "defaultAction"],
  ["PR-CFG-006", "image_tag_mutability", "imageTagMutability"],
  ["PR-CFG-002", "container_definitions", "containerDefinitions"],
  ["PR-OPS-009", "deployment_circuit_breaker", "deploymentCircuitBreaker"],
  ["PR-SEC-005", "ssl_policy", "sslPolicy"],
  ["PR-SEC-012", "at_rest_encryption_enabled", "atRestEncryptionEnabled"],
  ["PR-SEC-013", "kms_master_key_id", "kmsMasterKeyId"],
  ["PR-SEC-023", "kms_key_id", "kmsKeyId"],
  ["PR-SEC-024", "encryption_type", "encryptionType"],
  ["PR-RES-002", "validation_method", "validationMethod"],
  ["PR-SEC-006", "viewer_certificate", "viewerCertificate"],
  ["PR-LIM-001", "container_definitions", "containerDefinitions"],
  ["PR-SEC-007", "viewer_protocol_policy", "viewerProtocolPolicy"],
  ["PR-OPS-018", "retention_in_days", "retentionInDays"],
];

describe.each(FIXES)("%s's findings give the fix in the names of the engine checked", (id, terraform, pulumi, cdktf = pulumi) => {
  const rule = findRule(id)!;
  const [example] = pulumiExamples(rule).fail;

  test.each(["terraform", "cdktf"] as const)("%s: its own fix names its engine's argument, and no Pulumi name", (engine) => {
    const fixes = Object.values(fixesIn(engine, rule, example.resources, example.config));
    expect(fixes.length).toBeGreaterThan(0);
    for (const fix of fixes) {
      expect(fix).not.toBe(rule.remediation);
      expect(fix).not.toMatch(/Pulumi/);
      expect(fix).toContain(engine === "terraform" ? terraform : cdktf);
    }
  });

  test("pulumi: its own fix names the Pulumi argument, not the Terraform one", () => {
    const fixes = Object.values(fixesIn("pulumi", rule, example.resources, example.config));
    expect(fixes.length).toBeGreaterThan(0);
    for (const fix of fixes) {
      expect(fix).not.toBe(rule.remediation);
      expect(fix).toContain(pulumi);
      if (terraform !== pulumi) expect(fix).not.toContain(terraform);
    }
  });
});

test("prodready check over Terraform files gives a finding the rule's own fix, in Terraform's names", () => {
  const main = `resource "aws_db_instance" "orders" {
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  allocated_storage   = 20
  deletion_protection = false
}
`;
  expect(checkedFixes(findRule("PR-OPS-001")!, { "main.tf": main })).toEqual({ orders: "Set deletion_protection to true." });
});

test("PR-OPS-018 tells a database to depend on its log groups the way its engine says it", () => {
  const rule = findRule("PR-OPS-018")!;
  const database = pulumiExamples(rule).fail[1];
  const [terraform, cdktf, pulumi] = (["terraform", "cdktf", "pulumi"] as const).map((engine) => Object.values(fixesIn(engine, rule, database.resources)).join(" | "));
  expect(terraform).toMatch(/^Declare a log group for each log in enabled_cloudwatch_logs_exports \(aws_cloudwatch_log_group\) with a retention_in_days, before the database is created: list them in its depends_on,/);
  expect(cdktf).toMatch(/^Declare a log group for each log in enabledCloudwatchLogsExports \(CloudwatchLogGroup\) .*: list them in its dependsOn,/);
  expect(pulumi).toMatch(/^Declare a log group for each log in enabledCloudwatchLogsExports \(aws\.cloudwatch\.LogGroup\) .*: give the resource the dependsOn option naming them,/);
});
