import { isUnknown, valueAt, type PropertyPath, type Resource } from "../../../model/resource";
import { expectTrue, expectValue, isFalse, isTrue, nullableBool, presence, unlessSet, writtenBlockItems, writtenValue, type Reference } from "../../read";
import { isRdsCustom, unknownEngine } from "../../rds";
import { BEFORE_PROVIDER_6, PROVIDER_6_UNTOLD, takesProvider6Default } from "../../redshift";
import { fixOf, type Fix } from "../../fixes";
import { resourceRule, undecided, type CheckResult, type Verdict } from "../../rule";

/**
 * Where a database is restored from a snapshot or to a point in time: AWS gives it the source's encryption. Read as
 * written: a plan leaves these unknown where the provider may fill them in.
 */
function restoredFrom(resource: Resource): { path: PropertyPath; restored: Reference } {
  const snapshot = presence(writtenValue(resource, "snapshot_identifier"));
  if (snapshot !== "no") return { path: "snapshot_identifier", restored: snapshot };
  const pointInTime = writtenBlockItems(resource, "restore_to_point_in_time");
  return { path: "restore_to_point_in_time", restored: isUnknown(pointInTime) ? "unknown" : pointInTime.length > 0 ? "yes" : "no" };
}

/** The cluster kinds whose restore encrypts the new cluster with the `kms_key_id` it names, whatever the source's. */
const RESTORES_WITH_KEY = new Set(["aws_rds_cluster", "aws_docdb_cluster"]);

/**
 * A restore (or what may be one) is encrypted as its source is, unknown here, whatever `storage_encrypted` says: the
 * restore calls take no such setting. Only a KMS key named on an Aurora or DocumentDB cluster restore encrypts it (or
 * fails the restore). Neptune's restore call takes a key too, but the provider passed `kms_key_arn` to it only from
 * 2023 (hashicorp/terraform-provider-aws#33413): an older one restores unencrypted whatever the key.
 */
function unlessRestored(resource: Resource, judge: () => Verdict[]): Verdict[] {
  const { path, restored } = restoredFrom(resource);
  if (restored === "no") return judge();
  if (RESTORES_WITH_KEY.has(resource.kind) && presence(valueAt(resource.props, "kms_key_id")) === "yes") return [];
  return [undecided(path, "a restored database takes its encryption from its snapshot or source database, not known to the check")];
}

/**
 * An `aws_db_instance`'s storage encryption. RDS Custom encrypts every instance with the KMS key it requires, and
 * refuses `storage_encrypted = false`, so only that fails there; left unset, whether the instance is encrypted turns
 * on whether its engine is RDS Custom's.
 */
function instanceEncryption(instance: Resource, encrypted: () => Verdict[]): Verdict[] {
  const custom = isRdsCustom(valueAt(instance.props, "engine"));
  if (custom === "yes") return expectValue(instance, "storage_encrypted", (setting) => !isFalse(setting), "storage_encrypted is false, which RDS Custom refuses");
  if (custom === "unknown" && presence(valueAt(instance.props, "storage_encrypted")) === "no") return [unknownEngine(instance)];
  return unlessRestored(instance, encrypted);
}

/**
 * A Redshift cluster's `encrypted`: AWS encrypts every new provisioned cluster since January 2025, and provider 6.0
 * defaults it to true to match, typing it as a nullable bool (`"true"`, `"false"`, `""` for unset); before, the
 * provider defaulted it to false and planned a cluster AWS had encrypted back to false.
 */
function redshiftEncryption(cluster: Resource): Verdict[] {
  const setting = nullableBool(cluster, "encrypted");
  const defaulted = takesProvider6Default(cluster, setting);
  if (defaulted === "yes") return [];
  if (defaulted === "unknown") return [undecided("encrypted", `encrypted is not set to true; ${BEFORE_PROVIDER_6} default it to false, and ${PROVIDER_6_UNTOLD}`)];
  return expectValue(
    cluster,
    "encrypted",
    isTrue,
    isFalse(setting) ? "encrypted is false: the cluster's storage is not encrypted" : `encrypted is not set to true; ${BEFORE_PROVIDER_6} default it to false`,
    nullableBool,
  );
}

