/**
 * Reading the pod spec of a Kubernetes workload (a manifest's object or a Pulumi `kubernetes:*` resource, which
 * share the API's field names): where each kind keeps it, its containers, and which `env` values are plaintext
 * secrets. Every level may be `UNKNOWN` in a Pulumi preview; the helpers say where, so a rule can answer
 * "could not be evaluated" at that place.
 */
import { isRecord, isUnknown, valueAt, type PropertyPath, type Unknown } from "../model/resource";
import { join, type Reference } from "./read";
import { notApplicable, undecided, type CheckResult, type Verdict } from "./rule";
import { findSecretShapes, isLiteralSecretUnderName, isSecretName } from "./secrets";

/** Where a workload of this kind keeps its pod spec. */
export function podSpecPath(kind: string): PropertyPath {
  if (kind === "Pod") return "spec";
  if (kind === "CronJob") return "spec.jobTemplate.spec.template.spec";
  // Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job.
  return "spec.template.spec";
}

export type PodObject = Record<string, unknown>;

/** A pod spec that is known, with its path. */
export interface PodSpec {
  path: PropertyPath;
  spec: PodObject;
}

/** A part of the workload that is not known to the check, and where. */
export interface UnknownPart {
  path: PropertyPath;
  unknown: Unknown;
}

/**
 * The pod spec of a workload: unknown when its `kind` or any level on the way is unknown, undefined when the
 * object has none (or something other than a mapping in its place).
 */
export function podSpec(props: PodObject): PodSpec | UnknownPart | undefined {
  const kind = props.kind;
  if (isUnknown(kind)) return { path: "kind", unknown: kind };
  const path = podSpecPath(typeof kind === "string" ? kind : "");
  const spec = valueAt(props, path);
  if (isUnknown(spec)) return { path, unknown: spec };
  return isRecord(spec) ? { path, spec } : undefined;
}

/**
 * The container lists of a pod spec: `containers` always run; `initContainers` run to completion first, except
 * sidecars (see `isSidecar`).
 */
export type ContainerList = "containers" | "initContainers";

export const ALL_CONTAINERS: readonly ContainerList[] = ["containers", "initContainers"];

/** A container of the pod spec: known, or unknown as a whole (a list that is unknown is one such entry). */
export interface PodContainer {
  path: PropertyPath;
  list: ContainerList;
  /** How messages name it: `container web`, `the init container at index 1`; never a value that could be secret. */
  label: string;
  value: PodObject | Unknown;
}

/** Kubernetes requires container names to be DNS labels; anything else is named by its position. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function labelOf(list: ContainerList, index: number, container: unknown): string {
  const noun = list === "initContainers" ? "init container" : "container";
  const name = isRecord(container) ? container.name : undefined;
  return typeof name === "string" && DNS_LABEL.test(name) ? `${noun} ${name}` : `the ${noun} at index ${index}`;
}

/** The containers of the given lists; entries that are not mappings are left out (the API would refuse them). */
function podContainers(pod: PodSpec, lists: readonly ContainerList[]): PodContainer[] {
  return lists.flatMap((list): PodContainer[] => {
    const path = join(pod.path, list);
    const value = pod.spec[list];
    if (isUnknown(value)) return [{ path, list, label: list === "initContainers" ? "the init containers" : "the containers", value }];
    if (!Array.isArray(value)) return [];
    return value.flatMap((container: unknown, index): PodContainer[] =>
      isUnknown(container) || isRecord(container) ? [{ path: join(path, index), list, label: labelOf(list, index, container), value: container }] : [],
    );
  });
}

/** A container whose settings are known (each setting may still be unknown). */
export type KnownContainer = PodContainer & { value: PodObject };

/**
 * Whether a container is a sidecar: an init container with `restartPolicy: Always` (Kubernetes 1.29+) starts
 * before the app containers and keeps running beside them for the pod's whole life.
 */
export function isSidecar(container: KnownContainer): Reference {
  if (container.list !== "initContainers") return "no";
  const restartPolicy = container.value.restartPolicy;
  if (isUnknown(restartPolicy)) return "unknown";
  return restartPolicy === "Always" ? "yes" : "no";
}

/**
 * Judges each container of the given lists. A pod spec or container that is unknown is undecided where it is
 * unknown; a workload without a pod spec is not applicable. A verdict names its container as its subject unless
 * `judge` named one, so a baseline entry follows the container when another is written above it.
 */
export function checkPodContainers(
  props: PodObject,
  lists: readonly ContainerList[],
  judge: (container: KnownContainer, pod: PodSpec) => Verdict[],
): CheckResult {
  const pod = podSpec(props);
  if (pod === undefined) return notApplicable("the object has no pod spec");
  if ("unknown" in pod) return [undecided(pod.path, "the pod spec is not known to the check")];
  return podContainers(pod, lists).flatMap((container) =>
    isUnknown(container.value)
      ? [undecided(container.path, `${container.label} is not known to the check`)]
      : judge(container as KnownContainer, pod).map((verdict) => ({ subject: container.label, ...verdict })),
  );
}

/** `$(NAME)`: Kubernetes expands it from another variable of the container, so it holds no value itself. */
const DEPENDENT_VARIABLE = /^\$\([A-Za-z_][\w.-]*\)$/;

/**
 * What makes an env entry's literal `value` a plaintext secret, as phrases ("a value under a secret's name",
 * "an AWS access key ID"); empty when nothing does or when the name or value is not a known string.
 */
export function plaintextSecretsOfEnv(entry: PodObject): string[] {
  const { name, value } = entry;
  if (typeof value !== "string") return [];
  const found: string[] = [];
  if (typeof name === "string" && isSecretName(name) && isLiteralSecretUnderName(value) && !DEPENDENT_VARIABLE.test(value.trim())) found.push("a literal value under a secret's name");
  return [...found, ...findSecretShapes(value)];
}

/** The path of every `env` entry's `value` that holds a plaintext secret, for `secretPaths`, so reports redact it. */
export function plaintextSecretPaths(props: PodObject): PropertyPath[] {
  const pod = podSpec(props);
  if (pod === undefined || "unknown" in pod) return [];
  return podContainers(pod, ALL_CONTAINERS).flatMap((container) => {
    const env = isUnknown(container.value) ? undefined : container.value.env;
    if (!Array.isArray(env)) return [];
    return env.flatMap((entry: unknown, index) => (isRecord(entry) && plaintextSecretsOfEnv(entry).length > 0 ? [join(join(join(container.path, "env"), index), "value")] : []));
  });
}
