import { Fn } from "cdktf";
import { Construct } from "constructs";
import { CloudwatchEventRule } from "@cdktf/provider-aws/lib/cloudwatch-event-rule";
import { CloudwatchEventTarget } from "@cdktf/provider-aws/lib/cloudwatch-event-target";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { LambdaFunctionEventInvokeConfig } from "@cdktf/provider-aws/lib/lambda-function-event-invoke-config";
import { SchedulerSchedule, type SchedulerScheduleTarget } from "@cdktf/provider-aws/lib/scheduler-schedule";
import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { SqsQueuePolicy } from "@cdktf/provider-aws/lib/sqs-queue-policy";
import { Alerting, type AlertingProps } from "./alerting";
import {
  CONTAINER_DEFAULTS,
  CONTAINER_WEAKENINGS,
  FargateTask,
  HEALTH_CHECK_DEFAULTS,
  holdsPlaintextSecret,
  type ClusterReference,
  type ContainerHealthCheck,
  type ContainerProps,
} from "./container-service";
import { EncryptionKey, type EncryptionKeyProps } from "./encryption-key";
import { LogGroup, type LogGroupProps } from "./log-group";
import { mergeProps, type Defaults, type WeakeningChecks } from "./merge";
import { policyDocument, type PolicyStatement } from "./policy";
import { ServiceRole } from "./service-role";

/** A function's code: a local zip, or an object in S3. */
export type LambdaCode =
  | { readonly filename: string; readonly sourceCodeHash?: string }
  | { readonly s3Bucket: string; readonly s3Key: string; readonly s3ObjectVersion?: string };

/** The job as a Lambda function the construct creates, invoked asynchronously with the schedule's `input`. */
export interface LambdaJobProps {
  /** e.g. `python3.13`, `nodejs22.x`; a deprecated runtime is flagged by PR-CFG-008. */
  readonly runtime: string;
  readonly handler: string;
  readonly code: LambdaCode;
  /** The longest a run may take. Default 120; more than 300 is warned about and flagged by PR-LIM-002. */
  readonly timeoutSeconds?: number;
  /** Default 256; more than 3008 is warned about and flagged by PR-LIM-002. */
  readonly memorySize?: number;
  /** Default `arm64`. */
  readonly architecture?: "x86_64" | "arm64";
  /** A variable named like a credential is warned about and flagged by PR-CFG-001: read secrets at run time. */
  readonly environment?: Readonly<Record<string, string>>;
  /** What the function may do in AWS; nothing else by default. */
  readonly statements?: readonly PolicyStatement[];
}

/** The job as a Fargate task of one container, run in `cluster`, in private subnets. */
export interface TaskJobProps {
  readonly cluster: ClusterReference;
  readonly network: { readonly vpcId: string; readonly privateSubnetIds: readonly string[] };
  /**
   * The container (see `ContainerProps`; cpu 256 and 512 MiB by default). `healthCheck` is required: a batch
   * container has no endpoint, so only it knows what alive means (a heartbeat file, a process); `"none"` is warned
   * about and flagged by PR-OPS-007.
   */
  readonly container: ContainerProps & { readonly healthCheck: (ContainerHealthCheck & { readonly command: readonly string[] }) | "none" };
}

export interface ScheduledJobProps {
  /** Names the schedule, the function or task family, the dead-letter queue `<jobName>-dlq` and the alarms. */
  readonly jobName: string;
  /** An EventBridge Scheduler expression: `cron(0 3 * * ? *)`, `rate(1 hour)`. */
  readonly schedule: string;
  /** The time zone of a cron expression. Default `UTC`. */
  readonly timezone?: string;
  /** Run a Lambda function; not with `task`. */
  readonly lambda?: LambdaJobProps;
  /** Run a Fargate task; not with `lambda`. */
  readonly task?: TaskJobProps;
  /** The event the function receives, as JSON. Lambda only. */
  readonly input?: Readonly<Record<string, unknown>>;
  /** Retries of a run that could not be delivered, and of a failed Lambda run (0–2 for Lambda). Default 2; 0 is warned about. */
  readonly retries?: number;
  /** How long a run that could not be delivered is retried. Default 3600 seconds. */
  readonly maximumEventAgeSeconds?: number;
  /** The job's log group (`/aws/lambda/<jobName>` or `/ecs/<jobName>`, 90 days); see LogGroup. The key is the job's. */
  readonly logGroup?: Omit<LogGroupProps, "encryptionKey" | "keyProps">;
  /** Send the failure alarms to this topic (shared with other constructs) instead of creating one; not with `alertingProps`. */
  readonly alerting?: Alerting;
  /** Settings of the Alerting the construct creates; not with `alerting`. */
  readonly alertingProps?: AlertingProps;
  /** Encrypt the logs and the dead-letter queue with this key instead of a new one; not with `keyProps`. */
  readonly encryptionKey?: EncryptionKey;
  /** Settings of the key the construct creates; not with `encryptionKey`. */
  readonly keyProps?: EncryptionKeyProps;
}

