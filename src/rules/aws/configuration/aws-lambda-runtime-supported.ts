import { isUnknown, valueAt } from "../../../model/resource";
import { expectValue, shownValue } from "../../read";
import { notApplicable, resourceRule, undecided } from "../../rule";
import { fixOf } from "../../fixes";

export default resourceRule({
  id: "PR-CFG-008",
  slug: "aws-lambda-runtime-supported",
  title: "Lambda functions run on a runtime AWS still supports",
  checklist: "1.1.2",
  severity: "medium",
  description:
    "A deprecated Lambda runtime gets no security patches, and some time after deprecation AWS blocks creating " +
    "and then updating functions that use it: the next deployment fails, or a new environment cannot be built " +
    "from the same code. The default list follows AWS's runtime deprecation table as of 2026-11-29 (Node.js 20 and " +
    "older, Python 3.10 and older, Java 8 on Amazon Linux 1, .NET 8 and older, Ruby 3.2 and older, Go 1.x, the Amazon " +
    "Linux 1 `provided` runtime); extend `deprecatedRuntimes` as the next dates pass: Ruby 3.3 on 2027-03-31, Node.js 22 " +
    "on 2027-04-30, and the Amazon Linux 2 runtimes (`python3.11`, `java8.al2`, `java11`, `java17`, `provided.al2`) " +
    "on 2027-06-30. Container-image functions carry their own runtime and are not checked.",
  remediation:
    'Set `runtime` (Pulumi: `runtime`) to a supported identifier, e.g. `"nodejs24.x"`, `"python3.13"`, `"java21"`, ' +
    '`"dotnet10"`, `"ruby3.4"` or `"provided.al2023"` for Go and other compiled code, and test the function on it.',
  fix: () =>
    fixOf('Set runtime to a supported identifier, e.g. "nodejs24.x", "python3.13", "java21", "dotnet10", "ruby3.4" or "provided.al2023" for Go and other compiled code, and test the function on it.'),
  links: [
    "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html",
    "https://docs.aws.amazon.com/lambda/latest/dg/runtime-support-policy.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/lambda_function#runtime",
  ],
  kinds: ["aws_lambda_function"],
  config: {
    deprecatedRuntimes: {
      type: "array",
      items: { type: "string" },
      default: [
        "nodejs", "nodejs4.3", "nodejs4.3-edge", "nodejs6.10", "nodejs8.10", "nodejs10.x", "nodejs12.x", "nodejs14.x", "nodejs16.x", "nodejs18.x", "nodejs20.x",
        "python2.7", "python3.6", "python3.7", "python3.8", "python3.9", "python3.10",
        "java8",
        "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1", "dotnet5.0", "dotnet6", "dotnet7", "dotnet8",
        "ruby2.5", "ruby2.7", "ruby3.2",
        "go1.x",
        "provided",
      ],
      description: "Runtime identifiers that AWS has deprecated (exact, case-sensitive, as the Lambda API spells them).",
    },
  },
  check(resource, config) {
    const packageType = valueAt(resource.props, "package_type");
    if (isUnknown(packageType)) return [undecided("package_type")];
    if (packageType === "Image") return notApplicable("a container-image function brings its own runtime");
    const deprecated = new Set(config.deprecatedRuntimes.map(String));
    return expectValue(
      resource,
      "runtime",
      (runtime) => typeof runtime !== "string" || !deprecated.has(runtime),
      (runtime) => `runtime ${shownValue(resource, "runtime", runtime as string)} is deprecated`,
    );
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a function on Node.js 16",
          resources: [{ type: "aws:lambda/function:Function", name: "fail_fn", props: { runtime: "nodejs16.x", handler: "index.handler", role: "arn:aws:iam::123456789012:role/fn" } }],
        },
        {
          description: "a Go function on the retired go1.x runtime",
          resources: [{ type: "aws:lambda/function:Function", name: "fail_go", props: { runtime: "go1.x", handler: "main", role: "arn:aws:iam::123456789012:role/fn" } }],
        },
      ],
      pass: [
        {
          description: "a function on Python 3.13",
          resources: [{ type: "aws:lambda/function:Function", name: "pass_fn", props: { runtime: "python3.13", handler: "app.handler", role: "arn:aws:iam::123456789012:role/fn" } }],
        },
      ],
    },
  },
});
