import { join } from "path";
import { fromPulumi } from "../../../src/adapters/pulumi";
import { pulumiMessage } from "../../../src/adapters/pulumi/names";
import { checkPaths } from "../../../src/cli/check";
import { runRule } from "../../../src/engine/evaluate";
import rule from "../../../src/rules/aws/security/aws-cloudfront-minimum-tls12";
import { UNKNOWN } from "../../../src/model/resource";
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
    expect(messages("TLSv1.1_2016")).toEqual(['minimum_protocol_version "TLSv1.1_2016" allows TLS versions older than 1.2']);
    expect(messages("TLSv1.2_2021")).toEqual([]);
  });

  // The argument the message tells the user to add is set nowhere yet, so only the rule can say it is a property.
  const ADVICE = "use an ACM certificate with a TLS 1.2+ minimumProtocolVersion";

  test("on the default certificate, a Pulumi user is told to add minimumProtocolVersion, as the program writes it", () => {
    const distribution = fromPulumi({ type: "aws:cloudfront/distribution:Distribution", name: "site", props: { enabled: true, viewerCertificate: { cloudfrontDefaultCertificate: true } } });
    const run = runRule(rule, distribution, configDefaults(rule), pulumiMessage);
    expect(run.applicable && run.judgements.map((judgement) => judgement.message)).toEqual([expect.stringContaining(ADVICE)]);
  });

  test("and so is a CDKTF user", () => {
    const fixture = join(__dirname, "../../fixtures/terraform/rules/aws-cloudfront-minimum-tls12/cdktf");
    const { report } = checkPaths({ paths: [fixture], commandLineVariables: [], today: "2026-01-01", profile: "platform" });
    const onDefaultCertificate = report.findings.filter((finding) => finding.ruleId === "PR-SEC-006" && finding.path.endsWith("cloudfront_default_certificate"));
    expect(onDefaultCertificate.map((finding) => finding.message)).toEqual([expect.stringContaining(ADVICE)]);
  });
});

describe("aws-cloudfront-minimum-tls12, toward custom origins", () => {
  function originOutcomes(originSslProtocols: unknown, originProtocolPolicy: unknown = "https-only"): string[] {
    const distribution = fromPulumi({
      type: "aws:cloudfront/distribution:Distribution",
      name: "site",
      props: {
        enabled: true,
        origins: [{ originId: "app", domainName: "origin.example.com", customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy, originSslProtocols } }],
        viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/abc", sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" },
      },
    });
    const run = runRule(rule, distribution, configDefaults(rule));
    return run.applicable ? run.judgements.map((judgement) => `${judgement.outcome} ${judgement.path}`) : [];
  }

  test("SSLv3 among origin_ssl_protocols is a violation; TLSv1 and TLSv1.1 beside TLSv1.2 are not", () => {
    expect(originOutcomes(["SSLv3", "TLSv1.2"])).toEqual(["violation origin.0.custom_origin_config.origin_ssl_protocols"]);
    expect(originOutcomes(["TLSv1", "TLSv1.1", "TLSv1.2"])).toEqual([]);
  });

  test("an unknown list is undecided, unless the part known already holds SSLv3", () => {
    expect(originOutcomes(UNKNOWN)).toEqual(["undecided origin.0.custom_origin_config.origin_ssl_protocols"]);
    expect(originOutcomes(["TLSv1.2", UNKNOWN])).toEqual(["undecided origin.0.custom_origin_config.origin_ssl_protocols"]);
    expect(originOutcomes(["SSLv3", UNKNOWN])).toEqual(["violation origin.0.custom_origin_config.origin_ssl_protocols"]);
  });

  test("the list is judged only where CloudFront opens SSL/TLS to the origin: not on http-only", () => {
    expect(originOutcomes(["SSLv3", "TLSv1.2"], "match-viewer")).toEqual(["violation origin.0.custom_origin_config.origin_ssl_protocols"]);
    expect(originOutcomes(["SSLv3", "TLSv1.2"], "http-only")).toEqual([]);
    expect(originOutcomes(UNKNOWN, "http-only")).toEqual([]);
  });

  test("an unknown policy leaves a list with SSLv3 undecided, and one without it passing", () => {
    expect(originOutcomes(["SSLv3", "TLSv1.2"], UNKNOWN)).toEqual(["undecided origin.0.custom_origin_config.origin_ssl_protocols"]);
    expect(originOutcomes(["TLSv1.2"], UNKNOWN)).toEqual([]);
  });
});
