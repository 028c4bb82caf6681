import { EncryptionKey } from "../../constructs/src/encryption-key";
import { SecureBucket } from "../../constructs/src/secure-bucket";
import { CLEAN, blocksOf, checkConstruct, outcomeOf, referenceTo, summaryOf, type ConstructCheckResult } from "../support/construct-check";

const READER = "arn:aws:iam::123456789012:role/reporting";

describe("SecureBucket", () => {
  let checked: ConstructCheckResult;
  beforeAll(() => {
    checked = checkConstruct((stack) => {
      new SecureBucket(stack, "invoices", { bucketName: "prodready-invoices" });
      new SecureBucket(stack, "s3-managed", { bucketName: "prodready-s3-managed", encryption: "s3-managed" });
      new SecureBucket(stack, "unencrypted", { bucketName: "prodready-unencrypted", encryption: "none" });
      new SecureBucket(stack, "unversioned", { bucketName: "prodready-unversioned", versioning: false });
      new SecureBucket(stack, "unprotected", { bucketName: "prodready-unprotected", preventDestroy: false });
      new SecureBucket(stack, "unrotated-key", { bucketName: "prodready-unrotated-key", keyProps: { enableKeyRotation: false } });
      new SecureBucket(stack, "shared", {
        bucketName: "prodready-shared",
        encryptionKey: new EncryptionKey(stack, "shared-key"),
        policyStatements: [{ Sid: "Reporting", Effect: "Allow", Principal: { AWS: READER }, Action: "s3:GetObject", Resource: "arn:aws:s3:::prodready-shared/*" }],
      });
    });
  });

  test("with its defaults (and the name it requires): no finding of any kind under platform, no diagnostic, no warning", () => {
    expect(summaryOf(checkConstruct((stack) => new SecureBucket(stack, "bucket", { bucketName: "prodready-assets" })))).toEqual(CLEAN);
  });

  test("blocks public access, owns every object, refuses requests without TLS, keeps versions, cannot be destroyed", () => {
    const bucket = referenceTo(checked, "aws_s3_bucket", "invoices", "id");
    expect(blocksOf(checked, "aws_s3_bucket", "invoices")).toEqual([expect.objectContaining({ bucket: "prodready-invoices", force_destroy: false, lifecycle: { prevent_destroy: true } })]);
    expect(blocksOf(checked, "aws_s3_bucket_public_access_block", "invoices")).toEqual([
      expect.objectContaining({ bucket, block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true }),
    ]);
    expect(blocksOf(checked, "aws_s3_bucket_ownership_controls", "invoices")).toEqual([expect.objectContaining({ bucket, rule: { object_ownership: "BucketOwnerEnforced" } })]);
    expect(blocksOf(checked, "aws_s3_bucket_versioning", "invoices")).toEqual([expect.objectContaining({ bucket, versioning_configuration: { status: "Enabled" } })]);
    const [policy] = blocksOf(checked, "aws_s3_bucket_policy", "invoices");
    expect(policy.policy).toContain('"Effect" = "Deny", "Principal" = "*", "Action" = "s3:*"');
    expect(policy.policy).toContain('"Condition" = {"Bool" = {"aws:SecureTransport" = "false"}}');
    expect(outcomeOf(checked, "invoices").findings).toEqual([]);
  });

  test("encrypts with its own rotating key and a bucket key by default", () => {
    expect(blocksOf(checked, "aws_s3_bucket_server_side_encryption_configuration", "invoices")).toEqual([
      expect.objectContaining({
        rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms", kms_master_key_id: referenceTo(checked, "aws_kms_key", "invoices", "arn") }, bucket_key_enabled: true }],
      }),
    ]);
  });

  test('encryption: "s3-managed" uses SSE-S3 without a key, no finding and no warning', () => {
    expect(blocksOf(checked, "aws_s3_bucket_server_side_encryption_configuration", "s3-managed")).toEqual([
      expect.objectContaining({ rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "AES256" } }] }),
    ]);
    expect(blocksOf(checked, "aws_kms_key", "s3-managed")).toEqual([]);
    expect(outcomeOf(checked, "s3-managed")).toEqual({ findings: [], violations: [], warnings: [] });
  });

  test('encryption: "none" is flagged by PR-SEC-009, with a warning', () => {
    const outcome = outcomeOf(checked, "unencrypted");
    expect(outcome.violations).toEqual(["PR-SEC-009"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "encryption" weakens .*PR-SEC-009/)]);
  });

  test("versioning: false is a warning only: no rule checks versioning", () => {
    expect(outcomeOf(checked, "unversioned")).toEqual({ findings: [], violations: [], warnings: [expect.stringMatching(/^prop "versioning" weakens/)] });
    expect(blocksOf(checked, "aws_s3_bucket_versioning", "unversioned")).toEqual([]);
  });

  test("preventDestroy: false is flagged by PR-OPS-004, with a warning", () => {
    const outcome = outcomeOf(checked, "unprotected");
    expect(outcome.violations).toEqual(["PR-OPS-004"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "preventDestroy" weakens .*PR-OPS-004/)]);
  });

  test("keyProps reach the key: rotation off is flagged by PR-RES-010", () => {
    expect(outcomeOf(checked, "unrotated-key").violations).toEqual(["PR-RES-010"]);
  });

  test("an existing key and extra policy statements: the TLS statement stays first, no finding", () => {
    expect(blocksOf(checked, "aws_kms_key", "shared")).toEqual([]);
    const [policy] = blocksOf(checked, "aws_s3_bucket_policy", "shared");
    expect(String(policy.policy).indexOf("DenyInsecureTransport")).toBeLessThan(String(policy.policy).indexOf("Reporting"));
    expect(policy.policy).toContain(`"AWS" = "${READER}"`);
    expect(outcomeOf(checked, "shared").findings).toEqual([]);
  });

  test("refuses a key with an encryption other than kms", () => {
    expect(() => checkConstruct((stack) => new SecureBucket(stack, "bucket", { bucketName: "prodready-refused", encryption: "s3-managed", keyProps: {} }))).toThrow(/need encryption "kms"/);
  });
});
