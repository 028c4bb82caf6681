import type { Rule } from "../rule";
import repoDependenciesPinned from "./repo-dependencies-pinned";
import repoEnvExample from "./repo-env-example";
import repoEnvIgnored from "./repo-env-ignored";
import repoLockFileCommitted from "./repo-lock-file-committed";
import repoNoSecretsInConfig from "./repo-no-secrets-in-config";

/** The repository: lock files, ignored .env files, tracked configuration. */
export const repositoryRules: Rule[] = [repoLockFileCommitted, repoEnvIgnored, repoEnvExample, repoNoSecretsInConfig, repoDependenciesPinned];
