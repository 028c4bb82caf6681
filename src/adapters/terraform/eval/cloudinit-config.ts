/**
 * The `rendered` text of a `cloudinit_config` data source (the hashicorp/cloudinit provider): a MIME multi-part
 * document of its `part` blocks, which the provider writes while planning without calling anything, so user data
 * built with it (every EKS managed node group of terraform-aws-eks, much hand-written code) would otherwise only ever
 * be unknown. Written as the provider writes it with Go's mime/multipart: the document's two headers, then each part
 * with its headers sorted by name, CRLF line ends; then gzipped and base64-encoded as `gzip` and `base64_encode` (both
 * true unless set) say.
 *
 * A part whose content is known only around unknown parts (a template given an address known after apply) leaves
 * that text known around them, and so does the document, base64-encoded and gzipped too: as `base64encode` and
 * `base64gzip` of such text are, it is unknown to expressions, and the rules that read user data read the text
 * known around the unknown parts. A part's header unknown leaves that header unknown; `gzip`, `base64_encode`,
 * `boundary` or the parts themselves unknown (a `dynamic "part"` over a collection known after apply), all of it.
 *
 * The hashicorp/template provider's `template_cloudinit_config`, which that data source was taken from and older code
 * still uses, writes the same document from the same arguments, but has no `boundary` (always `MIMEBOUNDARY`), takes
 * an empty content type as `text/plain` and empty content as given, and gzips without base64-encoding when told to:
 * binary text that Terraform does not keep intact.
 */
import { base64Encoded, base64Gzipped } from "./functions";
import { asBool, asString, isObject, isUnknown, RefusedArgument, TextAroundUnknowns, typeName, UNKNOWN, type Unknown, type Value } from "./values";

/** Go's mime/multipart boundary: 1 to 70 of these characters, not ending in a space (RFC 2046). */
const BOUNDARY = /^[A-Za-z0-9'()+_,\-./:=? ]{0,69}[A-Za-z0-9'()+_,\-./:=?]$/;

/** How one provider's data source writes the document where the two differ. */
interface Dialect {
  /** Whether it takes a `boundary` argument. */
  boundary: boolean;
  /** Whether it refuses an empty content type or content, or takes them as given. */
  refusesEmpty: boolean;
  /** Why `gzip` without `base64_encode` leaves no text to read. */
  gzipWithoutBase64: string;
}

const CLOUDINIT: Dialect = { boundary: true, refusesEmpty: true, gzipWithoutBase64: "base64_encode must be true where gzip is, as the provider requires" };
const TEMPLATE: Dialect = { boundary: false, refusesEmpty: false, gzipWithoutBase64: "gzip without base64_encode gives binary text, which Terraform does not keep intact" };

export function renderedCloudinitConfig(props: Record<string, Value>): Value {
  return multipartDocument(props, CLOUDINIT);
}

export function renderedTemplateCloudinitConfig(props: Record<string, Value>): Value {
  return multipartDocument(props, TEMPLATE);
}

function multipartDocument(props: Record<string, Value>, dialect: Dialect): Value {
  const gzip = flag(props, "gzip");
  const base64 = flag(props, "base64_encode");
  const boundaryGiven = (dialect.boundary ? props.boundary : undefined) ?? "MIMEBOUNDARY";
  const given = props.part ?? [];
  if (isUnknown(gzip) || isUnknown(base64) || isUnknown(boundaryGiven) || isUnknown(given)) return UNKNOWN;
  if (gzip && !base64) throw new RefusedArgument("base64_encode", dialect.gzipWithoutBase64);
  const boundary = asString(boundaryGiven);
  if (boundary === undefined || !BOUNDARY.test(boundary)) {
    throw new RefusedArgument("boundary", "boundary must be 1 to 70 letters, digits or '()+_,-./:=? and not end in a space, as the provider requires");
  }
  // In JSON syntax (CDKTF's), one block may be written as an object.
  const parts = isObject(given) ? [given] : given;
  if (!Array.isArray(parts)) throw new RefusedArgument("part", `part must be blocks, not ${typeName(parts)}`);
  const text = new TextAroundUnknowns();
  text.add(`Content-Type: multipart/mixed; boundary="${boundary}"\nMIME-Version: 1.0\r\n\r\n`);
  for (const [index, part] of parts.entries()) {
    if (!isObject(part)) return UNKNOWN;
    text.add(`${index === 0 ? "" : "\r\n"}--${boundary}\r\n`);
    for (const header of partHeaders(part, `part.${index}`, dialect)) text.add(header);
    text.add("\r\n");
    text.add(content(part, `part.${index}`, dialect));
  }
  text.add(`\r\n--${boundary}--\r\n`);
  if (!base64) return text.text;
  return gzip ? base64Gzipped(text.text) : base64Encoded(text.text);
}

/** A bool argument, true where it is not set; a string Terraform converts is taken as the bool it converts to. */
function flag(props: Record<string, Value>, name: string): boolean | Unknown {
  const value = props[name] ?? true;
  if (isUnknown(value)) return value;
  const bool = asBool(value);
  if (bool === undefined) throw new RefusedArgument(name, `${name} must be a bool, not ${typeName(value)}`);
  return bool;
}

/**
 * A part's header lines, in the order Go writes them (by name); an optional one is left out where it is empty. One
 * whose value is unknown is an unknown piece of the text: whether it is there at all may depend on it.
 */
function partHeaders(part: Record<string, Value>, path: string, dialect: Dialect): (string | Unknown)[] {
  const contentType = part.content_type === "" && !dialect.refusesEmpty ? "text/plain" : (part.content_type ?? "text/plain");
  if (contentType === "") throw new RefusedArgument(`${path}.content_type`, "content_type must not be empty, as the provider requires");
  const filename = part.filename ?? "";
  const mergeType = part.merge_type ?? "";
  const line = (value: Value, header: (text: string) => string): string | Unknown => {
    if (isUnknown(value)) return UNKNOWN;
    const text = asString(value);
    if (text === undefined) throw new RefusedArgument(path, `a part's headers must be strings, not ${typeName(value)}`);
    return text === "" ? "" : `${header(text)}\r\n`;
  };
  return [
    line(filename, (name) => `Content-Disposition: attachment; filename="${name}"`),
    "Content-Transfer-Encoding: 7bit\r\n",
    line(contentType, (type) => `Content-Type: ${type}`),
    "Mime-Version: 1.0\r\n",
    line(mergeType, (type) => `X-Merge-Type: ${type}`),
  ];
}

/** A part's content: required, and not empty where the provider refuses it so. */
function content(part: Record<string, Value>, path: string, dialect: Dialect): string | Unknown {
  const value = part.content;
  if (value === undefined || value === null) throw new RefusedArgument(path, "a part must have content, as the provider requires");
  if (isUnknown(value)) return value;
  const text = asString(value);
  if (text === undefined) throw new RefusedArgument(`${path}.content`, `content must be a string, not ${typeName(value)}`);
  if (text === "" && dialect.refusesEmpty) throw new RefusedArgument(`${path}.content`, "content must not be empty, as the provider requires");
  return text;
}
