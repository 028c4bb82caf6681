import type { Rule } from "../../rule";
import lambdaNoPlaintextSecrets from "./aws-lambda-no-plaintext-secrets";

/** Configuration and secrets: checklist sections 1 and 5.2. */
export const configurationRules: Rule[] = [lambdaNoPlaintextSecrets];
