/**
 * Mock provider answers that look like a deployed AWS account, so values one resource takes from another (an
 * alarm's `LoadBalancer` dimension from the ALB's `arnSuffix`, a task's log group name, a policy's bucket ARN)
 * are what they would be after `pulumi up`, and rules that match resources across the stack see real shapes.
 * In preview mode, like the engine, only inputs are known and every computed output is unknown; outside it, an output
 * not computed here is unknown (see the runner's registration).
 */
import { createHash } from "crypto";
import type { MockCallArgs, MockResourceArgs, MockResourceResult, Mocks } from "@pulumi/pulumi/runtime";
import type { AttributeRead } from "../../../model/resource";
import { knownRegion, LOOKUP_SENTINELS, lookupSentinel, SECRET_SIG, UNKNOWN_STRING } from "../properties";

export const STACK_REFERENCE = "pulumi:pulumi:StackReference";

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";

function regionalArn(service: string, resource: string, region: string, account: string): string {
  return `arn:aws:${service}:${region}:${account}:${resource}`;
}

/** Deterministic hex from the resource's identity, so two runs print the same IDs. */
function hex(seed: string, length: number): string {
  let out = "";
  for (let round = 0; out.length < length; round++) out += createHash("sha256").update(`${seed}#${round}`).digest("hex");
  return out.slice(0, length);
}

