/**
 * Finds what `prodready check <path...>` should read, and tells the inputs apart by themselves: directories of
 * `.tf`/`.tf.json` files and OpenTofu's `.tofu`/`.tofu.json` (one module each; in a directory holding both, a
 * `.tofu` file stands in for the `.tf` file of its name, as OpenTofu reads them), CDKTF output (`cdk.tf.json`, one
 * stack each, also inside `cdktf.out/stacks/*`; one module with the `.tf` files beside it, as Terraform reads it),
 * and `terraform show -json` plans (named on the command line, or `*.tfplan.json`, `tfplan.json`, `plan.json` in a
 * directory). Every other file it finds, and each plan found in a directory, is listed for the files adapter, so a
 * repository is walked once for both.
 */
import { readdirSync, realpathSync, statSync, type Dirent } from "fs";
import { basename, dirname, resolve, sep } from "path";
import type { Diagnostic } from "../model/diagnostic";
import { isReadByName } from "./files/repository";
import { PROJECT_FILE_NAMES } from "./pulumi/runner/project";
import { describeFileError, displayPath } from "./source";
import { dataDirectory } from "./terraform/downloaded";
import { isPlanJsonName } from "./terraform/plan-files";
import { isStackFileName } from "./terraform/stack-files";
import { isTestFileName } from "./terraform/test-files";

export interface ModuleDirectory {
  /** Absolute. */
  dir: string;
  /** Absolute paths of its `.tf`, `.tf.json` (`cdk.tf.json` among them), `.tofu` and `.tofu.json` files, sorted. */
  files: string[];
  /** Absolute paths of the `.tf` and `.tf.json` files left out of `files` because a `.tofu` file stands in for each. */
  shadowed?: string[];
  /** `cdktf` when it holds CDKTF output, whatever is written beside it. */
  engine: "terraform" | "cdktf";
  /** Every name in the directory, when the walk listed it: evaluating a root looks for tfvars and `.terraform` there. */
  entries?: readonly string[];
}

export interface Discovered {
  modules: ModuleDirectory[];
  /** JSON files that may be plans (or Terraform JSON configuration given by name); told apart when read. */
  jsonFiles: string[];
  /**
   * Every other file found (absolute), or named on the command line: for the files adapter to tell apart. Plans'
   * JSON found in a directory too, for the repository scan.
   */
  otherFiles: string[];
  /**
   * What `excluded` left out (absolute), files and directories, as the walk met them (a directory's contents are not
   * looked at), and the files given that it covers, read all the same.
   */
  leftOut: string[];
  /** Terragrunt's and Terraform Stacks' configuration files and Pulumi's project files named or found in a directory, in the walk's order: never evaluated, which a check says. */
  orchestration: OrchestrationFile[];
  diagnostics: Diagnostic[];
}

/** Directories that hold tooling state or dependencies, never configuration to check. */
const SKIPPED_DIRECTORIES = new Set([".terraform", ".git", "node_modules", ".terragrunt-cache"]);
const CDKTF_OUTPUT = "cdk.tf.json";

/**
 * A tool that deploys what its own configuration says, which `check` does not evaluate: Terragrunt and Terraform
 * Stacks deploy Terraform modules with values their configuration gives them, Pulumi runs a program (which
 * `prodready pulumi` does).
 */
export type Orchestrator = "terragrunt" | "stack" | "pulumi";

/** A configuration file of an `Orchestrator`. */
export interface OrchestrationFile {
  /** Absolute. */
  path: string;
  tool: Orchestrator;
}

/**
 * Terragrunt's configuration: a unit's, in its HCL or its JSON form, whose `inputs` are what the module it calls is
 * given, and an explicit stack's, whose `unit` blocks Terragrunt generates units from (`.terragrunt-stack`).
 */
const TERRAGRUNT_CONFIGURATION = new Set(["terragrunt.hcl", "terragrunt.hcl.json", "terragrunt.stack.hcl"]);

/** The tool whose configuration a file is, by its name. */
function orchestratorOf(name: string): Orchestrator | undefined {
  if (TERRAGRUNT_CONFIGURATION.has(name)) return "terragrunt";
  if (PROJECT_FILE_NAMES.includes(name)) return "pulumi";
  return isStackFileName(name) ? "stack" : undefined;
}

/**
 * What wrote a configuration file, told by its name alone, so a file is read the same way found in a directory or
 * named on the command line: a `"//"` property does not tell, since hand-written Terraform JSON may comment with it.
 */
