import rule from "../../../src/rules/aws/operations/aws-rds-final-snapshot";
import { fixtureMessages } from "../../support/terraform-fixtures";
import { check } from "./check";

describe("aws-rds-final-snapshot", () => {
  test("a Redshift cluster that skips its final snapshot is judged as a database is; left at the provider's default (false) it passes", () => {
    const warehouse = (props: Record<string, unknown>) => ({ type: "aws:redshift/cluster:Cluster", name: "dw", props: { clusterIdentifier: "dw", nodeType: "ra3.xlplus", ...props } });
    const judged = check(rule, [warehouse({ skipFinalSnapshot: true }), warehouse({}), warehouse({ skipFinalSnapshot: false, finalSnapshotIdentifier: "dw-final" })]);
    expect(judged.verdicts.map(({ outcome, path, message }) => `${outcome} ${path}: ${message}`)).toEqual(["violation skip_final_snapshot: the final snapshot is skipped on deletion"]);
    expect(fixtureMessages(rule).filter((message) => message.startsWith("fail_warehouse"))).toEqual(["fail_warehouse skip_final_snapshot: the final snapshot is skipped on deletion"]);
  });

  test("DocumentDB and Neptune clusters take the same arguments and default: skipping the snapshot fails, the default passes", () => {
    const judged = check(rule, [
      { type: "aws:docdb/cluster:Cluster", name: "documents", props: { clusterIdentifier: "documents", skipFinalSnapshot: true } },
      { type: "aws:neptune/cluster:Cluster", name: "graph", props: { clusterIdentifier: "graph", skipFinalSnapshot: true } },
      { type: "aws:docdb/cluster:Cluster", name: "catalog", props: { clusterIdentifier: "catalog", finalSnapshotIdentifier: "catalog-final" } },
      { type: "aws:neptune/cluster:Cluster", name: "lineage", props: { clusterIdentifier: "lineage" } },
    ]);
    expect(judged.verdicts.map(({ outcome, path, address }) => `${outcome} ${path} ${address.replace(/^.*::/, "")}`)).toEqual([
      "violation skip_final_snapshot documents",
      "violation skip_final_snapshot graph",
    ]);
  });
});
