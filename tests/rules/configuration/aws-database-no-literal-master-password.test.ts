import { mkdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { join, relative, resolve } from "path";
import { fromPulumi, type PulumiResource } from "../../../src/adapters/pulumi";
import { loadTerraform } from "../../../src/adapters/terraform";
import { parseHcl } from "../../../src/adapters/terraform/hcl/parser";
import { resourcesFromPlan } from "../../../src/adapters/terraform/plan";
import type { CommandLineVariable } from "../../../src/adapters/terraform/variables";
import { pulumiMessage } from "../../../src/adapters/pulumi/names";
import { checkPaths } from "../../../src/cli/check";
import { runRule } from "../../../src/engine/evaluate";
import { reporters } from "../../../src/reporters";
import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/configuration/aws-database-no-literal-master-password";
import { planFromResources } from "../../support/plan-fixture";
import { terraformFixtures } from "../../support/terraform-fixtures";
import { withFiles, writeFiles } from "../../support/scratch";

/** A Pulumi secret in the engine's wire form. */
const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
/** A Pulumi secret whose value is unknown during preview. */
const SECRET_UNKNOWN = secret(UNKNOWN);

const outcomes = (type: string, props: Record<string, unknown>) => {
  const run = runRule(rule, fromPulumi({ type, name: "db", props }), {});
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}`) : [];
};

describe("aws-database-no-literal-master-password", () => {
  test("a secret-store reference is not a literal", () => {
    expect(outcomes("aws:rds/cluster:Cluster", { masterPassword: "{{resolve:secretsmanager:prod/db:SecretString:password}}" })).toEqual([]);
  });

  test("unknown passwords are undecided, also secret ones in the stored argument", () => {
    expect(outcomes("aws:rds/instance:Instance", { password: UNKNOWN })).toEqual(["undecided password"]);
    expect(outcomes("aws:rds/instance:Instance", { password: SECRET_UNKNOWN })).toEqual(["undecided password"]);
    expect(outcomes("aws:rds/instance:Instance", { passwordWo: UNKNOWN })).toEqual(["undecided password_wo"]);
  });

  test("a write-only password from a secret is compliant even while unknown", () => {
    expect(outcomes("aws:rds/instance:Instance", { passwordWo: SECRET_UNKNOWN, passwordWoVersion: 1 })).toEqual([]);
  });

  test("the message names the property, never the value", () => {
    const run = runRule(rule, fromPulumi({ type: "aws:rds/instance:Instance", name: "db", props: { password: "hunter2-prod" } }), {});
    expect(run.applicable && run.judgements[0].message).toBe("password is a literal master password, kept in state");
  });

  test("a known secret whose origin is untold (the pack's Analyze) is undecided; told, one typed in or from plain config is reported, one from secret config or another resource is undecided", () => {
    const judge = (resource: Partial<PulumiResource>) => {
      const run = runRule(rule, fromPulumi({ type: "aws:rds/instance:Instance", name: "db", props: {}, ...resource }), {});
      return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}: ${j.message}`) : [];
    };
    const untraced = [
      "undecided password: password is a secret of unseen origin: typed in, from config, generated or from a secret store, it looks the same here, and is kept in state either way; a credential kept out of state (managed by Secrets Manager, write-only, or replaced by IAM authentication) settles it",
    ];
    const literal = ["violation password: password is a literal master password, kept in state"];
    // `new random.RandomPassword(...).result` during `pulumi up`, and pulumi-aws, which marks every password secret.
    expect(judge({ props: { password: secret("Zk3-pQ9-vL2-xR7") } })).toEqual(untraced);
    expect(judge({ props: { password: "changeme-2024" }, secretPaths: ["password"] })).toEqual(untraced);
    expect(judge({ props: { password: "changeme-2024" } })).toEqual(literal);
    // The offline runner tells each input's property dependencies: none for one typed in or read from config; and
    // which inputs hold the stack's secret configuration.
    expect(judge({ props: { password: secret("Zk3-pQ9-vL2-xR7"), username: "app" }, propertyDependencies: { password: [], username: [] } })).toEqual(literal);
    const workedOut = ["undecided password: password is worked out from the stack's secret configuration or another resource's outputs"];
    expect(judge({ props: { password: secret("Zk3-pQ9-vL2-xR7") }, propertyDependencies: { password: ["urn:pulumi:dev::app::aws:secretsmanager/secretVersion:SecretVersion::db"] } })).toEqual(workedOut);
    expect(judge({ props: { password: secret("Zk3-pQ9-vL2-xR7"), username: "app" }, propertyDependencies: { password: [], username: [] }, secretConfigInputs: ["password"] })).toEqual(workedOut);
    // A reference to a secret store is compliant, secret or not.
    expect(judge({ props: { password: secret("{{resolve:secretsmanager:prod/db:SecretString:password}}") } })).toEqual([]);
  });

  test("Redshift's managed password passes", () => {
    expect(outcomes("aws:redshift/cluster:Cluster", { manageMasterPassword: true, masterUsername: "admin" })).toEqual([]);
  });

  test("a password handed in at run (TF_VAR_, --var) is not written in the code: undecided, as in a plan; one in a tfvars file is", () => {
    const main = `variable "db_password" { sensitive = true }
variable "wo_password" {}
resource "aws_db_instance" "db" {
  password    = var.db_password
  password_wo = var.wo_password
}`;
    withFiles({ "main.tf": main }, (dir) => {
      const judge = (files: Record<string, string>, commandLineVariables: CommandLineVariable[], environment: Record<string, string> = {}) => {
        writeFiles(dir, files);
        const [resource] = loadTerraform([dir], { commandLineVariables, environment }).units[0].resources;
        const run = runRule(rule, resource, {});
        return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}: ${j.message}`) : [];
      };
      const workedOut = (path: string) => `undecided ${path}: ${path} is worked out from a variable, a local, another resource or a function such as file(), which may hold a literal`;
      expect(judge({}, [], { TF_VAR_db_password: "q7Vn2-Lk9pZ-x8Rw3", TF_VAR_wo_password: "q7Vn2-Lk9pZ-x8Rw3" })).toEqual([workedOut("password"), workedOut("password_wo")]);
      expect(judge({}, [{ var: "db_password=q7Vn2-Lk9pZ-x8Rw3" }, { var: "wo_password=q7Vn2-Lk9pZ-x8Rw3" }])).toEqual([workedOut("password"), workedOut("password_wo")]);
      const tfvars = 'db_password = "q7Vn2-Lk9pZ-x8Rw3"\nwo_password = "q7Vn2-Lk9pZ-x8Rw3"\n';
      expect(judge({ "terraform.tfvars": tfvars }, [])).toEqual([
        "violation password: password is a literal master password, kept in state",
        "violation password_wo: password_wo is a master password written in source code",
      ]);
      // The file is read first: the value handed in afterwards is the one Terraform uses.
      expect(judge({ "terraform.tfvars": tfvars }, [{ var: "db_password=q7Vn2-Lk9pZ-x8Rw3" }])).toEqual([
        workedOut("password"),
        "violation password_wo: password_wo is a master password written in source code",
      ]);
    });
  });

  test("a literal password chosen by a value handed in at run (a condition, an index or lookup key) is still written in the code; a null one is no password", () => {
    const main = `variable "env" { default = "prod" }
variable "overrides" {
  type    = map(string)
  default = {}
}
locals {
  admin_password = { dev = "Dev-Passw0rd-2024", prod = "Prod-Passw0rd-2024" }
}
resource "aws_db_instance" "by_condition" {
  manage_master_user_password = var.env == "prod" ? true : null
  password                    = var.env == "prod" ? null : "Dev-Passw0rd-2024"
}
resource "aws_db_instance" "by_index" {
  password = local.admin_password[var.env]
}
resource "aws_db_instance" "by_lookup" {
  password = lookup(local.admin_password, var.env)
}
resource "aws_db_instance" "by_filter" {
  password = one([for env, password in local.admin_password : password if env == var.env])
}
resource "aws_db_instance" "by_element" {
  password = element(values(local.admin_password), var.env == "dev" ? 0 : 1)
}
resource "aws_db_instance" "overridden" {
  password = lookup(var.overrides, "password", null)
}`;
    withFiles({ "main.tf": main }, (dir) => {
      const judge = (commandLineVariables: CommandLineVariable[], environment: Record<string, string> = {}) =>
        loadTerraform([dir], { commandLineVariables, environment }).units[0].resources.flatMap((resource) => {
          const run = runRule(rule, resource, {});
          return run.applicable ? run.judgements.map((j) => `${resource.name} ${j.outcome}`) : [];
        });
      const literals = ["by_index violation", "by_lookup violation", "by_filter violation", "by_element violation"];
      expect(judge([{ var: "env=dev" }])).toEqual(["by_condition violation", ...literals]);
      expect(judge([], { TF_VAR_env: "prod", TF_VAR_overrides: "{}" })).toEqual(literals);
      // The value itself handed in at run is not written in the code.
      expect(judge([{ var: 'overrides={ password = "q7Vn2-Lk9pZ-x8Rw3" }' }])).toEqual([...literals, "overridden undecided"]);
    });
  });

  test("a committed tfvars value fed to a write-only argument through a sensitive or ephemeral variable is written in the code, as its stored twin is", () => {
    const main = `variable "sensitive_password" {
  sensitive = true
}
variable "ephemeral_password" {
  ephemeral = true
}
resource "aws_db_instance" "db" {
  password_wo = var.sensitive_password
}
resource "aws_rds_cluster" "db" {
  master_password_wo = var.ephemeral_password
}`;
    withFiles({ "main.tf": main }, (dir) => {
      const judge = (file: string, text: string, commandLineVariables: CommandLineVariable[] = []) => {
        writeFileSync(join(dir, file), text);
        try {
          return loadTerraform([dir], { commandLineVariables, environment: {} }).units[0].resources.flatMap((resource) => {
            const run = runRule(rule, resource, {});
            return run.applicable ? run.judgements.map((j) => `${resource.kind} ${j.outcome} ${j.path}: ${j.message}`) : [];
          });
        } finally {
          rmSync(join(dir, file));
        }
      };
      const written = [
        "aws_db_instance violation password_wo: password_wo is a master password written in source code",
        "aws_rds_cluster violation master_password_wo: master_password_wo is a master password written in source code",
      ];
      const hcl = 'sensitive_password = "q7Vn2-Lk9pZ-x8Rw3"\nephemeral_password = "q7Vn2-Lk9pZ-x8Rw3"\n';
      const json = JSON.stringify({ sensitive_password: "q7Vn2-Lk9pZ-x8Rw3", ephemeral_password: "q7Vn2-Lk9pZ-x8Rw3" });
      expect(judge("terraform.tfvars", hcl)).toEqual(written);
      expect(judge("terraform.tfvars.json", json)).toEqual(written);
      expect(judge("secrets.auto.tfvars", hcl)).toEqual(written);
      expect(judge("secrets.auto.tfvars.json", json)).toEqual(written);
      // Handed in at run, over the committed value: a secret that is not in the code, and never stored.
      const handedIn = [{ var: "sensitive_password=q7Vn2-Lk9pZ-x8Rw3" }, { var: "ephemeral_password=q7Vn2-Lk9pZ-x8Rw3" }];
      expect(judge("terraform.tfvars", hcl, handedIn)).toEqual([]);
    });
  });

  test("a password in a tfvars file never committed (outside the checked paths, or ignored by git) is handed in at run: undecided", () => {
    const main = 'variable "db_password" { sensitive = true }\nresource "aws_db_instance" "db" {\n  password = var.db_password\n}\n';
    withFiles({ "project/main.tf": main }, (dir) => {
      const project = join(dir, "project");
      mkdirSync(join(project, ".git"));
      const tfvars = 'db_password = "q7Vn2-Lk9pZ-x8Rw3"\n';
      const judge = (commandLineVariables: CommandLineVariable[]) => {
        const [resource] = loadTerraform([project], { commandLineVariables, environment: {} }).units[0].resources;
        const run = runRule(rule, resource, {});
        return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}: ${j.message}`) : [];
      };
      const workedOut = "undecided password: password is worked out from a variable, a local, another resource or a function such as file(), which may hold a literal";
      // CI writes the pipeline's secrets to a file of its own and passes it: not in the repository.
      writeFileSync(join(dir, "ci-secrets.tfvars"), tfvars);
      expect(judge([{ varFile: join(dir, "ci-secrets.tfvars") }])).toEqual([workedOut]);
      writeFileSync(join(project, "secrets.auto.tfvars"), tfvars);
      writeFileSync(join(project, ".gitignore"), "*.tfvars\n");
      expect(judge([])).toEqual([workedOut]);
      // The same file committed is written in source.
      writeFileSync(join(project, ".gitignore"), "");
      expect(judge([])).toEqual(["violation password: password is a literal master password, kept in state"]);
    });
  });

  describe("a literal a variable's default or a committed tfvars file gives is located where it is written, and read at the argument (probe s36 5)", () => {
    const PASSWORD = "Sup3r-Default-Pass-77";
    const main = 'resource "aws_db_instance" "db" {\n  password = var.db_password\n}\n';
    const variables = `variable "db_password" {\n  type    = string\n  default = "${PASSWORD}"\n}\n`;
    /** `<outcome> <file>:<line>:<column> [read at <file>:<line>:<column>]` of each PR-CFG-004 finding a check of `files` makes, files from its directory. */
    const placed = (files: Record<string, string>, commandLineVariables: CommandLineVariable[] = [], environment: Record<string, string> = {}) =>
      withFiles(files, (dir) => {
        const { report } = checkPaths({ paths: [dir], commandLineVariables, environment, today: "2026-01-01", profile: "service" });
        const at = (place: { file?: string; line?: number; column?: number }) => `${relative(dir, resolve(place.file!))}:${place.line}:${place.column}`;
        return report.findings
          .filter((finding) => finding.ruleId === "PR-CFG-004")
          .map((finding) => `${finding.outcome} ${at(finding.location)}${finding.readAt ? ` read at ${at(finding.readAt)}` : ""}`);
      });

    test("a root variable's default: at the default, read where the resource reads it", () => {
      expect(placed({ "main.tf": main, "variables.tf": variables })).toEqual(["violation variables.tf:3:3 read at main.tf:2:3"]);
    });

    test("a module variable's default: at the default in the module, for an instance that was given no value", () => {
      const module = `${variables}resource "aws_db_instance" "db" {\n  password = var.db_password\n}\n`;
      const calls = 'module "defaulted" {\n  source = "./db"\n}\nmodule "given" {\n  source      = "./db"\n  db_password = "An0ther-Literal-88"\n}\n';
      expect(placed({ "main.tf": calls, "db/main.tf": module }).sort()).toEqual(["violation db/main.tf:3:3 read at db/main.tf:6:3", "violation main.tf:6:3 read at db/main.tf:6:3"]);
    });

    test("a committed terraform.tfvars: at its line, over the default", () => {
      const tfvars = `# the database\ndb_password = "${PASSWORD}"\n`;
      expect(placed({ "main.tf": main, "variables.tf": variables, "terraform.tfvars": tfvars })).toEqual(["violation terraform.tfvars:2:15 read at main.tf:2:3"]);
    });

    test("a prodready:ignore comment on or above the assignment in a committed tfvars file covers it; one that covers nothing is unused", () => {
      const tfvars = `# prodready:ignore PR-CFG-004 a throwaway database for the demo\ndb_password = "${PASSWORD}"\nunrelated = "x" # prodready:ignore PR-CFG-004 nothing reads it\n`;
      const unusedVariable = 'variable "unrelated" {\n  type = string\n}\n';
      withFiles({ "main.tf": main, "variables.tf": variables + unusedVariable, "terraform.tfvars": tfvars }, (dir) => {
        const { report } = checkPaths({ paths: [dir], commandLineVariables: [], environment: {}, today: "2026-01-01", profile: "service" });
        expect(report.findings.filter((finding) => finding.ruleId === "PR-CFG-004")).toEqual([]);
        expect(report.diagnostics.filter((diagnostic) => diagnostic.code === "unused-suppression").map(({ file, line }) => `${relative(dir, resolve(file!))}:${line}`)).toEqual(["terraform.tfvars:3"]);
      });
    });

    test("a committed *.auto.tfvars: at its line, over terraform.tfvars", () => {
      const tfvars = `db_password = "${PASSWORD}"\n`;
      expect(placed({ "main.tf": main, "variables.tf": variables, "terraform.tfvars": tfvars, "db.auto.tfvars": `\n\n${tfvars}` })).toEqual(["violation db.auto.tfvars:3:15 read at main.tf:2:3"]);
    });

    test("a value handed in at run (--var, TF_VAR_) has no place in the code: the finding stays at the argument that reads it", () => {
      const files = { "main.tf": main, "variables.tf": variables };
      // Over the default, which alone is located where it is written.
      expect(placed(files)).toEqual(["violation variables.tf:3:3 read at main.tf:2:3"]);
      expect(placed(files, [{ var: `db_password=${PASSWORD}` }])).toEqual(["undecided main.tf:2:3"]);
      expect(placed(files, [], { TF_VAR_db_password: PASSWORD })).toEqual(["undecided main.tf:2:3"]);
    });

    test("a prodready:ignore comment above the default or on the variable covers it, as one above the argument that reads it does; one on another variable does not", () => {
      const ignore = "# prodready:ignore PR-CFG-004 a throwaway test database";
      /** The PR-CFG-004 findings and the suppression warnings of a check where `variables` declares the variable. */
      const judged = (variablesText: string, mainText = main) =>
        withFiles({ "main.tf": mainText, "variables.tf": variablesText }, (dir) => {
          const { report } = checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "service" });
          return [...report.findings.filter((finding) => finding.ruleId === "PR-CFG-004").map((finding) => finding.path), ...report.diagnostics.filter((diagnostic) => diagnostic.code.includes("suppression")).map((diagnostic) => diagnostic.code)];
        });
      expect(judged(variables.replace("  default", `  ${ignore}\n  default`))).toEqual([]);
      expect(judged(`${ignore}\n${variables}`)).toEqual([]);
      expect(judged(variables, main.replace("  password", `  ${ignore}\n  password`))).toEqual([]);
      expect(judged(`${ignore}\nvariable "other" {\n  default = "x"\n}\n${variables}`)).toEqual(["password", "unused-suppression"]);
    });

    test.each([...reporters.keys()])("the %s report names neither the default's nor the tfvars file's value", (format) => {
      const TFVARS_PASSWORD = "Tfvars-Committed-Pass-55";
      const second = 'variable "other_password" {}\nresource "aws_db_instance" "other" {\n  password = var.other_password\n}\n';
      withFiles({ "main.tf": main + second, "variables.tf": variables, "terraform.tfvars": `other_password = "${TFVARS_PASSWORD}"\n` }, (dir) => {
        const { report, baselineText } = checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "service" });
        expect(report.findings.filter((finding) => finding.ruleId === "PR-CFG-004").map((finding) => finding.location.file!.split("/").pop())).toEqual(["variables.tf", "terraform.tfvars"]);
        const output = reporters.get(format)!.render(report, { color: false });
        expect(output).toContain("PR-CFG-004");
        for (const secret of [PASSWORD, TFVARS_PASSWORD]) {
          expect(output).not.toContain(secret);
          expect(baselineText).not.toContain(secret);
        }
      });
    });
  });

  describe("in a plan, where write-only arguments are null and marked sensitive whatever they are given", () => {
    const judgePlan = (source: string) =>
      resourcesFromPlan(source, "plan.json").resources.flatMap((resource) => {
        const run = runRule(rule, resource, {});
        return run.applicable ? run.judgements.map((j) => `${resource.name} ${j.outcome} ${j.path}: ${j.message}`) : [];
      });

    test("one the configuration writes as a constant is reported, without its value; anything else but an ephemeral resource is undecided", () => {
      const instance = (name: string, expression: unknown) => ({
        change: {
          address: `aws_db_instance.${name}`,
          mode: "managed",
          type: "aws_db_instance",
          name,
          change: { actions: ["create"], before: null, after: { engine: "postgres", password: null, password_wo: null, password_wo_version: 1 }, after_unknown: { id: true }, after_sensitive: { password: true, password_wo: true } },
        },
        configured: { address: `aws_db_instance.${name}`, mode: "managed", type: "aws_db_instance", name, provider_config_key: "aws", expressions: { engine: { constant_value: "postgres" }, password_wo: expression, password_wo_version: { constant_value: 1 } } },
      });
      const instances = [
        instance("typed", { constant_value: "Typed-In-2024" }),
        instance("variable", { references: ["var.db_password"] }),
        instance("function", {}),
        instance("opened", { references: ["ephemeral.aws_secretsmanager_secret_version.db.secret_string", "ephemeral.aws_secretsmanager_secret_version.db"] }),
        instance("unset", { constant_value: null }),
      ];
      const plan = JSON.stringify({
        format_version: "1.2",
        resource_changes: instances.map((entry) => entry.change),
        planned_values: {},
        configuration: { root_module: { resources: instances.map((entry) => entry.configured) } },
      });
      const judged = judgePlan(plan);
      expect(judged).toEqual([
        "typed violation password_wo: password_wo is a master password written in source code",
        "variable undecided password_wo: value is not known to the check",
        "function undecided password_wo: value is not known to the check",
      ]);
      const [typed] = resourcesFromPlan(plan, "plan.json").resources;
      expect(typed.secretPaths).toContain("password_wo");
    });

    test("the rule's fixture plan reports the secrets its configuration writes as constants; one from a variable, a local or a function is undecided there", () => {
      // A plan's configuration keeps no value for an expression that reads a variable or a local or calls a function,
      // and a plan has no locals: the literal default, the local and the literal inside sensitive() are not in it.
      const judged = judgePlan(readFileSync(terraformFixtures(rule).plan, "utf8")).filter((judgement) => judgement.startsWith("fail_"));
      expect(judged).toEqual([
        "fail_amplify violation access_token: access_token is a literal repository access token, kept in state",
        // base64encode() of a literal, as jsonencode() below.
        "fail_amplify undecided basic_auth_credentials: basic_auth_credentials is worked out from a variable, a local, another resource or a function such as file(), which may hold a literal",
        "fail_connection violation auth_parameters.0.api_key.0.value: auth_parameters.0.api_key.0.value is a literal API key, kept in state",
        "fail_connection_header undecided auth_parameters.0.api_key.0.value: value is not known to the check",
        // The header's block holds the API key's variable too, which a plan does not tell from a literal.
        "fail_connection_header undecided auth_parameters.0.invocation_http_parameters.0.header.0.value: auth_parameters.0.invocation_http_parameters.0.header.0.value is in auth_parameters, which holds values worked out from a variable, a local, another resource or a function such as file(), which may hold a literal",
        "fail_source_credential violation token: token is a literal source provider token, kept in state",
        "fail_identity_provider violation provider_details.client_secret: provider_details.client_secret is a literal identity provider client secret, kept in state",
        "fail_db violation password: password is a literal master password, kept in state",
        "fail_sensitive_literal undecided password_wo: value is not known to the check",
        'fail_tenant["acme"] undecided password: password is worked out from a variable, a local, another resource or a function such as file(), which may hold a literal',
        'fail_tenant["globex"] undecided password: password is worked out from a variable, a local, another resource or a function such as file(), which may hold a literal',
        "fail_cache violation auth_token: auth_token is a literal AUTH token, kept in state",
        "fail_ontap violation fsx_admin_password: fsx_admin_password is a literal fsxadmin password, kept in state",
        "fail_glue violation connection_properties.PASSWORD: connection_properties.PASSWORD is a literal data store password, kept in state",
        "fail_glue_kafka violation connection_properties.KAFKA_SASL_SCRAM_PASSWORD: connection_properties.KAFKA_SASL_SCRAM_PASSWORD is a literal Kafka SASL/SCRAM password, kept in state",
        "fail_key violation key_material_base64: key_material_base64 is a literal key for KMS to import, kept in state",
        "fail_oidc violation default_action.0.authenticate_oidc.0.client_secret: default_action.0.authenticate_oidc.0.client_secret is a literal OIDC client secret, kept in state",
        "fail_lightsail violation master_password: master_password is a literal master password, kept in state",
        "fail_broker violation user.0.password: user.0.password is a literal broker user password, kept in state",
        "fail_aurora undecided master_password: master_password is worked out from a variable, a local, another resource or a function such as file(), which may hold a literal",
        "fail_aurora_write_only undecided master_password_wo: value is not known to the check",
        "fail_warehouse violation master_password_wo: master_password_wo is a master password written in source code",
        // A plan keeps no value of a function's call: jsonencode() of a literal is worked out there.
        "fail_secret undecided secret_string: secret_string is worked out from a variable, a local, another resource or a function such as file(), which may hold a literal",
        "fail_parameter violation value: value is a literal SecureString value, kept in state",
        "fail_influx violation password: password is a literal admin password, kept in state",
      ]);
    });
  });
});

