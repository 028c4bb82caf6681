import { isUnknown, type PropertyPath, type Resource } from "../../../model/resource";
import { Attachments, block, type Candidate, expectSet, expectValue, items, join, metByAny, referenceAt, undecidedBlock, writtenBlock } from "../../read";
import { notApplicable, stackRule, undecided, violation, type Verdict } from "../../rule";
import { fixOf, resourceType, withFixOf, type Fix } from "../../fixes";
import { THROUGH_REST_ENDPOINT, websiteBuckets } from "../../s3";

const KMS_ALGORITHMS = ["aws:kms", "aws:kms:dsse"];

const KMS_RULE = 'a default encryption rule (apply_server_side_encryption_by_default) with sse_algorithm "aws:kms" and a kms_master_key_id, and bucket_key_enabled true';
const KMS_NAMES = ["rule.apply_server_side_encryption_by_default.sse_algorithm", "rule.apply_server_side_encryption_by_default.kms_master_key_id", "rule.bucket_key_enabled"];
const KMS_ENCRYPTION = fixOf(`${KMS_RULE} (or "AES256" where SSE-S3 is enough)`, KMS_NAMES);

/**
 * A website endpoint serves anonymous requests, which cannot read objects encrypted with a KMS key, so a bucket
 * served as a static website is told to use SSE-S3, or, where a KMS key is required, to be served otherwise first.
 */
const WEBSITE_ENCRYPTION = fixOf(
  "a default encryption rule (apply_server_side_encryption_by_default) with sse_algorithm \"AES256\": the bucket serves a static website, whose endpoint cannot serve objects encrypted with a KMS key",
  ["rule.apply_server_side_encryption_by_default.sse_algorithm"],
);
const WEBSITE_KMS_ENCRYPTION = fixOf(`${KMS_RULE}, once the bucket no longer serves a static website, whose endpoint cannot serve objects encrypted with a KMS key: ${THROUGH_REST_ENDPOINT} instead`, KMS_NAMES);

/** The fix for `resource` (a bucket, or its encryption configuration) that gives it `encryption`. */
function encryptionFix(resource: Resource, { remediation, names }: Fix): Fix {
  if (resource.kind !== "aws_s3_bucket") return fixOf(`Give the configuration ${remediation}.`, names);
  return fixOf(`Add a server-side encryption configuration for the bucket (${resourceType(resource.engine, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")}) with ${remediation}.`, names);
}

/** The default-encryption rules of a configuration at `path` (the bucket's inline block, or a whole resource when ""). */
function judgeConfiguration(resource: Resource, path: PropertyPath, requireKms: boolean): Verdict[] {
  const rules = items(resource.props, join(path, "rule"));
  if (isUnknown(rules)) return [undecided(join(path, "rule"))];
  if (rules.length === 0) return [violation(join(path, "rule"), "the encryption configuration has no default encryption rule")];
  return rules.flatMap((rule) => {
    const byDefault = block(rule.value, "apply_server_side_encryption_by_default");
    if (isUnknown(byDefault)) return [undecided(join(rule.path, "apply_server_side_encryption_by_default"))];
    // Block paths are relative to the rule they were read from.
    const algorithmPath = join(join(rule.path, byDefault?.path ?? "apply_server_side_encryption_by_default"), "sse_algorithm");
    return requireKms
      ? expectValue(resource, algorithmPath, (algorithm) => KMS_ALGORITHMS.includes(algorithm as string), "default encryption does not use a KMS key (aws:kms or aws:kms:dsse)")
      : expectSet(resource, algorithmPath, "default encryption names no sse_algorithm");
  });
}

