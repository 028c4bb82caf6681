import { containsUnknown, isUnknown, UNKNOWN, type Resource, type Unknown } from "../../../model/resource";
import { eachCustomOrigin } from "../../cloudfront";
import { argumentValue, expectValue, items, join, strongest, type Item, type Reference } from "../../read";
import { resourceRule, undecided, violation, type Verdict } from "../../rule";
import { fixOf, resourceType, withFixOf, type Fix } from "../../fixes";
import { isWebsiteEndpoint, THROUGH_REST_ENDPOINT } from "../../s3";

const HTTPS_POLICIES = ["redirect-to-https", "https-only"];

const ORIGIN_FIX = fixOf('Set the custom origin\'s origin_protocol_policy to "https-only" and serve HTTPS on the origin.', []);

/** The fix for an origin that is an S3 website endpoint, which cannot be reached over HTTPS whatever the policy says. */
function websiteOriginFix(resource: Resource): Fix {
  const control = resourceType(resource.engine, "aws:cloudfront/originAccessControl:OriginAccessControl");
  return fixOf(
    `The website endpoint cannot serve HTTPS, so ${THROUGH_REST_ENDPOINT} instead: set the origin's domain_name to the bucket's bucket_regional_domain_name, replace its custom_origin_config with an origin_access_control_id (${control}), and let the bucket policy grant CloudFront read access.`,
    ["origin.domain_name", "origin.custom_origin_config", "origin.origin_access_control_id"],
  );
}

/**
 * HTTPS from the viewer ends at the edge unless CloudFront also fetches from the origin over HTTPS: a custom origin on
 * "http-only" always gets plain HTTP, and one on "match-viewer" gets it for the viewers a behaviour sending requests
 * to it lets in over HTTP.
 */
function customOriginVerdicts(resource: Resource, behaviours: Item[] | Unknown): Verdict[] {
  return eachCustomOrigin(resource, (config, origin) => {
    const policyPath = join(config.path, "origin_protocol_policy");
    const policy = argumentValue(resource, policyPath);
    if (containsUnknown(policy)) return [undecided(policyPath)];
    const plainHttp = (message: string): Verdict[] => {
      const domainPath = join(origin.path, "domain_name");
      if (!isWebsiteEndpoint(resource, domainPath, argumentValue(resource, domainPath))) return [withFixOf(violation(policyPath, message), ORIGIN_FIX)];
      return [withFixOf(violation(policyPath, `${message}; the origin is an S3 website endpoint, which serves HTTP only`), websiteOriginFix(resource))];
    };
    if (policy === "http-only") return plainHttp("CloudFront fetches from this custom origin over plain HTTP (origin_protocol_policy is http-only)");
    if (policy !== "match-viewer") return [];
    switch (sendsPlainViewers(resource, behaviours, argumentValue(resource, join(origin.path, "origin_id")))) {
      case "yes":
        return plainHttp("CloudFront fetches from this custom origin over plain HTTP for viewers that use it: origin_protocol_policy is match-viewer and a cache behaviour sending requests here allows HTTP");
      case "unknown":
        return [undecided(policyPath, "origin_protocol_policy is match-viewer, and whether a cache behaviour sending requests to this origin allows plain HTTP is not known")];
      default:
        return [];
    }
  });
}

/** Whether a cache behaviour with target origin `originId` lets viewers in over plain HTTP ("allow-all"). */
function sendsPlainViewers(resource: Resource, behaviours: Item[] | Unknown, originId: unknown): Reference {
  if (isUnknown(behaviours)) return "unknown";
  return strongest(
    behaviours.map((behaviour) => {
      const target = argumentValue(resource, join(behaviour.path, "target_origin_id"));
      const viewerPolicy = argumentValue(resource, join(behaviour.path, "viewer_protocol_policy"));
      const known = !containsUnknown(target) && !containsUnknown(originId);
      if (known && target !== originId) return "no";
      if (!containsUnknown(viewerPolicy)) {
        if (viewerPolicy !== "allow-all") return "no";
        if (known) return "yes";
      }
      return "unknown";
    }),
  );
}

