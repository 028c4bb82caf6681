import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/configuration/aws-lambda-runtime-supported";
import { configDefaults } from "../../../src/rules/rule";

const run = (props: Record<string, unknown>, config: Record<string, unknown> = {}) =>
  runRule(rule, fromPulumi({ type: "aws:lambda/function:Function", name: "fn", props }), { ...configDefaults(rule), ...config });

describe("aws-lambda-runtime-supported", () => {
  test("container-image functions are not applicable; an unknown package type is undecided", () => {
    expect(run({ packageType: "Image", imageUri: "repo@sha256:abc" }).applicable).toBe(false);
    const unknown = run({ packageType: UNKNOWN, runtime: "nodejs16.x" });
    expect(unknown.applicable && unknown.judgements.map((j) => j.outcome)).toEqual(["undecided"]);
  });

  test("Python 3.10 (deprecated 2026-10-31) and .NET 8 (2026-11-10) are in the default list", () => {
    for (const runtime of ["python3.10", "dotnet8"]) {
      const flagged = run({ runtime });
      expect(flagged.applicable && flagged.judgements.map((j) => j.outcome)).toEqual(["violation"]);
    }
  });

  test("every runtime the remediation recommends passes", () => {
    const recommended = [...rule.remediation.matchAll(/`"([^"`]+)"`/g)].map((match) => match[1]);
    expect(recommended).toEqual(["nodejs24.x", "python3.13", "java21", "dotnet10", "ruby3.4", "provided.al2023"]);
    for (const runtime of recommended) expect(run({ runtime })).toEqual({ applicable: true, judgements: [] });
  });

  test("the deprecated list is configurable", () => {
    const flagged = run({ runtime: "java11" }, { deprecatedRuntimes: ["java11"] });
    expect(flagged.applicable && flagged.judgements.map((j) => j.outcome)).toEqual(["violation"]);
    expect(run({ runtime: "java11" })).toEqual({ applicable: true, judgements: [] });
  });
});
