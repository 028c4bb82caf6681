import { awsProviderOf, fromPulumi, kindOf, toPulumiInputs } from "../../../src/adapters/pulumi";
import { samePlace } from "../../../src/rules/read";
import { UNKNOWN, UNKNOWN_IDENTIFIER } from "../../../src/model/resource";

describe("kindOf", () => {
  test.each([
    ["aws:lambda/function:Function", "aws_lambda_function"],
    ["aws:ec2/securityGroup:SecurityGroup", "aws_security_group"],
    ["aws:ec2/launchTemplate:LaunchTemplate", "aws_launch_template"],
    ["aws:rds/instance:Instance", "aws_db_instance"],
    ["aws:rds/cluster:Cluster", "aws_rds_cluster"],
    ["aws:lb/loadBalancer:LoadBalancer", "aws_lb"],
    ["aws:alb/listener:Listener", "aws_lb_listener"],
    ["aws:elasticloadbalancingv2/targetGroup:TargetGroup", "aws_lb_target_group"],
    ["aws:apigateway/stage:Stage", "aws_api_gateway_stage"],
    ["aws:apigatewayv2/stage:Stage", "aws_apigatewayv2_stage"],
    ["aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws_vpc_security_group_ingress_rule"],
    ["aws:s3/bucketV2:BucketV2", "aws_s3_bucket"],
    ["aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2", "aws_s3_bucket_website_configuration"],
    ["aws:s3/bucketWebsiteConfiguration:BucketWebsiteConfiguration", "aws_s3_bucket_website_configuration"],
    ["aws:cloudwatch/metricAlarm:MetricAlarm", "aws_cloudwatch_metric_alarm"],
    ["aws:ebs/volume:Volume", "aws_ebs_volume"],
    ["aws:docdb/elasticCluster:ElasticCluster", "aws_docdbelastic_cluster"],
    ["aws:fsx/openZfsFileSystem:OpenZfsFileSystem", "aws_fsx_openzfs_file_system"],
    ["aws:fsx/lustreFileSystem:LustreFileSystem", "aws_fsx_lustre_file_system"],
    ["aws:opensearch/serverlessCollection:ServerlessCollection", "aws_opensearchserverless_collection"],
    ["aws:appsync/graphQLApi:GraphQLApi", "aws_appsync_graphql_api"],
    ["kubernetes:apps/v1:Deployment", "kubernetes_workload"],
    ["kubernetes:batch/v1:CronJob", "kubernetes_workload"],
    ["kubernetes:core/v1:Service", "kubernetes:core/v1:Service"],
    ["docker-build:index:Image", "dockerfile"],
    ["docker:index/image:Image", "dockerfile"],
    ["gcp:compute/instance:Instance", "gcp:compute/instance:Instance"],
  ])("%s → %s", (token, kind) => {
    expect(kindOf(token)).toBe(kind);
  });
});

