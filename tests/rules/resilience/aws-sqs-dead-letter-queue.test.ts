import { fromPulumi, type PulumiResource } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { settingProblem } from "../../../src/engine/settings";
import { PartialString, UNKNOWN, UNKNOWN_PRESENT, type Resource } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/resilience/aws-sqs-dead-letter-queue";
import { configDefaults } from "../../../src/rules/rule";
import { judgedInHcl } from "../../support/terraform-fixtures";
import { loadTerraform } from "../../../src/adapters/terraform";
import { withFiles } from "../../support/scratch";

const queue = (name: string, props: Record<string, unknown> = {}): PulumiResource => ({ type: "aws:sqs/queue:Queue", name, props: { name, ...props } });
const arn = (name: string) => `arn:aws:sqs:eu-west-1:123456789012:${name}`;

function outcomes(stack: PulumiResource[], config: Record<string, unknown> = {}): string[] {
  const run = runRule(rule, stack.map(fromPulumi), { ...configDefaults(rule), ...config });
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.address.split("::").pop()}`) : [];
}

function judged(stack: Resource[], config: Record<string, unknown> = {}): string[] {
  const run = runRule(rule, stack, { ...configDefaults(rule), ...config });
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.address.split("::").pop()}`) : [];
}

describe("aws-sqs-dead-letter-queue", () => {
  test("a dead-letter queue ARN from an input given no value may be any queue's: every queue without its own is undecided", () => {
    const main = `
variable "ledger_dlq_arn" {
  type = string
}
resource "aws_sqs_queue" "ledger" {
  name = "ledger"
  redrive_policy = jsonencode({
    deadLetterTargetArn = var.ledger_dlq_arn
    maxReceiveCount     = 5
  })
}
resource "aws_sqs_queue" "orders" {
  name = "orders"
}`;
    expect(judgedInHcl(rule, main)).toEqual(["undecided aws_sqs_queue.ledger", "undecided aws_sqs_queue.orders"]);
  });

  test("a queue a Lambda function uses as its dead-letter queue is a DLQ", () => {
    const fn = { type: "aws:lambda/function:Function", name: "fn", props: { deadLetterConfig: { targetArn: arn("thumbnail-failures") } } };
    expect(outcomes([queue("thumbnail-failures"), fn])).toEqual([]);
  });

  test("an SNS subscription's redrive target and an invoke config's failure destination are DLQs", () => {
    const subscription = { type: "aws:sns/topicSubscription:TopicSubscription", name: "sub", props: { redrivePolicy: JSON.stringify({ deadLetterTargetArn: arn("sns-failures") }) } };
    const invokeConfig = {
      type: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
      name: "async",
      props: { functionName: "fn", destinationConfig: { onFailure: { destination: arn("async-failures") } } },
    };
    expect(outcomes([queue("sns-failures"), queue("async-failures"), subscription, invokeConfig])).toEqual([]);
  });

  test("an unknown redrive target elsewhere leaves a queue without redrive undecided", () => {
    expect(outcomes([queue("orders", { redrivePolicy: UNKNOWN }), queue("failed")])).toEqual(["undecided orders", "undecided failed"]);
  });

  test("a redrive allow policy admitting sources marks a DLQ; denyAll does not", () => {
    expect(outcomes([queue("failed", { redriveAllowPolicy: JSON.stringify({ redrivePermission: "allowAll" }) })])).toEqual([]);
    expect(outcomes([queue("failed", { redriveAllowPolicy: JSON.stringify({ redrivePermission: "denyAll" }) })])).toEqual(["violation failed"]);
  });

  test("the DLQ name pattern is configurable and can be turned off", () => {
    expect(outcomes([queue("orders-DLQ.fifo")])).toEqual([]);
    expect(outcomes([queue("orders-dlq")], { deadLetterNamePattern: "" })).toEqual(["violation orders-dlq"]);
  });

  test("a pattern that does not compile is refused with the settings; one that reaches the rule anyway fails it, never reads as no pattern", () => {
    expect(settingProblem(rule.config.deadLetterNamePattern, "(")).toMatch(/^must be a regular expression \(Invalid regular expression: \/\(\/: Unterminated group\)$/);
    expect(settingProblem(rule.config.deadLetterNamePattern, "(?<!source-)dlq")).toBeUndefined();
    expect(outcomes([queue("orders-dlq")], { deadLetterNamePattern: "(" })).toEqual(["error "]);
  });

  test("a name known in part, or given by name_prefix, is named like a DLQ when a known part matches a pattern the rest cannot undo", () => {
    const unnamed = (props: Record<string, unknown>): PulumiResource => ({ type: "aws:sqs/queue:Queue", name: "q", props });
    // Partly known strings come from the Terraform engine: set on the resource as it would read them.
    const partly = (props: Record<string, unknown>, config: Record<string, unknown> = {}) => {
      const queue = fromPulumi(unnamed({}));
      return judged([{ ...queue, props: { ...queue.props, ...props } }], config);
    };
    expect(outcomes([unnamed({ namePrefix: "orders-dlq-" })])).toEqual([]);
    expect(outcomes([unnamed({ name: UNKNOWN, namePrefix: "orders-dead-letter-" })])).toEqual([]);
    expect(partly({ name: new PartialString("", "-orders-dlq") })).toEqual([]);
    expect(partly({ name: new PartialString("", "-orders-DLQ.fifo") })).toEqual([]);
    expect(partly({ name_prefix: new PartialString("", "-orders-dlq") })).toEqual([]);
    // The provider appends 26 hexadecimal digits to a prefix: they complete no DLQ name.
    expect(outcomes([unnamed({ namePrefix: "orders-" })])).toEqual(["violation q"]);
    // An unknown part may or may not complete a match.
    expect(partly({ name: new PartialString("orders-d", "") })).toEqual(["undecided q"]);
    expect(outcomes([unnamed({ namePrefix: UNKNOWN_PRESENT })])).toEqual(["undecided q"]);
    // An anchored pattern may not match the whole name where it matches a part.
    expect(partly({ name: new PartialString("", "-dlq") }, { deadLetterNamePattern: "^[a-z]+-dlq$" })).toEqual(["undecided q"]);
    expect(outcomes([unnamed({ namePrefix: "orders-dlq" })], { deadLetterNamePattern: "dlq\\b" })).toEqual(["undecided q"]);
  });

  test("a name whose unknown parts are the account ID, 12 digits, is judged by its known parts under a pattern matching no digit (probe s36 4)", () => {
    const main = `
data "aws_caller_identity" "current" {}
variable "suffix" {
  type = string
}
resource "aws_sqs_queue" "orders" {
  name = "orders-\${data.aws_caller_identity.current.account_id}"
}
resource "aws_sqs_queue" "by_id" {
  name = "\${data.aws_caller_identity.current.id}-orders-\${data.aws_caller_identity.current.account_id}.fifo"
}
resource "aws_sqs_queue" "failed" {
  name = "orders-dlq-\${data.aws_caller_identity.current.account_id}"
}
resource "aws_sqs_queue" "dead" {
  name = "orders-dead\${data.aws_caller_identity.current.account_id}letter"
}
resource "aws_sqs_queue" "other" {
  name = "orders-\${data.aws_caller_identity.current.account_id}-\${var.suffix}"
}`;
    const messages = (config: Record<string, unknown> = {}) =>
      withFiles({ "main.tf": main }, (dir) => {
        const run = runRule(rule, loadTerraform([dir], { commandLineVariables: [] }).units.flatMap((unit) => unit.resources), { ...configDefaults(rule), ...config });
        return run.applicable ? run.judgements.map((judgement) => `${judgement.outcome} ${judgement.address}: ${judgement.message}`) : [];
      });
    const partly = "whether this queue has or is a dead-letter queue is not known to the check: its name is known only in part, and may be named like a dead-letter queue (deadLetterNamePattern)";
    // Digits between two known parts keep them apart: "dead" and "letter" make no match.
    expect(messages()).toEqual([
      "violation aws_sqs_queue.orders: the queue has no dead-letter queue",
      "violation aws_sqs_queue.by_id: the queue has no dead-letter queue",
      "violation aws_sqs_queue.dead: the queue has no dead-letter queue",
      `undecided aws_sqs_queue.other: ${partly}`,
    ]);
    // A pattern that may match digits may match in the account ID.
    expect(messages({ deadLetterNamePattern: "dlq|orders-\\d" })).toEqual([
      `undecided aws_sqs_queue.orders: ${partly}`,
      `undecided aws_sqs_queue.by_id: ${partly}`,
      `undecided aws_sqs_queue.dead: ${partly}`,
      `undecided aws_sqs_queue.other: ${partly}`,
    ]);
    expect(messages({ deadLetterNamePattern: "dlq|dead.letter" }).map((message) => message.split(":")[0])).toEqual([
      "undecided aws_sqs_queue.orders",
      "undecided aws_sqs_queue.by_id",
      "undecided aws_sqs_queue.dead",
      "undecided aws_sqs_queue.other",
    ]);
    // Escaped punctuation stands for itself.
    expect(messages({ deadLetterNamePattern: "dlq|dead\\.letter" }).map((message) => message.split(":")[0])).toEqual([
      "violation aws_sqs_queue.orders",
      "violation aws_sqs_queue.by_id",
      "violation aws_sqs_queue.dead",
      "undecided aws_sqs_queue.other",
    ]);
  });

  test("a redrive policy kept as a structure (jsonencode) with a target known only after deployment redrives the queue and marks its DLQ", () => {
    const failed = fromPulumi(queue("parking"));
    const orders = fromPulumi({ ...queue("orders", { redrivePolicy: { deadLetterTargetArn: UNKNOWN_PRESENT, maxReceiveCount: 5 } }), dependencies: [failed.address] });
    expect(judged([orders, failed])).toEqual([]);
  });

  test("a redrive policy resource that depends on exactly two queues covers both, whichever is the source", () => {
    const [orders, parking, other] = ["orders", "parking", "other"].map((name) => fromPulumi(queue(name)));
    const policy = (dependencies: string[]) =>
      fromPulumi({
        type: "aws:sqs/redrivePolicy:RedrivePolicy",
        name: "redrive",
        props: { queueUrl: UNKNOWN_PRESENT, redrivePolicy: { deadLetterTargetArn: UNKNOWN_PRESENT, maxReceiveCount: 3 } },
        dependencies,
      });
    expect(judged([orders, parking, policy([orders.address, parking.address])])).toEqual([]);
    // With a third queue among its dependencies, a queue may be neither the source nor the DLQ.
    expect(judged([orders, parking, other, policy([orders.address, parking.address, other.address])])).toEqual(["undecided orders", "undecided parking", "undecided other"]);
  });

  test("a separate redrive policy resource must name the queue", () => {
    const policy = {
      type: "aws:sqs/redrivePolicy:RedrivePolicy",
      name: "redrive",
      props: { queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/other", redrivePolicy: JSON.stringify({ deadLetterTargetArn: arn("x-failed") }) },
    };
    expect(outcomes([queue("orders"), policy])).toEqual(["violation orders"]);
  });

  test("a dead-letter queue in another region than its source queue is none: SQS moves messages only within the queue's region", () => {
    const main = `
variable "audit_region" {
  type = string
}
provider "aws" {
  region = "eu-west-1"
}
provider "aws" {
  alias  = "us"
  region = "us-east-1"
}
provider "aws" {
  alias  = "audit"
  region = var.audit_region
}
resource "aws_sqs_queue" "orders" {
  name           = "orders"
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.orders_dlq.arn, maxReceiveCount = 5 })
}
resource "aws_sqs_queue" "orders_dlq" {
  provider = aws.us
  name     = "orders-dlq"
}
resource "aws_sqs_queue" "billing" {
  name           = "billing"
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.billing_dlq.arn, maxReceiveCount = 5 })
}
resource "aws_sqs_queue" "billing_dlq" {
  name = "billing-dlq"
}
resource "aws_sqs_queue" "payments" {
  name           = "payments"
  redrive_policy = jsonencode({ deadLetterTargetArn = "arn:aws:sqs:us-east-1:123456789012:payments-dlq", maxReceiveCount = 5 })
}
resource "aws_sqs_queue" "ledger" {
  name = "ledger"
}
resource "aws_sqs_queue_redrive_policy" "ledger" {
  queue_url      = aws_sqs_queue.ledger.id
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.orders_dlq.arn, maxReceiveCount = 5 })
}
resource "aws_sqs_queue" "audit" {
  provider       = aws.audit
  name           = "audit"
  redrive_policy = jsonencode({ deadLetterTargetArn = "arn:aws:sqs:eu-west-1:123456789012:audit-dlq", maxReceiveCount = 5 })
}
resource "aws_sqs_queue" "audit_copy" {
  provider       = aws.audit
  name           = "audit-copy"
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.billing_dlq.arn, maxReceiveCount = 5 })
}`;
    const only = "SQS moves messages only to a dead-letter queue in the source queue's region";
    const messages = (tf: string) =>
      withFiles({ "main.tf": tf }, (dir) => {
        const run = runRule(rule, loadTerraform([dir], { commandLineVariables: [] }).units.flatMap((unit) => unit.resources), configDefaults(rule));
        return run.applicable ? run.judgements.map((judgement) => `${judgement.outcome} ${judgement.address}: ${judgement.message}`) : [];
      });
    expect(messages(main)).toEqual([
      `violation aws_sqs_queue.orders: the queue has no dead-letter queue: its dead-letter queue aws_sqs_queue.orders_dlq is in us-east-1, and this queue in eu-west-1: ${only}`,
      `violation aws_sqs_queue.payments: the queue has no dead-letter queue: its dead-letter queue "arn:aws:sqs:us-east-1:123456789012:payments-dlq" is in us-east-1, and this queue in eu-west-1: ${only}`,
      `violation aws_sqs_queue.ledger: the queue has no dead-letter queue: its dead-letter queue aws_sqs_queue.orders_dlq is in us-east-1, and this queue in eu-west-1: ${only}`,
      'undecided aws_sqs_queue.audit: whether its dead-letter queue "arn:aws:sqs:eu-west-1:123456789012:audit-dlq" in eu-west-1 is in this queue\'s region cannot be told: this queue\'s region is not known',
      "undecided aws_sqs_queue.audit_copy: whether aws_sqs_queue.billing_dlq is in the region of aws_sqs_queue.audit_copy cannot be told: the region of one or both is not known",
    ]);
    // An ARN whose account is known only at apply still names its region.
    const partly = `
provider "aws" {
  region = "eu-west-1"
}
data "aws_caller_identity" "current" {}
resource "aws_sqs_queue" "refunds" {
  name           = "refunds"
  redrive_policy = jsonencode({ deadLetterTargetArn = "arn:aws:sqs:us-east-1:\${data.aws_caller_identity.current.account_id}:refunds-dlq", maxReceiveCount = 5 })
}`;
    expect(messages(partly)).toEqual([`violation aws_sqs_queue.refunds: the queue has no dead-letter queue: its dead-letter queue is in us-east-1, and this queue in eu-west-1: ${only}`]);
  });

  test("a dead-letter queue in another account than its source queue is none, where both accounts are known", () => {
    const main = `
provider "aws" {
  region              = "eu-west-1"
  allowed_account_ids = ["111111111111"]
}
provider "aws" {
  alias  = "shared"
  region = "eu-west-1"
  assume_role {
    role_arn = "arn:aws:iam::222222222222:role/deploy"
  }
}
provider "aws" {
  alias  = "ops"
  region = "eu-west-1"
  profile = "ops"
}
resource "aws_sqs_queue" "orders" {
  name           = "orders"
  redrive_policy = jsonencode({ deadLetterTargetArn = "arn:aws:sqs:eu-west-1:222222222222:orders-dlq", maxReceiveCount = 5 })
}
resource "aws_sqs_queue" "billing" {
  name           = "billing"
  redrive_policy = jsonencode({ deadLetterTargetArn = "arn:aws:sqs:eu-west-1:111111111111:billing-dlq", maxReceiveCount = 5 })
}
resource "aws_sqs_queue" "ledger" {
  name           = "ledger"
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.shared_dlq.arn, maxReceiveCount = 5 })
}
resource "aws_sqs_queue" "shared_dlq" {
  provider = aws.shared
  name     = "shared-dlq"
}
resource "aws_sqs_queue" "audit" {
  provider       = aws.ops
  name           = "audit"
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.billing_dlq.arn, maxReceiveCount = 5 })
}
resource "aws_sqs_queue" "billing_dlq" {
  name = "billing-dlq"
}
resource "aws_sqs_queue" "refunds" {
  provider       = aws.ops
  name           = "refunds"
  redrive_policy = jsonencode({ deadLetterTargetArn = "arn:aws:sqs:eu-west-1:222222222222:refunds-dlq", maxReceiveCount = 5 })
}`;
    const account = "SQS moves messages only to a dead-letter queue in the source queue's account";
    const run = withFiles({ "main.tf": main }, (dir) => runRule(rule, loadTerraform([dir], { commandLineVariables: [] }).units.flatMap((unit) => unit.resources), configDefaults(rule)));
    expect(run.applicable ? run.judgements.map((judgement) => `${judgement.outcome} ${judgement.address}: ${judgement.message}`) : []).toEqual([
      `violation aws_sqs_queue.orders: the queue has no dead-letter queue: its dead-letter queue "arn:aws:sqs:eu-west-1:222222222222:orders-dlq" is in another account than this queue's: ${account}`,
      `violation aws_sqs_queue.ledger: the queue has no dead-letter queue: its dead-letter queue aws_sqs_queue.shared_dlq is in another account than this queue's: ${account}`,
      // On credentials of its own, naming no account: which account it is in cannot be told.
      "undecided aws_sqs_queue.audit: whether aws_sqs_queue.billing_dlq is in the account of aws_sqs_queue.audit cannot be told: one or both are on a provider configuration with credentials of its own, which may be another account",
    ]);
  });

  test("a deadLetterTargetArn read through try() reads the attribute of the argument try() returns", () => {
    const main = `
variable "shared" {
  type    = object({})
  default = {}
}
resource "aws_sqs_queue" "orders" {
  name           = "orders"
  redrive_policy = jsonencode({ deadLetterTargetArn = try(aws_sqs_queue.orders_dlq.url, ""), maxReceiveCount = 5 })
}
resource "aws_sqs_queue" "orders_dlq" {
  name = "orders-dlq"
}
resource "aws_sqs_queue" "billing" {
  name           = "billing"
  redrive_policy = jsonencode({ deadLetterTargetArn = try(aws_sqs_queue.billing_dlq.arn, aws_sqs_queue.billing_dlq.url), maxReceiveCount = 5 })
}
resource "aws_sqs_queue" "billing_dlq" {
  name = "billing-dlq"
}
resource "aws_sqs_queue" "refunds" {
  name           = "refunds"
  redrive_policy = jsonencode({ deadLetterTargetArn = try(var.shared.dlq_arn, aws_sqs_queue.refunds_dlq.url), maxReceiveCount = 5 })
}
resource "aws_sqs_queue" "refunds_dlq" {
  name = "refunds-dlq"
}`;
    // billing's try() returns its first argument, the ARN; refunds' cannot read the object's missing attribute and returns the URL.
    expect(
      withFiles({ "main.tf": main }, (dir) => {
        const run = runRule(rule, loadTerraform([dir], { commandLineVariables: [] }).units.flatMap((unit) => unit.resources), configDefaults(rule));
        return run.applicable ? run.judgements.map((judgement) => `${judgement.outcome} ${judgement.address}: ${judgement.message}`) : [];
      }),
    ).toEqual([
      "violation aws_sqs_queue.orders: the redrive policy's deadLetterTargetArn reads the dead-letter queue's url, its URL: it must be the queue's ARN (arn)",
      "violation aws_sqs_queue.refunds: the redrive policy's deadLetterTargetArn reads the dead-letter queue's url, its URL: it must be the queue's ARN (arn)",
    ]);
  });

  test("a DLQ named in a nested block beside the queue its block also names is told from it by the reference written there", () => {
    // The schedule's target block names both queues, as an invoke config's destination_config does: each argument reads one.
    const main = `
resource "aws_scheduler_schedule" "nightly" {
  name                = "nightly-report"
  schedule_expression = "cron(0 2 * * ? *)"
  flexible_time_window {
    mode = "OFF"
  }
  target {
    arn      = aws_sqs_queue.work.arn
    role_arn = "arn:aws:iam::123456789012:role/scheduler"
    dead_letter_config {
      arn = aws_sqs_queue.undelivered.arn
    }
  }
}
resource "aws_sqs_queue" "work" {
  name = "report-jobs"
}
resource "aws_sqs_queue" "undelivered" {
  name = "report-jobs-undelivered"
}
resource "aws_lambda_function_event_invoke_config" "worker" {
  function_name = "arn:aws:lambda:eu-west-1:123456789012:function:worker"
  destination_config {
    on_success {
      destination = aws_sqs_queue.results.arn
    }
    on_failure {
      destination = aws_sqs_queue.failed.arn
    }
  }
}
resource "aws_sqs_queue" "results" {
  name = "worker-results"
}
resource "aws_sqs_queue" "failed" {
  name = "worker-failed"
}`;
    expect(judgedInHcl(rule, main)).toEqual(["violation aws_sqs_queue.work", "violation aws_sqs_queue.results"]);
  });
});