describe("credentials of caches, brokers, other data stores and directories", () => {
  const typed = "Typed-In-Credential-2024";
  const securityOptions = { enabled: true, internalUserDatabaseEnabled: true, masterUserOptions: { masterUserName: "admin", masterUserPassword: typed } };
  /** A Pulumi resource with credentials typed into the program, and the paths each is reported at. */
  const typedIn: [string, string[], Record<string, unknown>][] = [
    ["aws:elasticache/replicationGroup:ReplicationGroup", ["auth_token"], { transitEncryptionEnabled: true, authToken: typed }],
    ["aws:elasticache/replicationGroup:ReplicationGroup", ["auth_token_wo"], { transitEncryptionEnabled: true, authTokenWo: typed, authTokenWoVersion: 1 }],
    [
      "aws:elasticache/user:User",
      ["passwords.0", "passwords.1", "authentication_mode.passwords.0"],
      { passwords: [typed, `${typed}-next`], authenticationMode: { type: "password", passwords: [typed] } },
    ],
    ["aws:elasticache/user:User", ["passwords_wo"], { passwordsWo: typed, passwordsWoVersion: 1 }],
    ["aws:memorydb/user:User", ["authentication_mode.passwords.0"], { authenticationMode: { type: "password", passwords: [typed] } }],
    [
      "aws:mq/broker:Broker",
      ["user.0.password", "user.1.password", "ldap_server_metadata.service_account_password"],
      { users: [{ username: "app", password: typed }, { username: "ops", password: typed }], ldapServerMetadata: { serviceAccountPassword: typed } },
    ],
    ["aws:docdb/elasticCluster:ElasticCluster", ["admin_user_password"], { authType: "PLAIN_TEXT", adminUserPassword: typed }],
    ["aws:redshiftserverless/namespace:Namespace", ["admin_user_password"], { adminUserPassword: typed }],
    ["aws:redshiftserverless/namespace:Namespace", ["admin_user_password_wo"], { adminUserPasswordWo: typed, adminUserPasswordWoVersion: 1 }],
    ["aws:opensearch/domain:Domain", ["advanced_security_options.master_user_options.master_user_password"], { advancedSecurityOptions: securityOptions }],
    ["aws:elasticsearch/domain:Domain", ["advanced_security_options.master_user_options.master_user_password"], { advancedSecurityOptions: securityOptions }],
    [
      "aws:dms/endpoint:Endpoint",
      ["password", "kafka_settings.sasl_password", "redis_settings.auth_password"],
      { password: typed, kafkaSettings: { broker: "kafka:9092", saslPassword: typed }, redisSettings: { authType: "auth-token", authPassword: typed, serverName: "cache", port: 6379 } },
    ],
    ["aws:directoryservice/directory:Directory", ["password"], { name: "corp.example.com", password: typed }],
    ["aws:lightsail/database:Database", ["master_password"], { relationalDatabaseName: "shop", masterUsername: "app", masterPassword: typed }],
  ];

  test("a MemoryDB user can do without a password: IAM authentication passes, and the fix says so", () => {
    const run = runRule(rule, fromPulumi({ type: "aws:memorydb/user:User", name: "app", props: { accessString: "on ~* &* +@all", authenticationMode: { type: "iam" } } }), {});
    expect(run.applicable ? run.judgements : []).toEqual([]);
    expect(rule.remediation).toContain('for a MemoryDB user `authentication_mode { type = "iam" }`');
    expect(rule.remediation).not.toMatch(/takes only a password \([^)]*MemoryDB/);
  });

  test.each(typedIn)("%s: credentials typed in are reported at %j, never with their values", (type, paths, props) => {
    const run = runRule(rule, fromPulumi({ type, name: "store", props }), {});
    const judgements = run.applicable ? run.judgements : [];
    expect(judgements.map((j) => `${j.outcome} ${j.path}`)).toEqual(paths.map((path) => `violation ${path}`));
    for (const judgement of judgements) expect(judgement.message).not.toContain(typed);
  });

  test("the same credentials in Terraform are reported at their paths through the blocks, as HCL writes them", () => {
    const main = `resource "aws_elasticache_replication_group" "cache" {
  transit_encryption_enabled = true
  auth_token                 = "${typed}"
}
resource "aws_elasticache_user" "user" {
  passwords = ["${typed}"]
  authentication_mode {
    type      = "password"
    passwords = ["${typed}", "${typed}-next"]
  }
}
resource "aws_mq_broker" "broker" {
  user {
    username = "app"
    password = "${typed}"
  }
}
resource "aws_opensearch_domain" "search" {
  advanced_security_options {
    enabled                        = true
    internal_user_database_enabled = true
    master_user_options {
      master_user_name     = "admin"
      master_user_password = "${typed}"
    }
  }
}
resource "aws_docdbelastic_cluster" "documents" {
  auth_type           = "PLAIN_TEXT"
  admin_user_password = "${typed}"
}
resource "aws_directory_service_directory" "corp" {
  name     = "corp.example.com"
  password = "${typed}"
}
resource "aws_lightsail_database" "shop" {
  relational_database_name = "shop"
  master_username          = "app"
  master_password          = "${typed}"
}
`;
    withFiles({ "main.tf": main }, (dir) => {
      const judged = loadTerraform([dir], { commandLineVariables: [], environment: {} }).units[0].resources.flatMap((resource) => {
        const run = runRule(rule, resource, {});
        return run.applicable ? run.judgements.map((j) => `${resource.address} ${j.outcome} ${j.path}: ${j.message}`) : [];
      });
      expect(judged).toEqual([
        "aws_elasticache_replication_group.cache violation auth_token: auth_token is a literal AUTH token, kept in state",
        "aws_elasticache_user.user violation passwords.0: passwords.0 is a literal user password, kept in state",
        "aws_elasticache_user.user violation authentication_mode.0.passwords.0: authentication_mode.0.passwords.0 is a literal user password, kept in state",
        "aws_elasticache_user.user violation authentication_mode.0.passwords.1: authentication_mode.0.passwords.1 is a literal user password, kept in state",
        "aws_mq_broker.broker violation user.0.password: user.0.password is a literal broker user password, kept in state",
        "aws_opensearch_domain.search violation advanced_security_options.0.master_user_options.0.master_user_password: advanced_security_options.0.master_user_options.0.master_user_password is a literal master user password, kept in state",
        "aws_docdbelastic_cluster.documents violation admin_user_password: admin_user_password is a literal admin password, kept in state",
        "aws_directory_service_directory.corp violation password: password is a literal directory administrator password, kept in state",
        "aws_lightsail_database.shop violation master_password: master_password is a literal master password, kept in state",
      ]);
    });
  });

  test("a secret store's ARN, IAM users and a generated password are not literals; a generated one is undecided, as a master password is", () => {
    const main = `resource "random_password" "broker" {
  length = 32
}
resource "aws_elasticache_replication_group" "iam" {
  transit_encryption_enabled = true
  user_group_ids             = ["sessions-iam"]
}
resource "aws_elasticache_user" "iam" {
  authentication_mode {
    type = "iam"
  }
}
resource "aws_docdbelastic_cluster" "documents" {
  auth_type           = "SECRET_ARN"
  admin_user_password = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/documents-AbCdEf"
}
resource "aws_mq_broker" "broker" {
  user {
    username = "app"
    password = random_password.broker.result
  }
}
`;
    withFiles({ "main.tf": main }, (dir) => {
      const judged = loadTerraform([dir], { commandLineVariables: [], environment: {} }).units[0].resources.flatMap((resource) => {
        const run = runRule(rule, resource, {});
        return run.applicable ? run.judgements.map((j) => `${resource.address} ${j.outcome} ${j.path}`) : [];
      });
      expect(judged).toEqual(["aws_mq_broker.broker undecided user.0.password"]);
    });
  });

  test("a DocumentDB elastic cluster's admin_user_password is the secret's ARN where auth_type is SECRET_ARN, however it is given; where auth_type is unknown, a literal is undecided", () => {
    const main = `variable "documents_secret_arn" { type = string }
variable "auth_type" { type = string }
resource "aws_secretsmanager_secret" "documents" {
  name = "prod/documents/admin"
}
resource "aws_docdbelastic_cluster" "from_resource" {
  auth_type           = "SECRET_ARN"
  admin_user_password = aws_secretsmanager_secret.documents.arn
}
resource "aws_docdbelastic_cluster" "from_variable" {
  auth_type           = "SECRET_ARN"
  admin_user_password = var.documents_secret_arn
}
resource "aws_docdbelastic_cluster" "unknown_auth_type" {
  auth_type           = var.auth_type
  admin_user_password = "Typed-In-Credential-2024"
}
`;
    withFiles({ "main.tf": main }, (dir) => {
      const judged = loadTerraform([dir], { commandLineVariables: [], environment: {} }).units[0].resources.flatMap((resource) => {
        const run = runRule(rule, resource, {});
        return run.applicable ? run.judgements.map((j) => `${resource.address} ${j.outcome} ${j.path}: ${j.message}`) : [];
      });
      expect(judged).toEqual([
        "aws_docdbelastic_cluster.unknown_auth_type undecided admin_user_password: admin_user_password is written in source code, and is a secret where auth_type is PLAIN_TEXT, which is not known to the check",
      ]);
    });
  });

  test("a password in a block handed in at run is undecided, as the block's other values are not told apart; committed in tfvars it is written in the code", () => {
    const main = `variable "broker_password" {
  sensitive = true
}
resource "aws_mq_broker" "broker" {
  user {
    username = "app"
    password = var.broker_password
  }
}
`;
    withFiles({ "main.tf": main }, (dir) => {
      const judge = (files: Record<string, string>, environment: Record<string, string>) => {
        writeFiles(dir, files);
        const [resource] = loadTerraform([dir], { commandLineVariables: [], environment }).units[0].resources;
        const run = runRule(rule, resource, {});
        return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}: ${j.message}`) : [];
      };
      expect(judge({}, { TF_VAR_broker_password: "q7Vn2-Lk9pZ-x8Rw3" })).toEqual([
        "undecided user.0.password: user.0.password is in user, which holds values worked out from a variable, a local, another resource or a function such as file(), which may hold a literal",
      ]);
      expect(judge({ "terraform.tfvars": 'broker_password = "q7Vn2-Lk9pZ-x8Rw3"\n' }, {})).toEqual([
        "violation user.0.password: user.0.password is a literal broker user password, kept in state",
      ]);
    });
  });

  // The message names the path as Terraform writes it; Pulumi's broker has `users`, a one-word rename that the
  // translation of snake_case words alone left as `user`.
  test("in Pulumi, the message names the broker's users as the program does", () => {
    const broker = fromPulumi({ type: "aws:mq/broker:Broker", name: "broker", props: { users: [{ username: "app", password: typed }] }, propertyDependencies: { users: [] } });
    const run = runRule(rule, broker, {}, pulumiMessage);
    expect(run.applicable && run.judgements.map((judgement) => judgement.message)).toEqual(["users.0.password is a literal broker user password, kept in state"]);
  });

  test("in Pulumi, a nested password marked secret is undecided where its origin is untold (the pack's Analyze), reported where the run tells none", () => {
    const judge = (resource: Partial<PulumiResource>) => {
      const run = runRule(rule, fromPulumi({ type: "aws:mq/broker:Broker", name: "broker", props: {}, ...resource }), {});
      return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}`) : [];
    };
    const users = [{ username: "app", password: secret(typed) }];
    expect(judge({ props: { users } })).toEqual(["undecided user.0.password"]);
    expect(judge({ props: { users: secret([{ username: "app", password: typed }]) } })).toEqual(["undecided user.0.password"]);
    expect(judge({ props: { users }, propertyDependencies: { users: [] } })).toEqual(["violation user.0.password"]);
    expect(judge({ props: { users }, propertyDependencies: { users: ["urn:pulumi:dev::app::random:index/randomPassword:RandomPassword::broker"] } })).toEqual(["undecided user.0.password"]);
  });

  test("in a plan, a write-only AUTH token written as a constant is reported; a block's password is reported where the block is all constants", () => {
    const change = (type: string, name: string, after: Record<string, unknown>, expressions: Record<string, unknown>) => ({
      change: { address: `${type}.${name}`, mode: "managed", type, name, change: { actions: ["create"], before: null, after, after_unknown: { id: true }, after_sensitive: {} } },
      configured: { address: `${type}.${name}`, mode: "managed", type, name, provider_config_key: "aws", expressions },
    });
    const user = (password: unknown) => [{ username: { constant_value: "app" }, password }];
    const entries = [
      change("aws_elasticache_replication_group", "write_only", { transit_encryption_enabled: true, auth_token_wo: null, auth_token_wo_version: 1 }, { auth_token_wo: { constant_value: typed }, auth_token_wo_version: { constant_value: 1 } }),
      change("aws_mq_broker", "typed", { user: [{ username: "app", password: typed }] }, { user: user({ constant_value: typed }) }),
      change("aws_mq_broker", "variable", { user: [{ username: "app", password: typed }] }, { user: user({ references: ["var.broker_password"] }) }),
    ];
    const plan = JSON.stringify({
      format_version: "1.2",
      resource_changes: entries.map((entry) => entry.change),
      planned_values: {},
      configuration: { root_module: { resources: entries.map((entry) => entry.configured) } },
    });
    const judged = resourcesFromPlan(plan, "plan.json").resources.flatMap((resource) => {
      const run = runRule(rule, resource, {});
      return run.applicable ? run.judgements.map((j) => `${resource.name} ${j.outcome} ${j.path}`) : [];
    });
    expect(judged).toEqual(["write_only violation auth_token_wo", "typed violation user.0.password", "variable undecided user.0.password"]);
  });
});

