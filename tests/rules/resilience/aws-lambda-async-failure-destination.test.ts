import { fromPulumi, type PulumiResource } from "../../../src/adapters/pulumi";
import { loadTerraform } from "../../../src/adapters/terraform";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, UNKNOWN_PRESENT, type Resource } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/resilience/aws-lambda-async-failure-destination";
import { configDefaults } from "../../../src/rules/rule";
import { withFiles } from "../../support/scratch";
import { judgedInHcl } from "../../support/terraform-fixtures";

const fn = (name: string, props: Record<string, unknown> = {}): PulumiResource => ({
  type: "aws:lambda/function:Function",
  name,
  props: { name, runtime: "nodejs22.x", handler: "index.handler", ...props },
});
const permission = (name: string, principal: string): PulumiResource => ({
  type: "aws:lambda/permission:Permission",
  name: `${name}-permission`,
  props: { action: "lambda:InvokeFunction", function: name, principal },
});

function outcomes(stack: PulumiResource[], config: Record<string, unknown> = {}): string[] {
  const run = runRule(rule, stack.map(fromPulumi), { ...configDefaults(rule), ...config });
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.address.split("::").pop()}`) : [];
}

describe("aws-lambda-async-failure-destination", () => {
  test("an invoke config naming its function by the input the function's name reads, given no value, leaves the function undecided", () => {
    const main = `
variable "function_name" {
  type = string
}
resource "aws_lambda_function" "fn" {
  function_name = var.function_name
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"
}
resource "aws_sqs_queue" "failures" {
  name = "fn-failures"
}
resource "aws_lambda_function_event_invoke_config" "fn" {
  function_name = var.function_name
  destination_config {
    on_failure {
      destination = aws_sqs_queue.failures.arn
    }
  }
}`;
    expect(judgedInHcl(rule, main)).toEqual(["undecided aws_lambda_function.fn"]);
  });

  test("a function, its invoke config and the queue its destination is, all under one unknown count, send failures there", () => {
    /** The three blocks, the function and queue each under `count = <counted>` where it is set. */
    const main = (counted: { fn?: string; queue?: string }) => `
variable "create" {
  type = bool
}
variable "queue" {
  type = bool
}
resource "aws_lambda_function" "fn" {
  ${counted.fn === undefined ? "" : `count = ${counted.fn}`}
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/fn"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "app.zip"
}
resource "aws_sqs_queue" "failures" {
  ${counted.queue === undefined ? "" : `count = ${counted.queue}`}
  name = "fn-failures"
}
resource "aws_lambda_function_event_invoke_config" "fn" {
  count         = var.create ? 1 : 0
  function_name = aws_lambda_function.fn${counted.fn === undefined ? "" : "[0]"}.function_name
  destination_config {
    on_failure {
      destination = aws_sqs_queue.failures${counted.queue === undefined ? "" : "[0]"}.arn
    }
  }
}`;
    expect(judgedInHcl(rule, main({ fn: "var.create ? 1 : 0", queue: "var.create ? 1 : 0" }))).toEqual([]);
    // Whether the queue exists where the invoke config does, or the invoke config where the function does, is not known.
    expect(judgedInHcl(rule, main({ fn: "var.create ? 1 : 0", queue: "var.queue ? 1 : 0" }))).toEqual(["undecided aws_lambda_function.fn"]);
    expect(judgedInHcl(rule, main({ queue: "var.create ? 1 : 0" }))).toEqual(["undecided aws_lambda_function.fn"]);
  });

  test("asyncOnly checks only functions an asynchronous service may invoke", () => {
    const stack = [fn("api"), fn("on-upload"), permission("api", "apigateway.amazonaws.com"), permission("on-upload", "s3.amazonaws.com")];
    expect(outcomes(stack, { asyncOnly: true })).toEqual(["violation on-upload"]);
    expect(outcomes(stack)).toEqual(["violation api", "violation on-upload"]);
  });

  test("an unknown dead-letter target is undecided; one known only after deployment is set", () => {
    expect(outcomes([fn("worker", { deadLetterConfig: { targetArn: UNKNOWN } })])).toEqual(["undecided worker"]);
    expect(outcomes([fn("worker", { deadLetterConfig: { targetArn: UNKNOWN_PRESENT } })])).toEqual([]);
  });

  test("an invoke config whose function_name is known only after deployment configures the one function it depends on", () => {
    const [worker, other] = [fromPulumi(fn("worker")), fromPulumi(fn("other"))];
    const invokeConfig = (dependencies: string[]) =>
      fromPulumi({
        type: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
        name: "async",
        props: { functionName: UNKNOWN_PRESENT, destinationConfig: { onFailure: { destination: UNKNOWN_PRESENT } } },
        dependencies,
      });
    const judged = (stack: Resource[]) => {
      const run = runRule(rule, stack, configDefaults(rule));
      return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.address.split("::").pop()}`) : [];
    };
    expect(judged([worker, other, invokeConfig([worker.address])])).toEqual(["violation other"]);
    expect(judged([worker, other, invokeConfig([worker.address, other.address])])).toEqual(["undecided worker", "undecided other"]);
  });

  test("a dead-letter queue or failure destination a module turns on where its ARN or ID is not null is set: neither is ever null", () => {
    // As terraform-aws-lambda gates dead_letter_config and destination_config, given the ARN of a queue or topic created alongside.
    const module = `
variable "name" {
  type = string
}
variable "dead_letter_target_arn" {
  type    = string
  default = null
}
variable "destination_on_failure" {
  type    = string
  default = null
}
resource "aws_lambda_function" "this" {
  function_name = var.name
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  dynamic "dead_letter_config" {
    for_each = var.dead_letter_target_arn == null ? [] : [true]
    content {
      target_arn = var.dead_letter_target_arn
    }
  }
}
resource "aws_lambda_function_event_invoke_config" "this" {
  count         = var.destination_on_failure != null ? 1 : 0
  function_name = aws_lambda_function.this.function_name
  dynamic "destination_config" {
    for_each = var.destination_on_failure != null ? [true] : []
    content {
      on_failure {
        destination = var.destination_on_failure
      }
    }
  }
}`;
    const judged = withFiles(
      {
        "main.tf": `
resource "aws_sqs_queue" "dlq" { name = "dlq" }
resource "aws_sns_topic" "failures" { name = "failures" }
module "by_arn" {
  source                 = "./lambda"
  name                   = "by-arn"
  dead_letter_target_arn = aws_sqs_queue.dlq.arn
}
module "by_id" {
  source                 = "./lambda"
  name                   = "by-id"
  dead_letter_target_arn = aws_sqs_queue.dlq.id
}
module "async" {
  source                 = "./lambda"
  name                   = "async"
  destination_on_failure = aws_sns_topic.failures.arn
}
module "neither" {
  source = "./lambda"
  name   = "neither"
}`,
        "lambda/main.tf": module,
      },
      (dir) => {
        const run = runRule(rule, loadTerraform([dir], { commandLineVariables: [] }).units[0].resources, configDefaults(rule));
        return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.address}`) : [];
      },
    );
    expect(judged).toEqual(["violation module.neither.aws_lambda_function.this"]);
  });

  test("an invoke config for another function does not help", () => {
    const other = {
      type: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
      name: "async",
      props: { functionName: "other", destinationConfig: { onFailure: { destination: "arn:aws:sqs:eu-west-1:123456789012:failed" } } },
    };
    expect(outcomes([fn("worker"), other])).toEqual(["violation worker"]);
  });
});
