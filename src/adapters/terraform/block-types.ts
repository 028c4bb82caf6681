/**
 * The block types a module file's top level may hold, and what to say of another one. The set is Terraform 1.14's
 * (`action` is new in it); OpenTofu 1.10 knows the same ones but `action`, and adds none of its own.
 */
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

/** How many single-character insertions, deletions and substitutions turn `from` into `to`. */
function editDistance(from: string, to: string): number {
  let previous = Array.from({ length: to.length + 1 }, (_, index) => index);
  for (let i = 1; i <= from.length; i++) {
    const current = [i];
    for (let j = 1; j <= to.length; j++) {
      const substitution = previous[j - 1] + (from[i - 1] === to[j - 1] ? 0 : 1);
      current.push(Math.min(substitution, previous[j] + 1, current[j - 1] + 1));
    }
    previous = current;
  }
  return previous[to.length];
}

/** Further than this, a name is taken for another idea rather than a misspelling (Terraform suggests alike). */
const MISSPELLING_DISTANCE = 2;

/** The known block type a misspelled one most likely meant: `resource` for `resourse` or `Resource`. */
function nearestBlockType(type: string): TopLevelBlockType | undefined {
  let nearest: TopLevelBlockType | undefined;
  let nearestDistance = MISSPELLING_DISTANCE + 1;
  for (const known of TOP_LEVEL_BLOCK_TYPES) {
    const distance = editDistance(type, known);
    if (distance < nearestDistance) [nearest, nearestDistance] = [known, distance];
  }
  return nearest;
}

/** Why Terraform refuses a top-level block of a type it does not know, which is therefore ignored. */
export function unknownBlockTypeMessage(type: string): string {
  if (type === "required_providers") return "a required_providers block belongs inside the terraform block, not at the top level; ignored";
  const nearest = nearestBlockType(type);
  return `unknown top-level block type "${type}"${nearest === undefined ? "" : ` (did you mean "${nearest}"?)`}; ignored`;
}
