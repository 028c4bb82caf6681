import { Construct } from "constructs";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup, type DbParameterGroupParameter } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Alerting, type AlertingProps } from "./alerting";
import type { SecretReference } from "./container-service";
import { EncryptionKey, type EncryptionKeyProps } from "./encryption-key";
import { LogGroup, type LogGroupProps } from "./log-group";
import { mergeProps, type Defaults, type WeakeningChecks } from "./merge";

export type DatabaseEngine = "postgres" | "mysql";

/** The checklist's scale: a `script`'s database runs in one availability zone, any other in two. */
export type DatabaseProfile = "script" | "service" | "platform";

/** Where the database runs: a `Network` fits. */
export interface DatabaseNetwork {
  readonly vpcId: string;
  /** At least two, in different availability zones (RDS requires it even for a single-AZ instance). */
  readonly privateSubnetIds: readonly string[];
}

export interface SlowQueryLogSettings {
  /** Record slow queries and export the log that holds them to CloudWatch. Default `true`; `false` is flagged by PR-DAT-002. */
  readonly enabled?: boolean;
  /** Queries slower than this are logged. Default 1000. */
  readonly thresholdMs?: number;
}

/** When the database's alarms fire (5-minute averages, 3 periods in a row). */
export interface DatabaseAlarmSettings {
  /** Default 80. */
  readonly cpuPercent?: number;
  /** Free storage below this share of `allocatedStorageGiB`. Default 10. */
  readonly freeStoragePercent?: number;
  /** Open connections; set it near 80% of the instance class's `max_connections`. Default 400. */
  readonly connections?: number;
}

export interface ProductionDatabaseProps {
  /** The DB instance identifier; it also names the alarms, the log groups and the final snapshot. */
  readonly identifier: string;
  readonly engine: DatabaseEngine;
  /** The major version. Default `16` for PostgreSQL, `8.0` for MySQL; minor versions upgrade automatically. */
  readonly engineVersion?: string;
  readonly network: DatabaseNetwork;
  /** Default `platform`; `script` makes the database single-AZ on a smaller class. */
  readonly profile?: DatabaseProfile;
  /** Default `db.m7g.large`, or `db.t4g.medium` for the `script` profile. */
  readonly instanceClass?: string;
  /** Initial storage in GiB. Default 50. */
  readonly allocatedStorageGiB?: number;
  /** Storage grows on its own up to this many GiB. Default 4 times `allocatedStorageGiB`. */
  readonly maxAllocatedStorageGiB?: number;
  /** A database created with the instance. */
  readonly databaseName?: string;
  /** The master user, whose password RDS generates, keeps in Secrets Manager and rotates. Default `dbadmin`. */
  readonly masterUsername?: string;
  /** A standby in a second availability zone. Default `true` unless the profile is `script`; `false` is warned about. */
  readonly multiAz?: boolean;
  /** Days of automated backups. Default 14; fewer is warned about, and fewer than 7 is flagged by PR-OPS-002. */
  readonly backupRetentionDays?: number;
  /** Default `true`; `false` is flagged by PR-OPS-001. */
  readonly deletionProtection?: boolean;
  /** A snapshot when the instance is deleted. Default `true`; `false` is flagged by PR-OPS-003. */
  readonly finalSnapshot?: boolean;
  /** Default `true`; `false` is flagged by PR-DAT-001. */
  readonly performanceInsights?: boolean;
  readonly slowQueryLog?: SlowQueryLogSettings;
  /** The exported logs' groups (`/aws/rds/instance/<identifier>/<log>`): retention, default 90 days (PR-OPS-005). The key is the database's. */
  readonly logGroups?: Omit<LogGroupProps, "logGroupName" | "encryptionKey" | "keyProps">;
  /** `lifecycle.prevent_destroy`. Default `true`; `false` is flagged by PR-OPS-004. */
  readonly preventDestroy?: boolean;
  /** Security groups whose members may connect (more with `allowFrom`). None by default. */
  readonly allowedSecurityGroupIds?: readonly string[];
  readonly alarms?: DatabaseAlarmSettings;
  /** Send alarms to this topic (shared with other constructs) instead of creating one; not with `alertingProps`. */
  readonly alerting?: Alerting;
  /** Settings of the Alerting the construct creates; not with `alerting`. */
  readonly alertingProps?: AlertingProps;
  /** Encrypt storage, the password, Performance Insights and logs with this key instead of a new one; not with `keyProps`. */
  readonly encryptionKey?: EncryptionKey;
  /** Settings of the key the construct creates; not with `encryptionKey`. */
  readonly keyProps?: EncryptionKeyProps;
}

