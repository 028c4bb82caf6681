import { Fn, Lazy } from "cdktf";
import { Construct } from "constructs";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { AwsContext } from "./aws-context";
import { mergeProps, type Defaults, type WeakeningChecks } from "./merge";
import { policyDocument, type PolicyStatement } from "./policy";

/** Lets an AWS service use the key on its own behalf (CloudWatch alarms publishing to an encrypted topic, …). */
export interface KeyServiceGrant {
  /** The service principal, e.g. `cloudwatch.amazonaws.com`. */
  readonly service: string;
  /** e.g. `["kms:Decrypt", "kms:GenerateDataKey*"]`. */
  readonly actions: readonly string[];
  /** IAM condition block, e.g. `{ ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:…" } }`. */
  readonly conditions?: PolicyStatement["Condition"];
}

export interface EncryptionKeyProps {
  /** Shown in the KMS console; defaults to the construct path. */
  readonly description?: string;
  /** An alias such as `alias/orders`; none by default. */
  readonly alias?: string;
  /** Services allowed to use the key; more can be added with `allowService`. */
  readonly serviceGrants?: readonly KeyServiceGrant[];
  /** Yearly rotation of the key material. Default `true`; `false` is flagged by PR-RES-010. */
  readonly enableKeyRotation?: boolean;
  /** Days between scheduling the key's deletion and deleting it, 7–30. Default 30. */
  readonly deletionWindowInDays?: number;
  /** `lifecycle.prevent_destroy`: data encrypted with a deleted key is lost. Default `true`; `false` is flagged by PR-OPS-004. */
  readonly preventDestroy?: boolean;
}

type KeySettings = EncryptionKeyProps & Defaults<EncryptionKeyProps, "enableKeyRotation" | "deletionWindowInDays" | "preventDestroy">;

const KEY_DEFAULTS: Defaults<EncryptionKeyProps, "enableKeyRotation" | "deletionWindowInDays" | "preventDestroy"> = {
  enableKeyRotation: true,
  deletionWindowInDays: 30,
  preventDestroy: true,
};

const KEY_WEAKENINGS: WeakeningChecks<EncryptionKeyProps> = {
  enableKeyRotation: { when: (rotates) => !rotates, because: "the key material never rotates (PR-RES-010)" },
  deletionWindowInDays: { when: (days, fallback) => fallback !== undefined && days < fallback, because: "a key deleted by mistake can be recovered for fewer days" },
  preventDestroy: { when: (prevented) => !prevented, because: "a destroy or replacement deletes the key and every piece of data it encrypts (PR-OPS-004)" },
};

/**
 * A customer-managed symmetric KMS key that rotates yearly and cannot be destroyed by Terraform, with a key policy
 * that delegates to IAM in the account (the KMS default) plus the services granted through `allowService`.
 * Guarantees PR-RES-010 (rotation) and PR-OPS-004 (protected from destroy).
 */
export class EncryptionKey extends Construct {
  readonly key: KmsKey;
  readonly keyArn: string;
  readonly keyId: string;
  private readonly grants: KeyServiceGrant[];

  constructor(scope: Construct, id: string, props: EncryptionKeyProps = {}) {
    super(scope, id);
    const settings: KeySettings = mergeProps(this, { defaults: KEY_DEFAULTS, user: props, weakens: KEY_WEAKENINGS });
    this.grants = [...(settings.serviceGrants ?? [])];
    const aws = AwsContext.of(this);
    this.key = new KmsKey(this, "key", {
      description: settings.description ?? this.node.path,
      enableKeyRotation: settings.enableKeyRotation,
      deletionWindowInDays: settings.deletionWindowInDays,
      // Grants added after construction (by constructs that use this key) still reach the policy.
      policy: Lazy.stringValue({ produce: () => Fn.jsonencode(this.keyPolicy(aws)) }),
      lifecycle: { preventDestroy: settings.preventDestroy },
    });
    this.keyArn = this.key.arn;
    this.keyId = this.key.keyId;
    if (settings.alias !== undefined) new KmsAlias(this, "alias", { name: settings.alias, targetKeyId: this.key.keyId });
  }

  /** Lets `grant.service` use the key; a service granted the same actions twice is listed once. */
  allowService(grant: KeyServiceGrant): void {
    const same = (other: KeyServiceGrant): boolean => JSON.stringify(other) === JSON.stringify(grant);
    if (!this.grants.some(same)) this.grants.push(grant);
  }

  private keyPolicy(aws: AwsContext): object {
    const account: PolicyStatement = {
      Sid: "AccountAdministersThroughIam",
      Effect: "Allow",
      Principal: { AWS: `arn:${aws.partition}:iam::${aws.accountId}:root` },
      Action: "kms:*",
      Resource: "*",
    };
    const services = this.grants.map((grant, index): PolicyStatement => ({
      Sid: `Service${index}`,
      Effect: "Allow",
      Principal: { Service: grant.service },
      Action: grant.actions,
      Resource: "*",
      ...(grant.conditions === undefined ? {} : { Condition: grant.conditions }),
    }));
    return policyDocument([account, ...services]);
  }
}