describe("credentials of repositories, sites, API destinations, identity providers and Glue connections (probe s38, fault 1)", () => {
  const typed = "Typed-In-Credential-2024";
  const typedIn: [string, string[], Record<string, unknown>][] = [
    [
      "aws:amplify/app:App",
      ["access_token", "oauth_token", "basic_auth_credentials", "auto_branch_creation_config.basic_auth_credentials"],
      { accessToken: typed, oauthToken: typed, enableBasicAuth: true, basicAuthCredentials: typed, autoBranchCreationConfig: { enableBasicAuth: true, basicAuthCredentials: typed } },
    ],
    ["aws:amplify/branch:Branch", ["basic_auth_credentials"], { appId: "d1a2b3c4", branchName: "main", basicAuthCredentials: typed }],
    ["aws:codebuild/sourceCredential:SourceCredential", ["token"], { authType: "PERSONAL_ACCESS_TOKEN", serverType: "GITHUB", token: typed }],
    ["aws:codebuild/sourceCredential:SourceCredential", ["token"], { authType: "BASIC_AUTH", serverType: "BITBUCKET", userName: "ci", token: typed }],
    ["aws:cloudwatch/eventConnection:EventConnection", ["auth_parameters.api_key.value"], { authorizationType: "API_KEY", authParameters: { apiKey: { key: "x-api-key", value: typed } } }],
    ["aws:cloudwatch/eventConnection:EventConnection", ["auth_parameters.basic.password"], { authorizationType: "BASIC", authParameters: { basic: { username: "svc", password: typed } } }],
    [
      "aws:cloudwatch/eventConnection:EventConnection",
      ["auth_parameters.oauth.client_parameters.client_secret"],
      { authorizationType: "OAUTH_CLIENT_CREDENTIALS", authParameters: { oauth: { authorizationEndpoint: "https://auth.example.com/token", httpMethod: "POST", clientParameters: { clientId: "abc", clientSecret: typed } } } },
    ],
    ["aws:cognito/identityProvider:IdentityProvider", ["provider_details.client_secret"], { providerName: "Google", providerType: "Google", providerDetails: { client_id: "123.apps.googleusercontent.com", client_secret: typed } }],
    ["aws:cognito/identityProvider:IdentityProvider", ["provider_details.private_key"], { providerName: "SignInWithApple", providerType: "SignInWithApple", providerDetails: { client_id: "com.example.web", team_id: "ABCDE12345", key_id: "XYZ9876543", private_key: typed } }],
    ["aws:glue/connection:Connection", ["connection_properties.PASSWORD"], { connectionProperties: { JDBC_CONNECTION_URL: "jdbc:mysql://db.example.com:3306/app", USERNAME: "app", PASSWORD: typed } }],
  ];

  test.each(typedIn)("%s: credentials typed in are reported at %j, never with their values", (type, paths, props) => {
    const run = runRule(rule, fromPulumi({ type, name: "store", props }), {});
    const judgements = run.applicable ? run.judgements : [];
    expect(judgements.map((j) => `${j.outcome} ${j.path}`)).toEqual(paths.map((path) => `violation ${path}`));
    for (const judgement of judgements) expect([judgement.message, judgement.remediation ?? ""].join(" ")).not.toContain(typed);
  });

  const judgedIn = (main: string) =>
    withFiles({ "main.tf": main }, (dir) =>
      loadTerraform([dir], { commandLineVariables: [], environment: {} }).units[0].resources.flatMap((resource) => {
        const run = runRule(rule, resource, {});
        return run.applicable ? run.judgements.map((j) => `${resource.address} ${j.outcome} ${j.path}: ${j.message}`) : [];
      }),
    );

  test("in Terraform, each typed in is reported at its path, a base64-encoded username and password too", () => {
    const main = `resource "aws_amplify_app" "web" {
  name                   = "web"
  repository             = "https://github.com/example/web"
  access_token           = "${typed}"
  enable_basic_auth      = true
  basic_auth_credentials = base64encode("admin:${typed}")
}
resource "aws_codebuild_source_credential" "github" {
  auth_type   = "PERSONAL_ACCESS_TOKEN"
  server_type = "GITHUB"
  token       = "${typed}"
}
resource "aws_cloudwatch_event_connection" "partner" {
  name               = "partner"
  authorization_type = "BASIC"
  auth_parameters {
    basic {
      username = "svc"
      password = "${typed}"
    }
  }
}
resource "aws_cognito_identity_provider" "google" {
  user_pool_id  = "eu-west-1_abc"
  provider_name = "Google"
  provider_type = "Google"
  provider_details = {
    authorize_scopes = "email"
    client_id        = "123.apps.googleusercontent.com"
    client_secret    = "${typed}"
  }
}
resource "aws_glue_connection" "orders" {
  name = "orders"
  connection_properties = {
    JDBC_CONNECTION_URL = "jdbc:mysql://db.example.com:3306/orders"
    USERNAME            = "etl"
    PASSWORD            = "${typed}"
  }
}
`;
    expect(judgedIn(main)).toEqual([
      "aws_amplify_app.web violation access_token: access_token is a literal repository access token, kept in state",
      "aws_amplify_app.web violation basic_auth_credentials: basic_auth_credentials is a literal basic authentication credential, kept in state",
      "aws_codebuild_source_credential.github violation token: token is a literal source provider token, kept in state",
      "aws_cloudwatch_event_connection.partner violation auth_parameters.0.basic.0.password: auth_parameters.0.basic.0.password is a literal basic authentication password, kept in state",
      "aws_cognito_identity_provider.google violation provider_details.client_secret: provider_details.client_secret is a literal identity provider client secret, kept in state",
      "aws_glue_connection.orders violation connection_properties.PASSWORD: connection_properties.PASSWORD is a literal data store password, kept in state",
    ]);
  });

  test("one from a variable without a value, a secret store or a generated password is undecided; a CodeBuild token of a connection or secret is its ARN, and a Glue connection may name a secret instead", () => {
    const main = `variable "github_token" {
  type      = string
  sensitive = true
}
variable "auth_type" {
  type = string
}
data "aws_ssm_parameter" "github_token" {
  name = "/ci/github-token"
}
resource "random_password" "etl" {
  length = 24
}
resource "aws_amplify_app" "from_variable" {
  name         = "web"
  access_token = var.github_token
}
resource "aws_amplify_app" "from_store" {
  name         = "docs"
  access_token = data.aws_ssm_parameter.github_token.value
}
resource "aws_codebuild_source_credential" "connection" {
  auth_type   = "CODECONNECTIONS"
  server_type = "GITHUB"
  token       = "arn:aws:codeconnections:eu-west-1:123456789012:connection/4f1c2b9e-0d3a-4e5f-9a8b-7c6d5e4f3a2b"
}
resource "aws_codebuild_source_credential" "secret" {
  auth_type   = "SECRETS_MANAGER"
  server_type = "GITHUB"
  token       = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci/github-AbCdEf"
}
resource "aws_codebuild_source_credential" "type_not_known" {
  auth_type   = var.auth_type
  server_type = "GITHUB"
  token       = "${typed}"
}
resource "aws_glue_connection" "generated" {
  name = "generated"
  connection_properties = {
    JDBC_CONNECTION_URL = "jdbc:mysql://db.example.com:3306/orders"
    USERNAME            = "etl"
    PASSWORD            = random_password.etl.result
  }
}
resource "aws_glue_connection" "from_secret" {
  name = "from-secret"
  connection_properties = {
    JDBC_CONNECTION_URL = "jdbc:mysql://db.example.com:3306/orders"
    SECRET_ID           = "orders/etl"
  }
}
`;
    expect(judgedIn(main)).toEqual([
      "aws_amplify_app.from_variable undecided access_token: value is not known to the check",
      "aws_amplify_app.from_store undecided access_token: value is not known to the check",
      "aws_codebuild_source_credential.type_not_known undecided token: token is written in source code, and is a secret where auth_type is PERSONAL_ACCESS_TOKEN or BASIC_AUTH, which is not known to the check",
      "aws_glue_connection.generated undecided connection_properties.PASSWORD: value is not known to the check",
    ]);
  });
});

