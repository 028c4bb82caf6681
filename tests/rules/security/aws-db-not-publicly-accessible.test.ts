import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import rule from "../../../src/rules/aws/security/aws-db-not-publicly-accessible";

function messages(props: Record<string, unknown>): string[] {
  const run = runRule(rule, fromPulumi({ type: "aws:redshift/cluster:Cluster", name: "warehouse", props }), {});
  return run.applicable ? run.judgements.map((j) => `${j.outcome}: ${j.message}`) : [];
}

describe("aws-db-not-publicly-accessible on Redshift", () => {
  test("a cluster made public says so; one left to the default says that older providers make it public", () => {
    expect(messages({ clusterIdentifier: "w", publiclyAccessible: true })).toEqual(["violation: the cluster is publicly accessible"]);
    expect(messages({ clusterIdentifier: "w" })).toEqual([
      "violation: publicly_accessible is not set to false; AWS provider versions before 6.0 (Pulumi AWS before 7.0) make Redshift clusters public by default",
    ]);
    expect(messages({ clusterIdentifier: "w", publiclyAccessible: false })).toEqual([]);
  });
});
