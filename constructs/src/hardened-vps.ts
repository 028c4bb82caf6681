import { Fn, Token, Tokenization } from "cdktf";
import { Construct } from "constructs";
import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmConfig } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { DataAwsAmi } from "@cdktf/provider-aws/lib/data-aws-ami";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Alerting, type AlertingProps } from "./alerting";
import { AwsContext } from "./aws-context";
import { AGENT_NAMESPACE, ROOT_FSTYPE, renderCloudConfig, type EnvironmentSourceSpec, type FirewallRule, type HostSpec } from "./cloud-init/render";
import { EncryptionKey, type EncryptionKeyProps } from "./encryption-key";
import { LogGroup } from "./log-group";
import type { ManagedSecret } from "./managed-secret";
import { mergeProps, type Defaults, type WeakeningChecks } from "./merge";
import { policyDocument, type PolicyStatement } from "./policy";
import { ServiceRole } from "./service-role";

/**
 * Where the app's secret settings live: a JSON object of `NAME: value` pairs, fetched at every start of the app
 * with the instance role, which may read exactly this secret or parameter.
 */
export type VpsEnvironmentSource =
  /** A `ManagedSecret` of this stack; its name (when given) or ARN goes into the user data. */
  | { readonly secret: ManagedSecret }
  /** A Secrets Manager secret by name or ARN; `kmsKeyArn` when it is encrypted with a customer-managed key. */
  | { readonly secretsManager: string; readonly kmsKeyArn?: string }
  /** An SSM parameter (SecureString) by name or ARN; `kmsKeyArn` when it is encrypted with a customer-managed key. */
  | { readonly ssmParameter: string; readonly kmsKeyArn?: string };

/** The app, run by systemd as a system user of its own name. */
export interface VpsApp {
  /** Service, user and log directory name: lower-case letters, digits and dashes, starting with a letter. */
  readonly name: string;
  /** The command line that runs the app in the foreground (`ExecStart`). */
  readonly command: string;
  readonly workingDirectory?: string;
  /**
   * Settings that are not secret, written into the unit and so into the user data. A name that suggests a
   * credential (`DB_PASSWORD`, `API_TOKEN`) is warned about, and PR-CFG-003 flags a value it can recognise.
   */
  readonly environment?: Readonly<Record<string, string>>;
  /** The secret settings, fetched into `/run/<name>.env` (memory only) before every start; the app does not start without them. */
  readonly environmentFrom?: VpsEnvironmentSource;
  /** Shell commands run once as root at first boot before the app starts, e.g. fetching a release. Nothing secret. */
  readonly setupCommands?: readonly string[];
  /** systemd `MemoryMax=`. Default `75%`, so the app is restarted before it starves sshd and the agents. */
  readonly memoryMax?: string;
}

/** Traffic allowed by the security group and, for ingress, by ufw on the host. */
export interface VpsPortRule {
  readonly port: number;
  /** IPv4 or IPv6 CIDR blocks. */
  readonly cidrs: readonly string[];
  /** Default `tcp`. */
  readonly protocol?: "tcp" | "udp";
  readonly description?: string;
}

/** Percentages at which the alarms fire. */
export interface VpsAlarmThresholds {
  /** Average CPU over 15 minutes. Default 80. */
  readonly cpuPercent?: number;
  /** Memory in use over 15 minutes (CloudWatch agent). Default 90. */
  readonly memoryPercent?: number;
  /** Root file system in use (CloudWatch agent). Default 85. */
  readonly diskPercent?: number;
}

