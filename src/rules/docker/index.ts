import type { Rule } from "../rule";

/** Dockerfiles, read from disk or built by a Pulumi image resource. */
export const dockerRules: Rule[] = [];
