/**
 * The repository as resources: one `repository` per directory given (what git would track, its package manifests,
 * its `.env` files and ignore rules) when it holds an application or a `.env` file, and one `config_file` per tracked
 * configuration file with its lines.
 *
 * "Tracked" means what `git add --all` would take: every file found that the repository's `.gitignore` files do not
 * ignore. Only committed ignore rules count: `.git/info/exclude` and a user's global excludes protect one clone, not
 * the next person's. A directory inside a working tree is judged with the `.gitignore` files above it too, up to the
 * top of the tree (the nearest directory with a `.git`); the top is the directory itself when it is not in one.
 */
import { execFileSync } from "child_process";
import { statSync } from "fs";
import { basename, dirname, join, posix, relative, resolve, sep } from "path";
import { getOrAdd } from "../../collections";
import { anchoredSuppressions, hashLineComments } from "../../engine/comment-suppressions";
import type { Suppression } from "../../engine/suppressions";
import type { Diagnostic } from "../../model/diagnostic";
import { CONFIG_FILE, REPOSITORY } from "../../model/kinds";
import { isRecord, isUnknown, UNKNOWN, type PropertyPath, type Resource, type SourceLocation, type Unknown } from "../../model/resource";
import { holdsApplication } from "../../rules/repository-facts";
import { enclosingWorkingTree } from "../repository-root";
import { displayPath, readSource } from "../source";
import { isBinaryPlan, isPlanJsonName, mayBeBinaryPlanName } from "../terraform/plan-files";
import { isStackFileName } from "../terraform/stack-files";
import { isTestFileName } from "../terraform/test-files";
import { composeFormat, envFilesNamed } from "./compose";
import { dockerfileFormat } from "./dockerfile";
import type { FileReading } from "./format";
import { formatByName, formatOf, YAML_FILE } from "./formats";
import { Gitignore } from "./gitignore";
import { readYamlDocuments } from "./yaml";
import { isKustomizationName } from "./kustomize";
import { planValues, type PlanValue } from "./plan-values";
import { leavesSecretsUnread, linesLeftToScan, stackLinesToScan } from "./secret-scan";

export interface RepositoryFile {
  /** Absolute. */
  path: string;
  /** Relative to the repository root, `/`-separated. */
  relative: string;
  /**
   * Rendered by the Terraform configuration with templatefile(): no format reads it, but its literal text is
   * committed, and what is rendered may be unknown, so it is scanned for secrets whatever its name.
   */
  template?: boolean;
  /** Named as its Dockerfile by a compose build: a Dockerfile whatever its name (`build.conf`), not a configuration file. */
  builtDockerfile?: boolean;
  /** Brought into a compose project by its `include`: a compose file whatever its name (`db/database.yaml`). */
  includedCompose?: boolean;
}

/** A dependency a `package.json` declares. */
export interface NpmDependency {
  /** `dependencies`, `devDependencies` or `optionalDependencies`. */
  section: string;
  name: string;
  spec: string;
  line: number;
}

/** One requirement of a pip requirements file: a logical line, continuations joined, comment removed. */
export interface Requirement {
  requirement: string;
  /** Where it starts. */
  line: number;
}

export type ManifestType = "npm" | "python" | "pipenv" | "go" | "bundler" | "cargo" | "composer" | "requirements";

export interface Manifest {
  /** Relative to the repository root. */
  path: string;
  type: ManifestType;
  /** Whether it declares anything to install; unknown when the file could not be read. */
  has_dependencies: boolean | Unknown;
  /** `package.json` only. */
  dependencies?: NpmDependency[] | Unknown;
  /**
   * `package.json` only, when it declares workspaces: the globs of `workspaces` (an array, or yarn's
   * `{ packages: [...] }`), in order; unknown when the file or the declaration cannot be read.
   */
  workspaces?: string[] | Unknown;
  /**
   * `Cargo.toml` (its `[workspace]`) and `pyproject.toml` (uv's `[tool.uv.workspace]`) only, when it declares a
   * workspace: its `members` globs and `exclude` entries; unknown when they cannot be read.
   */
  workspace_members?: { members: string[]; exclude: string[] } | Unknown;
  /** `Cargo.toml` only: the directories its path dependencies name, relative to the repository root. */
  path_dependencies?: string[];
  /** Requirements files only. */
  requirements?: Requirement[];
}

/** A `.env` or `.env.*` file found, tracked or not. */
export interface EnvFile {
  path: string;
  ignored: boolean;
  /** `.env.example`, `.env.sample`, `.env.template`, …: documents the variables, holds no values. */
  example: boolean;
}

export interface ComposeFile {
  path: string;
  /** It has an `env_file` setting. */
  env_file: boolean;
  /** It interpolates `${VAR}` or `$VAR` from the environment. */
  interpolation: boolean;
}

/** A tracked `pnpm-workspace.yaml`: pnpm takes its workspace members from it, not from `package.json`. */
export interface PnpmWorkspace {
  /** Relative to the repository root. */
  path: string;
  /** The globs of its `packages` list; unknown when the file cannot be read or lists none. */
  packages: string[] | Unknown;
}

