/**
 * Real CDKTF apps for the tests: synthesized with `app.synth()` into a temporary `cdktf.out/`, which keeps the
 * `"//"` metadata (construct paths, prodready suppressions) that `Testing.synth` strips. No terraform binary and
 * no network: synthesis only writes JSON.
 */
import { join } from "path";
import { App } from "cdktf";
import { checkPaths, type CheckResult } from "../../src/cli/check";
import type { CommandLineVariable } from "../../src/adapters/terraform/variables";
import type { ProfileName } from "../../src/engine/settings";
import { createScratch, removeScratch } from "./scratch";

export interface SynthesizedApp {
  /** The temporary directory that holds `cdktf.out/` and an empty config file. */
  root: string;
  /** `<root>/cdktf.out`: `manifest.json` and `stacks/<name>/cdk.tf.json`. */
  outdir: string;
  /** An empty `.prodready.json`, so a config file in the repository cannot change what the tests see. */
  configFile: string;
  /** The synthesized JSON file of one stack. */
  stackFile(stack: string): string;
  /** Runs `prodready check` on `cdktf.out/` (or on other paths), as the CLI would. */
  check(options?: { paths?: string[]; commandLineVariables?: CommandLineVariable[]; profile?: ProfileName; today?: string }): CheckResult;
  dispose(): void;
}

/** The day the tests run on, for suppression expiry. */
export const TODAY = "2026-11-28";

export function synthesizeApp(build: (app: App) => void): SynthesizedApp {
  const root = createScratch({ ".prodready.json": "{}\n" });
  const outdir = join(root, "cdktf.out");
  const configFile = join(root, ".prodready.json");
  try {
    const app = new App({ outdir });
    build(app);
    app.synth();
  } catch (error) {
    removeScratch(root);
    throw error;
  }
  return {
    root,
    outdir,
    configFile,
    stackFile: (stack) => join(outdir, "stacks", stack, "cdk.tf.json"),
    check: (options = {}) =>
      checkPaths({
        paths: options.paths ?? [outdir],
        configFile,
        commandLineVariables: options.commandLineVariables ?? [],
        today: options.today ?? TODAY,
        profile: options.profile ?? "platform",
      }),
    dispose: () => removeScratch(root),
  };
}