describe("an EventBridge connection's HTTP parameters (probe s39)", () => {
  const typed = "Typed-In-Credential-2024";
  const judgedIn = (main: string) =>
    withFiles({ "main.tf": main }, (dir) =>
      loadTerraform([dir], { commandLineVariables: [], environment: {} }).units[0].resources.flatMap((resource) => {
        const run = runRule(rule, resource, {});
        return run.applicable ? run.judgements.map((j) => `${resource.address} ${j.outcome} ${j.path}: ${j.message}`) : [];
      }),
    );

  test("a value named as a credential, shaped as one or marked secret is a credential typed in; other parameters are configuration", () => {
    const main = `variable "tenant_header" {
  type = string
}
variable "partner_token" {
  type      = string
  sensitive = true
}
resource "aws_cloudwatch_event_connection" "partner" {
  name               = "partner"
  authorization_type = "API_KEY"
  auth_parameters {
    api_key {
      key   = "x-api-key"
      value = var.partner_token
    }
    invocation_http_parameters {
      header {
        key             = "Authorization"
        value           = "Bearer ${typed}"
        is_value_secret = false
      }
      header {
        key   = "Content-Type"
        value = "application/json"
      }
      header {
        key   = "X-Tenant"
        value = var.tenant_header
      }
      header {
        key   = var.tenant_header
        value = "acme-orders"
      }
      body {
        key   = "client_token"
        value = "${typed}"
      }
      query_string {
        key   = "source"
        value = "ghp_${"a1B2c3D4e5F6".repeat(3)}"
      }
      query_string {
        key             = "region"
        value           = "eu-west-1"
        is_value_secret = true
      }
    }
  }
}
resource "aws_cloudwatch_event_connection" "oauth" {
  name               = "oauth"
  authorization_type = "OAUTH_CLIENT_CREDENTIALS"
  auth_parameters {
    oauth {
      authorization_endpoint = "https://auth.example.com/token"
      http_method            = "POST"
      client_parameters {
        client_id     = "orders"
        client_secret = var.partner_token
      }
      oauth_http_parameters {
        body {
          key   = "password"
          value = "${typed}"
        }
        body {
          key   = "grant_type"
          value = "client_credentials"
        }
      }
    }
  }
}
`;
    const invocation = "auth_parameters.0.invocation_http_parameters.0";
    expect(judgedIn(main)).toEqual([
      "aws_cloudwatch_event_connection.partner undecided auth_parameters.0.api_key.0.value: value is not known to the check",
      `aws_cloudwatch_event_connection.partner violation ${invocation}.header.0.value: ${invocation}.header.0.value is a literal credential in an HTTP header parameter, kept in state`,
      `aws_cloudwatch_event_connection.partner undecided ${invocation}.header.3.value: ${invocation}.header.3.value is written in source code, and is a credential where its key names one or is_value_secret is true, which is not known to the check`,
      `aws_cloudwatch_event_connection.partner violation ${invocation}.body.0.value: ${invocation}.body.0.value is a literal credential in an HTTP body parameter, kept in state`,
      `aws_cloudwatch_event_connection.partner violation ${invocation}.query_string.0.value: ${invocation}.query_string.0.value is a literal credential in an HTTP query string parameter, kept in state`,
      `aws_cloudwatch_event_connection.partner violation ${invocation}.query_string.1.value: ${invocation}.query_string.1.value is a literal credential in an HTTP query string parameter, kept in state`,
      "aws_cloudwatch_event_connection.oauth undecided auth_parameters.0.oauth.0.client_parameters.0.client_secret: value is not known to the check",
      "aws_cloudwatch_event_connection.oauth violation auth_parameters.0.oauth.0.oauth_http_parameters.0.body.0.value: auth_parameters.0.oauth.0.oauth_http_parameters.0.body.0.value is a literal credential in an HTTP body parameter, kept in state",
    ]);
  });

  test("in Pulumi, whose blocks are plural, a header named as a credential is reported, never with its value", () => {
    const props = {
      authorizationType: "API_KEY",
      authParameters: {
        apiKey: { key: "x-api-key", value: secret("from-config") },
        invocationHttpParameters: {
          headers: [
            { key: "Authorization", value: `Basic ${typed}` },
            { key: "Accept", value: "application/json" },
          ],
          queryStrings: [{ key: "api_key", value: typed, isValueSecret: true }],
        },
      },
    };
    const run = runRule(rule, fromPulumi({ type: "aws:cloudwatch/eventConnection:EventConnection", name: "partner", props }), {});
    const judgements = run.applicable ? run.judgements : [];
    expect(judgements.filter((j) => j.outcome === "violation").map((j) => j.path)).toEqual([
      "auth_parameters.invocation_http_parameters.header.0.value",
      "auth_parameters.invocation_http_parameters.query_string.0.value",
    ]);
    for (const judgement of judgements) expect([judgement.message, judgement.remediation ?? ""].join(" ")).not.toContain(typed);
  });
});

