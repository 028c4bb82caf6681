import { isUnknown, UNKNOWN, valueAt, type Unknown } from "../../../model/resource";
import { checkContainers, type Container } from "../../containers";
import { resourceRule } from "../../rule";
import { fixOf, resourceType } from "../../fixes";

/** Drivers that discard logs or keep them on the host, where they die with the task. */
const LOCAL_DRIVERS = new Set(["none", "json-file", "local"]);

function loggingProblem(container: Container): string | Unknown | undefined {
  // Only the driver decides: options such as the log group's name may be unknown until deployment.
  const driver = valueAt(container, "logConfiguration.logDriver");
  if (isUnknown(driver)) return UNKNOWN;
  if (typeof driver !== "string" || driver.trim() === "") return "has no logConfiguration with a logDriver";
  return LOCAL_DRIVERS.has(driver) ? "uses a log driver that discards its logs or keeps them on the host" : undefined;
}

export default resourceRule({
  id: "PR-OPS-006",
  slug: "aws-ecs-container-logging",
  title: "ECS containers ship their logs to a central store",
  checklist: "4.2.2",
  severity: "medium",
  description:
    "A container without a `logConfiguration` writes to the Docker daemon of whatever host ran it: on Fargate " +
    "the output is lost, on EC2 it vanishes with the instance and nobody can search it. Every container of a task " +
    "definition needs a `logConfiguration` whose `logDriver` sends output off the host (`awslogs`, `awsfirelens`, " +
    "`splunk`, …); `none`, `json-file` and `local` do not count.",
  remediation:
    'Give each entry of `container_definitions` (Pulumi `containerDefinitions`) a `"logConfiguration": { "logDriver": ' +
    '"awslogs", "options": { "awslogs-group": …, "awslogs-region": …, "awslogs-stream-prefix": … } }`, with an ' +
    "`aws_cloudwatch_log_group` (Pulumi `aws.cloudwatch.LogGroup`) that sets a retention, or route logs through FireLens.",
  fix: (resource) =>
    fixOf(
      `Give each container in container_definitions a "logConfiguration" with the "awslogs" driver and its "awslogs-group", "awslogs-region" and "awslogs-stream-prefix" options, to a log group that sets a retention (${resourceType(resource.engine, "aws:cloudwatch/logGroup:LogGroup")}), or route its logs through FireLens.`,
      ["container_definitions"],
    ),
  links: [
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html",
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_logconfiguration",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_task_definition",
  ],
  kinds: ["aws_ecs_task_definition"],
  config: {},
  check(resource) {
    return checkContainers(resource, "logConfiguration.logDriver", loggingProblem);
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a container without a log configuration",
          resources: [
            {
              type: "aws:ecs/taskDefinition:TaskDefinition",
              name: "fail_task",
              props: { family: "api", containerDefinitions: JSON.stringify([{ name: "api", image: "example/api:1.4.2", memory: 512 }]) },
            },
          ],
        },
        {
          description: "a container whose logs stay on the host",
          resources: [
            {
              type: "aws:ecs/taskDefinition:TaskDefinition",
              name: "fail_local_logs",
              props: {
                family: "api",
                containerDefinitions: JSON.stringify([{ name: "api", image: "example/api:1.4.2", memory: 512, logConfiguration: { logDriver: "json-file" } }]),
              },
            },
          ],
        },
      ],
      pass: [
        {
          description: "a container logging to CloudWatch Logs",
          resources: [
            {
              type: "aws:ecs/taskDefinition:TaskDefinition",
              name: "pass_task",
              props: {
                family: "api",
                containerDefinitions: JSON.stringify([
                  {
                    name: "api",
                    image: "example/api:1.4.2",
                    memory: 512,
                    logConfiguration: {
                      logDriver: "awslogs",
                      options: { "awslogs-group": "/ecs/api", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "api" },
                    },
                  },
                ]),
              },
            },
          ],
        },
      ],
    },
  },
});
