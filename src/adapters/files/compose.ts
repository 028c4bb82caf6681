/**
 * Compose files into the model: one `compose_service` per service, its props the service's settings under compose's
 * own names, after what `docker compose` does before it runs anything: anchors and merge keys resolved, variables
 * interpolated, the override file of the directory merged onto its base file, and each service's `extends` under it.
 * An environment's file beside the base (`compose.prod.yaml`, run as `-f compose.yaml -f compose.prod.yaml`) is
 * merged onto the base the same way, as a deployment of its own; one that can also run alone
 * (`-f compose.prod.yaml`) leaves unknown what only the base gives it. The files a compose file's `include` lists
 * are read with it, as compose loads them into the project: each as an application model of its own, its services
 * addressed by the file that writes them.
 */
import { statSync } from "fs";
import { isDeepStrictEqual } from "util";
import { basename, dirname, join as joinFile, resolve as resolvePath } from "path";
import type { Diagnostic } from "../../model/diagnostic";
import { COMPOSE_SERVICE } from "../../model/kinds";
import { UNKNOWN, isRecord, isUnknown, type PropertyPath, type Resource, type SourceLocation, type Unknown } from "../../model/resource";
import { anchoredSuppressions, hashLineComments, type Anchor } from "../../engine/comment-suppressions";
import type { Suppression } from "../../engine/suppressions";
import { printableSource } from "../terraform/downloaded";
import { ENV_ASSIGNMENT, plaintextSecretsOfVariable } from "../../rules/secrets";
import { isSet, join } from "../../rules/read";
import { displayPath, readSource } from "../source";
import { REMOTE } from "./image-build";
import { emptyReading, type FileFormat, type FileReading, type SourceFile } from "./format";
import { readYamlDocuments, type Place, type YamlEntry, type YamlMap, type YamlScalar, type YamlValue } from "./yaml";

/** The files `docker compose` reads when given none, in its order of preference: the first found is the base. */
const BASE_FILES = ["compose.yaml", "compose.yml", "docker-compose.yml", "docker-compose.yaml"];
const OVERRIDE_FILES = ["compose.override.yml", "compose.override.yaml", "docker-compose.override.yml", "docker-compose.override.yaml"];

function firstFileOf(dir: string, names: readonly string[]): string | undefined {
  for (const name of names) {
    const path = joinFile(dir, name);
    try {
      if (statSync(path).isFile()) return path;
    } catch {
      // Not there: try the next name.
    }
  }
  return undefined;
}

export const composeFormat: FileFormat = {
  name: "compose file",
  claims(baseName) {
    return /^(docker-)?compose(\.[\w.-]+)?\.ya?ml$/.test(baseName);
  },
  read(file) {
    const dir = dirname(file.path);
    const override = firstFileOf(dir, OVERRIDE_FILES);
    const base = firstFileOf(dir, BASE_FILES);
    const setByDotEnv = variablesOfDotEnv(dir);
    if (base !== undefined && isEnvironmentFile(file.path)) return readWithBase(base, file, setByDotEnv);
    // The override is read with its base, as `docker compose` does by default: the base's reading covers both.
    if (file.path === override && base !== undefined) return emptyReading();
    if (file.path !== base || override === undefined) return readCompose(file, undefined, "base", setByDotEnv);
    const name = displayPath(override);
    const source = readSource(override, name);
    if ("error" in source) {
      const reading = readCompose(file, undefined, "base", setByDotEnv);
      reading.diagnostics.push(source.error);
      return reading;
    }
    return readCompose(file, { path: override, name, text: source.text }, "base", setByDotEnv);
  },
};

/** Whether the project's `.env` sets a variable: then the value `docker compose` interpolates depends on the machine. */
type SetByDotEnv = (variable: string) => boolean;

const NONE_SET: SetByDotEnv = () => false;

/**
 * The variables the `.env` in the compose file's directory (the project directory) sets, which `docker compose`
 * interpolates with where the shell does not set them. Only their names are read: `.env` values are often secrets,
 * and mostly one machine's (the file is usually ignored by git), so no value of it is taken as the one that runs.
 * An unreadable `.env` may set any variable.
 */
function variablesOfDotEnv(dir: string): SetByDotEnv {
  const path = firstFileOf(dir, [".env"]);
  return path === undefined ? NONE_SET : variablesOfEnvFiles([path]);
}

/** The variables environment files set, by name only, as the project's `.env`; one that cannot be read may set any. */
function variablesOfEnvFiles(paths: readonly string[]): SetByDotEnv {
  const sets = paths.map((path) => {
    const source = readSource(path, displayPath(path));
    if ("error" in source) return () => true;
    const names = new Set(source.text.split(/\r?\n/).flatMap((line) => ENV_ASSIGNMENT.exec(line)?.[1] ?? []));
    return (variable: string) => names.has(variable);
  });
  return (variable) => sets.some((setBy) => setBy(variable));
}

