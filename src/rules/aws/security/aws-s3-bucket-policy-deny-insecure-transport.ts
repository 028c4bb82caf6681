import { isUnknown, PartialString, UNKNOWN, UNKNOWN_IDENTIFIER, valueAt, type Resource, type Unknown } from "../../../model/resource";
import { argumentValue, Attachments, type Candidate, metByAny, type Reference, referenceAt, referenceText, strongest, verdictsFor, weakest } from "../../read";
import { anyEntry, entriesIn, field, matchesWildcard, policyStatements } from "../../policies";
import { notApplicable, stackRule } from "../../rule";
import { fixOf, resourceType, withFixOf, type Fix } from "../../fixes";
import { THROUGH_REST_ENDPOINT, websiteBuckets } from "../../s3";

function isFalse(entry: unknown): boolean {
  return entry === false || (typeof entry === "string" && entry.toLowerCase() === "false");
}

/** Whether an IAM resource pattern matches `arn` (without its partition), ignoring the pattern's partition. */
function matchesResource(pattern: string, arn: string): boolean {
  return matchesWildcard(withoutPartition(pattern), arn);
}

function withoutPartition(arn: string): string {
  return arn.replace(/^arn:aws[\w-]*:/, "arn:aws:");
}

/** The bucket's ARN: its own `arn` where the engine has it, otherwise derived from its name; unknown without either. */
function bucketArn(bucket: Resource): string | Unknown {
  const arn = valueAt(bucket.props, "arn");
  if (typeof arn === "string" && arn !== "") return arn;
  return arnOfBucketNamed(valueAt(bucket.props, "bucket"));
}

/** The ARN of the bucket called `name`; unknown while the name is. */
function arnOfBucketNamed(name: unknown): string | Unknown {
  return typeof name === "string" && name !== "" ? `arn:aws:s3:::${name}` : UNKNOWN;
}

/** The ARN of the bucket a policy is written for, read from its `bucket` as `Attachments` reads it to find the bucket. */
function arnOfPolicyBucket(policy: Resource): string | Unknown {
  return arnOfBucketNamed(referenceText(valueAt(policy.props, "bucket")));
}

/**
 * An ARN written around an unknown partition alone (`arn:${data.aws_partition.current.partition}:s3:::logs/*`), as
 * the ARN it is in any partition: the rule ignores partitions.
 */
function partitionFilled(entry: unknown): unknown {
  return entry instanceof PartialString && entry.prefix === "arn:" && entry.inner.length === 0 && entry.suffix.startsWith(":s3:::") ? `arn:aws${entry.suffix}` : entry;
}

/**
 * Whether a `Resource` entry may name a bucket itself, whatever the bucket's name: an ARN with a `/` in it names
 * objects, never a bucket, whose name holds none (`"${aws_s3_bucket.b.arn}/*"`).
 */
function mayNameABucket(entry: unknown): boolean {
  if (entry instanceof PartialString) return ![entry.prefix, entry.suffix, ...entry.inner].some((known) => known.includes("/"));
  return typeof entry !== "string" || !entry.includes("/");
}

/** Whether a statement's `Resource` covers the bucket itself and every object in it. */
function coversBucket(written: unknown, arn: string | Unknown): Reference {
  const resources = entriesIn(written).map(partitionFilled);
  if (isUnknown(arn)) {
    if (anyEntry(resources, (entry) => typeof entry === "string" && matchesResource(entry, "arn:aws:s3:::*")) === "yes") return "yes";
    // S3 refuses a bucket policy that names anything but its bucket and the bucket's objects, so an ARN known only
    // after deployment can only be the bucket's own (a generated name), and that ARN followed by `/*` all its objects.
    const itself = resources.includes(UNKNOWN_IDENTIFIER);
    const objects = resources.some((entry) => entry instanceof PartialString && entry.prefix === "" && entry.suffix === "/*");
    if (itself && objects) return "yes";
    return resources.some(mayNameABucket) ? "unknown" : "no";
  }
  const known = withoutPartition(arn);
  return weakest([known, `${known}/*`].map((target) => anyEntry(resources, (entry) => typeof entry === "string" && matchesResource(entry, target))));
}

/** How a statement, or a policy, denies requests without TLS to a bucket; `narrowedBy` where other conditions alone keep it from that. */
interface Denial {
  answer: Reference;
  /** The statement's other conditions, as `<operator> <key>`, where it would deny requests without TLS but for them. */
  narrowedBy?: readonly string[];
}

