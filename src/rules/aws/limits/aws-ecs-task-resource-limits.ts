import { isUnknown, UNKNOWN, valueAt, type Resource, type Unknown } from "../../../model/resource";
import { checkContainers, type Container } from "../../containers";
import { asNumber, items } from "../../read";
import { resourceRule, undecided, violation, type Verdict } from "../../rule";
import { fixOf } from "../../fixes";

/** Task sizes are numbers of CPU units and MiB, or strings such as "1 vCPU" and "2 GB"; zero sets no limit. */
function isAmount(value: unknown): boolean {
  const n = asNumber(value);
  return n !== undefined ? n > 0 : typeof value === "string" && value.trim() !== "";
}

function runsOnFargate(resource: Resource): boolean | Unknown {
  const compatibilities = items(resource.props, "requires_compatibilities");
  if (isUnknown(compatibilities)) return UNKNOWN;
  if (compatibilities.some(({ value }) => value === "FARGATE")) return true;
  return compatibilities.some(({ value }) => isUnknown(value)) ? UNKNOWN : false;
}

const TASK_SIZES = ["cpu", "memory"] as const;

export default resourceRule({
  id: "PR-LIM-001",
  slug: "aws-ecs-task-resource-limits",
  title: "ECS task definitions bound every container's memory, and Fargate tasks declare CPU and memory",
  checklist: "3.3.1",
  severity: "high",
  description:
    "A container without a hard memory limit can grow until the host runs out of memory and the kernel kills " +
    "whatever it picks, including the other tasks on the instance. Fargate tasks must declare task-level `cpu` " +
    "and `memory`, which also cap every container in the task. On the EC2 and external launch types, a task " +
    "without task-level `memory` needs a hard `memory` limit on each container: `memoryReservation` alone is a " +
    "soft reservation that lets the container grow without bound, so it does not count.",
  remediation:
    "Set task-level `cpu` and `memory` on the task definition (Terraform `cpu`/`memory`, Pulumi `cpu`/`memory`), " +
    'or give each entry of `container_definitions` (Pulumi `containerDefinitions`) a hard `"memory"` limit in MiB, ' +
    'optionally with a lower `"memoryReservation"`.',
  fix: () =>
    fixOf(
      'Set task-level cpu and memory on the task definition, or give each entry of container_definitions a hard "memory" limit in MiB, optionally with a lower "memoryReservation".',
      ["container_definitions"],
    ),
  links: [
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_size",
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_memory",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_task_definition",
    "https://www.pulumi.com/registry/packages/aws/api-docs/ecs/taskdefinition/",
  ],
  kinds: ["aws_ecs_task_definition"],
  config: {},
  check(resource) {
    const verdicts: Verdict[] = [];
    const fargate = runsOnFargate(resource);
    if (fargate !== false) {
      const missing: string[] = [];
      for (const size of TASK_SIZES) {
        const value = valueAt(resource.props, size);
        if (isUnknown(value)) verdicts.push(undecided(size));
        else if (!isAmount(value)) missing.push(size);
      }
      if (fargate === true) verdicts.push(...missing.map((size) => violation(size, `a Fargate task needs a task-level ${size}`)));
      else if (missing.length > 0) verdicts.push(undecided("requires_compatibilities"));
    }
    // Task-level memory caps every container; a Fargate task without it is reported above.
    const taskMemory = valueAt(resource.props, "memory");
    if (fargate === true || isAmount(taskMemory)) return verdicts;
    if (isUnknown(taskMemory)) return isUnknown(fargate) ? verdicts : [...verdicts, undecided("memory")];
    // On Fargate, which an unknown launch type may be, containers need no limit of their own: undecided above.
    if (isUnknown(fargate)) return verdicts;
    const problemOf = (container: Container): string | Unknown | undefined => {
      if (isUnknown(container.memory)) return UNKNOWN;
      return isAmount(container.memory) ? undefined : "has no hard memory limit and the task sets no task-level memory";
    };
    return [...verdicts, ...checkContainers(resource, "memory", problemOf)];
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a Fargate task without task-level cpu and memory",
          resources: [
            {
              type: "aws:ecs/taskDefinition:TaskDefinition",
              name: "fail_fargate_task",
              props: {
                family: "api",
                requiresCompatibilities: ["FARGATE"],
                networkMode: "awsvpc",
                containerDefinitions: JSON.stringify([{ name: "api", image: "example/api:1.4.2", essential: true }]),
              },
            },
          ],
        },
        {
          description: "an EC2 task whose container only reserves memory (a soft limit)",
          resources: [
            {
              type: "aws:ecs/taskDefinition:TaskDefinition",
              name: "fail_ec2_task",
              props: {
                family: "worker",
                requiresCompatibilities: ["EC2"],
                containerDefinitions: JSON.stringify([
                  { name: "worker", image: "example/worker:2.0.1", memory: 512 },
                  { name: "sidecar", image: "example/sidecar:1.0.0", memoryReservation: 64 },
                ]),
              },
            },
          ],
        },
      ],
      pass: [
        {
          description: "a Fargate task sized at 0.5 vCPU and 1 GB",
          resources: [
            {
              type: "aws:ecs/taskDefinition:TaskDefinition",
              name: "pass_fargate_task",
              props: {
                family: "api",
                requiresCompatibilities: ["FARGATE"],
                networkMode: "awsvpc",
                cpu: "512",
                memory: "1024",
                containerDefinitions: JSON.stringify([{ name: "api", image: "example/api:1.4.2", essential: true }]),
              },
            },
          ],
        },
        {
          description: "an EC2 task whose containers each have a hard memory limit",
          resources: [
            {
              type: "aws:ecs/taskDefinition:TaskDefinition",
              name: "pass_ec2_task",
              props: {
                family: "worker",
                containerDefinitions: JSON.stringify([
                  { name: "worker", image: "example/worker:2.0.1", memory: 512, memoryReservation: 256 },
                  { name: "sidecar", image: "example/sidecar:1.0.0", memory: 128 },
                ]),
              },
            },
          ],
        },
      ],
    },
  },
});