/** `compose.prod.yaml`, `docker-compose.staging.yml`: only the changes an environment makes to the base file. */
function isEnvironmentFile(path: string): boolean {
  const name = basename(path);
  return /^(docker-)?compose\.[\w.-]+\.ya?ml$/.test(name) && !BASE_FILES.includes(name) && !OVERRIDE_FILES.includes(name);
}

/** An environment's file read onto its base, or alone, with why, when the base cannot be read. */
function readWithBase(basePath: string, file: SourceFile, setByDotEnv: SetByDotEnv): FileReading {
  const source = readSource(basePath, displayPath(basePath));
  if (!("error" in source)) return readCompose({ path: basePath, name: displayPath(basePath), text: source.text }, file, "override", setByDotEnv);
  const reading = readCompose(file, undefined, "base", setByDotEnv);
  reading.diagnostics.push(source.error);
  return reading;
}

/** A service as one file (or one document of it) writes it. */
interface ServiceLayer {
  name: string;
  /** Where the service's name is written. */
  key: Place;
  settings: YamlMap;
  /** Brought in by an `include`: the file that addresses it, and the directory its relative paths start from. */
  included?: { address: string; projectDir: string };
}

/**
 * A compose file, and optionally the override file merged onto it; their settings' locations point into whichever
 * file wrote each key. Addressed by the base file, the deployment is every service. Addressed by the override (an
 * environment's file), it is the services the override writes: the others are the base's, judged in its own
 * reading, which also reports what is wrong in the base file.
 */
export function readCompose(base: SourceFile, override?: SourceFile, addressedBy: "base" | "override" = "base", setByDotEnv = NONE_SET): FileReading {
  const named = addressedBy === "override" && override !== undefined ? override : base;
  return readModel(override === undefined ? [base] : [base, override], named, setByDotEnv, []).reading;
}

/**
 * Compose files merged in order onto the first, their services addressed by `named`, with what the `include` of each
 * (of `named` alone when it is an environment's file) brings in, before the file's own services, as compose loads
 * each file: a later file may change an included service. `includedBy`: the files whose `include` led here.
 */
function readModel(files: readonly SourceFile[], named: SourceFile, setByDotEnv: SetByDotEnv, includedBy: readonly string[]): { reading: FileReading; deployed: ServiceLayer[] } {
  const [base] = files;
  const diagnostics: Diagnostic[] = [];
  const suppressions: Suppression[] = [];
  const services = new Map<string, ServiceLayer>();
  const written = new Map<string, Place>();
  const layersOf = new Map<SourceFile, ServiceLayer[]>();
  const included = new Set<string>();
  for (const file of files) {
    const includes: Include[] = [];
    const layers = readServices(file, diagnostics, setByDotEnv, includes);
    layersOf.set(file, layers);
    if (file === named) for (const layer of layers) written.set(layer.name, layer.key);
    if (named === base || file === named) {
      const brought = readIncludes(includes, new Set(layers.map((layer) => layer.name)), setByDotEnv, [...includedBy, ...files.map(({ path }) => path)], diagnostics);
      for (const layer of brought.layers) mergeService(services, layer);
      suppressions.push(...brought.suppressions);
      for (const path of brought.files) included.add(path);
    }
    // Several documents in one file merge in order, as several files do.
    for (const layer of layers) mergeService(services, layer);
  }
  const resolved = [...resolveExtends(services, base.path, diagnostics, setByDotEnv).values()];
  const awaited = completionsAwaited(resolved);
  const deployed = resolved.flatMap((service) => {
    const key = named === base || service.included !== undefined ? service.key : written.get(service.name);
    return key === undefined ? [] : [{ ...service, key }];
  });
  for (const [file, layers] of layersOf) {
    // The base's own reading reports on its comments; here they cover the services the override writes too.
    const fromBaseOnly = file === base && named !== base;
    suppressions.push(...commentSuppressions(file, named.name, fromBaseOnly ? layers.filter((layer) => written.has(layer.name)) : layers, fromBaseOnly ? [] : diagnostics));
  }
  const alone = named === base ? undefined : servicesAlone(named, layersOf.get(named) ?? [], setByDotEnv);
  const resources = deployed.map((service) => {
    const converted = toResource(service.included?.address ?? named.name, service, awaited.get(service.name));
    const resource = service.included === undefined ? converted : builtFrom(converted, service.included.projectDir);
    const own = alone?.get(service.name);
    // With no image or build of its own the service only runs merged onto the base, and is read so.
    if (own === undefined || !(isSet(own.image) || isSet(own.build))) return resource;
    const props = eitherWay(resource.props, own) as Record<string, unknown>;
    return { ...resource, props, secretPaths: secretEnvironment(props) };
  });
  const reading: FileReading = {
    resources,
    diagnostics: named === base ? diagnostics : diagnostics.filter((diagnostic) => diagnostic.file !== base.name),
    suppressions,
    ...(included.size > 0 ? { included: [...included] } : {}),
  };
  return { reading, deployed };
}