export function configurationEngine(path: string): ModuleDirectory["engine"] {
  return basename(path) === CDKTF_OUTPUT ? "cdktf" : "terraform";
}

/** The extension of a module's file: OpenTofu reads its own, `.tofu` and `.tofu.json`, beside Terraform's. */
const MODULE_FILE_EXTENSION = /\.(tf|tofu)(\.json)?$/;
const TERRAFORM_EXTENSION = /\.tf(\.json)?$/;

/** A file of a Terraform or OpenTofu module directory (`cdk.tf.json` among them). */
export function isModuleFileName(name: string): boolean {
  return MODULE_FILE_EXTENSION.test(name);
}

/** OpenTofu's own file: a module holding one is OpenTofu's, which Terraform does not read. */
export function isOpenTofuFileName(name: string): boolean {
  return /\.tofu(\.json)?$/.test(name);
}

/** A module file's name without its extension: `main` of `main.tf` and of `main.tofu.json`. */
export function moduleFileStem(name: string): string {
  return name.replace(MODULE_FILE_EXTENSION, "");
}

/**
 * The `.tf` and `.tf.json` files of a directory that OpenTofu does not read: a `.tofu` or `.tofu.json` file of the
 * same name and syntax stands in for each (`main.tofu` for `main.tf`, never for `main.tf.json`). `files`: absolute.
 */
function shadowedByTofu(files: readonly string[]): string[] {
  const present = new Set(files);
  return files.filter((file) => TERRAFORM_EXTENSION.test(file) && present.has(file.replace(TERRAFORM_EXTENSION, ".tofu$1")));
}

/** A file read when found in a directory, for its name, by Terraform or by the files adapter. */
function isInputName(path: string): boolean {
  const name = basename(path);
  return isModuleFileName(name) || isPlanJsonName(name) || isReadByName(path);
}

/**
 * `join(dir, name)` for a name read from the directory `dir` (absolute and normalized, as `resolve` and
 * `realpathSync` give it): nothing to normalize, and `join`'s normalizing was a third of walking the bench tree.
 */