type DatabaseDefaultKeys =
  | "profile"
  | "instanceClass"
  | "allocatedStorageGiB"
  | "masterUsername"
  | "multiAz"
  | "backupRetentionDays"
  | "deletionProtection"
  | "finalSnapshot"
  | "performanceInsights"
  | "slowQueryLog"
  | "preventDestroy"
  | "alarms";
type DatabaseSettings = ProductionDatabaseProps &
  Defaults<ProductionDatabaseProps, DatabaseDefaultKeys> & { readonly slowQueryLog: Required<SlowQueryLogSettings>; readonly alarms: Required<DatabaseAlarmSettings> };

/** What every profile shares; `multiAz` and `instanceClass` follow the profile. */
const DATABASE_DEFAULTS: Omit<Defaults<ProductionDatabaseProps, DatabaseDefaultKeys>, "multiAz" | "instanceClass"> = {
  profile: "platform",
  allocatedStorageGiB: 50,
  masterUsername: "dbadmin",
  backupRetentionDays: 14,
  deletionProtection: true,
  finalSnapshot: true,
  performanceInsights: true,
  slowQueryLog: { enabled: true, thresholdMs: 1000 },
  preventDestroy: true,
  alarms: { cpuPercent: 80, freeStoragePercent: 10, connections: 400 },
};

/** PR-OPS-002's default minimum. */
const MIN_BACKUP_DAYS = 7;

const DATABASE_WEAKENINGS: WeakeningChecks<ProductionDatabaseProps> = {
  multiAz: { when: (multi, fallback) => fallback === true && !multi, because: "the database runs in one availability zone, whose outage takes it down" },
  backupRetentionDays: {
    when: (days, fallback) => fallback !== undefined && days < fallback,
    because: `fewer days of backups to restore from (PR-OPS-002 flags fewer than ${MIN_BACKUP_DAYS})`,
  },
  deletionProtection: { when: (on) => !on, because: "the database can be deleted through the API or console (PR-OPS-001)" },
  finalSnapshot: { when: (taken) => !taken, because: "deleting the database loses its data (PR-OPS-003)" },
  performanceInsights: { when: (on) => !on, because: "no record of which queries load the database (PR-DAT-001)" },
  slowQueryLog: {
    enabled: { when: (on) => !on, because: "slow queries are not recorded where anyone can see them (PR-DAT-002)" },
    thresholdMs: { when: (ms, fallback) => fallback !== undefined && ms > fallback, because: "only slower queries are recorded" },
  },
  preventDestroy: { when: (prevented) => !prevented, because: "a destroy or replacement deletes the database (PR-OPS-004)" },
};

interface EngineTraits {
  readonly version: string;
  readonly port: number;
  /** The exported logs, and which of them holds slow queries. */
  readonly logs: readonly string[];
  readonly slowLog: string;
  readonly family: (version: string) => string;
  /** Slow query logging (when on) and TLS required for every connection. */
  readonly parameters: (slowQueryMs: number | undefined) => DbParameterGroupParameter[];
}

