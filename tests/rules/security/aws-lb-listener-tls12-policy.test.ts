import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, type Resource } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/security/aws-lb-listener-tls12-policy";
import { configDefaults } from "../../../src/rules/rule";

function run(resources: Resource[]): string[] | "not applicable" {
  const result = runRule(rule, resources, configDefaults(rule));
  return result.applicable ? result.judgements.map((j) => `${j.outcome} ${j.path}: ${j.message}`) : "not applicable";
}

const apiDomain = (securityPolicy?: unknown) =>
  fromPulumi({ type: "aws:apigateway/domainName:DomainName", name: "api", props: { domainName: "api.example.com", regionalCertificateArn: "arn:cert", ...(securityPolicy === undefined ? {} : { securityPolicy }) } });

describe("aws-lb-listener-tls12-policy", () => {
  test("an API Gateway custom domain fails on TLS_1_0, passes from TLS 1.2, and left to API Gateway's choice is not told", () => {
    expect(run([apiDomain()])).toEqual([
      `undecided security_policy: security_policy is not set, so API Gateway chooses the policy, which has been TLS_1_0 (accepting TLS 1.0 and 1.1); set it to know`,
    ]);
    expect(run([apiDomain("TLS_1_0")])).toEqual([`violation security_policy: security_policy "TLS_1_0" accepts TLS versions before 1.2`]);
    expect(run([apiDomain("TLS_1_2")])).toEqual([]);
    expect(run([apiDomain("SecurityPolicy_TLS13_1_3_2025_09")])).toEqual([]);
    expect(run([apiDomain("SecurityPolicy_TLS12_PFS_2025_EDGE")])).toEqual([]);
    expect(run([apiDomain(UNKNOWN)])).toEqual([`undecided security_policy: value is not known to the check`]);
  });

  const classic = (props: Record<string, unknown> = {}) =>
    fromPulumi({ type: "aws:elb/loadBalancer:LoadBalancer", name: "classic", props: { name: "classic", listeners: [{ lbPort: 443, lbProtocol: "https", sslCertificateId: "arn:cert" }], ...props } });
  const lbPolicy = (attributes: unknown, props: Record<string, unknown> = {}) =>
    fromPulumi({ type: "aws:elb/loadBalancerPolicy:LoadBalancerPolicy", name: "tls", props: { loadBalancerName: "classic", policyName: "tls", policyTypeName: "SSLNegotiationPolicyType", policyAttributes: attributes, ...props } });
  const listenerPolicy = (props: Record<string, unknown> = {}) =>
    fromPulumi({ type: "aws:elb/listenerPolicy:ListenerPolicy", name: "on443", props: { loadBalancerName: "classic", loadBalancerPort: 443, policyNames: ["tls"], ...props } });
  const reference = (value: unknown) => [{ name: "Reference-Security-Policy", value }];
  const DEFAULT = "violation listener.0: no SSL negotiation policy is set on the listener, so it uses ELBSecurityPolicy-2016-08, which accepts TLS 1.0 and 1.1";

  test("a Classic HTTPS or SSL listener is judged by the SSL negotiation policy set on its port, the 2016 default without one", () => {
    expect(run([classic()])).toEqual([DEFAULT]);
    expect(run([classic({ listeners: [{ lbPort: 9000, lbProtocol: "tcp" }] })])).toEqual([]);
    expect(run([classic(), lbPolicy(reference("ELBSecurityPolicy-TLS-1-2-2017-01")), listenerPolicy()])).toEqual([]);
    // A policy set on another port leaves this listener on the default.
    expect(run([classic(), lbPolicy(reference("ELBSecurityPolicy-TLS-1-2-2017-01")), listenerPolicy({ loadBalancerPort: 8443 })])).toEqual([DEFAULT]);
    expect(run([classic(), lbPolicy(reference("ELBSecurityPolicy-2016-08")), listenerPolicy()])).toEqual([
      'violation listener.0: aws:elb/loadBalancerPolicy:LoadBalancerPolicy::tls references the security policy "ELBSecurityPolicy-2016-08", which is not one of the allowed TLS 1.2+ security policies',
    ].map((line) => line.replace("aws:elb", "urn:pulumi:example::prodready::aws:elb")));
    expect(run([classic(), lbPolicy([{ name: "Protocol-TLSv1.1", value: "true" }, { name: "Protocol-TLSv1.2", value: "true" }]), listenerPolicy()])).toEqual([
      "violation listener.0: urn:pulumi:example::prodready::aws:elb/loadBalancerPolicy:LoadBalancerPolicy::tls turns on Protocol-TLSv1.1",
    ]);
    expect(run([classic(), lbPolicy([{ name: "Protocol-TLSv1", value: "false" }, { name: "Protocol-TLSv1.2", value: "true" }]), listenerPolicy()])).toEqual([]);
  });

  test("a Classic listener whose policy, its attachment or its port is not known is undecided, never failed", () => {
    const outcomes = (resources: Resource[]) => (run(resources) as string[]).map((line) => line.split(":")[0]);
    expect(outcomes([classic(), lbPolicy(reference(UNKNOWN)), listenerPolicy()])).toEqual(["undecided listener.0"]);
    expect(outcomes([classic(), lbPolicy(reference("ELBSecurityPolicy-TLS-1-2-2017-01")), listenerPolicy({ policyNames: UNKNOWN })])).toEqual(["undecided listener.0"]);
    expect(outcomes([classic(), listenerPolicy({ policyNames: ["not-in-the-stack"] })])).toEqual(["undecided listener.0"]);
    expect(outcomes([classic(), lbPolicy(reference("ELBSecurityPolicy-TLS-1-2-2017-01")), listenerPolicy({ loadBalancerName: UNKNOWN })])).toEqual(["undecided listener.0"]);
    expect(outcomes([classic(), lbPolicy(reference("ELBSecurityPolicy-TLS-1-2-2017-01")), listenerPolicy({ loadBalancerPort: UNKNOWN })])).toEqual(["undecided listener.0"]);
    expect(outcomes([classic({ listeners: [{ lbPort: 443, lbProtocol: UNKNOWN }] })])).toEqual(["undecided listener.0.lb_protocol"]);
  });

  test("the legacy aws_lb_ssl_negotiation_policy is read by its attribute blocks", () => {
    const negotiation = (value: string) =>
      fromPulumi({ type: "aws:elb/sslNegotiationPolicy:SslNegotiationPolicy", name: "legacy", props: { name: "legacy", loadBalancer: "classic", lbPort: 443, attributes: [{ name: "Protocol-TLSv1", value }] } });
    expect(run([classic(), negotiation("false")])).toEqual([]);
    expect(run([classic(), negotiation("true")])).toEqual(["violation listener.0: urn:pulumi:example::prodready::aws:elb/sslNegotiationPolicy:SslNegotiationPolicy::legacy turns on Protocol-TLSv1"]);
  });
});
