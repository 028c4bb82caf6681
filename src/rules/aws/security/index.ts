import type { Rule } from "../../rule";

/** Infrastructure and security: checklist section 3. */
export const securityRules: Rule[] = [];
