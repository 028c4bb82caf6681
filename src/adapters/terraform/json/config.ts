/**
 * Terraform's JSON configuration syntax (`*.tf.json`, CDKTF's `cdk.tf.json`) read into the syntax tree of the
 * native syntax, so one evaluator serves both. Which JSON properties are blocks is what Terraform itself defines
 * (resource, lifecycle, dynamic, backend, ...); without provider schemas, a resource's own nested blocks (`ingress`,
 * `rule`) stay attributes holding an object or a list of objects. So do a provider configuration's, but for the
 * AWS provider's role blocks, which say what account its resources are in.
 *
 * A key given twice is read as HCL reads it, not as `JSON.parse` does (the last wins): a block type twice is more
 * blocks, and an argument or an object's key twice is an error, as Terraform refuses it.
 *
 * Positions: an attribute starts at its JSON key, a block at the key that names it (its last label, or its type
 * when it has none), or at its object when it is one element of an array of blocks.
 */
import type { TopLevelBlockType } from "../block-types";
import { LineIndex } from "../hcl/lines";
import { parseTemplateString } from "../hcl/parser";
import { numberLiteral, type Attribute, type Block, type BlockLabel, type Body, type Expression, type HclFile, type ObjectItem, type ResourceReferences } from "../hcl/syntax";
import { HclSyntaxError } from "../hcl/syntax-error";
import { parseJsonWithPositions, repeatedKeyRefused, toPlainValue, type JsonNode, type JsonObject, type JsonString } from "./parse";

/** How the properties of one kind of block body map to the syntax tree. */
interface BodySchema {
  /** Properties that are nested blocks. */
  blocks?: Readonly<Record<string, BlockSchema>>;
  /** Properties whose strings are references, keywords or type expressions written bare (`"aws.west"`, `"list(string)"`). */
  references?: readonly string[];
  /** Properties whose strings are taken literally rather than as templates; "all" for every property. */
  literals?: readonly string[] | "all";
  /** Whether the provider's schema defines nested blocks here, which are attributes to us (see the header). */
  providerBlocks?: true;
}

interface BlockSchema {
  /** What each label names, outermost first (for messages). */
  labels: readonly string[];
  body: BodySchema;
}

/** How a JSON string becomes an expression. */
type StringMode = "template" | "literal" | "reference";

const LITERAL_BODY: BodySchema = { literals: "all" };
const CONDITION: BlockSchema = { labels: [], body: {} };
const CONNECTION: BlockSchema = { labels: [], body: { literals: ["type"] } };
const PROVISIONER: BlockSchema = { labels: ["type"], body: { blocks: { connection: CONNECTION }, references: ["when", "on_failure"] } };
const LIFECYCLE: BlockSchema = {
  labels: [],
  body: { blocks: { precondition: CONDITION, postcondition: CONDITION }, references: ["ignore_changes", "replace_triggered_by"] },
};

// A dynamic block's content is the body of a provider's block: its own nested blocks are the provider's too.
const DYNAMIC_CONTENT: { blocks: Record<string, BlockSchema>; providerBlocks: true } = { blocks: {}, providerBlocks: true };
const DYNAMIC: BlockSchema = {
  labels: ["block type"],
  body: { blocks: { content: { labels: [], body: DYNAMIC_CONTENT } }, references: ["iterator"] },
};
// A dynamic block's content may itself generate nested blocks dynamically.
DYNAMIC_CONTENT.blocks.dynamic = DYNAMIC;

// The AWS provider's role blocks, which place its resources in the role's account: read as blocks, as the native
// syntax writes them (CDKTF writes `"assume_role": [{ "role_arn": ... }]`), for the evaluator to find them there.
const ASSUMED_ROLE: BlockSchema = { labels: [], body: {} };
const PROVIDER_BLOCKS: Readonly<Record<string, BlockSchema>> = { dynamic: DYNAMIC, assume_role: ASSUMED_ROLE, assume_role_with_web_identity: ASSUMED_ROLE };