const ENGINES: Record<DatabaseEngine, EngineTraits> = {
  postgres: {
    version: "16",
    port: 5432,
    logs: ["postgresql", "upgrade"],
    slowLog: "postgresql",
    family: (version) => `postgres${version.split(".")[0]}`,
    parameters: (slowQueryMs) => [
      { name: "rds.force_ssl", value: "1" },
      ...(slowQueryMs === undefined ? [] : [{ name: "log_min_duration_statement", value: String(slowQueryMs) }]),
    ],
  },
  mysql: {
    version: "8.0",
    port: 3306,
    logs: ["error", "slowquery"],
    slowLog: "slowquery",
    family: (version) => `mysql${version.split(".").slice(0, 2).join(".")}`,
    parameters: (slowQueryMs) => [
      { name: "require_secure_transport", value: "1" },
      ...(slowQueryMs === undefined
        ? []
        : [
            { name: "slow_query_log", value: "1" },
            { name: "long_query_time", value: String(slowQueryMs / 1000) },
            { name: "log_output", value: "FILE" },
          ]),
    ],
  },
};

const GIB = 1024 ** 3;

/**
 * An RDS PostgreSQL or MySQL instance in private subnets, reachable only from the security groups allowed in, with
 * encrypted storage, a master password RDS generates and keeps in Secrets Manager (never in the configuration),
 * backups, deletion protection, a final snapshot, Performance Insights, slow queries logged and exported to
 * encrypted log groups with retention, TLS required, multi-AZ unless the profile is `script`, protected from
 * destroy, and alarms on CPU, free storage and connections sent to an `Alerting` topic.
 * Guarantees PR-SEC-011, PR-SEC-018, PR-CFG-004, PR-OPS-001, PR-OPS-002, PR-OPS-003, PR-OPS-004, PR-OPS-010,
 * PR-DAT-001, PR-DAT-002, PR-OPS-005 for its logs, and PR-RES-010 and PR-OPS-004 for its key.
 */
export class ProductionDatabase extends Construct {
  readonly instance: DbInstance;
  /** The host name clients connect to. */
  readonly address: string;
  readonly port: number;
  readonly securityGroupId: string;
  readonly encryptionKey: EncryptionKey;
  readonly alerting: Alerting;
  /** The master password as a container secret (`secrets: { DB_PASSWORD: database.passwordSecret }`). */
  readonly passwordSecret: SecretReference;
  private readonly securityGroup: SecurityGroup;
  private allowed = 0;

