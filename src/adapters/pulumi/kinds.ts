import { DOCKERFILE, KUBERNETES_WORKLOAD } from "../../model/kinds";
import { WORKLOAD_KINDS } from "../files/kubernetes-objects";

/**
 * Pulumi type tokens → canonical kinds (the Terraform type names). Pulumi's AWS provider is generated from the
 * Terraform provider, so most tokens follow `aws:<module>/<name>:<Name>` → `aws_<module>_<snake name>`; the
 * table holds the tokens that do not, including the `alb`/`elasticloadbalancingv2` aliases of `lb`.
 */
const EXCEPTIONS: Record<string, string> = {
  "aws:rds/instance:Instance": "aws_db_instance",
  "aws:rds/subnetGroup:SubnetGroup": "aws_db_subnet_group",
  "aws:rds/parameterGroup:ParameterGroup": "aws_db_parameter_group",
  "aws:s3/bucketV2:BucketV2": "aws_s3_bucket",
  "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2":
    "aws_s3_bucket_server_side_encryption_configuration",
  "aws:s3/bucketVersioningV2:BucketVersioningV2": "aws_s3_bucket_versioning",
  "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2": "aws_s3_bucket_lifecycle_configuration",
  "aws:s3/bucketLoggingV2:BucketLoggingV2": "aws_s3_bucket_logging",
  "aws:s3/bucketWebsiteConfigurationV2:BucketWebsiteConfigurationV2": "aws_s3_bucket_website_configuration",
  "aws:sqs/redrivePolicy:RedrivePolicy": "aws_sqs_queue_redrive_policy",
  "aws:sqs/redriveAllowPolicy:RedriveAllowPolicy": "aws_sqs_queue_redrive_allow_policy",
  "aws:docdb/elasticCluster:ElasticCluster": "aws_docdbelastic_cluster",
  "aws:fsx/openZfsFileSystem:OpenZfsFileSystem": "aws_fsx_openzfs_file_system",
  "aws:opensearch/serverlessCollection:ServerlessCollection": "aws_opensearchserverless_collection",
  "aws:appsync/graphQLApi:GraphQLApi": "aws_appsync_graphql_api",
  "aws:elb/listenerPolicy:ListenerPolicy": "aws_load_balancer_listener_policy",
  "aws:elb/loadBalancerPolicy:LoadBalancerPolicy": "aws_load_balancer_policy",
  "aws:elb/sslNegotiationPolicy:SslNegotiationPolicy": "aws_lb_ssl_negotiation_policy",
};

/** Modules whose Terraform names carry another prefix than `aws_<module>_`. */
const MODULE_PREFIX: Record<string, string> = {
  ec2: "aws_",
  lb: "aws_lb_",
  alb: "aws_lb_",
  elasticloadbalancingv2: "aws_lb_",
  apigateway: "aws_api_gateway_",
  vpc: "aws_vpc_",
  ebs: "aws_ebs_",
  directoryservice: "aws_directory_service_",
  elasticbeanstalk: "aws_elastic_beanstalk_",
};

/** Names whose Terraform form drops the module's noun: `lb/loadBalancer` is `aws_lb`, not `aws_lb_load_balancer`. */
const MODULE_ROOT: Record<string, string> = {
  "lb/loadBalancer": "aws_lb",
  "alb/loadBalancer": "aws_lb",
  "elasticloadbalancingv2/loadBalancer": "aws_lb",
  "elb/loadBalancer": "aws_elb",
};

const snakeCases = new Map<string, string>();

/** Cached: every resource of a kind repeats the same input names, and two regex passes per name showed in profiles. */
export function snakeCase(name: string): string {
  let snake = snakeCases.get(name);
  if (snake === undefined) {
    snake = name
      .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
      .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
      .toLowerCase();
    // Names under user-chosen map keys are unbounded; the names resources share are few.
    if (snakeCases.size >= 10_000) snakeCases.clear();
    snakeCases.set(name, snake);
  }
  return snake;
}

const cache = new Map<string, string>();

/** Image builds: the model sees the Dockerfile they build. */
const IMAGE_BUILDS = new Set(["docker-build:index:Image", "docker:index/image:Image"]);

/**
 * The canonical kind for a Pulumi type token; tokens of other providers keep their token as the kind, except
 * Kubernetes workloads and image builds, which are what manifests and Dockerfiles are in the files adapter.
 */
export function kindOf(token: string): string {
  const cached = cache.get(token);
  if (cached !== undefined) return cached;
  const kind = deriveKind(token);
  cache.set(token, kind);
  return kind;
}

function deriveKind(token: string): string {
  const exception = EXCEPTIONS[token];
  if (exception) return exception;
  if (IMAGE_BUILDS.has(token)) return DOCKERFILE;
  const kubernetes = /^kubernetes:[a-z0-9.]+\/[a-z0-9]+:([A-Za-z]+)$/.exec(token);
  if (kubernetes) return WORKLOAD_KINDS.has(kubernetes[1]) ? KUBERNETES_WORKLOAD : token;
  const match = /^aws:([A-Za-z0-9]+)\/([A-Za-z0-9]+):[A-Za-z0-9]+$/.exec(token);
  if (!match) return token;
  const [, module, name] = match;
  const root = MODULE_ROOT[`${module}/${name}`];
  if (root) return root;
  const prefix = MODULE_PREFIX[module] ?? `aws_${module}_`;
  return prefix + snakeCase(name);
}
