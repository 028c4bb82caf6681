/**
 * Kinds that are not Terraform resource types: what the files adapter reads (and what Pulumi resources that stand
 * for the same things map to), the blocks that configure Terraform itself, and which engines can produce each kind. A rule supports an engine when one of its
 * kinds can come from it; the rule meta-test then asks for that engine's examples, and only rules a Pulumi program
 * can trigger become CrossGuard policies.
 */

/** A Dockerfile: read from disk, or the one a Pulumi image build (`docker-build:index:Image`) builds. */
export const DOCKERFILE = "dockerfile";
/** One service of a compose file. */
export const COMPOSE_SERVICE = "compose_service";
/**
 * A Kubernetes object that runs pods (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob), from a
 * manifest or a Pulumi `kubernetes:*` resource. Props keep the Kubernetes API's own field names (`apiVersion`,
 * `kind`, `metadata`, `spec`), as both sources write them.
 */
export const KUBERNETES_WORKLOAD = "kubernetes_workload";
/** A cloud-init document (`#cloud-config`) or boot script read from a file. */
export const CLOUD_INIT = "cloud_init";
/** The repository (a directory given to `prodready check`): its files, manifests and ignore rules. */
export const REPOSITORY = "repository";
/** A configuration file the repository tracks (not ignored by git), with its lines. */
export const CONFIG_FILE = "config_file";

/**
 * A Terraform provider configuration (`provider "aws" { ... }`), addressed `provider.aws`, or `provider.aws.west` for
 * one with `alias = "west"`, after its module's prefix.
 */
export const PROVIDER_CONFIGURATION = "terraform_provider";
/** Where a configuration keeps its state: `terraform { backend "s3" { ... } }`, or `cloud { ... }`; `terraform.backend.s3`, `terraform.cloud`. */
export const STATE_BACKEND = "terraform_backend";
/** An OpenTofu state encryption key provider: `terraform { encryption { key_provider "pbkdf2" "main" { ... } } }`. */
export const STATE_ENCRYPTION_KEY_PROVIDER = "terraform_encryption_key_provider";

/** The blocks that configure Terraform itself and take credentials, which rules judge as resources: no resources. */
export const CONFIGURATION_BLOCK_KINDS: readonly string[] = [PROVIDER_CONFIGURATION, STATE_BACKEND, STATE_ENCRYPTION_KEY_PROVIDER];

/** Whether a kind is one of those blocks (`provider.aws`, `terraform.backend.s3`), not a resource deployed. */
export function isConfigurationBlock(kind: string): boolean {
  return CONFIGURATION_BLOCK_KINDS.includes(kind);
}

export type RuleEngine = "pulumi" | "terraform" | "files";

const OTHER_KIND_ENGINES: Record<string, readonly RuleEngine[]> = {
  [DOCKERFILE]: ["files", "pulumi"],
  [KUBERNETES_WORKLOAD]: ["files", "pulumi"],
  [COMPOSE_SERVICE]: ["files"],
  [CLOUD_INIT]: ["files"],
  [REPOSITORY]: ["files"],
  [CONFIG_FILE]: ["files"],
  [PROVIDER_CONFIGURATION]: ["terraform"],
  [STATE_BACKEND]: ["terraform"],
  [STATE_ENCRYPTION_KEY_PROVIDER]: ["terraform"],
};

/** The engines whose input can hold a resource of this kind; AWS kinds come from Pulumi and Terraform alike. */
export function enginesOfKind(kind: string): readonly RuleEngine[] {
  if (Object.hasOwn(OTHER_KIND_ENGINES, kind)) return OTHER_KIND_ENGINES[kind];
  if (kind.startsWith("aws_")) return ["pulumi", "terraform"];
  return [];
}

/**
 * Whether a kind is a resource type a Terraform configuration or plan declares (`aws_s3_bucket`, `terraform_data`),
 * not one of the kinds above, which stand for files and for the blocks that configure Terraform.
 */
export function isResourceType(kind: string): boolean {
  return !Object.hasOwn(OTHER_KIND_ENGINES, kind);
}

export function enginesOfKinds(kinds: readonly string[]): Set<RuleEngine> {
  return new Set(kinds.flatMap(enginesOfKind));
}