  constructor(scope: Construct, id: string, props: ProductionDatabaseProps) {
    super(scope, id);
    if (props.alerting !== undefined && props.alertingProps !== undefined) throw new Error(`${this.node.path}: pass alerting or alertingProps, not both`);
    if (props.encryptionKey !== undefined && props.keyProps !== undefined) throw new Error(`${this.node.path}: pass encryptionKey or keyProps, not both`);
    const script = props.profile === "script";
    const settings = mergeProps(this, {
      defaults: { ...DATABASE_DEFAULTS, multiAz: !script, instanceClass: script ? "db.t4g.medium" : "db.m7g.large" },
      user: props,
      weakens: DATABASE_WEAKENINGS,
    }) as DatabaseSettings;
    const engine = ENGINES[settings.engine];
    const version = settings.engineVersion ?? engine.version;
    const identifier = settings.identifier;

    this.encryptionKey = settings.encryptionKey ?? new EncryptionKey(this, "key", { description: `database ${identifier}`, ...settings.keyProps });
    this.alerting = settings.alerting ?? new Alerting(this, "alerting", settings.alertingProps);
    this.port = engine.port;

    this.securityGroup = new SecurityGroup(this, "security-group", { vpcId: settings.network.vpcId, description: `database ${identifier}`, tags: { Name: identifier } });
    this.securityGroupId = this.securityGroup.id;
    for (const group of settings.allowedSecurityGroupIds ?? []) this.allowFrom(group);
    const subnets = new DbSubnetGroup(this, "subnets", { namePrefix: `${identifier}-`, subnetIds: [...settings.network.privateSubnetIds] });

    const slowQueries = settings.slowQueryLog.enabled;
    const parameters = new DbParameterGroup(this, "parameters", {
      namePrefix: `${identifier}-`,
      family: engine.family(version),
      parameter: engine.parameters(slowQueries ? settings.slowQueryLog.thresholdMs : undefined),
      // A new group must exist before the instance moves to it.
      lifecycle: { createBeforeDestroy: true },
    });

    // Created before RDS would create them itself, without retention or key.
    const exported = engine.logs.filter((log) => slowQueries || log !== engine.slowLog);
    const logGroups = exported.map(
      (log) => new LogGroup(this, `log-${log}`, { ...settings.logGroups, logGroupName: `/aws/rds/instance/${identifier}/${log}`, encryptionKey: this.encryptionKey }).logGroup,
    );

    this.instance = new DbInstance(this, "instance", {
      identifier,
      engine: settings.engine,
      engineVersion: version,
      autoMinorVersionUpgrade: true,
      instanceClass: settings.instanceClass,
      allocatedStorage: settings.allocatedStorageGiB,
      maxAllocatedStorage: settings.maxAllocatedStorageGiB ?? 4 * settings.allocatedStorageGiB,
      storageType: "gp3",
      storageEncrypted: true,
      kmsKeyId: this.encryptionKey.keyArn,
      dbName: settings.databaseName,
      username: settings.masterUsername,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: this.encryptionKey.keyArn,
      iamDatabaseAuthenticationEnabled: true,
      multiAz: settings.multiAz,
      dbSubnetGroupName: subnets.name,
      vpcSecurityGroupIds: [this.securityGroup.id],
      publiclyAccessible: false,
      port: engine.port,
      parameterGroupName: parameters.name,
      caCertIdentifier: "rds-ca-rsa2048-g1",
      backupRetentionPeriod: settings.backupRetentionDays,
      copyTagsToSnapshot: true,
      deleteAutomatedBackups: false,
      deletionProtection: settings.deletionProtection,
      skipFinalSnapshot: !settings.finalSnapshot,
      finalSnapshotIdentifier: settings.finalSnapshot ? `${identifier}-final` : undefined,
      performanceInsightsEnabled: settings.performanceInsights,
      performanceInsightsKmsKeyId: settings.performanceInsights ? this.encryptionKey.keyArn : undefined,
      performanceInsightsRetentionPeriod: settings.performanceInsights ? 7 : undefined,
      enabledCloudwatchLogsExports: exported,
      dependsOn: logGroups,
      lifecycle: { preventDestroy: settings.preventDestroy },
    });
    this.address = this.instance.address;
    this.passwordSecret = { secretArn: this.instance.masterUserSecret.get(0).secretArn, keyArn: this.encryptionKey.keyArn, jsonKey: "password" };

    const alarms = settings.alarms;
    const watch = (name: string, metricName: string, comparisonOperator: string, threshold: number): void => {
      this.alerting.alarm(this, `alarm-${name}`, {
        alarmName: `${identifier} ${name}`,
        namespace: "AWS/RDS",
        metricName,
        dimensions: { DBInstanceIdentifier: this.instance.identifier },
        statistic: "Average",
        period: 300,
        evaluationPeriods: 3,
        comparisonOperator,
        threshold,
        treatMissingData: "breaching",
      });
    };
    watch("cpu", "CPUUtilization", "GreaterThanOrEqualToThreshold", alarms.cpuPercent);
    watch("free-storage", "FreeStorageSpace", "LessThanThreshold", (alarms.freeStoragePercent / 100) * settings.allocatedStorageGiB * GIB);
    watch("connections", "DatabaseConnections", "GreaterThanOrEqualToThreshold", alarms.connections);
  }

  /** Lets members of `securityGroupId` (a `ContainerService`'s tasks, …) connect on the database's port. */
  allowFrom(securityGroupId: string): void {
    new VpcSecurityGroupIngressRule(this, `allow-${this.allowed++}`, {
      securityGroupId: this.securityGroup.id,
      referencedSecurityGroupId: securityGroupId,
      ipProtocol: "tcp",
      fromPort: this.port,
      toPort: this.port,
    });
  }
}