// OpenTofu's state encryption: its key providers and methods are labelled blocks, as the native syntax writes them, so
// a key provider's passphrase is judged in JSON as in HCL. Their strings are templates: OpenTofu evaluates variables
// and locals there (`"${var.passphrase}"`).
const STATE_ENCRYPTION: BlockSchema = {
  labels: [],
  body: { blocks: { key_provider: { labels: ["type", "name"], body: {} }, method: { labels: ["type", "name"], body: {} } } },
};

const RESOURCE_BODY: BodySchema = {
  blocks: { lifecycle: LIFECYCLE, provisioner: PROVISIONER, connection: CONNECTION, dynamic: DYNAMIC },
  references: ["depends_on", "provider"],
  providerBlocks: true,
};

/** Terraform's top-level block types, following its JSON syntax's per-block exceptions. */
const TOP_LEVEL: Readonly<Record<TopLevelBlockType, BlockSchema>> = {
  resource: { labels: ["type", "name"], body: RESOURCE_BODY },
  data: { labels: ["type", "name"], body: RESOURCE_BODY },
  ephemeral: { labels: ["type", "name"], body: RESOURCE_BODY },
  action: { labels: ["type", "name"], body: { references: ["provider"], providerBlocks: true } },
  module: { labels: ["name"], body: { literals: ["source", "version"], references: ["depends_on", "providers"] } },
  provider: { labels: ["name"], body: { literals: ["alias", "version"], blocks: PROVIDER_BLOCKS, providerBlocks: true } },
  variable: { labels: ["name"], body: { literals: ["default", "description"], references: ["type"], blocks: { validation: CONDITION } } },
  output: { labels: ["name"], body: { literals: ["description", "sensitive"], references: ["depends_on"], blocks: { precondition: CONDITION } } },
  locals: { labels: [], body: {} },
  terraform: {
    labels: [],
    body: {
      literals: "all",
      blocks: {
        backend: { labels: ["type"], body: LITERAL_BODY },
        cloud: { labels: [], body: { literals: "all", blocks: { workspaces: { labels: [], body: LITERAL_BODY } } } },
        required_providers: { labels: [], body: LITERAL_BODY },
        provider_meta: { labels: ["provider"], body: LITERAL_BODY },
        encryption: STATE_ENCRYPTION,
      },
    },
  },
  check: { labels: ["name"], body: { blocks: { data: { labels: ["type", "name"], body: RESOURCE_BODY }, assert: CONDITION } } },
  moved: { labels: [], body: { references: ["from", "to"] } },
  import: { labels: [], body: { references: ["to", "provider"] } },
  removed: { labels: [], body: { references: ["from"], blocks: { lifecycle: LIFECYCLE, provisioner: PROVISIONER, connection: CONNECTION } } },
};

/** The key Terraform ignores in any object that is a block body. */
const COMMENT_KEY = "//";

export function parseTerraformJson(source: string, fileName: string): HclFile {
  // One line index for the file: the JSON nodes' positions and the converted tree's offsets share it.
  const lines = new LineIndex(source);
  const root = parseJsonWithPositions(source, fileName, true, lines, "keep");
  const references: ResourceReferences = new Map();
  return { fileName, body: new Converter(source, fileName, lines, references).fileBody(root), comments: [], lines, references };
}

function ownEntry<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** A value that may be a resource's nested blocks (see the header): an object, or an array of objects. */
function isBlockShaped(expression: Expression): boolean {
  return expression.kind === "Object" || (expression.kind === "Tuple" && expression.elements.every((element) => element.kind === "Object"));
}

/**
 * A name given twice where a provider's nested blocks may be (in a resource's body, at any depth of its nested
 * blocks): when both values are shaped as blocks, the blocks of both, as HCL reads a block type given twice;
 * otherwise undefined, for an argument or a map key given twice, which Terraform refuses.
 */
function moreBlocks(first: Expression, second: Expression): Expression | undefined {
  if (!isBlockShaped(first) || !isBlockShaped(second)) return undefined;
  const elements = [first, second].flatMap((each) => (each.kind === "Tuple" ? each.elements : [each]));
  return { kind: "Tuple", elements, start: first.start, end: second.end };
}

