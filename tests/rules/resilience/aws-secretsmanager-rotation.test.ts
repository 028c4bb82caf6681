import { fromPulumi, type PulumiResource } from "../../../src/adapters/pulumi";
import { loadTerraform } from "../../../src/adapters/terraform";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, UNKNOWN_PRESENT } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/resilience/aws-secretsmanager-rotation";
import { withFiles } from "../../support/scratch";
import { judgedInHcl } from "../../support/terraform-fixtures";

const SECRET = "aws:secretsmanager/secret:Secret";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";
const secret = (name: string, props: Record<string, unknown> = { name }): PulumiResource => ({ type: SECRET, name, props });
const rotation = (name: string, secretId: unknown, extra: Partial<PulumiResource> = {}): PulumiResource => ({
  type: ROTATION,
  name,
  props: { secretId, rotationLambdaArn: "arn:aws:lambda:eu-west-1:123456789012:function:rotate", rotationRules: { automaticallyAfterDays: 30 } },
  ...extra,
});

function outcomes(stack: PulumiResource[]): string[] {
  const run = runRule(rule, stack.map(fromPulumi), {});
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.address.split("::").pop()}`) : [];
}

describe("aws-secretsmanager-rotation", () => {
  test("a rotation naming its secret by the input the secret's name reads, given no value, leaves the secret undecided", () => {
    const main = `
variable "secret_name" {
  type = string
}
resource "aws_secretsmanager_secret" "s" {
  name = var.secret_name
}
resource "aws_secretsmanager_secret_rotation" "s" {
  secret_id           = var.secret_name
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:123456789012:function:rotate"
  rotation_rules {
    automatically_after_days = 30
  }
}`;
    expect(judgedInHcl(rule, main)).toEqual(["undecided aws_secretsmanager_secret.s"]);
  });

  test("matches a secret by the ARN Secrets Manager derives from its name", () => {
    expect(outcomes([secret("db"), rotation("r", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-Ab12Cd")])).toEqual([]);
  });

  test("an unknown secret_id leaves every secret it may name undecided", () => {
    expect(outcomes([secret("db"), rotation("r", UNKNOWN)])).toEqual(["undecided db"]);
  });

  test("an unknown secret_id names the one secret the rotation depends on, and rules out the others", () => {
    const db = fromPulumi(secret("db"));
    const cache = fromPulumi(secret("cache"));
    const judged = (dependencies: string[]) => {
      const run = runRule(rule, [db, cache, fromPulumi({ ...rotation("r", UNKNOWN_PRESENT), dependencies })], {});
      return run.applicable && run.judgements.map((j) => `${j.outcome} ${j.address}`);
    };
    expect(judged([db.address])).toEqual([`violation ${cache.address}`]);
    expect(judged([db.address, cache.address])).toEqual([`undecided ${db.address}`, `undecided ${cache.address}`]);
  });

  test("rotations iterating over a map of each secret's id, here or in a module, each name their own secret", () => {
    const rotationModule = (variable: string, secretId: string, forEach = "") => `
variable "${variable}" {}
resource "aws_secretsmanager_secret_rotation" "r" {${forEach}
  secret_id           = ${secretId}
  rotation_lambda_arn = "arn:aws:lambda:us-east-1:111122223333:function:rot"
  rotation_rules { automatically_after_days = 30 }
}`;
    const files = {
      "main.tf": `
resource "aws_secretsmanager_secret" "s" {
  for_each = toset(["x", "y", "z"])
  name     = "sec-\${each.key}"
}
locals {
  ids = { for k, v in aws_secretsmanager_secret.s : k => v.id }
}
module "each" {
  source    = "./each"
  for_each  = { for k, id in local.ids : k => id if k == "x" }
  secret_id = each.value
}
module "all" {
  source     = "./all"
  secret_ids = { for k, id in local.ids : k => id if k == "y" }
}`,
      "each/main.tf": rotationModule("secret_id", "var.secret_id"),
      "all/main.tf": rotationModule("secret_ids", "each.value", "\n  for_each            = var.secret_ids"),
    };
    withFiles(files, (dir) => {
      const run = runRule(rule, loadTerraform([dir], { commandLineVariables: [] }).units.flatMap((unit) => unit.resources), {});
      expect(run.applicable && run.judgements.map((j) => `${j.outcome} ${j.address}`)).toEqual(['violation aws_secretsmanager_secret.s["z"]']);
    });
  });

  test("a definite rotation settles it even beside an unknown one", () => {
    expect(outcomes([secret("db"), rotation("unknown", UNKNOWN), rotation("known", "db")])).toEqual([]);
  });

  test("a rotation switched off does not count", () => {
    expect(outcomes([secret("db"), rotation("r", "db", { props: { secretId: "db", rotationEnabled: false } })])).toEqual(["violation db"]);
  });

  test("a rotation with rules rotates while whether it is switched on is known only after it is created, as in a plan", () => {
    expect(outcomes([secret("db"), rotation("r", "db", { props: { secretId: "db", rotationEnabled: UNKNOWN, rotationRules: { automaticallyAfterDays: 30 } } })])).toEqual([]);
    const withoutRules = runRule(rule, [secret("db"), rotation("r", "db", { props: { secretId: "db", rotationEnabled: UNKNOWN } })].map(fromPulumi), {});
    expect(withoutRules.applicable && withoutRules.judgements.map((j) => `${j.outcome} ${j.message}`)).toEqual([
      "undecided whether the rotation that names this secret is switched on (rotation_enabled) is not known to the check",
    ]);
  });

  test("inline rotation of providers before 5.0 counts, also with a function known only after deployment", () => {
    expect(outcomes([secret("db", { name: "db", rotationLambdaArn: "arn:aws:lambda:eu-west-1:123456789012:function:rotate" })])).toEqual([]);
    expect(outcomes([secret("db", { name: "db", rotationLambdaArn: UNKNOWN_PRESENT })])).toEqual([]);
  });

  test("an auto-named secret cannot be matched by a literal reference", () => {
    expect(outcomes([secret("db", { description: "no name" }), rotation("r", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:other-Ab12Cd")])).toEqual([
      "undecided db",
    ]);
  });

  test("a stack without secrets is not applicable", () => {
    expect(runRule(rule, [fromPulumi(rotation("r", "db"))], {}).applicable).toBe(false);
  });
});
