import type { Rule } from "../../rule";

/** Deployment and operations: checklist section 4. */
export const operationsRules: Rule[] = [];
