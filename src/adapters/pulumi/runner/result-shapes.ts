/**
 * The declared shape of each field of a data source's result, read from its provider package's declarations: for
 * `aws:ec2/getSubnets:getSubnets`, `@pulumi/aws/ec2/getSubnets.d.ts` declares
 * `export interface GetSubnetsResult { readonly ids: string[]; ... }`. Only the syntax of that one interface is read.
 */
import { existsSync, readFileSync } from "fs";
import { dirname, join } from "path";
import type * as TypeScript from "typescript";
import { getOrAdd } from "../../../collections";

/** A field that is not a string; a string field, or one whose type is not found, has no shape here. */
export type FieldShape = "list" | "object" | "number" | "boolean";

const shapesByToken = new Map<string, Map<string, FieldShape>>();

/** The shapes of a data source's result fields, by field name; empty when its declarations cannot be found. */
export function resultShapes(token: string, requireFromProgram: NodeRequire): Map<string, FieldShape> {
  return getOrAdd(shapesByToken, token, () => readShapes(token, requireFromProgram));
}

function readShapes(token: string, requireFromProgram: NodeRequire): Map<string, FieldShape> {
  // `pkg:module/file:name`, the module `index` for the package's root; some providers leave out the file.
  const [pkg, module, name] = token.split(":");
  if (!pkg || !module || !name) return new Map();
  let root: string;
  try {
    root = dirname(requireFromProgram.resolve(`@pulumi/${pkg}/package.json`));
  } catch {
    return new Map();
  }
  const directory = module.split("/").filter((segment, index) => !(index === 0 && segment === "index"));
  const candidates = [join(root, ...directory, lowerFirst(name) + ".d.ts")];
  if (directory.length > 0) candidates.unshift(join(root, ...directory) + ".d.ts");
  const file = candidates.find(existsSync);
  if (!file) return new Map();
  return interfaceShapes(readFileSync(file, "utf8"), upperFirst(name) + "Result");
}

function interfaceShapes(source: string, interfaceName: string): Map<string, FieldShape> {
  // The runner loads TypeScript already, to transpile the program.
  const ts = require("typescript") as typeof TypeScript;
  const shapes = new Map<string, FieldShape>();
  const file = ts.createSourceFile("result.d.ts", source, ts.ScriptTarget.Latest, true);
  const declaration = file.statements.find((statement): statement is TypeScript.InterfaceDeclaration => ts.isInterfaceDeclaration(statement) && statement.name.text === interfaceName);
  for (const member of declaration?.members ?? []) {
    if (!ts.isPropertySignature(member) || !member.type || !(ts.isIdentifier(member.name) || ts.isStringLiteral(member.name))) continue;
    const shape = shapeOf(ts, member.type);
    if (shape) shapes.set(member.name.text, shape);
  }
  return shapes;
}

function shapeOf(ts: typeof TypeScript, type: TypeScript.TypeNode): FieldShape | undefined {
  if (ts.isParenthesizedTypeNode(type)) return shapeOf(ts, type.type);
  if (ts.isUnionTypeNode(type)) {
    // `T | undefined`: the shape of T; a union of different shapes has none.
    const shapes = new Set(type.types.filter((member) => !isAbsent(ts, member)).map((member) => shapeOf(ts, member)));
    return shapes.size === 1 ? [...shapes][0] : undefined;
  }
  if (ts.isArrayTypeNode(type) || ts.isTupleTypeNode(type)) return "list";
  if (ts.isTypeLiteralNode(type) || ts.isMappedTypeNode(type)) return "object";
  if (type.kind === ts.SyntaxKind.NumberKeyword) return "number";
  if (type.kind === ts.SyntaxKind.BooleanKeyword) return "boolean";
  if (ts.isTypeReferenceNode(type)) {
    const name = type.typeName.getText(type.getSourceFile());
    if (name === "Array" || name === "ReadonlyArray") return "list";
    if (name === "Record") return "object";
    // The provider's output types (`outputs.ec2.GetVpcCidrBlockAssociation`); an enum or alias may be a string.
    if (name.startsWith("outputs.")) return "object";
  }
  return undefined;
}

function isAbsent(ts: typeof TypeScript, type: TypeScript.TypeNode): boolean {
  return type.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isLiteralTypeNode(type) && type.literal.kind === ts.SyntaxKind.NullKeyword);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
