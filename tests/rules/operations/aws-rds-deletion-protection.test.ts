import rule from "../../../src/rules/aws/operations/aws-rds-deletion-protection";
import { fixtureMessages } from "../../support/terraform-fixtures";
import { check } from "./check";

describe("aws-rds-deletion-protection", () => {
  test("DocumentDB and Neptune clusters, unprotected by default as RDS is, fail without deletion protection", () => {
    const judged = check(rule, [
      { type: "aws:docdb/cluster:Cluster", name: "documents", props: { clusterIdentifier: "documents" } },
      { type: "aws:neptune/cluster:Cluster", name: "graph", props: { clusterIdentifier: "graph", deletionProtection: false } },
      { type: "aws:neptune/cluster:Cluster", name: "lineage", props: { clusterIdentifier: "lineage", deletionProtection: true } },
    ]);
    expect(judged.verdicts.map(({ outcome, path, message }) => `${outcome} ${path}: ${message}`)).toEqual([
      "violation deletion_protection: deletion protection is off",
      "violation deletion_protection: deletion protection is off",
    ]);
    expect(fixtureMessages(rule).filter((message) => message.startsWith("fail_documents"))).toEqual(["fail_documents deletion_protection: deletion protection is off"]);
  });
});