/** The props of a `repository` resource. Paths are relative to the repository root, `/`-separated. */
export interface RepositoryProps {
  /** What git would track. */
  files: string[];
  /** Found, but ignored by git. */
  ignored_files: string[];
  /** Tracked package manifests and requirements files. */
  manifests: Manifest[];
  /** Whether git would ignore a `.env` file at the root. */
  env_ignored: boolean;
  env_files: EnvFile[];
  /** Tracked Dockerfiles. */
  dockerfiles: string[];
  /** Tracked compose files. */
  compose_files: ComposeFile[];
  pnpm_workspaces: PnpmWorkspace[];
}

/** The props of a `config_file` resource. */
export interface ConfigFileProps {
  /** Relative to the repository root. */
  path: string;
  /**
   * Unknown for a binary Terraform plan, which is not text. One per line of the file. In a YAML file, an alias of a scalar is written as that scalar; in a compose file or
   * Kubernetes manifest, those its own secret rules read are blank, and a Secret's base64 `data` entries are decoded
   * (see `linesLeftToScan`).
   */
  lines: string[] | Unknown;
  /** Written as `NAME=value` lines: `.env`, `.env.*`, `*.env`, or a file a compose file's `env_file` names. */
  env: boolean;
  /**
   * A committed plan's JSON only, when it reads as one: its root variables' values and the values Terraform marks
   * sensitive, each by its place (`var.db_password`); those Terraform marks are secret paths, kept out of reports.
   */
  plan_values?: PlanValue[];
}

/** Larger configuration files are not scanned: generated data, not configuration a person wrote. */
export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;

const MANIFEST_TYPES: Record<string, ManifestType> = {
  "package.json": "npm",
  "pyproject.toml": "python",
  Pipfile: "pipenv",
  "go.mod": "go",
  Gemfile: "bundler",
  "gems.rb": "bundler",
  "Cargo.toml": "cargo",
  "composer.json": "composer",
};

/** `requirements.txt`, `requirements-dev.txt`, and the `.txt` files of a `requirements/` folder. */
function isRequirementsFile(relativePath: string): boolean {
  const name = basename(relativePath);
  return /^requirements.*\.txt$/i.test(name) || (/\.txt$/i.test(name) && basename(dirname(relativePath)) === "requirements");
}

const CONFIG_EXTENSION = /\.(ya?ml|json|toml|ini|cfg|conf|properties|tfvars|tfstate|tfstate\.backup)$/i;
/** Lock files are generated, and list package names (`js-tokens: 4.0.0`) that read like credential settings. */
const LOCK_FILES = new Set(["package-lock.json", "npm-shrinkwrap.json", "pnpm-lock.yaml", "packages.lock.json"]);
/** Formats whose syntax has `#` line comments, and so `# prodready:ignore` suppressions. */
const JSON_LIKE = /\.(json|tfstate|tfstate\.backup)$/i;

export function isEnvFileName(name: string): boolean {
  return name === ".env" || name.startsWith(".env.");
}

/** A `.env` file, or one named as compose's `env_file` examples name theirs (`db.env`). */
function isDotenvName(name: string): boolean {
  return isEnvFileName(name) || name.endsWith(".env");
}

/**
 * Whether a file is read for its name alone (a format claims it, kustomize builds it, or it is a package manifest,
 * requirements file or `.env` file): one that cannot be read is an error. Here, not in formats.ts, because the
 * repository's names are read here and this module reads the formats.
 */
export function isReadByName(path: string): boolean {
  const name = basename(path);
  return formatByName(name) !== undefined || isKustomizationName(name) || Object.hasOwn(MANIFEST_TYPES, name) || isRequirementsFile(path) || isDotenvName(name);
}

const EXAMPLE_WORDS = new Set(["example", "sample", "template", "dist", "tpl"]);

/** `.env.example`, `.env.local.sample`, `.env.template`: a file that documents variables. */
function isEnvExampleName(name: string): boolean {
  return isEnvFileName(name) && name.split(".").slice(2).some((part) => EXAMPLE_WORDS.has(part.toLowerCase()));
}

/** CDKTF's synthesized output (`cdktf.out/manifest.json`): generated on every synth, not configuration anyone writes. */
export function isCdktfOutput(path: string): boolean {
  return path.split(/[\\/]/).includes("cdktf.out");
}

function isConfigFileName(name: string): boolean {
  // A test's JSON is no more configuration than its HCL, which no extension here matches.
  if (LOCK_FILES.has(name) || isTestFileName(name)) return false;
  // A Stack's deployment file is to it what a tfvars file is to a root module; its component file is scanned too.
  return CONFIG_EXTENSION.test(name) || isStackFileName(name) || isDotenvName(name) || name === ".npmrc" || name === ".pypirc";
}

/**
 * Whether git would ignore files found outside a repository listing (tfvars files): judged by the committed
 * `.gitignore` files of the working tree each is in, or of `root` and below when it is in none. One matcher per
 * working tree, which reads each `.gitignore` once however many files are asked about; each directory's working
 * tree is looked for once.
 */
