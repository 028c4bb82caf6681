import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/resilience/aws-lb-idle-timeout-explicit";
import { configDefaults } from "../../../src/rules/rule";

const lb = (props: Record<string, unknown>) => fromPulumi({ type: "aws:lb/loadBalancer:LoadBalancer", name: "lb", props });
const config = (overrides: Record<string, unknown> = {}) => ({ ...configDefaults(rule), ...overrides }) as never;

describe("aws-lb-idle-timeout-explicit", () => {
  test("network load balancers are not applicable; an unknown type is undecided", () => {
    expect(runRule(rule, lb({ loadBalancerType: "network" }), config()).applicable).toBe(false);
    const run = runRule(rule, lb({ loadBalancerType: UNKNOWN }), config());
    expect(run.applicable && run.judgements.map((j) => j.outcome)).toEqual(["undecided"]);
  });

  test("a numeric string within bounds passes; the bound is configurable", () => {
    expect(runRule(rule, lb({ idleTimeout: "120" }), config())).toEqual({ applicable: true, judgements: [] });
    const run = runRule(rule, lb({ idleTimeout: 120 }), config({ maxSeconds: 60 }));
    expect(run.applicable && run.judgements.map((j) => j.message)).toEqual(["idle_timeout is 120, outside 1 to 60 seconds"]);
  });

  test("an idle timeout that is no number is out of bounds; an empty one reads as left out, as every number bound does", () => {
    const messages = (idleTimeout: unknown) => {
      const run = runRule(rule, lb({ idleTimeout }), config());
      return run.applicable && run.judgements.map((j) => j.message);
    };
    expect(messages("0x3C")).toEqual(["idle_timeout is outside 1 to 300 seconds"]);
    expect(messages("")).toEqual(["idle_timeout is not set, so the 60 s default applies silently"]);
  });

  test("the fix writes down the default only when it is absent and allowed", () => {
    expect(rule.remediate?.(lb({}), config())).toEqual({ idle_timeout: 60 });
    expect(rule.remediate?.(lb({ idleTimeout: 3600 }), config())).toBeUndefined();
    expect(rule.remediate?.(lb({}), config({ maxSeconds: 30 }))).toBeUndefined();
  });
});
