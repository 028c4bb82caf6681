import type { Rule } from "../rule";
import kubernetesImagePinned from "./kubernetes-image-pinned";
import kubernetesNonRoot from "./kubernetes-non-root";
import kubernetesProbes from "./kubernetes-probes";
import kubernetesResourceLimits from "./kubernetes-resource-limits";
import kubernetesSecretsFromSecretRefs from "./kubernetes-secrets-from-secret-refs";

/** Kubernetes workloads, from manifests and from Pulumi kubernetes resources. */
export const kubernetesRules: Rule[] = [kubernetesImagePinned, kubernetesSecretsFromSecretRefs, kubernetesResourceLimits, kubernetesProbes, kubernetesNonRoot];
