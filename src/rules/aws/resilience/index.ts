import type { Rule } from "../../rule";
import kmsKeyRotation from "./aws-kms-key-rotation";

/** External service resilience: checklist section 5. */
export const resilienceRules: Rule[] = [kmsKeyRotation];