export default resourceRule({
  id: "PR-SEC-007",
  slug: "aws-cloudfront-viewer-https",
  title: "CloudFront distributions require HTTPS from viewers and to custom origins",
  checklist: "3.2.3",
  severity: "high",
  description:
    "A cache behaviour with `viewer_protocol_policy = \"allow-all\"` serves its paths over plain HTTP, where pages " +
    "can be read and altered in transit and cookies leak. Every behaviour, the default one and each ordered one, " +
    "must redirect HTTP to HTTPS or refuse it. CloudFront must then fetch over HTTPS too, or the request crosses to " +
    "the origin in plaintext: a custom origin on `origin_protocol_policy = \"http-only\"` always gets plain HTTP, and " +
    "one on `\"match-viewer\"` gets it from every behaviour that allows HTTP. S3 and VPC origins are not concerned.",
  remediation:
    "Set `viewer_protocol_policy = \"redirect-to-https\"` (or `\"https-only\"` for APIs) in `default_cache_behavior` and " +
    "every `ordered_cache_behavior` (Pulumi: `viewerProtocolPolicy` in `defaultCacheBehavior` and `orderedCacheBehaviors`), " +
    "and `origin_protocol_policy = \"https-only\"` in each origin's `custom_origin_config` (Pulumi: `originProtocolPolicy` " +
    "in `origins[].customOriginConfig`). An S3 website endpoint serves HTTP only: serve such a bucket from its REST " +
    "endpoint (`bucket_regional_domain_name`) with origin access control (`origin_access_control_id`) instead.",
  fix: () =>
    fixOf(
      'Set viewer_protocol_policy to "redirect-to-https" (or "https-only" for APIs) in default_cache_behavior and in each entry of ordered_cache_behavior.',
      ["default_cache_behavior.viewer_protocol_policy", "ordered_cache_behavior.viewer_protocol_policy"],
    ),
  links: [
    "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html",
    "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-cloudfront-to-custom-origin.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution#viewer_protocol_policy",
    "https://www.pulumi.com/registry/packages/aws/api-docs/cloudfront/distribution/",
  ],
  kinds: ["aws_cloudfront_distribution"],
  config: {},
  check(resource) {
    const verdicts: Verdict[] = [];
    const allBehaviours: Item[] = [];
    let behavioursKnown = true;
    for (const name of ["default_cache_behavior", "ordered_cache_behavior"]) {
      const behaviours = items(resource.props, name);
      if (isUnknown(behaviours)) {
        verdicts.push(undecided(name));
        behavioursKnown = false;
        continue;
      }
      allBehaviours.push(...behaviours);
      for (const behaviour of behaviours) {
        verdicts.push(
          ...expectValue(
            resource,
            join(behaviour.path, "viewer_protocol_policy"),
            (policy) => HTTPS_POLICIES.includes(policy as string),
            "the cache behaviour serves viewers over plain HTTP (viewer_protocol_policy is not redirect-to-https or https-only)",
          ),
        );
      }
    }
    verdicts.push(...customOriginVerdicts(resource, behavioursKnown ? allBehaviours : UNKNOWN));
    return verdicts;
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "the default behaviour allows plain HTTP",
          resources: [
            {
              type: "aws:cloudfront/distribution:Distribution",
              name: "fail_allow_all",
              props: { enabled: true, defaultCacheBehavior: { targetOriginId: "app", viewerProtocolPolicy: "allow-all" } },
            },
          ],
        },
        {
          description: "an ordered behaviour allows plain HTTP",
          resources: [
            {
              type: "aws:cloudfront/distribution:Distribution",
              name: "fail_ordered",
              props: {
                enabled: true,
                defaultCacheBehavior: { targetOriginId: "app", viewerProtocolPolicy: "redirect-to-https" },
                orderedCacheBehaviors: [{ pathPattern: "/legacy/*", targetOriginId: "app", viewerProtocolPolicy: "allow-all" }],
              },
            },
          ],
        },
        {
          description: "viewers use HTTPS, but CloudFront fetches from the custom origin over plain HTTP",
          resources: [
            {
              type: "aws:cloudfront/distribution:Distribution",
              name: "fail_origin_http_only",
              props: {
                enabled: true,
                origins: [{ originId: "app", domainName: "origin.example.com", customOriginConfig: { httpPort: 80, httpsPort: 443, originProtocolPolicy: "http-only", originSslProtocols: ["TLSv1.2"] } }],
                defaultCacheBehavior: { targetOriginId: "app", viewerProtocolPolicy: "redirect-to-https" },
              },
            },
          ],
        },
      ],
      pass: [
        {
          description: "every behaviour redirects to HTTPS or requires it",
          resources: [
            {
              type: "aws:cloudfront/distribution:Distribution",
              name: "pass_https",
              props: {
                enabled: true,
                defaultCacheBehavior: { targetOriginId: "app", viewerProtocolPolicy: "redirect-to-https" },
                orderedCacheBehaviors: [{ pathPattern: "/api/*", targetOriginId: "api", viewerProtocolPolicy: "https-only" }],
              },
            },
          ],
        },
      ],
    },
  },
});
