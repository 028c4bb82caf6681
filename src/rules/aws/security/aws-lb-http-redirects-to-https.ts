import { isUnknown, valueAt } from "../../../model/resource";
import { block, items, join } from "../../read";
import { notApplicable, resourceRule, undecided, violation, type Verdict } from "../../rule";

export default resourceRule({
  id: "PR-SEC-004",
  slug: "aws-lb-http-redirects-to-https",
  title: "HTTP load balancer listeners only redirect to HTTPS",
  checklist: "3.2.3",
  severity: "high",
  description:
    "A plain-HTTP listener that forwards to the application serves pages, cookies and tokens unencrypted, and " +
    "lets clients keep using http:// links without noticing. Port 80 should exist only to send every request " +
    "to HTTPS with a permanent redirect.",
  remediation:
    "Give the HTTP listener a single default action of `type = \"redirect\"` with `redirect { protocol = \"HTTPS\", " +
    "port = \"443\", status_code = \"HTTP_301\" }` (Pulumi: `defaultActions: [{ type: \"redirect\", redirect: " +
    "{ protocol: \"HTTPS\", port: \"443\", statusCode: \"HTTP_301\" } }]`), and serve the application on an HTTPS listener.",
  links: [
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb_listener",
    "https://www.pulumi.com/registry/packages/aws/api-docs/lb/listener/",
  ],
  kinds: ["aws_lb_listener"],
  config: {},
  check(resource) {
    const protocol = valueAt(resource.props, "protocol");
    if (isUnknown(protocol)) return [undecided("protocol")];
    // The provider defaults an ALB listener to HTTP; Gateway Load Balancer listeners have neither protocol nor port,
    // so without a protocol an unknown port leaves open whether this is one.
    if (protocol === undefined && isUnknown(valueAt(resource.props, "port"))) return [undecided("port")];
    const isHttp = typeof protocol === "string" ? protocol.toUpperCase() === "HTTP" : protocol === undefined && valueAt(resource.props, "port") !== undefined;
    if (!isHttp) return notApplicable("not an HTTP listener");
    const actions = items(resource.props, "default_action");
    if (isUnknown(actions)) return [undecided("default_action")];
    if (actions.length === 0) return [violation("default_action", "the HTTP listener has no default action redirecting to HTTPS")];
    return actions.flatMap((action): Verdict[] => {
      const type = valueAt(action.value, "type");
      if (isUnknown(type)) return [undecided(join(action.path, "type"))];
      if (type !== "redirect") return [violation(join(action.path, "type"), "a default action of the HTTP listener is not a redirect to HTTPS")];
      const redirect = block(action.value, "redirect");
      if (isUnknown(redirect)) return [undecided(join(action.path, "redirect"))];
      const target = redirect === undefined ? undefined : valueAt(redirect.value, "protocol");
      const targetPath = join(join(action.path, redirect?.path ?? "redirect"), "protocol");
      if (isUnknown(target)) return [undecided(targetPath)];
      // An absent protocol keeps the request's own (#{protocol}), which here is HTTP.
      return typeof target === "string" && target.toUpperCase() === "HTTPS" ? [] : [violation(targetPath, "the redirect does not go to HTTPS")];
    });
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "port 80 forwards to the application",
          resources: [
            {
              type: "aws:lb/listener:Listener",
              name: "fail_http",
              props: {
                loadBalancerArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188",
                port: 80,
                protocol: "HTTP",
                defaultActions: [{ type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/6d0ecf831eec9f09" }],
              },
            },
          ],
        },
        {
          description: "a redirect that keeps the request's protocol",
          resources: [
            {
              type: "aws:alb/listener:Listener",
              name: "fail_redirect",
              props: { port: 80, protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { port: "8080", statusCode: "HTTP_302" } }] },
            },
          ],
        },
      ],
      pass: [
        {
          description: "port 80 answers with a permanent redirect to HTTPS",
          resources: [
            {
              type: "aws:lb/listener:Listener",
              name: "pass_http",
              props: { port: 80, protocol: "HTTP", defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] },
            },
          ],
        },
      ],
    },
  },
});
