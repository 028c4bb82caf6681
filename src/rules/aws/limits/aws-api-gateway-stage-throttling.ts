import { getOrAdd } from "../../../collections";
import { containsUnknown, isUnknown, UNKNOWN, valueAt, type Resource } from "../../../model/resource";
import { asNumber, type Attachment, Attachments, block, expectValue, isSet, items, join, metByAny, presence, type Reference, referenceAt, strongest, violationsOpen, weakest } from "../../read";
import { fixOf, resourceType, type Fix } from "../../fixes";
import { notApplicable, stackRule, undecided, violation, type Verdict } from "../../rule";

const LIMITS = ["throttling_burst_limit", "throttling_rate_limit"] as const;
const V2_ROUTE = "aws_apigatewayv2_route";
const REST_STAGE = "aws_api_gateway_stage";
const DEPLOYMENT = "aws_api_gateway_deployment";

/** An API an HTTP or WebSocket stage surely or possibly belongs to. */
interface StageApi {
  api: Resource;
  applies: Attachment["applies"];
}

/** The provider's default of -1 leaves throttling off, and 0 would reject every request: a limit is positive. */
function isLimit(value: unknown): boolean {
  const n = asNumber(value);
  return n !== undefined && n > 0;
}

/**
 * Verdicts on the throttling limits of the settings block `blockName` (REST method settings, HTTP/WebSocket stage
 * defaults); `why` tells, where it is not plain, why a limit is needed there.
 */