export function gitIgnoredFiles(): (path: string, root: string) => boolean {
  const matchers = new Map<string, Gitignore>();
  const workingTrees = new Map<string, string | undefined>();
  return (path, root) => {
    const absolute = resolve(path);
    const top = enclosingWorkingTree(dirname(absolute), workingTrees) ?? resolve(root);
    let gitignore = matchers.get(top);
    if (gitignore === undefined) {
      gitignore = new Gitignore((directory) => {
        const ignoreFile = join(top, directory, ".gitignore");
        if (!isFile(ignoreFile)) return undefined;
        const read = readSource(ignoreFile, ignoreFile);
        return "text" in read ? read.text : undefined;
      });
      matchers.set(top, gitignore);
    }
    return gitignore.isIgnored(relative(top, absolute).split(sep).join("/"));
  };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Larger than `MAX_CONFIG_FILE_BYTES`; a file that cannot be stat'ed is left to the reader, which reports why. */
function isTooLarge(path: string): boolean {
  try {
    return statSync(path).size > MAX_CONFIG_FILE_BYTES;
  } catch {
    return false;
  }
}

function lineOf(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let index = text.indexOf("\n"); index !== -1 && index < offset; index = text.indexOf("\n", index + 1)) {
    line++;
    start = index + 1;
  }
  return { line, column: offset - start + 1 };
}

/** Where JSON.parse stopped, from its message (which is never repeated: it may quote the text). */
function jsonErrorPlace(text: string, error: unknown): { line: number; column: number } {
  const message = error instanceof Error ? error.message : "";
  const lineColumn = /line (\d+) column (\d+)/.exec(message);
  if (lineColumn) return { line: Number(lineColumn[1]), column: Number(lineColumn[2]) };
  const position = /position (\d+)/.exec(message);
  return position ? lineOf(text, Number(position[1])) : { line: 1, column: 1 };
}

/** A JSON manifest's top-level object, or undefined after reporting why it cannot be read. */
function readJsonObject(text: string, file: string, diagnostics: Diagnostic[]): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    diagnostics.push({ severity: "error", code: "input", message: "not valid JSON", file, ...jsonErrorPlace(text, error) });
    return undefined;
  }
  if (!isRecord(value)) {
    diagnostics.push({ severity: "error", code: "input", message: "the manifest is not a JSON object", file, line: 1, column: 1 });
    return undefined;
  }
  return value;
}

const NPM_SECTIONS = ["dependencies", "devDependencies", "optionalDependencies"];

/**
 * The line of each key of the named top-level objects of a JSON text that parses. A scan, not a parser: it keeps no
 * stack, so a document nested thousands deep costs no more than a flat one.
 */
function keyLines(text: string, sections: readonly string[]): Map<string, Map<string, number>> {
  const lines = new Map<string, Map<string, number>>();
  let depth = 0;
  let line = 1;
  let pending: string | undefined;
  let section: Map<string, number> | undefined;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === "\n") line++;
    else if (char === "{" || char === "[") {
      depth++;
      if (depth === 2 && char === "{" && pending !== undefined) {
        section = getOrAdd(lines, pending, () => new Map<string, number>());
      }
      pending = undefined;
    } else if (char === "}" || char === "]") {
      depth--;
      if (depth < 2) section = undefined;
    } else if (char === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      let next = end + 1;
      while (next < text.length && /\s/.test(text[next])) next++;
      if (text[next] === ":") {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if (depth === 1) pending = sections.includes(key) ? key : undefined;
        else if (depth === 2) section?.set(key, line);
      } else pending = undefined;
      i = end;
    } else if (!/[\s:,]/.test(char)) pending = undefined;
  }
  return lines;
}

/** `package.json`: what it asks to install (peer dependencies are the consumer's to install), with lines. */
function readPackageJson(text: string, file: string, diagnostics: Diagnostic[]): Pick<Manifest, "has_dependencies" | "dependencies" | "workspaces"> {
  const manifest = readJsonObject(text, file, diagnostics);
  if (manifest === undefined) return { has_dependencies: UNKNOWN, dependencies: UNKNOWN, workspaces: UNKNOWN };
  const lines = keyLines(text, NPM_SECTIONS);
  const dependencies: NpmDependency[] = [];
  for (const section of NPM_SECTIONS) {
    const entries = manifest[section];
    if (!isRecord(entries)) continue;
    for (const [name, spec] of Object.entries(entries)) {
      dependencies.push({ section, name, spec: typeof spec === "string" ? spec : "", line: lines.get(section)?.get(name) ?? 1 });
    }
  }
  const read: Pick<Manifest, "has_dependencies" | "dependencies" | "workspaces"> = { has_dependencies: dependencies.length > 0, dependencies };
  if (manifest.workspaces !== undefined) read.workspaces = globList(isRecord(manifest.workspaces) ? manifest.workspaces.packages : manifest.workspaces);
  return read;
}

function globList(value: unknown): string[] | Unknown {
  return Array.isArray(value) && value.every((glob) => typeof glob === "string") ? value : UNKNOWN;
}

/** The `packages` globs of a `pnpm-workspace.yaml`; its YAML problems are reported. */
function pnpmWorkspacePackages(file: RepositoryFile, text: string | undefined, diagnostics: Diagnostic[]): string[] | Unknown {
  if (text === undefined) return UNKNOWN;
  const reading = readYamlDocuments(displayPath(file.path), text);
  diagnostics.push(...reading.diagnostics);
  const [root] = reading.documents;
  if (reading.diagnostics.length > 0 || reading.documents.length !== 1 || root?.kind !== "map") return UNKNOWN;
  const packages = root.entries.get("packages")?.value;
  return packages?.kind === "seq" ? globList(packages.items.map((item) => (item.kind === "scalar" ? item.value : undefined))) : UNKNOWN;
}

