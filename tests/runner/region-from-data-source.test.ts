/**
 * aws.getRegion answers the stack's aws:region, or through an explicit provider that provider's region; without one it
 * is unknown offline, so a provider placed by it is placed in no region that can be told, not by the region ARNs name
 * in its stead.
 */
import { join } from "path";
import type * as Runner from "../../src/adapters/pulumi/runner";
import { evaluate } from "../../src/engine/evaluate";
import { resolveSettings } from "../../src/engine/settings";
import { findRule } from "../../src/rules/catalogue";
import { UNKNOWN_STRING } from "../../src/adapters/pulumi/properties";
import { built, FIXTURES } from "../cli/harness";

const { runProgram, toModel } = built<typeof Runner>("adapters/pulumi/runner/index");
const fixture = join(FIXTURES, "region-from-data-source");
const rules = [findRule("aws-acm-certificate-expiry-alarm")!];

const { PULUMI_CONFIG: _config, AWS_REGION: _region, AWS_DEFAULT_REGION: _default, ...env } = process.env;
const outcomes = (run: Runner.ProgramRun) =>
  evaluate(toModel(run.resources), rules, resolveSettings(rules, "service")).map((finding) => `${finding.outcome} ${finding.resource.name}: ${finding.message}`);
const region = (run: Runner.ProgramRun, name: string) => run.resources.find((resource) => resource.name === name)!.awsProvider?.region;

let dev: Runner.ProgramRun;
let west: Runner.ProgramRun;
beforeAll(async () => {
  [dev, west] = await Promise.all([runProgram(fixture, { env }), runProgram(fixture, { stack: "west", env })]);
});

test("without aws:region, the provider placed by getRegion is in no known region, and its certificate's cover is undecided", () => {
  expect(region(dev, "dr-cert")).toBe(UNKNOWN_STRING);
  expect(outcomes(dev)).toEqual([
    "undecided dr-cert: whether urn:pulumi:dev::region-from-data-source-fixture::aws:cloudwatch/eventRule:EventRule::expiry is in the region of urn:pulumi:dev::region-from-data-source-fixture::aws:acm/certificate:Certificate::dr-cert cannot be told: the region of one or both is not known",
  ]);
});

test("with aws:region us-west-2, getRegion answers it and the provider is in us-east-1, where the event rule watches its certificate", () => {
  expect(region(west, "dr-cert")).toBe("us-east-1");
  expect(outcomes(west)).toEqual([]);
});

test("getRegion through an explicit provider answers that provider's region, whatever the stack's, and its resources' ARNs name it", () => {
  for (const run of [dev, west]) {
    expect(region(run, "mirror-cert")).toBe("us-east-1");
    expect(run.resources.find((resource) => resource.name === "expiry")!.props.arn).toMatch(/^arn:aws:[^:]+:us-east-1:/);
  }
});

test("getRegion asked for a region (pulumi-aws 7's region, the deprecated name) answers it, not its provider's", () => {
  for (const run of [dev, west]) expect([region(run, "selected-cert"), region(run, "named-cert")]).toEqual(["us-east-1", "us-east-1"]);
});
