import { getOrAdd } from "../../../collections";
import { isUnknown, valueAt, type Resource } from "../../../model/resource";
import { argumentValue, asNumber, Attachments, isTrue, items, join, referenceAt, shownValue, strongest, type Reference } from "../../read";
import { judgeEach, notApplicable, stackRule, undecided, violation, type CheckResult, type Verdict } from "../../rule";
import { fixOf } from "../../fixes";

/** What the provider and the ELB API use when `ssl_policy` is absent; it accepts TLS 1.0 and 1.1. */
const PROVIDER_DEFAULT_POLICY = "ELBSecurityPolicy-2016-08";

const LISTENER = "aws_lb_listener";
const API_DOMAIN = "aws_api_gateway_domain_name";
const CLASSIC = "aws_elb";
/** Sets a Classic listener's policies by load balancer name and port, replacing those it had. */
const LISTENER_POLICY = "aws_load_balancer_listener_policy";
const LOAD_BALANCER_POLICY = "aws_load_balancer_policy";
/** The legacy resource that creates an SSL negotiation policy and sets it on a listener in one. */
const NEGOTIATION_POLICY = "aws_lb_ssl_negotiation_policy";

/** Custom SSL negotiation attributes that turn on a protocol before TLS 1.2. */
const PROTOCOLS_BEFORE_TLS12 = ["Protocol-SSLv3", "Protocol-TLSv1", "Protocol-TLSv1.1"];

/** Whether a policy lets a listener accept protocols before TLS 1.2, and why, where it does or may. */
interface Judged {
  accepts: Reference;
  why: string;
}

/**
 * API Gateway custom domain policies that start at TLS 1.2: the legacy TLS_1_2 and the enhanced policies, whose
 * names carry their lowest version (`SecurityPolicy_TLS13_1_2_2021_06`, `SecurityPolicy_TLS12_2018_EDGE`).
 */
function apiPolicyStartsAtTls12(policy: string): boolean {
  return policy === "TLS_1_2" || /^SecurityPolicy_TLS1[23]_/.test(policy);
}

/**
 * A REST API custom domain, by its security policy. Left unset, API Gateway chooses: CloudFormation and the CDK
 * documented TLS_1_0 as that choice, and later reports say new domains get TLS_1_2, so the check cannot tell.
 */
function judgeApiDomain(domain: Resource): CheckResult {
  const policy = argumentValue(domain, "security_policy");
  if (isUnknown(policy)) return [undecided("security_policy")];
  if (policy === undefined || policy === null || policy === "") {
    return [undecided("security_policy", "security_policy is not set, so API Gateway chooses the policy, which has been TLS_1_0 (accepting TLS 1.0 and 1.1); set it to know")];
  }
  if (typeof policy === "string" && apiPolicyStartsAtTls12(policy)) return [];
  const named = typeof policy === "string" ? ` ${shownValue(domain, "security_policy", policy)}` : "";
  return [violation("security_policy", `security_policy${named} accepts TLS versions before 1.2`)];
}

/** An ALB or NLB listener, by its ssl_policy. */
function judgeListener(resource: Resource, allowedPolicies: readonly string[]): CheckResult {
  const protocol = argumentValue(resource, "protocol");
  if (isUnknown(protocol)) return [undecided("protocol")];
  if (typeof protocol !== "string" || !["HTTPS", "TLS"].includes(protocol.toUpperCase())) return notApplicable("the listener does not terminate TLS");
  const policy = argumentValue(resource, "ssl_policy");
  if (isUnknown(policy)) return [undecided("ssl_policy")];
  if (policy === undefined || policy === null || policy === "") {
    return [violation("ssl_policy", `ssl_policy is not set, so the listener uses ${PROVIDER_DEFAULT_POLICY}, which accepts TLS 1.0 and 1.1`)];
  }
  if (allowedPolicies.includes(policy as string)) return [];
  const named = typeof policy === "string" ? ` ${shownValue(resource, "ssl_policy", policy)}` : "";
  return [violation("ssl_policy", `ssl_policy${named} is not one of the allowed TLS 1.2+ security policies`)];
}

