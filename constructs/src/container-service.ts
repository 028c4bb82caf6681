import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { AppautoscalingPolicy } from "@cdktf/provider-aws/lib/appautoscaling-policy";
import { AppautoscalingTarget } from "@cdktf/provider-aws/lib/appautoscaling-target";
import { EcsCluster } from "@cdktf/provider-aws/lib/ecs-cluster";
import { EcsService } from "@cdktf/provider-aws/lib/ecs-service";
import { EcsTaskDefinition } from "@cdktf/provider-aws/lib/ecs-task-definition";
import { Lb } from "@cdktf/provider-aws/lib/lb";
import { LbListener } from "@cdktf/provider-aws/lib/lb-listener";
import { LbTargetGroup } from "@cdktf/provider-aws/lib/lb-target-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { isLiteralSecret, isSecretName } from "../../src/rules/secrets";
import { Alerting, type AlertingProps } from "./alerting";
import { AwsContext } from "./aws-context";
import { LogGroup, type LogGroupProps } from "./log-group";
import { ManagedSecret } from "./managed-secret";
import { mergeProps, type Defaults, type WeakeningChecks } from "./merge";
import type { PolicyStatement } from "./policy";
import { ServiceRole } from "./service-role";

/** A Secrets Manager secret given by ARN, with the KMS key that encrypts it (the execution role may then decrypt). */
export interface SecretReference {
  readonly secretArn: string;
  /** The customer-managed key of the secret; leave out for `aws/secretsmanager`. */
  readonly keyArn?: string;
  /** One key of the secret's JSON value, e.g. `password`; the whole value when left out. */
  readonly jsonKey?: string;
}

/** Where a container secret comes from: a `ManagedSecret` (whole value), or any secret by reference. */
export type SecretSource = ManagedSecret | SecretReference;

/** A container health check as ECS runs it inside the container. */
export interface ContainerHealthCheck {
  /** e.g. `["CMD-SHELL", "curl -fs http://localhost:8080/health || exit 1"]`. */
  readonly command?: readonly string[];
  /** Default 15. */
  readonly intervalSeconds?: number;
  /** Default 5. */
  readonly timeoutSeconds?: number;
  /** Default 3. */
  readonly retries?: number;
  /** Seconds after start during which failures do not count. Default 30. */
  readonly startPeriodSeconds?: number;
}

/** The one container of a Fargate task. */
export interface ContainerProps {
  /** The image by digest (`…@sha256:…`) or exact version tag (`:1.27.2`); a floating tag is flagged by PR-CFG-005. */
  readonly image: string;
  /** Overrides the image's command. */
  readonly command?: readonly string[];
  /**
   * Plain configuration, merged key by key with the default `{ LOG_FORMAT: "json" }` (the convention the
   * application reads to log JSON lines). A variable named like a credential is warned about and flagged by
   * PR-CFG-002: pass it through `secrets`.
   */
  readonly environment?: Readonly<Record<string, string>>;
  /** Environment variables ECS reads from Secrets Manager at start; the execution role may read exactly these. */
  readonly secrets?: Readonly<Record<string, SecretSource>>;
  /** `"none"` leaves the container without a health check: warned about and flagged by PR-OPS-007. */
  readonly healthCheck?: ContainerHealthCheck | "none";
  /** Task CPU units (256 = a quarter vCPU). Default 256; Fargate accepts only certain cpu/memory pairs. */
  readonly cpu?: number;
  /** Task memory in MiB. Default 512. */
  readonly memoryMiB?: number;
  /** Default `X86_64`. */
  readonly cpuArchitecture?: "X86_64" | "ARM64";
  /** What the application may do in AWS (the task role); nothing by default. */
  readonly taskRoleStatements?: readonly PolicyStatement[];
}