function uuid(seed: string): string {
  const h = hex(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The input that holds a resource's physical name, which the provider's Check fills in (auto-naming) when absent. */
const NAME_PROPERTY: Record<string, string> = {
  "aws:rds/instance:Instance": "identifier",
  "aws:rds/cluster:Cluster": "clusterIdentifier",
  "aws:s3/bucket:Bucket": "bucket",
  "aws:s3/bucketV2:BucketV2": "bucket",
  "aws:ecs/taskDefinition:TaskDefinition": "family",
};

/** Types the provider auto-names through `name`. */
const NAMED = new Set([
  "aws:lb/loadBalancer:LoadBalancer",
  "aws:lb/targetGroup:TargetGroup",
  "aws:alb/loadBalancer:LoadBalancer",
  "aws:alb/targetGroup:TargetGroup",
  "aws:ecs/cluster:Cluster",
  "aws:ecs/service:Service",
  "aws:cloudwatch/logGroup:LogGroup",
  "aws:cloudwatch/metricAlarm:MetricAlarm",
  "aws:sns/topic:Topic",
  "aws:sqs/queue:Queue",
  "aws:secretsmanager/secret:Secret",
  "aws:iam/role:Role",
  "aws:iam/policy:Policy",
  "aws:ec2/securityGroup:SecurityGroup",
  "aws:rds/subnetGroup:SubnetGroup",
  "aws:rds/parameterGroup:ParameterGroup",
  "aws:lambda/function:Function",
  "aws:ecr/repository:Repository",
  "aws:elasticache/replicationGroup:ReplicationGroup",
]);

/** Short prefixes of EC2 IDs (`vpc-0a1b…`), by the type token's resource name. */
const EC2_PREFIX: Record<string, string> = {
  vpc: "vpc",
  subnet: "subnet",
  securityGroup: "sg",
  internetGateway: "igw",
  natGateway: "nat",
  eip: "eipalloc",
  routeTable: "rtb",
  routeTableAssociation: "rtbassoc",
  instance: "i",
  launchTemplate: "lt",
  vpcEndpoint: "vpce",
  networkAcl: "acl",
  flowLog: "fl",
  securityGroupIngressRule: "sgr",
  securityGroupEgressRule: "sgr",
  securityGroupRule: "sgrule",
};

/** The physical name the provider would choose: the input when set, else the logical name plus a random suffix. */
export function physicalName(args: MockResourceArgs): string | undefined {
  const property = NAME_PROPERTY[args.type] ?? (NAMED.has(args.type) ? "name" : undefined);
  if (property === undefined) return undefined;
  const given = args.inputs[property];
  if (typeof given === "string") return given;
  const prefix = typeof args.inputs[`${property}Prefix`] === "string" ? (args.inputs[`${property}Prefix`] as string) : `${args.name}-`;
  const generated = `${prefix}${hex(args.type + args.name, 7)}`;
  // S3 bucket and RDS names are lower-case only.
  return args.type.startsWith("aws:s3/") || args.type.startsWith("aws:rds/") ? generated.toLowerCase() : generated;
}

/** Inputs the provider's Check step would add: the auto-name. Kept with the inputs rules see, as in a real preview. */
export function checkedInputs(args: MockResourceArgs): Record<string, unknown> {
  const property = NAME_PROPERTY[args.type] ?? (NAMED.has(args.type) ? "name" : undefined);
  const name = physicalName(args);
  return property && name !== undefined && args.inputs[property] === undefined ? { ...args.inputs, [property]: name } : args.inputs;
}

type Outputs = { id: string } & Record<string, unknown>;

function lastSegment(value: unknown): string {
  return typeof value === "string" ? value.split(/[/:]/).pop() ?? value : "default";
}

/** Computed outputs of one resource, after deployment. */
function computed(args: MockResourceArgs, name: string | undefined, region: string, account: string): Outputs {
  const arn = (service: string, resource: string) => regionalArn(service, resource, region, account);
  const seed = args.type + "::" + args.name;
  const inputs = args.inputs as Record<string, unknown>;
  const [, module = "", resource = ""] = /^aws:([^/]+)\/([^:]+):/.exec(args.type) ?? [];
  const label = name ?? args.name;
  switch (args.type) {
    case "aws:lb/loadBalancer:LoadBalancer":
    case "aws:alb/loadBalancer:LoadBalancer": {
      const arnSuffix = `${inputs.loadBalancerType === "network" ? "net" : "app"}/${label}/${hex(seed, 16)}`;
      const lbArn = arn("elasticloadbalancing", `loadbalancer/${arnSuffix}`);
      return { id: lbArn, arn: lbArn, arnSuffix, dnsName: `${label}-${parseInt(hex(seed, 8), 16)}.${region}.elb.amazonaws.com`, zoneId: "Z35SXDOTRQ7X7K" };
    }
    case "aws:lb/targetGroup:TargetGroup":
    case "aws:alb/targetGroup:TargetGroup": {
      const arnSuffix = `targetgroup/${label}/${hex(seed, 16)}`;
      const tgArn = arn("elasticloadbalancing", arnSuffix);
      return { id: tgArn, arn: tgArn, arnSuffix };
    }
    case "aws:lb/listener:Listener":
    case "aws:alb/listener:Listener": {
      const lb = typeof inputs.loadBalancerArn === "string" ? inputs.loadBalancerArn.split("loadbalancer/")[1] : `app/${args.name}/${hex(seed + "lb", 16)}`;
      const listenerArn = arn("elasticloadbalancing", `listener/${lb}/${hex(seed, 16)}`);
      return { id: listenerArn, arn: listenerArn };
    }
    case "aws:ecs/cluster:Cluster": {
      const clusterArn = arn("ecs", `cluster/${label}`);
      return { id: clusterArn, arn: clusterArn };
    }
    case "aws:ecs/service:Service":
      return { id: arn("ecs", `service/${lastSegment(inputs.cluster)}/${label}`), clusterName: lastSegment(inputs.cluster) };
    case "aws:ecs/taskDefinition:TaskDefinition": {
      const withoutRevision = arn("ecs", `task-definition/${label}`);
      return { id: label, arn: `${withoutRevision}:1`, arnWithoutRevision: withoutRevision, revision: 1 };
    }
    case "aws:rds/instance:Instance": {
      const resourceId = `db-${hex(seed, 26).toUpperCase()}`;
      const address = `${label}.c${hex(seed + "host", 11)}.${region}.rds.amazonaws.com`;
      const port = inputs.port ?? (String(inputs.engine ?? "").includes("postgres") ? 5432 : 3306);
      const secrets = inputs.manageMasterUserPassword
        ? [{ secretArn: arn("secretsmanager", `secret:rds!${resourceId.toLowerCase()}-${hex(seed + "s", 6)}`), secretStatus: "active", kmsKeyId: arn("kms", `key/${uuid(seed + "k")}`) }]
        : [];
      return { id: resourceId, resourceId, arn: arn("rds", `db:${label}`), address, endpoint: `${address}:${port}`, port, masterUserSecrets: secrets };
    }
    case "aws:cloudwatch/logGroup:LogGroup":
      return { id: label, arn: arn("logs", `log-group:${label}`) };
    case "aws:cloudwatch/metricAlarm:MetricAlarm":
      return { id: label, arn: arn("cloudwatch", `alarm:${label}`) };
    case "aws:sns/topic:Topic":
      return { id: arn("sns", label), arn: arn("sns", label) };
    case "aws:sns/topicSubscription:TopicSubscription": {
      const subscription = `${String(inputs.topic ?? arn("sns", args.name))}:${uuid(seed)}`;
      return { id: subscription, arn: subscription };
    }
    case "aws:sqs/queue:Queue":
      return { id: `https://sqs.${region}.amazonaws.com/${account}/${label}`, url: `https://sqs.${region}.amazonaws.com/${account}/${label}`, arn: arn("sqs", label) };
    case "aws:secretsmanager/secret:Secret": {
      const secretArn = arn("secretsmanager", `secret:${label}-${hex(seed, 6)}`);
      return { id: secretArn, arn: secretArn };
    }
    case "aws:kms/key:Key": {
      const keyId = uuid(seed);
      return { id: keyId, keyId, arn: arn("kms", `key/${keyId}`) };
    }
    case "aws:acm/certificate:Certificate": {
      const domains = [inputs.domainName, ...((inputs.subjectAlternativeNames as unknown[]) ?? [])].filter((d): d is string => typeof d === "string");
      const certificateArn = arn("acm", `certificate/${uuid(seed)}`);
      const domainValidationOptions = domains.map((domain) => ({
        domainName: domain,
        resourceRecordName: `_${hex(seed + domain, 32)}.${domain.replace(/^\*\./, "")}.`,
        resourceRecordType: "CNAME",
        resourceRecordValue: `_${hex(seed + domain + "v", 32)}.mhbtsbpdnt.acm-validations.aws.`,
      }));
      return { id: certificateArn, arn: certificateArn, domainValidationOptions, status: "ISSUED" };
    }
    case "aws:route53/zone:Zone": {
      const zoneId = `Z${hex(seed, 20).toUpperCase()}`;
      return { id: zoneId, zoneId, arn: `arn:aws:route53:::hostedzone/${zoneId}`, nameServers: ["ns-1.awsdns-01.org", "ns-2.awsdns-02.com"] };
    }
    case "aws:route53/record:Record":
      return { id: `${String(inputs.zoneId)}_${String(inputs.name)}_${String(inputs.type)}`, fqdn: inputs.name };
    case "aws:s3/bucket:Bucket":
    case "aws:s3/bucketV2:BucketV2":
      return { id: label, arn: `arn:aws:s3:::${label}`, bucketDomainName: `${label}.s3.amazonaws.com`, bucketRegionalDomainName: `${label}.s3.${region}.amazonaws.com` };
    case "aws:iam/role:Role":
      return { id: label, arn: `arn:aws:iam::${account}:role/${label}`, uniqueId: `AROA${hex(seed, 17).toUpperCase()}` };
    case "aws:iam/policy:Policy":
      return { id: `arn:aws:iam::${account}:policy/${label}`, arn: `arn:aws:iam::${account}:policy/${label}` };
    case "aws:lambda/function:Function": {
      const functionArn = arn("lambda", `function:${label}`);
      return { id: label, arn: functionArn, qualifiedArn: `${functionArn}:$LATEST`, invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${functionArn}/invocations` };
    }
    case "aws:ecr/repository:Repository":
      return { id: label, arn: arn("ecr", `repository/${label}`), repositoryUrl: `${account}.dkr.ecr.${region}.amazonaws.com/${label}` };
  }
  if (module === "ec2" || module === "vpc") {
    const id = `${EC2_PREFIX[resource] ?? resource.toLowerCase()}-${hex(seed, 17)}`;
    return { id, arn: arn("ec2", `${resource.toLowerCase()}/${id}`) };
  }
  // Sub-resources of a bucket (policy, public access block, encryption…) are identified by the bucket.
  if (module === "s3" && typeof inputs.bucket === "string") return { id: inputs.bucket };
  const id = name ?? `${args.name}-${hex(seed, 8)}`;
  return { id, arn: arn(module || "unknown", `${resource}/${id}`) };
}

/** An availability zone ID's region part: `use1` for us-east-1, `euw1` for eu-west-1. */
function zoneIdPrefix(region: string): string {
  const [area = "", direction = "", number = ""] = region.split("-");
  return `${area}${direction.charAt(0)}${number}`;
}

const GET_REGION = "aws:index/getRegion:getRegion";
const GET_CALLER_IDENTITY = "aws:index/getCallerIdentity:getCallerIdentity";

/** Answers for the data sources AWS programs commonly read before declaring resources, by token. */
const DATA_SOURCES: Record<string, (args: MockCallArgs, region: string, account: string) => Record<string, unknown>> = {
  "aws:index/getAvailabilityZones:getAvailabilityZones": (_, region) => ({
    id: region,
    names: ["a", "b", "c"].map((zone) => region + zone),
    zoneIds: [1, 2, 4].map((n) => `${zoneIdPrefix(region)}-az${n}`),
  }),
  [GET_CALLER_IDENTITY]: (_, __, account) => ({ id: account, accountId: account, arn: `arn:aws:iam::${account}:user/prodready`, userId: "AIDAPRODREADY" }),
  [GET_REGION]: (_, region) => ({ id: region, name: region, region: region, description: region === REGION ? "US East (N. Virginia)" : region, endpoint: `ec2.${region}.amazonaws.com` }),
  "aws:index/getPartition:getPartition": () => ({ id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" }),
  "aws:route53/getZone:getZone": (args) => {
    const zoneId = `Z${hex(String(args.inputs.name), 20).toUpperCase()}`;
    return { id: zoneId, zoneId, name: args.inputs.name, arn: `arn:aws:route53:::hostedzone/${zoneId}`, nameServers: ["ns-1.awsdns-01.org"] };
  },
  "aws:elb/getServiceAccount:getServiceAccount": () => ({ id: "127311923021", arn: "arn:aws:iam::127311923021:root" }),
};

/**
 * Whether the mocks answer a data source; any other's result is unknown offline (a parameter, a secret, a VPC), and the
 * mocks answer it with nothing. The region and the account are answered only where known (`region`, `account`): a
 * program may place a provider by its region, or name its account (an account's public access block), so the stand-ins
 * of ARNs must not decide which.
 */
function answersDataSource(token: string, region: string | undefined, account: string | undefined): boolean {
  return Object.hasOwn(DATA_SOURCES, token) && (token !== GET_REGION || region !== undefined) && (token !== GET_CALLER_IDENTITY || account !== undefined);
}

/**
 * The region a data source answers for: the one it is asked for (pulumi-aws 7's `region`, and getRegion's deprecated
 * `name` and `id`, which select the region), else its provider's.
 */
function regionOfCall(args: MockCallArgs, providerRegion: string | undefined): string | undefined {
  const selectors = args.token === GET_REGION ? [args.inputs.region, args.inputs.name, args.inputs.id] : [args.inputs.region];
  const asked = selectors.find((selector) => selector !== undefined);
  if (asked !== undefined) return knownRegion(asked);
  // getRegion also selects by endpoint, which may name another region than the provider's.
  if (args.token === GET_REGION && args.inputs.endpoint !== undefined) return undefined;
  return providerRegion;
}

/**
 * AWS's public parameters (all under `/aws/service/`) that hold an AMI's ID. Others there hold text a program may
 * compute on: ECS's and EKS's `recommended` hold JSON (their `image_id` sub-parameter holds the ID), others region names.
 */
const AMI_ID_PARAMETER = /^\/aws\/service\/((ami-amazon-linux-latest|ami-windows-latest|canonical|debian)\/|.*\/image_id$)/;

/**
 * Data sources that find an AMI's ID, and the fields holding it, by the name of the attribute Terraform's data source
 * has for it: how an AMI was found can say what it is (see the rules' `amiSource`). A lookup that may find something
 * else (`findsAmi`) is left unknown: a program computes on a parameter's value (`Number(value)`, `JSON.parse`), and
 * would compute on the sentinel.
 */
const LOOKUPS: Record<string, { kind: string; attributes: Record<string, string>; findsAmi?: (inputs: Record<string, unknown>) => boolean }> = {
  "aws:ec2/getAmi:getAmi": { kind: "aws_ami", attributes: { id: "id" } },
  "aws:ssm/getParameter:getParameter": {
    kind: "aws_ssm_parameter",
    attributes: { value: "value", insecureValue: "insecure_value" },
    findsAmi: (inputs) => typeof inputs.name === "string" && AMI_ID_PARAMETER.test(inputs.name),
  },
};

/**
 * The lookups of a run (`LOOKUPS`): each is answered with a sentinel per field (`lookupSentinel`), unknown to the model
 * but known to the SDK, so it reaches the inputs the program passes it to as it is, and the model can tell which lookup
 * an input holds, as Terraform's evaluator can. Their other fields are unknown (see the runner's invokes).
 */
export class DataSourceLookups {
  private readonly reads = new Map<string, AttributeRead>();

  /** Whether `token`'s answer may hold only some of its fields (an unanswered one holds none). */
  static answersPartly(token: string): boolean {
    return Object.hasOwn(LOOKUPS, token);
  }

  /**
   * The answer to a lookup; undefined for any other data source, one that may find something other than an AMI, or
   * one given a secret, which no read may hold.
   */
  answer(args: MockCallArgs): Record<string, unknown> | undefined {
    const lookup = Object.hasOwn(LOOKUPS, args.token) ? LOOKUPS[args.token] : undefined;
    const inputs = args.inputs as Record<string, unknown>;
    if (lookup === undefined || lookup.findsAmi?.(inputs) === false || JSON.stringify(inputs).includes(SECRET_SIG)) return undefined;
    return Object.fromEntries(
      Object.entries(lookup.attributes).map(([field, attribute]) => {
        const sentinel = lookupSentinel(this.reads.size);
        this.reads.set(sentinel, { kind: lookup.kind, attribute, dataSource: true, arguments: inputs });
        return [field, sentinel];
      }),
    );
  }

  /** The reads whose sentinels `props` holds; undefined where it holds none. */
  readsIn(props: Record<string, unknown>): Record<string, AttributeRead> | undefined {
    // Most programs make no lookup: their resources' inputs are not written out to search.
    if (this.reads.size === 0) return undefined;
    const sentinels = JSON.stringify(props).match(LOOKUP_SENTINELS);
    if (sentinels === null) return undefined;
    return Object.fromEntries(sentinels.flatMap((sentinel) => (this.reads.has(sentinel) ? [[sentinel, this.reads.get(sentinel)!]] : [])));
  }
}

/** Outside a preview the SDK hands the mocks an unknown input as undefined, which it cannot take back nested. */
function keepUnknown(value: unknown): unknown {
  if (value === undefined) return UNKNOWN_STRING;
  if (Array.isArray(value)) return value.map(keepUnknown);
  // Plain objects only: assets and resources pass as they are.
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, keepUnknown(child)]));
  }
  return value;
}

/**
 * The provider a resource or data source names (`<urn>::<id>`; none: the default provider), as far as it is known: the
 * region it would deploy into and answer for (the default provider's: the stack's `aws:region`), and its account. Where
 * either is not known, ARNs name a stand-in.
 */
export interface ProviderLookup {
  regionOf(providerReference: string | undefined): string | undefined;
  accountOf(providerReference: string | undefined): string | undefined;
}

export function awsMocks(preview: boolean, providers: ProviderLookup, lookups: DataSourceLookups): Mocks {
  return {
    newResource(args: MockResourceArgs): MockResourceResult {
      // Components have no provider and no outputs of their own.
      if (args.custom === false) return { id: undefined, state: {} };
      // Another stack's outputs cannot be read offline: unknown, so whatever the program takes from them is unknown.
      if (args.type === STACK_REFERENCE) return { id: args.id, state: { name: args.inputs.name, outputs: UNKNOWN_STRING, secretOutputNames: UNKNOWN_STRING } };
      const inputs = keepUnknown(checkedInputs(args)) as Record<string, unknown>;
      const { id, ...outputs } = computed(args, physicalName(args), providers.regionOf(args.provider) ?? REGION, providers.accountOf(args.provider) ?? ACCOUNT);
      // A preview knows the inputs only; the engine leaves the ID and every computed output unknown.
      if (preview) return { id: undefined, state: { ...Object.fromEntries(Object.keys(outputs).map((key) => [key, UNKNOWN_STRING])), ...inputs } };
      return { id, state: { ...inputs, ...outputs } };
    },
    // The runner marks the result of a data source without an answer unknown.
    call: (args) => {
      const lookup = lookups.answer(args);
      if (lookup !== undefined) return lookup;
      const region = regionOfCall(args, providers.regionOf(args.provider));
      const account = providers.accountOf(args.provider);
      return answersDataSource(args.token, region, account) ? DATA_SOURCES[args.token](args, region ?? REGION, account ?? ACCOUNT) : {};
    },
  };
}
