import { isUnknown, UNKNOWN, valueAt, type Unknown } from "../../../model/resource";
import { checkContainers, isEssential, type Container } from "../../containers";
import { resourceRule } from "../../rule";
import { fixOf } from "../../fixes";

function healthCheckProblem(container: Container): string | Unknown | undefined {
  const command = valueAt(container, "healthCheck.command");
  // What the check runs may be unknown; whether there is one, and whether it is ["NONE"], may not.
  if (isUnknown(command) || (Array.isArray(command) && isUnknown(command[0]))) return UNKNOWN;
  // ["NONE"] switches off the image's own HEALTHCHECK.
  if (!Array.isArray(command) || command.length === 0 || command[0] === "NONE") return "is essential but has no healthCheck command";
  return undefined;
}

export default resourceRule({
  id: "PR-OPS-007",
  slug: "aws-ecs-container-health-check",
  title: "Essential ECS containers declare a health check",
  checklist: "4.3.1",
  severity: "medium",
  description:
    "ECS only knows a container is alive while its process runs. A deadlocked or wedged process keeps running, so " +
    "without a `healthCheck` the task is never replaced, and a new deployment is marked healthy before the app can " +
    "serve. Every essential container (containers are essential unless they say `\"essential\": false`) needs a " +
    "`healthCheck` with a `command`; non-essential sidecars are not checked.",
  remediation:
    'Add `"healthCheck": { "command": ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"], "interval": 30, ' +
    '"timeout": 5, "retries": 3, "startPeriod": 60 }` to each essential entry of `container_definitions` (Pulumi ' +
    "`containerDefinitions`), pointing at an endpoint that checks the app's own dependencies.",
  fix: () =>
    fixOf(
      'Give each essential container in container_definitions a "healthCheck" whose "command" calls an endpoint that checks the app\'s own dependencies, e.g. ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"].',
      ["container_definitions"],
    ),
  links: [
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#container_definition_healthcheck",
    "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_task_definition",
  ],
  kinds: ["aws_ecs_task_definition"],
  config: {},
  check(resource) {
    return checkContainers(resource, "healthCheck.command", healthCheckProblem, isEssential);
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "an essential container without a health check",
          resources: [
            {
              type: "aws:ecs/taskDefinition:TaskDefinition",
              name: "fail_task",
              props: { family: "api", containerDefinitions: JSON.stringify([{ name: "api", image: "example/api:1.4.2", memory: 512, essential: true }]) },
            },
          ],
        },
      ],
      pass: [
        {
          description: "an essential container with a health check, next to a non-essential sidecar without one",
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
                    healthCheck: { command: ["CMD-SHELL", "curl -f http://localhost:8080/health || exit 1"], interval: 30, retries: 3 },
                  },
                  { name: "xray", image: "amazon/aws-xray-daemon:3.3.12", memory: 64, essential: false },
                ]),
              },
            },
          ],
        },
      ],
    },
  },
});
