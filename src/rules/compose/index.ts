import type { Rule } from "../rule";

/** Compose files: one resource per service. */
export const composeRules: Rule[] = [];
