/**
 * The workload scaffold the Kubernetes rules' examples are written in: a controller named after its app, whose
 * selector and pod template carry the label `app: <name>`, around the pod spec the example is about. A manifest
 * and a Pulumi resource each, so an example states only the pod spec (and the few fields that differ).
 */
import type { PulumiExampleResource } from "../../rule";

/** What a manifest's Deployment may state beyond its name and pod spec. */
interface ManifestOptions {
  /** `metadata.namespace`, when the example names one. */
  namespace?: string;
  /** `spec.replicas`, when the example sets it. */
  replicas?: number;
}

/**
 * An `apps/v1` Deployment manifest named `name`, whose pod spec is `podSpec`: YAML as it would stand under
 * `spec.template.spec`, unindented and ending in a newline (each non-empty line is indented into place).
 */
export function deploymentManifest(name: string, podSpec: string, options: ManifestOptions = {}): string {
  const namespace = options.namespace === undefined ? "" : `  namespace: ${options.namespace}\n`;
  const replicas = options.replicas === undefined ? "" : `  replicas: ${options.replicas}\n`;
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
${namespace}spec:
${replicas}  selector:
    matchLabels: { app: ${name} }
  template:
    metadata:
      labels: { app: ${name} }
    spec:
${podSpec.replace(/^(?=.)/gm, "      ")}`;
}

/**
 * A Pulumi workload of `type` (`kubernetes:apps/v1:Deployment`, `…:StatefulSet`, `…:DaemonSet`), declared as
 * `name`, for the app `app`, whose pod spec is `podSpec`. `spec` holds fields written before the selector
 * (a StatefulSet's `serviceName`).
 */
export function pulumiWorkload(
  type: string,
  name: string,
  app: string,
  podSpec: Record<string, unknown>,
  spec: Record<string, unknown> = {},
): PulumiExampleResource {
  return {
    type,
    name,
    props: {
      metadata: { name: app },
      spec: { ...spec, selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: podSpec } },
    },
  };
}

/** A Pulumi `apps/v1` Deployment declared as `name`, for the app `app`, whose pod spec is `podSpec`. */
export function pulumiDeployment(name: string, app: string, podSpec: Record<string, unknown>): PulumiExampleResource {
  return pulumiWorkload("kubernetes:apps/v1:Deployment", name, app, podSpec);
}
