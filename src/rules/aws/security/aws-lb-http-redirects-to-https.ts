import { isUnknown, valueAt, type PropertyPath, type Resource } from "../../../model/resource";
import { argumentValue, Attachments, block, items, join, referenceAt, type Item, type Reference } from "../../read";
import { notApplicable, stackRule, undecided, violation, type Verdict } from "../../rule";
import { fixOf } from "../../fixes";

const LISTENER = "aws_lb_listener";
const LISTENER_RULE = "aws_lb_listener_rule";
const CLASSIC = "aws_elb";

/** Whether a listener serves plain HTTP, and while that is unknown, the property that leaves it open. */
function servesHttp(listener: Resource): { answer: Reference; path: PropertyPath } {
  const protocol = argumentValue(listener, "protocol");
  if (isUnknown(protocol)) return { answer: "unknown", path: "protocol" };
  // The provider defaults an ALB listener to HTTP; Gateway Load Balancer listeners have neither protocol nor port,
  // so without a protocol an unknown port leaves open whether this is one.
  const port = valueAt(listener.props, "port");
  if (protocol === undefined && isUnknown(port)) return { answer: "unknown", path: "port" };
  const http = typeof protocol === "string" ? protocol.toUpperCase() === "HTTP" : protocol === undefined && port !== undefined;
  return { answer: http ? "yes" : "no", path: "protocol" };
}

/** Each action must redirect to HTTPS: a listener's default actions, or a listener rule's actions. */
function judgeActions(actions: readonly Item[], notRedirect: string): Verdict[] {
  return actions.flatMap((action): Verdict[] => {
    const type = valueAt(action.value, "type");
    if (isUnknown(type)) return [undecided(join(action.path, "type"))];
    if (type !== "redirect") return [violation(join(action.path, "type"), notRedirect)];
    const redirect = block(action.value, "redirect");
    if (isUnknown(redirect)) return [undecided(join(action.path, "redirect"))];
    const target = redirect === undefined ? undefined : valueAt(redirect.value, "protocol");
    const targetPath = join(join(action.path, redirect?.path ?? "redirect"), "protocol");
    if (isUnknown(target)) return [undecided(targetPath)];
    // An absent protocol keeps the request's own (#{protocol}), which here is HTTP.
    return typeof target === "string" && target.toUpperCase() === "HTTPS" ? [] : [violation(targetPath, "the redirect does not go to HTTPS")];
  });
}

function judgeListener(listener: Resource): Verdict[] {
  const actions = items(listener.props, "default_action");
  if (isUnknown(actions)) return [undecided("default_action")];
  if (actions.length === 0) return [violation("default_action", "the HTTP listener has no default action redirecting to HTTPS")];
  return judgeActions(actions, "a default action of the HTTP listener is not a redirect to HTTPS");
}

/** A Classic Load Balancer's listeners: one on HTTP serves plain HTTP, as a Classic listener cannot redirect. */
function judgeClassic(classic: Resource): Verdict[] {
  const listeners = items(classic.props, "listener");
  if (isUnknown(listeners)) return [undecided("listener")];
  return listeners.flatMap(({ path, value }): Verdict[] => {
    const protocolPath = join(path, "lb_protocol");
    const protocol = valueAt(value, "lb_protocol");
    if (isUnknown(protocol)) return [undecided(protocolPath)];
    if (typeof protocol !== "string" || protocol.toUpperCase() !== "HTTP") return [];
    return [violation(protocolPath, "the listener serves plain HTTP, and a Classic Load Balancer listener cannot redirect to HTTPS")];
  });
}

/** A listener rule's actions, where the rule surely ("yes") or possibly ("unknown") belongs to an HTTP listener. */
function judgeRule(rule: Resource, onHttp: Exclude<Reference, "no">): Verdict[] {
  const actions = items(rule.props, "action");
  if (isUnknown(actions)) return [undecided("action")];
  if (onHttp === "yes") return judgeActions(actions, "an action of this rule on an HTTP listener is not a redirect to HTTPS");
  return judgeActions(actions, "an action of this rule is not a redirect to HTTPS").map((verdict) =>
    verdict.outcome === "violation" ? undecided(verdict.path, `this rule may belong to an HTTP listener (which listener is not known to the check), and ${verdict.message}`) : verdict,
  );
}

