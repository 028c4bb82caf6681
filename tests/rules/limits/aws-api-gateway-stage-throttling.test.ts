import type { PulumiResource } from "../../../src/adapters/pulumi";
import { UNKNOWN, UNKNOWN_PRESENT } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/limits/aws-api-gateway-stage-throttling";
import { addressOf, check } from "../operations/check";

const stage: PulumiResource = { type: "aws:apigateway/stage:Stage", name: "stage", props: { restApi: "a1b2c3d4e5", stageName: "prod", deployment: "dep1" } };
const THROTTLED = { throttlingBurstLimit: 200, throttlingRateLimit: 100 };

function methodSettings(props: Record<string, unknown>, dependencies?: string[]): PulumiResource {
  return {
    type: "aws:apigateway/methodSettings:MethodSettings",
    name: "settings",
    props: { restApi: "a1b2c3d4e5", stageName: "prod", methodPath: "*/*", settings: THROTTLED, ...props },
    dependencies,
  };
}

describe("aws-api-gateway-stage-throttling", () => {
  test("settings of another API's stage of the same name do not throttle this one", () => {
    const { verdicts, stack } = check(rule, [stage, methodSettings({ restApi: "zzzzzzzzzz" })]);
    expect(verdicts).toMatchObject([{ outcome: "violation", path: "", address: addressOf(stack, "stage") }]);
  });

  test("settings for a single method do not throttle the stage", () => {
    const { verdicts } = check(rule, [stage, methodSettings({ methodPath: "orders/GET" })]);
    expect(verdicts).toMatchObject([{ outcome: "violation", path: "" }]);
  });

  test("an unknown stage name leaves the stage undecided", () => {
    const { verdicts, stack } = check(rule, [stage, methodSettings({ stageName: UNKNOWN })]);
    expect(verdicts).toMatchObject([{ outcome: "undecided", path: "", address: addressOf(stack, "stage") }]);
  });

  test("an unknown stage name in settings that do not depend on the stage cannot name it", () => {
    const api = "urn:pulumi:example::prodready::aws:apigateway/restApi:RestApi::api";
    const { verdicts } = check(rule, [stage, methodSettings({ stageName: UNKNOWN }, [api])]);
    expect(verdicts).toMatchObject([{ outcome: "violation", path: "" }]);
  });

  test("settings that depend on the stage are for it and its API when both are known only after deployment", () => {
    const created: PulumiResource = { ...stage, props: { ...stage.props, restApi: UNKNOWN_PRESENT } };
    const stageAddress = check(rule, [created]).stack[0].address;
    const referring = { restApi: UNKNOWN_PRESENT, stageName: UNKNOWN_PRESENT };
    expect(check(rule, [created, methodSettings(referring, [stageAddress])]).verdicts).toEqual([]);
    expect(check(rule, [created, methodSettings(referring)]).verdicts).toMatchObject([{ outcome: "undecided", path: "" }]);
    // The stage's name matches, but nothing says the unknown API is the stage's.
    expect(check(rule, [stage, methodSettings({ restApi: UNKNOWN_PRESENT })]).verdicts).toMatchObject([{ outcome: "undecided", path: "" }]);
  });

  test("the provider's default of -1 is no limit, reported on the method settings", () => {
    const { verdicts, stack } = check(rule, [stage, methodSettings({ settings: { throttlingBurstLimit: -1, throttlingRateLimit: 100 } })]);
    expect(verdicts).toMatchObject([{ outcome: "violation", path: "settings.throttling_burst_limit", address: addressOf(stack, "settings") }]);
  });

  test("Terraform's list form of the settings block is read", () => {
    expect(check(rule, [stage, methodSettings({ settings: [THROTTLED] })]).verdicts).toEqual([]);
    const { verdicts } = check(rule, [stage, methodSettings({ settings: [{ throttlingBurstLimit: 200 }] })]);
    expect(verdicts).toMatchObject([{ outcome: "violation", path: "settings.0.throttling_rate_limit" }]);
  });

  test("a stack without stages is not applicable", () => {
    expect(check(rule, [methodSettings({})]).applicable).toBe(false);
  });
});