/**
 * An included service with its build context from its project directory, where compose resolves it, rather than
 * from the including file's, where the reading that holds it is found.
 */
function builtFrom(service: Resource, projectDir: string): Resource {
  const { build } = service.props;
  const context = typeof build === "string" ? build : isRecord(build) ? (build.context ?? ".") : undefined;
  if (typeof context !== "string" || REMOTE.test(context)) return service;
  const absolute = resolvePath(projectDir, context);
  return { ...service, props: { ...service.props, build: typeof build === "string" ? absolute : { ...(build as Record<string, unknown>), context: absolute } } };
}

/** A compose file's `include` section, with the file it is written in. */
interface Include {
  file: SourceFile;
  entry: YamlEntry;
}

/**
 * The services of the files `include` lists, each file read as compose loads it: as a project of its own (its
 * relative paths from its own directory, its `.env` or the `env_file` given, with the variables of the including
 * project), a `path` list merged in order onto its first file, its own `include` followed in turn. A file that cannot
 * be read, a cycle, and a service also defined by the including file or another include (unless it is the same
 * file's) are input errors at the entry, as compose refuses them; a remote file (OCI, git) is not checked.
 */
function readIncludes(
  includes: readonly Include[],
  ownServices: ReadonlySet<string>,
  setByDotEnv: SetByDotEnv,
  includedBy: readonly string[],
  diagnostics: Diagnostic[],
): { layers: ServiceLayer[]; suppressions: Suppression[]; files: string[] } {
  const inputError = (at: Place, message: string) => diagnostics.push({ severity: "error", code: "input", message, ...at });
  const layers: ServiceLayer[] = [];
  const suppressions: Suppression[] = [];
  const files = new Set<string>();
  const addressOf = new Map<string, string>();
  const text = (value: YamlValue | undefined, what: string): string | undefined => {
    if (value?.kind !== "scalar" || typeof value.value !== "string") {
      if (value !== undefined) inputError(value.at, `include's ${what} is a path`);
      return undefined;
    }
    const result = interpolate(value.value, setByDotEnv);
    if (result === undefined) inputError(value.at, `invalid interpolation in include's ${what}: docker compose refuses it (write $$ for a literal $)`);
    else if (isUnknown(result)) diagnostics.push({ severity: "warning", code: "input", message: `include's ${what} depends on the environment docker compose runs in: what it includes is not checked`, ...value.at });
    return typeof result === "string" ? result : undefined;
  };
  const texts = (value: YamlValue | undefined, what: string): string[] | undefined => {
    const values = value?.kind === "seq" ? value.items.map((item) => text(item, what)) : [text(value, what)];
    return values.every((path) => path !== undefined) ? (values as string[]) : undefined;
  };
  for (const { file, entry } of includes) {
    if (entry.value.kind !== "seq") {
      inputError(entry.value.at, "include is a list of files, each a path or `{ path, project_directory, env_file }`");
      continue;
    }
    const dir = dirname(file.path);
    for (const item of entry.value.items) {
      const settings = item.kind === "map" ? item.entries : undefined;
      const paths = settings?.has("path") === false ? [] : texts(settings === undefined ? item : settings.get("path")?.value, "path");
      const projectDirectory = settings?.has("project_directory") ? text(settings.get("project_directory")?.value, "project_directory") : undefined;
      const envFiles = settings?.has("env_file") ? texts(settings.get("env_file")?.value, "env_file") : [];
      if (settings?.has("project_directory") && projectDirectory === undefined) continue;
      if (paths === undefined || envFiles === undefined) continue;
      if (paths.length === 0) {
        inputError(item.at, "include names no path");
        continue;
      }
      const remote = paths.find((path) => REMOTE.test(path));
      if (remote !== undefined) {
        diagnostics.push({ severity: "notice", code: "module-not-scanned", message: `include of ${JSON.stringify(printableSource(remote))} is fetched when docker compose runs: its services are not checked`, ...item.at });
        continue;
      }
      const absolute = paths.map((path) => resolvePath(dir, path));
      const cycle = absolute.find((path) => includedBy.includes(path));
      if (cycle !== undefined) {
        inputError(item.at, `include of ${displayPath(cycle)} leads back to a file that includes it: docker compose refuses the cycle`);
        continue;
      }
      const sources = absolute.map((path, index) => ({ path, written: paths[index], source: readSource(path, displayPath(path)) }));
      const unreadable = sources.find(({ source }) => "error" in source);
      if (unreadable !== undefined) {
        if ("error" in unreadable.source) inputError(item.at, `include names file ${unreadable.written}: ${unreadable.source.error.message}`);
        continue;
      }
      const models = sources.flatMap(({ path, source }) => ("error" in source ? [] : [{ path, name: displayPath(path), text: source.text }]));
      const projectDir = projectDirectory === undefined ? dirname(absolute[0]) : resolvePath(dir, projectDirectory);
      const setByInclude = envFiles.length > 0 ? variablesOfEnvFiles(envFiles.map((path) => resolvePath(dir, path))) : variablesOfDotEnv(projectDir);
      const { reading, deployed } = readModel(models, models[0], (variable) => setByDotEnv(variable) || setByInclude(variable), [...includedBy, ...absolute]);
      diagnostics.push(...reading.diagnostics);
      suppressions.push(...reading.suppressions);
      for (const path of [...absolute, ...(reading.included ?? [])]) files.add(path);
      for (const layer of deployed) {
        const address = layer.included?.address ?? models[0].name;
        const earlier = ownServices.has(layer.name) ? file.name : addressOf.get(layer.name);
        // The same file included twice gives the same service: compose accepts a definition equal to the one it has.
        if (earlier === address) continue;
        if (earlier !== undefined) {
          inputError(item.at, `service ${layer.name} of ${address} is also defined by ${earlier}: docker compose refuses the conflict`);
          continue;
        }
        addressOf.set(layer.name, address);
        layers.push({ ...layer, included: layer.included ?? { address, projectDir } });
      }
    }
  }
  return { layers, suppressions, files: [...files] };
}

