import type { Position } from "./syntax";

/** Malformed HCL: the only error the parser throws. The message reads `main.tf:3:7: expected ...`. */
export class HclSyntaxError extends Error {
  override name = "HclSyntaxError";

  constructor(
    readonly fileName: string,
    readonly position: Position,
    readonly reason: string,
  ) {
    super(`${fileName}:${position.line}:${position.column}: ${reason}`);
  }

  get line(): number {
    return this.position.line;
  }

  get column(): number {
    return this.position.column;
  }
}

/** Errors are rare, so their positions are found by counting lines afresh rather than tracked while scanning. */
export function positionAt(source: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1, offset };
}
