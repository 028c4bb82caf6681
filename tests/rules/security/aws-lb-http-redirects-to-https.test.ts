import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/security/aws-lb-http-redirects-to-https";

function outcomes(props: Record<string, unknown>): string[] | "not applicable" {
  const run = runRule(rule, fromPulumi({ type: "aws:lb/listener:Listener", name: "listener", props }), {});
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}`) : "not applicable";
}

const toHttps = { type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } };

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
    expect(outcomes({ port: 80, defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] })).toEqual(["violation default_action.0.type"]);
    expect(outcomes({ defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] })).toBe("not applicable");
  });

  test("HTTPS listeners are not applicable; lower-case http is HTTP", () => {
    expect(outcomes({ protocol: "HTTPS", port: 443, defaultActions: [{ type: "forward" }] })).toBe("not applicable");
    expect(outcomes({ protocol: "http", port: 80, defaultActions: [toHttps] })).toEqual([]);
  });

  test("unknowns are undecided where they are", () => {
    expect(outcomes({ protocol: UNKNOWN, defaultActions: [{ type: "forward" }] })).toEqual(["undecided protocol"]);
    expect(outcomes({ protocol: "HTTP", port: 80, defaultActions: [{ type: "redirect", redirect: { protocol: UNKNOWN } }] })).toEqual([
      "undecided default_action.0.redirect.protocol",
    ]);
  });
});