/**
 * An environment's services as the file gives them run alone (`-f compose.prod.yaml`), each with its own `extends`
 * under it. What goes wrong only when it is run alone is not reported: the merged reading reports on the file.
 */
function servicesAlone(file: SourceFile, layers: readonly ServiceLayer[], setByDotEnv: SetByDotEnv): Map<string, Record<string, unknown>> {
  const services = new Map<string, ServiceLayer>();
  for (const layer of layers) mergeService(services, layer);
  const resolved = resolveExtends(services, file.path, [], setByDotEnv);
  return new Map([...resolved].map(([name, layer]) => [name, plain(layer.settings, "", {}) as Record<string, unknown>]));
}

/**
 * A setting of a service that runs either merged onto the base or alone, which the files cannot tell apart: what
 * both give, or unknown where they differ, so that no rule passes on what only the base sets (nor fails for its
 * absence). Mappings differ key by key, as rules read them (`deploy.resources` from the base is unknown while
 * `deploy.restart_policy` from the environment's file is known); any other value, such as a list the environment's
 * file extends, as a whole.
 */
function eitherWay(merged: unknown, alone: unknown): unknown {
  if (isDeepStrictEqual(merged, alone)) return merged;
  if (!isRecord(merged) || !isRecord(alone)) return UNKNOWN;
  const keys = new Set([...Object.keys(merged), ...Object.keys(alone)]);
  // defineProperty: a key named `__proto__` is data here, as in `plain`.
  const result: Record<string, unknown> = {};
  for (const key of keys) Object.defineProperty(result, key, { value: eitherWay(merged[key], alone[key]), enumerable: true, writable: true, configurable: true });
  return result;
}

/** Where an `extends` points: `base`, `{ service: base }`, or `{ file: common.yml, service: base }`. */
function extendsTarget(value: YamlValue): { service: string; file?: string } | undefined {
  if (value.kind === "scalar") return typeof value.value === "string" ? { service: value.value } : undefined;
  if (value.kind !== "map") return undefined;
  const service = value.entries.get("service")?.value;
  const file = value.entries.get("file")?.value;
  if (service?.kind !== "scalar" || typeof service.value !== "string") return undefined;
  if (file === undefined) return { service: service.value };
  return file.kind === "scalar" && typeof file.value === "string" ? { service: service.value, file: file.value } : undefined;
}

function withoutExtends(layer: ServiceLayer): ServiceLayer {
  if (!layer.settings.entries.has("extends")) return layer;
  const entries = new Map(layer.settings.entries);
  entries.delete("extends");
  return { ...layer, settings: { ...layer.settings, entries } };
}

/**
 * Longer chains of `extends` are cut: a real file chains a few services, and following thousands runs out of stack,
 * which left the file unchecked with no line to look at. Compose sets no bound; this one is far beyond any use.
 */
const MAX_EXTENDS_CHAIN = 1000;

/**
 * Each service with the service its `extends` names merged under it, as compose does before anything runs: that
 * service (of this file, or of another one found from this file's directory, its own `extends` resolved first) is
 * the earlier layer. One that cannot be found, and a cycle, are input errors, as compose refuses them; the service
 * is then read as written. A chain cut at its bound is reported once, where it is first cut.
 */
