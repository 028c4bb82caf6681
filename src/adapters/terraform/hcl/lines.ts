import type { Position } from "./syntax";

export const BYTE_ORDER_MARK = 0xfeff;

/**
 * Where each line of a source starts, found the first time a position is asked for, so syntax trees can hold plain
 * offsets: position objects were more than half of a tree's memory. Lines end at LF (a CR before it is part of the
 * line end, a lone CR a column like any other), and a byte order mark is not a column.
 */
export class LineIndex {
  private starts: Uint32Array | undefined;

  constructor(private readonly source: string) {}

  position(offset: number): Position {
    const starts = (this.starts ??= this.findLineStarts());
    // The last line starting at or before offset.
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low] + 1, offset };
  }

  private findLineStarts(): Uint32Array {
    const src = this.source;
    let count = 1;
    for (let at = src.indexOf("\n"); at !== -1; at = src.indexOf("\n", at + 1)) count++;
    const starts = new Uint32Array(count);
    starts[0] = src.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0;
    let line = 1;
    for (let at = src.indexOf("\n"); at !== -1; at = src.indexOf("\n", at + 1)) starts[line++] = at + 1;
    return starts;
  }
}

/** A parsed file's name and line index: enough to say where one of its offsets is. */
export interface LocatedFile {
  fileName: string;
  lines: LineIndex;
}

/** Where an offset of `file` is, as findings and diagnostics say it. */
export function locate(file: LocatedFile, offset: number): { file: string; line: number; column: number } {
  const { line, column } = file.lines.position(offset);
  return { file: file.fileName, line, column };
}
