import type { TerraformStack } from "cdktf";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { Alerting } from "../../constructs/src/alerting";
import { ContainerService, type ContainerServiceProps } from "../../constructs/src/container-service";
import { EncryptionKey } from "../../constructs/src/encryption-key";
import { ManagedSecret } from "../../constructs/src/managed-secret";
import { CLEAN, blocksOf, checkConstruct, jsonencoded, outcomeOf, referenceTo, summaryOf, type ConstructCheckResult } from "../support/construct-check";

const NETWORK = { vpcId: "vpc-0a1b2c3d4e5f60718", privateSubnetIds: ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"], publicSubnetIds: ["subnet-0a1b2c3d4e5f60101", "subnet-0a1b2c3d4e5f60102"] };
const CERTIFICATE = "arn:aws:acm:eu-west-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666";
const IMAGE = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945";
const ROTATOR = "arn:aws:lambda:eu-west-1:123456789012:function:rotate-api-key";

type Overrides = Partial<Omit<ContainerServiceProps, "container">> & { container?: Partial<ContainerServiceProps["container"]> };

/** A service named after its construct id, with the required props and `overrides` on top. */
function service(stack: TerraformStack, id: string, overrides: Overrides = {}): ContainerService {
  return new ContainerService(stack, id, {
    serviceName: id,
    network: NETWORK,
    certificateArn: CERTIFICATE,
    ...overrides,
    container: { image: IMAGE, port: 8080, healthCheckPath: "/health/ready", ...overrides.container },
  });
}

/** The container definitions of the construct `id`'s task. */
function containerDefinitions(result: ConstructCheckResult, id: string): Array<Record<string, unknown>> {
  return jsonencoded(blocksOf(result, "aws_ecs_task_definition", id)[0].container_definitions) as Array<Record<string, unknown>>;
}

describe("ContainerService", () => {
  let checked: ConstructCheckResult;
  beforeAll(() => {
    checked = checkConstruct((stack) => {
      service(stack, "orders");
      // The cases share an Alerting, a cluster and a key, which keeps the stack small; "composed" checks that sharing.
      const alerting = new Alerting(stack, "shared-alerts");
      const cluster = new EcsCluster(stack, "shared-cluster", { name: "shared", setting: [{ name: "containerInsights", value: "enabled" }] });
      const encryptionKey = new EncryptionKey(stack, "shared-key");
      const weakened = (id: string, overrides: Overrides): ContainerService =>
        service(stack, id, { alerting, cluster, ...overrides, logGroup: { encryptionKey, ...overrides.logGroup } });
      weakened("composed", {});
      weakened("no-health-check", { container: { healthCheck: "none" } });
      weakened("plaintext-password", { container: { environment: { DB_PASSWORD: "hunter2-but-longer" } } });
      weakened("floating-image", { container: { image: "nginx:latest" } });
      weakened("old-tls", { sslPolicy: "ELBSecurityPolicy-2016-08" });
      weakened("long-idle", { idleTimeoutSeconds: 900 });
      weakened("unbounded", { autoScaling: { maxTasks: 100 } });
      weakened("single-task", { autoScaling: { minTasks: 1 } });
      weakened("short-logs", { logGroup: { retentionInDays: 1 } });
      weakened("unencrypted-alerts", { alerting: undefined, alertingProps: { encrypted: false } });
    });
  });

  test("with its defaults: no finding of any kind under platform, no diagnostic, no warning", () => {
    expect(summaryOf(checkConstruct((stack) => service(stack, "api")))).toEqual(CLEAN);
  });

  test("HTTPS with a TLS 1.2+ policy, HTTP only redirects, the target group checks the readiness path", () => {
    const listeners = blocksOf(checked, "aws_lb_listener", "orders");
    expect(listeners).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ protocol: "HTTPS", port: 443, ssl_policy: "ELBSecurityPolicy-TLS13-1-2-2021-06", certificate_arn: CERTIFICATE }),
        expect.objectContaining({ protocol: "HTTP", port: 80, default_action: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", status_code: "HTTP_301" } }] }),
      ]),
    );
    const [lb] = blocksOf(checked, "aws_lb", "orders");
    expect(lb).toMatchObject({ load_balancer_type: "application", internal: false, idle_timeout: 60, drop_invalid_header_fields: true, subnets: NETWORK.publicSubnetIds });
    const [targetGroup] = blocksOf(checked, "aws_lb_target_group", "orders");
    expect(targetGroup).toMatchObject({ target_type: "ip", protocol: "HTTP", port: 8080, health_check: { enabled: true, path: "/health/ready" } });
  });

  test("only the load balancer reaches the tasks, and only on the application's port", () => {
    const groups = Object.entries(checked.synthesized.resource?.aws_security_group ?? {});
    const idOf = (description: string): string => `\${aws_security_group.${groups.find(([, group]) => group.description === description)?.[0]}.id}`;
    const [loadBalancer, tasks] = [idOf("load balancer of construct/orders"), idOf("tasks of construct/orders/task")];
    const ingress = blocksOf(checked, "aws_vpc_security_group_ingress_rule", "orders").sort((a, b) => Number(a.from_port) - Number(b.from_port));
    expect(ingress).toEqual([
      { security_group_id: loadBalancer, cidr_ipv4: "0.0.0.0/0", from_port: 80, to_port: 80 },
      { security_group_id: loadBalancer, cidr_ipv4: "0.0.0.0/0", from_port: 443, to_port: 443 },
      { security_group_id: tasks, referenced_security_group_id: loadBalancer, from_port: 8080, to_port: 8080 },
    ].map((rule) => expect.objectContaining(rule)));
  });

  test("a pinned Fargate task: cpu and memory, JSON logs to its log group, a curl health check on the readiness path", () => {
    const [task] = blocksOf(checked, "aws_ecs_task_definition", "orders");
    expect(task).toMatchObject({ family: "orders", requires_compatibilities: ["FARGATE"], network_mode: "awsvpc", cpu: "256", memory: "512" });
    const [container] = containerDefinitions(checked, "orders");
    expect(container).toMatchObject({
      name: "app",
      image: IMAGE,
      essential: true,
      portMappings: [{ containerPort: 8080, protocol: "tcp" }],
      environment: [{ name: "LOG_FORMAT", value: "json" }],
      healthCheck: { command: ["CMD-SHELL", "curl -fs http://localhost:8080/health/ready || exit 1"], interval: 15, timeout: 5, retries: 3, startPeriod: 30 },
      logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": referenceTo(checked, "aws_cloudwatch_log_group", "orders", "name"), "awslogs-region": expect.stringMatching(/^\$\{data\.aws_region\.[^.]+\.region\}$/) } },
    });
    expect(blocksOf(checked, "aws_cloudwatch_log_group", "orders")).toEqual([expect.objectContaining({ name: "/ecs/orders", retention_in_days: 90 })]);
  });

  test("deploys with the circuit breaker and rollback, in private subnets, scaling between 2 and 10 tasks", () => {
    const [ecsService] = blocksOf(checked, "aws_ecs_service", "orders");
    expect(ecsService).toMatchObject({
      name: "orders",
      launch_type: "FARGATE",
      desired_count: 2,
      deployment_circuit_breaker: { enable: true, rollback: true },
      network_configuration: { subnets: NETWORK.privateSubnetIds, assign_public_ip: false },
      lifecycle: { ignore_changes: ["desired_count"] },
    });
    expect(blocksOf(checked, "aws_appautoscaling_target", "orders")).toEqual([expect.objectContaining({ min_capacity: 2, max_capacity: 10, scalable_dimension: "ecs:service:DesiredCount" })]);
    expect(blocksOf(checked, "aws_appautoscaling_policy", "orders")).toHaveLength(2);
  });

  test("alarms on 5xx, latency, CPU and memory notify the Alerting topic", () => {
    const topic = referenceTo(checked, "aws_sns_topic", "orders", "arn");
    const alarms = blocksOf(checked, "aws_cloudwatch_metric_alarm", "orders");
    expect(alarms.map((alarm) => alarm.alarm_name)).toEqual(["orders 5xx responses", "orders cpu", "orders p99 latency", "orders memory"]);
    for (const alarm of alarms) expect(alarm).toMatchObject({ alarm_actions: [topic], ok_actions: [topic] });
    // Terraform refuses a metric alarm with both metric queries and a metric of its own.
    const [errors] = alarms;
    expect(Object.keys(errors).filter((key) => ["period", "namespace", "metric_name", "statistic", "dimensions"].includes(key))).toEqual([]);
    expect((errors.metric_query as unknown[]).length).toBe(3);
  });

  test('container.healthCheck: "none" is flagged by PR-OPS-007, with a warning', () => {
    const outcome = outcomeOf(checked, "no-health-check");
    expect(outcome.violations).toEqual(["PR-OPS-007"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "container.healthCheck" weakens .*PR-OPS-007/)]);
  });

  test("a credential in container.environment is flagged by PR-CFG-002, with a warning that does not quote it", () => {
    const outcome = outcomeOf(checked, "plaintext-password");
    expect(outcome.violations).toEqual(["PR-CFG-002"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "container.environment" weakens .*PR-CFG-002/)]);
    expect(outcome.warnings.join()).not.toContain("hunter2");
  });

  test("the construct does not hide a floating image tag: PR-CFG-005 judges the image", () => {
    expect(outcomeOf(checked, "floating-image")).toMatchObject({ violations: ["PR-CFG-005"], warnings: [] });
  });

  test("sslPolicy admitting TLS 1.0 is flagged by PR-SEC-005, with a warning", () => {
    const outcome = outcomeOf(checked, "old-tls");
    expect(outcome.violations).toEqual(["PR-SEC-005"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "sslPolicy" weakens .*PR-SEC-005/)]);
  });

  test("idleTimeoutSeconds over 300 is flagged by PR-RES-006, with a warning", () => {
    const outcome = outcomeOf(checked, "long-idle");
    expect(outcome.violations).toEqual(["PR-RES-006"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "idleTimeoutSeconds" weakens .*PR-RES-006/)]);
  });

  test("autoScaling.maxTasks over 20 is flagged by PR-LIM-003, with a warning", () => {
    const outcome = outcomeOf(checked, "unbounded");
    expect(outcome.violations).toEqual(["PR-LIM-003"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "autoScaling.maxTasks" weakens .*PR-LIM-003/)]);
  });

  test("autoScaling.minTasks of 1 is a warning only: no rule counts tasks", () => {
    const outcome = outcomeOf(checked, "single-task");
    expect(outcome.findings).toEqual([]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "autoScaling.minTasks" weakens/)]);
  });

  test("logGroup reaches the LogGroup: a one-day retention is flagged by PR-OPS-005", () => {
    const outcome = outcomeOf(checked, "short-logs");
    expect(outcome.violations).toEqual(["PR-OPS-005"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "retentionInDays" weakens .*PR-OPS-005/)]);
  });

  test("alertingProps reach the Alerting: an unencrypted topic is flagged by PR-SEC-014", () => {
    expect(outcomeOf(checked, "unencrypted-alerts").violations).toEqual(["PR-SEC-014"]);
  });

  test("an existing Alerting, cluster and key are used instead of new ones", () => {
    expect(blocksOf(checked, "aws_sns_topic", "composed")).toEqual([]);
    expect(blocksOf(checked, "aws_ecs_cluster", "composed")).toEqual([]);
    expect(blocksOf(checked, "aws_kms_key", "composed")).toEqual([]);
    expect(blocksOf(checked, "aws_cloudwatch_log_group", "composed")[0].kms_key_id).toBe(referenceTo(checked, "aws_kms_key", "shared-key", "arn"));
    expect(blocksOf(checked, "aws_ecs_service", "composed")[0].cluster).toBe(referenceTo(checked, "aws_ecs_cluster", "shared-cluster", "arn"));
    const topic = referenceTo(checked, "aws_sns_topic", "shared-alerts", "arn");
    for (const alarm of blocksOf(checked, "aws_cloudwatch_metric_alarm", "composed")) expect(alarm.alarm_actions).toEqual([topic]);
    expect(outcomeOf(checked, "composed").findings).toEqual([]);
  });

  test("refuses alerting with alertingProps, and an internet-facing load balancer without public subnets", () => {
    expect(() => checkConstruct((stack) => service(stack, "both", { alerting: new Alerting(stack, "a"), alertingProps: {} }))).toThrow(/alerting or alertingProps/);
    expect(() => checkConstruct((stack) => service(stack, "private", { network: { ...NETWORK, publicSubnetIds: [] } }))).toThrow(/public subnets/);
  });

  test("secrets reach the container through `secrets`, readable by the execution role only", () => {
    const result = checkConstruct((stack) => {
      const apiKey = new ManagedSecret(stack, "api-key", { rotation: { lambdaArn: ROTATOR } });
      service(stack, "payments", { container: { secrets: { PAYMENTS_API_KEY: apiKey } } });
    });
    const [container] = containerDefinitions(result, "payments");
    const secretArn = referenceTo(result, "aws_secretsmanager_secret", "api-key", "arn");
    expect(container.secrets).toEqual([{ name: "PAYMENTS_API_KEY", valueFrom: secretArn }]);
    const statements = blocksOf(result, "aws_iam_role_policy", "payments").flatMap((policy) => (jsonencoded(policy.policy) as { Statement: Array<{ Resource: unknown }> }).Statement);
    expect(statements.filter((statement) => statement.Resource === secretArn)).toEqual([
      { Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: secretArn },
    ]);
    // The secret's ARN is unknown until deployment; the container rules need none of it.
    expect(summaryOf(result)).toEqual(CLEAN);
  });
});
