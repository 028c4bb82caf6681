/**
 * Generated inputs for the hostile-input tests: realistic Terraform and plans of any size, and the one valid file
 * with a known critical finding that sits beside every hostile input to show the rest of the run still happens.
 */
import { closeSync, mkdirSync, openSync, writeSync } from "fs";
import { dirname } from "path";

/** SSH open to the internet: PR-SEC-001, critical, at line 7, column 20 (the first element of cidr_blocks). */
export const OPEN_SSH_TF = `resource "aws_security_group" "bastion" {
  description = "bastion"
  ingress {
    protocol    = "tcp"
    from_port   = 22
    to_port     = 22
    cidr_blocks = ["0.0.0.0/0"]
  }
}
`;
export const OPEN_SSH_RULE = "PR-SEC-001";
export const OPEN_SSH_AT = { line: 7, column: 20 };

/** Written once at the top of a generated configuration: what its resources refer to. */
const HCL_PREAMBLE = `variable "prefix" {
  description = "Name prefix of every resource"
  type        = string
  default     = "acme-prod"
}

variable "vpc_id" {
  description = "VPC the services run in"
  type        = string
  default     = "vpc-0123456789abcdef0"
}

variable "failure_topic_arn" {
  description = "Where failed asynchronous invocations go"
  type        = string
  default     = "arn:aws:sns:eu-west-1:123456789012:lambda-failures"
}

variable "kms_key_arn" {
  description = "Customer managed key for data at rest"
  type        = string
  default     = "arn:aws:kms:eu-west-1:123456789012:key/0c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f"
}

locals {
  common_tags = {
    Team        = "platform"
    Environment = "production"
    ManagedBy   = "terraform"
  }
}

`;

/**
 * One shard of a service: the resources a real configuration repeats per service (bucket and its encryption, a
 * security group, a Lambda function with its role and log group), with references, functions, comments and a JSON
 * policy, so parser and evaluator do the work real files give them. All of it passes the critical rules.
 *
 * No SQS queue and no bucket policy, as when the memory cap was set; rules-scale.test.ts and stack-rules.test.ts
 * hold the stack rules that read them to linear work. Each bucket gets an advisory PR-SEC-008 finding for want of a
 * policy.
 */
function hclShard(index: number): string {
  return `# Shard ${index} of the orders service: exports bucket and the worker function that fills it.
resource "aws_s3_bucket" "exports_${index}" {
  bucket = "\${var.prefix}-exports-${index}"
  tags   = merge(local.common_tags, { Shard = "${index}" })
}

resource "aws_s3_bucket_server_side_encryption_configuration" "exports_${index}" {
  bucket = aws_s3_bucket.exports_${index}.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
  }
}

resource "aws_security_group" "worker_${index}" {
  name        = "worker-${index}"
  description = "Worker hosts of shard ${index}; HTTPS from inside the VPC only"
  vpc_id      = var.vpc_id

  ingress {
    description = "HTTPS from the load balancer"
    protocol    = "tcp"
    from_port   = 443
    to_port     = 443
    cidr_blocks = ["10.0.0.0/16"]
  }

  egress {
    protocol    = "-1"
    from_port   = 0
    to_port     = 0
    cidr_blocks = ["10.0.0.0/8"]
  }
}

resource "aws_iam_role" "worker_${index}" {
  name = "worker-${index}"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "lambda.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
}

resource "aws_lambda_function" "worker_${index}" {
  function_name = "worker-${index}"
  role          = aws_iam_role.worker_${index}.arn
  runtime       = "python3.12"
  handler       = "main.handler"
  filename      = "worker.zip"
  timeout       = 30
  memory_size   = 256

  dead_letter_config {
    target_arn = var.failure_topic_arn
  }

  environment {
    variables = {
      SHARD         = "${index}"
      EXPORT_BUCKET = aws_s3_bucket.exports_${index}.bucket
    }
  }
}

resource "aws_cloudwatch_log_group" "worker_${index}" {
  name              = "/aws/lambda/worker-${index}"
  retention_in_days = 30
}

`;
}

/** Resources in one shard of `hclShard`. */
export const HCL_SHARD_RESOURCES = 6;

