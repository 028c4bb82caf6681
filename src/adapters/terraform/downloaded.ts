/** What `terraform init` and `terraform workspace select` left in a root module's `.terraform` directory. */
import { readFileSync } from "fs";
import { join, resolve } from "path";

/**
 * Remote modules that `terraform init` already downloaded: `.terraform/modules/modules.json` maps each module
 * key (`vpc`, `app.vpc`) to the directory it was unpacked into, so those modules can be checked like local ones.
 */
export function downloadedModules(rootDir: string): Map<string, string> {
  const found = new Map<string, string>();
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(join(rootDir, ".terraform", "modules", "modules.json"), "utf8"));
  } catch {
    // No manifest (terraform init never ran here) or an unreadable one: remote modules stay unscanned.
    return found;
  }
  const modules = (manifest as { Modules?: unknown }).Modules;
  if (!Array.isArray(modules)) return found;
  for (const entry of modules as { Key?: unknown; Dir?: unknown }[]) {
    if (typeof entry.Key === "string" && entry.Key !== "" && typeof entry.Dir === "string") found.set(entry.Key, resolve(rootDir, entry.Dir));
  }
  return found;
}

/**
 * `terraform.workspace`: `TF_WORKSPACE` when set, as Terraform reads it first, else the workspace `terraform
 * workspace select` wrote to `.terraform/environment`, else `default`.
 */
export function selectedWorkspace(rootDir: string, initialised: boolean, environment: Readonly<Record<string, string | undefined>> = {}): string {
  const fromEnvironment = environment.TF_WORKSPACE;
  if (fromEnvironment !== undefined && fromEnvironment !== "") return fromEnvironment;
  if (!initialised) return "default";
  try {
    return readFileSync(join(rootDir, ".terraform", "environment"), "utf8").trim() || "default";
  } catch {
    // Never selected, or unreadable: Terraform's own fallback.
    return "default";
  }
}
