import { isUnknown, valueAt } from "../../../model/resource";
import { block, expectTrue, join } from "../../read";
import { notApplicable, resourceRule, undecided, violation, type Verdict } from "../../rule";
import { fixOf } from "../../fixes";

/** Controllers that deploy through CodeDeploy or a third party, where ECS's circuit breaker does not act. */
const EXTERNAL_CONTROLLERS = new Set(["CODE_DEPLOY", "EXTERNAL"]);

/**
 * ECS's own deployment strategies that shift traffic to a new revision (AWS provider 6.4+ `deployment_configuration`
 * `strategy`), for which ECS refuses the circuit breaker, which acts on rolling updates only: they roll back through
 * alarms and lifecycle hooks, after a bake time.
 */
const TRAFFIC_SHIFTING_STRATEGIES = new Set(["BLUE_GREEN", "LINEAR", "CANARY"]);

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
    "controller are not applicable: those controllers roll back themselves; nor are those ECS deploys blue/green, " +
    "linearly or as a canary (`deployment_configuration { strategy = \"BLUE_GREEN\" }`, `LINEAR`, `CANARY`), for " +
    "which ECS refuses the circuit breaker: they roll back through CloudWatch alarms (`alarms { rollback = true }`) " +
    "and lifecycle hooks. A strategy not known to the check leaves a missing or incomplete circuit breaker undecided.",
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
    const configuration = block(resource.props, "deployment_configuration");
    const strategy = isUnknown(configuration) ? configuration : valueAt(configuration?.value, "strategy");
    if (typeof strategy === "string" && TRAFFIC_SHIFTING_STRATEGIES.has(strategy)) {
      return notApplicable("blue/green, linear and canary deployments take no circuit breaker: they roll back through alarms and lifecycle hooks");
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
    // An unknown strategy may be one that takes no circuit breaker.
    if (isUnknown(strategy) && verdicts.some((verdict) => verdict.outcome === "violation")) {
      return [undecided(configuration && !isUnknown(configuration) ? join(configuration.path, "strategy") : "deployment_configuration")];
    }
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
