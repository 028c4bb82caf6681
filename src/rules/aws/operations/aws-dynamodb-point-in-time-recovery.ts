import { isUnknown, type Resource } from "../../../model/resource";
import { expectTrue, items, join, undecidedBlock, writtenBlockEntry } from "../../read";
import { resourceRule, undecided, violation, type Verdict } from "../../rule";
import { fixOf } from "../../fixes";

/** Each replica of a global table keeps continuous backups of its own or none: the table's setting does not reach it. */
const REPLICA_OFF = "point_in_time_recovery is off on this replica, which keeps its own continuous backups or none";

/**
 * The table's own `point_in_time_recovery` block. The provider computes the block where it is left out, so a plan
 * that creates the table holds it unknown (it may be a `dynamic` block): `writtenBlockEntry` tells that apart.
 */
function tableRecovery(resource: Resource): Verdict[] {
  const recovery = writtenBlockEntry(resource, "point_in_time_recovery");
  if (isUnknown(recovery)) return [undecidedBlock(resource, "point_in_time_recovery")];
  if (recovery === undefined) return [violation("point_in_time_recovery", "point_in_time_recovery is not set; the table keeps no continuous backups")];
  return expectTrue(resource, join(recovery.path, "enabled"), "point_in_time_recovery is not enabled; the table keeps no continuous backups");
}

/** The replicas a global table (version 2019.11.21) declares in its own `replica` blocks. */
function replicaRecovery(resource: Resource): Verdict[] {
  const replicas = items(resource.props, "replica");
  if (isUnknown(replicas)) return [undecided("replica")];
  return replicas.flatMap((replica) => expectTrue(resource, join(replica.path, "point_in_time_recovery"), REPLICA_OFF));
}

export default resourceRule({
  id: "PR-OPS-016",
  slug: "aws-dynamodb-point-in-time-recovery",
  title: "DynamoDB tables and their replicas keep point-in-time recovery on",
  checklist: "4.1.1",
  severity: "high",
  description:
    "A migration script that rewrites items, or a bug that deletes them, is only reversible from a backup taken " +
    "before it ran. Point-in-time recovery keeps continuous backups of a table, restorable to any second of the last " +
    "35 days (fewer where `recovery_period_in_days` says so); it is off unless turned on. A global table's replicas " +
    "each keep their own: a `replica` block's `point_in_time_recovery` and an `aws_dynamodb_table_replica`'s default to false.",
  remediation:
    "Add `point_in_time_recovery { enabled = true }` to the `aws_dynamodb_table` (Pulumi `pointInTimeRecovery: { enabled: true }`), " +
    "and set `point_in_time_recovery = true` in each `replica` block (Pulumi `replicas: [{ ..., pointInTimeRecovery: true }]`) " +
    "and on each `aws_dynamodb_table_replica` (Pulumi `pointInTimeRecovery: true`).",
  fix: (resource) =>
    resource.kind === "aws_dynamodb_table"
      ? fixOf("Add point_in_time_recovery with enabled true, and set point_in_time_recovery to true for each replica.", ["point_in_time_recovery.enabled", "replica.point_in_time_recovery"])
      : fixOf("Set point_in_time_recovery to true.", ["point_in_time_recovery"]),
  links: [
    "https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery_Howitworks.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/dynamodb_table#point_in_time_recovery",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/dynamodb_table_replica#point_in_time_recovery",
    "https://www.pulumi.com/registry/packages/aws/api-docs/dynamodb/table/",
  ],
  kinds: ["aws_dynamodb_table", "aws_dynamodb_table_replica"],
  config: {},
  check(resource) {
    if (resource.kind === "aws_dynamodb_table_replica") return expectTrue(resource, "point_in_time_recovery", REPLICA_OFF);
    return [...tableRecovery(resource), ...replicaRecovery(resource)];
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a table without point-in-time recovery",
          resources: [
            {
              type: "aws:dynamodb/table:Table",
              name: "fail_orders",
              props: { billingMode: "PAY_PER_REQUEST", hashKey: "id", attributes: [{ name: "id", type: "S" }] },
            },
          ],
        },
        {
          description: "a global table whose replica keeps no continuous backups",
          resources: [
            {
              type: "aws:dynamodb/table:Table",
              name: "fail_global",
              props: {
                billingMode: "PAY_PER_REQUEST",
                hashKey: "id",
                attributes: [{ name: "id", type: "S" }],
                streamEnabled: true,
                streamViewType: "NEW_AND_OLD_IMAGES",
                pointInTimeRecovery: { enabled: true },
                replicas: [{ regionName: "eu-central-1" }],
              },
            },
          ],
        },
      ],
      pass: [
        {
          description: "a global table with point-in-time recovery on the table and its replica",
          resources: [
            {
              type: "aws:dynamodb/table:Table",
              name: "pass_global",
              props: {
                billingMode: "PAY_PER_REQUEST",
                hashKey: "id",
                attributes: [{ name: "id", type: "S" }],
                streamEnabled: true,
                streamViewType: "NEW_AND_OLD_IMAGES",
                pointInTimeRecovery: { enabled: true },
                replicas: [{ regionName: "eu-central-1", pointInTimeRecovery: true }],
              },
            },
          ],
        },
      ],
    },
  },
});
