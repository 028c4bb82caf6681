import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { AwsContext } from "./aws-context";
import { EncryptionKey, type EncryptionKeyProps } from "./encryption-key";
import { mergeProps, type Defaults, type WeakeningChecks } from "./merge";

export interface LogGroupProps {
  /** e.g. `/ecs/orders`; Terraform generates one when left out. */
  readonly logGroupName?: string;
  /** Days CloudWatch keeps events. Default 90; fewer is warned about, and 0 or fewer than 7 is flagged by PR-OPS-005. */
  readonly retentionInDays?: number;
  /** Encrypt with this key (shared with other constructs) instead of creating one; not with `keyProps`. */
  readonly encryptionKey?: EncryptionKey;
  /** Settings of the key the construct creates; not with `encryptionKey`. */
  readonly keyProps?: EncryptionKeyProps;
}

type LogGroupSettings = LogGroupProps & Defaults<LogGroupProps, "retentionInDays">;

const LOG_GROUP_DEFAULTS: Defaults<LogGroupProps, "retentionInDays"> = { retentionInDays: 90 };

const LOG_GROUP_WEAKENINGS: WeakeningChecks<LogGroupProps> = {
  retentionInDays: {
    when: (days, fallback) => days === 0 || (fallback !== undefined && days < fallback),
    because: "log events are kept for less time than the default, or forever with 0 (PR-OPS-005 flags 0 and too short a retention)",
  },
};

/** What CloudWatch Logs needs to encrypt and read a log group's events with a customer-managed key. */
const LOGS_KEY_ACTIONS = ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"];

/**
 * A CloudWatch log group that expires its events and encrypts them with a rotating customer-managed KMS key, whose
 * policy lets CloudWatch Logs use it for this account's log groups in this region only.
 * Guarantees PR-OPS-005, and PR-RES-010 and PR-OPS-004 for the key.
 */
export class LogGroup extends Construct {
  readonly logGroup: CloudwatchLogGroup;
  readonly logGroupArn: string;
  readonly logGroupName: string;
  readonly encryptionKey: EncryptionKey;

  constructor(scope: Construct, id: string, props: LogGroupProps = {}) {
    super(scope, id);
    if (props.encryptionKey !== undefined && props.keyProps !== undefined) throw new Error(`${this.node.path}: pass encryptionKey or keyProps, not both`);
    const settings: LogGroupSettings = mergeProps(this, { defaults: LOG_GROUP_DEFAULTS, user: props, weakens: LOG_GROUP_WEAKENINGS });
    const aws = AwsContext.of(this);
    this.encryptionKey = settings.encryptionKey ?? new EncryptionKey(this, "key", { description: `logs of ${this.node.path}`, ...settings.keyProps });
    this.encryptionKey.allowService({
      service: `logs.${aws.region}.${aws.dnsSuffix}`,
      actions: LOGS_KEY_ACTIONS,
      conditions: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${aws.partition}:logs:${aws.region}:${aws.accountId}:log-group:*` } },
    });
    this.logGroup = new CloudwatchLogGroup(this, "log-group", {
      name: settings.logGroupName,
      retentionInDays: settings.retentionInDays,
      kmsKeyId: this.encryptionKey.keyArn,
    });
    this.logGroupArn = this.logGroup.arn;
    this.logGroupName = this.logGroup.name;
  }
}
