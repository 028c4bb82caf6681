import { join } from "path";
import { loadTerraform } from "../../../src/adapters/terraform";
import { runRule } from "../../../src/engine/evaluate";
import rule from "../../../src/rules/aws/operations/aws-rds-backup-retention";
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
      "fail_no_backups backup_retention_period: backup_retention_period is 0, so it keeps fewer than 7 days of backups",
      "fail_warehouse automated_snapshot_retention_period: automated_snapshot_retention_period is not set, so the provider's default of 1 day applies; it must keep at least 7 days of automated snapshots",
      "fail_warehouse_no_snapshots automated_snapshot_retention_period: automated_snapshot_retention_period is 0, which turns automated snapshots off",
    ]);
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
