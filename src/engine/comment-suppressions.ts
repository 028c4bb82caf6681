/**
 * Inline suppression comments in any source with line comments (HCL, Dockerfiles, YAML): a `prodready:ignore`
 * comment on the line of an anchor (a resource, block or property), or directly above it with only comments or
 * blank lines between, covers what the anchor names.
 */
import type { Diagnostic } from "../model/diagnostic";
import { parseSuppressionComment, type Suppression } from "./suppressions";

/** Something a comment can be about: the line it starts on and what it covers. */
export interface Anchor {
  line: number;
  address: string;
  /** A property path, for an anchor inside a resource. */
  path?: string;
  /**
   * The lines it spans, for an anchor whose elements only evaluation tells apart, or that covers what is written
   * within it (see `Suppression.lines`).
   */
  lines?: { from: number; to: number };
}

/** A comment with its 1-based start and end, markers included in `text`. */
export interface LineComment {
  text: string;
  start: { line: number; column: number };
  end: { line: number };
}

/** A line that holds only whitespace or comment text, which may sit between a suppression and its target. */
function isCommentOrBlank(line: string): boolean {
  const text = line.trim();
  return text === "" || text.startsWith("#") || text.startsWith("//") || text.startsWith("/*") || text.startsWith("*");
}

/**
 * The suppressions the comments make; a directive that cannot be used, or that stands before nothing it could be
 * about, is reported as a warning where it is written. `describeAnchors` names what may follow, for that warning.
 */
export function anchoredSuppressions(
  fileName: string,
  source: string,
  comments: readonly LineComment[],
  /** Called only when there is a directive: most files have none, and anchors cost a walk of the file. */
  anchors: () => readonly Anchor[],
  describeAnchors: string,
  diagnostics: Diagnostic[],
): Suppression[] {
  const candidates = comments.flatMap((comment) => {
    const parsed = parseSuppressionComment(comment.text);
    return parsed === undefined ? [] : [{ comment, parsed }];
  });
  if (candidates.length === 0) return [];
  const sorted = [...anchors()].sort((a, b) => a.line - b.line);
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
      // The last listed of the anchors on its line: they are listed from the outside in, so the innermost.
      anchor = sorted[firstAfter(sorted, comment.start.line) - 1];
      if (anchor?.line !== comment.start.line) anchor = undefined;
    } else {
      anchor = sorted[firstAfter(sorted, comment.end.line)];
      if (anchor && !lines.slice(comment.end.line, anchor.line - 1).every(isCommentOrBlank)) anchor = undefined;
    }
    if (anchor === undefined) {
      diagnostics.push({ severity: "warning", code: "invalid-suppression", message: `this suppression is not on or directly above ${describeAnchors}`, ...where });
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
        ...(anchor.lines === undefined ? {} : { lines: anchor.lines }),
      });
    }
  }
  return suppressions;
}

/** The position in `sorted` (ordered by line) of the first anchor after `line`: a binary search, as a file may have thousands of both. */
function firstAfter(sorted: readonly Anchor[], line: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (sorted[middle].line > line) high = middle;
    else low = middle + 1;
  }
  return low;
}

/** Whole-line `#` comments, as Dockerfiles, YAML and shell write them. */
export function hashLineComments(source: string): LineComment[] {
  const comments: LineComment[] = [];
  source.split("\n").forEach((line, index) => {
    const column = line.search(/\S/);
    if (column !== -1 && line[column] === "#") comments.push({ text: line.slice(column).trimEnd(), start: { line: index + 1, column: column + 1 }, end: { line: index + 1 } });
  });
  return comments;
}
