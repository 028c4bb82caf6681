import type { Position } from "./syntax";

export const BYTE_ORDER_MARK = 0xfeff;

/**
 * Where each line of a source starts, so syntax trees can hold plain offsets: position objects were more than half
 * of a tree's memory. Given by the lexer, which meets every line end anyway, or found the first time a position is
 * asked for. Lines end at LF (a CR before it is part of the line end, a lone CR a column like any other), and a byte
 * order mark is not a column.
 */
export class LineIndex {
  private starts: number[] | undefined;
  /** The line (0-based) last found: evaluation asks in source order, so the next answer is usually at or just after it. */
  private recent = 0;

  constructor(private readonly source: string) {}

  /** The start of every line, in order, from a reader that has visited the whole source. */
  knowStarts(starts: number[]): void {
    this.starts = starts;
  }

  position(offset: number): Position {
    const line = this.lineOf(offset);
    return { line: line + 1, column: offset - this.starts![line] + 1, offset };
  }

  /** Where `offset` is, written as findings and diagnostics name places. */
  locate(fileName: string, offset: number): { file: string; line: number; column: number } {
    const line = this.lineOf(offset);
    return { file: fileName, line: line + 1, column: offset - this.starts![line] + 1 };
  }

  /** The 0-based line holding `offset`: the last line starting at or before it. */
  private lineOf(offset: number): number {
    const starts = (this.starts ??= this.findLineStarts());
    let line = this.recent;
    if (starts[line] <= offset) {
      // A few lines on from the last answer, before searching the whole file.
      for (let ahead = 0; ahead < 8 && line + 1 < starts.length && starts[line + 1] <= offset; ahead++) line++;
      if (line + 1 >= starts.length || starts[line + 1] > offset) return (this.recent = line);
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return (this.recent = low);
  }

  private findLineStarts(): number[] {
    const src = this.source;
    const starts = [firstLineStart(src)];
    for (let at = src.indexOf("\n"); at !== -1; at = src.indexOf("\n", at + 1)) starts.push(at + 1);
    return starts;
  }
}

/** Where the first line's first column is: after a byte order mark. */
export function firstLineStart(source: string): number {
  return source.charCodeAt(0) === BYTE_ORDER_MARK ? 1 : 0;
}

/** A parsed file's name and line index: enough to say where one of its offsets is. */
export interface LocatedFile {
  fileName: string;
  lines: LineIndex;
}

/** Where an offset of `file` is, as findings and diagnostics say it. */
export function locate(file: LocatedFile, offset: number): { file: string; line: number; column: number } {
  return file.lines.locate(file.fileName, offset);
}
