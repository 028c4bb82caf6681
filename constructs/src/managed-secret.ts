import { Construct } from "constructs";
import { LambdaPermission } from "@cdktf/provider-aws/lib/lambda-permission";
import { SecretsmanagerSecret } from "@cdktf/provider-aws/lib/secretsmanager-secret";
import { SecretsmanagerSecretRotation } from "@cdktf/provider-aws/lib/secretsmanager-secret-rotation";
import { EncryptionKey, type EncryptionKeyProps } from "./encryption-key";
import { mergeProps, type Defaults, type WeakeningChecks } from "./merge";
import type { PolicyStatement } from "./policy";

/** The schedule on which a rotation Lambda replaces the secret's value. */
export interface SecretRotationSchedule {
  /** The rotation function, e.g. one of AWS's rotation templates deployed for this kind of secret. */
  readonly lambdaArn: string;
  /** Days between rotations, at most 30 unless you accept a warning. Default 30. */
  readonly afterDays?: number;
}

export interface ManagedSecretProps {
  /** The secret's name, e.g. `prod/orders/db`; Terraform generates one when left out. */
  readonly secretName?: string;
  readonly description?: string;
  /**
   * A schedule, or `"manual"` for a secret no function can rotate (some third-party API keys): the construct then
   * warns and PR-RES-001 flags the secret until it has an exception with a reason.
   */
  readonly rotation: SecretRotationSchedule | "manual";
  /** Days a deleted secret can still be restored, 7–30 (0 deletes at once). Default 30. */
  readonly recoveryWindowInDays?: number;
  /** `lifecycle.prevent_destroy`. Default `true`; `false` is flagged by PR-OPS-004. */
  readonly preventDestroy?: boolean;
  /** Encrypt with this key (shared with other constructs) instead of creating one; not with `keyProps`. */
  readonly encryptionKey?: EncryptionKey;
  /** Settings of the key the construct creates; not with `encryptionKey`. */
  readonly keyProps?: EncryptionKeyProps;
}

type SecretSettings = ManagedSecretProps & Defaults<ManagedSecretProps, "recoveryWindowInDays" | "preventDestroy">;

const SECRET_DEFAULTS: Defaults<ManagedSecretProps, "recoveryWindowInDays" | "preventDestroy"> = {
  recoveryWindowInDays: 30,
  preventDestroy: true,
};

const ROTATION_DAYS = 30;

const SECRET_WEAKENINGS: WeakeningChecks<ManagedSecretProps> = {
  rotation: {
    when: (rotation) => rotation === "manual" || (rotation.afterDays ?? ROTATION_DAYS) > ROTATION_DAYS,
    because: `the secret does not rotate automatically at least every ${ROTATION_DAYS} days (PR-RES-001 flags a secret with no rotation)`,
  },
  recoveryWindowInDays: {
    when: (days, fallback) => fallback !== undefined && days < fallback,
    because: "a secret deleted by mistake can be restored for fewer days",
  },
  preventDestroy: { when: (prevented) => !prevented, because: "a destroy or replacement deletes the secret (PR-OPS-004)" },
};

/**
 * A Secrets Manager secret encrypted with a rotating customer-managed KMS key, protected from destroy, rotated by a
 * Lambda on a schedule (Secrets Manager may invoke the function for this secret only). The configuration never
 * holds the value: the rotation function sets it. Guarantees PR-RES-001, PR-OPS-004, and PR-RES-010 for the key.
 */
export class ManagedSecret extends Construct {
  readonly secret: SecretsmanagerSecret;
  readonly secretArn: string;
  readonly encryptionKey: EncryptionKey;
  /** Undefined when `rotation` is `"manual"`. */
  readonly rotation?: SecretsmanagerSecretRotation;

  constructor(scope: Construct, id: string, props: ManagedSecretProps) {
    super(scope, id);
    if (props.encryptionKey !== undefined && props.keyProps !== undefined) throw new Error(`${this.node.path}: pass encryptionKey or keyProps, not both`);
    const settings: SecretSettings = mergeProps(this, { defaults: SECRET_DEFAULTS, user: props, weakens: SECRET_WEAKENINGS });

    this.encryptionKey = settings.encryptionKey ?? new EncryptionKey(this, "key", { description: `secret of ${this.node.path}`, ...settings.keyProps });
    this.secret = new SecretsmanagerSecret(this, "secret", {
      name: settings.secretName,
      description: settings.description,
      kmsKeyId: this.encryptionKey.keyArn,
      recoveryWindowInDays: settings.recoveryWindowInDays,
      lifecycle: { preventDestroy: settings.preventDestroy },
    });
    this.secretArn = this.secret.arn;

    if (settings.rotation !== "manual") {
      const invoke = new LambdaPermission(this, "rotation-invoke", {
        action: "lambda:InvokeFunction",
        functionName: settings.rotation.lambdaArn,
        principal: "secretsmanager.amazonaws.com",
        sourceArn: this.secret.arn,
      });
      this.rotation = new SecretsmanagerSecretRotation(this, "rotation", {
        secretId: this.secret.id,
        rotationLambdaArn: settings.rotation.lambdaArn,
        rotationRules: { automaticallyAfterDays: settings.rotation.afterDays ?? ROTATION_DAYS },
        // Secrets Manager checks the permission when the rotation is created.
        dependsOn: [invoke],
      });
    }
  }

  /** What a consumer's role needs to read the value: the secret, and decryption with its key. */
  readStatements(): PolicyStatement[] {
    return [
      { Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: this.secret.arn },
      { Effect: "Allow", Action: ["kms:Decrypt"], Resource: this.encryptionKey.keyArn },
    ];
  }
}