describe("fromPulumi", () => {
  test("renames to Terraform's names but keeps the user's keys inside maps", () => {
    const resource = fromPulumi({
      type: "aws:ec2/instance:Instance",
      name: "web",
      props: {
        instanceType: "t3.micro",
        ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: true }],
        metadataOptions: { httpTokens: "required" },
        tags: { Name: "web", CostCenter: "42" },
      },
      protect: true,
    });
    expect(resource).toMatchObject({
      kind: "aws_instance",
      address: "urn:pulumi:example::prodready::aws:ec2/instance:Instance::web",
      engine: "pulumi",
      options: { protect: true },
      props: {
        instance_type: "t3.micro",
        ebs_block_device: [{ device_name: "/dev/sdf", encrypted: true }],
        metadata_options: { http_tokens: "required" },
        tags: { Name: "web", CostCenter: "42" },
      },
    });
  });

  test("keeps JSON documents given as objects exactly as written", () => {
    const policy = { Statement: [{ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }] };
    expect(fromPulumi({ type: "aws:s3/bucketPolicy:BucketPolicy", name: "p", props: { bucket: "b", policy } }).props).toEqual({ bucket: "b", policy });
  });

  test("marks preview unknowns and records secrets from the wire format", () => {
    const resource = fromPulumi({
      type: "aws:lambda/function:Function",
      name: "api",
      props: {
        role: "04da6b54-80e4-46f7-96ec-b56ff0331ba9",
        environment: { variables: { DB_PASSWORD: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "hunter2" } } },
      },
    });
    expect(resource.props.role).toBe(UNKNOWN);
    expect(resource.props.environment).toEqual({ variables: { DB_PASSWORD: "hunter2" } });
    expect(resource.secretPaths).toEqual(["environment.variables.DB_PASSWORD"]);
  });

  test("a secret text jsonStringify made is secret at its secret values where the runner tells them, for container definitions only", () => {
    const secret = (value: string) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });
    const containers = JSON.stringify([{ name: "app", environment: [{ name: "DB_PASSWORD", value: "hunter2-prod" }] }]);
    const places = [["0", "environment", "0", "value"]];
    const task = (documentSecrets?: Record<string, string[][]>) =>
      fromPulumi({ type: "aws:ecs/taskDefinition:TaskDefinition", name: "t", props: { containerDefinitions: secret(containers) }, documentSecrets }).secretPaths;
    expect(task({ containerDefinitions: places })).toEqual(["container_definitions.0.environment.0.value"]);
    // Untold, or none found, the mark stays where the engine put it.
    expect(task()).toEqual(["container_definitions"]);
    expect(task({ containerDefinitions: [] })).toEqual(["container_definitions"]);
    // A secret's value is one secret, whatever the document holds.
    const version = fromPulumi({ type: "aws:secretsmanager/secretVersion:SecretVersion", name: "v", props: { secretString: secret('{"password":"hunter2-prod"}') }, documentSecrets: { secretString: [["password"]] } });
    expect(version.secretPaths).toEqual(["secret_string"]);
  });

  test("an unknown input that is an ID or ARN the provider computes is present; an echoed input or other output is not", () => {
    const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
    const resource = fromPulumi({
      type: "aws:lambda/function:Function",
      name: "api",
      props: { role: unknown, kmsKeyArn: unknown, deadLetterConfig: { targetArn: unknown }, environment: { variables: { QUEUE: unknown } } },
      outputReads: {
        role: { kind: "aws_iam_role", attribute: "arn", computed: true },
        kmsKeyArn: { kind: "aws_lambda_function", attribute: "kms_key_arn", computed: false },
        "deadLetterConfig.targetArn": { kind: "aws_sqs_queue", attribute: "arn", computed: true },
        "environment.variables.QUEUE": { kind: "aws_sqs_queue", attribute: "name", computed: true },
      },
    });
    expect([resource.props.role, resource.props.kms_key_arn]).toEqual([UNKNOWN_IDENTIFIER, UNKNOWN]);
    expect(resource.props.dead_letter_config).toEqual({ target_arn: UNKNOWN_IDENTIFIER });
    expect(resource.props.environment).toEqual({ variables: { QUEUE: UNKNOWN } });
    expect(resource.attributeReads).toEqual({
      role: { kind: "aws_iam_role", attribute: "arn" },
      kms_key_arn: { kind: "aws_lambda_function", attribute: "kms_key_arn" },
      "dead_letter_config.target_arn": { kind: "aws_sqs_queue", attribute: "arn" },
      "environment.variables.QUEUE": { kind: "aws_sqs_queue", attribute: "name" },
    });
  });

  test("cuts absurdly deep input off as unknown instead of recursing without bound", () => {
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 10_000; i++) deep = { next: deep };
    const resource = fromPulumi({ type: "aws:s3/bucket:Bucket", name: "b", props: { policy: deep } });
    expect(JSON.stringify(resource.props).length).toBeLessThan(2_000);
  });
});

describe("toPulumiInputs", () => {
  test("turns a canonical patch back into Pulumi input names", () => {
    expect(toPulumiInputs("aws_instance", { metadata_options: { http_tokens: "required" }, ebs_block_device: [{ encrypted: true }] })).toEqual({
      metadataOptions: { httpTokens: "required" },
      ebsBlockDevices: [{ encrypted: true }],
    });
    expect(toPulumiInputs("aws_autoscaling_group", { tag: [{ key: "a" }] })).toEqual({ tags: [{ key: "a" }] });
  });
});

describe("where an AWS resource is placed by its provider", () => {
  const onProvider = (name: string, urn: string, inputs: Record<string, unknown>, version: string) =>
    fromPulumi({ type: "aws:ebs/volume:Volume", name, props: { availabilityZone: "a", size: 8 }, awsProvider: awsProviderOf(urn, inputs, version) });
  const provider = (name: string) => `urn:pulumi:dev::app::pulumi:providers:aws::${name}`;

  test("default providers of two pulumi-aws versions are one configuration: one place while the stack's region is unknown", () => {
    const current = onProvider("current", provider("default_7_48_0"), { profile: "ops" }, "7.48.0");
    const pinned = onProvider("pinned", provider("default_6_83_0"), { profile: "ops" }, "6.83.0");
    expect(samePlace(current, pinned)).toBe("yes");
  });

  test("an explicit provider whose region is unknown is a place of its own, apart from the default one", () => {
    const byDefault = onProvider("default", provider("default_7_48_0"), {}, "7.48.0");
    const explicit = onProvider("explicit", provider("west"), {}, "7.48.0");
    expect(samePlace(byDefault, explicit)).toBe("unknown");
  });
});
