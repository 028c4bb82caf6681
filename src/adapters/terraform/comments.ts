/**
 * Inline suppressions in HCL: a `# prodready:ignore <RULE> <reason>` comment on the line of a resource, module,
 * argument or nested block, or on the lines just above it, covers that resource (every instance of it), module or
 * property.
 */
import type { Diagnostic } from "../../model/diagnostic";
import { anchoredSuppressions, type Anchor } from "../../engine/comment-suppressions";
import { SUPPRESSION_MARKER, type Suppression } from "../../engine/suppressions";
import type { LineIndex } from "./hcl/lines";
import type { Block, Body, Comment } from "./hcl/syntax";

function joinPath(path: string | undefined, key: string | number): string {
  return path === undefined ? String(key) : `${path}.${key}`;
}

function bodyAnchors(body: Body, lines: LineIndex, address: string, path: string | undefined, into: Anchor[]): void {
  const line = (offset: number) => lines.position(offset).line;
  for (const attribute of body.attributes) into.push({ line: line(attribute.start), address, path: joinPath(path, attribute.name) });
  const seen = new Map<string, number>();
  for (const block of body.blocks) {
    if (block.type === "dynamic") {
      const type = block.labels[0]?.value;
      if (type !== undefined) into.push({ line: line(block.start), address, path: joinPath(path, type) });
      continue;
    }
    const index = seen.get(block.type) ?? 0;
    seen.set(block.type, index + 1);
    const blockPath = joinPath(joinPath(path, block.type), index);
    into.push({ line: line(block.start), address, path: blockPath });
    bodyAnchors(block.body, lines, address, blockPath, into);
  }
}

function fileAnchors(blocks: readonly Block[], lines: LineIndex, prefix: string): Anchor[] {
  const anchors: Anchor[] = [];
  for (const block of blocks) {
    const labels = block.labels.map((label) => label.value);
    let address: string | undefined;
    if (block.type === "resource" && labels.length === 2) address = `${prefix}${labels[0]}.${labels[1]}`;
    else if (block.type === "module" && labels.length === 1) address = `${prefix}module.${labels[0]}`;
    if (address === undefined) continue;
    anchors.push({ line: lines.position(block.start).line, address });
    bodyAnchors(block.body, lines, address, undefined, anchors);
  }
  return anchors;
}

export function commentSuppressions(
  fileName: string,
  source: string,
  lines: LineIndex,
  comments: readonly Comment[],
  blocks: readonly Block[],
  /** Address prefix of the module instance (`module.app.`); a module evaluated twice reads its comments twice. */
  prefix: string,
  diagnostics: Diagnostic[],
): Suppression[] {
  // Placed only if they may be directives: most comments are not, and a module's are read once per instance.
  const placed = comments
    .filter((comment) => comment.text.includes(SUPPRESSION_MARKER))
    .map((comment) => ({ text: comment.text, start: lines.position(comment.start), end: lines.position(comment.end) }));
  return anchoredSuppressions(fileName, source, placed, () => fileAnchors(blocks, lines, prefix), "a resource, module, argument or block", diagnostics);
}
