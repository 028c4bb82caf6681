import { isUnknown } from "../../../model/resource";
import { expectValue, items, join } from "../../read";
import { resourceRule, undecided, type Verdict } from "../../rule";
import { fixOf } from "../../fixes";

const HTTPS_POLICIES = ["redirect-to-https", "https-only"];

export default resourceRule({
  id: "PR-SEC-007",
  slug: "aws-cloudfront-viewer-https",
  title: "CloudFront cache behaviours require HTTPS from viewers",
  checklist: "3.2.3",
  severity: "high",
  description:
    "A cache behaviour with `viewer_protocol_policy = \"allow-all\"` serves its paths over plain HTTP, where pages " +
    "can be read and altered in transit and cookies leak. Every behaviour, the default one and each ordered one, " +
    "must redirect HTTP to HTTPS or refuse it.",
  remediation:
    "Set `viewer_protocol_policy = \"redirect-to-https\"` (or `\"https-only\"` for APIs) in `default_cache_behavior` and " +
    "every `ordered_cache_behavior` (Pulumi: `viewerProtocolPolicy` in `defaultCacheBehavior` and `orderedCacheBehaviors`).",
  fix: () =>
    fixOf(
      'Set viewer_protocol_policy to "redirect-to-https" (or "https-only" for APIs) in default_cache_behavior and in each entry of ordered_cache_behavior.',
      ["default_cache_behavior.viewer_protocol_policy", "ordered_cache_behavior.viewer_protocol_policy"],
    ),
  links: [
    "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/using-https-viewers-to-cloudfront.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudfront_distribution#viewer_protocol_policy",
    "https://www.pulumi.com/registry/packages/aws/api-docs/cloudfront/distribution/",
  ],
  kinds: ["aws_cloudfront_distribution"],
  config: {},
  check(resource) {
    const verdicts: Verdict[] = [];
    for (const name of ["default_cache_behavior", "ordered_cache_behavior"]) {
      const behaviours = items(resource.props, name);
      if (isUnknown(behaviours)) {
        verdicts.push(undecided(name));
        continue;
      }
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