/** The kinds encrypted by `storage_encrypted`, chosen only at creation: their service, and the argument naming a key. */
const CREATED_ENCRYPTED: Record<string, { service: string; key: string }> = {
  aws_db_instance: { service: "RDS", key: "kms_key_id" },
  aws_rds_cluster: { service: "RDS", key: "kms_key_id" },
  aws_docdb_cluster: { service: "DocumentDB", key: "kms_key_id" },
  aws_neptune_cluster: { service: "Neptune", key: "kms_key_arn" },
};

/**
 * The fix of the kind, where the rule's remediation gives both: RDS encrypts a database only as it creates it, so the
 * change replaces one; Redshift encrypts a cluster in place. Pulumi AWS 7 types a Redshift cluster's `encrypted` as a
 * string, as provider 6 does (`nullableBool`), which HCL converts from true and a program does not.
 */
function encryptionFix(resource: Resource): Fix {
  if (resource.kind === "aws_redshift_cluster") {
    const value = resource.engine === "pulumi" ? 'true (the string "true" from Pulumi AWS 7 on)' : "true";
    return fixOf(`Set encrypted to ${value}, with kms_key_id for a customer-managed key. The change encrypts an existing cluster in place, AWS migrating its data: schedule it.`, ["encrypted", "kms_key_id"]);
  }
  const { service, key } = CREATED_ENCRYPTED[resource.kind];
  return fixOf(
    `Set storage_encrypted to true, with ${key} for a customer-managed key. ${service} encrypts storage only as it creates a database, so the change replaces an existing one: ` +
      "restore it from an encrypted copy of its snapshot (snapshot_identifier), and plan the downtime.",
    ["storage_encrypted", key, "snapshot_identifier"],
  );
}

function judge(resource: Resource): CheckResult {
  if (resource.kind === "aws_redshift_cluster") return redshiftEncryption(resource);
  const encrypted = () => expectTrue(resource, "storage_encrypted", "storage encryption is off");
  if (resource.kind === "aws_db_instance") {
    // A read replica takes its encryption from the source database, which this rule checks where it is declared.
    return unlessSet(resource, "replicate_source_db", "a read replica inherits the source database's encryption", () => instanceEncryption(resource, encrypted));
  }
  if (resource.kind === "aws_rds_cluster") {
    const mode = valueAt(resource.props, "engine_mode");
    if (isUnknown(mode)) return [undecided("engine_mode")];
    // Aurora Serverless v1 clusters are always encrypted, and the provider defaults storage_encrypted to true for them.
    if (mode === "serverless" && valueAt(resource.props, "storage_encrypted") === undefined) return [];
  }
  return unlessRestored(resource, encrypted);
}

