import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, type Resource } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/security/aws-lb-http-redirects-to-https";

const HTTP_ARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2";
const HTTPS_ARN = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/web/50dc6c495c0c9188/0467ef3c8400ae65";

function run(resources: Resource[]): string[] | "not applicable" {
  const result = runRule(rule, resources, {});
  return result.applicable ? result.judgements.map((j) => `${j.outcome} ${j.address} ${j.path}`) : "not applicable";
}

function outcomes(props: Record<string, unknown>): string[] | "not applicable" {
  const result = runRule(rule, [fromPulumi({ type: "aws:lb/listener:Listener", name: "listener", props })], {});
  return result.applicable ? result.judgements.map((j) => `${j.outcome} ${j.path}`) : "not applicable";
}

const toHttps = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } };
const forward = { type: "forward", targetGroupArn: "arn:tg" };

const listener = (name: string, props: Record<string, unknown>) => fromPulumi({ type: "aws:lb/listener:Listener", name, props });
const listenerRule = (name: string, props: Record<string, unknown>, dependencies?: string[]) =>
  fromPulumi({ type: "aws:lb/listenerRule:ListenerRule", name, props: { priority: 10, conditions: [{ pathPattern: { values: ["/api/*"] } }], ...props }, dependencies });
const httpListener = listener("http", { arn: HTTP_ARN, port: 80, protocol: "HTTP", defaultActions: [toHttps] });
const httpsListener = listener("https", { arn: HTTPS_ARN, port: 443, protocol: "HTTPS", defaultActions: [forward] });

describe("aws-lb-http-redirects-to-https", () => {
  test("Terraform's list form and Pulumi's object form report the same real paths", () => {
    expect(outcomes({ protocol: "HTTP", port: 80, defaultActions: [toHttps, { type: "redirect", redirect: [{ protocol: "HTTP" }] }] })).toEqual([
      "violation default_action.1.redirect.0.protocol",
    ]);
    expect(outcomes({ protocol: "HTTP", port: 80, defaultActions: [{ type: "redirect", redirect: { port: "443" } }] })).toEqual([
      "violation default_action.0.redirect.protocol",
    ]);
  });

  test("an absent protocol with a port is the provider's HTTP default; a Gateway Load Balancer listener has neither", () => {
    expect(outcomes({ port: 80, defaultActions: [forward] })).toEqual(["violation default_action.0.type"]);
    expect(outcomes({ defaultActions: [forward] })).toEqual([]);
  });

  test("HTTPS listeners are not judged; lower-case http is HTTP; either redirect status code passes", () => {
    expect(outcomes({ protocol: "HTTPS", port: 443, defaultActions: [{ type: "forward" }] })).toEqual([]);
    expect(outcomes({ protocol: "http", port: 80, defaultActions: [toHttps] })).toEqual([]);
    expect(outcomes({ protocol: "HTTP", port: 80, defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", statusCode: "HTTP_302" } }] })).toEqual([]);
  });

  test("a Classic Load Balancer fails each HTTP listener, whatever its case, as it cannot redirect; other protocols pass", () => {
    const CLASSIC = "urn:pulumi:example::prodready::aws:elb/loadBalancer:LoadBalancer::classic";
    const classic = (listeners: unknown) => fromPulumi({ type: "aws:elb/loadBalancer:LoadBalancer", name: "classic", props: { internal: true, listeners } });
    const https = { lbPort: 443, lbProtocol: "https", instancePort: 8080, instanceProtocol: "http", sslCertificateId: "arn:cert" };
    expect(run([classic([https, { lbPort: 80, lbProtocol: "HTTP", instancePort: 8080, instanceProtocol: "http" }, { lbPort: 81, lbProtocol: "http" }])])).toEqual([
      `violation ${CLASSIC} listener.1.lb_protocol`,
      `violation ${CLASSIC} listener.2.lb_protocol`,
    ]);
    expect(run([classic([https, { lbPort: 9000, lbProtocol: "tcp" }])])).toEqual([]);
    expect(run([classic([https, { lbPort: 80, lbProtocol: UNKNOWN }])])).toEqual([`undecided ${CLASSIC} listener.1.lb_protocol`]);
    expect(run([classic(UNKNOWN)])).toEqual([`undecided ${CLASSIC} listener`]);
  });

  test("a stack without listeners is not applicable", () => {
    expect(run([listenerRule("api", { listenerArn: HTTP_ARN, actions: [forward] })])).toBe("not applicable");
  });

  test("unknowns are undecided where they are", () => {
    expect(outcomes({ protocol: UNKNOWN, defaultActions: [{ type: "forward" }] })).toEqual(["undecided protocol"]);
    expect(outcomes({ protocol: "HTTP", port: 80, defaultActions: [{ type: "redirect", redirect: { protocol: UNKNOWN } }] })).toEqual([
      "undecided default_action.0.redirect.protocol",
    ]);
  });

  test("a rule on the HTTP listener must redirect to HTTPS too; rules on the HTTPS listener are free", () => {
    const api = listenerRule("api", { listenerArn: HTTP_ARN, actions: [forward] });
    const status = listenerRule("status", { listenerArn: HTTP_ARN, actions: [{ type: "fixed-response", fixedResponse: { contentType: "text/plain", statusCode: "200" } }] });
    const docs = listenerRule("docs", { listenerArn: HTTP_ARN, actions: [{ type: "redirect", redirect: { host: "docs.example.com" } }] });
    const secure = listenerRule("secure", { listenerArn: HTTPS_ARN, actions: [forward] });
    expect(run([httpListener, httpsListener, api, status, docs, secure])).toEqual([
      `violation ${api.address} action.0.type`,
      `violation ${status.address} action.0.type`,
      `violation ${docs.address} action.0.redirect.protocol`,
    ]);
  });

  test("a rule that may belong to the HTTP listener is undecided, once; one on an HTTPS listener of unknown protocol too", () => {
    const either = listenerRule("either", { listenerArn: UNKNOWN, actions: [forward] }, [httpListener.address, httpsListener.address]);
    expect(run([httpListener, httpsListener, either])).toEqual([`undecided ${either.address} action.0.type`]);
    const unknownProtocol = listener("maybe", { arn: HTTPS_ARN, port: 443, protocol: UNKNOWN, defaultActions: [forward] });
    const onIt = listenerRule("on_it", { listenerArn: HTTPS_ARN, actions: [forward] });
    expect(run([unknownProtocol, onIt])).toEqual([`undecided ${unknownProtocol.address} protocol`, `undecided ${onIt.address} action.0.type`]);
  });

  test("a rule naming the HTTP listener's ARN belongs to it, not to a listener whose ARN is unknown", () => {
    const anyListener = listener("other", { port: 8080, protocol: "HTTP", defaultActions: [toHttps] });
    const api = listenerRule("api", { listenerArn: HTTP_ARN, actions: [forward] });
    expect(run([httpListener, anyListener, api])).toEqual([`violation ${api.address} action.0.type`]);
  });
});
