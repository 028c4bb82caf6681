import type { Rule } from "../../rule";
import apiGatewayStageThrottling from "./aws-api-gateway-stage-throttling";
import autoscalingBoundedMax from "./aws-autoscaling-bounded-max";
import ecsTaskResourceLimits from "./aws-ecs-task-resource-limits";
import lambdaTimeoutMemoryBounds from "./aws-lambda-timeout-memory-bounds";

/** Resource limits: checklist section 3.3. */
export const limitsRules: Rule[] = [ecsTaskResourceLimits, lambdaTimeoutMemoryBounds, autoscalingBoundedMax, apiGatewayStageThrottling];
