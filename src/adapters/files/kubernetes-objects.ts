/**
 * What Kubernetes objects are to the model, shared by manifests and Pulumi `kubernetes:*` resources. Loaded by the
 * policy pack at start-up, so it stays light: no YAML parser here.
 */
import { isSecretPath, type Resource } from "../../model/resource";
import { plaintextSecretPaths } from "../../rules/pods";
import type { PulumiResource } from "../pulumi";

/** Kinds that run pods: each object of one is a `kubernetes_workload`, whatever its API group and version. */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set(["Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "CronJob"]);

/** `kubernetes:apps/v1:Deployment`: the group (`core` for the API's unnamed core group), version and kind. */
const TYPE_TOKEN = /^kubernetes:([a-z0-9.]+)\/([a-z0-9]+):([A-Za-z]+)$/;

/** The workload with the plaintext secrets of its `env` values marked secret, so reports redact them. */
export function withPlaintextSecrets(workload: Resource): Resource {
  const found = plaintextSecretPaths(workload.props).filter((path) => !isSecretPath(workload, path));
  return found.length === 0 ? workload : { ...workload, secretPaths: [...workload.secretPaths, ...found] };
}

/**
 * A Pulumi Kubernetes workload as the object a manifest declares: `apiVersion` and `kind` from its type token
 * where the inputs leave them out, and plaintext secrets in `env` values marked secret so reports redact them.
 */
export function workloadOfPulumiResource(model: Resource, resource: PulumiResource): Resource {
  const token = TYPE_TOKEN.exec(resource.type);
  const props = { ...model.props };
  if (token) {
    const [, group, version, kind] = token;
    if (props.apiVersion === undefined) props.apiVersion = group === "core" ? version : `${group}/${version}`;
    if (props.kind === undefined) props.kind = kind;
  }
  return withPlaintextSecrets({ ...model, props });
}