function describe(node: JsonNode): string {
  switch (node.kind) {
    case "object":
      return "an object";
    case "array":
      return "an array";
    case "boolean":
      return "a boolean";
    case "null":
      return "null";
    default:
      return `a ${node.kind}`;
  }
}

/** Just past the opening quote of a string. */
function textStartOf(node: JsonString): number {
  return node.startOffset + 1;
}

class Converter {
  constructor(
    private readonly source: string,
    private readonly fileName: string,
    private readonly lines: LineIndex,
    /** What the file's strings may name as resources, as the HCL parser records them. */
    private readonly references: ResourceReferences,
  ) {}

  /** The file's object, or the objects of its array, which Terraform reads as one body. */
  fileBody(root: JsonNode): Body {
    const blocks: Block[] = [];
    for (const element of root.kind === "array" ? root.elements : [root]) {
      const object = this.expectObject(element, "a Terraform JSON file holds an object, or an array of objects, at the top level");
      for (const { key, value } of object.members) {
        if (key.value === COMMENT_KEY) continue;
        const schema = ownEntry(TOP_LEVEL, key.value);
        if (schema === undefined) {
          // Kept as an empty block of that type, which the module's definition reports as it does one in the native
          // syntax: the file's other blocks are still read. What the value holds is not read at all.
          const body: Body = { kind: "Body", attributes: [], blocks: [], start: value.startOffset, end: value.endOffset };
          blocks.push({ kind: "Block", type: key.value, labels: [], body, start: key.startOffset, end: value.endOffset });
          continue;
        }
        this.addBlocks(blocks, key, value, schema, []);
      }
    }
    return { kind: "Body", attributes: [], blocks, start: root.startOffset, end: root.endOffset };
  }

  /**
   * The blocks one property stands for: one level of objects per label (each level may also be an array of such
   * objects), then a body, or an array of bodies for several blocks with the same labels. Null stands for none.
   */
  private addBlocks(into: Block[], type: JsonString, value: JsonNode, schema: BlockSchema, labels: BlockLabel[], namedBy = type): void {
    if (value.kind === "null") return;
    const level = labels.length;
    if (level < schema.labels.length) {
      for (const labelObject of value.kind === "array" ? value.elements : [value]) {
        const object = this.expectObject(labelObject, `"${type.value}" needs an object whose property names are the blocks' ${schema.labels[level]} labels`);
        for (const { key, value: inner } of object.members) {
          const label: BlockLabel = { value: key.value, quoted: true, start: key.startOffset, end: key.endOffset };
          this.addBlocks(into, type, inner, schema, [...labels, label], key);
        }
      }
      return;
    }
    if (value.kind === "array") {
      for (const element of value.elements) into.push(this.block(type, element, schema, labels, element.startOffset));
    } else {
      into.push(this.block(type, value, schema, labels, namedBy.startOffset));
    }
  }

  private block(type: JsonString, node: JsonNode, schema: BlockSchema, labels: BlockLabel[], start: number): Block {
    const object = this.expectObject(node, `the body of this ${type.value} block must be an object`);
    const attributes: Attribute[] = [];
    const blocks: Block[] = [];
    const block: Block = { kind: "Block", type: type.value, labels, body: { kind: "Body", attributes, blocks, start: object.startOffset, end: object.endOffset }, start, end: object.endOffset };
    const attributeIndex = new Map<string, number>();
    for (const { key, value } of object.members) {
      if (key.value === COMMENT_KEY) {
        block.jsonComment = toPlainValue(value);
        continue;
      }
      const nested = ownEntry(schema.body.blocks, key.value);
      if (nested !== undefined) {
        this.addBlocks(blocks, key, value, nested, []);
        continue;
      }
      const blocksMayNest = schema.body.providerBlocks === true;
      const expression = this.expression(value, this.stringMode(schema.body, key.value), blocksMayNest);
      const earlier = attributeIndex.get(key.value);
      if (earlier === undefined) {
        attributeIndex.set(key.value, attributes.length);
        attributes.push({ kind: "Attribute", name: key.value, expression, start: key.startOffset, end: value.endOffset });
        continue;
      }
      const first = attributes[earlier];
      const merged = blocksMayNest ? moreBlocks(first.expression, expression) : undefined;
      if (merged === undefined) {
        const { line, column } = this.lines.position(first.start);
        this.fail(key, `"${key.value}" was already set at line ${line}, column ${column}: Terraform refuses a name given twice in one block`);
      }
      attributes[earlier] = { ...first, expression: merged, end: value.endOffset };
    }
    return block;
  }

