/**
 * Inline suppressions in HCL: a `# prodready:ignore <RULE> <reason>` comment on the line of a resource, module,
 * argument or nested block, or on the lines just above it, covers that resource (every instance of it), module or
 * property.
 */
import type { Diagnostic } from "../../model/diagnostic";
import { parseSuppressionComment, type Suppression } from "../../engine/suppressions";
import type { Block, Body, Comment } from "./hcl/syntax";

/** Something a comment can be about: where it starts and what it covers. */
interface Anchor {
  line: number;
  address: string;
  path?: string;
}

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
  return anchors.sort((a, b) => a.line - b.line);
}

/** A line that holds only whitespace or comment text, which may sit between a suppression and its target. */
function isCommentOrBlank(line: string): boolean {
  const text = line.trim();
  return text === "" || text.startsWith("#") || text.startsWith("//") || text.startsWith("/*") || text.startsWith("*");
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
  const candidates = comments.flatMap((comment) => {
    const parsed = parseSuppressionComment(comment.text);
    return parsed === undefined ? [] : [{ comment, parsed }];
  });
  if (candidates.length === 0) return [];
  const anchors = fileAnchors(blocks, prefix);
  const lines = source.split("\n");
  const suppressions: Suppression[] = [];
  for (const { comment, parsed } of candidates) {
    const where = { file: fileName, line: comment.start.line, column: comment.start.column };
    if ("error" in parsed) {
      diagnostics.push({ severity: "warning", code: "invalid-suppression", message: parsed.error, ...where });
      continue;
    }
    const sameLine = lines[comment.start.line - 1].slice(0, comment.start.column - 1).trim() !== "";
    let anchor: Anchor | undefined;
    if (sameLine) {
      anchor = [...anchors].reverse().find((candidate) => candidate.line === comment.start.line);
    } else {
      anchor = anchors.find((candidate) => candidate.line > comment.end.line);
      if (anchor && !lines.slice(comment.end.line, anchor.line - 1).every(isCommentOrBlank)) anchor = undefined;
    }
    if (anchor === undefined) {
      diagnostics.push({ severity: "warning", code: "invalid-suppression", message: "this suppression is not on or directly above a resource, module, argument or block", ...where });
      continue;
    }
    for (const rule of parsed.rules) {
      suppressions.push({
        rule,
        reason: parsed.reason,
        ...(parsed.expires === undefined ? {} : { expires: parsed.expires }),
        origin: "comment",
        location: where,
        address: anchor.address,
        ...(anchor.path === undefined ? {} : { path: anchor.path }),
      });
    }
  }
  return suppressions;
}
