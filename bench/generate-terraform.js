#!/usr/bin/env node
/**
 * Generates a deterministic (seeded) Terraform tree shaped like a real estate of root modules, for the checker
 * benchmark: `live/<env>/<team>-<app>/` root modules (versions, variables, locals, network, database, storage,
 * lambda, ecs, load balancer, queues, alarms, parameters, outputs, sometimes a terraform.tfvars), some calling the
 * local modules `modules/worker` (with for_each) and `modules/static-site` (with count). Resources use variables,
 * locals, count/for_each, dynamic blocks, references between resources and into modules, jsonencode, heredocs,
 * comments and a few `prodready:ignore` suppressions.
 *
 * The generator knows how many resource instances each root expands to, so the tree holds exactly `resources`
 * resources as `prodready check` counts them (instances after count/for_each, module resources per call).
 *
 *   node bench/generate-terraform.js [dir] [--resources 10000] [--roots 100] [--seed 1] [--single-file]
 *
 * `--single-file` writes each root module's .tf files as one main.tf, in name order: with `--roots 1` it gives one
 * large file of ordinary resources, the shape the issue's Go parser figure was measured on.
 *
 * Without a dir it writes into a new temporary directory. Prints the directory, files, size and resources.
 */
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");

// ---------------------------------------------------------------- randomness

/** mulberry32: small, fast, and the same sequence on every platform and Node version. */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function makeRandom(seed) {
  const next = mulberry32(seed);
  const random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    /** `count` distinct elements of `list`, in list order. */
    some: (list, count) => {
      const chosen = new Set();
      while (chosen.size < Math.min(count, list.length)) chosen.add(Math.floor(next() * list.length));
      return [...chosen].sort((a, b) => a - b).map((index) => list[index]);
    },
    hex: (length) => Array.from({ length }, () => "0123456789abcdef"[Math.floor(next() * 16)]).join(""),
  };
  return random;
}

// ---------------------------------------------------------------- HCL emitting

/**
 * A body is a list of items: `attr(name, expression)`, `block(type, labels, items)`, `comment(text)`, `BLANK`.
 * Runs of single-line attributes are aligned on `=` as `terraform fmt` does; multi-line expressions are indented
 * with the body (`<<EOT` heredocs are written as they are).
 */
const BLANK = { kind: "blank" };
const attr = (name, value) => ({ kind: "attr", name, value });
const block = (type, labels, items) => ({ kind: "block", type, labels, items });
const comment = (text) => ({ kind: "comment", text });
const raw = (text) => ({ kind: "raw", text });

function indentLines(text, pad) {
  if (/<<[A-Z]/.test(text)) return text; // a plain heredoc keeps its text as written
  return text.replace(/\n/g, `\n${pad}`);
}

function emitBody(items, depth) {
  const pad = "  ".repeat(depth);
  const out = [];
  let run = [];
  const flush = () => {
    const width = Math.max(0, ...run.filter((item) => !item.value.includes("\n")).map((item) => item.name.length));
    for (const item of run) {
      const name = item.value.includes("\n") ? item.name : item.name.padEnd(width);
      out.push(`${pad}${name} = ${indentLines(item.value, pad)}`);
    }
    run = [];
  };
  for (const item of items) {
    if (item === undefined || item === null || item === false) continue;
    if (item.kind === "attr") {
      // A multi-line value ends an alignment run, as in terraform fmt.
      run.push(item);
      if (item.value.includes("\n")) flush();
      continue;
    }
    flush();
    if (item.kind === "blank") out.push("");
    else if (item.kind === "comment") out.push(...item.text.split("\n").map((line) => `${pad}# ${line}`.trimEnd()));
    else if (item.kind === "raw") out.push(...item.text.split("\n").map((line) => (line === "" ? "" : pad + line)));
    else out.push(emitBlock(item, depth));
  }
  flush();
  return out.join("\n");
}

function emitBlock(item, depth) {
  const pad = "  ".repeat(depth);
  const labels = item.labels.map((label) => ` ${JSON.stringify(label)}`).join("");
  const inner = item.items.filter((entry) => entry !== undefined && entry !== null && entry !== false);
  if (inner.length === 0) return `${pad}${item.type}${labels} {}`;
  return `${pad}${item.type}${labels} {\n${emitBody(inner, depth + 1)}\n${pad}}`;
}

/** Top-level blocks separated by blank lines. */
function file(...blocks) {
  return (
    blocks
      .flat()
      .filter((entry) => entry !== undefined && entry !== null && entry !== false)
      .map((entry) => (typeof entry === "string" ? entry : entry.kind === "block" ? emitBlock(entry, 0) : emitBody([entry], 0)))
      .join("\n\n") + "\n"
  );
}

/** An object expression: `{ k = v, ... }` on several lines, keys aligned. */
function obj(entries, { quoteKeys = false } = {}) {
  const list = entries.filter(Boolean);
  if (list.length === 0) return "{}";
  const key = (name) => (quoteKeys || !/^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? JSON.stringify(name) : name);
  const width = Math.max(...list.filter(([, value]) => !value.includes("\n")).map(([name]) => key(name).length), 0);
  const lines = list.map(([name, value]) => `  ${value.includes("\n") ? key(name) : key(name).padEnd(width)} = ${value.replace(/\n/g, "\n  ")}`);
  return `{\n${lines.join("\n")}\n}`;
}

/** A tuple: on one line when short, else one element a line. */
function list(elements, multiline) {
  if (elements.length === 0) return "[]";
  const one = `[${elements.join(", ")}]`;
  if (!multiline && one.length <= 80 && !one.includes("\n")) return one;
  return `[\n${elements.map((element) => `  ${element.replace(/\n/g, "\n  ")},`).join("\n")}\n]`;
}

const str = (text) => JSON.stringify(text);

// ---------------------------------------------------------------- vocabulary

const TEAMS = ["payments", "checkout", "identity", "search", "catalog", "orders", "billing", "ledger", "notify", "media", "reports", "fraud", "pricing", "inventory", "shipping", "loyalty", "support", "analytics", "partners", "gateway"];
const APPS = ["api", "worker", "sync", "portal", "events", "core", "ingest", "export", "admin", "scheduler"];
const ENVS = ["prod", "staging", "dev"];
const REGIONS = ["eu-west-1", "eu-central-1", "us-east-1", "us-west-2"];
const FUNCTIONS = ["resize", "webhook", "notifier", "cleanup", "exporter", "importer", "reconcile", "audit", "digest", "enricher", "thumbnail", "indexer"];
const SERVICES = ["api", "web", "admin", "grpc", "public", "internal"];
const QUEUES = ["events", "emails", "exports", "imports", "webhooks", "audit", "retries", "invoices"];
const BUCKETS = ["artifacts", "uploads", "exports", "logs", "backups", "reports", "media"];
const WORKERS = ["mailer", "pdf", "sync", "billing", "indexer"];
const RUNTIMES = ["python3.12", "python3.11", "nodejs20.x", "nodejs22.x", "java21", "provided.al2023"];
const PARAMETERS = ["log_level", "feature_flags", "page_size", "cache_ttl", "upstream_url", "retry_limit", "batch_size", "timeout_ms", "region_fallback", "rate_limit", "max_connections", "sentry_environment", "tracing_sample_rate", "maintenance_window", "support_email", "default_locale", "currency", "owner_team", "cost_center", "oncall_rotation"];
const NOTES = [
  "Owned by the team named in the tags; page them before changing this.",
  "Kept in sync with the runbook in the service repository.",
  "Sizing reviewed after the last load test.",
  "TODO: move to the shared module once it supports this.",
  "Imported from the console in 2023; do not rename without a moved block.",
  "See ADR-014 for why this is configured this way.",
  "Values differ per environment through terraform.tfvars.",
];

// ---------------------------------------------------------------- root module

/** How many resource instances a root expands to, for the sizes chosen. */
function rootCount(s) {
  return (
    3 + s.admin +
    (s.db ? 9 + s.replicas : 0) +
    5 * s.buckets +
    (3 + 5 * s.functions) +
    (s.services > 0 ? 2 + 8 * s.services + 5 : 0) +
    3 * s.queues +
    2 +
    WORKER_RESOURCES * s.workers +
    SITE_RESOURCES * s.site
  );
}

const WORKER_RESOURCES = 8;
const SITE_RESOURCES = 6;

function chooseSizes(random, budget) {
  const s = {
    functions: random.int(1, 5),
    services: random.chance(0.1) ? 0 : random.int(1, 3),
    queues: random.int(1, 4),
    buckets: random.int(1, 3),
    workers: random.chance(0.35) ? random.int(1, 3) : 0,
    site: random.chance(0.2) ? 1 : 0,
    db: random.chance(0.75),
    replicas: 0,
    admin: random.int(0, 2),
  };
  if (s.db) s.replicas = random.pick([0, 0, 1, 2]);
  // Parameters: one per worker plus a few, by for_each; the rest of the budget is written out resource by resource.
  s.parameters = random.int(2, 5);
  // Shrink until the parameters fit in what is left.
  const minimum = { functions: 1, services: 0, queues: 1, buckets: 1, workers: 0, site: 0, replicas: 0, admin: 0, parameters: 1 };
  while (rootCount(s) + s.workers + s.parameters > budget) {
    const shrinkable = Object.keys(minimum).filter((key) => s[key] > minimum[key]);
    if (s.db) shrinkable.push("db");
    if (shrinkable.length === 0) throw new Error(`a root of ${budget} resources is too small`);
    const key = random.pick(shrinkable);
    if (key === "db") {
      s.db = false;
      s.replicas = 0;
    } else s[key]--;
  }
  s.explicit = budget - rootCount(s) - s.workers - s.parameters;
  return s;
}