type JobDefaultKeys = "timezone" | "retries" | "maximumEventAgeSeconds";
type JobSettings = ScheduledJobProps & Defaults<ScheduledJobProps, JobDefaultKeys>;

const JOB_DEFAULTS: Defaults<ScheduledJobProps, JobDefaultKeys> = { timezone: "UTC", retries: 2, maximumEventAgeSeconds: 3600 };

const LAMBDA_DEFAULTS: Defaults<LambdaJobProps, "timeoutSeconds" | "memorySize" | "architecture"> = { timeoutSeconds: 120, memorySize: 256, architecture: "arm64" };

/** PR-LIM-002's default bounds: beyond them the rule fires. */
const MAX_TIMEOUT_SECONDS = 300;
const MAX_MEMORY_MB = 3008;
/** Lambda retries a failed asynchronous invocation at most twice; EventBridge Scheduler a delivery at most 185 times. */
const MAX_LAMBDA_RETRIES = 2;
const MAX_SCHEDULER_RETRIES = 185;

const JOB_WEAKENINGS: WeakeningChecks<ScheduledJobProps> = {
  retries: { when: (retries) => retries === 0, because: "a run that fails once, or cannot be started once, is not tried again" },
  lambda: {
    timeoutSeconds: { when: (seconds) => seconds > MAX_TIMEOUT_SECONDS, because: `a hung run holds the function for more than ${MAX_TIMEOUT_SECONDS} s (PR-LIM-002)` },
    memorySize: { when: (mb) => mb > MAX_MEMORY_MB, because: `the function may use more than ${MAX_MEMORY_MB} MB (PR-LIM-002)` },
    environment: {
      when: holdsPlaintextSecret,
      because: "a variable named like a credential is stored in plaintext in the function's configuration (PR-CFG-001)",
    },
  },
  task: { container: CONTAINER_WEAKENINGS },
};

/** What a role needs to put a message on a queue encrypted with a customer-managed key. */
const QUEUE_KEY_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"];
/** Failed runs wait here for someone to look: SQS's longest retention. */
const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 3600;

/**
 * A job that EventBridge Scheduler runs on a schedule: a Lambda function (with a timeout) or a Fargate task,
 * retried, with every run that fails for good (cannot be delivered, or fails after its retries, or a task that
 * stops with a non-zero exit code or cannot start) sent to an encrypted dead-letter queue, alarms that notify an
 * `Alerting` topic on a failure, and logs in an encrypted log group with retention.
 * Guarantees PR-RES-004, PR-SEC-013, PR-OPS-005, and PR-RES-010 and PR-OPS-004 for the key; for a function also
 * PR-LIM-002, PR-RES-005, PR-OPS-010, PR-CFG-001; for a task those of `FargateTask` (PR-LIM-001, PR-OPS-006,
 * PR-OPS-007, PR-CFG-002).
 */
export class ScheduledJob extends Construct {
  readonly schedule: SchedulerSchedule;
  readonly deadLetterQueue: SqsQueue;
  readonly encryptionKey: EncryptionKey;
  readonly alerting: Alerting;
  readonly logGroup: LogGroup;
  /** Set when the job is a Lambda function. */
  readonly function?: LambdaFunction;
  /** Set when the job is a Fargate task. */
  readonly task?: FargateTask;