/** Denials without narrowing conditions, shared: the rule answers for every statement and bucket. */
const DENIAL: Readonly<Record<Reference, Denial>> = { yes: { answer: "yes" }, no: { answer: "no" }, unknown: { answer: "unknown" } };

/** Whether a condition operator and key are the TLS condition's: `aws:SecureTransport` under `Bool` or `BoolIfExists`. */
function isSecureTransport(operator: string, key: string): boolean {
  const lowered = operator.toLowerCase();
  return (lowered === "bool" || lowered === "boolifexists") && key.toLowerCase() === "aws:securetransport";
}

/**
 * A statement's conditions other than `aws:SecureTransport` false, as `<operator> <key>`. IAM requires all of a
 * statement's operators, and all keys under each, to hold, so any of them narrows a deny to the requests that also
 * match it. Unknown where an operator's keys or such a key's values are not known (the condition may hold for every
 * request).
 */
function otherConditions(condition: unknown): readonly string[] | Unknown {
  if (isUnknown(condition)) return UNKNOWN;
  if (condition === null || typeof condition !== "object" || Array.isArray(condition)) return [];
  const others: string[] = [];
  for (const [operator, keys] of Object.entries(condition)) {
    if (isUnknown(keys)) return UNKNOWN;
    if (keys === null || typeof keys !== "object" || Array.isArray(keys)) continue;
    for (const [key, values] of Object.entries(keys)) {
      // Any of a key's values may match, so `aws:SecureTransport` listing false among others still holds without TLS.
      const holdsWithoutTls = isSecureTransport(operator, key) ? anyEntry(values, isFalse) : entriesIn(values).some(isUnknown) ? "unknown" : "no";
      if (holdsWithoutTls === "unknown") return UNKNOWN;
      if (holdsWithoutTls === "no") others.push(`${operator} ${key}`);
    }
  }
  return others;
}

/**
 * `Deny` for everyone, on every S3 action, on the bucket and all its objects, when `aws:SecureTransport` is false and
 * on no other condition.
 */
function deniesInsecureTransport(statement: unknown, arn: string | Unknown): Denial {
  const effect = field(statement, "Effect");
  const principal = field(statement, "Principal");
  const condition = field(statement, "Condition");
  const denies = weakest([
    isUnknown(effect) ? "unknown" : effect === "Deny" ? "yes" : "no",
    strongest([anyEntry(principal, (entry) => entry === "*"), anyEntry(field(principal, "AWS"), (entry) => entry === "*")]),
    anyEntry(field(statement, "Action"), (action) => action === "*" || action === "s3:*"),
    coversBucket(field(statement, "Resource"), arn),
    strongest(["Bool", "BoolIfExists"].map((operator) => anyEntry(field(field(condition, operator), "aws:SecureTransport"), isFalse))),
  ]);
  if (denies === "no") return DENIAL.no;
  const others = otherConditions(condition);
  if (isUnknown(others)) return DENIAL.unknown;
  if (others.length === 0) return DENIAL[denies];
  return denies === "yes" ? { answer: "no", narrowedBy: others } : DENIAL.no;
}

/**
 * Whether some statement of a policy document denies requests without TLS to the bucket whose ARN is `arn`; where
 * none does, the first that would but for other conditions says which.
 */
function deniesFor(statements: unknown[] | Unknown, arn: string | Unknown): Denial {
  if (isUnknown(statements)) return DENIAL.unknown;
  const denials = statements.map((statement) => deniesInsecureTransport(statement, arn));
  const answer = strongest(denials.map((denial) => denial.answer));
  return answer === "no" ? (denials.find((denial) => denial.narrowedBy !== undefined) ?? DENIAL.no) : DENIAL[answer];
}

/** The verdict on a policy (or a bucket's inline one) that denies requests without TLS to its bucket as `denial` says. */
function judgePolicy(resource: Resource, denial: Denial) {
  const { narrowedBy } = denial;
  return verdictsFor(denial.answer, resource, "policy", {
    violation:
      narrowedBy === undefined
        ? "the bucket policy has no statement denying requests without TLS (aws:SecureTransport false) to the bucket and all its objects"
        : `the bucket policy's deny of requests without TLS (aws:SecureTransport false) also requires ${narrowedBy.join(" and ")}, so requests that do not match ${narrowedBy.length === 1 ? "it" : "one of them"} may use plain HTTP`,
    undecided: "whether the policy denies requests without TLS to this bucket is not known to the check",
  });
}

