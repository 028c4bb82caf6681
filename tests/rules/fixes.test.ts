import { kindOf } from "../../src/adapters/pulumi/kinds";
import { lifecycleSetting, resourceType } from "../../src/rules/fixes";

describe("fixes: what a verdict's own fix says in the terms of the engine checked", () => {
  /** The resource types fixes name, by Pulumi type token, as each engine's programs write them. */
  const TYPES: [string, string, string, string][] = [
    ["aws:apigateway/methodSettings:MethodSettings", "aws_api_gateway_method_settings", "aws.apigateway.MethodSettings", "ApiGatewayMethodSettings"],
    ["aws:apigateway/stage:Stage", "aws_api_gateway_stage", "aws.apigateway.Stage", "ApiGatewayStage"],
    ["aws:apigatewayv2/integration:Integration", "aws_apigatewayv2_integration", "aws.apigatewayv2.Integration", "Apigatewayv2Integration"],
    ["aws:apigatewayv2/route:Route", "aws_apigatewayv2_route", "aws.apigatewayv2.Route", "Apigatewayv2Route"],
    ["aws:apigatewayv2/stage:Stage", "aws_apigatewayv2_stage", "aws.apigatewayv2.Stage", "Apigatewayv2Stage"],
    ["aws:ebs/encryptionByDefault:EncryptionByDefault", "aws_ebs_encryption_by_default", "aws.ebs.EncryptionByDefault", "EbsEncryptionByDefault"],
    ["aws:ec2/instance:Instance", "aws_instance", "aws.ec2.Instance", "Instance"],
    ["aws:cloudwatch/metricAlarm:MetricAlarm", "aws_cloudwatch_metric_alarm", "aws.cloudwatch.MetricAlarm", "CloudwatchMetricAlarm"],
  ];

  test.each(TYPES)("%s is %s in Terraform, %s in Pulumi, %s in CDKTF, the class its provider bindings export", (token, terraform, pulumi, cdktf) => {
    expect(resourceType("terraform", token)).toBe(terraform);
    expect(kindOf(token)).toBe(terraform);
    expect(resourceType("pulumi", token)).toBe(pulumi);
    expect(resourceType("cdktf", token)).toBe(cdktf);
    const bindings = require(`@cdktf/provider-aws/lib/${terraform.replace(/^aws_/, "").replace(/_/g, "-")}`) as Record<string, unknown>;
    expect(typeof bindings[cdktf]).toBe("function");
  });

  test("a lifecycle setting as a Terraform block and a CDKTF config write it", () => {
    expect(lifecycleSetting("terraform", "prevent_destroy", true)).toBe("lifecycle { prevent_destroy = true }");
    expect(lifecycleSetting("cdktf", "prevent_destroy", true)).toBe("lifecycle: { preventDestroy: true }");
    expect(lifecycleSetting("terraform", "ignore_changes", ["value"])).toBe("lifecycle { ignore_changes = [value] }");
    expect(lifecycleSetting("cdktf", "ignore_changes", ["value"])).toBe('lifecycle: { ignoreChanges: ["value"] }');
  });
});
