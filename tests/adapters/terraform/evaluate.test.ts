import fs from "fs";
import { mkdirSync, symlinkSync, writeFileSync } from "fs";
import { join, relative } from "path";
import { gunzipSync } from "zlib";
import { loadTerraform, type LoadResult } from "../../../src/adapters/terraform";
import { MAX_NESTING_DEPTH } from "../../../src/adapters/terraform/hcl/parser";
import { noValueGiven, type CommandLineVariable } from "../../../src/adapters/terraform/variables";
import { type Addresses, EncodedPartialString, isRecord, isUnknown, isUnknownButPresent, PartialString, ReachedAddresses, UNKNOWN, UNKNOWN_IDENTIFIER, UNKNOWN_PRESENT, UNTRACED, type Resource } from "../../../src/model/resource";
import { createScratch, removeScratch, writeFiles } from "../../support/scratch";
import { dependencyList, referenceLists } from "../../support/addresses";
import { evaluate } from "../../../src/engine/evaluate";
import { configDefaults } from "../../../src/rules/rule";
import ecsImagePinned from "../../../src/rules/aws/configuration/aws-ecs-task-image-pinned";
import ecsPlaintextSecrets from "../../../src/rules/aws/configuration/aws-ecs-task-no-plaintext-secrets";
import ecsResourceLimits from "../../../src/rules/aws/limits/aws-ecs-task-resource-limits";
import ecsHealthCheck from "../../../src/rules/aws/operations/aws-ecs-container-health-check";
import ecsLogging from "../../../src/rules/aws/operations/aws-ecs-container-logging";
import serviceLogGroups from "../../../src/rules/aws/operations/aws-cloudwatch-service-log-groups-declared";
import lambdaRuntime from "../../../src/rules/aws/configuration/aws-lambda-runtime-supported";
import sqsEncryption from "../../../src/rules/aws/security/aws-sqs-queue-encryption";

let root: string;
beforeEach(() => {
  root = createScratch();
});
afterEach(() => removeScratch(root));

function load(files: Record<string, string>, options: { commandLineVariables?: CommandLineVariable[]; environment?: Record<string, string> } = {}): LoadResult {
  writeFiles(root, files);
  return loadTerraform([root], { commandLineVariables: options.commandLineVariables ?? [], environment: options.environment });
}

/** What a warning met in a module instance the root's main.tf calls at `line` ends with. */
function inModule(instance: string, line: number): string {
  return ` (in ${instance}, called from ${relative(process.cwd(), join(root, "main.tf"))}:${line}:1)`;
}

/** The notice for a variable of the root's main.tf, declared at `line`, that something reads with no value given. */
function noValue(name: string, line: number) {
  return noValueGiven(name, { file: relative(process.cwd(), join(root, "main.tf")), line, column: 1 });
}

function resources(result: LoadResult): Map<string, Resource> {
  return new Map(result.units.flatMap((unit) => unit.resources).map((resource) => [resource.address, resource]));
}

function only(result: LoadResult, address: string): Resource {
  const found = resources(result).get(address);
  if (!found) throw new Error(`no ${address} in ${[...resources(result).keys()].join(", ")}`);
  return found;
}