/** The container's defaults, shared by every construct that runs a `FargateTask`. */
export const CONTAINER_DEFAULTS: Defaults<ContainerProps, "environment" | "cpu" | "memoryMiB" | "cpuArchitecture"> = {
  environment: { LOG_FORMAT: "json" },
  cpu: 256,
  memoryMiB: 512,
  cpuArchitecture: "X86_64",
};

/** The timing of a container health check; a user's check is merged with it key by key. */
export const HEALTH_CHECK_DEFAULTS: Defaults<ContainerHealthCheck, "intervalSeconds" | "timeoutSeconds" | "retries" | "startPeriodSeconds"> = {
  intervalSeconds: 15,
  timeoutSeconds: 5,
  retries: 3,
  startPeriodSeconds: 30,
};

/** Whether an environment holds a literal value under a name that says credential (what PR-CFG-001 and PR-CFG-002 flag). */
export function holdsPlaintextSecret(environment: Readonly<Record<string, string>>): boolean {
  return Object.entries(environment).some(([name, value]) => isSecretName(name) && !Token.isUnresolved(value) && isLiteralSecret(value));
}

/** How a container's props can weaken its defaults, shared by every construct that runs a `FargateTask`. */
export const CONTAINER_WEAKENINGS: WeakeningChecks<ContainerProps> = {
  healthCheck: { when: (check) => check === "none", because: "ECS cannot tell a wedged container from a healthy one (PR-OPS-007)" },
  environment: {
    when: holdsPlaintextSecret,
    because: "a variable named like a credential is stored in plaintext in the task definition; pass it through secrets (PR-CFG-002)",
  },
};

/** The container with every default applied; what `FargateTask` builds from. */
export type ContainerSettings = ContainerProps & typeof CONTAINER_DEFAULTS & { readonly port?: number };

export interface FargateTaskProps {
  /** The task definition family; also names the log group `/ecs/<family>` unless `logGroup` names one. */
  readonly family: string;
  /** The VPC of the tasks' security group. */
  readonly vpcId: string;
  readonly container: ContainerSettings;
  /** The container's log group: retention (default 90 days, PR-OPS-005) and key. */
  readonly logGroup?: LogGroupProps;
}

const CONTAINER_NAME = "app";

/** What the execution role needs to pull images from ECR; repositories are not known here. */
const ECR_PULL_ACTIONS = ["ecr:GetAuthorizationToken", "ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage"];

function secretOf(source: SecretSource): { valueFrom: string; statements: PolicyStatement[] } {
  if (source instanceof ManagedSecret) return { valueFrom: source.secretArn, statements: source.readStatements() };
  // ECS reads one JSON key with `<arn>:<key>::` (version stage and version ID left to AWSCURRENT).
  const valueFrom = source.jsonKey === undefined ? source.secretArn : `${source.secretArn}:${source.jsonKey}::`;
  const statements: PolicyStatement[] = [{ Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: source.secretArn }];
  if (source.keyArn !== undefined) statements.push({ Effect: "Allow", Action: ["kms:Decrypt"], Resource: source.keyArn });
  return { valueFrom, statements };
}

/**
 * A Fargate task definition of one container, with its log group, an execution role that may pull images, write
 * the container's logs and read exactly its secrets, and a task role with exactly `taskRoleStatements`. Settings
 * arrive merged: the constructs that run it (`ContainerService`, `ScheduledJob`) merge and warn. The container
 * definitions are written with `Fn.jsonencode`, so the checker reads them as structure.
 */
export class FargateTask extends Construct {
  readonly taskDefinition: EcsTaskDefinition;
  readonly logGroup: LogGroup;
  readonly executionRole: ServiceRole;
  readonly taskRole: ServiceRole;
  /** The tasks' security group: no ingress (add what the task serves), egress anywhere. */
  readonly securityGroup: SecurityGroup;
  readonly containerName = CONTAINER_NAME;