describe("a Glue connection's Kafka passwords (probe s39)", () => {
  const typed = "Typed-In-Kafka-2024";
  const judgedIn = (main: string) =>
    withFiles({ "main.tf": main }, (dir) =>
      loadTerraform([dir], { commandLineVariables: [], environment: {} }).units[0].resources.flatMap((resource) => {
        const run = runRule(rule, resource, {});
        return run.applicable ? run.judgements.map((j) => `${resource.address} ${j.outcome} ${j.path}: ${j.message} | ${j.remediation ?? ""}`) : [];
      }),
    );

  test("SASL, keystore and key passwords typed in are reported as PASSWORD is, with the fix Glue offers for each; a SCRAM secret's ARN passes", () => {
    const judged = judgedIn(`resource "aws_glue_connection" "scram" {
  name            = "events-scram"
  connection_type = "KAFKA"
  connection_properties = {
    KAFKA_BOOTSTRAP_SERVERS   = "b-1.events.kafka.eu-west-1.amazonaws.com:9096"
    KAFKA_SASL_MECHANISM      = "SCRAM-SHA-512"
    KAFKA_SASL_SCRAM_USERNAME = "etl"
    KAFKA_SASL_SCRAM_PASSWORD = "${typed}"
  }
}
resource "aws_glue_connection" "tls" {
  name            = "events-tls"
  connection_type = "KAFKA"
  connection_properties = {
    KAFKA_BOOTSTRAP_SERVERS        = "b-1.events.kafka.eu-west-1.amazonaws.com:9094"
    KAFKA_CLIENT_KEYSTORE          = "s3://certs/events/client.jks"
    KAFKA_CLIENT_KEYSTORE_PASSWORD = "${typed}"
    KAFKA_CLIENT_KEY_PASSWORD      = "${typed}"
    ENCRYPTED_KAFKA_SASL_PLAIN_PASSWORD = "${typed}"
  }
}
resource "aws_glue_connection" "from_secret" {
  name            = "events-secret"
  connection_type = "KAFKA"
  connection_properties = {
    KAFKA_BOOTSTRAP_SERVERS      = "b-1.events.kafka.eu-west-1.amazonaws.com:9096"
    KAFKA_SASL_MECHANISM         = "SCRAM-SHA-512"
    KAFKA_SASL_SCRAM_SECRETS_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:AmazonMSK_events-AbCdEf"
  }
}
`);
    expect(judged.map((line) => line.split(" | ")[0])).toEqual([
      "aws_glue_connection.scram violation connection_properties.KAFKA_SASL_SCRAM_PASSWORD: connection_properties.KAFKA_SASL_SCRAM_PASSWORD is a literal Kafka SASL/SCRAM password, kept in state",
      "aws_glue_connection.tls violation connection_properties.ENCRYPTED_KAFKA_SASL_PLAIN_PASSWORD: connection_properties.ENCRYPTED_KAFKA_SASL_PLAIN_PASSWORD is a literal encrypted Kafka SASL/PLAIN password, kept in state",
      "aws_glue_connection.tls violation connection_properties.KAFKA_CLIENT_KEYSTORE_PASSWORD: connection_properties.KAFKA_CLIENT_KEYSTORE_PASSWORD is a literal Kafka client keystore password, kept in state",
      "aws_glue_connection.tls violation connection_properties.KAFKA_CLIENT_KEY_PASSWORD: connection_properties.KAFKA_CLIENT_KEY_PASSWORD is a literal Kafka client key password, kept in state",
    ]);
    expect(judged[0]).toContain("a KAFKA_SASL_SCRAM_SECRETS_ARN in connection_properties naming the secret");
    // A keystore's password has no secret store to name: the fix is the one for values Glue takes only as they are.
    expect(judged[2]).toContain("has no managed or write-only form");
    for (const line of judged) expect(line).not.toContain(typed);
  });
});

