import type { Rule } from "../../rule";
import buildRuntimeEnvNoPlaintextSecrets from "./aws-build-runtime-env-no-plaintext-secrets";
import databaseNoLiteralMasterPassword from "./aws-database-no-literal-master-password";
import ec2UserDataNoPlaintextSecrets from "./aws-ec2-user-data-no-plaintext-secrets";
import ecrImmutableTags from "./aws-ecr-immutable-tags";
import ecrScanOnPush from "./aws-ecr-scan-on-push";
import ecsTaskImagePinned from "./aws-ecs-task-image-pinned";
import ecsTaskNoPlaintextSecrets from "./aws-ecs-task-no-plaintext-secrets";
import lambdaNoPlaintextSecrets from "./aws-lambda-no-plaintext-secrets";
import lambdaRuntimeSupported from "./aws-lambda-runtime-supported";

/** Configuration and secrets: checklist sections 1 and 5.2. */
export const configurationRules: Rule[] = [
  lambdaNoPlaintextSecrets,
  ecsTaskNoPlaintextSecrets,
  ec2UserDataNoPlaintextSecrets,
  buildRuntimeEnvNoPlaintextSecrets,
  databaseNoLiteralMasterPassword,
  ecsTaskImagePinned,
  ecrImmutableTags,
  ecrScanOnPush,
  lambdaRuntimeSupported,
];
