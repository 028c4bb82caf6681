import { createHash } from "crypto";
import { relative, resolve } from "path";
import { loadTerraform } from "../../../src/adapters/terraform";
import { resourcesFromPlan } from "../../../src/adapters/terraform/plan";
import { evaluate, runRule } from "../../../src/engine/evaluate";
import { resolveSettings } from "../../../src/engine/settings";
import type { Resource } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/configuration/aws-lambda-no-plaintext-secrets";
import { withFiles } from "../../support/scratch";

/** The rule's judgements of the function at `address` that `configuration` (with `modules`, the files of the modules it calls) declares, read from HCL. */
function judgements(configuration: string, modules: Record<string, string> = {}, address = "aws_lambda_function.f") {
  return judgementsOf({ "main.tf": configuration, ...modules }, address);
}

/** The rule's judgements of the function at `address` that the configuration `files` declare. */
function judgementsOf(files: Record<string, string>, address = "aws_lambda_function.f") {
  return withFiles(files, (dir) => {
    const resource = loadTerraform([dir], { commandLineVariables: [], environment: {} }).units[0].resources.find((candidate) => candidate.address === address)!;
    return judged(resource);
  });
}

function judged(resource: Resource): string[] {
  const run = runRule(rule, resource, {});
  return run.applicable ? run.judgements.map(({ outcome, path, message }) => `${outcome} ${path}: ${message}`) : [];
}

const generators = `
variable "length" { type = number }
resource "random_password" "db" { length = 24 }
resource "random_password" "short" { length = 4 }
resource "random_password" "sized" { length = var.length }
resource "random_string" "suffix" { length = 24 }
resource "tls_private_key" "signing" { algorithm = "ED25519" }
resource "aws_iam_access_key" "plain" { user = "ci" }
resource "aws_iam_access_key" "encrypted" {
  user    = "ci"
  pgp_key = "keybase:ci"
}
`;

const lambda = (variables: string) => `${generators}
resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = "arn:aws:iam::123456789012:role/f"
  environment {
    variables = {
      ${variables}
    }
  }
}
`;