describe("a map or block not known to the check (probe s39)", () => {
  test("is one undecided verdict, not one for each credential the table names in it", () => {
    const judged = withFiles(
      {
        "main.tf": `variable "details" {
  type = map(string)
}
variable "auth" {
  type = any
}
resource "aws_cognito_identity_provider" "google" {
  user_pool_id     = "eu-west-1_abc"
  provider_name    = "Google"
  provider_type    = "Google"
  provider_details = var.details
}
resource "aws_glue_connection" "events" {
  name                  = "events"
  connection_properties = var.details
}
resource "aws_cloudwatch_event_connection" "partner" {
  name               = "partner"
  authorization_type = "API_KEY"
  dynamic "auth_parameters" {
    for_each = var.auth
    content {}
  }
}
`,
      },
      (dir) =>
        loadTerraform([dir], { commandLineVariables: [], environment: {} }).units[0].resources.flatMap((resource) => {
          const run = runRule(rule, resource, {});
          return run.applicable ? run.judgements.map((j) => `${resource.address} ${j.outcome} ${j.path}`) : [];
        }),
    );
    expect(judged).toEqual([
      "aws_cognito_identity_provider.google undecided provider_details",
      "aws_glue_connection.events undecided connection_properties",
      "aws_cloudwatch_event_connection.partner undecided auth_parameters",
    ]);
  });
});

