import { UNTRACED, type Resource } from "../../src/model/resource";

/** A resource's dependencies as a list, in the order they are reached, to compare with one. */
export function dependencyList(resource: Resource): string[] | undefined {
  return resource.dependencies && [...resource.dependencies];
}

/** A resource's references, each property's addresses as a list in the order they are reached, to compare with one. */
export function referenceLists(resource: Resource): Record<string, string[] | typeof UNTRACED> | undefined {
  const references = resource.references;
  return references && Object.fromEntries(Object.entries(references).map(([property, addresses]) => [property, addresses === UNTRACED ? UNTRACED : [...addresses]]));
}