describe("aws-lambda-no-plaintext-secrets", () => {
  test("a secret the provider generates, read as it is under a credential's name, is a violation while which one is unknown; the message holds no value", () => {
    expect(judgements(lambda(`DB_PASSWORD = random_password.db.result\nSIGNING_KEY = "\${tls_private_key.signing.private_key_pem}"\nAWS_SECRET_ACCESS_KEY = aws_iam_access_key.plain.secret`))).toEqual([
      "violation environment.0.variables.DB_PASSWORD: environment variable DB_PASSWORD holds a generated secret (random_password result)",
      "violation environment.0.variables.SIGNING_KEY: environment variable SIGNING_KEY holds a generated secret (tls_private_key private_key_pem)",
      "violation environment.0.variables.AWS_SECRET_ACCESS_KEY: environment variable AWS_SECRET_ACCESS_KEY holds a generated secret (aws_iam_access_key secret)",
    ]);
  });

  test("a generated secret written as it is into a text, a connection URL's password, is in the variable whatever its name; worked on or no secret, it stays undecided (probe s36 #6)", () => {
    expect(
      judgements(
        lambda(
          `DATABASE_URL = "postgres://app:\${random_password.db.result}@db.internal:5432/app"\nSIGNING = "key:\${tls_private_key.signing.private_key_pem}"\nUPPER_URL = "postgres://app:\${upper(random_password.db.result)}@db/app"\nSUFFIXED = "app-\${random_string.suffix.result}"`,
        ),
      ),
    ).toEqual([
      "violation environment.0.variables.DATABASE_URL: environment variable DATABASE_URL holds a generated secret (random_password result)",
      "violation environment.0.variables.SIGNING: environment variable SIGNING holds a generated secret (tls_private_key private_key_pem)",
      "undecided environment.0.variables.UPPER_URL: value is not known to the check",
    ]);
  });

  test("one that may be short enough to be a switch, of unknown length, encrypted, worked on, or no secret stays undecided", () => {
    expect(judgements(lambda(`DB_PASSWORD = random_password.short.result\nAPI_TOKEN = random_password.sized.result\nAWS_SECRET_ACCESS_KEY = aws_iam_access_key.encrypted.secret\nAPP_SECRET = upper(random_password.db.result)\nSESSION_SECRET = random_string.suffix.result`))).toEqual([
      "undecided environment.0.variables.DB_PASSWORD: value is not known to the check",
      "undecided environment.0.variables.API_TOKEN: value is not known to the check",
      "undecided environment.0.variables.AWS_SECRET_ACCESS_KEY: value is not known to the check",
      "undecided environment.0.variables.APP_SECRET: value is not known to the check",
      "undecided environment.0.variables.SESSION_SECRET: value is not known to the check",
    ]);
  });

  test("a generated secret read through a local value or a module's variable as it is is a violation as the direct read is; worked on, it stays undecided", () => {
    const locals = `\nlocals {\n  db_password = random_password.db.result\n}`;
    expect(judgements(lambda(`DB_PASSWORD = local.db_password\nAPP_SECRET = upper(local.db_password)`) + locals)).toEqual([
      "violation environment.0.variables.DB_PASSWORD: environment variable DB_PASSWORD holds a generated secret (random_password result)",
      "undecided environment.0.variables.APP_SECRET: value is not known to the check",
    ]);
    // The variable is named like no credential, or the name would make its value one whatever it is worked out from.
    const app = { "modules/app/main.tf": lambda(`DB_PASSWORD = var.db_password\nAPP_SECRET = var.app_setting`).replace(generators, 'variable "db_password" {}\nvariable "app_setting" {}\n') };
    const call = `${generators}\nmodule "app" {\n  source      = "./modules/app"\n  db_password = random_password.db.result\n  app_setting = upper(random_password.db.result)\n}\n`;
    expect(judgements(call, app, "module.app.aws_lambda_function.f")).toEqual([
      "violation environment.0.variables.DB_PASSWORD: environment variable DB_PASSWORD holds a generated secret (random_password result)",
      "undecided environment.0.variables.APP_SECRET: value is not known to the check",
    ]);
  });

  test("a date or time under a token's name says when it expires; a token starting with one is still a secret (probe AK)", () => {
    expect(judgements(lambda(`TOKEN_EXPIRES_AT = "2025-01-01T00:00:00Z"\nAPI_TOKEN = "2024-01-01T00:00:00Zk9XqL2vWp7"`))).toEqual([
      "violation environment.0.variables.API_TOKEN: environment variable API_TOKEN holds a plaintext secret",
    ]);
  });

  test("a file's path under a key's or credentials' name says which file holds it, as in user data; a key starting with a slash is still one (probe BD)", () => {
    const key = "/9j/4AAQSkZJRgABAQEASABIAAD";
    const found = judgements(lambda(`GOOGLE_APPLICATION_CREDENTIALS = "/var/task/gcp.json"\nSIGNING_KEY = "./keys/signing.pem"\nPRIVATE_KEY = "${key}"`));
    expect(found).toEqual(["violation environment.0.variables.PRIVATE_KEY: environment variable PRIVATE_KEY holds a plaintext secret"]);
    expect(JSON.stringify(found)).not.toContain(key);
  });

  test("a generated secret under a name that is no credential's is still one: Terraform marks it sensitive (probe BA)", () => {
    expect(judgements(lambda(`DB_PASSWORD_SECRET_ARN = random_password.db.result\nCACHE_SALT = random_password.db.result\nSUFFIX = random_string.suffix.result`))).toEqual([
      "violation environment.0.variables.DB_PASSWORD_SECRET_ARN: environment variable DB_PASSWORD_SECRET_ARN holds a generated secret (random_password result)",
      "violation environment.0.variables.CACHE_SALT: environment variable CACHE_SALT holds a generated secret (random_password result)",
    ]);
  });

  describe("a value Terraform marks sensitive, under a name that is no credential's (probe BA)", () => {
    const sensitive = `
variable "partner_setting" {
  type      = string
  sensitive = true
  default   = "zq81-LKJH-99aa-OpaqueValue"
}
variable "given_at_apply" {
  type      = string
  sensitive = true
}
variable "queue_arn" {
  type      = string
  sensitive = true
  default   = "arn:aws:sqs:eu-west-1:123456789012:jobs"
}
variable "switch" {
  type      = bool
  sensitive = true
  default   = true
}
module "names" { source = "./modules/names" }
`;
    const names = { "modules/names/main.tf": 'output "bucket" {\n  value     = "reports-bucket"\n  sensitive = true\n}\n' };

    test("is a plaintext secret as it is, worked into a string, or as an over-marked module output; the message names the variable, never the value", () => {
      const judged = judgements(lambda(`PARTNER_SETTING = var.partner_setting\nPARTNER_URL = "https://partner.example/\${var.partner_setting}"\nREPORTS = module.names.bucket`) + sensitive, names);
      expect(judged).toEqual([
        "violation environment.0.variables.PARTNER_SETTING: environment variable PARTNER_SETTING holds a value marked secret",
        "violation environment.0.variables.PARTNER_URL: environment variable PARTNER_URL holds a value marked secret",
        "violation environment.0.variables.REPORTS: environment variable REPORTS holds a value marked secret",
      ]);
      expect(judged.join("\n")).not.toMatch(/OpaqueValue|reports-bucket/);
    });

    test("a mark on the whole map (merge() of one marked as a whole) does not say which value is the secret: undecided, not each value a violation", () => {
      const merged = (extra: string) => lambda(`LOG_LEVEL = "info"`).replace(/variables = \{[^}]*\}/, `variables = merge({ LOG_LEVEL = "info" }, sensitive({ PARTNER = var.partner_setting }), { REGION_NAME = "eu-west-1"${extra} })`);
      expect(judgements(merged("") + sensitive)).toEqual([
        "undecided environment.0.variables: the variables are marked secret as a whole, so one of them holds a secret; which one is not told",
      ]);
      // A secret found accounts for the mark: the other values are not reported (the marked map's keys are redacted).
      expect(judgements(merged(', DB_PASSWORD = "hunter2-merged"') + sensitive)).toEqual([
        "violation environment.0.variables.[secret]: environment variable [secret] holds a plaintext secret",
      ]);
    });

    test("merge() keeps each value's own mark, as Terraform's does: the marked value is named, the others are not secret (probe R18)", () => {
      const merged = (extra: string) => lambda(`LOG_LEVEL = "info"`).replace(/variables = \{[^}]*\}/, `variables = merge({ LOG_LEVEL = "info" }, { PARTNER_SETTING = var.partner_setting${extra} })`);
      expect(judgements(merged("") + sensitive)).toEqual([
        "violation environment.0.variables.PARTNER_SETTING: environment variable PARTNER_SETTING holds a value marked secret",
      ]);
      const judged = judgements(merged(', DB_PASSWORD = "hunter2-merged"') + sensitive);
      expect(judged).toEqual([
        "violation environment.0.variables.PARTNER_SETTING: environment variable PARTNER_SETTING holds a value marked secret",
        "violation environment.0.variables.DB_PASSWORD: environment variable DB_PASSWORD holds a plaintext secret",
      ]);
      expect(judged.join("\n")).not.toMatch(/OpaqueValue|hunter2/);
    });

    test("lookup() that finds its key returns no secret, whatever its sensitive default; the default it falls back on is one (probe R19)", () => {
      const looked = (key: string) => lambda(`LEVEL = lookup(local.common, "${key}", var.partner_setting)`) + sensitive + 'locals {\n  common = { LOG_LEVEL = "info" }\n}\n';
      expect(judgements(looked("LOG_LEVEL"))).toEqual([]);
      expect(judgements(looked("MISSING"))).toEqual(["violation environment.0.variables.LEVEL: environment variable LEVEL holds a value marked secret"]);
    });

    test("one handed in at apply is undecided; an ARN, a switch or a length worked out from a secret is none", () => {
      expect(judgements(lambda(`PARTNER_SETTING = var.given_at_apply\nJOBS = var.queue_arn\nENABLED = var.switch\nSETTING_LENGTH = length(var.partner_setting)`) + sensitive)).toEqual([
        "undecided environment.0.variables.PARTNER_SETTING: value is not known to the check",
      ]);
    });

    test("a database's or directory's password read as it is is a secret in plaintext while which one is unknown; a sensitive variable's value handed in at apply is undecided, as in ECS containers", () => {
      const database = `resource "aws_db_instance" "db" {\n  engine   = "mysql"\n  password = var.given_at_apply\n}\n`;
      expect(judgements(lambda(`WORDPRESS_DB_PASSWORD = aws_db_instance.db.password`) + sensitive + database)).toEqual([
        "violation environment.0.variables.WORDPRESS_DB_PASSWORD: environment variable WORDPRESS_DB_PASSWORD holds a credential its provider marks sensitive (aws_db_instance password)",
      ]);
      const elastic = `resource "aws_docdbelastic_cluster" "docs" {\n  name                = "docs"\n  auth_type           = "PLAIN_TEXT"\n  admin_user_password = var.given_at_apply\n}\n`;
      expect(judgements(lambda(`DOCS_PASSWORD = aws_docdbelastic_cluster.docs.admin_user_password`) + sensitive + elastic)).toEqual([
        "violation environment.0.variables.DOCS_PASSWORD: environment variable DOCS_PASSWORD holds a credential its provider marks sensitive (aws_docdbelastic_cluster admin_user_password)",
      ]);
      // Of SECRET_ARN authentication, the attribute is the ARN of the secret that holds the password.
      expect(judgements(lambda(`DOCS_PASSWORD = aws_docdbelastic_cluster.docs.admin_user_password`) + sensitive + elastic.replace("PLAIN_TEXT", "SECRET_ARN"))).toEqual([
        "undecided environment.0.variables.DOCS_PASSWORD: value is not known to the check",
      ]);
      const directory = `resource "aws_directory_service_directory" "corp" {\n  name     = "corp.example.com"\n  password = var.given_at_apply\n}\n`;
      expect(judgements(lambda(`AD_PASSWORD = aws_directory_service_directory.corp.password`) + sensitive + directory)).toEqual([
        "violation environment.0.variables.AD_PASSWORD: environment variable AD_PASSWORD holds a credential its provider marks sensitive (aws_directory_service_directory password)",
      ]);
      // Where AWS keeps the password, the configuration gives none: the attribute is null.
      const managed = database.replace("password = var.given_at_apply", "manage_master_user_password = true");
      expect(judgements(lambda(`WORDPRESS_DB_PASSWORD = aws_db_instance.db.password`) + sensitive + managed)).toEqual([
        "undecided environment.0.variables.WORDPRESS_DB_PASSWORD: value is not known to the check",
      ]);
      // Read as it is or worked out (`upper(var.given_at_apply)`): which is not recorded, so the mark alone does not decide.
      expect(judgements(lambda(`DB_PASSWORD = var.given_at_apply`) + sensitive)).toEqual([
        "undecided environment.0.variables.DB_PASSWORD: value is not known to the check",
      ]);
    });

    test("a directory's password, KMS key material and a certificate's private key read from the resource given them are marked, as the provider's schema marks every argument PR-CFG-004 checks", () => {
      const material = `variable "certificate_key" { type = string }
resource "aws_directory_service_directory" "corp" {
  name     = "corp.example.com"
  password = "Typed-In-Directory-2024"
}
resource "aws_kms_external_key" "imported" {
  key_material_base64 = "Q2xlYXJseU5vdEFSZWFsS2V5TWF0ZXJpYWwyMDI0IQ=="
}
resource "aws_acm_certificate" "imported" {
  certificate_body = "-----BEGIN CERTIFICATE-----"
  private_key      = var.certificate_key
}
`;
      const judged = judgements(lambda(`DIRECTORY_ADMIN = aws_directory_service_directory.corp.password\nIMPORTED = aws_kms_external_key.imported.key_material_base64\nCERTIFICATE = aws_acm_certificate.imported.private_key`) + sensitive + material);
      expect(judged).toEqual([
        "violation environment.0.variables.DIRECTORY_ADMIN: environment variable DIRECTORY_ADMIN holds a value marked secret",
        "violation environment.0.variables.IMPORTED: environment variable IMPORTED holds a value marked secret",
        "undecided environment.0.variables.CERTIFICATE: value is not known to the check",
      ]);
      expect(judged.join("\n")).not.toMatch(/Typed-In|Q2xl/);
    });

    test("a repository token read from the CodeBuild source credential or Amplify app given it is one too; a CodeConnections connection's ARN is none (probe s38, fault 1)", () => {
      const credential = (authType: string) =>
        `resource "aws_codebuild_source_credential" "github" {\n  auth_type   = "${authType}"\n  server_type = "GITHUB"\n  token       = var.given_at_apply\n}\n`;
      expect(judgements(lambda(`REPO_SETTING = aws_codebuild_source_credential.github.token`) + sensitive + credential("PERSONAL_ACCESS_TOKEN"))).toEqual([
        "violation environment.0.variables.REPO_SETTING: environment variable REPO_SETTING holds a credential its provider marks sensitive (aws_codebuild_source_credential token)",
      ]);
      expect(judgements(lambda(`REPO_SETTING = aws_codebuild_source_credential.github.token`) + sensitive + credential("CODECONNECTIONS"))).toEqual([
        "undecided environment.0.variables.REPO_SETTING: value is not known to the check",
      ]);
      const app = `resource "aws_amplify_app" "web" {\n  name         = "web"\n  access_token = "Typed-In-Token-2024"\n}\n`;
      const judged = judgements(lambda(`REPO_SETTING = aws_amplify_app.web.access_token`) + sensitive + app);
      expect(judged).toEqual(["violation environment.0.variables.REPO_SETTING: environment variable REPO_SETTING holds a value marked secret"]);
      expect(judged.join("\n")).not.toContain("Typed-In");
    });

    test("in a plan, a value after_sensitive marks is one too", () => {
      const change = (variables: Record<string, unknown>, sensitiveVariables: Record<string, boolean>) => ({
        format_version: "1.2",
        resource_changes: [
          {
            address: "aws_lambda_function.f",
            mode: "managed",
            type: "aws_lambda_function",
            name: "f",
            change: { actions: ["create"], before: null, after: { function_name: "f", environment: [{ variables }] }, after_unknown: { environment: [{ variables: {} }] }, after_sensitive: { environment: [{ variables: sensitiveVariables }] } },
          },
        ],
        planned_values: {},
      });
      const judge = (plan: object) => resourcesFromPlan(JSON.stringify(plan), "plan.json").resources.flatMap(judged);
      const variables = { PARTNER_SETTING: "zq81-LKJH-99aa-PlanValue", LOG_LEVEL: "info" };
      expect(judge(change(variables, { PARTNER_SETTING: true }))).toEqual(["violation environment.0.variables.PARTNER_SETTING: environment variable PARTNER_SETTING holds a value marked secret"]);
      expect(judge(change(variables, {}))).toEqual([]);
    });
  });

  describe("a value read through a reference named like a credential, under a name that is no credential's (cloudposse github-runners)", () => {
    const inputs = `
variable "github_app" {
  type = object({ id = string, webhook_secret = string })
}
variable "api_token" { default = "tok-opaque-ValueOfTheToken" }
variable "webhook_secret_enabled" { default = "true" }
variable "db_password_secret_arn" { default = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf" }
variable "password_ssm_parameter_name" { default = "/prod/db/password" }
variable "hook_secret_name" { default = "prod/hook" }
variable "hook_secret_id" { default = "prod/hook" }
data "aws_secretsmanager_secret_version" "hook" { secret_id = var.hook_secret_id }
locals {
  signing_key = "sk-opaque-ValueOfTheKey"
}
`;

    test("is that credential, known or not, as it is, in \"${…}\", tostring() or nonsensitive(); the message names the reference, never the value", () => {
      const found = judgements(
        lambda(
          [
            "HOOK = var.github_app.webhook_secret",
            "APP_ID = var.github_app.id",
            'HOOK_AGAIN = "${var.github_app.webhook_secret}"',
            "HOOK_PLAIN = nonsensitive(tostring(var.github_app.webhook_secret))",
            'HOOK_BY_KEY = var.github_app["webhook_secret"]',
            "AUTH = var.api_token",
            "SIGNING = local.signing_key",
            "STORED = data.aws_secretsmanager_secret_version.hook.secret_string",
          ].join("\n"),
        ) + inputs,
      );
      expect(found).toEqual([
        "violation environment.0.variables.HOOK: environment variable HOOK is set from var.github_app.webhook_secret",
        "violation environment.0.variables.HOOK_AGAIN: environment variable HOOK_AGAIN is set from var.github_app.webhook_secret",
        "violation environment.0.variables.HOOK_PLAIN: environment variable HOOK_PLAIN is set from var.github_app.webhook_secret",
        'violation environment.0.variables.HOOK_BY_KEY: environment variable HOOK_BY_KEY is set from var.github_app["webhook_secret"]',
        "violation environment.0.variables.AUTH: environment variable AUTH is set from var.api_token",
        "violation environment.0.variables.SIGNING: environment variable SIGNING is set from local.signing_key",
        "violation environment.0.variables.STORED: environment variable STORED is set from data.aws_secretsmanager_secret_version.hook.secret_string",
      ]);
      expect(found.join("\n")).not.toMatch(/ValueOf/);
    });

    test("through lookup() of its key, the argument try() returns, or a part named like a credential of a secret decoded, it is that credential too; another part is undecided; the message names the reference (probe s37 2)", () => {
      const decoded = `
locals {
  keys = { signing_key = "sk-opaque-ValueOfTheKey" }
  hook = jsondecode(data.aws_secretsmanager_secret_version.hook.secret_string)
}
`;
      const found = judgements(
        lambda(
          [
            'VIA_LOOKUP = lookup(var.github_app, "webhook_secret")',
            'VIA_LOOKUP_DEFAULT = lookup(var.github_app, "webhook_secret", null)',
            'APP_ID = lookup(var.github_app, "id")',
            "VIA_TRY = try(var.github_app.webhook_secret, null)",
            'KNOWN_TRY = try(local.keys.signing_key, "")',
            "FALLEN_BACK = try(local.keys.missing, var.api_token)",
            "FALLEN_BACK_TO_ID = try(local.keys.missing, var.github_app.id)",
            'HOOK_LENGTH = length(lookup(var.github_app, "webhook_secret"))',
            'HOOK_SECRET = jsondecode(data.aws_secretsmanager_secret_version.hook.secret_string)["secret"]',
            'HOOK_BY_LOOKUP = lookup(jsondecode(data.aws_secretsmanager_secret_version.hook.secret_string), "secret", "")',
            'HOOK_VIA_LOCAL = local.hook["secret"]',
            'URL = jsondecode(data.aws_secretsmanager_secret_version.hook.secret_string)["url"]',
          ].join("\n"),
        ) +
          inputs +
          decoded,
      );
      expect(found).toEqual([
        'violation environment.0.variables.VIA_LOOKUP: environment variable VIA_LOOKUP is set from var.github_app["webhook_secret"]',
        'violation environment.0.variables.VIA_LOOKUP_DEFAULT: environment variable VIA_LOOKUP_DEFAULT is set from var.github_app["webhook_secret"]',
        "violation environment.0.variables.VIA_TRY: environment variable VIA_TRY is set from var.github_app.webhook_secret",
        "violation environment.0.variables.KNOWN_TRY: environment variable KNOWN_TRY is set from local.keys.signing_key",
        "violation environment.0.variables.FALLEN_BACK: environment variable FALLEN_BACK is set from var.api_token",
        'violation environment.0.variables.HOOK_SECRET: environment variable HOOK_SECRET is set from jsondecode(data.aws_secretsmanager_secret_version.hook.secret_string)["secret"]',
        'violation environment.0.variables.HOOK_BY_LOOKUP: environment variable HOOK_BY_LOOKUP is set from jsondecode(data.aws_secretsmanager_secret_version.hook.secret_string)["secret"]',
        'violation environment.0.variables.HOOK_VIA_LOCAL: environment variable HOOK_VIA_LOCAL is set from local.hook["secret"]',
        // Another part of the secret may be its host or user name: its sensitive mark leaves it undecided.
        "undecided environment.0.variables.URL: value is not known to the check",
      ]);
      expect(found.join("\n")).not.toMatch(/ValueOf/);
    });

    test("passed on through terraform_data, whose output is its input once applied, it is that credential too (probe s36 7)", () => {
      const passedOn = `
variable "api_token" {
  type      = string
  sensitive = true
}
resource "terraform_data" "cfg" {
  input = { level = "info", token = var.api_token }
}
`;
      const found = judgements(lambda(["VIA_DATA = terraform_data.cfg.output.token", "VIA_INPUT = terraform_data.cfg.input.token", "LEVEL = terraform_data.cfg.output.level"].join("\n")) + passedOn);
      expect(found).toEqual([
        "violation environment.0.variables.VIA_DATA: environment variable VIA_DATA is set from terraform_data.cfg.output.token",
        "violation environment.0.variables.VIA_INPUT: environment variable VIA_INPUT is set from terraform_data.cfg.input.token",
        // Unknown while planning, the output may hold the secret anywhere.
        "undecided environment.0.variables.LEVEL: value is not known to the check",
      ]);
    });

    test("one worked out from it, a switch, or one whose name says it is about a credential (an ARN, a name, an ID) is not", () => {
      const found = judgements(
        lambda(
          [
            "HOOK_LENGTH = length(var.github_app.webhook_secret)",
            "HOOK_HASH = md5(var.github_app.webhook_secret)",
            "CHECKSUM = md5(var.api_token)",
            "HOOKS_ON = var.webhook_secret_enabled",
            "DB = var.db_password_secret_arn",
            "PARAMETER = var.password_ssm_parameter_name",
            "HOOK_NAME = var.hook_secret_name",
            "HOOK_ID = var.hook_secret_id",
            "HOOK_VERSION = data.aws_secretsmanager_secret_version.hook.arn",
          ].join("\n"),
        ) + inputs,
      );
      expect(found).toEqual([]);
    });

    test("read from CDKTF's JSON, the same", () => {
      const stack = {
        variable: { github_app: { type: "object({ id = string, webhook_secret = string })" } },
        resource: {
          aws_lambda_function: {
            f: {
              function_name: "f",
              role: "arn:aws:iam::123456789012:role/f",
              environment: [{ variables: { HOOK: "${var.github_app.webhook_secret}", APP_ID: "${var.github_app.id}", HOOK_LENGTH: "${length(var.github_app.webhook_secret)}" } }],
            },
          },
        },
      };
      expect(judgementsOf({ "cdk.tf.json": JSON.stringify(stack) })).toEqual([
        "violation environment.0.variables.HOOK: environment variable HOOK is set from var.github_app.webhook_secret",
      ]);
    });

    test("in a plan, a string the plan's variables give such a root variable is read from it; a string worked out from it is not", () => {
      const hook = "whsec-opaque-PlanValue";
      const plan = {
        format_version: "1.2",
        variables: { github_app: { value: { id: "12345", webhook_secret: hook } } },
        resource_changes: [
          {
            address: "aws_lambda_function.f",
            mode: "managed",
            type: "aws_lambda_function",
            name: "f",
            change: {
              actions: ["create"],
              before: null,
              after: { function_name: "f", environment: [{ variables: { HOOK: hook, APP_ID: "12345", HOOK_HASH: createHash("md5").update(hook).digest("hex") } }] },
              after_unknown: { environment: [{ variables: {} }] },
              after_sensitive: { environment: [{ variables: {} }] },
            },
          },
        ],
        planned_values: {},
        configuration: {
          root_module: {
            resources: [
              {
                address: "aws_lambda_function.f",
                mode: "managed",
                type: "aws_lambda_function",
                name: "f",
                expressions: {
                  function_name: { constant_value: "f" },
                  environment: [{ variables: { references: ["var.github_app.webhook_secret", "var.github_app", "var.github_app.id", "var.github_app", "var.github_app.webhook_secret", "var.github_app"] } }],
                },
              },
            ],
            variables: { github_app: {} },
          },
        },
      };
      const found = resourcesFromPlan(JSON.stringify(plan), "plan.json").resources.flatMap(judged);
      expect(found).toEqual(["violation environment.0.variables.HOOK: environment variable HOOK is set from var.github_app.webhook_secret"]);
      expect(found.join("\n")).not.toContain(hook);
    });
  });

  describe("a secret is found where it is written, however the map that holds it is built (probe BD)", () => {
    /** Each finding as `path file:line:column`, the file named from the configuration's directory. */
    function locations(files: Record<string, string>): string[] {
      return withFiles(files, (dir) => {
        const { resources } = loadTerraform([dir], { commandLineVariables: [], environment: {} }).units[0];
        return evaluate(resources, [rule], resolveSettings([rule], "service")).map(({ path, location }) => `${path} ${relative(dir, resolve(location.file!))}:${location.line}:${location.column}`);
      });
    }

    const lambdaWith = (variables: string) => `resource "aws_lambda_function" "f" {
  function_name = "f"
  role          = "arn:aws:iam::123456789012:role/f"
  environment {
    variables = ${variables}
  }
}
`;

    test("a key of merge() of literals is where its literal writes it, as in a map written out", () => {
      expect(locations({ "main.tf": lambdaWith(`merge({ LOG_LEVEL = "info" }, {\n      DB_PASSWORD = "hunter2-very-secret-value-123"\n    })`) })).toEqual([
        "environment.0.variables.DB_PASSWORD main.tf:6:7",
      ]);
    });

    test("a key of a local merged in is where the local writes it, in its own file", () => {
      const files = {
        "main.tf": lambdaWith(`merge(local.base, { LOG_LEVEL = "debug" })`),
        "locals.tf": `locals {\n  base = {\n    LOG_LEVEL   = "info"\n    DB_PASSWORD = "hunter2-very-secret-value-123"\n  }\n}\n`,
      };
      expect(locations(files)).toEqual(["environment.0.variables.DB_PASSWORD locals.tf:4:5"]);
    });

    test("a key of the result a conditional chose is where that result writes it", () => {
      const files = {
        "main.tf": lambdaWith(`var.production ? {\n      API_TOKEN = "tok-very-secret-value-abcdef123"\n    } : {}`) + `variable "production" { default = true }\n`,
      };
      expect(locations(files)).toEqual(["environment.0.variables.API_TOKEN main.tf:6:7"]);
    });

    test("a key of a variable's default is where the default writes it: the only place the key is written", () => {
      const files = {
        "main.tf": lambdaWith("var.environment"),
        "variables.tf": `variable "environment" {\n  default = {\n    API_TOKEN = "tok-very-secret-value-abcdef123"\n  }\n}\n`,
      };
      expect(locations(files)).toEqual(["environment.0.variables.API_TOKEN variables.tf:3:5"]);
    });

    test("a key a for expression makes is at the for expression, which writes them all", () => {
      const files = {
        "main.tf": lambdaWith("local.secrets"),
        "locals.tf": `locals {\n  secrets = {\n    for name in ["SESSION_SECRET"] : name => "ss-very-secret-value-abcdef12345"\n  }\n}\n`,
      };
      expect(locations(files)).toEqual(["environment.0.variables.SESSION_SECRET locals.tf:2:13"]);
    });
  });

  test("an ephemeral value in the environment, which Terraform refuses, is reported as Terraform reports it, at its place, not as a plaintext secret", () => {
    const files = {
      "main.tf": `
variable "token" {
  type      = string
  ephemeral = true
}
module "vault" { source = "./vault" }
resource "aws_lambda_function" "f" {
  function_name = "f"
  environment {
    variables = { GITHUB_TOKEN = var.token }
  }
}
resource "aws_lambda_function" "applying" {
  function_name = "applying"
  environment {
    variables = { MODE = terraform.applying ? "apply" : "plan" }
  }
}
resource "aws_lambda_function" "from_module" {
  function_name = module.vault.token
}
resource "aws_db_instance" "write_only" {
  password_wo         = var.token
  password_wo_version = 1
}
`,
      "vault/main.tf": 'output "token" {\n  value     = "s3cr3t-t0ken-value"\n  ephemeral = true\n}\n',
    };
    withFiles(files, (dir) => {
      const loaded = loadTerraform([dir], { commandLineVariables: [], environment: { TF_VAR_token: "ghp_abcdefghijklmnopqrstuvwxyz0123456789" } });
      const refused = (path: string) => `${path} is given an ephemeral value, which Terraform refuses in an argument it keeps in state: only write-only arguments (named *_wo) take one, besides provider, provisioner and connection blocks, locals and ephemeral resources, variables and outputs; ${path} treated as unknown`;
      expect(loaded.diagnostics.map(({ severity, message, file, line }) => `${severity} ${relative(dir, resolve(file!))}:${line}: ${message}`)).toEqual([
        `warning main.tf:10: ${refused("environment.0.variables")}`,
        `warning main.tf:16: ${refused("environment.0.variables")}`,
        `warning main.tf:20: ${refused("function_name")}`,
      ]);
      const byAddress = new Map(loaded.units[0].resources.map((resource) => [resource.address, resource]));
      expect(judged(byAddress.get("aws_lambda_function.f")!)).toEqual(["undecided environment.0.variables: value is not known to the check"]);
      expect(byAddress.get("aws_db_instance.write_only")!.secretPaths).toEqual(["password_wo"]);
      expect(JSON.stringify(loaded.diagnostics)).not.toMatch(/ghp_|s3cr3t/);
    });
  });
});
