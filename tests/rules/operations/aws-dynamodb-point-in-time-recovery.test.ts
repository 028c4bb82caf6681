import { fromPulumi, type PulumiResource } from "../../../src/adapters/pulumi";
import { pulumiMessage, pulumiPath } from "../../../src/adapters/pulumi/names";
import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/operations/aws-dynamodb-point-in-time-recovery";
import { computedInPlanAlone, fixtureMessages, undecidedInPlanAlone } from "../../support/terraform-fixtures";
import { check } from "./check";

const table = (props: Record<string, unknown>): PulumiResource => ({ type: "aws:dynamodb/table:Table", name: "orders", props: { hashKey: "id", ...props } });
const tableReplica = (props: Record<string, unknown>): PulumiResource => ({
  type: "aws:dynamodb/tableReplica:TableReplica",
  name: "orders_eu",
  props: { globalTableArn: "arn:aws:dynamodb:eu-west-1:111122223333:table/orders", ...props },
});
const said = (resources: PulumiResource[]) => check(rule, resources).verdicts.map(({ outcome, path, message }) => `${outcome} ${path}: ${message}`);

describe("aws-dynamodb-point-in-time-recovery", () => {
  test("a table left without recovery, one with it off, and a replica without its own are each told apart", () => {
    expect(
      said([
        table({}),
        table({ pointInTimeRecovery: { enabled: false } }),
        table({ pointInTimeRecovery: { enabled: true }, replicas: [{ regionName: "eu-central-1" }, { regionName: "us-east-1", pointInTimeRecovery: true }] }),
        tableReplica({}),
        tableReplica({ pointInTimeRecovery: true }),
      ]),
    ).toEqual([
      "violation point_in_time_recovery: point_in_time_recovery is not set; the table keeps no continuous backups",
      "violation point_in_time_recovery.enabled: point_in_time_recovery is not enabled; the table keeps no continuous backups",
      "violation replica.0.point_in_time_recovery: point_in_time_recovery is off on this replica, which keeps its own continuous backups or none",
      "violation point_in_time_recovery: point_in_time_recovery is off on this replica, which keeps its own continuous backups or none",
    ]);
    expect(fixtureMessages(rule)).toEqual([
      "fail_disabled point_in_time_recovery.0.enabled: point_in_time_recovery is not enabled; the table keeps no continuous backups",
      "fail_global replica.0.point_in_time_recovery: point_in_time_recovery is off on this replica, which keeps its own continuous backups or none",
      "fail_orders point_in_time_recovery: point_in_time_recovery is not set; the table keeps no continuous backups",
      "fail_replica point_in_time_recovery: point_in_time_recovery is off on this replica, which keeps its own continuous backups or none",
    ]);
  });

  test("unknown settings and replicas are undecided, never violations", () => {
    expect(
      said([
        table({ pointInTimeRecovery: UNKNOWN }),
        table({ pointInTimeRecovery: { enabled: UNKNOWN } }),
        table({ pointInTimeRecovery: { enabled: true }, replicas: UNKNOWN }),
        table({ pointInTimeRecovery: { enabled: true }, replicas: [{ regionName: "eu-central-1", pointInTimeRecovery: UNKNOWN }] }),
        tableReplica({ pointInTimeRecovery: UNKNOWN }),
      ]),
    ).toEqual([
      "undecided point_in_time_recovery: value is not known to the check",
      "undecided point_in_time_recovery.enabled: value is not known to the check",
      "undecided replica: value is not known to the check",
      "undecided replica.0.point_in_time_recovery: value is not known to the check",
      "undecided point_in_time_recovery: value is not known to the check",
    ]);
  });

  test("a Pulumi program is told the inputs it writes", () => {
    const global = fromPulumi(table({ pointInTimeRecovery: { enabled: true }, replicas: [{ regionName: "eu-central-1" }] }));
    const [verdict] = check(rule, [table({ pointInTimeRecovery: { enabled: true }, replicas: [{ regionName: "eu-central-1" }] })]).verdicts;
    expect(pulumiPath(global.kind, verdict.path)).toBe("replicas.0.pointInTimeRecovery");
    expect(pulumiMessage(global, verdict.path, verdict.message)).toBe("pointInTimeRecovery is off on this replica, which keeps its own continuous backups or none");
  });

  test("a plan checked alone that holds point_in_time_recovery unknown (computed, left out of its configuration) says so and where the code would tell", () => {
    expect(undecidedInPlanAlone(rule, "aws-autoscaling-bounded-max", "aws_dynamodb_table.sessions")).toEqual([computedInPlanAlone("point_in_time_recovery")]);
  });
});
