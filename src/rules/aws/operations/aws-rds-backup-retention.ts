import { expectNumberWithin, unlessSet } from "../../read";
import { resourceRule } from "../../rule";

export default resourceRule({
  id: "PR-OPS-002",
  slug: "aws-rds-backup-retention",
  title: "RDS and Aurora databases keep automated backups for at least the configured days",
  checklist: "4.1.1",
  severity: "high",
  description:
    "A migration that drops a column or corrupts rows is only reversible from a backup taken before it ran. " +
    "`backup_retention_period` sets how many days of automated backups and point-in-time recovery RDS keeps; " +
    "left unset, AWS keeps a single day, and 0 turns an instance's backups off. Read replicas are not applicable: the source database holds the backups.",
  remediation:
    "Set `backup_retention_period` (Pulumi `backupRetentionPeriod`) to at least `minDays` (up to 35), with a backup window " +
    "outside peak hours: `backup_window` on an instance, `preferred_backup_window` on a cluster (Pulumi `backupWindow`, `preferredBackupWindow`). Turning backups on for an instance that had none causes a brief outage: schedule it.",
  links: [
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_WorkingWithAutomatedBackups.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#backup_retention_period",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/rds_cluster#backup_retention_period",
  ],
  kinds: ["aws_db_instance", "aws_rds_cluster"],
  config: {
    minDays: { type: "integer", default: 7, minimum: 1, maximum: 35, description: "Fewest days of automated backups accepted." },
  },
  check(resource, config) {
    return unlessSet(resource, "replicate_source_db", "a read replica's backups are its source's", () =>
      expectNumberWithin(resource, "backup_retention_period", { min: config.minDays }, {
        notSet: `backup_retention_period is not set; it must keep at least ${config.minDays} days of backups`,
        notNumber: "backup_retention_period is not a number of days",
        outOfRange: () => `backup_retention_period keeps fewer than ${config.minDays} days of backups`,
      }),
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
      ],
    },
  },
});