function childPath(dir: string, name: string): string {
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

/**
 * `descend: false` reads just the directories given: a local module is one directory, its subfolders are not its.
 * `environment`: the check's, whose `TF_DATA_DIR` may name a data directory inside a module, skipped as `.terraform` is.
 */
export function discover(
  paths: readonly string[],
  excluded: (path: string) => boolean,
  { descend = true, environment = {} }: { descend?: boolean; environment?: Readonly<Record<string, string | undefined>> } = {},
): Discovered {
  const modules = new Map<string, ModuleDirectory>();
  const jsonFiles: string[] = [];
  const otherFiles: string[] = [];
  const leftOut: string[] = [];
  const orchestration: OrchestrationFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const visited = new Set<string>();
  const fail = (path: string, message: string) => diagnostics.push({ severity: "error", code: "input", message, file: displayPath(path) });
  /** The data directories `terraform init` would write to for the modules walked, where `TF_DATA_DIR` names them. */
  const dataDirectories = new Set<string>();

  // A set beside each module's list: a directory of thousands of files must not cost a scan per file.
  const moduleFiles = new Map<ModuleDirectory, Set<string>>();
  // Terraform reads every file of a directory as one module: `cdk.tf.json` is one more `.tf.json` file to it.
  const addModuleFile = (file: string, entries?: readonly string[]) => {
    const dir = dirname(file);
    let module = modules.get(dir);
    if (module === undefined) {
      module = { dir, files: [], engine: "terraform", ...(entries === undefined ? {} : { entries }) };
      modules.set(dir, module);
      moduleFiles.set(module, new Set());
    }
    if (configurationEngine(file) === "cdktf") module.engine = "cdktf";
    const files = moduleFiles.get(module)!;
    if (!files.has(file)) {
      files.add(file);
      module.files.push(file);
    }
  };

  /** Whether a directory entry is a directory, following a symbolic link; undefined when the link leads nowhere. */
  const isDirectoryEntry = (entry: Dirent, path: string): boolean | undefined => {
    if (!entry.isSymbolicLink()) return entry.isDirectory();
    try {
      return statSync(path).isDirectory();
    } catch (error) {
      // A link to nothing, or a loop of links: an error when it has the name of an input, which Terraform, docker,
      // kustomize or a package manager would fail to read too; otherwise nothing to check.
      if (isInputName(path)) fail(path, `cannot read the file: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "a symbolic link to nothing (ENOENT)" : describeFileError(error)}`);
      return undefined;
    }
  };

  // Terraform applies every file of a directory: an excluded one still belongs to a module that is checked (its
  // findings are dropped later, by location), or a public access block in it would be missing from the bucket
  // beside it. A directory whose every configuration file is excluded is not checked.
  const excludedModuleFiles: string[] = [];

  /** `real`: the directory's real path, known without asking the system unless a symbolic link led to it. */
  const walk = (dir: string, real?: string) => {
    let entries: Dirent[];
    try {
      real ??= realpathSync(dir);
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    } catch (error) {
      fail(dir, `cannot read the directory: ${describeFileError(error)}`);
      return;
    }
    // A symbolic link back up the tree would otherwise be walked forever.
    if (visited.has(real)) return;
    visited.add(real);
    let names: string[] | undefined;
    const listing = () => (names ??= entries.map((entry) => entry.name));
    // Run in a module's directory, Terraform downloads modules and providers into the data directory it names there:
    // their files, examples included, are no configuration of the checked code. `.terraform` is skipped anywhere.
    if (descend && environment.TF_DATA_DIR && entries.some((entry) => isModuleFileName(entry.name))) {
      const dataDir = dataDirectory(dir, listing(), environment);
      if (dataDir !== undefined) dataDirectories.add(dataDir);
    }
    for (const entry of entries) {
      const name = entry.name;
      const path = childPath(dir, name);
      if (excluded(path)) {
        leftOut.push(path);
        // A link is followed when read, and refused then if it leads nowhere, only should its module be checked.
        if ((entry.isFile() || entry.isSymbolicLink()) && isModuleFileName(name)) excludedModuleFiles.push(path);
        continue;
      }
      const isDirectory = isDirectoryEntry(entry, path);
      if (isDirectory === undefined) continue;
      // Anything else with an input's name (a named pipe, a socket, a device) is listed, and refused when read.
      if (isDirectory) {
        if (descend && !SKIPPED_DIRECTORIES.has(name) && !dataDirectories.has(path)) walk(path, entry.isSymbolicLink() ? undefined : childPath(real, name));
      } else if (isModuleFileName(name)) {
        addModuleFile(path, listing());
      } else if (isPlanJsonName(name)) {
        jsonFiles.push(path);
        // A plan's JSON holds every variable's value and the state in clear: the repository scan reports it committed.
        otherFiles.push(path);
      } else {
        const tool = orchestratorOf(name);
        if (tool !== undefined) orchestration.push({ path, tool });
        otherFiles.push(path);
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
      fail(path, code === "ENOENT" ? "no such file or directory" : `cannot read: ${describeFileError(error)}`);
      continue;
    }
    if (isDirectory) {
      walk(path);
      continue;
    }
    // Read as an excluded file of a module that is checked is: what is found in it is not reported, which a check says.
    if (excluded(path)) leftOut.push(path);
    // Named, it is still Terragrunt's, a Stack's or Pulumi's, not a plan or a file the files adapter reads: the check says how to check it.
    const tool = orchestratorOf(basename(path));
    if (tool !== undefined) orchestration.push({ path, tool });
    else if (basename(path) === CDKTF_OUTPUT) addModuleFile(path);
    // A test's JSON is not read, as its HCL is not: not a plan or configuration that failed to read as one.
    else if (path.endsWith(".json") && !isTestFileName(basename(path))) jsonFiles.push(path);
    else if (isModuleFileName(path)) addModuleFile(path);
    else otherFiles.push(path);
  }
  for (const file of excludedModuleFiles) if (modules.has(dirname(file))) addModuleFile(file);
  for (const module of modules.values()) {
    module.files.sort();
    // OpenTofu's files stand in for Terraform's in a directory holding both, so it is checked as OpenTofu reads it.
    const shadowed = shadowedByTofu(module.files);
    if (shadowed.length > 0) {
      module.files = module.files.filter((file) => !shadowed.includes(file));
      module.shadowed = shadowed;
    }
  }
  return { modules: [...modules.values()].sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0)), jsonFiles: [...new Set(jsonFiles)], otherFiles: [...new Set(otherFiles)], leftOut, orchestration, diagnostics };
}