describe("variables and locals", () => {
  test("a collection of any holds one element type: mixed strings, numbers and bools become strings, as Terraform converts them", () => {
    const result = load({
      "main.tf": `
variable "db" {
  type    = map(any)
  default = { create = true, class = "db.t4g.micro", retention = 3 }
}
variable "mixed" {
  type    = list(any)
  default = [1, "a", false]
}
variable "uniform" {
  type    = map(any)
  default = { a = 1, b = 2 }
}
variable "clash" {
  type    = map(any)
  default = { a = true, b = 3 }
}
variable "groups" {
  type    = map(any)
  default = { app = { name = "app", keep = true }, audit = { name = "audit", keep = "long" } }
}
resource "aws_db_instance" "this" {
  count     = var.db["create"] == true ? 1 : 0
  engine    = "postgres"
}
resource "aws_s3_bucket" "x" {
  db      = var.db
  mixed   = var.mixed
  uniform = var.uniform
  clash   = var.clash
  groups  = var.groups
}`,
    });
    expect(result.diagnostics.map((diagnostic) => `${diagnostic.line} ${diagnostic.message}`)).toEqual([
      '15 variable "clash": the elements of the map have no common type; treated as unknown',
    ]);
    // "true" == true is false in Terraform: the database is not created.
    expect([...resources(result).keys()]).toEqual(["aws_s3_bucket.x"]);
    const props = only(result, "aws_s3_bucket.x").props;
    expect(props.db).toEqual({ create: "true", class: "db.t4g.micro", retention: "3" });
    expect(props.mixed).toEqual(["1", "a", "false"]);
    expect(props.uniform).toEqual({ a: 1, b: 2 });
    expect(isUnknown(props.clash)).toBe(true);
    // Objects with the same attributes are unified attribute by attribute.
    expect(props.groups).toEqual({ app: { name: "app", keep: "true" }, audit: { name: "audit", keep: "long" } });
  });

  test("a string built around an unknown is never null and begins as it is written, as Terraform 1.6 refines templates", () => {
    const result = load({
      "main.tf": `
resource "aws_cloudwatch_log_group" "dest" {}
resource "aws_cloudwatch_log_group" "own" {
  count = "\${aws_cloudwatch_log_group.dest.arn}:*" != null ? 0 : 1
}
resource "aws_sfn_state_machine" "x" {
  tags = {
    empty    = "arn:\${aws_cloudwatch_log_group.dest.arn}" == ""
    number   = "\${aws_cloudwatch_log_group.dest.arn}:*" == 5
    prefix   = "arn:\${aws_cloudwatch_log_group.dest.arn}" == "arn:aws:logs"
    bare     = "\${aws_cloudwatch_log_group.dest.kms_key_id}" == null
  }
}`,
    });
    expect(result.diagnostics).toEqual([]);
    expect([...resources(result).keys()]).toEqual(["aws_cloudwatch_log_group.dest", "aws_sfn_state_machine.x"]);
    const tags = only(result, "aws_sfn_state_machine.x").props.tags as Record<string, unknown>;
    expect(tags.empty).toBe(false);
    expect(tags.number).toBe(false);
    expect(isUnknown(tags.prefix)).toBe(true);
    // A lone interpolation is the reference itself, which the provider may leave null.
    expect(isUnknown(tags.bare)).toBe(true);
  });

  test("a conditional's result takes the type both results share, whichever is chosen", () => {
    const result = load({
      "main.tf": `
variable "name" {
  type = string
}
resource "aws_kms_key" "x" {
  number_or_string = true ? 14 : "x"
  string_or_bool   = false ? "no" : true
  number_or_null   = true ? 14 : null
  both_numbers     = true ? 14 : 15
  string_chosen    = true ? "x" : 14
  partial          = true ? 14 : "\${var.name}-x"
  other_fails      = true ? 14 : "\${aws_missing.y.id}"
  clash            = true ? 14 : false
}`,
    });
    expect(result.diagnostics.map((diagnostic) => `${diagnostic.line} ${diagnostic.message}`)).toEqual([
      "13 the results of this conditional have no common type: the 'true' value is number, but the 'false' value is bool; treated as unknown",
      `2 ${noValue("name", 2).message}`,
    ]);
    const props = only(result, "aws_kms_key.x").props;
    expect(props).toMatchObject({ number_or_string: "14", string_or_bool: "true", number_or_null: 14, both_numbers: 14, string_chosen: "x", partial: "14", other_fails: 14 });
    expect(isUnknown(props.clash)).toBe(true);
  });

  test("a conditional's collection results are unified as Terraform unifies them, whichever is chosen (checked with terraform 1.11.4)", () => {
    const result = load({
      "main.tf": `
variable "enabled" {
  default = true
}
variable "password" {
  type      = string
  sensitive = true
  default   = "hunter2"
}
locals {
  settings = { publicly_accessible = false, port = 5432, name = "db" }
}
resource "aws_kms_key" "x" {
  object_or_empty   = var.enabled ? local.settings : {}
  tuple_or_tuple    = true ? [1] : ["a"]
  nested            = true ? [[1], ["a", 2]] : []
  objects_differ    = true ? { a = { x = 1 } } : { b = { y = "s" } }
  same_names        = true ? { a = false, p = 5432 } : { a = "x", p = 1 }
  sets              = true ? toset([10, 9, 1]) : toset(["a"])
  map_equal         = (true ? { a = 1 } : {}) == { a = 1 }
  list_equal        = (true ? [1] : []) == [1]
  tuple_equal       = (true ? [1] : ["a"]) == ["1"]
  sensitive_kept    = var.enabled ? { user = "app", password = var.password, port = 5432 } : {}
  other_unknown     = true ? [1] : aws_instance.x.tags
  other_null        = true ? { a = 1, b = true } : null
  no_common_type    = true ? { a = false, p = 5432 } : {}
  lengths_differ    = true ? [1, true] : []
  tuple_or_string   = true ? [1] : "a"
  attribute_differs = false ? { a = 1 } : { a = [1] }
  element_differs   = true ? [1, [2]] : [1, "a"]
  secret_attribute  = true ? { a = false, p = 5432 } : { for k in ["a", "p", var.password] : k => 1 }
}
resource "aws_instance" "x" {}`,
    });
    expect(result.diagnostics.map((diagnostic) => `${diagnostic.line} ${diagnostic.message}`)).toEqual([
      `26 the results of this conditional have no common type: the 'true' value includes object attribute "a", which is absent in the 'false' value; treated as unknown`,
      "27 the results of this conditional have no common type: the 'true' tuple has length 2, but the 'false' tuple has length 0; treated as unknown",
      "28 the results of this conditional have no common type: the 'true' value is tuple, but the 'false' value is string; treated as unknown",
      `29 the results of this conditional have no common type: type mismatch for object attribute "a": the 'true' value is number, but the 'false' value is tuple; treated as unknown`,
      "30 the results of this conditional have no common type: type mismatch for tuple element 1: the 'true' value is tuple, but the 'false' value is string; treated as unknown",
      "31 the results of this conditional have no common type: the 'false' value includes object attribute, which is absent in the 'true' value; treated as unknown",
    ]);
    const resource = only(result, "aws_kms_key.x");
    const input = resource.props;
    expect(input).toMatchObject({
      object_or_empty: { publicly_accessible: "false", port: "5432", name: "db" },
      tuple_or_tuple: ["1"],
      nested: [["1"], ["a", "2"]],
      objects_differ: { a: { x: "1" } },
      same_names: { a: "false", p: 5432 },
      sets: ["1", "10", "9"],
      map_equal: false,
      list_equal: false,
      tuple_equal: true,
      sensitive_kept: { user: "app", password: "hunter2", port: "5432" },
      other_unknown: [1],
      other_null: { a: 1, b: true },
    });
    for (const name of ["no_common_type", "lengths_differ", "tuple_or_string", "attribute_differs", "element_differs", "secret_attribute"]) expect(isUnknown(input[name])).toBe(true);
    // Converted to a map of strings, the password is still the only secret element.
    expect(resource.secretPaths).toEqual(["sensitive_kept.password"]);
  });

  // Each pinned to Terraform 1.11.4's console, with `u` a variable with no value (unknown): "Inconsistent conditional
  // result types" for true ? "a" : [], false ? { a = 1 } : "x", true ? "a" : ({ k = 1 }), u ? "a" : [],
  // u ? { a = 1 } : [1], u ? true : 1, u ? [] : {}, u ? { a = 1 } : { a = [1] } and u ? "${u}-x" : { k = 1 };
  // (known after apply) for u ? 1 : "x", u ? null : [], u ? [1] : [1, 2] and u ? { a = 1 } : { b = "x" }; "a" for
  // true ? "a" : [for x in u : x] and true ? "a" : { (u) = 1 }, which have no type while u is unknown;
  // try(true ? "a" : [], "fb") is "fb" and can(u ? "a" : []) is false.
  test("a conditional whose results have no common type is refused whether its condition is known or not, a string chosen too (checked with terraform 1.11.4)", () => {
    const result = load({
      "main.tf": `
variable "u" {}
resource "aws_kms_key" "x" {
  string_tuple      = true ? "a" : []
  string_chosen     = false ? { a = 1 } : "x"
  string_object     = true ? "a" : ({ k = 1 })
  unknown_tuple     = var.u ? "a" : []
  unknown_objects   = var.u ? { a = 1 } : [1]
  unknown_bool      = var.u ? true : 1
  unknown_empty     = var.u ? [] : {}
  unknown_attribute = var.u ? { a = 1 } : { a = [1] }
  unknown_template  = var.u ? "\${var.u}-x" : { k = 1 }
  number_string     = var.u ? 1 : "x"
  null_tuple        = var.u ? null : []
  lengths           = var.u ? [1] : [1, 2]
  names             = var.u ? { a = 1 } : { b = "x" }
  loop_untyped      = true ? "a" : [for x in var.u : x]
  key_untyped       = true ? "a" : { (var.u) = 1 }
  tried             = try(true ? "a" : [], "fb")
  checked           = can(var.u ? "a" : [])
}`,
    });
    expect(result.diagnostics.map((diagnostic) => `${diagnostic.line}:${diagnostic.column} ${diagnostic.message}`)).toEqual([
      "4:23 the results of this conditional have no common type: the 'true' value is string, but the 'false' value is tuple; treated as unknown",
      "5:23 the results of this conditional have no common type: the 'true' value is object, but the 'false' value is string; treated as unknown",
      "6:23 the results of this conditional have no common type: the 'true' value is string, but the 'false' value is object; treated as unknown",
      "7:23 the results of this conditional have no common type: the 'true' value is string, but the 'false' value is tuple; treated as unknown",
      "8:23 the results of this conditional have no common type: the 'true' value is object, but the 'false' value is tuple; treated as unknown",
      "9:23 the results of this conditional have no common type: the 'true' value is bool, but the 'false' value is number; treated as unknown",
      "10:23 the results of this conditional have no common type: the 'true' value is tuple, but the 'false' value is object; treated as unknown",
      `11:23 the results of this conditional have no common type: type mismatch for object attribute "a": the 'true' value is number, but the 'false' value is tuple; treated as unknown`,
      "12:23 the results of this conditional have no common type: the 'true' value is string, but the 'false' value is object; treated as unknown",
      `2:1 ${noValue("u", 2).message}`,
    ]);
    const props = only(result, "aws_kms_key.x").props;
    expect(props).toMatchObject({ loop_untyped: "a", key_untyped: "a", tried: "fb", checked: false });
    const refused = ["string_tuple", "string_chosen", "string_object", "unknown_tuple", "unknown_objects", "unknown_bool", "unknown_empty", "unknown_attribute", "unknown_template"];
    for (const name of [...refused, "number_string", "null_tuple", "lengths", "names"]) expect(isUnknown(props[name])).toBe(true);
  });

  test("a value a conditional with an unknown condition chooses from known results records each result, through locals and nested conditionals", () => {
    const result = load({
      "main.tf": `
variable "u" {
  type = bool
}
variable "n" {
  type = number
}
variable "pw" {
  type      = string
  sensitive = true
}
locals {
  runtime = var.u ? "python3.8" : local.older
  older   = var.n > 1 ? "python3.7" : (var.u ? "python3.8" : "python3.6")
  chosen  = true ? (var.u ? "a" : "b") : "c"
}
resource "aws_kms_key" "x" {
  direct       = var.u ? "python3.8" : "python3.7"
  unset        = var.n != null ? null : true
  through      = local.runtime
  known_outer  = local.chosen
  templated    = "\${var.u ? 1 : 2}"
  equal        = var.u ? "same" : "same"
  mixed        = var.u ? "1" : 2
  converted    = tostring(var.u ? 1 : 2)
  collection   = var.u ? ["a"] : ["b"]
  unknown      = var.u ? var.n : 1
  secret       = var.u ? var.pw : "x"
  secret_cond  = var.pw == "x" ? "a" : "b"
  many         = var.n == 1 ? "1" : var.n == 2 ? "2" : var.n == 3 ? "3" : var.n == 4 ? "4" : var.n == 5 ? "5" : var.n == 6 ? "6" : var.n == 7 ? "7" : var.n == 8 ? "8" : "9"
  block {
    nested = var.u ? 10 : 20
  }
}`,
    });
    const resource = only(result, "aws_kms_key.x");
    expect(resource.alternatives).toEqual({
      direct: ["python3.8", "python3.7"],
      unset: [null, true],
      through: ["python3.8", "python3.7", "python3.6"],
      known_outer: ["a", "b"],
      templated: [1, 2],
      "block.0.nested": [10, 20],
    });
    expect(resource.props.equal).toBe("same");
  });

  test("a rule judges each result of a conditional whose condition is unknown: a violation for each is one, a pass for each none, else undecided (probe repro/4)", () => {
    const result = load({
      "main.tf": `
variable "use_arm" {
  type = bool
}
variable "kms_key" {
  type = string
}
locals {
  runtime = var.use_arm ? "nodejs18.x" : "nodejs20.x"
}
resource "aws_lambda_function" "both_fail" {
  runtime = var.use_arm ? "python3.8" : "python3.7"
}
resource "aws_lambda_function" "one_fails" {
  runtime = var.use_arm ? "python3.13" : "python3.7"
}
resource "aws_lambda_function" "both_pass" {
  runtime = var.use_arm ? "python3.13" : "python3.12"
}
resource "aws_lambda_function" "through_local" {
  runtime = local.runtime
}
resource "aws_sqs_queue" "default_or_on" {
  sqs_managed_sse_enabled = var.kms_key != null ? null : true
}
resource "aws_sqs_queue" "default_or_off" {
  sqs_managed_sse_enabled = var.kms_key != null ? null : false
}`,
    });
    const rules = [lambdaRuntime, sqsEncryption];
    const settings = new Map(rules.map((rule) => [rule.slug, { level: "mandatory" as const, config: configDefaults(rule) }]));
    const findings = evaluate([...resources(result).values()], rules, settings);
    expect(findings.map(({ ruleId, resource, outcome, message, location }) => `${ruleId} ${resource.address} ${location.line} ${outcome}: ${message}`)).toEqual([
      `PR-CFG-008 aws_lambda_function.both_fail 12 violation: runtime "python3.8" is deprecated, whichever result the conditional choosing it gives (its condition is not known to the check)`,
      "PR-CFG-008 aws_lambda_function.one_fails 15 undecided: value is not known to the check",
      `PR-CFG-008 aws_lambda_function.through_local 21 violation: runtime "nodejs18.x" is deprecated, whichever result the conditional choosing it gives (its condition is not known to the check)`,
      "PR-SEC-013 aws_sqs_queue.default_or_off 27 undecided: value is not known to the check",
    ]);
  });

  test("defaults, terraform.tfvars, *.auto.tfvars, --var-file and --var apply in Terraform's order", () => {
    writeFiles(root, { "extra.tfvars": 'c = "from-var-file"\nd = "from-var-file"\n' });
    const result = load(
      {
        "main.tf": `
variable "a" { default = "default" }
variable "b" { default = "default" }
variable "c" {}
variable "d" {}
variable "n" { type = number }
resource "aws_s3_bucket" "x" {
  bucket = "\${var.a}-\${var.b}-\${var.c}-\${var.d}"
  count_like = var.n + 1
}`,
        "terraform.tfvars": 'b = "tfvars"\nc = "tfvars"\n',
        "z.auto.tfvars": 'c = "auto"\n',
      },
      { commandLineVariables: [{ varFile: join(root, "extra.tfvars") }, { var: "d=from-flag" }, { var: "n=41" }] },
    );
    expect(result.diagnostics).toEqual([]);
    expect(only(result, "aws_s3_bucket.x").props).toEqual({ bucket: "default-tfvars-from-var-file-from-flag", count_like: 42 });
  });

  test("a variables file's value for a variable the root does not declare is a warning at its key, once per key and file, as terraform plan warns", () => {
    writeFiles(root, { "prod.tfvars": 'env = "prod"\nenvironment = "prod"\n', "other.tfvars": 'env = "staging"\n' });
    const result = load(
      {
        "main.tf": 'variable "environment" { type = string }\nresource "aws_s3_bucket" "x" {\n  bucket = var.environment\n}\n',
        "terraform.tfvars": 'environment = "dev"\n  region = "eu-west-1"\n',
        "a.auto.tfvars.json": '{\n  "owner": "team-a"\n}\n',
      },
      // The same file twice is read twice, and said once.
      { commandLineVariables: [{ varFile: join(root, "prod.tfvars") }, { varFile: join(root, "other.tfvars") }, { varFile: join(root, "prod.tfvars") }] },
    );
    const tfvars = relative(process.cwd(), join(root, "terraform.tfvars"));
    const auto = relative(process.cwd(), join(root, "a.auto.tfvars.json"));
    expect(result.diagnostics).toEqual([
      { severity: "warning", code: "input", message: 'the root module does not declare a variable "region"; the value given here is not used', file: tfvars, line: 2, column: 3 },
      { severity: "warning", code: "input", message: 'the root module does not declare a variable "owner"; the value given here is not used', file: auto, line: 2, column: 3 },
      { severity: "warning", code: "input", message: 'no root module checked declares a variable "env"; the value given here is not used', file: join(root, "prod.tfvars"), line: 1, column: 1 },
      { severity: "warning", code: "input", message: 'no root module checked declares a variable "env"; the value given here is not used', file: join(root, "other.tfvars"), line: 1, column: 1 },
    ]);
    expect(only(result, "aws_s3_bucket.x").props).toEqual({ bucket: "prod" });
  });

  test("a --var-file read for several roots warns only of a name none of them declares; a callee's own tfvars is not read", () => {
    writeFiles(root, { "shared.tfvars": 'region = "eu-west-1"\nenvironment = "prod"\nowner = "team-a"\n' });
    const result = load({
      "network/main.tf": 'variable "region" {}\nmodule "tags" {\n  source = "../tags"\n  owner  = "x"\n}\n',
      "app/main.tf": 'variable "environment" {}\n',
      "tags/main.tf": 'variable "owner" {}\n',
      // Terraform reads a module's tfvars only when it is the root: this one is not, so it is said nothing of.
      "tags/terraform.tfvars": 'unused = 1\n',
    }, { commandLineVariables: [{ varFile: join(root, "shared.tfvars") }] });
    expect(result.diagnostics).toEqual([
      { severity: "warning", code: "input", message: 'no root module checked declares a variable "owner"; the value given here is not used', file: join(root, "shared.tfvars"), line: 3, column: 1 },
    ]);
  });

  test("TF_VAR_ environment variables come first, typed as --var values are; files and flags override them", () => {
    const result = load(
      {
        "main.tf": `
variable "a" { default = "default" }
variable "b" {}
variable "c" {}
variable "n" { type = number }
variable "zones" { type = list(string) }
resource "aws_s3_bucket" "x" {
  bucket = "\${var.a}-\${var.b}-\${var.c}"
  count_like = var.n + 1
  zones = var.zones
}`,
        "terraform.tfvars": 'b = "tfvars"\n',
      },
      {
        commandLineVariables: [{ var: "c=from-flag" }],
        environment: { TF_VAR_a: "env", TF_VAR_b: "env", TF_VAR_c: "env", TF_VAR_n: "41", TF_VAR_zones: '["a", "b"]', TF_VAR_other: "x", PATH: "/bin" },
      },
    );
    expect(result.diagnostics).toEqual([]);
    expect(only(result, "aws_s3_bucket.x").props).toEqual({ bucket: "env-tfvars-from-flag", count_like: 42, zones: ["a", "b"] });
  });

  test("only the final value of a declared variable is evaluated, as Terraform does: an error in a value overridden or never declared is none", () => {
    const result = load(
      {
        "main.tf": `
variable "size" { type = number }
variable "subnets" { type = list(string) }
variable "zones" { type = list(string) }
resource "aws_s3_bucket" "x" {
  bucket = "b"
  tags   = { size = var.size, subnets = var.subnets, zones = var.zones }
}`,
        "terraform.tfvars": 'size = max(2, 3)\nlegacy = upper("x")\n',
        "z.auto.tfvars": "size = 4\n",
      },
      { commandLineVariables: [{ var: 'subnets=["subnet-1"]' }, { var: "zones=[bad" }, { var: 'zones=["a"]' }], environment: { TF_VAR_subnets: "subnet-a,subnet-b" } },
    );
    const tfvars = relative(process.cwd(), join(root, "terraform.tfvars"));
    expect(result.diagnostics).toEqual([
      { severity: "warning", code: "input", message: 'the root module does not declare a variable "legacy"; the value given here is not used', file: tfvars, line: 2, column: 1 },
    ]);
    expect(only(result, "aws_s3_bucket.x").props.tags).toEqual({ size: 4, subnets: ["subnet-1"], zones: ["a"] });
  });

  test("a final value Terraform cannot read leaves its variable unknown, not an earlier source's value or the default", () => {
    const result = load(
      {
        "main.tf": `
variable "a" {}
variable "b" { default = "default" }
resource "aws_s3_bucket" "x" {
  bucket = "b"
  tags   = { a = var.a, b = var.b }
}`,
        "terraform.tfvars": 'a = upper("y")\nb = lower("Z")\n',
      },
      { environment: { TF_VAR_a: "x" } },
    );
    const tfvars = relative(process.cwd(), join(root, "terraform.tfvars"));
    expect(result.diagnostics).toEqual([
      { severity: "error", code: "input", message: "variable values cannot call functions", file: tfvars, line: 1, column: 5 },
      { severity: "error", code: "input", message: "variable values cannot call functions", file: tfvars, line: 2, column: 5 },
    ]);
    const tags = only(result, "aws_s3_bucket.x").props.tags as Record<string, unknown>;
    expect(isUnknown(tags.a)).toBe(true);
    expect(isUnknown(tags.b)).toBe(true);
  });

  test("the no-value notice says TF_CLI_ARGS_plan or TF_CLI_ARGS is not read when it gives terraform plan -var or -var-file", () => {
    const files = { "main.tf": 'variable "region" {}\nresource "aws_s3_bucket" "x" {\n  bucket = var.region\n}\n' };
    const message = (environment: Record<string, string>) => load(files, { environment }).diagnostics.map((diagnostic) => diagnostic.message);
    const notice = noValue("region", 1).message;
    expect(message({ TF_CLI_ARGS_plan: "-var-file=prod.tfvars" })).toEqual([`${notice} (TF_CLI_ARGS_plan is not read)`]);
    expect(message({ TF_CLI_ARGS: "-no-color -var region=eu-west-1" })).toEqual([`${notice} (TF_CLI_ARGS is not read)`]);
    expect(message({ TF_CLI_ARGS: "-no-color", TF_CLI_ARGS_plan: "-parallelism=4 -variable-free" })).toEqual([notice]);
  });

  test("a root variable something reads with no default and no value given is a notice at its declaration, naming how to give one", () => {
    const main = `
variable "cidr" {}
variable "db_password" { sensitive = true }
variable "session_token" { ephemeral = true }
variable "from_tfvars" {}
variable "from_auto" {}
variable "from_var_file" {}
variable "from_option" {}
variable "from_environment" {}
variable "null_default" {
  default  = null
  nullable = true
}
variable "unused" {}
variable "validated_only" {
  validation {
    condition     = var.validated_only != ""
    error_message = "must not be empty."
  }
}
module "app" {
  source = "./app"
  port   = 22
}
resource "aws_security_group" "x" {
  cidrs  = [var.cidr, var.from_tfvars, var.from_auto, var.from_var_file, var.from_option, var.from_environment]
  name   = var.null_default
}
resource "aws_db_instance" "db" {
  password    = var.db_password
  password_wo = var.session_token
}`;
    const result = load(
      {
        "main.tf": main,
        "terraform.tfvars": 'from_tfvars = "10.0.0.0/8"\n',
        "cidrs.auto.tfvars.json": '{ "from_auto": "10.1.0.0/16" }\n',
        "ci.tfvars": 'from_var_file = "10.2.0.0/16"\n',
        // A module's variable is given by its call: the module is no root, whatever its own directory would say.
        "app/main.tf": 'variable "port" {}\nresource "aws_security_group" "app" {\n  port = var.port\n}\n',
      },
      { commandLineVariables: [{ varFile: join(root, "ci.tfvars") }, { var: "from_option=10.3.0.0/16" }], environment: { TF_VAR_from_environment: "10.4.0.0/16" } },
    );
    const file = relative(process.cwd(), join(root, "main.tf"));
    expect(result.diagnostics).toEqual([
      {
        severity: "notice",
        code: "input",
        message: 'variable "cidr" has no default and was given no value (terraform plan asks for one), so what reads it is not known to the check; give one with --var cidr=…, --var-file or TF_VAR_cidr',
        file,
        line: 2,
        column: 1,
      },
      noValue("db_password", 3),
      noValue("session_token", 4),
    ]);
    expect(only(result, "aws_security_group.x").props.cidrs).toEqual([UNKNOWN, "10.0.0.0/8", "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16", "10.4.0.0/16"]);
    expect(only(result, "module.app.aws_security_group.app").props.port).toBe(22);
    // Given a value, by any of Terraform's ways, it is told of no more.
    removeScratch(root);
    root = createScratch();
    const given = load(
      { "main.tf": main, "terraform.tfvars": 'cidr = "10.0.0.0/8"\nfrom_tfvars = "x"\nfrom_auto = "x"\nfrom_var_file = "x"\nfrom_option = "x"\nfrom_environment = "x"\n', "app/main.tf": 'variable "port" {}\n' },
      { commandLineVariables: [{ var: "db_password=q7Vn2-Lk9pZ-x8Rw3" }], environment: { TF_VAR_session_token: "tok-EPHEMERAL-456" } },
    );
    expect(given.diagnostics).toEqual([]);
  });

  test("a root variable read by a local a module call is given, first evaluated for that variable's own validation, is read", () => {
    // The validation (Terraform 1.9 reads other values in one) reads the module's output, which evaluates the local
    // given to it: that local reads the variable as any other reader does, not as the validation reading itself.
    const main = `
variable "x" {
  validation {
    condition     = module.c.out != "bad"
    error_message = "not bad."
  }
}
locals {
  l = var.x
}
module "c" {
  source = "./c"
  v      = local.l
}`;
    const result = load({ "main.tf": main, "c/main.tf": 'variable "v" {}\noutput "out" { value = var.v }\n' });
    expect(result.diagnostics).toEqual([noValue("x", 2)]);
  });

  test("a root variable its validation reads through a local value is still read by what else reads that local: a notice", () => {
    const result = load({
      "main.tf": `
variable "name" {
  validation {
    condition     = length(local.bucket) > 0
    error_message = "must not be empty."
  }
}
locals {
  bucket = "\${var.name}-logs"
}
module "logs" {
  source = "./logs"
  bucket = local.bucket
}`,
      "logs/main.tf": 'variable "bucket" {}\nresource "aws_s3_bucket" "this" {\n  bucket = var.bucket\n}\n',
    });
    // The validation evaluates the local first; the module's bucket, which reads it after, takes its name from var.name.
    expect(result.diagnostics).toEqual([noValue("name", 2)]);
  });

  test("a root variable read by a data source that only its validation reads is still read: a notice", () => {
    const result = load({
      "main.tf": `
variable "name" {
  validation {
    condition     = data.aws_s3_bucket.logs.bucket != "logs"
    error_message = "must not be empty."
  }
}
data "aws_s3_bucket" "logs" {
  bucket = "\${var.name}-logs"
}`,
    });
    // The validation evaluates the data source first; the data source reads var.name as anything else would.
    expect(result.diagnostics).toEqual([noValue("name", 2)]);
  });

  test("a --var or TF_VAR_ value of a number or bool is its text converted, as from tfvars: 1 and 0 are true and false", () => {
    const result = load(
      {
        "main.tf": `
variable "on" { type = bool }
variable "off" { type = bool }
variable "quoted" { type = bool }
variable "n" { type = number }
resource "aws_sqs_queue" "x" {
  on     = var.on
  off    = var.off
  quoted = var.quoted
  n      = var.n
}`,
      },
      { commandLineVariables: [{ var: "on=1" }, { var: 'quoted="1"' }], environment: { TF_VAR_off: "0", TF_VAR_n: "41" } },
    );
    expect(only(result, "aws_sqs_queue.x").props).toEqual({ on: true, off: false, quoted: UNKNOWN, n: 41 });
    // Terraform takes the quotes as part of the text, and refuses it: the option, in no file, is named.
    expect(result.diagnostics.map((diagnostic) => [diagnostic.file, diagnostic.line, diagnostic.message])).toEqual([
      [undefined, undefined, '--var quoted: variable "quoted": a bool is required; treated as unknown'],
    ]);
  });

  test("a value that surely fails its variable's validation is a warning at the condition; one that holds or is unknown is not", () => {
    const result = load(
      {
        "main.tf": `
variable "env" {
  validation {
    condition     = contains(["staging", "prod"], var.env)
    error_message = "env must be staging or prod."
  }
}
variable "token" {
  sensitive = true
  validation {
    condition     = length(var.token) >= 32
    error_message = "token \${var.token} is too short."
  }
}
variable "size" {
  default = 2
  validation {
    condition     = var.size > 0
    error_message = "size must be positive."
  }
}
variable "unset" {
  validation {
    condition     = var.unset != ""
    error_message = "unset must not be empty."
  }
}
resource "aws_sqs_queue" "x" {
  name   = "\${var.env}-\${var.size}-\${var.unset}"
  policy = var.token
}`,
        "terraform.tfvars": 'env = "dev"\ntoken = "short-but-secret-value"\n',
      },
    );
    // At the value in the tfvars file, as terraform plan reports it; a default that fails is reported at the condition.
    const main = relative(process.cwd(), join(root, "main.tf"));
    const tfvars = relative(process.cwd(), join(root, "terraform.tfvars"));
    expect(result.diagnostics.map((diagnostic) => [diagnostic.severity, diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.message])).toEqual([
      ["warning", tfvars, 1, 7, `variable "env": its value fails the validation at ${main}:4 ("env must be staging or prod."), so Terraform refuses it at plan; treated as unknown`],
      ["warning", tfvars, 2, 9, `variable "token": its value fails the validation at ${main}:11, so Terraform refuses it at plan; treated as unknown`],
      ["notice", main, 22, 1, noValue("unset", 22).message],
    ]);
    expect(JSON.stringify(result.diagnostics)).not.toContain("short-but-secret");
  });

  test("a value its validation refuses is unknown, a default as a given value or a module's argument: Terraform deploys another", () => {
    const result = load({
      "main.tf": `
variable "alarm_actions" {
  type    = list(string)
  default = []
  validation {
    condition     = length(var.alarm_actions) > 0
    error_message = "at least one action."
  }
}
variable "env" {
  validation {
    condition     = contains(["staging", "prod"], var.env)
    error_message = "staging or prod."
  }
}
variable "size" {
  default = 2
  validation {
    condition     = var.size > 0
    error_message = "positive."
  }
}
variable "region" {
  validation {
    condition     = startswith(var.region, "eu-")
    error_message = "Europe only."
  }
}
module "child" {
  source = "./m"
  ports  = [-1]
}
resource "aws_cloudwatch_metric_alarm" "a" {
  alarm_actions = var.alarm_actions
  env           = var.env
  size          = var.size
  region        = var.region
}`,
      "terraform.tfvars": 'env = "dev"\n',
      "m/main.tf": `
variable "ports" {
  type = list(number)
  validation {
    condition     = alltrue([for port in var.ports : port > 0])
    error_message = "positive ports."
  }
}
resource "aws_security_group" "this" {
  ports = var.ports
}`,
    });
    // A condition that is unknown (no value for region) refuses nothing; a value that holds stays known.
    expect(only(result, "aws_cloudwatch_metric_alarm.a").props).toEqual({ alarm_actions: UNKNOWN, env: UNKNOWN, size: 2, region: UNKNOWN });
    expect(only(result, "module.child.aws_security_group.this").props).toEqual({ ports: UNKNOWN });
    expect(result.diagnostics.map((diagnostic) => diagnostic.message.replace(/ at \S+:\d+/, ""))).toEqual([
      'variable "alarm_actions": its value fails this validation ("at least one action."), so Terraform refuses it at plan; treated as unknown',
      'variable "env": its value fails the validation ("staging or prod."), so Terraform refuses it at plan; treated as unknown',
      'module "child": variable "ports": its value fails the validation ("positive ports."), so Terraform refuses it at plan; treated as unknown',
      noValue("region", 22).message,
    ]);
  });

  test("every local value is evaluated, as Terraform does, also where nothing reads it", () => {
    const result = load({
      "main.tf": `
locals {
  used   = "ok"
  unread = lower(1, 2)
}
module "child" {
  source = "./child"
}
`,
      "child/main.tf": `
locals {
  unread = tonumber("abc")
}
`,
    });
    expect(result.diagnostics.map((diagnostic) => [diagnostic.file?.split("/").slice(-2).join("/"), diagnostic.line, diagnostic.message])).toEqual([
      [expect.stringMatching(/main\.tf$/), 4, "lower: expects 1 argument, got 2; treated as unknown"],
      ["child/main.tf", 3, `tonumber: cannot convert string to number; treated as unknown${inModule("module.child", 6)}`],
    ]);
  });

  test("every data source is evaluated, as Terraform reads each at plan, also where nothing reads it", () => {
    // Terraform 1.11.4 fails validate on the first two and plan on the third, in terraform_remote_state data sources.
    const result = load({
      "main.tf": `
variable "n" { default = "abc" }
data "terraform_remote_state" "function" {
  backend = "local"
  config  = { path = lower(1, 2) }
}
data "terraform_remote_state" "undeclared" {
  backend = "local"
  config  = { path = var.missing }
}
module "child" {
  source = "./child"
  n      = var.n
}
`,
      "child/main.tf": `
variable "n" {}
data "terraform_remote_state" "type" {
  backend = "local"
  config  = { path = tonumber(var.n) }
}
`,
    });
    expect(result.diagnostics.map((diagnostic) => [diagnostic.file?.split("/").slice(-2).join("/"), diagnostic.line, diagnostic.column, diagnostic.message])).toEqual([
      [expect.stringMatching(/main\.tf$/), 5, 22, "lower: expects 1 argument, got 2; treated as unknown"],
      [expect.stringMatching(/main\.tf$/), 9, 22, 'no variable "missing" is declared in this module; treated as unknown'],
      ["child/main.tf", 5, 22, `tonumber: cannot convert string to number; treated as unknown${inModule("module.child", 11)}`],
    ]);
  });

  test("every variable's validation is checked, as Terraform does at plan, also where nothing reads the variable", () => {
    const result = load(
      {
        "main.tf": `
variable "from_default" {
  default = "v1.31.0"
  validation {
    condition     = tonumber(replace(replace(var.from_default, "v", ""), ".", "")) >= 1320
    error_message = "v1.32.0 or later."
  }
}
variable "from_tfvars" {
  validation {
    condition     = var.from_tfvars != ""
    error_message = "not empty."
  }
}
variable "from_option" {
  validation {
    condition     = var.from_option == "ok"
    error_message = "ok only."
  }
}
variable "from_environment" {
  validation {
    condition     = var.from_environment == "ok"
    error_message = "ok only."
  }
}
variable "unset" {
  validation {
    condition     = var.unset == "ok"
    error_message = "ok only."
  }
}
variable "holds" {
  validation {
    condition     = var.holds == "ok"
    error_message = "ok only."
  }
}
module "child" {
  source = "./m"
  env    = "dev"
}
resource "aws_sqs_queue" "q" {
  name = var.from_option
}`,
        "terraform.tfvars": 'from_tfvars = ""\nholds = "ok"\n',
        "m/main.tf": `
variable "env" {
  validation {
    condition     = contains(["staging", "prod"], var.env)
    error_message = "staging or prod."
  }
}`,
      },
      { commandLineVariables: [{ var: "from_option=no" }], environment: { TF_VAR_from_environment: "no" } },
    );
    const main = relative(process.cwd(), join(root, "main.tf"));
    const fails = (name: string, at: string, reason: string) => `variable "${name}": its value fails ${at} ("${reason}"), so Terraform refuses it at plan; treated as unknown`;
    // Once each, the variable a resource reads first; then the others in the order they are declared.
    expect(result.diagnostics.map((diagnostic) => [diagnostic.file, diagnostic.line, diagnostic.message])).toEqual([
      [undefined, undefined, `--var from_option: ${fails("from_option", `the validation at ${main}:17`, "ok only.")}`],
      [main, 5, fails("from_default", "this validation", "v1.32.0 or later.")],
      [relative(process.cwd(), join(root, "terraform.tfvars")), 1, fails("from_tfvars", `the validation at ${main}:11`, "not empty.")],
      [undefined, undefined, `TF_VAR_from_environment: ${fails("from_environment", `the validation at ${main}:23`, "ok only.")}`],
      [main, 41, `module "child": ${fails("env", `the validation at ${relative(process.cwd(), join(root, "m/main.tf"))}:4`, "staging or prod.")}`],
    ]);
  });

  test("a root value Terraform refuses is reported where it was given: at the value in its tfvars file, naming an option or TF_VAR_", () => {
    const result = load(
      {
        "main.tf": `
variable "port" {
  type = number
  validation {
    condition     = var.port > 0
    error_message = "positive"
  }
}
variable "enabled" { type = bool }
variable "encrypted" { type = bool }
variable "public" { type = bool }
resource "aws_db_instance" "db" {
  port                = var.port
  multi_az            = var.enabled
  storage_encrypted   = var.encrypted
  publicly_accessible = var.public
}`,
        "env/prod.tfvars": "port    = -1\nenabled = \"yes\"\n",
        "terraform.tfvars.json": '{\n  "encrypted": "maybe"\n}\n',
      },
      { commandLineVariables: [{ varFile: join(root, "env/prod.tfvars") }], environment: { TF_VAR_public: "sometimes" } },
    );
    const main = relative(process.cwd(), join(root, "main.tf"));
    const json = relative(process.cwd(), join(root, "terraform.tfvars.json"));
    expect(result.diagnostics.map((diagnostic) => [diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.message])).toEqual([
      [join(root, "env/prod.tfvars"), 1, 11, `variable "port": its value fails the validation at ${main}:5 ("positive"), so Terraform refuses it at plan; treated as unknown`],
      [join(root, "env/prod.tfvars"), 2, 11, 'variable "enabled": a bool is required; treated as unknown'],
      [json, 2, 16, 'variable "encrypted": a bool is required; treated as unknown'],
      [undefined, undefined, undefined, 'TF_VAR_public: variable "public": a bool is required; treated as unknown'],
    ]);
  });

  test("a TF_VAR_ value that does not fit its type is an error naming the variable, never its value", () => {
    const result = load(
      { "main.tf": 'variable "ports" { type = list(number) }\nresource "aws_security_group" "x" {\n  description = "x"\n  ports = var.ports\n}\n' },
      { environment: { TF_VAR_ports: '[80, "hunter2-correct-horse' } },
    );
    expect(result.diagnostics).toEqual([{ severity: "error", code: "input", message: 'TF_VAR_ports is not an HCL value of the type variable "ports" declares; its value is not shown' }]);
    expect(JSON.stringify(result.diagnostics)).not.toContain("hunter2");
    expect(isUnknown((only(result, "aws_security_group.x").props as { ports: unknown }).ports)).toBe(true);
  });

  test("a --var name with a space before or after it is refused, as Terraform refuses it, naming the name and never the value", () => {
    const result = load(
      { "main.tf": 'variable "a" { default = "default" }\nresource "aws_s3_bucket" "x" {\n  bucket = var.a\n}\n' },
      { commandLineVariables: [{ var: "a =Xk9-secret" }, { var: " a=Xk9-secret" }] },
    );
    expect(result.diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      '--var: the variable name "a " ends in a space, which Terraform refuses; write --var a=…',
      '--var: the variable name " a" begins with a space, so it names no variable a configuration can declare, which Terraform refuses; write --var a=…',
    ]);
    expect(JSON.stringify(result.diagnostics)).not.toContain("Xk9");
    expect(only(result, "aws_s3_bucket.x").props.bucket).toBe("default");
  });

  test("a --var without a variable name before its = is an error that never quotes it, nor an escape's digits", () => {
    const result = load(
      {
        "main.tf": 'variable "db_password" { sensitive = true }\nvariable "cfg" { type = map(string) }\n',
        "terraform.tfvars": 'db_password = "Xk9\\U0011FFFFmQ2"\n',
      },
      { commandLineVariables: [{ var: "db_password:Xk9#mQ2$vL7pR4wZ" }, { var: "db_password:c2VjcmV0cGFzcw==" }, { var: 'cfg={a = "Xk9\\uD800vL7"}' }] },
    );
    // Both unnamed options give this one diagnostic.
    const unnamed = "--var: expected name=value; its text is not shown";
    expect(result.diagnostics.map((diagnostic) => [diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.message])).toEqual([
      [join(relative(process.cwd(), root), "terraform.tfvars"), 1, 19, "\\U names no Unicode character (a surrogate, or above 10FFFF)"],
      [undefined, undefined, undefined, unnamed],
      [undefined, 1, 18, "--var: \\u names no Unicode character (a surrogate, or above 10FFFF)"],
    ]);
    for (const secret of ["Xk9", "mQ2", "vL7", "c2VjcmV0", "0011FFFF", "D800"]) expect(JSON.stringify(result.diagnostics)).not.toContain(secret);
  });

  test("an invalid escape is an error at its backslash that never quotes what follows it, as a bad \\U's digits are not", () => {
    const result = load({
      "main.tf": 'variable "db_password" { sensitive = true }\n',
      "terraform.tfvars": 'db_password = "Xk9\\qmQ2"\n',
    });
    const message = 'a backslash must be followed by an escape sequence: \\n, \\r, \\t, \\", \\\\, \\u or \\U';
    expect(result.diagnostics.map((diagnostic) => [diagnostic.file, diagnostic.line, diagnostic.column, diagnostic.message])).toEqual([
      [join(relative(process.cwd(), root), "terraform.tfvars"), 1, 19, message],
    ]);
    expect(JSON.stringify(result.diagnostics)).not.toContain("\\\\q");
  });

  test("a JSON variables file with a value written without its quotes is an error at its place, never quoting it", () => {
    const result = load({
      "main.tf": 'variable "db_password" { sensitive = true }\n',
      "terraform.tfvars.json": '{\n  "db_password": Sup3rS3cretDbPassw0rd\n}\n',
    });
    expect(result.diagnostics).toEqual([
      { severity: "error", code: "input", message: "expected a value, found an unquoted word", file: join(relative(process.cwd(), root), "terraform.tfvars.json"), line: 2, column: 18 },
    ]);
  });

  test("a JSON variables file that gives a name twice, or a key twice in an object of a value read, or begins with a byte order mark is refused, as by Terraform", () => {
    const result = load({
      "main.tf": `
variable "env" {}
variable "tags" { type = map(string) }
variable "ports" { type = map(number) }
variable "region" {}
resource "aws_s3_bucket" "x" {
  bucket = "b"
  tags   = { env = var.env, tags = var.tags, ports = var.ports, region = var.region }
}`,
      "terraform.tfvars.json": '{\n  "env": "dev",\n  "env": "prod",\n  "tags": {"tok-Xk9": "a", "tok-Xk9": "b"},\n  "ports": {"a": 1, "a": 2}\n}\n',
      "b.auto.tfvars.json": '\ufeff{"region": "eu-west-1"}',
      "z.auto.tfvars": "ports = { a = 3 }\n",
    });
    const at = (file: string) => relative(process.cwd(), join(root, file));
    expect(result.diagnostics).toEqual([
      { severity: "error", code: "input", message: '"env" is given a value twice in this file, which Terraform refuses', file: at("terraform.tfvars.json"), line: 3, column: 3 },
      { severity: "error", code: "input", message: "the file begins with a byte order mark (U+FEFF), which Terraform refuses in JSON: save it as UTF-8 without one", file: at("b.auto.tfvars.json"), line: 1, column: 1 },
      { severity: "error", code: "input", message: "this object has this key twice, which Terraform refuses; the key is not shown", file: at("terraform.tfvars.json"), line: 4, column: 28 },
      noValue("region", 5),
    ]);
    expect(JSON.stringify(result.diagnostics)).not.toContain("Xk9");
    const tags = only(result, "aws_s3_bucket.x").props.tags as Record<string, unknown>;
    expect(tags.ports).toEqual({ a: 3 });
    for (const name of ["env", "tags", "region"]) expect(isUnknown(tags[name])).toBe(true);
  });

  test("a JSON configuration file that begins with a byte order mark is refused, as terraform init refuses it", () => {
    const result = load({ "main.tf.json": '\ufeff{"resource": {"aws_s3_bucket": {"x": {"bucket": "b"}}}}' });
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: "error", message: "the file begins with a byte order mark (U+FEFF), which Terraform refuses in JSON: save it as UTF-8 without one", line: 1, column: 1 }),
    ]);
  });

  test("a value written without its quotes in a variables file or a typed --var is refused at its place, never quoted", () => {
    const result = load(
      {
        "main.tf": 'variable "db_password" { sensitive = true }\nvariable "ports" { type = list(string) }\n',
        "terraform.tfvars": "db_password = Sup3rS3cretDbPassw0rd\n",
      },
      { commandLineVariables: [{ var: "ports=S3cretPortPassw0rd" }] },
    );
    const refusal = "variable values cannot refer to anything (a string is written in double quotes)";
    expect(result.diagnostics).toEqual([
      { severity: "error", code: "input", message: refusal, file: join(relative(process.cwd(), root), "terraform.tfvars"), line: 1, column: 15 },
      { severity: "error", code: "input", message: `--var: ${refusal}`, file: undefined },
    ]);
  });

  test("a function call in a variables file or a typed --var is refused at its place, as Terraform refuses it; templates and for expressions are not calls", () => {
    const result = load(
      {
        "main.tf": `
variable "admin_cidrs" {
  type    = list(string)
  default = ["10.0.0.0/8"]
}
variable "ports" { type = list(number) }
variable "name" {}
variable "doubled" {}
resource "aws_security_group" "x" {
  cidrs   = var.admin_cidrs
  ports   = var.ports
  name    = var.name
  doubled = var.doubled
}`,
        "terraform.tfvars": 'admin_cidrs = concat(["10.0.0.0/8"], ["0.0.0.0/0"])\nname = "web-${1 + 1}"\ndoubled = [for i in [1, 2] : i * 2]\n',
      },
      { commandLineVariables: [{ var: "ports=[length([1, 2])]" }] },
    );
    const refusal = "variable values cannot call functions";
    expect(result.diagnostics).toEqual([
      { severity: "error", code: "input", message: refusal, file: join(relative(process.cwd(), root), "terraform.tfvars"), line: 1, column: 15 },
      { severity: "error", code: "input", message: `--var: ${refusal}`, file: undefined },
    ]);
    const props = only(result, "aws_security_group.x").props as Record<string, unknown>;
    expect(props).toMatchObject({ name: "web-2", doubled: [2, 4] });
    // Terraform stops at the refused value: its default is not what is deployed.
    expect(isUnknown(props.cidrs)).toBe(true);
    expect(isUnknown(props.ports)).toBe(true);
  });

  test("what reads the iterator of a dynamic block over a sensitive collection is secret; what does not read it is not", () => {
    const result = load({
      "main.tf": `
variable "admin_cidrs" {
  sensitive = true
  default   = ["203.0.113.77/32"]
}
variable "ports" { default = [443] }
resource "aws_security_group" "web" {
  description = "web"
  dynamic "ingress" {
    for_each = var.admin_cidrs
    content {
      description = "admin \${ingress.value}"
      from_port   = 22
      to_port     = 22
      protocol    = "tcp"
      cidr_blocks = [ingress.value]
    }
  }
  dynamic "egress" {
    for_each = var.ports
    content {
      from_port   = egress.value
      to_port     = egress.value
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}`,
    });
    expect(only(result, "aws_security_group.web").secretPaths).toEqual(["ingress.0.description", "ingress.0.cidr_blocks.0"]);
  });

  test("issensitive() tells a sensitive value without making its answer secret; ephemeralasnull() keeps a value", () => {
    const result = load({
      "main.tf": `
variable "password" {
  sensitive = true
  default   = "hunter2-correct-horse"
}
resource "aws_sqs_queue" "q" {
  name = "\${issensitive(var.password)}-\${issensitive("plain")}-\${ephemeralasnull("kept")}"
}`,
    });
    expect(result.diagnostics).toEqual([]);
    const queue = only(result, "aws_sqs_queue.q");
    expect(queue.props).toEqual({ name: "true-false-kept" });
    expect(queue.secretPaths).toEqual([]);
  });

  test("issensitive() of a value known only at apply is unknown, as Terraform answers; of a marked one, true, as a generated password is", () => {
    const result = load({
      "main.tf": `
resource "random_string" "p" {
  length = 20
}
resource "random_password" "secret" {
  length = 20
}
resource "aws_cloudwatch_log_group" "g" {
  name              = "g"
  retention_in_days = issensitive(random_string.p.result) ? 30 : 0
}
resource "aws_cloudwatch_log_group" "marked" {
  name              = "marked"
  retention_in_days = issensitive(sensitive(random_string.p.result)) ? 30 : 0
}
resource "aws_cloudwatch_log_group" "generated" {
  name              = "generated"
  retention_in_days = issensitive(random_password.secret.result) ? 30 : 0
}
resource "aws_cloudwatch_log_group" "holds" {
  name              = "holds"
  retention_in_days = issensitive({ a = random_string.p.result }) ? 30 : 0
}`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(only(result, "aws_cloudwatch_log_group.g").props.retention_in_days).toBe(UNKNOWN);
    expect(only(result, "aws_cloudwatch_log_group.marked").props.retention_in_days).toBe(30);
    expect(only(result, "aws_cloudwatch_log_group.generated").props.retention_in_days).toBe(30);
    // Only the value's own mark counts: an object known around an unknown is not sensitive.
    expect(only(result, "aws_cloudwatch_log_group.holds").props.retention_in_days).toBe(0);
  });

  test("ephemeralasnull() nulls ephemeral variables, resources, outputs and terraform.applying; what it cannot tell is unknown", () => {
    const result = load({
      "main.tf": `
variable "key" {
  type      = string
  ephemeral = true
  default   = "pd-123456"
}
ephemeral "random_password" "db" {
  length = 20
}
module "vault" {
  source = "./vault"
}
locals {
  both = { key = var.key, name = "kept" }
}
resource "aws_sqs_queue" "q" {
  count = ephemeralasnull(var.key) != null ? 1 : 0
  name  = "never"
}
resource "aws_ssm_parameter" "p" {
  name        = "p"
  type        = "String"
  value       = "\${ephemeralasnull(var.key) == null}-\${ephemeralasnull(ephemeral.random_password.db.result) == null}-\${ephemeralasnull(module.vault.token) == null}-\${ephemeralasnull(terraform.applying) == null}-\${ephemeralasnull(var.key == "x" ? "a" : "b") == null}-\${ephemeralasnull(nonsensitive(var.key)) == null}"
  description = ephemeralasnull(local.both.name)
  tier        = ephemeralasnull(local.both.key)
  tags        = ephemeralasnull(local.both)
}`,
      "vault/main.tf": `
variable "seed" {
  type    = string
  default = "s"
}
output "token" {
  value     = var.seed
  ephemeral = true
}`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(resources(result).has("aws_sqs_queue.q[0]")).toBe(false);
    const parameter = only(result, "aws_ssm_parameter.p");
    expect(parameter.props.value).toBe("true-true-true-true-true-true");
    // Read out of a container that holds an ephemeral element: which one is not recorded, so not known ("kept" and
    // null in Terraform), never the ephemeral value kept.
    expect(parameter.props.description).toBe(UNKNOWN);
    expect(parameter.props.tier).toBe(UNKNOWN);
    expect(parameter.props.tags).toBe(UNKNOWN);
  });

  test("an ephemeral output of the root module, and an ephemeral value given to a module's variable not declared ephemeral, are refused as Terraform refuses them", () => {
    const result = load({
      "main.tf": `
variable "token" {
  type      = string
  ephemeral = true
  default   = "tok-EPHEMERAL-123"
}
output "token" {
  value     = var.token
  ephemeral = true
}
module "plain" {
  source = "./plain"
  token  = var.token
}
module "accepting" {
  source = "./accepting"
  token  = var.token
}`,
      "plain/main.tf": 'variable "token" {}\nresource "aws_ssm_parameter" "p" {\n  name  = "plain"\n  type  = "SecureString"\n  value = var.token\n}\n',
      // Declared ephemeral, it takes the value, and so may its own ephemeral output, in a module that is not the root.
      "accepting/main.tf": 'variable "token" {\n  ephemeral = true\n}\nresource "aws_ssm_parameter" "p" {\n  name     = "accepting"\n  type     = "SecureString"\n  value_wo = var.token\n}\noutput "token" {\n  value     = var.token\n  ephemeral = true\n}\n',
    });
    // terraform validate (1.11.4): "Ephemeral outputs are not allowed in context of a root module" at the output
    // block; "This input variable is not declared as accepting a ephemeral values" at the module call's argument.
    expect(result.diagnostics.map((diagnostic) => [diagnostic.message, `${relative(root, diagnostic.file ?? "")}:${diagnostic.line}`])).toEqual([
      ['output "token" is declared ephemeral, which Terraform refuses in the root module (only a module it calls passes an ephemeral value on); its value treated as unknown', "main.tf:7"],
      ['module "plain": variable "token" is given an ephemeral value, which Terraform refuses for a variable not declared ephemeral = true; treated as unknown', "main.tf:13"],
    ]);
    expect(only(result, "module.plain.aws_ssm_parameter.p").props.value).toBe(UNKNOWN);
    expect(only(result, "module.accepting.aws_ssm_parameter.p").secretPaths).toEqual(["value_wo"]);
  });

  test("an output not declared ephemeral, in the root module or one it calls, is refused an ephemeral value as Terraform refuses it", () => {
    const result = load({
      "main.tf": `
variable "token" {
  type      = string
  ephemeral = true
  default   = "tok-EPHEMERAL-123"
}
output "token" {
  value = var.token
}
module "child" {
  source = "./child"
  token  = var.token
}
resource "aws_ssm_parameter" "p" {
  name  = "p"
  type  = "String"
  value = module.child.plain
}`,
      "child/main.tf": 'variable "token" {\n  ephemeral = true\n}\noutput "plain" {\n  value = var.token\n}\noutput "held" {\n  value = { a = var.token }\n}\noutput "declared" {\n  value     = var.token\n  ephemeral = true\n}\n',
    });
    // terraform validate (1.11.4), at each output's value: "This output value is not declared as returning an
    // ephemeral value, so it cannot be set to a result derived from an ephemeral value."
    const refusal = (name: string) => `output "${name}" is given an ephemeral value, which Terraform refuses for an output not declared ephemeral = true; its value treated as unknown`;
    expect(result.diagnostics.map((diagnostic) => [diagnostic.message, `${relative(root, diagnostic.file ?? "")}:${diagnostic.line}`])).toEqual([
      [refusal("plain") + inModule("module.child", 10), "child/main.tf:5"],
      [refusal("token"), "main.tf:8"],
      [refusal("held") + inModule("module.child", 10), "child/main.tf:8"],
    ]);
    // Refused, the output passes on no value, and nothing ephemeral: the argument reading it is not refused again.
    expect(only(result, "aws_ssm_parameter.p").props.value).toBe(UNKNOWN);
  });

  test("an ephemeral variable's value is marked secret where it is given, as a sensitive one is; a default is written in the code", () => {
    const result = load({
      "main.tf": `
variable "given" {
  type      = string
  ephemeral = true
}
variable "defaulted" {
  type      = string
  ephemeral = true
  default   = "Literal-Passw0rd"
}
resource "aws_db_instance" "db" {
  password_wo  = var.given
  password     = ephemeralasnull(var.defaulted)
}
resource "aws_rds_cluster" "db" {
  master_password_wo = var.defaulted
}`,
    }, { environment: { TF_VAR_given: "from-ci-Passw0rd" } });
    expect(result.diagnostics).toEqual([]);
    const db = only(result, "aws_db_instance.db");
    expect(db.props.password).toBeNull();
    expect(db.secretPaths).toEqual(["password_wo"]);
    expect(db.writtenSecrets).toBeUndefined();
    const cluster = only(result, "aws_rds_cluster.db");
    expect(cluster.secretPaths).toEqual(["master_password_wo"]);
    expect(cluster.writtenSecrets).toEqual(["master_password_wo"]);
  });

  test("a value is converted to its variable's type: optional attributes take their defaults, others are dropped", () => {
    const result = load({
      "main.tf": `
variable "volume" {
  type = object({
    size      = number
    encrypted = optional(bool, true)
    kms_key   = optional(string)
    port      = optional(string, 5432)
    backup    = optional(object({ enabled = optional(bool, true), days = optional(number, 7) }), {})
  })
}
variable "queues" {
  type = map(object({ fifo = optional(bool, false), delay = optional(number, 0) }))
  default = { jobs = { delay = 5 }, events = { fifo = true } }
}
variable "ports" {
  type = list(string)
  default = [80, 443]
}
resource "aws_ebs_volume" "v" {
  size      = var.volume.size
  encrypted = var.volume.encrypted
  kms_key_id = var.volume.kms_key
  tags      = { port = var.volume.port, backup = tostring(var.volume.backup.enabled), days = var.volume.backup.days, keys = join(",", keys(var.volume)) }
}
resource "aws_sqs_queue" "q" {
  for_each   = var.queues
  fifo_queue = each.value.fifo
  delay_seconds = each.value.delay
  name = join(",", var.ports)
}`,
      "terraform.tfvars": 'volume = { size = "20", unused = "dropped" }\n',
    });
    expect(result.diagnostics).toEqual([]);
    expect(only(result, "aws_ebs_volume.v").props).toEqual({
      size: 20,
      encrypted: true,
      kms_key_id: null,
      tags: { port: "5432", backup: "true", days: 7, keys: "backup,encrypted,kms_key,port,size" },
    });
    expect(only(result, 'aws_sqs_queue.q["events"]').props).toEqual({ fifo_queue: true, delay_seconds: 0, name: "80,443" });
    expect(only(result, 'aws_sqs_queue.q["jobs"]').props).toEqual({ fifo_queue: false, delay_seconds: 5, name: "80,443" });
  });

  test("a variable without a value is unknown, and so is what is built from it", () => {
    const result = load({
      "main.tf": `
variable "name" {}
locals { full = "\${var.name}-logs" }
resource "aws_s3_bucket" "x" {
  bucket = local.full
  tags   = { Name = local.full, Team = "core" }
}`,
    });
    const props = only(result, "aws_s3_bucket.x").props as { bucket: unknown; tags: Record<string, unknown> };
    expect(isUnknown(props.bucket)).toBe(true);
    expect(isUnknown(props.tags.Name)).toBe(true);
    expect(props.tags.Team).toBe("core");
  });

  test("locals refer to each other in any order; functions evaluate", () => {
    const result = load({
      "main.tf": `
locals {
  tags   = merge(local.common, { Service = "api" })
  common = { Team = upper("core") }
  ports  = concat([80], [443])
}
resource "aws_security_group" "web" {
  tags = local.tags
  description = join(",", [for p in local.ports : tostring(p)])
}`,
    });
    expect(only(result, "aws_security_group.web").props).toEqual({ tags: { Team: "CORE", Service: "api" }, description: "80,443" });
  });

  test("arithmetic on decimals gives Terraform's results, not those of doubles (each checked with terraform console 1.11.4)", () => {
    const cases: [string, unknown][] = [
      ["0.1 + 0.2 == 0.3", true],
      ["floor(0.29 * 100)", 29],
      ["ceil(1.1 * 100)", 110],
      ["floor(4.35 * 100)", 435],
      ["tostring(1.15 * 100)", "115"],
      ["jsonencode(0.1 + 0.2)", "0.3"],
      ["sum([0.1, 0.2, 0.3])", 0.6],
      ["1.1 - 0.1", 1],
      ["1.2 - 1", 0.2],
      ["0.1 * 3 == 0.3", true],
      ["4096 * 0.75", 3072],
      ["0.3 / 0.1", 3],
      ["0.7 % 0.1", 0],
      ["5.3 % 1", 0.3],
      ["-0.7 % 0.2", -0.1],
      ["1.5 % 1", 0.5],
      ["1e-300 + 1", 1],
      ["-7 % 3", -1],
      ["1 / 3", 1 / 3],
      ["385797619819641000 - 385797619819640000", 1000],
      // An inexact result is no literal: Terraform keeps it to 512 bits, and taken as an exact decimal it drifts.
      ["floor(21 * (1 / 3))", 7],
      ["floor(3072 * (2 / 3))", 2048],
      ["ceil(7 / 3 * 3)", 7],
      ["ceil(100 / 3 * 3)", 100],
      ["floor(1 / 3 * 3)", 1],
      ["sum([for w in [1, 1, 1] : w / 3])", 1],
      ["1 / 3 + 1 / 3 + 1 / 3 == 1", true],
    ];
    const result = load({
      "main.tf": `
resource "terraform_data" "probe" {
  input = [
${cases.map(([expression]) => `    ${expression},`).join("\n")}
  ]
}`,
    });
    expect(result.diagnostics).toEqual([]);
    const input = only(result, "terraform_data.probe").props.input as unknown[];
    expect(cases.map(([expression], index) => [expression, input[index]])).toEqual(cases);
  });

  test("a number a double cannot hold as written is unknown with a warning, not rounded to a neighbour (checked with terraform 1.11.4)", () => {
    const beyond = "a number with more digits than a 64-bit float holds, which Terraform keeps, is not evaluated here; treated as unknown";
    const cases: [string, unknown][] = [
      // Terraform keeps every digit of these; a double would give 9007199254740992 and 12345678901234567000.
      ["9007199254740993", UNKNOWN],
      ["-9007199254740993", UNKNOWN],
      ["9007199254740993.5", UNKNOWN],
      ["9007199254740992 + 1", UNKNOWN],
      ["4503599627370496 * 2 + 1", UNKNOWN],
      ["1e308 * 10", UNKNOWN],
      ["tonumber(\"12345678901234567890\")", UNKNOWN],
      ["parseint(\"12345678901234567890\", 10)", UNKNOWN],
      ["jsondecode(\"{\\\"id\\\": 12345678901234567890}\")", UNKNOWN],
      ["yamldecode(\"id: 9007199254740993\")", UNKNOWN],
      // Too small for a double, which would give 0.
      ["1e-400", UNKNOWN],
      // A double holds these exactly as written; a digit string inside a JSON string is no number.
      ["9007199254740992", 9007199254740992],
      ["tostring(1e22)", "10000000000000000000000"],
      ["4503599627370496 * 2", 9007199254740992],
      ["jsondecode(\"{\\\"id\\\": \\\"12345678901234567890\\\", \\\"n\\\": 123456789012}\")", { id: "12345678901234567890", n: 123456789012 }],
    ];
    const result = load({
      "main.tf": `
resource "terraform_data" "probe" {
  input = [
${cases.map(([expression]) => `    ${expression},`).join("\n")}
  ]
}`,
    });
    expect(result.diagnostics.map((diagnostic) => diagnostic.message.replace(/^\w+: /, ""))).toEqual(Array(11).fill(beyond));
    const input = only(result, "terraform_data.probe").props.input as unknown[];
    expect(cases.map(([expression], index) => [expression, input[index]])).toEqual(cases);
  });

  test("a number a double cannot hold as written in a JSON variables file is refused as in an HCL one, not rounded to a neighbour", () => {
    const main = 'variable "ids" { type = any }\nresource "terraform_data" "x" {\n  input = var.ids\n}\n';
    const hcl = load({ "main.tf": main, "terraform.tfvars": "ids = { account = 12345678901234567890 }\n" });
    const json = load({ "main.tf": main, "terraform.tfvars.json": '{"ids": {"account": 12345678901234567890}}\n' });
    const refusal = (result: LoadResult) => result.diagnostics.map(({ severity, file, line, column, message }) => [severity, file?.replace(/.*\//, ""), line, column, message]);
    const beyond = "a number with more digits than a 64-bit float holds, which Terraform keeps, is not evaluated here";
    expect(refusal(hcl)).toEqual([["error", "terraform.tfvars", 1, 19, beyond]]);
    expect(refusal(json)).toEqual([["error", "terraform.tfvars.json", 1, 21, beyond]]);
    for (const result of [hcl, json]) expect(isUnknown(only(result, "terraform_data.x").props.input)).toBe(true);
  });

  test("a modulo by zero is the dividend, negative zero prints as -0, and format() refuses null (checked with terraform 1.11.4)", () => {
    const cases: [string, unknown][] = [
      ["5 % 0", 5],
      ["-5 % 0", -5],
      ["5.5 % 0", 5.5],
      ["tostring(-0.0)", "-0"],
      ["tostring(0 * -1)", "-0"],
      ["jsonencode(-0)", "-0"],
      ["tostring(ceil(-0.5))", "0"],
      ["tostring(-5 % 5)", "0"],
      ["formatlist(\"%v\", [null])", ["null"]],
    ];
    const result = load({
      "main.tf": `
resource "terraform_data" "probe" {
  input = [
${cases.map(([expression]) => `    ${expression},`).join("\n")}
  ]
}
resource "terraform_data" "null_formatted" {
  input = format("%v", null)
}`,
    });
    expect(result.diagnostics.map((diagnostic) => diagnostic.message)).toEqual(["format: argument 2 must not be null; treated as unknown"]);
    const input = only(result, "terraform_data.probe").props.input as unknown[];
    expect(cases.map(([expression], index) => [expression, input[index]])).toEqual(cases);
    expect(isUnknown(only(result, "terraform_data.null_formatted").props.input)).toBe(true);
  });

  test("a sensitive variable makes the attribute that uses it secret", () => {
    const result = load({
      "main.tf": `
variable "password" {
  sensitive = true
  default   = "hunter2-correct-horse"
}
resource "aws_db_instance" "db" {
  password = var.password
  username = "admin"
}`,
    });
    expect(only(result, "aws_db_instance.db").secretPaths).toEqual(["password"]);
  });

  test("a secret the configuration writes itself (a sensitive default, sensitive() around a constant) is told from one given at run", () => {
    const files: Record<string, string> = {
      "main.tf": `
variable "password" {
  sensitive = true
  default   = "hunter2-correct-horse"
}
variable "given" {
  sensitive = true
  default   = "hunter2-correct-horse"
}
variable "at_apply" { sensitive = true }
resource "aws_db_instance" "db" {
  password_wo = var.password
  username    = sensitive("admin-\${var.given}")
  name        = sensitive("orders")
  identifier  = var.at_apply
}
resource "aws_rds_cluster" "each" {
  for_each           = { main = { password = var.given } }
  master_password_wo = each.value.password
}`,
    };
    const written = (environment: Record<string, string>, address = "aws_db_instance.db") => only(load(files, { environment }), address);
    expect(written({})).toMatchObject({ secretPaths: ["password_wo", "username", "name", "identifier"], writtenSecrets: ["password_wo", "username", "name"] });
    expect(written({}, 'aws_rds_cluster.each["main"]')).toMatchObject({ secretPaths: ["master_password_wo"], writtenSecrets: ["master_password_wo"] });
    // A value given through TF_VAR_ (or --var, a tfvars file never committed) is not in the configuration, nor is one left for apply.
    expect(written({ TF_VAR_given: "from-the-pipeline" }).writtenSecrets).toEqual(["password_wo", "name"]);
    expect(written({ TF_VAR_given: "from-the-pipeline" }, 'aws_rds_cluster.each["main"]')).toMatchObject({ secretPaths: ["master_password_wo"] });
    expect(written({ TF_VAR_given: "from-the-pipeline" }, 'aws_rds_cluster.each["main"]').writtenSecrets).toBeUndefined();
    // One in a committed tfvars file is written in the code, as the default it replaces is.
    files["terraform.tfvars"] = 'given = "from-a-committed-file"\n';
    expect(written({}).writtenSecrets).toEqual(["password_wo", "username", "name"]);
    expect(written({}, 'aws_rds_cluster.each["main"]').writtenSecrets).toEqual(["master_password_wo"]);
  });

  test("for_each takes a map whose elements hold a sensitive value, keeping each.value secret, and refuses a sensitive map or key", () => {
    const result = load({
      "main.tf": `
variable "db_password" {
  sensitive = true
  default   = "hunter2-correct-horse"
}
variable "tenants" {
  sensitive = true
  default   = { acme = "x" }
}
locals {
  services = {
    api    = { image = "nginx:latest", db_password = var.db_password }
    worker = { image = "worker:1.4.2", db_password = "not-secret" }
  }
}
resource "aws_ecs_service" "svc" {
  for_each        = local.services
  name            = each.key
  task_definition = each.value.image
}
resource "aws_db_instance" "db" {
  for_each            = { main = { public = false, pw = var.db_password } }
  identifier          = each.key
  publicly_accessible = each.value.public
}
resource "aws_sqs_queue" "by_tenant" {
  for_each = var.tenants
  name     = each.key
}
resource "aws_sqs_queue" "by_secret_key" {
  for_each = { (var.db_password) = 1 }
  name     = each.key
}`,
    });
    const refusal = "for_each draws on a sensitive value that may be the collection or one of its keys, which Terraform refuses; the block is evaluated once with each unknown";
    expect(result.diagnostics.map((diagnostic) => [diagnostic.message, diagnostic.line])).toEqual([
      [refusal, 27],
      [refusal, 31],
    ]);
    const summary = (address: string) => {
      const { props, secretPaths } = only(result, address);
      return { props, secretPaths };
    };
    // Terraform marks the sensitive value inside each.value, never each.key nor the element's other attributes.
    expect(summary('aws_ecs_service.svc["api"]')).toEqual({ props: { name: "api", task_definition: "nginx:latest" }, secretPaths: [] });
    expect(summary('aws_ecs_service.svc["worker"]')).toEqual({ props: { name: "worker", task_definition: "worker:1.4.2" }, secretPaths: [] });
    expect(summary('aws_db_instance.db["main"]')).toEqual({ props: { identifier: "main", publicly_accessible: false }, secretPaths: [] });
    expect([...resources(result).keys()].filter((address) => address.startsWith("aws_sqs_queue"))).toEqual(["aws_sqs_queue.by_tenant", "aws_sqs_queue.by_secret_key"]);
  });

  test("for_each refuses an ephemeral collection or set element, as Terraform 1.11 does, and never makes it an address; a map's ephemeral value keeps its keys", () => {
    const result = load({
      "main.tf": `
variable "db_passwords" {
  type      = set(string)
  ephemeral = true
}
variable "session_token" {
  type      = string
  ephemeral = true
}
ephemeral "aws_secretsmanager_secret_version" "tenants" {
  secret_id = "prod/tenants"
}
resource "aws_db_instance" "db" {
  for_each = var.db_passwords
  engine   = "postgres"
}
resource "aws_sqs_queue" "by_token" {
  for_each = toset(["jobs", var.session_token])
  name     = each.key
}
resource "aws_sqs_queue" "by_tenant" {
  for_each = jsondecode(ephemeral.aws_secretsmanager_secret_version.tenants.secret_string)
  name     = each.key
}
resource "aws_sqs_queue" "holding_token" {
  for_each = { jobs = var.session_token }
  name     = each.key
}
module "per_password" {
  source   = "./modules/queue"
  for_each = var.db_passwords
  name     = each.key
}`,
      "modules/queue/main.tf": 'variable "name" {}\nresource "aws_sqs_queue" "q" {\n  name = var.name\n}\n',
    }, { environment: { TF_VAR_db_passwords: '["Tr0ub4dor&3xyz"]', TF_VAR_session_token: "tok-EPHEMERAL-456" } });
    const refusal = "for_each draws on an ephemeral value that may be the collection or one of its keys, which Terraform refuses; the block is evaluated once with each unknown";
    expect(result.diagnostics.map((diagnostic) => [diagnostic.message, diagnostic.line])).toEqual([
      [refusal, 14],
      [refusal, 18],
      [refusal, 22],
      [refusal, 31],
      // The module's one instance is given each.key of the ephemeral set, which its variable, not declared ephemeral, refuses.
      ['module "per_password": variable "name" is given an ephemeral value, which Terraform refuses for a variable not declared ephemeral = true; treated as unknown', 32],
    ]);
    // Terraform accepts a map holding an ephemeral value: its keys are written in the configuration.
    expect([...resources(result).keys()]).toEqual([
      "aws_db_instance.db",
      "aws_sqs_queue.by_token",
      "aws_sqs_queue.by_tenant",
      'aws_sqs_queue.holding_token["jobs"]',
      "module.per_password.aws_sqs_queue.q",
    ]);
    expect(JSON.stringify([...resources(result).values()])).not.toMatch(/Tr0ub4dor|EPHEMERAL/);
  });

  test("for_each over the keys of a map holding an ephemeral value is accepted, as Terraform 1.11 marks only the values; what may read a value is refused", () => {
    const result = load({
      "main.tf": `
variable "db_pw" {
  type      = string
  ephemeral = true
}
variable "pw_map" {
  type      = map(string)
  ephemeral = true
}
locals {
  m      = { primary = var.db_pw, replica = var.db_pw }
  nested = { inner = var.pw_map }
}
resource "aws_s3_bucket" "by_keys" {
  for_each = toset(keys(local.m))
  bucket   = "logs-\${each.key}"
}
resource "aws_s3_bucket" "by_for_keys" {
  for_each = toset([for k, v in local.m : k])
  bucket   = "logs-\${each.key}"
}
resource "aws_s3_bucket" "by_outer_keys" {
  for_each = toset(keys(local.nested))
  bucket   = "logs-\${each.key}"
}
resource "aws_s3_bucket" "by_values" {
  for_each = toset(values(local.m))
}
resource "aws_s3_bucket" "by_filtered_keys" {
  for_each = toset([for k, v in local.m : k if v != ""])
}
resource "aws_s3_bucket" "by_inner_keys" {
  for_each = toset(keys(local.nested.inner))
}`,
    }, { environment: { TF_VAR_db_pw: "Tr0ub4dor&3xyz", TF_VAR_pw_map: '{"tok-EPHEMERAL-456": "x"}' } });
    const refusal = "for_each draws on an ephemeral value that may be the collection or one of its keys, which Terraform refuses; the block is evaluated once with each unknown";
    expect(result.diagnostics.map((diagnostic) => [diagnostic.message, diagnostic.line])).toEqual([
      [refusal, 27],
      [refusal, 30],
      [refusal, 33],
    ]);
    expect([...resources(result).keys()]).toEqual([
      'aws_s3_bucket.by_keys["primary"]',
      'aws_s3_bucket.by_keys["replica"]',
      'aws_s3_bucket.by_for_keys["primary"]',
      'aws_s3_bucket.by_for_keys["replica"]',
      'aws_s3_bucket.by_outer_keys["inner"]',
      "aws_s3_bucket.by_values",
      "aws_s3_bucket.by_filtered_keys",
      "aws_s3_bucket.by_inner_keys",
    ]);
    expect(JSON.stringify([...resources(result).values()])).not.toMatch(/Tr0ub4dor|EPHEMERAL/);
  });

  test("== never finds a list equal to a tuple, a map to an object or a set to either, as Terraform's types say", () => {
    const result = load({
      "main.tf": `
variable "cidrs" {
  type    = list(string)
  default = []
}
variable "tags" {
  type    = map(string)
  default = {}
}
variable "loose" { default = [] }
resource "aws_security_group" "x" {
  tags = {
    list_vs_tuple  = var.cidrs == []
    map_vs_object  = var.tags == {}
    set_vs_tuple   = toset(["a"]) == ["a"]
    split_vs_tuple = split(",", "a,b") == ["a", "b"]
    list_vs_list   = tolist(["a"]) == split(",", "a")
    tuple_vs_tuple = var.loose == []
    object_vs_obj  = { a = 1 } == { a = 1 }
    length_test    = length(var.cidrs) == 0
  }
}`,
    });
    expect(only(result, "aws_security_group.x").props.tags).toEqual({
      list_vs_tuple: false,
      map_vs_object: false,
      set_vs_tuple: false,
      split_vs_tuple: false,
      list_vs_list: true,
      tuple_vs_tuple: true,
      object_vs_obj: true,
      length_test: true,
    });
  });

  // Each pinned to Terraform 1.11.4 (terraform apply of the same expressions as outputs).
  test("== tells a function's list from a tuple, and an empty list of no element type from one of strings, as Terraform does", () => {
    const result = load({
      "main.tf": `
variable "subnets" {
  type    = list(string)
  default = []
}
variable "anything" {
  type    = list(any)
  default = []
}
variable "tags" {
  type    = map(string)
  default = {}
}
locals {
  names = ["a", "b"]
}
resource "aws_security_group" "gated" {
  count = distinct(var.subnets) == [] ? 0 : 1
}
resource "aws_security_group" "x" {
  tags = {
    regexall_vs_tuple    = regexall("^prod", "dev") == []
    range_vs_tuple       = range(0) == []
    formatlist_vs_tuple  = formatlist("%s", []) == []
    keys_vs_list         = keys({ a = 1 }) == tolist(["a"])
    map_keys_vs_list     = keys(tomap({ a = 1 })) == tolist(["a"])
    local_vs_list        = local.names == tolist(["a", "b"])
    local_vs_tuple       = local.names == ["a", "b"]
    for_vs_list          = [for x in ["a"] : x] == tolist(["a"])
    splat_vs_list        = local.names[*] == tolist(["a", "b"])
    concat_mixed_vs_list = concat(["a"], tolist(["b"])) == tolist(["a", "b"])
    concat_lists         = concat(tolist(["a"]), tolist(["b"])) == tolist(["a", "b"])
    flatten_vs_list      = flatten([["a"]]) == tolist(["a"])
    coalesce_vs_tuple    = coalesce(["a"], []) == ["a"]
    nested_vs_list       = [["a"]] == [tolist(["a"])]
    chunks               = chunklist(["a"], 1) == tolist([tolist(["a"])])
    strings_vs_none      = var.subnets == tolist([])
    regexall_vs_none     = regexall("^prod", "dev") == tolist([])
    sort_vs_none         = sort([]) == tolist([])
    any_vs_none          = var.anything == tolist([])
    distinct_vs_none     = distinct([]) == tolist([])
    map_vs_none          = var.tags == tomap({})
    none_vs_none         = tolist([]) == tolist([])
  }
}`,
    });
    expect(resources(result).has("aws_security_group.gated[0]")).toBe(true);
    expect(only(result, "aws_security_group.x").props.tags).toEqual({
      regexall_vs_tuple: false,
      range_vs_tuple: false,
      formatlist_vs_tuple: false,
      keys_vs_list: false,
      map_keys_vs_list: true,
      local_vs_list: false,
      local_vs_tuple: true,
      for_vs_list: false,
      splat_vs_list: false,
      concat_mixed_vs_list: false,
      concat_lists: true,
      flatten_vs_list: false,
      coalesce_vs_tuple: false,
      nested_vs_list: false,
      chunks: true,
      strings_vs_none: false,
      regexall_vs_none: false,
      sort_vs_none: false,
      any_vs_none: true,
      distinct_vs_none: true,
      map_vs_none: false,
      none_vs_none: true,
    });
  });

  // Pinned to Terraform 1.11.4: jsondecode and yamldecode give tuples and objects, never lists.
  test("== finds a decoded JSON or YAML array a tuple, as Terraform does, not a list", () => {
    const result = load({
      "main.tf": String.raw`
resource "aws_security_group" "x" {
  tags = {
    json_empty_vs_list  = jsondecode("[]") == tolist([])
    json_vs_list        = jsondecode("[\"a\"]") == tolist(["a"])
    json_vs_tuple       = jsondecode("[\"a\"]") == ["a"]
    json_nested_vs_list = jsondecode("{\"a\":[\"b\"]}").a == tolist(["b"])
    json_inner_vs_list  = jsondecode("[[\"b\"]]") == [tolist(["b"])]
    json_nfc_vs_list    = jsondecode("[\"e\\u0301\"]") == tolist(["\u00e9"])
    json_nfc_vs_tuple   = jsondecode("[\"e\\u0301\"]") == ["\u00e9"]
    yaml_vs_list        = yamldecode("- a") == tolist(["a"])
    yaml_vs_tuple       = yamldecode("- a") == ["a"]
    yaml_nested_vs_list = yamldecode("a:\n  - b\n").a == tolist(["b"])
  }
}`,
    });
    expect(only(result, "aws_security_group.x").props.tags).toEqual({
      json_empty_vs_list: false,
      json_vs_list: false,
      json_vs_tuple: true,
      json_nested_vs_list: false,
      json_inner_vs_list: false,
      json_nfc_vs_list: false,
      json_nfc_vs_tuple: true,
      yaml_vs_list: false,
      yaml_vs_tuple: true,
      yaml_nested_vs_list: false,
    });
  });

  // Pinned to Terraform 1.11.4: `==` needs identical types, and a map is never an object.
  test("== tells objects from maps as Terraform does: decoded documents, literals, for expressions, merge() and zipmap()", () => {
    const result = load({
      "main.tf": String.raw`
variable "tags" {
  type    = map(string)
  default = { a = "x" }
}
variable "more" {
  type    = map(string)
  default = { b = "y" }
}
variable "shape" {
  type    = object({ a = string })
  default = { a = "x" }
}
locals {
  written = { a = "x" }
}
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
  tags       = { a = "x" }
}
resource "aws_security_group" "x" {
  tags = {
    json_vs_map           = jsondecode("{\"a\":\"x\"}") == tomap({ a = "x" })
    json_vs_object        = jsondecode("{\"a\":\"x\"}") == { a = "x" }
    json_empty_vs_map     = jsondecode("{}") == tomap({})
    json_nested_vs_map    = jsondecode("{\"a\":{\"b\":\"x\"}}").a == tomap({ b = "x" })
    yaml_vs_map           = yamldecode("a: x") == tomap({ a = "x" })
    csv_row_vs_map        = csvdecode("a\n1")[0] == tomap({ a = "1" })
    local_vs_map          = local.written == var.tags
    for_vs_map            = { for k, v in var.tags : k => v } == var.tags
    typed_object_vs_map   = var.shape == tomap({ a = "x" })
    maps_merged_vs_map    = merge(var.tags, var.more) == tomap({ a = "x", b = "y" })
    maps_merged_keys      = keys(merge(var.tags, var.more)) == tolist(["a", "b"])
    map_object_merged     = merge(var.tags, { b = "y" }) == tomap({ a = "x", b = "y" })
    map_object_vs_object  = merge(var.tags, { b = "y" }) == { a = "x", b = "y" }
    unlike_maps_merged    = merge(tomap({ a = 1 }), tomap({ b = "y" })) == tomap({ a = "1", b = "y" })
    zipped_tuple_vs_map   = zipmap(["a"], ["x"]) == tomap({ a = "x" })
    zipped_list_vs_map    = zipmap(["a"], tolist(["x"])) == tomap({ a = "x" })
    named_groups_vs_map   = regex("(?P<n>a)", "a") == tomap({ n = "a" })
    resource_tags_vs_map  = aws_vpc.main.tags == var.tags
  }
}`,
    });
    expect(only(result, "aws_security_group.x").props.tags).toEqual({
      json_vs_map: false,
      json_vs_object: true,
      json_empty_vs_map: false,
      json_nested_vs_map: false,
      yaml_vs_map: false,
      csv_row_vs_map: false,
      local_vs_map: false,
      for_vs_map: false,
      typed_object_vs_map: false,
      maps_merged_vs_map: true,
      maps_merged_keys: true,
      map_object_merged: false,
      map_object_vs_object: true,
      unlike_maps_merged: false,
      zipped_tuple_vs_map: false,
      zipped_list_vs_map: true,
      named_groups_vs_map: false,
      // The provider's schema makes tags a map, which is not followed: compared by what it holds.
      resource_tags_vs_map: true,
    });
  });

  test("a conditional on an unknown whose results are one value but for their types gives that value", () => {
    const result = load({
      "main.tf": `
variable "tags" {
  type    = map(string)
  default = { a = "x" }
}
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
resource "aws_security_group" "x" {
  tags = aws_vpc.main.id == "vpc-1" ? { a = "x" } : var.tags
}`,
    });
    expect(only(result, "aws_security_group.x").props.tags).toEqual({ a: "x" });
  });

  test("a sensitive value in an object constructor makes that value secret, not the whole object, unless a key is sensitive", () => {
    const result = load({
      "main.tf": `
variable "db_password" {
  sensitive = true
  default   = "hunter2-correct-horse"
}
variable "secret_name" {
  sensitive = true
  default   = "SESSION_KEY"
}
resource "aws_lambda_function" "api" {
  environment {
    variables = { DB_PASSWORD = var.db_password, LOG_LEVEL = "info" }
  }
  tags = { (var.secret_name) = "x", Team = "core" }
  description = jsonencode({ a = var.db_password, b = "c" })
}`,
    });
    expect(only(result, "aws_lambda_function.api").secretPaths).toEqual(["tags", "description", "environment.0.variables.DB_PASSWORD"]);
  });

  // Each pinned to Terraform 1.11.4's console, with `s` a sensitive variable and m = { A = "x", B = var.s }:
  // merge({ A = "x" }, { B = var.s }) is { "A" = "x", "B" = (sensitive value) }; merge({ A = "x" }, sensitive({ B = "y" }))
  // is (sensitive value); concat(["x"], [var.s]) is ["x", (sensitive value)]; lookup(m, "A") is "x", lookup(m, "B")
  // (sensitive value); element(l, 0) "x"; values(m) ["x", (sensitive value)]; tolist and tomap keep the marks;
  // toset(l) and jsonencode(m) are (sensitive value) as a whole.
  test("functions that carry elements over keep each one's own sensitive mark, as Terraform's do", () => {
    const result = load({
      "main.tf": `
variable "s" {
  sensitive = true
  default   = "hunter2-correct-horse"
}
locals {
  m = { A = "x", B = var.s }
  l = ["x", var.s]
}
resource "aws_lambda_function" "api" {
  merged        = merge({ A = "x" }, { B = var.s })
  merged_whole  = merge({ A = "x" }, sensitive({ B = "y" }))
  overridden    = merge({ A = var.s }, { A = "c" })
  concatenated  = concat(["x"], [var.s])
  concat_whole  = concat(["x"], sensitive(["y"]))
  looked_up     = lookup(local.m, "A")
  looked_up_s   = lookup(local.m, "B")
  defaulted     = lookup(local.m, "C", "d")
  secret_key    = lookup(local.m, var.s, "z")
  element_0     = element(local.l, 0)
  element_1     = element(local.l, 3)
  values_of     = values(local.m)
  listed        = tolist(local.l)
  mapped        = tomap(local.m)
  set           = toset(local.l)
  encoded       = jsonencode(local.m)
}`,
    });
    expect(only(result, "aws_lambda_function.api").secretPaths).toEqual(
      expect.arrayContaining([
        "merged.B",
        "merged_whole",
        "concatenated.1",
        "concat_whole",
        "looked_up_s",
        "secret_key",
        "element_1",
        "values_of.1",
        "listed.1",
        "mapped.B",
        "set",
        "encoded",
      ]),
    );
    expect(only(result, "aws_lambda_function.api").secretPaths).toHaveLength(12);
  });

  // Pinned to Terraform 1.11.4's console, with `s` sensitive, `m` a sensitive map { a = "info" } and `e` ephemeral:
  // lookup({ a = "info" }, "a", var.s) is "info"; lookup({ a = "info" }, "x", var.s) is (sensitive value);
  // lookup(var.m, "a", "d") is (sensitive value); lookup({ a = "info" }, "a", var.e) is "info".
  test("lookup()'s sensitive default marks the result only when the key is missing and the default is returned", () => {
    const result = load({
      "main.tf": `
variable "s" {
  sensitive = true
  default   = "hunter2-correct-horse"
}
variable "m" {
  sensitive = true
  default   = { a = "info" }
}
locals {
  common = { a = "info" }
}
resource "aws_lambda_function" "api" {
  found        = lookup(local.common, "a", var.s)
  missing      = lookup(local.common, "x", var.s)
  whole_map    = lookup(var.m, "a", "d")
  found_issens = issensitive(lookup(local.common, "a", var.s))
}`,
    });
    const api = only(result, "aws_lambda_function.api");
    expect(api.props).toMatchObject({ found: "info", missing: "hunter2-correct-horse", whole_map: "info", found_issens: false });
    expect([...api.secretPaths].sort()).toEqual(["missing", "whole_map"]);
  });

  // Each pinned to Terraform 1.11.4's console, with `s` a sensitive variable and `sl` a sensitive list ["x"]:
  // keys({ a = var.s, b = "y" }) is ["a", "b"]; length(["a", var.s]) is 2; can(var.s) is true;
  // flatten([["a"], [var.s]]) is ["a", (sensitive value)]; flatten([["a"], var.sl]) is (sensitive value);
  // reverse(["a", var.s]) is [(sensitive value), "a"]; slice(["a", var.s, "c"], 0, 1) is ["a"] and (…, 1, 3) is
  // [(sensitive value), "c"]; zipmap(["a", "b"], ["x", var.s]) is { "a" = "x", "b" = (sensitive value) };
  // zipmap(["a", "a"], [var.s, "y"]) is { "a" = "y" }; zipmap(["a", var.s], ["x", "y"]) is (sensitive value).
  test("keys(), length() and can() beside a sensitive element are not secret; flatten, reverse, slice and zipmap keep each element's mark", () => {
    const result = load({
      "main.tf": `
variable "s" {
  sensitive = true
  default   = "hunter2-correct-horse"
}
variable "sl" {
  sensitive = true
  default   = ["x"]
}
resource "aws_lambda_function" "api" {
  keys_of       = keys({ a = var.s, b = "y" })
  length_of     = length(["a", var.s])
  can_read      = can(var.s)
  flattened     = flatten([["a"], [var.s]])
  flat_whole    = flatten([["a"], var.sl])
  reversed      = reverse(["a", var.s])
  sliced_before = slice(["a", var.s, "c"], 0, 1)
  sliced_from   = slice(["a", var.s, "c"], 1, 3)
  zipped        = zipmap(["a", "b"], ["x", var.s])
  zipped_over   = zipmap(["a", "a"], [var.s, "y"])
  zipped_key    = zipmap(["a", var.s], ["x", "y"])
}`,
    });
    const api = only(result, "aws_lambda_function.api");
    expect(api.props).toMatchObject({ keys_of: ["a", "b"], length_of: 2, can_read: true, sliced_before: ["a"], zipped_over: { a: "y" } });
    expect([...api.secretPaths].sort()).toEqual(["flat_whole", "flattened.1", "reversed.0", "sliced_from.0", "zipped.b", "zipped_key"]);
  });

  // Each pinned to Terraform 1.11.4's console, with `s` a sensitive variable, `l` a sensitive list ["a", "b", "c"] and
  // `n` a sensitive 2: chunklist(["a", var.s, "c"], 2) is [["a", (sensitive value)], ["c"]], neither chunk sensitive;
  // chunklist([var.s, "b"], 0) is [[(sensitive value), "b"]]; chunklist([{ a = var.s }], 1)[0][0] is not sensitive,
  // its attribute a is; chunklist(var.l, 2) and chunklist(["a", "b", "c"], var.n) are (sensitive value);
  // setproduct(["a", var.s], ["x", "y"]) is [["a", "x"], ["a", "y"], [(sensitive value), "x"], [(sensitive value), "y"]],
  // no product sensitive; setproduct(var.l, ["1"]), setproduct(toset(["a", var.s]), toset(["x"])) and
  // setproduct(toset(["a", "b"]), ["x", var.s]) (a set, as any set among the arguments makes it) are (sensitive value).
  test("chunklist() and setproduct() of lists keep each element's mark inside its chunk or product, as Terraform's do", () => {
    const result = load({
      "main.tf": `
variable "s" {
  sensitive = true
  default   = "hunter2-correct-horse"
}
variable "l" {
  sensitive = true
  default   = ["a", "b", "c"]
}
variable "n" {
  sensitive = true
  default   = 2
}
resource "aws_lambda_function" "api" {
  chunked         = chunklist(["a", var.s, "c"], 2)
  chunked_whole   = chunklist([var.s, "b"], 0)
  chunked_object  = chunklist([{ a = var.s }, { a = "b" }], 1)
  chunks_marked   = [for chunk in chunklist(["a", var.s, "c"], 2) : issensitive(chunk)]
  chunk_of_secret = chunklist(var.l, 2)
  secret_size     = chunklist(["a", "b", "c"], var.n)
  product         = setproduct(["a", var.s], ["x", "y"])
  product_middle  = setproduct(["a"], ["x", var.s], ["m", "n"])
  products_marked = [for product in setproduct(["a", var.s], ["x", "y"]) : issensitive(product)]
  product_secret  = setproduct(var.l, ["1"])
  product_of_sets = setproduct(toset(["a", var.s]), toset(["x"]))
  set_and_list    = setproduct(toset(["a", "b"]), ["x", var.s])
}`,
    });
    const api = only(result, "aws_lambda_function.api");
    expect(api.props).toMatchObject({
      chunked: [["a", "hunter2-correct-horse"], ["c"]],
      chunks_marked: [false, false],
      product: [["a", "x"], ["a", "y"], ["hunter2-correct-horse", "x"], ["hunter2-correct-horse", "y"]],
      products_marked: [false, false, false, false],
    });
    expect([...api.secretPaths].sort()).toEqual([
      "chunk_of_secret",
      "chunked.0.1",
      "chunked_object.0.0.a",
      "chunked_whole.0.0",
      "product.2.0",
      "product.3.0",
      "product_middle.2.1",
      "product_middle.3.1",
      "product_of_sets",
      "product_secret",
      "secret_size",
      "set_and_list",
    ]);
  });

  test("issensitive() of an element beside a sensitive one is false, as in Terraform, so a filter on it drops only the secret", () => {
    const result = load({
      "main.tf": `
variable "db_password" {
  sensitive = true
  default   = "hunter2-correct-horse"
}
locals {
  env = { DB_USER = "app", DB_PASSWORD = var.db_password }
}
resource "aws_lambda_function" "api" {
  description = "\${issensitive(local.env["DB_USER"])}-\${issensitive(local.env["DB_PASSWORD"])}-\${issensitive(local.env)}"
  environment {
    variables = { for k, v in local.env : k => v if !issensitive(v) }
  }
  tags = { for k, v in local.env : k => v }
}`,
    });
    const api = only(result, "aws_lambda_function.api");
    expect(api.props).toEqual({
      description: "false-true-false",
      environment: [{ variables: { DB_USER: "app" } }],
      tags: { DB_PASSWORD: "hunter2-correct-horse", DB_USER: "app" },
    });
    expect(api.secretPaths).toEqual(["tags.DB_PASSWORD"]);
    expect(result.diagnostics).toEqual([]);
  });

  test("container definitions jsonencode writes keep the sensitive marks on the values inside; other documents, and an encoding read from elsewhere, are marked whole", () => {
    const result = load({
      "main.tf": `
variable "token" {
  sensitive = true
  default   = "ghp_abcdefghijklmnopqrstuvwxyz0123456789"
}
locals {
  containers = jsonencode([{ name = "app", environment = [{ name = "API_TOKEN", value = var.token }] }])
}
resource "aws_ecs_task_definition" "written" {
  family                = "written"
  container_definitions = jsonencode([{ name = "app", environment = [{ name = "LOG_LEVEL", value = "info" }, { name = "API_TOKEN", value = var.token }], dockerLabels = { "com.example.token" = var.token } }])
}
resource "aws_ecs_task_definition" "from_local" {
  family                = "from_local"
  container_definitions = local.containers
}
resource "aws_ecs_task_definition" "whole" {
  family                = "whole"
  container_definitions = jsonencode(sensitive([{ name = "app" }]))
}
resource "aws_sqs_queue" "q" {
  policy = jsonencode({ Statement = [{ Sid = var.token }] })
}`,
    });
    // A label's key with a dot in it would read as two keys in a path: the labels are secret as a whole.
    expect(only(result, "aws_ecs_task_definition.written").secretPaths).toEqual(["container_definitions.0.environment.1.value", "container_definitions.0.dockerLabels"]);
    expect(only(result, "aws_ecs_task_definition.from_local").secretPaths).toEqual(["container_definitions"]);
    expect(only(result, "aws_ecs_task_definition.whole").secretPaths).toEqual(["container_definitions"]);
    expect(only(result, "aws_sqs_queue.q").secretPaths).toEqual(["policy"]);
    expect(result.diagnostics).toEqual([]);
  });

  test("for_each over a for expression or a module variable holding a sensitive element expands; only its sensitive part is secret", () => {
    const result = load({
      "main.tf": `
variable "db_password" {
  sensitive = true
  default   = "hunter2-correct-horse"
}
locals {
  users = { alice = { name = "alice", pw = var.db_password }, bob = { name = "bob", pw = "plain" } }
}
resource "aws_sqs_queue" "user" {
  for_each = { for k, v in local.users : k => v }
  name     = each.value.name
  tags     = { Pw = each.value.pw }
}
resource "aws_sqs_queue" "by_secret" {
  for_each = { for k, v in local.users : v.pw => k }
  name     = each.value
}
module "app" {
  source   = "./app"
  settings = local.users
}`,
      "app/main.tf": `
variable "settings" {
  type = map(object({ name = string, pw = string }))
}
resource "aws_sqs_queue" "setting" {
  for_each = var.settings
  name     = each.value.name
  policy   = each.value.pw
}`,
    });
    const summary = (address: string) => {
      const { props, secretPaths } = only(result, address);
      return { props, secretPaths };
    };
    expect(summary('aws_sqs_queue.user["alice"]')).toEqual({ props: { name: "alice", tags: { Pw: "hunter2-correct-horse" } }, secretPaths: ["tags.Pw"] });
    expect(summary('aws_sqs_queue.user["bob"]')).toEqual({ props: { name: "bob", tags: { Pw: "plain" } }, secretPaths: [] });
    expect(summary('module.app.aws_sqs_queue.setting["alice"]')).toEqual({ props: { name: "alice", policy: "hunter2-correct-horse" }, secretPaths: ["policy"] });
    expect(summary('module.app.aws_sqs_queue.setting["bob"]')).toEqual({ props: { name: "bob", policy: "plain" }, secretPaths: [] });
    // Keys worked out from a sensitive value would print it in addresses: refused, as Terraform refuses them.
    expect([...resources(result).keys()].filter((address) => address.startsWith("aws_sqs_queue.by_secret"))).toEqual(["aws_sqs_queue.by_secret"]);
    expect(result.diagnostics.map((diagnostic) => [diagnostic.message, diagnostic.line])).toEqual([
      ["for_each draws on a sensitive value that may be the collection or one of its keys, which Terraform refuses; the block is evaluated once with each unknown", 15],
    ]);
    expect(JSON.stringify([...resources(result).keys(), result.diagnostics])).not.toContain("hunter2");
  });

  test("an ephemeral resource's value is unknown and secret, and the block declares no resource", () => {
    const result = load({
      "main.tf": `
ephemeral "aws_secretsmanager_secret_version" "db" {
  secret_id = "prod/db"
}
resource "aws_db_instance" "db" {
  username    = "admin"
  password_wo = ephemeral.aws_secretsmanager_secret_version.db.secret_string
  tags        = { Note = ephemeral.aws_secretsmanager_secret_versions.typo.secret_string }
}`,
    });
    const database = only(result, "aws_db_instance.db");
    expect([...resources(result).keys()]).toEqual(["aws_db_instance.db"]);
    expect(isUnknown((database.props as { password_wo: unknown }).password_wo)).toBe(true);
    expect(database.secretPaths).toEqual(["password_wo"]);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: "warning", line: 8, message: expect.stringContaining("undeclared ephemeral.aws_secretsmanager_secret_versions.typo") }),
    ]);
  });

  test("terraform.workspace is TF_WORKSPACE, else the workspace .terraform/environment records, else default", () => {
    const files = { "main.tf": 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs-${terraform.workspace}"\n}\n' };
    const bucket = (result: LoadResult) => (only(result, "aws_s3_bucket.logs").props as { bucket: string }).bucket;
    expect(bucket(load(files))).toBe("logs-default");
    writeFiles(root, { ".terraform/environment": "staging\n" });
    expect(bucket(load(files))).toBe("logs-staging");
    expect(bucket(load(files, { environment: { TF_WORKSPACE: "prod" } }))).toBe("logs-prod");
  });

  test("values are converted as Terraform converts them, and one it refuses is a warning naming the variable, and unknown", () => {
    const result = load({
      "main.tf": `
variable "protect" { type = bool }
variable "final" { type = bool }
variable "days" { type = number }
variable "ports" { type = list(number) }
variable "settings" {
  type    = object({ encrypted = bool })
  default = { encrypted = "yes" }
}
resource "aws_db_instance" "db" {
  deletion_protection     = var.protect
  skip_final_snapshot     = var.final
  backup_retention_period = var.days
  port                    = var.ports
  storage_encrypted       = var.settings.encrypted
}`,
      "terraform.tfvars": 'protect = "1"\nfinal = "no"\ndays = "7"\nports = "5432"\n',
    });
    const main = relative(process.cwd(), join(root, "main.tf"));
    const tfvars = relative(process.cwd(), join(root, "terraform.tfvars"));
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: "warning", file: tfvars, line: 2, column: 9, message: 'variable "final": a bool is required; treated as unknown' }),
      expect.objectContaining({ severity: "warning", file: tfvars, line: 4, column: 9, message: 'variable "ports": a list is required; treated as unknown' }),
      expect.objectContaining({ severity: "warning", file: main, line: 7, message: 'variable "settings": attribute "encrypted": a bool is required; treated as unknown' }),
    ]);
    const props = only(result, "aws_db_instance.db").props as Record<string, unknown>;
    expect(props).toMatchObject({ deletion_protection: true, backup_retention_period: 7 });
    expect(isUnknown(props.skip_final_snapshot)).toBe(true);
    expect(isUnknown(props.port)).toBe(true);
    expect(isUnknown(props.storage_encrypted)).toBe(true);
  });

  test("an object attribute the type requires, left out of the value, is refused: the variable is unknown, not read with a fallback", () => {
    const result = load({
      "main.tf": `
variable "db" {
  type    = object({ name = string, publicly_accessible = bool })
  default = { name = "x" }
}
variable "cfg" {
  type = object({ encrypted = bool, retention_days = number })
}
resource "aws_db_instance" "db" {
  identifier          = var.db.name
  publicly_accessible = lookup(var.db, "publicly_accessible", true)
  storage_encrypted   = try(var.cfg.encrypted, true)
}`,
      "terraform.tfvars": "cfg = { retention_days = 1 }\n",
    });
    const main = relative(process.cwd(), join(root, "main.tf"));
    const tfvars = relative(process.cwd(), join(root, "terraform.tfvars"));
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: "warning", file: main, line: 3, message: 'variable "db": attribute "publicly_accessible" is required; treated as unknown' }),
      expect.objectContaining({ severity: "warning", file: tfvars, line: 1, message: 'variable "cfg": attribute "encrypted" is required; treated as unknown' }),
    ]);
    const props = only(result, "aws_db_instance.db").props as Record<string, unknown>;
    expect(isUnknown(props.identifier)).toBe(true);
    expect(isUnknown(props.publicly_accessible)).toBe(true);
    expect(isUnknown(props.storage_encrypted)).toBe(true);
  });

  test("nullable = false: null given for the variable takes its default; without it null stays null", () => {
    const result = load({
      "main.tf": `
variable "retention" {
  type     = number
  default  = 14
  nullable = false
}
variable "window" {
  type    = string
  default = "03:00-04:00"
}
resource "aws_db_instance" "db" {
  backup_retention_period = var.retention
  backup_window           = var.window
}`,
      "terraform.tfvars": "retention = null\nwindow = null\n",
    });
    expect(result.diagnostics).toEqual([]);
    expect(only(result, "aws_db_instance.db").props).toEqual({ backup_retention_period: 14, backup_window: null });
  });

  test("nullable = false without a default: a null given is refused, as is a null default; each is a warning and the value unknown", () => {
    const result = load({
      "main.tf": `
variable "encrypted" {
  type     = bool
  nullable = false
}
variable "retention" {
  default  = null
  nullable = false
}
resource "aws_db_instance" "db" {
  storage_encrypted       = var.encrypted
  backup_retention_period = var.retention
}`,
      "terraform.tfvars": "encrypted = null\n",
    });
    const at = (file: string) => relative(process.cwd(), join(root, file));
    expect(result.diagnostics).toEqual([
      { severity: "warning", code: "evaluation", message: 'variable "encrypted": it may not be set to null (nullable = false); treated as unknown', file: at("terraform.tfvars"), line: 1, column: 13 },
      { severity: "warning", code: "evaluation", message: 'variable "retention": a null default is not valid with nullable = false; treated as unknown', file: at("main.tf"), line: 7, column: 3 },
    ]);
    const props = only(result, "aws_db_instance.db").props;
    expect(isUnknown(props.storage_encrypted)).toBe(true);
    expect(isUnknown(props.backup_retention_period)).toBe(true);
  });

  test("a chain of 2,500 local values, each a conditional for over a merge of the one before, is evaluated to its end", () => {
    const links = Array.from({ length: 2500 }, (_, index) => {
      const previous = `local.l${index}`;
      return `  l${index + 1} = var.env == "prod" ? { for k, v in merge(${previous}, { n = ${previous}.n + 1 }) : k => v } : ${previous}\n`;
    });
    const result = load({
      "main.tf": `variable "env" { default = "prod" }\nlocals {\n  l0 = { n = 0 }\n${links.join("")}}\nresource "aws_s3_bucket" "b" {\n  bucket = "b"\n  tags   = local.l2500\n}\n`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(only(result, "aws_s3_bucket.b").props.tags).toEqual({ n: 2500 });
  });

  test("a value read only where evaluation may not go (a result not chosen, a loop body, a fallback) is not evaluated first", () => {
    // Every local value and data source is evaluated, read or not; a resource of a kind no rule judges is not, so a
    // warning from one tells it was. The chain puts the reads deeper than values are read as they are met, where what
    // a value reads goes first.
    const chain = Array.from({ length: 70 }, (_, index) => `  l${index + 1} = local.l${index}\n`).join("");
    writeFiles(root, {
      "main.tf": `
variable "on" { default = false }
resource "terraform_data" "a" { input = lower(1, 2) }
resource "terraform_data" "b" { input = lower(1, 2) }
resource "terraform_data" "c" { input = lower(1, 2) }
locals {
  l0 = {
    chosen = var.on ? terraform_data.a.output.x : "\${local.shared}-off"
    looped = length([for x in [] : terraform_data.b.output])
    tried  = try(local.shared, terraform_data.c.output.x)
  }
  shared = "s"
${chain}}
resource "aws_s3_bucket" "b" {
  bucket = "b"
  tags   = local.l70
}`,
    });
    const result = loadTerraform([root], { commandLineVariables: [], judgedKinds: new Set(["aws_s3_bucket"]) });
    expect(result.diagnostics).toEqual([]);
    expect(only(result, "aws_s3_bucket.b").props.tags).toEqual({ chosen: "s-off", looped: 0, tried: "s" });
  });

  test("a cycle of local values reached down a chain is reported where it closes, its values unknown", () => {
    const result = load({
      "main.tf": `
locals {
  start = merge(local.middle, {})
  middle = { for k, v in local.loop_a : k => v }
  loop_a = local.loop_b
  loop_b = var.on ? local.loop_a : {}
}
variable "on" { default = true }
resource "aws_s3_bucket" "b" {
  bucket = "b"
  tags   = local.start
}`,
    });
    expect(result.diagnostics.map((diagnostic) => `${diagnostic.line} ${diagnostic.message}`)).toEqual([
      "6 Cycle: local.loop_a, local.loop_b: each of these needs the next and the last needs the first, which Terraform refuses; treated as unknown",
    ]);
    expect(isUnknown(only(result, "aws_s3_bucket.b").props.tags)).toBe(true);
  });
});

