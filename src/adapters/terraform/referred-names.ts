/**
 * What a resource's arguments refer to, in a form a plan's configuration section and the code give alike: a plan read
 * with the code beside it takes values from that code only where it is what the plan was made from.
 */
import { visitUnboundNames } from "./eval/expressions";
import { locate, type LocatedFile } from "./hcl/lines";
import type { Block, Body, Node } from "./hcl/syntax";
import { blockType } from "./override";

/** By argument (a nested block type: all its blocks'), what its expression refers to, as `referredName` names it. */
export type ReferredNames = ReadonlyMap<string, ReadonlySet<string>>;

/** What the code writes of an argument: what it refers to (undefined where it is only `dynamic` blocks), and where. */
export interface WrittenArgument {
  referred: ReadonlySet<string> | undefined;
  at: { file: string; line: number; column: number };
}

const NOTHING: ReadonlySet<string> = new Set();

/**
 * What a reference reads, as far as a plan's references and the code's traversals both tell it: `aws_sqs_queue.dlq`
 * of `aws_sqs_queue.dlq[0].arn`, `data.aws_ami.al2023` of its `.id`, `module.db` of `module.db.endpoint`, `var.x` of
 * `var.x.y`, `each.value`. No further: a plan's reference ends where an index is worked out or a splat is
 * (`aws_instance.web[count.index].id` is listed as `aws_instance.web`), where the code's traversal goes on.
 */
function referredName(names: readonly string[]): string {
  return names.slice(0, names[0] === "data" ? 3 : 2).join(".");
}

/** The dotted names a reference a plan lists starts with: `aws_instance`, `web` of `aws_instance.web[0].id`. */
const LEADING_NAMES = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*/;

/** `referredName` of a reference as a plan lists it. */
export function plannedReferredName(reference: string): string {
  return referredName((LEADING_NAMES.exec(reference)?.[0] ?? reference).split("."));
}

/**
 * The arguments a resource's body writes, as a plan's configuration section lists them: nested blocks by type, all
 * blocks of one together, but not `dynamic` ones, which that section leaves out (a type written only so refers to
 * nothing it lists).
 */
export function writtenArguments(body: Body, file: LocatedFile, origins: ReadonlyMap<Node, LocatedFile> | undefined): Map<string, WrittenArgument> {
  const written = new Map<string, WrittenArgument>();
  const add = (name: string, node: Node, referred: ReadonlySet<string> | undefined) => {
    const known = written.get(name);
    if (known === undefined || known.referred === undefined) written.set(name, { referred: referred ?? known?.referred, at: locate(origins?.get(node) ?? file, node.start) });
    else if (referred !== undefined) written.set(name, { ...known, referred: new Set([...known.referred, ...referred]) });
  };
  for (const attribute of body.attributes) add(attribute.name, attribute, referredIn(attribute.expression));
  // In JSON configuration a provider's nested block is an argument, and `dynamic` a block, as in HCL.
  for (const block of body.blocks) add(blockType(block) ?? block.type, block, block.type === "dynamic" ? undefined : referredInBlock(block));
  return written;
}

/** What an expression refers to, in every branch, as `referredName` names it (a `for`'s own names are not references). */
function referredIn(expression: unknown, into = new Set<string>()): Set<string> {
  visitUnboundNames(expression, NOTHING, (name, steps) => {
    const names = [name.name];
    for (const step of steps) {
      if (step.type !== "attribute") break;
      names.push(step.name);
    }
    into.add(referredName(names));
    return false;
  });
  return into;
}

/** What a nested block's arguments, and the static blocks within it, refer to. */
function referredInBlock(block: Block, into = new Set<string>()): Set<string> {
  for (const attribute of block.body.attributes) referredIn(attribute.expression, into);
  for (const nested of block.body.blocks) if (nested.type !== "dynamic") referredInBlock(nested, into);
  return into;
}

/**
 * Whether the code writes an argument as the plan's configuration lists it: referring to the same, or, where that
 * lists none, not at all or only as `dynamic` blocks.
 */
export function writtenAsPlanned(planned: ReadonlySet<string> | undefined, written: WrittenArgument | undefined): boolean {
  const referred = written?.referred;
  if (planned === undefined || referred === undefined) return planned === referred;
  return planned.size === referred.size && [...planned].every((name) => referred.has(name));
}
