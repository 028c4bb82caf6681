/**
 * Turns the flat run of pieces the parser reads from a string or heredoc into template parts: `~` strip markers
 * first, then `<<-` indentation (which therefore sees text already stripped), then `%{if}`/`%{for}` nesting.
 */
import type { Expression, TemplatePart } from "./syntax";

interface PieceBase {
  /** Offsets, as in syntax nodes. */
  start: number;
  end: number;
}

/**
 * Heredoc and bare template text (a .tf.json string, a templatefile()) comes one line at a time, each ending with its
 * line end, so strip markers reach one line only.
 */
export interface TextPiece extends PieceBase {
  kind: "Text";
  value: string;
}

export interface SequencePiece extends PieceBase {
  /** `${~` or `%{~` */
  stripBefore: boolean;
  /** `~}` */
  stripAfter: boolean;
}

export interface InterpolationPiece extends SequencePiece {
  kind: "Interpolation";
  expression: Expression;
}

export interface IfPiece extends SequencePiece {
  kind: "If";
  condition: Expression;
}

export interface ForPiece extends SequencePiece {
  kind: "For";
  keyVariable: string | undefined;
  valueVariable: string;
  collection: Expression;
}

export interface KeywordPiece extends SequencePiece {
  kind: "Else" | "EndIf" | "EndFor";
}

export type SequencePieces = InterpolationPiece | IfPiece | ForPiece | KeywordPiece;
export type TemplatePiece = TextPiece | SequencePieces;

/** Reports a misplaced directive: the parser turns it into an HclSyntaxError. */
export type DirectiveError = (piece: TemplatePiece, reason: string) => never;

/** The whitespace `~` strips and `<<-` counts: Unicode white space, as in HCL. */
const LEADING_SPACE = /^\s+/u;
const TRAILING_SPACE = /\s+$/u;
const SPACE = /\s/u;

/** How many white-space characters `text` starts with: a loop rather than LEADING_SPACE, whose match is an array per line. */
function leadingSpaceLength(text: string): number {
  let i = 0;
  for (; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 32 || (code >= 9 && code <= 13)) continue;
    if (code < 128 || !SPACE.test(text[i])) break;
  }
  return i;
}

export function applyStripMarkers(pieces: TemplatePiece[]): void {
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (piece.kind === "Text") continue;
    const before = pieces[i - 1];
    if (piece.stripBefore && before?.kind === "Text") before.value = before.value.replace(TRAILING_SPACE, "");
    const after = pieces[i + 1];
    if (piece.stripAfter && after?.kind === "Text") after.value = after.value.replace(LEADING_SPACE, "");
  }
}

/**
 * `<<-` removes the smallest indentation of the lines from every line. Blank lines do not count and keep their
 * spaces; a line that starts with a sequence has no indentation, so nothing is removed. Indentation is counted in
 * characters, tabs included.
 */
export function removeHeredocIndentation(pieces: TemplatePiece[]): void {
  let smallest = Infinity;
  const lineStarts: TextPiece[] = [];
  let atLineStart = true;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (atLineStart) {
      if (piece.kind !== "Text") return;
      const indentation = leadingSpaceLength(piece.value);
      const blank = indentation === piece.value.length && piece.value.endsWith("\n");
      if (!blank) {
        lineStarts.push(piece);
        smallest = Math.min(smallest, indentation);
      }
    }
    atLineStart = piece.kind === "Text" && piece.value.endsWith("\n");
  }
  if (smallest === 0 || smallest === Infinity) return;
  // White space is all in the Basic Multilingual Plane, so counting UTF-16 units counts characters here.
  for (const piece of lineStarts) piece.value = piece.value.slice(smallest);
}

/** Nests the directives, which the parser let nest no deeper than its bound; `fail` reports unbalanced ones. */
export function nestTemplateParts(pieces: TemplatePiece[], fail: DirectiveError): TemplatePart[] {
  return new Nesting(pieces, fail).readUntil(NO_CLOSERS, undefined);
}

const NO_CLOSERS: ReadonlyArray<TemplatePiece["kind"]> = [];
const IF_BRANCH_CLOSERS: ReadonlyArray<TemplatePiece["kind"]> = ["Else", "EndIf"];
const ELSE_BRANCH_CLOSERS: ReadonlyArray<TemplatePiece["kind"]> = ["EndIf"];
const FOR_BODY_CLOSERS: ReadonlyArray<TemplatePiece["kind"]> = ["EndFor"];

/** A class rather than a function with a nested one: that was a closure and its context allocated per template. */
class Nesting {
  private index = 0;

  constructor(
    private readonly pieces: TemplatePiece[],
    private readonly fail: DirectiveError,
  ) {}

  readUntil(closers: ReadonlyArray<TemplatePiece["kind"]>, opener: TemplatePiece | undefined): TemplatePart[] {
    const { pieces, fail } = this;
    const parts: TemplatePart[] = [];
    for (;;) {
      const piece = pieces[this.index];
      if (piece === undefined) {
        if (opener === undefined) return parts;
        return fail(opener, `this %{${opener.kind === "If" ? "if" : "for"}} has no matching %{${closers.at(-1)!.toLowerCase()}}`);
      }
      if (closers.includes(piece.kind)) return parts;
      this.index++;
      switch (piece.kind) {
        case "Text":
          this.readText(parts);
          break;
        case "Interpolation":
          parts.push({ kind: "Interpolation", expression: piece.expression, start: piece.start, end: piece.end });
          break;
        case "If": {
          const trueParts = this.readUntil(IF_BRANCH_CLOSERS, piece);
          let falseParts: TemplatePart[] = [];
          if (pieces[this.index].kind === "Else") {
            this.index++;
            falseParts = this.readUntil(ELSE_BRANCH_CLOSERS, piece);
          }
          const endIf = pieces[this.index++];
          parts.push({ kind: "IfDirective", condition: piece.condition, trueParts, falseParts, start: piece.start, end: endIf.end });
          break;
        }
        case "For": {
          const bodyParts = this.readUntil(FOR_BODY_CLOSERS, piece);
          const endFor = pieces[this.index++];
          parts.push({
            kind: "ForDirective",
            keyVariable: piece.keyVariable,
            valueVariable: piece.valueVariable,
            collection: piece.collection,
            bodyParts,
            start: piece.start,
            end: endFor.end,
          });
          break;
        }
        default:
          return fail(piece, `unexpected %{${piece.kind.toLowerCase()}}: the template's directives are unbalanced`);
      }
    }
  }

  /**
   * The text piece just read and those right after it, as one part if any is not empty: a piece is a part as it is,
   * and a run is joined at once (added piece by piece, a heredoc's text was a chain of one string per line).
   */
  private readText(parts: TemplatePart[]): void {
    const pieces = this.pieces;
    const runStart = this.index - 1;
    let runEnd = runStart;
    let first: TextPiece | undefined;
    let last: TextPiece | undefined;
    for (; runEnd < pieces.length && pieces[runEnd].kind === "Text"; runEnd++) {
      const piece = pieces[runEnd] as TextPiece;
      if (piece.value === "") continue;
      first ??= piece;
      last = piece;
    }
    this.index = runEnd;
    if (first === undefined || last === undefined) return;
    if (first === last) {
      parts.push(first);
      return;
    }
    const values: string[] = [];
    for (let i = runStart; i < runEnd; i++) values.push((pieces[i] as TextPiece).value);
    parts.push({ kind: "Text", value: values.join(""), start: first.start, end: last.end });
  }
}
