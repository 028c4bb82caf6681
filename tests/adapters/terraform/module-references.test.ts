/**
 * Two local modules may read each other's outputs: Terraform orders values, not modules, so module "bucket" may take
 * module.guard.kms_key_arn while module "guard" takes module.bucket.id. What each module is given must not depend on
 * which call is declared first; only a value that depends on itself is a cycle.
 */
import { writeFileSync } from "fs";
import { basename, join, relative } from "path";
import { loadTerraform } from "../../../src/adapters/terraform";
import { checkPaths } from "../../../src/cli/check";
import { isUnknown } from "../../../src/model/resource";
import { createScratch, removeScratch, writeFiles } from "../../support/scratch";
import { referenceLists } from "../../support/addresses";

let root: string;
beforeEach(() => {
  root = createScratch();
});
afterEach(() => removeScratch(root));

/** The root's two module calls in both orders. */
const bothOrders = (first: string, second: string): [string, string][] => [
  ["declared first", `${first}\n${second}`],
  ["declared second", `${second}\n${first}`],
];

/** Every finding as `rule outcome address path`, and every diagnostic's message. */
function check(files: Record<string, string>): { findings: string[]; diagnostics: string[] } {
  writeFiles(root, files);
  writeFileSync(join(root, ".prodready.json"), "{}\n");
  const { report } = checkPaths({ paths: [root], configFile: join(root, ".prodready.json"), commandLineVariables: [], today: "2026-01-01", profile: "platform" });
  return {
    findings: report.findings.map((finding) => `${finding.ruleId} ${finding.outcome} ${finding.resource.address} ${finding.path}`).sort(),
    diagnostics: report.diagnostics.map((diagnostic) => diagnostic.message),
  };
}

const BUCKET_MODULE = `
variable "name" { type = string }
variable "kms_key_arn" { type = string }
resource "aws_s3_bucket" "this" {
  bucket = var.name
}
resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = var.kms_key_arn
    }
  }
}
output "id" { value = aws_s3_bucket.this.id }
`;

const GUARD_MODULE = `
variable "bucket_id" { type = string }
resource "aws_kms_key" "this" {
  description         = "bucket key"
  enable_key_rotation = true
}
resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = var.bucket_id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}
output "kms_key_arn" { value = aws_kms_key.this.arn }
`;

const BUCKET_FIRST = `module "bucket" {
  source      = "./modules/bucket"
  name        = "acme-data"
  kms_key_arn = module.guard.kms_key_arn
}`;
const GUARD = `module "guard" {
  source    = "./modules/guard"
  bucket_id = module.bucket.id
}`;

describe.each(bothOrders(BUCKET_FIRST, GUARD))("a bucket module and the module holding its key and public access block, the bucket's call %s", (_order, main) => {
  const files = () => ({ "main.tf": main, "modules/bucket/main.tf": BUCKET_MODULE, "modules/guard/main.tf": GUARD_MODULE });

  test("the public access block covers the bucket: no PR-SEC-016, and nothing is unknown", () => {
    expect(check(files())).toEqual({
      findings: [
        "PR-OPS-004 violation module.bucket.aws_s3_bucket.this ",
        "PR-OPS-004 violation module.guard.aws_kms_key.this ",
        "PR-SEC-008 violation module.bucket.aws_s3_bucket.this ",
      ],
      diagnostics: [],
    });
  });

  test("each module's input keeps its value and what it refers to", () => {
    writeFiles(root, files());
    const resources = new Map(loadTerraform([root], { commandLineVariables: [] }).units[0].resources.map((resource) => [resource.address, resource]));
    const block = resources.get("module.guard.aws_s3_bucket_public_access_block.this")!;
    expect(block.props.bucket).toBe("acme-data");
    expect(referenceLists(block)).toEqual({ bucket: ["module.bucket.aws_s3_bucket.this"] });
    const encryption = resources.get("module.bucket.aws_s3_bucket_server_side_encryption_configuration.this")!;
    expect(referenceLists(encryption)).toEqual({ bucket: ["module.bucket.aws_s3_bucket.this"], rule: ["module.guard.aws_kms_key.this"] });
  });
});

