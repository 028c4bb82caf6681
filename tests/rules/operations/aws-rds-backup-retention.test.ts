import { join } from "path";
import { loadTerraform } from "../../../src/adapters/terraform";
import { runRule } from "../../../src/engine/evaluate";
import rule from "../../../src/rules/aws/operations/aws-rds-backup-retention";
import { checkedFixes, pulumiFixes, TERRAFORM_NAME } from "../../support/fixes";
import { fixtureMessages } from "../../support/terraform-fixtures";
import { check } from "./check";

describe("aws-rds-backup-retention", () => {
  test("a retention left out is said to be unset; one set too short is said to keep too few days, not to be unset", () => {
    const db = (props: Record<string, unknown>) => ({ type: "aws:rds/instance:Instance", name: "db", props: { engine: "postgres", ...props } });
    expect(check(rule, [db({}), db({ backupRetentionPeriod: 3 }), db({ backupRetentionPeriod: "weekly" })]).verdicts.map((verdict) => verdict.message)).toEqual([
      "backup_retention_period is not set; it must keep at least 7 days of backups",
      "backup_retention_period is 3, so it keeps fewer than 7 days of backups",
      "backup_retention_period is not a number of days",
    ]);
    expect(fixtureMessages(rule)).toEqual([
      "fail_cluster backup_retention_period: backup_retention_period is 1, so it keeps fewer than 7 days of backups",
      "fail_db backup_retention_period: backup_retention_period is not set; it must keep at least 7 days of backups",
      "fail_graph backup_retention_period: backup_retention_period is not set; it must keep at least 7 days of backups",
      "fail_no_backups backup_retention_period: backup_retention_period is 0, which turns automated backups off",
      "fail_warehouse automated_snapshot_retention_period: automated_snapshot_retention_period is not set, so the provider's default of 1 day applies; it must keep at least 7 days of automated snapshots",
      "fail_warehouse_no_snapshots automated_snapshot_retention_period: automated_snapshot_retention_period is 0, which turns automated snapshots off",
    ]);
  });

  test("DocumentDB and Neptune clusters keep backups as Aurora does, and are told their cluster's backup window", () => {
    const judged = check(rule, [
      { type: "aws:docdb/cluster:Cluster", name: "documents", props: { clusterIdentifier: "documents", backupRetentionPeriod: 1 } },
      { type: "aws:neptune/cluster:Cluster", name: "graph", props: { clusterIdentifier: "graph", backupRetentionPeriod: 3 } },
      { type: "aws:neptune/cluster:Cluster", name: "lineage", props: { clusterIdentifier: "lineage", backupRetentionPeriod: 14 } },
    ]);
    expect(judged.verdicts.map(({ outcome, path, message }) => `${outcome} ${path}: ${message}`)).toEqual([
      "violation backup_retention_period: backup_retention_period is 1, so it keeps fewer than 7 days of backups",
      "violation backup_retention_period: backup_retention_period is 3, so it keeps fewer than 7 days of backups",
    ]);
    const fixes = pulumiFixes(rule, [{ type: "aws:docdb/cluster:Cluster", name: "documents", props: { clusterIdentifier: "documents" } }]);
    expect(fixes.documents).toBe("Set backupRetentionPeriod to at least 7 days (up to 35), with a preferredBackupWindow outside peak hours.");
  });

  test("a Redshift cluster's automated snapshots are its backups: left at the provider's 1 day, turned off with 0, or kept too few days", () => {
    const warehouse = (props: Record<string, unknown>) => ({ type: "aws:redshift/cluster:Cluster", name: "dw", props: { clusterIdentifier: "dw", nodeType: "ra3.xlplus", ...props } });
    const judged = check(rule, [warehouse({}), warehouse({ automatedSnapshotRetentionPeriod: 0 }), warehouse({ automatedSnapshotRetentionPeriod: 3 }), warehouse({ automatedSnapshotRetentionPeriod: 14 })]);
    expect(judged.verdicts.map(({ outcome, path, message }) => `${outcome} ${path}: ${message}`)).toEqual([
      "violation automated_snapshot_retention_period: automated_snapshot_retention_period is not set, so the provider's default of 1 day applies; it must keep at least 7 days of automated snapshots",
      "violation automated_snapshot_retention_period: automated_snapshot_retention_period is 0, which turns automated snapshots off",
      "violation automated_snapshot_retention_period: automated_snapshot_retention_period is 3, so it keeps fewer than 7 days of automated snapshots",
    ]);
  });

  test("an RDS plan's retention the code leaves out is what the database keeps (set outside Terraform), not unset", () => {
    const plan = join(__dirname, "../../fixtures/terraform/plan/plan.json");
    const db = loadTerraform([plan], { commandLineVariables: [] })
      .units.flatMap((unit) => unit.resources)
      .find((resource) => resource.address === "module.db.aws_db_instance.this");
    expect(db?.props.backup_retention_period).toBe(7);
    expect(runRule(rule, db!, { minDays: 7 })).toMatchObject({ applicable: true, judgements: [] });
  });
});

describe("each finding's fix is its kind's, in the names of the engine checked, not the rule's remediation for all three", () => {
  test("Terraform: an instance and a cluster are told their backup window, a Redshift cluster its snapshot retention, at the configured days", () => {
    const main = `resource "aws_db_instance" "orders" {
  engine            = "postgres"
  instance_class    = "db.t4g.micro"
  allocated_storage = 20
}
resource "aws_rds_cluster" "ledger" {
  engine = "aurora-postgresql"
}
resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier = "warehouse"
  node_type          = "ra3.xlplus"
}
`;
    const fixes = checkedFixes(rule, { "main.tf": main });
    expect(fixes).toEqual({
      orders: "Set backup_retention_period to at least 7 days (up to 35), with a backup_window outside peak hours. Turning backups on for an instance that had none causes a brief outage: schedule it.",
      ledger: "Set backup_retention_period to at least 7 days (up to 35), with a preferred_backup_window outside peak hours.",
      warehouse: "Set automated_snapshot_retention_period to at least 7 days (up to 35).",
    });
  });

  test("Pulumi: the same fixes in the program's names, at the days the rule is set to", () => {
    const fixes = pulumiFixes(
      rule,
      [
        { type: "aws:rds/instance:Instance", name: "orders", props: { engine: "postgres", backupRetentionPeriod: 3 } },
        { type: "aws:redshift/cluster:Cluster", name: "warehouse", props: { clusterIdentifier: "warehouse" } },
      ],
      { minDays: 14 },
    );
    expect(fixes.orders).toMatch(/^Set backupRetentionPeriod to at least 14 days \(up to 35\), with a backupWindow outside peak hours\./);
    expect(fixes.warehouse).toBe("Set automatedSnapshotRetentionPeriod to at least 14 days (up to 35).");
    for (const fix of Object.values(fixes)) expect(fix).not.toMatch(TERRAFORM_NAME);
  });
});
