import { isUnknown, valueAt, type Resource } from "../../../model/resource";
import { accountUntold, Attachments, type Candidate, expectTrue, forAccountOf, metByAny, referenceAt } from "../../read";
import { notApplicable, stackRule } from "../../rule";
import { fixOf, resourceType } from "../../fixes";

const FLAGS = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];

function judgeFlags(resource: Resource) {
  return FLAGS.flatMap((flag) => expectTrue(resource, flag, `${flag} is not true`));
}

export default stackRule({
  id: "PR-SEC-016",
  slug: "aws-s3-bucket-public-access-block",
  title: "S3 buckets block every kind of public access",
  checklist: "3.1.1",
  severity: "high",
  description:
    "One public ACL or one bucket policy statement with Principal \"*\" is enough to publish a bucket's objects. " +
    "S3 Block Public Access overrides both. AWS turns all four settings on for buckets created since April 2023, " +
    "but a default is not a decision: declared settings are reviewed, survive console edits as drift, and cover " +
    "buckets created before 2023. So each bucket needs a public access block with all four flags true, or the " +
    "account-wide one of its account, which holds in every region: the account its `account_id` names, else its " +
    "provider configuration's. Where that cannot be told to be the bucket's account (a provider configuration with " +
    "credentials of its own, an `account_id` the bucket's configuration does not name), the bucket is undecided.",
  remediation:
    "Add an `aws_s3_bucket_public_access_block` for the bucket (Pulumi: `aws.s3.BucketPublicAccessBlock`) with " +
    "`block_public_acls`, `block_public_policy`, `ignore_public_acls` and `restrict_public_buckets` all `true` " +
    "(Pulumi: `blockPublicAcls`, `blockPublicPolicy`, `ignorePublicAcls`, `restrictPublicBuckets`), or the same " +
    "four on `aws_s3_account_public_access_block`. Serve public content through CloudFront with origin access control.",
  fix: (resource) => {
    const settings = "block_public_acls, block_public_policy, ignore_public_acls and restrict_public_buckets";
    const names = ["block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"];
    if (resource.kind !== "aws_s3_bucket") return fixOf(`Set ${settings} all to true.`, names);
    return fixOf(`Add a public access block for the bucket (${resourceType(resource.engine, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")}) with ${settings} all true, and serve public content through CloudFront with origin access control.`, names);
  },
  links: [
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_public_access_block",
    "https://www.pulumi.com/registry/packages/aws/api-docs/s3/bucketpublicaccessblock/",
  ],
  kinds: ["aws_s3_bucket", "aws_s3_bucket_public_access_block", "aws_s3_account_public_access_block"],
  config: {},
  check(resources) {
    const buckets = resources.filter((resource) => resource.kind === "aws_s3_bucket");
    if (buckets.length === 0) return notApplicable("no S3 buckets in the stack");
    const blocks = resources.filter((resource) => resource.kind === "aws_s3_bucket_public_access_block");
    // The account-wide block covers every bucket of its account, in every region, when it is complete; an incomplete
    // one is the account's own problem.
    const accountBlocks = resources
      .filter((resource) => resource.kind === "aws_s3_account_public_access_block")
      .map((resource) => ({ resource, verdicts: judgeFlags(resource) }))
      .filter((candidate) => candidate.verdicts.every((verdict) => verdict.outcome === "undecided"));
    const attached = new Attachments(blocks, referenceAt("bucket"), buckets, ["bucket", "id"]);
    const judged = new Map(blocks.map((block) => [block, judgeFlags(block)]));
    return buckets.flatMap((bucket) => {
      const candidates: Candidate[] = attached.of(bucket).map(({ holder, applies, untold }) => ({ resource: holder, applies, verdicts: judged.get(holder)!, mayApplyBecause: untold }));
      const forBucketAccount = accountBlocks.map(({ resource, verdicts }): Candidate => {
        const named = valueAt(resource.props, "account_id");
        const applies = forAccountOf(resource, named, bucket);
        if (applies !== "unknown" || isUnknown(named)) return { resource, applies, verdicts };
        const mayApplyBecause =
          typeof named === "string" && named !== ""
            ? `whether account ${named}, which the account_id of ${resource.address} names, is the account of ${bucket.address} cannot be told: its provider configuration names no account`
            : accountUntold(resource, bucket);
        return { resource, applies, verdicts, mayApplyBecause };
      });
      return metByAny(bucket, [...candidates, ...forBucketAccount], "the bucket has no public access block with all four settings on");
    });
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a bucket without a public access block",
          resources: [{ type: "aws:s3/bucket:Bucket", name: "fail_uploads", props: { bucket: "fail-uploads" } }],
        },
        {
          description: "a public access block that still honours bucket policies",
          resources: [
            { type: "aws:s3/bucket:Bucket", name: "fail_media", props: { bucket: "fail-media" } },
            {
              type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
              name: "fail_media_block",
              props: { bucket: "fail-media", blockPublicAcls: true, blockPublicPolicy: false, ignorePublicAcls: true, restrictPublicBuckets: false },
            },
          ],
        },
      ],
      pass: [
        {
          description: "a bucket with all four settings on",
          resources: [
            { type: "aws:s3/bucket:Bucket", name: "pass_uploads", props: { bucket: "pass-uploads" } },
            {
              type: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
              name: "pass_uploads_block",
              props: { bucket: "pass-uploads", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            },
          ],
        },
        {
          description: "buckets covered by the account-wide block",
          resources: [
            { type: "aws:s3/bucket:Bucket", name: "pass_reports", props: { bucket: "pass-reports" } },
            {
              type: "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock",
              name: "pass_account_block",
              props: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
            },
          ],
        },
      ],
    },
  },
});
