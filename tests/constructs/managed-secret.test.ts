import { TerraformOutput } from "cdktf";
import { EncryptionKey } from "../../constructs/src/encryption-key";
import { ManagedSecret } from "../../constructs/src/managed-secret";
import { CLEAN, blocksOf, checkConstruct, outcomeOf, referenceTo, summaryOf, type ConstructCheckResult } from "../support/construct-check";

const ROTATOR = "arn:aws:lambda:eu-west-1:123456789012:function:rotate-postgres";
const SCHEDULED = { lambdaArn: ROTATOR };

describe("ManagedSecret", () => {
  let checked: ConstructCheckResult;
  beforeAll(() => {
    checked = checkConstruct((stack) => {
      new ManagedSecret(stack, "orders-db", { secretName: "prod/orders/db", rotation: SCHEDULED });
      new ManagedSecret(stack, "manual", { rotation: "manual" });
      new ManagedSecret(stack, "slow-rotation", { rotation: { lambdaArn: ROTATOR, afterDays: 90 } });
      new ManagedSecret(stack, "unprotected", { rotation: SCHEDULED, preventDestroy: false });
      new ManagedSecret(stack, "no-recovery", { rotation: SCHEDULED, recoveryWindowInDays: 0 });
      new ManagedSecret(stack, "unrotated-key", { rotation: SCHEDULED, keyProps: { enableKeyRotation: false } });
      new ManagedSecret(stack, "shared", { rotation: SCHEDULED, encryptionKey: new EncryptionKey(stack, "shared-key") });
    });
  });

  test("with its defaults: no finding of any kind under platform, no diagnostic, no warning", () => {
    expect(summaryOf(checkConstruct((stack) => new ManagedSecret(stack, "secret", { rotation: SCHEDULED })))).toEqual(CLEAN);
  });

  test("encrypts with its own key, rotates every 30 days through the Lambda, which only this secret may invoke", () => {
    const [secret] = blocksOf(checked, "aws_secretsmanager_secret", "orders-db");
    expect(secret).toMatchObject({ name: "prod/orders/db", recovery_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    expect(secret.kms_key_id).toBe(referenceTo(checked, "aws_kms_key", "orders-db", "arn"));
    const [rotation] = blocksOf(checked, "aws_secretsmanager_secret_rotation", "orders-db");
    expect(rotation).toMatchObject({ rotation_lambda_arn: ROTATOR, rotation_rules: { automatically_after_days: 30 } });
    expect(rotation.secret_id).toBe(referenceTo(checked, "aws_secretsmanager_secret", "orders-db", "id"));
    const [permission] = blocksOf(checked, "aws_lambda_permission", "orders-db");
    expect(permission).toMatchObject({ function_name: ROTATOR, principal: "secretsmanager.amazonaws.com" });
    expect(permission.source_arn).toBe(referenceTo(checked, "aws_secretsmanager_secret", "orders-db", "arn"));
    expect(outcomeOf(checked, "orders-db").findings).toEqual([]);
  });

  test("the configuration holds no secret value: the rotation function sets it", () => {
    expect(checked.synthesized.resource?.aws_secretsmanager_secret_version).toBeUndefined();
  });

  test('rotation: "manual" is flagged by PR-RES-001, with a warning', () => {
    const outcome = outcomeOf(checked, "manual");
    expect(outcome.violations).toEqual(["PR-RES-001"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "rotation" weakens .*PR-RES-001/)]);
    expect(blocksOf(checked, "aws_secretsmanager_secret_rotation", "manual")).toEqual([]);
  });

  test("rotating less often than every 30 days is a warning only: no rule checks the interval", () => {
    const outcome = outcomeOf(checked, "slow-rotation");
    expect(outcome.findings).toEqual([]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "rotation" weakens/)]);
  });

  test("preventDestroy: false is flagged by PR-OPS-004, with a warning", () => {
    const outcome = outcomeOf(checked, "unprotected");
    expect(outcome.violations).toEqual(["PR-OPS-004"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "preventDestroy" weakens .*PR-OPS-004/)]);
  });

  test("a recovery window of 0 is a warning only: no rule checks it", () => {
    const outcome = outcomeOf(checked, "no-recovery");
    expect(outcome.findings).toEqual([]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "recoveryWindowInDays" weakens/)]);
  });

  test("keyProps reach the key: rotation off is flagged by PR-RES-010", () => {
    expect(outcomeOf(checked, "unrotated-key").violations).toEqual(["PR-RES-010"]);
  });

  test("an existing key is used instead of a new one", () => {
    expect(blocksOf(checked, "aws_kms_key", "shared")).toEqual([]);
    expect(blocksOf(checked, "aws_secretsmanager_secret", "shared")[0].kms_key_id).toBe(referenceTo(checked, "aws_kms_key", "shared-key", "arn"));
  });

  test("readStatements grant reading the secret and decrypting with its key, nothing more", () => {
    const result = checkConstruct((stack) => {
      const secret = new ManagedSecret(stack, "api-key", { rotation: SCHEDULED });
      new TerraformOutput(stack, "read", { value: secret.readStatements() });
    });
    expect((result.synthesized.output as Record<string, { value: unknown }>).read.value).toEqual([
      { Effect: "Allow", Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"], Resource: referenceTo(result, "aws_secretsmanager_secret", "api-key", "arn") },
      { Effect: "Allow", Action: ["kms:Decrypt"], Resource: referenceTo(result, "aws_kms_key", "api-key", "arn") },
    ]);
  });
});
