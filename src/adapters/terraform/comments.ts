/**
 * Inline suppressions in HCL: a `# prodready:ignore <RULE> <reason>` comment on the line of a resource, module,
 * provider, backend or state encryption key provider block, argument or nested block, or on the lines just above it, covers that resource (every instance of it), module or
 * property; on an item inside an argument's value, the argument's findings located within the item; on a module
 * call's argument, the findings of the module's resources located within the argument, where the value it passes is
 * written; on a local value or a variable's default, those of the module's resources located within it.
 */
import type { Diagnostic } from "../../model/diagnostic";
import { anchoredSuppressions, type Anchor } from "../../engine/comment-suppressions";
import { SUPPRESSION_MARKER, type Suppression } from "../../engine/suppressions";
import { configurationBlocks } from "./definition";
import type { LineIndex } from "./hcl/lines";
import { attributeNamed, blockOfType, type Attribute, type Block, type Body, type Comment, type HclFile, type Node } from "./hcl/syntax";
import { eachItemWritten } from "./eval/module";

function joinPath(path: string | undefined, key: string | number): string {
  return path === undefined ? String(key) : `${path}.${key}`;
}

/**
 * The anchors in a resource's body. `path` is as much of the property path as the source tells: a block's place in
 * its list is known (`exact`) only while no `dynamic` block of its type comes before it, since how many blocks that
 * one makes is known once evaluated. So inside a nested block each anchor also carries the lines it spans, which
 * tell the elements a block made from the others.
 */
function bodyAnchors(body: Body, lines: LineIndex, address: string, path: string | undefined, exact: boolean, into: Anchor[]): void {
  const line = (offset: number) => lines.position(offset).line;
  const nested = path !== undefined;
  const span = (node: Node) => (nested ? { lines: { from: line(node.start), to: line(node.end) } } : {});
  for (const attribute of body.attributes) {
    const attributePath = exact ? joinPath(path, attribute.name) : path;
    into.push({ line: line(attribute.start), address, path: attributePath, ...span(attribute) });
    itemAnchors(attribute, lines, address, attributePath, into);
  }
  const seen = new Map<string, number>();
  const afterDynamic = new Set<string>();
  for (const block of body.blocks) {
    const dynamic = block.type === "dynamic";
    const type = dynamic ? block.labels[0]?.value : block.type;
    if (type === undefined) continue;
    const listPath = exact ? joinPath(path, type) : path!;
    const blockSpan = { lines: { from: line(block.start), to: line(block.end) } };
    if (dynamic) {
      afterDynamic.add(type);
      into.push({ line: line(block.start), address, path: listPath, ...blockSpan });
      const content = blockOfType(block.body, "content");
      if (content) bodyAnchors(content.body, lines, address, listPath, false, into);
      continue;
    }
    const index = seen.get(type) ?? 0;
    seen.set(type, index + 1);
    const known = exact && !afterDynamic.has(type);
    const blockPath = known ? joinPath(listPath, index) : listPath;
    into.push({ line: line(block.start), address, path: blockPath, ...blockSpan });
    bodyAnchors(block.body, lines, address, blockPath, known, into);
  }
}

/**
 * The anchors of the items an attribute's value writes (`eachItemWritten`: a key of `tags = {...}`, a container's
 * `image` in `jsonencode([...])`), covering the findings located within the lines each spans, as the attribute's
 * path names them. One per line, the outermost starting there, so a comment on that line covers all it holds; none
 * on the attribute's own line, where a comment covers the whole argument.
 */
function itemAnchors(attribute: Attribute, lines: LineIndex, address: string, path: string | undefined, into: Anchor[]): void {
  const line = (offset: number) => lines.position(offset).line;
  let anchored = line(attribute.start);
  eachItemWritten(attribute.expression, "", (_item, _path, at) => {
    const from = line(at.start);
    if (from === anchored) return;
    anchored = from;
    into.push({ line: from, address, path, lines: { from, to: line(at.end) } });
  });
}

