/**
 * The stack's configuration, handed to the program the way the engine hands it: `PULUMI_CONFIG`, a JSON object of
 * `"<namespace>:<key>"` → string, and `PULUMI_CONFIG_SECRET_KEYS`, a JSON array of the keys that are secret
 * (`@pulumi/pulumi/runtime/config.js` reads both when the runtime's store is created).
 *
 * Values come from the project's own `config:` in `Pulumi.yaml` (Pulumi 3.44+), then `Pulumi.<stack>.yaml`, then the
 * caller's own `PULUMI_CONFIG`, each winning key by key over the one before. A `secure:`
 * value cannot be decrypted offline (no passphrase, no service): the program gets a fixed placeholder, the key is
 * secret, and one notice names the keys, never their ciphertext.
 */
import { existsSync } from "fs";
import { join, relative } from "path";
import { readYamlDocuments, type YamlEntry, type YamlMap, type YamlValue } from "../../files/yaml";
import { readSource } from "../../source";
import type { Diagnostic } from "../../../model/diagnostic";
import { SECRET_PLACEHOLDER } from "../properties";

export { SECRET_PLACEHOLDER };

export const CONFIG_ENV = "PULUMI_CONFIG";
export const SECRET_KEYS_ENV = "PULUMI_CONFIG_SECRET_KEYS";

export interface StackConfig {
  /** `"<namespace>:<key>"` → the value as the program reads it. */
  values: Record<string, string>;
  /** Keys whose values are secret; each is also in `values`. */
  secretKeys: string[];
  /** A malformed stack file (errors: the run goes on without its config), secure values not decrypted (a notice). */
  diagnostics: Diagnostic[];
}

export interface StackConfigSource {
  /** The project's name: a bare key belongs to it. */
  project: string;
  /** The directory holding `Pulumi.yaml`. */
  dir: string;
  /** `stackConfigDir` from `Pulumi.yaml`, relative to `dir`. */
  stackConfigDir?: string;
  /** The project file's extension (`.yaml` or `.yml`): the stack file takes the same one. */
  extension?: string;
  stack: string;
  /** The caller's environment: its `PULUMI_CONFIG` and `PULUMI_CONFIG_SECRET_KEYS` override the file. */
  env?: NodeJS.ProcessEnv;
  /** Diagnostics name files relative to this directory. */
  cwd?: string;
}

/** `Pulumi.<stack>.yaml` for a stack named plainly or as `org/project/stack`. */
export function stackFileOf(source: Pick<StackConfigSource, "dir" | "stackConfigDir" | "extension" | "stack">): string {
  const name = source.stack.split("/").pop() ?? source.stack;
  return join(source.dir, source.stackConfigDir ?? "", `Pulumi.${name}${source.extension ?? ".yaml"}`);
}

/** The engine's config key: `ns:key` as written, a bare key in the project's namespace, `ns:config:key` shortened. */
export function configKey(written: string, project: string): string | undefined {
  const key = cleanKey(written);
  const parts = key.split(":");
  if (parts.length === 1) return key === "" ? undefined : `${project}:${key}`;
  if (parts.length !== 2 || parts[0] === "" || parts[1] === "") return undefined;
  return key;
}

interface Converted {
  text: string;
  /** Whether a `secure:` value was found (at the top or inside a structured value). */
  secure: boolean;
}

function isSecure(value: YamlValue): boolean {
  if (value.kind !== "map" || value.entries.size !== 1) return false;
  const secure = value.entries.get("secure");
  return secure !== undefined && secure.value.kind === "scalar" && typeof secure.value.value === "string";
}

/** Plain data for a structured value, with secure parts replaced by the placeholder. */
function plain(value: YamlValue, found: { secure: boolean }): unknown {
  if (isSecure(value)) {
    found.secure = true;
    return SECRET_PLACEHOLDER;
  }
  if (value.kind === "scalar") return value.value;
  if (value.kind === "seq") return value.items.map((item) => plain(item, found));
  return Object.fromEntries([...value.entries].map(([key, entry]) => [key, plain(entry.value, found)]));
}

