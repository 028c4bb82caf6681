import { isUnknown, type Resource } from "../../../model/resource";
import { argumentValue, shownValue } from "../../read";
import { notApplicable, resourceRule, undecided, violation, type CheckResult } from "../../rule";
import { fixOf } from "../../fixes";

/** What the provider and the ELB API use when `ssl_policy` is absent; it accepts TLS 1.0 and 1.1. */
const PROVIDER_DEFAULT_POLICY = "ELBSecurityPolicy-2016-08";

const API_DOMAIN = "aws_api_gateway_domain_name";

/**
 * API Gateway custom domain policies that start at TLS 1.2: the legacy TLS_1_2 and the enhanced policies, whose
 * names carry their lowest version (`SecurityPolicy_TLS13_1_2_2021_06`, `SecurityPolicy_TLS12_2018_EDGE`).
 */
function apiPolicyStartsAtTls12(policy: string): boolean {
  return policy === "TLS_1_2" || /^SecurityPolicy_TLS1[23]_/.test(policy);
}

/** A REST API custom domain left without a security policy gets the legacy TLS_1_0, which accepts TLS 1.0 and 1.1. */
function judgeApiDomain(domain: Resource): CheckResult {
  const policy = argumentValue(domain, "security_policy");
  if (isUnknown(policy)) return [undecided("security_policy")];
  if (policy === undefined || policy === null || policy === "") {
    return [violation("security_policy", "security_policy is not set, so the custom domain uses TLS_1_0, which accepts TLS 1.0 and 1.1")];
  }
  if (typeof policy === "string" && apiPolicyStartsAtTls12(policy)) return [];
  const named = typeof policy === "string" ? ` ${shownValue(domain, "security_policy", policy)}` : "";
  return [violation("security_policy", `security_policy${named} accepts TLS versions before 1.2`)];
}

export default resourceRule({
  id: "PR-SEC-005",
  slug: "aws-lb-listener-tls12-policy",
  title: "HTTPS and TLS load balancer listeners and API Gateway custom domains accept TLS 1.2 or later only",
  checklist: "3.2.3",
  severity: "high",
  description:
    "TLS 1.0 and 1.1 are deprecated (RFC 8996) and rejected by current browsers and compliance regimes. An " +
    "HTTPS or TLS listener without `ssl_policy` gets ELBSecurityPolicy-2016-08, which still accepts both, so " +
    "the policy must be named and must start at TLS 1.2. An API Gateway REST API custom domain " +
    "(`aws_api_gateway_domain_name`) left without `security_policy`, or set to `TLS_1_0`, accepts TLS 1.0 and 1.1 " +
    "too; `TLS_1_2` and the enhanced `SecurityPolicy_TLS13_*`/`SecurityPolicy_TLS12_*` policies start at TLS 1.2.",
  remediation:
    "Set `ssl_policy = \"ELBSecurityPolicy-TLS13-1-2-2021-06\"` (Pulumi: `sslPolicy`), or a newer TLS 1.2+ policy " +
    "such as ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09, on every HTTPS and TLS listener. On an API Gateway custom " +
    "domain, set `security_policy = \"TLS_1_2\"` (Pulumi: `securityPolicy`) or an enhanced TLS 1.2+ policy.",
  fix: (resource) =>
    resource.kind === API_DOMAIN
      ? fixOf('Set security_policy to "TLS_1_2", or an enhanced TLS 1.2+ policy such as "SecurityPolicy_TLS13_1_2_2021_06".', ["security_policy"])
      : fixOf('Set ssl_policy to "ELBSecurityPolicy-TLS13-1-2-2021-06", or a newer TLS 1.2+ policy such as "ELBSecurityPolicy-TLS13-1-2-Res-PQ-2025-09".', ["ssl_policy"]),
  links: [
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html",
    "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lb_listener#ssl_policy",
    "https://www.pulumi.com/registry/packages/aws/api-docs/lb/listener/",
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_domain_name#security_policy",
  ],
  kinds: ["aws_lb_listener", API_DOMAIN],
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
  check(resource, config) {
    if (resource.kind === API_DOMAIN) return judgeApiDomain(resource);
    const protocol = argumentValue(resource, "protocol");
    if (isUnknown(protocol)) return [undecided("protocol")];
    if (typeof protocol !== "string" || !["HTTPS", "TLS"].includes(protocol.toUpperCase())) return notApplicable("the listener does not terminate TLS");
    const policy = argumentValue(resource, "ssl_policy");
    if (isUnknown(policy)) return [undecided("ssl_policy")];
    if (policy === undefined || policy === null || policy === "") {
      return [violation("ssl_policy", `ssl_policy is not set, so the listener uses ${PROVIDER_DEFAULT_POLICY}, which accepts TLS 1.0 and 1.1`)];
    }
    if (config.allowedPolicies.includes(policy as string)) return [];
    const named = typeof policy === "string" ? ` ${shownValue(resource, "ssl_policy", policy)}` : "";
    return [violation("ssl_policy", `ssl_policy${named} is not one of the allowed TLS 1.2+ security policies`)];
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
      ],
    },
  },
});
