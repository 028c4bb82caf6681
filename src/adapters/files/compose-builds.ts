/**
 * The Dockerfiles compose services build, judged as those builds produce them: a build that names a `target` stops
 * at that stage, which the Dockerfile rules then judge as they judge an image build's target (`image-build.ts`). Each
 * such service is given the Dockerfile it builds, for what the compose rules leave to the image.
 */
import { dirname, isAbsolute, resolve } from "path";
import { getOrAdd } from "../../collections";
import type { Diagnostic } from "../../model/diagnostic";
import { COMPOSE_SERVICE, DOCKERFILE } from "../../model/kinds";
import { UNKNOWN, isRecord, isUnknown, type Resource, type Unknown } from "../../model/resource";
import type { FileReading } from "./format";
import { dockerfileCandidates } from "./dockerfile";
import { REMOTE } from "./image-build";

/** One file's reading, with the file's absolute path. */
export interface ReadingOf {
  path: string;
  reading: FileReading;
}

interface ComposeBuild {
  /** The Dockerfile's absolute path. */
  dockerfile: string;
  /** Absent: the build goes to the last stage. */
  target?: string | Unknown;
  service: Resource;
}

/**
 * A service's build, its paths resolved as compose resolves them: `build: dir` is the context, `build.dockerfile`
 * (default `Dockerfile`) is relative to the context, which is relative to the compose file's directory. Undefined
 * when the service builds nothing, or nothing a file here can be: a remote context, an inline Dockerfile, or a path
 * that is unknown without the environment.
 */
function buildOf(service: Resource, composeDir: string): ComposeBuild | undefined {
  const build = service.props.build;
  const settings = typeof build === "string" ? { context: build } : isRecord(build) ? build : undefined;
  if (settings === undefined || settings.dockerfile_inline !== undefined) return undefined;
  const { context = ".", dockerfile = "Dockerfile", target } = settings;
  if (typeof context !== "string" || typeof dockerfile !== "string" || REMOTE.test(context)) return undefined;
  const path = isAbsolute(dockerfile) ? dockerfile : resolve(composeDir, context, dockerfile);
  return typeof target === "string" || isUnknown(target) ? { dockerfile: path, target, service } : { dockerfile: path, service };
}

/** The Dockerfiles, by absolute path, that the compose services of these readings build. */
export function dockerfilesBuilt(readings: readonly ReadingOf[]): Set<string> {
  const built = new Set<string>();
  for (const { path, reading } of readings) {
    for (const resource of reading.resources) {
      const build = resource.kind === COMPOSE_SERVICE ? buildOf(resource, dirname(path)) : undefined;
      if (build !== undefined) built.add(build.dockerfile);
    }
  }
  return built;
}

/** The index of the stage a target names, as Docker compares stage names (without case); -1 when none. */
function stageNamed(dockerfile: Resource, target: string): number {
  const stages = dockerfile.props.stages;
  if (!Array.isArray(stages)) return -1;
  return stages.findIndex((stage) => isRecord(stage) && typeof stage.name === "string" && stage.name.toLowerCase() === target.toLowerCase());
}

/**
 * The readings with each Dockerfile a compose service builds read once for each stage its builds produce: the last
 * stage as its own address (as a Dockerfile no service builds is read), another stage as `<address>[target=<stage>]`
 * (inline suppressions in the Dockerfile cover it too), and an unknown target as `<address>[target=?]`, which the
 * rules answer with "could not be evaluated". A target that names no stage fails `docker compose build`: it is
 * reported at the compose file, and not judged.
 */
export function asComposeBuildsThem(readings: readonly ReadingOf[]): FileReading[] {
  const read = new Set(readings.map(({ path }) => path));
  // The file a build reads: the one it names, or the lower-case one BuildKit falls back to where that is not here.
  const fileBuilt = (build: ComposeBuild) => dockerfileCandidates(build.dockerfile).find((path) => read.has(path)) ?? build.dockerfile;
  const builds = new Map<string, ComposeBuild[]>();
  const buildOfService = new Map<Resource, ComposeBuild>();
  const dockerfiles = new Map<string, Resource>();
  for (const { path, reading } of readings) {
    for (const resource of reading.resources) {
      if (resource.kind === DOCKERFILE) dockerfiles.set(path, resource);
      const build = resource.kind === COMPOSE_SERVICE ? buildOf(resource, dirname(path)) : undefined;
      if (build === undefined) continue;
      const file = fileBuilt(build);
      getOrAdd(builds, file, () => []).push(build);
      buildOfService.set(resource, build);
    }
  }
  const diagnostics: Diagnostic[] = [];
  const result = readings.map(({ path, reading }) => {
    const built = builds.get(path);
    if (built === undefined) {
      const resources = reading.resources.map((resource) => {
        const build = buildOfService.get(resource);
        const dockerfile = build && dockerfiles.get(fileBuilt(build));
        return build && dockerfile ? withBuiltDockerfile(resource, build, dockerfile) : resource;
      });
      return { ...reading, resources };
    }
    const resources = reading.resources.flatMap((dockerfile) => (dockerfile.kind === DOCKERFILE ? asBuilt(dockerfile, built, diagnostics) : [dockerfile]));
    return { ...reading, resources };
  });
  if (diagnostics.length > 0) result.push({ resources: [], diagnostics, suppressions: [] });
  return result;
}

/**
 * A service that builds a Dockerfile read here, with that Dockerfile's props as its build produces it under
 * `built_dockerfile`: what the image brings that the compose file does not show (its `HEALTHCHECK`).
 */
function withBuiltDockerfile(service: Resource, build: ComposeBuild, dockerfile: Resource): Resource {
  const built = build.target === undefined ? dockerfile.props : { ...dockerfile.props, target: build.target };
  return { ...service, props: { ...service.props, built_dockerfile: built } };
}

/** The Dockerfile at each distinct stage its builds produce. */
function asBuilt(dockerfile: Resource, builds: readonly ComposeBuild[], diagnostics: Diagnostic[]): Resource[] {
  const stages = Array.isArray(dockerfile.props.stages) ? dockerfile.props.stages.length : 0;
  /** By the stage produced: its index, or "unknown". */
  const produced = new Map<number | "unknown", Resource>();
  for (const build of builds) {
    const { target } = build;
    if (target === undefined) {
      if (!produced.has(stages - 1)) produced.set(stages - 1, dockerfile);
      continue;
    }
    if (isUnknown(target)) {
      if (!produced.has("unknown")) produced.set("unknown", withTarget(dockerfile, "?", UNKNOWN));
      continue;
    }
    const index = stageNamed(dockerfile, target);
    if (index === -1) {
      const at = build.service.propertyLocations?.["build.target"] ?? build.service.location;
      diagnostics.push({
        severity: "error",
        code: "input",
        message: `service ${build.service.name} builds ${dockerfile.address} with target ${target}, which names no stage of it: docker compose build fails`,
        ...at,
      });
      continue;
    }
    // The last stage is what a build without a target produces: one reading for both.
    if (!produced.has(index)) produced.set(index, index === stages - 1 ? dockerfile : withTarget(dockerfile, target, target));
  }
  return [...produced.values()];
}

function withTarget(dockerfile: Resource, named: string, target: string | Unknown): Resource {
  const address = `${dockerfile.address}[target=${named}]`;
  return { ...dockerfile, address, name: address, props: { ...dockerfile.props, target } };
}