/** Strings as they are, numbers and booleans as their text, objects and lists as JSON text (as the engine passes them). */
function convert(value: YamlValue): Converted {
  const found = { secure: false };
  const data = plain(value, found);
  if (typeof data === "string") return { text: data, secure: found.secure };
  if (data === null) return { text: "", secure: false };
  if (typeof data === "object") return { text: JSON.stringify(data), secure: found.secure };
  return { text: String(data), secure: false };
}

/** `ns:config:key`, the language host's older form, as the SDK reads it (`cleanKey` in its runtime/config.js). */
function cleanKey(key: string): string {
  const colon = key.indexOf(":");
  return colon > 0 && key.startsWith("config:", colon + 1) ? key.slice(0, colon) + key.slice(colon + "config".length + 1) : key;
}

/** The caller's own `PULUMI_CONFIG` and secret keys, keys cleaned as the SDK cleans them. */
function fromEnvironment(env: NodeJS.ProcessEnv): { values: Record<string, string>; secretKeys: string[]; problem?: string } {
  const values: Record<string, string> = {};
  const secretKeys: string[] = [];
  try {
    const parsed = env[CONFIG_ENV] ? (JSON.parse(env[CONFIG_ENV]!) as unknown) : {};
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) {
      for (const [key, value] of Object.entries(parsed)) values[cleanKey(key)] = typeof value === "string" ? value : JSON.stringify(value);
    }
    const keys = env[SECRET_KEYS_ENV] ? (JSON.parse(env[SECRET_KEYS_ENV]!) as unknown) : [];
    if (Array.isArray(keys)) for (const key of keys) if (typeof key === "string") secretKeys.push(cleanKey(key));
  } catch {
    return { values, secretKeys, problem: `${CONFIG_ENV} or ${SECRET_KEYS_ENV} in the environment is not valid JSON, and is not used` };
  }
  return { values, secretKeys };
}

/**
 * The mapping a settings file holds, or undefined with the reason among the diagnostics; a missing file is no
 * mapping and no diagnostic. `without` says what the program goes without when the file cannot be used.
 */
function readSettingsMapping(file: string, shown: string, kind: string, without: string, diagnostics: Diagnostic[]): YamlMap | undefined {
  if (!existsSync(file)) return undefined;
  // The reader every input goes through: it refuses a pipe, a device, binary or non-UTF-8 content with a place.
  const read = readSource(file, shown);
  if ("error" in read) {
    diagnostics.push({ ...read.error, message: `${read.error.message}; ${without}` });
    return undefined;
  }
  const yaml = readYamlDocuments(shown, read.text);
  const root = yaml.documents[0];
  const error = (message: string, place: { line: number; column: number } = { line: 1, column: 1 }) => diagnostics.push({ severity: "error", code: "input", message: `${message}; ${without}`, file: shown, ...place });
  if (yaml.diagnostics.length > 0) {
    // Half a file would give the program half its configuration: none of it is used.
    diagnostics.push(...yaml.diagnostics.map((diagnostic) => ({ ...diagnostic, message: `${diagnostic.message}; ${without}` })));
  } else if (yaml.documents.length > 1) {
    error(`${kind} holds one YAML document`);
  } else if (root !== undefined && root.kind !== "map") {
    error(`${kind} is a mapping (config:, …)`, root.at);
  } else {
    return root;
  }
  return undefined;
}

/** Each `config:` entry of a settings file with its engine key, or an error at a key that is not one. */
function configEntries(root: YamlMap | undefined, project: string, without: string, diagnostics: Diagnostic[]): { key: string; entry: YamlEntry }[] {
  const config = root?.entries.get("config");
  if (config === undefined || (config.value.kind === "scalar" && config.value.value === null)) return [];
  if (config.value.kind !== "map") {
    diagnostics.push({ severity: "error", code: "input", message: `\`config:\` is a mapping of keys to values; ${without}`, ...config.key });
    return [];
  }
  const found: { key: string; entry: YamlEntry }[] = [];
  for (const [written, entry] of config.value.entries) {
    const key = configKey(written, project);
    if (key === undefined) diagnostics.push({ severity: "error", code: "input", message: "a configuration key is `<namespace>:<name>` or a bare `<name>`; this one is not used", ...entry.key });
    else found.push({ key, entry });
  }
  return found;
}

