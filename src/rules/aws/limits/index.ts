import type { Rule } from "../../rule";

/** Resource limits: checklist section 3.3. */
export const limitsRules: Rule[] = [];
