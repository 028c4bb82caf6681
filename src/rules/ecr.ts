/** What ECR's wildcard filters match, and what a repository's tag mutability setting makes of a tag, shared by the rules on repositories and images. */
import { containsUnknown, isUnknown, type PropertyPath, UNKNOWN, type Unknown, valueAt } from "../model/resource";
import { answer, items, join, type Reference, strongest } from "./read";

export const MUTABILITY = "image_tag_mutability";
export const EXCLUSION_FILTER = "image_tag_mutability_exclusion_filter";

/**
 * Whether a wildcard filter (a registry scanning rule's repository filter, a tag mutability exclusion filter)
 * matches every name or tag: a filter of `*` alone does, and no other, as ECR's filters allow only `*` as a wildcard.
 */
export function matchesEverything(filter: unknown): Reference {
  if (isUnknown(filter)) return "unknown";
  return answer(typeof filter === "string" && /^\*+$/.test(filter));
}

/** A repository's tag mutability setting as ECR reads it, whatever its case (anything else is the default, `MUTABLE`). */
export function mutabilitySetting(mode: unknown): string | Unknown {
  if (containsUnknown(mode)) return UNKNOWN;
  return typeof mode === "string" ? mode.toUpperCase() : "MUTABLE";
}

/** The wildcard of each of a repository's tag mutability exclusion filters, with its path, from its arguments. */
export function exclusionFilters(repository: Record<string, unknown>): { path: PropertyPath; filter: unknown }[] | Unknown {
  const filters = items(repository, EXCLUSION_FILTER);
  return isUnknown(filters) ? filters : filters.map((each) => ({ path: join(each.path, "filter"), filter: valueAt(each.value, "filter") }));
}

/** Whether a wildcard filter, where `*` stands for any run of characters, matches `tag`. */
function matchesTag(filter: unknown, tag: string): Reference {
  if (isUnknown(filter)) return "unknown";
  if (typeof filter !== "string") return "no";
  const pattern = filter.split("*").map((piece) => piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return answer(new RegExp(`^${pattern}$`).test(tag));
}

/**
 * Whether a repository given `repository` (its arguments) keeps `tag` on one image once pushed: `IMMUTABLE` does for
 * every tag; `IMMUTABLE_WITH_EXCLUSION` for a tag none of its exclusion filters match, and `MUTABLE_WITH_EXCLUSION`
 * for one they do; `MUTABLE`, the default, for none.
 */
export function keepsTag(repository: Record<string, unknown>, tag: string): Reference {
  const setting = mutabilitySetting(valueAt(repository, MUTABILITY));
  if (isUnknown(setting)) return "unknown";
  if (setting === "IMMUTABLE") return "yes";
  if (setting !== "IMMUTABLE_WITH_EXCLUSION" && setting !== "MUTABLE_WITH_EXCLUSION") return "no";
  const filters = exclusionFilters(repository);
  if (isUnknown(filters)) return "unknown";
  const excluded = strongest(filters.map(({ filter }) => matchesTag(filter, tag)));
  if (excluded === "unknown") return "unknown";
  return answer((excluded === "yes") === (setting === "MUTABLE_WITH_EXCLUSION"));
}
