import type { PulumiResource } from "../../../src/adapters/pulumi";
import { UNKNOWN, UNKNOWN_PRESENT } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/operations/aws-ecs-container-health-check";
import { check } from "./check";

const task = (containerDefinitions: unknown): PulumiResource => ({
  type: "aws:ecs/taskDefinition:TaskDefinition",
  name: "task",
  props: { family: "api", containerDefinitions },
});

describe("aws-ecs-container-health-check", () => {
  test('a command of ["NONE"] switches the health check off', () => {
    const containers = JSON.stringify([{ name: "api", image: "example/api:1.0.0", healthCheck: { command: ["NONE"] } }]);
    expect(check(rule, [task(containers)]).verdicts).toMatchObject([{ outcome: "violation", path: "container_definitions" }]);
  });

  test("a structured definition (jsonencode) is decided on its known parts", () => {
    const checked = { name: "api", image: UNKNOWN_PRESENT, healthCheck: { command: ["CMD-SHELL", UNKNOWN_PRESENT] } };
    expect(check(rule, [task([checked])]).verdicts).toEqual([]);
    expect(check(rule, [task([checked, { name: "worker", image: UNKNOWN_PRESENT }])]).verdicts).toMatchObject([{ outcome: "violation", path: "container_definitions" }]);
  });

  test("a health check, or whether the container is essential, unknown until deployment is undecided", () => {
    expect(check(rule, [task([{ name: "api", healthCheck: UNKNOWN }])]).verdicts).toMatchObject([{ outcome: "undecided", path: "container_definitions" }]);
    expect(check(rule, [task([{ name: "api", healthCheck: { command: [UNKNOWN] } }])]).verdicts).toMatchObject([{ outcome: "undecided" }]);
    expect(check(rule, [task([{ name: "sidecar", essential: UNKNOWN }])]).verdicts).toMatchObject([{ outcome: "undecided" }]);
    expect(check(rule, [task([{ name: "sidecar", essential: UNKNOWN, healthCheck: { command: ["CMD", "/bin/health"] } }])]).verdicts).toEqual([]);
  });

  test('containers marked "essential": "false" are not checked', () => {
    expect(check(rule, [task(JSON.stringify([{ name: "job", image: "example/job:1.0.0", essential: "false" }]))]).verdicts).toEqual([]);
  });

  test("the message names the container by its name, or by its position where ECS would refuse the name", () => {
    const containers = JSON.stringify([
      { name: "api", image: "example/api:1.0.0", healthCheck: { command: ["CMD", "/bin/health"] } },
      { name: "log_router-2", image: "example/sidecar:1.0.0" },
      { name: "not a name: ECS refuses it", image: "example/sidecar:1.0.0" },
    ]);
    const { verdicts } = check(rule, [task(containers)]);
    expect(verdicts.map((verdict) => verdict.message)).toEqual([
      "container log_router-2 is essential but has no healthCheck command",
      "the container at index 2 is essential but has no healthCheck command",
    ]);
  });

  test("unknown container definitions are undecided", () => {
    expect(check(rule, [task(UNKNOWN)]).verdicts).toMatchObject([{ outcome: "undecided", path: "container_definitions" }]);
  });
});
