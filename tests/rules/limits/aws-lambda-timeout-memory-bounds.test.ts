import type { PulumiResource } from "../../../src/adapters/pulumi";
import rule from "../../../src/rules/aws/limits/aws-lambda-timeout-memory-bounds";
import { fixtureMessages } from "../../support/terraform-fixtures";
import { check } from "../operations/check";

const fn = (props: Record<string, unknown>): PulumiResource => ({
  type: "aws:lambda/function:Function",
  name: "fn",
  props: { runtime: "nodejs24.x", handler: "index.handler", ...props },
});
const messages = (props: Record<string, unknown>, config: Record<string, unknown> = {}) => check(rule, [fn(props)], config).verdicts.map((verdict) => verdict.message);

describe("aws-lambda-timeout-memory-bounds", () => {
  test("a value left out is asked for; one set out of range is said to be out of range, not unset (Pulumi)", () => {
    expect(messages({})).toEqual(["timeout must be set explicitly, between 1 and 300 seconds", "memory_size must be set explicitly, between 128 and 3008 MB"]);
    expect(messages({ timeout: 899, memorySize: 9999 })).toEqual(["timeout is 899 seconds, above the bound of 300", "memory_size is 9999 MB, above the bound of 3008"]);
    expect(messages({ timeout: 0, memorySize: 64 })).toEqual(["timeout is 0 seconds, below the allowed range, between 1 and 300 seconds", "memory_size is 64 MB, below the allowed range, between 128 and 3008 MB"]);
    expect(messages({ timeout: "long", memorySize: 512 })).toEqual(["timeout is not a number between 1 and 300 seconds"]);
    expect(messages({ timeout: NaN, memorySize: Infinity })).toEqual(["timeout is not a number between 1 and 300 seconds", "memory_size is Infinity MB, above the bound of 3008"]);
    expect(messages({ timeout: "1e309", memorySize: "-1e309" })).toEqual(["timeout is Infinity seconds, above the bound of 300", "memory_size is -Infinity MB, below the allowed range, between 128 and 3008 MB"]);
    expect(messages({ timeout: 600, memorySize: 512 }, { maxTimeoutSeconds: 900 })).toEqual([]);
  });

  test("the same on Terraform: the function left at the defaults, and the ones set above the bounds", () => {
    expect(fixtureMessages(rule)).toEqual([
      "fail_defaults memory_size: memory_size must be set explicitly, between 128 and 3008 MB",
      "fail_defaults timeout: timeout must be set explicitly, between 1 and 300 seconds",
      "fail_long_timeout timeout: timeout is 900 seconds, above the bound of 300",
      "fail_memory memory_size: memory_size is 10240 MB, above the bound of 3008",
    ]);
  });
});