const DB_FIRST = `module "db" {
  source            = "./modules/db"
  security_group_id = module.sg.id
  encrypted         = false
}`;
const SG = `module "sg" {
  source        = "./modules/sg"
  db_port       = module.db.port
  allowed_cidrs = ["0.0.0.0/0"]
}`;
const DB_MODULE = `
variable "security_group_id" { type = string }
variable "encrypted" { type = bool }
locals { port = 5432 }
resource "aws_db_instance" "this" {
  identifier                  = "db"
  engine                      = "postgres"
  instance_class              = "db.t3.micro"
  allocated_storage           = 20
  username                    = "u"
  manage_master_user_password = true
  port                        = local.port
  storage_encrypted           = var.encrypted
  vpc_security_group_ids      = [var.security_group_id]
}
output "port" { value = local.port }
`;
const SG_MODULE = `
variable "db_port" { type = number }
variable "allowed_cidrs" { type = list(string) }
resource "aws_security_group" "db" {
  name = "db"
  ingress {
    from_port   = var.db_port
    to_port     = var.db_port
    protocol    = "tcp"
    cidr_blocks = var.allowed_cidrs
  }
}
output "id" { value = aws_security_group.db.id }
`;

test.each(bothOrders(DB_FIRST, SG))("PostgreSQL open to the internet through a security group module that takes the database's port, the database's call %s", (_order, main) => {
  expect(check({ "main.tf": main, "modules/db/main.tf": DB_MODULE, "modules/sg/main.tf": SG_MODULE })).toEqual({
    findings: [
      "PR-DAT-001 violation module.db.aws_db_instance.this performance_insights_enabled",
      "PR-DAT-002 violation module.db.aws_db_instance.this enabled_cloudwatch_logs_exports",
      "PR-OPS-001 violation module.db.aws_db_instance.this deletion_protection",
      "PR-OPS-002 violation module.db.aws_db_instance.this backup_retention_period",
      "PR-OPS-004 violation module.db.aws_db_instance.this ",
      "PR-OPS-010 violation module.db.aws_db_instance.this ",
      "PR-SEC-002 violation module.sg.aws_security_group.db ingress.0.cidr_blocks.0",
      "PR-SEC-011 violation module.db.aws_db_instance.this storage_encrypted",
    ],
    diagnostics: [],
  });
});

const RDS_FIRST = `module "rds" {
  source   = "./modules/rds"
  password = module.secrets_manager.password
}`;
const SECRETS = `module "secrets_manager" {
  source     = "./modules/secrets"
  db_address = module.rds.address
}`;
const RDS_MODULE = `
variable "password" {
  type      = string
  sensitive = true
}
resource "aws_db_instance" "this" {
  identifier        = "app"
  engine            = "postgres"
  instance_class    = "db.t3.micro"
  allocated_storage = 20
  username          = "app"
  password          = var.password
}
output "address" { value = aws_db_instance.this.address }
`;
const SECRETS_MODULE = `
variable "db_address" { type = string }
resource "random_password" "db" {
  length  = 24
  special = false
}
resource "aws_secretsmanager_secret" "db" { name = "app/db" }
resource "aws_secretsmanager_secret_version" "db" {
  secret_id     = aws_secretsmanager_secret.db.id
  secret_string = jsonencode({ host = var.db_address, password = random_password.db.result })
}
output "password" {
  value     = random_password.db.result
  sensitive = true
}
`;

test.each(bothOrders(RDS_FIRST, SECRETS))("a database module given its password by a secrets module that stores the database's address, the database's call %s", (_order, main) => {
  writeFiles(root, { "main.tf": main, "modules/rds/main.tf": RDS_MODULE, "modules/secrets/main.tf": SECRETS_MODULE });
  const result = loadTerraform([root], { commandLineVariables: [] });
  expect(result.diagnostics).toEqual([]);
  const resources = new Map(result.units[0].resources.map((resource) => [resource.address, resource]));
  const database = resources.get("module.rds.aws_db_instance.this")!;
  const version = resources.get("module.secrets_manager.aws_secretsmanager_secret_version.db")!;
  expect({ references: referenceLists(database), secretPaths: database.secretPaths }).toEqual({ references: { password: ["module.secrets_manager.random_password.db"] }, secretPaths: ["password"] });
  expect(referenceLists(version)).toEqual({
    secret_id: ["module.secrets_manager.aws_secretsmanager_secret.db"],
    secret_string: ["module.rds.aws_db_instance.this", "module.secrets_manager.random_password.db"],
  });
});