describe("Unicode normalization", () => {
  test("every string is NFC, as Terraform makes each: literals, templates, function results, variable values, keys", () => {
    const decomposed = "e\u0301";
    const result = load(
      {
        "main.tf": `
variable "cli" {
  type = string
}
variable "json_file" {
  type = map(string)
}
locals {
  nfd = "e\\u0301"
  m   = { "\\u00e9" = "precomposed-key" }
}
resource "aws_sqs_queue" "k" {
  for_each = toset([local.nfd, "\\u00e9"])
  name     = each.key
}
resource "aws_sqs_queue" "x" {
  name     = "x"
  lookup   = lookup(local.m, local.nfd, "MISSING")
  index    = local.m["e\\u0301"]
  equal    = local.nfd == "\\u00e9"
  sorted   = sort(["f", local.nfd])
  joined   = "e\${"\\u0301"}"
  format   = format("%s%s", "e", "\\u0301")
  list     = formatlist("%s%s", ["e"], "\\u0301")
  decoded  = jsondecode("{\\"k\\": \\"e\\\\u0301\\"}")
  cli      = var.cli
  from_file = var.json_file
}`,
        "terraform.tfvars.json": `{ "json_file": { "e\\u0301": "e\\u0301" } }`,
      },
      { commandLineVariables: [{ var: `cli=${decomposed}` }] },
    );
    expect(result.diagnostics).toEqual([]);
    expect([...resources(result).keys()].filter((address) => address.startsWith("aws_sqs_queue.k"))).toEqual(['aws_sqs_queue.k["é"]']);
    expect(only(result, "aws_sqs_queue.x").props).toEqual({
      name: "x",
      lookup: "precomposed-key",
      index: "precomposed-key",
      equal: true,
      sorted: ["f", "é"],
      joined: "é",
      format: "é",
      list: ["é"],
      decoded: { k: "é" },
      cli: "é",
      from_file: { "é": "é" },
    });
  });
});

