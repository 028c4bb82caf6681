import { join } from "path";
import { fromPulumi, syntheticUrn, type PulumiResource } from "../../../src/adapters/pulumi";
import { pulumiMessage } from "../../../src/adapters/pulumi/names";
import { loadTerraform } from "../../../src/adapters/terraform";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, type Resource } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/operations/aws-cloudwatch-service-log-groups-declared";
import { configDefaults } from "../../../src/rules/rule";
import { wireSecret } from "../../support/analyzer";
import { withFiles } from "../../support/scratch";
import { fixesIn } from "../../support/fixes";
import { besidesUnsetVariables } from "../../support/unset-variables";
import { check } from "./check";

const FUNCTION = "aws:lambda/function:Function";
const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

const fn = (name: string, props: Record<string, unknown> = {}): PulumiResource => ({ type: FUNCTION, name, props: { runtime: "nodejs22.x", handler: "index.handler", ...props } });
const logGroup = (name: string, props: Record<string, unknown>): PulumiResource => ({ type: LOG_GROUP, name, props: { retentionInDays: 30, ...props } });

/** The rule's verdicts on Pulumi resources, as `outcome name path`. */
function pulumi(resources: PulumiResource[]): string[] {
  return check(rule, resources).verdicts.map(({ outcome, address, path }) => `${outcome} ${address.split("::").pop()} ${path}`);
}

/** The resources of a Terraform configuration. */
function loadHcl(hcl: string): Resource[] {
  return withFiles({ "main.tf": hcl }, (dir) => {
    const loaded = loadTerraform([dir], { commandLineVariables: [] });
    expect(besidesUnsetVariables(loaded.diagnostics)).toEqual([]);
    return loaded.units.flatMap((unit) => unit.resources);
  });
}

/** The rule's verdicts, as the engine runs it (on the resources of its kinds), as `outcome address path: message`. */
function judged(resources: readonly Resource[]): string[] {
  const run = runRule(
    rule,
    resources.filter((resource) => rule.kinds.includes(resource.kind)),
    configDefaults(rule),
  );
  return run.applicable ? run.judgements.map(({ outcome, address, path, message }) => `${outcome} ${address} ${path}: ${message}`) : [];
}

/** The same, without messages. */
const outcomes = (resources: readonly Resource[]) => judged(resources).map((line) => line.replace(/:.*$/s, ""));

const lambda = (name: string, body = "") => `
resource "aws_lambda_function" "${name}" {
  role    = "arn:aws:iam::123456789012:role/lambda"
  runtime = "nodejs22.x"
  handler = "index.handler"
  ${body}
}
`;

const NO_GROUP =
  "no CloudWatch log group declared with this function is named /aws/lambda/<function_name>, \"/aws/lambda/api\", which AWS creates when the function first sends logs, " +
  "keeping them forever: declare it with a retention, or, where it is declared in another root module or stack, suppress this finding with that reason";

