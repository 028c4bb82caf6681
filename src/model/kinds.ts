/**
 * Kinds that are not Terraform resource types: what the files adapter reads (and what Pulumi resources that stand
 * for the same things map to), and which engines can produce each kind. A rule supports an engine when one of its
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

export type RuleEngine = "pulumi" | "terraform" | "files";

const FILE_KIND_ENGINES: Record<string, readonly RuleEngine[]> = {
  [DOCKERFILE]: ["files", "pulumi"],
  [KUBERNETES_WORKLOAD]: ["files", "pulumi"],
  [COMPOSE_SERVICE]: ["files"],
  [CLOUD_INIT]: ["files"],
  [REPOSITORY]: ["files"],
  [CONFIG_FILE]: ["files"],
};

/** The engines whose input can hold a resource of this kind; AWS kinds come from Pulumi and Terraform alike. */
export function enginesOfKind(kind: string): readonly RuleEngine[] {
  if (Object.hasOwn(FILE_KIND_ENGINES, kind)) return FILE_KIND_ENGINES[kind];
  if (kind.startsWith("aws_")) return ["pulumi", "terraform"];
  return [];
}

export function enginesOfKinds(kinds: readonly string[]): Set<RuleEngine> {
  return new Set(kinds.flatMap(enginesOfKind));
}