/**
 * Writes shards to `file` until it holds at least `bytes`, in chunks so a 50 MB file never sits in memory whole.
 * Returns the number of resources written.
 */
export function writeRealisticHcl(file: string, bytes: number): { resources: number; bytes: number } {
  mkdirSync(dirname(file), { recursive: true });
  const fd = openSync(file, "w");
  let written = writeSync(fd, HCL_PREAMBLE);
  let shards = 0;
  try {
    while (written < bytes) {
      const chunk: string[] = [];
      for (let i = 0; i < 100 && written < bytes; i++) {
        const shard = hclShard(shards++);
        chunk.push(shard);
        written += Buffer.byteLength(shard);
      }
      writeSync(fd, chunk.join(""));
    }
  } finally {
    closeSync(fd);
  }
  return { resources: shards * HCL_SHARD_RESOURCES, bytes: written };
}

/** A valid configuration of `shards` shards, as one string: the source cut up by the truncation tests. */
export function realisticHcl(shards: number): string {
  return HCL_PREAMBLE + Array.from({ length: shards }, (_, index) => hclShard(index)).join("");
}

interface PlannedResource {
  address: string;
  type: string;
  name: string;
  values: Record<string, unknown>;
  unknown: Record<string, unknown>;
  sensitive: Record<string, unknown>;
  expressions: Record<string, unknown>;
}

/** One shard's resources as `terraform show -json` describes them: values, what is unknown, and configuration. */
function plannedShard(index: number): PlannedResource[] {
  const tags = { Team: "platform", Environment: "production", ManagedBy: "terraform", Shard: String(index) };
  const rule = (port: number, cidr: string, description: string) => ({
    description,
    protocol: port === 0 ? "-1" : "tcp",
    from_port: port,
    to_port: port,
    cidr_blocks: [cidr],
    ipv6_cidr_blocks: [],
    prefix_list_ids: [],
    security_groups: [],
    self: false,
  });
  const ruleUnknown = { cidr_blocks: [false], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [] };
  return [
    {
      address: `aws_s3_bucket.exports_${index}`,
      type: "aws_s3_bucket",
      name: `exports_${index}`,
      values: { bucket: `acme-prod-exports-${index}`, force_destroy: false, tags, tags_all: tags, timeouts: null },
      unknown: { arn: true, bucket_domain_name: true, id: true, region: true, versioning: true, tags: {}, tags_all: {} },
      sensitive: { tags: {}, tags_all: {}, versioning: [] },
      expressions: { bucket: { references: ["var.prefix"] }, tags: { references: ["local.common_tags"] } },
    },
    {
      address: `aws_security_group.worker_${index}`,
      type: "aws_security_group",
      name: `worker_${index}`,
      values: {
        name: `worker-${index}`,
        description: `Worker hosts of shard ${index}; HTTPS from inside the VPC only`,
        vpc_id: "vpc-0123456789abcdef0",
        revoke_rules_on_delete: false,
        ingress: [rule(443, "10.0.0.0/16", "HTTPS from the load balancer")],
        egress: [rule(0, "10.0.0.0/8", "")],
        tags: null,
        timeouts: null,
      },
      unknown: { arn: true, id: true, owner_id: true, tags_all: true, ingress: [ruleUnknown], egress: [ruleUnknown] },
      sensitive: { ingress: [ruleUnknown], egress: [ruleUnknown], tags_all: {} },
      expressions: {
        name: { constant_value: `worker-${index}` },
        vpc_id: { references: ["var.vpc_id"] },
        ingress: { constant_value: [rule(443, "10.0.0.0/16", "HTTPS from the load balancer")] },
      },
    },
    {
      address: `aws_lambda_function.worker_${index}`,
      type: "aws_lambda_function",
      name: `worker_${index}`,
      values: {
        function_name: `worker-${index}`,
        runtime: "python3.12",
        handler: "main.handler",
        filename: "worker.zip",
        timeout: 30,
        memory_size: 256,
        environment: [{ variables: { SHARD: String(index), EXPORT_BUCKET: `acme-prod-exports-${index}` } }],
        tracing_config: [{ mode: "PassThrough" }],
        tags: null,
      },
      unknown: { arn: true, id: true, role: true, tracing_config: [{}], version: true },
      sensitive: { environment: [{ variables: {} }], tracing_config: [{}] },
      expressions: {
        role: { references: [`aws_iam_role.worker_${index}.arn`, `aws_iam_role.worker_${index}`] },
        environment: [{ variables: { references: [`aws_s3_bucket.exports_${index}.bucket`, `aws_s3_bucket.exports_${index}`] } }],
      },
    },
    {
      address: `aws_cloudwatch_log_group.worker_${index}`,
      type: "aws_cloudwatch_log_group",
      name: `worker_${index}`,
      values: { name: `/aws/lambda/worker-${index}`, retention_in_days: 30, skip_destroy: false, tags: null },
      unknown: { arn: true, id: true, kms_key_id: true, tags_all: true },
      sensitive: { tags_all: {} },
      expressions: { name: { constant_value: `/aws/lambda/worker-${index}` }, retention_in_days: { constant_value: 30 } },
    },
  ];
}