export default stackRule({
  id: "PR-SEC-004",
  slug: "aws-lb-http-redirects-to-https",
  title: "HTTP load balancer listeners only redirect to HTTPS",
  checklist: "3.2.3",
  severity: "high",
  description:
    "A plain-HTTP listener that forwards to the application serves pages, cookies and tokens unencrypted, and " +
    "lets clients keep using http:// links without noticing. Port 80 should exist only to send every request " +
    "to HTTPS. A listener evaluates its rules (`aws_lb_listener_rule`) before its default action, so every rule " +
    "on an HTTP listener must redirect to HTTPS as well: one rule that forwards `/api/*` or answers with a fixed " +
    "response serves those requests over HTTP whatever the default action does. A redirect passes with either " +
    "status code AWS offers, since both send the request to HTTPS; a permanent one (`HTTP_301`) is better, " +
    "because browsers remember it and go to HTTPS directly next time, where a temporary one (`HTTP_302`) sends " +
    "each visit through plain HTTP first. A Classic Load Balancer (`aws_elb`) listener cannot redirect at all: one " +
    "on HTTP serves the application over plain HTTP.",
  remediation:
    "Give the HTTP listener a single default action of `type = \"redirect\"` with `redirect { protocol = \"HTTPS\", " +
    "port = \"443\", status_code = \"HTTP_301\" }` (Pulumi: `defaultActions: [{ type: \"redirect\", redirect: " +
    "{ protocol: \"HTTPS\", port: \"443\", statusCode: \"HTTP_301\" } }]`), move its listener rules that forward or " +
    "answer requests to the HTTPS listener (their `listener_arn`, Pulumi `listenerArn`), and serve the application " +
    "on the HTTPS listener. On a Classic Load Balancer, remove the HTTP listener, or move to an Application Load " +
    "Balancer, whose HTTP listener can redirect.",
  fix: (resource) =>
    resource.kind === CLASSIC
      ? fixOf("Remove the HTTP listener and serve the application on an HTTPS listener only, or move to an Application Load Balancer, whose HTTP listener can redirect to HTTPS.", ["listener"])
      : resource.kind === LISTENER
      ? fixOf(
          'Make the HTTP listener\'s default_action a single action of type "redirect" whose redirect has protocol "HTTPS", port "443" and status_code "HTTP_301", move its listener rules that forward or answer requests to the HTTPS listener, and serve the application there.',
          ["default_action.type", "default_action.redirect.protocol", "default_action.redirect.port", "default_action.redirect.status_code"],
        )
      : fixOf("Move the rule to the HTTPS listener (its listener_arn), or make its action a redirect to HTTPS.", ["listener_arn"]),
  links: [
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions",
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-rules.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb_listener",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb_listener_rule",
    "https://www.pulumi.com/registry/packages/aws/api-docs/lb/listener/",
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-listener-config.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elb#listener",
  ],
  kinds: [LISTENER, LISTENER_RULE, CLASSIC],
  config: {},
  check(resources) {
    const listeners = resources.filter((resource) => resource.kind === LISTENER);
    const classics = resources.filter((resource) => resource.kind === CLASSIC);
    if (listeners.length === 0 && classics.length === 0) return notApplicable("no load balancer listeners in the stack");
    const rules = resources.filter((resource) => resource.kind === LISTENER_RULE);
    const attached = new Attachments(rules, referenceAt("listener_arn"), listeners, ["arn", "id"]);
    const verdicts: Verdict[] = [];
    // Per rule, whether it belongs to an HTTP listener: a rule attached possibly to several is judged once.
    const onHttp = new Map<Resource, Exclude<Reference, "no">>();
    for (const listener of listeners) {
      const http = servesHttp(listener);
      if (http.answer === "no") continue;
      if (http.answer === "unknown") verdicts.push({ ...undecided(http.path), address: listener.address });
      else verdicts.push(...judgeListener(listener).map((verdict) => ({ ...verdict, address: listener.address })));
      for (const { holder, applies } of attached.of(listener)) {
        if (onHttp.get(holder) !== "yes") onHttp.set(holder, applies === "yes" && http.answer === "yes" ? "yes" : "unknown");
      }
    }
    for (const [rule, answer] of onHttp) verdicts.push(...judgeRule(rule, answer).map((verdict) => ({ ...verdict, address: rule.address })));
    for (const classic of classics) verdicts.push(...judgeClassic(classic).map((verdict) => ({ ...verdict, address: classic.address })));
    return verdicts;
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
        {
          description: "a Classic Load Balancer with an HTTP listener beside its HTTPS one",
          resources: [
            {
              type: "aws:elb/loadBalancer:LoadBalancer",
              name: "fail_classic",
              props: {
                subnets: ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"],
                listeners: [
                  { lbPort: 80, lbProtocol: "http", instancePort: 8080, instanceProtocol: "http" },
                  { lbPort: 443, lbProtocol: "https", instancePort: 8080, instanceProtocol: "http", sslCertificateId: "arn:aws:acm:eu-west-1:123456789012:certificate/3b5f1a2c-0d4e-4f6a-9b8c-7d6e5f4a3b2c" },
                ],
              },
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
        {
          description: "a Classic Load Balancer that listens on HTTPS only",
          resources: [
            {
              type: "aws:elb/loadBalancer:LoadBalancer",
              name: "pass_classic",
              props: {
                subnets: ["subnet-0a1b2c3d4e5f60718", "subnet-0b2c3d4e5f6071829"],
                listeners: [{ lbPort: 443, lbProtocol: "https", instancePort: 8080, instanceProtocol: "http", sslCertificateId: "arn:aws:acm:eu-west-1:123456789012:certificate/3b5f1a2c-0d4e-4f6a-9b8c-7d6e5f4a3b2c" }],
              },
            },
          ],
        },
      ],
    },
  },
});
