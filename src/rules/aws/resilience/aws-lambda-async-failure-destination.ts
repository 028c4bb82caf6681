import { isUnknown, valueAt, type Resource } from "../../../model/resource";
import {
  Attachments,
  coversInPlace,
  presence,
  propertyReference,
  type PropertyReference,
  type Reference,
  referenceAt,
  strongest,
  undecidedInPlace,
  valueInBlocks,
  verdictsFor,
  weakest,
} from "../../read";
import { notApplicable, stackRule, type Verdict } from "../../rule";
import { fixOf, resourceType } from "../../fixes";

/** Pulumi names the function `name`; Terraform `function_name`. */
const FUNCTION_IDENTIFIERS = ["arn", "function_name", "name", "id"];

/** Services that invoke Lambda asynchronously through a resource-based permission. */
const ASYNC_PRINCIPALS = new Set([
  "s3.amazonaws.com",
  "sns.amazonaws.com",
  "events.amazonaws.com",
  "logs.amazonaws.com",
  "ses.amazonaws.com",
  "iot.amazonaws.com",
  "config.amazonaws.com",
  "codecommit.amazonaws.com",
  "cloudformation.amazonaws.com",
]);

/** The function a permission names: `function_name` in Terraform, `function` in Pulumi. */
function permissionFunction(permission: Resource): PropertyReference {
  return propertyReference(permission, valueAt(permission.props, "function_name") === undefined ? "function" : "function_name");
}

function invokedByAsyncService(permission: Resource): Reference {
  const principal = valueAt(permission.props, "principal");
  if (isUnknown(principal)) return "unknown";
  return typeof principal === "string" && ASYNC_PRINCIPALS.has(principal) ? "yes" : "no";
}