export interface HardenedVpsProps {
  /** The VPC of the security group. */
  readonly vpcId: string;
  /** The subnet the host runs in; it needs a route to the internet (public IP or NAT) for packages and AWS APIs. */
  readonly subnetId: string;
  readonly app: VpsApp;
  /** Default `t3.small`. */
  readonly instanceType?: string;
  /** Default `x86_64`; must match the instance type. */
  readonly architecture?: "x86_64" | "arm64";
  /** An Ubuntu AMI. Default: the newest Ubuntu 24.04 LTS from Canonical at first deployment, then kept (unattended upgrades patch it). */
  readonly amiId?: string;
  /** Default 20. */
  readonly rootVolumeSizeGiB?: number;
  /** Default `true`, with the construct's key; `false` is flagged by PR-SEC-010. */
  readonly encryptRootVolume?: boolean;
  /** Default `true`; `false` accepts IMDSv1 and is flagged by PR-SEC-017. */
  readonly requireImdsv2?: boolean;
  /** CIDR blocks that may reach SSH (rate-limited). Default none: use Session Manager. `0.0.0.0/0` is flagged by PR-SEC-001. */
  readonly sshFrom?: readonly string[];
  /** An EC2 key pair for SSH. */
  readonly keyName?: string;
  /** Ports the app serves. Default none. SSH belongs in `sshFrom`. */
  readonly ingress?: readonly VpsPortRule[];
  /** Outbound traffic. Default `HARDENED_VPS_DEFAULT_EGRESS` (HTTP and HTTPS); a list replaces it whole, so spread it to add to it. */
  readonly egress?: readonly VpsPortRule[];
  /** A public IPv4 address. Default `false`. */
  readonly publicIp?: boolean;
  /** Swap file size. Default 2048; 0 for none. */
  readonly swapSizeMiB?: number;
  /** journald `SystemMaxUse=`. Default `500M`. */
  readonly journaldMaxUse?: string;
  /** Days of rotated app logs kept on the host. Default 14. */
  readonly logRotateDays?: number;
  /** `HH:MM` (UTC) at which unattended upgrades may reboot for a kernel update. Default `04:00`; `false` never reboots. */
  readonly automaticRebootTime?: string | false;
  /** The log group the CloudWatch agent ships to: name (default `/hardened-vps/<construct path>`) and retention (default 90 days, PR-OPS-005). */
  readonly logs?: { readonly logGroupName?: string; readonly retentionInDays?: number };
  /** Alarm thresholds, or `false` for no alarm and no recovery alarm (flagged by PR-OPS-010). */
  readonly alarms?: VpsAlarmThresholds | false;
  /** Where alarms notify; not with `alertingProps`. Default a new `Alerting` with the construct's key. */
  readonly alerting?: Alerting;
  /** Settings of the `Alerting` the construct creates; not with `alerting`. */
  readonly alertingProps?: AlertingProps;
  /** EC2 termination protection. Default `true`. */
  readonly terminationProtection?: boolean;
  /** The CloudWatch agent package: `latest` (default, signature-checked) or a version to pin. */
  readonly cloudWatchAgentVersion?: string;
  /** The key of the root volume, the log group and the alert topic; not with `keyProps`. */
  readonly encryptionKey?: EncryptionKey;
  /** Settings of the key the construct creates; not with `encryptionKey`. */
  readonly keyProps?: EncryptionKeyProps;
}

type DefaultedProps =
  | "instanceType"
  | "architecture"
  | "rootVolumeSizeGiB"
  | "encryptRootVolume"
  | "requireImdsv2"
  | "sshFrom"
  | "ingress"
  | "egress"
  | "publicIp"
  | "swapSizeMiB"
  | "journaldMaxUse"
  | "logRotateDays"
  | "automaticRebootTime"
  | "alarms"
  | "terminationProtection"
  | "cloudWatchAgentVersion";

type VpsSettings = HardenedVpsProps & Defaults<HardenedVpsProps, DefaultedProps>;

/** What the host needs to reach: Ubuntu's mirrors (HTTP, signed), the snap store, AWS APIs and the agent's package (HTTPS). */
export const HARDENED_VPS_DEFAULT_EGRESS: readonly VpsPortRule[] = [
  { port: 443, cidrs: ["0.0.0.0/0"], description: "HTTPS: AWS APIs, snaps, the CloudWatch agent" },
  { port: 80, cidrs: ["0.0.0.0/0"], description: "HTTP: Ubuntu package mirrors (packages are signed)" },
];

const ALARM_DEFAULTS: Required<VpsAlarmThresholds> = { cpuPercent: 80, memoryPercent: 90, diskPercent: 85 };

const VPS_DEFAULTS: Defaults<HardenedVpsProps, DefaultedProps> = {
  instanceType: "t3.small",
  architecture: "x86_64",
  rootVolumeSizeGiB: 20,
  encryptRootVolume: true,
  requireImdsv2: true,
  sshFrom: [],
  ingress: [],
  egress: HARDENED_VPS_DEFAULT_EGRESS,
  publicIp: false,
  swapSizeMiB: 2048,
  journaldMaxUse: "500M",
  logRotateDays: 14,
  automaticRebootTime: "04:00",
  alarms: ALARM_DEFAULTS,
  terminationProtection: true,
  cloudWatchAgentVersion: "latest",
};

