import type { Rule } from "../rule";
import composeHealthcheck from "./compose-healthcheck";
import composeImagePinned from "./compose-image-pinned";
import composeLogRotation from "./compose-log-rotation";
import composeNoPlaintextSecrets from "./compose-no-plaintext-secrets";
import composeResourceLimits from "./compose-resource-limits";
import composeRestartPolicy from "./compose-restart-policy";

/** Compose files: one resource per service. */
export const composeRules: Rule[] = [
  composeImagePinned,
  composeNoPlaintextSecrets,
  composeResourceLimits,
  composeHealthcheck,
  composeLogRotation,
  composeRestartPolicy,
];
