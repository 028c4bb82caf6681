import { Fn } from "cdktf";
import { Construct } from "constructs";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { EncryptionKey, type EncryptionKeyProps } from "./encryption-key";
import { mergeProps, type Defaults, type WeakeningChecks } from "./merge";
import { policyDocument, type PolicyStatement } from "./policy";

/**
 * Default encryption of new objects: `kms` with a customer-managed key (access also needs the key's permission,
 * and CloudTrail logs each use), `s3-managed` (SSE-S3, AES-256 with keys S3 holds), or `none` (no encryption
 * configuration declared, flagged by PR-SEC-009).
 */
export type BucketEncryption = "kms" | "s3-managed" | "none";

export interface SecureBucketProps {
  /**
   * The bucket's globally unique name. Required: with a name Terraform generates, the bucket's ARN is known only
   * after apply, and the checker cannot tell that the TLS-only policy covers this bucket (PR-SEC-008 undecided).
   */
  readonly bucketName: string;
  /** Default `kms`. */
  readonly encryption?: BucketEncryption;
  /** With `kms`: encrypt with this key (shared with other constructs) instead of creating one; not with `keyProps`. */
  readonly encryptionKey?: EncryptionKey;
  /** With `kms`: settings of the key the construct creates; not with `encryptionKey`. */
  readonly keyProps?: EncryptionKeyProps;
  /** Keep every version of every object, so an overwrite or delete can be undone. Default `true`. */
  readonly versioning?: boolean;
  /** `lifecycle.prevent_destroy`. Default `true`; `false` is flagged by PR-OPS-004. */
  readonly preventDestroy?: boolean;
  /** Statements added to the bucket policy after the construct's own (public ones are refused by the public access block). */
  readonly policyStatements?: readonly PolicyStatement[];
}

type BucketSettings = SecureBucketProps & Defaults<SecureBucketProps, "encryption" | "versioning" | "preventDestroy">;

const BUCKET_DEFAULTS: Defaults<SecureBucketProps, "encryption" | "versioning" | "preventDestroy"> = {
  encryption: "kms",
  versioning: true,
  preventDestroy: true,
};

const BUCKET_WEAKENINGS: WeakeningChecks<SecureBucketProps> = {
  encryption: { when: (encryption) => encryption === "none", because: "the bucket declares no default encryption (PR-SEC-009)" },
  versioning: { when: (versioned) => !versioned, because: "an overwritten or deleted object cannot be recovered" },
  preventDestroy: { when: (prevented) => !prevented, because: "a destroy or replacement deletes the bucket (PR-OPS-004)" },
};

/**
 * An S3 bucket that blocks every kind of public access, refuses requests without TLS, encrypts new objects by
 * default, keeps object versions, owns every object (ACLs off), and cannot be destroyed by Terraform (nor emptied
 * by it: `force_destroy` stays off). Guarantees PR-SEC-016, PR-SEC-008, PR-SEC-009, PR-OPS-004, and PR-RES-010 for
 * its key.
 */
export class SecureBucket extends Construct {
  readonly bucket: S3Bucket;
  readonly bucketArn: string;
  readonly bucketName: string;
  /** Undefined unless `encryption` is `kms`. */
  readonly encryptionKey?: EncryptionKey;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id);
    if (props.encryptionKey !== undefined && props.keyProps !== undefined) throw new Error(`${this.node.path}: pass encryptionKey or keyProps, not both`);
    const settings: BucketSettings = mergeProps(this, { defaults: BUCKET_DEFAULTS, user: props, weakens: BUCKET_WEAKENINGS });
    if (settings.encryption !== "kms" && (settings.encryptionKey !== undefined || settings.keyProps !== undefined)) {
      throw new Error(`${this.node.path}: encryptionKey and keyProps need encryption "kms"`);
    }

    this.bucket = new S3Bucket(this, "bucket", { bucket: settings.bucketName, forceDestroy: false, lifecycle: { preventDestroy: settings.preventDestroy } });
    this.bucketArn = this.bucket.arn;
    this.bucketName = this.bucket.bucket;
    const bucket = this.bucket.id;

    const publicAccess = new S3BucketPublicAccessBlock(this, "public-access", {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, "ownership", { bucket, rule: { objectOwnership: "BucketOwnerEnforced" } });
    const denyInsecureTransport: PolicyStatement = {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
    new S3BucketPolicy(this, "policy", {
      bucket,
      policy: Fn.jsonencode(policyDocument([denyInsecureTransport, ...(settings.policyStatements ?? [])])),
      // S3 answers concurrent changes to one bucket's settings with OperationAborted: apply them one after another.
      dependsOn: [publicAccess],
    });

    if (settings.encryption === "kms") {
      this.encryptionKey = settings.encryptionKey ?? new EncryptionKey(this, "key", { description: `objects of ${this.node.path}`, ...settings.keyProps });
      new S3BucketServerSideEncryptionConfigurationA(this, "encryption", {
        bucket,
        // A bucket key cuts KMS requests, and their cost, by orders of magnitude.
        rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.encryptionKey.keyArn }, bucketKeyEnabled: true }],
      });
    } else if (settings.encryption === "s3-managed") {
      new S3BucketServerSideEncryptionConfigurationA(this, "encryption", { bucket, rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
    }
    if (settings.versioning) new S3BucketVersioningA(this, "versioning", { bucket, versioningConfiguration: { status: "Enabled" } });
  }
}
