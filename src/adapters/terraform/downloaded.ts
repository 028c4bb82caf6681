/**
 * Remote modules that `terraform init` already downloaded: `.terraform/modules/modules.json` maps each module
 * key (`vpc`, `app.vpc`) to the directory it was unpacked into, so those modules can be checked like local ones.
 */
import { readFileSync } from "fs";
import { join, resolve } from "path";

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