/**
 * A `terraform show -json` plan of at least `bytes`, laid out as Terraform writes it: one line, planned_values before
 * resource_changes, then the configuration. Written in pieces so the generator itself stays small in memory.
 * Returns the number of resource instances.
 */
export function writeRealisticPlan(file: string, bytes: number): { resources: number; bytes: number } {
  mkdirSync(dirname(file), { recursive: true });
  // Each shard appears in three sections; a first pass decides how many shards make the size.
  const shardBytes = (index: number) =>
    plannedShard(index).reduce((total, each) => total + JSON.stringify(plannedValue(each)).length + JSON.stringify(change(each)).length + JSON.stringify(configured(each)).length + 3, 0);
  let shards = 0;
  for (let size = 400; size < bytes; shards++) size += shardBytes(shards);
  const fd = openSync(file, "w");
  let written = 0;
  const write = (text: string) => (written += writeSync(fd, text));
  const section = (open: string, render: (each: PlannedResource) => unknown, close: string) => {
    write(open);
    for (let index = 0; index < shards; index++) {
      write(
        plannedShard(index)
          .map((each) => JSON.stringify(render(each)))
          .join(",") + (index < shards - 1 ? "," : ""),
      );
    }
    write(close);
  };
  try {
    write('{"format_version":"1.2","terraform_version":"1.9.5","variables":{"prefix":{"value":"acme-prod"}},');
    section('"planned_values":{"root_module":{"resources":[', plannedValue, "]}},");
    section('"resource_changes":[', change, "],");
    section('"configuration":{"provider_config":{"aws":{"name":"aws","full_name":"registry.terraform.io/hashicorp/aws"}},"root_module":{"resources":[', configured, "]}},");
    write('"timestamp":"2025-01-01T00:00:00Z","applyable":true,"complete":true,"errored":false}\n');
  } finally {
    closeSync(fd);
  }
  return { resources: shards * 4, bytes: written };
}

function plannedValue(each: PlannedResource): unknown {
  return { address: each.address, mode: "managed", type: each.type, name: each.name, provider_name: "registry.terraform.io/hashicorp/aws", schema_version: 0, values: each.values, sensitive_values: each.sensitive };
}

function change(each: PlannedResource): unknown {
  return {
    address: each.address,
    mode: "managed",
    type: each.type,
    name: each.name,
    provider_name: "registry.terraform.io/hashicorp/aws",
    change: { actions: ["create"], before: null, after: each.values, after_unknown: each.unknown, before_sensitive: false, after_sensitive: each.sensitive },
  };
}

function configured(each: PlannedResource): unknown {
  return { address: each.address, mode: "managed", type: each.type, name: each.name, provider_config_key: "aws", expressions: each.expressions, schema_version: 0 };
}

/** A small plan, pretty-printed as `terraform show -json | jq` would give it: the source the truncation test cuts. */
export function realisticPlan(shards: number): string {
  const resources = Array.from({ length: shards }, (_, index) => plannedShard(index)).flat();
  const plan = {
    format_version: "1.2",
    terraform_version: "1.9.5",
    planned_values: { root_module: { resources: resources.map(plannedValue) } },
    resource_changes: resources.map(change),
    configuration: { root_module: { resources: resources.map(configured) } },
  };
  return JSON.stringify(plan, null, 2) + "\n";
}