function resolveExtends(services: Map<string, ServiceLayer>, path: string, diagnostics: Diagnostic[], setByDotEnv: SetByDotEnv): Map<string, ServiceLayer> {
  const inputError = (at: Place, message: string) => diagnostics.push({ severity: "error", code: "input", message, ...at });
  const otherFiles = new Map<string, Map<string, ServiceLayer> | string>();
  /** The services of another file, or why it cannot be read. */
  const servicesOf = (file: string): Map<string, ServiceLayer> | string => {
    let found = otherFiles.get(file);
    if (found === undefined) {
      const source = readSource(file, displayPath(file));
      found = "error" in source ? source.error.message : new Map();
      if (!("error" in source)) for (const layer of readServices({ path: file, name: displayPath(file), text: source.text }, diagnostics, setByDotEnv)) mergeService(found as Map<string, ServiceLayer>, layer);
      otherFiles.set(file, found);
    }
    return found;
  };
  const resolved = new Map<string, ServiceLayer>();
  const resolving = new Set<string>();
  let chainCut = false;
  const resolve = (file: string, pool: Map<string, ServiceLayer>, layer: ServiceLayer): ServiceLayer => {
    const id = `${file}\0${layer.name}`;
    const entry = layer.settings.entries.get("extends");
    if (entry === undefined) return layer;
    const done = resolved.get(id);
    if (done !== undefined) return done;
    let result = withoutExtends(layer);
    const target = extendsTarget(entry.value);
    if (resolving.has(id)) inputError(entry.key, `service ${layer.name} extends itself through the services it extends`);
    else if (target === undefined) inputError(entry.value.at, "extends names a service, as `extends: name` or `extends: { service: name, file: path }`");
    else if (resolving.size >= MAX_EXTENDS_CHAIN) {
      if (!chainCut) inputError(entry.key, `service ${layer.name} is more than ${MAX_EXTENDS_CHAIN} services down a chain of extends, deeper than prodready follows: what it extends is not merged into it or the services extending it`);
      chainCut = true;
    } else {
      resolving.add(id);
      const targetFile = target.file === undefined ? file : resolvePath(dirname(file), target.file);
      const targetPool = target.file === undefined ? pool : servicesOf(targetFile);
      const extended = typeof targetPool === "string" ? undefined : targetPool.get(target.service);
      if (typeof targetPool === "string") inputError(entry.value.at, `extends names file ${target.file}: ${targetPool}`);
      else if (extended === undefined) inputError(entry.value.at, `extends names service ${target.service}, which ${target.file ?? "this file"} does not define`);
      else result = { ...result, settings: mergeMaps(withoutExtends(resolve(targetFile, targetPool, extended)).settings, result.settings, "") };
      resolving.delete(id);
    }
    resolved.set(id, result);
    return result;
  };
  return new Map([...services].map(([name, layer]) => [name, resolve(path, services, layer)]));
}

/** Every service of every document of one file, interpolated, with its environment as a mapping. */
function readServices(file: SourceFile, diagnostics: Diagnostic[], setByDotEnv: SetByDotEnv, includes?: Include[]): ServiceLayer[] {
  const yaml = readYamlDocuments(file.name, file.text);
  diagnostics.push(...yaml.diagnostics);
  const inputError = (at: Place, message: string) => diagnostics.push({ severity: "error", code: "input", message, ...at });
  const interpolation: Interpolation = { setByDotEnv, inputError };
  const layers: ServiceLayer[] = [];
  for (const root of yaml.documents) {
    if (root === undefined) continue;
    if (root.kind !== "map") {
      inputError(root.at, "a compose file is a mapping of top-level keys (services, networks, volumes)");
      continue;
    }
    const include = root.entries.get("include");
    if (include !== undefined) includes?.push({ file, entry: include });
    const services = root.entries.get("services")?.value;
    if (services === undefined || (services.kind === "scalar" && services.value === null)) continue;
    if (services.kind !== "map") {
      inputError(services.at, "services is not a mapping of service names to their settings");
      continue;
    }
    for (const [name, entry] of services.entries) {
      // The parser's error inside a service stands for it: what it read around the error may be wrong.
      if (yaml.errorOffsets.some((offset) => offset >= entry.range[0] && offset <= entry.range[1])) continue;
      if (entry.value.kind !== "map") {
        inputError(entry.value.kind === "scalar" && entry.value.value === null ? entry.key : entry.value.at, `service ${name} is not a mapping of settings`);
        continue;
      }
      layers.push({ name, key: entry.key, settings: serviceSettings(entry.value, `services.${name}`, interpolation) });
    }
  }
  return layers;
}

/** What interpolating one file's values needs: which variables the project's `.env` sets, and where errors go. */
interface Interpolation {
  setByDotEnv: SetByDotEnv;
  inputError: (at: Place, message: string) => void;
}