describe("secret values, SecureString parameters, imported key material and private keys", () => {
  const typed = "Typed-In-Secret-2024";
  const privateKey = `-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC${typed}\n-----END PRIVATE KEY-----\n`;
  const judgeHcl = (main: string) =>
    withFiles({ "main.tf": main }, (dir) =>
      loadTerraform([dir], { commandLineVariables: [], environment: {} }).units[0].resources.flatMap((resource) => {
        const run = runRule(rule, resource, {});
        return run.applicable ? run.judgements.map((j) => `${resource.address} ${j.outcome} ${j.path}: ${j.message}`) : [];
      }),
    );

  test("typed into the configuration, each is reported at its argument, never with its value", () => {
    const judged = judgeHcl(`resource "aws_secretsmanager_secret_version" "json" {
  secret_id     = "prod/api"
  secret_string = jsonencode({ username = "app", password = "${typed}" })
}
resource "aws_secretsmanager_secret_version" "binary" {
  secret_id     = "prod/api"
  secret_binary = base64encode("${typed}")
}
resource "aws_secretsmanager_secret_version" "write_only" {
  secret_id                = "prod/api"
  secret_string_wo         = "${typed}"
  secret_string_wo_version = 1
}
resource "aws_ssm_parameter" "secure" {
  name  = "/api/token"
  type  = "SecureString"
  value = "${typed}"
}
resource "aws_ssm_parameter" "write_only" {
  name             = "/api/token"
  type             = "SecureString"
  value_wo         = "${typed}"
  value_wo_version = 1
}
resource "aws_kms_external_key" "imported" {
  key_material_base64 = base64encode("${typed}")
}
resource "aws_kms_replica_external_key" "imported" {
  primary_key_arn     = "arn:aws:kms:eu-west-1:123456789012:key/mrk-1234abcd12ab34cd56ef1234567890ab"
  key_material_base64 = base64encode("${typed}")
}
resource "aws_acm_certificate" "imported" {
  private_key      = ${JSON.stringify(privateKey)}
  certificate_body = "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n"
}
resource "aws_iam_server_certificate" "legacy" {
  name             = "legacy"
  private_key      = ${JSON.stringify(privateKey)}
  certificate_body = "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n"
}
`);
    expect(judged).toEqual([
      "aws_secretsmanager_secret_version.json violation secret_string: secret_string holds a literal credential (password), kept in state",
      "aws_secretsmanager_secret_version.binary violation secret_binary: secret_binary is a literal secret value, kept in state",
      "aws_secretsmanager_secret_version.write_only violation secret_string_wo: secret_string_wo is a secret value written in source code",
      "aws_ssm_parameter.secure violation value: value is a literal SecureString value, kept in state",
      "aws_ssm_parameter.write_only violation value_wo: value_wo is a SecureString value written in source code",
      "aws_kms_external_key.imported violation key_material_base64: key_material_base64 is a literal key for KMS to import, kept in state",
      "aws_kms_replica_external_key.imported violation key_material_base64: key_material_base64 is a literal key for KMS to import, kept in state",
      "aws_acm_certificate.imported violation private_key: private_key is a literal certificate private key, kept in state",
      "aws_iam_server_certificate.legacy violation private_key: private_key is a literal certificate private key, kept in state",
    ]);
    for (const judgement of judged) expect(judgement).not.toContain(typed);
  });

  test("a document written out whole is judged by its fields: one without a credential (settings, an empty secret) is configuration (probe R21)", () => {
    expect(
      judgeHcl(`resource "aws_secretsmanager_secret_version" "empty" {
  secret_id     = "prod/filled-in-later"
  secret_string = jsonencode({})
}
resource "aws_secretsmanager_secret_version" "connection" {
  secret_id     = "prod/db-connection"
  secret_string = jsonencode({ username = "app", host = "db.internal", port = 5432 })
}
resource "aws_ssm_parameter" "settings" {
  name  = "/api/settings"
  type  = "SecureString"
  value = jsonencode({ enabled = true, owner = "payments" })
}
resource "aws_ssm_parameter" "credentials" {
  name  = "/api/credentials"
  type  = "SecureString"
  value = jsonencode({ client_id = "payments", client_secret = "${typed}" })
}
`),
    ).toEqual(["aws_ssm_parameter.credentials violation value: value holds a literal credential (client_secret), kept in state"]);
  });

  test("an SSM parameter's value is a secret only of a SecureString: a String one passes, one of a type not known is undecided", () => {
    expect(
      judgeHcl(`variable "parameter_type" {}
resource "aws_ssm_parameter" "plain" {
  name  = "/api/log-level"
  type  = "String"
  value = "${typed}"
}
resource "aws_ssm_parameter" "either" {
  name  = "/api/token"
  type  = var.parameter_type
  value = "${typed}"
}
`),
    ).toEqual(["aws_ssm_parameter.either undecided value: value is written in source code, and is a secret where type is SecureString, which is not known to the check"]);
  });

  test("a secret value known only in part is reported where a known field holds a credential typed in, else undecided; a write-only one from a secret passes", () => {
    const judged = judgeHcl(`variable "username" {}
resource "random_password" "api" {
  length = 32
}
ephemeral "random_password" "api" {
  length = 32
}
resource "aws_secretsmanager_secret_version" "generated_password" {
  secret_id     = "prod/api"
  secret_string = jsonencode({ username = "app", password = random_password.api.result })
}
resource "aws_secretsmanager_secret_version" "typed_password" {
  secret_id     = "prod/api"
  secret_string = jsonencode({ username = var.username, password = "${typed}", hosts = ["db.internal"], replica = { db_pass = "${typed}" } })
}
resource "aws_secretsmanager_secret_version" "typed_url" {
  secret_id     = "prod/api"
  secret_string = jsonencode({ username = var.username, url = "postgres://app:${typed}@db.internal:5432/app" })
}
resource "aws_secretsmanager_secret_version" "ephemeral_password" {
  secret_id                = "prod/api"
  secret_string_wo         = jsonencode({ username = "app", password = ephemeral.random_password.api.result })
  secret_string_wo_version = 1
}
resource "aws_secretsmanager_secret_version" "typed_beside_ephemeral" {
  secret_id                = "prod/api"
  secret_string_wo         = jsonencode({ api_key = ephemeral.random_password.api.result, password = "${typed}" })
  secret_string_wo_version = 1
}
`);
    expect(judged).toEqual([
      "aws_secretsmanager_secret_version.generated_password undecided secret_string: secret_string is known only in part, and no credential is typed into the part known",
      "aws_secretsmanager_secret_version.typed_password violation secret_string: secret_string holds a literal credential (password, replica.db_pass), kept in state",
      "aws_secretsmanager_secret_version.typed_url violation secret_string: secret_string holds a literal credential (url), kept in state",
      "aws_secretsmanager_secret_version.typed_beside_ephemeral violation secret_string_wo: secret_string_wo holds a credential written in source code (password)",
    ]);
    for (const judgement of judged) expect(judgement).not.toContain(typed);
  });

  test("in Pulumi, a secret value, key material and a private key typed in are reported; a Pulumi secret or another resource's output is not", () => {
    const judge = (resource: Partial<PulumiResource> & { type: string }) => {
      const run = runRule(rule, fromPulumi({ name: "secret", props: {}, ...resource }), {});
      return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}`) : [];
    };
    expect(judge({ type: "aws:secretsmanager/secretVersion:SecretVersion", props: { secretString: JSON.stringify({ password: typed }) } })).toEqual(["violation secret_string"]);
    expect(judge({ type: "aws:secretsmanager/secretVersion:SecretVersion", props: { secretString: secret(typed) } })).toEqual(["undecided secret_string"]);
    expect(judge({ type: "aws:secretsmanager/secretVersion:SecretVersion", props: { secretStringWo: secret(typed), secretStringWoVersion: 1 } })).toEqual([]);
    expect(judge({ type: "aws:ssm/parameter:Parameter", props: { type: "SecureString", value: typed } })).toEqual(["violation value"]);
    expect(judge({ type: "aws:ssm/parameter:Parameter", props: { type: "String", value: typed } })).toEqual([]);
    expect(judge({ type: "aws:kms/externalKey:ExternalKey", props: { keyMaterialBase64: typed } })).toEqual(["violation key_material_base64"]);
    expect(judge({ type: "aws:acm/certificate:Certificate", props: { privateKey, certificateBody: "-----BEGIN CERTIFICATE-----" } })).toEqual(["violation private_key"]);
    expect(
      judge({ type: "aws:acm/certificate:Certificate", props: { privateKey }, propertyDependencies: { privateKey: ["urn:pulumi:dev::app::tls:index/privateKey:PrivateKey::site"] } }),
    ).toEqual(["undecided private_key"]);
  });
});

describe("a placeholder whose changes the engine ignores, the secret set outside the code", () => {
  const real = "Typed-In-Credential-2024";
  const main = `
resource "aws_secretsmanager_secret_version" "placeholder" {
  secret_id     = "prod/orders-db"
  secret_string = "CHANGE_ME"
  lifecycle { ignore_changes = [secret_string] }
}
resource "aws_db_instance" "placeholder" {
  engine   = "postgres"
  username = "app"
  password = "placeholder"
  lifecycle { ignore_changes = [password] }
}
resource "aws_db_instance" "all_ignored" {
  engine   = "postgres"
  username = "app"
  password = "to-be-set"
  lifecycle { ignore_changes = all }
}
resource "aws_mq_broker" "placeholder_user" {
  broker_name = "orders"
  user {
    username = "app"
    password = "REPLACE_ME"
  }
  lifecycle { ignore_changes = [user] }
}
resource "aws_db_instance" "real_ignored" {
  engine   = "postgres"
  username = "app"
  password = "${real}"
  lifecycle { ignore_changes = [password] }
}
resource "aws_db_instance" "placeholder_not_ignored" {
  engine   = "postgres"
  username = "app"
  password = "CHANGE_ME"
  lifecycle { ignore_changes = [tags] }
}
`;
  // The same configuration as CDKTF synthesizes it.
  const ignoring = (paths: string[] | "all", props: Record<string, unknown>) => ({ ...props, lifecycle: { ignore_changes: paths } });
  const database = { engine: "postgres", username: "app" };
  const cdktf = {
    resource: {
      aws_secretsmanager_secret_version: { placeholder: ignoring(["secret_string"], { secret_id: "prod/orders-db", secret_string: "CHANGE_ME" }) },
      aws_db_instance: {
        placeholder: ignoring(["password"], { ...database, password: "placeholder" }),
        all_ignored: ignoring("all", { ...database, password: "to-be-set" }),
        real_ignored: ignoring(["password"], { ...database, password: real }),
        placeholder_not_ignored: ignoring(["tags"], { ...database, password: "CHANGE_ME" }),
      },
      aws_mq_broker: { placeholder_user: ignoring(["user"], { broker_name: "orders", user: [{ username: "app", password: "REPLACE_ME" }] }) },
    },
  };
  const literal = "violation password: password is a literal master password, kept in state";
  // A real value is in the code and state whatever the engine ignores; a placeholder not ignored is sent at every apply.
  const stillReported = [`aws_db_instance.placeholder_not_ignored ${literal}`, `aws_db_instance.real_ignored ${literal}`];

  const judgedIn = (paths: string[]): Record<string, string[]> =>
    Object.fromEntries(
      loadTerraform(paths, { commandLineVariables: [] }).units.map((unit) => [
        unit.name.split("/").pop(),
        unit.resources.flatMap((resource) => {
          const run = runRule(rule, resource, {});
          return run.applicable ? run.judgements.map((j) => `${resource.address} ${j.outcome} ${j.path}: ${j.message}`) : [];
        }).sort(),
      ]),
    );

  test("HCL and CDKTF's JSON: passes where ignore_changes names it, a block it is in, or all; a real value or a placeholder not ignored is reported", () => {
    const judged = withFiles({ "hcl/main.tf": main, "cdktf/cdk.tf.json": JSON.stringify(cdktf) }, (dir) => judgedIn([join(dir, "hcl"), join(dir, "cdktf")]));
    expect(judged).toEqual({ hcl: stillReported, cdktf: stillReported });
    expect(JSON.stringify(judged)).not.toContain(real);
  });

  test("a single character is a placeholder, as no service takes a one-character password: an SSM SecureString's value ignored passes (probe s36)", () => {
    const parameter = (value: string, ignored: string) => `resource "aws_ssm_parameter" "token" {
  name  = "/app/token"
  type  = "SecureString"
  value = "${value}"
  lifecycle { ignore_changes = [${ignored}] }
}`;
    const judged = (hcl: string) => withFiles({ "main.tf": hcl }, (dir) => judgedIn([dir]));
    const name = (dir: Record<string, string[]>) => Object.values(dir).flat();
    expect(name(judged(parameter("x", "value")))).toEqual([]);
    expect(name(judged(parameter("*", "value")))).toEqual([]);
    // Not ignored, it is sent at every apply; two characters are no placeholder.
    expect(name(judged(parameter("x", "tags")))).toEqual(["aws_ssm_parameter.token violation value: value is a literal SecureString value, kept in state"]);
    expect(name(judged(parameter("x7", "value")))).toEqual(["aws_ssm_parameter.token violation value: value is a literal SecureString value, kept in state"]);
  });

  test("a plan beside its code takes ignore_changes from the code; alone, where it is not recorded, it is judged as without", () => {
    const plan = withFiles({ "main.tf": main }, (dir) =>
      JSON.stringify(planFromResources(loadTerraform([dir], { commandLineVariables: [] }).units.flatMap((unit) => unit.resources), parseHcl(main, "main.tf"))),
    );
    const beside = withFiles({ "main.tf": main, "plan.json": plan }, (dir) => judgedIn([dir]));
    expect(beside["plan.json"]).toEqual(stillReported);
    const alone = withFiles({ "plan.json": plan }, (dir) => judgedIn([join(dir, "plan.json")]))["plan.json"];
    expect(alone).toEqual(
      [
        ...stillReported,
        `aws_db_instance.all_ignored ${literal}`,
        `aws_db_instance.placeholder ${literal}`,
        "aws_mq_broker.placeholder_user violation user.0.password: user.0.password is a literal broker user password, kept in state",
        "aws_secretsmanager_secret_version.placeholder violation secret_string: secret_string is a literal secret value, kept in state",
      ].sort(),
    );
  });

  test("Pulumi: passes where ignoreChanges names it, by its Pulumi path; a real value, a placeholder not ignored, or a path the engine cannot parse is reported", () => {
    const judge = (type: string, props: Record<string, unknown>, ignoreChanges: string[]) => {
      const run = runRule(rule, fromPulumi({ type, name: "placeholder", props, ignoreChanges }), {});
      return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}`) : [];
    };
    const instance = "aws:rds/instance:Instance";
    expect(judge(instance, { ...database, password: "CHANGE_ME" }, ["password"])).toEqual([]);
    expect(judge(instance, { ...database, password: real }, ["password"])).toEqual(["violation password"]);
    expect(judge(instance, { ...database, password: "CHANGE_ME" }, ["tags"])).toEqual(["violation password"]);
    expect(judge(instance, { ...database, password: "CHANGE_ME" }, ["password["])).toEqual(["violation password"]);
    expect(judge("aws:rds/cluster:Cluster", { masterUsername: "app", masterPassword: "changeme" }, ["masterPassword"])).toEqual([]);
    expect(judge("aws:mq/broker:Broker", { brokerName: "orders", users: [{ username: "app", password: "REPLACE_ME" }] }, ["users[0].password"])).toEqual([]);
    const domain = { advancedSecurityOptions: { enabled: true, masterUserOptions: { masterUserName: "admin", masterUserPassword: "placeholder" } } };
    expect(judge("aws:opensearch/domain:Domain", domain, ["advancedSecurityOptions.masterUserOptions"])).toEqual([]);
    expect(judge("aws:opensearch/domain:Domain", domain, ["advancedSecurityOptions.enabled"])).toEqual(["violation advanced_security_options.master_user_options.master_user_password"]);
  });
});