/**
 * The anchors of a value written for whichever of the module instance's resources read it (a local value, a
 * variable's default): what it covers is what is written within it, where their findings are located.
 */
function anyReaderAnchors(attribute: Attribute, lines: LineIndex, scope: string, into: Anchor[]): void {
  const line = (offset: number) => lines.position(offset).line;
  into.push({ line: line(attribute.start), address: scope, lines: { from: line(attribute.start), to: line(attribute.end) } });
  itemAnchors(attribute, lines, scope, undefined, into);
}

function fileAnchors(blocks: readonly Block[], lines: LineIndex, prefix: string): Anchor[] {
  const anchors: Anchor[] = [];
  const scope = prefix.endsWith(".") ? prefix.slice(0, -1) : prefix;
  for (const block of blocks) {
    const labels = block.labels.map((label) => label.value);
    const line = (offset: number) => lines.position(offset).line;
    if (block.type === "resource" && labels.length === 2) {
      const address = `${prefix}${labels[0]}.${labels[1]}`;
      anchors.push({ line: line(block.start), address });
      bodyAnchors(block.body, lines, address, undefined, true, anchors);
    } else if (block.type === "locals") {
      for (const attribute of block.body.attributes) anyReaderAnchors(attribute, lines, scope, anchors);
    } else if (block.type === "variable" && labels.length === 1) {
      // A finding on a value the default gives is located at the default (a value given elsewhere, where that is).
      anchors.push({ line: line(block.start), address: scope, lines: { from: line(block.start), to: line(block.end) } });
      const fallback = attributeNamed(block.body, "default");
      if (fallback) anyReaderAnchors(fallback, lines, scope, anchors);
    } else if (block.type === "module" && labels.length === 1) {
      const address = `${prefix}module.${labels[0]}`;
      anchors.push({ line: line(block.start), address });
      // An argument names a variable, no property of the module's resources: what it covers is what it writes.
      for (const attribute of block.body.attributes) anchors.push({ line: line(attribute.start), address, lines: { from: line(attribute.start), to: line(attribute.end) } });
    } else {
      for (const configuration of configurationBlocks(block)) {
        const address = `${prefix}${configuration.key}`;
        anchors.push({ line: line(configuration.block.start), address });
        bodyAnchors(configuration.block.body, lines, address, undefined, true, anchors);
      }
    }
  }
  return anchors;
}

export function commentSuppressions(
  fileName: string,
  source: string,
  lines: LineIndex,
  comments: readonly Comment[],
  blocks: readonly Block[],
  /** Address prefix of the module instance (`module.app.`); a module evaluated twice reads its comments twice. */
  prefix: string,
  diagnostics: Diagnostic[],
): Suppression[] {
  return anchoredSuppressions(fileName, source, mayBeDirectives(comments, lines), () => fileAnchors(blocks, lines, prefix), "a resource, module, argument or block", diagnostics);
}

/** The comments that may be directives, placed: most comments are not, and a module's are read once per instance. */
function mayBeDirectives(comments: readonly Comment[], lines: LineIndex) {
  return comments
    .filter((comment) => comment.text.includes(SUPPRESSION_MARKER))
    .map((comment) => ({ text: comment.text, start: lines.position(comment.start), end: lines.position(comment.end) }));
}

/**
 * Inline suppressions in a root module's own tfvars file: a comment on or above an assignment covers the findings of
 * the module's resources located within the value it writes, as one on a variable's default does.
 */
export function variablesFileSuppressions(file: HclFile, source: string, diagnostics: Diagnostic[]): Suppression[] {
  const anchors = () => {
    const found: Anchor[] = [];
    for (const attribute of file.body.attributes) anyReaderAnchors(attribute, file.lines, "", found);
    return found;
  };
  return anchoredSuppressions(file.fileName, source, mayBeDirectives(file.comments, file.lines), anchors, "an assignment", diagnostics);
}
