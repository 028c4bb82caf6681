import type { PulumiResource } from "../../../src/adapters/pulumi";
import { UNKNOWN, UNKNOWN_PRESENT } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/limits/aws-api-gateway-stage-throttling";
import { checkedFixes, pulumiFixes, TERRAFORM_NAME } from "../../support/fixes";
import { addressOf, check } from "../operations/check";
import { judgedInHcl } from "../../support/terraform-fixtures";

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
  test("method settings naming their stage by the input the stage's name reads, given no value, leave the stage undecided", () => {
    const main = `
variable "stage" {
  type = string
}
resource "aws_api_gateway_rest_api" "api" {
  name = "api"
}
resource "aws_api_gateway_deployment" "d" {
  rest_api_id = aws_api_gateway_rest_api.api.id
}
resource "aws_api_gateway_stage" "s" {
  deployment_id = aws_api_gateway_deployment.d.id
  rest_api_id   = aws_api_gateway_rest_api.api.id
  stage_name    = var.stage
}
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = var.stage
  method_path = "*/*"
  settings {
    throttling_burst_limit = 100
    throttling_rate_limit  = 50
  }
}`;
    expect(judgedInHcl(rule, main)).toEqual(["undecided aws_api_gateway_stage.s"]);
  });

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

  describe("method settings for one method replace the stage's */* throttling for it", () => {
    const override = (settings: unknown, props: Record<string, unknown> = {}, dependencies?: string[]): PulumiResource => ({
      ...methodSettings({ methodPath: "items/GET", settings, ...props }, dependencies),
      name: "items_get",
    });
    const why = `, and these settings for one method replace the stage's "*/*" throttling for it`;
    const unthrottled = (stack: ReturnType<typeof check>["stack"]) => [
      { outcome: "violation", path: "settings.throttling_burst_limit", message: `throttling_burst_limit is not set to a positive limit${why}`, address: addressOf(stack, "items_get") },
      { outcome: "violation", path: "settings.throttling_rate_limit", message: `throttling_rate_limit is not set to a positive limit${why}`, address: addressOf(stack, "items_get") },
    ];

    test("fails on the settings when they leave a limit out (the provider sends -1) or set -1", () => {
      for (const settings of [{ cachingEnabled: true }, { cachingEnabled: true, throttlingBurstLimit: -1, throttlingRateLimit: -1 }]) {
        const { verdicts, stack } = check(rule, [stage, methodSettings({}), override(settings)]);
        expect(verdicts).toEqual(unthrottled(stack));
      }
    });

    test("fails on settings without a settings block", () => {
      const { verdicts, stack } = check(rule, [stage, methodSettings({}), override(undefined)]);
      expect(verdicts).toEqual([{ outcome: "violation", path: "settings", message: `settings sets no throttling limits${why}`, address: addressOf(stack, "items_get") }]);
    });

    test("passes when the settings throttle their method too", () => {
      expect(check(rule, [stage, methodSettings({}), override(THROTTLED)]).verdicts).toEqual([]);
    });

    test("are judged alone, whatever stage they are for: another API's, one outside the stack, or one known only after deployment", () => {
      const stageAddress = check(rule, [stage]).stack[0].address;
      for (const resources of [
        [stage, methodSettings({}), override({ cachingEnabled: true }, { restApi: "zzzzzzzzzz" })],
        [override({ cachingEnabled: true })],
        [stage, methodSettings({}), override({ cachingEnabled: true }, { restApi: UNKNOWN, stageName: UNKNOWN }, [stageAddress])],
        [stage, methodSettings({}), override({ cachingEnabled: true }, { restApi: UNKNOWN, stageName: UNKNOWN })],
      ]) {
        const { verdicts, stack } = check(rule, resources);
        expect(verdicts).toEqual(unthrottled(stack));
      }
    });

    test("a limit known only after deployment is undecided", () => {
      const { verdicts, stack } = check(rule, [stage, methodSettings({}), override({ throttlingBurstLimit: UNKNOWN, throttlingRateLimit: 100 })]);
      expect(verdicts).toEqual([{ outcome: "undecided", path: "settings.throttling_burst_limit", message: "value is not known to the check", address: addressOf(stack, "items_get") }]);
    });

    test("a method path known only after deployment leaves settings without limits undecided, and throttling ones passing", () => {
      const { verdicts, stack } = check(rule, [stage, methodSettings({}), override({ cachingEnabled: true }, { methodPath: UNKNOWN })]);
      expect(verdicts).toEqual([
        {
          outcome: "undecided",
          path: "method_path",
          message: 'these settings leave throttling off, and whether they are for one method, replacing the stage\'s "*/*" throttling for it, is not known to the check',
          address: addressOf(stack, "items_get"),
        },
      ]);
      expect(check(rule, [stage, methodSettings({}), override(THROTTLED, { methodPath: UNKNOWN })]).verdicts).toEqual([]);
    });
  });

  describe("the stage a deployment creates with stage_name (AWS provider v5)", () => {
    const deployment = (props: Record<string, unknown>): PulumiResource => ({ type: "aws:apigateway/deployment:Deployment", name: "deployment", props: { restApi: "a1b2c3d4e5", ...props } });

    test("is judged as a stage: unthrottled it fails, throttled by method settings it passes", () => {
      const { verdicts, stack } = check(rule, [deployment({ stageName: "prod" })]);
      expect(verdicts).toEqual([
        { outcome: "violation", path: "", message: 'no method settings on "*/*" throttle the stage this deployment creates (`stage_name`)', address: addressOf(stack, "deployment") },
      ]);
      expect(check(rule, [deployment({ stageName: "prod" }), methodSettings({})]).verdicts).toEqual([]);
      expect(check(rule, [deployment({ stageName: "prod" }), methodSettings({ restApi: "zzzzzzzzzz" })]).verdicts).toMatchObject([{ outcome: "violation", path: "" }]);
    });

    test("a deployment without a stage name creates no stage", () => {
      expect(check(rule, [deployment({})]).applicable).toBe(false);
      expect(check(rule, [deployment({ stageName: "" })]).applicable).toBe(false);
    });

    test("a stage name that may be unset leaves an unthrottled stage undecided", () => {
      const { verdicts, stack } = check(rule, [deployment({ stageName: UNKNOWN })]);
      expect(verdicts).toEqual([
        { outcome: "undecided", path: "stage_name", message: "whether this deployment creates a stage is not known to the check", address: addressOf(stack, "deployment") },
      ]);
    });

    test("a stage that an aws_api_gateway_stage also manages is judged once, there", () => {
      const { verdicts, stack } = check(rule, [stage, deployment({ stageName: "prod" })]);
      expect(verdicts).toMatchObject([{ outcome: "violation", path: "", address: addressOf(stack, "stage") }]);
    });
  });

  describe("an HTTP API stage throttled through route settings", () => {
    // As the Pulumi runner records them: the API's ID among its props, and the stage and routes taking it.
    const api: PulumiResource = { type: "aws:apigatewayv2/api:Api", name: "api", props: { id: "f6g7h8i9j0", protocolType: "HTTP" } };
    const route = (name: string, routeKey: unknown, props: Record<string, unknown> = {}): PulumiResource => ({
      type: "aws:apigatewayv2/route:Route",
      name,
      props: { apiId: "f6g7h8i9j0", routeKey, ...props },
    });
    const v2Stage = (routeSettings: unknown[]): PulumiResource => ({ type: "aws:apigatewayv2/stage:Stage", name: "http_stage", props: { apiId: "f6g7h8i9j0", name: "prod", routeSettings } });
    const defaultThrottled = { routeKey: "$default", ...THROTTLED };

    test("passes when the API's only route, $default, is throttled", () => {
      expect(check(rule, [api, route("catchall", "$default"), v2Stage([defaultThrottled])]).verdicts).toEqual([]);
    });

    test("fails when a route with its own key has no throttling: $default only serves what no other route matches", () => {
      const { verdicts, stack } = check(rule, [api, route("catchall", "$default"), route("pets", "GET /pets"), v2Stage([defaultThrottled])]);
      expect(verdicts).toEqual([
        { outcome: "violation", path: "default_route_settings", message: "default_route_settings sets no throttling limits", address: addressOf(stack, "http_stage") },
      ]);
      const both = v2Stage([defaultThrottled, { routeKey: "GET /pets", ...THROTTLED }]);
      expect(check(rule, [api, route("catchall", "$default"), route("pets", "GET /pets"), both]).verdicts).toEqual([]);
    });

    test("a route's settings throttle it only with both limits", () => {
      const { verdicts } = check(rule, [api, route("catchall", "$default"), v2Stage([{ routeKey: "$default", throttlingBurstLimit: 100 }])]);
      expect(verdicts).toMatchObject([{ outcome: "violation", path: "default_route_settings" }]);
    });

    test("routes that cannot all be known leave the stage undecided", () => {
      const undecidedOnRoutes = [{ outcome: "undecided", path: "route_settings" }];
      // The API is not in the stack.
      expect(check(rule, [route("catchall", "$default"), v2Stage([defaultThrottled])]).verdicts).toMatchObject(undecidedOnRoutes);
      // The API's routes come from an OpenAPI body.
      const withBody = { ...api, props: { ...api.props, body: "{}" } };
      expect(check(rule, [withBody, route("catchall", "$default"), v2Stage([defaultThrottled])]).verdicts).toMatchObject(undecidedOnRoutes);
      // An unthrottled route may be the API's: its API is known only after deployment.
      const maybeOfApi = route("pets", "GET /pets", { apiId: UNKNOWN });
      expect(check(rule, [api, route("catchall", "$default"), maybeOfApi, v2Stage([defaultThrottled])]).verdicts).toMatchObject(undecidedOnRoutes);
      // A route key known only after deployment.
      expect(check(rule, [api, route("catchall", UNKNOWN), v2Stage([defaultThrottled])]).verdicts).toMatchObject(undecidedOnRoutes);
    });
  });

  describe("an HTTP API made by quick create (`target`)", () => {
    const quickCreate = (target: unknown): PulumiResource => ({ type: "aws:apigatewayv2/api:Api", name: "quick", props: { id: "f6g7h8i9j0", protocolType: "HTTP", target } });
    const lambda = "arn:aws:lambda:eu-west-1:123456789012:function:orders";

    test("fails: AWS deploys its $default stage with no throttling, and nothing in the stack can add any", () => {
      for (const target of [lambda, UNKNOWN_PRESENT]) {
        const { verdicts, stack } = check(rule, [quickCreate(target)]);
        expect(verdicts).toEqual([
          { outcome: "violation", path: "target", message: "quick create (`target`) gives this API a `$default` stage that AWS deploys with no throttling", address: addressOf(stack, "quick") },
        ]);
      }
    });

    test("a target known only after deployment, possibly unset, leaves the API undecided", () => {
      const { verdicts, stack } = check(rule, [quickCreate(UNKNOWN)]);
      expect(verdicts).toEqual([
        { outcome: "undecided", path: "target", message: "whether quick create (`target`) gives this API an unthrottled `$default` stage is not known to the check", address: addressOf(stack, "quick") },
      ]);
    });

    test("an API without a target has no stage of its own: alone it is not applicable", () => {
      expect(check(rule, [quickCreate(undefined)]).applicable).toBe(false);
      expect(check(rule, [quickCreate("")]).applicable).toBe(false);
    });

    test("a $default stage that an aws_apigatewayv2_stage of the stack manages (imported) is judged once, there", () => {
      const imported: PulumiResource = { type: "aws:apigatewayv2/stage:Stage", name: "imported", props: { apiId: "f6g7h8i9j0", name: "$default", defaultRouteSettings: THROTTLED } };
      expect(check(rule, [quickCreate(lambda), imported]).verdicts).toEqual([]);
      const otherStage = { ...imported, props: { ...imported.props, name: "prod" } };
      expect(check(rule, [quickCreate(lambda), otherStage]).verdicts).toMatchObject([{ outcome: "violation", path: "target" }]);
    });

    // FUZZ_SEED=1607148993 at FUZZ_RUNS=300 (rules fuzz test): a `$default` stage whose `api_id` is known only after
    // deployment, depending on the API, is surely its stage; without the dependency list it only may be, and the
    // API was reported as if no stage of the stack could be its `$default` one.
    test("a stage that may be the API's $default stage (its API or name known only after deployment) leaves the API undecided", () => {
      const apiAddress = check(rule, [quickCreate(lambda)]).stack[0].address;
      const stageOf = (props: Record<string, unknown>, dependencies?: string[]): PulumiResource => ({
        type: "aws:apigatewayv2/stage:Stage",
        name: "imported",
        props: { name: "$default", autoDeploy: true, defaultRouteSettings: THROTTLED, ...props },
        dependencies,
      });
      expect(check(rule, [stageOf({ apiId: UNKNOWN }, [apiAddress]), quickCreate(lambda)]).verdicts).toEqual([]);
      const undecidedApi = {
        outcome: "undecided",
        path: "target",
        message: "whether a stage of the stack is the `$default` stage that quick create (`target`) gives this API, judged there instead, is not known to the check",
      };
      for (const maybe of [stageOf({ apiId: UNKNOWN }), stageOf({ apiId: UNKNOWN_PRESENT }), stageOf({ apiId: "f6g7h8i9j0", name: UNKNOWN_PRESENT })]) {
        const { verdicts, stack } = check(rule, [maybe, quickCreate(lambda)]);
        expect(verdicts).toEqual([{ ...undecidedApi, address: addressOf(stack, "quick") }]);
      }
    });
  });

  test("a stack without stages is not applicable", () => {
    expect(check(rule, [methodSettings({})]).applicable).toBe(false);
  });
});