function readComposerJson(text: string, file: string, diagnostics: Diagnostic[]): boolean | Unknown {
  const manifest = readJsonObject(text, file, diagnostics);
  if (manifest === undefined) return UNKNOWN;
  return ["require", "require-dev"].some((section) => isRecord(manifest[section]) && Object.keys(manifest[section] as object).length > 0);
}

/**
 * The key assignments of a TOML file, each as its full dotted path (table and key) and its raw value, multi-line
 * arrays and inline tables joined. Enough of TOML to tell what a manifest declares; it never fails.
 */
export function tomlEntries(text: string): { key: string; value: string }[] {
  const entries: { key: string; value: string }[] = [];
  const lines = text.split(/\r?\n/);
  let table: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const { code, depth, openString } = scanTomlLine(lines[i]);
    const line = code.trim();
    if (openString !== undefined) {
      // A multi-line string: its lines are content, not keys.
      while (i + 1 < lines.length && !lines[++i].includes(openString));
    }
    if (line === "") continue;
    const header = /^\[\[?(.*?)\]\]?$/.exec(line);
    if (header) {
      table = splitDottedKey(header[1]);
      continue;
    }
    const equals = indexOutsideQuotes(line, "=");
    if (equals === -1) continue;
    let value = line.slice(equals + 1).trim();
    for (let open = depth; open > 0 && i + 1 < lines.length; ) {
      const next = scanTomlLine(lines[++i]);
      value += `\n${next.code}`;
      open += next.depth;
    }
    entries.push({ key: [...table, ...splitDottedKey(line.slice(0, equals))].join("."), value });
  }
  return entries;
}

/** One TOML line without its comment, how many brackets it leaves open, and the multi-line string it opens. */
function scanTomlLine(line: string): { code: string; depth: number; openString?: string } {
  let depth = 0;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (line.startsWith('"""', i) || line.startsWith("'''", i)) {
      const delimiter = line.slice(i, i + 3);
      const close = line.indexOf(delimiter, i + 3);
      if (close === -1) return { code: line.slice(0, i), depth, openString: delimiter };
      i = close + 2;
    } else if (char === '"' || char === "'") i = closingQuote(line, i);
    else if (char === "#") return { code: line.slice(0, i), depth };
    else if (char === "[" || char === "{") depth++;
    else if (char === "]" || char === "}") depth--;
  }
  return { code: line, depth };
}

/** The index of the quote that closes the string opened at `open` (a basic string's `\` escapes), or the text's end. */
function closingQuote(text: string, open: number): number {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === "\\" && quote === '"') i++;
    else if (text[i] === quote) return i;
  }
  return text.length;
}

function indexOutsideQuotes(text: string, wanted: string): number {
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"' || char === "'") i = closingQuote(text, i);
    else if (char === wanted) return i;
  }
  return -1;
}