describe("aws-cloudwatch-service-log-groups-declared", () => {
  test("a function fails where no group has its name, at the function as a whole; its group, by name or by a template reading it, passes it", () => {
    expect(judged(loadHcl(lambda("api", `function_name = "api"`)))).toEqual([`violation aws_lambda_function.api : ${NO_GROUP}`]);
    const declared = `resource "aws_cloudwatch_log_group" "api" {
  name              = "/aws/lambda/\${aws_lambda_function.api.function_name}"
  retention_in_days = 30
}`;
    expect(judged(loadHcl(lambda("api", `function_name = "api"`) + declared))).toEqual([]);
    expect(judged(loadHcl(lambda("api", `function_name = "api"`) + `resource "aws_cloudwatch_log_group" "api" { name = "/aws/lambda/api-v2" }`))).toEqual([
      `violation aws_lambda_function.api : ${NO_GROUP}`,
    ]);
  });

  test("a function whose name is not known is undecided where a declared group may be its own, and fails only where none can be", () => {
    const unnamed = `variable "name" { type = string }` + lambda("worker", "function_name = var.name");
    expect(outcomes(loadHcl(unnamed + `resource "aws_cloudwatch_log_group" "other" { name = "/aws/lambda/reports" }`))).toEqual(["undecided aws_lambda_function.worker "]);
    // Whatever the name is, no group declared can be the function's.
    expect(outcomes(loadHcl(unnamed + `resource "aws_cloudwatch_log_group" "ecs" { name = "/ecs/worker" }`))).toEqual(["violation aws_lambda_function.worker "]);
    expect(outcomes(loadHcl(unnamed))).toEqual(["violation aws_lambda_function.worker "]);
    // Known in part: its known text rules a group out.
    const prefixed = `variable "env" { type = string }` + lambda("worker", `function_name = "\${var.env}-worker"`);
    expect(outcomes(loadHcl(prefixed + `resource "aws_cloudwatch_log_group" "api" { name = "/aws/lambda/prod-api" }`))).toEqual(["violation aws_lambda_function.worker "]);
    expect(outcomes(loadHcl(prefixed + `resource "aws_cloudwatch_log_group" "api" { name = "/aws/lambda/prod-worker" }`))).toEqual(["undecided aws_lambda_function.worker "]);
  });

  test("a group whose unknown name is worked out from the function alone is its group, and no other function's", () => {
    const hcl = `variable "name" { type = string }
${lambda("worker", "function_name = var.name")}
${lambda("api", `function_name = "api"`)}
resource "aws_cloudwatch_log_group" "worker" { name = "/aws/lambda/\${aws_lambda_function.worker.function_name}" }`;
    // Two functions in one account and region never share a name: the worker's group is not the api's.
    expect(outcomes(loadHcl(hcl))).toEqual(["violation aws_lambda_function.api "]);
    // Worked out from two functions, or written otherwise than the function's group, it may be either's.
    const both = hcl.replace("/aws/lambda/${aws_lambda_function.worker.function_name}", "/aws/lambda/${aws_lambda_function.worker.function_name}${aws_lambda_function.api.arn}");
    expect(outcomes(loadHcl(both))).toEqual(["undecided aws_lambda_function.worker ", "undecided aws_lambda_function.api "]);
    // A name read as it is from the function's attribute is the bare function name, not its group.
    const bare = hcl.replace('"/aws/lambda/${aws_lambda_function.worker.function_name}"', "aws_lambda_function.worker.function_name");
    expect(outcomes(loadHcl(bare))).toEqual(["undecided aws_lambda_function.worker ", "undecided aws_lambda_function.api "]);
  });

  test("a group worked out from a resource alone is its group only where its name interpolates the attribute the service's pattern holds", () => {
    const functions = (group: string) => `variable "name" { type = string }
${lambda("worker", "function_name = var.name")}
${lambda("api", `function_name = "api"`)}
resource "aws_cloudwatch_log_group" "worker" { name = "${group}" }`;
    expect(outcomes(loadHcl(functions("/aws/lambda/${aws_lambda_function.worker.function_name}")))).toEqual(["violation aws_lambda_function.api "]);
    // The function's ARN: what the group's name is, the check does not tell. Its id is its function_name, as the provider sets it.
    expect(outcomes(loadHcl(functions("/aws/lambda/${aws_lambda_function.worker.arn}")))).toEqual(["undecided aws_lambda_function.worker ", "undecided aws_lambda_function.api "]);
    expect(outcomes(loadHcl(functions("/aws/lambda/${aws_lambda_function.worker.id}")))).toEqual(["violation aws_lambda_function.api "]);
    // A broker's ARN where the pattern holds its id; a REST API's root resource where it holds the API's id.
    const broker = (attribute: string) => `resource "aws_mq_broker" "jobs" {
  broker_name        = "jobs"
  engine_type        = "ActiveMQ"
  engine_version     = "5.18"
  host_instance_type = "mq.t3.micro"
  logs {
    general = true
  }
}
resource "aws_cloudwatch_log_group" "jobs" { name = "/aws/amazonmq/broker/\${aws_mq_broker.jobs.${attribute}}/general" }`;
    expect(outcomes(loadHcl(broker("id")))).toEqual([]);
    expect(outcomes(loadHcl(broker("arn")))).toEqual(["undecided aws_mq_broker.jobs logs.0.general"]);
    const stage = (attribute: string) => `resource "aws_api_gateway_rest_api" "orders" { name = "orders" }
resource "aws_api_gateway_method_settings" "orders" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  stage_name  = "prod"
  method_path = "*/*"
  settings {
    logging_level = "INFO"
  }
}
resource "aws_cloudwatch_log_group" "orders" { name = "API-Gateway-Execution-Logs_\${aws_api_gateway_rest_api.orders.${attribute}}/prod" }`;
    expect(outcomes(loadHcl(stage("id")))).toEqual([]);
    expect(outcomes(loadHcl(stage("root_resource_id")))).toEqual(["undecided aws_api_gateway_method_settings.orders settings.0.logging_level"]);
  });

  test("a group named by format() is traced as the template it writes: %s of the function's name is its group", () => {
    const named = (name: string) => `variable "name" { type = string }
${lambda("worker", "function_name = var.name")}
${lambda("api", `function_name = "api"`)}
resource "aws_cloudwatch_log_group" "worker" { name = ${name} }`;
    expect(outcomes(loadHcl(named(`format("/aws/lambda/%s", aws_lambda_function.worker.function_name)`)))).toEqual(["violation aws_lambda_function.api "]);
    expect(outcomes(loadHcl(named(`format("/aws/%s/%[2]v", "lambda", aws_lambda_function.worker.id)`)))).toEqual(["violation aws_lambda_function.api "]);
    const either = ["undecided aws_lambda_function.worker ", "undecided aws_lambda_function.api "];
    expect(outcomes(loadHcl(named(`format("/aws/lambda/%s", aws_lambda_function.worker.arn)`)))).toEqual(either);
    // %q quotes the name, and %.8s cuts it: the text is no longer what the pattern holds.
    expect(outcomes(loadHcl(named(`format("/aws/lambda/%q", aws_lambda_function.worker.function_name)`)))).toEqual(either);
    expect(outcomes(loadHcl(named(`format("/aws/lambda/%.8s", aws_lambda_function.worker.function_name)`)))).toEqual(either);
  });

  test("a group named through a local or a variable is judged by the value it holds there", () => {
    const named = (declaration: string, name: string) => `${declaration}
${lambda("api", `function_name = "api"`)}
resource "aws_cloudwatch_log_group" "api" { name = ${name} }`;
    expect(outcomes(loadHcl(named(`locals { group = "/aws/lambda/api" }`, "local.group")))).toEqual([]);
    expect(outcomes(loadHcl(named(`variable "group" { default = "/aws/lambda/api" }`, "var.group")))).toEqual([]);
    expect(outcomes(loadHcl(named(`locals { group = "/aws/lambda/api-v2" }`, "local.group")))).toEqual(["violation aws_lambda_function.api "]);
    expect(outcomes(loadHcl(named(`variable "group" { default = "/aws/lambda/api-v2" }`, "var.group")))).toEqual(["violation aws_lambda_function.api "]);
    expect(outcomes(loadHcl(named(`variable "group" { type = string }`, "var.group")))).toEqual(["undecided aws_lambda_function.api "]);
    // A local holding the function's template, while its name is not known, is that template.
    const unnamed = (group: string) => `variable "name" { type = string }
locals { group = ${group} }
${lambda("worker", "function_name = var.name")}
${lambda("api", `function_name = "api"`)}
resource "aws_cloudwatch_log_group" "worker" { name = local.group }`;
    expect(outcomes(loadHcl(unnamed(`"/aws/lambda/\${aws_lambda_function.worker.function_name}"`)))).toEqual(["violation aws_lambda_function.api "]);
    expect(outcomes(loadHcl(unnamed(`"/aws/lambda/\${aws_lambda_function.worker.arn}"`)))).toEqual(["undecided aws_lambda_function.worker ", "undecided aws_lambda_function.api "]);
  });

  test("in Pulumi, a group whose name is an output not known at preview may be any group: undecided, unless another is surely the one", () => {
    const worker = fn("worker", { name: "worker" });
    const group = (propertyDependencies?: Record<string, string[]>): PulumiResource => ({
      ...logGroup("worker-logs", { name: UNKNOWN }),
      dependencies: [syntheticUrn(FUNCTION, "worker")],
      ...(propertyDependencies && { propertyDependencies }),
    });
    const fromWorker = group({ name: [syntheticUrn(FUNCTION, "worker")] });
    // Worked out from the function alone, the output may still be any text: neither the function's group nor surely not.
    expect(pulumi([worker, fromWorker])).toEqual(["undecided worker "]);
    expect(pulumi([worker, fn("api", { name: "api" }), fromWorker])).toEqual(["undecided worker ", "undecided api "]);
    expect(pulumi([worker, group()])).toEqual(["undecided worker "]);
    expect(pulumi([worker, fromWorker, logGroup("worker-named", { name: "/aws/lambda/worker" })])).toEqual([]);
  });

  test("a group whose name is not known at all, whatever it is worked out from, is undecided for a function", () => {
    const unnamed = (group: string) => `variable "name" { type = string }
variable "group" { type = string }
${lambda("worker", "function_name = var.name")}
resource "aws_cloudwatch_log_group" "worker" { name = ${group} }`;
    // lower() of the template leaves no text known, nor which interpolation the unknown text holds.
    expect(outcomes(loadHcl(unnamed('lower("/aws/lambda/${aws_lambda_function.worker.function_name}")')))).toEqual(["undecided aws_lambda_function.worker "]);
    expect(outcomes(loadHcl(unnamed("var.group")))).toEqual(["undecided aws_lambda_function.worker "]);
  });

  test("groups whose names are not known at all leave undecided only the functions they may be placed with", () => {
    const placed = (kind: string, name: string, props: Record<string, unknown>, placement: Resource["placement"]): Resource => ({
      kind,
      address: `${kind}.${name}`,
      name,
      engine: "terraform",
      props,
      options: {},
      location: { file: "main.tf" },
      secretPaths: [],
      dependencies: [],
      ...(placement && { placement }),
    });
    const fn = (name: string, placement?: Resource["placement"]) => placed("aws_lambda_function", name, { function_name: name }, placement);
    const group = (name: string, placement?: Resource["placement"]) => placed("aws_cloudwatch_log_group", name, { name: UNKNOWN, retention_in_days: 30 }, placement);
    const east = [group("east_a", { region: "us-east-1" }), group("east_b", { region: "us-east-1" })];
    const audit = group("audit", { region: "eu-west-1", credentials: "aws.audit", account: "210987654321" });
    const functions = [
      fn("east", { region: "us-east-1" }),
      fn("west", { region: "eu-west-1", account: "123456789012" }),
      // Their region is not known: it may be any group's.
      fn("default"),
      fn("other", { regionFrom: "aws.other" }),
      fn("audited", { region: "eu-west-1", credentials: "aws.audit", account: "210987654321" }),
    ];
    const outcome = (groups: Resource[]) => outcomes([...functions, ...groups]).map((line) => line.replace(/ aws_lambda_function\.(\w+) $/, " $1"));
    expect(outcome(east)).toEqual(["undecided east", "violation west", "undecided default", "undecided other", "violation audited"]);
    // In the region of west, but in another account.
    expect(outcome([audit])).toEqual(["violation east", "violation west", "undecided default", "undecided other", "undecided audited"]);
    expect(outcome([...east, audit])).toEqual(["undecided east", "violation west", "undecided default", "undecided other", "undecided audited"]);
  });

  test("a function logging to a group it names is judged on that group, which Lambda creates too when it is missing", () => {
    const shared = fn("thumbnails", { name: "thumbnails", loggingConfig: { logFormat: "JSON", logGroup: "/app/media" } });
    expect(pulumi([shared, logGroup("media", { name: "/app/media" })])).toEqual([]);
    expect(pulumi([shared, logGroup("default", { name: "/aws/lambda/thumbnails" })])).toEqual(["violation thumbnails logging_config.log_group"]);
    expect(check(rule, [shared]).verdicts.map(({ message }) => message)).toEqual([expect.stringMatching(/^no CloudWatch log group declared with this function is the one its logging_config.log_group names, "\/app\/media", which/)]);
    // Read from a group of the stack while its name is not known: that group, unless it reads another attribute.
    const reading = `${lambda("media", `function_name = "media"
  logging_config {
    log_format = "JSON"
    log_group  = aws_cloudwatch_log_group.media.name
  }`)}
resource "aws_cloudwatch_log_group" "media" { name_prefix = "/app/media-" }
resource "aws_cloudwatch_log_group" "other" { name_prefix = "/app/media-" }`;
    expect(outcomes(loadHcl(reading))).toEqual([]);
    expect(outcomes(loadHcl(reading.replace("aws_cloudwatch_log_group.media.name", "aws_cloudwatch_log_group.media.arn")))).toEqual(["undecided aws_lambda_function.media logging_config.0.log_group"]);
  });

  test("a group's name from name_prefix, or generated, is what the provider makes of it", () => {
    const api = lambda("api", `function_name = "api"`);
    expect(outcomes(loadHcl(api + `resource "aws_cloudwatch_log_group" "api" { name_prefix = "/aws/lambda/a" }`))).toEqual(["undecided aws_lambda_function.api "]);
    expect(outcomes(loadHcl(api + `resource "aws_cloudwatch_log_group" "api" { name_prefix = "/aws/ecs/" }`))).toEqual(["violation aws_lambda_function.api "]);
    expect(outcomes(loadHcl(api + `resource "aws_cloudwatch_log_group" "api" { retention_in_days = 7 }`))).toEqual(["violation aws_lambda_function.api "]);
  });

  test("a group in another region is not the function's; one that may not be created, or whose region is not known, leaves it undecided, saying why", () => {
    const placed = (groupProvider: string) => `variable "region" { type = string }
variable "create" { type = bool }
provider "aws" { region = "eu-west-1" }
provider "aws" {
  alias  = "other"
  region = var.region
}
${lambda("api", `function_name = "api"`)}
resource "aws_cloudwatch_log_group" "api" {
  ${groupProvider}
  name = "/aws/lambda/api"
}`;
    // The message says where the group of that name is (probe s36).
    expect(judged(loadHcl(placed(`region = "us-east-1"`)))).toEqual([
      `violation aws_lambda_function.api : ${NO_GROUP.replace('"/aws/lambda/api",', '"/aws/lambda/api" in its region (aws_cloudwatch_log_group.api, of that name, is in us-east-1, not eu-west-1),')}`,
    ]);
    expect(judged(loadHcl(placed("provider = aws.other")))).toEqual([
      "undecided aws_lambda_function.api : whether aws_cloudwatch_log_group.api is in the region of aws_lambda_function.api cannot be told: the region of one or both is not known",
    ]);
    expect(judged(loadHcl(placed("count = var.create ? 1 : 0")))).toEqual(["undecided aws_lambda_function.api : whether aws_cloudwatch_log_group.api is created is not known to the check (its count is not)"]);
  });

  describe("a function a CloudFront distribution runs at its edge (Lambda@Edge, probe s36 10)", () => {
    /** Functions in us-east-1 (or `region`), a distribution whose cache behaviors associate `arns`, and `more`. */
    const edge = (arns: { viewer?: string; origin?: string }, more = "", region = "us-east-1") => `provider "aws" { region = "${region}" }
variable "arn" { type = string }
variable "create" { type = bool }
${lambda("auth", `function_name = "edge-auth"
  publish = true`)}
${lambda("headers", `function_name = "edge-headers"
  publish = true`)}
resource "aws_cloudfront_distribution" "site" {
  enabled = true
  origin {
    domain_name = "example.com"
    origin_id   = "site"
  }
  default_cache_behavior {
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    target_origin_id       = "site"
    viewer_protocol_policy = "https-only"
    ${arns.viewer === undefined ? "" : `lambda_function_association {
      event_type = "viewer-request"
      lambda_arn = ${arns.viewer}
    }`}
    ${arns.origin === undefined ? "" : `lambda_function_association {
      event_type = "origin-response"
      lambda_arn = ${arns.origin}
    }`}
  }
  restrictions {
    geo_restriction { restriction_type = "none" }
  }
  viewer_certificate { cloudfront_default_certificate = true }
  ${more}
}
`;
    const group = (name: string, body = "") => `resource "aws_cloudwatch_log_group" "${name.replace(/\W/g, "_")}" {
  name = "${name}"
  ${body}
}
`;
    const both = { viewer: "aws_lambda_function.auth.qualified_arn", origin: "aws_lambda_function.headers.qualified_arn" };
    const headersGroup = group("/aws/lambda/us-east-1.edge-headers");

    test("needs /aws/lambda/us-east-1.<function_name>, the group Lambda@Edge logs to, and names it in the violation and its fix", () => {
      expect(judged(loadHcl(edge(both) + group("/aws/lambda/us-east-1.edge-auth") + headersGroup))).toEqual([]);
      const run = runRule(
        rule,
        loadHcl(edge(both) + group("/aws/lambda/edge-auth") + headersGroup).filter((resource) => rule.kinds.includes(resource.kind)),
        configDefaults(rule),
      );
      expect(run.applicable && run.judgements.map(({ outcome, address, message, remediation }) => ({ outcome, address, message, remediation }))).toEqual([
        {
          outcome: "violation",
          address: "aws_lambda_function.auth",
          message:
            'no CloudWatch log group declared with this function is named /aws/lambda/us-east-1.<function_name>, "/aws/lambda/us-east-1.edge-auth" (Lambda@Edge\'s name for it, in each region where CloudFront runs the function), ' +
            "which AWS creates when the function first sends logs, keeping them forever: declare it with a retention, or, where it is declared in another root module or stack, suppress this finding with that reason",
          remediation:
            "Declare the function's log group (aws_cloudwatch_log_group) with a retention_in_days, named /aws/lambda/us-east-1. and the function's function_name, in us-east-1 and in each other region where CloudFront runs it (a provider configuration per region), or point logging_config's log_group at a group declared so.",
        },
      ]);
      // A template reading the function's name counts, as for any function.
      expect(outcomes(loadHcl(edge(both) + group("/aws/lambda/us-east-1.${aws_lambda_function.auth.function_name}") + headersGroup))).toEqual([]);
    });

    test("counts as run a function named by a known ARN, by its arn and version written together, or in an ordered cache behavior", () => {
      const ordered = `ordered_cache_behavior {
    path_pattern           = "/api/*"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
    target_origin_id       = "site"
    viewer_protocol_policy = "https-only"
    lambda_function_association {
      event_type = "origin-request"
      lambda_arn = aws_lambda_function.headers.qualified_arn
    }
  }`;
      const groups = group("/aws/lambda/edge-auth") + group("/aws/lambda/edge-headers");
      const atEdge = ["violation aws_lambda_function.auth ", "violation aws_lambda_function.headers "];
      expect(outcomes(loadHcl(edge({ viewer: '"arn:aws:lambda:us-east-1:123456789012:function:edge-auth:3"' }, ordered) + groups))).toEqual(atEdge);
      expect(outcomes(loadHcl(edge({ viewer: '"${aws_lambda_function.auth.arn}:${aws_lambda_function.auth.version}"' }, ordered) + groups))).toEqual(atEdge);
      // Another function's ARN, or no association, leaves a function logging to /aws/lambda/<function_name>.
      expect(outcomes(loadHcl(edge({ viewer: '"arn:aws:lambda:us-east-1:123456789012:function:other:3"' }) + groups))).toEqual([]);
      expect(outcomes(loadHcl(edge({}) + groups))).toEqual([]);
    });

    test("where which function an association runs is not known, a function is undecided unless neither of its groups is declared", () => {
      const untold =
        "which function a lambda_function_association of aws_cloudfront_distribution.site runs is not known to the check, so neither whether CloudFront runs this function at its edge, where it logs to /aws/lambda/us-east-1.<function_name>";
      expect(judged(loadHcl(edge({ viewer: "var.arn" }) + group("/aws/lambda/us-east-1.edge-auth") + group("/aws/lambda/edge-headers")))).toEqual([
        `undecided aws_lambda_function.auth : ${untold}`,
        `undecided aws_lambda_function.headers : ${untold}`,
      ]);
      // Both groups declared: whichever it logs to is.
      expect(judged(loadHcl(edge({ viewer: "var.arn" }) + group("/aws/lambda/us-east-1.edge-auth") + group("/aws/lambda/edge-auth") + headersGroup + group("/aws/lambda/edge-headers")))).toEqual([]);
      expect(judged(loadHcl(edge({ viewer: "var.arn" }) + headersGroup + group("/aws/lambda/edge-headers")))).toEqual([
        "violation aws_lambda_function.auth : no CloudWatch log group declared with this function is named /aws/lambda/<function_name>, \"/aws/lambda/edge-auth\", nor, were CloudFront to run it at its edge, " +
          "/aws/lambda/us-east-1.<function_name>, \"/aws/lambda/us-east-1.edge-auth\" (Lambda@Edge's name for it, in each region where CloudFront runs the function), which AWS creates when the function first sends logs, " +
          "keeping them forever: declare it with a retention, or, where it is declared in another root module or stack, suppress this finding with that reason",
      ]);
      // A distribution that may not be created may run it.
      expect(judged(loadHcl(edge({ viewer: "aws_lambda_function.auth.qualified_arn" }, "count = var.create ? 1 : 0") + group("/aws/lambda/edge-auth") + group("/aws/lambda/edge-headers")))).toEqual([
        "undecided aws_lambda_function.auth : whether aws_cloudfront_distribution.site is created is not known to the check (its count is not), so neither whether CloudFront runs this function at its edge, where it logs to /aws/lambda/us-east-1.<function_name>",
      ]);
    });

    test("runs only functions created in us-east-1: one of another region logs to /aws/lambda/<function_name>", () => {
      expect(outcomes(loadHcl(edge({ viewer: "var.arn" }, "", "eu-west-1") + group("/aws/lambda/edge-auth") + group("/aws/lambda/edge-headers")))).toEqual([]);
    });
  });

  test("an EKS cluster's control plane logs need /aws/eks/<name>/cluster; without log types it is not judged", () => {
    const cluster = (logTypes: string) => `variable "log_types" { type = list(string) }
resource "aws_eks_cluster" "main" {
  name     = "platform"
  role_arn = "arn:aws:iam::123456789012:role/eks"
  ${logTypes}
  vpc_config {
    subnet_ids = ["subnet-0a1b2c3d"]
  }
}
`;
    expect(outcomes(loadHcl(cluster(`enabled_cluster_log_types = ["audit"]`)))).toEqual(["violation aws_eks_cluster.main enabled_cluster_log_types"]);
    const declared = `resource "aws_cloudwatch_log_group" "eks" { name = "/aws/eks/platform/cluster" }`;
    expect(outcomes(loadHcl(cluster(`enabled_cluster_log_types = ["audit"]`) + declared))).toEqual([]);
    expect(judged(loadHcl(cluster("enabled_cluster_log_types = var.log_types")))).toEqual([
      "undecided aws_eks_cluster.main enabled_cluster_log_types: which control plane log types the cluster sends (enabled_cluster_log_types), and so whether EKS creates its log group, is not known to the check",
    ]);
    expect(outcomes(loadHcl(cluster("enabled_cluster_log_types = var.log_types") + declared))).toEqual([]);
    // Named after a cluster whose name is not known: its id is its name, as the provider sets it; its ARN is not.
    const unnamed = (attribute: string) =>
      cluster(`enabled_cluster_log_types = ["audit"]`).replace(`name     = "platform"`, `name     = var.name`) +
      `variable "name" { type = string }
resource "aws_cloudwatch_log_group" "eks" { name = "/aws/eks/\${aws_eks_cluster.main.${attribute}}/cluster" }`;
    expect(outcomes(loadHcl(unnamed("name")))).toEqual([]);
    expect(outcomes(loadHcl(unnamed("id")))).toEqual([]);
    expect(outcomes(loadHcl(unnamed("arn")))).toEqual(["undecided aws_eks_cluster.main enabled_cluster_log_types"]);
    expect(runRule(rule, loadHcl(cluster("")), configDefaults(rule))).toMatchObject({ applicable: false });
  });

  test("a violation names the group AWS would create where its identifier is known, and never a secret identifier", () => {
    const db = (identifier: string) => `variable "id" {
  type      = string
  sensitive = true
  default   = "orders-prod"
}
resource "aws_db_instance" "orders" {
  identifier                      = ${identifier}
  engine                          = "mysql"
  instance_class                  = "db.m6g.large"
  enabled_cloudwatch_logs_exports = ["error"]
}
`;
    expect(judged(loadHcl(db(`"orders"`)))).toEqual([
      expect.stringContaining(`is named /aws/rds/instance/<identifier>/<log>, "/aws/rds/instance/orders/error" for this exported log, which AWS creates`),
    ]);
    const [secret] = judged(loadHcl(db("var.id")));
    expect(secret).toContain("is named /aws/rds/instance/<identifier>/<log>, [secret] for this exported log");
    expect(secret).not.toContain("orders-prod");
  });

  test("an RDS database needs a group per exported log, /aws/rds/instance/<identifier>/<log> or for a cluster /aws/rds/cluster/<cluster_identifier>/<log>", () => {
    const db = `variable "exports" { type = list(string) }
variable "identifier" { type = string }
resource "aws_db_instance" "orders" {
  identifier                      = "orders"
  engine                          = "mysql"
  instance_class                  = "db.m6g.large"
  enabled_cloudwatch_logs_exports = ["error", "slowquery"]
}
resource "aws_rds_cluster" "analytics" {
  cluster_identifier              = var.identifier
  engine                          = "aurora-postgresql"
  enabled_cloudwatch_logs_exports = ["postgresql"]
}
resource "aws_cloudwatch_log_group" "orders" {
  for_each = toset(["error", "slowquery"])
  name     = "/aws/rds/instance/orders/\${each.key}"
}
`;
    expect(outcomes(loadHcl(db))).toEqual(["violation aws_rds_cluster.analytics enabled_cloudwatch_logs_exports.0"]);
    const clusterGroup = `resource "aws_cloudwatch_log_group" "analytics" { name = "/aws/rds/cluster/\${aws_rds_cluster.analytics.cluster_identifier}/postgresql" }`;
    expect(outcomes(loadHcl(db + clusterGroup))).toEqual([]);
    // An instance's group is not the cluster's, however its identifier turns out.
    expect(outcomes(loadHcl(db.replace('"/aws/rds/instance/orders/${each.key}"', '"/aws/rds/instance/${var.identifier}/${each.key}"')))).toEqual([
      "undecided aws_db_instance.orders enabled_cloudwatch_logs_exports.0",
      "undecided aws_db_instance.orders enabled_cloudwatch_logs_exports.1",
      "violation aws_rds_cluster.analytics enabled_cloudwatch_logs_exports.0",
    ]);
    expect(outcomes(loadHcl(db.replace('["error", "slowquery"]', "var.exports")))).toEqual([
      "undecided aws_db_instance.orders enabled_cloudwatch_logs_exports",
      "violation aws_rds_cluster.analytics enabled_cloudwatch_logs_exports.0",
    ]);
  });

  test("DocumentDB and Neptune clusters need a group per exported log, /aws/docdb/ or /aws/neptune/, <cluster_identifier>/<log>", () => {
    const clusters = `variable "exports" { type = list(string) }
resource "aws_docdb_cluster" "catalog" {
  cluster_identifier              = "catalog"
  enabled_cloudwatch_logs_exports = ["audit", "profiler"]
}
resource "aws_neptune_cluster" "graph" {
  cluster_identifier             = "graph"
  enable_cloudwatch_logs_exports = ["audit"]
}
resource "aws_cloudwatch_log_group" "catalog" {
  for_each = toset(["audit", "profiler"])
  name     = "/aws/docdb/\${aws_docdb_cluster.catalog.cluster_identifier}/\${each.key}"
}
`;
    expect(judged(loadHcl(clusters))).toEqual([
      `violation aws_neptune_cluster.graph enable_cloudwatch_logs_exports.0: no CloudWatch log group declared with this cluster is named /aws/neptune/<cluster_identifier>/<log>, "/aws/neptune/graph/audit" for this exported log, which AWS creates when the cluster first sends logs, keeping them forever: declare it with a retention, or, where it is declared in another root module or stack, suppress this finding with that reason`,
    ]);
    // An RDS cluster's group of the same identifier and log is not Neptune's.
    expect(outcomes(loadHcl(clusters + `resource "aws_cloudwatch_log_group" "graph" { name = "/aws/rds/cluster/graph/audit" }`))).toEqual([
      "violation aws_neptune_cluster.graph enable_cloudwatch_logs_exports.0",
    ]);
    expect(outcomes(loadHcl(clusters + `resource "aws_cloudwatch_log_group" "graph" { name = "/aws/neptune/graph/audit" }`))).toEqual([]);
    expect(judged(loadHcl(clusters.replace('["audit", "profiler"]', "var.exports") + `resource "aws_cloudwatch_log_group" "graph" { name = "/aws/neptune/graph/audit" }`))).toEqual([
      "undecided aws_docdb_cluster.catalog enabled_cloudwatch_logs_exports: which logs the database exports (enabled_cloudwatch_logs_exports), and so which log groups DocumentDB creates for it, is not known to the check",
    ]);
  });

  test("an Amazon MQ broker needs a group for each log its logs block turns on, named from its id, which only a group worked out from it can be", () => {
    const broker = (logs: string, groups = "") => `variable "on" { type = bool }
resource "aws_mq_broker" "jobs" {
  broker_name        = "jobs"
  engine_type        = "ActiveMQ"
  engine_version     = "5.18"
  host_instance_type = "mq.t3.micro"
  ${logs}
}
resource "aws_mq_broker" "events" {
  broker_name        = "events"
  engine_type        = "ActiveMQ"
  engine_version     = "5.18"
  host_instance_type = "mq.t3.micro"
  logs {
    general = true
  }
}
${groups}`;
    const fromId = (name: string, log: string) => `resource "aws_cloudwatch_log_group" "${name}_${log}" { name = "/aws/amazonmq/broker/\${aws_mq_broker.${name}.id}/${log}" }\n`;
    const both = "logs {\n    general = true\n    audit   = true\n  }";
    const events = fromId("events", "general");
    expect(judged(loadHcl(broker(both, events)))).toEqual([
      "violation aws_mq_broker.jobs logs.0.general: no CloudWatch log group declared with this broker is named /aws/amazonmq/broker/<id>/general, which AWS creates when the broker first sends logs, keeping them forever: declare it with a retention, or, where it is declared in another root module or stack, suppress this finding with that reason",
      "violation aws_mq_broker.jobs logs.0.audit: no CloudWatch log group declared with this broker is named /aws/amazonmq/broker/<id>/audit, which AWS creates when the broker first sends logs, keeping them forever: declare it with a retention, or, where it is declared in another root module or stack, suppress this finding with that reason",
    ]);
    expect(outcomes(loadHcl(broker(both, events + fromId("jobs", "general") + fromId("jobs", "audit"))))).toEqual([]);
    // Another broker's group holds another id.
    expect(outcomes(loadHcl(broker(both, events + fromId("jobs", "audit"))))).toEqual(["violation aws_mq_broker.jobs logs.0.general"]);
    // A group of a literal id may be this broker's, whose id is not known.
    const literal = `resource "aws_cloudwatch_log_group" "literal" { name = "/aws/amazonmq/broker/b-1234a5b6-78cd-901e-2fgh-3i45j6k178l9/general" }`;
    expect(outcomes(loadHcl(broker("logs {\n    general = true\n  }", events + literal)))).toEqual(["undecided aws_mq_broker.jobs logs.0.general"]);
    expect(judged(loadHcl(broker("logs {\n    general = var.on\n  }", events)))).toEqual([
      "undecided aws_mq_broker.jobs logs.0.general: whether the broker sends its general logs (logs.general), and so whether Amazon MQ creates their log group, is not known to the check",
    ]);
    // Without logs turned on, the broker is not judged.
    expect(outcomes(loadHcl(broker("logs {\n    general = false\n  }", events)))).toEqual([]);
    expect(outcomes(loadHcl(broker("", events)))).toEqual([]);
  });

  test("in Pulumi, a broker's group whose name is an output of the broker alone, not known at preview, is undecided", () => {
    const BROKER = "aws:mq/broker:Broker";
    const broker: PulumiResource = { type: BROKER, name: "jobs", props: { brokerName: "jobs", engineType: "ActiveMQ", logs: { general: true } } };
    const group: PulumiResource = {
      ...logGroup("jobs-general", { name: UNKNOWN }),
      dependencies: [syntheticUrn(BROKER, "jobs")],
      propertyDependencies: { name: [syntheticUrn(BROKER, "jobs")] },
    };
    expect(pulumi([broker, group])).toEqual(["undecided jobs logs.general"]);
    expect(pulumi([broker])).toEqual(["violation jobs logs.general"]);
  });

  test("a REST API stage whose method settings log its executions needs API-Gateway-Execution-Logs_<rest_api_id>/<stage_name>, named from the API", () => {
    const api = (level: string, groups = "") => `variable "level" { type = string }
resource "aws_api_gateway_rest_api" "orders" { name = "orders" }
resource "aws_api_gateway_rest_api" "billing" { name = "billing" }
resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  deployment_id = "abc123"
  stage_name    = "prod"
}
resource "aws_api_gateway_method_settings" "orders" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"
  settings {
    ${level}
  }
}
resource "aws_api_gateway_method_settings" "billing" {
  rest_api_id = aws_api_gateway_rest_api.billing.id
  stage_name  = "prod"
  method_path = "*/*"
  settings {
    logging_level = "ERROR"
  }
}
resource "aws_cloudwatch_log_group" "billing" { name = "API-Gateway-Execution-Logs_\${aws_api_gateway_rest_api.billing.id}/prod" }
${groups}`;
    const group = (name: string) => `resource "aws_cloudwatch_log_group" "orders" { name = "${name}" }`;
    expect(judged(loadHcl(api(`logging_level = "INFO"`)))).toEqual([
      "violation aws_api_gateway_method_settings.orders settings.0.logging_level: no CloudWatch log group declared with this stage is named API-Gateway-Execution-Logs_<rest_api_id>/<stage_name>, which AWS creates when the stage first sends logs, keeping them forever: declare it with a retention, or, where it is declared in another root module or stack, suppress this finding with that reason",
    ]);
    expect(outcomes(loadHcl(api(`logging_level = "INFO"`, group("API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.orders.id}/prod"))))).toEqual([]);
    expect(outcomes(loadHcl(api(`logging_level = "INFO"`, group("API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.orders.id}/${aws_api_gateway_stage.prod.stage_name}"))))).toEqual([]);
    // Another stage's group, and another API's, are not this stage's.
    expect(outcomes(loadHcl(api(`logging_level = "INFO"`, group("API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.orders.id}/dev"))))).toEqual([
      "violation aws_api_gateway_method_settings.orders settings.0.logging_level",
    ]);
    // A literal id may be the API's, whose id is not known.
    expect(outcomes(loadHcl(api(`logging_level = "INFO"`, group("API-Gateway-Execution-Logs_a1b2c3d4e5/prod"))))).toEqual(["undecided aws_api_gateway_method_settings.orders settings.0.logging_level"]);
    expect(judged(loadHcl(api("logging_level = var.level")))).toEqual([
      "undecided aws_api_gateway_method_settings.orders settings.0.logging_level: whether the stage logs its executions (settings.logging_level), and so whether API Gateway creates its log group, is not known to the check",
    ]);
    expect(outcomes(loadHcl(api(`logging_level = "OFF"`)))).toEqual([]);
    expect(outcomes(loadHcl(api("metrics_enabled = true")))).toEqual([]);
  });

  test("a group in a stage's pattern whose stage part is not known is undecided for each stage, unless it reads that stage's own name", () => {
    const stage = (name: string) => `variable "${name}" { type = string }
resource "aws_api_gateway_stage" "${name}" {
  rest_api_id   = aws_api_gateway_rest_api.orders.id
  deployment_id = "abc123"
  stage_name    = var.${name}
}
resource "aws_api_gateway_method_settings" "${name}" {
  rest_api_id = aws_api_gateway_rest_api.orders.id
  stage_name  = aws_api_gateway_stage.${name}.stage_name
  method_path = "*/*"
  settings {
    logging_level = "INFO"
  }
}
`;
    const api = (groupStage: string) => `variable "stage" { type = string }
resource "aws_api_gateway_rest_api" "orders" { name = "orders" }
${stage("prod")}${stage("dev")}
resource "aws_cloudwatch_log_group" "orders" { name = "API-Gateway-Execution-Logs_\${aws_api_gateway_rest_api.orders.id}/${groupStage}" }`;
    // At most one of the two stages is the variable's: neither passes on it, and neither fails for it.
    expect(judged(loadHcl(api("${var.stage}")))).toEqual([
      "undecided aws_api_gateway_method_settings.prod settings.0.logging_level: whether a CloudWatch log group declared with this stage is named API-Gateway-Execution-Logs_<rest_api_id>/<stage_name> is not known to the check: a name is not known",
      "undecided aws_api_gateway_method_settings.dev settings.0.logging_level: whether a CloudWatch log group declared with this stage is named API-Gateway-Execution-Logs_<rest_api_id>/<stage_name> is not known to the check: a name is not known",
    ]);
    expect(outcomes(loadHcl(api("${aws_api_gateway_stage.prod.stage_name}")))).toEqual(["undecided aws_api_gateway_method_settings.dev settings.0.logging_level"]);
    // CDKTF writes the same references into its JSON.
    const settings = (stage: string) => ({ rest_api_id: "${aws_api_gateway_rest_api.orders.id}", stage_name: `\${var.${stage}}`, method_path: "*/*", settings: [{ logging_level: "INFO" }] });
    const cdktf = {
      variable: { prod: { type: "string" }, dev: { type: "string" }, stage: { type: "string" } },
      resource: {
        aws_api_gateway_rest_api: { orders: { name: "orders" } },
        aws_api_gateway_method_settings: { prod: settings("prod"), dev: settings("dev") },
        aws_cloudwatch_log_group: { orders: { name: "API-Gateway-Execution-Logs_${aws_api_gateway_rest_api.orders.id}/${var.stage}" } },
      },
    };
    const resources = withFiles({ "cdk.tf.json": JSON.stringify(cdktf) }, (dir) => loadTerraform([dir], { commandLineVariables: [] }).units.flatMap((unit) => unit.resources));
    expect(outcomes(resources)).toEqual(["undecided aws_api_gateway_method_settings.prod settings.0.logging_level", "undecided aws_api_gateway_method_settings.dev settings.0.logging_level"]);
  });

  test("a group in a database's pattern whose log part is not known is undecided for each log it may be", () => {
    const db = (exports: string) => `variable "logs" { type = list(string) }
variable "log" { type = string }
resource "aws_db_instance" "orders" {
  identifier                      = "orders"
  engine                          = "mysql"
  instance_class                  = "db.m6g.large"
  enabled_cloudwatch_logs_exports = ${exports}
}
resource "aws_cloudwatch_log_group" "orders" { name = "/aws/rds/instance/\${aws_db_instance.orders.identifier}/\${var.log}" }
`;
    expect(outcomes(loadHcl(db("[var.log, var.logs[0]]")))).toEqual([
      "undecided aws_db_instance.orders enabled_cloudwatch_logs_exports.0",
      "undecided aws_db_instance.orders enabled_cloudwatch_logs_exports.1",
    ]);
    expect(outcomes(loadHcl(db("var.logs")))).toEqual(["undecided aws_db_instance.orders enabled_cloudwatch_logs_exports"]);
  });

  describe("in Pulumi, a REST API's stage logging, its group named by outputs", () => {
    const API = "aws:apigateway/restApi:RestApi";
    const restApi: PulumiResource = { type: API, name: "orders", props: { name: "orders" } };
    const api = syntheticUrn(API, "orders");
    const settings: PulumiResource = {
      type: "aws:apigateway/methodSettings:MethodSettings",
      name: "orders-prod",
      props: { restApi: UNKNOWN, stageName: "prod", methodPath: "*/*", settings: { loggingLevel: "INFO" } },
      dependencies: [api],
      propertyDependencies: { restApi: [api] },
    };
    /** A group whose name is an output of the resource at `urn` alone. */
    const groupNamedBy = (urn: string): PulumiResource => ({ ...logGroup("orders-prod", { name: UNKNOWN }), dependencies: [urn], propertyDependencies: { name: [urn] } });

    test("a group named by the REST API alone may be any of its stages': undecided", () => {
      expect(pulumi([restApi, settings, groupNamedBy(api)])).toEqual(["undecided orders-prod settings.logging_level"]);
      expect(pulumi([restApi, settings])).toEqual(["violation orders-prod settings.logging_level"]);
    });

    // A name worked out from the method settings alone (its restApi and stageName) was filed under the settings and
    // then judged for no group, so an unknown name made a violation.
    test("a group named by the method settings alone is undecided, not missing", () => {
      expect(pulumi([restApi, settings, groupNamedBy(syntheticUrn(settings.type, settings.name))])).toEqual(["undecided orders-prod settings.logging_level"]);
    });
  });

  test("in Pulumi, a group named by an output of the database alone, not known at preview, is undecided for each log", () => {
    const DATABASE = "aws:rds/instance:Instance";
    const database = (logs: unknown[]): PulumiResource => ({ type: DATABASE, name: "orders", props: { identifier: "orders", engine: "mysql", enabledCloudwatchLogsExports: logs } });
    const group: PulumiResource = {
      ...logGroup("orders-error", { name: UNKNOWN }),
      dependencies: [syntheticUrn(DATABASE, "orders")],
      propertyDependencies: { name: [syntheticUrn(DATABASE, "orders")] },
    };
    expect(pulumi([database(["error"]), group])).toEqual(["undecided orders enabled_cloudwatch_logs_exports.0"]);
    expect(pulumi([database([UNKNOWN, UNKNOWN]), group])).toEqual(["undecided orders enabled_cloudwatch_logs_exports.0", "undecided orders enabled_cloudwatch_logs_exports.1"]);
  });

  test("a CodeBuild project needs /aws/codebuild/<name>, or the group its logs_config names, unless its CloudWatch logs are off", () => {
    const project = (logs = "", groups = "") => `variable "status" { type = string }
resource "aws_codebuild_project" "site" {
  name         = "site-build"
  service_role = "arn:aws:iam::123456789012:role/codebuild"
  artifacts {
    type = "NO_ARTIFACTS"
  }
  environment {
    compute_type = "BUILD_GENERAL1_SMALL"
    image        = "aws/codebuild/standard:7.0"
    type         = "LINUX_CONTAINER"
  }
  source {
    type = "NO_SOURCE"
  }
  ${logs}
}
${groups}`;
    // CloudWatch logs are on by default.
    expect(judged(loadHcl(project()))).toEqual([
      `violation aws_codebuild_project.site : no CloudWatch log group declared with this project is named /aws/codebuild/<name>, "/aws/codebuild/site-build", which AWS creates when the project first sends logs, keeping them forever: declare it with a retention, or, where it is declared in another root module or stack, suppress this finding with that reason`,
    ]);
    expect(outcomes(loadHcl(project("", `resource "aws_cloudwatch_log_group" "site" { name = "/aws/codebuild/\${aws_codebuild_project.site.name}" }`)))).toEqual([]);
    const logs = (cloudwatch: string) => `logs_config {
    cloudwatch_logs {
      ${cloudwatch}
    }
  }`;
    expect(outcomes(loadHcl(project(logs(`status = "DISABLED"`))))).toEqual([]);
    const custom = logs(`group_name = "/ci/site"`);
    expect(judged(loadHcl(project(custom, `resource "aws_cloudwatch_log_group" "site" { name = "/aws/codebuild/site-build" }`)))).toEqual([
      `violation aws_codebuild_project.site logs_config.0.cloudwatch_logs.0.group_name: no CloudWatch log group declared with this project is the one its logs_config.cloudwatch_logs.group_name names, "/ci/site", which AWS creates when the project first sends logs, keeping them forever: declare it with a retention, or, where it is declared in another root module or stack, suppress this finding with that reason`,
    ]);
    expect(outcomes(loadHcl(project(custom, `resource "aws_cloudwatch_log_group" "ci" { name = "/ci/site" }`)))).toEqual([]);
    // Read from a group of the stack while its name is not known: that group.
    const reading = logs("group_name = aws_cloudwatch_log_group.ci.name");
    expect(outcomes(loadHcl(project(reading, `resource "aws_cloudwatch_log_group" "ci" { name_prefix = "/ci/" }\nresource "aws_cloudwatch_log_group" "other" { name_prefix = "/ci/" }`)))).toEqual([]);
    expect(judged(loadHcl(project(logs("status = var.status"))))).toEqual([
      "undecided aws_codebuild_project.site logs_config.0.cloudwatch_logs.0.status: whether the project sends its build logs to CloudWatch Logs (logs_config.cloudwatch_logs.status), and so whether CodeBuild creates their log group, is not known to the check",
    ]);
  });

  test("an AppSync GraphQL API with a log_config needs /aws/appsync/apis/<id>, which only a group worked out from it can be", () => {
    const api = (name: string, logConfig: string) => `resource "aws_appsync_graphql_api" "${name}" {
  name                = "${name}"
  authentication_type = "API_KEY"
  ${logConfig}
}
`;
    const logConfig = `log_config {
    cloudwatch_logs_role_arn = "arn:aws:iam::123456789012:role/appsync"
    field_log_level          = "ERROR"
  }`;
    const apis = api("catalog", logConfig) + api("orders", logConfig) + api("quiet", "");
    expect(judged(loadHcl(apis + `resource "aws_cloudwatch_log_group" "orders" { name = "/aws/appsync/apis/\${aws_appsync_graphql_api.orders.id}" }`))).toEqual([
      "violation aws_appsync_graphql_api.catalog : no CloudWatch log group declared with this API is named /aws/appsync/apis/<id>, which AWS creates when the API first sends logs, keeping them forever: declare it with a retention, or, where it is declared in another root module or stack, suppress this finding with that reason",
    ]);
    // A group of a literal id may be an API's, whose id is not known.
    expect(outcomes(loadHcl(apis + `resource "aws_cloudwatch_log_group" "literal" { name = "/aws/appsync/apis/abcdefghijklmnopqrstuvwxyz" }`))).toEqual([
      "undecided aws_appsync_graphql_api.catalog ",
      "undecided aws_appsync_graphql_api.orders ",
    ]);
  });

  test("in Pulumi, an AppSync API's group whose name is an output of the API alone, not known at preview, is undecided", () => {
    const API = "aws:appsync/graphQLApi:GraphQLApi";
    const api: PulumiResource = { type: API, name: "catalog", props: { name: "catalog", authenticationType: "API_KEY", logConfig: { fieldLogLevel: "ERROR", cloudwatchLogsRoleArn: "arn:aws:iam::123456789012:role/appsync" } } };
    const group: PulumiResource = { ...logGroup("catalog-logs", { name: UNKNOWN }), dependencies: [syntheticUrn(API, "catalog")], propertyDependencies: { name: [syntheticUrn(API, "catalog")] } };
    expect(pulumi([api, group])).toEqual(["undecided catalog "]);
    expect(pulumi([api])).toEqual(["violation catalog "]);
  });

  describe("an AWS Batch job definition", () => {
    /** A job definition in us-east-1 whose container is written by `container` (HCL object members), and more HCL. */
    const job = (container: string, more = "") => `provider "aws" { region = "us-east-1" }
variable "driver" { type = string }
variable "properties" { type = string }
resource "aws_batch_job_definition" "etl" {
  name = "etl"
  type = "container"
  container_properties = ${container.startsWith("var.") ? container : `jsonencode({ image = "example/etl:1.8.2", ${container} })`}
}
${more}`;
    const logging = (driver: string, options = "") => `logConfiguration = { logDriver = ${driver}, options = { ${options} } }`;
    const declared = (name: string, region = "us-east-1") => `resource "aws_cloudwatch_log_group" "jobs" {
  region            = "${region}"
  name              = "${name}"
  retention_in_days = 30
}`;

    test("fails where the container logs to /aws/batch/job, without a logConfiguration or with awslogs and no group, and no group declared is it", () => {
      expect(judged(loadHcl(job(`command = ["run"]`)))).toEqual([
        "violation aws_batch_job_definition.etl container_properties: no CloudWatch log group declared with this job definition is /aws/batch/job, the group the container of container_properties logs to, which AWS creates when the job definition first sends logs, keeping them forever: declare it with a retention, or, where it is declared in another root module or stack, suppress this finding with that reason",
      ]);
      expect(outcomes(loadHcl(job(logging(`"awslogs"`, `"awslogs-stream-prefix" = "etl"`))))).toEqual(["violation aws_batch_job_definition.etl container_properties"]);
      // A group of that name in another region is not the one the job logs to.
      expect(outcomes(loadHcl(job(`command = ["run"]`, declared("/aws/batch/job", "eu-west-1"))))).toEqual(["violation aws_batch_job_definition.etl container_properties"]);
    });

    test("passes where /aws/batch/job is declared in its region, for every job definition there", () => {
      const two = job(`command = ["run"]`, declared("/aws/batch/job")).concat(`
resource "aws_batch_job_definition" "report" {
  name = "report"
  type = "container"
  container_properties = jsonencode({ image = "example/report:1.0.0" })
}`);
      expect(runRule(rule, loadHcl(two), configDefaults(rule))).toMatchObject({ applicable: true, judgements: [] });
    });

    test("judges a group its awslogs-group option names as an ECS container's: only one Batch creates (awslogs-create-group)", () => {
      const named = (create: string) => job(logging(`"awslogs"`, `"awslogs-group" = "/batch/etl", "awslogs-create-group" = ${create}`));
      expect(judged(loadHcl(named(`"true"`)))).toEqual([
        'violation aws_batch_job_definition.etl container_properties: no CloudWatch log group declared with this job definition is the one the awslogs-group option of the container of container_properties names, "/batch/etl", which AWS creates when the job definition first sends logs, keeping them forever: declare it with a retention, or, where it is declared in another root module or stack, suppress this finding with that reason',
      ]);
      expect(runRule(rule, loadHcl(named(`"true"`) + declared("/batch/etl")), configDefaults(rule))).toMatchObject({ applicable: true, judgements: [] });
      expect(runRule(rule, loadHcl(named(`"false"`)), configDefaults(rule))).toMatchObject({ applicable: false });
    });

    test("is not applicable to a container logging with another driver, nor to a job on EKS", () => {
      expect(runRule(rule, loadHcl(job(logging(`"splunk"`, `"splunk-url" = "https://splunk.example.com:8088"`))), configDefaults(rule))).toMatchObject({ applicable: false });
      const eks = `resource "aws_batch_job_definition" "pods" {
  name = "pods"
  type = "container"
  eks_properties {
    pod_properties {
      containers {
        image = "example/etl:1.8.2"
      }
    }
  }
}`;
      expect(runRule(rule, loadHcl(eks), configDefaults(rule))).toMatchObject({ applicable: false });
    });

    test("could not be evaluated where the container's properties or its log driver are not known", () => {
      expect(judged(loadHcl(job("var.properties")))).toEqual([
        "undecided aws_batch_job_definition.etl container_properties: container_properties is not known to the check, so neither whether its container logs to CloudWatch Logs nor the group",
      ]);
      expect(judged(loadHcl(job(logging("var.driver"))))).toEqual([
        "undecided aws_batch_job_definition.etl container_properties: the log driver of the container of container_properties (logConfiguration.logDriver) is not known to the check, so neither whether it logs to /aws/batch/job, which Batch creates",
      ]);
    });

    test("judges the container of each node range of a multi-node job", () => {
      const nodes = `provider "aws" { region = "us-east-1" }
resource "aws_batch_job_definition" "sim" {
  name = "sim"
  type = "multinode"
  node_properties = jsonencode({
    mainNode = 0
    numNodes = 3
    nodeRangeProperties = [
      { targetNodes = "0", container = { image = "example/sim:1.0.0" } },
      { targetNodes = "1:", container = { image = "example/sim:1.0.0", logConfiguration = { logDriver = "splunk", options = {} } } },
      { targetNodes = "2:", container = { image = "example/sim:1.0.0", logConfiguration = { logDriver = "awslogs", options = { "awslogs-group" = "/batch/sim", "awslogs-create-group" = "true" } } } },
    ]
  })
}
${declared("/aws/batch/job")}`;
      const run = runRule(rule, loadHcl(nodes).filter((resource) => rule.kinds.includes(resource.kind)), configDefaults(rule));
      expect(run.applicable && run.judgements.map(({ outcome, subject }) => `${outcome} ${subject}`)).toEqual(["violation node range 2"]);
      // Without the group declared, the first range's container, which logs to /aws/batch/job, fails too.
      const undeclared = runRule(rule, loadHcl(nodes.replace(declared("/aws/batch/job"), "")), configDefaults(rule));
      expect(undeclared.applicable && undeclared.judgements.map(({ outcome, subject }) => `${outcome} ${subject}`)).toEqual(["violation node range 0", "violation node range 2"]);
    });

    test("judges each container of a multi-container job's ecs_properties as a single container", () => {
      const tasks = (containers: string) => `provider "aws" { region = "us-east-1" }
variable "sidecar" { type = any }
resource "aws_batch_job_definition" "sim" {
  name = "sim"
  type = "container"
  ecs_properties = jsonencode({ taskProperties = [{ containers = [${containers}] }] })
}`;
      const judged = (hcl: string) => {
        const run = runRule(rule, loadHcl(hcl).filter((resource) => rule.kinds.includes(resource.kind)), configDefaults(rule));
        return run.applicable ? run.judgements.map(({ outcome, path, subject, message }) => `${outcome} ${path} ${subject}: ${message}`) : [];
      };
      const containers = `{ name = "main", image = "example/sim:1.0.0" },
    { name = "splunk", image = "example/sim:1.0.0", logConfiguration = { logDriver = "splunk", options = {} } },
    { name = "own", image = "example/sim:1.0.0", logConfiguration = { logDriver = "awslogs", options = { "awslogs-group" = "/batch/sim", "awslogs-create-group" = "true" } } }`;
      expect(judged(tasks(containers))).toEqual([
        "violation ecs_properties task 0 container 0: no CloudWatch log group declared with this job definition is /aws/batch/job, the group container 0 of task 0 in ecs_properties logs to, which AWS creates when the job definition first sends logs, keeping them forever: declare it with a retention, or, where it is declared in another root module or stack, suppress this finding with that reason",
        'violation ecs_properties task 0 container 2: no CloudWatch log group declared with this job definition is the one the awslogs-group option of container 2 of task 0 in ecs_properties names, "/batch/sim", which AWS creates when the job definition first sends logs, keeping them forever: declare it with a retention, or, where it is declared in another root module or stack, suppress this finding with that reason',
      ]);
      expect(judged(`${tasks(containers)}\n${declared("/aws/batch/job")}`).map((line) => line.split(":")[0])).toEqual(["violation ecs_properties task 0 container 2"]);
      expect(judged(tasks(`{ name = "main", image = "example/sim:1.0.0" }, var.sidecar`)).map((line) => line.split(":")[0])).toEqual([
        "violation ecs_properties task 0 container 0",
        "undecided ecs_properties task 0 container 1",
      ]);
    });
  });

  describe("an ECS task definition", () => {
    /** A task definition in us-east-1 whose containers each log with the awslogs driver, given their `options`, and more HCL. */
    const task = (options: readonly string[], more = "") => `provider "aws" { region = "us-east-1" }
variable "group" { type = string }
variable "create" { type = string }
variable "token" {
  type      = string
  sensitive = true
}
resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([${options
    .map(
      (option, index) => `{
    name   = "c${index}"
    image  = "public.ecr.aws/nginx/nginx:1.27.2"
    memory = 512
    logConfiguration = {
      logDriver = "awslogs"
      options   = { ${option} }
    }
  }`,
    )
    .join(", ")}])
}
${more}`;
    /** Its verdicts, as `outcome subject`. */
    const byContainer = (hcl: string) => {
      const run = runRule(rule, loadHcl(hcl).filter((resource) => rule.kinds.includes(resource.kind)), configDefaults(rule));
      return run.applicable ? run.judgements.map(({ outcome, path, subject }) => `${outcome} ${path} ${subject}`) : [];
    };
    const creating = (group: string, create = `"true"`) => `"awslogs-group" = ${group}, "awslogs-create-group" = ${create}, "awslogs-region" = "us-east-1"`;

    test("fails where a container has ECS create its group and no group declared is it, naming the container and the group", () => {
      expect(judged(loadHcl(task([creating(`"/ecs/api"`)])))).toEqual([
        `violation aws_ecs_task_definition.api container_definitions: no CloudWatch log group declared with this task definition is the one the awslogs-group option of container c0 names, "/ecs/api", which AWS creates when the task definition first sends logs, keeping them forever: declare it with a retention, or, where it is declared in another root module or stack, suppress this finding with that reason`,
      ]);
      // JSON's boolean, as the provider takes it, and each container judged apart.
      expect(byContainer(task([creating(`"/ecs/api"`), creating(`"/ecs/worker"`, "true")], `resource "aws_cloudwatch_log_group" "api" { name = "/ecs/api" }`))).toEqual([
        "violation container_definitions container c1",
      ]);
    });

    test("passes a group declared by its name or read from a declared group, and judges no container without awslogs-create-group", () => {
      expect(byContainer(task([creating(`"/ecs/api"`)], `resource "aws_cloudwatch_log_group" "api" { name = "/ecs/api" }`))).toEqual([]);
      // Read from a group whose name the provider generates: that group, which another read attribute is not.
      const prefixed = `resource "aws_cloudwatch_log_group" "api" { name_prefix = "/ecs/api-" }
resource "aws_cloudwatch_log_group" "other" { name_prefix = "/ecs/api-" }`;
      expect(byContainer(task([creating("aws_cloudwatch_log_group.api.name")], prefixed))).toEqual([]);
      expect(byContainer(task([creating("aws_cloudwatch_log_group.api.arn")], prefixed))).toEqual(["undecided container_definitions container c0"]);
      // The definitions read two groups: which one the name is, the check does not tell.
      expect(byContainer(task([creating("aws_cloudwatch_log_group.api.name"), creating("aws_cloudwatch_log_group.other.name")], prefixed))).toEqual([
        "undecided container_definitions container c0",
        "undecided container_definitions container c1",
      ]);
      expect(runRule(rule, loadHcl(task([`"awslogs-group" = "/ecs/api"`, creating(`"/ecs/api"`, `"false"`)])), configDefaults(rule))).toMatchObject({ applicable: false });
    });

    test("could not be evaluated where the group's name or the create flag is not known; known in part, its text may rule every group out", () => {
      expect(judged(loadHcl(task([creating(`"/ecs/api"`, "var.create")])))).toEqual([
        "undecided aws_ecs_task_definition.api container_definitions: whether container c0 has ECS create the log group its awslogs-group option names (awslogs-create-group) is not known to the check",
      ]);
      expect(judged(loadHcl(task([creating("var.group")])))).toEqual([
        "undecided aws_ecs_task_definition.api container_definitions: the log group the awslogs-group option of container c0 names is not known to the check, so neither whether it is declared nor whether ECS creates it",
      ]);
      const partly = task([creating(`"/ecs/\${var.group}"`)]);
      expect(byContainer(partly + `resource "aws_cloudwatch_log_group" "api" { name = "/ecs/api" }`)).toEqual(["undecided container_definitions container c0"]);
      expect(byContainer(partly + `resource "aws_cloudwatch_log_group" "api" { name = "/app/api" }`)).toEqual(["violation container_definitions container c0"]);
    });

    test("counts only a group in the region its awslogs-region option names, and could not be evaluated where either region is not known", () => {
      const logging = (region: string, group: string) => `variable "region" { type = string }
provider "aws" {
  alias  = "logs"
  region = var.region
}
${task([`"awslogs-group" = "/ecs/api", "awslogs-create-group" = "true", "awslogs-region" = ${region}`], group)}`;
      // Declared in the task definition's region, us-east-1, while the container logs to eu-west-1: ECS creates its own there.
      expect(outcomes(loadHcl(logging(`"eu-west-1"`, `resource "aws_cloudwatch_log_group" "api" { name = "/ecs/api" }`)))).toEqual(["violation aws_ecs_task_definition.api container_definitions"]);
      const inEurope = `resource "aws_cloudwatch_log_group" "api" {
  region = "eu-west-1"
  name   = "/ecs/api"
}`;
      expect(outcomes(loadHcl(logging(`"eu-west-1"`, inEurope)))).toEqual([]);
      // ...and not in us-east-1, the task definition's own.
      expect(outcomes(loadHcl(logging(`"us-east-1"`, inEurope)))).toEqual(["violation aws_ecs_task_definition.api container_definitions"]);
      expect(judged(loadHcl(logging(`"eu-west-1"`, `resource "aws_cloudwatch_log_group" "api" {
  provider = aws.logs
  name     = "/ecs/api"
}`)))).toEqual([
        "undecided aws_ecs_task_definition.api container_definitions: whether aws_cloudwatch_log_group.api is in the region the awslogs-region option of container c0 names cannot be told: the region of aws_cloudwatch_log_group.api is not known",
      ]);
      expect(judged(loadHcl(logging("var.region", inEurope)))).toEqual([
        "undecided aws_ecs_task_definition.api container_definitions: whether aws_cloudwatch_log_group.api is in the region the awslogs-region option of container c0 names cannot be told: that option is not known to the check",
      ]);
      // Where no group declared has its name, its region cannot matter.
      expect(outcomes(loadHcl(logging("var.region", inEurope.replace("/ecs/api", "/ecs/other"))))).toEqual(["violation aws_ecs_task_definition.api container_definitions"]);
    });

    test("in Pulumi, counts a group in the region its awslogs-region option names, and a group on a provider whose region is not known could not be evaluated", () => {
      const definitions = JSON.stringify([
        { name: "api", image: "example/api:1.4.2", memory: 512, logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/api", "awslogs-region": "eu-west-1", "awslogs-create-group": "true" } } },
      ]);
      const task: PulumiResource = { type: "aws:ecs/taskDefinition:TaskDefinition", name: "api", props: { region: "us-east-1", family: "api", containerDefinitions: definitions } };
      expect(pulumi([task, logGroup("api-logs", { region: "eu-west-1", name: "/ecs/api" })])).toEqual([]);
      expect(pulumi([task, logGroup("api-logs", { region: "us-east-1", name: "/ecs/api" })])).toEqual(["violation api container_definitions"]);
      expect(pulumi([task, logGroup("api-logs", { name: "/ecs/api" })])).toEqual(["undecided api container_definitions"]);
    });

    test("never names a secret group", () => {
      const [secret] = judged(loadHcl(task([creating(`"/ecs/\${var.token}"`)]).replace('variable "token" {\n  type      = string', 'variable "token" {\n  default   = "t0k3n"\n  type      = string')));
      expect(secret).toMatch(/^violation .* the awslogs-group option of container c0 names, \[secret\], which AWS creates/);
      expect(secret).not.toContain("t0k3n");
    });

    test("in CDKTF's JSON, reads the definitions from their JSON text", () => {
      const cdktf = {
        resource: {
          aws_ecs_task_definition: {
            api: {
              family: "api",
              container_definitions: JSON.stringify([{ name: "api", image: "nginx:1.27.2", logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/api", "awslogs-create-group": "true" } } }]),
            },
          },
        },
      };
      const resources = withFiles({ "cdk.tf.json": JSON.stringify(cdktf) }, (dir) => loadTerraform([dir], { commandLineVariables: [] }).units.flatMap((unit) => unit.resources));
      expect(outcomes(resources)).toEqual(["violation aws_ecs_task_definition.api container_definitions"]);
    });
  });

  // Text redaction leaves values under four characters alone, so the rule must not print one it knows is secret.
  test("a group named after a secret log type says [secret] for it, however short", () => {
    const database = fromPulumi({ type: "aws:rds/instance:Instance", name: "orders", props: { identifier: "orders", engine: "postgres", enabledCloudwatchLogsExports: [wireSecret("ab1")] } });
    expect(judged([database])).toEqual([expect.stringContaining('/aws/rds/instance/<identifier>/<log>, [secret] for this exported log')]);
  });

  test("its fix says how each service's groups are declared, in the engine's names", () => {
    const neptune: PulumiResource = { type: "aws:neptune/cluster:Cluster", name: "graph", props: { clusterIdentifier: "graph", enableCloudwatchLogsExports: ["audit"] } };
    expect(Object.values(fixesIn("terraform", rule, [neptune]))).toEqual([
      expect.stringMatching(/^Declare a log group for each log in enable_cloudwatch_logs_exports \(aws_cloudwatch_log_group\) with a retention_in_days, before the cluster is created: list them in its depends_on,/),
    ]);
    const broker: PulumiResource = { type: "aws:mq/broker:Broker", name: "jobs", props: { brokerName: "jobs", logs: { general: true } } };
    const [terraform] = Object.values(fixesIn("terraform", rule, [broker]));
    expect(terraform).toMatch(/^Declare a log group \(aws_cloudwatch_log_group\) with a retention_in_days for each log its logs block turns on, named \/aws\/amazonmq\/broker\/, the broker's id/);
    expect(terraform).toContain("(import it)");
    expect(Object.values(fixesIn("pulumi", rule, [broker]))).toEqual([expect.stringContaining("with a retentionInDays")]);
    const settings: PulumiResource = { type: "aws:apigateway/methodSettings:MethodSettings", name: "prod", props: { restApi: "a1b2c3d4e5", stageName: "prod", methodPath: "*/*", settings: { loggingLevel: "INFO" } } };
    expect(Object.values(fixesIn("terraform", rule, [settings]))).toEqual([expect.stringMatching(/^Declare the stage's execution log group \(aws_cloudwatch_log_group\) .* stage_name, before the stage is created: list it in the stage's depends_on,/)]);
    expect(Object.values(fixesIn("pulumi", rule, [settings]))).toEqual([expect.stringMatching(/stageName, before the stage is created: give the stage the dependsOn option naming it,/)]);
    const project: PulumiResource = { type: "aws:codebuild/project:Project", name: "site", props: { name: "site-build" } };
    expect(Object.values(fixesIn("terraform", rule, [project]))).toEqual([expect.stringMatching(/^Declare the project's log group \(aws_cloudwatch_log_group\) .* named \/aws\/codebuild\/ and the project's name, or point logs_config's cloudwatch_logs group_name/)]);
    const api: PulumiResource = { type: "aws:appsync/graphQLApi:GraphQLApi", name: "catalog", props: { name: "catalog", logConfig: { fieldLogLevel: "ERROR" } } };
    expect(Object.values(fixesIn("terraform", rule, [api]))).toEqual([expect.stringMatching(/^Declare the API's log group \(aws_cloudwatch_log_group\) .* named \/aws\/appsync\/apis\/ and the API's id: .*\(import it\)\.$/)]);
    const taskDefinition: PulumiResource = {
      type: "aws:ecs/taskDefinition:TaskDefinition",
      name: "api",
      props: { family: "api", containerDefinitions: JSON.stringify([{ name: "api", logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/api", "awslogs-create-group": "true" } } }]) },
    };
    expect(Object.values(fixesIn("pulumi", rule, [taskDefinition]))).toEqual([
      'Declare the container\'s log group (aws.cloudwatch.LogGroup) with a retentionInDays and point the "awslogs-group" option of its logConfiguration in containerDefinitions at its name, or drop "awslogs-create-group" and log to a group declared with a retention.',
    ]);
  });

  test("a log_group known in part is judged by its known text", () => {
    const audit = (groupName: string) => `variable "env" { type = string }
${lambda("audit", `function_name = "audit"
  logging_config {
    log_format = "JSON"
    log_group  = "/app/\${var.env}/audit"
  }`)}
resource "aws_cloudwatch_log_group" "audit" { name = "${groupName}" }`;
    expect(outcomes(loadHcl(audit("/app/prod/audit")))).toEqual(["undecided aws_lambda_function.audit logging_config.0.log_group"]);
    expect(outcomes(loadHcl(audit("/app/prod/billing")))).toEqual(["violation aws_lambda_function.audit logging_config.0.log_group"]);
  });

  test("its messages name the function's properties as a Pulumi program writes them", () => {
    const [stack] = [check(rule, [fn("worker", { name: "worker" })]).stack];
    const run = runRule(rule, stack, configDefaults(rule), pulumiMessage);
    expect(run).toMatchObject({ applicable: true, judgements: [{ outcome: "violation", path: "" }] });
    const message = run.applicable ? run.judgements[0].message : "";
    expect(message).toContain("/aws/lambda/<name>");
    expect(message).not.toContain("function_name");
  });

  describe("a real plan (see its README)", () => {
    const dir = join(__dirname, "../../fixtures/terraform/plan/service-log-groups");
    const units = (path: string) =>
      Object.fromEntries(loadTerraform([path], { commandLineVariables: [] }).units.map((unit) => [unit.name.split("/").pop(), outcomes(unit.resources).sort()]));

    test("alone, leaves a function undecided where the plan holds its logging_config or log_group unknown", () => {
      expect(units(join(dir, "plan.json"))).toEqual({
        "plan.json": [
          // The group named after `generated`, whose name reads uuid(), is unknown in the plan, which does not say how
          // it is written: it may be any group.
          "undecided aws_db_instance.orders enabled_cloudwatch_logs_exports.1",
          "undecided aws_eks_cluster.platform enabled_cluster_log_types",
          "undecided aws_lambda_function.declared logging_config",
          "undecided aws_lambda_function.generated logging_config",
          "undecided aws_lambda_function.json logging_config.0.log_group",
          "undecided aws_lambda_function.plain logging_config",
        ],
      });
    });

    test("beside its code, which tells the blocks it leaves out, judges as the code does but for a log_group the provider fills in", () => {
      const inCode = [
        "violation aws_db_instance.orders enabled_cloudwatch_logs_exports.1",
        "violation aws_eks_cluster.platform enabled_cluster_log_types",
        "violation aws_lambda_function.plain ",
      ];
      expect(units(dir)).toEqual({ "plan.json": ["undecided aws_lambda_function.json logging_config.0.log_group", ...inCode], "service-log-groups": inCode });
    });
  });
});
