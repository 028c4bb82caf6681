import type { TerraformStack } from "cdktf";
import { Alerting } from "../../constructs/src/alerting";
import { ContainerService } from "../../constructs/src/container-service";
import { EncryptionKey } from "../../constructs/src/encryption-key";
import { ProductionDatabase, type ProductionDatabaseProps } from "../../constructs/src/production-database";
import { CLEAN, blocksOf, checkConstruct, jsonencoded, outcomeOf, referenceTo, summaryOf, type ConstructCheckResult } from "../support/construct-check";

const NETWORK = { vpcId: "vpc-0a1b2c3d4e5f60718", privateSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"] };

/** A PostgreSQL database whose identifier is its construct id, with `overrides` on top. */
function database(stack: TerraformStack, id: string, overrides: Partial<ProductionDatabaseProps> = {}): ProductionDatabase {
  return new ProductionDatabase(stack, id, { identifier: id, engine: "postgres", network: NETWORK, ...overrides });
}

describe("ProductionDatabase", () => {
  let checked: ConstructCheckResult;
  beforeAll(() => {
    checked = checkConstruct((stack) => {
      database(stack, "orders", { databaseName: "orders" });
      // The cases share an Alerting and a key, which keeps the stack small; "composed" checks that sharing.
      const alerting = new Alerting(stack, "shared-alerts");
      const encryptionKey = new EncryptionKey(stack, "shared-key");
      const weakened = (id: string, overrides: Partial<ProductionDatabaseProps>): ProductionDatabase => database(stack, id, { alerting, encryptionKey, ...overrides });
      weakened("composed", {});
      weakened("billing", { engine: "mysql" });
      weakened("nightly", { profile: "script" });
      weakened("single-az", { multiAz: false });
      weakened("short-backups", { backupRetentionDays: 3 });
      weakened("deletable", { deletionProtection: false });
      weakened("no-final-snapshot", { finalSnapshot: false });
      weakened("no-insights", { performanceInsights: false });
      weakened("no-slow-log", { slowQueryLog: { enabled: false } });
      weakened("mysql-no-slow-log", { engine: "mysql", slowQueryLog: { enabled: false } });
      weakened("unprotected", { preventDestroy: false });
      weakened("short-logs", { logGroups: { retentionInDays: 1 } });
    });
  });

  test("with its defaults: no finding of any kind under platform, no diagnostic, no warning", () => {
    expect(summaryOf(checkConstruct((stack) => database(stack, "db")))).toEqual(CLEAN);
  });

  test("private, encrypted, multi-AZ, backed up, deletion-protected, snapshotted, protected from destroy", () => {
    const [instance] = blocksOf(checked, "aws_db_instance", "orders");
    const key = referenceTo(checked, "aws_kms_key", "orders/key", "arn");
    expect(instance).toMatchObject({
      identifier: "orders",
      engine: "postgres",
      engine_version: "16",
      instance_class: "db.m7g.large",
      publicly_accessible: false,
      storage_encrypted: true,
      kms_key_id: key,
      multi_az: true,
      backup_retention_period: 14,
      deletion_protection: true,
      skip_final_snapshot: false,
      final_snapshot_identifier: "orders-final",
      performance_insights_enabled: true,
      performance_insights_kms_key_id: key,
      lifecycle: { prevent_destroy: true },
    });
    expect(instance.db_subnet_group_name).toBe(referenceTo(checked, "aws_db_subnet_group", "orders", "name"));
  });

  test("the master password is generated and kept by AWS, encrypted with the database's key: never in the configuration", () => {
    const [instance] = blocksOf(checked, "aws_db_instance", "orders");
    expect(instance).toMatchObject({ manage_master_user_password: true, master_user_secret_kms_key_id: referenceTo(checked, "aws_kms_key", "orders/key", "arn") });
    expect(instance.password).toBeUndefined();
    expect(instance.password_wo).toBeUndefined();
  });

  test("slow queries over a second are logged and exported, with TLS required, to log groups with retention made beforehand", () => {
    const [parameters] = blocksOf(checked, "aws_db_parameter_group", "orders");
    expect(parameters).toMatchObject({ family: "postgres16" });
    expect(parameters.parameter).toEqual([
      { name: "rds.force_ssl", value: "1" },
      { name: "log_min_duration_statement", value: "1000" },
    ]);
    const [instance] = blocksOf(checked, "aws_db_instance", "orders");
    expect(instance.enabled_cloudwatch_logs_exports).toEqual(["postgresql", "upgrade"]);
    const groups = blocksOf(checked, "aws_cloudwatch_log_group", "orders");
    expect(groups.map((group) => [group.name, group.retention_in_days])).toEqual([
      ["/aws/rds/instance/orders/postgresql", 90],
      ["/aws/rds/instance/orders/upgrade", 90],
    ]);
    expect(instance.depends_on).toHaveLength(2);
  });

  test("MySQL: the slow query log, on FILE output, and TLS required", () => {
    expect(outcomeOf(checked, "billing")).toEqual({ findings: [], violations: [], warnings: [] });
    const [parameters] = blocksOf(checked, "aws_db_parameter_group", "billing");
    expect(parameters).toMatchObject({ family: "mysql8.0" });
    expect(parameters.parameter).toEqual([
      { name: "require_secure_transport", value: "1" },
      { name: "slow_query_log", value: "1" },
      { name: "long_query_time", value: "1" },
      { name: "log_output", value: "FILE" },
    ]);
    expect(blocksOf(checked, "aws_db_instance", "billing")[0]).toMatchObject({ port: 3306, enabled_cloudwatch_logs_exports: ["error", "slowquery"] });
  });

  test("alarms on CPU, free storage and connections notify the Alerting topic", () => {
    const topic = referenceTo(checked, "aws_sns_topic", "orders", "arn");
    const alarms = blocksOf(checked, "aws_cloudwatch_metric_alarm", "orders");
    expect(alarms.map((alarm) => [alarm.metric_name, alarm.comparison_operator, alarm.threshold]).sort()).toEqual([
      ["CPUUtilization", "GreaterThanOrEqualToThreshold", 80],
      ["DatabaseConnections", "GreaterThanOrEqualToThreshold", 400],
      ["FreeStorageSpace", "LessThanThreshold", 5 * 1024 ** 3],
    ]);
    for (const alarm of alarms) expect(alarm).toMatchObject({ alarm_actions: [topic], dimensions: { DBInstanceIdentifier: referenceTo(checked, "aws_db_instance", "orders", "identifier") } });
  });

  test('profile "script": one availability zone on a smaller class, without a warning', () => {
    expect(outcomeOf(checked, "nightly")).toEqual({ findings: [], violations: [], warnings: [] });
    expect(blocksOf(checked, "aws_db_instance", "nightly")[0]).toMatchObject({ multi_az: false, instance_class: "db.t4g.medium" });
  });

  test("multiAz: false is a warning only: no rule checks it", () => {
    const outcome = outcomeOf(checked, "single-az");
    expect(outcome.findings).toEqual([]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "multiAz" weakens/)]);
  });

  test.each([
    ["short-backups", "backupRetentionDays", "PR-OPS-002"],
    ["deletable", "deletionProtection", "PR-OPS-001"],
    ["no-final-snapshot", "finalSnapshot", "PR-OPS-003"],
    ["no-insights", "performanceInsights", "PR-DAT-001"],
    ["no-slow-log", "slowQueryLog.enabled", "PR-DAT-002"],
    ["mysql-no-slow-log", "slowQueryLog.enabled", "PR-DAT-002"],
    ["unprotected", "preventDestroy", "PR-OPS-004"],
  ])("%s: %s is flagged by %s, with a warning", (id, prop, rule) => {
    const outcome = outcomeOf(checked, id);
    expect(outcome.violations).toEqual([rule]);
    expect(outcome.warnings).toEqual([expect.stringMatching(new RegExp(`^prop "${prop}" weakens .*${rule}`))]);
  });

  test("logGroups reach the LogGroups: a one-day retention is flagged by PR-OPS-005", () => {
    const outcome = outcomeOf(checked, "short-logs");
    expect(outcome.violations).toEqual(["PR-OPS-005"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "retentionInDays" weakens .*PR-OPS-005/), expect.stringMatching(/^prop "retentionInDays" weakens .*PR-OPS-005/)]);
  });

  test("an existing Alerting and key are used instead of new ones", () => {
    expect(blocksOf(checked, "aws_sns_topic", "composed")).toEqual([]);
    expect(blocksOf(checked, "aws_kms_key", "composed")).toEqual([]);
    expect(blocksOf(checked, "aws_db_instance", "composed")[0].kms_key_id).toBe(referenceTo(checked, "aws_kms_key", "shared-key", "arn"));
    expect(outcomeOf(checked, "composed").findings).toEqual([]);
  });

  test("refuses alerting with alertingProps, and encryptionKey with keyProps", () => {
    expect(() => checkConstruct((stack) => database(stack, "a", { alerting: new Alerting(stack, "x"), alertingProps: {} }))).toThrow(/alerting or alertingProps/);
    expect(() => checkConstruct((stack) => database(stack, "b", { encryptionKey: new EncryptionKey(stack, "y"), keyProps: {} }))).toThrow(/encryptionKey or keyProps/);
  });

  test("a ContainerService reaches it: allowFrom opens its port to the service's tasks, which read the password as a secret", () => {
    const result = checkConstruct((stack) => {
      const db = database(stack, "db", { databaseName: "orders" });
      const api = new ContainerService(stack, "api", {
        serviceName: "api",
        network: { ...NETWORK, publicSubnetIds: ["subnet-0a1b2c3d4e5f60101", "subnet-0a1b2c3d4e5f60102"] },
        certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666",
        alerting: db.alerting,
        container: {
          image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders:1.4.2",
          port: 8080,
          healthCheckPath: "/health/ready",
          environment: { DB_HOST: db.address, DB_USER: "dbadmin" },
          secrets: { DB_PASSWORD: db.passwordSecret },
        },
      });
      db.allowFrom(api.securityGroupId);
    });
    expect(summaryOf(result)).toEqual(CLEAN);
    expect(blocksOf(result, "aws_vpc_security_group_ingress_rule", "db")).toEqual([
      expect.objectContaining({ ip_protocol: "tcp", from_port: 5432, to_port: 5432, referenced_security_group_id: referenceTo(result, "aws_security_group", "api/task/security-group", "id") }),
    ]);
    const [container] = jsonencoded(blocksOf(result, "aws_ecs_task_definition", "api")[0].container_definitions) as Array<{ secrets: unknown }>;
    const secretArn = referenceTo(result, "aws_db_instance", "db", "master_user_secret[0].secret_arn");
    expect(container.secrets).toEqual([{ name: "DB_PASSWORD", valueFrom: `${secretArn}:password::` }]);
  });
});