/** A service's settings as compose uses them: extension fields (`x-`) left out, variables interpolated. */
function serviceSettings(service: YamlMap, path: string, interpolation: Interpolation): YamlMap {
  const entries = new Map<string, YamlEntry>();
  for (const [key, entry] of service.entries) {
    if (key.startsWith("x-")) continue;
    const where = `${path}.${key}`;
    const value = key === "environment" ? environmentOf(entry.value, where, interpolation) : interpolated(entry.value, where, interpolation);
    entries.set(key, { ...entry, value });
  }
  return { ...service, entries };
}

function interpolated(value: YamlValue, path: string, interpolation: Interpolation): YamlValue {
  switch (value.kind) {
    case "scalar":
      return typeof value.value === "string" ? { ...value, value: interpolatedText(value, path, interpolation) } : value;
    case "seq":
      return { ...value, items: value.items.map((item, index) => interpolated(item, `${path}.${index}`, interpolation)) };
    case "map":
      return {
        ...value,
        entries: new Map([...value.entries].map(([key, entry]) => [key, { ...entry, value: interpolated(entry.value, `${path}.${key}`, interpolation) }])),
      };
  }
}

function interpolatedText(scalar: YamlScalar, path: string, interpolation: Interpolation, text = String(scalar.value)): string | Unknown {
  const result = interpolate(text, interpolation.setByDotEnv);
  if (result !== undefined) return result;
  interpolation.inputError(scalar.at, `invalid interpolation in ${path}: docker compose refuses it (write $$ for a literal $)`);
  return UNKNOWN;
}

/**
 * `environment` as a mapping of variable names to values, from either form compose accepts: a mapping, or a list of
 * `NAME=value`. A variable without a value is passed from the environment `docker compose` runs in: unknown here.
 */
function environmentOf(value: YamlValue, path: string, interpolation: Interpolation): YamlValue {
  const variable = (scalar: YamlScalar, text: string | undefined): YamlScalar => ({
    ...scalar,
    value: text === undefined ? UNKNOWN : interpolatedText(scalar, path, interpolation, text),
  });
  if (value.kind === "map") {
    const entries = new Map<string, YamlEntry>();
    for (const [name, entry] of value.entries) {
      const setting = entry.value;
      // Numbers and booleans are strings to the container; anything else compose rejects, and is kept as written.
      const text = setting.kind === "scalar" && setting.value !== null ? String(setting.value) : undefined;
      entries.set(name, { ...entry, value: setting.kind === "scalar" ? variable(setting, text) : setting });
    }
    return { ...value, entries };
  }
  if (value.kind === "seq") {
    const entries = new Map<string, YamlEntry>();
    for (const item of value.items) {
      if (item.kind !== "scalar" || item.value === null) continue;
      const text = String(item.value);
      const equals = text.indexOf("=");
      // Only the value is interpolated: a variable in the name would be a name no one can predict.
      const name = equals === -1 ? text : text.slice(0, equals);
      entries.set(name, { key: item.at, range: item.range, value: variable(item, equals === -1 ? undefined : text.slice(equals + 1)) });
    }
    return { kind: "map", at: value.at, range: value.range, entries };
  }
  return value;
}

/**
 * The files a compose file's services name in `env_file` (`db.env`, `[a.env, b.env]`, or `- path: a.env`), as
 * written, relative to the compose file's directory; one whose name is not known without the environment is left
 * out. The compose reader reports what is malformed; here it only finds less.
 */
export function envFilesNamed(text: string): string[] {
  const named: string[] = [];
  const add = (value: YamlValue | undefined) => {
    if (value?.kind !== "scalar" || typeof value.value !== "string") return;
    const path = interpolate(value.value);
    if (typeof path === "string") named.push(path);
  };
  for (const root of readYamlDocuments("", text).documents) {
    const services = root?.kind === "map" ? root.entries.get("services")?.value : undefined;
    if (services?.kind !== "map") continue;
    for (const service of services.entries.values()) {
      const envFile = service.value.kind === "map" ? service.value.entries.get("env_file")?.value : undefined;
      if (envFile?.kind !== "seq") add(envFile);
      else for (const item of envFile.items) add(item.kind === "map" ? item.entries.get("path")?.value : item);
    }
  }
  return named;
}

/** Deeper nesting of defaults than this (`${A:-${B:-…}}`) is not configuration; it reads as unknown. */
const MAX_INTERPOLATION_DEPTH = 32;
const NAMED = /[_a-z][_a-z0-9]*/iy;
const BRACED = /^([_a-z][_a-z0-9]*)(?:(:?[-?+])([\s\S]*))?$/i;

/**
 * Compose's variable interpolation of one value: `$$` is a literal `$`; `${VAR}` and `$VAR` are unknown, since the
 * environment `docker compose` runs in is not known here; `${VAR:-default}` and `${VAR-default}` are the default,
 * which is what runs when the variable is unset, unless the project's `.env` sets it: then which value runs depends
 * on the machine's `.env` and shell; `${VAR:?error}` (required) and `${VAR:+other}` are unknown. A value with any
 * unknown part is unknown; undefined when compose would refuse the value as an invalid template.
 */
