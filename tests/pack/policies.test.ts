import type { PolicyResource, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { fromPulumi } from "../../src/adapters/pulumi";
import { pulumiMessage, pulumiPath, pulumiType } from "../../src/adapters/pulumi/names";
import { configSchema, policiesFor } from "../../src/adapters/pulumi/policies";
import { DOCKERFILE } from "../../src/model/kinds";
import { resourceRule, stackRule, undecided, violation, type RuleExamples } from "../../src/rules/rule";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { UnknownValueError } = require("@pulumi/policy/proxy") as { UnknownValueError: new (...args: never[]) => Error };

const examples: RuleExamples = { pulumi: { fail: [], pass: [] } };
const metadata = {
  checklist: "5.2.3",
  severity: "high" as const,
  description: "A rule made for these tests.",
  remediation: "Nothing to do.",
  links: ["https://example.com/rule"],
  config: {},
  examples,
};

const opts = { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] };

function resourceArgs(props: Record<string, unknown>): ResourceValidationArgs {
  return {
    type: "aws:kms/key:Key",
    name: "key",
    urn: "urn:pulumi:test::p::aws:kms/key:Key::key",
    props,
    opts,
    stackTags: new Map(),
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => ({}) as T,
    notApplicable: (reason?: string): never => {
      throw new Error(`not applicable: ${reason}`);
    },
  };
}

