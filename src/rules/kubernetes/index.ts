import type { Rule } from "../rule";

/** Kubernetes workloads, from manifests and from Pulumi kubernetes resources. */
export const kubernetesRules: Rule[] = [];