describe("each finding's fix is its kind's, in the names of the engine checked, not the rule's remediation for every kind of API", () => {
  test("Terraform: a REST stage is told to add method settings, an HTTP stage its default_route_settings, a quick-created API a stage of its own", () => {
    const main = `resource "aws_api_gateway_stage" "rest" {
  rest_api_id   = "a1b2c3d4e5"
  stage_name    = "prod"
  deployment_id = "dep1"
}
resource "aws_apigatewayv2_stage" "http" {
  api_id = "f6g7h8i9j0"
  name   = "prod"
}
resource "aws_apigatewayv2_api" "quick" {
  name          = "quick"
  protocol_type = "HTTP"
  target        = "arn:aws:lambda:eu-west-1:123456789012:function:api"
}
`;
    const fixes = checkedFixes(rule, { "main.tf": main });
    expect(fixes.rest).toBe(
      'Throttle the stage: add an aws_api_gateway_method_settings for it (its rest_api_id and stage_name), with method_path "*/*" and settings that set throttling_burst_limit and throttling_rate_limit to positive limits.',
    );
    expect(fixes.http).toMatch(/^Set both throttling_burst_limit and throttling_rate_limit in default_route_settings to positive limits, or give each route of the API a route_settings block/);
    expect(fixes.quick).toMatch(/^Quick create gives no way to throttle its stage: drop target, .*\(aws_apigatewayv2_integration, aws_apigatewayv2_route\) and an aws_apigatewayv2_stage whose default_route_settings/);
    expect(fixes.http).not.toMatch(/method_settings|method_path/);
    for (const fix of Object.values(fixes)) expect(fix).not.toMatch(/Pulumi|[a-z][A-Z]/);
  });

  test("Pulumi: the same fixes in the program's names and types, and settings for one method told they replace the stage's", () => {
    const fixes = pulumiFixes(rule, [
      stage,
      { ...methodSettings({ methodPath: "items/GET", settings: { cachingEnabled: true } }), name: "items" },
      { type: "aws:apigatewayv2/stage:Stage", name: "http", props: { apiId: "f6g7h8i9j0", name: "prod" } },
      { type: "aws:apigatewayv2/api:Api", name: "quick", props: { protocolType: "HTTP", target: "arn:aws:lambda:eu-west-1:123456789012:function:api" } },
    ]);
    expect(fixes.stage).toBe(
      'Throttle the stage: add an aws.apigateway.MethodSettings for it (its restApi and stageName), with methodPath "*/*" and settings that set throttlingBurstLimit and throttlingRateLimit to positive limits.',
    );
    expect(fixes.items).toBe('Set both throttlingBurstLimit and throttlingRateLimit in settings, at this method\'s own rate: settings for one method replace the stage\'s "*/*" throttling for it.');
    expect(fixes.http).toMatch(/^Set both throttlingBurstLimit and throttlingRateLimit in defaultRouteSettings to positive limits, or give each route of the API a routeSettings block \(its routeKey\)/);
    expect(fixes.quick).toMatch(/\(aws\.apigatewayv2\.Integration, aws\.apigatewayv2\.Route\) and an aws\.apigatewayv2\.Stage whose defaultRouteSettings/);
    for (const fix of Object.values(fixes)) expect(fix).not.toMatch(TERRAFORM_NAME);
  });
});
