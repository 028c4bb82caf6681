import { containsUnknown, valueAt, type Resource } from "../../../model/resource";
import { attachedTo, metByAny, parseJsonProperty, type Candidate } from "../../read";
import { notApplicable, stackRule, undecided, violation, type Verdict } from "../../rule";

/** Reads a policy field whatever its case: condition keys are case-insensitive, and hand-written policies vary. */
function field(value: unknown, name: string): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const wanted = name.toLowerCase();
  return Object.entries(value).find(([key]) => key.toLowerCase() === wanted)?.[1];
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

function isFalse(value: unknown): boolean {
  return list(value).some((entry) => entry === false || (typeof entry === "string" && entry.toLowerCase() === "false"));
}

/** `Deny` for everyone, on every S3 action, when `aws:SecureTransport` is false. */
function deniesInsecureTransport(statement: unknown): boolean {
  if (field(statement, "Effect") !== "Deny") return false;
  const principal = field(statement, "Principal");
  const everyone = principal === "*" || list(field(principal, "AWS")).includes("*");
  const everyAction = list(field(statement, "Action")).some((action) => action === "*" || action === "s3:*");
  const condition = field(statement, "Condition");
  const insecure = ["Bool", "BoolIfExists"].some((operator) => isFalse(field(field(condition, operator), "aws:SecureTransport")));
  return everyone && everyAction && insecure;
}

function judgePolicy(resource: Resource): Verdict[] {
  const document = parseJsonProperty(valueAt(resource.props, "policy"));
  if (containsUnknown(document)) return [undecided("policy")];
  if (list(field(document, "Statement")).some(deniesInsecureTransport)) return [];
  return [violation("policy", "the bucket policy has no statement denying requests without TLS (aws:SecureTransport false)")];
}

export default stackRule({
  id: "PR-SEC-008",
  slug: "aws-s3-bucket-policy-deny-insecure-transport",
  title: "S3 bucket policies refuse requests without TLS",
  checklist: "3.2.3",
  severity: "medium",
  description:
    "S3 answers plain-HTTP requests unless the bucket policy forbids them, so a misconfigured client or SDK can " +
    "read and write objects unencrypted on the wire. A Deny statement for every principal and action when " +
    "aws:SecureTransport is false makes HTTPS the only way in.",
  remediation:
    "Attach an `aws_s3_bucket_policy` (Pulumi: `aws.s3.BucketPolicy`) with a statement `{ Effect: \"Deny\", Principal: \"*\", " +
    "Action: \"s3:*\", Resource: [bucket ARN, bucket ARN + \"/*\"], Condition: { Bool: { \"aws:SecureTransport\": \"false\" } } }`.",
  links: [
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit",
    "https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_policy",
    "https://www.pulumi.com/registry/packages/aws/api-docs/s3/bucketpolicy/",
  ],
  kinds: ["aws_s3_bucket", "aws_s3_bucket_policy"],
  config: {},
  check(resources) {
    const buckets = resources.filter((resource) => resource.kind === "aws_s3_bucket");
    if (buckets.length === 0) return notApplicable("no S3 buckets in the stack");
    const policies = resources.filter((resource) => resource.kind === "aws_s3_bucket_policy");
    return buckets.flatMap((bucket) => {
      const candidates: Candidate[] = policies.map((policy) => ({
        resource: policy,
        applies: attachedTo(valueAt(policy.props, "bucket"), policy, bucket, buckets, ["bucket", "id"]),
        verdicts: judgePolicy(policy),
      }));
      // The bucket's own (deprecated) inline policy counts as well.
      if (valueAt(bucket.props, "policy") !== undefined) candidates.push({ resource: bucket, applies: "yes", verdicts: judgePolicy(bucket) });
      return metByAny(bucket, candidates, "no bucket policy denies requests without TLS (aws:SecureTransport false)");
    });
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a bucket without any policy",
          resources: [{ type: "aws:s3/bucket:Bucket", name: "fail_assets", props: { bucket: "fail-assets" } }],
        },
        {
          description: "a bucket policy that only grants read access",
          resources: [
            { type: "aws:s3/bucket:Bucket", name: "fail_site", props: { bucket: "fail-site" } },
            {
              type: "aws:s3/bucketPolicy:BucketPolicy",
              name: "fail_site_policy",
              props: {
                bucket: "fail-site",
                policy: JSON.stringify({
                  Version: "2012-10-17",
                  Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:role/app" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::fail-site/*" }],
                }),
              },
            },
          ],
        },
      ],
      pass: [
        {
          description: "a bucket whose policy denies every request without TLS",
          resources: [
            { type: "aws:s3/bucket:Bucket", name: "pass_assets", props: { bucket: "pass-assets" } },
            {
              type: "aws:s3/bucketPolicy:BucketPolicy",
              name: "pass_assets_policy",
              props: {
                bucket: "pass-assets",
                policy: JSON.stringify({
                  Version: "2012-10-17",
                  Statement: [
                    {
                      Sid: "DenyInsecureTransport",
                      Effect: "Deny",
                      Principal: "*",
                      Action: "s3:*",
                      Resource: ["arn:aws:s3:::pass-assets", "arn:aws:s3:::pass-assets/*"],
                      Condition: { Bool: { "aws:SecureTransport": "false" } },
                    },
                  ],
                }),
              },
            },
          ],
        },
      ],
    },
  },
});