/**
 * Whether an SSL negotiation policy's attributes (`name`/`value` entries) accept protocols before TLS 1.2: a
 * predefined policy it names by Reference-Security-Policy that is not allowed, or a custom protocol attribute on.
 */
function negotiationAccepts(policy: Resource, attributes: ReturnType<typeof items>, allowedPolicies: readonly string[]): Judged {
  if (isUnknown(attributes)) return { accepts: "unknown", why: `the attributes of ${policy.address} are not known to the check` };
  const judged = attributes.map(({ path, value }): Judged => {
    const name = valueAt(value, "name");
    const setting = valueAt(value, "value");
    if (isUnknown(name) || isUnknown(setting)) return { accepts: "unknown", why: `an attribute of ${policy.address} is not known to the check` };
    if (name === "Reference-Security-Policy") {
      if (typeof setting === "string" && allowedPolicies.includes(setting)) return { accepts: "no", why: "" };
      const named = typeof setting === "string" ? ` ${shownValue(policy, join(path, "value"), setting)}` : "";
      return { accepts: "yes", why: `${policy.address} references the security policy${named}, which is not one of the allowed TLS 1.2+ security policies` };
    }
    if (typeof name === "string" && PROTOCOLS_BEFORE_TLS12.includes(name) && isTrue(setting)) return { accepts: "yes", why: `${policy.address} turns on ${name}` };
    return { accepts: "no", why: "" };
  });
  const accepts = strongest(judged.map((entry) => entry.accepts));
  return judged.find((entry) => entry.accepts === accepts) ?? { accepts, why: "" };
}

/** The SSL negotiation policies a listener policy sets on a listener, by name, as the stack's load balancer policies say. */
function listenerPolicyAccepts(listenerPolicy: Resource, byName: ReadonlyMap<string, Resource[]>, allowedPolicies: readonly string[]): Judged {
  const names = items(listenerPolicy.props, "policy_names");
  if (isUnknown(names)) return { accepts: "unknown", why: `the policy_names of ${listenerPolicy.address} are not known to the check` };
  const judged: Judged[] = [];
  for (const { value: name } of names) {
    const named = typeof name === "string" ? (byName.get(name) ?? []) : [];
    // A name no policy in the stack has, or several have (names are per load balancer), is not read here.
    if (named.length !== 1) {
      judged.push({ accepts: "unknown", why: `which policy ${listenerPolicy.address} sets is not known to the check` });
      continue;
    }
    const [policy] = named;
    const type = valueAt(policy.props, "policy_type_name");
    if (isUnknown(type)) judged.push({ accepts: "unknown", why: `the policy_type_name of ${policy.address} is not known to the check` });
    else if (type === "SSLNegotiationPolicyType") judged.push(negotiationAccepts(policy, items(policy.props, "policy_attribute"), allowedPolicies));
  }
  if (judged.length === 0) return { accepts: "yes", why: `none of the policies ${listenerPolicy.address} sets is an SSL negotiation policy, so the listener uses ${PROVIDER_DEFAULT_POLICY}, which accepts TLS 1.0 and 1.1` };
  const accepts = strongest(judged.map((entry) => entry.accepts));
  return judged.find((entry) => entry.accepts === accepts)!;
}

/**
 * Each HTTPS or SSL listener of Classic Load Balancers, by the SSL negotiation policy set on it: through an
 * `aws_load_balancer_listener_policy` naming the load balancer and the listener's port, or an
 * `aws_lb_ssl_negotiation_policy`. None set, the listener uses ELBSecurityPolicy-2016-08.
 */