  private stringMode(body: BodySchema, name: string): StringMode {
    if (body.literals === "all" || body.literals?.includes(name)) return "literal";
    return body.references?.includes(name) ? "reference" : "template";
  }

  /** `blocksMayNest`: whether the value may be a provider's nested blocks, which may hold more of them (`moreBlocks`). */
  private expression(node: JsonNode, mode: StringMode, blocksMayNest = false): Expression {
    const { startOffset: start, endOffset: end } = node;
    switch (node.kind) {
      case "string":
        return this.string(node, mode);
      case "null":
        return { kind: "Literal", value: null, start, end };
      case "array":
        return { kind: "Tuple", elements: node.elements.map((element) => this.expression(element, mode, blocksMayNest)), start, end };
      case "object": {
        const items: ObjectItem[] = [];
        const itemIndex = new Map<string, number>();
        for (const { key, value } of node.members) {
          const item: ObjectItem = {
            // HCL reads the keys of an object expression as templates too, while referencing ones stay names.
            key: this.string(key, mode === "template" ? "template" : "literal"),
            value: this.expression(value, mode, blocksMayNest),
            start: key.startOffset,
            end: value.endOffset,
          };
          const earlier = itemIndex.get(key.value);
          if (earlier === undefined) {
            itemIndex.set(key.value, items.length);
            items.push(item);
            continue;
          }
          const merged = blocksMayNest ? moreBlocks(items[earlier].value, item.value) : undefined;
          if (merged === undefined) throw repeatedKeyRefused(this.fileName, key);
          items[earlier] = { ...items[earlier], value: merged, end: item.end };
        }
        return { kind: "Object", items, start, end };
      }
      case "number":
        // Terraform keeps every digit: a number a double does not hold as written is evaluated from its text.
        return numberLiteral(this.source.slice(start, end), start, end);
      default:
        return { kind: "Literal", value: node.value, start, end };
    }
  }

  private string(node: JsonString, mode: StringMode): Expression {
    if (mode === "reference") return this.reference(node);
    const { value: text, startOffset: start, endOffset: end } = node;
    // Most strings hold no sequence: no template to parse.
    if (mode === "literal" || (!text.includes("${") && !text.includes("%{"))) return { kind: "Literal", value: text, start, end };
    const expression = parseTemplateString(text, this.fileName, textStartOf(node), this.lines, this.references);
    // A whole template (not one interpolation taken as its expression) spans the quotes, as in the native syntax.
    if (expression.kind === "Template" || expression.kind === "Literal") return { ...expression, start, end };
    return expression;
  }

  /** `"aws.west"`, `"aws_s3_bucket.logs"`, `"all"`, `"list(string)"`: what the native syntax writes bare. */
  private reference(node: JsonString): Expression {
    // Where the `${` added around the text would sit.
    const wrapperStart = textStartOf(node) - 2;
    let expression: Expression;
    try {
      // As the only interpolation of a template, the text comes back as the expression itself.
      expression = parseTemplateString("${" + node.value + "}", this.fileName, wrapperStart, this.lines, this.references);
    } catch (error) {
      if (!(error instanceof HclSyntaxError)) throw error;
      throw new HclSyntaxError(this.fileName, error.position, `expected a reference, keyword or type (like "aws_s3_bucket.logs") in this string: ${error.reason}`);
    }
    if (expression.kind === "Template") this.fail(node, `expected a single reference, keyword or type (like "aws_s3_bucket.logs") in this string`);
    return expression;
  }

  private expectObject(node: JsonNode, expectation: string): JsonObject {
    if (node.kind !== "object") this.fail(node, `${expectation}, found ${describe(node)}`);
    return node;
  }

  private fail(node: JsonNode, reason: string): never {
    throw new HclSyntaxError(this.fileName, node.start, reason);
  }
}
