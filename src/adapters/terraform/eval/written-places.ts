import type { SourceLocation } from "../../../model/resource";
import { locate, type LocatedFile } from "../hcl/lines";

/** The places of an instance's property paths, as `Resource.propertyLocations` and `readLocations` give them. */
interface LocatedPlaces {
  written: Record<string, SourceLocation>;
  /** Paths whose `written` place is elsewhere (a caller's argument, a default, a tfvars file): the place of the argument here that reads it. */
  read?: Record<string, SourceLocation>;
}

/**
 * Where each property path of an instance is written, kept as offsets and given a line and column only when first
 * asked: findings, which alone read them, name a few paths of a few of the resources, and locating and keying every
 * path of every resource cost a few percent of a check. Kept flat, four slots an entry, so that none is an object.
 */
export class WrittenPlaces {
  /**
   * Per entry: the path; "replaces" (an earlier place of the path), "first" (kept unless the path has one) or, for a
   * value written elsewhere, its place there; then the file and offset of the place here. The file is held as long as
   * the resource, which is judged before its module's files are let go.
   */
  private readonly entries: unknown[] = [];
  private located?: LocatedPlaces;

  /** The value at `path` is written at `offset` of `file`. */
  add(path: string, file: LocatedFile, offset: number, kept: "replaces" | "first" = "replaces"): void {
    this.entries.push(path, kept, file, offset);
  }

  /** The value at `path` is written at `elsewhere`, and read here, at `offset` of `file`. */
  addElsewhere(path: string, elsewhere: SourceLocation, file: LocatedFile, offset: number): void {
    this.entries.push(path, elsewhere, file, offset);
  }

  /** Each path's place, worked out once, in the order they were added: a later place replaces an earlier one. */
  locations(): LocatedPlaces {
    if (this.located !== undefined) return this.located;
    const located: LocatedPlaces = { written: {} };
    const { entries } = this;
    for (let at = 0; at < entries.length; at += 4) {
      const path = entries[at] as string;
      const kept = entries[at + 1] as "replaces" | "first" | SourceLocation;
      const here = locate(entries[at + 2] as LocatedFile, entries[at + 3] as number);
      if (kept === "replaces") located.written[path] = here;
      else if (kept === "first") located.written[path] ??= here;
      else {
        located.written[path] = kept;
        (located.read ??= {})[path] = here;
      }
    }
    // Not needed again: let go of the paths and files.
    entries.length = 0;
    return (this.located = located);
  }
}

/**
 * What an evaluated resource is made from: its `propertyLocations` and `readLocations`, located from its places when
 * first read. Getters of a shared prototype: written in each resource's object literal, they made it a dictionary,
 * and every rule's read of the resource slower.
 */
export class LocatedWhenRead {
  readonly #places: WrittenPlaces;

  constructor(places: WrittenPlaces) {
    this.#places = places;
  }

  get propertyLocations(): Record<string, SourceLocation> {
    return this.#places.locations().written;
  }

  get readLocations(): Record<string, SourceLocation> | undefined {
    return this.#places.locations().read;
  }
}
