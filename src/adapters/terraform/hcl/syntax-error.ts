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

/**
 * Why a construct the parser met `depth` levels deep is refused, `maxDepth` being the parser's bound: "this list is
 * nested 513 levels deep, more than the 512 prodready reads ...".
 */
export function nestedTooDeep(construct: string, depth: number, maxDepth: number): string {
  const levels = (count: number) => count.toLocaleString("en-US");
  return `this ${construct} is nested ${levels(depth)} levels deep, more than the ${levels(maxDepth)} prodready reads (lists, objects, parentheses, calls, indexes, templates, operators, conditionals and blocks counted together)`;
}
