import { isUnknown, valueAt } from "../../../model/resource";
import { block, expectTrue, join } from "../../read";
import { notApplicable, resourceRule, undecided, violation, type Verdict } from "../../rule";
import { fixOf } from "../../fixes";

/** Controllers that deploy through CodeDeploy or a third party, where ECS's circuit breaker does not act. */
const EXTERNAL_CONTROLLERS = new Set(["CODE_DEPLOY", "EXTERNAL"]);

export default resourceRule({
  id: "PR-OPS-009",
  slug: "aws-ecs-deployment-circuit-breaker",
  title: "ECS services roll back failed deployments with the deployment circuit breaker",
  checklist: "4.3.2",
  severity: "medium",
  description:
    "A rolling deployment whose new tasks never become healthy (a missing environment variable, a migration that " +
    "failed, a dependency that is unreachable) otherwise keeps launching and stopping tasks for hours. The " +
    "deployment circuit breaker stops such a deployment after repeated failures and, with `rollback`, returns " +
    "the service to the last revision that reached a steady state. Services deployed by CodeDeploy or an external " +
    "controller are not applicable: those controllers roll back themselves.",
  remediation:
    "Add `deployment_circuit_breaker { enable = true, rollback = true }` to the `aws_ecs_service` (Pulumi " +
    "`deploymentCircuitBreaker: { enable: true, rollback: true }`), with container and load balancer health checks " +
    "so that failing tasks are detected.",
  fix: () =>
    fixOf("Add a deployment_circuit_breaker with enable and rollback true, with container and load balancer health checks so that failing tasks are detected.", ["deployment_circuit_breaker.enable", "deployment_circuit_breaker.rollback"]),
  links: [
    "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ecs_service#deployment_circuit_breaker",
    "https://www.pulumi.com/registry/packages/aws/api-docs/ecs/service/",
  ],
  kinds: ["aws_ecs_service"],
  config: {},
  check(resource) {
    const controller = block(resource.props, "deployment_controller");
    const controllerType = isUnknown(controller) ? controller : valueAt(controller?.value, "type");
    if (typeof controllerType === "string" && EXTERNAL_CONTROLLERS.has(controllerType)) {
      return notApplicable("CodeDeploy and external controllers handle rollback themselves");
    }
    const breaker = block(resource.props, "deployment_circuit_breaker");
    if (isUnknown(breaker)) return [undecided("deployment_circuit_breaker")];
    const verdicts: Verdict[] = breaker
      ? [
          ...expectTrue(resource, join(breaker.path, "enable"), "the deployment circuit breaker is off"),
          ...expectTrue(resource, join(breaker.path, "rollback"), "the circuit breaker does not roll back"),
        ]
      : [violation("deployment_circuit_breaker", "the service has no deployment circuit breaker")];
    // An unknown controller may be CodeDeploy's, for which the circuit breaker is not required.
    if (isUnknown(controllerType) && verdicts.some((verdict) => verdict.outcome === "violation")) return [undecided("deployment_controller")];
    return verdicts;
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a service deployed without a circuit breaker",
          resources: [
            { type: "aws:ecs/service:Service", name: "fail_service", props: { cluster: "prod", taskDefinition: "api:12", desiredCount: 2, launchType: "FARGATE" } },
          ],
        },
        {
          description: "a circuit breaker that stops failed deployments but does not roll back",
          resources: [
            {
              type: "aws:ecs/service:Service",
              name: "fail_no_rollback",
              props: { cluster: "prod", taskDefinition: "api:12", desiredCount: 2, deploymentCircuitBreaker: { enable: true, rollback: false } },
            },
          ],
        },
      ],
      pass: [
        {
          description: "a service that rolls back deployments that never stabilise",
          resources: [
            {
              type: "aws:ecs/service:Service",
              name: "pass_service",
              props: { cluster: "prod", taskDefinition: "api:12", desiredCount: 2, deploymentCircuitBreaker: { enable: true, rollback: true } },
            },
          ],
        },
      ],
    },
  },
});