export function interpolate(text: string, setByDotEnv = NONE_SET, depth = 0): string | typeof UNKNOWN | undefined {
  if (depth > MAX_INTERPOLATION_DEPTH) return UNKNOWN;
  let result = "";
  let unknown = false;
  let index = 0;
  while (index < text.length) {
    const dollar = text.indexOf("$", index);
    if (dollar === -1) {
      result += text.slice(index);
      break;
    }
    result += text.slice(index, dollar);
    if (text[dollar + 1] === "$") {
      result += "$";
      index = dollar + 2;
      continue;
    }
    NAMED.lastIndex = dollar + 1;
    if (NAMED.test(text)) {
      unknown = true;
      index = NAMED.lastIndex;
      continue;
    }
    if (text[dollar + 1] !== "{") return undefined;
    const close = closingBrace(text, dollar);
    if (close === -1) return undefined;
    const match = BRACED.exec(text.slice(dollar + 2, close));
    if (match === null) return undefined;
    const [, name, operator, rest] = match;
    // Compose refuses an invalid default even when the variable is set, so the default is read either way.
    const fallback = operator === "-" || operator === ":-" ? interpolate(rest, setByDotEnv, depth + 1) : UNKNOWN;
    if (fallback === undefined) return undefined;
    const value = setByDotEnv(name) ? UNKNOWN : fallback;
    if (value === UNKNOWN) unknown = true;
    else result += value;
    index = close + 1;
  }
  return unknown ? UNKNOWN : result;
}

/** The `}` that closes the `${` at `start`, counting the `${` … `}` nested in a default. */
function closingBrace(text: string, start: number): number {
  let open = 0;
  for (let index = start; index < text.length; index++) {
    if (text.startsWith("${", index)) {
      open++;
      index++;
    } else if (text[index] === "}" && --open === 0) return index;
  }
  return -1;
}

/** Settings whose value an override replaces rather than extends: they are commands, not lists of things. */
const REPLACED = new Set(["command", "entrypoint", "healthcheck.test"]);
/** Settings written as a list of names or a mapping; compose merges them as mappings. */
const NAME_LISTS = new Set(["depends_on", "networks"]);

/** Adds a service as a later layer writes it: merged onto what earlier layers wrote, or new. */
function mergeService(services: Map<string, ServiceLayer>, layer: ServiceLayer): void {
  const earlier = services.get(layer.name);
  if (layer.settings.tag === "!reset") services.delete(layer.name);
  else if (earlier === undefined) services.set(layer.name, layer);
  else services.set(layer.name, { ...earlier, settings: mergeMaps(earlier.settings, layer.settings, "") });
}

/**
 * Compose's merge of a later file's value onto an earlier one's: mappings merged key by key, lists appended, other
 * values replaced; `!override` replaces and `!reset` removes, as compose's tags do. Compose then de-duplicates
 * ports and volumes by their target, which no rule reads.
 */
function mergeValue(earlier: YamlValue, later: YamlValue, path: string): YamlValue {
  if (later.tag === "!override" || REPLACED.has(path)) return later;
  const normal = path === "build" ? buildMapping : NAME_LISTS.has(path) ? nameMapping : (value: YamlValue) => value;
  const [before, after] = [normal(earlier), normal(later)];
  if (before.kind === "map" && after.kind === "map") {
    // Logging options belong to a driver: a different driver brings its own.
    if (path === "logging" && driverOf(before) !== undefined && driverOf(after) !== undefined && driverOf(before) !== driverOf(after)) return later;
    return mergeMaps(before, after, path);
  }
  if (before.kind === "seq" && after.kind === "seq") return { ...after, items: [...before.items, ...after.items] };
  return later;
}

function mergeMaps(earlier: YamlMap, later: YamlMap, path: string): YamlMap {
  const entries = new Map(earlier.entries);
  for (const [key, entry] of later.entries) {
    const before = entries.get(key);
    if (entry.value.tag === "!reset") entries.delete(key);
    else if (before === undefined) entries.set(key, entry);
    else {
      const value = mergeValue(before.value, entry.value, path === "" ? key : `${path}.${key}`);
      // A replaced value is written where the later file writes it; a merged one keeps the earlier key's place.
      entries.set(key, value === entry.value ? entry : { ...before, value });
    }
  }
  return { ...earlier, entries };
}

/** `build: ./dir` is `build: { context: ./dir }`. */
function buildMapping(value: YamlValue): YamlValue {
  return value.kind === "scalar" ? { kind: "map", at: value.at, range: value.range, entries: new Map([["context", { key: value.at, range: value.range, value }]]) } : value;
}

