/** What ECR's wildcard filters match, shared by the rules on repositories. */
import { isUnknown } from "../model/resource";
import { answer, type Reference } from "./read";

/**
 * Whether a wildcard filter (a registry scanning rule's repository filter, a tag mutability exclusion filter)
 * matches every name or tag: a filter of `*` alone does, and no other, as ECR's filters allow only `*` as a wildcard.
 */
export function matchesEverything(filter: unknown): Reference {
  if (isUnknown(filter)) return "unknown";
  return answer(typeof filter === "string" && /^\*+$/.test(filter));
}
