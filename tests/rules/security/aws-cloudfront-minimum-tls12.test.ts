import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import rule from "../../../src/rules/aws/security/aws-cloudfront-minimum-tls12";
import { configDefaults } from "../../../src/rules/rule";

function messages(minimumProtocolVersion: string): string[] {
  const distribution = fromPulumi({
    type: "aws:cloudfront/distribution:Distribution",
    name: "site",
    props: { enabled: true, viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc", sslSupportMethod: "sni-only", minimumProtocolVersion } },
  });
  const run = runRule(rule, distribution, configDefaults(rule));
  return run.applicable ? run.judgements.map((j) => j.message) : [];
}

describe("aws-cloudfront-minimum-tls12", () => {
  test("a TLS 1.2 policy outside allowedVersions is not said to allow older TLS versions", () => {
    const [message] = messages("TLSv1.2_2018");
    expect(message).toContain("starts at TLS 1.2");
    expect(message).not.toContain("older than 1.2");
  });

  test("policies from before TLS 1.2 are", () => {
    expect(messages("TLSv1.1_2016")).toEqual(["minimum_protocol_version allows TLS versions older than 1.2"]);
    expect(messages("TLSv1.2_2021")).toEqual([]);
  });
});
