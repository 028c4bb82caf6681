import { isUnknown, valueAt, type Resource } from "../../../model/resource";
import { argumentValue, type Attachment, Attachments, block, coversInPlace, isFalse, presence, type Reference, referenceAt, strongest, undecidedInPlace, verdictsFor } from "../../read";
import { notApplicable, stackRule, type Verdict } from "../../rule";
import { fixOf, resourceType } from "../../fixes";

const SECRET_IDENTIFIERS = ["arn", "id", "name"];

/** Provider versions before 5.0 configured rotation on the secret itself. */
function inlineRotation(secret: Resource): Reference {
  return presence(argumentValue(secret, "rotation_lambda_arn"));
}

/**
 * Whether a rotation may be switched off: `rotation_enabled` is unknown and not ruled out false. Creating a rotation
 * turns rotation on (Secrets Manager's RotateSecret), and `rotation_enabled` reports it: computed alone in provider
 * 5.x, so a plan holds it unknown for every rotation it creates; later providers accept `false`, but only without
 * `rotation_rules`, which 5.x requires.
 */
function mayBeOff(rotation: Resource): boolean {
  if (!isUnknown(valueAt(rotation.props, "rotation_enabled"))) return false;
  const rules = block(rotation.props, "rotation_rules");
  return rules === undefined || isUnknown(rules);
}

/** Whether a rotation whose `secret_id` names a secret rotates it: one switched off rotates nothing, one that may be switched off may not. */
function rotates({ holder: rotation, applies }: Attachment): Reference {
  if (isFalse(valueAt(rotation.props, "rotation_enabled"))) return "no";
  return applies === "yes" && mayBeOff(rotation) ? "unknown" : applies;
}

export default stackRule({
  id: "PR-RES-001",
  slug: "aws-secretsmanager-rotation",
  title: "Secrets Manager secrets rotate on a schedule",
  checklist: "5.2.3",
  severity: "medium",
  description:
    "A secret that never rotates stays valid for as long as anyone who ever saw it keeps a copy. Every " +
    "`aws_secretsmanager_secret` needs an `aws_secretsmanager_secret_rotation` whose `secret_id` is the secret's " +
    "ARN, ID or name (or, with providers before 5.0, inline rotation on the secret). A reference known only after " +
    "deployment (`aws_secretsmanager_secret.<name>.id`) names the secret when the rotation depends on that one " +
    "secret and no other; when it could name several and no other rotation names the secret for certain, the " +
    "secret is reported as undecided. A rotation with `rotation_rules` rotates unless `rotation_enabled` is false: " +
    "creating one turns rotation on, and a plan holds `rotation_enabled` unknown until then. A rotation names a secret of its own account and region only; one whose region or account cannot be " +
    "told apart from the secret's leaves it undecided. " +
    "Secrets that cannot rotate automatically (some third-party API keys) need an exception with a reason and a " +
    "manual rotation schedule.",
  remediation:
    "Add `aws_secretsmanager_secret_rotation` with `secret_id = aws_secretsmanager_secret.<name>.id`, a " +
    "`rotation_lambda_arn` (or a managed rotation) and `rotation_rules { automatically_after_days = 30 }` " +
    "(Pulumi: `new aws.secretsmanager.SecretRotation(..., { secretId: secret.id, rotationLambdaArn, rotationRules: { automaticallyAfterDays: 30 } })`).",
  fix: (resource) =>
    resource.kind === "aws_secretsmanager_secret"
      ? fixOf(
          `Add a rotation for the secret (${resourceType(resource.engine, "aws:secretsmanager/secretRotation:SecretRotation")}) with a rotation_lambda_arn (or a managed rotation) and rotation_rules with automatically_after_days, e.g. 30.`,
          ["rotation_lambda_arn", "rotation_rules.automatically_after_days"],
        )
      : fixOf("Give the rotation a rotation_lambda_arn (or a managed rotation) and rotation_rules with automatically_after_days, e.g. 30.", ["rotation_lambda_arn", "rotation_rules.automatically_after_days"]),
  links: [
    "https://docs.aws.amazon.com/secretsmanager/latest/userguide/rotating-secrets.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/secretsmanager_secret_rotation",
    "https://www.pulumi.com/registry/packages/aws/api-docs/secretsmanager/secretrotation/",
  ],
  kinds: ["aws_secretsmanager_secret", "aws_secretsmanager_secret_rotation"],
  config: {},
  check(resources) {
    const secrets = resources.filter((resource) => resource.kind === "aws_secretsmanager_secret");
    if (secrets.length === 0) return notApplicable("no secret in the stack");
    const rotations = resources.filter((resource) => resource.kind === "aws_secretsmanager_secret_rotation");
    // A `secret_id` known only after deployment names the one secret the rotation depends on.
    const named = new Attachments(rotations, referenceAt("secret_id"), secrets, SECRET_IDENTIFIERS);
    const verdicts: Verdict[] = [];
    for (const secret of secrets) {
      // A secret's name names a secret of the region the rotation is in.
      const attachments = named.of(secret);
      const rotations = attachments.map((attachment) => ({ holder: attachment.holder, answer: rotates(attachment) }));
      const answer = strongest([inlineRotation(secret), ...rotations.map(({ holder, answer }) => coversInPlace(answer, holder, secret))]);
      verdicts.push(
        ...verdictsFor(answer, secret, "", {
          violation: "no rotation is configured for this secret",
          undecided:
            undecidedInPlace(rotations, secret) ??
            (attachments.some(({ holder, applies }) => applies === "yes" && mayBeOff(holder))
              ? "whether the rotation that names this secret is switched on (rotation_enabled) is not known to the check"
              : "whether a rotation refers to this secret is not known to the check"),
        }),
      );
    }
    return verdicts;
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a secret without any rotation",
          resources: [{ type: "aws:secretsmanager/secret:Secret", name: "fail_api_key", props: { name: "prod/api-key" } }],
        },
        {
          description: "a rotation that rotates another secret",
          resources: [
            { type: "aws:secretsmanager/secret:Secret", name: "fail_db", props: { name: "prod/db" } },
            { type: "aws:secretsmanager/secret:Secret", name: "pass_cache", props: { name: "prod/cache" } },
            {
              type: "aws:secretsmanager/secretRotation:SecretRotation",
              name: "pass_cache_rotation",
              props: {
                secretId: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/cache-AbCdEf",
                rotationLambdaArn: "arn:aws:lambda:eu-west-1:123456789012:function:rotate-cache",
                rotationRules: { automaticallyAfterDays: 30 },
              },
            },
          ],
        },
      ],
      pass: [
        {
          description: "a secret rotated every 30 days",
          resources: [
            { type: "aws:secretsmanager/secret:Secret", name: "pass_db", props: { name: "prod/db" } },
            {
              type: "aws:secretsmanager/secretRotation:SecretRotation",
              name: "pass_db_rotation",
              props: {
                secretId: "prod/db",
                rotationLambdaArn: "arn:aws:lambda:eu-west-1:123456789012:function:rotate-db",
                rotationRules: { automaticallyAfterDays: 30 },
              },
            },
          ],
        },
      ],
    },
  },
});