const WEB_PORTS = [80, 443];
const SSH_PORT = 22;

/** A CIDR block of prefix length 0: the whole IPv4 or IPv6 internet. */
function isInternet(cidr: string): boolean {
  return !Token.isUnresolved(cidr) && /\/0$/.test(cidr.trim());
}

/** The names PR-CFG-003 reads as credentials when a value is assigned to them. */
const CREDENTIAL_NAME = /(password|passwd|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credential)/i;

function raisesThreshold(alarms: VpsAlarmThresholds, fallback: VpsAlarmThresholds): boolean {
  const keys: Array<keyof VpsAlarmThresholds> = ["cpuPercent", "memoryPercent", "diskPercent"];
  return keys.some((key) => (alarms[key] ?? ALARM_DEFAULTS[key]) > (fallback[key] ?? ALARM_DEFAULTS[key]));
}

const VPS_WEAKENINGS: WeakeningChecks<HardenedVpsProps> = {
  requireImdsv2: { when: (required) => !required, because: "the instance accepts IMDSv1, whose role credentials a single forged GET can read (PR-SEC-017)" },
  encryptRootVolume: { when: (encrypted) => !encrypted, because: "the root volume and its snapshots are stored unencrypted (PR-SEC-010)" },
  sshFrom: { when: (cidrs) => cidrs.some(isInternet), because: "SSH is open to the whole internet (PR-SEC-001)" },
  ingress: {
    when: (rules) => rules.some((rule) => !WEB_PORTS.includes(rule.port) && rule.cidrs.some(isInternet)),
    because: "a port other than HTTP and HTTPS is open to the whole internet (PR-SEC-002 flags database ports)",
  },
  alarms: {
    when: (alarms, fallback) => alarms === false || (fallback !== undefined && fallback !== false && raisesThreshold(alarms, fallback)),
    because: "alarms are off, or fire later than the defaults (PR-OPS-010 flags an instance that no alarm watches)",
  },
  swapSizeMiB: { when: (mib, fallback) => fallback !== undefined && mib < fallback, because: "less or no swap: a burst of memory goes straight to the OOM killer (PR-LIM-007 flags no swap)" },
  automaticRebootTime: { when: (time) => time === false, because: "security updates that need a reboot (the kernel) are installed but not running until someone reboots" },
  terminationProtection: { when: (protectedHost) => !protectedHost, because: "one API call or a destroy terminates the only server" },
  app: {
    environment: {
      when: (environment) => Object.keys(environment).some((name) => CREDENTIAL_NAME.test(name)),
      because: "a setting named like a credential is written into the user data in plain text (PR-CFG-003); fetch it with environmentFrom",
    },
  },
};

/** Canonical's AWS account, which publishes the official Ubuntu images (commercial partition). */
const CANONICAL_OWNER = "099720109477";

/** User data is at most 16 KB. */
const MAX_USER_DATA_BYTES = 16 * 1024;

/** What the SSM agent needs for Session Manager, and no more (AmazonSSMManagedInstanceCore also reads every parameter). */
const SESSION_MANAGER_ACTIONS = [
  "ssm:UpdateInstanceInformation",
  "ssmmessages:CreateControlChannel",
  "ssmmessages:CreateDataChannel",
  "ssmmessages:OpenControlChannel",
  "ssmmessages:OpenDataChannel",
];

const LITERAL_CIDR = /^[0-9a-fA-F:.]+\/\d{1,3}$/;
const SOURCE_ID = /^[A-Za-z0-9/_+=.@:-]+$/;

/**
 * The text as a Terraform template that evaluates to it: `${` and `%{` in the literal parts are escaped (the
 * CloudWatch agent's `${aws:InstanceId}` must reach the host as written), while references to other resources
 * (a secret's ARN) stay references.
 */
