import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { configDefaults } from "../../../src/rules/rule";
import rule from "../../../src/rules/aws/data/aws-rds-performance-insights";

function clusterOutcomes(props: Record<string, unknown>): string[] | "not applicable" {
  const run = runRule(rule, fromPulumi({ type: "aws:rds/cluster:Cluster", name: "orders", props }), configDefaults(rule));
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}`) : "not applicable";
}

describe("aws-rds-performance-insights on aws_rds_cluster", () => {
  const multiAz = { engine: "postgres", dbClusterInstanceClass: "db.m6gd.large", storageType: "io1", allocatedStorage: 100, iops: 1000 };

  test("a Multi-AZ DB cluster, which has no instance resources, is judged on the cluster", () => {
    expect(clusterOutcomes(multiAz)).toEqual(["violation performance_insights_enabled"]);
    expect(clusterOutcomes({ ...multiAz, performanceInsightsEnabled: true })).toEqual([]);
  });

  test("an Aurora cluster is not: its instances are judged", () => {
    expect(clusterOutcomes({ engine: "aurora-postgresql" })).toBe("not applicable");
  });
});
