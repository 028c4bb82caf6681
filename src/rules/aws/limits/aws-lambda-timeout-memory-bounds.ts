import type { Resource } from "../../../model/resource";
import { expectNumberWithin, writtenValue } from "../../read";
import { resourceRule, type Verdict } from "../../rule";
import { fixOf } from "../../fixes";

/** Lambda's own floor for memory_size. */
const MIN_MEMORY_MB = 128;

/** A number of `unit`s in [min, max] at `path`, as the program writes it; the message names the number and the bound it misses. */
function expectWithin(resource: Resource, path: string, min: number, max: number, unit: string): Verdict[] {
  const range = `between ${min} and ${max} ${unit}`;
  return expectNumberWithin(
    resource,
    path,
    { min, max },
    {
      notSet: `${path} must be set explicitly, ${range}`,
      notNumber: `${path} is not a number ${range}`,
      outOfRange: (n, shown) => `${path} is ${shown} ${unit}, ${n > max ? `above the bound of ${max}` : `below the allowed range, ${range}`}`,
    },
    writtenValue,
  );
}

export default resourceRule({
  id: "PR-LIM-002",
  slug: "aws-lambda-timeout-memory-bounds",
  title: "Lambda functions set their timeout and memory explicitly, within bounds",
  checklist: "5.1.3",
  severity: "medium",
  description:
    "A function's timeout bounds how long a hung call to a dependency can hold it (and bill it); its memory size " +
    "bounds how far it can grow. Left at the provider defaults (3 seconds, 128 MB) they were never chosen, and " +
    "set near Lambda's ceilings (900 seconds, 10,240 MB) a stuck or leaking invocation runs long and costly. " +
    "The default upper bound of 300 seconds suits request/response functions (API Gateway itself gives up after " +
    "29 seconds by default); raise `maxTimeoutSeconds` for batch functions.",
  remediation:
    "Set `timeout` (seconds, Pulumi `timeout`) and `memory_size` (MB, Pulumi `memorySize`) on the function, " +
    "chosen from the function's measured duration and memory use, and keep outbound HTTP timeouts below the function timeout.",
  fix: (_resource, config) =>
    fixOf(
      `Set timeout (1 to ${config.maxTimeoutSeconds} seconds) and memory_size (${MIN_MEMORY_MB} to ${config.maxMemoryMb} MB) from the function's measured duration and memory use, and keep outbound HTTP timeouts below the function timeout.`,
      ["timeout", "memory_size"],
    ),
  links: [
    "https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function#timeout",
    "https://www.pulumi.com/registry/packages/aws/api-docs/lambda/function/",
  ],
  kinds: ["aws_lambda_function"],
  config: {
    maxTimeoutSeconds: {
      type: "integer",
      default: 300,
      minimum: 1,
      maximum: 900,
      description: "Longest timeout accepted, in seconds (Lambda allows up to 900).",
    },
    maxMemoryMb: {
      type: "integer",
      default: 3008,
      minimum: MIN_MEMORY_MB,
      maximum: 10240,
      description: "Largest memory size accepted, in MB (Lambda allows up to 10,240).",
    },
  },
  check(resource, config) {
    return [
      ...expectWithin(resource, "timeout", 1, config.maxTimeoutSeconds, "seconds"),
      ...expectWithin(resource, "memory_size", MIN_MEMORY_MB, config.maxMemoryMb, "MB"),
    ];
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a function left at the provider's default timeout and memory",
          resources: [{ type: "aws:lambda/function:Function", name: "fail_defaults", props: { runtime: "nodejs24.x", handler: "index.handler" } }],
        },
        {
          description: "an API function allowed to run for 15 minutes",
          resources: [
            {
              type: "aws:lambda/function:Function",
              name: "fail_long_timeout",
              props: { runtime: "nodejs24.x", handler: "index.handler", timeout: 900, memorySize: 512 },
            },
          ],
        },
      ],
      pass: [
        {
          description: "a function with a 10-second timeout and 512 MB",
          resources: [
            { type: "aws:lambda/function:Function", name: "pass_api", props: { runtime: "nodejs24.x", handler: "index.handler", timeout: 10, memorySize: 512 } },
          ],
        },
      ],
    },
  },
});