export function terraformTemplateOf(text: string): string {
  const literal = (part: unknown): string => {
    const value = String(part);
    return Token.isUnresolved(value) ? value : value.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
  };
  const fragments = Tokenization.reverseString(text);
  if (fragments.length < 2) return literal(text);
  const parts: string[] = [];
  fragments.join({
    join: (left: unknown, right: unknown) => {
      if (parts.length === 0) parts.push(literal(left));
      parts.push(literal(right));
      return "";
    },
  });
  return parts.join("");
}

/**
 * An EC2 host for a single-server deployment: Ubuntu 24.04 LTS with IMDSv2 only, an encrypted root volume, no SSH
 * from the internet (Session Manager, or SSH from an allow-list), and a cloud-init document that turns on ufw
 * default-deny, hardens sshd, enables unattended security upgrades, adds swap, bounds journald and rotates the
 * app's logs, and runs the app as a systemd service whose secret settings are fetched at every start from Secrets
 * Manager or SSM. The CloudWatch agent ships logs and memory and disk metrics; alarms on CPU, memory, disk and the
 * status checks notify through `Alerting`, and a failed system status check recovers the instance.
 * Guarantees PR-SEC-017, PR-SEC-010, PR-SEC-001, PR-CFG-003, PR-OPS-010, PR-OPS-005; PR-SEC-014, PR-RES-010 and
 * PR-OPS-004 for the topic and key.
 */
export class HardenedVps extends Construct {
  readonly instance: Instance;
  readonly instanceId: string;
  readonly securityGroup: SecurityGroup;
  readonly securityGroupId: string;
  readonly role: ServiceRole;
  readonly logGroup: LogGroup;
  readonly encryptionKey: EncryptionKey;
  /** Undefined when `alarms` is false. */
  readonly alerting?: Alerting;
  readonly alarms: CloudwatchMetricAlarm[] = [];
  /** The `#cloud-config` document as the host receives it (references to other resources as CDKTF tokens). */
  readonly cloudConfig: string;

