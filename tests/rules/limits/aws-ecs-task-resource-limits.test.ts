import type { PulumiResource } from "../../../src/adapters/pulumi";
import { UNKNOWN, UNKNOWN_PRESENT } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/limits/aws-ecs-task-resource-limits";
import { check } from "../operations/check";

const unlimited = JSON.stringify([{ name: "worker", image: "example/worker:2.0.1" }]);

const task = (props: Record<string, unknown>): PulumiResource => ({
  type: "aws:ecs/taskDefinition:TaskDefinition",
  name: "task",
  props: { family: "worker", containerDefinitions: unlimited, ...props },
});

describe("aws-ecs-task-resource-limits", () => {
  test("task-level memory caps containers that set none", () => {
    expect(check(rule, [task({ requiresCompatibilities: ["EC2"], memory: "2048" })]).verdicts).toEqual([]);
  });

  test("each container's memory decides for it, whatever else of the definition is unknown", () => {
    const containers = (memory: unknown) => [{ name: "worker", image: UNKNOWN_PRESENT, memory }];
    expect(check(rule, [task({ requiresCompatibilities: ["EC2"], containerDefinitions: containers(512) })]).verdicts).toEqual([]);
    expect(check(rule, [task({ requiresCompatibilities: ["EC2"], containerDefinitions: containers(UNKNOWN) })]).verdicts).toMatchObject([
      { outcome: "undecided", path: "container_definitions" },
    ]);
  });

  test("a container unknown as a whole is undecided alone, beside a known one without a limit; on Fargate neither is asked", () => {
    const containerDefinitions = [UNKNOWN, { name: "worker", image: "example/worker:2.0.1" }];
    expect(check(rule, [task({ requiresCompatibilities: ["EC2"], containerDefinitions })]).verdicts).toMatchObject([
      { outcome: "undecided", message: "the container at index 0 is not known to the check" },
      { outcome: "violation", message: "container worker has no hard memory limit and the task sets no task-level memory" },
    ]);
    expect(check(rule, [task({ requiresCompatibilities: ["FARGATE"], cpu: "256", memory: "512", containerDefinitions })]).verdicts).toEqual([]);
  });

  test("Fargate sizes written as strings with units count", () => {
    expect(check(rule, [task({ requiresCompatibilities: ["FARGATE"], cpu: "1 vCPU", memory: "2 GB" })]).verdicts).toEqual([]);
  });

  test("a Fargate task without sizes is reported on the task, not again on each container", () => {
    const { verdicts } = check(rule, [task({ requiresCompatibilities: ["FARGATE"], cpu: "256" })]);
    expect(verdicts).toMatchObject([{ outcome: "violation", path: "memory" }]);
  });

  test("unknown compatibilities leave the task undecided: on Fargate an unbounded container is no violation", () => {
    const { verdicts } = check(rule, [task({ requiresCompatibilities: UNKNOWN })]);
    expect(verdicts).toMatchObject([{ outcome: "undecided", path: "requires_compatibilities" }]);
    expect(verdicts).toHaveLength(1);
  });

  test("unknown task memory on the EC2 launch type is undecided", () => {
    expect(check(rule, [task({ memory: UNKNOWN })]).verdicts).toMatchObject([{ outcome: "undecided", path: "memory" }]);
  });
});
