import { isUnknown, valueAt } from "../../../model/resource";
import { isFalse, isSet, join, presence, undecidedBlock, writtenBlockEntry } from "../../read";
import { notApplicable, resourceRule, undecided, violation, type Verdict } from "../../rule";
import { fixOf, withFixOf } from "../../fixes";

const HTTP_PROTOCOLS = new Set(["HTTP", "HTTPS"]);

/** The fix of a check turned off: turning it on, which leaving `enabled` out does. */
const TURN_ON = fixOf("Turn the health check on: remove enabled = false from health_check (checks are on by default), so the load balancer sends traffic only to targets that pass them.", ["health_check.enabled"]);

export default resourceRule({
  id: "PR-OPS-008",
  slug: "aws-lb-target-group-health-check",
  title: "Load balancer target groups check their targets' health, on an explicit path for HTTP(S)",
  checklist: "4.3.2",
  severity: "high",
  description:
    "The target group's health check is the readiness probe: the load balancer sends traffic only to targets " +
    "that pass it. With health checks disabled, requests keep reaching instances that cannot serve. For HTTP and " +
    "HTTPS health checks the default path `/` usually serves a static page that answers while the database is " +
    "down, so the `health_check` block must name a `path` (a readiness endpoint that checks dependencies); a " +
    "`matcher` is optional. TCP health checks only need to stay enabled. A `health_check` block that names no " +
    "`protocol` checks over HTTP (the provider's default) even on a TCP, TLS, UDP or GENEVE target group, so it " +
    "needs a `path` too; without the block, AWS checks those target groups over TCP. Lambda target groups are " +
    "not applicable.",
  remediation:
    'Add `health_check { path = "/health/ready", healthy_threshold = 2, interval = 15, matcher = "200" }` to the ' +
    "`aws_lb_target_group` (Pulumi `healthCheck: { path: \"/health/ready\", … }`) and never set `enabled = false`.",
  fix: () =>
    fixOf(
      'Give the target group a health_check whose path checks the app\'s readiness (e.g. "/health/ready"), with healthy_threshold 2, interval 15 and matcher "200", and never set its enabled to false.',
      ["health_check.path", "health_check.healthy_threshold", "health_check.interval", "health_check.matcher", "health_check.enabled"],
    ),
  links: [
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html",
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health-checks.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb_target_group#health_check",
    "https://www.pulumi.com/registry/packages/aws/api-docs/lb/targetgroup/",
  ],
  kinds: ["aws_lb_target_group"],
  config: {},
  check(resource) {
    const targetType = valueAt(resource.props, "target_type");
    if (targetType === "lambda") return notApplicable("Lambda target groups are invoked, not health-checked by default");
    // The provider computes the block where it is left out: read as written.
    const healthCheck = writtenBlockEntry(resource, "health_check");
    if (isUnknown(healthCheck)) return [undecidedBlock(resource, "health_check")];
    const healthCheckPath = healthCheck?.path ?? "health_check";
    // An unknown target type may be `lambda`, for which nothing here is required.
    const fault = (path: string, message: string): Verdict => (isUnknown(targetType) ? undecided("target_type") : violation(path, message));
    const enabledPath = join(healthCheckPath, "enabled");
    const enabled = valueAt(healthCheck?.value, "enabled");
    // A check that is off is the one fault: what path it would use does not matter until it is turned on.
    if (isFalse(enabled)) return [withFixOf(fault(enabledPath, "health checks are disabled"), TURN_ON)];
    // Off, that is the one fault; on, its path decides: either way nothing more is told until it is known.
    if (isUnknown(enabled)) return [undecided(enabledPath)];
    const verdicts: Verdict[] = [];
    // Without a health_check block AWS checks HTTP(S) target groups over HTTP and the others over TCP; a block that
    // names no protocol gets the provider's default, HTTP, whatever the target group's protocol.
    const ownProtocol = valueAt(healthCheck?.value, "protocol");
    const protocol = healthCheck === undefined ? valueAt(resource.props, "protocol") : isSet(ownProtocol) ? ownProtocol : "HTTP";
    const isHttp = typeof protocol === "string" && HTTP_PROTOCOLS.has(protocol.toUpperCase());
    if (!isHttp && !isUnknown(protocol)) return verdicts;
    const pathPath = healthCheck ? join(healthCheckPath, "path") : healthCheckPath;
    const path = presence(valueAt(healthCheck?.value, "path"));
    if (path === "unknown") verdicts.push(undecided(pathPath));
    else if (path === "no") verdicts.push(isUnknown(protocol) ? undecided("protocol") : fault(pathPath, "the HTTP(S) health check names no path"));
    return verdicts;
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "an HTTP target group relying on the default health check of /",
          resources: [{ type: "aws:lb/targetGroup:TargetGroup", name: "fail_tg", props: { port: 8080, protocol: "HTTP", vpcId: "vpc-0a1b2c3d", targetType: "ip" } }],
        },
        {
          description: "a TCP target group with health checks turned off",
          resources: [
            {
              type: "aws:lb/targetGroup:TargetGroup",
              name: "fail_tcp_tg",
              props: { port: 5432, protocol: "TCP", vpcId: "vpc-0a1b2c3d", healthCheck: { enabled: false } },
            },
          ],
        },
        {
          description: "a TCP target group whose health check block names no protocol, so it checks over HTTP on /",
          resources: [
            {
              type: "aws:lb/targetGroup:TargetGroup",
              name: "fail_tcp_default_check",
              props: { port: 8080, protocol: "TCP", vpcId: "vpc-0a1b2c3d", targetType: "ip", healthCheck: { interval: 10, healthyThreshold: 3 } },
            },
          ],
        },
      ],
      pass: [
        {
          description: "an HTTP target group checking a readiness endpoint",
          resources: [
            {
              type: "aws:lb/targetGroup:TargetGroup",
              name: "pass_tg",
              props: { port: 8080, protocol: "HTTP", vpcId: "vpc-0a1b2c3d", targetType: "ip", healthCheck: { path: "/health/ready", matcher: "200" } },
            },
          ],
        },
        {
          description: "a TCP target group with the default TCP health check",
          resources: [{ type: "aws:lb/targetGroup:TargetGroup", name: "pass_tcp_tg", props: { port: 5432, protocol: "TCP", vpcId: "vpc-0a1b2c3d" } }],
        },
      ],
    },
  },
});
