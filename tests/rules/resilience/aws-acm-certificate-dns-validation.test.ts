import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, UNKNOWN_PRESENT } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/resilience/aws-acm-certificate-dns-validation";

function outcomes(props: Record<string, unknown>): string[] | "not applicable" {
  const run = runRule(rule, fromPulumi({ type: "aws:acm/certificate:Certificate", name: "cert", props: { domainName: "api.example.com", ...props } }), {});
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}`) : "not applicable";
}

describe("aws-acm-certificate-dns-validation", () => {
  test("a certificate from a private CA known only after deployment is not validated, so not applicable", () => {
    expect(outcomes({ certificateAuthorityArn: UNKNOWN_PRESENT })).toBe("not applicable");
  });

  test("an authority that may be null leaves a missing DNS validation undecided, not a violation", () => {
    expect(outcomes({ certificateAuthorityArn: UNKNOWN })).toEqual(["undecided certificate_authority_arn"]);
    expect(outcomes({ certificateAuthorityArn: UNKNOWN, validationMethod: "DNS" })).toEqual([]);
    expect(outcomes({ validationMethod: "EMAIL" })).toEqual(["violation validation_method"]);
  });
});