  constructor(scope: Construct, id: string, props: HardenedVpsProps) {
    super(scope, id);
    if (props.encryptionKey !== undefined && props.keyProps !== undefined) throw new Error(`${this.node.path}: pass encryptionKey or keyProps, not both`);
    if (props.alerting !== undefined && props.alertingProps !== undefined) throw new Error(`${this.node.path}: pass alerting or alertingProps, not both`);
    const settings: VpsSettings = mergeProps(this, { defaults: VPS_DEFAULTS, user: props, weakens: VPS_WEAKENINGS });
    this.validate(settings);
    const { app } = settings;
    const aws = AwsContext.of(this);

    this.encryptionKey = settings.encryptionKey ?? new EncryptionKey(this, "key", { description: `host ${this.node.path}`, ...settings.keyProps });
    // A name of our choosing: the agent's configuration in the user data names the group, and a name Terraform
    // generates would be known only after apply, leaving the whole document unknown to a reviewer and the checker.
    const logGroupName = settings.logs?.logGroupName ?? `/hardened-vps/${this.node.path.replace(/[^\w/.#-]/g, "-")}`;
    this.logGroup = new LogGroup(this, "logs", {
      logGroupName,
      retentionInDays: settings.logs?.retentionInDays,
      encryptionKey: this.encryptionKey,
    });

    const environment = app.environmentFrom === undefined ? undefined : environmentAccess(app.environmentFrom, aws);
    this.role = new ServiceRole(this, "role", {
      service: "ec2.amazonaws.com",
      description: `instance role of ${this.node.path}`,
      statements: [
        { Effect: "Allow", Action: SESSION_MANAGER_ACTIONS, Resource: "*" },
        { Effect: "Allow", Action: "cloudwatch:PutMetricData", Resource: "*", Condition: { StringEquals: { "cloudwatch:namespace": AGENT_NAMESPACE } } },
        { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"], Resource: [this.logGroup.logGroupArn, `${this.logGroup.logGroupArn}:*`] },
        ...(environment?.statements ?? []),
      ],
    });
    // ServiceRole's trust adds aws:SourceAccount, which EC2 is not documented to send when it assumes an instance
    // role; a condition on an absent key denies, and the instance would get no credentials. The condition guards
    // other services against confused deputies; an instance role can only be passed to instances of its own
    // account (iam:PassRole), so plain EC2 trust loses nothing.
    this.role.role.addOverride("assume_role_policy", Fn.jsonencode(policyDocument([{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }])));
    const profile = new IamInstanceProfile(this, "profile", { role: this.role.roleName });

    this.securityGroup = new SecurityGroup(this, "security-group", {
      vpcId: settings.vpcId,
      description: `Host of ${app.name}, managed by HardenedVps`,
      revokeRulesOnDelete: true,
      tags: { Name: this.node.path },
    });
    this.securityGroupId = this.securityGroup.id;
    const ssh: VpsPortRule[] = settings.sshFrom.length > 0 ? [{ port: SSH_PORT, cidrs: settings.sshFrom, description: "SSH from the allow-list" }] : [];
    this.openPorts("ingress", [...ssh, ...settings.ingress]);
    this.openPorts("egress", settings.egress);

    const spec: HostSpec = {
      app: {
        name: app.name,
        command: app.command,
        workingDirectory: app.workingDirectory,
        environment: app.environment ?? {},
        environmentFrom: environment?.source,
        memoryMax: app.memoryMax ?? "75%",
      },
      setupCommands: app.setupCommands ?? [],
      firewall: [
        ...settings.sshFrom.map((cidr): FirewallRule => ({ port: SSH_PORT, protocol: "tcp", sources: [cidr], rateLimited: true })),
        ...settings.ingress.map((rule): FirewallRule => ({ port: rule.port, protocol: rule.protocol ?? "tcp", sources: rule.cidrs })),
      ],
      swapSizeMiB: settings.swapSizeMiB,
      journaldMaxUse: settings.journaldMaxUse,
      logRotateDays: settings.logRotateDays,
      automaticRebootTime: settings.automaticRebootTime,
      agent: { logGroupName, packageArchitecture: settings.architecture === "arm64" ? "arm64" : "amd64", version: settings.cloudWatchAgentVersion },
    };
    this.cloudConfig = renderCloudConfig(spec);
    if (Buffer.byteLength(this.cloudConfig) > MAX_USER_DATA_BYTES) throw new Error(`${this.node.path}: the cloud-init document exceeds EC2's 16 KB of user data`);

    const amiId =
      settings.amiId ??
      new DataAwsAmi(this, "ubuntu", {
        owners: [CANONICAL_OWNER],
        mostRecent: true,
        filter: [
          { name: "name", values: [`ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-${settings.architecture === "arm64" ? "arm64" : "amd64"}-server-*`] },
          { name: "architecture", values: [settings.architecture] },
        ],
      }).id;
    const encrypted = settings.encryptRootVolume;
    this.instance = new Instance(this, "instance", {
      ami: amiId,
      instanceType: settings.instanceType,
      subnetId: settings.subnetId,
      vpcSecurityGroupIds: [this.securityGroup.id],
      iamInstanceProfile: profile.name,
      associatePublicIpAddress: settings.publicIp,
      keyName: settings.keyName,
      userData: terraformTemplateOf(this.cloudConfig),
      metadataOptions: {
        httpEndpoint: "enabled",
        httpTokens: settings.requireImdsv2 ? "required" : "optional",
        // One hop: processes on the host reach IMDS, containers behind a bridge do not.
        httpPutResponseHopLimit: 1,
        instanceMetadataTags: "disabled",
      },
      rootBlockDevice: {
        volumeType: "gp3",
        volumeSize: settings.rootVolumeSizeGiB,
        encrypted,
        kmsKeyId: encrypted ? this.encryptionKey.keyArn : undefined,
        deleteOnTermination: true,
      },
      // EC2's own recovery on top of the alarm's, for hardware failures the alarm might miss.
      maintenanceOptions: { autoRecovery: "default" },
      disableApiTermination: settings.terminationProtection,
      ebsOptimized: true,
      tags: { Name: this.node.path },
      // A newer image would replace the host; unattended upgrades keep the running one patched instead.
      lifecycle: settings.amiId === undefined ? { ignoreChanges: ["ami"] } : undefined,
    });
    this.instanceId = this.instance.id;

    if (settings.alarms !== false) {
      const own = settings.alertingProps;
      // The topic shares the host's key unless its settings choose a key of their own.
      const alertingProps = own?.encryptionKey !== undefined || own?.keyProps !== undefined ? own : { ...own, encryptionKey: this.encryptionKey };
      this.alerting = settings.alerting ?? new Alerting(this, "alerts", alertingProps);
      this.createAlarms({ ...ALARM_DEFAULTS, ...settings.alarms }, this.alerting, aws);
    }
  }

  private validate(settings: VpsSettings): void {
    const fail = (message: string): never => {
      throw new Error(`${this.node.path}: ${message}`);
    };
    const { app } = settings;
    if (Token.isUnresolved(app.name) || !/^[a-z][a-z0-9-]{0,31}$/.test(app.name)) fail("app.name must be lower-case letters, digits and dashes, starting with a letter (at most 32)");
    if (app.command.trim() === "" || /[\r\n]/.test(app.command)) fail("app.command must be one non-empty line");
    for (const [name, value] of Object.entries(app.environment ?? {})) {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) fail(`app.environment: ${name} is not a variable name`);
      if (/[\r\n]/.test(value)) fail(`app.environment: ${name} holds a line break`);
    }
    const source = app.environmentFrom;
    const sourceId = source === undefined || "secret" in source ? undefined : "secretsManager" in source ? source.secretsManager : source.ssmParameter;
    if (sourceId !== undefined && !Token.isUnresolved(sourceId) && !SOURCE_ID.test(sourceId)) fail("app.environmentFrom must name the secret or parameter by its name or ARN");
    const cidrs = [...settings.sshFrom, ...settings.ingress.flatMap((rule) => rule.cidrs), ...settings.egress.flatMap((rule) => rule.cidrs)];
    for (const cidr of cidrs) if (!Token.isUnresolved(cidr) && !LITERAL_CIDR.test(cidr)) fail(`${cidr} is not a CIDR block`);
    for (const rule of [...settings.ingress, ...settings.egress]) if (!Number.isInteger(rule.port) || rule.port < 1 || rule.port > 65535) fail(`port ${rule.port} is not a port number`);
    if (settings.ingress.some((rule) => rule.port === SSH_PORT)) fail("open SSH with sshFrom, not ingress");
    if (!Number.isInteger(settings.swapSizeMiB) || settings.swapSizeMiB < 0) fail("swapSizeMiB must be a whole number of MiB, 0 for none");
    if (settings.automaticRebootTime !== false && !/^([01]\d|2[0-3]):[0-5]\d$/.test(settings.automaticRebootTime)) fail("automaticRebootTime must be HH:MM or false");
    if (!Number.isInteger(settings.rootVolumeSizeGiB) || settings.rootVolumeSizeGiB < 8) fail("rootVolumeSizeGiB must be a whole number of at least 8");
  }

