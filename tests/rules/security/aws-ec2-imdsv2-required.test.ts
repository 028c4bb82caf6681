import { fromPulumi, toPulumiInputs } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/security/aws-ec2-imdsv2-required";

const instance = (props: Record<string, unknown>) => fromPulumi({ type: "aws:ec2/instance:Instance", name: "app", props: { ami: "ami-0123456789abcdef0", ...props } });

function outcomes(props: Record<string, unknown>): string[] | "not applicable" {
  const run = runRule(rule, instance(props), {});
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}`) : "not applicable";
}

describe("aws-ec2-imdsv2-required", () => {
  test("IMDS turned off needs no tokens; an unknown endpoint with optional tokens is undecided", () => {
    expect(outcomes({ metadataOptions: { httpEndpoint: "disabled", httpTokens: "optional" } })).toEqual([]);
    expect(outcomes({ metadataOptions: { httpEndpoint: UNKNOWN, httpTokens: "optional" } })).toEqual(["undecided metadata_options.http_endpoint"]);
  });

  test("an instance launched from a template leaves the question to the template", () => {
    expect(outcomes({ launchTemplate: { id: "lt-0123456789abcdef0" } })).toBe("not applicable");
  });

  test("remediation keeps the block's other settings, adds a container-friendly hop limit only where none is set", () => {
    expect(rule.remediate?.(instance({ metadataOptions: { httpEndpoint: "enabled", httpTokens: "optional" } }), {})).toEqual({
      metadata_options: { http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 2 },
    });
    expect(rule.remediate?.(instance({ metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 1 } }), {})).toEqual({
      metadata_options: { http_tokens: "required", http_put_response_hop_limit: 1 },
    });
    expect(toPulumiInputs("aws_instance", rule.remediate?.(instance({}), {}) ?? {})).toEqual({
      metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 },
    });
  });

  test("remediation steps back when the block holds unknowns", () => {
    expect(rule.remediate?.(instance({ metadataOptions: { httpEndpoint: UNKNOWN, httpTokens: "optional" } }), {})).toBeUndefined();
  });
});
