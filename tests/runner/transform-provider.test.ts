/** A provider a resource transform gives a resource is the one the engine creates it with, which places it. */
import { join } from "path";
import type * as Runner from "../../src/adapters/pulumi/runner";
import { evaluate } from "../../src/engine/evaluate";
import { resolveSettings } from "../../src/engine/settings";
import { findRule } from "../../src/rules/catalogue";
import { built, FIXTURES } from "../cli/harness";

const { runProgram, toModel } = built<typeof Runner>("adapters/pulumi/runner/index");
const rules = [findRule("aws-acm-certificate-expiry-alarm")!];

test("a stack transform's provider places the certificate in us-east-1, where the stack's eu-west-1 event rule does not watch it", async () => {
  const { PULUMI_CONFIG: _config, AWS_REGION: _region, AWS_DEFAULT_REGION: _default, ...env } = process.env;
  const run = await runProgram(join(FIXTURES, "transform-provider"), { env });
  const east = run.resources.find((resource) => resource.name === "east")!.urn;
  expect(run.resources.find((resource) => resource.name === "cdn")!.awsProvider).toMatchObject({ urn: east, region: "us-east-1" });
  expect(evaluate(toModel(run.resources), rules, resolveSettings(rules, "service")).map((finding) => `${finding.outcome} ${finding.resource.name}: ${finding.message}`)).toEqual([
    "violation cdn: no alarm on DaysToExpiry or expiry event watches this certificate",
  ]);
});