export default resourceRule({
  id: "PR-SEC-011",
  slug: "aws-rds-storage-encryption",
  title: "RDS, Aurora, DocumentDB, Neptune and Redshift storage is encrypted",
  checklist: "3.1.1",
  severity: "high",
  description:
    "An unencrypted database leaves its storage, automated backups, snapshots and read replicas readable outside " +
    "the database engine, and a snapshot shared by mistake exposes everything. RDS encryption can only be chosen at " +
    "creation; turning it on later means restoring from an encrypted snapshot copy, with downtime. A database " +
    "restored from a snapshot or to a point in time is encrypted as its source is, which the check cannot know, " +
    "so it could not be evaluated unless a restored Aurora or DocumentDB cluster names its own `kms_key_id`. " +
    "DocumentDB and Neptune clusters are encrypted by `storage_encrypted` as Aurora is, also chosen only at creation, " +
    "and both APIs default it to false; a restored Neptune cluster could not be evaluated whatever its `kms_key_arn`, " +
    "which AWS provider versions before late 2023 did not pass to the restore. A Redshift cluster is " +
    "encrypted by `encrypted`: since 10 January 2025 AWS encrypts every new provisioned cluster (with an AWS-owned " +
    "key where no `kms_key_id` is given), and AWS provider 6.0 defaults `encrypted` to true to match; before 6.0 " +
    "the provider defaulted it to false, so an existing cluster stays unencrypted and one AWS encrypted anyway is " +
    "planned back to false on every run. `encrypted = false` fails, and so does a cluster that leaves it out where " +
    "the provider that runs is older than 6.0: the version of the configuration's `.terraform.lock.hcl`, else what " +
    "the `required_providers` constraints of the root and the modules it calls admit (with none, `terraform init` " +
    "installs the newest), or Pulumi AWS before 7; where they admit versions on both sides of 6.0, cannot be read, " +
    "or the pulumi-aws version is not known, it could not be evaluated. An RDS " +
    "Custom instance (`engine = \"custom-...\"`) is always encrypted with the KMS key it requires, so it fails only " +
    "with `storage_encrypted = false`, which AWS refuses.",
  remediation:
    "Set `storage_encrypted = true` on `aws_db_instance`, `aws_rds_cluster`, `aws_docdb_cluster` and " +
    "`aws_neptune_cluster` (Pulumi: `storageEncrypted: true`), optionally with `kms_key_id` (Neptune: `kms_key_arn`) " +
    "for a customer-managed key: the change replaces an existing database; set `encrypted = true` on `aws_redshift_cluster` " +
    "(Pulumi: `encrypted: \"true\"`, a string from pulumi-aws 7 on); on an existing unencrypted cluster the " +
    "change encrypts it in place (AWS migrates its data): schedule it.",
  fix: encryptionFix,
  links: [
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/Overview.Encryption.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#storage_encrypted",
    "https://www.pulumi.com/registry/packages/aws/api-docs/rds/instance/",
    "https://docs.aws.amazon.com/redshift/latest/mgmt/changing-cluster-encryption.html",
    "https://aws.amazon.com/about-aws/whats-new/2024/11/amazon-redshift-enhance-security-default-behavior/",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/redshift_cluster#encrypted",
    "https://docs.aws.amazon.com/documentdb/latest/developerguide/encryption-at-rest.html",
    "https://docs.aws.amazon.com/neptune/latest/userguide/encrypt.html",
  ],
  kinds: ["aws_db_instance", "aws_rds_cluster", "aws_docdb_cluster", "aws_neptune_cluster", "aws_redshift_cluster"],
  config: {},
  check(resource) {
    return judge(resource);
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a PostgreSQL instance with encryption left at its default (off)",
          resources: [{ type: "aws:rds/instance:Instance", name: "fail_db", props: { engine: "postgres", instanceClass: "db.t4g.micro", allocatedStorage: 20 } }],
        },
        {
          description: "an Aurora cluster with encryption turned off",
          resources: [{ type: "aws:rds/cluster:Cluster", name: "fail_cluster", props: { engine: "aurora-postgresql", storageEncrypted: false } }],
        },
        {
          description: "a Redshift cluster with encryption turned off",
          resources: [{ type: "aws:redshift/cluster:Cluster", name: "fail_warehouse", props: { clusterIdentifier: "warehouse", nodeType: "ra3.xlplus", manageMasterPassword: true, encrypted: "false" } }],
        },
        {
          description: "a DocumentDB cluster and a Neptune cluster with encryption left at its default (off)",
          resources: [
            { type: "aws:docdb/cluster:Cluster", name: "fail_documents", props: { clusterIdentifier: "documents", masterUsername: "app", manageMasterUserPassword: true } },
            { type: "aws:neptune/cluster:Cluster", name: "fail_graph", props: { clusterIdentifier: "graph", engine: "neptune" } },
          ],
        },
      ],
      pass: [
        {
          description: "an encrypted instance and cluster",
          resources: [
            { type: "aws:rds/instance:Instance", name: "pass_db", props: { engine: "postgres", instanceClass: "db.t4g.micro", allocatedStorage: 20, storageEncrypted: true } },
            { type: "aws:rds/cluster:Cluster", name: "pass_cluster", props: { engine: "aurora-postgresql", storageEncrypted: true } },
          ],
        },
        {
          description: "an encrypted Redshift cluster",
          resources: [{ type: "aws:redshift/cluster:Cluster", name: "pass_warehouse", props: { clusterIdentifier: "warehouse", nodeType: "ra3.xlplus", manageMasterPassword: true, encrypted: "true" } }],
        },
        {
          description: "an encrypted DocumentDB cluster and Neptune cluster",
          resources: [
            { type: "aws:docdb/cluster:Cluster", name: "pass_documents", props: { clusterIdentifier: "documents", masterUsername: "app", manageMasterUserPassword: true, storageEncrypted: true } },
            { type: "aws:neptune/cluster:Cluster", name: "pass_graph", props: { clusterIdentifier: "graph", engine: "neptune", storageEncrypted: true } },
          ],
        },
      ],
    },
  },
});