/** `[a, b]` is `{ a: null, b: null }`. */
function nameMapping(value: YamlValue): YamlValue {
  if (value.kind !== "seq") return value;
  const entries = new Map<string, YamlEntry>();
  for (const item of value.items) {
    if (item.kind === "scalar" && item.value !== null) entries.set(String(item.value), { key: item.at, range: item.range, value: { ...item, value: null } });
  }
  return { kind: "map", at: value.at, range: value.range, entries };
}

function driverOf(logging: YamlMap): unknown {
  const driver = logging.entries.get("driver")?.value;
  return driver?.kind === "scalar" ? driver.value : undefined;
}

/**
 * The services another service waits for with `depends_on: { name: { condition: service_completed_successfully } }`:
 * jobs expected to run to completion (a migration), not to keep running. Unknown where the condition is.
 */
function completionsAwaited(services: readonly ServiceLayer[]): Map<string, true | Unknown> {
  const awaited = new Map<string, true | Unknown>();
  for (const { settings } of services) {
    const dependsOn = settings.entries.get("depends_on")?.value;
    if (dependsOn?.kind !== "map") continue;
    for (const [name, entry] of dependsOn.entries) {
      const condition = entry.value.kind === "map" ? entry.value.entries.get("condition")?.value : undefined;
      if (condition?.kind !== "scalar") continue;
      if (condition.value === "service_completed_successfully") awaited.set(name, true);
      else if (isUnknown(condition.value) && awaited.get(name) !== true) awaited.set(name, UNKNOWN);
    }
  }
  return awaited;
}

/** A service as a resource; `completionAwaited` becomes the `completion_awaited` prop, which compose itself does not have. */
function toResource(fileName: string, { name, key, settings }: ServiceLayer, completionAwaited?: true | Unknown): Resource {
  const propertyLocations: Record<PropertyPath, SourceLocation> = {};
  const props = plain(settings, "", propertyLocations) as Record<string, unknown>;
  if (completionAwaited !== undefined) props.completion_awaited = completionAwaited;
  return {
    kind: COMPOSE_SERVICE,
    address: `${fileName}#${name}`,
    name,
    engine: "files",
    props,
    options: {},
    location: { ...key },
    secretPaths: secretEnvironment(props),
    propertyLocations,
  };
}

/** The value as plain data, recording where each key and item under `path` is written. */
function plain(value: YamlValue, path: PropertyPath, locations: Record<PropertyPath, SourceLocation>): unknown {
  switch (value.kind) {
    case "scalar":
      return value.value;
    case "seq":
      return value.items.map((item, index) => {
        const child = join(path, index);
        locations[child] = { ...item.at };
        return plain(item, child, locations);
      });
    case "map": {
      const object: Record<string, unknown> = {};
      for (const [key, entry] of value.entries) {
        const child = join(path, key);
        locations[child] = { ...entry.key };
        // defineProperty: a key named `__proto__` is data here, not the object's prototype.
        Object.defineProperty(object, key, { value: plain(entry.value, child, locations), enumerable: true, writable: true, configurable: true });
      }
      return object;
    }
  }
}

/** Environment variables that hold a secret as written, as the compose secrets rule finds them: reporters never print what these paths hold. */
function secretEnvironment(props: Record<string, unknown>): PropertyPath[] {
  const environment = props.environment;
  if (environment === null || typeof environment !== "object") return [];
  return Object.entries(environment)
    .filter(([name, value]) => typeof value === "string" && plaintextSecretsOfVariable(name, value).length > 0)
    .map(([name]) => `environment.${name}`);
}

/** `# prodready:ignore` comments on or above a service's name, or one of its keys, in one of the files read. */
function commentSuppressions(file: SourceFile, baseName: string, layers: readonly ServiceLayer[], diagnostics: Diagnostic[]): Suppression[] {
  const anchors = (): Anchor[] =>
    layers.flatMap(({ name, key, settings }) => {
      const address = `${baseName}#${name}`;
      const found: Anchor[] = [{ line: key.line, address }];
      // Only what the service writes itself: an anchor's value written earlier in the file belongs to where it is written.
      const own = (at: Place) => at.file === file.name && at.line >= key.line;
      const walk = (value: YamlValue, path: PropertyPath) => {
        if (value.kind === "map") {
          for (const [child, entry] of value.entries) {
            const childAt = join(path, child);
            if (own(entry.key)) found.push({ line: entry.key.line, address, path: childAt });
            walk(entry.value, childAt);
          }
        } else if (value.kind === "seq") {
          value.items.forEach((item, index) => {
            const childAt = join(path, index);
            if (own(item.at)) found.push({ line: item.at.line, address, path: childAt });
            walk(item, childAt);
          });
        }
      };
      walk(settings, "");
      return found;
    });
  return anchoredSuppressions(file.name, file.text, hashLineComments(file.text), anchors, "a service or one of its settings", diagnostics);
}