function generateRoot(random, root) {
  const { env, team, app, sizes: s, region, statePath } = root;
  const prod = env === "prod";
  const files = {};
  const functions = random.some(FUNCTIONS, s.functions);
  const services = random.some(SERVICES, s.services);
  const queues = random.some(QUEUES, s.queues);
  const buckets = random.some(BUCKETS, s.buckets);
  const workers = random.some(WORKERS, s.workers);
  const parameters = PARAMETERS.slice(0, s.parameters);
  const tfvars = random.chance(0.6);
  const dataDocs = random.chance(0.5);
  const suppress = (slug, reason) => (random.chance(0.08) ? comment(`prodready:ignore ${slug} ${reason}${random.chance(0.5) ? " exp:2027-06-30" : ""}`) : undefined);
  const note = () => (random.chance(0.3) ? comment(random.pick(NOTES)) : undefined);
  const tags = (name) => attr("tags", `merge(local.common_tags, {\n  Name = ${name}\n})`);

  // ---- versions.tf
  files["versions.tf"] = file(
    block("terraform", [], [
      attr("required_version", str(">= 1.6.0")),
      BLANK,
      block("required_providers", [], [attr("aws", obj([["source", str("hashicorp/aws")], ["version", str(random.pick(["~> 5.40", "~> 5.60", ">= 5.0, < 6.0"]))]]))]),
      BLANK,
      block("backend", ["s3"], [
        attr("bucket", str(`acme-terraform-state-${env}`)),
        attr("key", str(`${statePath}/terraform.tfstate`)),
        attr("region", str("eu-west-1")),
        attr("dynamodb_table", str("terraform-locks")),
        attr("encrypt", "true"),
      ]),
    ]),
    block("provider", ["aws"], [attr("region", "var.region"), BLANK, block("default_tags", [], [attr("tags", "local.common_tags")])]),
    block("provider", ["aws"], [attr("alias", str("us_east_1")), attr("region", str("us-east-1"))]),
  );

  // ---- variables.tf
  const functionMap = obj(
    functions.map((name) => [
      name,
      obj([
        ["handler", str(random.pick(["main.handler", "index.handler", "app.lambda_handler", "bootstrap"]))],
        ["runtime", str(random.pick(RUNTIMES))],
        ["memory", String(random.pick([128, 256, 512, 1024, 2048]))],
        ["timeout", String(random.pick([3, 10, 30, 60, 300, 900]))],
        ["environment", obj(random.some(["LOG_FORMAT", "BATCH_SIZE", "TARGET_BUCKET", "FEATURE_X", "UPSTREAM"], random.int(0, 3)).map((key) => [key, str(key === "BATCH_SIZE" ? String(random.int(10, 500)) : `${name}-${random.hex(4)}`)]))],
      ]),
    ]),
  );
  const serviceMap = obj(
    services.map((name, index) => [
      name,
      obj([
        ["cpu", String(random.pick([256, 512, 1024, 2048]))],
        ["memory", String(random.pick([512, 1024, 2048, 4096]))],
        ["port", String(random.pick([8080, 8000, 3000, 9090]))],
        ["desired_count", String(prod ? random.int(2, 6) : 1)],
        ["max_count", String(prod ? random.int(6, 30) : 2)],
        ["path", str(index === 0 ? "/*" : `/${name}/*`)],
        ["priority", String(100 + index * 10)],
        ["health_path", str(random.pick(["/healthz", "/health", "/_status", "/ping"]))],
      ]),
    ]),
  );
  const queueMap = obj(queues.map((name) => [name, obj([["visibility_timeout", String(random.pick([30, 60, 120, 300]))], ["max_receive", String(random.int(3, 10))], ["fifo", String(random.chance(0.15))]])]));
  const workerMap = obj(workers.map((name) => [name, obj([["memory", String(random.pick([256, 512, 1024]))], ["batch_size", String(random.pick([1, 5, 10]))], ["runtime", str(random.pick(RUNTIMES.slice(0, 4)))]])]));
  const vpcId = `vpc-${random.hex(17)}`;
  const subnets = (count) => list(Array.from({ length: count }, () => str(`subnet-${random.hex(17)}`)));
  const variable = (name, type, description, defaultValue, extra = []) =>
    block("variable", [name], [attr("description", str(description)), attr("type", type), defaultValue !== undefined ? attr("default", defaultValue) : undefined, ...extra]);
  const values = {
    environment: str(env),
    service_name: str(`${team}-${app}`),
    vpc_id: str(vpcId),
    private_subnet_ids: subnets(3),
    public_subnet_ids: subnets(3),
    image_tag: str(random.chance(0.1) ? "latest" : `${random.int(1, 4)}.${random.int(0, 30)}.${random.int(0, 9)}`),
    functions: functionMap,
    services: serviceMap,
    queues: queueMap,
    workers: workerMap,
  };
  const given = (name) => (tfvars ? undefined : values[name]);
  files["variables.tf"] = file(
    variable("region", "string", "AWS region of the stack", str(region)),
    variable("environment", "string", "Deployment environment", given("environment"), [
      BLANK,
      block("validation", [], [attr("condition", `contains(["dev", "staging", "prod"], var.environment)`), attr("error_message", str("The environment must be dev, staging or prod."))]),
    ]),
    variable("service_name", "string", "Name of the service, used as the prefix of every resource name", given("service_name")),
    variable("vpc_id", "string", "VPC the service runs in", given("vpc_id")),
    variable("private_subnet_ids", "list(string)", "Private subnets for tasks, functions and the database", given("private_subnet_ids")),
    variable("public_subnet_ids", "list(string)", "Public subnets for the load balancer", given("public_subnet_ids")),
    variable("admin_cidrs", "list(string)", "Networks allowed to reach the bastion port", list(Array.from({ length: s.admin }, (_, i) => str(`10.${random.int(100, 200)}.${i}.0/24`)))),
    variable("image_tag", "string", "Tag of the container images to deploy", given("image_tag")),
    variable("registry", "string", "ECR registry of the account", str(`${random.int(100000000000, 999999999999)}.dkr.ecr.${region}.amazonaws.com`)),
    variable(
      "functions",
      "map(object({\n  handler     = string\n  runtime     = string\n  memory      = number\n  timeout     = number\n  environment = map(string)\n}))",
      "Lambda functions of the service",
      given("functions"),
    ),
    variable("services", "map(object({\n  cpu           = number\n  memory        = number\n  port          = number\n  desired_count = number\n  max_count     = number\n  path          = string\n  priority      = number\n  health_path   = string\n}))", "ECS services behind the load balancer", given("services")),
    variable("queues", "map(object({\n  visibility_timeout = number\n  max_receive        = number\n  fifo               = bool\n}))", "SQS queues, each with a dead-letter queue", given("queues")),
    s.workers > 0 ? variable("workers", "map(object({ memory = number, batch_size = number, runtime = string }))", "Queue workers (modules/worker)", given("workers")) : undefined,
    s.db
      ? variable(
          "db",
          "object({\n  instance_class    = string\n  allocated_storage = number\n  engine_version    = string\n})",
          "Database sizing",
          obj([["instance_class", str(random.pick(["db.t4g.medium", "db.r6g.large", "db.r6g.xlarge", "db.m6g.large"]))], ["allocated_storage", String(random.pick([20, 50, 100, 250]))], ["engine_version", str(random.pick(["15.5", "16.3", "16.4"]))]]),
        )
      : undefined,
    s.db ? variable("db_replica_count", "number", "Read replicas of the database", String(s.replicas)) : undefined,
    variable("alarm_email", "string", "Where alarms are sent", str(`${team}-oncall@example.com`)),
    variable("enable_site", "bool", "Whether the static site is deployed", s.site ? "true" : "false"),
    variable("tags", "map(string)", "Extra tags for every resource", obj([["CostCenter", str(`cc-${random.int(1000, 9999)}`)]])),
  );
  if (tfvars) {
    const keys = ["environment", "service_name", "vpc_id", "private_subnet_ids", "public_subnet_ids", "image_tag", "functions", "services", "queues", ...(s.workers > 0 ? ["workers"] : [])];
    files["terraform.tfvars"] = `# ${env} values for ${team}-${app}\n` + emitBody(keys.map((key) => attr(key, values[key])), 0).replace(/\n(\w+ *= *[[{])/g, "\n\n$1") + "\n";
  }

  // ---- locals.tf
  files["locals.tf"] = file(
    comment(`Names and tags shared by every resource of ${team}-${app}.`),
    block("locals", [], [
      attr("name_prefix", `"\${var.service_name}-\${var.environment}"`),
      attr("is_prod", `var.environment == "prod"`),
      attr("account_id", "data.aws_caller_identity.current.account_id"),
      BLANK,
      attr("common_tags", `merge(var.tags, {\n  Service     = var.service_name\n  Environment = var.environment\n  Team        = ${str(team)}\n  ManagedBy   = "terraform"\n  Repository  = "github.com/acme/infrastructure"\n})`),
      BLANK,
      comment("Extra ingress on the application security group, besides the load balancer."),
      attr(
        "extra_ingress",
        list(
          Array.from({ length: random.int(1, 3) }, () => {
            const port = random.pick([8125, 9100, 9090, 4317]);
            return `{ port = ${port}, cidr = "10.${random.int(0, 255)}.0.0/16", description = "${random.pick(["metrics", "tracing", "health probes", "sidecar"])}" }`;
          }),
          true,
        ),
      ),
      BLANK,
      attr("lambda_env", obj([["ENVIRONMENT", "var.environment"], ["SERVICE", "var.service_name"], ["LOG_LEVEL", `local.is_prod ? "info" : "debug"`], ["POWERTOOLS_SERVICE_NAME", `"\${var.service_name}-lambda"`]])),
      s.db ? attr("db_parameters", obj([["log_min_duration_statement", str("500")], ["log_statement", str("ddl")], ["rds.force_ssl", str("1")], ["shared_preload_libraries", str("pg_stat_statements")]].slice(0, random.int(2, 4)), { quoteKeys: true })) : undefined,
      BLANK,
      attr("buckets", `toset([for name in ${list(buckets.map(str))} : "\${local.name_prefix}-\${name}"])`),
      BLANK,
      attr(
        "parameters",
        s.workers > 0
          ? `merge(\n  ${obj(parameters.map((name, i) => [name, parameterValue(random, name, i)])).replace(/\n/g, "\n  ")},\n  { for name, worker in module.workers : "workers/\${name}/queue_url" => worker.queue_url },\n)`
          : obj(parameters.map((name, i) => [name, parameterValue(random, name, i)])),
      ),
    ]),
    block("data", ["aws_caller_identity", "current"], []),
    block("data", ["aws_region", "current"], []),
  );

  // ---- network.tf
  files["network.tf"] = file(
    comment("Security groups: the load balancer takes the internet, the tasks take the load balancer, the database takes the tasks."),
    block("resource", ["aws_security_group", "lb"], [
      attr("name", `"\${local.name_prefix}-lb"`),
      attr("description", str("Load balancer of the service")),
      attr("vpc_id", "var.vpc_id"),
      BLANK,
      ...["443", "80"].map((port) =>
        block("ingress", [], [attr("description", str(port === "443" ? "HTTPS from anywhere" : "HTTP from anywhere, redirected")), attr("from_port", port), attr("to_port", port), attr("protocol", str("tcp")), attr("cidr_blocks", `["0.0.0.0/0"]`), attr("ipv6_cidr_blocks", `["::/0"]`)]),
      ),
      BLANK,
      block("egress", [], [attr("from_port", "0"), attr("to_port", "0"), attr("protocol", str("-1")), attr("cidr_blocks", `["0.0.0.0/0"]`)]),
      BLANK,
      tags(`"\${local.name_prefix}-lb"`),
    ]),
    block("resource", ["aws_security_group", "app"], [
      attr("name", `"\${local.name_prefix}-app"`),
      attr("description", str("Tasks and functions of the service")),
      attr("vpc_id", "var.vpc_id"),
      BLANK,
      block("ingress", [], [attr("description", str("From the load balancer")), attr("from_port", "0"), attr("to_port", "65535"), attr("protocol", str("tcp")), attr("security_groups", "[aws_security_group.lb.id]")]),
      BLANK,
      block("dynamic", ["ingress"], [
        attr("for_each", "local.extra_ingress"),
        attr("iterator", "rule"),
        block("content", [], [attr("description", "rule.value.description"), attr("from_port", "rule.value.port"), attr("to_port", "rule.value.port"), attr("protocol", str("tcp")), attr("cidr_blocks", "[rule.value.cidr]")]),
      ]),
      BLANK,
      block("egress", [], [attr("from_port", "0"), attr("to_port", "0"), attr("protocol", str("-1")), attr("cidr_blocks", `["0.0.0.0/0"]`)]),
      BLANK,
      tags(`"\${local.name_prefix}-app"`),
    ]),
    block("resource", ["aws_security_group", "db"], [
      attr("name", `"\${local.name_prefix}-db"`),
      attr("description", str("Database of the service")),
      attr("vpc_id", "var.vpc_id"),
      BLANK,
      block("ingress", [], [attr("description", str("PostgreSQL from the tasks")), attr("from_port", "5432"), attr("to_port", "5432"), attr("protocol", str("tcp")), attr("security_groups", "[aws_security_group.app.id]")]),
      BLANK,
      tags(`"\${local.name_prefix}-db"`),
    ]),
    s.admin > 0
      ? [
          suppress("aws-ec2-no-public-admin-ports", "bastion access from the VPN ranges only"),
          block("resource", ["aws_vpc_security_group_ingress_rule", "admin"], [
            attr("for_each", "toset(var.admin_cidrs)"),
            BLANK,
            attr("security_group_id", "aws_security_group.app.id"),
            attr("description", `"SSH from \${each.value}"`),
            attr("ip_protocol", str("tcp")),
            attr("from_port", "22"),
            attr("to_port", "22"),
            attr("cidr_ipv4", "each.value"),
          ]),
        ]
      : undefined,
  );

  // ---- database.tf
  if (s.db) {
    files["database.tf"] = file(
      comment("/* The service's PostgreSQL database, encrypted with its own key, password in Secrets Manager. */"),
      block("resource", ["aws_kms_key", "db"], [attr("description", `"\${local.name_prefix} database"`), attr("deletion_window_in_days", "30"), attr("enable_key_rotation", "true"), tags(`"\${local.name_prefix}-db"`)]),
      block("resource", ["aws_db_subnet_group", "main"], [attr("name", `"\${local.name_prefix}-db"`), attr("subnet_ids", "var.private_subnet_ids"), attr("tags", "local.common_tags")]),
      block("resource", ["aws_db_parameter_group", "main"], [
        attr("name", `"\${local.name_prefix}-pg"`),
        attr("family", `"postgres\${split(".", var.db.engine_version)[0]}"`),
        BLANK,
        block("dynamic", ["parameter"], [attr("for_each", "local.db_parameters"), block("content", [], [attr("name", "parameter.key"), attr("value", "parameter.value"), attr("apply_method", `parameter.key == "shared_preload_libraries" ? "pending-reboot" : "immediate"`)])]),
        BLANK,
        block("lifecycle", [], [attr("create_before_destroy", "true")]),
      ]),
      block("resource", ["aws_secretsmanager_secret", "db"], [
        attr("name", `"\${local.name_prefix}/db/master"`),
        attr("description", str("Master credentials of the database")),
        attr("kms_key_id", "aws_kms_key.db.arn"),
        attr("recovery_window_in_days", `local.is_prod ? 30 : 7`),
        attr("tags", "local.common_tags"),
      ]),
      block("resource", ["aws_secretsmanager_secret_rotation", "db"], [
        attr("secret_id", "aws_secretsmanager_secret.db.id"),
        attr("rotation_lambda_arn", `"arn:aws:lambda:\${var.region}:\${local.account_id}:function:secrets-rotation-postgres"`),
        BLANK,
        block("rotation_rules", [], [attr("automatically_after_days", String(random.pick([7, 30, 90])))]),
      ]),
      note(),
      !prod && random.chance(0.5) ? comment("prodready:ignore aws-rds-deletion-protection,aws-rds-final-snapshot non-production database, recreated from the nightly snapshot exp:2027-06-30") : undefined,
      block("resource", ["aws_db_instance", "main"], [
        attr("identifier", `"\${local.name_prefix}-db"`),
        attr("engine", str("postgres")),
        attr("engine_version", "var.db.engine_version"),
        attr("instance_class", "var.db.instance_class"),
        attr("allocated_storage", "var.db.allocated_storage"),
        attr("max_allocated_storage", "var.db.allocated_storage * 4"),
        attr("storage_type", str("gp3")),
        attr("storage_encrypted", "true"),
        attr("kms_key_id", "aws_kms_key.db.arn"),
        BLANK,
        attr("db_name", str(app.replace(/-/g, "_"))),
        attr("username", str("app_admin")),
        attr("manage_master_user_password", "true"),
        BLANK,
        attr("db_subnet_group_name", "aws_db_subnet_group.main.name"),
        attr("parameter_group_name", "aws_db_parameter_group.main.name"),
        attr("vpc_security_group_ids", "[aws_security_group.db.id]"),
        attr("publicly_accessible", "false"),
        attr("multi_az", "local.is_prod"),
        BLANK,
        attr("backup_retention_period", prod ? String(random.pick([7, 14, 35])) : "1"),
        attr("backup_window", str("02:00-03:00")),
        attr("maintenance_window", str("sun:03:30-sun:04:30")),
        attr("deletion_protection", "local.is_prod"),
        attr("skip_final_snapshot", "!local.is_prod"),
        attr("final_snapshot_identifier", `"\${local.name_prefix}-final"`),
        attr("copy_tags_to_snapshot", "true"),
        random.chance(0.8) ? attr("performance_insights_enabled", "true") : undefined,
        attr("enabled_cloudwatch_logs_exports", `["postgresql", "upgrade"]`),
        BLANK,
        block("lifecycle", [], [attr("prevent_destroy", prod ? "true" : "false"), attr("ignore_changes", "[engine_version]")]),
        BLANK,
        tags(`"\${local.name_prefix}-db"`),
      ]),
      block("resource", ["aws_db_instance", "replica"], [
        attr("count", "var.db_replica_count"),
        BLANK,
        attr("identifier", `"\${local.name_prefix}-db-replica-\${count.index + 1}"`),
        attr("replicate_source_db", "aws_db_instance.main.identifier"),
        attr("instance_class", "var.db.instance_class"),
        attr("storage_encrypted", "true"),
        attr("kms_key_id", "aws_kms_key.db.arn"),
        attr("vpc_security_group_ids", "[aws_security_group.db.id]"),
        attr("publicly_accessible", "false"),
        attr("performance_insights_enabled", "true"),
        attr("skip_final_snapshot", "true"),
        attr("deletion_protection", "local.is_prod"),
        tags(`"\${local.name_prefix}-db-replica-\${count.index + 1}"`),
      ]),
      ...[
        ["cpu", "CPUUtilization", "80", "GreaterThanThreshold", "Average"],
        ["storage", "FreeStorageSpace", String(5 * 1024 * 1024 * 1024), "LessThanThreshold", "Minimum"],
        ["connections", "DatabaseConnections", String(random.pick([80, 150, 400])), "GreaterThanThreshold", "Maximum"],
      ].map(([name, metric, threshold, operator, statistic]) =>
        block("resource", ["aws_cloudwatch_metric_alarm", `db_${name}`], [
          attr("alarm_name", `"\${local.name_prefix}-db-${name}"`),
          attr("alarm_description", `"${metric} of \${aws_db_instance.main.identifier}"`),
          attr("namespace", str("AWS/RDS")),
          attr("metric_name", str(metric)),
          attr("statistic", str(statistic)),
          attr("period", "300"),
          attr("evaluation_periods", "3"),
          attr("threshold", threshold),
          attr("comparison_operator", str(operator)),
          attr("alarm_actions", "[aws_sns_topic.alarms.arn]"),
          attr("ok_actions", "[aws_sns_topic.alarms.arn]"),
          BLANK,
          attr("dimensions", obj([["DBInstanceIdentifier", "aws_db_instance.main.identifier"]])),
        ]),
      ),
    );
  }

  // ---- storage.tf
  files["storage.tf"] = file(
    comment("Buckets of the service: versioned, encrypted, private, TLS only."),
    block("resource", ["aws_s3_bucket", "this"], [attr("for_each", "local.buckets"), BLANK, attr("bucket", "each.value"), attr("force_destroy", "!local.is_prod"), BLANK, tags("each.value")]),
    block("resource", ["aws_s3_bucket_versioning", "this"], [attr("for_each", "aws_s3_bucket.this"), BLANK, attr("bucket", "each.value.id"), block("versioning_configuration", [], [attr("status", str("Enabled"))])]),
    block("resource", ["aws_s3_bucket_server_side_encryption_configuration", "this"], [
      attr("for_each", "aws_s3_bucket.this"),
      BLANK,
      attr("bucket", "each.value.id"),
      block("rule", [], [block("apply_server_side_encryption_by_default", [], [attr("sse_algorithm", str(random.pick(["aws:kms", "AES256"])))]), attr("bucket_key_enabled", "true")]),
    ]),
    suppress("aws-s3-bucket-public-access-block", "the partner integration reads these objects through signed URLs"),
    block("resource", ["aws_s3_bucket_public_access_block", "this"], [
      attr("for_each", "aws_s3_bucket.this"),
      BLANK,
      attr("bucket", "each.value.id"),
      attr("block_public_acls", "true"),
      attr("block_public_policy", "true"),
      attr("ignore_public_acls", "true"),
      attr("restrict_public_buckets", "true"),
    ]),
    dataDocs
      ? [
          block("data", ["aws_iam_policy_document", "bucket"], [
            attr("for_each", "aws_s3_bucket.this"),
            BLANK,
            block("statement", [], [
              attr("sid", str("DenyInsecureTransport")),
              attr("effect", str("Deny")),
              attr("actions", `["s3:*"]`),
              attr("resources", `[each.value.arn, "\${each.value.arn}/*"]`),
              block("principals", [], [attr("type", str("*")), attr("identifiers", `["*"]`)]),
              block("condition", [], [attr("test", str("Bool")), attr("variable", str("aws:SecureTransport")), attr("values", `["false"]`)]),
            ]),
          ]),
          block("resource", ["aws_s3_bucket_policy", "this"], [attr("for_each", "aws_s3_bucket.this"), BLANK, attr("bucket", "each.value.id"), attr("policy", "data.aws_iam_policy_document.bucket[each.key].json")]),
        ]
      : block("resource", ["aws_s3_bucket_policy", "this"], [
          attr("for_each", "aws_s3_bucket.this"),
          BLANK,
          attr("bucket", "each.value.id"),
          attr(
            "policy",
            `jsonencode({\n  Version = "2012-10-17"\n  Statement = [{\n    Sid       = "DenyInsecureTransport"\n    Effect    = "Deny"\n    Principal = "*"\n    Action    = "s3:*"\n    Resource  = [each.value.arn, "\${each.value.arn}/*"]\n    Condition = { Bool = { "aws:SecureTransport" = "false" } }\n  }]\n})`,
          ),
        ]),
  );

  // ---- lambda.tf
  files["lambda.tf"] = file(
    comment("Functions of the service, one log group and one failure destination each."),
    raw(
      `resource "aws_iam_role" "lambda" {\n  name = "\${local.name_prefix}-lambda"\n\n  assume_role_policy = <<EOF\n{\n  "Version": "2012-10-17",\n  "Statement": [\n    {\n      "Effect": "Allow",\n      "Principal": { "Service": "lambda.amazonaws.com" },\n      "Action": "sts:AssumeRole",\n      "Condition": { "StringEquals": { "aws:SourceAccount": "\${local.account_id}" } }\n    }\n  ]\n}\nEOF\n\n  tags = local.common_tags\n}`,
    ),
    block("resource", ["aws_iam_role_policy_attachment", "lambda_vpc"], [attr("role", "aws_iam_role.lambda.name"), attr("policy_arn", str("arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole"))]),
    note(),
    block("resource", ["aws_lambda_function", "this"], [
      attr("for_each", "var.functions"),
      BLANK,
      attr("function_name", `"\${local.name_prefix}-\${each.key}"`),
      attr("description", `<<-EOT\n  \${each.key} function of \${var.service_name}.\n  Deployed by the pipeline; the code lives in functions/\${each.key}.\nEOT`),
      attr("role", "aws_iam_role.lambda.arn"),
      attr("handler", "each.value.handler"),
      attr("runtime", "each.value.runtime"),
      attr("memory_size", "each.value.memory"),
      attr("timeout", "each.value.timeout"),
      attr("s3_bucket", `"acme-artifacts-\${var.environment}"`),
      attr("s3_key", `"\${var.service_name}/\${each.key}/\${var.image_tag}.zip"`),
      attr("architectures", `["arm64"]`),
      random.chance(0.5) ? attr("reserved_concurrent_executions", "local.is_prod ? 50 : 5") : undefined,
      BLANK,
      block("environment", [], [
        attr(
          "variables",
          `merge(local.lambda_env, each.value.environment, {\n  QUEUE_URL = aws_sqs_queue.main[${str(queues[0])}].url\n${s.db ? "  DB_SECRET = aws_secretsmanager_secret.db.arn\n" : ""}${random.chance(0.1) ? `  SENTRY_DSN = "https://${random.hex(32)}@o${random.int(1000, 9999)}.ingest.sentry.io/${random.int(100000, 999999)}"\n` : ""}})`,
        ),
      ]),
      BLANK,
      block("vpc_config", [], [attr("subnet_ids", "var.private_subnet_ids"), attr("security_group_ids", "[aws_security_group.app.id]")]),
      BLANK,
      block("tracing_config", [], [attr("mode", str("Active"))]),
      BLANK,
      attr("depends_on", "[aws_iam_role_policy_attachment.lambda_vpc, aws_cloudwatch_log_group.lambda]"),
      tags(`"\${local.name_prefix}-\${each.key}"`),
    ]),
    functions.map((name) => functionPolicy(random, name, { queues, buckets, db: s.db })),
    block("resource", ["aws_cloudwatch_log_group", "lambda"], [attr("for_each", "var.functions"), BLANK, attr("name", `"/aws/lambda/\${local.name_prefix}-\${each.key}"`), attr("retention_in_days", `local.is_prod ? ${random.pick([90, 365, 400])} : 14`), attr("tags", "local.common_tags")]),
    block("resource", ["aws_lambda_function_event_invoke_config", "this"], [
      attr("for_each", "aws_lambda_function.this"),
      BLANK,
      attr("function_name", "each.value.function_name"),
      attr("maximum_retry_attempts", "2"),
      attr("maximum_event_age_in_seconds", "3600"),
      BLANK,
      block("destination_config", [], [block("on_failure", [], [attr("destination", `aws_sqs_queue.dlq[${str(queues[0])}].arn`)])]),
    ]),
  );

  // ---- ecs.tf and lb.tf
  if (s.services > 0) {
    files["ecs.tf"] = file(
      block("resource", ["aws_ecs_cluster", "main"], [attr("name", "local.name_prefix"), BLANK, block("setting", [], [attr("name", str("containerInsights")), attr("value", str("enabled"))]), BLANK, attr("tags", "local.common_tags")]),
      block("resource", ["aws_iam_role", "task_execution"], [
        attr("name", `"\${local.name_prefix}-task-execution"`),
        attr("assume_role_policy", `jsonencode({\n  Version = "2012-10-17"\n  Statement = [{\n    Effect    = "Allow"\n    Principal = { Service = "ecs-tasks.amazonaws.com" }\n    Action    = "sts:AssumeRole"\n  }]\n})`),
        attr("tags", "local.common_tags"),
      ]),
      block("resource", ["aws_cloudwatch_log_group", "ecs"], [attr("for_each", "var.services"), BLANK, attr("name", `"/ecs/\${local.name_prefix}/\${each.key}"`), attr("retention_in_days", `local.is_prod ? 90 : 7`), attr("tags", "local.common_tags")]),
      note(),
      block("resource", ["aws_ecs_task_definition", "this"], [
        attr("for_each", "var.services"),
        BLANK,
        attr("family", `"\${local.name_prefix}-\${each.key}"`),
        attr("requires_compatibilities", `["FARGATE"]`),
        attr("network_mode", str("awsvpc")),
        attr("cpu", "each.value.cpu"),
        attr("memory", "each.value.memory"),
        attr("execution_role_arn", "aws_iam_role.task_execution.arn"),
        BLANK,
        attr(
          "container_definitions",
          `jsonencode(concat([\n  {\n    name         = each.key\n    image        = "\${var.registry}/\${var.service_name}-\${each.key}:\${var.image_tag}"\n    essential    = true\n    cpu          = each.value.cpu - 128\n    memory       = each.value.memory - 256\n    portMappings = [{ containerPort = each.value.port, protocol = "tcp" }]\n    environment = [for name, value in merge(local.lambda_env, { PORT = tostring(each.value.port) }) : {\n      name  = name\n      value = value\n    }]\n    secrets = ${s.db ? `[{ name = "DATABASE_SECRET", valueFrom = aws_secretsmanager_secret.db.arn }]` : "[]"}\n    healthCheck = {\n      command     = ["CMD-SHELL", "curl -f http://localhost:\${each.value.port}\${each.value.health_path} || exit 1"]\n      interval    = 30\n      timeout     = 5\n      retries     = 3\n      startPeriod = 60\n    }\n    logConfiguration = {\n      logDriver = "awslogs"\n      options = {\n        awslogs-group         = aws_cloudwatch_log_group.ecs[each.key].name\n        awslogs-region        = var.region\n        awslogs-stream-prefix = each.key\n      }\n    }\n  }\n], local.is_prod ? [\n  {\n    name         = "xray"\n    image        = "public.ecr.aws/xray/aws-xray-daemon:3.3.${random.int(3, 12)}"\n    essential    = false\n    cpu          = 32\n    memory       = 128\n    portMappings = [{ containerPort = 2000, protocol = "udp" }]\n  }\n] : []))`,
        ),
        BLANK,
        tags(`"\${local.name_prefix}-\${each.key}"`),
      ]),
      block("resource", ["aws_ecs_service", "this"], [
        attr("for_each", "var.services"),
        BLANK,
        attr("name", `"\${local.name_prefix}-\${each.key}"`),
        attr("cluster", "aws_ecs_cluster.main.id"),
        attr("task_definition", "aws_ecs_task_definition.this[each.key].arn"),
        attr("desired_count", "each.value.desired_count"),
        attr("launch_type", str("FARGATE")),
        attr("health_check_grace_period_seconds", "60"),
        BLANK,
        block("deployment_circuit_breaker", [], [attr("enable", "true"), attr("rollback", "true")]),
        BLANK,
        block("network_configuration", [], [attr("subnets", "var.private_subnet_ids"), attr("security_groups", "[aws_security_group.app.id]"), attr("assign_public_ip", "false")]),
        BLANK,
        block("load_balancer", [], [attr("target_group_arn", "aws_lb_target_group.this[each.key].arn"), attr("container_name", "each.key"), attr("container_port", "each.value.port")]),
        BLANK,
        block("lifecycle", [], [attr("ignore_changes", "[desired_count]")]),
        BLANK,
        attr("tags", "local.common_tags"),
      ]),
      block("resource", ["aws_appautoscaling_target", "this"], [
        attr("for_each", "aws_ecs_service.this"),
        BLANK,
        attr("service_namespace", str("ecs")),
        attr("resource_id", `"service/\${aws_ecs_cluster.main.name}/\${each.value.name}"`),
        attr("scalable_dimension", str("ecs:service:DesiredCount")),
        attr("min_capacity", "var.services[each.key].desired_count"),
        attr("max_capacity", "var.services[each.key].max_count"),
      ]),
      block("resource", ["aws_appautoscaling_policy", "cpu"], [
        attr("for_each", "aws_appautoscaling_target.this"),
        BLANK,
        attr("name", `"\${each.key}-cpu"`),
        attr("policy_type", str("TargetTrackingScaling")),
        attr("service_namespace", "each.value.service_namespace"),
        attr("resource_id", "each.value.resource_id"),
        attr("scalable_dimension", "each.value.scalable_dimension"),
        BLANK,
        block("target_tracking_scaling_policy_configuration", [], [attr("target_value", String(random.pick([50, 60, 70]))), block("predefined_metric_specification", [], [attr("predefined_metric_type", str("ECSServiceAverageCPUUtilization"))])]),
      ]),
      block("resource", ["aws_cloudwatch_metric_alarm", "service_cpu"], [
        attr("for_each", "aws_ecs_service.this"),
        BLANK,
        attr("alarm_name", `"\${each.value.name}-cpu-high"`),
        attr("namespace", str("AWS/ECS")),
        attr("metric_name", str("CPUUtilization")),
        attr("statistic", str("Average")),
        attr("period", "60"),
        attr("evaluation_periods", "5"),
        attr("threshold", "85"),
        attr("comparison_operator", str("GreaterThanThreshold")),
        attr("alarm_actions", "[aws_sns_topic.alarms.arn]"),
        attr("dimensions", obj([["ClusterName", "aws_ecs_cluster.main.name"], ["ServiceName", "each.value.name"]])),
      ]),
    );
    files["lb.tf"] = file(
      block("resource", ["aws_lb", "main"], [
        attr("name", `substr("\${local.name_prefix}", 0, 32)`),
        attr("internal", "false"),
        attr("load_balancer_type", str("application")),
        attr("security_groups", "[aws_security_group.lb.id]"),
        attr("subnets", "var.public_subnet_ids"),
        attr("idle_timeout", String(random.pick([60, 120, 300]))),
        attr("drop_invalid_header_fields", "true"),
        attr("enable_deletion_protection", "local.is_prod"),
        BLANK,
        block("access_logs", [], [attr("bucket", `"acme-lb-logs-\${var.environment}"`), attr("prefix", "local.name_prefix"), attr("enabled", "true")]),
        BLANK,
        attr("tags", "local.common_tags"),
      ]),
      block("resource", ["aws_acm_certificate", "main"], [
        attr("domain_name", `"${app}.${team}.\${var.environment}.example.com"`),
        attr("validation_method", str("DNS")),
        attr("subject_alternative_names", `["*.${app}.${team}.\${var.environment}.example.com"]`),
        BLANK,
        block("lifecycle", [], [attr("create_before_destroy", "true")]),
      ]),
      block("resource", ["aws_lb_listener", "https"], [
        attr("load_balancer_arn", "aws_lb.main.arn"),
        attr("port", "443"),
        attr("protocol", str("HTTPS")),
        attr("ssl_policy", str(random.chance(0.9) ? "ELBSecurityPolicy-TLS13-1-2-2021-06" : "ELBSecurityPolicy-2016-08")),
        attr("certificate_arn", "aws_acm_certificate.main.arn"),
        BLANK,
        block("default_action", [], [attr("type", str("fixed-response")), block("fixed_response", [], [attr("content_type", str("text/plain")), attr("message_body", str("Not found")), attr("status_code", str("404"))])]),
      ]),
      block("resource", ["aws_lb_listener", "http"], [
        attr("load_balancer_arn", "aws_lb.main.arn"),
        attr("port", "80"),
        attr("protocol", str("HTTP")),
        BLANK,
        block("default_action", [], [attr("type", str("redirect")), block("redirect", [], [attr("port", str("443")), attr("protocol", str("HTTPS")), attr("status_code", str("HTTP_301"))])]),
      ]),
      block("resource", ["aws_lb_target_group", "this"], [
        attr("for_each", "var.services"),
        BLANK,
        attr("name", `substr("\${local.name_prefix}-\${each.key}", 0, 32)`),
        attr("port", "each.value.port"),
        attr("protocol", str("HTTP")),
        attr("target_type", str("ip")),
        attr("vpc_id", "var.vpc_id"),
        attr("deregistration_delay", "30"),
        BLANK,
        block("health_check", [], [attr("path", "each.value.health_path"), attr("matcher", str("200-299")), attr("interval", "15"), attr("timeout", "5"), attr("healthy_threshold", "2"), attr("unhealthy_threshold", "3")]),
      ]),
      block("resource", ["aws_lb_listener_rule", "this"], [
        attr("for_each", "var.services"),
        BLANK,
        attr("listener_arn", "aws_lb_listener.https.arn"),
        attr("priority", "each.value.priority"),
        BLANK,
        block("action", [], [attr("type", str("forward")), attr("target_group_arn", "aws_lb_target_group.this[each.key].arn")]),
        BLANK,
        block("condition", [], [block("path_pattern", [], [attr("values", "[each.value.path]")])]),
      ]),
      block("resource", ["aws_cloudwatch_metric_alarm", "lb_5xx"], [
        attr("alarm_name", `"\${local.name_prefix}-lb-5xx"`),
        attr("namespace", str("AWS/ApplicationELB")),
        attr("metric_name", str("HTTPCode_ELB_5XX_Count")),
        attr("statistic", str("Sum")),
        attr("period", "60"),
        attr("evaluation_periods", "3"),
        attr("threshold", "10"),
        attr("comparison_operator", str("GreaterThanThreshold")),
        attr("treat_missing_data", str("notBreaching")),
        attr("alarm_actions", "[aws_sns_topic.alarms.arn]"),
        attr("dimensions", obj([["LoadBalancer", "aws_lb.main.arn_suffix"]])),
      ]),
    );
  }

  // ---- queues.tf
  files["queues.tf"] = file(
    comment("Queues, each with a dead-letter queue that keeps failed messages for two weeks."),
    block("resource", ["aws_sqs_queue", "dlq"], [
      attr("for_each", "var.queues"),
      BLANK,
      attr("name", `each.value.fifo ? "\${local.name_prefix}-\${each.key}-dlq.fifo" : "\${local.name_prefix}-\${each.key}-dlq"`),
      attr("fifo_queue", "each.value.fifo"),
      attr("message_retention_seconds", "1209600"),
      attr("sqs_managed_sse_enabled", "true"),
      attr("tags", "local.common_tags"),
    ]),
    block("resource", ["aws_sqs_queue", "main"], [
      attr("for_each", "var.queues"),
      BLANK,
      attr("name", `each.value.fifo ? "\${local.name_prefix}-\${each.key}.fifo" : "\${local.name_prefix}-\${each.key}"`),
      attr("fifo_queue", "each.value.fifo"),
      attr("visibility_timeout_seconds", "each.value.visibility_timeout"),
      attr("sqs_managed_sse_enabled", "true"),
      BLANK,
      attr("redrive_policy", `jsonencode({\n  deadLetterTargetArn = aws_sqs_queue.dlq[each.key].arn\n  maxReceiveCount     = each.value.max_receive\n})`),
      BLANK,
      attr("tags", "local.common_tags"),
    ]),
  );

  // ---- alarms.tf
  files["alarms.tf"] = file(
    // A key of the account's own: CloudWatch cannot publish to a topic encrypted with the AWS managed alias/aws/sns.
    block("resource", ["aws_kms_key", "alarms"], [attr("description", `"\${local.name_prefix} alarm notifications"`), attr("deletion_window_in_days", "30"), attr("enable_key_rotation", "true"), attr("tags", "local.common_tags")]),
    block("resource", ["aws_sns_topic", "alarms"], [attr("name", `"\${local.name_prefix}-alarms"`), attr("kms_master_key_id", "aws_kms_key.alarms.arn"), attr("tags", "local.common_tags")]),
    block("resource", ["aws_sns_topic_subscription", "email"], [attr("topic_arn", "aws_sns_topic.alarms.arn"), attr("protocol", str("email")), attr("endpoint", "var.alarm_email")]),
    comment("One error alarm per function and one age alarm per queue."),
    block("resource", ["aws_cloudwatch_metric_alarm", "lambda_errors"], [
      attr("for_each", "aws_lambda_function.this"),
      BLANK,
      attr("alarm_name", `"\${each.value.function_name}-errors"`),
      attr("alarm_description", `"Errors of \${each.key} in \${var.environment}"`),
      attr("namespace", str("AWS/Lambda")),
      attr("metric_name", str("Errors")),
      attr("statistic", str("Sum")),
      attr("period", "300"),
      attr("evaluation_periods", "1"),
      attr("threshold", String(random.pick([0, 1, 5]))),
      attr("comparison_operator", str("GreaterThanThreshold")),
      attr("treat_missing_data", str("notBreaching")),
      attr("alarm_actions", "[aws_sns_topic.alarms.arn]"),
      attr("dimensions", obj([["FunctionName", "each.value.function_name"]])),
    ]),
    block("resource", ["aws_cloudwatch_metric_alarm", "queue_age"], [
      attr("for_each", "{ for name, queue in aws_sqs_queue.main : name => queue if name != \"\" }"),
      BLANK,
      attr("alarm_name", `"\${local.name_prefix}-\${each.key}-age"`),
      attr("namespace", str("AWS/SQS")),
      attr("metric_name", str("ApproximateAgeOfOldestMessage")),
      attr("statistic", str("Maximum")),
      attr("period", "300"),
      attr("evaluation_periods", "2"),
      attr("threshold", String(random.pick([300, 900, 3600]))),
      attr("comparison_operator", str("GreaterThanThreshold")),
      attr("alarm_actions", "[aws_sns_topic.alarms.arn]"),
      attr("dimensions", obj([["QueueName", "each.value.name"]])),
    ]),
  );

  // ---- main.tf: modules and parameters
  files["main.tf"] = file(
    comment(`${team}-${app} (${env}): module calls and the service's configuration parameters.`),
    s.workers > 0
      ? block("module", ["workers"], [
          attr("source", str("../../../modules/worker")),
          attr("for_each", "var.workers"),
          BLANK,
          attr("name", `"\${local.name_prefix}-\${each.key}"`),
          attr("runtime", "each.value.runtime"),
          attr("memory", "each.value.memory"),
          attr("batch_size", "each.value.batch_size"),
          attr("subnet_ids", "var.private_subnet_ids"),
          attr("security_group_ids", "[aws_security_group.app.id]"),
          attr("alarm_topic_arn", "aws_sns_topic.alarms.arn"),
          attr("environment", `merge(local.lambda_env, { WORKER = each.key })`),
          attr("tags", "local.common_tags"),
        ])
      : undefined,
    s.site
      ? block("module", ["site"], [
          attr("source", str("../../../modules/static-site")),
          attr("count", "var.enable_site ? 1 : 0"),
          BLANK,
          attr("domain", `"${app}-${team}.\${var.environment}.example.com"`),
          attr("certificate_arn", `"arn:aws:acm:us-east-1:\${local.account_id}:certificate/${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}"`),
          attr("price_class", str(random.pick(["PriceClass_100", "PriceClass_All"]))),
          attr("tags", "local.common_tags"),
        ])
      : undefined,
    block("resource", ["aws_ssm_parameter", "config"], [
      attr("for_each", "local.parameters"),
      BLANK,
      attr("name", `"/\${var.service_name}/\${var.environment}/\${each.key}"`),
      attr("type", str("String")),
      attr("value", "each.value"),
      attr("tags", "local.common_tags"),
    ]),
  );

  // ---- written out one by one: monitoring.tf, parameters.tf, iam.tf, dns.tf
  const byFile = {};
  for (let i = 0; i < s.explicit; i++) {
    const [name, items] = explicitResource(random, i, { functions, queues, services, prod, team, app, db: s.db });
    (byFile[name] ??= []).push(...items);
  }
  for (const [name, items] of Object.entries(byFile)) files[name] = file(comment(FILE_HEADERS[name]), items);

  // ---- outputs.tf
  files["outputs.tf"] = file(
    block("output", ["bucket_names"], [attr("description", str("Buckets of the service")), attr("value", "[for bucket in aws_s3_bucket.this : bucket.bucket]")]),
    block("output", ["queue_urls"], [attr("value", "{ for name, queue in aws_sqs_queue.main : name => queue.url }")]),
    block("output", ["function_arns"], [attr("value", "values(aws_lambda_function.this)[*].arn")]),
    s.services > 0 ? block("output", ["lb_dns_name"], [attr("value", "aws_lb.main.dns_name")]) : undefined,
    s.db ? block("output", ["db_endpoint"], [attr("value", "aws_db_instance.main.endpoint"), attr("sensitive", "true")]) : undefined,
  );
  return files;
}

const FILE_HEADERS = {
  "monitoring.tf": "Alarms and metric filters written out by hand, beyond the ones generated per function and queue.",
  "parameters.tf": "Configuration read by the service at start; secrets are in Secrets Manager, never here.",
  "iam.tf": "Policies for the people and pipelines that operate the service.",
  "dns.tf": "Records of the service in its environment's zone.",
};

const STATEMENTS = {
  queue: (q) => `{\n  Sid      = "Queue${q[0].toUpperCase()}${q.slice(1)}"\n  Effect   = "Allow"\n  Action   = ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]\n  Resource = aws_sqs_queue.main[${str(q)}].arn\n}`,
  bucket: (b) => `{\n  Sid    = "Objects"\n  Effect = "Allow"\n  Action = ["s3:GetObject", "s3:PutObject"]\n  Resource = [\n    aws_s3_bucket.this["\${local.name_prefix}-${b}"].arn,\n    "\${aws_s3_bucket.this["\${local.name_prefix}-${b}"].arn}/*",\n  ]\n}`,
  secret: () => `{\n  Sid      = "DatabaseSecret"\n  Effect   = "Allow"\n  Action   = ["secretsmanager:GetSecretValue"]\n  Resource = aws_secretsmanager_secret.db.arn\n}`,
  table: (name) => `{\n  Sid      = "Table"\n  Effect   = "Allow"\n  Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"]\n  Resource = "arn:aws:dynamodb:\${var.region}:\${local.account_id}:table/\${local.name_prefix}-${name}"\n}`,
  kms: () => `{\n  Effect    = "Allow"\n  Action    = ["kms:Decrypt", "kms:GenerateDataKey"]\n  Resource  = "*"\n  Condition = { StringEquals = { "kms:ViaService" = "sqs.\${var.region}.amazonaws.com" } }\n}`,
};

/** What one function may do, written out: every function needs something different. */
function functionPolicy(random, name, { queues, buckets, db }) {
  const statements = [STATEMENTS.queue(random.pick(queues))];
  if (random.chance(0.7)) statements.push(STATEMENTS.bucket(random.pick(buckets)));
  if (db && random.chance(0.5)) statements.push(STATEMENTS.secret());
  if (random.chance(0.4)) statements.push(STATEMENTS.table(name));
  if (random.chance(0.3)) statements.push(STATEMENTS.kms());
  return block("resource", ["aws_iam_role_policy", `fn_${name}`], [
    attr("name", `"\${local.name_prefix}-${name}"`),
    attr("role", "aws_iam_role.lambda.id"),
    BLANK,
    attr("policy", `jsonencode({\n  Version   = "2012-10-17"\n  Statement = ${list(statements, true).replace(/\n/g, "\n  ")}\n})`),
  ]);
}

/** The i-th resource written out by hand in a root: alarms, metric filters, parameters, policies, records. */
function explicitResource(random, i, { functions, queues, services, prod, team, app, db }) {
  const kinds = ["alarm", "parameter", "filter", "parameter", "policy", ...(services.length > 0 ? ["record"] : []), ...(db ? ["replica_lag"] : []), "schedule"];
  const kind = random.pick(kinds);
  const id = `${kind}_${i}`;
  switch (kind) {
    case "alarm": {
      const fn = random.pick(functions);
      const metric = random.pick(["Throttles", "Duration", "ConcurrentExecutions"]);
      return [
        "monitoring.tf",
        [
          random.chance(0.4) ? comment(`${metric} of ${fn}: ${random.pick(NOTES)}`) : undefined,
          block("resource", ["aws_cloudwatch_metric_alarm", `${fn}_${metric.toLowerCase()}_${i}`], [
            attr("alarm_name", `"\${local.name_prefix}-${fn}-${metric.toLowerCase()}"`),
            attr("alarm_description", str(`${metric} of the ${fn} function above the usual level`)),
            attr("namespace", str("AWS/Lambda")),
            attr("metric_name", str(metric)),
            attr("statistic", str(metric === "Duration" ? "Average" : "Maximum")),
            attr("period", String(random.pick([60, 300]))),
            attr("evaluation_periods", String(random.int(1, 5))),
            attr("datapoints_to_alarm", "1"),
            attr("threshold", String(metric === "Duration" ? random.int(1000, 20000) : random.int(1, 100))),
            attr("comparison_operator", str("GreaterThanOrEqualToThreshold")),
            attr("treat_missing_data", str("notBreaching")),
            attr("alarm_actions", prod ? "[aws_sns_topic.alarms.arn]" : "[]"),
            BLANK,
            attr("dimensions", obj([["FunctionName", `aws_lambda_function.this[${str(fn)}].function_name`]])),
            BLANK,
            attr("tags", "local.common_tags"),
          ]),
        ],
      ];
    }
    case "replica_lag":
      return [
        "monitoring.tf",
        [
          block("resource", ["aws_cloudwatch_metric_alarm", id], [
            attr("alarm_name", `"\${local.name_prefix}-db-${random.pick(["read-iops", "write-latency", "replica-lag", "memory"])}-${i}"`),
            attr("namespace", str("AWS/RDS")),
            attr("metric_name", str(random.pick(["ReadIOPS", "WriteLatency", "ReplicaLag", "FreeableMemory"]))),
            attr("statistic", str("Average")),
            attr("period", "300"),
            attr("evaluation_periods", "3"),
            attr("threshold", String(random.int(10, 5000))),
            attr("comparison_operator", str("GreaterThanThreshold")),
            attr("alarm_actions", "[aws_sns_topic.alarms.arn]"),
            attr("dimensions", `{ DBInstanceIdentifier = aws_db_instance.main.identifier }`),
          ]),
        ],
      ];
    case "filter": {
      const fn = random.pick(functions);
      const pattern = random.pick(["ERROR", "Task timed out", "OutOfMemory", "\\\"level\\\":\\\"error\\\""]);
      return [
        "monitoring.tf",
        [
          block("resource", ["aws_cloudwatch_log_metric_filter", id], [
            attr("name", `"${fn}-${i}"`),
            attr("log_group_name", `aws_cloudwatch_log_group.lambda[${str(fn)}].name`),
            attr("pattern", `"${pattern}"`),
            BLANK,
            block("metric_transformation", [], [attr("name", str(`${fn}-${i}`.replace(/-/g, "_"))), attr("namespace", `"Custom/\${var.service_name}"`), attr("value", str("1")), attr("default_value", "0")]),
          ]),
        ],
      ];
    }
    case "parameter": {
      const name = `${random.pick(PARAMETERS)}_${i}`;
      return [
        "parameters.tf",
        [
          block("resource", ["aws_ssm_parameter", name], [
            attr("name", `"/\${var.service_name}/\${var.environment}/${name}"`),
            random.chance(0.5) ? attr("description", str(`${name.replace(/_/g, " ")} of ${team}-${app}`)) : undefined,
            attr("type", str(random.chance(0.2) ? "SecureString" : "String")),
            attr("value", parameterValue(random, name, i)),
            attr("tier", str("Standard")),
            attr("tags", "local.common_tags"),
          ]),
        ],
      ];
    }
    case "policy":
      return [
        "iam.tf",
        [
          random.chance(0.5) ? comment(random.pick(NOTES)) : undefined,
          raw(
            `resource "aws_iam_policy" "${id}" {\n  name        = "\${local.name_prefix}-${random.pick(["deploy", "readonly", "support", "oncall", "ci"])}-${i}"\n  description = ${str(random.pick(["Read-only access for the support team", "What the deploy pipeline needs", "Break-glass access for on-call"]))}\n  policy      = <<-EOT\n    {\n      "Version": "2012-10-17",\n      "Statement": [\n        {\n          "Effect": "Allow",\n          "Action": [\n            "logs:GetLogEvents",\n            "logs:FilterLogEvents",\n            "cloudwatch:GetMetricData",\n            "ecs:DescribeServices",\n            "ecs:UpdateService"\n          ],\n          "Resource": "*"\n        },\n        {\n          "Effect": "Allow",\n          "Action": ["ssm:GetParameter", "ssm:GetParametersByPath"],\n          "Resource": "arn:aws:ssm:\${var.region}:\${local.account_id}:parameter/\${var.service_name}/*"\n        }\n      ]\n    }\n  EOT\n  tags        = local.common_tags\n}`,
          ),
        ],
      ];
    case "record":
      return [
        "dns.tf",
        [
          block("resource", ["aws_route53_record", id], [
            attr("zone_id", str(`Z${random.hex(12).toUpperCase()}`)),
            attr("name", `"${random.pick(["www", "api", "admin", "status", "hooks"])}${i}.${app}.${team}.\${var.environment}.example.com"`),
            attr("type", str(random.pick(["A", "AAAA"]))),
            BLANK,
            block("alias", [], [attr("name", "aws_lb.main.dns_name"), attr("zone_id", "aws_lb.main.zone_id"), attr("evaluate_target_health", "true")]),
          ]),
        ],
      ];
    default:
      return [
        "monitoring.tf",
        [
          block("resource", ["aws_cloudwatch_event_rule", id], [
            attr("name", `"\${local.name_prefix}-${random.pick(["nightly", "hourly", "weekly"])}-${i}"`),
            attr("description", str("Runs the scheduled job of the service")),
            attr("schedule_expression", str(random.pick(["cron(0 3 * * ? *)", "rate(1 hour)", "cron(30 6 ? * MON *)"]))),
            attr("state", `local.is_prod ? "ENABLED" : "DISABLED"`),
            attr("tags", "local.common_tags"),
          ]),
        ],
      ];
  }
}

function parameterValue(random, name, index) {
  switch (random.int(0, 4)) {
    case 0:
      return str(random.pick(["info", "warn", "debug", "enabled", "disabled", "eu", "EUR", "en-GB"]));
    case 1:
      return `tostring(${random.int(1, 5000)})`;
    case 2:
      return `"https://\${var.environment}.${name.replace(/_/g, "-")}.internal.example.com/v${1 + (index % 3)}"`;
    case 3:
      return `local.is_prod ? "${random.int(10, 99)}" : "${random.int(1, 9)}"`;
    default:
      return `jsonencode({ enabled = ${random.chance(0.5)}, owner = ${str(name)} })`;
  }
}

// ---------------------------------------------------------------- local modules

function workerModule() {
  return {
    "variables.tf": file(
      ...[
        ["name", "string", "Name of the worker and prefix of its resources"],
        ["runtime", "string", "Lambda runtime"],
        ["memory", "number", "Memory of the function, MB"],
        ["batch_size", "number", "Messages per invocation"],
        ["subnet_ids", "list(string)", "Subnets of the function"],
        ["security_group_ids", "list(string)", "Security groups of the function"],
        ["alarm_topic_arn", "string", "SNS topic for alarms"],
        ["environment", "map(string)", "Environment variables"],
        ["tags", "map(string)", "Tags of every resource"],
      ].map(([name, type, description]) => block("variable", [name], [attr("description", str(description)), attr("type", type)])),
      block("variable", ["timeout"], [attr("description", str("Timeout of the function; the queue's visibility timeout is six times this")), attr("type", "number"), attr("default", "60")]),
    ),
    "main.tf": file(
      comment("A queue worker: an SQS queue with a dead-letter queue, drained by a Lambda function, with alarms on both."),
      block("locals", [], [attr("visibility_timeout", "var.timeout * 6")]),
      block("resource", ["aws_sqs_queue", "dlq"], [attr("name", `"\${var.name}-dlq"`), attr("message_retention_seconds", "1209600"), attr("sqs_managed_sse_enabled", "true"), attr("tags", "var.tags")]),
      block("resource", ["aws_sqs_queue", "this"], [
        attr("name", "var.name"),
        attr("visibility_timeout_seconds", "local.visibility_timeout"),
        attr("sqs_managed_sse_enabled", "true"),
        attr("redrive_policy", `jsonencode({\n  deadLetterTargetArn = aws_sqs_queue.dlq.arn\n  maxReceiveCount     = 5\n})`),
        attr("tags", "var.tags"),
      ]),
      raw(
        `resource "aws_iam_role" "this" {\n  name               = var.name\n  assume_role_policy = <<-EOT\n    {\n      "Version": "2012-10-17",\n      "Statement": [{\n        "Effect": "Allow",\n        "Principal": { "Service": "lambda.amazonaws.com" },\n        "Action": "sts:AssumeRole"\n      }]\n    }\n  EOT\n  tags               = var.tags\n}`,
      ),
      block("resource", ["aws_cloudwatch_log_group", "this"], [attr("name", `"/aws/lambda/\${var.name}"`), attr("retention_in_days", "30"), attr("tags", "var.tags")]),
      block("resource", ["aws_lambda_function", "this"], [
        attr("function_name", "var.name"),
        attr("role", "aws_iam_role.this.arn"),
        attr("runtime", "var.runtime"),
        attr("handler", `startswith(var.runtime, "python") ? "worker.handler" : "index.handler"`),
        attr("memory_size", "var.memory"),
        attr("timeout", "var.timeout"),
        attr("filename", `"\${path.module}/dist/worker.zip"`),
        BLANK,
        block("environment", [], [attr("variables", `merge(var.environment, { QUEUE_URL = aws_sqs_queue.this.url })`)]),
        block("vpc_config", [], [attr("subnet_ids", "var.subnet_ids"), attr("security_group_ids", "var.security_group_ids")]),
        block("dead_letter_config", [], [attr("target_arn", "aws_sqs_queue.dlq.arn")]),
        BLANK,
        attr("depends_on", "[aws_cloudwatch_log_group.this]"),
        attr("tags", "var.tags"),
      ]),
      block("resource", ["aws_lambda_event_source_mapping", "this"], [attr("event_source_arn", "aws_sqs_queue.this.arn"), attr("function_name", "aws_lambda_function.this.arn"), attr("batch_size", "var.batch_size"), attr("function_response_types", `["ReportBatchItemFailures"]`)]),
      block("resource", ["aws_cloudwatch_metric_alarm", "errors"], [
        attr("alarm_name", `"\${var.name}-errors"`),
        attr("namespace", str("AWS/Lambda")),
        attr("metric_name", str("Errors")),
        attr("statistic", str("Sum")),
        attr("period", "300"),
        attr("evaluation_periods", "1"),
        attr("threshold", "0"),
        attr("comparison_operator", str("GreaterThanThreshold")),
        attr("alarm_actions", "[var.alarm_topic_arn]"),
        attr("dimensions", obj([["FunctionName", "aws_lambda_function.this.function_name"]])),
      ]),
      block("resource", ["aws_cloudwatch_metric_alarm", "dlq"], [
        attr("alarm_name", `"\${var.name}-dlq-not-empty"`),
        attr("namespace", str("AWS/SQS")),
        attr("metric_name", str("ApproximateNumberOfMessagesVisible")),
        attr("statistic", str("Maximum")),
        attr("period", "300"),
        attr("evaluation_periods", "1"),
        attr("threshold", "0"),
        attr("comparison_operator", str("GreaterThanThreshold")),
        attr("alarm_actions", "[var.alarm_topic_arn]"),
        attr("dimensions", obj([["QueueName", "aws_sqs_queue.dlq.name"]])),
      ]),
    ),
    "outputs.tf": file(
      block("output", ["queue_url"], [attr("value", "aws_sqs_queue.this.url")]),
      block("output", ["queue_arn"], [attr("value", "aws_sqs_queue.this.arn")]),
      block("output", ["function_name"], [attr("value", "aws_lambda_function.this.function_name")]),
    ),
  };
}

function siteModule() {
  return {
    "variables.tf": file(
      block("variable", ["domain"], [attr("type", "string")]),
      block("variable", ["certificate_arn"], [attr("description", str("ACM certificate in us-east-1")), attr("type", "string")]),
      block("variable", ["price_class"], [attr("type", "string"), attr("default", str("PriceClass_100"))]),
      block("variable", ["tags"], [attr("type", "map(string)"), attr("default", "{}")]),
    ),
    "main.tf": file(
      comment("A static site: a private bucket served by CloudFront through an origin access control."),
      block("resource", ["aws_s3_bucket", "site"], [attr("bucket", "replace(var.domain, \".\", \"-\")"), attr("tags", "var.tags")]),
      block("resource", ["aws_s3_bucket_versioning", "site"], [attr("bucket", "aws_s3_bucket.site.id"), block("versioning_configuration", [], [attr("status", str("Enabled"))])]),
      block("resource", ["aws_s3_bucket_server_side_encryption_configuration", "site"], [attr("bucket", "aws_s3_bucket.site.id"), block("rule", [], [block("apply_server_side_encryption_by_default", [], [attr("sse_algorithm", str("AES256"))])])]),
      block("resource", ["aws_s3_bucket_public_access_block", "site"], [attr("bucket", "aws_s3_bucket.site.id"), attr("block_public_acls", "true"), attr("block_public_policy", "true"), attr("ignore_public_acls", "true"), attr("restrict_public_buckets", "true")]),
      block("resource", ["aws_cloudfront_origin_access_control", "site"], [attr("name", "var.domain"), attr("origin_access_control_origin_type", str("s3")), attr("signing_behavior", str("always")), attr("signing_protocol", str("sigv4"))]),
      block("resource", ["aws_cloudfront_distribution", "site"], [
        attr("enabled", "true"),
        attr("is_ipv6_enabled", "true"),
        attr("default_root_object", str("index.html")),
        attr("aliases", "[var.domain]"),
        attr("price_class", "var.price_class"),
        BLANK,
        block("origin", [], [attr("domain_name", "aws_s3_bucket.site.bucket_regional_domain_name"), attr("origin_id", str("s3")), attr("origin_access_control_id", "aws_cloudfront_origin_access_control.site.id")]),
        BLANK,
        block("default_cache_behavior", [], [
          attr("target_origin_id", str("s3")),
          attr("viewer_protocol_policy", str("redirect-to-https")),
          attr("allowed_methods", `["GET", "HEAD", "OPTIONS"]`),
          attr("cached_methods", `["GET", "HEAD"]`),
          attr("compress", "true"),
          attr("cache_policy_id", str("658327ea-f89d-4fab-a63d-7e88639e58f6")),
        ]),
        BLANK,
        block("dynamic", ["ordered_cache_behavior"], [
          attr("for_each", `{ "/assets/*" = 86400, "/api/*" = 0 }`),
          block("content", [], [
            attr("path_pattern", "ordered_cache_behavior.key"),
            attr("target_origin_id", str("s3")),
            attr("viewer_protocol_policy", str("https-only")),
            attr("allowed_methods", `["GET", "HEAD"]`),
            attr("cached_methods", `["GET", "HEAD"]`),
            attr("min_ttl", "0"),
            attr("default_ttl", "ordered_cache_behavior.value"),
            attr("max_ttl", "ordered_cache_behavior.value * 2"),
            block("forwarded_values", [], [attr("query_string", "false"), block("cookies", [], [attr("forward", str("none"))])]),
          ]),
        ]),
        BLANK,
        block("restrictions", [], [block("geo_restriction", [], [attr("restriction_type", str("none"))])]),
        BLANK,
        block("viewer_certificate", [], [attr("acm_certificate_arn", "var.certificate_arn"), attr("ssl_support_method", str("sni-only")), attr("minimum_protocol_version", str("TLSv1.2_2021"))]),
        BLANK,
        attr("tags", "var.tags"),
      ]),
    ),
    "outputs.tf": file(block("output", ["distribution_domain"], [attr("value", "aws_cloudfront_distribution.site.domain_name")])),
  };
}

// ---------------------------------------------------------------- the tree

/**
 * Writes the tree and says what it holds. `resources` is split over `roots` root modules of uneven size (50 to 150
 * percent of the mean), as real estates are.
 */
function generate({ dir, resources = 10_000, roots = 100, seed = 1, singleFile = false } = {}) {
  const out = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), "prodready-bench-tf-"));
  const random = makeRandom(seed);
  const weights = Array.from({ length: roots }, () => 0.5 + random.next());
  const total = weights.reduce((a, b) => a + b, 0);
  const budgets = weights.map((weight) => Math.floor((weight / total) * resources));
  for (let i = 0, rest = resources - budgets.reduce((a, b) => a + b, 0); rest > 0; i = (i + 1) % roots, rest--) budgets[i]++;

  const written = [];
  const write = (relative, text) => {
    const target = path.join(out, relative);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, text);
    written.push({ path: target, bytes: Buffer.byteLength(text) });
  };
  for (const [name, text] of Object.entries(workerModule())) write(path.join("modules", "worker", name), text);
  for (const [name, text] of Object.entries(siteModule())) write(path.join("modules", "static-site", name), text);
  const used = new Set();
  let expected = 0;
  for (let index = 0; index < roots; index++) {
    const rootRandom = makeRandom((seed * 0x9e3779b1 + index * 0x85ebca6b) >>> 0);
    const env = rootRandom.pick(ENVS);
    const team = rootRandom.pick(TEAMS);
    let app = rootRandom.pick(APPS);
    while (used.has(`${env}/${team}-${app}`)) app = `${rootRandom.pick(APPS)}${rootRandom.int(2, 9)}`;
    used.add(`${env}/${team}-${app}`);
    const sizes = chooseSizes(rootRandom, budgets[index]);
    expected += rootCount(sizes) + sizes.workers + sizes.parameters + sizes.explicit;
    const statePath = `${env}/${team}-${app}`;
    const files = generateRoot(rootRandom, { env, team, app, sizes, region: rootRandom.pick(REGIONS), statePath });
    const rootDir = path.join("live", env, `${team}-${app}`);
    const configuration = Object.keys(files).filter((name) => name.endsWith(".tf")).sort();
    if (singleFile) write(path.join(rootDir, "main.tf"), configuration.map((name) => files[name]).join("\n"));
    for (const [name, text] of Object.entries(files)) if (!singleFile || !configuration.includes(name)) write(path.join(rootDir, name), text);
  }
  const bytes = written.reduce((sum, entry) => sum + entry.bytes, 0);
  return { dir: out, files: written.length, bytes, resources: expected, roots };
}

function parseArguments(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--resources") options.resources = Number(argv[++i]);
    else if (arg === "--roots") options.roots = Number(argv[++i]);
    else if (arg === "--seed") options.seed = Number(argv[++i]);
    else if (arg === "--single-file") options.singleFile = true;
    else if (arg.startsWith("--")) throw new Error(`unknown option ${arg}`);
    else options.dir = path.resolve(arg);
  }
  return options;
}

module.exports = { generate };

if (require.main === module) {
  const result = generate(parseArguments(process.argv.slice(2)));
  console.log(`${result.dir}: ${result.files} files in ${result.roots} root modules, ${(result.bytes / 1e6).toFixed(2)} MB, ${result.resources} resources`);
}
