import { readFileSync } from "fs";
import { join } from "path";
import { profileConfig } from "../../engine/settings";
import { pulumiRules } from "../../rules/catalogue";
import type { PackDefinition } from "./analyzer";
import { packProfile } from "./pack-profile";

/** A pack's version: its package.json's, in the directory the engine starts it in, where the SDK reads it too. */
export function packVersion(dir = process.cwd()): string {
  return (JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { version: string }).version;
}

/**
 * The production-readiness pack as the engine sees it: its name, description, rules and starting config. The profile
 * comes from the stack (PULUMI_CONFIG) and becomes each policy's own level and the initial config.
 */
export function productionReadinessPack(version: string, env: NodeJS.ProcessEnv = process.env): PackDefinition {
  const profile = packProfile(env);
  return {
    name: "production-readiness",
    version,
    description:
      "Production Readiness Protocol checks: configuration, security, limits, operations and resilience of AWS resources, Kubernetes workloads, EC2 hosts and the Dockerfiles that image builds use.",
    displayName: "Production readiness",
    tags: ["production-readiness", "aws", "kubernetes", "docker"],
    rules: pulumiRules,
    options: { profile },
    initialConfig: profileConfig(pulumiRules, profile),
  };
}
