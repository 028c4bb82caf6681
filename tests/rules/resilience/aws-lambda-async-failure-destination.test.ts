import { fromPulumi, type PulumiResource } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, UNKNOWN_PRESENT, type Resource } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/resilience/aws-lambda-async-failure-destination";
import { configDefaults } from "../../../src/rules/rule";

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

  test("an invoke config for another function does not help", () => {
    const other = {
      type: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
      name: "async",
      props: { functionName: "other", destinationConfig: { onFailure: { destination: "arn:aws:sqs:eu-west-1:123456789012:failed" } } },
    };
    expect(outcomes([fn("worker"), other])).toEqual(["violation worker"]);
  });
});
