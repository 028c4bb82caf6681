import type { PulumiResource } from "../../../src/adapters/pulumi";
import { UNKNOWN, UNKNOWN_PRESENT } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/operations/aws-ecs-container-logging";
import { check } from "./check";

const task = (logConfiguration: unknown): PulumiResource => ({
  type: "aws:ecs/taskDefinition:TaskDefinition",
  name: "task",
  props: { family: "api", containerDefinitions: [{ name: "api", image: UNKNOWN_PRESENT, logConfiguration }] },
});

describe("aws-ecs-container-logging", () => {
  test("the driver decides; options known only after deployment do not matter", () => {
    expect(check(rule, [task({ logDriver: "awslogs", options: { "awslogs-group": UNKNOWN_PRESENT, "awslogs-region": UNKNOWN } })]).verdicts).toEqual([]);
    expect(check(rule, [task({ logDriver: "json-file", options: UNKNOWN })]).verdicts).toMatchObject([{ outcome: "violation" }]);
  });

  test("an unknown driver or configuration is undecided", () => {
    expect(check(rule, [task({ logDriver: UNKNOWN })]).verdicts).toMatchObject([{ outcome: "undecided", path: "container_definitions" }]);
    expect(check(rule, [task(UNKNOWN)]).verdicts).toMatchObject([{ outcome: "undecided", path: "container_definitions" }]);
  });
});
