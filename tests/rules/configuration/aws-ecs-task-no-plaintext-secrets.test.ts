import { fromPulumi } from "../../../src/adapters/pulumi";
import { loadTerraform } from "../../../src/adapters/terraform";
import { runRule } from "../../../src/engine/evaluate";
import { SECRET_SIG, SECRET_SIG_KEY } from "../../../src/adapters/pulumi/properties";
import { UNKNOWN, UNKNOWN_IDENTIFIER, UNKNOWN_PRESENT } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/configuration/aws-ecs-task-no-plaintext-secrets";
import { withFiles } from "../../support/scratch";

function outcomes(environment: unknown): string[] {
  const containerDefinitions = [{ name: "api", image: UNKNOWN_PRESENT, environment, secrets: [{ name: "TOKEN", valueFrom: UNKNOWN_PRESENT }] }];
  const run = runRule(rule, fromPulumi({ type: "aws:ecs/taskDefinition:TaskDefinition", name: "task", props: { containerDefinitions } }), {});
  return run.applicable ? run.judgements.map((j) => j.outcome) : [];
}

/** The task definition `t` with containers `containers` written in HCL. */
const taskHcl = (containers: string) => `resource "aws_ecs_task_definition" "t" {\n  family = "t"\n  container_definitions = ${containers}\n}\n`;

/**
 * The rule's judgements of the task definition whose containers `containers` writes in HCL, beside a generated
 * password and `more`; with `modules`, the files of the modules it calls, of the one at `address`.
 */
function judgementsOfHcl(containers: string, more = "", modules: Record<string, string> = {}, address = "aws_ecs_task_definition.t"): string[] {
  const main = `resource "random_password" "db" { length = 24 }\n${containers === "" ? "" : taskHcl(containers)}${more}`;
  return withFiles({ "main.tf": main, ...modules }, (dir) => {
    const resource = loadTerraform([dir], { commandLineVariables: [], environment: {} }).units[0].resources.find((candidate) => candidate.address === address)!;
    const run = runRule(rule, resource, {});
    return run.applicable ? run.judgements.map(({ outcome, message }) => `${outcome}: ${message}`) : [];
  });
}