  constructor(scope: Construct, id: string, props: ScheduledJobProps) {
    super(scope, id);
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };
    if ((props.lambda === undefined) === (props.task === undefined)) fail("pass lambda or task, exactly one");
    if (props.alerting !== undefined && props.alertingProps !== undefined) fail("pass alerting or alertingProps, not both");
    if (props.encryptionKey !== undefined && props.keyProps !== undefined) fail("pass encryptionKey or keyProps, not both");
    if (props.task !== undefined && props.input !== undefined) fail("input is for a lambda job");
    const settings: JobSettings = mergeProps(this, { defaults: JOB_DEFAULTS, user: props, weakens: JOB_WEAKENINGS });
    const maxRetries = settings.lambda === undefined ? MAX_SCHEDULER_RETRIES : MAX_LAMBDA_RETRIES;
    if (!Number.isInteger(settings.retries) || settings.retries < 0 || settings.retries > maxRetries) fail(`retries must be a whole number from 0 to ${maxRetries}`);

    this.encryptionKey = settings.encryptionKey ?? new EncryptionKey(this, "key", { description: `job ${settings.jobName}`, ...settings.keyProps });
    this.alerting = settings.alerting ?? new Alerting(this, "alerting", settings.alertingProps);
    this.deadLetterQueue = new SqsQueue(this, "dead-letters", {
      name: `${settings.jobName}-dlq`,
      kmsMasterKeyId: this.encryptionKey.keyArn,
      messageRetentionSeconds: DEAD_LETTER_RETENTION_SECONDS,
    });
    const sendToDeadLetters: PolicyStatement[] = [
      { Effect: "Allow", Action: ["sqs:SendMessage"], Resource: this.deadLetterQueue.arn },
      { Effect: "Allow", Action: QUEUE_KEY_ACTIONS, Resource: this.encryptionKey.keyArn },
    ];

    let target: Omit<SchedulerScheduleTarget, "roleArn" | "retryPolicy" | "deadLetterConfig">;
    let invoke: PolicyStatement[];
    if (settings.lambda !== undefined) {
      this.logGroup = new LogGroup(this, "logs", { logGroupName: `/aws/lambda/${settings.jobName}`, ...settings.logGroup, encryptionKey: this.encryptionKey });
      const fn = this.lambdaJob(settings, settings.lambda, this.logGroup, sendToDeadLetters);
      this.function = fn;
      target = { arn: fn.arn, input: Fn.jsonencode(settings.input ?? {}) };
      invoke = [{ Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [fn.arn, `${fn.arn}:*`] }];
    } else {
      const job = settings.task ?? fail("pass lambda or task");
      const task = this.taskJob(settings, job);
      this.task = task;
      this.logGroup = task.logGroup;
      target = {
        arn: job.cluster.arn,
        ecsParameters: {
          taskDefinitionArn: task.taskDefinition.arn,
          launchType: "FARGATE",
          platformVersion: "LATEST",
          taskCount: 1,
          networkConfiguration: { subnets: [...job.network.privateSubnetIds], securityGroups: [task.securityGroup.id], assignPublicIp: false },
        },
      };
      invoke = [
        { Effect: "Allow", Action: ["ecs:RunTask"], Resource: `${task.taskDefinition.arnWithoutRevision}:*` },
        {
          Effect: "Allow",
          Action: ["iam:PassRole"],
          Resource: [task.executionRole.roleArn, task.taskRole.roleArn],
          Condition: { StringEquals: { "iam:PassedToService": "ecs-tasks.amazonaws.com" } },
        },
      ];
    }

    const schedulerRole = new ServiceRole(this, "scheduler-role", {
      service: "scheduler.amazonaws.com",
      description: `runs ${this.node.path}`,
      statements: [...invoke, ...sendToDeadLetters],
    });
    this.schedule = new SchedulerSchedule(this, "schedule", {
      name: settings.jobName,
      scheduleExpression: settings.schedule,
      scheduleExpressionTimezone: settings.timezone,
      flexibleTimeWindow: { mode: "OFF" },
      state: "ENABLED",
      target: {
        ...target,
        roleArn: schedulerRole.roleArn,
        retryPolicy: { maximumRetryAttempts: settings.retries, maximumEventAgeInSeconds: settings.maximumEventAgeSeconds },
        deadLetterConfig: { arn: this.deadLetterQueue.arn },
      },
    });