/** `tool . "poetry"` → `["tool", "poetry"]`. */
function splitDottedKey(key: string): string[] {
  const parts: string[] = [];
  let rest = key.trim();
  while (rest !== "") {
    const dot = indexOutsideQuotes(rest, ".");
    const part = (dot === -1 ? rest : rest.slice(0, dot)).trim();
    parts.push(/^(["']).*\1$/.test(part) ? part.slice(1, -1) : part);
    rest = dot === -1 ? "" : rest.slice(dot + 1);
  }
  return parts;
}

/** A TOML array with at least one element. */
function isNonEmptyArray(value: string): boolean {
  return value.startsWith("[") && value.replace(/[[\],\s]/g, "") !== "";
}

function pyprojectHasDependencies(text: string): boolean {
  return tomlEntries(text).some(
    ({ key, value }) =>
      (key === "project.dependencies" && isNonEmptyArray(value)) ||
      // Dependencies computed at build time (from a requirements file, say) are dependencies all the same.
      (key === "project.dynamic" && /["']dependencies["']/.test(value)) ||
      (key.startsWith("project.optional-dependencies.") && isNonEmptyArray(value)) ||
      (key === "project.optional-dependencies" && /\[\s*["']/.test(value)) ||
      (key.startsWith("dependency-groups.") && isNonEmptyArray(value)) ||
      (key.startsWith("tool.poetry.dependencies.") && key !== "tool.poetry.dependencies.python") ||
      /^tool\.poetry\.(dev-dependencies|group\.[^.]+\.dependencies)\./.test(key) ||
      (key.startsWith("tool.pdm.dev-dependencies.") && isNonEmptyArray(value)) ||
      (key === "tool.uv.dev-dependencies" && isNonEmptyArray(value)),
  );
}

/** Cargo.toml's dependency tables, target-specific ones too: `[dependencies]`, `[target.'cfg(unix)'.dev-dependencies]`. */
const CARGO_DEPENDENCY_TABLES = String.raw`(target\..+\.)?(dependencies|dev-dependencies|build-dependencies)`;
/** A dependency's key in a Cargo.toml (the workspace's shared ones too), and one that may name its path. */
const CARGO_DEPENDENCY = new RegExp(`^(${CARGO_DEPENDENCY_TABLES}|workspace\\.dependencies)\\.`);
const CARGO_PATH_DEPENDENCY = new RegExp(`^${CARGO_DEPENDENCY_TABLES}\\.[^.]+(\\.path)?$`);

/** A TOML array of strings; unknown when the value is anything else (or a string escape JSON does not share). */
function tomlStringArray(value: string): string[] | Unknown {
  const string = /"(?:[^"\\]|\\.)*"|'[^']*'/.source;
  if (!new RegExp(`^\\[\\s*((${string})\\s*,\\s*)*((${string})\\s*)?\\]$`).test(value.trim())) return UNKNOWN;
  try {
    return [...value.matchAll(new RegExp(string, "g"))].map(([quoted]) => (quoted.startsWith("'") ? quoted.slice(1, -1) : (JSON.parse(quoted) as string)));
  } catch {
    return UNKNOWN;
  }
}

/** The workspace a Cargo.toml's `[workspace]` or a pyproject.toml's `[tool.uv.workspace]` declares, and Cargo's path dependencies. */
function readTomlWorkspace(type: "cargo" | "python", text: string, file: string): Pick<Manifest, "workspace_members" | "path_dependencies"> {
  const table = type === "cargo" ? "workspace" : "tool.uv.workspace";
  const entries = tomlEntries(text);
  const read: Pick<Manifest, "workspace_members" | "path_dependencies"> = {};
  // A `[workspace]` header with no keys declares a workspace too: of the root package alone.
  if (entries.some(({ key }) => key === table || key.startsWith(`${table}.`)) || new RegExp(`^\\s*\\[\\s*${table.replace(/\./g, "\\s*\\.\\s*")}\\s*\\]`, "m").test(text)) {
    const list = (name: string) => {
      const entry = entries.find(({ key }) => key === `${table}.${name}`);
      return entry === undefined ? [] : tomlStringArray(entry.value);
    };
    const members = list("members");
    const exclude = list("exclude");
    read.workspace_members = isUnknown(members) || isUnknown(exclude) ? UNKNOWN : { members, exclude };
  }
  if (type === "cargo") {
    const directory = posix.dirname(file);
    read.path_dependencies = entries.flatMap(({ key, value }) => {
      if (!CARGO_PATH_DEPENDENCY.test(key)) return [];
      const path = key.endsWith(".path") ? /^["']([^"']*)["']$/.exec(value)?.[1] : /\bpath\s*=\s*["']([^"']*)["']/.exec(value)?.[1];
      return path === undefined ? [] : [posix.join(directory, path).replace(/\/+$/, "")];
    });
  }
  return read;
}

/** Pipfile tables that are not package categories. */
const PIPFILE_SETTINGS = new Set(["source", "requires", "pipenv", "scripts"]);

function hasDependencies(type: ManifestType, text: string): boolean {
  switch (type) {
    case "python":
      return pyprojectHasDependencies(text);
    case "pipenv":
      return tomlEntries(text).some(({ key }) => key.includes(".") && !PIPFILE_SETTINGS.has(key.slice(0, key.indexOf("."))));
    case "cargo":
      return tomlEntries(text).some(({ key }) => CARGO_DEPENDENCY.test(key));
    case "go":
      return /^\s*require\b/m.test(text);
    case "bundler":
      return /^\s*(gem|gemspec)\b/m.test(text);
    default:
      return false;
  }
}

/** pip's requirements file format: `\` continues a line, `#` after whitespace starts a comment, `-` an option. */
export function readRequirements(text: string): Requirement[] {
  const requirements: Requirement[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    let logical = lines[i];
    while (logical.endsWith("\\") && i + 1 < lines.length) logical = `${logical.slice(0, -1)} ${lines[++i]}`;
    let requirement = logical.replace(/(^|\s)#.*$/, "").trim();
    const editable = /^(-e|--editable)(\s+|=)/.exec(requirement);
    if (editable) requirement = requirement.slice(editable[0].length).trim();
    // Other options (`-r`, `--index-url`, …) are not requirements.
    else if (requirement.startsWith("-")) continue;
    if (requirement !== "") requirements.push({ requirement, line });
  }
  return requirements;
}

/** A compose file reads the environment when it names an `env_file` or interpolates a variable (`$$` is a literal `$`). */
function readComposeFile(path: string, text: string): ComposeFile {
  const code = text
    .split("\n")
    .map((line) => line.replace(/(^|\s)#.*$/, "").replace(/\$\$/g, ""))
    .join("\n");
  return { path, env_file: /^\s*-?\s*env_file\s*:/m.test(code), interpolation: /\$(\{|[A-Za-z_])/.test(code) };
}

/** A whole file, placed on its first line. */
function fileLocation(path: string): SourceLocation {
  return { file: displayPath(path), line: 1, column: 1 };
}

/**
 * `files` lists every file under `root` (tooling folders such as `.git` and `node_modules` left out); `readText`
 * reads one (undefined when it cannot be read as text: the caller has reported why).
 */
export function readRepository(root: string, rootName: string, files: readonly RepositoryFile[], readText: (path: string) => string | undefined): FileReading {
  const diagnostics: Diagnostic[] = [];
  const suppressions: Suppression[] = [];
  const resources: Resource[] = [];
  const workingTree = enclosingWorkingTree(root);
  const top = workingTree ?? root;
  const rootInTop = relative(top, root).split(sep).join("/");
  const fromTop = (path: string) => (rootInTop === "" ? path : `${rootInTop}/${path}`);
  const found = new Map(files.map((file) => [file.relative, file]));
  const composeTexts = new Map(files.filter((file) => formatByName(basename(file.relative)) === composeFormat).map((file) => [file.relative, readText(file.path)]));
  const composeEnvFiles = envFilesNamedIn(composeTexts);

  const gitignore = new Gitignore((directory) => {
    const withinRoot = rootInTop === "" ? directory : directory === rootInTop ? "" : directory.startsWith(`${rootInTop}/`) ? directory.slice(rootInTop.length + 1) : undefined;
    if (withinRoot === undefined) {
      // A directory between the top of the working tree and the root: not listed, so looked for.
      const path = join(top, directory, ".gitignore");
      return isFile(path) ? readText(path) : undefined;
    }
    const file = found.get(withinRoot === "" ? ".gitignore" : `${withinRoot}/.gitignore`);
    return file === undefined ? undefined : readText(file.path);
  });

  const props: RepositoryProps = {
    files: [],
    ignored_files: [],
    manifests: [],
    env_ignored: gitignore.isIgnored(fromTop(".env")),
    env_files: [],
    dockerfiles: [],
    compose_files: [],
    pnpm_workspaces: [],
  };
  const propertyLocations: Record<PropertyPath, SourceLocation> = {};
  // Where the fix goes: the root .gitignore, which the fix creates where there is none. Not the directory, which
  // GitHub's annotations and code scanning cannot show a finding on.
  propertyLocations.env_ignored = fileLocation(found.get(".gitignore")?.path ?? join(root, ".gitignore"));

  const plans = new Set(files.filter((file) => isPlanJsonName(basename(file.relative)) || (mayBeBinaryPlanName(basename(file.relative)) && isBinaryPlan(file.path))));
  // Outside a working tree, nothing is committed.
  const committedPlans = plans.size === 0 || workingTree === undefined ? new Set<string>() : committedPlanFiles(root, diagnostics);

  for (const file of files) {
    const name = basename(file.relative);
    const ignored = gitignore.isIgnored(fromTop(file.relative));
    // A file can be a manifest, a compose file and a configuration file at once: read it once.
    let text: string | undefined | null = composeTexts.has(file.relative) ? composeTexts.get(file.relative) : null;
    const textOf = () => (text === null ? (text = readText(file.path)) : text);
    if (isEnvFileName(name)) {
      propertyLocations[`env_files.${props.env_files.length}`] = fileLocation(file.path);
      props.env_files.push({ path: file.relative, ignored, example: isEnvExampleName(name) });
    }
    // Only a committed plan: CI writes one beside the code on every run, which no `.gitignore` need name. Ignored or
    // not: a `.gitignore` naming a plan after it was committed leaves it in the repository.
    if (plans.has(file) && committedPlans.has(file.relative)) {
      const plan = isPlanJsonName(name) ? planJsonFile(file, textOf, diagnostics, suppressions) : binaryPlanFile(file);
      if (plan !== undefined) resources.push(plan);
    }
    if (ignored) {
      props.ignored_files.push(file.relative);
      continue;
    }
    props.files.push(file.relative);

    const format = file.builtDockerfile ? dockerfileFormat : formatByName(name);
    if (format === dockerfileFormat) {
      propertyLocations[`dockerfiles.${props.dockerfiles.length}`] = fileLocation(file.path);
      props.dockerfiles.push(file.relative);
    } else if (format === composeFormat) {
      const composeText = textOf();
      if (composeText !== undefined) {
        propertyLocations[`compose_files.${props.compose_files.length}`] = fileLocation(file.path);
        props.compose_files.push(readComposeFile(file.relative, composeText));
      }
    }

    const manifestType = Object.hasOwn(MANIFEST_TYPES, name) ? MANIFEST_TYPES[name] : isRequirementsFile(file.relative) ? "requirements" : undefined;
    if (manifestType !== undefined) {
      props.manifests.push(readManifest(file, manifestType, textOf, diagnostics, suppressions, rootName, `manifests.${props.manifests.length}`, propertyLocations));
    }

    if (name === "pnpm-workspace.yaml") props.pnpm_workspaces.push({ path: file.relative, packages: pnpmWorkspacePackages(file, textOf(), diagnostics) });

    if (plans.has(file)) continue;
    const env = isDotenvName(name) || composeEnvFiles.has(file.relative);
    if ((file.template || env || isConfigFileName(name)) && !isCdktfOutput(file.path)) {
      const configFile = readConfigFile(file, env, textOf, diagnostics, suppressions);
      if (configFile !== undefined) resources.push(configFile);
    }
  }

  // A directory with no manifest, Dockerfile, compose file or .env file has nothing to say about its repository: a
  // directory of Terraform alone is not also reported as a repository nobody could judge.
  if (!holdsApplication(props) && props.env_files.length === 0) return { resources, diagnostics, suppressions };
  const repository: Resource = {
    kind: REPOSITORY,
    address: rootName,
    name: basename(resolve(root)) || rootName,
    engine: "files",
    props: props as unknown as Record<string, unknown>,
    options: {},
    // A directory has no line.
    location: { file: rootName },
    secretPaths: [],
    propertyLocations,
  };
  return { resources: [repository, ...resources], diagnostics, suppressions };
}

function readManifest(
  file: RepositoryFile,
  type: ManifestType,
  textOf: () => string | undefined,
  diagnostics: Diagnostic[],
  suppressions: Suppression[],
  repositoryAddress: string,
  path: PropertyPath,
  propertyLocations: Record<PropertyPath, SourceLocation>,
): Manifest {
  const text = textOf();
  propertyLocations[path] = fileLocation(file.path);
  // A manifest that cannot be read (the reader has said why) is still a manifest, of unknown dependencies.
  if (text === undefined) return type === "npm" ? { path: file.relative, type, has_dependencies: UNKNOWN, dependencies: UNKNOWN, workspaces: UNKNOWN } : { path: file.relative, type, has_dependencies: UNKNOWN };
  const displayName = displayPath(file.path);
  const manifest: Manifest = { path: file.relative, type, has_dependencies: false };
  if (type === "npm") {
    Object.assign(manifest, readPackageJson(text, displayName, diagnostics));
    if (Array.isArray(manifest.dependencies)) {
      manifest.dependencies.forEach(({ line }, index) => (propertyLocations[`${path}.dependencies.${index}`] = { file: displayName, line }));
    }
  } else if (type === "composer") {
    manifest.has_dependencies = readComposerJson(text, displayName, diagnostics);
  } else if (type === "requirements") {
    const requirements = readRequirements(text);
    manifest.requirements = requirements;
    manifest.has_dependencies = requirements.length > 0;
    requirements.forEach(({ line }, index) => (propertyLocations[`${path}.requirements.${index}`] = { file: displayName, line }));
    // A `# prodready:ignore` comment above a requirement covers it; the finding is the repository's.
    const anchors = () => requirements.map(({ line }, index) => ({ line, address: repositoryAddress, path: `${path}.requirements.${index}` }));
    suppressions.push(...anchoredSuppressions(displayName, text, hashLineComments(text), anchors, "a requirement", diagnostics));
  } else {
    manifest.has_dependencies = hasDependencies(type, text);
    if (type === "cargo" || type === "python") Object.assign(manifest, readTomlWorkspace(type, text, file.relative));
  }
  return manifest;
}

/**
 * The files compose files (by their paths relative to the root) name in `env_file`, relative to the root: compose
 * passes them to containers as variables, whatever their names.
 */
function envFilesNamedIn(composeTexts: ReadonlyMap<string, string | undefined>): Set<string> {
  const named = new Set<string>();
  for (const [composeFile, text] of composeTexts) {
    for (const path of text === undefined ? [] : envFilesNamed(text)) {
      if (!posix.isAbsolute(path)) named.add(posix.join(posix.dirname(composeFile), path));
    }
  }
  return named;
}

/**
 * One pathspec for every file whose name holds "plan", in any case: all names `isPlanJsonName` and
 * `mayBeBinaryPlanName` take. Naming each plan ran past the command line's limit (25,000 paths on Linux, about 300
 * on Windows), and then no plan was reported.
 */
const PLAN_LIKE_NAMES = ":(glob,icase)**/*plan*";
/** An unpacked archive's `.git` can hold anything: a listing that does not end is cut short. */
const GIT_TIMEOUT_MS = 30_000;
const GIT_OUTPUT_BYTES = 64 * 1024 * 1024;

/**
 * The files under `root`, which is in a working tree, named like plans that git's index holds (committed, or staged
 * to be), by their paths from `root`. None, with a notice saying so, when git cannot tell: otherwise a committed plan
 * would go unreported without a word.
 */
function committedPlanFiles(root: string, diagnostics: Diagnostic[]): Set<string> {
  const args = [
    "--no-pager",
    // git reads the checked repository's own config, which may be an unpacked archive's: `core.fsmonitor` is the
    // command it would run for `ls-files` (no hook, filter or pager runs for it, stdout being a pipe).
    "-c",
    "core.fsmonitor=false",
    // The repository is often another user's (GitHub Actions' container jobs check out as another user), which git
    // refuses for fear of such config commands; with none run, listing its index is safe.
    "-c",
    "safe.directory=*",
    "ls-files",
    "-z",
    "--",
    PLAN_LIKE_NAMES,
  ];
  try {
    const listed = execFileSync("git", args, { cwd: root, env: withoutGitOverrides(process.env), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: GIT_TIMEOUT_MS, maxBuffer: GIT_OUTPUT_BYTES });
    return new Set(listed.split("\0").filter((path) => path !== ""));
  } catch (error) {
    diagnostics.push({ severity: "notice", code: "input", message: `committed Terraform plans were not looked for: ${gitFailure(error)}`, file: displayPath(root) });
    return new Set();
  }
}

/**
 * The environment without what would point git at another repository or index than the checked one's (`GIT_DIR`,
 * `GIT_INDEX_FILE`, `GIT_WORK_TREE`, … as a hook or a wrapper script sets them).
 */
function withoutGitOverrides(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^GIT_(?:DIR|WORK_TREE|INDEX_FILE|COMMON_DIR|OBJECT_DIRECTORY|NAMESPACE|CEILING_DIRECTORIES|DISCOVERY_ACROSS_FILESYSTEM)$/.test(name)));
}

/** Why git gave no answer, for a message: its first line of error (which names paths at most), or why it did not run. */
function gitFailure(error: unknown): string {
  const { code, stderr } = error as NodeJS.ErrnoException & { stderr?: string };
  if (code === "ENOENT") return "git is not installed, or not on PATH";
  if (code === "ETIMEDOUT") return `git gave no answer within ${GIT_TIMEOUT_MS / 1000} s`;
  if (code === "ENOBUFS") return `git listed more than ${GIT_OUTPUT_BYTES / 1048576} MB of file names`;
  const reason = String(stderr ?? "")
    .split("\n")
    .find((line) => line.trim() !== "")
    ?.replace(/^(fatal|error): /, "")
    .trim();
  return `git failed${reason === undefined ? "" : `: ${reason}`}`;
}

/** A committed binary plan: no line of it can be read, and Terraform writes every variable's value and the state into it in clear. */
function binaryPlanFile(file: RepositoryFile): Resource {
  return configFileResource(file, { path: file.relative, lines: UNKNOWN, env: false }, { lines: fileLocation(file.path) });
}

/**
 * A committed plan's JSON: its lines, as any configuration file's, and the values in it that may be credentials.
 * Whatever its size: Terraform writes plans of many megabytes, and a committed one is a leak however large.
 */
function planJsonFile(file: RepositoryFile, textOf: () => string | undefined, diagnostics: Diagnostic[], suppressions: Suppression[]): Resource | undefined {
  const resource = readConfigFile(file, false, textOf, diagnostics, suppressions, false);
  const text = textOf();
  const values = resource === undefined || text === undefined ? undefined : planValues(text);
  if (resource === undefined || values === undefined) return resource;
  resource.props.plan_values = values;
  const locations = (resource.propertyLocations ??= {});
  values.forEach(({ sensitive }, index) => {
    locations[`plan_values.${index}`] = fileLocation(file.path);
    if (sensitive) resource.secretPaths.push(`plan_values.${index}.value`);
  });
  return resource;
}

function configFileResource(file: RepositoryFile, props: ConfigFileProps, propertyLocations: Record<PropertyPath, SourceLocation>): Resource {
  const displayName = displayPath(file.path);
  return {
    kind: CONFIG_FILE,
    address: displayName,
    name: basename(file.relative),
    engine: "files",
    props: props as unknown as Record<string, unknown>,
    options: {},
    location: { file: displayName, line: 1, column: 1 },
    secretPaths: [],
    propertyLocations,
  };
}

/** `sizeLimited`: whether a file larger than `MAX_CONFIG_FILE_BYTES` is left unscanned. */
function readConfigFile(
  file: RepositoryFile,
  env: boolean,
  textOf: () => string | undefined,
  diagnostics: Diagnostic[],
  suppressions: Suppression[],
  sizeLimited = true,
): Resource | undefined {
  const name = basename(file.relative);
  // Another format's reading (by name, or a YAML file by content: `loadFiles` has read its text already, to tell) has
  // its own secret rules, which read what their resources hold: a secret there is theirs, so it is reported once.
  const format = file.template ? undefined : file.builtDockerfile ? dockerfileFormat : file.includedCompose ? composeFormat : formatOf(name, textOf);
  if (format !== undefined && !leavesSecretsUnread(format)) return undefined;
  const displayName = displayPath(file.path);
  if (sizeLimited && isTooLarge(file.path)) {
    if (format === undefined) diagnostics.push({ severity: "notice", code: "input", message: `larger than ${MAX_CONFIG_FILE_BYTES / 1048576} MB: not scanned as a configuration file`, file: displayName });
    return undefined;
  }
  const text = textOf();
  if (text === undefined) return undefined;
  const lines = isStackFileName(name) && name.endsWith(".hcl") ? stackLinesToScan(text, displayName) : format === undefined && !YAML_FILE.test(name) ? text.split(/\r?\n/) : linesLeftToScan(format, text);
  if (lines === undefined) {
    diagnostics.push({ severity: "notice", code: "input", message: "not valid HCL, whose values cannot be told from references: not scanned as a configuration file", file: displayName });
    return undefined;
  }
  const propertyLocations: Record<PropertyPath, SourceLocation> = {};
  lines.forEach((_, index) => (propertyLocations[`lines.${index}`] = { file: displayName, line: index + 1, column: 1 }));
  if (!JSON_LIKE.test(name)) {
    const anchors = () =>
      lines.flatMap((line, index) => (line.trim() === "" || line.trim().startsWith("#") ? [] : [{ line: index + 1, address: displayName, path: `lines.${index}` }]));
    // In a file another format reads, its reader reports a comment that is wrong or stands before nothing, once.
    const commentDiagnostics = format === undefined ? diagnostics : [];
    suppressions.push(...anchoredSuppressions(displayName, text, hashLineComments(text), anchors, "a line of settings", commentDiagnostics));
  }
  return configFileResource(file, { path: file.relative, lines, env }, propertyLocations);
}