  /** One security group rule per port and CIDR block, IPv6 blocks told by their colons. */
  private openPorts(direction: "ingress" | "egress", rules: readonly VpsPortRule[]): void {
    rules.forEach((rule, index) =>
      rule.cidrs.forEach((cidr, cidrIndex) => {
        const ipv6 = !Token.isUnresolved(cidr) && cidr.includes(":");
        const config = {
          securityGroupId: this.securityGroup.id,
          ipProtocol: rule.protocol ?? "tcp",
          fromPort: rule.port,
          toPort: rule.port,
          ...(ipv6 ? { cidrIpv6: cidr } : { cidrIpv4: cidr }),
          description: rule.description,
        };
        const ruleId = `${direction}-${index}-${cidrIndex}`;
        if (direction === "ingress") new VpcSecurityGroupIngressRule(this, ruleId, config);
        else new VpcSecurityGroupEgressRule(this, ruleId, config);
      }),
    );
  }

  /**
   * CPU from EC2, memory and disk from the agent (a silent agent counts as breaching: a host nobody can see is
   * not healthy), and both status checks: a failed system check recovers the instance onto other hardware, a
   * failed instance check reboots it. Every alarm notifies the topic when it fires and when it clears.
   */
  private createAlarms(thresholds: Required<VpsAlarmThresholds>, alerting: Alerting, aws: AwsContext): void {
    const topic = [alerting.topicArn];
    const instance = { InstanceId: this.instance.id };
    const alarm = (name: string, description: string, config: Omit<CloudwatchMetricAlarmConfig, "alarmName" | "alarmDescription" | "okActions">): void => {
      this.alarms.push(new CloudwatchMetricAlarm(this, `${name}-alarm`, { alarmName: `${this.node.path}/${name}`, alarmDescription: description, okActions: topic, ...config }));
    };
    alarm("system-status", "The host's hardware or AWS systems failed; EC2 recovers the instance onto other hardware.", {
      namespace: "AWS/EC2",
      metricName: "StatusCheckFailed_System",
      dimensions: instance,
      statistic: "Maximum",
      period: 60,
      evaluationPeriods: 2,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      alarmActions: [`arn:${aws.partition}:automate:${aws.region}:ec2:recover`, ...topic],
    });
    alarm("instance-status", "The operating system stopped answering (kernel panic, exhausted memory, network); EC2 reboots it.", {
      namespace: "AWS/EC2",
      metricName: "StatusCheckFailed_Instance",
      dimensions: instance,
      statistic: "Maximum",
      period: 60,
      evaluationPeriods: 3,
      threshold: 1,
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      alarmActions: [`arn:${aws.partition}:automate:${aws.region}:ec2:reboot`, ...topic],
    });
    alarm("cpu", `Average CPU above ${thresholds.cpuPercent}% for 15 minutes.`, {
      namespace: "AWS/EC2",
      metricName: "CPUUtilization",
      dimensions: instance,
      statistic: "Average",
      period: 300,
      evaluationPeriods: 3,
      threshold: thresholds.cpuPercent,
      comparisonOperator: "GreaterThanThreshold",
      alarmActions: topic,
    });
    alarm("memory", `Memory in use above ${thresholds.memoryPercent}% for 15 minutes, or the CloudWatch agent is silent.`, {
      namespace: AGENT_NAMESPACE,
      metricName: "mem_used_percent",
      dimensions: instance,
      statistic: "Average",
      period: 300,
      evaluationPeriods: 3,
      threshold: thresholds.memoryPercent,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "breaching",
      alarmActions: topic,
    });
    alarm("disk", `Root file system above ${thresholds.diskPercent}% full, or the CloudWatch agent is silent.`, {
      namespace: AGENT_NAMESPACE,
      metricName: "disk_used_percent",
      dimensions: { ...instance, path: "/", fstype: ROOT_FSTYPE },
      statistic: "Maximum",
      period: 300,
      evaluationPeriods: 3,
      threshold: thresholds.diskPercent,
      comparisonOperator: "GreaterThanThreshold",
      treatMissingData: "breaching",
      alarmActions: topic,
    });
  }
}