/**
 * The value the project file gives a key for every stack: written plainly (`aws:region: eu-west-1`), or as a
 * declaration whose `value:` (other namespaces) or `default:` (the project's keys) it is; a mapping is always a
 * declaration, so an object value sits under `value:` or `default:`.
 */
function projectValue(written: YamlValue): YamlValue | undefined {
  if (written.kind !== "map") return written;
  return (written.entries.get("value") ?? written.entries.get("default"))?.value;
}

/** Reads the stack's configuration; never throws. A missing stack file is no configuration. */
export function readStackConfig(source: StackConfigSource): StackConfig {
  const cwd = source.cwd ?? process.cwd();
  const diagnostics: Diagnostic[] = [];
  const values: Record<string, string> = {};
  const secretKeys = new Set<string>();
  const undecrypted: { key: string; at: { line: number; column: number } }[] = [];

  const projectFile = join(source.dir, `Pulumi${source.extension ?? ".yaml"}`);
  const projectShown = relative(cwd, projectFile);
  const withoutProjectConfig = "the program runs without the project's configuration";
  const projectRoot = readSettingsMapping(projectFile, projectShown, "a project file", withoutProjectConfig, diagnostics);
  // `config: <dir>` is the older spelling of `stackConfigDir`, not configuration.
  const projectConfig = projectRoot?.entries.get("config")?.value.kind === "scalar" ? undefined : projectRoot;
  for (const { key, entry } of configEntries(projectConfig, source.project, withoutProjectConfig, diagnostics)) {
    const value = projectValue(entry.value);
    if (value !== undefined) values[key] = convert(value).text;
  }

  const file = stackFileOf(source);
  const shown = relative(cwd, file);
  const withoutStackConfig = "the program runs without the stack's configuration";
  const root = readSettingsMapping(file, shown, "a stack settings file", withoutStackConfig, diagnostics);
  for (const { key, entry } of configEntries(root, source.project, withoutStackConfig, diagnostics)) {
    const { text: value, secure } = convert(entry.value);
    values[key] = value;
    if (secure) {
      secretKeys.add(key);
      undecrypted.push({ key, at: entry.key });
    }
  }
  const environment = root?.entries.get("environment");
  if (environment !== undefined) {
    diagnostics.push({ severity: "notice", code: "config", message: "values from Pulumi ESC environments (`environment:`) are not read offline", ...environment.key });
  }

  const env = fromEnvironment(source.env ?? process.env);
  if (env.problem) diagnostics.push({ severity: "error", code: "input", message: env.problem });
  Object.assign(values, env.values);
  for (const key of env.secretKeys) secretKeys.add(key);
  // A value the caller gave in PULUMI_CONFIG is the real one: only the others are placeholders.
  const stillHidden = undecrypted.filter(({ key }) => !(key in env.values));
  if (stillHidden.length > 0) {
    diagnostics.push({
      severity: "notice",
      code: "config",
      message: `secure values are not decrypted offline (${stillHidden.map(({ key }) => key).join(", ")}): the program reads "${SECRET_PLACEHOLDER}" for each, as a secret; set them in ${CONFIG_ENV} to run with real values`,
      file: shown,
      line: stillHidden[0].at.line,
      column: stillHidden[0].at.column,
    });
  }
  return { values, secretKeys: [...secretKeys], diagnostics };
}

/** The environment the program runs with: the caller's, with the stack's configuration in the engine's variables. */
export function configEnvironment(config: StackConfig, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  // Always set: the values already include the caller's own, and an unreadable one is replaced rather than thrown on.
  return { ...env, [CONFIG_ENV]: JSON.stringify(config.values), [SECRET_KEYS_ENV]: JSON.stringify(config.secretKeys) };
}
