import { DEFAULT_PROFILE, isProfileName, PROFILES, type ProfileName } from "../../engine/settings";

/** The stack config key that chooses the profile: `pulumi config set prodready:profile platform`. */
export const PROFILE_CONFIG_KEY = "prodready:profile";

/**
 * The profile for this run: the stack's config (the engine passes it as JSON in `PULUMI_CONFIG`), else
 * `PRODREADY_PROFILE`, else the default. A stack's own choice is the most specific, so it wins over the
 * environment. An unknown name stops the pack: silently enforcing another profile would be worse.
 */
export function packProfile(env: NodeJS.ProcessEnv = process.env): ProfileName {
  const chosen = stackConfig(env)[PROFILE_CONFIG_KEY] ?? env.PRODREADY_PROFILE ?? DEFAULT_PROFILE;
  if (!isProfileName(chosen)) {
    throw new Error(`prodready: unknown profile "${String(chosen)}" (from ${PROFILE_CONFIG_KEY} or PRODREADY_PROFILE); use one of ${PROFILES.join(", ")}`);
  }
  return chosen;
}

function stackConfig(env: NodeJS.ProcessEnv): Record<string, unknown> {
  if (!env.PULUMI_CONFIG) return {};
  try {
    const parsed: unknown = JSON.parse(env.PULUMI_CONFIG);
    return parsed !== null && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    // The engine always sends valid JSON; a hand-set variable that is not JSON says nothing about the profile.
    return {};
  }
}
