/**
 * A Pulumi image build as the Dockerfile it builds, so the Dockerfile rules judge it as they judge a file. Loaded by
 * the policy pack at start-up: it reads through the light Dockerfile reader and nothing heavier.
 */
import { isAbsolute, resolve } from "path";
import { DOCKERFILE } from "../../model/kinds";
import { UNKNOWN, isSecretPath, isUnknown, valueAt, type Resource, type Unknown } from "../../model/resource";
import type { PulumiResource } from "../pulumi";
import { canonicalKey } from "../pulumi/properties";
import { displayPath, readSource } from "../source";
import { dockerfileCandidates, parseDockerfile } from "./dockerfile";

/** Where an image build's Dockerfile comes from, read off its inputs. */
type DockerfileSource = { inline: string } | { candidates: string[] } | { unavailable: string };

/** The inputs that name the Dockerfile, for each provider: paths are model (snake_case) paths. */
interface ProviderInputs {
  inline?: string;
  location: string;
  context: string;
  /** The context when none is given. */
  defaultContext?: string;
  target: string;
  buildArgs: string;
  /** The same, in the program's names, for the arguments' own keys. */
  buildArgsInput: string;
}

const PROVIDERS: Record<string, ProviderInputs> = {
  // docker-build: `dockerfile: { inline | location }`, `context: { location }`; the location defaults to the context's Dockerfile.
  "docker-build:index:Image": { inline: "dockerfile.inline", location: "dockerfile.location", context: "context.location", target: "target", buildArgs: "build_args", buildArgsInput: "buildArgs" },
  // docker v4: `build: { context = ".", dockerfile, args, target }`.
  "docker:index/image:Image": { location: "build.dockerfile", context: "build.context", defaultContext: ".", target: "build.target", buildArgs: "build.args", buildArgsInput: "build.args" },
};

/** A context or Dockerfile fetched at build time: a URL or a git remote. */
export const REMOTE = /^[a-z][a-z0-9+.-]*:\/\/|^git@/i;

/** File reads by absolute path: a pack judges the same image once per policy, and a stack may build one file many times. */
const reads = new Map<string, { text: string } | { error: string }>();

function readCached(path: string): { text: string } | { error: string } {
  let read = reads.get(path);
  if (read === undefined) {
    const source = readSource(path, displayPath(path));
    read = "error" in source ? { error: source.error.message } : { text: source.text };
    reads.set(path, read);
  }
  return read;
}

/** `base`: the program's directory, which relative paths in the inputs start from. */
function sourceOf(props: Record<string, unknown>, inputs: ProviderInputs, base: string): DockerfileSource {
  const unknownInput = { unavailable: "the Dockerfile is not known to the check" };
  const inline = inputs.inline === undefined ? undefined : valueAt(props, inputs.inline);
  if (isUnknown(inline)) return unknownInput;
  if (typeof inline === "string") return { inline };
  const location = valueAt(props, inputs.location);
  const context = valueAt(props, inputs.context) ?? inputs.defaultContext;
  if (isUnknown(location) || isUnknown(context)) return unknownInput;
  const localContext = typeof context === "string" && !REMOTE.test(context) ? context : undefined;
  if (typeof location === "string") {
    if (REMOTE.test(location)) return { unavailable: "the Dockerfile is fetched from a remote location at build time" };
    if (isAbsolute(location)) return { candidates: [location] };
    // Both providers take a relative location from the program's directory; a location relative to the context is
    // what earlier docker provider versions read, and what the default (`Dockerfile`) means.
    return { candidates: [resolve(base, location), ...(localContext === undefined ? [] : [resolve(base, localContext, location)])] };
  }
  if (location !== undefined && location !== null) return { unavailable: "the image build names its Dockerfile with a value that is not a path" };
  if (localContext === undefined) return { unavailable: context === undefined || context === null ? "the image build names no Dockerfile and no context" : "the build context is remote" };
  return { candidates: [resolve(base, localContext, "Dockerfile")] };
}

/**
 * The build's arguments by the names the Dockerfile declares: the model's keys went through snake_case like every
 * input's, so each is found again from the program's own key. A secret or unknown argument is unknown: it is not
 * substituted into the Dockerfile's values.
 */
function buildArgsOf(model: Resource, raw: Record<string, unknown>, inputs: ProviderInputs): Map<string, string | Unknown> | undefined {
  const given = valueAt(model.props, inputs.buildArgs);
  if (given === undefined || given === null) return new Map();
  if (isUnknown(given) || typeof given !== "object") return undefined;
  const rawArgs = valueAt(raw, inputs.buildArgsInput);
  if (rawArgs === null || typeof rawArgs !== "object") return undefined;
  const args = new Map<string, string | Unknown>();
  for (const name of Object.keys(rawArgs)) {
    const key = Object.hasOwn(given, name) ? name : canonicalKey(DOCKERFILE, name);
    const value = (given as Record<string, unknown>)[key];
    const secret = isSecretPath(model, `${inputs.buildArgs}.${key}`);
    args.set(name, typeof value === "string" && !secret ? value : UNKNOWN);
  }
  return args;
}

/**
 * A Pulumi image build (`docker-build:index:Image`, `docker:index/image:Image`) as the Dockerfile it builds: its
 * inline Dockerfile, or the file it names, read from disk (relative paths from the program's directory, the working
 * directory). An unknown input, a remote Dockerfile or one that cannot be read gives `stages: UNKNOWN`, which every
 * Dockerfile rule answers with "could not be evaluated".
 */
export function dockerfileOfImageBuild(model: Resource, resource: PulumiResource): Resource {
  const inputs = PROVIDERS[resource.type];
  if (inputs === undefined) return model;
  const target = valueAt(model.props, inputs.target);
  const withTarget = (props: Record<string, unknown>) => (typeof target === "string" || isUnknown(target) ? { ...props, target } : props);
  const unavailable = (reason: string): Resource => ({ ...model, props: withTarget({ global_args: UNKNOWN, stages: UNKNOWN, unavailable: reason }), secretPaths: [] });

  const source = sourceOf(model.props, inputs, resource.programDir ?? process.cwd());
  if ("unavailable" in source) return unavailable(source.unavailable);
  let text: string;
  let file: string | undefined;
  if ("inline" in source) {
    text = source.inline;
  } else {
    const candidates = source.candidates.flatMap(dockerfileCandidates);
    // The first candidate that reads; when none does, the first one's error.
    const path = candidates.find((candidate) => "text" in readCached(candidate)) ?? candidates[0];
    const read = readCached(path);
    if ("error" in read) return unavailable(`the Dockerfile could not be read: ${read.error}`);
    text = read.text;
    file = displayPath(path);
  }

  const parsed = parseDockerfile(text, { file, buildArgs: buildArgsOf(model, resource.props, inputs) });
  // An inline Dockerfile given as a secret is secret in every part.
  const secret = "inline" in source && inputs.inline !== undefined && isSecretPath(model, inputs.inline);
  const result: Resource = {
    ...model,
    props: withTarget(parsed.props),
    location: file === undefined ? model.location : { ...model.location, file },
    secretPaths: secret ? ["global_args", "stages"] : [],
  };
  // Lines of an inline Dockerfile are lines of a string in the program, not of a file a report could point to.
  if (file !== undefined) result.propertyLocations = parsed.propertyLocations;
  return result;
}