const A_FIRST = `module "a" {
  source = "./modules/echo"
  given  = module.b.echoed
}`;
const B = `module "b" {
  source = "./modules/echo"
  given  = module.a.echoed
}`;
const ECHO_MODULE = `
variable "given" { type = string }
resource "aws_sqs_queue" "this" { name = var.given }
output "echoed" { value = var.given }
`;

test.each(bothOrders(A_FIRST, B))("two modules whose outputs are each other's: a cycle, which Terraform refuses; unknown and named, the first's call %s", (_order, main) => {
  writeFiles(root, { "main.tf": main, "modules/echo/main.tf": ECHO_MODULE });
  const result = loadTerraform([root], { commandLineVariables: [] });
  expect(result.diagnostics.map(({ file, line, column, message }) => ({ file: basename(file!), line, column, message }))).toEqual([
    {
      file: "main.tf", // modules/echo/main.tf: the output's `var.given`
      line: 4,
      column: 27,
      message:
        "Cycle: module.a.output.echoed, module.a.var.given, module.b.output.echoed, module.b.var.given: each of these needs the next and the last needs the first, which Terraform refuses; treated as unknown",
    },
  ]);
  expect(result.units[0].resources.map((resource) => [resource.address, isUnknown(resource.props.name)]).sort()).toEqual([
    ["module.a.aws_sqs_queue.this", true],
    ["module.b.aws_sqs_queue.this", true],
  ]);
});

// terraform-aws-modules/terraform-aws-alb's complete example: a local module reads a remote module's output, and the
// remote module is given one of the local module's outputs. Terraform plans it; the remote module's outputs are
// unknown here whatever it is given.
const QUEUE_FIRST = `module "jobs" {
  source   = "./modules/queue"
  consumer = module.consumer.lambda_function_arn
}`;
const REMOTE_CONSUMER = `module "consumer" {
  source    = "terraform-aws-modules/lambda/aws"
  queue_arn = module.jobs.queue_arn
}`;
const QUEUE_MODULE = `
variable "consumer" { type = string }
resource "aws_sqs_queue" "this" {
  name = "jobs"
  tags = { consumer = var.consumer }
}
output "queue_arn" { value = aws_sqs_queue.this.arn }
`;

test.each(bothOrders(QUEUE_FIRST, REMOTE_CONSUMER))("a queue module reading an output of a remote module that is given the queue: no cycle, and the queue is given to it, the queue's call %s", (_order, main) => {
  const { findings, diagnostics } = check({ "main.tf": main, "modules/queue/main.tf": QUEUE_MODULE });
  expect(diagnostics).toEqual([
    `module "consumer" comes from "terraform-aws-modules/lambda/aws", which is not downloaded: its resources are not checked (run \`terraform -chdir=${relative(process.cwd(), root)} init\` to have them checked)`,
  ]);
  // The remote module may give the queue its dead-letter queue.
  expect(findings).toEqual(["PR-RES-004 undecided module.jobs.aws_sqs_queue.this redrive_policy"]);
  writeFiles(root, { "main.tf": main, "modules/queue/main.tf": QUEUE_MODULE });
  const [queue] = loadTerraform([root], { commandLineVariables: [] }).units[0].resources;
  expect({ address: queue.address, given: queue.givenToUnscannedModules, consumerUnknown: isUnknown((queue.props.tags as Record<string, unknown>).consumer) }).toEqual({
    address: "module.jobs.aws_sqs_queue.this",
    given: ["module.consumer"],
    consumerUnknown: true,
  });
});

const SELF_FED_QUEUE = `module "jobs" {
  source   = "./modules/queue"
  consumer = module.jobs.queue_arn
}`;

test.each(bothOrders(SELF_FED_QUEUE, REMOTE_CONSUMER))("a local module given its own output is still a cycle when a remote module is given that output too, the local call %s", (_order, main) => {
  const { diagnostics } = check({ "main.tf": main, "modules/queue/main.tf": QUEUE_MODULE });
  expect(diagnostics.filter((message) => message.includes("Cycle"))).toEqual([
    "Cycle: module.jobs.aws_sqs_queue.this, module.jobs.var.consumer, module.jobs.output.queue_arn: each of these needs the next and the last needs the first, which Terraform refuses; treated as unknown",
  ]);
});
