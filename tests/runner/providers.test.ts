/**
 * The runner gives each AWS resource its provider as the engine would: an explicit provider's region and the stack's
 * `aws:region` for the default one place it, and the pulumi-aws version that registered it decides the Redshift default.
 */
import { createRequire } from "module";
import { join } from "path";
import type * as Runner from "../../src/adapters/pulumi/runner";
import { evaluate } from "../../src/engine/evaluate";
import { resolveSettings } from "../../src/engine/settings";
import { findRule } from "../../src/rules/catalogue";
import { built, FIXTURES } from "../cli/harness";

const { runProgram, toModel } = built<typeof Runner>("adapters/pulumi/runner/index");
const fixture = join(FIXTURES, "providers");
/** The pulumi-aws the fixture resolves, as the program would: a 7.x release. */
const AWS_VERSION = (createRequire(join(fixture, "index.ts"))("@pulumi/aws/package.json") as { version: string }).version;
const DEFAULT_PROVIDER = `urn:pulumi:dev::providers-fixture::pulumi:providers:aws::default_${AWS_VERSION.replace(/\./g, "_")}`;
const rules = [findRule("aws-db-not-publicly-accessible")!, findRule("aws-acm-certificate-expiry-alarm")!];

/** The environment without any PULUMI_CONFIG or AWS region the test runner's own may hold. */
function environment(): NodeJS.ProcessEnv {
  const { PULUMI_CONFIG: _config, AWS_REGION: _region, AWS_DEFAULT_REGION: _default, ...rest } = process.env;
  return rest;
}

const outcomes = (run: Runner.ProgramRun) =>
  evaluate(toModel(run.resources), rules, resolveSettings(rules, "service")).map((finding) => `${finding.outcome} ${finding.ruleId} ${finding.resource.name}: ${finding.message}`);

let dev: Runner.ProgramRun;
let eu: Runner.ProgramRun;
beforeAll(async () => {
  [dev, eu] = await Promise.all([runProgram(fixture, { env: environment() }), runProgram(fixture, { stack: "eu", env: environment() })]);
});

const legacyPublic = "violation PR-SEC-018 legacy: publicly_accessible is not set to false; AWS provider versions before 6.0 (Pulumi AWS before 7.0) make Redshift clusters public by default";
const unwatched = (name: string) => `violation PR-RES-003 ${name}: no alarm on DaysToExpiry or expiry event watches this certificate`;

test("the fixture runs pulumi-aws 7", () => expect(AWS_VERSION).toMatch(/^7\./));

test("in a us-east-1 stack, the us-east-1 certificate is watched by the default provider's event rule and the west provider's is not", () => {
  expect(outcomes(dev)).toEqual([legacyPublic, unwatched("api")]);
});

test("in a eu-west-1 stack, the event rule watches the west provider's certificate and not the us-east-1 one", () => {
  expect(outcomes(eu)).toEqual([legacyPublic, unwatched("cdn")]);
});

test("each AWS resource knows its provider: the default one's URN, region and version as the engine would give them", () => {
  const providers = new Map(dev.resources.map((resource) => [resource.name, resource.awsProvider]));
  const west = dev.resources.find((resource) => resource.name === "west")!.urn;
  expect(Object.fromEntries(providers)).toEqual({
    west: undefined,
    cdn: { urn: DEFAULT_PROVIDER, region: "us-east-1", version: AWS_VERSION },
    api: { urn: west, region: "eu-west-1", version: AWS_VERSION },
    expiry: { urn: DEFAULT_PROVIDER, region: "us-east-1", version: AWS_VERSION },
    warehouse: { urn: DEFAULT_PROVIDER, region: "us-east-1", version: AWS_VERSION },
    legacy: { urn: "urn:pulumi:dev::providers-fixture::pulumi:providers:aws::default_6_83_0", region: "us-east-1", version: "6.83.0" },
  });
});
