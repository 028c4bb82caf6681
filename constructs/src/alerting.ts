import { Token } from "cdktf";
import { Construct } from "constructs";
import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { SnsTopicSubscription } from "@cdktf/provider-aws/lib/sns-topic-subscription";
import { EncryptionKey, type EncryptionKeyProps } from "./encryption-key";
import { mergeProps, type Defaults, type WeakeningChecks } from "./merge";

export interface AlertingProps {
  /** The topic's name; Terraform generates one when left out. */
  readonly topicName?: string;
  /** Subscribes this address by email (AWS sends a confirmation mail first). */
  readonly emailAddress?: string;
  /** Subscribes this `https://` endpoint; plain HTTP is refused, since alerts would travel in clear text. */
  readonly httpsEndpoint?: string;
  /** Services that publish to the topic and therefore need to use its key. Default CloudWatch alarms. */
  readonly publishingServices?: readonly string[];
  /** Encrypt messages with a customer-managed KMS key. Default `true`; `false` is flagged by PR-SEC-014. */
  readonly encrypted?: boolean;
  /** Encrypt with this key (shared with other constructs) instead of creating one; not with `keyProps`. */
  readonly encryptionKey?: EncryptionKey;
  /** Settings of the key the construct creates; not with `encryptionKey`. */
  readonly keyProps?: EncryptionKeyProps;
}

type AlertingSettings = AlertingProps & Defaults<AlertingProps, "publishingServices" | "encrypted">;

const ALERTING_DEFAULTS: Defaults<AlertingProps, "publishingServices" | "encrypted"> = {
  publishingServices: ["cloudwatch.amazonaws.com"],
  encrypted: true,
};

const ALERTING_WEAKENINGS: WeakeningChecks<AlertingProps> = {
  encrypted: { when: (encrypted) => !encrypted, because: "alert messages are stored unencrypted (PR-SEC-014)" },
};

/** A metric alarm's settings; `Alerting.alarm` sets where it notifies. */
export type AlarmSpec = Omit<CloudwatchMetricAlarmConfig, "alarmActions" | "okActions" | "actionsEnabled">;

/** What a service needs to publish to a topic encrypted with a customer-managed key. */
const PUBLISHER_KEY_ACTIONS = ["kms:Decrypt", "kms:GenerateDataKey*"];

/**
 * An SNS topic for alerts, encrypted with a rotating customer-managed KMS key whose policy lets CloudWatch alarms
 * publish (the AWS-managed `alias/aws/sns` key cannot: its policy cannot grant CloudWatch), with an optional email
 * and HTTPS subscription. Guarantees PR-SEC-014, and PR-RES-010 and PR-OPS-004 for the key.
 */
export class Alerting extends Construct {
  readonly topic: SnsTopic;
  /** Where alarms send notifications: `alarm_actions = [alerting.topicArn]`. */
  readonly topicArn: string;
  /** Undefined when `encrypted` is false. */
  readonly encryptionKey?: EncryptionKey;

  constructor(scope: Construct, id: string, props: AlertingProps = {}) {
    super(scope, id);
    if (props.encryptionKey !== undefined && props.keyProps !== undefined) throw new Error(`${this.node.path}: pass encryptionKey or keyProps, not both`);
    if (props.httpsEndpoint !== undefined && !Token.isUnresolved(props.httpsEndpoint) && !props.httpsEndpoint.startsWith("https://")) {
      throw new Error(`${this.node.path}: httpsEndpoint must be an https:// URL`);
    }
    const settings: AlertingSettings = mergeProps(this, { defaults: ALERTING_DEFAULTS, user: props, weakens: ALERTING_WEAKENINGS });

    if (settings.encrypted) {
      const key = settings.encryptionKey ?? new EncryptionKey(this, "key", { description: `alerts of ${this.node.path}`, ...settings.keyProps });
      for (const service of settings.publishingServices) key.allowService({ service, actions: PUBLISHER_KEY_ACTIONS });
      this.encryptionKey = key;
    }
    this.topic = new SnsTopic(this, "topic", { name: settings.topicName, kmsMasterKeyId: this.encryptionKey?.keyArn });
    this.topicArn = this.topic.arn;
    if (settings.emailAddress !== undefined) {
      new SnsTopicSubscription(this, "email", { topicArn: this.topic.arn, protocol: "email", endpoint: settings.emailAddress });
    }
    if (settings.httpsEndpoint !== undefined) {
      new SnsTopicSubscription(this, "https", { topicArn: this.topic.arn, protocol: "https", endpoint: settings.httpsEndpoint });
    }
  }

  /**
   * A CloudWatch metric alarm in `scope` that notifies this topic when it fires and when it clears, so every
   * construct's alarms reach the on-call person the same way (PR-OPS-010 asks for an alarm action).
   */
  alarm(scope: Construct, id: string, spec: AlarmSpec): CloudwatchMetricAlarm {
    return new CloudwatchMetricAlarm(scope, id, { ...spec, alarmActions: [this.topicArn], okActions: [this.topicArn] });
  }
}
