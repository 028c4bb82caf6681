import { containsUnknown, isUnknown, valueAt, type Resource } from "../../../model/resource";
import { asNumber, Attachments, block, expectValue, isSet, join, metByAny, type Reference, referenceAt, weakest } from "../../read";
import { notApplicable, stackRule, undecided, violation, type Verdict } from "../../rule";

const LIMITS = ["throttling_burst_limit", "throttling_rate_limit"] as const;

/** The provider's default of -1 leaves throttling off, and 0 would reject every request: a limit is positive. */
function isLimit(value: unknown): boolean {
  const n = asNumber(value);
  return n !== undefined && n > 0;
}

/** Verdicts on the throttling limits of the settings block `blockName` (REST method settings, HTTP/WebSocket stage defaults). */
function throttlingVerdicts(resource: Resource, blockName: string): Verdict[] {
  const settings = block(resource.props, blockName);
  if (isUnknown(settings)) return [undecided(blockName)];
  if (settings === undefined) return [violation(blockName, `${blockName} sets no throttling limits`)];
  return LIMITS.flatMap((limit) => expectValue(resource, join(settings.path, limit), isLimit, `${limit} is not set to a positive limit`));
}

/**
 * Whether the settings are for the stage's API. An ID known only after deployment on either side is the stage's
 * when the settings depend on the stage: they are written for that stage, so they take its API.
 */
function sameApi(settings: Resource, stage: Resource): Reference {
  const ids = [valueAt(settings.props, "rest_api_id"), valueAt(stage.props, "rest_api_id")];
  if (ids.some(containsUnknown)) return settings.dependencies?.includes(stage.address) ? "yes" : "unknown";
  return isSet(ids[0]) && ids[0] === ids[1] ? "yes" : "no";
}

/** Whether the settings are for every method: the path `*\/*`. */
function everyMethod(settings: Resource): Reference {
  const methodPath = valueAt(settings.props, "method_path");
  return isUnknown(methodPath) ? "unknown" : methodPath === "*/*" ? "yes" : "no";
}

export default stackRule({
  id: "PR-LIM-004",
  slug: "aws-api-gateway-stage-throttling",
  title: "API Gateway stages throttle requests",
  checklist: "3.3.3",
  severity: "medium",
  description:
    "Without stage throttling, a client loop or a traffic spike passes straight to the backends (Lambda " +
    "concurrency, database connections) until they fail for everyone; only the account-wide limit stops it. A " +
    "REST API stage (`aws_api_gateway_stage`) is throttled by an `aws_api_gateway_method_settings` resource on " +
    "`method_path = \"*/*\"` with positive `throttling_burst_limit` and `throttling_rate_limit`. Method settings " +
    "belong to a stage when their `stage_name` and `rest_api_id` equal the stage's. Values known only after " +
    "deployment are matched by dependency: settings that depend on the stage (`stage_name = " +
    "aws_api_gateway_stage.<name>.stage_name`) and on no other stage are for that stage, and for its API; an " +
    "unknown `stage_name` in settings that do not depend on the stage cannot name it; anything else unknown " +
    "leaves the stage undecided rather than a violation. An HTTP or WebSocket API " +
    "stage (`aws_apigatewayv2_stage`) needs the same two limits in `default_route_settings`.",
  remediation:
    "REST APIs: add `aws_api_gateway_method_settings` (Pulumi `aws.apigateway.MethodSettings`) with the stage's " +
    '`rest_api_id`/`stage_name` (Pulumi `restApi`/`stageName`), `method_path = "*/*"` and `settings { ' +
    "throttling_burst_limit, throttling_rate_limit }` (Pulumi `settings: { throttlingBurstLimit, throttlingRateLimit }`). " +
    "HTTP and WebSocket APIs: set `default_route_settings { throttling_burst_limit, throttling_rate_limit }` on the " +
    "stage (Pulumi `defaultRouteSettings`).",
  links: [
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html",
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_method_settings",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/apigatewayv2_stage#default_route_settings",
    "https://www.pulumi.com/registry/packages/aws/api-docs/apigateway/methodsettings/",
  ],
  kinds: ["aws_api_gateway_stage", "aws_api_gateway_method_settings", "aws_apigatewayv2_stage"],
  config: {},
  check(resources) {
    const restStages = resources.filter((resource) => resource.kind === "aws_api_gateway_stage");
    const v2Stages = resources.filter((resource) => resource.kind === "aws_apigatewayv2_stage");
    if (restStages.length === 0 && v2Stages.length === 0) return notApplicable("the stack has no API Gateway stages");
    const methodSettings = resources.filter((resource) => resource.kind === "aws_api_gateway_method_settings");
    // Method settings apply to every method of a stage when they name its stage and API and the path `*\/*`. A
    // stage name known only after deployment names the one stage among the stages the settings depend on.
    const named = new Attachments(methodSettings, referenceAt("stage_name"), restStages, ["stage_name"]);
    const judged = new Map(methodSettings.map((settings) => [settings, { allMethods: everyMethod(settings), verdicts: throttlingVerdicts(settings, "settings") }]));
    return [
      ...restStages.flatMap((stage) =>
        metByAny(
          stage,
          named.of(stage).map(({ holder, applies }) => {
            const { allMethods, verdicts } = judged.get(holder)!;
            return { resource: holder, applies: weakest([applies, sameApi(holder, stage), allMethods]), verdicts };
          }),
          'no method settings on "*/*" throttle this stage',
        ),
      ),
      ...v2Stages.flatMap((stage) => throttlingVerdicts(stage, "default_route_settings").map((verdict) => ({ ...verdict, address: stage.address }))),
    ];
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a REST API stage without method settings",
          resources: [{ type: "aws:apigateway/stage:Stage", name: "fail_stage", props: { restApi: "a1b2c3d4e5", stageName: "prod", deployment: "dep123" } }],
        },
        {
          description: "method settings on */* that enable metrics but leave throttling off",
          resources: [
            { type: "aws:apigateway/stage:Stage", name: "fail_stage", props: { restApi: "a1b2c3d4e5", stageName: "prod", deployment: "dep123" } },
            {
              type: "aws:apigateway/methodSettings:MethodSettings",
              name: "fail_settings",
              props: { restApi: "a1b2c3d4e5", stageName: "prod", methodPath: "*/*", settings: { metricsEnabled: true } },
            },
          ],
        },
        {
          description: "an HTTP API stage without default route throttling",
          resources: [{ type: "aws:apigatewayv2/stage:Stage", name: "fail_http_stage", props: { apiId: "f6g7h8i9j0", name: "$default", autoDeploy: true } }],
        },
      ],
      pass: [
        {
          description: "a REST API stage throttled on every method",
          resources: [
            { type: "aws:apigateway/stage:Stage", name: "pass_stage", props: { restApi: "a1b2c3d4e5", stageName: "prod", deployment: "dep123" } },
            {
              type: "aws:apigateway/methodSettings:MethodSettings",
              name: "pass_settings",
              props: {
                restApi: "a1b2c3d4e5",
                stageName: "prod",
                methodPath: "*/*",
                settings: { metricsEnabled: true, throttlingBurstLimit: 200, throttlingRateLimit: 100 },
              },
            },
          ],
        },
        {
          description: "an HTTP API stage with default route throttling",
          resources: [
            {
              type: "aws:apigatewayv2/stage:Stage",
              name: "pass_http_stage",
              props: { apiId: "f6g7h8i9j0", name: "$default", autoDeploy: true, defaultRouteSettings: { throttlingBurstLimit: 200, throttlingRateLimit: 100 } },
            },
          ],
        },
      ],
    },
  },
});
