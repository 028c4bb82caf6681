/** What `terraform init` and `terraform workspace select` left in a root module's data directory, `.terraform` unless `TF_DATA_DIR` names another. */
import { existsSync, readFileSync } from "fs";
import { join, resolve } from "path";
import type { Diagnostic } from "../../model/diagnostic";
import { REDACTED } from "../../engine/redact";
import { displayPath, readSource } from "../source";
import type { Position } from "./hcl/syntax";
import { HclSyntaxError } from "./hcl/syntax-error";
import { memberValue, parseJsonWithPositions, stringMember, type JsonNode } from "./json/parse";

/** A module `terraform init` installed: where from, which version (registry modules only), and where to. */
export interface InstalledModule {
  source: string;
  version?: string;
  dir: string;
}

const MANIFEST_SHAPE = 'expected {"Modules": [{"Key": "...", "Source": "...", "Dir": "..."}, ...]}';

/**
 * The directory `terraform init` and `terraform workspace select` write to for a root: `TF_DATA_DIR` where the check's
 * environment sets it, relative to the root, where Terraform runs (as `terraform -chdir=<root>` resolves it), else
 * `.terraform` there. Undefined where TF_DATA_DIR is unset and the root, whose names `entries` lists, has no
 * `.terraform`: never initialised, as most roots are, so nothing is read.
 */
export function dataDirectory(rootDir: string, entries: readonly string[], environment: Readonly<Record<string, string | undefined>> = {}): string | undefined {
  const named = environment.TF_DATA_DIR;
  // Terraform takes an empty TF_DATA_DIR as unset.
  if (named !== undefined && named !== "") return resolve(rootDir, named);
  return entries.includes(".terraform") ? join(rootDir, ".terraform") : undefined;
}

/**
 * Modules that `terraform init` installed, by module key (`vpc`, `app.vpc`): `modules/modules.json` in the root's
 * data directory (`dataDir`) records each one's source and the directory it was unpacked into, relative to the root,
 * so remote modules can be checked like local ones. A manifest that cannot be read is reported, and then no module
 * counts as installed, as Terraform reads none from it either.
 */
export function installedModules(rootDir: string, dataDir: string, report: (diagnostic: Diagnostic) => void): Map<string, InstalledModule> {
  const found = new Map<string, InstalledModule>();
  const path = join(dataDir, "modules", "modules.json");
  // Initialised without any module call: there is no manifest.
  if (!existsSync(path)) return found;
  const fileName = displayPath(path);
  const source = readSource(path, fileName);
  if ("error" in source) {
    report({ ...source.error, message: `${source.error.message}; remote modules are not scanned` });
    return found;
  }
  const malformed = (position: Position, reason: string): Map<string, InstalledModule> => {
    report({ severity: "error", code: "input", message: `${reason}; remote modules are not scanned (run \`terraform init\` again)`, file: fileName, line: position.line, column: position.column });
    return new Map();
  };
  let manifest: JsonNode;
  try {
    manifest = parseJsonWithPositions(source.text, fileName);
  } catch (error) {
    if (!(error instanceof HclSyntaxError)) throw error;
    return malformed(error.position, error.reason);
  }
  const modules = manifest.kind === "object" ? memberValue(manifest, "Modules") : undefined;
  if (modules?.kind !== "array") return malformed((modules ?? manifest).start, MANIFEST_SHAPE);
  for (const entry of modules.elements) {
    const field = (name: string): string | undefined => (entry.kind === "object" ? stringMember(entry, name) : undefined);
    const [key, recordedSource, dir, version] = [field("Key"), field("Source"), field("Dir"), field("Version")];
    if (key === undefined || recordedSource === undefined || dir === undefined) return malformed(entry.start, MANIFEST_SHAPE);
    if (key !== "") found.set(key, { source: recordedSource, ...(version !== undefined && { version }), dir: resolve(rootDir, dir) });
  }
  return found;
}

/**
 * Where the module call at `key` is installed, or why it is not checked: never installed, its directory gone, or
 * its source or version changed since, as Terraform then refuses the configuration until it is initialised again.
 */
