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