describe("count, for_each and dynamic blocks", () => {
  test("a set's elements are their own keys in for-expressions, dynamic blocks and template loops; a list's are positions", () => {
    const result = load({
      "main.tf": `
variable "ports" {
  type    = set(string)
  default = ["443", "22", "22"]
}
variable "pending" {
  type    = set(string)
  default = ["22"]
}
locals {
  listed = ["22", "80"]
}
resource "aws_security_group" "x" {
  dynamic "ingress" {
    for_each = toset(["22"])
    content {
      from_port = ingress.key
    }
  }
  by_key      = { for k, v in var.ports : k => v }
  from_list   = { for k, v in local.listed : k => v }
  from_tolist = [for k, v in tolist(var.ports) : k]
  from_sort   = [for k, v in sort(var.ports) : k]
  unknown_key = { for k, v in setunion(var.pending, [aws_instance.x.id]) : k => v }
  template    = "%{for k, v in toset(["b", "a"])}\${k}=\${v};%{endfor}"
  ports       = var.ports
}
resource "aws_instance" "x" {}`,
    });
    expect(result.diagnostics).toEqual([]);
    const props = only(result, "aws_security_group.x").props;
    expect(props.ingress).toEqual([{ from_port: "22" }]);
    expect(props.by_key).toEqual({ "22": "22", "443": "443" });
    expect(props.from_list).toEqual({ "0": "22", "1": "80" });
    expect(props.from_tolist).toEqual([0, 1]);
    expect(props.from_sort).toEqual([0, 1]);
    expect(isUnknown(props.unknown_key)).toBe(true);
    expect(props.template).toBe("a=a;b=b;");
    // A set-typed variable holds each element once, in Terraform's order.
    expect(props.ports).toEqual(["22", "443"]);
  });

  test("for_each given a list or tuple, or beside count, is refused as Terraform refuses it: a warning at it, the block evaluated once with each unknown", () => {
    const result = load({
      "main.tf": `
variable "names" {
  type    = list(string)
  default = ["a"]
}
variable "on" {
  type    = bool
  default = false
}
resource "aws_sqs_queue" "literal" {
  for_each = ["a", "b"]
  name     = each.key
}
resource "aws_sqs_queue" "comprehension" {
  for_each = [for name in var.names : name]
  name     = each.key
}
resource "aws_sqs_queue" "typed" {
  for_each = var.names
  name     = each.key
}
resource "aws_sqs_queue" "both" {
  count    = 2
  for_each = toset(["a"])
  name     = "q"
}
module "both" {
  source   = "./m"
  count    = 1
  for_each = toset(["a"])
}
resource "aws_sqs_queue" "optional" {
  for_each = var.on ? toset(["a"]) : []
  name     = each.key
}
resource "aws_sqs_queue" "fallback" {
  for_each = var.on ? toset(["a"]) : ["b", "b"]
  name     = each.key
}`,
      "m/main.tf": `resource "aws_sns_topic" "t" {}`,
    });
    const refusedList = "for_each must be a map or a set of strings, not a list or tuple (toset makes one a set), which Terraform refuses; the block is evaluated once with each unknown";
    const refusedBoth = "count and for_each cannot both be set, which Terraform refuses; the block is evaluated once with count.index and each unknown";
    expect(result.diagnostics.map((diagnostic) => `${diagnostic.line}:${diagnostic.column} ${diagnostic.message}`)).toEqual([
      `11:3 ${refusedList}`,
      `15:3 ${refusedList}`,
      `19:3 ${refusedList}`,
      `24:3 ${refusedBoth}`,
      `30:3 ${refusedBoth}`,
    ]);
    for (const name of ["literal", "comprehension", "typed"]) expect(only(result, `aws_sqs_queue.${name}`)).toMatchObject({ existenceUnknown: { hangsOn: "its for_each" }, props: { name: UNKNOWN } });
    expect(only(result, "aws_sqs_queue.both").existenceUnknown?.hangsOn).toBe("its count");
    expect(only(result, "module.both.aws_sns_topic.t").existenceUnknown?.hangsOn).toBe("the count of module.both");
    // A conditional's tuple beside a set is converted to a set, which for_each takes, as Terraform does.
    expect([...resources(result).keys()].filter((address) => address.startsWith("aws_sqs_queue.optional") || address.startsWith("aws_sqs_queue.fallback"))).toEqual([
      'aws_sqs_queue.fallback["b"]',
    ]);
  });

  test("a tuple a conditional chose beside a null or unknown result may be a set: Terraform unified their types, so for_each takes it", () => {
    const result = load({
      "main.tf": `
variable "names" {
  type    = set(string)
  default = null
}
variable "create" {
  type    = bool
  default = true
}
resource "aws_sqs_queue" "none" {
  for_each = var.names == null ? [] : var.names
  name     = each.key
}
resource "aws_sqs_queue" "fallback" {
  for_each = var.names != null ? var.names : ["default"]
  name     = each.key
}
resource "aws_sqs_queue" "unknown" {
  for_each = var.create ? ["a"] : toset([aws_sns_topic.t.arn])
  name     = each.key
}
resource "aws_sqs_queue" "numbers" {
  for_each = var.names == null ? [1, 2] : var.names
  name     = each.key
}
resource "aws_sns_topic" "t" {}`,
    });
    expect(result.diagnostics).toEqual([]);
    expect([...resources(result).keys()].filter((address) => address.startsWith("aws_sqs_queue."))).toEqual([
      'aws_sqs_queue.fallback["default"]',
      'aws_sqs_queue.unknown["a"]',
      'aws_sqs_queue.numbers["1"]',
      'aws_sqs_queue.numbers["2"]',
    ]);
  });

  test("a tuple is still refused where a conditional beside a literal null chose it, or a local another conditional chose", () => {
    const result = load({
      "main.tf": `
locals {
  names = ["a", "b"]
  pick  = true ? local.names : null
}
resource "aws_sqs_queue" "picked" {
  name = join(",", local.pick)
}
resource "aws_sqs_queue" "local" {
  for_each = local.names
  name     = each.key
}
resource "aws_sqs_queue" "literal_null" {
  for_each = true ? ["a", "b"] : null
  name     = each.key
}`,
    });
    const refused = "for_each must be a map or a set of strings, not a list or tuple (toset makes one a set), which Terraform refuses; the block is evaluated once with each unknown";
    expect(result.diagnostics.map((diagnostic) => `${diagnostic.line}:${diagnostic.column} ${diagnostic.message}`)).toEqual([`10:3 ${refused}`, `14:3 ${refused}`]);
  });

  test("instance keys are written in addresses as Terraform writes them, so an address copied from a plan names the same instance", () => {
    const result = load({
      "main.tf": `
resource "aws_sqs_queue" "k" {
  for_each = toset(["$\${x}", "%%{y}", "$x", "%", "nb\\u00a0sp", "zw\\u200bsp", "b\\u0008f\\u000cdel\\u007f", "q\\"t", "back\\\\s", "tab\\tnl\\n", "日本", "a\\U0001F600", "\\U000E0001"])
  name     = each.key
}`,
    });
    expect(result.diagnostics).toEqual([]);
    expect([...resources(result).keys()].sort()).toEqual(
      [
        'aws_sqs_queue.k["$${x}"]',
        'aws_sqs_queue.k["%%{y}"]',
        'aws_sqs_queue.k["$x"]',
        'aws_sqs_queue.k["%"]',
        'aws_sqs_queue.k["nb\\u00a0sp"]',
        'aws_sqs_queue.k["zw\\u200bsp"]',
        'aws_sqs_queue.k["b\\u0008f\\u000cdel\\u007f"]',
        'aws_sqs_queue.k["q\\"t"]',
        'aws_sqs_queue.k["back\\\\s"]',
        'aws_sqs_queue.k["tab\\tnl\\n"]',
        'aws_sqs_queue.k["日本"]',
        'aws_sqs_queue.k["a😀"]',
        'aws_sqs_queue.k["\\U000e0001"]',
      ].sort(),
    );
  });

  test("map keys are ordered by code point, as Terraform orders them (UTF-8 bytes), not by UTF-16 unit", () => {
    const result = load({
      "main.tf": `
locals {
  m = { "\\U0001F600" = "emoji", "\\uFF01" = "fullwidth-bang" }
}
resource "aws_sqs_queue" "each" {
  for_each = local.m
  name     = each.value
}
resource "aws_sqs_queue" "x" {
  name   = "x"
  values = [for k, v in local.m : v]
}`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(only(result, "aws_sqs_queue.x").props.values).toEqual(["fullwidth-bang", "emoji"]);
    expect([...resources(result).keys()].filter((address) => address.startsWith("aws_sqs_queue.each"))).toEqual(['aws_sqs_queue.each["！"]', 'aws_sqs_queue.each["😀"]']);
  });

  test("count expands into indexed instances with count.index", () => {
    const result = load({ "main.tf": `resource "aws_sqs_queue" "q" {\n  count = 2\n  name = "q-\${count.index}"\n}` });
    expect([...resources(result).keys()]).toEqual(["aws_sqs_queue.q[0]", "aws_sqs_queue.q[1]"]);
    expect(only(result, "aws_sqs_queue.q[1]").props).toEqual({ name: "q-1" });
  });

  test("for_each over a map and over a set", () => {
    const result = load({
      "main.tf": `
resource "aws_sqs_queue" "m" {
  for_each = { a = 10, b = 20 }
  name = each.key
  delay_seconds = each.value
}
resource "aws_sqs_queue" "s" {
  for_each = toset(["x"])
  name = each.value
}`,
    });
    expect(only(result, 'aws_sqs_queue.m["b"]').props).toEqual({ name: "b", delay_seconds: 20 });
    expect(only(result, 'aws_sqs_queue.s["x"]').props).toEqual({ name: "x" });
  });

  test("false && unknown and true || unknown decide, so a switched-off resource is not declared", () => {
    const result = load({
      "main.tf": `
variable "enabled" {
  type    = bool
  default = false
}
data "aws_availability_zones" "available" {}
resource "aws_security_group_rule" "off" {
  count             = var.enabled && length(data.aws_availability_zones.available.names) > 0 ? 1 : 0
  type              = "ingress"
  security_group_id = "sg-123"
}
resource "aws_security_group_rule" "off_right" {
  count = length(data.aws_availability_zones.available.names) > 0 && var.enabled ? 1 : 0
  type  = "ingress"
}
resource "aws_security_group_rule" "on" {
  count = !var.enabled || length(data.aws_availability_zones.available.names) > 0 ? 1 : 0
  type  = "ingress"
}
resource "aws_security_group_rule" "undecided" {
  count = !var.enabled && length(data.aws_availability_zones.available.names) > 0 ? 1 : 0
  type  = "ingress"
}`,
    });
    expect(result.diagnostics).toEqual([]);
    // "undecided" has an unknown count: evaluated once with count.index unknown, as any unknown count is, and marked so.
    expect([...resources(result).keys()].sort()).toEqual(["aws_security_group_rule.on[0]", "aws_security_group_rule.undecided"]);
    expect(only(result, "aws_security_group_rule.undecided").existenceUnknown?.hangsOn).toBe("its count");
    expect(only(result, "aws_security_group_rule.on[0]").existenceUnknown).toBeUndefined();
  });

  test("a count or for_each of 100,000 instances is evaluated whole; beyond that, a warning at it, and the block evaluated once as for an unknown count", () => {
    const result = load({
      "main.tf": `
resource "aws_sqs_queue" "many" {
  count = 100000
  name  = "q-\${count.index}"
}
resource "aws_sqs_queue" "too_many" {
  count = 1e9
  name  = "q-\${count.index}"
}
resource "aws_sns_topic" "too_many_keys" {
  for_each = toset(flatten([for x in range(101) : [for y in range(1000) : "\${x}-\${y}"]]))
  name     = each.key
}`,
    });
    expect(result.diagnostics.map((diagnostic) => `${diagnostic.line}:${diagnostic.column} ${diagnostic.message}`)).toEqual([
      "7:3 count asks for more than 100,000 instances, more than prodready evaluates of one block; the block is evaluated once with count.index unknown",
      "11:3 for_each has more than 100,000 keys, more instances than prodready evaluates of one block; the block is evaluated once with each unknown",
    ]);
    expect(only(result, "aws_sqs_queue.many[99999]").props.name).toBe("q-99999");
    expect(resources(result).size).toBe(100_002);
    expect(only(result, "aws_sqs_queue.too_many")).toMatchObject({ existenceUnknown: { hangsOn: "its count" }, props: { name: expect.any(PartialString) } });
    expect(only(result, "aws_sns_topic.too_many_keys")).toMatchObject({ existenceUnknown: { hangsOn: "its for_each" }, props: { name: UNKNOWN } });
  });

  test("a resource of a kind no rule judges is counted as the many instances its count or for_each asks for, beyond 100,000 too, with no warning unless it is evaluated", () => {
    writeFiles(root, {
      "main.tf": `
resource "aws_s3_bucket" "b" {
  bucket = aws_route53_record.read[0].name
}
resource "aws_route53_record" "read" {
  count = 100001
  name  = "r"
}
resource "aws_route53_zone" "counted" {
  count = 100001
}
resource "aws_route53_zone" "keyed" {
  for_each = toset(flatten([for x in range(101) : [for y in range(1000) : "\${x}-\${y}"]]))
}`,
    });
    const result = loadTerraform([root], { commandLineVariables: [], judgedKinds: new Set(["aws_s3_bucket"]) });
    // Only the record is evaluated, once, as the bucket reads it; the others are never evaluated to be limited.
    expect(result.diagnostics.map((diagnostic) => `${diagnostic.line}:${diagnostic.column} ${diagnostic.message}`)).toEqual([
      "6:3 count asks for more than 100,000 instances, more than prodready evaluates of one block; the block is evaluated once with count.index unknown",
    ]);
    expect(result.units[0].unjudged).toEqual(new Map([["aws_route53_record", 100_001], ["aws_route53_zone", 100_001 + 101_000]]));
  });

  test("count = 0 declares nothing; an unknown count evaluates the block once with count.index unknown", () => {
    const result = load({
      "main.tf": `
variable "n" {}
resource "aws_sqs_queue" "none" {
  count = 0
  name = "x"
}
resource "aws_sqs_queue" "some" {
  count = var.n
  name = "q-\${count.index}"
  sqs_managed_sse_enabled = true
}`,
    });
    expect([...resources(result).keys()]).toEqual(["aws_sqs_queue.some"]);
    const props = only(result, "aws_sqs_queue.some").props as Record<string, unknown>;
    expect(isUnknown(props.name)).toBe(true);
    expect(props.sqs_managed_sse_enabled).toBe(true);
  });

  test("dynamic blocks expand with their iterator; an unknown collection makes the block list unknown", () => {
    const result = load({
      "main.tf": `
variable "unknown_rules" {}
locals { ports = [22, 443] }
resource "aws_security_group" "known" {
  ingress {
    from_port = 80
    to_port   = 80
  }
  dynamic "ingress" {
    for_each = local.ports
    iterator = rule
    content {
      from_port = rule.value
      to_port   = rule.value
    }
  }
}
resource "aws_security_group" "unknown" {
  dynamic "ingress" {
    for_each = var.unknown_rules
    content {
      from_port = ingress.value
    }
  }
}`,
    });
    expect(only(result, "aws_security_group.known").props).toEqual({
      ingress: [
        { from_port: 80, to_port: 80 },
        { from_port: 22, to_port: 22 },
        { from_port: 443, to_port: 443 },
      ],
    });
    expect(isUnknown((only(result, "aws_security_group.unknown").props as Record<string, unknown>).ingress)).toBe(true);
  });
});

describe("references between resources", () => {
  test("terraform_data's output, unknown while planning, is secret where its input holds a secret, and a credential read through it is recorded (probe s36 7)", () => {
    const files = {
      "main.tf": `
variable "api_token" {
  type      = string
  sensitive = true
}
resource "terraform_data" "cfg" {
  input = { level = "info", token = var.api_token }
}
resource "terraform_data" "whole" {
  input = var.api_token
}
resource "aws_instance" "web" {
  tags = {
    Level = terraform_data.cfg.output.level
    Token = terraform_data.cfg.output.token
    Whole = terraform_data.whole.output
    Input = terraform_data.whole.input
  }
}`,
    };
    for (const [given, input] of [[[{ var: "api_token=tok-opaque-ValueOfTheToken" }], "tok-opaque-ValueOfTheToken"], [[], UNKNOWN]] as [CommandLineVariable[], unknown][]) {
      const web = only(load(files, { commandLineVariables: given }), "aws_instance.web");
      expect(web.props.tags).toEqual({ Level: UNKNOWN, Token: UNKNOWN, Whole: UNKNOWN, Input: input });
      // Which element of the output the secret is in is not known while it is: all of it is marked.
      expect(web.secretPaths).toEqual(["tags.Level", "tags.Token", "tags.Whole", "tags.Input"]);
      expect(web.credentialReads).toEqual({ "tags.Token": ["terraform_data.cfg.output.token"] });
    }
  });

  test("each top-level argument and block records what it refers to, apart from the resource's other dependencies", () => {
    const result = load({
      "main.tf": `
resource "aws_sqs_queue" "work" {}
resource "aws_sqs_queue" "dlq" {}
resource "aws_sns_topic" "t" {}
resource "aws_sns_topic_subscription" "s" {
  topic_arn      = aws_sns_topic.t.arn
  endpoint       = aws_sqs_queue.work.arn
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn })
  protocol       = "sqs"
}
resource "aws_lambda_function" "f" {
  function_name = "f"
  dead_letter_config {
    target_arn = aws_sqs_queue.dlq.arn
  }
  dynamic "vpc_config" {
    for_each = [aws_sns_topic.t.arn]
    content {
      subnet_ids = [aws_sqs_queue.work.id]
    }
  }
  depends_on = [aws_sns_topic.t]
}
resource "aws_secretsmanager_secret" "all" {
  for_each = toset(["a", "b"])
  name     = each.key
}
resource "aws_secretsmanager_secret_rotation" "each" {
  for_each  = aws_secretsmanager_secret.all
  secret_id = each.value.id
}
locals {
  targets = { orders = { arn = aws_sqs_queue.work.arn, dlq = aws_sqs_queue.dlq.arn } }
}
resource "aws_cloudwatch_event_target" "t" {
  for_each = local.targets
  arn      = each.value.arn
  dynamic "dead_letter_config" {
    for_each = each.value.dlq != null ? [1] : []
    content {
      arn = each.value.dlq
    }
  }
}`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(referenceLists(only(result, "aws_sns_topic_subscription.s"))).toEqual({
      topic_arn: ["aws_sns_topic.t"],
      endpoint: ["aws_sqs_queue.work"],
      redrive_policy: ["aws_sqs_queue.dlq"],
    });
    const lambda = only(result, "aws_lambda_function.f");
    expect(referenceLists(lambda)).toEqual({ dead_letter_config: ["aws_sqs_queue.dlq"], vpc_config: ["aws_sns_topic.t", "aws_sqs_queue.work"] });
    expect(dependencyList(lambda)).toEqual(["aws_sqs_queue.dlq", "aws_sns_topic.t", "aws_sqs_queue.work"]);
    expect(referenceLists(only(result, 'aws_secretsmanager_secret_rotation.each["b"]'))).toEqual({ secret_id: ['aws_secretsmanager_secret.all["b"]'] });
    // What each.value was worked out from is all one can say of an argument that reads it.
    expect(referenceLists(only(result, 'aws_cloudwatch_event_target.t["orders"]'))).toEqual({
      arn: ["aws_sqs_queue.work", "aws_sqs_queue.dlq"],
      dead_letter_config: ["aws_sqs_queue.work", "aws_sqs_queue.dlq"],
    });
  });

  test("an argument named __proto__ that refers to a resource is kept as its own, not crashing the evaluation", () => {
    const result = load({
      "main.tf": `resource "aws_sqs_queue" "a" {
  name = "a"
}
resource "aws_sqs_queue_redrive_policy" "p" {
  queue_url = "x"
  __proto__ = aws_sqs_queue.a.arn
}`,
    });
    const references = only(result, "aws_sqs_queue_redrive_policy.p").references!;
    expect(Object.getOwnPropertyNames(references)).toEqual(["__proto__"]);
    expect([...(Object.getOwnPropertyDescriptor(references, "__proto__")?.value as Iterable<string>)]).toEqual(["aws_sqs_queue.a"]);
  });

  test("a map a for expression makes of what each of a resource's instances gives ties what iterates over it to its own instance", () => {
    const rotation = `
  rotation_lambda_arn = "arn:aws:lambda:us-east-1:111122223333:function:rot"
  rotation_rules { automatically_after_days = 30 }`;
    const result = load({
      "main.tf": `
resource "aws_secretsmanager_secret" "s" {
  for_each = toset(["x", "y"])
  name     = "sec-\${each.key}"
}
resource "aws_sqs_queue" "q" {
  name = "q"
}
locals {
  ids = { for k, v in aws_secretsmanager_secret.s : k => v.id }
}
resource "aws_secretsmanager_secret_rotation" "local" {
  for_each  = local.ids
  secret_id = each.value${rotation}
}
resource "aws_secretsmanager_secret_rotation" "renamed" {
  for_each  = { for k, id in local.ids : "\${k}-r" => id if k == "x" }
  secret_id = each.value${rotation}
}
resource "aws_secretsmanager_secret_rotation" "other" {
  for_each  = { for k, v in aws_secretsmanager_secret.s : k => "\${v.id}\${aws_sqs_queue.q.id}" }
  secret_id = each.value${rotation}
}
module "each" {
  source    = "./each"
  for_each  = local.ids
  secret_id = each.value
}
module "all" {
  source     = "./all"
  secret_ids = local.ids
}`,
      "each/main.tf": `
variable "secret_id" {
  type = string
}
resource "aws_secretsmanager_secret_rotation" "r" {
  secret_id = var.secret_id${rotation}
}`,
      "all/main.tf": `
variable "secret_ids" {
  type = map(string)
}
resource "aws_secretsmanager_secret_rotation" "r" {
  for_each  = var.secret_ids
  secret_id = each.value${rotation}
}`,
    });
    expect(result.diagnostics).toEqual([]);
    const secretIdOf = (address: string) => referenceLists(only(result, address))?.secret_id;
    expect(secretIdOf('aws_secretsmanager_secret_rotation.local["y"]')).toEqual(['aws_secretsmanager_secret.s["y"]']);
    expect(secretIdOf('aws_secretsmanager_secret_rotation.renamed["x-r"]')).toEqual(['aws_secretsmanager_secret.s["x"]']);
    expect(secretIdOf('module.each["y"].aws_secretsmanager_secret_rotation.r')).toEqual(['aws_secretsmanager_secret.s["y"]']);
    expect(secretIdOf('module.all.aws_secretsmanager_secret_rotation.r["y"]')).toEqual(['aws_secretsmanager_secret.s["y"]']);
    // A value that reads more than its own instance may draw on any of what the map was made from.
    expect(secretIdOf('aws_secretsmanager_secret_rotation.other["y"]')).toEqual(['aws_secretsmanager_secret.s["x"]', 'aws_secretsmanager_secret.s["y"]', "aws_sqs_queue.q"]);
  });

  test("an instance named by a computed index is the one reference, as a literal index is", () => {
    const result = load({
      "main.tf": `
resource "aws_instance" "web" {
  count = 2
  ami   = "ami-123"
}
resource "aws_acm_certificate" "this" {
  for_each    = toset(["a.example.com", "b.example.com"])
  domain_name = each.key
}
resource "aws_cloudwatch_metric_alarm" "cpu" {
  count      = 2
  dimensions = { InstanceId = aws_instance.web[count.index].id }
}
resource "aws_cloudwatch_metric_alarm" "expiry" {
  for_each   = aws_acm_certificate.this
  dimensions = { CertificateArn = aws_acm_certificate.this[each.key].arn }
}`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(referenceLists(only(result, "aws_cloudwatch_metric_alarm.cpu[1]"))).toEqual({ dimensions: ["aws_instance.web[1]"] });
    expect(referenceLists(only(result, 'aws_cloudwatch_metric_alarm.expiry["b.example.com"]'))).toEqual({ dimensions: ['aws_acm_certificate.this["b.example.com"]'] });
  });

  test("a value that is one resource attribute as it is records which attribute it reads, at its path", () => {
    const result = load({
      "main.tf": `
resource "aws_instance" "web" {
  count = 2
  ami   = "ami-123"
}
resource "aws_alb" "front" {
  name = "front"
}
locals {
  web_id = aws_instance.web[0].id
}
resource "aws_cloudwatch_metric_alarm" "cpu" {
  dimensions = {
    InstanceId   = aws_instance.web[1].arn
    LoadBalancer = "\${aws_alb.front.arn_suffix}"
    Prefixed     = "web-\${aws_instance.web[0].id}"
    ThroughLocal = local.web_id
    Converted    = lower(aws_instance.web[0].id)
  }
  metric_query {
    metric {
      dimensions = { InstanceId = (aws_instance.web[count.index].id) }
    }
  }
  count = 1
}`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(only(result, "aws_cloudwatch_metric_alarm.cpu[0]").attributeReads).toEqual({
      // Of the instance the index names, where it is known (`count.index` in the alarm's instance, 0).
      "dimensions.InstanceId": { kind: "aws_instance", attribute: "arn", address: "aws_instance.web[1]", arguments: { ami: "ami-123" } },
      "dimensions.LoadBalancer": { kind: "aws_lb", attribute: "arn_suffix", address: "aws_alb.front", arguments: { name: "front" } },
      "dimensions.ThroughLocal": { kind: "aws_instance", attribute: "id", address: "aws_instance.web[0]", arguments: { ami: "ami-123" } },
      "metric_query.0.metric.0.dimensions.InstanceId": { kind: "aws_instance", attribute: "id", address: "aws_instance.web[0]", arguments: { ami: "ami-123" } },
    });
    expect(only(result, "aws_instance.web[0]").attributeReads).toBeUndefined();
  });

  test("a local value or a module's variable whose value is one attribute read as it is, where it is written, reads it as the direct read does", () => {
    const result = load({
      "main.tf": `
variable "root_ami" { default = "ami-123" }
data "aws_ami" "ubuntu" {
  owners = ["099720109477"]
}
resource "random_password" "db" {
  length = 24
}
locals {
  ami      = data.aws_ami.ubuntu.id
  again    = local.ami
}
module "app" {
  source        = "./modules/app"
  ami_id        = local.again
  db_password   = random_password.db.result
  worked_on     = upper(random_password.db.result)
  fallback      = random_password.db.result
  root_variable = var.root_ami
}`,
      "modules/app/main.tf": `
variable "ami_id" {
  validation {
    condition     = var.ami_id != ""
    error_message = "An AMI is required."
  }
}
variable "db_password" { sensitive = true }
variable "worked_on" {}
variable "fallback" {
  default  = "none"
  nullable = false
}
variable "root_variable" {}
variable "unset" { default = "x" }
locals {
  password = var.db_password
}
resource "aws_instance" "web" {
  ami = var.ami_id
  tags = {
    Password = local.password
    Upper    = var.worked_on
    Fallback = var.fallback
    Root     = var.root_variable
    Unset    = var.unset
    Lowered  = lower(local.password)
  }
}`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(only(result, "module.app.aws_instance.web").attributeReads).toEqual({
      ami: { kind: "aws_ami", attribute: "id", address: "data.aws_ami.ubuntu", dataSource: true, arguments: { owners: ["099720109477"] } },
      "tags.Password": { kind: "random_password", attribute: "result", address: "random_password.db", arguments: { length: 24 } },
    });
  });

  test("each.value that is a resource's instance, of a group in this module or of a module's output, reads its attribute as the instance's own reference does", () => {
    const result = load({
      "main.tf": `
data "aws_ami" "al2023" {
  for_each = toset(["x86_64", "arm64"])
  owners   = ["amazon"]
}
resource "aws_sqs_queue" "dlq" {
  for_each = toset(["a"])
  name     = "dlq-\${each.key}"
}
module "queues" {
  source = "./modules/queues"
}
resource "aws_sqs_queue" "main" {
  for_each       = aws_sqs_queue.dlq
  name           = "main-\${each.key}"
  redrive_policy = jsonencode({ deadLetterTargetArn = each.value.url })
}
resource "aws_sqs_queue" "shared" {
  for_each       = module.queues.all
  name           = "shared-\${each.key}"
  redrive_policy = jsonencode({ deadLetterTargetArn = each.value.id })
}
resource "aws_sqs_queue" "nested" {
  for_each       = { for key, queue in aws_sqs_queue.dlq : key => { queue = queue } }
  name           = "nested-\${each.key}"
  redrive_policy = jsonencode({ deadLetterTargetArn = each.value.queue.url })
}
resource "aws_instance" "web" {
  for_each = data.aws_ami.al2023
  ami      = each.value.id
}
module "consumer" {
  source   = "./modules/consumer"
  for_each = aws_sqs_queue.dlq
  dlq      = each.value.url
}`,
      "modules/queues/main.tf": `
resource "aws_sqs_queue" "this" {
  for_each = toset(["b"])
  name     = "shared-dlq-\${each.key}"
}
output "all" { value = aws_sqs_queue.this }`,
      "modules/consumer/main.tf": `
variable "dlq" {}
resource "aws_sqs_queue" "consumer" {
  name           = "consumer"
  redrive_policy = jsonencode({ deadLetterTargetArn = var.dlq })
}`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(only(result, 'aws_sqs_queue.main["a"]').attributeReads).toEqual({ "redrive_policy.deadLetterTargetArn": { kind: "aws_sqs_queue", attribute: "url", address: 'aws_sqs_queue.dlq["a"]', arguments: { name: "dlq-a" } } });
    expect(only(result, 'aws_sqs_queue.shared["b"]').attributeReads).toEqual({ "redrive_policy.deadLetterTargetArn": { kind: "aws_sqs_queue", attribute: "id", address: 'module.queues.aws_sqs_queue.this["b"]', arguments: { name: "shared-dlq-b" } } });
    expect(only(result, 'aws_sqs_queue.nested["a"]').attributeReads).toEqual({ "redrive_policy.deadLetterTargetArn": { kind: "aws_sqs_queue", attribute: "url", address: 'aws_sqs_queue.dlq["a"]', arguments: { name: "dlq-a" } } });
    expect(only(result, 'aws_instance.web["arm64"]').attributeReads).toEqual({ ami: { kind: "aws_ami", attribute: "id", dataSource: true, address: 'data.aws_ami.al2023["arm64"]', arguments: { owners: ["amazon"] } } });
    expect(only(result, 'module.consumer["a"].aws_sqs_queue.consumer').attributeReads).toEqual({
      "redrive_policy.deadLetterTargetArn": { kind: "aws_sqs_queue", attribute: "url", address: 'aws_sqs_queue.dlq["a"]', arguments: { name: "dlq-a" } },
    });
  });

  test("a variable of the root module reads no attribute, its value coming from outside; local values in a cycle read none", () => {
    const result = load({
      "main.tf": `
resource "random_password" "db" {
  length = 24
}
variable "password" { default = "x" }
locals {
  loop_a = local.loop_b
  loop_b = local.loop_a
}
resource "aws_instance" "web" {
  ami  = "ami-123"
  tags = { Root = var.password, Loop = local.loop_a, Direct = random_password.db.result }
}`,
    });
    expect(result.diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      "Cycle: local.loop_a, local.loop_b: each of these needs the next and the last needs the first, which Terraform refuses; treated as unknown",
    ]);
    expect(only(result, "aws_instance.web").attributeReads).toEqual({ "tags.Direct": { kind: "random_password", attribute: "result", address: "random_password.db", arguments: { length: 24 } } });
  });

  test("a secret passed down a chain of 10,000 local values each naming the next is still read as the attribute it is", () => {
    const links = Array.from({ length: 10_000 }, (_, index) => `  l${index + 1} = local.l${index}\n`);
    const result = load({
      "main.tf": `resource "random_password" "db" {\n  length = 24\n}\nlocals {\n  l0 = random_password.db.result\n${links.join("")}}\nresource "aws_instance" "web" {\n  ami  = "ami-123"\n  tags = { Password = local.l10000 }\n}\n`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(only(result, "aws_instance.web").attributeReads).toEqual({ "tags.Password": { kind: "random_password", attribute: "result", address: "random_password.db", arguments: { length: 24 } } });
  });

  test("a data source's attribute read as it is is marked so; a read carries the arguments of the one instance read, but for secret ones", () => {
    const result = load({
      "main.tf": `
variable "password" {
  type      = string
  sensitive = true
  default   = "placeholder"
}
data "aws_ami" "al2023" {
  owners = ["amazon"]
  filter {
    name   = "name"
    values = ["al2023-ami-2023.*-x86_64"]
  }
}
data "aws_ssm_parameter" "ami" {
  count = 1
  name  = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"
}
resource "aws_db_instance" "main" {
  identifier = "main"
  password   = var.password
}
resource "aws_instance" "web" {
  ami  = data.aws_ami.al2023.id
  tags = { Db = aws_db_instance.main.id, Parameter = data.aws_ssm_parameter.ami[0].value }
}`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(only(result, "aws_instance.web").attributeReads).toEqual({
      ami: { kind: "aws_ami", attribute: "id", address: "data.aws_ami.al2023", dataSource: true, arguments: { owners: ["amazon"], filter: [{ name: "name", values: ["al2023-ami-2023.*-x86_64"] }] } },
      "tags.Db": { kind: "aws_db_instance", attribute: "id", address: "aws_db_instance.main", arguments: { identifier: "main" } },
      "tags.Parameter": {
        kind: "aws_ssm_parameter",
        attribute: "value", address: "data.aws_ssm_parameter.ami[0]",
        dataSource: true,
        arguments: { name: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64" },
      },
    });
  });

  test("a global datastore's ID, under either name, is set once it exists", () => {
    const result = load({
      "main.tf": `
resource "aws_elasticache_global_replication_group" "this" {
  global_replication_group_id_suffix = "sessions"
  primary_replication_group_id       = "sessions-primary"
}
resource "aws_elasticache_replication_group" "secondary" {
  description                 = "secondary"
  global_replication_group_id = aws_elasticache_global_replication_group.this.global_replication_group_id
  tags                        = { datastore = aws_elasticache_global_replication_group.this.id }
}`,
    });
    const props = only(result, "aws_elasticache_replication_group.secondary").props;
    expect(props.global_replication_group_id).toBe(UNKNOWN_IDENTIFIER);
    expect(props.tags).toEqual({ datastore: UNKNOWN_IDENTIFIER });
  });

  test("a database's identifier the configuration leaves out, or sets to null, is generated by the provider: set once it exists", () => {
    const result = load({
      "main.tf": `
resource "aws_db_instance" "primary" {
  identifier_prefix = "orders-"
}
resource "aws_db_instance" "nulled" {
  identifier = null
}
resource "aws_rds_cluster" "reporting" {
  engine = "aurora-postgresql"
}
resource "aws_db_instance" "replica" {
  replicate_source_db = aws_db_instance.primary.identifier
  tags                = { nulled = aws_db_instance.nulled.identifier, cluster = aws_rds_cluster.reporting.cluster_identifier, prefix = aws_db_instance.primary.identifier_prefix, name = aws_db_instance.primary.db_name }
}`,
    });
    expect(result.diagnostics).toEqual([]);
    const props = only(result, "aws_db_instance.replica").props;
    expect(props.replicate_source_db).toBe(UNKNOWN_IDENTIFIER);
    // A configured attribute is what it is set to; another computed one may be empty.
    expect(props.tags).toEqual({ nulled: UNKNOWN_IDENTIFIER, cluster: UNKNOWN_IDENTIFIER, prefix: "orders-", name: UNKNOWN });
  });

  test("a nested block's attribute the configuration does not set is computed, so unknown, not missing", () => {
    const result = load({
      "main.tf": `
resource "aws_dynamodb_table" "orders" {
  name = "orders"
  replica {
    region_name = "us-west-2"
  }
}
locals {
  replica_arns = try(aws_dynamodb_table.orders.replica[*].arn, [])
}
resource "aws_cloudwatch_log_group" "replica" {
  count             = length(local.replica_arns)
  name              = "replica-\${count.index}"
  retention_in_days = try(aws_dynamodb_table.orders.replica[0].kms_key_arn, null) == null ? 0 : 30
  tags              = { region = aws_dynamodb_table.orders.replica[0].region_name }
}`,
    });
    expect(result.diagnostics).toEqual([]);
    const props = only(result, "aws_cloudwatch_log_group.replica[0]").props;
    expect(isUnknown(props.retention_in_days)).toBe(true);
    expect(props.tags).toEqual({ region: "us-west-2" });
  });

  test("a jsonencode'd document with unknown parts keeps its structure through a local, a conditional and try()", () => {
    const result = load({
      "main.tf": `
variable "redrive" {
  type    = bool
  default = true
}
locals {
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn, maxReceiveCount = 5 })
}
resource "aws_sqs_queue" "dlq" {
  name = "jobs-dlq"
}
resource "aws_sqs_queue" "jobs" {
  name           = "jobs"
  redrive_policy = local.redrive_policy
  conditional    = var.redrive ? jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn }) : null
  tried          = try(jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn }), null)
  interpolated   = "policy: \${jsonencode({ a = aws_sqs_queue.dlq.arn })}"
}`,
    });
    expect(result.diagnostics).toEqual([]);
    const props = only(result, "aws_sqs_queue.jobs").props;
    expect(props.redrive_policy).toEqual({ deadLetterTargetArn: UNKNOWN_IDENTIFIER, maxReceiveCount: 5 });
    expect(props.conditional).toEqual({ deadLetterTargetArn: UNKNOWN_IDENTIFIER });
    expect(props.tried).toEqual({ deadLetterTargetArn: UNKNOWN_IDENTIFIER });
    // Inside a longer string it is text: unknown, but surely set, with the JSON around the queue's ARN known.
    expect(props.interpolated).toEqual(new PartialString('policy: {"a":"', '"}', [], [0]));
  });

  test("a resource's own ID or ARN is never null, so what is gated on `== null` of it is known, through a module too; it stays unknown itself", () => {
    const result = load({
      "main.tf": `
resource "terraform_data" "x" { input = "v" }
resource "aws_sqs_queue" "dlq" { name = "dlq" }
resource "aws_lambda_function" "f" { function_name = "f" }
resource "aws_db_instance" "generated" { identifier_prefix = "orders-" }
resource "aws_s3_bucket" "pinned" {
  tags = {
    id_eq_null     = terraform_data.x.id == null
    id_ne_null     = terraform_data.x.id != null
    null_eq_id     = null == terraform_data.x.id
    output_eq_null = terraform_data.x.output == null
    coalesced      = coalesce(terraform_data.x.id, "a")
    length_over_0  = length(terraform_data.x.id) > 0
    starts_with    = startswith(terraform_data.x.id, "a")
    chosen         = terraform_data.x.id == null ? [] : [1]
    arn_eq_null    = aws_sqs_queue.dlq.arn == null
    generated      = aws_db_instance.generated.identifier == null
    left_out       = aws_lambda_function.f.kms_key_arn == null
  }
}
resource "terraform_data" "counted" {
  count = terraform_data.x.id == null ? 0 : 1
}
resource "terraform_data" "each" {
  for_each = terraform_data.x.id == null ? {} : { a = 1 }
}
module "by_arn" {
  source = "./m"
  dlq    = aws_sqs_queue.dlq.arn
}
module "by_id" {
  source = "./m"
  dlq    = aws_sqs_queue.dlq.id
}`,
      "m/main.tf": `
variable "dlq" {
  type    = string
  default = null
}
resource "aws_lambda_function" "this" {
  function_name = "f"
  dynamic "dead_letter_config" {
    for_each = var.dlq == null ? [] : [true]
    content {
      target_arn = var.dlq
    }
  }
}`,
    });
    expect(result.diagnostics).toEqual([]);
    const tags = only(result, "aws_s3_bucket.pinned").props.tags as Record<string, unknown>;
    // What terraform 1.11.4 plans for terraform_data, whose provider refines its unknown id as not null.
    expect(tags).toMatchObject({ id_eq_null: false, id_ne_null: true, null_eq_id: false, chosen: [1] });
    expect([tags.output_eq_null, tags.length_over_0, tags.starts_with].every(isUnknown)).toBe(true);
    // Terraform plans coalesce() unknown; here it is the ID itself, unknown but surely set.
    expect(tags.coalesced).toBe(UNKNOWN_IDENTIFIER);
    expect([...resources(result).keys()]).toEqual(expect.arrayContaining(["terraform_data.counted[0]", 'terraform_data.each["a"]']));
    // The AWS provider refines neither, so Terraform's plan leaves these unknown; once applied, a queue's ARN and ID are
    // set, and so is a database's identifier the provider generates.
    expect(tags).toMatchObject({ arn_eq_null: false, generated: false });
    for (const module of ["by_arn", "by_id"]) expect(only(result, `module.${module}.aws_lambda_function.this`).props.dead_letter_config).toEqual([{ target_arn: UNKNOWN_IDENTIFIER }]);
    // Another identifier may be an argument left out, null once applied.
    expect(isUnknown(tags.left_out)).toBe(true);
  });

  test("configured attributes are known, computed ones unknown, and the reference is a dependency", () => {
    const result = load({
      "main.tf": `
resource "aws_s3_bucket" "logs" { bucket = "acme-logs" }
resource "aws_sqs_queue" "jobs" { name = "jobs" }
resource "aws_s3_bucket_notification" "logs" {
  bucket  = aws_s3_bucket.logs.id
  arn     = aws_s3_bucket.logs.arn
  name    = aws_s3_bucket.logs.bucket
  domain  = aws_s3_bucket.logs.bucket_regional_domain_name
  queue   = aws_sqs_queue.jobs.arn
  pattern = "\${aws_sqs_queue.jobs.arn}/*"
  joined  = "\${aws_sqs_queue.jobs.arn}\${aws_s3_bucket.logs.bucket_regional_domain_name}/*"
}`,
    });
    const notification = only(result, "aws_s3_bucket_notification.logs");
    const props = notification.props as Record<string, unknown>;
    // A bucket's ID and ARN follow from its name; a queue's ARN needs the account, so it is an identifier unknown
    // until apply, and a string built around it is unknown but surely set, with its known end kept.
    expect(props).toMatchObject({ bucket: "acme-logs", arn: "arn:aws:s3:::acme-logs", name: "acme-logs" });
    expect(props.domain).toBe(UNKNOWN);
    expect(props.queue).toBe(UNKNOWN_IDENTIFIER);
    // The unknown part is the queue's ARN alone; joined to another unknown part, it is not.
    expect(props.pattern).toEqual(new PartialString("", "/*", [], [0]));
    expect(props.joined).toEqual(new PartialString("", "/*"));
    expect(isUnknownButPresent(props.pattern)).toBe(true);
    expect(dependencyList(notification)).toEqual(["aws_s3_bucket.logs", "aws_sqs_queue.jobs"]);
  });

  test("a string built around unknown values keeps the known text before the first and after the last", () => {
    const result = load({
      "main.tf": `
variable "tag" {}
locals {
  endpoint = "https://\${aws_lb.web.dns_name}/health"
}
resource "aws_lb" "web" { name = "web" }
resource "aws_s3_bucket" "x" {
  both      = "arn:aws:sqs:\${var.tag}:123456789012:\${var.tag}-jobs"
  nested    = "\${local.endpoint}?full=1"
  middle    = "\${var.tag}-\${var.tag}"
  nothing   = "\${var.tag}\${var.tag}"
  heredoc   = <<-EOT
    image: \${var.tag}:v2
  EOT
  as_number = tonumber("\${var.tag}5")
  as_upper  = upper("a\${var.tag}")
}`,
    });
    const props = only(result, "aws_s3_bucket.x").props as Record<string, unknown>;
    // The known text between unknown parts is kept too: a rule may read whole lines of a script there.
    expect(props.both).toEqual(new PartialString("arn:aws:sqs:", "-jobs", [":123456789012:"]));
    // Its unknown part is still the load balancer's DNS name alone.
    expect(props.nested).toEqual(new PartialString("https://", "/health?full=1", [], [0]));
    expect(props.heredoc).toEqual(new PartialString("image: ", ":v2\n"));
    // Known text only between unknown parts: set, but with no known end.
    expect(props.middle).toEqual(new PartialString("", "", ["-"]));
    expect(props.nothing).toBe(UNKNOWN);
    // Only a string keeps its ends; a function of it is unknown.
    expect(props.as_number).toBe(UNKNOWN_PRESENT);
    expect(props.as_upper).toBe(UNKNOWN);
    // Rules that do not ask for its ends see an unknown value, never a record.
    expect(isUnknown(props.both)).toBe(true);
    expect(isRecord(props.both)).toBe(false);
  });

  test("a template's for directive over a known collection, and an if with a known condition, keep the known text around unknown values", () => {
    const result = load({
      "env.tpl": '[%{ for key, value in env }{"\${key}":"\${value}"},%{ endfor }%{ if verbose }"\${tag}:x"%{ endif }]',
      "main.tf": `
variable "tag" {}
resource "aws_lb" "web" { name = "web" }
resource "aws_s3_bucket" "x" {
  rendered  = templatefile("\${path.module}/env.tpl", { env = { A = aws_lb.web.dns_name, B = "b", C = var.tag }, verbose = true, tag = var.tag })
  unknowing = templatefile("\${path.module}/env.tpl", { env = var.tag == "" ? {} : { B = "b" }, verbose = true, tag = "t" })
}`,
    });
    expect(result.diagnostics).toEqual([noValue("tag", 2)]);
    const props = only(result, "aws_s3_bucket.x").props as Record<string, unknown>;
    // Terraform renders [{"A":"ID"},{"B":"b"},{"C":"T"},"T:x"] once A is ID and C and tag are T; the first unknown
    // part is the load balancer's DNS name alone.
    expect(props.rendered).toEqual(new PartialString('[{"A":"', ':x"]', ['"},{"B":"b"},{"C":"', '"},"'], [0]));
    // A collection not known is no known text.
    expect(props.unknowing).toEqual(new PartialString("[", '"t:x"]'));
  });

  test("jsonencode's text around unknown values is what Terraform prints, where a template inserts it", () => {
    const result = load({
      "main.tf": `
variable "tag" {}
resource "aws_lb" "web" { name = "web" }
resource "aws_s3_bucket" "x" {
  doc = "doc: \${jsonencode({ list = [aws_lb.web.arn, "<a&b>"], tag = "v-\${var.tag}\\"", n = 1, unknown = var.tag, set = toset([var.tag]) })}"
}`,
    });
    expect(result.diagnostics).toEqual([noValue("tag", 2)]);
    // Terraform prints {"list":["ID","\u003ca\u0026b\u003e"],"n":1,"set":["S"],"tag":"v-T\"","unknown":"U"} once they
    // are known: an unknown string lies inside its quotes, a value of unknown type (or a set's order) is all unknown.
    expect((only(result, "aws_s3_bucket.x").props as Record<string, unknown>).doc).toEqual(
      new PartialString('doc: {"list":["', "}", ['","\\u003ca\\u0026b\\u003e"],"n":1,"set":', ',"tag":"v-', '\\"","unknown":'], [0]),
    );
  });

  test("a jsonencode document with unknown parts keeps its known structure", () => {
    const result = load({
      "main.tf": `
resource "aws_sqs_queue" "dlq" { name = "dlq" }
resource "aws_sqs_queue" "jobs" {
  name           = "jobs"
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn, maxReceiveCount = 5 })
}`,
    });
    expect((only(result, "aws_sqs_queue.jobs").props as Record<string, unknown>).redrive_policy).toEqual({ deadLetterTargetArn: UNKNOWN_IDENTIFIER, maxReceiveCount: 5 });
  });

  test("an aws_iam_policy_document's json is the document its arguments describe; unknown parts keep it as structure", () => {
    const result = load({
      "main.tf": `
resource "aws_s3_bucket" "named" { bucket = "acme-logs" }
resource "aws_s3_bucket" "prefixed" { bucket_prefix = "acme-" }
data "aws_iam_policy_document" "known" {
  policy_id = "tls"
  statement {
    sid       = "DenyInsecureTransport"
    effect    = "Deny"
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.named.arn, "\${aws_s3_bucket.named.arn}/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
  statement {
    actions = ["s3:GetObject", "s3:ListBucket"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:role/app"]
    }
    principals {
      type        = "Service"
      identifiers = ["logging.s3.amazonaws.com"]
    }
  }
}
data "aws_iam_policy_document" "partly" {
  statement {
    actions   = ["s3:*"]
    resources = [aws_s3_bucket.prefixed.arn]
  }
}
data "aws_iam_policy_document" "merged" {
  source_policy_documents = [data.aws_iam_policy_document.known.json]
}
data "aws_iam_policy_document" "unknown_source" {
  source_policy_documents = [aws_s3_bucket.named.policy]
}
resource "aws_s3_bucket_policy" "known" {
  bucket = aws_s3_bucket.named.id
  policy = data.aws_iam_policy_document.known.json
}
resource "aws_s3_bucket_policy" "partly" {
  bucket = aws_s3_bucket.prefixed.id
  policy = data.aws_iam_policy_document.partly.minified_json
}
resource "aws_s3_bucket_policy" "merged" {
  bucket = aws_s3_bucket.named.id
  policy = data.aws_iam_policy_document.merged.json
}
resource "aws_s3_bucket_policy" "unknown_source" {
  bucket = aws_s3_bucket.named.id
  policy = data.aws_iam_policy_document.unknown_source.json
}`,
    });
    const policy = (address: string) => (only(result, address).props as { policy: unknown }).policy;
    expect(JSON.parse(policy("aws_s3_bucket_policy.known") as string)).toEqual({
      Version: "2012-10-17",
      Id: "tls",
      Statement: [
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Action: "s3:*",
          Resource: ["arn:aws:s3:::acme-logs", "arn:aws:s3:::acme-logs/*"],
          Principal: "*",
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:ListBucket"],
          Principal: { AWS: "arn:aws:iam::123456789012:role/app", Service: "logging.s3.amazonaws.com" },
        },
      ],
    });
    expect(policy("aws_s3_bucket_policy.partly")).toEqual({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: UNKNOWN_IDENTIFIER }] });
    expect(policy("aws_s3_bucket_policy.merged")).toBe(policy("aws_s3_bucket_policy.known"));
    expect(isUnknown(policy("aws_s3_bucket_policy.unknown_source"))).toBe(true);
  });

  test("a template_file's rendered is its template text rendered with its vars as strings; what the provider refuses is a warning", () => {
    const result = load({
      "main.tf": `
variable "port" {
  type    = number
  default = 8080
}
resource "random_password" "db" { length = 24 }
data "template_file" "node" {
  count    = 2
  template = "echo $\${name}:$\${port}:$\${debug}:%%{ if debug }verbose%%{ endif }"
  vars     = { name = "node-\${count.index}", port = var.port, debug = true }
}
data "template_file" "secret" {
  template = "PASSWORD=$\${password}"
  vars     = { password = random_password.db.result }
}
data "template_file" "structured" {
  template = "$\${name}"
  vars = {
    name  = "x"
    ports = [80]
    tags  = { a = "b" }
  }
}
data "template_file" "unbound" {
  template = "$\${missing}"
}
resource "aws_instance" "node" {
  count     = 2
  user_data = data.template_file.node[count.index].rendered
}
resource "aws_instance" "secret" { user_data = data.template_file.secret.rendered }
resource "aws_instance" "structured" { user_data = data.template_file.structured.rendered }
resource "aws_instance" "unbound" { user_data = data.template_file.unbound.rendered }
resource "aws_instance" "id" { user_data = data.template_file.node[0].id }`,
    });
    const userData = (address: string) => (only(result, address).props as { user_data: unknown }).user_data;
    expect([userData("aws_instance.node[0]"), userData("aws_instance.node[1]")]).toEqual(["echo node-0:8080:true:verbose", "echo node-1:8080:true:verbose"]);
    expect(userData("aws_instance.secret")).toEqual(new PartialString("PASSWORD=", ""));
    expect(only(result, "aws_instance.secret").secretPaths).toEqual(["user_data"]);
    expect(only(result, "aws_instance.node[0]").secretPaths).toEqual([]);
    expect(isUnknown(userData("aws_instance.structured"))).toBe(true);
    expect(isUnknown(userData("aws_instance.unbound"))).toBe(true);
    // A hash of the text: not worked out.
    expect(userData("aws_instance.id")).toBe(UNKNOWN_IDENTIFIER);
    expect(result.diagnostics.map((diagnostic) => `${diagnostic.line}:${diagnostic.column} ${diagnostic.message}`)).toEqual([
      '18:3 vars must hold only strings, numbers and bools, as the provider requires, not "ports" (tuple), "tags" (object); rendered treated as unknown',
      '25:3 template data.template_file.unbound:1:3: "missing" is not among the variables the template was given; rendered treated as unknown',
    ]);
  });

  test("a cloudinit_config's rendered is the provider's MIME multi-part document of its parts, base64-encoded and gzipped as it says", () => {
    const result = load({
      "main.tf": `
data "cloudinit_config" "plain" {
  gzip          = false
  base64_encode = false
  part {
    content_type = "text/x-shellscript"
    content      = "baz"
  }
  part {
    content_type = "text/cloud-config"
    filename     = "foobar.yaml"
    merge_type   = "list(append)+dict(recurse_array)"
    content      = "ffbaz"
  }
}
data "cloudinit_config" "encoded" {
  gzip     = false
  boundary = "//"
  part { content = "baz" }
}
data "cloudinit_config" "gzipped" {
  part { content = "baz" }
}
resource "aws_instance" "plain" { user_data = data.cloudinit_config.plain.rendered }
resource "aws_instance" "encoded" { user_data_base64 = data.cloudinit_config.encoded.rendered }
resource "aws_launch_template" "gzipped" { user_data = data.cloudinit_config.gzipped.rendered }
# Terraform cannot reproduce Go's gzip bytes, nor we the CRC-32 the id is: both unknown to expressions.
resource "aws_instance" "length" { user_data = length(data.cloudinit_config.gzipped.rendered) }
resource "aws_instance" "id" { user_data = data.cloudinit_config.plain.id }`,
      // CDKTF writes blocks as a list of objects; Terraform's JSON syntax also takes one block as an object.
      "cdk.tf.json": JSON.stringify({
        data: { cloudinit_config: { json: { gzip: false, boundary: "//", part: { content: "baz" } } } },
        resource: { aws_instance: { json: { user_data_base64: "${data.cloudinit_config.json.rendered}" } } },
      }),
    });
    expect(result.diagnostics).toEqual([]);
    const userData = (address: string, name = "user_data") => (only(result, address).props as Record<string, unknown>)[name];
    // The provider's own tests' expected text, for one part and for two; the optional headers in Go's (sorted) order.
    expect(userData("aws_instance.plain")).toBe(
      'Content-Type: multipart/mixed; boundary="MIMEBOUNDARY"\nMIME-Version: 1.0\r\n\r\n' +
        "--MIMEBOUNDARY\r\nContent-Transfer-Encoding: 7bit\r\nContent-Type: text/x-shellscript\r\nMime-Version: 1.0\r\n\r\nbaz\r\n" +
        '--MIMEBOUNDARY\r\nContent-Disposition: attachment; filename="foobar.yaml"\r\nContent-Transfer-Encoding: 7bit\r\nContent-Type: text/cloud-config\r\n' +
        "Mime-Version: 1.0\r\nX-Merge-Type: list(append)+dict(recurse_array)\r\n\r\nffbaz\r\n--MIMEBOUNDARY--\r\n",
    );
    const defaultPart = (boundary: string) =>
      `Content-Type: multipart/mixed; boundary="${boundary}"\nMIME-Version: 1.0\r\n\r\n--${boundary}\r\nContent-Transfer-Encoding: 7bit\r\nContent-Type: text/plain\r\nMime-Version: 1.0\r\n\r\nbaz\r\n--${boundary}--\r\n`;
    expect(Buffer.from(userData("aws_instance.encoded", "user_data_base64") as string, "base64").toString()).toBe(defaultPart("//"));
    expect(userData("aws_instance.json", "user_data_base64")).toBe(userData("aws_instance.encoded", "user_data_base64"));
    expect(gunzipSync(Buffer.from(userData("aws_launch_template.gzipped") as string, "base64")).toString()).toBe(defaultPart("MIMEBOUNDARY"));
    expect(userData("aws_instance.length")).toBe(UNKNOWN);
    expect(userData("aws_instance.id")).toBe(UNKNOWN_IDENTIFIER);
  });

  test("a cloudinit_config keeps the text known around a part's unknown parts and a part's secret; what the provider refuses is a warning", () => {
    const result = load({
      "main.tf": `
variable "db_host" { type = string }
variable "parts" { type = list(string) }
variable "password" {
  type      = string
  sensitive = true
  default   = "zq81-LKJH-99aa"
}
data "cloudinit_config" "around" {
  part {
    content_type = "text/x-shellscript"
    content      = "#!/bin/sh\\nexport DB_HOST=\${var.db_host}\\n"
  }
}
data "cloudinit_config" "dynamic" {
  dynamic "part" {
    for_each = var.parts
    content { content = part.value }
  }
}
data "cloudinit_config" "secret" {
  base64_encode = false
  gzip          = false
  part { content = "#!/bin/sh\\necho \${var.password}\\n" }
}
data "cloudinit_config" "gzip_only" {
  base64_encode = false
  part { content = "x" }
}
data "cloudinit_config" "boundary" {
  boundary = "a;b"
  part { content = "x" }
}
data "cloudinit_config" "empty" {
  part { content = "" }
}
data "cloudinit_config" "missing" {
  part { content_type = "text/plain" }
}
resource "aws_launch_template" "around" { user_data = data.cloudinit_config.around.rendered }
resource "aws_launch_template" "dynamic" { user_data = data.cloudinit_config.dynamic.rendered }
resource "aws_instance" "secret" { user_data = data.cloudinit_config.secret.rendered }
resource "aws_instance" "gzip_only" { user_data = data.cloudinit_config.gzip_only.rendered }
resource "aws_instance" "boundary" { user_data = data.cloudinit_config.boundary.rendered }
resource "aws_instance" "empty" { user_data = data.cloudinit_config.empty.rendered }
resource "aws_instance" "missing" { user_data = data.cloudinit_config.missing.rendered }`,
    });
    const userData = (address: string) => (only(result, address).props as { user_data: unknown }).user_data;
    const around = userData("aws_launch_template.around");
    expect(around).toBeInstanceOf(EncodedPartialString);
    expect((around as EncodedPartialString).decoded).toEqual(
      new PartialString(
        'Content-Type: multipart/mixed; boundary="MIMEBOUNDARY"\nMIME-Version: 1.0\r\n\r\n--MIMEBOUNDARY\r\nContent-Transfer-Encoding: 7bit\r\nContent-Type: text/x-shellscript\r\nMime-Version: 1.0\r\n\r\n#!/bin/sh\nexport DB_HOST=',
        "\n\r\n--MIMEBOUNDARY--\r\n",
      ),
    );
    expect(userData("aws_launch_template.dynamic")).toBe(UNKNOWN);
    expect(only(result, "aws_instance.secret").secretPaths).toEqual(["user_data"]);
    expect(userData("aws_instance.secret")).toContain("zq81-LKJH-99aa");
    for (const refused of ["gzip_only", "boundary", "empty", "missing"]) expect(isUnknown(userData(`aws_instance.${refused}`))).toBe(true);
    const warnings = result.diagnostics.filter((diagnostic) => diagnostic.severity === "warning");
    expect(warnings.map((diagnostic) => `${diagnostic.line}:${diagnostic.column} ${diagnostic.message}`)).toEqual([
      "27:3 base64_encode must be true where gzip is, as the provider requires; rendered treated as unknown",
      "31:3 boundary must be 1 to 70 letters, digits or '()+_,-./:=? and not end in a space, as the provider requires; rendered treated as unknown",
      "35:10 content must not be empty, as the provider requires; rendered treated as unknown",
      "38:3 a part must have content, as the provider requires; rendered treated as unknown",
    ]);
  });

  test("a template_cloudinit_config (hashicorp/template) renders as a cloudinit_config does, with the template provider's defaults", () => {
    const result = load({
      "main.tf": `
variable "password" {
  type      = string
  sensitive = true
  default   = "zq81-LKJH-99aa"
}
data "template_cloudinit_config" "plain" {
  gzip          = false
  base64_encode = false
  part {
    content_type = "text/x-shellscript"
    content      = "baz"
  }
}
data "cloudinit_config" "plain" {
  gzip          = false
  base64_encode = false
  part {
    content_type = "text/x-shellscript"
    content      = "baz"
  }
}
data "template_cloudinit_config" "gzipped" {
  part { content = "baz" }
}
data "template_cloudinit_config" "empty" {
  gzip          = false
  base64_encode = false
  part {
    content_type = ""
    content      = ""
  }
}
data "template_cloudinit_config" "secret" {
  gzip          = false
  base64_encode = false
  part { content = "#!/bin/sh\\necho \${var.password}\\n" }
}
data "template_cloudinit_config" "binary" {
  base64_encode = false
  part { content = "x" }
}
resource "aws_instance" "template" { user_data = data.template_cloudinit_config.plain.rendered }
resource "aws_instance" "cloudinit" { user_data = data.cloudinit_config.plain.rendered }
resource "aws_instance" "gzipped" { user_data_base64 = data.template_cloudinit_config.gzipped.rendered }
resource "aws_instance" "empty" { user_data = data.template_cloudinit_config.empty.rendered }
resource "aws_instance" "secret" { user_data = data.template_cloudinit_config.secret.rendered }
resource "aws_instance" "binary" { user_data = data.template_cloudinit_config.binary.rendered }`,
    });
    const userData = (address: string, name = "user_data") => (only(result, address).props as Record<string, unknown>)[name];
    expect(userData("aws_instance.template")).toContain("Content-Type: text/x-shellscript\r\nMime-Version: 1.0\r\n\r\nbaz\r\n");
    expect(userData("aws_instance.template")).toBe(userData("aws_instance.cloudinit"));
    const defaultPart = (content: string) =>
      `Content-Type: multipart/mixed; boundary="MIMEBOUNDARY"\nMIME-Version: 1.0\r\n\r\n--MIMEBOUNDARY\r\nContent-Transfer-Encoding: 7bit\r\nContent-Type: text/plain\r\nMime-Version: 1.0\r\n\r\n${content}\r\n--MIMEBOUNDARY--\r\n`;
    expect(gunzipSync(Buffer.from(userData("aws_instance.gzipped", "user_data_base64") as string, "base64")).toString()).toBe(defaultPart("baz"));
    // Where the cloudinit provider refuses an empty content type and content, the template provider took them.
    expect(userData("aws_instance.empty")).toBe(defaultPart(""));
    expect(only(result, "aws_instance.secret").secretPaths).toEqual(["user_data"]);
    expect(isUnknown(userData("aws_instance.binary"))).toBe(true);
    expect(result.diagnostics.map((diagnostic) => `${diagnostic.severity} ${diagnostic.line}:${diagnostic.column} ${diagnostic.message}`)).toEqual([
      "warning 40:3 gzip without base64_encode gives binary text, which Terraform does not keep intact; rendered treated as unknown",
    ]);
  });

  test("an aws_iam_policy_document merges its sources, its own statements and its overrides as the provider does", () => {
    const statement = (sid: string, action: string) => `{ "Sid": "${sid}", "Effect": "Allow", "Action": "${action}", "Resource": "*" }`;
    const result = load({
      "main.tf": `
data "aws_iam_policy_document" "merged" {
  source_json             = jsonencode({ Version = "2008-10-17", Statement = [{ Sid = "Legacy", Effect = "Allow", Action = "sqs:*", Resource = "*" }] })
  source_policy_documents = [${JSON.stringify(`{ "Statement": [${statement("Read", "s3:GetObject")}, ${statement("", "s3:ListBucket")}] }`)}, null]
  statement {
    sid       = "Read"
    actions   = ["s3:GetObjectVersion"]
    resources = ["*"]
  }
  statement {
    actions   = ["s3:PutObject"]
    resources = ["*"]
  }
  override_policy_documents = [${JSON.stringify(`{ "Id": "final", "Statement": ${statement("Legacy", "sqs:SendMessage")} }`)}]
}
resource "aws_sqs_queue" "q" {
  policy = data.aws_iam_policy_document.merged.json
}`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(JSON.parse((only(result, "aws_sqs_queue.q").props as { policy: string }).policy)).toEqual({
      Version: "2012-10-17",
      Id: "final",
      Statement: [
        { Sid: "Legacy", Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" },
        { Sid: "Read", Effect: "Allow", Action: "s3:GetObjectVersion", Resource: "*" },
        { Sid: "", Effect: "Allow", Action: "s3:ListBucket", Resource: "*" },
        { Effect: "Allow", Action: "s3:PutObject", Resource: "*" },
      ],
    });
  });

  test("a policy document with unknown parts is an unknown string to expressions and its structure to rules", () => {
    const result = load({
      "main.tf": `
resource "aws_iam_role" "reader" { name = "reader" }
data "aws_iam_policy_document" "read" {
  statement {
    actions   = ["s3:ListBucket"]
    resources = ["*"]
    principals {
      type        = "AWS"
      identifiers = [aws_iam_role.reader.arn]
    }
  }
}
module "bucket" {
  source = "./modules/bucket"
  policy = data.aws_iam_policy_document.read.json
}
resource "aws_sqs_queue" "q" {
  name          = "q"
  policy        = jsonencode(jsondecode(data.aws_iam_policy_document.read.json))
  delay_seconds = length(data.aws_iam_policy_document.read.json)
}`,
      "modules/bucket/main.tf": `
variable "policy" { type = string }
resource "aws_s3_bucket_policy" "this" {
  bucket = "b"
  policy = var.policy
}`,
    });
    expect(result.diagnostics).toEqual([]);
    const statement = { Effect: "Allow", Action: "s3:ListBucket", Resource: "*", Principal: { AWS: UNKNOWN_IDENTIFIER } };
    expect((only(result, "module.bucket.aws_s3_bucket_policy.this").props as Record<string, unknown>).policy).toEqual({ Version: "2012-10-17", Statement: [statement] });
    const queue = only(result, "aws_sqs_queue.q").props as Record<string, unknown>;
    expect(queue.policy).toEqual({ Version: "2012-10-17", Statement: [statement] });
    expect(isUnknown(queue.delay_seconds)).toBe(true);
  });

  test("try(jsondecode(x), x) falls back for a list with unknown parts, as Terraform's type check makes it, and so does a string function", () => {
    const result = load({
      "main.tf": `
data "aws_caller_identity" "current" {}
locals {
  grants    = [{ id = data.aws_caller_identity.current.account_id, permission = "FULL_CONTROL" }]
  decoded   = try(jsondecode(local.grants), local.grants)
}
resource "aws_s3_bucket_acl" "this" {
  count  = length(local.decoded) > 0 ? 1 : 0
  bucket = "b"
  parsed = can(jsondecode(local.grants))
  name   = try(upper(local.grants), "fallback")
}`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(only(result, "aws_s3_bucket_acl.this[0]").props).toMatchObject({ bucket: "b", parsed: false, name: "fallback" });
  });

  test("an argument set to null reads as not set: what the provider fills in is unknown, not null", () => {
    const result = load({
      "main.tf": `
variable "region" { default = null }
data "aws_region" "current" { region = var.region }
resource "aws_s3_bucket" "logs" {
  bucket        = null
  bucket_prefix = "logs-"
}
resource "aws_cloudwatch_log_group" "app" {
  name              = "app-\${data.aws_region.current.region}"
  retention_in_days = 7
}
resource "aws_s3_bucket_public_access_block" "logs" {
  bucket = aws_s3_bucket.logs.id
}`,
    });
    expect(result.diagnostics).toEqual([]);
    expect((only(result, "aws_cloudwatch_log_group.app").props as Record<string, unknown>).name).toEqual(new PartialString("app-", ""));
    expect((only(result, "aws_s3_bucket_public_access_block.logs").props as Record<string, unknown>).bucket).toBe(UNKNOWN_IDENTIFIER);
  });

  test("for_each over another resource ties each instance to its own counterpart", () => {
    const result = load({
      "main.tf": `
resource "aws_s3_bucket" "all" {
  for_each = toset(["a", "b"])
  bucket   = "acme-\${each.key}"
}
resource "aws_s3_bucket_public_access_block" "all" {
  for_each = aws_s3_bucket.all
  bucket   = each.value.id
}`,
    });
    expect(dependencyList(only(result, 'aws_s3_bucket_public_access_block.all["b"]'))).toEqual(['aws_s3_bucket.all["b"]']);
    expect((only(result, 'aws_s3_bucket_public_access_block.all["b"]').props as Record<string, unknown>).bucket).toBe("acme-b");
  });

  test("splat over counted instances, and a reference cycle resolves to unknown, named in a warning, instead of hanging", () => {
    const result = load({
      "main.tf": `
resource "aws_sqs_queue" "q" {
  count = 2
  name = "q\${count.index}"
}
resource "aws_sns_topic" "t" { name = join("+", aws_sqs_queue.q[*].name) }
resource "aws_sns_topic" "a" { name = aws_sns_topic.b.name }
resource "aws_sns_topic" "b" { name = aws_sns_topic.a.name }`,
    });
    expect((only(result, "aws_sns_topic.t").props as Record<string, unknown>).name).toBe("q0+q1");
    expect(isUnknown((only(result, "aws_sns_topic.a").props as Record<string, unknown>).name)).toBe(true);
    expect(result.diagnostics.map(({ line, message }) => ({ line, message }))).toEqual([
      { line: 8, message: "Cycle: aws_sns_topic.a, aws_sns_topic.b: each of these needs the next and the last needs the first, which Terraform refuses; treated as unknown" },
    ]);
  });

  test("a chain of 5,000 resources, each reading the next directly, through a local value or by index, is evaluated to its end", () => {
    const links = 5000;
    // Every third resource is counted, read by index, and every third another is read through a local value.
    const reference = (index: number) => (index % 3 === 1 ? `aws_s3_bucket.b${index}[0]` : index % 3 === 2 ? `local.b${index}` : `aws_s3_bucket.b${index}`);
    const blocks = Array.from({ length: links }, (_, offset) => {
      const index = offset + 1;
      const tags = index === links ? "{ n = 0 }" : `{ n = ${reference(index + 1)}.tags.n + 1 }`;
      const counted = index % 3 === 1 ? "  count = 1\n" : "";
      const local = index % 3 === 2 ? `locals {\n  b${index} = aws_s3_bucket.b${index}\n}\n` : "";
      const dependsOn = index < links ? `  depends_on = [aws_s3_bucket.b${index + 1}]\n` : "";
      return `resource "aws_s3_bucket" "b${index}" {\n${counted}  bucket = "b${index}"\n  tags   = ${tags}\n${dependsOn}}\n${local}`;
    });
    const result = load({ "main.tf": blocks.join("") });
    expect(result.diagnostics).toEqual([]);
    expect(only(result, "aws_s3_bucket.b1[0]").props.tags).toEqual({ n: links - 1 });
    // What it reads draws on the whole chain, as in Terraform's graph.
    expect(dependencyList(only(result, "aws_s3_bucket.b1[0]"))).toHaveLength(links - 1);
  });

  test("300 instances each reading a local, a variable or an output built from 300 resources, or all the resources or module instances, keep one shared entry, not 300 addresses", () => {
    const count = 300;
    const result = load({
      "main.tf": `
locals {
  names    = [for i in range(${count}) : "q\${i}"]
  dlq_arns = { for name, q in aws_sqs_queue.dlq : name => q.arn }
}
resource "aws_sqs_queue" "dlq" {
  for_each = toset(local.names)
  name     = "\${each.key}-dlq"
}
resource "aws_sqs_queue" "q" {
  for_each       = toset(local.names)
  name           = each.key
  redrive_policy = jsonencode({ deadLetterTargetArn = local.dlq_arns[each.key] })
}
module "m" {
  source = "./m"
  arns   = { for name, q in aws_sqs_queue.dlq : name => q.arn }
}
resource "aws_sns_topic" "t" {
  for_each = toset(local.names)
  tags     = { topic = module.m.arns[each.key] }
}
resource "aws_sns_topic" "all" {
  for_each = toset(local.names)
  tags     = { dlqs = length(aws_sqs_queue.dlq) }
}
module "each" {
  for_each = toset(local.names)
  source   = "./each"
}
resource "aws_sns_topic" "first" {
  for_each = toset(local.names)
  tags     = { first = values(module.each)[0].arn }
}`,
      "each/main.tf": `
resource "aws_sqs_queue" "q" {}
output "arn" {
  value = aws_sqs_queue.q.arn
}`,
      "m/main.tf": `
variable "arns" {}
resource "aws_sns_topic" "v" {
  for_each = toset(keys(var.arns))
  tags     = { dlq = var.arns[each.key] }
}
output "arns" {
  value = { for name, t in aws_sns_topic.v : name => t.arn }
}`,
    });
    expect(result.diagnostics).toEqual([]);
    // Copied into each reader, what n readers kept grew as their square: 8,000 queues took 3 GB.
    const kept = (addresses: Addresses | typeof UNTRACED | undefined) => (addresses instanceof ReachedAddresses ? addresses.entries.length : [...(addresses ?? [])].length);
    for (const [reader, property] of [['aws_sqs_queue.q["q7"]', "redrive_policy"], ['module.m.aws_sns_topic.v["q7"]', "tags"], ['aws_sns_topic.t["q7"]', "tags"], ['aws_sns_topic.all["q7"]', "tags"], ['aws_sns_topic.first["q7"]', "tags"]]) {
      const resource = only(result, reader);
      expect([reader, kept(resource.references![property]), kept(resource.dependencies)]).toEqual([reader, 1, 1]);
      // Walked, they are all there still, as in Terraform's graph.
      expect(referenceLists(resource)![property]).toContain(reader.startsWith("aws_sns_topic.first") ? 'module.each["q299"].aws_sqs_queue.q' : 'aws_sqs_queue.dlq["q299"]');
      expect(dependencyList(resource)).toHaveLength(reader.startsWith("aws_sns_topic.t") ? 2 * count : count);
    }
  });

  test("a module object read inside a cycle through its own output is that read's alone: a later read sees the output evaluated", () => {
    const result = load({
      "main.tf": `
module "m" {
  source = "./m"
  v      = module.m
}
resource "aws_sns_topic" "first" {
  tags = { o = module.m.o }
}
resource "aws_sns_topic" "later" {
  tags = { all = module.m }
}`,
      "m/main.tf": `
variable "v" {}
resource "aws_sqs_queue" "q" {}
output "o" {
  value = { v = var.v }
}`,
    });
    expect(result.diagnostics.map(({ message }) => message)).toEqual([
      "Cycle: module.m.output.o, module.m.var.v: each of these needs the next and the last needs the first, which Terraform refuses; treated as unknown",
    ]);
    // Read while `o` was evaluated, the module object held it unknown; read after, it holds what `o` evaluated to.
    const all = (only(result, "aws_sns_topic.later").props.tags as { all: { o: unknown } }).all;
    expect(isUnknown(all.o)).toBe(false);
  });

  test("an output of one instance of a counted or for_each module, given what reads that output, is no cycle: other outputs are not read", () => {
    // Terraform 1.11.4 validates and plans both: `out` reads only `w`; `echo` reads `v`, which is given what reads `out`.
    const module = 'variable "v" {}\nvariable "w" {}\noutput "out" { value = var.w }\noutput "echo" { value = var.v }\n';
    for (const [expansion, instance] of [["count = 1", "[0]"], ['for_each = { a = 1 }', '["a"]']]) {
      const result = load({
        "main.tf": `
locals {
  name = module.c${instance}.out
}
module "c" {
  source = "./c"
  ${expansion}
  v      = local.name
  w      = "k"
}
resource "aws_sqs_queue" "q" {
  name = local.name
}`,
        "c/main.tf": module,
      });
      expect([expansion, result.diagnostics]).toEqual([expansion, []]);
      expect(only(result, "aws_sqs_queue.q").props.name).toBe("k");
    }
  });

  test("a chain of 5,000 module calls, each given an output of the one before, is evaluated to its end", () => {
    const links = 5000;
    // Declared last first: the first resource evaluated reads down the whole chain.
    const calls = Array.from({ length: links }, (_, offset) => {
      const index = links - offset;
      return `module "m${index}" {\n  source = "./queue"\n  n      = ${index === 1 ? 0 : `module.m${index - 1}.next`}\n}\n`;
    });
    const result = load({
      "main.tf": `${calls.join("")}resource "aws_sqs_queue" "last" {\n  name = "q-\${module.m${links}.next}"\n}\n`,
      "queue/main.tf": `variable "n" {}\nresource "aws_sqs_queue" "q" {\n  name = "q-\${var.n}"\n}\noutput "next" {\n  value = var.n + 1\n}\n`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(resources(result).size).toBe(links + 1);
    expect(only(result, `module.m${links}.aws_sqs_queue.q`).props.name).toBe(`q-${links - 1}`);
    expect(only(result, "aws_sqs_queue.last").props.name).toBe(`q-${links}`);
  });

  test("what a resource reads only where evaluation may not go (no instances, an empty dynamic block) is not evaluated first", () => {
    // A resource of a kind no rule judges is not evaluated unless read, so a warning from one tells it was. The chain
    // of locals puts the resources deeper than values are read as they are met, where what a value reads goes first.
    const chain = Array.from({ length: 70 }, (_, index) => `  l${index + 1} = local.l${index}\n`).join("");
    writeFiles(root, {
      "main.tf": `
resource "aws_s3_bucket" "reader" {
  bucket = "r-\${length(local.l70)}"
}
resource "terraform_data" "a" { input = lower(1, 2) }
resource "terraform_data" "b" { input = lower(1, 2) }
locals {
  l0 = [length(aws_s3_bucket.none), aws_security_group.sg.name]
${chain}}
resource "aws_s3_bucket" "none" {
  count  = 0
  bucket = terraform_data.a.output.name
}
resource "aws_security_group" "sg" {
  name = "sg"
  dynamic "ingress" {
    for_each = []
    content {
      description = terraform_data.b.output.description
    }
  }
}`,
    });
    const result = loadTerraform([root], { commandLineVariables: [], judgedKinds: new Set(["aws_s3_bucket", "aws_security_group"]) });
    expect(result.diagnostics).toEqual([]);
    expect(only(result, "aws_security_group.sg").props.name).toBe("sg");
    expect(only(result, "aws_s3_bucket.reader").props.bucket).toBe("r-2");
  });

  test("lifecycle prevent_destroy becomes an option, not a property", () => {
    const result = load({ "main.tf": `resource "aws_db_instance" "db" {\n  engine = "postgres"\n  lifecycle {\n    prevent_destroy = true\n  }\n}` });
    const db = only(result, "aws_db_instance.db");
    expect(db.options).toEqual({ preventDestroy: true });
    expect(db.props).toEqual({ engine: "postgres" });
  });

  test("lifecycle ignore_changes becomes an option, as paths of the properties: `all` is every one, what is no reference unknown", () => {
    const ignoring = (setting: string) => only(load({ "main.tf": `resource "aws_mq_broker" "mq" {\n  broker_name = "mq"\n  lifecycle { ignore_changes = ${setting} }\n}` }), "aws_mq_broker.mq").options;
    expect(ignoring(`[user, tags["Team"], user[0].password, configuration.revision]`)).toEqual({ ignoreChanges: ["user", "tags.Team", "user.0.password", "configuration.revision"] });
    expect(ignoring("all")).toEqual({ ignoreChanges: ["*"] });
    // Terraform 0.11's quoted names, which Terraform 1 reads with a warning, are not read here.
    expect(ignoring(`["user"]`)).toEqual({ ignoreChanges: UNKNOWN });
  });
});

describe("modules", () => {
  test("a module call's argument the module does not declare, a required one left out, and an output it lacks are warnings", () => {
    const result = load({
      "main.tf": `
module "db" {
  source       = "./modules/db"
  size         = 20
  skip_destroy = true
}
resource "aws_sqs_queue" "q" {
  name       = "q"
  kms_master_key_id = module.db.no_such_output
}`,
      "modules/db/main.tf": `
variable "size" { type = number }
variable "name" { type = string }
variable "tier" { default = "standard" }
output "id" { value = "db-\${var.size}" }`,
    });
    const main = relative(process.cwd(), join(root, "main.tf"));
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: "warning", file: main, line: 5, message: expect.stringContaining('module "db" declares no variable "skip_destroy"') }),
      expect.objectContaining({ severity: "warning", file: main, line: 2, message: expect.stringContaining('module "db" is not given its required variable "name"') }),
      expect.objectContaining({ severity: "warning", file: main, line: 9, message: expect.stringContaining('module "db" has no output "no_such_output"') }),
    ]);
    expect(isUnknown((only(result, "aws_sqs_queue.q").props as Record<string, unknown>).kms_master_key_id)).toBe(true);
  });

  test("an argument its module's variable refuses, by type or validation, is a warning at the argument naming the call and instance", () => {
    const result = load({
      "main.tf": `
module "orders" {
  source    = "./m"
  encrypted = true
}
module "billing" {
  source    = "./m"
  encrypted = 1
}
module "regions" {
  source    = "./m"
  for_each  = toset(["eu"])
  encrypted = true
  env       = "dev"
}`,
      "m/main.tf": `
variable "encrypted" { type = bool }
variable "env" {
  default = "prod"
  validation {
    condition     = contains(["staging", "prod"], var.env)
    error_message = "env must be staging or prod."
  }
}
resource "aws_db_instance" "this" {
  identifier        = var.env
  storage_encrypted = var.encrypted
}`,
    });
    const main = relative(process.cwd(), join(root, "main.tf"));
    const module = relative(process.cwd(), join(root, "m/main.tf"));
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: "warning", file: main, line: 8, column: 3, message: 'module "billing": variable "encrypted": a bool is required; treated as unknown' }),
      expect.objectContaining({
        severity: "warning",
        file: main,
        line: 14,
        column: 3,
        message: `module "regions" instance ["eu"]: variable "env": its value fails the validation at ${module}:6 ("env must be staging or prod."), so Terraform refuses it at plan; treated as unknown`,
      }),
    ]);
    expect(only(result, "module.orders.aws_db_instance.this").props).toEqual({ identifier: "prod", storage_encrypted: true });
    expect(isUnknown((only(result, "module.billing.aws_db_instance.this").props as Record<string, unknown>).storage_encrypted)).toBe(true);
    expect(only(result, 'module.regions["eu"].aws_db_instance.this').props).toEqual({ identifier: UNKNOWN, storage_encrypted: true });
  });

  test("path.module is the module's directory from the root module's, as Terraform gives it, and reads the module's files from any working directory", () => {
    writeFiles(root, {
      "live/main.tf": `
module "worker" { source = "./modules/worker" }
module "shared" { source = "../shared/x" }
resource "aws_sqs_queue" "q" {
  name = path.module
  tags = { root = path.root, cwd = path.cwd, worker = module.worker.paths, shared = module.shared.paths }
}`,
      "live/modules/worker/main.tf": 'module "inner" { source = "./inner" }\noutput "paths" { value = merge(module.inner.paths, { module = path.module, root = path.root, text = file("${path.module}/f.txt") }) }\n',
      "live/modules/worker/f.txt": "worker's",
      "live/modules/worker/inner/main.tf": 'output "paths" { value = { inner = path.module } }\n',
      "shared/x/main.tf": 'output "paths" { value = { module = path.module, text = file("${path.module}/f.txt") } }\n',
      "shared/x/f.txt": "shared's",
    });
    // The test runs in the repository's directory: relative paths must not be read from there.
    const result = loadTerraform([join(root, "live")], { commandLineVariables: [] });
    expect(result.diagnostics).toEqual([]);
    expect(only(result, "aws_sqs_queue.q").props).toEqual({
      name: ".",
      tags: {
        root: ".",
        // As Terraform's, absolute: the directory it runs in.
        cwd: join(root, "live"),
        worker: { module: "modules/worker", root: ".", text: "worker's", inner: "modules/worker/inner" },
        shared: { module: "../shared/x", text: "shared's" },
      },
    });
  });

  test("a module passed whole is the object of its outputs, as Terraform makes it: one known only after apply is unknown in it", () => {
    const result = load({
      "main.tf": `
module "m" {
  source = "./modules/m"
  x      = 2
}
module "each" {
  source   = "./modules/m"
  for_each = toset(["a"])
  x        = 3
}
resource "aws_sqs_queue" "q" {
  name = jsonencode(module.m)
  tags = { whole = module.m, each = module.each }
}`,
      "modules/m/main.tf": 'variable "x" { type = number }\noutput "double" { value = var.x * 2 }\noutput "name" { value = "n" }\noutput "later" { value = timestamp() }\n',
    });
    const props = only(result, "aws_sqs_queue.q").props as { name: unknown; tags: { whole: Record<string, unknown>; each: Record<string, Record<string, unknown>> } };
    expect(props.tags.whole).toEqual({ double: 4, name: "n", later: UNKNOWN });
    expect(props.tags.each).toEqual({ a: { double: 6, name: "n", later: UNKNOWN } });
    // Rules read a document with an unknown part by its known structure.
    expect(props.name).toEqual({ double: 4, name: "n", later: UNKNOWN });
  });

  test("a module passed whole keeps each output's sensitivity to that output, as Terraform marks it", () => {
    const result = load({
      "main.tf": `
module "net" { source = "./modules/net" }
module "counted" {
  source = "./modules/net"
  count  = 1
}
module "keyed" {
  source   = "./modules/net"
  for_each = toset(["a"])
}
module "sg" {
  source  = "./modules/sg"
  net     = module.net
  counted = module.counted
  keyed   = module.keyed
}`,
      "modules/net/main.tf": `
output "db_port" { value = 5432 }
output "admin_token" {
  value     = "t0k3n-not-shown"
  sensitive = true
}`,
      "modules/sg/main.tf": `
variable "net" { type = any }
variable "counted" { type = any }
variable "keyed" { type = any }
resource "aws_security_group" "db" {
  name        = var.net.db_port
  description = var.net.admin_token
  tags = {
    counted_port  = var.counted[0].db_port
    counted_token = var.counted[0].admin_token
    keyed_port    = var.keyed["a"].db_port
    keyed_token   = var.keyed["a"].admin_token
  }
  policy         = jsonencode(var.net)
  counted_policy = jsonencode(var.counted)
  keyed_policy   = jsonencode(var.keyed)
}`,
    });
    const group = only(result, "module.sg.aws_security_group.db");
    expect(group.props).toMatchObject({ name: 5432, description: "t0k3n-not-shown", tags: { counted_port: 5432, keyed_port: 5432 } });
    // Read through the object a sensitive output stays secret; a function given the whole object is secret as a whole.
    expect(group.secretPaths).toEqual(["description", "tags.counted_token", "tags.keyed_token", "policy", "counted_policy", "keyed_policy"]);
  });

  test("sensitive given as the string \"true\", which Terraform converts to a bool, makes a variable or an output sensitive (checked with terraform 1.11.4)", () => {
    const result = load({
      "main.tf": 'variable "token" {\n  default   = "t0k3n"\n  sensitive = "true"\n}\nmodule "m" { source = "./m" }\nresource "aws_sqs_queue" "q" {\n  name = var.token\n  tags = { key = module.m.key }\n}\n',
      "m/main.tf.json": JSON.stringify({ output: { key: { value: "k3y", sensitive: "true" } } }),
    });
    expect(result.diagnostics).toEqual([]);
    expect(only(result, "aws_sqs_queue.q").secretPaths).toEqual(["name", "tags.key"]);
  });

  test("attributes the provider's schema marks sensitive are secret where they are read, through outputs, locals, inputs and templates", () => {
    const result = load({
      "main.tf": `
module "db" { source = "./modules/db" }
locals { url = "postgres://app:\${module.db.password}@db:5432/app" }
module "app" {
  source   = "./modules/app"
  password = module.db.password
}
data "aws_secretsmanager_secret_version" "smtp" { secret_id = "smtp" }
resource "aws_lambda_function" "f" {
  function_name = "f"
  environment {
    variables = {
      DATABASE_URL  = local.url
      DB_PASSWORD   = templatefile("\${path.module}/password.tpl", { password = module.db.password })
      DB_PASSWORD_ID = module.db.password_id
      SMTP_PASSWORD = data.aws_secretsmanager_secret_version.smtp.secret_string
    }
  }
}`,
      "password.tpl": "\${password}",
      "modules/db/main.tf": `
resource "random_password" "db" { length = 16 }
output "password" { value = random_password.db.result }
output "password_id" { value = random_password.db.id }`,
      "modules/app/main.tf": `
variable "password" { type = string }
resource "aws_ssm_parameter" "db" {
  name  = "/app/db"
  type  = "SecureString"
  value = var.password
}`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(only(result, "aws_lambda_function.f").secretPaths).toEqual([
      "environment.0.variables.DATABASE_URL",
      "environment.0.variables.DB_PASSWORD",
      "environment.0.variables.SMTP_PASSWORD",
    ]);
    expect(only(result, "module.app.aws_ssm_parameter.db").secretPaths).toEqual(["value"]);
  });

  test("a warning met in a module instance names the instance and the root's call, once for all the instances that meet it, from any root (probe BX)", () => {
    // terraform-aws-modules/dynamodb-table: `data.aws_region.current[0]` with the data source's count 0 where create = false.
    const table = 'variable "create" {}\ndata "aws_region" "current" {\n  count = var.create ? 1 : 0\n}\nlocals {\n  region = data.aws_region.current[0].region\n}\n';
    const parse = 'locals {\n  n = tonumber("abc")\n}\n';
    const result = load({
      "main.tf": 'module "off" {\n  source = "./table"\n  create = false\n}\nmodule "on" {\n  source = "./table"\n  create = true\n}\nmodule "many" {\n  source = "./parse"\n  count  = 3\n}\n',
      "table/main.tf": table,
      "parse/main.tf": parse,
      "other/main.tf": 'module "parse" {\n  source = "../parse"\n}\n',
    });
    expect(result.diagnostics.map((diagnostic) => [relative(root, diagnostic.file ?? ""), diagnostic.line, diagnostic.message])).toEqual([
      ["table/main.tf", 6, `the index is out of range for a list of 0; treated as unknown${inModule("module.off", 1)}`],
      ["parse/main.tf", 2, `tonumber: cannot convert string to number; treated as unknown${inModule("module.many[0]", 9).slice(0, -1)}, and 3 other module instances)`],
    ]);
    // The other root's instance is among the others; checked alone, it is the one named.
    const alone = loadTerraform([join(root, "other")], { commandLineVariables: [] });
    expect(alone.diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      `tonumber: cannot convert string to number; treated as unknown (in module.parse, called from ${relative(process.cwd(), join(root, "other/main.tf"))}:1:1)`,
    ]);
  });

  test("outputs are evaluated though no caller reads them, so one naming what does not exist is a warning", () => {
    const result = load({
      "main.tf": `
module "db" { source = "./modules/db" }
output "endpoint" { value = module.db.no_such_output }
output "queue" { value = aws_sqs_queue.missing.arn }`,
      "modules/db/main.tf": `
output "id" { value = var.undeclared }`,
    });
    expect(result.diagnostics.map((diagnostic) => [diagnostic.file?.split("/").slice(-1)[0], diagnostic.line, diagnostic.message])).toEqual([
      ["main.tf", 3, 'module "db" has no output "no_such_output"; treated as unknown'],
      ["main.tf", 4, 'reference to undeclared "aws_sqs_queue" (no resource aws_sqs_queue.missing in this module); treated as unknown'],
      ["main.tf", 2, `no variable "undeclared" is declared in this module; treated as unknown${inModule("module.db", 2)}`],
    ]);
  });

  test("a module called with an unknown count is evaluated once, and its resources and its children's may not exist, for that count", () => {
    const result = load({
      "main.tf": `
data "aws_availability_zones" "available" {}
module "db" {
  source = "./modules/db"
  count  = length(data.aws_availability_zones.available.names)
  name   = "orders"
}
resource "aws_sqs_queue" "q" {
  name = module.db[0].id
}`,
      "modules/db/main.tf": `
variable "name" { type = string }
resource "aws_db_instance" "this" { identifier = var.name }
module "backup" { source = "../backup" }
output "id" { value = aws_db_instance.this.identifier }`,
      "modules/backup/main.tf": `resource "aws_backup_vault" "this" { name = "vault" }`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(only(result, "module.db.aws_db_instance.this")).toMatchObject({ props: { identifier: "orders" }, existenceUnknown: { hangsOn: "the count of module.db" } });
    expect(only(result, "module.db.module.backup.aws_backup_vault.this").existenceUnknown?.hangsOn).toBe("the count of module.db");
    // How many instances there are is unknown, so what the caller reads of them is too.
    expect(isUnknown((only(result, "aws_sqs_queue.q").props as Record<string, unknown>).name)).toBe(true);
    expect(only(result, "aws_sqs_queue.q").existenceUnknown).toBeUndefined();
  });

  test("a block under the same unknown count as a resource reads its first instance; others read it as unknown", () => {
    const result = load({
      "main.tf": `
variable "create" { type = bool }
variable "other" { type = bool }
variable "queues" { type = set(string) }
resource "aws_sqs_queue" "dlq" {
  count = var.create ? 1 : 0
  name  = "dlq"
}
resource "aws_sqs_queue" "together" {
  count = var.create ? 1 : 0
  name  = "\${aws_sqs_queue.dlq[0].name}-main"
}
resource "aws_sqs_queue" "second" {
  count = var.create ? 1 : 0
  name  = aws_sqs_queue.dlq[1].name
}
resource "aws_sqs_queue" "other_count" {
  count = var.other ? 1 : 0
  name  = aws_sqs_queue.dlq[0].name
}
resource "aws_sqs_queue" "always" {
  name = aws_sqs_queue.dlq[0].name
}
locals {
  dlq_name = aws_sqs_queue.dlq[0].name
}
resource "aws_sqs_queue" "through_local" {
  count = var.create ? 1 : 0
  name  = local.dlq_name
}
resource "aws_sqs_queue" "keyed" {
  for_each = var.queues
  name     = each.key
}
resource "aws_sqs_queue" "by_key" {
  for_each = var.queues
  name     = aws_sqs_queue.keyed["a"].name
}`,
    });
    const name = (address: string) => (only(result, address).props as Record<string, unknown>).name;
    // Created together: whenever "together" exists, so does the first queue, which "dlq" as evaluated stands for.
    expect(name("aws_sqs_queue.together")).toBe("dlq-main");
    expect(only(result, "aws_sqs_queue.together").references?.name).toEqual(["aws_sqs_queue.dlq"]);
    // A second instance may not exist, nor any where another condition holds; a local may be read where none does,
    // and a for_each key may be missing however many there are.
    for (const address of ["second", "other_count", "always", "through_local", "by_key"]) expect(isUnknown(name(`aws_sqs_queue.${address}`))).toBe(true);
  });

  test("a module's object input takes the defaults of the attributes its caller leaves out", () => {
    const result = load({
      "main.tf": `
module "disk" {
  source = "./modules/disk"
  settings = { size = 50 }
}`,
      "modules/disk/main.tf": `
variable "settings" {
  type = object({ size = optional(number, 20), encrypted = optional(bool, true) })
  default = {}
}
resource "aws_ebs_volume" "this" {
  availability_zone = "eu-west-1a"
  size      = var.settings.size
  encrypted = var.settings.encrypted
}`,
    });
    expect(result.diagnostics).toEqual([]);
    expect(only(result, "module.disk.aws_ebs_volume.this").props).toEqual({ availability_zone: "eu-west-1a", size: 50, encrypted: true });
  });

  test("a local module is followed with its inputs, its outputs reach the caller, and addresses carry the module path", () => {
    const result = load({
      "main.tf": `
module "queues" {
  source = "./modules/queue"
  for_each = toset(["jobs"])
  name = each.key
  retention = 60
}
resource "aws_sns_topic" "t" { name = module.queues["jobs"].queue_name }`,
      "modules/queue/main.tf": `
variable "name" {}
variable "retention" { type = number }
variable "encrypted" { default = true }
resource "aws_sqs_queue" "this" {
  name = "\${var.name}-queue"
  message_retention_seconds = var.retention
  sqs_managed_sse_enabled = var.encrypted
}
output "queue_name" { value = aws_sqs_queue.this.name }`,
    });
    expect(result.units.map((unit) => unit.name)).toEqual([relative(process.cwd(), root)]);
    expect(only(result, 'module.queues["jobs"].aws_sqs_queue.this').props).toEqual({ name: "jobs-queue", message_retention_seconds: 60, sqs_managed_sse_enabled: true });
    expect((only(result, "aws_sns_topic.t").props as Record<string, unknown>).name).toBe("jobs-queue");
    expect(only(result, 'module.queues["jobs"].aws_sqs_queue.this').location.file).toBe(relative(process.cwd(), join(root, "modules/queue/main.tf")));
  });

  test("a local module's null output is null, not unknown, as Terraform reads try(x[0].arn, null) of a module turned off", () => {
    const result = load({
      "main.tf": `
module "kms" {
  source = "./kms"
  create = false
}
resource "aws_sns_topic" "alerts" {
  name              = "alerts"
  kms_master_key_id = module.kms.key_arn
}
resource "aws_sns_topic" "fallback" {
  count = module.kms.key_arn == null ? 1 : 0
  name  = "fallback"
}`,
      "kms/main.tf": `
variable "create" { default = true }
resource "aws_kms_key" "this" {
  count               = var.create ? 1 : 0
  enable_key_rotation = true
}
output "key_arn" { value = try(aws_kms_key.this[0].arn, null) }`,
    });
    expect(result.diagnostics).toEqual([]);
    expect((only(result, "aws_sns_topic.alerts").props as Record<string, unknown>).kms_master_key_id).toBeNull();
    expect(only(result, "aws_sns_topic.fallback[0]").existenceUnknown).toBeUndefined();
  });

  test("a module called with for_each over nothing is an empty object, with count = 0 an empty tuple, as in Terraform", () => {
    const result = load({
      "main.tf": `
module "each" {
  source   = "./m"
  for_each = {}
}
module "counted" {
  source = "./m"
  count  = 0
}
resource "aws_sqs_queue" "x" {
  each_values  = values(module.each)
  each_merged  = merge({ a = 1 }, module.each)
  each_json    = jsonencode(module.each)
  counted_json = jsonencode(module.counted)
}`,
      "m/main.tf": 'output "name" { value = "m" }\n',
    });
    expect(result.diagnostics).toEqual([]);
    expect(only(result, "aws_sqs_queue.x").props).toEqual({ each_values: [], each_merged: { a: 1 }, each_json: "{}", counted_json: "[]" });
  });

  test("a remote module is reported once as not scanned and its outputs are unknown", () => {
    const result = load({
      "main.tf": `
module "vpc" {
  source  = "terraform-aws-modules/vpc/aws"
  version = "5.0.0"
}
module "vpc2" {
  source  = "terraform-aws-modules/vpc/aws"
}
resource "aws_security_group" "sg" { vpc_id = module.vpc.vpc_id }`,
    });
    const notices = result.diagnostics.filter((diagnostic) => diagnostic.code === "module-not-scanned");
    expect(notices.map((notice) => notice.line)).toEqual([2, 6]);
    expect(isUnknown((only(result, "aws_security_group.sg").props as Record<string, unknown>).vpc_id)).toBe(true);
  });

  test("what reads a module that is not scanned records it, with why, under the top-level property it reads it in, through locals and module calls too (probe BX)", () => {
    const result = load({
      "main.tf": `
module "vpc" { source = "terraform-aws-modules/vpc/aws" }
module "named" { source = var.source_dir }
variable "source_dir" {}
locals { cidr = module.vpc.vpc_cidr_block }
resource "aws_security_group" "sg" {
  name   = "sg"
  vpc_id = module.vpc.vpc_id
  ingress {
    cidr_blocks = [local.cidr, module.named.cidr]
  }
}
module "rule" {
  source = "./rule"
  cidr   = local.cidr
}`,
      "rule/main.tf": 'variable "cidr" {}\nresource "aws_security_group_rule" "r" {\n  type        = "ingress"\n  cidr_blocks = [var.cidr]\n}\n',
    });
    const vpc = "module.vpc, which is not downloaded";
    expect(only(result, "aws_security_group.sg").fromUnscannedModules).toEqual({ vpc_id: [vpc], ingress: [vpc, "module.named, whose source is not a literal"] });
    expect(only(result, "module.rule.aws_security_group_rule.r").fromUnscannedModules).toEqual({ cidr_blocks: [vpc] });
  });

  test("a count or for_each that reads a module not scanned records it, with why, for the resources that may not exist, a called module's too; a variable given no value is no module (probe F)", () => {
    const result = load({
      "main.tf": `
module "this" { source = "cloudposse/label/null" }
variable "enabled" { type = bool }
resource "aws_sqs_queue" "counted" {
  count = module.this.enabled ? 1 : 0
  name  = "counted"
}
resource "aws_sqs_queue" "each" {
  for_each = module.this.enabled ? toset(["a"]) : toset([])
  name     = each.key
}
resource "aws_sqs_queue" "by_variable" {
  count = var.enabled ? 1 : 0
  name  = "by-variable"
}
module "inner" {
  source = "./inner"
  count  = module.this.enabled ? 1 : 0
}`,
      "inner/main.tf": `resource "aws_sns_topic" "t" { name = "t" }`,
    });
    const existence = (address: string) => {
      return only(result, address).existenceUnknown;
    };
    const label = ["module.this, which is not downloaded"];
    expect(existence("aws_sqs_queue.counted")).toEqual({ hangsOn: "its count", fromUnscannedModules: label });
    expect(existence("aws_sqs_queue.each")).toEqual({ hangsOn: "its for_each", fromUnscannedModules: label });
    expect(existence("module.inner.aws_sns_topic.t")).toEqual({ hangsOn: "the count of module.inner", fromUnscannedModules: label });
    expect(existence("aws_sqs_queue.by_variable")).toEqual({ hangsOn: "its count" });
  });

  test("the notice names the directory to run terraform init in: the root's, whose calls and its modules' it downloads, a CDKTF stack's output included (probe BX)", () => {
    const vpc = 'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}\n';
    const stack = JSON.stringify({ module: { vpc: { source: "terraform-aws-modules/vpc/aws" } } });
    writeFiles(root, { "live/main.tf": 'module "network" {\n  source = "../modules/network"\n}\n', "modules/network/main.tf": vpc, "cdktf.out/stacks/web/cdk.tf.json": stack, "my envs/prod/main.tf": vpc });
    const result = loadTerraform([root], { commandLineVariables: [] });
    const init = (dir: string) => `terraform -chdir=${relative(process.cwd(), join(root, dir))} init`;
    expect(result.diagnostics.filter((diagnostic) => diagnostic.code === "module-not-scanned").map((notice) => notice.message.slice(notice.message.indexOf("(run"))).sort()).toEqual(
      [`(run \`${init("cdktf.out/stacks/web")}\` to have them checked)`, `(run \`${init("live")}\` to have them checked)`, `(run \`terraform -chdir='${relative(process.cwd(), join(root, "my envs/prod"))}' init\` to have them checked)`].sort(),
    );
  });

  test("a resource a remote module is given a reference to records that module's address, nested ones too; a name alone does not count", () => {
    const result = load({
      "main.tf": `
resource "aws_sqs_queue" "jobs" { name = "jobs" }
resource "aws_sqs_queue" "mail" { name = "mail" }
module "app" { source = "./app" }
module "each" {
  source   = "example.com/team/queues/aws"
  for_each = { mail = aws_sqs_queue.mail.arn }
  queue    = each.value
}
module "named" {
  source = "example.com/team/queues/aws"
  queue  = "jobs"
}`,
      "app/main.tf": `
resource "aws_sqs_queue" "inner" { name = "inner" }
module "consumer" {
  source = "terraform-aws-modules/lambda/aws"
  events = [{ source = aws_sqs_queue.inner.arn }]
}`,
    });
    expect(only(result, "module.app.aws_sqs_queue.inner").givenToUnscannedModules).toEqual(["module.app.module.consumer"]);
    expect(only(result, "aws_sqs_queue.mail").givenToUnscannedModules).toEqual(["module.each"]);
    expect(only(result, "aws_sqs_queue.jobs").givenToUnscannedModules).toBeUndefined();
  });

  test("a remote module that terraform init downloaded is evaluated from where .terraform/modules/modules.json says it is", () => {
    const result = load({
      "main.tf": `
module "vpc" {
  source      = "terraform-aws-modules/vpc/aws"
  name_prefix = "shop"
}
module "cache" {
  source = "terraform-aws-modules/elasticache/aws"
}`,
      ".terraform/modules/modules.json": JSON.stringify({
        Modules: [
          { Key: "", Source: "", Dir: "." },
          { Key: "vpc", Source: "registry.terraform.io/terraform-aws-modules/vpc/aws", Dir: ".terraform/modules/vpc" },
        ],
      }),
      ".terraform/modules/vpc/main.tf": `
variable "name_prefix" {}
resource "aws_cloudwatch_log_group" "flow" { name = "\${var.name_prefix}-flow-logs" }`,
    });
    expect((only(result, "module.vpc.aws_cloudwatch_log_group.flow").props as Record<string, unknown>).name).toBe("shop-flow-logs");
    // The module init did not download stays a notice; .terraform itself is never read as a directory of inputs.
    expect(result.diagnostics.filter((diagnostic) => diagnostic.code === "module-not-scanned").map((notice) => notice.line)).toEqual([6]);
    expect(result.units).toHaveLength(1);
  });

  test("a remote module terraform init downloaded into the data directory TF_DATA_DIR names, relative to the root, is evaluated from there", () => {
    // Data kept outside the directory checked, as a CI job keeps it: `TF_DATA_DIR=../data terraform init` in stack/.
    writeFiles(root, {
      "stack/main.tf": `module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}`,
      "data/modules/modules.json": JSON.stringify({
        Modules: [
          { Key: "", Source: "", Dir: "." },
          { Key: "vpc", Source: "registry.terraform.io/terraform-aws-modules/vpc/aws", Dir: "../data/modules/vpc" },
        ],
      }),
      "data/modules/vpc/main.tf": `resource "aws_cloudwatch_log_group" "flow" { name = "flow-logs" }`,
    });
    const check = (environment: Record<string, string>) => loadTerraform([join(root, "stack")], { commandLineVariables: [], environment });
    expect(resources(check({ TF_DATA_DIR: "../data" })).has("module.vpc.aws_cloudwatch_log_group.flow")).toBe(true);
    expect(resources(check({ TF_DATA_DIR: join(root, "data") })).has("module.vpc.aws_cloudwatch_log_group.flow")).toBe(true);
    // Without it, Terraform looks in stack/.terraform, where nothing was downloaded.
    expect(resources(check({})).size).toBe(0);
  });

  test("the data directory TF_DATA_DIR names inside a module is not read as inputs, as .terraform is not: a downloaded module's examples are no roots", () => {
    writeFiles(root, {
      "stack/main.tf": `module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}`,
      "stack/tfdata/modules/modules.json": JSON.stringify({
        Modules: [
          { Key: "", Source: "", Dir: "." },
          { Key: "vpc", Source: "registry.terraform.io/terraform-aws-modules/vpc/aws", Dir: "tfdata/modules/vpc" },
        ],
      }),
      "stack/tfdata/modules/vpc/main.tf": `resource "aws_cloudwatch_log_group" "flow" { name = "flow-logs" }`,
      "stack/tfdata/modules/vpc/examples/simple/main.tf": `resource "aws_cloudwatch_log_group" "example" { name = "example" }`,
      // Beside no module, a directory of that name is no data directory: its configuration is checked.
      "tfdata/main.tf": `resource "aws_cloudwatch_log_group" "shared" { name = "shared" }`,
    });
    for (const named of ["tfdata", join(root, "stack", "tfdata")]) {
      const result = loadTerraform([root], { commandLineVariables: [], environment: { TF_DATA_DIR: named } });
      expect(result.units.map((unit) => unit.name).sort()).toEqual([relative(process.cwd(), join(root, "stack")), relative(process.cwd(), join(root, "tfdata"))].sort());
      expect([...resources(result).keys()].sort()).toEqual(["aws_cloudwatch_log_group.shared", "module.vpc.aws_cloudwatch_log_group.flow"]);
    }
  });

  const INSTALLED_VPC = {
    ".terraform/modules/modules.json": JSON.stringify({
      Modules: [
        { Key: "", Source: "", Dir: "." },
        { Key: "vpc", Source: "registry.terraform.io/terraform-aws-modules/vpc/aws", Version: "5.1.0", Dir: ".terraform/modules/vpc" },
      ],
    }),
    ".terraform/modules/vpc/main.tf": `resource "aws_cloudwatch_log_group" "flow" { name = "flow-logs" }`,
  };

  function notScanned(result: LoadResult): string[] {
    return result.diagnostics.filter((diagnostic) => diagnostic.code === "module-not-scanned").map((notice) => `${notice.line}: ${notice.message}`);
  }
  /** What the notice ends with for a call in the root's own files: the root's directory is not where the check runs. */
  const notChecked = () => `its resources are not checked (run \`terraform -chdir=${relative(process.cwd(), root)} init\` to have them checked)`;

  test("a downloaded module whose version the call still allows is scanned", () => {
    const result = load({ "main.tf": `module "vpc" {\n  source  = "terraform-aws-modules/vpc/aws"\n  version = ">= 5.0, < 6.0"\n}`, ...INSTALLED_VPC });
    expect(notScanned(result)).toEqual([]);
    expect(resources(result).has("module.vpc.aws_cloudwatch_log_group.flow")).toBe(true);
  });

  // Terraform refuses these until `terraform init` runs again ("Module source has changed", "Module version
  // requirements have changed", "Module not installed"): what is on disk is not what the call asks for.
  test.each([
    ["its source changed", `source = "terraform-aws-modules/vpc/google"`, `module "vpc" comes from "terraform-aws-modules/vpc/google", but \`terraform init\` downloaded it from "registry.terraform.io/terraform-aws-modules/vpc/aws"`],
    ["its version constraint changed", `source = "terraform-aws-modules/vpc/aws"\n  version = "~> 5.2"`, `module "vpc" comes from "terraform-aws-modules/vpc/aws", but \`terraform init\` downloaded version 5.1.0, which "~> 5.2" does not allow`],
  ])("a downloaded module is not scanned once %s since", (_, call, why) => {
    const result = load({ "main.tf": `module "vpc" {\n  ${call}\n}`, ...INSTALLED_VPC });
    expect(notScanned(result)).toEqual([`1: ${why}: ${notChecked()}`]);
    expect(resources(result).size).toBe(0);
  });

  test("a downloaded module whose directory is gone is not scanned", () => {
    const result = load({ "main.tf": `module "vpc" { source = "terraform-aws-modules/vpc/aws" }`, ".terraform/modules/modules.json": INSTALLED_VPC[".terraform/modules/modules.json"] });
    expect(notScanned(result)).toEqual([
      `1: module "vpc" comes from "terraform-aws-modules/vpc/aws", but the directory \`terraform init\` downloaded it to, ${relative(process.cwd(), join(root, ".terraform/modules/vpc"))}, is missing: ${notChecked()}`,
    ]);
  });

  test("a module directory that is missing or holds no configuration is an error at each call's source, naming the call and the source as written", () => {
    const result = load({
      "main.tf": `module "kms" {\n  source = "../../security/kms"\n}\nmodule "kms_again" {\n  source = "../../security/kms"\n}\nmodule "empty" {\n  source = "./empty"\n}`,
      "empty/README.md": "no configuration here",
      "other.tf": `module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n}`,
      ".terraform/modules/modules.json": INSTALLED_VPC[".terraform/modules/modules.json"],
      ".terraform/modules/vpc/README.md": "no configuration either",
    });
    const main = relative(process.cwd(), join(root, "main.tf"));
    const missing = "directory not found or holds no .tf or .tofu files";
    expect(result.diagnostics).toEqual([
      { severity: "error", code: "input", message: `module "kms": source "../../security/kms": ${missing}`, file: main, line: 2, column: 3 },
      { severity: "error", code: "input", message: `module "kms_again": source "../../security/kms": ${missing}`, file: main, line: 5, column: 3 },
      { severity: "error", code: "input", message: `module "empty": source "./empty": ${missing}`, file: main, line: 8, column: 3 },
      {
        severity: "error",
        code: "input",
        message: `module "vpc": source "terraform-aws-modules/vpc/aws": the directory \`terraform init\` downloaded it to, ${relative(process.cwd(), join(root, ".terraform/modules/vpc"))}, holds no .tf or .tofu files`,
        file: relative(process.cwd(), join(root, "other.tf")),
        line: 2,
        column: 3,
      },
    ]);
  });

  test("a password or token in a module source's URL is printed as [secret], written or through a plain variable, as is one in a query argument", () => {
    const result = load({
      "main.tf": `
variable "token" { default = "ghp_PlainVariableToken1234" }
module "written" { source = "git::https://oauth2:glpat-WrittenToken5678@gitlab.com/org/mod.git?ref=v1.2.0" }
module "lone" { source = "git::https://\${var.token}@github.com/org/mod.git//vpc?ref=v1" }
module "ssh" { source = "git::ssh://deploy:SshPassword9012@git.example.com/org/mod.git" }
module "ssh_user" { source = "git::ssh://git@github.com/org/mod.git?ref=v1&sshkey=LS0tLS1CRUdJTiBPUEVOU1NIIFBSSVZBVEUgS0VZ" }
module "s3" { source = "s3::https://s3-eu-west-1.amazonaws.com/bucket/mod.zip?aws_access_key_id=AKIAIOSFODNN7EXAMPLE&aws_access_key_secret=S3SecretKey3456&aws_access_token=S3SessionToken7890&region=eu-west-1" }
`,
    });
    const later = `which is not downloaded: ${notChecked()}`;
    expect(notScanned(result)).toEqual([
      `3: module "written" comes from "git::https://oauth2:[secret]@gitlab.com/org/mod.git?ref=v1.2.0", ${later}`,
      `4: module "lone" comes from "git::https://[secret]@github.com/org/mod.git//vpc?ref=v1", ${later}`,
      `5: module "ssh" comes from "git::ssh://deploy:[secret]@git.example.com/org/mod.git", ${later}`,
      `6: module "ssh_user" comes from "git::ssh://git@github.com/org/mod.git?ref=v1&sshkey=[secret]", ${later}`,
      `7: module "s3" comes from "s3::https://s3-eu-west-1.amazonaws.com/bucket/mod.zip?aws_access_key_id=[secret]&aws_access_key_secret=[secret]&aws_access_token=[secret]&region=eu-west-1", ${later}`,
    ]);
  });

  test("a token in the source terraform init recorded in modules.json is printed as [secret]", () => {
    const result = load({
      "main.tf": `module "vpc" { source = "git::https://gitlab.com/org/vpc.git?ref=v2" }`,
      ".terraform/modules/modules.json": JSON.stringify({ Modules: [{ Key: "vpc", Source: "git::https://oauth2:glpat-RecordedToken4321@gitlab.com/org/vpc.git?ref=v1", Dir: ".terraform/modules/vpc" }] }),
    });
    expect(notScanned(result)).toEqual([
      `1: module "vpc" comes from "git::https://gitlab.com/org/vpc.git?ref=v2", but \`terraform init\` downloaded it from "git::https://oauth2:[secret]@gitlab.com/org/vpc.git?ref=v1": ${notChecked()}`,
    ]);
  });

  test.each([
    ["not JSON", `{"Modules": [{"Key": "vpc",}]}`, 1, 28, "a trailing comma before '}' is not allowed in JSON"],
    ["a manifest of another shape", `{\n  "Modules": [\n    {"Key": "vpc", "Dir": 3}\n  ]\n}`, 3, 5, 'expected {"Modules": [{"Key": "...", "Source": "...", "Dir": "..."}, ...]}'],
  ])("a modules.json that is %s is an error where it goes wrong; remote modules stay not scanned and the rest is checked", (_, manifest, line, column, reason) => {
    const result = load({
      "main.tf": `module "vpc" { source = "terraform-aws-modules/vpc/aws" }\nresource "aws_sqs_queue" "jobs" { name = "jobs" }`,
      ".terraform/modules/modules.json": manifest,
      ".terraform/modules/vpc/main.tf": `resource "aws_cloudwatch_log_group" "flow" { name = "flow-logs" }`,
    });
    const errors = result.diagnostics.filter((diagnostic) => diagnostic.severity === "error");
    expect(errors).toEqual([
      {
        severity: "error",
        code: "input",
        message: `${reason}; remote modules are not scanned (run \`terraform init\` again)`,
        file: relative(process.cwd(), join(root, ".terraform/modules/modules.json")),
        line,
        column,
      },
    ]);
    expect(notScanned(result)).toHaveLength(1);
    expect([...resources(result).keys()]).toEqual(["aws_sqs_queue.jobs"]);
  });

  // Directories are evaluated as they are read, before it is known which ones other directories call.
  test.each([["a-lib", "before"], ["z-lib", "after"]])("a scanned module in %s, read %s the root that calls it, is no unit, and nothing it said alone is reported", (lib) => {
    const result = load({
      [`${lib}/main.tf`]: `
variable "replicas" {}
resource "aws_sqs_queue" "this" {
  count                   = var.replicas
  name                    = "q-\${count.index}"
  sqs_managed_sse_enabled = true
}`,
      // Only a root reads its own tfvars: as a module, this file means nothing, broken or not.
      [`${lib}/terraform.tfvars`]: "replicas = ",
      "live/main.tf": `
module "lib" {
  source   = "../${lib}"
  replicas = 2
}`,
    });
    expect(result.units.map((unit) => unit.name)).toEqual([relative(process.cwd(), join(root, "live"))]);
    expect([...resources(result).keys()]).toEqual(["module.lib.aws_sqs_queue.this[0]", "module.lib.aws_sqs_queue.this[1]"]);
    expect(result.diagnostics).toEqual([]);
    expect(result.files.size).toBe(2);
  });

  test("a module called only from inside a call with no instances is no unit: its defaults are not judged alone", () => {
    const result = load({
      "main.tf": 'variable "create_app" {\n  default = false\n}\nmodule "app" {\n  count  = var.create_app ? 1 : 0\n  source = "./modules/app"\n}\n',
      "modules/app/main.tf": 'module "queue" {\n  source = "../queue"\n  name   = "jobs"\n}\n',
      "modules/queue/main.tf": 'variable "name" {}\nresource "aws_sqs_queue" "this" {\n  name = var.name\n}\n',
    });
    expect(result.units.map((unit) => unit.name)).toEqual([relative(process.cwd(), root)]);
    expect([...resources(result).keys()]).toEqual([]);
    expect(result.diagnostics).toEqual([]);
  });

  test("a module read as a root before its caller, then again through the call, reports a declaration problem once", () => {
    const result = load({
      "a-mod/main.tf": "locals { x = 1 }\nlocals { x = 2 }\n",
      "b-stack/main.tf": 'module "a" {\n  source = "../a-mod"\n}\n',
    });
    expect(result.diagnostics.map((diagnostic) => diagnostic.message)).toEqual(['local value "x" is declared twice; the second is ignored']);
  });

  test("a root that a module outside the scanned paths calls back is evaluated once, the call back an error, its files counted once", () => {
    writeFiles(root, {
      "live/main.tf": `
resource "aws_sqs_queue" "q" {
  name                    = "jobs"
  sqs_managed_sse_enabled = true
}
module "shared" {
  source = "../shared"
  depth  = 1
}`,
      "shared/main.tf": `
variable "depth" { type = number }
module "back" {
  source = "../live"
  count  = var.depth
}`,
    });
    const result = loadTerraform([join(root, "live")], { commandLineVariables: [] });
    // The root is evaluated first, consuming its trees; the call back into it is the cycle Terraform refuses, not followed.
    expect(resources(result).get("aws_sqs_queue.q")?.props).toEqual({ name: "jobs", sqs_managed_sse_enabled: true });
    expect([...resources(result).keys()]).toEqual(["aws_sqs_queue.q"]);
    expect(result.diagnostics).toEqual([cycleError("shared/main.tf", 3, "back", ["live", "shared", "live"], "live")]);
    expect(result.files.size).toBe(2);
  });

  /** The error at the module call that closes a cycle of calls, paths relative to the checked directory. */
  function cycleError(file: string, line: number, call: string, cycle: string[], checkedRoot: string) {
    const shown = (path: string) => relative(process.cwd(), join(root, path));
    const message = `module "${call}" closes a cycle of module calls (${cycle.map(shown).join(" calls ")}), which Terraform refuses as it nests without end; the call is not followed, and ${shown(checkedRoot)} is checked as the root module without it`;
    return { severity: "error", code: "input", message, file: shown(file), line, column: 1 };
  }

  const PUBLIC_DB = 'resource "aws_db_instance" "db" {\n  engine              = "postgres"\n  publicly_accessible = true\n}\n';

  // `terraform init` follows such calls until its paths grow too long; no directory is anyone's root but their own.
  test("a module that calls its own directory is checked as a root, once, and the call is an error", () => {
    const result = load({ "self/main.tf": `module "me" {\n  source = "./"\n}\n${PUBLIC_DB}` });
    expect(result.units.map((unit) => unit.name)).toEqual([relative(process.cwd(), join(root, "self"))]);
    expect(only(result, "aws_db_instance.db").props).toEqual({ engine: "postgres", publicly_accessible: true });
    expect([...resources(result).keys()]).toEqual(["aws_db_instance.db"]);
    expect(result.diagnostics).toEqual([cycleError("self/main.tf", 1, "me", ["self", "self"], "self")]);
  });

  test("of directories that only call each other, the first found is the root, and what the cycle calls is checked through it", () => {
    const result = load({
      "a-lib/main.tf": 'resource "aws_sqs_queue" "q" {\n  name = "jobs"\n}\n',
      "b-one/main.tf": `module "two" {\n  source = "../c-two"\n}\n${PUBLIC_DB}`,
      "c-two/main.tf": 'module "lib" {\n  source = "../a-lib"\n}\n\nmodule "one" {\n  source = "../b-one"\n}\n',
    });
    expect(result.units.map((unit) => unit.name)).toEqual([relative(process.cwd(), join(root, "b-one"))]);
    expect([...resources(result).keys()]).toEqual(["aws_db_instance.db", "module.two.module.lib.aws_sqs_queue.q"]);
    expect(result.diagnostics).toEqual([cycleError("c-two/main.tf", 5, "one", ["b-one", "c-two", "b-one"], "b-one")]);
  });

  test("a root that reaches a cycle has each resource in it once, and the call that closes it is an error", () => {
    const result = load({
      "main.tf": 'module "a" {\n  source = "./a"\n}\n',
      "a/main.tf": `module "b" {\n  source = "../b"\n}\n${PUBLIC_DB}`,
      "b/main.tf": 'module "a" {\n  source = "../a"\n}\n',
    });
    expect(result.units.map((unit) => unit.name)).toEqual([relative(process.cwd(), root)]);
    expect([...resources(result).keys()]).toEqual(["module.a.aws_db_instance.db"]);
    expect(result.diagnostics).toEqual([cycleError("b/main.tf", 1, "a", ["a", "b", "a"], "")]);
  });

  test("a call through a symbolic link back into a directory on the call chain closes the cycle there, once", () => {
    writeFiles(root, {
      "main.tf": 'module "a" {\n  source = "./modules/a"\n}\n',
      "modules/a/main.tf": `module "again" {\n  source = "./loop/a"\n}\n${PUBLIC_DB}`,
    });
    symlinkSync("..", join(root, "modules", "a", "loop"));
    const result = loadTerraform([root], { commandLineVariables: [] });
    expect(result.units.map((unit) => unit.name)).toEqual([relative(process.cwd(), root)]);
    expect([...resources(result).keys()]).toEqual(["module.a.aws_db_instance.db"]);
    expect(result.diagnostics).toEqual([cycleError("modules/a/main.tf", 1, "again", ["modules/a", "modules/a/loop/a"], "")]);
  });
});

describe("files the functions read", () => {
  test("a file that every instance of a module reads is read once in a check, and again in the next check once it changed", () => {
    const keys = Array.from({ length: 50 }, (_, index) => `"k${index}"`).join(", ");
    writeFiles(root, {
      "main.tf": `module "site" {\n  source   = "./site"\n  for_each = toset([${keys}])\n  name     = each.key\n}\n`,
      "site/main.tf": `variable "name" {}
resource "aws_sqs_queue" "q" {
  name = var.name
  tags = { policy = file("\${path.module}/policy.json"), b64 = filebase64("\${path.module}/policy.json"), there = fileexists("\${path.module}/policy.json") }
  policy = templatefile("\${path.module}/policy.json", {})
}
`,
      "site/policy.json": '{"v": 1}',
    });
    const policy = join(root, "site/policy.json");
    const read = jest.spyOn(fs, "readFileSync");
    const stat = jest.spyOn(fs, "statSync");
    const readsOfPolicy = (spy: jest.SpyInstance) => spy.mock.calls.filter(([path]) => path === policy).length;
    try {
      const first = loadTerraform([root], { commandLineVariables: [] });
      expect(first.diagnostics).toEqual([]);
      expect(resources(first).size).toBe(50);
      expect(only(first, 'module.site["k49"].aws_sqs_queue.q').props).toMatchObject({ policy: '{"v": 1}', tags: { policy: '{"v": 1}', there: true } });
      expect(readsOfPolicy(read)).toBe(1);
      expect(readsOfPolicy(stat)).toBe(1);

      writeFileSync(policy, '{"v": 2}');
      const second = loadTerraform([root], { commandLineVariables: [] });
      expect(only(second, 'module.site["k0"].aws_sqs_queue.q').props).toMatchObject({ policy: '{"v": 2}', tags: { policy: '{"v": 2}' } });
      expect(readsOfPolicy(read)).toBe(2);
    } finally {
      read.mockRestore();
      stat.mockRestore();
    }
  });
});

describe("credentials in text templatefile() renders (probe s36 8)", () => {
  test("the reference its vars map gives a name the template interpolates as it is, and only that, is recorded as read", () => {
    const result = load({
      "main.tf": `
variable "db_password" { sensitive = true }
variable "api_token" {}
resource "aws_instance" "as_is" {
  user_data = templatefile("\${path.module}/as-is.sh", { password = var.db_password, host = "db", token = var.api_token, unused_secret = var.api_token })
}
resource "aws_instance" "alone" { user_data = base64gzip(templatefile("alone.tpl", { value = var.api_token })) }
resource "aws_instance" "worked_out" { user_data = templatefile("worked-out.sh", { token = var.api_token }) }
resource "aws_instance" "not_named" { user_data = templatefile("as-is.sh", { password = var.db_host, host = "db", token = "x" }) }
resource "aws_instance" "absent" { user_data = templatefile("absent.sh", { token = var.api_token }) }
variable "db_host" {}
`,
      "as-is.sh": "#!/bin/sh\necho ${host}\n%{ if token != \"\" }export TOKEN=${token}%{ endif }\nexport PASSWORD=${password}\n",
      "alone.tpl": "${value}",
      "worked-out.sh": "#!/bin/sh\nexport CHECKSUM=${md5(token)}\n",
    });
    const reads = (address: string) => only(result, address).credentialReads;
    // And the line each is written on, where the text renders it: the token's, inside a condition not known, is not told.
    expect(reads("aws_instance.as_is")).toEqual({ user_data: ["var.api_token", "var.db_password"], "user_data.line.4": ["var.db_password"] });
    expect(reads("aws_instance.alone")).toEqual({ user_data: ["var.api_token"] });
    expect(reads("aws_instance.worked_out")).toBeUndefined();
    expect(reads("aws_instance.not_named")).toBeUndefined();
    expect(reads("aws_instance.absent")).toBeUndefined();
  });
});

describe("modules nested deep", () => {
  /** A root calling m1, m1 calling m2 and so on down to m`depth`, each its own directory with a queue of its own. */
  function nestedModules(depth: number): Record<string, string> {
    const files: Record<string, string> = { "main.tf": 'module "child" {\n  source = "./m1"\n}\n' };
    for (let level = 1; level <= depth; level++) {
      const call = level < depth ? `module "child" {\n  source = "../m${level + 1}"\n}\n` : "";
      files[`m${level}/main.tf`] = `${call}resource "aws_sqs_queue" "q" {\n  name = "q${level}"\n}\n`;
    }
    return files;
  }
  const nestedAddress = (level: number) => `${"module.child.".repeat(level)}aws_sqs_queue.q`;

  test("modules nested 250 deep are all followed; the call of one deeper is a warning, not an error, and what it calls is not checked", () => {
    const result = load(nestedModules(251));
    expect(result.diagnostics).toEqual([
      {
        severity: "warning",
        code: "module-not-scanned",
        message: 'module "child" nests modules more than 250 deep, deeper than prodready follows: the call is not followed, and the resources of the modules below are not checked',
        file: relative(process.cwd(), join(root, "m250", "main.tf")),
        line: 1,
        column: 1,
      },
    ]);
    const followed = Array.from({ length: 250 }, (_, index) => nestedAddress(index + 1));
    expect([...resources(result).keys()]).toEqual(followed);
    expect(only(result, nestedAddress(250)).props).toEqual({ name: "q250" });
  });
});

describe("override files", () => {
  const primary = `
variable "size" { default = "db.t3.micro" }
locals {
  engine = "mysql"
  port   = 3306
}
resource "aws_db_instance" "main" {
  engine              = local.engine
  instance_class      = var.size
  deletion_protection = false
  storage_encrypted   = false
  tags                = { Team = "data" }
  lifecycle {
    prevent_destroy       = false
    create_before_destroy = true
  }
}
resource "aws_security_group" "db" {
  ingress {
    from_port = 22
    to_port   = 22
  }
  dynamic "ingress" {
    for_each = [80, 443]
    content {
      from_port = ingress.value
      to_port   = ingress.value
    }
  }
  egress {
    from_port = 0
    to_port   = 0
  }
}
output "endpoint" { value = "old" }
`;

  test("merge into the blocks other files declare, after them and in name order, as Terraform merges them", () => {
    const result = load({
      "main.tf": primary,
      // Read after every primary file whatever its name, and before z_override.tf.
      "override.tf": `
variable "size" { default = "db.r6g.large" }
locals { engine = "postgres" }
resource "aws_db_instance" "main" {
  deletion_protection = true
  multi_az            = true
  lifecycle { prevent_destroy = true }
}
resource "aws_security_group" "db" {
  ingress {
    from_port = 5432
    to_port   = 5432
  }
}
output "endpoint" { value = "new" }
`,
      "z_override.tf.json": JSON.stringify({ resource: { aws_db_instance: { main: { multi_az: false, storage_encrypted: true } } } }),
    });
    expect(result.diagnostics).toEqual([]);
    const database = only(result, "aws_db_instance.main");
    // Arguments are replaced one by one; those the overrides leave alone stay; locals and variables are overridden too.
    expect(database.props).toEqual({ engine: "postgres", instance_class: "db.r6g.large", deletion_protection: true, storage_encrypted: true, multi_az: false, tags: { Team: "data" } });
    // lifecycle is merged argument by argument: prevent_destroy changed, create_before_destroy kept.
    expect(database.options).toEqual({ preventDestroy: true });
    // A nested block type the override names replaces every block of that type, dynamic ones included; others stay.
    expect(only(result, "aws_security_group.db").props).toEqual({ ingress: [{ from_port: 5432, to_port: 5432 }], egress: [{ from_port: 0, to_port: 0 }] });
  });

  test("a nested block written as a JSON attribute on one side and as blocks on the other is replaced either way", () => {
    const result = load({
      // JSON has no provider schema: a resource's nested blocks are attributes there, blocks in the native syntax.
      "main.tf": primary,
      "sg.tf.json": JSON.stringify({ resource: { aws_security_group: { web: { ingress: [{ from_port: 22, cidr_blocks: ["0.0.0.0/0"] }, { from_port: 443 }] } } } }),
      "override.tf.json": JSON.stringify({ resource: { aws_security_group: { db: { ingress: { from_port: 5432 } } } } }),
      "web_override.tf": 'resource "aws_security_group" "web" {\n  ingress {\n    from_port = 80\n  }\n}\n',
    });
    expect(result.diagnostics).toEqual([]);
    // The JSON override's ingress replaces the native ingress blocks, the dynamic one included.
    expect(only(result, "aws_security_group.db").props).toEqual({ ingress: { from_port: 5432 }, egress: [{ from_port: 0, to_port: 0 }] });
    // The native override's ingress block replaces the JSON ingress list: port 22 to the world is gone.
    expect(only(result, "aws_security_group.web").props).toEqual({ ingress: [{ from_port: 80 }] });
  });

  test("what an override file sets is located, and suppressed, in that file", () => {
    const result = load({
      "main.tf": primary,
      "db_override.tf": `resource "aws_db_instance" "main" {
  # prodready:ignore PR-OPS-001 staging copy, rebuilt every night
  deletion_protection = false
  tags = {
    Team = "platform"
  }
}
`,
    });
    const database = only(result, "aws_db_instance.main");
    const main = relative(process.cwd(), join(root, "main.tf"));
    const override = relative(process.cwd(), join(root, "db_override.tf"));
    expect(database.location).toEqual({ file: main, line: 7, column: 1 });
    expect(database.propertyLocations!["engine"]).toEqual({ file: main, line: 8, column: 3 });
    expect(database.propertyLocations!["deletion_protection"]).toEqual({ file: override, line: 3, column: 3 });
    expect(database.propertyLocations!["tags.Team"]).toEqual({ file: override, line: 5, column: 5 });
    expect(result.units[0].suppressions).toEqual([expect.objectContaining({ rule: "PR-OPS-001", address: "aws_db_instance.main", path: "deletion_protection" })]);
  });

  test("overriding what no other file declares, or depends_on, is an error at the override; the rest still applies", () => {
    const result = load({
      "main.tf": primary,
      "override.tf": `resource "aws_db_instance" "main" {
  depends_on        = [aws_security_group.db]
  storage_encrypted = true
}
resource "aws_s3_bucket" "nowhere" { bucket = "b" }
locals { missing = 1 }
`,
    });
    const override = relative(process.cwd(), join(root, "override.tf"));
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: "error", code: "input", file: override, line: 2, column: 3, message: expect.stringContaining("depends_on cannot be overridden") }),
      expect.objectContaining({ severity: "error", code: "input", file: override, line: 5, column: 1, message: expect.stringContaining("aws_s3_bucket.nowhere is overridden here but declared in no other file") }),
      expect.objectContaining({ severity: "error", code: "input", file: override, line: 6, column: 10, message: expect.stringContaining('local value "missing"') }),
    ]);
    expect([...resources(result).keys()].sort()).toEqual(["aws_db_instance.main", "aws_security_group.db"]);
    expect(only(result, "aws_db_instance.main").props).toMatchObject({ storage_encrypted: true });
    expect(dependencyList(only(result, "aws_db_instance.main"))).toEqual([]);
  });
});

describe("locations and suppressions", () => {
  test("resources and each attribute carry file, line and column", () => {
    const result = load({ "main.tf": `\n\nresource "aws_s3_bucket" "x" {\n  bucket = "b"\n  tags = {\n    Team = "core"\n  }\n}` });
    const bucket = only(result, "aws_s3_bucket.x");
    const file = relative(process.cwd(), join(root, "main.tf"));
    expect(bucket.location).toEqual({ file, line: 3, column: 1 });
    expect(bucket.propertyLocations!["bucket"]).toEqual({ file, line: 4, column: 3 });
    expect(bucket.propertyLocations!["tags.Team"]).toEqual({ file, line: 6, column: 5 });
  });

  describe("an element of a value an expression built is located where it was written (probe BD)", () => {
    /** Where a finding on the element at `path` is placed when the resource's own locations have no place for it. */
    const writtenAt = (resource: Resource, path: string) => resource.writtenElementLocation?.(resource.props, path);
    const at = (name: string, line: number, column: number) => ({ file: relative(process.cwd(), join(root, name)), line, column });

    test("concat() of tuples: each element where its tuple writes it", () => {
      const result = load({
        "main.tf": `resource "aws_security_group" "web" {\n  ingress {\n    cidr_blocks = concat(["10.0.0.0/8"], local.open)\n  }\n}\n`,
        "locals.tf": `locals {\n  open = [\n    "0.0.0.0/0",\n  ]\n}\n`,
      });
      const group = only(result, "aws_security_group.web");
      expect(writtenAt(group, "ingress.0.cidr_blocks.0")).toEqual(at("main.tf", 3, 27));
      expect(writtenAt(group, "ingress.0.cidr_blocks.1")).toEqual(at("locals.tf", 3, 5));
    });

    test("a container read out of a local, each.value or a dynamic block's iterator: where the local writes its elements", () => {
      const result = load({
        "main.tf": `
resource "aws_lambda_function" "cfg" {
  environment {
    variables = local.cfg.env
  }
}
resource "aws_lambda_function" "each" {
  for_each = local.functions
  environment {
    variables = each.value.env
  }
}
resource "aws_security_group" "rules" {
  dynamic "ingress" {
    for_each = local.rules
    content {
      cidr_blocks = ingress.value
    }
  }
}
`,
        "locals.tf": `locals {
  cfg = {
    env = {
      A = "1"
    }
  }
  functions = {
    api = {
      env = {
        B = "2"
      }
    }
  }
  rules = {
    ssh = ["0.0.0.0/0"]
  }
}
`,
      });
      expect(writtenAt(only(result, "aws_lambda_function.cfg"), "environment.0.variables.A")).toEqual(at("locals.tf", 4, 7));
      expect(writtenAt(only(result, 'aws_lambda_function.each["api"]'), "environment.0.variables.B")).toEqual(at("locals.tf", 10, 9));
      expect(writtenAt(only(result, "aws_security_group.rules"), "ingress.0.cidr_blocks.0")).toEqual(at("locals.tf", 15, 12));
    });

    test("a value handed to a module is located where the caller writes it; a map given in a tfvars file at its line there, its keys with it", () => {
      const result = load({
        "main.tf": `
locals {
  shared = { A = "1" }
}
module "fn" {
  source = "./fn"
  env    = merge(local.shared, { B = "2" })
}
variable "env" {}
resource "aws_lambda_function" "root" {
  environment {
    variables = var.env
  }
}
`,
        "terraform.tfvars": `env = {\n  C = "3"\n}\n`,
        "fn/main.tf": `variable "env" {}\nresource "aws_lambda_function" "this" {\n  environment {\n    variables = var.env\n  }\n}\n`,
      });
      const inModule = only(result, "module.fn.aws_lambda_function.this");
      expect(inModule.props).toMatchObject({ environment: [{ variables: { A: "1", B: "2" } }] });
      expect(writtenAt(inModule, "environment.0.variables.A")).toEqual(at("main.tf", 3, 14));
      expect(writtenAt(inModule, "environment.0.variables.B")).toEqual(at("main.tf", 7, 34));
      expect(inModule.propertyLocations!["environment.0.variables"]).toEqual(at("main.tf", 7, 3));
      const fromTfvars = only(result, "aws_lambda_function.root");
      expect(fromTfvars.props).toMatchObject({ environment: [{ variables: { C: "3" } }] });
      expect(writtenAt(fromTfvars, "environment.0.variables.C")).toBeUndefined();
      expect(fromTfvars.propertyLocations!["environment.0.variables"]).toEqual(at("terraform.tfvars", 1, 7));
      expect(fromTfvars.readLocations!["environment.0.variables"]).toEqual(at("main.tf", 12, 5));
    });
  });

  describe("a value a module call gives is located where the caller writes it (probe BK)", () => {
    const at = (name: string, line: number, column: number) => ({ file: relative(process.cwd(), join(root, name)), line, column });
    const DB = `variable "password" {\n  default = "module-default-1"\n}\nresource "aws_db_instance" "this" {\n  password = var.password\n}\n`;

    test("a literal passed down through module calls is at the outermost caller's argument, read there through locals or a known condition", () => {
      const result = load({
        "main.tf": `module "app" {\n  source      = "./app"\n  db_password = "literal-1"\n}\n`,
        "app/main.tf": `variable "db_password" {}\nlocals {\n  password = var.db_password\n}\nmodule "db" {\n  source   = "./db"\n  password = local.password\n}\n`,
        "app/db/main.tf": `variable "password" {}\nvariable "managed" {\n  default = false\n}\nresource "aws_db_instance" "this" {\n  password = var.managed ? null : var.password\n  tags     = { Secret = var.password }\n}\n`,
      });
      const database = only(result, "module.app.module.db.aws_db_instance.this");
      expect(database.props).toMatchObject({ password: "literal-1", tags: { Secret: "literal-1" } });
      expect(database.propertyLocations!.password).toEqual(at("main.tf", 3, 3));
      expect(database.propertyLocations!["tags.Secret"]).toEqual(at("main.tf", 3, 3));
    });

    test("a default is located at the default, up the calls too; what the module works out itself keeps its place: that is where it is written", () => {
      const result = load({
        "main.tf": `variable "root_password" {\n  default = "root-default-1"\n}\nmodule "defaulted" {\n  source = "./db"\n}\nmodule "passed" {\n  source   = "./db"\n  password = var.root_password\n}\nmodule "built" {\n  source   = "./db"\n  password = "\${var.root_password}-x"\n}\n`,
        "db/main.tf": DB,
      });
      const defaulted = only(result, "module.defaulted.aws_db_instance.this");
      expect(defaulted.propertyLocations!.password).toEqual(at("db/main.tf", 2, 3));
      expect(defaulted.readLocations!.password).toEqual(at("db/main.tf", 5, 3));
      expect(only(result, "module.passed.aws_db_instance.this").propertyLocations!.password).toEqual(at("main.tf", 2, 3));
      expect(only(result, "module.built.aws_db_instance.this").propertyLocations!.password).toEqual(at("main.tf", 13, 3));
    });

    test("a condition not known leaves the value at the module's argument", () => {
      const result = load({
        "main.tf": `module "db" {\n  source   = "./db"\n  password = "literal-1"\n}\n`,
        "db/main.tf": `variable "password" {}\nresource "random_id" "r" {}\nresource "aws_db_instance" "this" {\n  password = random_id.r.hex == "" ? null : var.password\n}\n`,
      });
      expect(only(result, "module.db.aws_db_instance.this").propertyLocations!.password).toEqual(at("db/main.tf", 4, 3));
    });
  });

  describe("a finding on one container of an ECS task definition points at that container's setting where jsonencode writes them", () => {
    const rules = [ecsImagePinned, ecsPlaintextSecrets, ecsResourceLimits, ecsHealthCheck, ecsLogging, serviceLogGroups];
    /** `<rule> <line>:<column> <subject>` of each finding the container rules make on the task definition `file` declares. */
    const placedIn = (file: string, text: string) => {
      const result = load({ [file]: text });
      const settings = new Map(rules.map((rule) => [rule.slug, { level: "mandatory" as const, config: configDefaults(rule) }]));
      return evaluate([...resources(result).values()], rules, settings).map(({ ruleId, location, subject, path }) => {
        expect([path, location.file]).toEqual(["container_definitions", relative(process.cwd(), join(root, file))]);
        return `${ruleId} ${location.line}:${location.column} ${subject}`;
      });
    };
    /** The same of a task definition in main.tf whose `container_definitions` are `containerDefinitions`, `after` it. */
    const placed = (containerDefinitions: string, after = "") =>
      placedIn("main.tf", `resource "aws_ecs_task_definition" "app" {\n  family = "app"\n  container_definitions = ${containerDefinitions}\n}\n${after}`);

    test("definitions the provider refuses, no JSON array, are a warning at the argument, once however many instances, and leave the container rules undecided (probe s36 1)", () => {
      const text = `resource "aws_ecs_task_definition" "object" {
  count                 = 2
  family                = "object"
  container_definitions = jsonencode({ name = "app", image = "nginx:latest", essential = true })
}
resource "aws_ecs_task_definition" "truncated" {
  family                = "truncated"
  container_definitions = "[{\\"name\\": \\"app\\", \\"image\\": \\"nginx:latest\\""
}
resource "aws_ecs_task_definition" "list" {
  family                = "list"
  container_definitions = jsonencode([{ name = "app", image = "nginx:1.27.2", essential = true }])
}`;
      const result = load({ "main.tf": text });
      expect(result.diagnostics.map((diagnostic) => `${diagnostic.severity} ${diagnostic.line}:${diagnostic.column} ${diagnostic.message}`)).toEqual([
        "warning 4:3 container_definitions is a JSON object, not a JSON array of container definitions, which the provider refuses; its containers are not judged",
        "warning 8:3 container_definitions is text that is no JSON, not a JSON array of container definitions, which the provider refuses; its containers are not judged",
      ]);
      const settings = new Map(rules.map((rule) => [rule.slug, { level: "mandatory" as const, config: configDefaults(rule) }]));
      const findings = evaluate([...resources(result).values()], rules, settings).filter(({ resource }) => !resource.address.startsWith("aws_ecs_task_definition.list"));
      expect(findings.map(({ ruleId, outcome, resource }) => `${resource.address} ${ruleId} ${outcome}`).sort()).toEqual(
        ["aws_ecs_task_definition.object[0]", "aws_ecs_task_definition.object[1]", "aws_ecs_task_definition.truncated"].flatMap((address) =>
          ["PR-CFG-002", "PR-CFG-005", "PR-LIM-001", "PR-OPS-006", "PR-OPS-007", "PR-OPS-018"].map((rule) => `${address} ${rule} undecided`),
        ),
      );
    });

    test("two containers in one jsonencode: each finding at the setting it is about, in its own container", () => {
      const findings = placed(`jsonencode([
    {
      name        = "web"
      image       = "nginx:latest"
      memory      = 512
      healthCheck = { command = ["CMD-SHELL", "curl -f http://localhost/ || exit 1"] }
      environment = [{ name = "DB_PASSWORD", value = "hunter2-plaintext-pw" }]
      logConfiguration = { logDriver = "awslogs" }
    },
    {
      name   = "worker"
      memory = 256
      image  = "example/worker:latest"
      logConfiguration = {
        logDriver = "json-file"
      }
    },
  ])`);
      expect(findings.sort()).toEqual([
        "PR-CFG-002 9:46 container web, environment variable DB_PASSWORD",
        "PR-CFG-005 15:7 container worker",
        "PR-CFG-005 6:7 container web",
        "PR-OPS-006 17:9 container worker",
        "PR-OPS-007 12:5 container worker",
      ]);
    });

    test("a container not known as a whole is located at its element; a log group ECS creates, at the option naming it", () => {
      const findings = placed(`jsonencode([
    var.sidecar,
    {
      name        = "web"
      image       = "example/web:1.4.2"
      memory      = 512
      healthCheck = { command = ["CMD", "true"] }
      logConfiguration = {
        logDriver = "awslogs"
        options   = { "awslogs-group" = "/ecs/web", "awslogs-create-group" = "true", "awslogs-region" = "eu-west-1" }
      }
    },
  ])`, 'variable "sidecar" {}\n');
      const unknown = ["PR-CFG-002", "PR-CFG-005", "PR-LIM-001", "PR-OPS-006", "PR-OPS-007", "PR-OPS-018"].map((rule) => `${rule} 4:5 undefined`);
      expect(findings.sort()).toEqual([...unknown, "PR-OPS-018 12:23 container web"].sort());
    });

    test("definitions written as a JSON string, a heredoc or in CDKTF's JSON keep their findings at container_definitions", () => {
      const atArgument = ["PR-CFG-005 3:3 container web", "PR-OPS-006 3:3 container web", "PR-OPS-007 3:3 container web"];
      expect(placed(`"[{\\"name\\":\\"web\\",\\"image\\":\\"nginx:latest\\",\\"memory\\":512}]"`).sort()).toEqual(atArgument);
      expect(placed(`<<EOF\n[{"name": "web", "image": "nginx:latest", "memory": 512}]\nEOF`).sort()).toEqual(atArgument);
      // CDKTF writes jsonencode in a JSON string, whose escapes put the offsets of what it holds off the file's.
      const containers = '${jsonencode([{\n  name   = "web"\n  image  = "nginx:latest"\n  memory = 512\n}])}';
      const cdktf = JSON.stringify({ resource: { aws_ecs_task_definition: { app: { family: "app", container_definitions: containers } } } }, null, 2);
      expect(placedIn("cdk.tf.json", cdktf).sort()).toEqual(atArgument.map((finding) => finding.replace("3:3", "6:9")));
      // So does a for expression there, though its value's marks tell where it is in the string.
      const made = '${jsonencode(\n  [for name in ["web"] : { name = name, image = "nginx:latest", memory = 512 }])}';
      const cdktfMade = JSON.stringify({ resource: { aws_ecs_task_definition: { app: { family: "app", container_definitions: made } } } }, null, 2);
      expect(placedIn("cdk.tf.json", cdktfMade).sort()).toEqual(atArgument.map((finding) => finding.replace("3:3", "6:9")));
    });

    test("a setting a container lacks is located at the container's object", () => {
      const findings = placed(`jsonencode([
    { name = "web", image = "example/web:1.4.2", healthCheck = { command = ["CMD", "true"] }, logConfiguration = { logDriver = "awslogs" } },
    {
      name  = "sidecar"
      image = "example/sidecar:2.0.1"
    },
  ])`);
      expect(findings.sort()).toEqual([
        "PR-LIM-001 4:5 container web",
        "PR-LIM-001 5:5 container sidecar",
        "PR-OPS-006 5:5 container sidecar",
        "PR-OPS-007 5:5 container sidecar",
      ]);
    });

    test("a setting whose key is spelt otherwise, as the provider decodes it, is located at that key", () => {
      // The provider matches keys to fields whatever their case; with two keys for one field, the later in jsonencode's sorted order counts.
      const findings = placed(`jsonencode([
    {
      Name   = "web"
      Image  = "nginx:latest"
      Memory = 512
      HealthCheck = { Command = ["CMD", "true"] }
      LogConfiguration = {
        LogDriver = "json-file"
      }
    },
    {
      name  = "worker"
      Image = "example/worker:latest"
      image = "example/worker:1.0.0"
      logConfiguration = { logDriver = "awslogs" }
      LogConfiguration = {
        Options = { "awslogs-group" = "/ecs/worker", "awslogs-create-group" = "true" }
      }
    },
  ])`);
      expect(findings.sort()).toEqual([
        "PR-CFG-005 6:7 container web",
        "PR-LIM-001 13:5 container worker",
        "PR-OPS-006 10:9 container web",
        "PR-OPS-007 13:5 container worker",
        "PR-OPS-018 19:21 container worker",
      ]);
    });

    test("an image whose key is spelt otherwise is read from the repository it names", () => {
      const repository = `resource "aws_ecr_repository" "app" {\n  name = "app"\n  image_tag_mutability = "IMMUTABLE"\n}\n`;
      const containers = (key: string) => `jsonencode([{ name = "web", ${key} = "\${aws_ecr_repository.app.repository_url}:latest", memory = 512, healthCheck = { command = ["CMD", "true"] }, logConfiguration = { logDriver = "awslogs" } }])`;
      expect(placed(containers("image"), repository)).toEqual([]);
      expect(placed(containers("IMAGE"), repository)).toEqual([]);
    });

    /** `<rule> <file>:<line>:<column> <subject>` of each finding the container rules make on main.tf's task definition, `files` beside it. */
    const locatedIn = (containerDefinitions: string, files: Record<string, string>) => {
      const result = load({ "main.tf": `resource "aws_ecs_task_definition" "app" {\n  family = "app"\n  container_definitions = ${containerDefinitions}\n}\n`, ...files });
      const settings = new Map(rules.map((rule) => [rule.slug, { level: "mandatory" as const, config: configDefaults(rule) }]));
      return evaluate([...resources(result).values()], rules, settings)
        .map(({ ruleId, location, readAt, subject, path }) => {
          expect(path).toEqual("container_definitions");
          // Read by the resource's own argument, where an expression built the value.
          expect(readAt && `${relative(root, readAt.file!)}:${readAt.line}:${readAt.column}`).toEqual("main.tf:3:3");
          return `${ruleId} ${relative(root, location.file!)}:${location.line}:${location.column} ${subject}`;
        })
        .sort();
    };
    const containers = `[
    {
      name   = "web"
      image  = "nginx:latest"
      memory = 512
    },
    {
      name  = "worker"
      image = "example/worker:1.0.0"
    },
  ]`;

    test("containers a local writes, in another file, are located where the local writes each", () => {
      expect(locatedIn("jsonencode(local.containers)", { "locals.tf": `locals {\n  containers = ${containers}\n}\n` })).toEqual([
        "PR-CFG-005 locals.tf:5:7 container web",
        "PR-LIM-001 locals.tf:8:5 container worker",
        "PR-OPS-006 locals.tf:3:5 container web",
        "PR-OPS-006 locals.tf:8:5 container worker",
        "PR-OPS-007 locals.tf:3:5 container web",
        "PR-OPS-007 locals.tf:8:5 container worker",
      ]);
    });

    test("containers concat() joins or a for expression makes are located where each is written", () => {
      const web = `{\n    name   = "web"\n    image  = "nginx:latest"\n    memory = 512\n  }`;
      const worker = `{\n    name  = "worker"\n    image = "example/worker:1.0.0"\n  }`;
      const locals = `locals {\n  web = ${web}\n  workers = [${worker}]\n}\n`;
      // A container the list reads from a local is where the list holds it; its settings, where the local writes them.
      expect(locatedIn("jsonencode(concat([local.web], local.workers))", { "locals.tf": locals })).toEqual([
        "PR-CFG-005 locals.tf:4:5 container web",
        "PR-LIM-001 locals.tf:7:14 container worker",
        "PR-OPS-006 locals.tf:7:14 container worker",
        "PR-OPS-006 main.tf:3:46 container web",
        "PR-OPS-007 locals.tf:7:14 container worker",
        "PR-OPS-007 main.tf:3:46 container web",
      ]);
      // Each container is the for expression's value: at the expression, with each setting where the value writes it.
      const memory = `{ web = 512, worker = null }`;
      expect(locatedIn(`jsonencode([for name in ["web", "worker"] : { name = name, image = "\${name}:latest", memory = local.memory[name] }])`, { "locals.tf": `locals {\n  memory = ${memory}\n}\n` })).toEqual([
        "PR-CFG-005 main.tf:3:86 container web",
        "PR-CFG-005 main.tf:3:86 container worker",
        "PR-LIM-001 main.tf:3:112 container worker",
        "PR-OPS-006 main.tf:3:38 container web",
        "PR-OPS-006 main.tf:3:38 container worker",
        "PR-OPS-007 main.tf:3:38 container web",
        "PR-OPS-007 main.tf:3:38 container worker",
      ]);
    });
  });

  test("a prodready:ignore comment above a resource or on an attribute becomes a suppression for it", () => {
    const result = load({
      "main.tf": `
# prodready:ignore PR-SEC-010 exp:2030-01-01 public website bucket
resource "aws_s3_bucket" "site" {
  bucket = "site" # prodready:ignore aws-s3-bucket-encryption served publicly anyway
}`,
    });
    expect(result.units[0].suppressions).toEqual([
      expect.objectContaining({ rule: "PR-SEC-010", address: "aws_s3_bucket.site", expires: "2030-01-01", origin: "comment" }),
      expect.objectContaining({ rule: "aws-s3-bucket-encryption", address: "aws_s3_bucket.site", path: "bucket" }),
    ]);
    expect(result.units[0].suppressions[0]).not.toHaveProperty("path");
  });
});

describe("bad input", () => {
  /** `value == "<arms - 1>" ? "<arms - 1>" : … : value == "0" ? "0" : "x"`, as terraform-oracle.tf of the probe writes it. */
  const conditionalChain = (value: string, arms: number) =>
    Array.from({ length: arms }, (_, index) => `${value} == "${arms - 1 - index}" ? "${arms - 1 - index}" : `).join("") + '"x"';
  const nestedLists = (depth: number) => `${"[".repeat(depth)}1${"]".repeat(depth)}`;

  test("a chain of 1,000 conditionals and 500 nested lists are read and evaluated to Terraform's values (terraform 1.x applies them: \"x\", and a length of 1)", () => {
    const result = load({
      "main.tf": `variable "v" {
  default = "q"
}
locals {
  w = "17"
}
resource "aws_s3_bucket" "x" {
  missed = ${conditionalChain("var.v", 1000)}
  hit    = ${conditionalChain("local.w", 1000)}
  length = length(${nestedLists(500)})
  lists  = ${nestedLists(500)}
}
`,
    });
    expect(result.diagnostics).toEqual([]);
    const { missed, hit, length, lists } = only(result, "aws_s3_bucket.x").props as Record<string, unknown>;
    expect([missed, hit, length]).toEqual(["x", "17", 1]);
    let innermost = lists;
    for (let level = 1; level < 500; level++) innermost = (innermost as unknown[])[0];
    expect(innermost).toEqual([1]);
  });

  test("nesting deeper than the parser reads is an error at the construct, naming it; the module's other files are still read", () => {
    const result = load({
      "deep.tf": `locals {\n  lists = ${nestedLists(MAX_NESTING_DEPTH + 100)}\n}\n`,
      "main.tf": 'resource "aws_sqs_queue" "q" {\n  name = "q"\n}\n',
    });
    // The locals block is the first level: its 512th bracket, at column 11 + 511, is the 513th.
    const message = `this list is nested 513 levels deep, more than the 512 prodready reads (lists, objects, parentheses, calls, indexes, templates, operators, conditionals and blocks counted together)`;
    expect(result.diagnostics).toEqual([{ severity: "error", code: "input", message, file: relative(process.cwd(), join(root, "deep.tf")), line: 2, column: 11 + 511 }]);
    expect(only(result, "aws_sqs_queue.q").props).toEqual({ name: "q" });
  });

  test("an operator chain too long to evaluate, in a file that calls templatefile(), is an error at its expression, not a crash of the walk that finds the calls", () => {
    const result = load({
      "main.tf": `locals {\n  page = templatefile("page.tpl", {})\n  sum  = ${Array(100_000).fill("1").join(" + ")}\n}\n`,
      "page.tpl": "hello",
    });
    expect(result.diagnostics).toEqual([
      {
        severity: "error",
        code: "input",
        message: "this chains or nests deeper than prodready can evaluate in local.sum (thousands of operators or conditionals chained in one expression): the module's resources are not checked",
        file: relative(process.cwd(), join(root, "main.tf")),
        line: 3,
        column: 10,
      },
    ]);
  });

  test("a malformed file is an error at its line, and the other files are still read", () => {
    const result = load({ "bad.tf": 'resource "aws_s3_bucket" "x" {\n  bucket = \n}\n', "good.tf": 'resource "aws_sqs_queue" "q" { name = "q" }\n' });
    expect(result.diagnostics).toEqual([expect.objectContaining({ severity: "error", code: "input", file: relative(process.cwd(), join(root, "bad.tf")), line: 2 })]);
    expect([...resources(result).keys()]).toEqual(["aws_sqs_queue.q"]);
  });

  test("what Terraform refuses at a file's top level is an error each, at its place, with the block type a misspelling meant; the rest is read", () => {
    const result = load({
      "example.tf": '# a variables file saved as .tf\naws_region  = "ap-southeast-1"\naws_profile = "dev"\n',
      "typo.tf": 'resourse "aws_security_group" "open" {\n  name = "open"\n}\n  Resource "aws_sqs_queue" "a" {}\nfoo {}\nrequired_providers {}\n',
      "main.tf": 'variable "aws_region" {}\nresource "aws_sqs_queue" "q" { name = "q" }\naction "aws_lambda_invoke" "run" {}\n',
      "main_override.tf": 'resouce "aws_sqs_queue" "q" {}\nname = "x"\n',
      // Not module files: Terraform reads them otherwise, and so they are left alone.
      "main.tftest.hcl": 'run "plan" {}\n',
      "main.tfquery.hcl": 'list "aws_instance" "all" {}\n',
      "terraform.tfvars": 'aws_region = "eu-west-1"\n',
    });
    const at = (file: string) => relative(process.cwd(), join(root, file));
    const error = (file: string, line: number, column: number, message: string) => ({ severity: "error", code: "input", message, file: at(file), line, column });
    expect(result.diagnostics).toEqual([
      error("example.tf", 2, 1, 'argument "aws_region" is not expected at the top level (values for variables go in a .tfvars file); ignored'),
      error("example.tf", 3, 1, 'argument "aws_profile" is not expected at the top level (values for variables go in a .tfvars file); ignored'),
      error("main_override.tf", 2, 1, 'argument "name" is not expected at the top level (values for variables go in a .tfvars file); ignored'),
      error("typo.tf", 1, 1, 'unknown top-level block type "resourse" (did you mean "resource"?); ignored'),
      error("typo.tf", 4, 3, 'unknown top-level block type "Resource" (did you mean "resource"?); ignored'),
      error("typo.tf", 5, 1, 'unknown top-level block type "foo"; ignored'),
      error("typo.tf", 6, 1, "a required_providers block belongs inside the terraform block, not at the top level; ignored"),
      error("main_override.tf", 1, 1, 'unknown top-level block type "resouce" (did you mean "resource"?); ignored'),
    ]);
    expect([...resources(result).keys()]).toEqual(["aws_sqs_queue.q"]);
    expect(only(result, "aws_sqs_queue.q").props).toEqual({ name: "q" });
  });

  test("a JSON file's top-level key that is no block type is an error at the key, as in the native syntax; its comment key and other blocks are read", () => {
    const result = load({
      "main.tf.json": JSON.stringify({ "//": "generated", resourse: { aws_sqs_queue: { a: {} } }, aws_region: "eu-west-1", resource: { aws_sqs_queue: { q: { name: "q" } } }, action: { aws_lambda_invoke: { run: {} } } }, null, 2),
    });
    const at = relative(process.cwd(), join(root, "main.tf.json"));
    expect(result.diagnostics).toEqual([
      { severity: "error", code: "input", message: 'unknown top-level block type "resourse" (did you mean "resource"?); ignored', file: at, line: 3, column: 3 },
      { severity: "error", code: "input", message: 'unknown top-level block type "aws_region"; ignored', file: at, line: 8, column: 3 },
    ]);
    expect(only(result, "aws_sqs_queue.q").props).toEqual({ name: "q" });
  });

  test("a JSON file's repeated keys and its array of objects are read as Terraform reads them (checked with terraform 1.11.4)", () => {
    const more = JSON.stringify([{ resource: { terraform_data: { a: { input: "${local.x + local.y}" } } } }, { resource: { terraform_data: { a: { input: 0 } } } }]);
    const result = load({
      // Concatenated generator output: a key given twice is not the last one only.
      "groups.tf.json": '{"resource": {"aws_security_group": {"admin": {"name": "admin"}}, "aws_security_group": {"web": {"name": "web"}}},\n "locals": {"x": 1}, "locals": {"y": 2}}',
      "more.tf.json": more,
    });
    expect(result.diagnostics).toEqual([
      { severity: "error", code: "input", message: "terraform_data.a is declared twice; the second is ignored", file: relative(process.cwd(), join(root, "more.tf.json")), line: 1, column: more.lastIndexOf('"a"') + 1 },
    ]);
    expect([...resources(result).keys()].sort()).toEqual(["aws_security_group.admin", "aws_security_group.web", "terraform_data.a"]);
    expect(only(result, "terraform_data.a").props).toEqual({ input: 3 });
  });

  test("binary and non-UTF-8 files are errors with a position; a symbolic-link loop ends", () => {
    writeFiles(root, { "ok.tf": 'resource "aws_sqs_queue" "q" { name = "q" }\n' });
    writeFileSync(join(root, "binary.tf"), Buffer.from([0x72, 0x65, 0x0a, 0x00, 0x01]));
    writeFileSync(join(root, "latin1.tf"), Buffer.from('# caf\xe9\n', "latin1"));
    mkdirSync(join(root, "sub"));
    symlinkSync(root, join(root, "sub", "loop"));
    const result = loadTerraform([root], { commandLineVariables: [] });
    const byFile = Object.fromEntries(result.diagnostics.map((diagnostic) => [diagnostic.file!.split("/").pop(), diagnostic]));
    expect(byFile["binary.tf"]).toMatchObject({ severity: "error", line: 2, column: 1 });
    expect(byFile["latin1.tf"]).toMatchObject({ severity: "error", line: 1, column: 6, message: "not valid UTF-8" });
    expect([...resources(result).keys()]).toEqual(["aws_sqs_queue.q"]);
  });

  test("a warning names the file it is in when the module has several", () => {
    const result = load({
      "a.tf": 'resource "aws_sqs_queue" "a" {\n  name = "a"\n  description = "a long description that makes this file the longer one"\n}\n',
      "b.tf": 'resource "aws_sqs_queue" "b" {\n  count = -1\n}\n',
    });
    expect(result.diagnostics).toEqual([expect.objectContaining({ code: "evaluation", file: relative(process.cwd(), join(root, "b.tf")), line: 2 })]);
  });

  test("an error inside a templatefile() template is a warning at the call that names the template's line", () => {
    const result = load({
      "policy.tpl": "{\n  \"bucket\": \"${bucket}\",\n  \"owner\": \"${owner}\"\n}\n",
      "main.tf": '\nresource "aws_sqs_queue" "q" {\n  name   = "q"\n  policy = templatefile("${path.module}/policy.tpl", { bucket = "b" })\n}\n',
    });
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: "warning", code: "evaluation", file: relative(process.cwd(), join(root, "main.tf")), line: 4, column: 12 }),
    ]);
    expect(result.diagnostics[0].message).toMatch(/policy\.tpl:3:\d+: .*"owner"/);
    expect(isUnknown((only(result, "aws_sqs_queue.q").props as Record<string, unknown>).policy)).toBe(true);
  });

  test("a template naming a variable it was not given fails even where it would not be rendered; its own loop variables are bound", () => {
    const result = load({
      "user_data.tpl": '#!/bin/bash\n%{ for name, port in ports ~}\necho ${name}:${port}\n%{ endfor ~}\n%{ if enabled }${endpoint}%{ endif }\n${join(",", [for p in ports : p])}\n',
      "main.tf": '\nresource "aws_instance" "x" {\n  user_data = templatefile("${path.module}/user_data.tpl", { ports = { web = 80 }, enabled = false })\n}\n',
    });
    expect(result.diagnostics.map((diagnostic) => `${diagnostic.line}:${diagnostic.column} ${diagnostic.message}`)).toEqual([
      `3:15 templatefile: template ${relative(process.cwd(), join(root, "user_data.tpl"))}:5:18: "endpoint" is not among the variables the template was given; treated as unknown`,
    ]);
    expect(isUnknown((only(result, "aws_instance.x").props as Record<string, unknown>).user_data)).toBe(true);
  });

  test("~ in a templatefile() or templatestring() template strips up to the nearest line end only, as Terraform does", () => {
    const result = load({
      "strip.tpl": "x%{ if true ~}\n\nend%{ endif }\n%{ for v in [1, 2] ~}\n\n${v}\n%{ endfor ~}\na\n\n  %{~ if true }b%{ endif }\n",
      "main.tf": `
locals {
  raw = file("\${path.module}/strip.tpl")
}
resource "aws_instance" "x" {
  user_data = templatefile("\${path.module}/strip.tpl", {})
  tags      = { rendered = templatestring(local.raw, {}) }
}`,
    });
    expect(result.diagnostics).toEqual([]);
    // What Terraform 1.11 renders, both ways.
    const rendered = "x\nend\n\n1\n\n2\na\n\nb\n";
    const props = only(result, "aws_instance.x").props;
    expect(props.user_data).toBe(rendered);
    expect(props.tags).toEqual({ rendered });
  });

  // Terraform 1.11 refuses a template not given by reference, an error try() catches; OpenTofu renders any string.
  const templateStrings = `
locals {
  raw  = "a$\${1}"
  m    = { k = ["b$\${2}"] }
  k    = "k"
}
resource "aws_instance" "x" {
  ami           = templatestring("$\${c}", { c = "0.0.0.0/0" })
  instance_type = templatestring("\${local.raw}", {})
  user_data     = templatestring(upper(local.raw), {})
  key_name      = templatestring((local.raw), {})
  tags = {
    fallback = try(templatestring("x", {}), "fb")
    local    = templatestring(local.raw, {})
    indexed  = templatestring(local.m[local.k][0], {})
  }
}`;

  test("templatestring() of a template not given by reference is unknown, with a warning, outside an OpenTofu module: Terraform refuses it, try() falling back, and OpenTofu renders it", () => {
    const result = load({ "main.tf": templateStrings });
    const refusal =
      "templatestring: Terraform refuses a template that is not a reference to a string from elsewhere (a variable, local or attribute), OpenTofu renders it; which of them runs this module is not known; treated as unknown";
    expect(result.diagnostics.map((diagnostic) => `${diagnostic.line}:${diagnostic.column} ${diagnostic.message}`)).toEqual([
      `8:34 ${refusal}`,
      `9:34 ${refusal}`,
      `10:34 ${refusal}`,
      `11:34 ${refusal}`,
      `13:35 ${refusal}`,
    ]);
    const props = only(result, "aws_instance.x").props;
    for (const refused of ["ami", "instance_type", "user_data", "key_name"]) expect(isUnknown(props[refused])).toBe(true);
    const tags = props.tags as Record<string, unknown>;
    expect(isUnknown(tags.fallback)).toBe(true);
    // Both render a template given by reference.
    expect(tags.local).toBe("a1");
    expect(tags.indexed).toBe("b2");
  });

  test("templatestring() renders any string in an OpenTofu module (one with a .tofu file), as OpenTofu does", () => {
    const result = load({ "main.tofu": templateStrings });
    expect(result.diagnostics).toEqual([]);
    expect(only(result, "aws_instance.x").props).toMatchObject({
      ami: "0.0.0.0/0",
      instance_type: "a1",
      user_data: "A1",
      key_name: "a1",
      tags: { fallback: "x", local: "a1", indexed: "b2" },
    });
  });

  test("try() and can() do not fall back on what only we cannot evaluate: the value is unknown, with a warning", () => {
    const result = load({
      "main.tf": `
resource "aws_db_instance" "x" {
  engine              = "postgres"
  deletion_protection = can(regex("(?P<tier>prod)|(?P<tier>stage)", "prod-01"))
  identifier          = try(provider::google::region_from_zone("x"), "fallback")
  storage_type        = try(regex("^x(", "y"), "gp3")
}`,
    });
    expect(result.diagnostics.map((diagnostic) => `${diagnostic.line} ${diagnostic.message}`)).toEqual([
      "4 regex: argument 1 gives two capture groups one name, which we cannot evaluate; treated as unknown",
      '5 function "provider::google::region_from_zone" is not supported; treated as unknown',
    ]);
    const props = only(result, "aws_db_instance.x").props;
    expect(isUnknown(props.deletion_protection)).toBe(true);
    expect(isUnknown(props.identifier)).toBe(true);
    // A pattern RE2 refuses too is Terraform's own error: try() falls back.
    expect(props.storage_type).toBe("gp3");
  });

  test("a validation regex with nested repetition is decided quickly, as Terraform's RE2 does, where backtracking took hours", () => {
    const result = load({
      "main.tf": `
variable "service_name" {
  default = "paymentsgatewayproductioneuwest1primary_v2"
  validation {
    condition     = can(regex("^([a-z0-9]+-?)+$", var.service_name))
    error_message = "service_name must be a lowercase slug."
  }
}
variable "queue_name" {
  default = "payments-gateway-production-eu-west-1-primary"
  validation {
    condition     = can(regex("^([a-z0-9]+-?)+$", var.queue_name))
    error_message = "queue_name must be a lowercase slug."
  }
}`,
    });
    expect(result.diagnostics.map((diagnostic) => `${diagnostic.line} ${diagnostic.message}`)).toEqual([
      '5 variable "service_name": its value fails this validation ("service_name must be a lowercase slug."), so Terraform refuses it at plan; treated as unknown',
    ]);
  });

  test("only the call we cannot evaluate is unknown: the values around it stay known", () => {
    writeFiles(root, { "app.tpl": "run ${provider::google::region_from_zone(zone)}\n" });
    const result = load({
      "main.tf": `
locals {
  hash = sha1(join("", [for f in provider::google::files("src") : f]))
}
resource "aws_lambda_function" "f" {
  environment {
    variables = {
      SOURCE_HASH = local.hash
      DB_PASSWORD = "SuperSecret123!"
      STARTUP     = templatefile("\${path.module}/app.tpl", { zone = "a" })
    }
  }
}`,
    });
    expect(result.diagnostics.map((diagnostic) => `${diagnostic.line} ${diagnostic.message}`)).toEqual([
      '3 function "provider::google::files" is not supported; treated as unknown',
      `10 templatefile: template ${relative(process.cwd(), join(root, "app.tpl"))}:1:7: function "provider::google::region_from_zone" is not supported; treated as unknown`,
    ]);
    const variables = (only(result, "aws_lambda_function.f").props.environment as Array<{ variables: Record<string, unknown> }>)[0].variables;
    expect(variables.DB_PASSWORD).toBe("SuperSecret123!");
    expect(isUnknown(variables.SOURCE_HASH)).toBe(true);
    expect(isUnknown(variables.STARTUP)).toBe(true);
  });

  test("a file absent from the tree checked leaves unknown only what is read from it, with a warning at each read naming the file", () => {
    writeFiles(root, { "task.json.tpl": '{"config": ${jsonencode(file("build/app.json"))}}' });
    const result = load({
      "main.tf": `
resource "aws_ecs_task_definition" "t" {
  container_definitions = jsonencode([{
    name        = "app"
    environment = [
      { name = "CONFIG", value = file("\${path.module}/config/app.json") },
      { name = "DB_PASSWORD", value = "hunter2hunter2" },
    ]
  }])
}
resource "aws_lambda_function" "f" {
  source_code_hash = filebase64sha256("build/fn.zip")
  environment {
    variables = {
      CONF        = jsondecode(file("\${path.module}/missing.json")).x
      RENDERED    = templatefile("\${path.module}/missing.tpl", {})
      NESTED      = templatefile("\${path.module}/task.json.tpl", {})
      DB_PASSWORD = "hunter2hunter2"
    }
  }
}`,
    });
    const template = relative(process.cwd(), join(root, "task.json.tpl"));
    expect(result.diagnostics.map((diagnostic) => `${diagnostic.line}:${diagnostic.column} ${diagnostic.message}`)).toEqual([
      "6:34 file: no file exists at config/app.json; treated as unknown",
      "12:22 filebase64sha256: no file exists at build/fn.zip; treated as unknown",
      "15:32 file: no file exists at missing.json; treated as unknown",
      "16:21 templatefile: no file exists at missing.tpl; treated as unknown",
      `17:21 templatefile: template ${template}:1:25: file: no file exists at build/app.json; treated as unknown`,
    ]);
    // The document rules read: what jsonencode() of it will hold.
    const containers = only(result, "aws_ecs_task_definition.t").props.container_definitions as Array<{ environment: Array<{ name: string; value: unknown }> }>;
    const environment = containers[0].environment;
    expect(environment[1]).toEqual({ name: "DB_PASSWORD", value: "hunter2hunter2" });
    expect(isUnknown(environment[0].value)).toBe(true);
    const lambda = only(result, "aws_lambda_function.f").props;
    const variables = (lambda.environment as Array<{ variables: Record<string, unknown> }>)[0].variables;
    expect(variables.DB_PASSWORD).toBe("hunter2hunter2");
    for (const name of ["CONF", "RENDERED", "NESTED"]) expect(isUnknown(variables[name])).toBe(true);
    expect(isUnknown(lambda.source_code_hash)).toBe(true);
  });

  test("try() and can() do not fall back on a file absent here: it is read at deploy, so only its content is unknown, with the warning", () => {
    writeFiles(root, { "present.json": '{"x": 1}', "folder/a.txt": "a" });
    const result = load({
      "main.tf": `
locals {
  read = file("\${path.module}/local.json")
}
resource "aws_sqs_queue" "q" {
  name   = try(file("\${path.module}/optional.txt"), "fallback")
  policy = try("#!/bin/bash\\n\${file("\${path.module}/gen.sh")}\\nexport TOKEN=literal\\n", "")
  fifo_queue = can(file("\${path.module}/marker"))
  content_based_deduplication = can(file("\${path.module}/present.json"))
  tags = { read = try(local.read, "fallback"), present = try(file("\${path.module}/present.json"), "fallback") }
  delay_seconds = try(file("\${path.module}/folder"), 5)
  max_message_size = try({ a = 1 }.b, length("a", "b"), 1024)
  visibility_timeout_seconds = can(file("\${path.module}/folder")) ? 1 : 2
}`,
    });
    expect(result.diagnostics.map((diagnostic) => `${diagnostic.line}:${diagnostic.column} ${diagnostic.message}`)).toEqual([
      "6:16 file: no file exists at optional.txt; treated as unknown",
      "7:32 file: no file exists at gen.sh; treated as unknown",
      "8:20 file: no file exists at marker; treated as unknown",
      "3:10 file: no file exists at local.json; treated as unknown",
    ]);
    const props = only(result, "aws_sqs_queue.q").props;
    expect(isUnknown(props.name)).toBe(true);
    // The text written around the file is kept, as outside try(): a rule reading it finds what it holds.
    expect(props.policy).toEqual(new PartialString("#!/bin/bash\n", "\nexport TOKEN=literal\n"));
    expect(isUnknown(props.fifo_queue)).toBe(true);
    expect(props.content_based_deduplication).toBe(true);
    expect((props.tags as Record<string, unknown>).present).toBe('{"x": 1}');
    expect(isUnknown((props.tags as Record<string, unknown>).read)).toBe(true);
    // A directory where a file belongs, and errors of the configuration's own, are what try() and can() catch.
    expect(props.delay_seconds).toBe(5);
    expect(props.max_message_size).toBe(1024);
    expect(props.visibility_timeout_seconds).toBe(2);
  });

  test("a function we do not implement is a warning said once, and its value is unknown", () => {
    const result = load({ "main.tf": 'resource "aws_sqs_queue" "q" {\n  name = "a"\n  delay_seconds = provider::google::region_from_zone("x")\n  policy = nosuch(1)\n}\n' });
    expect(result.diagnostics.map((diagnostic) => [diagnostic.line, diagnostic.message])).toEqual([
      [3, 'function "provider::google::region_from_zone" is not supported; treated as unknown'],
      [4, 'function "nosuch" is not supported; treated as unknown'],
    ]);
    expect(isUnknown((only(result, "aws_sqs_queue.q").props as Record<string, unknown>).policy)).toBe(true);
  });

  test("a resource type alone outside a template is refused without the advice on writing a literal ${, which it has none of", () => {
    const result = load({ "main.tf": 'resource "aws_security_group" "a" {}\nresource "aws_sqs_queue" "q" {\n  name = "a"\n  tags = { groups = join(",", aws_security_group.*.id), shell = "$${HOME} and \${HOME}" }\n}\n' });
    expect(result.diagnostics.map((diagnostic) => `${diagnostic.line}:${diagnostic.column} ${diagnostic.message}`)).toEqual([
      '4:31 "aws_security_group" must be followed by a resource name, which Terraform refuses; treated as unknown',
      '4:81 "HOME" must be followed by a resource name, which Terraform refuses; a literal "\${" is written "$\${", in CDKTF also with Fn.rawString(); treated as unknown',
    ]);
  });

  test("an invalid reference is unknown where it stands, not the argument around it, and no try() catches it, as Terraform refuses it before evaluating", () => {
    const result = load({
      "main.tf": `
resource "aws_sqs_queue" "q" {
  name   = "a"
  policy = "echo \${HOME}\\nexport TOKEN=literal\\n"
  tags   = { missing = "x-\${local.missing}", caught = try(var.missing, "fallback") }
}
`,
    });
    expect(result.diagnostics.map((diagnostic) => `${diagnostic.line}:${diagnostic.column} ${diagnostic.message}`)).toEqual([
      '4:20 "HOME" must be followed by a resource name, which Terraform refuses; a literal "\${" is written "$\${", in CDKTF also with Fn.rawString(); treated as unknown',
      '5:29 no local value "missing" is declared in this module; treated as unknown',
      '5:59 no variable "missing" is declared in this module; treated as unknown',
    ]);
    const props = only(result, "aws_sqs_queue.q").props;
    expect(props.policy).toEqual(new PartialString("echo ", "\nexport TOKEN=literal\n"));
    expect((props.tags as Record<string, unknown>).missing).toEqual(new PartialString("x-", ""));
    expect(isUnknown((props.tags as Record<string, unknown>).caught)).toBe(true);
  });

  test("a function error is a warning at the expression and the value is unknown", () => {
    const result = load({ "main.tf": 'resource "aws_sqs_queue" "q" {\n  name = "a"\n  delay_seconds = tonumber("not a number")\n}\n' });
    expect(result.diagnostics).toEqual([expect.objectContaining({ severity: "warning", code: "evaluation", line: 3 })]);
    expect(isUnknown((only(result, "aws_sqs_queue.q").props as Record<string, unknown>).delay_seconds)).toBe(true);
  });
});