  constructor(scope: Construct, id: string, props: FargateTaskProps) {
    super(scope, id);
    const container = props.container;
    this.logGroup = new LogGroup(this, "logs", { logGroupName: `/ecs/${props.family}`, ...props.logGroup });
    const secrets = Object.entries(container.secrets ?? {}).map(([name, source]) => ({ name, ...secretOf(source) }));

    this.executionRole = new ServiceRole(this, "execution-role", {
      service: "ecs-tasks.amazonaws.com",
      description: `pulls the image and writes the logs of ${this.node.path}`,
      statements: [
        { Effect: "Allow", Action: ECR_PULL_ACTIONS, Resource: "*" },
        { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${this.logGroup.logGroupArn}:*` },
        ...secrets.flatMap((secret) => secret.statements),
      ],
    });
    this.taskRole = new ServiceRole(this, "task-role", {
      service: "ecs-tasks.amazonaws.com",
      description: `the application of ${this.node.path}`,
      statements: container.taskRoleStatements ?? [],
    });

    this.securityGroup = new SecurityGroup(this, "security-group", { vpcId: props.vpcId, description: `tasks of ${this.node.path}`, tags: { Name: props.family } });
    // Tasks reach ECR, Secrets Manager, CloudWatch Logs and their own dependencies.
    new VpcSecurityGroupEgressRule(this, "egress", { securityGroupId: this.securityGroup.id, ipProtocol: "-1", cidrIpv4: "0.0.0.0/0" });

    const healthCheck = container.healthCheck === "none" ? undefined : container.healthCheck;
    const definition = {
      name: CONTAINER_NAME,
      image: container.image,
      essential: true,
      ...(container.command === undefined ? {} : { command: container.command }),
      ...(container.port === undefined ? {} : { portMappings: [{ containerPort: container.port, protocol: "tcp" }] }),
      environment: Object.entries(container.environment).map(([name, value]) => ({ name, value })),
      ...(secrets.length === 0 ? {} : { secrets: secrets.map(({ name, valueFrom }) => ({ name, valueFrom })) }),
      logConfiguration: {
        logDriver: "awslogs",
        options: {
          "awslogs-group": this.logGroup.logGroupName,
          "awslogs-region": AwsContext.of(this).region,
          "awslogs-stream-prefix": props.family,
          // A full buffer drops lines instead of blocking the application when CloudWatch Logs is slow.
          mode: "non-blocking",
          "max-buffer-size": "25m",
        },
      },
      ...(healthCheck === undefined
        ? {}
        : {
            healthCheck: {
              command: healthCheck.command,
              interval: healthCheck.intervalSeconds,
              timeout: healthCheck.timeoutSeconds,
              retries: healthCheck.retries,
              startPeriod: healthCheck.startPeriodSeconds,
            },
          }),
    };
    this.taskDefinition = new EcsTaskDefinition(this, "task-definition", {
      family: props.family,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(container.cpu),
      memory: String(container.memoryMiB),
      runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: container.cpuArchitecture },
      executionRoleArn: this.executionRole.roleArn,
      taskRoleArn: this.taskRole.roleArn,
      containerDefinitions: Fn.jsonencode([definition]),
    });
  }
}

/** Where a service runs: a `Network` fits, or any VPC with private subnets (and public ones for a public load balancer). */
export interface ServiceNetwork {
  readonly vpcId: string;
  /** The tasks run here, without public addresses. */
  readonly privateSubnetIds: readonly string[];
  /** The load balancer's subnets unless it is `internal`. */
  readonly publicSubnetIds?: readonly string[];
}

/** An ECS cluster to run in: an `EcsCluster` fits. */
export interface ClusterReference {
  readonly arn: string;
  readonly name: string;
}

/** The service's container: a `ContainerProps` that listens on `port` and answers `healthCheckPath`. */
export interface ServiceContainerProps extends ContainerProps {
  /** The port the application listens on. */
  readonly port: number;
  /**
   * A readiness endpoint that checks the application's own dependencies, e.g. `/health/ready`: the target group
   * checks it (PR-OPS-008), and the default container health check calls it with `curl`.
   */
  readonly healthCheckPath: string;
}

export interface AutoScalingSettings {
  /** Tasks that always run, and the desired count on creation. Default 2; 1 is warned about. */
  readonly minTasks?: number;
  /** At most this many tasks. Default 10; more than 20 is warned about and flagged by PR-LIM-003. */
  readonly maxTasks?: number;
  /** Average CPU the service scales to keep. Default 60. */
  readonly cpuTargetPercent?: number;
  /** Average memory the service scales to keep. Default 70. */
  readonly memoryTargetPercent?: number;
}

/** When the service's alarms fire. */
export interface ServiceAlarmSettings {
  /** 5xx responses (from the targets and the load balancer) per minute, 3 minutes out of 5. Default 10. */
  readonly http5xxPerMinute?: number;
  /** p99 target response time in seconds, 3 minutes out of 5. Default 1. */
  readonly p99LatencySeconds?: number;
  /** Average CPU of the service, 3 minutes out of 5. Default 85. */
  readonly cpuPercent?: number;
  /** Average memory of the service, 3 minutes out of 5. Default 85. */
  readonly memoryPercent?: number;
}

export interface ContainerServiceProps {
  /** Names the ECS service, the task family, the cluster it creates and the alarms. */
  readonly serviceName: string;
  readonly network: ServiceNetwork;
  /** The ACM certificate of the HTTPS listener (a DNS-validated one renews on its own, PR-RES-002). */
  readonly certificateArn: string;
  readonly container: ServiceContainerProps;
  /** The container's log group (default `/ecs/<serviceName>`, 90 days); see LogGroup. */
  readonly logGroup?: LogGroupProps;
  readonly autoScaling?: AutoScalingSettings;
  readonly alarms?: ServiceAlarmSettings;
  /** A load balancer reachable only inside the VPC (in the private subnets). Default `false`. */
  readonly internal?: boolean;
  /** Who may reach the listeners. Default `["0.0.0.0/0"]`, or the VPC's private side when `internal` (then required). */
  readonly ingressCidrs?: readonly string[];
  /** The HTTPS listener's policy. Default `ELBSecurityPolicy-TLS13-1-2-2021-06`; a policy that admits TLS 1.0 or 1.1 is warned about and flagged by PR-SEC-005. */
  readonly sslPolicy?: string;
  /** Seconds an idle connection stays open. Default 60; more than 300 is warned about and flagged by PR-RES-006. */
  readonly idleTimeoutSeconds?: number;
  /** Run in this cluster instead of creating one (with Container Insights) named after the service. */
  readonly cluster?: ClusterReference;
  /** Send alarms to this topic (shared with other constructs) instead of creating one; not with `alertingProps`. */
  readonly alerting?: Alerting;
  /** Settings of the Alerting the construct creates; not with `alerting`. */
  readonly alertingProps?: AlertingProps;
}

type ServiceDefaultKeys = "autoScaling" | "alarms" | "internal" | "sslPolicy" | "idleTimeoutSeconds";
type ServiceSettings = ContainerServiceProps &
  Defaults<ContainerServiceProps, ServiceDefaultKeys> & {
    readonly autoScaling: Required<AutoScalingSettings>;
    readonly alarms: Required<ServiceAlarmSettings>;
  };

const SERVICE_DEFAULTS: Defaults<ContainerServiceProps, ServiceDefaultKeys> = {
  autoScaling: { minTasks: 2, maxTasks: 10, cpuTargetPercent: 60, memoryTargetPercent: 70 },
  alarms: { http5xxPerMinute: 10, p99LatencySeconds: 1, cpuPercent: 85, memoryPercent: 85 },
  internal: false,
  sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
  idleTimeoutSeconds: 60,
};

/** PR-LIM-003's default bound and PR-RES-006's default ceiling: beyond them the rules fire. */
const MAX_TASKS_BOUND = 20;
const IDLE_TIMEOUT_CEILING = 300;

/** Elastic Load Balancing policies whose lowest protocol is TLS 1.2 or later go by these names. */
const TLS12_POLICY = /^ELBSecurityPolicy-(TLS13-|TLS-1-2-|FS-1-2-)/;

const SERVICE_WEAKENINGS: WeakeningChecks<ContainerServiceProps> = {
  container: CONTAINER_WEAKENINGS,
  autoScaling: {
    minTasks: { when: (count) => count < 2, because: "a single task: a deployment, a zone outage or a crash leaves no task serving" },
    maxTasks: { when: (count) => count > MAX_TASKS_BOUND, because: `the service may grow past ${MAX_TASKS_BOUND} tasks (PR-LIM-003)` },
  },
  sslPolicy: { when: (policy) => !TLS12_POLICY.test(policy), because: "the HTTPS listener may accept TLS versions older than 1.2 (PR-SEC-005)" },
  idleTimeoutSeconds: {
    when: (seconds) => seconds > IDLE_TIMEOUT_CEILING,
    because: `idle connections hold the load balancer for more than ${IDLE_TIMEOUT_CEILING} s (PR-RES-006)`,
  },
};

const HTTP_PORT = 80;
const HTTPS_PORT = 443;

/**
 * An ECS Fargate service behind an application load balancer: HTTPS with a TLS 1.2+ policy and HTTP redirected
 * to it, target group and container health checks, task cpu and memory, secrets through `secrets`, JSON logs to an
 * encrypted log group with retention, the deployment circuit breaker with rollback, autoscaling between bounds,
 * and alarms on 5xx responses, latency, CPU and memory sent to an `Alerting` topic.
 * Guarantees PR-SEC-004, PR-SEC-005, PR-OPS-006, PR-OPS-007, PR-OPS-008, PR-OPS-009, PR-OPS-010, PR-LIM-001,
 * PR-LIM-003, PR-RES-006, PR-CFG-002, PR-OPS-005; PR-RES-010 and PR-OPS-004 for the keys.
 */
export class ContainerService extends Construct {
  readonly task: FargateTask;
  readonly service: EcsService;
  readonly loadBalancer: Lb;
  readonly targetGroup: LbTargetGroup;
  readonly httpsListener: LbListener;
  /** The tasks' security group: allow it into a database with `database.allowFrom(service.securityGroupId)`. */
  readonly securityGroupId: string;
  readonly loadBalancerSecurityGroupId: string;
  readonly alerting: Alerting;
  /** The load balancer's DNS name, for an alias record. */
  readonly dnsName: string;

  constructor(scope: Construct, id: string, props: ContainerServiceProps) {
    super(scope, id);
    if (props.alerting !== undefined && props.alertingProps !== undefined) throw new Error(`${this.node.path}: pass alerting or alertingProps, not both`);
    const settings = mergeProps(this, { defaults: SERVICE_DEFAULTS, user: props, weakens: SERVICE_WEAKENINGS }) as ServiceSettings;
    // The container's weakenings are reviewed above (as `container.…`); this only fills in its defaults.
    const container = mergeProps(this, {
      defaults: {
        ...CONTAINER_DEFAULTS,
        healthCheck: { ...HEALTH_CHECK_DEFAULTS, command: ["CMD-SHELL", `curl -fs http://localhost:${props.container.port}${props.container.healthCheckPath} || exit 1`] },
      },
      user: props.container,
    });
    const { autoScaling, alarms } = settings;
    if (autoScaling.minTasks < 1 || autoScaling.maxTasks < autoScaling.minTasks) throw new Error(`${this.node.path}: autoScaling needs 1 <= minTasks <= maxTasks`);
    const loadBalancerSubnets = settings.internal ? settings.network.privateSubnetIds : settings.network.publicSubnetIds ?? [];
    if (loadBalancerSubnets.length === 0) throw new Error(`${this.node.path}: an internet-facing load balancer needs public subnets (or set internal)`);
    if (settings.internal && settings.ingressCidrs === undefined) throw new Error(`${this.node.path}: an internal load balancer needs ingressCidrs`);
    const ingressCidrs = settings.ingressCidrs ?? ["0.0.0.0/0"];

    this.alerting = settings.alerting ?? new Alerting(this, "alerting", settings.alertingProps);
    const vpcId = settings.network.vpcId;
    this.task = new FargateTask(this, "task", { family: settings.serviceName, vpcId, container, logGroup: settings.logGroup });

    // Security groups: the internet (or ingressCidrs) reaches the load balancer, which alone reaches the tasks.
    const lbGroup = new SecurityGroup(this, "lb-security-group", { vpcId, description: `load balancer of ${this.node.path}`, tags: { Name: `${settings.serviceName}-lb` } });
    const taskGroup = this.task.securityGroup;
    this.loadBalancerSecurityGroupId = lbGroup.id;
    this.securityGroupId = taskGroup.id;
    ingressCidrs.forEach((cidr, index) => {
      for (const port of [HTTP_PORT, HTTPS_PORT]) {
        new VpcSecurityGroupIngressRule(this, `lb-ingress-${port}-${index}`, { securityGroupId: lbGroup.id, ipProtocol: "tcp", fromPort: port, toPort: port, cidrIpv4: cidr });
      }
    });
    const appPort = { ipProtocol: "tcp", fromPort: container.port, toPort: container.port };
    new VpcSecurityGroupEgressRule(this, "lb-to-tasks", { securityGroupId: lbGroup.id, referencedSecurityGroupId: taskGroup.id, ...appPort });
    new VpcSecurityGroupIngressRule(this, "tasks-from-lb", { securityGroupId: taskGroup.id, referencedSecurityGroupId: lbGroup.id, ...appPort });

    this.loadBalancer = new Lb(this, "load-balancer", {
      loadBalancerType: "application",
      internal: settings.internal,
      subnets: [...loadBalancerSubnets],
      securityGroups: [lbGroup.id],
      idleTimeout: settings.idleTimeoutSeconds,
      // Requests with malformed headers are dropped instead of reaching the application (request smuggling).
      dropInvalidHeaderFields: true,
    });
    this.dnsName = this.loadBalancer.dnsName;
    this.targetGroup = new LbTargetGroup(this, "target-group", {
      targetType: "ip",
      protocol: "HTTP",
      port: container.port,
      vpcId,
      deregistrationDelay: "30",
      healthCheck: { enabled: true, path: container.healthCheckPath, matcher: "200", interval: 15, timeout: 5, healthyThreshold: 2, unhealthyThreshold: 3 },
    });
    this.httpsListener = new LbListener(this, "https", {
      loadBalancerArn: this.loadBalancer.arn,
      port: HTTPS_PORT,
      protocol: "HTTPS",
      sslPolicy: settings.sslPolicy,
      certificateArn: settings.certificateArn,
      defaultAction: [{ type: "forward", targetGroupArn: this.targetGroup.arn }],
    });
    new LbListener(this, "http", {
      loadBalancerArn: this.loadBalancer.arn,
      port: HTTP_PORT,
      protocol: "HTTP",
      defaultAction: [{ type: "redirect", redirect: { protocol: "HTTPS", port: String(HTTPS_PORT), statusCode: "HTTP_301" } }],
    });

    const cluster: ClusterReference =
      settings.cluster ?? new EcsCluster(this, "cluster", { name: settings.serviceName, setting: [{ name: "containerInsights", value: "enabled" }] });
    this.service = new EcsService(this, "service", {
      name: settings.serviceName,
      cluster: cluster.arn,
      taskDefinition: this.task.taskDefinition.arn,
      launchType: "FARGATE",
      platformVersion: "LATEST",
      desiredCount: autoScaling.minTasks,
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      healthCheckGracePeriodSeconds: 60,
      propagateTags: "SERVICE",
      enableEcsManagedTags: true,
      networkConfiguration: { subnets: [...settings.network.privateSubnetIds], securityGroups: [taskGroup.id], assignPublicIp: false },
      loadBalancer: [{ targetGroupArn: this.targetGroup.arn, containerName: this.task.containerName, containerPort: container.port }],
      // The target group must belong to a load balancer before a service can register into it.
      dependsOn: [this.httpsListener],
      // Autoscaling owns the task count once the service exists.
      lifecycle: { ignoreChanges: ["desired_count"] },
    });

    const scaling = new AppautoscalingTarget(this, "scaling-target", {
      serviceNamespace: "ecs",
      scalableDimension: "ecs:service:DesiredCount",
      resourceId: `service/${cluster.name}/${this.service.name}`,
      minCapacity: autoScaling.minTasks,
      maxCapacity: autoScaling.maxTasks,
    });
    const track = (name: string, metric: string, target: number): void => {
      new AppautoscalingPolicy(this, `scale-on-${name}`, {
        name: `${settings.serviceName}-${name}`,
        policyType: "TargetTrackingScaling",
        serviceNamespace: scaling.serviceNamespace,
        resourceId: scaling.resourceId,
        scalableDimension: scaling.scalableDimension,
        targetTrackingScalingPolicyConfiguration: { targetValue: target, predefinedMetricSpecification: { predefinedMetricType: metric } },
      });
    };
    track("cpu", "ECSServiceAverageCPUUtilization", autoScaling.cpuTargetPercent);
    track("memory", "ECSServiceAverageMemoryUtilization", autoScaling.memoryTargetPercent);

    this.addAlarms(settings.serviceName, cluster.name, alarms);
  }

  private addAlarms(serviceName: string, clusterName: string, alarms: Required<ServiceAlarmSettings>): void {
    const lb = { LoadBalancer: this.loadBalancer.arnSuffix };
    const service = { ClusterName: clusterName, ServiceName: this.service.name };
    // A minute's data, 3 minutes out of 5: a spike pages no one, a lasting problem does within minutes.
    const sustained = { evaluationPeriods: 5, datapointsToAlarm: 3, comparisonOperator: "GreaterThanOrEqualToThreshold" };
    const count = (id: string, metricName: string) => ({
      id,
      metric: { namespace: "AWS/ApplicationELB", metricName, dimensions: lb, period: 60, stat: "Sum" },
    });
    this.alerting.alarm(this, "alarm-5xx", {
      alarmName: `${serviceName} 5xx responses`,
      alarmDescription: `5xx responses of ${serviceName}, from its tasks and from the load balancer (no healthy task)`,
      ...sustained,
      threshold: alarms.http5xxPerMinute,
      treatMissingData: "notBreaching",
      metricQuery: [
        { id: "errors", expression: "FILL(target, 0) + FILL(elb, 0)", label: "5xx responses", returnData: true },
        count("target", "HTTPCode_Target_5XX_Count"),
        count("elb", "HTTPCode_ELB_5XX_Count"),
      ],
    });
    this.alerting.alarm(this, "alarm-latency", {
      alarmName: `${serviceName} p99 latency`,
      namespace: "AWS/ApplicationELB",
      metricName: "TargetResponseTime",
      dimensions: lb,
      extendedStatistic: "p99",
      period: 60,
      ...sustained,
      threshold: alarms.p99LatencySeconds,
      treatMissingData: "notBreaching",
    });
    for (const [name, metricName, threshold] of [
      ["cpu", "CPUUtilization", alarms.cpuPercent],
      ["memory", "MemoryUtilization", alarms.memoryPercent],
    ] as const) {
      this.alerting.alarm(this, `alarm-${name}`, {
        alarmName: `${serviceName} ${name}`,
        namespace: "AWS/ECS",
        metricName,
        dimensions: service,
        statistic: "Average",
        period: 60,
        ...sustained,
        threshold,
        // No data means no running task, which the 5xx alarm reports.
        treatMissingData: "missing",
      });
    }
  }
}