    this.alerting.alarm(this, "alarm-dead-letters", {
      alarmName: `${settings.jobName} failed runs`,
      alarmDescription: `runs of ${settings.jobName} that failed for good wait in its dead-letter queue`,
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: this.deadLetterQueue.name },
      statistic: "Maximum",
      period: 300,
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      treatMissingData: "notBreaching",
    });
  }

  /** The function, its role, where its failed runs go, and the alarm on its errors. */
  private lambdaJob(settings: JobSettings, user: LambdaJobProps, logs: LogGroup, sendToDeadLetters: PolicyStatement[]): LambdaFunction {
    // The function's weakenings are reviewed with the job's props (as `lambda.…`); this only fills in its defaults.
    const lambda = mergeProps(this, { defaults: LAMBDA_DEFAULTS, user });
    const role = new ServiceRole(this, "function-role", {
      service: "lambda.amazonaws.com",
      description: `the function of ${this.node.path}`,
      statements: [
        { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: `${logs.logGroupArn}:*` },
        ...sendToDeadLetters,
        ...(lambda.statements ?? []),
      ],
    });
    const environment = lambda.environment ?? {};
    const fn = new LambdaFunction(this, "function", {
      functionName: settings.jobName,
      role: role.roleArn,
      runtime: lambda.runtime,
      handler: lambda.handler,
      ...lambda.code,
      architectures: [lambda.architecture],
      timeout: lambda.timeoutSeconds,
      memorySize: lambda.memorySize,
      ...(Object.keys(environment).length === 0 ? {} : { environment: { variables: { ...environment } } }),
      loggingConfig: { logFormat: "JSON", logGroup: logs.logGroupName, applicationLogLevel: "INFO", systemLogLevel: "WARN" },
      // The log group, with its retention and key, exists before the first run could create one without them.
      dependsOn: [logs.logGroup, role.role],
    });
    new LambdaFunctionEventInvokeConfig(this, "failures", {
      functionName: fn.functionName,
      maximumRetryAttempts: settings.retries,
      maximumEventAgeInSeconds: settings.maximumEventAgeSeconds,
      destinationConfig: { onFailure: { destination: this.deadLetterQueue.arn } },
    });
    this.alerting.alarm(this, "alarm-errors", {
      alarmName: `${settings.jobName} errors`,
      alarmDescription: `runs of ${settings.jobName} that failed (each is retried before it reaches the dead-letter queue)`,
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions: { FunctionName: fn.functionName },
      statistic: "Sum",
      period: 300,
      evaluationPeriods: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: 1,
      treatMissingData: "notBreaching",
    });
    return fn;
  }

  /** The task, and an EventBridge rule that sends every failed run (non-zero exit, or no start) to the dead-letter queue. */
  private taskJob(settings: JobSettings, user: TaskJobProps): FargateTask {
    // The container's weakenings are reviewed above (as `task.container.…`); this only fills in its defaults.
    const defaults = { ...CONTAINER_DEFAULTS, healthCheck: HEALTH_CHECK_DEFAULTS as ContainerHealthCheck };
    const container = mergeProps<ContainerProps, typeof defaults>(this, { defaults, user: user.container });
    const task = new FargateTask(this, "task", {
      family: settings.jobName,
      vpcId: user.network.vpcId,
      container,
      logGroup: { ...settings.logGroup, encryptionKey: this.encryptionKey },
    });
    const failed = new CloudwatchEventRule(this, "task-failed", {
      name: `${settings.jobName}-failed`,
      description: `runs of ${settings.jobName} that exit with an error or cannot start`,
      eventPattern: Fn.jsonencode({
        source: ["aws.ecs"],
        "detail-type": ["ECS Task State Change"],
        detail: {
          clusterArn: [user.cluster.arn],
          group: [`family:${settings.jobName}`],
          lastStatus: ["STOPPED"],
          $or: [{ containers: { exitCode: [{ "anything-but": 0 }] } }, { stopCode: ["TaskFailedToStart"] }],
        },
      }),
    });
    new CloudwatchEventTarget(this, "task-failed-to-dead-letters", { rule: failed.name, arn: this.deadLetterQueue.arn });
    this.encryptionKey.allowService({ service: "events.amazonaws.com", actions: QUEUE_KEY_ACTIONS });
    new SqsQueuePolicy(this, "dead-letters-policy", {
      queueUrl: this.deadLetterQueue.url,
      policy: Fn.jsonencode(
        policyDocument([
          {
            Sid: "FailedRunsFromEventBridge",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: this.deadLetterQueue.arn,
            Condition: { ArnEquals: { "aws:SourceArn": failed.arn } },
          },
        ]),
      ),
    });
    return task;
  }
}
