import { join } from "path";
import { fromPulumi } from "../../../src/adapters/pulumi";
import { checkPaths } from "../../../src/cli/check";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/security/aws-cloudfront-viewer-https";
import { configDefaults } from "../../../src/rules/rule";

const customOrigin = (originId: unknown, originProtocolPolicy: unknown) => ({
  originId,
  domainName: "origin.example.com",
  customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy, originSslProtocols: ["TLSv1.2"] },
});

/** The judgements of a distribution, each as "outcome path". */
function outcomes(props: Record<string, unknown>): string[] {
  const distribution = fromPulumi({ type: "aws:cloudfront/distribution:Distribution", name: "site", props: { enabled: true, ...props } });
  const run = runRule(rule, distribution, configDefaults(rule));
  return run.applicable ? run.judgements.map((judgement) => `${judgement.outcome} ${judgement.path}`) : [];
}

const HTTPS_DEFAULT = { targetOriginId: "app", viewerProtocolPolicy: "redirect-to-https" };
const ORIGIN_POLICY = "origin.0.custom_origin_config.origin_protocol_policy";

describe("aws-cloudfront-viewer-https, toward custom origins", () => {
  test("an http-only custom origin is a violation however viewers connect", () => {
    expect(outcomes({ origins: [customOrigin("app", "http-only")], defaultCacheBehavior: HTTPS_DEFAULT })).toEqual([`violation ${ORIGIN_POLICY}`]);
    expect(outcomes({ origins: [customOrigin("app", "https-only")], defaultCacheBehavior: HTTPS_DEFAULT })).toEqual([]);
  });

  test("a match-viewer origin is one only where a behaviour sending requests to it allows HTTP", () => {
    const origins = [customOrigin("app", "match-viewer"), customOrigin("api", "https-only")];
    expect(outcomes({ origins, defaultCacheBehavior: HTTPS_DEFAULT })).toEqual([]);
    // The behaviour that allows HTTP goes to the https-only origin: only that behaviour is flagged.
    const toApi = { pathPattern: "/api/*", targetOriginId: "api", viewerProtocolPolicy: "allow-all" };
    expect(outcomes({ origins, defaultCacheBehavior: HTTPS_DEFAULT, orderedCacheBehaviors: [toApi] })).toEqual(["violation ordered_cache_behavior.0.viewer_protocol_policy"]);
    const toApp = { ...toApi, targetOriginId: "app" };
    expect(outcomes({ origins, defaultCacheBehavior: HTTPS_DEFAULT, orderedCacheBehaviors: [toApp] })).toEqual([
      "violation ordered_cache_behavior.0.viewer_protocol_policy",
      `violation ${ORIGIN_POLICY}`,
    ]);
  });

  test("unknown policies, origin ids and targets leave the origin undecided, not failed", () => {
    expect(outcomes({ origins: [customOrigin("app", UNKNOWN)], defaultCacheBehavior: HTTPS_DEFAULT })).toEqual([`undecided ${ORIGIN_POLICY}`]);
    const allowAll = { targetOriginId: UNKNOWN, viewerProtocolPolicy: "allow-all" };
    expect(outcomes({ origins: [customOrigin("app", "match-viewer")], defaultCacheBehavior: allowAll })).toEqual([
      "violation default_cache_behavior.viewer_protocol_policy",
      `undecided ${ORIGIN_POLICY}`,
    ]);
    expect(outcomes({ origins: [customOrigin(UNKNOWN, "match-viewer")], defaultCacheBehavior: { ...allowAll, targetOriginId: "app" } })).toEqual([
      "violation default_cache_behavior.viewer_protocol_policy",
      `undecided ${ORIGIN_POLICY}`,
    ]);
    // A behaviour known to require HTTPS sends no plain requests, whichever origin it targets.
    expect(outcomes({ origins: [customOrigin("app", "match-viewer")], defaultCacheBehavior: { ...HTTPS_DEFAULT, targetOriginId: UNKNOWN } })).toEqual([]);
    expect(outcomes({ origins: UNKNOWN, defaultCacheBehavior: HTTPS_DEFAULT })).toEqual(["undecided origin"]);
  });

  test("S3 and VPC origins are not judged", () => {
    const origins = [
      { originId: "assets", domainName: "assets.s3.eu-west-1.amazonaws.com", s3OriginConfig: { originAccessIdentity: "" } },
      { originId: "alb", domainName: "internal-alb.eu-west-1.elb.amazonaws.com", vpcOriginConfig: { vpcOriginId: "vo_abc" } },
    ];
    expect(outcomes({ origins, defaultCacheBehavior: { targetOriginId: "alb", viewerProtocolPolicy: "https-only" } })).toEqual([]);
  });
});

describe("aws-cloudfront-viewer-https, toward S3 website endpoints", () => {
  /** The message and fix of the one origin violation of an http-only custom origin at `domainName`. */
  function originFinding(domainName: unknown): { message: string; remediation?: string } {
    const distribution = fromPulumi({
      type: "aws:cloudfront/distribution:Distribution",
      name: "site",
      props: { enabled: true, origins: [{ ...customOrigin("app", "http-only"), domainName }], defaultCacheBehavior: HTTPS_DEFAULT },
    });
    const run = runRule(rule, distribution, configDefaults(rule));
    const [judgement] = run.applicable ? run.judgements : [];
    return { message: judgement.message, remediation: judgement.remediation };
  }

  const WEBSITE = "the origin is an S3 website endpoint, which serves HTTP only";
  const REST_FIX = "set the origin's domain_name to the bucket's bucket_regional_domain_name";

  test("a website endpoint host name, in its dash or dot form, gets the REST endpoint fix, not the impossible https-only one", () => {
    for (const host of ["site.s3-website-us-east-1.amazonaws.com", "site.s3-website.eu-central-1.amazonaws.com", "site.s3-website.cn-north-1.amazonaws.com.cn"]) {
      const { message, remediation } = originFinding(host);
      expect(message).toContain(WEBSITE);
      expect(remediation).toContain(REST_FIX);
      expect(remediation).not.toContain('"https-only"');
    }
  });

  test("other hosts keep the https-only fix: a bucket's REST endpoint, any other server", () => {
    for (const host of ["site.s3.us-east-1.amazonaws.com", "origin.example.com", "s3-website-us-east-1.example.com"]) {
      const { message, remediation } = originFinding(host);
      expect(message).not.toContain(WEBSITE);
      expect(remediation).toContain('origin_protocol_policy to "https-only"');
    }
  });

  test("a website_endpoint read from the stack is told, in HCL and CDKTF, and the fix names the program's own names", () => {
    const fixtures = join(__dirname, "../../fixtures/terraform/rules/aws-cloudfront-viewer-https");
    for (const [path, domainName] of [[join(fixtures, "main.tf"), "domain_name"], [join(fixtures, "cdktf"), "domainName"]]) {
      const { report } = checkPaths({ paths: [path], commandLineVariables: [], today: "2026-01-01", profile: "platform" });
      const onWebsite = report.findings.filter((finding) => finding.ruleId === "PR-SEC-007" && finding.resource.name === "fail_s3_website_origin");
      expect(onWebsite.map((finding) => [finding.message, finding.remediation])).toEqual([[expect.stringContaining(WEBSITE), expect.stringContaining(`set the origin's ${domainName} to`)]]);
    }
  });
});