function judgeClassics(classics: readonly Resource[], resources: readonly Resource[], allowedPolicies: readonly string[]): Verdict[] {
  const byName = new Map<string, Resource[]>();
  for (const policy of resources) {
    if (policy.kind !== LOAD_BALANCER_POLICY) continue;
    const name = valueAt(policy.props, "policy_name");
    if (typeof name === "string") getOrAdd(byName, name, () => []).push(policy);
  }
  const setters = [
    { attached: new Attachments(resources.filter((r) => r.kind === LISTENER_POLICY), referenceAt("load_balancer_name"), classics, ["name", "id"]), port: "load_balancer_port", judge: (holder: Resource) => listenerPolicyAccepts(holder, byName, allowedPolicies) },
    { attached: new Attachments(resources.filter((r) => r.kind === NEGOTIATION_POLICY), referenceAt("load_balancer"), classics, ["name", "id"]), port: "lb_port", judge: (holder: Resource) => negotiationAccepts(holder, items(holder.props, "attribute"), allowedPolicies) },
  ];
  return classics.flatMap((classic) => {
    const listeners = items(classic.props, "listener");
    if (isUnknown(listeners)) return [{ ...undecided("listener"), address: classic.address }];
    return listeners.flatMap(({ path, value }): Verdict[] => {
      const protocol = valueAt(value, "lb_protocol");
      if (isUnknown(protocol)) return [{ ...undecided(join(path, "lb_protocol")), address: classic.address }];
      if (typeof protocol !== "string" || !["HTTPS", "SSL"].includes(protocol.toUpperCase())) return [];
      const port = valueAt(value, "lb_port");
      const sure: Judged[] = [];
      const possible: Judged[] = [];
      for (const { attached, port: portKey, judge } of setters) {
        for (const { holder, applies } of attached.of(classic)) {
          const setOn = valueAt(holder.props, portKey);
          const samePort: Reference = isUnknown(port) || isUnknown(setOn) ? "unknown" : asNumber(port) === asNumber(setOn) ? "yes" : "no";
          if (samePort === "no") continue;
          (applies === "yes" && samePort === "yes" ? sure : possible).push(judge(holder));
        }
      }
      const judged = judgeSet(sure, possible);
      if (judged.accepts === "no") return [];
      if (judged.accepts === "unknown") return [{ ...undecided(path, judged.why), address: classic.address }];
      return [{ ...violation(path, judged.why), address: classic.address }];
    });
  });
}

/** A listener's policy from those surely and those possibly set on it: the sure ones decide, unless a possible one may undo a pass. */
function judgeSet(sure: readonly Judged[], possible: readonly Judged[]): Judged {
  if (sure.length === 0 && possible.length === 0) return { accepts: "yes", why: `no SSL negotiation policy is set on the listener, so it uses ${PROVIDER_DEFAULT_POLICY}, which accepts TLS 1.0 and 1.1` };
  if (sure.length === 0) return { accepts: "unknown", why: "whether an SSL negotiation policy is set on the listener is not known to the check" };
  const accepts = strongest(sure.map((entry) => entry.accepts));
  if (accepts === "yes") return sure.find((entry) => entry.accepts === "yes")!;
  const open = [...sure, ...possible].find((entry) => entry.accepts !== "no");
  return open === undefined ? { accepts: "no", why: "" } : { accepts: "unknown", why: open.why };
}

