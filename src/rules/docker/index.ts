import type { Rule } from "../rule";
import dockerBaseImagePinned from "./docker-base-image-pinned";
import dockerHealthcheck from "./docker-healthcheck";
import dockerLockedDependencyInstall from "./docker-locked-dependency-install";
import dockerNoBuildSecrets from "./docker-no-build-secrets";
import dockerNonRootUser from "./docker-non-root-user";

/** Dockerfiles, read from disk or built by a Pulumi image resource. */
export const dockerRules: Rule[] = [dockerBaseImagePinned, dockerNoBuildSecrets, dockerLockedDependencyInstall, dockerHealthcheck, dockerNonRootUser];
