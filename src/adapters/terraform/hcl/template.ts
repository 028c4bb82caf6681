/**
 * Turns the flat run of pieces the parser reads from a string or heredoc into template parts: `~` strip markers
 * first, then `<<-` indentation (which therefore sees text already stripped), then `%{if}`/`%{for}` nesting.
 */
import type { Expression, TemplatePart, TemplateText } from "./syntax";

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
  let index = 0;

  function readUntil(closers: ReadonlyArray<TemplatePiece["kind"]>, opener: TemplatePiece | undefined): TemplatePart[] {
    const parts: TemplatePart[] = [];
    for (;;) {
      const piece = pieces[index];
      if (piece === undefined) {
        if (opener === undefined) return parts;
        return fail(opener, `this %{${opener.kind === "If" ? "if" : "for"}} has no matching %{${closers.at(-1)!.toLowerCase()}}`);
      }
      if (closers.includes(piece.kind)) return parts;
      index++;
      switch (piece.kind) {
        case "Text":
          appendText(parts, piece);
          break;
        case "Interpolation":
          parts.push({ kind: "Interpolation", expression: piece.expression, start: piece.start, end: piece.end });
          break;
        case "If": {
          const trueParts = readUntil(["Else", "EndIf"], piece);
          let falseParts: TemplatePart[] = [];
          if (pieces[index].kind === "Else") {
            index++;
            falseParts = readUntil(["EndIf"], piece);
          }
          const endIf = pieces[index++];
          parts.push({ kind: "IfDirective", condition: piece.condition, trueParts, falseParts, start: piece.start, end: endIf.end });
          break;
        }
        case "For": {
          const bodyParts = readUntil(["EndFor"], piece);
          const endFor = pieces[index++];
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

  return readUntil([], undefined);
}

function appendText(parts: TemplatePart[], piece: TextPiece): void {
  if (piece.value === "") return;
  const previous = parts.at(-1);
  if (previous?.kind === "Text") {
    previous.value += piece.value;
    previous.end = piece.end;
    return;
  }
  const text: TemplateText = { kind: "Text", value: piece.value, start: piece.start, end: piece.end };
  parts.push(text);
}