describe("aws-ecs-task-no-plaintext-secrets", () => {
  test("a generated password read as it is into a credential's environment entry of jsonencode's containers is a violation while which one is unknown", () => {
    const entries = `[{ name = "LOG_LEVEL", value = "info" }, { name = "DB_PASSWORD", value = random_password.db.result }]`;
    expect(judgementsOfHcl(`jsonencode([{ name = "app", image = "nginx:1.27.2", environment = ${entries} }])`)).toEqual([
      // The names are written in the code: only the password is marked secret, and hidden.
      "violation: container app sets environment variable DB_PASSWORD to a generated secret (random_password result)",
    ]);
    // Worked on, its mark says a secret went into it, not that it is one: `lower()` of it may be what a switch
    // is worked out to (probe BI). Inside concat(), what the value reads as it is is not followed.
    const undecided = ["undecided: the value of environment variable DB_PASSWORD of container app is not known to the check"];
    expect(judgementsOfHcl(`jsonencode([{ name = "app", environment = [{ name = "DB_PASSWORD", value = lower(random_password.db.result) }] }])`)).toEqual(undecided);
    expect(judgementsOfHcl(`jsonencode(concat([], [{ name = "app", environment = [{ name = "DB_PASSWORD", value = random_password.db.result }] }]))`)).toEqual(undecided);
  });

  test("an undecided message says whose values are not known: each entry's name and its container", () => {
    const entries = `[{ name = "DB_PASSWORD", value = lower(random_password.db.result) }, { name = "API_TOKEN", value = upper(random_password.db.result) }]`;
    expect(judgementsOfHcl(`jsonencode([{ name = "app", image = "nginx:1.27.2", environment = ${entries} }])`)).toEqual([
      "undecided: the values of environment variables DB_PASSWORD, API_TOKEN of container app are not known to the check",
    ]);
  });

  test("a generated password written as it is into a connection URL is in the entry whatever its name; worked on, it stays undecided (probe s36 #6)", () => {
    const url = (password: string) => `jsonencode([{ name = "app", image = "nginx:1.27.2", environment = [{ name = "DATABASE_URL", value = "postgres://app:\${${password}}@db.internal:5432/app" }] }])`;
    const found = judgementsOfHcl(url("random_password.db.result"));
    expect(found).toEqual(["violation: container app sets environment variable DATABASE_URL to a generated secret (random_password result)"]);
    expect(judgementsOfHcl(url("upper(random_password.db.result)"))).toEqual(["undecided: the value of environment variable DATABASE_URL of container app is not known to the check"]);
  });

  test("one that may be short enough to be a switch, of unknown length, encrypted, worked on, or no secret stays undecided, as in a Lambda function's environment", () => {
    const generators = `variable "length" { type = number }
resource "random_password" "short" { length = 4 }
resource "random_password" "sized" { length = var.length }
resource "random_string" "suffix" { length = 24 }
resource "aws_iam_access_key" "encrypted" {
  user    = "ci"
  pgp_key = "keybase:ci"
}
`;
    const undecided = ["undecided: the value of environment variable APP_SECRET of container app is not known to the check"];
    for (const value of ["random_password.short.result", "random_password.sized.result", "aws_iam_access_key.encrypted.secret", "upper(random_password.db.result)", "random_string.suffix.result"]) {
      expect([value, judgementsOfHcl(`jsonencode([{ name = "app", environment = [{ name = "APP_SECRET", value = ${value} }] }])`, generators)]).toEqual([value, undecided]);
    }
  });

  test("a generated password read through a local value or a module's variable as it is is a violation as the direct read is; worked on, it stays undecided", () => {
    const containers = (value: string) => `jsonencode([{ name = "app", image = "nginx:1.27.2", environment = [{ name = "DB_PASSWORD", value = ${value} }] }])`;
    const locals = `locals {\n  db_password = random_password.db.result\n}\n`;
    const violation = ["violation: container app sets environment variable DB_PASSWORD to a generated secret (random_password result)"];
    const undecided = ["undecided: the value of environment variable DB_PASSWORD of container app is not known to the check"];
    expect(judgementsOfHcl(containers("local.db_password"), locals)).toEqual(violation);
    expect(judgementsOfHcl(containers("upper(local.db_password)"), locals)).toEqual(undecided);
    // The variable is named like no credential, or the name would make its value one whatever it is worked out from.
    const app = { "modules/app/main.tf": `variable "database" {}\n${taskHcl(containers("var.database"))}` };
    const call = (value: string) => `module "app" {\n  source   = "./modules/app"\n  database = ${value}\n}\n`;
    expect(judgementsOfHcl("", call("random_password.db.result"), app, "module.app.aws_ecs_task_definition.t")).toEqual(violation);
    expect(judgementsOfHcl("", call("upper(random_password.db.result)"), app, "module.app.aws_ecs_task_definition.t")).toEqual(undecided);
  });

  test("a container after one unknown as a whole keeps its place: a generated password it reads is still found (probe BE)", () => {
    const more = `resource "terraform_data" "image" {\n  input = "x"\n}\n`;
    const sidecar = `{ for k, v in { name = "log-router", image = terraform_data.image.output } : k => v if v != null }`;
    const app = `{ name = "app", image = "nginx:1.27.2", environment = [{ name = "DB_PASSWORD", value = random_password.db.result }] }`;
    expect(judgementsOfHcl(`jsonencode([${sidecar}, ${app}])`, more)).toEqual([
      "undecided: the container at index 0 is not known to the check",
      "violation: container app sets environment variable DB_PASSWORD to a generated secret (random_password result)",
    ]);
  });

  test("a container built by a module, its definition passed whole as the module object, is judged on the outputs it holds", () => {
    // The module's outputs are a container's fields; an output known only after apply leaves the rest judged.
    const container = {
      "modules/container/main.tf": `variable "password" {}\noutput "name" { value = "app" }\noutput "image" { value = "nginx:1.27.2" }\noutput "environment" { value = [{ name = "DB_PASSWORD", value = var.password }] }\noutput "cpu" { value = timestamp() }\n`,
    };
    const call = `module "app" {\n  source   = "./modules/container"\n  password = "hunter2hunter2"\n}\nmodule "each" {\n  source   = "./modules/container"\n  for_each = toset(["a"])\n  password = "hunter2hunter2"\n}\n`;
    const literal = ["violation: container app sets environment variable DB_PASSWORD to a plaintext secret"];
    expect(judgementsOfHcl("jsonencode([module.app])", call, container)).toEqual(literal);
    expect(judgementsOfHcl('jsonencode([module.each["a"]])', call, container)).toEqual(literal);
    expect(judgementsOfHcl("jsonencode(values(module.each))", call, container)).toEqual(literal);
  });

  test("containers rendered by a template_file data source are judged as templatefile() renders them", () => {
    const template = '[{ "name": "app", "environment": [{ "name": "MYSQL_PASSWORD", "value": "${password}" }, { "name": "REPLICAS", "value": "${replicas}" }] }]';
    const files = (password: string) => ({
      "task.json.tpl": template,
      "template.tf": `variable "tag" { type = string }\ndata "template_file" "task" {\n  template = file("\${path.module}/task.json.tpl")\n  vars = { password = ${password}, replicas = 2 }\n}\n`,
    });
    const builtin = (password: string) => `templatefile("\${path.module}/task.json.tpl", { password = ${password}, replicas = "2" })`;
    const literal = ["violation: container app sets environment variable MYSQL_PASSWORD to a plaintext secret"];
    expect(judgementsOfHcl("data.template_file.task.rendered", "", files('"Administrator!123456"'))).toEqual(literal);
    expect(judgementsOfHcl(builtin('"Administrator!123456"'), "", files('"Administrator!123456"'))).toEqual(literal);
    // A var unknown until apply leaves the value unknown, and the text around it known.
    const unknown = ["undecided: the value of environment variable MYSQL_PASSWORD of container app is not known to the check"];
    expect(judgementsOfHcl("data.template_file.task.rendered", "", files("var.tag"))).toEqual(unknown);
    expect(judgementsOfHcl(builtin("var.tag"), "", files("var.tag"))).toEqual(unknown);
  });

  describe("containers templatefile() renders keep the marks of the values its variables fill, as jsonencode's do (probe S36 #8)", () => {
    const template = (environment: string) =>
      `[\n  {\n    "name": "\${name}",\n    "image": "nginx:1.27.2",\n    "environment": [\n      ${environment},\n      { "name": "LOG_LEVEL", "value": "info" }\n    ]\n  }\n]\n`;
    const files = (environment: string, variables: string) => ({ "task.json.tpl": template(environment), "variables.tf": variables });
    const rendered = (vars: string) => `templatefile("\${path.module}/task.json.tpl", { name = "app", ${vars} })`;
    const password = 'variable "db_password" {\n  type      = string\n  sensitive = true\n}\n';
    const passwordEntry = '{ "name": "DB_PASSWORD", "value": "${db_password}" }';

    test("a variable given a reference named like a credential is that credential while its value is unknown, under the container's own name", () => {
      expect(judgementsOfHcl(rendered("db_password = var.db_password"), "", files(passwordEntry, password))).toEqual([
        "violation: container app sets environment variable DB_PASSWORD from var.db_password",
      ]);
    });

    test("a known sensitive value is secret in its own place only: the text around it is named, the value never shown", () => {
      const setting = 'variable "partner" {\n  type      = string\n  sensitive = true\n  default   = "zq81-LKJH-99aa-OpaqueValue"\n}\n';
      const found = judgementsOfHcl(rendered("setting = var.partner"), "", files('{ "name": "PARTNER_SETTING", "value": "${setting}" }', setting));
      expect(found).toEqual(["violation: container app sets environment variable PARTNER_SETTING to a value marked secret"]);
      expect(found.join("\n")).not.toContain("OpaqueValue");
      // Written into a longer text, the text is the secret's place.
      const url = '{ "name": "DATABASE_URL", "value": "postgres://app:${setting}@db.internal/app" }';
      const inUrl = judgementsOfHcl(rendered("setting = var.partner"), "", files(url, setting));
      expect(inUrl).toEqual(["violation: container app sets environment variable DATABASE_URL to a password in a URL"]);
      expect(inUrl.join("\n")).not.toContain("OpaqueValue");
    });

    test("where the document's structure, or where the sensitive value goes, is not known, the whole text stays marked and the value undecided", () => {
      const around = ["undecided: the value of environment variable DB_PASSWORD of the container at index 0 is not known to the check"];
      // Written outside a string, the unknown value could be any JSON: the document is unknown.
      expect(judgementsOfHcl(rendered("db_password = var.db_password"), "", files('{ "name": "DB_PASSWORD", "value": ${db_password} }', password))).toEqual([
        "undecided: value is not known to the check",
      ]);
      // Read in a condition, the value chooses the text: its own place in it is not one text.
      const chosen = '{ "name": "DB_PASSWORD", "value": "%{ if db_password != "" }${db_password}%{ endif }" }';
      expect(judgementsOfHcl(rendered("db_password = var.db_password"), "", files(chosen, password))).toEqual(around);
      // Entries a `%{ for }` writes over a list not known until apply could be any JSON.
      const looped = '%{ for entry in entries }{ "name": "${entry}", "value": "x" },%{ endfor }{ "name": "DB_PASSWORD", "value": "${db_password}" }';
      const entries = 'variable "entries" {\n  type = list(string)\n}\n';
      expect(judgementsOfHcl(rendered("db_password = var.db_password, entries = var.entries"), "", files(looped, password + entries))).toEqual([
        "undecided: value is not known to the check",
      ]);
    });
  });

  test("a literal secret beside a value read from a file absent when the check runs (built later, ignored by git) is still reported; the file alone decides nothing", () => {
    const containers = (entries: string) => `jsonencode([{ name = "app", image = "nginx:1.27.2", environment = [${entries}] }])`;
    const config = `{ name = "CONFIG", value = file("\${path.module}/config/app.json") }`;
    expect(judgementsOfHcl(containers(`${config}, { name = "DB_PASSWORD", value = "hunter2hunter2" }`))).toEqual([
      "violation: container app sets environment variable DB_PASSWORD to a plaintext secret",
    ]);
    expect(judgementsOfHcl(containers(config))).toEqual([]);
    expect(judgementsOfHcl(containers(`{ name = "DB_PASSWORD", value = file("\${path.module}/secrets/db.txt") }`))).toEqual([
      "undecided: the value of environment variable DB_PASSWORD of container app is not known to the check",
    ]);
  });

  test("a structured definition (jsonencode) is decided on its environment, whatever else is unknown", () => {
    expect(outcomes([{ name: "LOG_LEVEL", value: "info" }, { name: "QUEUE_URL", value: UNKNOWN_PRESENT }])).toEqual([]);
    expect(outcomes([{ name: "DB_PASSWORD", value: "hunter2-prod" }])).toEqual(["violation"]);
  });

  test("a count of tokens or a switch is no secret, even under a name not known yet", () => {
    expect(outcomes([{ name: "OPENAI_MAX_TOKENS", value: "1000" }, { name: "TOKENIZERS_PARALLELISM", value: "false" }, { name: UNKNOWN, value: "false" }])).toEqual([]);
  });

  test("a date or time is no secret under a token's name or a name not known yet; a token starting with one is (probe AK)", () => {
    expect(outcomes([{ name: "TOKEN_EXPIRES_AT", value: "2025-01-01T00:00:00Z" }, { name: UNKNOWN, value: "0001-01-01T00:00:00Z" }])).toEqual([]);
    expect(outcomes([{ name: "API_TOKEN", value: "2024-01-01T00:00:00Zk9XqL2vWp7" }])).toEqual(["violation"]);
  });

  test("an unknown environment, or an unknown value under a credential's name, is undecided", () => {
    expect(outcomes(UNKNOWN)).toEqual(["undecided"]);
    expect(outcomes([UNKNOWN])).toEqual(["undecided"]);
    expect(outcomes([{ name: "SESSION_SECRET", value: UNKNOWN }])).toEqual(["undecided"]);
    expect(outcomes([{ name: UNKNOWN, value: "hunter2-prod" }])).toEqual(["undecided"]);
    // A string built around another resource's ARN could still carry a typed-in secret.
    expect(outcomes([{ name: "SESSION_SECRET", value: UNKNOWN_PRESENT }])).toEqual(["undecided"]);
  });

  describe("containers marked secret as a whole, as a policy pack receives Pulumi's jsonStringify of a secret (probe BA)", () => {
    /** The rule's judgements of the containers, their definitions one secret text. */
    const judgementsOfWholeSecret = (environment: unknown[]): string[] => {
      const containerDefinitions = { [SECRET_SIG_KEY]: SECRET_SIG, value: JSON.stringify([{ name: "app", image: "nginx:1.27.2", environment }]) };
      const run = runRule(rule, fromPulumi({ type: "aws:ecs/taskDefinition:TaskDefinition", name: "task", props: { containerDefinitions } }), {});
      return run.applicable ? run.judgements.map(({ outcome, message }) => `${outcome}: ${message}`) : [];
    };

    test("a plaintext environment variable may be the secret: undecided, naming neither variable nor value", () => {
      expect(judgementsOfWholeSecret([{ name: "LOG_LEVEL", value: "info" }, { name: "PARTNER_SETTING", value: "zq81-LKJH-99aa-OpaqueValue" }])).toEqual([
        // Which text is the secret is not told: every text of the document is hidden, names too.
        "undecided: the container at index 0 sets environment variables [secret], [secret] in container definitions that hold a value marked secret; which value it is is not told",
      ]);
    });

    test("a secret the rule finds may be what is marked; a switch is none", () => {
      expect(judgementsOfWholeSecret([{ name: "LOG_LEVEL", value: "info" }, { name: "CACHE_PASSWORD", value: "zq81-LKJH-99aa-OpaqueValue" }])).toEqual([
        "violation: the container at index 0 sets environment variable [secret] to a plaintext secret",
      ]);
      expect(judgementsOfWholeSecret([{ name: "DEBUG", value: "false" }])).toEqual([]);
    });
  });

  describe("a value Terraform marks sensitive inside the containers jsonencode writes is secret there, not the names around it (probes BI, BJ)", () => {
    const variables = `variable "partner_setting" {\n  type      = string\n  sensitive = true\n  default   = "zq81-LKJH-99aa-OpaqueValue"\n}\nvariable "db_password" {\n  type      = string\n  sensitive = true\n}\nvariable "database" {\n  type      = string\n  sensitive = true\n}\n`;
    const database = `resource "aws_db_instance" "db" {\n  engine   = "mysql"\n  password = var.db_password\n}\n`;
    const containers = (environment: string, name = `"app"`) => `jsonencode([{ name = ${name}, image = "nginx:1.27.2", environment = [${environment}] }])`;

    test("a known value marked sensitive is a secret in plaintext under any name, but for a switch", () => {
      expect(judgementsOfHcl(containers(`{ name = "LOG_LEVEL", value = "info" }, { name = "PARTNER_SETTING", value = var.partner_setting }`), variables)).toEqual([
        "violation: container app sets environment variable PARTNER_SETTING to a value marked secret",
      ]);
      expect(judgementsOfHcl(containers(`{ name = "LOG_LEVEL", value = "info" }, { name = "CACHE_SALT", value = random_password.db.result }`))).toEqual([
        "violation: container app sets environment variable CACHE_SALT to a generated secret (random_password result)",
      ]);
      expect(judgementsOfHcl(containers(`{ name = "DEBUG", value = var.partner_setting }`), variables.replace("zq81-LKJH-99aa-OpaqueValue", "false"))).toEqual([]);
    });

    test("a value not known that is marked sensitive is a secret in plaintext where it reads a database's password or a credential's name as it is; anything else is undecided", () => {
      // The wordpress task of pulumi/examples aws-ts-wordpress-fargate-rds, which Pulumi reports too: the provider's
      // schema marks a database's password sensitive, as Terraform does wherever it is read.
      expect(judgementsOfHcl(containers(`{ name = "WORDPRESS_DB_PASSWORD", value = aws_db_instance.db.password }`), variables + database)).toEqual([
        "violation: container app sets environment variable WORDPRESS_DB_PASSWORD to a credential its provider marks sensitive (aws_db_instance password)",
      ]);
      // Where AWS keeps the password, the configuration gives none: the attribute is null.
      const managed = database.replace("password = var.db_password", "manage_master_user_password = true");
      expect(judgementsOfHcl(containers(`{ name = "WORDPRESS_DB_PASSWORD", value = aws_db_instance.db.password }`), variables + managed)).toEqual([
        "undecided: the value of environment variable WORDPRESS_DB_PASSWORD of container app is not known to the check",
      ]);
      expect(judgementsOfHcl(containers(`{ name = "WORDPRESS_DB_PASSWORD", value = var.db_password }`), variables)).toEqual([
        "violation: container app sets environment variable WORDPRESS_DB_PASSWORD from var.db_password",
      ]);
      // A sensitive variable's value may be read as it is or worked out (`upper(var.database)`): which is not
      // recorded, so the mark alone does not decide, as in a Lambda function's environment.
      for (const name of ["WORDPRESS_DB_PASSWORD", "PARTNER_SETTING"]) {
        expect(judgementsOfHcl(containers(`{ name = "${name}", value = var.database }`), variables)).toEqual([
          `undecided: the value of environment variable ${name} of container app is not known to the check`,
        ]);
      }
      // Read through a reference named like a credential, it is that credential under any name.
      expect(judgementsOfHcl(containers(`{ name = "PARTNER_SETTING", value = var.db_password }`), variables)).toEqual([
        "violation: container app sets environment variable PARTNER_SETTING from var.db_password",
      ]);
    });

    test("a container name worked out from a sensitive value is not named", () => {
      expect(judgementsOfHcl(containers(`{ name = "API_TOKEN", value = "ghp_abcdefghijklmnopqrstuvwxyz0123456789" }`, "var.partner_setting"), variables)).toEqual([
        "violation: the container at index 0 sets environment variable API_TOKEN to a plaintext secret",
      ]);
    });
  });

  test("another resource's ID or ARN under a credential's name is a reference, not a plaintext secret", () => {
    expect(outcomes([{ name: "STRIPE_SECRET", value: UNKNOWN_IDENTIFIER }])).toEqual([]);
  });

  describe("a value read through a reference named like a credential, under a name that is no credential's (cloudposse github-runners)", () => {
    const inputs = `
variable "github_app" {
  type = object({ id = string, webhook_secret = string })
}
variable "hook_secret_arn" { default = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hook-AbCdEf" }
`;
    const entries = [
      '{ name = "HOOK", value = var.github_app.webhook_secret }',
      '{ name = "APP_ID", value = var.github_app.id }',
      '{ name = "HOOK_LENGTH", value = tostring(length(var.github_app.webhook_secret)) }',
      '{ name = "HOOK_HASH", value = md5(var.github_app.webhook_secret) }',
      '{ name = "HOOK_ARN", value = var.hook_secret_arn }',
    ].join(", ");
    const found = ["violation: container app sets environment variable HOOK from var.github_app.webhook_secret"];

    test("is that credential while its value is unknown; one worked out from it, or an ARN, is not", () => {
      expect(judgementsOfHcl(`jsonencode([{ name = "app", image = "nginx:1.27.2", environment = [${entries}] }])`, inputs)).toEqual(found);
    });

    test("a part named like a credential of a secret decoded is that secret, under any name; another part is undecided (probe s37 2)", () => {
      const secret = `data "aws_secretsmanager_secret_version" "db" { secret_id = "app/db" }\n`;
      const entry = (name: string, key: string) => `{ name = "${name}", value = jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)["${key}"] }`;
      const judged = (name: string, key: string) => judgementsOfHcl(`jsonencode([{ name = "app", image = "nginx:1.27.2", environment = [${entry(name, key)}] }])`, inputs + secret);
      expect(judged("DATABASE_SETTING", "password")).toEqual([
        'violation: container app sets environment variable DATABASE_SETTING from jsondecode(data.aws_secretsmanager_secret_version.db.secret_string)["password"]',
      ]);
      expect(judged("DATABASE_HOST", "host")).toEqual(["undecided: the value of environment variable DATABASE_HOST of container app is not known to the check"]);
    });

    test("read from CDKTF's JSON, the same", () => {
      const stack = {
        variable: { github_app: { type: "object({ id = string, webhook_secret = string })" }, hook_secret_arn: { default: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hook-AbCdEf" } },
        resource: { aws_ecs_task_definition: { t: { family: "t", container_definitions: `\${jsonencode([{ name = "app", image = "nginx:1.27.2", environment = [${entries}] }])}` } } },
      };
      const judged = withFiles({ "cdk.tf.json": JSON.stringify(stack) }, (dir) => {
        const [resource] = loadTerraform([dir], { commandLineVariables: [], environment: {} }).units[0].resources;
        const run = runRule(rule, resource, {});
        return run.applicable ? run.judgements.map(({ outcome, message }) => `${outcome}: ${message}`) : [];
      });
      expect(judged).toEqual(found);
    });
  });
});
