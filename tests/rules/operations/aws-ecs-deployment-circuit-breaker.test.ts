import type { PulumiResource } from "../../../src/adapters/pulumi";
import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/operations/aws-ecs-deployment-circuit-breaker";
import { check } from "./check";

const service = (props: Record<string, unknown>): PulumiResource => ({ type: "aws:ecs/service:Service", name: "svc", props: { cluster: "prod", ...props } });

describe("aws-ecs-deployment-circuit-breaker", () => {
  test("services deployed by CodeDeploy are not applicable", () => {
    expect(check(rule, [service({ deploymentController: { type: "CODE_DEPLOY" } })]).applicable).toBe(false);
  });

  test("an unknown deployment controller leaves a missing circuit breaker undecided", () => {
    const { verdicts } = check(rule, [service({ deploymentController: { type: UNKNOWN } })]);
    expect(verdicts).toMatchObject([{ outcome: "undecided", path: "deployment_controller" }]);
  });

  test("blue/green, linear and canary deployments, which ECS refuses the circuit breaker, are not applicable; an unknown strategy leaves a missing one undecided (probe s37 3)", () => {
    for (const strategy of ["BLUE_GREEN", "LINEAR", "CANARY"]) {
      expect(check(rule, [service({ deploymentConfiguration: { strategy } })]).applicable).toBe(false);
      expect(check(rule, [service({ deploymentConfiguration: [{ strategy }] })]).applicable).toBe(false);
    }
    expect(check(rule, [service({ deploymentConfiguration: { strategy: UNKNOWN } })]).verdicts).toMatchObject([{ outcome: "undecided", path: "deployment_configuration.strategy" }]);
    expect(check(rule, [service({ deploymentConfiguration: UNKNOWN })]).verdicts).toMatchObject([{ outcome: "undecided", path: "deployment_configuration" }]);
    // Known to hold a circuit breaker that rolls back, the service passes whatever the strategy turns out to be.
    expect(check(rule, [service({ deploymentConfiguration: { strategy: UNKNOWN }, deploymentCircuitBreaker: { enable: true, rollback: true } })]).verdicts).toEqual([]);
    for (const rolling of [{ strategy: "ROLLING" }, { bakeTimeInMinutes: "5" }]) {
      expect(check(rule, [service({ deploymentConfiguration: rolling })]).verdicts).toMatchObject([{ outcome: "violation", path: "deployment_circuit_breaker" }]);
    }
  });

  test("the ECS controller still needs the circuit breaker, read in Terraform's list form too", () => {
    expect(check(rule, [service({ deploymentController: { type: "ECS" } })]).verdicts).toMatchObject([{ outcome: "violation", path: "deployment_circuit_breaker" }]);
    const listForm = service({ deploymentCircuitBreaker: [{ enable: true, rollback: false }] });
    expect(check(rule, [listForm]).verdicts).toMatchObject([{ outcome: "violation", path: "deployment_circuit_breaker.0.rollback" }]);
  });
});
