import type { PulumiResource } from "../../../src/adapters/pulumi";
import rule from "../../../src/rules/aws/limits/aws-autoscaling-bounded-max";
import { fixtureMessages } from "../../support/terraform-fixtures";
import { check } from "../operations/check";

const target = (props: Record<string, unknown>): PulumiResource => ({
  type: "aws:appautoscaling/target:Target",
  name: "target",
  props: { minCapacity: 5, maxCapacity: 4000, ...props },
});

describe("aws-autoscaling-bounded-max", () => {
  test("targets that scale capacity units are not applicable", () => {
    const dynamo = target({ serviceNamespace: "dynamodb", scalableDimension: "dynamodb:table:ReadCapacityUnits", resourceId: "table/orders" });
    expect(check(rule, [dynamo]).applicable).toBe(false);
  });

  test("the bound is configurable", () => {
    const asg: PulumiResource = { type: "aws:autoscaling/group:Group", name: "asg", props: { minSize: 1, maxSize: 40 } };
    expect(check(rule, [asg]).verdicts).toMatchObject([{ outcome: "violation", path: "max_size" }]);
    expect(check(rule, [asg], { maxSize: 50 }).verdicts).toEqual([]);
  });

  test("a maximum set above the bound is said to exceed it, not to be unset; one left out is said to be unset", () => {
    const asg = (props: Record<string, unknown>): PulumiResource => ({ type: "aws:autoscaling/group:Group", name: "asg", props: { minSize: 1, ...props } });
    expect(check(rule, [asg({ maxSize: 40 }), asg({})]).verdicts.map((verdict) => verdict.message)).toEqual([
      "max_size is 40, above the bound of 20",
      "max_size is not set; it must be at most 20",
    ]);
    expect(fixtureMessages(rule)).toEqual([
      "fail_asg max_size: max_size is 500, above the bound of 20",
      "fail_ecs_target max_capacity: max_capacity is 1000, above the bound of 20",
      'fail_workers["export"] max_size: max_size is 50, above the bound of 20',
      'fail_workers["ingest"] max_size: max_size is 50, above the bound of 20',
    ]);
  });
});
