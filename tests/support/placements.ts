/** What a fuzzed reader of the files adapter must always give: places for everything, and resources of its own. */
import type { FileReading } from "../../src/adapters/files/format";
import type { Resource } from "../../src/model/resource";

export interface PlacementExpectations {
  /** The display names a place may be in. */
  files: readonly string[];
  /** Why a resource is not one this reader makes for these files, or undefined when it is. */
  foreign: (resource: Resource) => string | undefined;
}

/**
 * What does not hold, as a list: a diagnostic without file, line and column; a resource that is not the reader's, or
 * without a place, or with a property place outside the files; two resources at one address.
 */
export function misplacements(reading: FileReading, { files, foreign }: PlacementExpectations): string[] {
  const problems: string[] = [];
  const placed = (where: { file?: string; line?: number }) => where.file !== undefined && files.includes(where.file) && Number.isInteger(where.line) && where.line! >= 1;
  for (const diagnostic of reading.diagnostics) if (!placed(diagnostic) || !(diagnostic.column! >= 1)) problems.push(`diagnostic without a place: ${JSON.stringify(diagnostic)}`);
  const addresses = new Set<string>();
  for (const resource of reading.resources) {
    const notOurs = foreign(resource);
    if (notOurs !== undefined) problems.push(`${notOurs}: ${resource.address}`);
    if (!placed(resource.location)) problems.push(`resource without a place: ${resource.address}`);
    for (const [path, where] of Object.entries(resource.propertyLocations ?? {})) if (!placed(where)) problems.push(`${resource.address} ${path} without a place`);
    if (addresses.has(resource.address)) problems.push(`two resources at ${resource.address}`);
    addresses.add(resource.address);
  }
  return problems;
}