export default stackRule({
  id: "PR-SEC-009",
  slug: "aws-s3-bucket-encryption",
  title: "S3 buckets declare their default encryption",
  checklist: "3.1.1",
  severity: "low",
  description:
    "Since January 2023 S3 encrypts every new object with SSE-S3 and that baseline cannot be turned off, so a " +
    "bucket without configuration is not unencrypted. The rule asks for the choice to be written down: the " +
    "declared algorithm is what reviewers and auditors read, and choosing SSE-KMS (with `requireKms`) adds key " +
    "policies, CloudTrail records of every decryption, and the ability to revoke access by disabling the key. " +
    "Low severity, because the data is encrypted either way.",
  remediation:
    "Add an `aws_s3_bucket_server_side_encryption_configuration` (Pulumi: `aws.s3.BucketServerSideEncryptionConfiguration`) " +
    "with `rule { apply_server_side_encryption_by_default { sse_algorithm = \"aws:kms\", kms_master_key_id = ... } " +
    "bucket_key_enabled = true }` (Pulumi: `rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: \"aws:kms\" }, " +
    "bucketKeyEnabled: true }]`), or `AES256` where SSE-S3 is enough. A bucket served as a static website takes " +
    "`AES256`: its website endpoint cannot serve objects encrypted with a KMS key.",
  fix: (resource) => encryptionFix(resource, KMS_ENCRYPTION),
  links: [
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/default-encryption-faq.html",
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucket-encryption.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_server_side_encryption_configuration",
    "https://www.pulumi.com/registry/packages/aws/api-docs/s3/bucketserversideencryptionconfiguration/",
  ],
  kinds: ["aws_s3_bucket", "aws_s3_bucket_server_side_encryption_configuration", "aws_s3_bucket_website_configuration"],
  config: {
    requireKms: { type: "boolean", default: false, description: "Require SSE-KMS (aws:kms or aws:kms:dsse) rather than any declared algorithm." },
  },
  check(resources, config) {
    const buckets = resources.filter((resource) => resource.kind === "aws_s3_bucket");
    if (buckets.length === 0) return notApplicable("no S3 buckets in the stack");
    const configurations = resources.filter((resource) => resource.kind === "aws_s3_bucket_server_side_encryption_configuration");
    const attached = new Attachments(configurations, referenceAt("bucket"), buckets, ["bucket", "id"]);
    const judged = new Map(configurations.map((configuration) => [configuration, judgeConfiguration(configuration, "", config.requireKms)]));
    const websites = websiteBuckets(resources, buckets);
    return buckets.flatMap((bucket) => {
      const candidates: Candidate[] = attached.of(bucket).map(({ holder, applies, untold }) => ({ resource: holder, applies, verdicts: judged.get(holder)!, mayApplyBecause: untold }));
      // The bucket's own (deprecated) inline configuration counts as well, where it is written: a plan's `after`
      // holds what the provider read back from S3, which encrypts every bucket by default.
      const inlineWritten = writtenBlock(bucket, "server_side_encryption_configuration");
      const inline = inlineWritten === "no" ? undefined : block(bucket.props, "server_side_encryption_configuration");
      if (isUnknown(inline)) candidates.push({ resource: bucket, applies: "yes", verdicts: [undecidedBlock(bucket, "server_side_encryption_configuration")] });
      else if (inline !== undefined) {
        const verdicts = judgeConfiguration(bucket, inline.path, config.requireKms);
        const mayApplyBecause = "the bucket's inline encryption configuration may be written as a `dynamic` block, which a plan does not show, or be what the provider read back from S3";
        candidates.push({ resource: bucket, applies: inlineWritten, verdicts, ...(inlineWritten === "unknown" ? { mayApplyBecause } : {}) });
      }
      const verdicts = metByAny(bucket, candidates, "the bucket declares no default encryption configuration");
      if (!websites.has(bucket)) return verdicts;
      const encryption = config.requireKms ? WEBSITE_KMS_ENCRYPTION : WEBSITE_ENCRYPTION;
      return verdicts.map((verdict) => withFixOf(verdict, encryptionFix(verdict.address === bucket.address ? bucket : configurations.find((configuration) => configuration.address === verdict.address) ?? bucket, encryption)));
    });
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a bucket that leaves encryption to the S3 default",
          resources: [{ type: "aws:s3/bucket:Bucket", name: "fail_exports", props: { bucket: "fail-exports" } }],
        },
        {
          description: "SSE-S3 where the team requires a KMS key",
          config: { requireKms: true },
          resources: [
            { type: "aws:s3/bucket:Bucket", name: "fail_ledger", props: { bucket: "fail-ledger" } },
            {
              type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
              name: "fail_ledger_sse",
              props: { bucket: "fail-ledger", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] },
            },
          ],
        },
      ],
      pass: [
        {
          description: "a separate configuration with a KMS key",
          config: { requireKms: true },
          resources: [
            { type: "aws:s3/bucket:Bucket", name: "pass_exports", props: { bucket: "pass-exports" } },
            {
              type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
              name: "pass_exports_sse",
              props: {
                bucket: "pass-exports",
                rules: [
                  {
                    applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
                    bucketKeyEnabled: true,
                  },
                ],
              },
            },
          ],
        },
        {
          description: "an inline configuration on the bucket",
          resources: [
            {
              type: "aws:s3/bucket:Bucket",
              name: "pass_inline",
              props: { bucket: "pass-inline", serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } } } },
            },
          ],
        },
      ],
    },
  },
});