function throttlingVerdicts(resource: Resource, blockName: string, why = ""): Verdict[] {
  const settings = block(resource.props, blockName);
  if (isUnknown(settings)) return [undecided(blockName)];
  if (settings === undefined) return [violation(blockName, `${blockName} sets no throttling limits${why}`)];
  return LIMITS.flatMap((limit) => expectValue(resource, join(settings.path, limit), isLimit, `${limit} is not set to a positive limit${why}`));
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

/**
 * The deployments that create a stage of their own: AWS provider v5's `stage_name` on a deployment (removed in v6)
 * creates that stage, or points it at the deployment if it exists. A stage that an `aws_api_gateway_stage` of the
 * stack surely is too (the same name, on the same API) is judged there.
 */
function stagesOfDeployments(deployments: readonly Resource[], restStages: readonly Resource[]): Resource[] {
  return deployments.filter((deployment) => {
    const name = valueAt(deployment.props, "stage_name");
    if (presence(name) === "no") return false;
    return !restStages.some((stage) => isSet(name) && !containsUnknown(name) && valueAt(stage.props, "stage_name") === name && sameApi(stage, deployment) === "yes");
  });
}

/** Whether the settings are for every method: the path `*\/*`. */
function everyMethod(settings: Resource): Reference {
  const methodPath = valueAt(settings.props, "method_path");
  return isUnknown(methodPath) ? "unknown" : methodPath === "*/*" ? "yes" : "no";
}

/**
 * Method settings for one method replace the stage's `*\/*` settings for it, throttling included, and the provider
 * sends -1 (no throttling) for a limit they leave out: they need both limits of their own. They are judged alone,
 * whatever stage they are for (one outside the stack serves the method unthrottled all the same), so no value that
 * ties them to a stage can turn the verdict. On a path known only after deployment, limits left off are undecided.
 */
function oneMethodVerdicts(settings: Resource, allMethods: Reference): Verdict[] {
  if (allMethods === "yes") return [];
  const verdicts = throttlingVerdicts(settings, "settings", `, and these settings for one method replace the stage's "*/*" throttling for it`);
  const about = (verdict: Verdict): Verdict => ({ ...verdict, address: settings.address });
  if (allMethods === "no") return verdicts.map(about);
  const open = undecided("method_path", 'these settings leave throttling off, and whether they are for one method, replacing the stage\'s "*/*" throttling for it, is not known to the check');
  return violationsOpen(verdicts, open).map(about);
}

/**
 * Whether the stage's `route_settings` set both limits for the route `routeKey`. An unknown key, on either side,
 * may be any route's: given UNKNOWN, the answer is whether the settings throttle any route at all.
 */
function routeThrottled(stage: Resource, routeKey: unknown): Reference {
  const settings = items(stage.props, "route_settings");
  if (isUnknown(settings)) return "unknown";
  return strongest(
    settings.map(({ value }) => {
      const key = valueAt(value, "route_key");
      const sameKey: Reference = isUnknown(key) || isUnknown(routeKey) ? "unknown" : key === routeKey ? "yes" : "no";
      const limits = LIMITS.map((limit): Reference => {
        const set = valueAt(value, limit);
        return isUnknown(set) ? "unknown" : isLimit(set) ? "yes" : "no";
      });
      return weakest([sameKey, ...limits]);
    }),
  );
}

/**
 * Whether route settings throttle every route of the stage's API. A route without its own limits takes the
 * stage's defaults, and the `$default` route only serves requests no other route matches, so each route counts.
 * The routes are known when the stage surely belongs to one API of the stack whose routes are all
 * `aws_apigatewayv2_route` resources (not an OpenAPI `body` or a quick-create `target`); a route possibly of the
 * API leaves an unthrottled one open.
 */
function everyRouteThrottled(stage: Resource, apis: readonly StageApi[], routesOf: Attachments): Reference {
  if (routeThrottled(stage, UNKNOWN) === "no") return "no";
  if (apis.length !== 1 || apis[0].applies !== "yes") return "unknown";
  const { api } = apis[0];
  if (["body", "target"].some((property) => presence(valueAt(api.props, property)) !== "no")) return "unknown";
  const routes = routesOf.of(api).filter(({ holder }) => holder.kind === V2_ROUTE);
  if (routes.length === 0) return "unknown";
  return weakest(
    routes.map(({ holder, applies }) => {
      const throttled = routeThrottled(stage, valueAt(holder.props, "route_key"));
      return applies === "yes" || throttled === "yes" ? throttled : "unknown";
    }),
  );
}

/** An HTTP or WebSocket API stage is throttled by its default route settings, or by settings for each route. */
function v2StageVerdicts(stage: Resource, apis: readonly StageApi[], routesOf: Attachments): Verdict[] {
  const defaults = throttlingVerdicts(stage, "default_route_settings");
  if (defaults.length === 0) return [];
  const routes = everyRouteThrottled(stage, apis, routesOf);
  if (routes === "yes") return [];
  if (routes === "no") return defaults;
  return violationsOpen(defaults, undecided("route_settings", "route_settings throttle some routes, and whether they throttle every route of the API is unknown"));
}

/** Whether a stage's name is `$default`, the name of the stage quick create makes. */
function isDefaultStage(stage: Resource): Reference {
  const name = valueAt(stage.props, "name");
  return containsUnknown(name) ? "unknown" : name === "$default" ? "yes" : "no";
}

/**
 * Quick create (`target`) gives an HTTP API a `$default` stage that AWS deploys itself, with no route settings, and
 * the API has no argument to throttle it. A stage of the stack that surely is that one (imported) is judged there;
 * one that only may be it (its API or name known only after deployment) may throttle it, so the API is undecided.
 */
function quickCreateVerdicts(api: Resource, stagesOfApi: readonly Attachment[]): Verdict[] {
  const target = presence(valueAt(api.props, "target"));
  if (target === "no") return [];
  const managed = strongest(stagesOfApi.map(({ holder, applies }) => weakest([applies, isDefaultStage(holder)])));
  if (managed === "yes") return [];
  if (target === "unknown") {
    return [{ ...undecided("target", "whether quick create (`target`) gives this API an unthrottled `$default` stage is not known to the check"), address: api.address }];
  }
  if (managed === "unknown") {
    return [{ ...undecided("target", "whether a stage of the stack is the `$default` stage that quick create (`target`) gives this API, judged there instead, is not known to the check"), address: api.address }];
  }
  // A target known only after deployment (a function's ARN) still makes the stage, whatever its value.
  return [{ ...violation("target", "quick create (`target`) gives this API a `$default` stage that AWS deploys with no throttling", api.address), inKnownParts: true }];
}

/** Both limits in a settings block, as a fix names them. */
const BOTH_LIMITS = "throttling_burst_limit and throttling_rate_limit";
const limitsIn = (block: string) => LIMITS.map((limit) => join(block, limit));

/** Method settings on "*\/*" that throttle a REST stage, in the engine's names for the resource type. */
function methodSettingsFor(resource: Resource, stage: string): string {
  return (
    `add an ${resourceType(resource.engine, "aws:apigateway/methodSettings:MethodSettings")} for ${stage} (its rest_api_id and stage_name), ` +
    `with method_path "*/*" and settings that set ${BOTH_LIMITS} to positive limits`
  );
}
const METHOD_SETTINGS_NAMES = ["rest_api_id", "stage_name", "method_path", ...limitsIn("settings")];

/**
 * The fix of each kind the rule reports, where its remediation covers them all: method settings for a REST stage, its
 * limits for method settings, default route settings for an HTTP or WebSocket stage, a stage of its own for a quick
 * created API. The arguments of a resource it tells you to add are renamed as the reported resource's (`names`): Pulumi
 * and CDKTF name them alike on both kinds.
 */
function throttlingFix(resource: Resource): Fix | undefined {
  switch (resource.kind) {
    case REST_STAGE:
      return fixOf(`Throttle the stage: ${methodSettingsFor(resource, "it")}.`, METHOD_SETTINGS_NAMES);
    case DEPLOYMENT:
      return fixOf(
        `Declare the stage this deployment creates as an ${resourceType(resource.engine, "aws:apigateway/stage:Stage")} (later AWS providers take no stage_name on a deployment), ` +
          `and ${methodSettingsFor(resource, "that stage")}.`,
        METHOD_SETTINGS_NAMES,
      );
    case "aws_api_gateway_method_settings":
      if (everyMethod(resource) === "no") {
        return fixOf(`Set both ${BOTH_LIMITS} in settings, at this method's own rate: settings for one method replace the stage's "*/*" throttling for it.`, limitsIn("settings"));
      }
      return fixOf(`Set both ${BOTH_LIMITS} in settings to positive limits.`, limitsIn("settings"));
    case "aws_apigatewayv2_stage":
      return fixOf(
        `Set both ${BOTH_LIMITS} in default_route_settings to positive limits, or give each route of the API a route_settings block (its route_key) with both.`,
        [...limitsIn("default_route_settings"), ...limitsIn("route_settings"), "route_settings.route_key"],
      );
    case "aws_apigatewayv2_api": {
      const type = (token: string) => resourceType(resource.engine, token);
      return fixOf(
        `Quick create gives no way to throttle its stage: drop target, and declare the integration and route (${type("aws:apigatewayv2/integration:Integration")}, ` +
          `${type("aws:apigatewayv2/route:Route")}) and an ${type("aws:apigatewayv2/stage:Stage")} whose default_route_settings set ${BOTH_LIMITS} to positive limits.`,
        ["target", ...limitsIn("default_route_settings")],
      );
    }
  }
  return undefined;
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
    "`method_path = \"*/*\"` with positive `throttling_burst_limit` and `throttling_rate_limit`. A usage plan's " +
    "`throttle_settings` (`aws_api_gateway_usage_plan`) is not stage throttling: it limits each API key on its own " +
    "(keys do not share it) and only requests that send a key, so many keys, or methods that require none, still " +
    "let a spike through to the backends. Method settings " +
    "for one method (`method_path = \"items/GET\"`, Pulumi `methodPath`) replace the `*/*` settings for that " +
    "method, throttling included, and a limit they leave out is the provider's -1, no throttling: a caching or " +
    "logging override leaves its method unthrottled. Such settings need both limits of their own, and are judged " +
    "on their own, whatever stage they are for (in the stack or not); a `method_path` not known to the check " +
    "leaves settings without limits undecided. Settings on `*/*` belong to a stage when their `stage_name` and " +
    "`rest_api_id` equal the stage's. Unknown values are matched by dependency: settings " +
    "that depend on the stage (`stage_name = aws_api_gateway_stage.<name>.stage_name`) and on no other stage are " +
    "for that stage, and for its API; an unknown `stage_name` worked out from other resources alone, none of which " +
    "the stage's own unknown name is worked out from, cannot name it; one read from an input given no value, or a " +
    "data source, may name any stage; anything else unknown leaves the stage undecided rather than a violation. A stage that AWS provider v5 creates from an " +
    "`aws_api_gateway_deployment`'s `stage_name` (Pulumi `aws.apigateway.Deployment`'s `stageName`) is judged the " +
    "same way, unless an `aws_api_gateway_stage` manages that stage too. An HTTP or WebSocket API " +
    "stage (`aws_apigatewayv2_stage`) needs the same two limits in `default_route_settings`, or in " +
    "`route_settings` for every route of its API (each `aws_apigatewayv2_route` whose `api_id` is the stage's): a " +
    "route without settings of its own takes the defaults, and the `$default` route serves only the requests no " +
    "other route matches, so throttling `$default` alone leaves the other routes unthrottled. Where the API's " +
    "routes cannot all be known (the API is not in the stack, its routes come from an OpenAPI `body` or quick " +
    "create's `target`, or a route's API or key is not known to the check), route settings leave the stage " +
    "undecided rather than a violation. An HTTP API made by quick create (`target`, in Pulumi too) gets a " +
    "`$default` stage that AWS creates and deploys itself, without route settings, and that the API has no argument " +
    "to throttle: the API is a violation, unless an `aws_apigatewayv2_stage` of the stack surely is that stage " +
    "(imported), which is judged instead; a `target` that may be unset, or a stage whose `api_id` or `name` is not " +
    "known to the check and so may be that stage, leaves the API undecided.",
  remediation:
    "REST APIs: add `aws_api_gateway_method_settings` (Pulumi `aws.apigateway.MethodSettings`) with the stage's " +
    '`rest_api_id`/`stage_name` (Pulumi `restApi`/`stageName`), `method_path = "*/*"` and `settings { ' +
    "throttling_burst_limit, throttling_rate_limit }` (Pulumi `settings: { throttlingBurstLimit, throttlingRateLimit }`), " +
    "and set both limits in the `settings` of every method settings resource for one method too (caching or " +
    "logging overrides included), at that method's own rate. HTTP and WebSocket APIs: set " +
    "`default_route_settings { throttling_burst_limit, throttling_rate_limit }` on the stage (Pulumi " +
    "`defaultRouteSettings`), or a `route_settings` block with both limits for each route's `route_key` (Pulumi " +
    "`routeSettings`). Quick-create HTTP APIs: drop `target`, declare the integration and route " +
    "(`aws_apigatewayv2_integration`, `aws_apigatewayv2_route`) and an `aws_apigatewayv2_stage` (Pulumi " +
    "`aws.apigatewayv2.Stage`) with `default_route_settings` throttling.",
  links: [
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html",
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_method_settings",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/apigatewayv2_stage#default_route_settings",
    "https://www.pulumi.com/registry/packages/aws/api-docs/apigateway/methodsettings/",
  ],
  kinds: [REST_STAGE, DEPLOYMENT, "aws_api_gateway_method_settings", "aws_apigatewayv2_stage", "aws_apigatewayv2_api", V2_ROUTE],
  config: {},
  check(resources) {
    const restStages = resources.filter((resource) => resource.kind === REST_STAGE);
    const deploymentStages = stagesOfDeployments(
      resources.filter((resource) => resource.kind === DEPLOYMENT),
      restStages,
    );
    const v2Stages = resources.filter((resource) => resource.kind === "aws_apigatewayv2_stage");
    const apis = resources.filter((resource) => resource.kind === "aws_apigatewayv2_api");
    const quickCreated = apis.filter((api) => presence(valueAt(api.props, "target")) !== "no");
    const methodSettings = resources.filter((resource) => resource.kind === "aws_api_gateway_method_settings");
    const allMethods = new Map(methodSettings.map((settings) => [settings, everyMethod(settings)]));
    // Settings for one method are judged on their own, with or without their stage in the stack.
    const oneMethod = methodSettings.filter((settings) => allMethods.get(settings) !== "yes");
    if (restStages.length === 0 && deploymentStages.length === 0 && v2Stages.length === 0 && quickCreated.length === 0 && oneMethod.length === 0) {
      return notApplicable("the stack has no API Gateway stages, nor method settings for one method");
    }
    // Method settings apply to every method of a stage when they name its stage and API and the path `*\/*`. A
    // stage name known only after deployment names the one stage among the stages the settings depend on.
    const named = new Attachments(methodSettings, referenceAt("stage_name"), [...restStages, ...deploymentStages], ["stage_name"]);
    // HTTP and WebSocket stages and routes belong to the API their `api_id` names.
    const routes = resources.filter((resource) => resource.kind === V2_ROUTE);
    const attachedToApis = new Attachments([...v2Stages, ...routes], referenceAt("api_id"), apis, ["id"]);
    const apisOf = new Map<Resource, StageApi[]>();
    for (const api of apis) {
      for (const { holder, applies } of attachedToApis.of(api)) {
        if (holder.kind === V2_ROUTE) continue;
        getOrAdd(apisOf, holder, () => []).push({ api, applies });
      }
    }
    const judged = new Map(methodSettings.map((settings) => [settings, throttlingVerdicts(settings, "settings")]));
    const restStageVerdicts = (stage: Resource, missing: string): Verdict[] =>
      metByAny(
        stage,
        named.of(stage).map(({ holder, applies }) => ({
          resource: holder,
          applies: weakest([applies, sameApi(holder, stage), allMethods.get(holder)!]),
          verdicts: judged.get(holder)!,
        })),
        missing,
      );
    return [
      ...restStages.flatMap((stage) => restStageVerdicts(stage, 'no method settings on "*/*" throttle this stage')),
      ...deploymentStages.flatMap((deployment) => {
        const verdicts = restStageVerdicts(deployment, 'no method settings on "*/*" throttle the stage this deployment creates (`stage_name`)');
        // A stage name that may be unset or empty may create no stage at all.
        if (presence(valueAt(deployment.props, "stage_name")) === "yes") return verdicts;
        return violationsOpen(verdicts, { ...undecided("stage_name", "whether this deployment creates a stage is not known to the check"), address: deployment.address });
      }),
      ...v2Stages.flatMap((stage) => v2StageVerdicts(stage, apisOf.get(stage) ?? [], attachedToApis).map((verdict) => ({ ...verdict, address: stage.address }))),
      ...quickCreated.flatMap((api) => quickCreateVerdicts(api, attachedToApis.of(api).filter(({ holder }) => holder.kind !== V2_ROUTE))),
      ...oneMethod.flatMap((settings) => oneMethodVerdicts(settings, allMethods.get(settings)!)),
    ];
  },
  fix: throttlingFix,
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
          description: "a REST API stage throttled on */*, but for one method whose own settings turn on caching and leave throttling out",
          resources: [
            { type: "aws:apigateway/stage:Stage", name: "stage", props: { restApi: "a1b2c3d4e5", stageName: "prod", deployment: "dep123" } },
            {
              type: "aws:apigateway/methodSettings:MethodSettings",
              name: "all_methods",
              props: { restApi: "a1b2c3d4e5", stageName: "prod", methodPath: "*/*", settings: { throttlingBurstLimit: 200, throttlingRateLimit: 100 } },
            },
            {
              type: "aws:apigateway/methodSettings:MethodSettings",
              name: "fail_items_get",
              props: { restApi: "a1b2c3d4e5", stageName: "prod", methodPath: "items/GET", settings: { cachingEnabled: true } },
            },
          ],
        },
        {
          description: "an HTTP API stage without default route throttling",
          resources: [{ type: "aws:apigatewayv2/stage:Stage", name: "fail_http_stage", props: { apiId: "f6g7h8i9j0", name: "$default", autoDeploy: true } }],
        },
        {
          description: "an HTTP API made by quick create, whose $default stage AWS deploys without throttling",
          resources: [
            {
              type: "aws:apigatewayv2/api:Api",
              name: "fail_quick_create",
              props: { name: "orders-quick", protocolType: "HTTP", target: "arn:aws:lambda:eu-west-1:123456789012:function:orders" },
            },
          ],
        },
        {
          description: "an HTTP API stage whose route settings turn on metrics but set no limits",
          resources: [
            {
              type: "aws:apigatewayv2/stage:Stage",
              name: "fail_http_route_settings",
              props: { apiId: "f6g7h8i9j0", name: "prod", autoDeploy: true, routeSettings: [{ routeKey: "$default", detailedMetricsEnabled: true }] },
            },
          ],
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
          description: "a REST API stage throttled on */*, with settings for one method that log it and throttle it at a rate of its own",
          resources: [
            { type: "aws:apigateway/stage:Stage", name: "pass_stage", props: { restApi: "a1b2c3d4e5", stageName: "prod", deployment: "dep123" } },
            {
              type: "aws:apigateway/methodSettings:MethodSettings",
              name: "pass_all_methods",
              props: { restApi: "a1b2c3d4e5", stageName: "prod", methodPath: "*/*", settings: { throttlingBurstLimit: 200, throttlingRateLimit: 100 } },
            },
            {
              type: "aws:apigateway/methodSettings:MethodSettings",
              name: "pass_items_post",
              props: {
                restApi: "a1b2c3d4e5",
                stageName: "prod",
                methodPath: "items/POST",
                settings: { loggingLevel: "INFO", throttlingBurstLimit: 20, throttlingRateLimit: 10 },
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
        {
          description: "an HTTP API declared without quick create, with a stage of its own that throttles every route",
          resources: [
            { type: "aws:apigatewayv2/api:Api", name: "pass_http_api", props: { name: "orders", protocolType: "HTTP" } },
            {
              type: "aws:apigatewayv2/stage:Stage",
              name: "pass_http_api_stage",
              props: { apiId: "f6g7h8i9j0", name: "$default", autoDeploy: true, defaultRouteSettings: { throttlingBurstLimit: 200, throttlingRateLimit: 100 } },
            },
          ],
        },
      ],
    },
  },
});