describe("each finding's fix is the one for its kind of place, not the rule's whole remediation (probe BX)", () => {
  const ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE";
  const SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  const main = `provider "aws" {
  region     = "eu-west-1"
  access_key = "${ACCESS_KEY}"
  secret_key = "${SECRET_KEY}"
}

resource "aws_ssm_parameter" "batch_size" {
  name  = "/billing/batch_size"
  type  = "SecureString"
  value = "21"
}
`;

  test("a provider's access key and a SecureString value print different fixes, each naming its own way out in Terraform's names, and no secret", () => {
    withFiles({ "main.tf": main }, (dir) => {
      const { report } = checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "service" });
      const text = reporters.get("text")!.render(report, { color: false });
      const fixes = [...text.matchAll(/^ {6}fix: (.*)$/gm)].map((match) => match[1]);
      const [accessKey, secretKey, value] = fixes;
      expect(fixes).toHaveLength(3);
      expect(secretKey).toBe(accessKey);
      expect(accessKey).not.toBe(value);
      expect(accessKey).toMatch(/^Leave the credentials out of the AWS provider configuration: it reads them from the environment \(`AWS_ACCESS_KEY_ID`/);
      expect(value).toMatch(/^A value that is no secret belongs in a parameter whose type is "String"\./);
      expect(value).toContain("`lifecycle { ignore_changes = [value] }`");
      expect(value).toContain("value_wo, with value_wo_version");
      expect(accessKey).not.toMatch(/value_wo|SecureString/);
      expect(value).not.toMatch(/AWS_ACCESS_KEY_ID|provider/);
      for (const fix of fixes) {
        expect(fix).not.toMatch(/Remove the password|Pulumi|ignoreChanges|manageMasterUserPassword|RDS/);
        expect(fix.length).toBeLessThan(rule.remediation.length / 3);
      }
      for (const secret of [ACCESS_KEY, SECRET_KEY]) expect(text).not.toContain(secret);
    });
  });

  const typed = "Typed-In-Credential-2024";
  /** A Pulumi resource with a credential typed in, and what its fix says, in the program's names. */
  const fixes: [string, Record<string, unknown>, string][] = [
    ["aws:rds/instance:Instance", { password: typed }, "set manageMasterUserPassword to true in place of password. "],
    ["aws:rds/instance:Instance", { passwordWo: typed, passwordWoVersion: 1 }, "Or give it write-only, kept in no state: passwordWo, with passwordWoVersion, from an encrypted value of the stack's configuration"],
    ["aws:redshift/cluster:Cluster", { masterPasswordWo: typed, masterPasswordWoVersion: 1 }, "set manageMasterPassword to true in place of masterPassword. "],
    ["aws:redshiftserverless/namespace:Namespace", { adminUserPassword: typed }, "set manageAdminPassword to true in place of adminUserPassword. "],
    ["aws:elasticache/replicationGroup:ReplicationGroup", { authToken: typed }, "users of a user group, named in userGroupIds, in place of the AUTH token"],
    ["aws:memorydb/user:User", { authenticationMode: { type: "password", passwords: [typed] } }, 'Sign the user in with IAM: an authenticationMode whose type is "iam", with no passwords'],
    ["aws:docdb/elasticCluster:ElasticCluster", { authType: "PLAIN_TEXT", adminUserPassword: typed }, 'set authType to "SECRET_ARN" and adminUserPassword to the secret\'s ARN'],
    [
      "aws:opensearch/domain:Domain",
      { advancedSecurityOptions: { enabled: true, masterUserOptions: { masterUserName: "admin", masterUserPassword: typed } } },
      "masterUserArn in place of masterUserName and masterUserPassword, with internalUserDatabaseEnabled set to false",
    ],
    ["aws:dms/endpoint:Endpoint", { password: typed }, "secretsManagerArn, with secretsManagerAccessRoleArn, in place of username and password"],
    ["aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", { destination: "redshift", redshiftConfiguration: { password: typed } }, "a secretsManagerConfiguration in redshiftConfiguration"],
    ["aws:secretsmanager/secretVersion:SecretVersion", { secretId: "s", secretString: typed }, "`aws secretsmanager put-secret-value`"],
    ["aws:kms/externalKey:ExternalKey", { keyMaterialBase64: "Q2xlYXJseU5vdEFSZWFsS2V5" }, "Leave keyMaterialBase64 unset and import the key material outside the code (`aws kms import-key-material`)"],
    ["aws:apigateway/domainName:DomainName", { domainName: "api.example.com", certificatePrivateKey: typed }, "certificateArn (edge) or regionalCertificateArn"],
    ["aws:lightsail/database:Database", { masterPassword: typed }, "(the ignoreChanges resource option naming masterPassword)"],
    ["aws:codebuild/sourceCredential:SourceCredential", { authType: "PERSONAL_ACCESS_TOKEN", serverType: "GITHUB", token: typed }, 'set authType to "SECRETS_MANAGER" and token to the secret\'s ARN'],
    ["aws:glue/connection:Connection", { connectionProperties: { USERNAME: "etl", PASSWORD: typed } }, "a SECRET_ID in connectionProperties naming the secret, in place of USERNAME and PASSWORD"],
    ["aws:amplify/app:App", { accessToken: typed }, "(the ignoreChanges resource option naming accessToken)"],
  ];

  test.each(fixes)("%s %j: the fix says %s", (type, props, says) => {
    const run = runRule(rule, fromPulumi({ type, name: "store", props }), {}, pulumiMessage);
    const judgements = run.applicable ? run.judgements : [];
    expect(judgements).not.toEqual([]);
    for (const { remediation } of judgements) {
      expect(remediation).toContain(says);
      expect(remediation).not.toContain(typed);
      // Nothing of Terraform's: no block or resource of its own, no snake_case name.
      expect(remediation).not.toMatch(/ephemeral|lifecycle|\b[a-z]+_[a-z_]+\b/);
    }
  });

  test("backends and state encryption get their own fixes, by type", () => {
    const main = `terraform {
  encryption {
    key_provider "pbkdf2" "main" {
      passphrase = "correct-horse-battery-staple-2024!"
    }
  }
  backend "http" {
    address  = "https://state.example.com/prod"
    password = "Http-Backend-Pass-2024"
  }
}
provider "github" {
  token = "ghp_R4nd0mT0kenValue0000000000000000000"
}
`;
    withFiles({ "main.tf": main }, (dir) => {
      const { report } = checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "service" });
      const byAddress = Object.fromEntries(report.findings.filter((finding) => finding.ruleId === rule.id).map((finding) => [finding.resource.address, finding.remediation]));
      expect(byAddress["terraform.backend.http"]).toMatch(/^Leave the credentials out of the backend block: give them in the environment \(`TF_HTTP_PASSWORD`\)/);
      expect(byAddress["terraform.encryption.key_provider.pbkdf2.main"]).toMatch(/^Give the key provider's secret through a variable set at run/);
      expect(byAddress["provider.github"]).toMatch(/^Leave the credential out of the provider configuration: give it in the environment variable the provider reads it from/);
    });
  });
});
