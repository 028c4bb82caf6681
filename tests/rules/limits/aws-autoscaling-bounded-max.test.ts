import type { PulumiResource } from "../../../src/adapters/pulumi";
import rule from "../../../src/rules/aws/limits/aws-autoscaling-bounded-max";
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
});