/** The fix for `resource` (a bucket, or a policy written for it): the deny statement, added to the policy or in one attached. */
function tlsDenyFix(resource: Resource): Fix {
  const statement = "a statement that denies \"s3:*\" to every principal (\"*\") on the bucket's ARN and every object in it (ARN + \"/*\") where \"aws:SecureTransport\" is \"false\"";
  if (resource.kind === "aws_s3_bucket_policy") return fixOf(`Add to the policy ${statement}.`);
  return fixOf(`Attach a bucket policy (${resourceType(resource.engine, "aws:s3/bucketPolicy:BucketPolicy")}) with ${statement}.`);
}

/**
 * The fix for a bucket served as a static website, or a policy written for one: its website endpoint takes plain
 * HTTP only, so the deny would close the website until it is served otherwise.
 */
function websiteTlsDenyFix(resource: Resource): Fix {
  const deny = tlsDenyFix(resource).remediation;
  return fixOf(`The bucket serves a static website, whose endpoint takes plain HTTP only, so denying requests without TLS would close the website: first ${THROUGH_REST_ENDPOINT} in its place, then ${deny.charAt(0).toLowerCase()}${deny.slice(1)}`);
}

/** An example bucket named after `name` and its policy, whose one statement denies every request under `condition`. */
function tlsDenyExample(name: string, condition: Record<string, unknown>) {
  const bucket = name.replace(/_/g, "-");
  const policy = {
    Version: "2012-10-17",
    Statement: [{ Sid: "DenyInsecureTransport", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`], Condition: condition }],
  };
  return [
    { type: "aws:s3/bucket:Bucket", name, props: { bucket } },
    { type: "aws:s3/bucketPolicy:BucketPolicy", name: `${name}_policy`, props: { bucket, policy: JSON.stringify(policy) } },
  ];
}

export default stackRule({
  id: "PR-SEC-008",
  slug: "aws-s3-bucket-policy-deny-insecure-transport",
  title: "S3 bucket policies refuse requests without TLS",
  checklist: "3.2.3",
  severity: "medium",
  description:
    "S3 answers plain-HTTP requests unless the bucket policy forbids them, so a misconfigured client or SDK can " +
    "read and write objects unencrypted on the wire. A Deny statement for every principal and action, on the bucket " +
    "and all its objects (`Resource` with the bucket's ARN and its ARN followed by `/*`, or wildcards covering them), " +
    "when aws:SecureTransport is false, and on no other condition, makes HTTPS the only way in: IAM requires all of a " +
    "statement's conditions, so another (a VPC endpoint, an account) leaves plain HTTP open to the requests that do not " +
    "match it. The bucket's ARN follows from its name, so `\"${aws_s3_bucket.<name>.arn}/*\"` is matched whenever " +
    "the name is known; with a generated name, an ARN known only after deployment and that ARN followed by `/*` are " +
    "the bucket's own, since S3 refuses a bucket policy naming anything else, and whatever the name, an ARN with a `/` " +
    "in it names objects, never the bucket itself. A bucket has one policy, and writing one replaces the one there: a policy written for a " +
    "bucket is reported when it lacks the deny, whatever another written for the same bucket says. One the stack " +
    "writes for a bucket it does not create (one named outright) or may not (a data source's, whose name known only " +
    "after deployment may be one of the stack's buckets, which a deny there leaves undecided), or surely for none of " +
    "its buckets (one of several it depends on), is judged on its own: reported when it lacks the deny for each bucket " +
    "it may be for.",
  remediation:
    "Attach an `aws_s3_bucket_policy` (Pulumi: `aws.s3.BucketPolicy`) with a statement `{ Effect: \"Deny\", Principal: \"*\", " +
    "Action: \"s3:*\", Resource: [bucket ARN, bucket ARN + \"/*\"], Condition: { Bool: { \"aws:SecureTransport\": \"false\" } } }`. " +
    "A bucket's website endpoint takes plain HTTP only, so that deny closes a static website: serve such a bucket " +
    "through CloudFront from its REST endpoint (`bucket_regional_domain_name`) with origin access control first.",
  fix: tlsDenyFix,
  links: [
    "https://docs.aws.amazon.com/AmazonS3/latest/userguide/security-best-practices.html#transit",
    "https://repost.aws/knowledge-center/s3-bucket-policy-for-config-rule",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/s3_bucket_policy",
    "https://www.pulumi.com/registry/packages/aws/api-docs/s3/bucketpolicy/",
  ],
  kinds: ["aws_s3_bucket", "aws_s3_bucket_policy", "aws_s3_bucket_website_configuration"],
  config: {},
  check(resources) {
    const buckets = resources.filter((resource) => resource.kind === "aws_s3_bucket");
    const policies = resources.filter((resource) => resource.kind === "aws_s3_bucket_policy");
    if (buckets.length === 0 && policies.length === 0) return notApplicable("no S3 buckets or bucket policies in the stack");
    const attached = new Attachments(policies, referenceAt("bucket"), buckets, ["bucket", "id"]);
    const statements = new Map<Resource, unknown[] | Unknown>(policies.map((policy) => [policy, policyStatements(policy)]));
    const websites = websiteBuckets(resources, buckets);
    /** Policies surely written for a bucket of the stack; policies that may be written for one and may deny to it. */
    const surelyWritten = new Set<Resource>();
    const mayDeny = new Set<Resource>();
    const verdicts = buckets.flatMap((bucket) => {
      const arn = bucketArn(bucket);
      const candidates: Candidate[] = attached.of(bucket).map(({ holder, applies, untold }) => {
        const denies = deniesFor(statements.get(holder)!, arn);
        if (applies === "yes") surelyWritten.add(holder);
        else if (denies.answer !== "no") mayDeny.add(holder);
        return { resource: holder, applies, verdicts: judgePolicy(holder, denies), mayApplyBecause: untold };
      });
      // The bucket's own (deprecated) inline policy counts as well.
      if (argumentValue(bucket, "policy") !== undefined) candidates.push({ resource: bucket, applies: "yes", verdicts: judgePolicy(bucket, deniesFor(policyStatements(bucket), arn)) });
      // S3 keeps one policy per bucket, and each written for it replaces it: one surely written for the bucket that
      // lacks the deny leaves the bucket without it whenever it was written last, whatever the others say.
      const failing = candidates.filter((candidate) => candidate.applies === "yes" && candidate.verdicts.some((verdict) => verdict.outcome === "violation"));
      const judged = failing.length > 0 ? failing.flatMap((candidate) => candidate.verdicts) : metByAny(bucket, candidates, "no bucket policy denies requests without TLS (aws:SecureTransport false)");
      if (!websites.has(bucket)) return judged;
      return judged.map((verdict) => withFixOf(verdict, websiteTlsDenyFix(candidates.find((candidate) => candidate.resource.address === verdict.address)?.resource ?? bucket)));
    });
    // A policy surely written for no bucket of the stack may be for one created elsewhere (a data source's, one named
    // outright), for one of several it depends on, for one whose name is unknown, or not be created. Whichever bucket
    // it is for, it alone decides there, so it is judged on its own: it lacks the deny when it lacks it for each
    // bucket it may be for, the one its reference names outside the stack judged against that bucket's own ARN.
    const onTheirOwn = policies.flatMap((policy) => {
      if (surelyWritten.has(policy)) return [];
      if (attached.namesATarget(policy)) return mayDeny.has(policy) ? [] : judgePolicy(policy, DENIAL.no);
      const denies = deniesFor(statements.get(policy)!, arnOfPolicyBucket(policy));
      return judgePolicy(policy, denies.answer === "no" && mayDeny.has(policy) ? DENIAL.unknown : denies);
    });
    return [...verdicts, ...onTheirOwn];
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
        {
          description: "a policy written for a bucket created elsewhere that only grants read access",
          resources: [
            {
              type: "aws:s3/bucketPolicy:BucketPolicy",
              name: "fail_existing_site_policy",
              props: {
                bucket: "fail-existing-site",
                policy: JSON.stringify({
                  Version: "2012-10-17",
                  Statement: [{ Effect: "Allow", Principal: { Service: "cloudfront.amazonaws.com" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::fail-existing-site/*" }],
                }),
              },
            },
          ],
        },
        {
          description: "a deny of requests without TLS that also requires them to come from outside a VPC endpoint",
          resources: [
            ...tlsDenyExample("fail_backups", { Bool: { "aws:SecureTransport": "false" }, StringNotEquals: { "aws:SourceVpce": "vpce-0a1b2c3d4e5f60718" } }),
          ],
        },
      ],
      pass: [
        {
          description: "a bucket whose policy denies every request without TLS",
          resources: [
            ...tlsDenyExample("pass_assets", { Bool: { "aws:SecureTransport": "false" } }),
          ],
        },
      ],
    },
  },
});
