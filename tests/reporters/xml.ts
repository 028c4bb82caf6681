/**
 * A strict little XML reader for the JUnit tests: it throws on anything not well-formed (unbalanced or crossed
 * tags, a raw `<` or `&`, an unknown entity, a character XML 1.0 forbids, two roots, a repeated attribute) and
 * returns the tree with entities decoded, so tests can compare what a CI parser would read.
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text, entities decoded. */
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*/;
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decode(raw: string, where: number): string {
  if (raw.includes("<")) throw new Error(`raw "<" at ${where}`);
  return raw.replace(/&([^;]*);|&/g, (match, entity: string | undefined) => {
    if (entity === undefined) throw new Error(`raw "&" at ${where}`);
    if (entity in ENTITIES) return ENTITIES[entity];
    const number = /^#(\d+)$/.exec(entity)?.[1] ?? /^#x([0-9a-fA-F]+)$/.exec(entity)?.[1];
    if (number === undefined) throw new Error(`unknown entity &${entity}; at ${where}`);
    const char = String.fromCodePoint(parseInt(number, entity.startsWith("#x") ? 16 : 10));
    if (FORBIDDEN.test(char)) throw new Error(`reference to a forbidden character at ${where}`);
    return char;
  });
}

export function parseXml(xml: string): XmlElement {
  if (FORBIDDEN.test(xml)) throw new Error(`forbidden character at ${xml.search(FORBIDDEN)}`);
  let at = xml.startsWith("<?xml") ? xml.indexOf("?>") + 2 : 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (at < xml.length) {
    const open = xml.indexOf("<", at);
    const text = xml.slice(at, open === -1 ? xml.length : open);
    if (stack.length === 0) {
      if (text.trim() !== "") throw new Error(`text outside the root at ${at}`);
    } else {
      stack[stack.length - 1].text += decode(text, at);
    }
    if (open === -1) break;
    const close = xml.indexOf(">", open);
    if (close === -1) throw new Error(`unclosed tag at ${open}`);
    const tag = xml.slice(open + 1, close);
    at = close + 1;
    if (tag.startsWith("/")) {
      const element = stack.pop();
      if (element?.name !== tag.slice(1)) throw new Error(`</${tag.slice(1)}> closes <${element?.name}> at ${open}`);
      continue;
    }
    const name = NAME.exec(tag)?.[0];
    if (name === undefined) throw new Error(`bad tag name at ${open}`);
    const selfClosing = tag.endsWith("/");
    const element: XmlElement = { name, attributes: {}, children: [], text: "" };
    let rest = tag.slice(name.length, selfClosing ? -1 : undefined);
    while (rest.trim() !== "") {
      const attribute = /^\s+([A-Za-z_][\w.-]*)="([^"]*)"/.exec(rest);
      if (!attribute) throw new Error(`bad attribute in <${name}> at ${open}: ${rest}`);
      if (attribute[1] in element.attributes) throw new Error(`repeated attribute ${attribute[1]} at ${open}`);
      element.attributes[attribute[1]] = decode(attribute[2], open);
      rest = rest.slice(attribute[0].length);
    }
    if (stack.length > 0) stack[stack.length - 1].children.push(element);
    else if (root) throw new Error(`a second root at ${open}`);
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1].name}> is never closed`);
  if (!root) throw new Error("no root element");
  return root;
}

/** Every element below (and including) this one, depth first. */
export function descendants(element: XmlElement): XmlElement[] {
  return [element, ...element.children.flatMap(descendants)];
}
