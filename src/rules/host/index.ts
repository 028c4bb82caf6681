import type { Rule } from "../rule";

/** Host hardening in cloud-init files and in EC2 user data. */
export const hostRules: Rule[] = [];
