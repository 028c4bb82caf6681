/**
 * Inline suppressions in HCL: a `# prodready:ignore <RULE> <reason>` comment on the line of a resource, module,
 * argument or nested block, or on the lines just above it, covers that resource (every instance of it), module or
 * property.
 */
import type { Diagnostic } from "../../model/diagnostic";
import { anchoredSuppressions, type Anchor } from "../../engine/comment-suppressions";
import type { Suppression } from "../../engine/suppressions";
import type { Block, Body, Comment } from "./hcl/syntax";

function joinPath(path: string | undefined, key: string | number): string {
  return path === undefined ? String(key) : `${path}.${key}`;
}

function bodyAnchors(body: Body, address: string, path: string | undefined, into: Anchor[]): void {
  for (const attribute of body.attributes) into.push({ line: attribute.start.line, address, path: joinPath(path, attribute.name) });
  const seen = new Map<string, number>();
  for (const block of body.blocks) {
    if (block.type === "dynamic") {
      const type = block.labels[0]?.value;
      if (type !== undefined) into.push({ line: block.start.line, address, path: joinPath(path, type) });
      continue;
    }
    const index = seen.get(block.type) ?? 0;
    seen.set(block.type, index + 1);
    const blockPath = joinPath(joinPath(path, block.type), index);
    into.push({ line: block.start.line, address, path: blockPath });
    bodyAnchors(block.body, address, blockPath, into);
  }
}

function fileAnchors(blocks: readonly Block[], prefix: string): Anchor[] {
  const anchors: Anchor[] = [];
  for (const block of blocks) {
    const labels = block.labels.map((label) => label.value);
    let address: string | undefined;
    if (block.type === "resource" && labels.length === 2) address = `${prefix}${labels[0]}.${labels[1]}`;
    else if (block.type === "module" && labels.length === 1) address = `${prefix}module.${labels[0]}`;
    if (address === undefined) continue;
    anchors.push({ line: block.start.line, address });
    bodyAnchors(block.body, address, undefined, anchors);
  }
  return anchors;
}

export function commentSuppressions(
  fileName: string,
  source: string,
  comments: readonly Comment[],
  blocks: readonly Block[],
  /** Address prefix of the module instance (`module.app.`); a module evaluated twice reads its comments twice. */
  prefix: string,
  diagnostics: Diagnostic[],
): Suppression[] {
  return anchoredSuppressions(fileName, source, comments, () => fileAnchors(blocks, prefix), "a resource, module, argument or block", diagnostics);
}
