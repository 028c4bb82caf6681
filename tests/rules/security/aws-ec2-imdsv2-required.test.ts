import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { fromPulumi, toPulumiInputs } from "../../../src/adapters/pulumi";
import { policyFor } from "../../../src/adapters/pulumi/policies";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/security/aws-ec2-imdsv2-required";

const defaults = { requiredByDefault: false } as const;
const instance = (props: Record<string, unknown>) => fromPulumi({ type: "aws:ec2/instance:Instance", name: "app", props: { ami: "ami-0123456789abcdef0", ...props } });

function outcomes(props: Record<string, unknown>, config: Record<string, unknown> = {}): string[] | "not applicable" {
  const run = runRule(rule, instance(props), config);
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
    expect(rule.remediate?.(instance({ metadataOptions: { httpEndpoint: "enabled", httpTokens: "optional" } }), defaults)).toEqual({
      metadata_options: { http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 2 },
    });
    expect(rule.remediate?.(instance({ metadataOptions: { httpTokens: "optional", httpPutResponseHopLimit: 1 } }), defaults)).toEqual({
      metadata_options: { http_tokens: "required", http_put_response_hop_limit: 1 },
    });
    expect(toPulumiInputs("aws_instance", rule.remediate?.(instance({}), defaults) ?? {})).toEqual({
      metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 },
    });
  });

  test("a spot instance request's metadata options are never sent, so only the account's defaults count", () => {
    const spot = (metadataOptions: Record<string, unknown>) =>
      fromPulumi({ type: "aws:ec2/spotInstanceRequest:SpotInstanceRequest", name: "worker", props: { ami: "ami-0123456789abcdef0", spotPrice: "0.05", metadataOptions } });
    const judged = (config: Record<string, unknown>) =>
      [{ httpTokens: "required" }, { httpTokens: "optional" }].map((options) => {
        const run = runRule(rule, spot(options), config);
        return run.applicable ? run.judgements.map((j) => [j.outcome, j.path, j.message]) : "not applicable";
      });
    const ignored = ["violation", "", expect.stringContaining("a spot instance request does not send metadata_options")];
    expect(judged(defaults)).toEqual([[ignored], [ignored]]);
    expect(judged({ requiredByDefault: true })).toEqual([[], []]);
    // Requiring tokens on the request would change nothing.
    expect(rule.remediate?.(spot({ httpTokens: "optional" }), defaults)).toBeUndefined();
  });

  test("remediation steps back when the block holds unknowns", () => {
    expect(rule.remediate?.(instance({ metadataOptions: { httpEndpoint: UNKNOWN, httpTokens: "optional" } }), defaults)).toBeUndefined();
  });

  describe("requiredByDefault: the account's instance metadata defaults require IMDSv2", () => {
    const byDefault = { requiredByDefault: true };

    test("http_tokens left unset passes with the setting, without a block or inside one", () => {
      expect(outcomes({}, byDefault)).toEqual([]);
      expect(outcomes({ metadataOptions: { httpPutResponseHopLimit: 2 } }, byDefault)).toEqual([]);
      expect(outcomes({ metadataOptions: { httpEndpoint: UNKNOWN } }, byDefault)).toEqual([]);
    });

    test("an explicit optional still fails with the setting, and unknowns stay undecided", () => {
      expect(outcomes({ metadataOptions: { httpTokens: "optional" } }, byDefault)).toEqual(["violation metadata_options.http_tokens"]);
      expect(outcomes({ metadataOptions: { httpTokens: UNKNOWN } }, byDefault)).toEqual(["undecided metadata_options.http_tokens"]);
      expect(outcomes({ metadataOptions: UNKNOWN }, byDefault)).toEqual(["undecided metadata_options"]);
    });

    test("http_tokens left unset fails without the setting", () => {
      expect(outcomes({})).toEqual(["violation metadata_options"]);
      expect(outcomes({ metadataOptions: { httpPutResponseHopLimit: 2 } })).toEqual(["violation metadata_options.http_tokens"]);
    });

    test("the policy pack's remediation leaves a resource that passes by the setting unchanged", () => {
      const remediate = (props: Record<string, unknown>, config: Record<string, unknown>) => {
        const policy = policyFor(rule) as ResourceValidationPolicy;
        const args = {
          type: "aws:ec2/instance:Instance",
          name: "app",
          urn: "urn:pulumi:test::p::aws:ec2/instance:Instance::app",
          props: { ami: "ami-0123456789abcdef0", ...props },
          opts: { protect: false, additionalSecretOutputs: [] },
          getConfig: () => config,
        } as unknown as ResourceValidationArgs;
        return policy.remediateResource?.(args);
      };
      expect(remediate({}, byDefault)).toBeUndefined();
      expect(remediate({ metadataOptions: { httpPutResponseHopLimit: 1 } }, byDefault)).toBeUndefined();
      expect(remediate({}, {})).toEqual({ ami: "ami-0123456789abcdef0", metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 } });
      expect(remediate({ metadataOptions: { httpTokens: "optional" } }, byDefault)).toEqual({
        ami: "ami-0123456789abcdef0",
        metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 2 },
      });
    });
  });
});