export default stackRule({
  id: "PR-RES-005",
  slug: "aws-lambda-async-failure-destination",
  title: "Lambda functions send failed asynchronous invocations somewhere",
  checklist: "5.1.4",
  severity: "medium",
  description:
    "When an asynchronous invocation (S3, SNS, EventBridge, `InvokeAsync`) fails all its retries, Lambda drops " +
    "the event unless the function has a dead-letter queue (`dead_letter_config.target_arn`) or an " +
    "`aws_lambda_function_event_invoke_config` with `destination_config.on_failure` that refers to it. Which " +
    "functions are invoked asynchronously is only partly visible in infrastructure code, so by default every " +
    "function is checked; set `asyncOnly` to check only functions with an event invoke config or a permission " +
    "for an asynchronously invoking service (S3, SNS, EventBridge, CloudWatch Logs, SES, IoT, Config, CodeCommit, " +
    "CloudFormation). A target or destination known only after deployment (`aws_sqs_queue.<dlq>.arn`) is set, and " +
    "a `function_name` known only after deployment names the one function its resource depends on; other " +
    "unknown references leave the function undecided. An invoke config or permission names a " +
    "function of its own account and region only; one whose region or account cannot be told apart from the " +
    "function's leaves it undecided.",
  remediation:
    "Add `dead_letter_config { target_arn = aws_sqs_queue.<dlq>.arn }` to the function (Pulumi: `deadLetterConfig: " +
    "{ targetArn: dlq.arn }`), or an `aws_lambda_function_event_invoke_config` with `function_name` and " +
    "`destination_config { on_failure { destination = <queue, topic, bus or function ARN> } }` (Pulumi: " +
    "`destinationConfig: { onFailure: { destination } }`); grant the function's role permission to send there.",
  fix: (resource) =>
    resource.kind === "aws_lambda_function"
      ? fixOf(
          `Add a dead_letter_config with a target_arn (an SQS queue or SNS topic), or an event invoke config for the function (${resourceType(resource.engine, "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig")}) whose destination_config sends on_failure to a queue, topic, event bus or function; grant the function's role permission to send there.`,
          ["dead_letter_config.target_arn", "destination_config.on_failure.destination"],
        )
      : fixOf("Give destination_config an on_failure destination (a queue, topic, event bus or function ARN), and grant the function's role permission to send there.", ["destination_config.on_failure.destination"]),
  links: [
    "https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function_event_invoke_config",
    "https://www.pulumi.com/registry/packages/aws/api-docs/lambda/functioneventinvokeconfig/",
  ],
  kinds: ["aws_lambda_function", "aws_lambda_function_event_invoke_config", "aws_lambda_permission"],
  config: {
    asyncOnly: {
      type: "boolean",
      default: false,
      description: "Check only functions known to be invoked asynchronously (an event invoke config or an asynchronous service's permission).",
    },
  },
  check(resources, config) {
    const functions = resources.filter((resource) => resource.kind === "aws_lambda_function");
    if (functions.length === 0) return notApplicable("no Lambda function in the stack");
    const invokeConfigs = resources.filter((resource) => resource.kind === "aws_lambda_function_event_invoke_config");
    const permissions = resources.filter((resource) => resource.kind === "aws_lambda_permission");
    const configuring = new Attachments(invokeConfigs, referenceAt("function_name"), functions, FUNCTION_IDENTIFIERS);
    const permitting = new Attachments(permissions, (permission) => [permissionFunction(permission)], functions, FUNCTION_IDENTIFIERS);
    // Whether each permission lets an asynchronous service invoke, and each invoke config sends failures somewhere:
    // judged once, however many functions it may name.
    const asyncService = new Map(permissions.map((permission) => [permission, invokedByAsyncService(permission)]));
    const onFailure = new Map(invokeConfigs.map((invokeConfig) => [invokeConfig, presence(valueInBlocks(invokeConfig.props, ["destination_config", "on_failure"], "destination"))]));
    const verdicts: Verdict[] = [];
    for (const fn of functions) {
      // An invoke config or permission that surely names another function counts for neither answer (each takes the
      // strongest), so only those that may name this one are visited.
      // A function name names a function of the region the invoke config or permission is in.
      const configured = configuring.of(fn);
      if (config.asyncOnly) {
        const asynchronous = strongest([
          ...configured.map(({ holder, applies }) => coversInPlace(applies, holder, fn)),
          ...permitting.of(fn).map(({ holder, applies }) => coversInPlace(weakest([applies, asyncService.get(holder)!]), holder, fn)),
        ]);
        if (asynchronous === "no") continue;
      }
      const destinations = configured.map(({ holder, applies }) => ({ holder, answer: weakest([applies, onFailure.get(holder)!]) }));
      const handled = strongest([
        presence(valueInBlocks(fn.props, ["dead_letter_config"], "target_arn")),
        ...destinations.map(({ holder, answer }) => coversInPlace(answer, holder, fn)),
      ]);
      verdicts.push(
        ...verdictsFor(handled, fn, "dead_letter_config", {
          violation: "failed asynchronous invocations are dropped: no dead-letter queue or on-failure destination",
          undecided: undecidedInPlace(destinations, fn) ?? "whether failed invocations go anywhere is not known to the check",
        }),
      );
    }
    return verdicts;
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a function without a dead-letter queue or on-failure destination",
          resources: [
            { type: "aws:lambda/function:Function", name: "fail_thumbnailer", props: { name: "thumbnailer", runtime: "nodejs22.x", handler: "index.handler" } },
          ],
        },
        {
          description: "an event invoke config that only sets a success destination",
          resources: [
            { type: "aws:lambda/function:Function", name: "fail_ingest", props: { name: "ingest", runtime: "python3.13", handler: "app.handler" } },
            {
              type: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
              name: "fail_ingest_async",
              props: { functionName: "ingest", destinationConfig: { onSuccess: { destination: "arn:aws:sqs:eu-west-1:123456789012:ingest-done" } } },
            },
          ],
        },
      ],
      pass: [
        {
          description: "a function with a dead-letter queue",
          resources: [
            {
              type: "aws:lambda/function:Function",
              name: "pass_thumbnailer",
              props: { name: "thumbnailer", runtime: "nodejs22.x", handler: "index.handler", deadLetterConfig: { targetArn: "arn:aws:sqs:eu-west-1:123456789012:thumbnailer-dlq" } },
            },
          ],
        },
        {
          description: "a function whose event invoke config sends failures to a queue",
          resources: [
            { type: "aws:lambda/function:Function", name: "pass_ingest", props: { name: "ingest", runtime: "python3.13", handler: "app.handler" } },
            {
              type: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
              name: "pass_ingest_async",
              props: {
                functionName: "arn:aws:lambda:eu-west-1:123456789012:function:ingest",
                maximumRetryAttempts: 2,
                destinationConfig: { onFailure: { destination: "arn:aws:sqs:eu-west-1:123456789012:ingest-failed" } },
              },
            },
          ],
        },
      ],
    },
  },
});