/** What the host is told to fetch, and what its role may read: exactly that secret or parameter (and its key). */
function environmentAccess(source: VpsEnvironmentSource, aws: AwsContext): { source: EnvironmentSourceSpec; statements: PolicyStatement[] } {
  if ("secret" in source) {
    // The name the secret was given, when literal, keeps the document fully known to a reader and to the checker.
    const name = source.secret.secret.nameInput;
    const id = name !== undefined && !Token.isUnresolved(name) ? name : source.secret.secretArn;
    return { source: { store: "secretsmanager", id }, statements: source.secret.readStatements() };
  }
  const decrypt: PolicyStatement[] = source.kmsKeyArn === undefined ? [] : [{ Effect: "Allow", Action: "kms:Decrypt", Resource: source.kmsKeyArn }];
  if ("secretsManager" in source) {
    const id = source.secretsManager;
    // A secret's ARN ends in six random characters after its name; `-??????` matches exactly those.
    const arn = Token.isUnresolved(id) || id.startsWith("arn:") ? id : `arn:${aws.partition}:secretsmanager:${aws.region}:${aws.accountId}:secret:${id}-??????`;
    return { source: { store: "secretsmanager", id }, statements: [{ Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: arn }, ...decrypt] };
  }
  const id = source.ssmParameter;
  const unresolved = Token.isUnresolved(id);
  // Parameter ARNs name `/prod/app` as `parameter/prod/app` and `app` as `parameter/app`.
  const path = unresolved ? Fn.trimprefix(id, "/") : id.replace(/^\//, "");
  const arn = !unresolved && id.startsWith("arn:") ? id : `arn:${aws.partition}:ssm:${aws.region}:${aws.accountId}:parameter/${path}`;
  return { source: { store: "ssm", id }, statements: [{ Effect: "Allow", Action: "ssm:GetParameter", Resource: arn }, ...decrypt] };
}
