import { mkdirSync, readFileSync, rmSync, writeFileSync } from "fs";
import { join } from "path";
import { fromPulumi, type PulumiResource } from "../../../src/adapters/pulumi";
import { loadTerraform } from "../../../src/adapters/terraform";
import { resourcesFromPlan } from "../../../src/adapters/terraform/plan";
import type { CommandLineVariable } from "../../../src/adapters/terraform/variables";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/configuration/aws-database-no-literal-master-password";
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

  test("a known secret whose origin is untold (the pack's Analyze) is undecided; told, one typed in or from config is reported, one from another resource is undecided", () => {
    const judge = (resource: Partial<PulumiResource>) => {
      const run = runRule(rule, fromPulumi({ type: "aws:rds/instance:Instance", name: "db", props: {}, ...resource }), {});
      return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}: ${j.message}`) : [];
    };
    const untraced = [
      "undecided password: password is a secret of unseen origin: typed in, from config, generated or from a secret store, it looks the same here, and is kept in state either way; a password Secrets Manager manages settles it",
    ];
    const literal = ["violation password: password is a literal master password, kept in state"];
    // `new random.RandomPassword(...).result` during `pulumi up`, and pulumi-aws, which marks every password secret.
    expect(judge({ props: { password: secret("Zk3-pQ9-vL2-xR7") } })).toEqual(untraced);
    expect(judge({ props: { password: "changeme-2024" }, secretPaths: ["password"] })).toEqual(untraced);
    expect(judge({ props: { password: "changeme-2024" } })).toEqual(literal);
    // The offline runner tells each input's property dependencies: none for one typed in or read from config.
    expect(judge({ props: { password: secret("Zk3-pQ9-vL2-xR7"), username: "app" }, propertyDependencies: { password: [], username: [] } })).toEqual(literal);
    expect(judge({ props: { password: secret("Zk3-pQ9-vL2-xR7") }, propertyDependencies: { password: ["urn:pulumi:dev::app::aws:secretsmanager/secretVersion:SecretVersion::db"] } })).toEqual([
      "undecided password: password is worked out from a variable, a local, another resource or a function such as file(), which may hold a literal",
    ]);
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

    test("the rule's fixture plan reports the passwords its configuration writes as constants; one from a variable, a local or sensitive() is undecided there", () => {
      // A plan's configuration keeps no value for an expression that reads a variable or a local or calls a function,
      // and a plan has no locals: the literal default, the local and the literal inside sensitive() are not in it.
      const judged = judgePlan(readFileSync(terraformFixtures(rule).plan, "utf8")).filter((judgement) => judgement.startsWith("fail_"));
      expect(judged).toEqual([
        "fail_db violation password: password is a literal master password, kept in state",
        "fail_sensitive_literal undecided password_wo: value is not known to the check",
        'fail_tenant["acme"] undecided password: password is worked out from a variable, a local, another resource or a function such as file(), which may hold a literal',
        'fail_tenant["globex"] undecided password: password is worked out from a variable, a local, another resource or a function such as file(), which may hold a literal',
        "fail_aurora undecided master_password: master_password is worked out from a variable, a local, another resource or a function such as file(), which may hold a literal",
        "fail_aurora_write_only undecided master_password_wo: value is not known to the check",
        "fail_warehouse violation master_password_wo: master_password_wo is a master password written in source code",
      ]);
    });
  });
});
