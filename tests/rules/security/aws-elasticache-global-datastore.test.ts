/** Both ElastiCache encryption rules leave a global datastore's secondary group to the datastore's primary. */
import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, UNKNOWN_IDENTIFIER } from "../../../src/model/resource";
import atRest from "../../../src/rules/aws/security/aws-elasticache-encryption-at-rest";
import inTransit from "../../../src/rules/aws/security/aws-elasticache-encryption-in-transit";

const rules = [atRest, inTransit];

function outcomes(props: Record<string, unknown>): Array<string[] | "not applicable"> {
  return rules.map((rule) => {
    const run = runRule(rule, fromPulumi({ type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "sessions", props }), {});
    return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}`) : "not applicable";
  });
}

describe("a replication group in a global datastore", () => {
  test("a secondary, named by the datastore's ID or a reference to it, takes its encryption from the datastore", () => {
    expect(outcomes({ description: "secondary", globalReplicationGroupId: "ldgnf-sessions" })).toEqual(["not applicable", "not applicable"]);
    expect(outcomes({ description: "secondary", globalReplicationGroupId: UNKNOWN_IDENTIFIER })).toEqual(["not applicable", "not applicable"]);
  });

  test("whether it is a secondary unknown, a group without encryption could not be evaluated; with it, it passes", () => {
    expect(outcomes({ description: "maybe", engine: "redis", globalReplicationGroupId: UNKNOWN })).toEqual([
      ["undecided global_replication_group_id"],
      ["undecided global_replication_group_id"],
    ]);
    expect(outcomes({ engine: "redis", atRestEncryptionEnabled: true, transitEncryptionEnabled: true, globalReplicationGroupId: UNKNOWN })).toEqual([[], []]);
  });

  test("a group outside any datastore is judged as before", () => {
    expect(outcomes({ description: "alone", engine: "redis", globalReplicationGroupId: null })).toEqual([
      ["violation at_rest_encryption_enabled"],
      ["violation transit_encryption_enabled"],
    ]);
  });
});
