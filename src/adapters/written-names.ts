/**
 * What the rules say, in the names a program writes: rules read and name Terraform's snake_case properties, and a
 * Pulumi or CDKTF user wrote `memorySize`, not `memory_size`. Each engine says how it names one property; messages
 * and paths are translated the same way for all of them here.
 */
import { getOrAdd } from "../collections";
import type { MessageNaming } from "../engine/evaluate";
import { isRecord, VERBATIM_PROPERTIES, type Resource } from "../model/resource";

/** The canonical names a model's properties use at any depth, but for the keys of user-keyed maps, which are data. */
function propertyNames(props: unknown, names = new Set<string>()): Set<string> {
  if (Array.isArray(props)) for (const entry of props) propertyNames(entry, names);
  else if (isRecord(props)) {
    for (const [key, child] of Object.entries(props)) {
      names.add(key);
      if (!VERBATIM_PROPERTIES.has(key)) propertyNames(child, names);
    }
  }
  return names;
}

const camelCases = new Map<string, string>();

/** `memory_size` → `memorySize`, as both Pulumi's and CDKTF's bindings write a Terraform name. */
export function camelCase(snake: string): string {
  let name = camelCases.get(snake);
  if (name === undefined) {
    name = snake.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
    // Keys under user-chosen maps are unbounded; the names resources share are few.
    if (camelCases.size >= 10_000) camelCases.clear();
    camelCases.set(snake, name);
  }
  return name;
}

/** An engine's translation of messages and canonical property paths into the names its programs write. */
export interface WrittenNames {
  /**
   * A rule's message about `path` of a resource, with each snake_case name of one of the resource's own properties
   * (one on the path or on a path in `named`, or one it sets, outside user-keyed maps) renamed as `path` renames it:
   * `memory_size must be set` → `memorySize must be set`. Other words, values and quoted text stay as they are.
   */
  message: MessageNaming;
  /** A canonical property path in the program's names (`ebs_block_device.0.volume_size` → `ebsBlockDevices.0.volumeSize` in Pulumi). */
  path(kind: string, path: string): string;
}

/** A snake_case word: English has none, so it can only be a name. */
const SNAKE_CASE = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g;
/**
 * A property path written into a message (`user.0.password is a literal`): translated whole, as `path` is, where its
 * first step is one of the resource's names, since one-word names are renamed too (`user` is Pulumi's `users`).
 */
const DOTTED_PATH = /\b[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+\b/g;
/** Text in double quotes is the user's (a container's name, a route key) and stays as written. */
const QUOTED = /("[^"]*")/;
/** Translations of paths kept per engine; bounded, since paths can hold map keys from the resources. */
const MAX_PATHS = 10_000;

/** Each resource's property names (`propertyNames`), by its props object. */
const ownPropertyNames = new WeakMap<object, Set<string>>();

/** The segments of a path that name properties: all up to a user-keyed map's, whose keys below are data. */
function namedSegments(segments: readonly string[]): number {
  const map = segments.findIndex((segment) => VERBATIM_PROPERTIES.has(segment));
  return map === -1 ? segments.length : map + 1;
}

/**
 * The translation for an engine whose programs name a canonical property of a resource of `kind` as `key` says.
 * A kind the engine models as something else than its inputs (a Pulumi image build as its Dockerfile) keeps the
 * canonical names in its messages and paths, where `keepsInputNames` says no: the program has no such input.
 */
export function writtenNames(key: (kind: string, name: string) => string, keepsInputNames: (kind: string) => boolean = () => true): WrittenNames {
  const paths = new Map<string, string>();
  const translate = (kind: string, path: string): string => {
    const segments = path.split(".");
    const named = namedSegments(segments);
    return segments.map((segment, index) => (index < named ? key(kind, segment) : segment)).join(".");
  };
  return {
    path(kind, path) {
      if (!keepsInputNames(kind)) return path;
      const cacheKey = `${kind} ${path}`;
      let translation = paths.get(cacheKey);
      if (translation === undefined) {
        if (paths.size >= MAX_PATHS) paths.clear();
        paths.set(cacheKey, (translation = translate(kind, path)));
      }
      return translation;
    },
    message(resource: Resource, path: string, message: string, named: readonly string[] = []) {
      if (!keepsInputNames(resource.kind) || !(message.includes("_") || message.includes("."))) return message;
      // Walked once per resource, however many verdicts it gets.
      const own = getOrAdd(ownPropertyNames, resource.props, () => propertyNames(resource.props));
      const onPaths = new Set<string>();
      for (const onePath of [path, ...named]) {
        const segments = onePath === "" ? [] : onePath.split(".");
        for (const segment of segments.slice(0, namedSegments(segments))) onPaths.add(segment);
      }
      const isName = (word: string) => own.has(word) || onPaths.has(word);
      return message
        .split(QUOTED)
        .map((part, index) =>
          index % 2 === 1
            ? part
            : part
                .replace(DOTTED_PATH, (steps) => (isName(steps.slice(0, steps.indexOf("."))) ? translate(resource.kind, steps) : steps))
                .replace(SNAKE_CASE, (word) => (isName(word) ? key(resource.kind, word) : word)),
        )
        .join("");
    },
  };
}
