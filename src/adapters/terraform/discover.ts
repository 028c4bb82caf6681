/**
 * Finds what `prodready check <path...>` should read, and tells the inputs apart by themselves: directories of
 * `.tf`/`.tf.json` files (one module each), CDKTF output (`cdk.tf.json`, one stack each, also inside
 * `cdktf.out/stacks/*`), and `terraform show -json` plans (named on the command line, or `*.tfplan.json`,
 * `tfplan.json`, `plan.json` in a directory).
 */
import { lstatSync, readdirSync, realpathSync, statSync } from "fs";
import { basename, dirname, join, relative, resolve } from "path";
import type { Diagnostic } from "../../model/diagnostic";

export interface ModuleDirectory {
  /** Absolute. */
  dir: string;
  /** Absolute paths of its `.tf` and `.tf.json` files, sorted; for CDKTF, the one `cdk.tf.json`. */
  files: string[];
  engine: "terraform" | "cdktf";
}

export interface Discovered {
  modules: ModuleDirectory[];
  /** JSON files that may be plans (or Terraform JSON configuration given by name); told apart when read. */
  jsonFiles: string[];
  diagnostics: Diagnostic[];
}

/** Directories that hold tooling state or dependencies, never configuration to check. */
const SKIPPED_DIRECTORIES = new Set([".terraform", ".git", "node_modules", ".terragrunt-cache"]);
const CDKTF_OUTPUT = "cdk.tf.json";

function isPlanName(name: string): boolean {
  return name === "tfplan.json" || name === "plan.json" || name.endsWith(".tfplan.json");
}

export function displayPath(path: string): string {
  return relative(process.cwd(), path) || ".";
}

export function discover(paths: readonly string[], excluded: (path: string) => boolean): Discovered {
  const modules = new Map<string, ModuleDirectory>();
  const jsonFiles: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const visited = new Set<string>();
  const fail = (path: string, message: string) => diagnostics.push({ severity: "error", code: "input", message, file: displayPath(path) });

  const addModuleFile = (file: string, engine: ModuleDirectory["engine"]) => {
    const dir = dirname(file);
    const key = `${engine}:${dir}`;
    const module = modules.get(key) ?? { dir, files: [], engine };
    if (!module.files.includes(file)) module.files.push(file);
    modules.set(key, module);
  };

  const walk = (dir: string) => {
    let real: string;
    let entries: string[];
    try {
      real = realpathSync(dir);
      entries = readdirSync(dir).sort();
    } catch (error) {
      fail(dir, `cannot read the directory (${(error as NodeJS.ErrnoException).code ?? "error"})`);
      return;
    }
    // A symbolic link back up the tree would otherwise be walked forever.
    if (visited.has(real)) return;
    visited.add(real);
    for (const name of entries) {
      const path = join(dir, name);
      if (excluded(path)) continue;
      let isDirectory: boolean;
      try {
        isDirectory = lstatSync(path).isSymbolicLink() ? statSync(path).isDirectory() : lstatSync(path).isDirectory();
      } catch {
        // A dangling link: there is nothing behind it to check.
        continue;
      }
      if (isDirectory) {
        if (!SKIPPED_DIRECTORIES.has(name)) walk(path);
      } else if (name === CDKTF_OUTPUT) {
        addModuleFile(path, "cdktf");
      } else if (name.endsWith(".tf") || name.endsWith(".tf.json")) {
        addModuleFile(path, "terraform");
      } else if (isPlanName(name)) {
        jsonFiles.push(path);
      }
    }
  };

  for (const given of paths) {
    const path = resolve(given);
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      fail(path, code === "ENOENT" ? "no such file or directory" : `cannot read (${code ?? "error"})`);
      continue;
    }
    if (isDirectory) walk(path);
    else if (basename(path) === CDKTF_OUTPUT) addModuleFile(path, "cdktf");
    else if (path.endsWith(".tf")) addModuleFile(path, "terraform");
    else if (path.endsWith(".json")) jsonFiles.push(path);
    else fail(path, "not a Terraform file (.tf, .tf.json), a plan (.json) or CDKTF output (cdk.tf.json)");
  }
  for (const module of modules.values()) module.files.sort();
  return { modules: [...modules.values()].sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0)), jsonFiles: [...new Set(jsonFiles)], diagnostics };
}
