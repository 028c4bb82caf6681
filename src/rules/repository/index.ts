import type { Rule } from "../rule";

/** The repository: lock files, ignored .env files, tracked configuration. */
export const repositoryRules: Rule[] = [];