export function installedModuleDir(
  installed: ReadonlyMap<string, InstalledModule>,
  key: string,
  source: string,
  versionConstraint: string | undefined,
): { dir: string } | { notScanned: string } {
  const module = installed.get(key);
  if (module === undefined) return { notScanned: "which is not downloaded" };
  if (recordedSource(source) !== module.source) return { notScanned: `but \`terraform init\` downloaded it from ${JSON.stringify(printableSource(module.source))}` };
  if (versionConstraint !== undefined && (module.version === undefined || !versionAllowed(versionConstraint, module.version))) {
    return { notScanned: `but \`terraform init\` downloaded ${module.version === undefined ? "no version" : `version ${module.version}`}, which ${JSON.stringify(versionConstraint)} does not allow` };
  }
  if (!existsSync(module.dir)) return { notScanned: `but the directory \`terraform init\` downloaded it to, ${displayPath(module.dir)}, is missing` };
  return { dir: module.dir };
}

/** `scheme://` with go-getter's forced getter (`git::`), the authority up to its last `@`, that `@`. */
const URL_USERINFO = /^((?:[A-Za-z0-9]+::)?([A-Za-z][A-Za-z0-9+.-]*):\/\/)([^/?#]*)@/;
/** Query arguments go-getter reads that hold no credential (a git ref, an archive type); any other may (`aws_access_key_secret`, `sshkey`, a signed URL's). */
const READABLE_QUERY_ARGUMENTS = new Set(["ref", "depth", "archive", "checksum", "region", "version", "aws_profile"]);

/**
 * A module source as messages print it: a password or token in its user information (`https://oauth2:glpat-...@`, a
 * lone token as the user of an HTTP URL; an SSH user is an account name) and query arguments that may be
 * credentials replaced, since a source needs no sensitive value to hold one and every report format prints it.
 */
export function printableSource(source: string): string {
  const withoutUserinfo = source.replace(URL_USERINFO, (_, prefix: string, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(":");
    if (colon !== -1) return `${prefix}${userinfo.slice(0, colon)}:${REDACTED}@`;
    return `${prefix}${scheme.toLowerCase() === "ssh" ? userinfo : REDACTED}@`;
  });
  const queryStart = withoutUserinfo.indexOf("?");
  if (queryStart === -1) return withoutUserinfo;
  const query = withoutUserinfo
    .slice(queryStart + 1)
    .split("&")
    .map((argument) => {
      const equals = argument.indexOf("=");
      return equals === -1 || READABLE_QUERY_ARGUMENTS.has(argument.slice(0, equals)) ? argument : `${argument.slice(0, equals)}=${REDACTED}`;
    });
  return `${withoutUserinfo.slice(0, queryStart)}?${query.join("&")}`;
}

const REGISTRY_NAME = /^[0-9A-Za-z](?:[0-9A-Za-z_-]{0,62}[0-9A-Za-z])?$/;
const REGISTRY_TARGET_SYSTEM = /^[0-9a-z]{1,64}$/;
/** Hosts whose addresses are repositories to clone, never registries. */
const VERSION_CONTROL_HOSTS = new Set(["github.com", "bitbucket.org"]);

/**
 * A remote source as Terraform records it in the manifest: a registry address with its host, GitHub and `git@host:`
 * shorthand as the git URL they stand for, the subdirectory (`//sub`) before the query (`?ref=v1`). Other sources
 * are recorded as written.
 */
function recordedSource(source: string): string {
  const queryStart = source.indexOf("?");
  const query = queryStart === -1 ? "" : source.slice(queryStart);
  const withoutQuery = queryStart === -1 ? source : source.slice(0, queryStart);
  // A scheme's `://` is no subdirectory separator.
  const scheme = withoutQuery.indexOf("://");
  const subdirStart = withoutQuery.indexOf("//", scheme === -1 ? 0 : scheme + 3);
  const address = subdirStart === -1 ? withoutQuery : withoutQuery.slice(0, subdirStart);
  const subdir = subdirStart === -1 ? "" : withoutQuery.slice(subdirStart + 2);
  const withSubdir = (packageAddress: string, ...subdirs: string[]): string => {
    const path = subdirs.filter((part) => part !== "").join("/");
    return `${packageAddress}${path === "" ? "" : `//${path}`}${query}`;
  };
  const registry = query === "" ? registryAddress(address) : undefined;
  if (registry !== undefined) return withSubdir(registry, subdir);
  const parts = address.split("/");
  if (parts[0] === "github.com" && parts.length >= 3) {
    const repository = parts.slice(0, 3).join("/");
    return withSubdir(`git::https://${repository}${repository.endsWith(".git") ? "" : ".git"}`, parts.slice(3).join("/"), subdir);
  }
  const ssh = /^([^@/:]+@[^/:]+):(.+)$/.exec(address);
  if (ssh) return withSubdir(`git::ssh://${ssh[1]}/${ssh[2]}`, subdir);
  return source;
}

/** `namespace/name/system` or `host/namespace/name/system` with the registry host written out, else undefined. */
function registryAddress(address: string): string | undefined {
  const parts = address.split("/");
  if (parts.length !== 3 && parts.length !== 4) return undefined;
  const host = parts.length === 4 ? parts.shift()!.toLowerCase() : "registry.terraform.io";
  if (!host.includes(".") || VERSION_CONTROL_HOSTS.has(host)) return undefined;
  const [namespace, name, system] = parts;
  if (!REGISTRY_NAME.test(namespace) || !REGISTRY_NAME.test(name) || !REGISTRY_TARGET_SYSTEM.test(system)) return undefined;
  return `${host}/${namespace}/${name}/${system}`;
}

/** `1.2.3` as numbers; undefined for a pre-release or anything else, which only a constraint naming it exactly allows. */
function releaseNumbers(version: string): number[] | undefined {
  const match = /^v?(\d+(?:\.\d+)*)(?:\+[0-9A-Za-z.-]+)?$/.exec(version.trim());
  return match ? match[1].split(".").map(Number) : undefined;
}

function compareReleases(a: number[], b: number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return 0;
}

/**
 * Whether a module `version` constraint (`5.1.0`, `~> 5.1`, `>= 5.0, < 6.0`) allows `version`, as Terraform reads
 * it: `~>` lets only the last number written grow.
 */
function versionAllowed(constraints: string, version: string): boolean {
  const installed = releaseNumbers(version);
  return constraints.split(",").every((constraint) => {
    const [, operator, wanted] = /^\s*(~>|>=|<=|!=|=|>|<)?\s*(.*?)\s*$/.exec(constraint)!;
    const bound = releaseNumbers(wanted);
    if (installed === undefined || bound === undefined) return (operator ?? "=") === "=" && wanted === version.trim();
    const order = compareReleases(installed, bound);
    switch (operator ?? "=") {
      case "=":
        return order === 0;
      case "!=":
        return order !== 0;
      case ">":
        return order > 0;
      case ">=":
        return order >= 0;
      case "<":
        return order < 0;
      case "<=":
        return order <= 0;
      default:
        return order >= 0 && bound.slice(0, -1).every((number, index) => installed[index] === number);
    }
  });
}

/**
 * The workspace selected for the root: `TF_WORKSPACE` when set, as Terraform reads it first, else the workspace
 * `terraform workspace select` wrote to `environment` in the root's data directory (`dataDir`, see
 * `dataDirectory`). Undefined where neither says: Terraform then runs in `default`, but a plan found there may have
 * been made in any workspace.
 */
export function selectedWorkspace(dataDir: string | undefined, environment: Readonly<Record<string, string | undefined>> = {}): string | undefined {
  const fromEnvironment = environment.TF_WORKSPACE;
  if (fromEnvironment !== undefined && fromEnvironment !== "") return fromEnvironment;
  if (dataDir === undefined) return undefined;
  try {
    // An empty file is Terraform's `default`.
    return readFileSync(join(dataDir, "environment"), "utf8").trim() || "default";
  } catch {
    // Never selected, or unreadable.
    return undefined;
  }
}
