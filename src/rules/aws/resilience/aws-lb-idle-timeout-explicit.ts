import { isUnknown, valueAt } from "../../../model/resource";
import { expectNumberWithin, writtenValue } from "../../read";
import { notApplicable, resourceRule, undecided } from "../../rule";
import { fixOf } from "../../fixes";

/** What AWS applies when `idle_timeout` is absent. */
const DEFAULT_IDLE_TIMEOUT = 60;

export default resourceRule({
  id: "PR-RES-006",
  slug: "aws-lb-idle-timeout-explicit",
  title: "Application load balancers set their idle timeout explicitly and within bounds",
  checklist: "5.1.3",
  severity: "low",
  description:
    "An application load balancer closes a connection that has been idle for `idle_timeout` seconds (60 when " +
    "absent, up to 4000). Left implicit, the value is a silent default that must still agree with the backends' " +
    "keep-alive (which must be longer, or clients see 502s) and with the slowest request the service accepts; " +
    "set very high, dead connections hold capacity for an hour. Network and gateway load balancers have no " +
    "such setting and are not checked.",
  remediation:
    "Set `idle_timeout` (Pulumi: `idleTimeout`) to the longest request the service should wait for, within " +
    "`maxSeconds`, and make the backends' keep-alive timeout longer than it.",
  fix: (_resource, config) =>
    fixOf(`Set idle_timeout to the longest request the service should wait for, at most ${config.maxSeconds} seconds, and make the backends' keep-alive timeout longer than it.`, ["idle_timeout"]),
  links: [
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/edit-load-balancer-attributes.html#connection-idle-timeout",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb#idle_timeout",
    "https://www.pulumi.com/registry/packages/aws/api-docs/lb/loadbalancer/",
  ],
  kinds: ["aws_lb"],
  config: {
    maxSeconds: { type: "integer", default: 300, minimum: 1, maximum: 4000, description: "Longest idle timeout accepted, in seconds." },
  },
  check(resource, config) {
    const type = valueAt(resource.props, "load_balancer_type");
    if (isUnknown(type)) return [undecided("load_balancer_type")];
    if (type !== undefined && type !== "application") return notApplicable("only application load balancers have an idle timeout");
    const range = `1 to ${config.maxSeconds} seconds`;
    return expectNumberWithin(
      resource,
      "idle_timeout",
      { min: 1, max: config.maxSeconds },
      {
        notSet: `idle_timeout is not set, so the ${DEFAULT_IDLE_TIMEOUT} s default applies silently`,
        notNumber: `idle_timeout is outside ${range}`,
        outOfRange: (_seconds, shown) => `idle_timeout is ${shown}, outside ${range}`,
      },
      writtenValue,
    );
  },
  remediate(resource, config) {
    // Writing down the default the load balancer already uses changes nothing at run time.
    const absent = writtenValue(resource, "idle_timeout") === undefined;
    return absent && DEFAULT_IDLE_TIMEOUT <= config.maxSeconds ? { idle_timeout: DEFAULT_IDLE_TIMEOUT } : undefined;
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "an application load balancer relying on the default idle timeout",
          resources: [{ type: "aws:lb/loadBalancer:LoadBalancer", name: "fail_alb", props: { loadBalancerType: "application", subnets: ["subnet-a", "subnet-b"] } }],
        },
        {
          description: "an idle timeout of an hour",
          resources: [{ type: "aws:alb/loadBalancer:LoadBalancer", name: "fail_long", props: { subnets: ["subnet-a", "subnet-b"], idleTimeout: 3600 } }],
        },
      ],
      pass: [
        {
          description: "an application load balancer with a two-minute idle timeout",
          resources: [
            { type: "aws:lb/loadBalancer:LoadBalancer", name: "pass_alb", props: { loadBalancerType: "application", subnets: ["subnet-a", "subnet-b"], idleTimeout: 120 } },
          ],
        },
      ],
    },
  },
});