describe("policiesFor", () => {
  test("a rule that throws becomes the SDK's advisory error naming the rule and the resource, never its message", () => {
    const broken = resourceRule({
      ...metadata,
      id: "PR-RES-901",
      slug: "aws-test-broken",
      title: "A rule that always throws",
      kinds: ["aws_kms_key"],
      check: () => {
        throw new Error("choked on s3cr3t-value");
      },
    });
    const [policy] = policiesFor([broken]) as ResourceValidationPolicy[];
    const validate = policy.validateResource as (args: ResourceValidationArgs, report: () => void) => void;
    let thrown: unknown;
    try {
      validate(resourceArgs({}), () => undefined);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(UnknownValueError);
    const message = (thrown as Error).message;
    expect(message).toMatch(/rule PR-RES-901 failed internally .*\(resource key\)/);
    expect(message).not.toContain("s3cr3t");
  });

  test("a stack rule's violation is reported against the resource it names", () => {
    const rule = stackRule({
      ...metadata,
      id: "PR-OPS-901",
      slug: "aws-test-stack",
      title: "A stack rule for these tests",
      kinds: ["aws_kms_key"],
      check: (resources) => resources.map((resource) => violation("enable_key_rotation", "rotation is off", resource.address)),
    });
    const [policy] = policiesFor([rule]) as StackValidationPolicy[];
    const key = { ...resourceArgs({}), dependencies: [], propertyDependencies: {} } as unknown as PolicyResource;
    const bucket = { ...key, type: "aws:s3/bucketV2:BucketV2", urn: "urn:bucket" } as PolicyResource;
    const reports: [string, string | undefined][] = [];
    const args = { resources: [key, bucket], stackTags: new Map(), getConfig: () => ({}), notApplicable: () => undefined } as unknown as StackValidationArgs;
    policy.validateStack(args, (message, urn) => reports.push([message, urn]));
    expect(reports).toEqual([["[PR-OPS-901] enableKeyRotation: rotation is off", key.urn]]);
  });

  test("a stack rule's undecided verdict names its resource, since the SDK's advisory carries no URN", () => {
    const rule = stackRule({
      ...metadata,
      id: "PR-OPS-902",
      slug: "aws-test-stack-unknown",
      title: "A stack rule that cannot decide",
      kinds: ["aws_kms_key"],
      check: (resources) => resources.map((resource) => ({ ...undecided("policy"), address: resource.address })),
    });
    const [policy] = policiesFor([rule]) as StackValidationPolicy[];
    const key = { ...resourceArgs({}), dependencies: [], propertyDependencies: {} } as unknown as PolicyResource;
    const args = { resources: [key], stackTags: new Map(), getConfig: () => ({}), notApplicable: () => undefined } as unknown as StackValidationArgs;
    expect(() => policy.validateStack(args, () => undefined)).toThrow("[PR-OPS-902] policy: could not be evaluated, value is not known to the check (resource key)");
  });

  test("a rule without settings has no config schema; one with settings has its JSON Schema", () => {
    expect(configSchema(resourceRule({ ...metadata, id: "PR-X", slug: "x", title: "x", kinds: [], check: () => [] }))).toBeUndefined();
    const bounded = resourceRule({
      ...metadata,
      id: "PR-Y",
      slug: "y",
      title: "y",
      kinds: [],
      config: { max: { type: "integer", default: 3, minimum: 1, maximum: 9, description: "an upper bound" } },
      check: () => [],
    });
    expect(configSchema(bounded)).toEqual({ properties: { max: { type: "integer", default: 3, minimum: 1, maximum: 9, description: "an upper bound" } } });
  });
});

describe("pulumiPath", () => {
  test.each([
    ["aws_kms_key", "enable_key_rotation", "enableKeyRotation"],
    ["aws_instance", "ebs_block_device.0.volume_size", "ebsBlockDevices.0.volumeSize"],
    ["aws_lambda_function", "environment.variables.DB_PASSWORD", "environment.variables.DB_PASSWORD"],
    ["aws_s3_bucket", "tags.cost_centre", "tags.cost_centre"],
  ])("%s %s → %s", (kind, path, expected) => {
    expect(pulumiPath(kind, path)).toBe(expected);
  });

  test("an image build's path is its Dockerfile's, as its message is, since the program has no such input", () => {
    expect(pulumiPath(DOCKERFILE, "global_args")).toBe("global_args");
  });
});

describe("pulumiType", () => {
  test.each([
    ["urn:pulumi:dev::shop::aws:ec2/securityGroup:SecurityGroup::bastion", "aws:ec2/securityGroup:SecurityGroup"],
    ["urn:pulumi:dev::shop::shop:index:Api$aws:ec2/securityGroup:SecurityGroup::web", "aws:ec2/securityGroup:SecurityGroup"],
    ["urn:pulumi:dev::shop::aws:s3/bucket:Bucket::name::with colons", "aws:s3/bucket:Bucket"],
    ["aws_s3_bucket.logs", undefined],
    ["urn:pulumi:dev::shop", undefined],
  ])("%s → %s", (urn, expected) => {
    expect(pulumiType(urn)).toBe(expected);
  });
});

describe("pulumiMessage", () => {
  const fn = fromPulumi({ type: "aws:lambda/function:Function", name: "fn", props: { name: "api", ebsBlockDevices: [], environment: { variables: { db_password: "x" } } } });
  test.each([
    ["a name on the path", "memory_size", "memory_size must be set, and memory_size only", "memorySize must be set, and memorySize only"],
    ["names of properties it sets, renamed as in paths", "", "function_name and environment are set", "name and environment are set"],
    ["a name it sets, the plural block of a kind without that rename", "", "ebs_block_device is empty", "ebsBlockDevices is empty"],
    ["a name it neither sets nor has on the path", "timeout", "use dead_letter_config or Terraform's prevent_destroy", "use dead_letter_config or Terraform's prevent_destroy"],
    ["a key of a user-keyed map", "environment.variables.db_password", "environment variable db_password holds a plaintext secret", "environment variable db_password holds a plaintext secret"],
    ["quoted text", "memory_size", 'memory_size of "memory_size" is wrong', 'memorySize of "memory_size" is wrong'],
  ])("%s", (_case, path, message, expected) => {
    expect(pulumiMessage(fn, path, message)).toBe(expected);
  });

  test("a name the verdict says it names (one to add), renamed as its path renames it; other words stay", () => {
    expect(pulumiMessage(fn, "timeout", "add dead_letter_config, not aws_sqs_queue", ["dead_letter_config.0.target_arn"])).toBe("add deadLetterConfig, not aws_sqs_queue");
  });

  test("an image build is judged as the Dockerfile it builds, whose names are not the program's", () => {
    const image = fromPulumi({ type: "docker-build:index:Image", name: "img", props: { dockerfile: { inline: "FROM node:20\n" }, context: { location: "." } } });
    expect(image.props.global_args).toBeDefined();
    expect(pulumiMessage(image, "global_args", "global_args is wrong")).toBe("global_args is wrong");
  });
});
