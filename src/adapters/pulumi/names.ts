/**
 * What the rules say, in the names a Pulumi program uses: rules read and name Terraform's snake_case properties, and
 * a Pulumi user wrote `memorySize`, not `memory_size`. The policy pack and `prodready pulumi` both say it this way.
 */
import { getOrAdd } from "../../collections";
import type { Resource } from "../../model/resource";
import { keepsInputNames } from "./index";
import { propertyNames, pulumiKey, toPulumiInputs } from "./properties";

/** Translations already made, by kind and path; bounded, since paths can hold map keys from the resources. */
const pulumiPaths = new Map<string, string>();
const MAX_PULUMI_PATHS = 10_000;

/**
 * A canonical property path in the names a Pulumi program uses (`ebs_block_device.0.volume_size` →
 * `ebsBlockDevices.0.volumeSize`). A resource modelled as something else than its inputs (an image build as its
 * Dockerfile) keeps the path as its model names it, as `pulumiMessage` keeps its message: the program has no such input.
 */
export function pulumiPath(kind: string, path: string): string {
  if (!keepsInputNames(kind)) return path;
  const key = `${kind} ${path}`;
  let translation = pulumiPaths.get(key);
  if (translation === undefined) {
    if (pulumiPaths.size >= MAX_PULUMI_PATHS) pulumiPaths.clear();
    pulumiPaths.set(key, (translation = translatedPath(kind, path)));
  }
  return translation;
}

/**
 * The type token a Pulumi program creates a resource with, from its URN, where a child's type follows its parents'
 * after `$`: `urn:pulumi:dev::shop::my:Api$aws:ec2/securityGroup:SecurityGroup::web` → `aws:ec2/securityGroup:SecurityGroup`.
 * Undefined for what is not a URN.
 */
export function pulumiType(urn: string): string | undefined {
  // Stack, project and type tokens hold no `::`; the name after them may.
  const type = urn.startsWith("urn:pulumi:") ? urn.split("::")[2]?.split("$").at(-1) : undefined;
  return type || undefined;
}

/** The path as a one-branch patch, so the adapter's rules for map keys and plural blocks apply as to any input. */
function branch(path: string): Record<string, unknown> {
  return path.split(".").reduceRight<unknown>((inner, segment) => ({ [segment]: inner }), true) as Record<string, unknown>;
}

function translatedPath(kind: string, path: string): string {
  const names: string[] = [];
  for (let node: unknown = toPulumiInputs(kind, branch(path)); node !== null && typeof node === "object"; ) {
    const [name, child] = Object.entries(node)[0];
    names.push(name);
    node = child;
  }
  return names.join(".");
}

/** A snake_case word: English has none, so it can only be a name. */
const SNAKE_CASE = /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g;
/** Text in double quotes is the user's (a container's name, a route key) and stays as written. */
const QUOTED = /("[^"]*")/;

/**
 * A rule's message about `path` of a Pulumi resource, with each snake_case name of one of the resource's own
 * properties (one on the path, or one it sets, outside user-keyed maps) renamed as `pulumiPath` renames it:
 * `memory_size must be set` → `memorySize must be set`. Other words, values and quoted text stay as they are, and so
 * does the message of a resource modelled as something else than its inputs (an image build as its Dockerfile).
 */
export function pulumiMessage(resource: Resource, path: string, message: string): string {
  if (!keepsInputNames(resource.kind) || !message.includes("_")) return message;
  // Walked once per resource, however many verdicts it gets.
  const own = getOrAdd(ownPropertyNames, resource.props, () => propertyNames(resource.props));
  const onPath = path === "" ? undefined : propertyNames(branch(path));
  const isName = (word: string) => own.has(word) || (onPath?.has(word) ?? false);
  return message
    .split(QUOTED)
    .map((part, index) => (index % 2 === 1 ? part : part.replace(SNAKE_CASE, (word) => (isName(word) ? pulumiKey(resource.kind, word) : word))))
    .join("");
}

/** Each resource's property names (`propertyNames`), by its props object. */
const ownPropertyNames = new WeakMap<object, Set<string>>();
