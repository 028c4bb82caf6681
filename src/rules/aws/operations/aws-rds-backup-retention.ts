import { fixOf, type Fix } from "../../fixes";
import { expectNumberWithin, unlessSet, writtenValue } from "../../read";
import { resourceRule } from "../../rule";

/**
 * Where each kind keeps its retention and what it keeps; what its messages add: for an instance, 0, which turns its
 * backups off (a cluster refuses 0), for a Redshift cluster the provider's default, 1 day, and 0, which turns
 * automated snapshots off. `window` is the argument that schedules the backups,
 * which the fix names.
 */
const RETENTION: Record<string, { argument: string; kept: string; window?: string; leftOut?: string; off?: string; read?: typeof writtenValue }> = {
  aws_db_instance: { argument: "backup_retention_period", kept: "backups", window: "backup_window", off: "which turns automated backups off" },
  aws_rds_cluster: { argument: "backup_retention_period", kept: "backups", window: "preferred_backup_window" },
  aws_docdb_cluster: { argument: "backup_retention_period", kept: "backups", window: "preferred_backup_window" },
  aws_neptune_cluster: { argument: "backup_retention_period", kept: "backups", window: "preferred_backup_window" },
  aws_redshift_cluster: {
    argument: "automated_snapshot_retention_period",
    kept: "automated snapshots",
    leftOut: ", so the provider's default of 1 day applies",
    off: "which turns automated snapshots off",
    // A plan holds the default the program left out (1 day): unset, as the code has it. An RDS plan's value is read
    // as planned: one left out of the code but kept by the database (set outside Terraform) is what it keeps.
    read: writtenValue,
  },
};

/** The fix of the kind, where the rule's remediation gives all three: its retention argument, and its window. */
function retentionFix(kind: string, minDays: number): Fix {
  const { argument, window } = RETENTION[kind];
  const retention = `Set ${argument} to at least ${minDays} days (up to 35)`;
  if (window === undefined) return fixOf(`${retention}.`, [argument]);
  // An instance without backups (0) is restarted to take them; a cluster always has them.
  const outage = kind === "aws_db_instance" ? " Turning backups on for an instance that had none causes a brief outage: schedule it." : "";
  return fixOf(`${retention}, with a ${window} outside peak hours.${outage}`, [argument, window]);
}

export default resourceRule({
  id: "PR-OPS-002",
  slug: "aws-rds-backup-retention",
  title: "RDS, Aurora, DocumentDB, Neptune and Redshift keep automated backups for the configured days or more",
  checklist: "4.1.1",
  severity: "high",
  description:
    "A migration that drops a column or corrupts rows is only reversible from a backup taken before it ran. " +
    "`backup_retention_period` sets how many days of automated backups and point-in-time recovery RDS keeps; " +
    "left unset, AWS keeps a single day, and 0 turns an instance's backups off. DocumentDB and Neptune clusters " +
    "take the same argument and default (1 day, at least 1). A Redshift cluster keeps automated " +
    "snapshots for `automated_snapshot_retention_period` days: the AWS provider's default is 1, and 0 turns them " +
    "off. Read replicas are not applicable: the source database holds the backups.",
  remediation:
    "Set `backup_retention_period` (Pulumi `backupRetentionPeriod`) to at least `minDays` (up to 35), with a backup window " +
    "outside peak hours: `backup_window` on an instance, `preferred_backup_window` on an Aurora, DocumentDB or Neptune cluster (Pulumi `backupWindow`, `preferredBackupWindow`). Turning backups on for an instance that had none causes a brief outage: schedule it. " +
    "On an `aws_redshift_cluster` set `automated_snapshot_retention_period` (Pulumi `automatedSnapshotRetentionPeriod`) to at least `minDays` (up to 35).",
  fix: (resource, config) => retentionFix(resource.kind, config.minDays),
  links: [
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#backup_retention_period",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster#backup_retention_period",
    "https://docs.aws.amazon.com/redshift/latest/mgmt/working-with-snapshots.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/redshift_cluster#automated_snapshot_retention_period",
  ],
  kinds: Object.keys(RETENTION),
  config: {
    minDays: { type: "integer", default: 7, minimum: 1, maximum: 35, description: "Fewest days of automated backups (Redshift: automated snapshots) accepted." },
  },
  check(resource, config) {
    const { argument, kept, leftOut = "", off, read } = RETENTION[resource.kind];
    return unlessSet(resource, "replicate_source_db", "a read replica's backups are its source's", () =>
      expectNumberWithin(
        resource,
        argument,
        { min: config.minDays },
        {
          notSet: `${argument} is not set${leftOut}; it must keep at least ${config.minDays} days of ${kept}`,
          notNumber: `${argument} is not a number of days`,
          outOfRange: (days, shown) => `${argument} is ${shown}, ${off !== undefined && days < 1 ? off : `so it keeps fewer than ${config.minDays} days of ${kept}`}`,
        },
        read,
      ),
    );
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a database whose backup retention is left at the default",
          resources: [{ type: "aws:rds/instance:Instance", name: "fail_db", props: { engine: "postgres", instanceClass: "db.m6g.large", allocatedStorage: 50 } }],
        },
        {
          description: "an Aurora cluster keeping a single day of backups",
          resources: [{ type: "aws:rds/cluster:Cluster", name: "fail_cluster", props: { engine: "aurora-mysql", backupRetentionPeriod: 1 } }],
        },
        {
          description: "a Neptune cluster keeping a single day of backups",
          resources: [{ type: "aws:neptune/cluster:Cluster", name: "fail_graph", props: { clusterIdentifier: "graph", engine: "neptune", backupRetentionPeriod: 1 } }],
        },
        {
          description: "a Redshift cluster with automated snapshots turned off",
          resources: [
            {
              type: "aws:redshift/cluster:Cluster",
              name: "fail_warehouse",
              props: { clusterIdentifier: "warehouse", nodeType: "ra3.xlplus", manageMasterPassword: true, automatedSnapshotRetentionPeriod: 0 },
            },
          ],
        },
      ],
      pass: [
        {
          description: "a database keeping two weeks of backups",
          resources: [
            {
              type: "aws:rds/instance:Instance",
              name: "pass_db",
              props: { engine: "postgres", instanceClass: "db.m6g.large", allocatedStorage: 50, backupRetentionPeriod: 14, backupWindow: "02:00-03:00" },
            },
          ],
        },
        {
          description: "a DocumentDB cluster keeping two weeks of backups",
          resources: [
            {
              type: "aws:docdb/cluster:Cluster",
              name: "pass_documents",
              props: { clusterIdentifier: "documents", masterUsername: "app", manageMasterUserPassword: true, backupRetentionPeriod: 14, preferredBackupWindow: "02:00-03:00" },
            },
          ],
        },
        {
          description: "a Redshift cluster keeping two weeks of automated snapshots",
          resources: [
            {
              type: "aws:redshift/cluster:Cluster",
              name: "pass_warehouse",
              props: { clusterIdentifier: "warehouse", nodeType: "ra3.xlplus", manageMasterPassword: true, automatedSnapshotRetentionPeriod: 14 },
            },
          ],
        },
      ],
    },
  },
});
