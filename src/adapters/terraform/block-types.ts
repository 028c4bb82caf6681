/**
 * The block types a module file's top level may hold, and what to say of another one. The set is Terraform 1.14's
 * (`action` is new in it); OpenTofu 1.10 knows the same ones but `action`, and adds none of its own.
 */
import { nearestName } from "../../spelling";

export const TOP_LEVEL_BLOCK_TYPES = [
  "terraform",
  "provider",
  "variable",
  "locals",
  "output",
  "module",
  "resource",
  "data",
  "ephemeral",
  "action",
  "moved",
  "import",
  "check",
  "removed",
] as const;

export type TopLevelBlockType = (typeof TOP_LEVEL_BLOCK_TYPES)[number];

const KNOWN: ReadonlySet<string> = new Set(TOP_LEVEL_BLOCK_TYPES);

export function isTopLevelBlockType(type: string): type is TopLevelBlockType {
  return KNOWN.has(type);
}

/** Why Terraform refuses a top-level block of a type it does not know, which is therefore ignored. */
export function unknownBlockTypeMessage(type: string): string {
  if (type === "required_providers") return "a required_providers block belongs inside the terraform block, not at the top level; ignored";
  const nearest = nearestName(type, TOP_LEVEL_BLOCK_TYPES);
  return `unknown top-level block type "${type}"${nearest === undefined ? "" : ` (did you mean "${nearest}"?)`}; ignored`;
}