export default stackRule({
  id: "PR-SEC-005",
  slug: "aws-lb-listener-tls12-policy",
  title: "HTTPS and TLS load balancer listeners and API Gateway custom domains accept TLS 1.2 or later only",
  checklist: "3.2.3",
  severity: "high",
  description:
    "TLS 1.0 and 1.1 are deprecated (RFC 8996) and rejected by current browsers and compliance regimes. An " +
    "HTTPS or TLS listener without `ssl_policy` gets ELBSecurityPolicy-2016-08, which still accepts both, so " +
    "the policy must be named and must start at TLS 1.2. An API Gateway REST API custom domain " +
    "(`aws_api_gateway_domain_name`) set to `TLS_1_0` accepts TLS 1.0 and 1.1 too; left without `security_policy`, " +
    "it gets the policy API Gateway chooses, which has been `TLS_1_0`, so it could not be evaluated. `TLS_1_2` and " +
    "the enhanced `SecurityPolicy_TLS13_*`/`SecurityPolicy_TLS12_*` policies start at TLS 1.2. " +
    "A Classic Load Balancer (`aws_elb`) HTTPS or SSL listener without an SSL negotiation policy gets " +
    "ELBSecurityPolicy-2016-08 too; one is set by an `aws_load_balancer_listener_policy` naming an " +
    "`aws_load_balancer_policy` of type `SSLNegotiationPolicyType` (judged by its `Reference-Security-Policy`, or " +
    "its `Protocol-SSLv3`, `Protocol-TLSv1` and `Protocol-TLSv1.1` attributes), or by an `aws_lb_ssl_negotiation_policy`.",
  remediation:
    "Set `ssl_policy = \"ELBSecurityPolicy-TLS13-1-2-2021-06\"` (Pulumi: `sslPolicy`), or a newer TLS 1.2+ policy " +
    "such as ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09, on every HTTPS and TLS listener. On an API Gateway custom " +
    "domain, set `security_policy = \"TLS_1_2\"` (Pulumi: `securityPolicy`) or an enhanced TLS 1.2+ policy. On a " +
    "Classic Load Balancer, create an `aws_load_balancer_policy` with `policy_type_name = \"SSLNegotiationPolicyType\"` " +
    "and a `policy_attribute` `Reference-Security-Policy` = `ELBSecurityPolicy-TLS-1-2-2017-01`, and set it on each " +
    "HTTPS and SSL listener with an `aws_load_balancer_listener_policy` (`load_balancer_name`, `load_balancer_port`, " +
    "`policy_names`); or move to an Application Load Balancer.",
  fix: (resource) =>
    resource.kind === CLASSIC
      ? fixOf(
          'Set an SSL negotiation policy on each HTTPS and SSL listener: an aws_load_balancer_policy of policy_type_name "SSLNegotiationPolicyType" whose policy_attribute "Reference-Security-Policy" is "ELBSecurityPolicy-TLS-1-2-2017-01", attached by an aws_load_balancer_listener_policy for the listener\'s port.',
        )
      : resource.kind === API_DOMAIN
      ? fixOf('Set security_policy to "TLS_1_2", or an enhanced TLS 1.2+ policy such as "SecurityPolicy_TLS13_1_2_2021_06".', ["security_policy"])
      : fixOf('Set ssl_policy to "ELBSecurityPolicy-TLS13-1-2-2021-06", or a newer TLS 1.2+ policy such as "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09".', ["ssl_policy"]),
  links: [
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html",
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb_listener#ssl_policy",
    "https://www.pulumi.com/registry/packages/aws/api-docs/lb/listener/",
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_domain_name#security_policy",
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/ssl-config-update.html",
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/classic/elb-security-policy-table.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/load_balancer_policy",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/load_balancer_listener_policy",
  ],
  kinds: [LISTENER, API_DOMAIN, CLASSIC, LISTENER_POLICY, LOAD_BALANCER_POLICY, NEGOTIATION_POLICY],
  config: {
    allowedPolicies: {
      type: "array",
      items: { type: "string" },
      default: [
        "ELBSecurityPolicy-TLS13-1-2-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
        "ELBSecurityPolicy-TLS13-1-3-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Ext1-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Ext2-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-3-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Ext0-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Ext1-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-2-Ext2-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS13-1-3-FIPS-PQ-2025-09",
        "ELBSecurityPolicy-TLS-1-2-2017-01",
        "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
        "ELBSecurityPolicy-FS-1-2-2019-08",
        "ELBSecurityPolicy-FS-1-2-Res-2019-08",
        "ELBSecurityPolicy-FS-1-2-Res-2020-10",
      ],
      description: "Security policies whose lowest protocol is TLS 1.2 or later.",
    },
  },
  check(resources, config) {
    const listeners = resources.filter((resource) => resource.kind === LISTENER || resource.kind === API_DOMAIN);
    const judged = judgeEach(listeners, (resource) => (resource.kind === API_DOMAIN ? judgeApiDomain(resource) : judgeListener(resource, config.allowedPolicies)), "no listener terminates TLS");
    const classics = resources.filter((resource) => resource.kind === CLASSIC);
    if (classics.length === 0) return judged;
    const classicVerdicts = judgeClassics(classics, resources, config.allowedPolicies);
    if (Array.isArray(judged)) return [...judged, ...classicVerdicts];
    return classicVerdicts;
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "an HTTPS listener left on the default policy",
          resources: [
            {
              type: "aws:lb/listener:Listener",
              name: "fail_default_policy",
              props: { port: 443, protocol: "HTTPS", certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/3b5f1a2c-0d4e-4f6a-9b8c-7d6e5f4a3b2c" },
            },
          ],
        },
        {
          description: "a TLS listener that names the 2016 policy",
          resources: [
            {
              type: "aws:lb/listener:Listener",
              name: "fail_old_policy",
              props: { port: 443, protocol: "TLS", sslPolicy: "ELBSecurityPolicy-2016-08" },
            },
          ],
        },
        {
          description: "an API Gateway custom domain on the TLS 1.0 policy",
          resources: [
            {
              type: "aws:apigateway/domainName:DomainName",
              name: "fail_api_domain",
              props: {
                domainName: "api.example.com",
                regionalCertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/3b5f1a2c-0d4e-4f6a-9b8c-7d6e5f4a3b2c",
                securityPolicy: "TLS_1_0",
                endpointConfiguration: { types: "REGIONAL" },
              },
            },
          ],
        },
        {
          description: "a Classic Load Balancer HTTPS listener without an SSL negotiation policy",
          resources: [
            {
              type: "aws:elb/loadBalancer:LoadBalancer",
              name: "fail_classic",
              props: {
                name: "classic-web",
                subnets: ["subnet-0a1b2c3d4e5f60718"],
                listeners: [{ lbPort: 443, lbProtocol: "https", instancePort: 8080, instanceProtocol: "http", sslCertificateId: "arn:aws:acm:eu-west-1:123456789012:certificate/3b5f1a2c-0d4e-4f6a-9b8c-7d6e5f4a3b2c" }],
              },
            },
          ],
        },
      ],
      pass: [
        {
          description: "an HTTPS listener on the TLS 1.3/1.2 policy",
          resources: [
            {
              type: "aws:lb/listener:Listener",
              name: "pass_https",
              props: {
                port: 443,
                protocol: "HTTPS",
                sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
                certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/3b5f1a2c-0d4e-4f6a-9b8c-7d6e5f4a3b2c",
              },
            },
          ],
        },
        {
          description: "an API Gateway custom domain on the TLS 1.2 policy",
          resources: [
            {
              type: "aws:apigateway/domainName:DomainName",
              name: "pass_api_domain",
              props: {
                domainName: "api.example.com",
                regionalCertificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/3b5f1a2c-0d4e-4f6a-9b8c-7d6e5f4a3b2c",
                securityPolicy: "TLS_1_2",
                endpointConfiguration: { types: "REGIONAL" },
              },
            },
          ],
        },
        {
          description: "a Classic Load Balancer HTTPS listener on the predefined TLS 1.2 policy",
          resources: [
            {
              type: "aws:elb/loadBalancer:LoadBalancer",
              name: "pass_classic",
              props: {
                name: "classic-api",
                subnets: ["subnet-0a1b2c3d4e5f60718"],
                listeners: [{ lbPort: 443, lbProtocol: "https", instancePort: 8080, instanceProtocol: "http", sslCertificateId: "arn:aws:acm:eu-west-1:123456789012:certificate/3b5f1a2c-0d4e-4f6a-9b8c-7d6e5f4a3b2c" }],
              },
            },
            {
              type: "aws:elb/loadBalancerPolicy:LoadBalancerPolicy",
              name: "pass_classic_tls12",
              props: {
                loadBalancerName: "classic-api",
                policyName: "classic-api-tls12",
                policyTypeName: "SSLNegotiationPolicyType",
                policyAttributes: [{ name: "Reference-Security-Policy", value: "ELBSecurityPolicy-TLS-1-2-2017-01" }],
              },
            },
            {
              type: "aws:elb/listenerPolicy:ListenerPolicy",
              name: "pass_classic_443",
              props: { loadBalancerName: "classic-api", loadBalancerPort: 443, policyNames: ["classic-api-tls12"] },
            },
          ],
        },
      ],
    },
  },
});
