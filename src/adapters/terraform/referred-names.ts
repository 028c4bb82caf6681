/**
 * What a resource's arguments refer to, in a form a plan's configuration section and the code give alike: a plan read
 * with the code beside it takes values from that code only where it is what the plan was made from.
 */
import { visitUnboundNames } from "./eval/expressions";
import { locate, type LocatedFile } from "./hcl/lines";
import type { Attribute, Block, Body, Node, TraversalStep } from "./hcl/syntax";
import { blockType } from "./override";

/**
 * By argument (a nested block type: all its blocks'), the references its expression makes, as a plan's configuration
 * records them, the outermost of each (see `outermost`).
 */
export type ReferredNames = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * What the code writes of an argument: the references it makes (undefined where it is only `dynamic` blocks), what
 * those read through the module's locals, transitively, of managed resources (see `readThroughLocals`), and where.
 */
export interface WrittenArgument {
  referred: ReadonlySet<string> | undefined;
  throughLocals: ReadonlySet<string>;
  at: { file: string; line: number; column: number };
}

const NOTHING: ReadonlySet<string> = new Set();

/**
 * A reference as a plan's configuration records it, of the code's traversal: the name and its static steps,
 * `aws_sqs_queue.dlq.arn`, `aws_sqs_queue.dlq["a"].arn`, `var.x.b[0]` (a legacy `.0` as `[0]`). It ends where an
 * index is worked out or a splat is, as Terraform's does: `aws_instance.web[count.index].id` is recorded as
 * `aws_instance.web` (and `count.index`), `aws_instance.web[*].id` as `aws_instance.web`.
 */
function recordedReference(name: string, steps: readonly TraversalStep[]): string {
  return name + steps.map((step) => (step.type === "attribute" ? `.${step.name}` : `[${JSON.stringify(step.key)}]`)).join("");
}

/** Whether `shorter` is an address within `longer`, a step or more shorter: `aws_sqs_queue.dlq` of `aws_sqs_queue.dlq.arn`. */
function isWithin(shorter: string, longer: string): boolean {
  return longer.length > shorter.length && longer.startsWith(shorter) && (longer[shorter.length] === "." || longer[shorter.length] === "[");
}

/**
 * Of references, those no other one goes further than. Terraform records each reference, then each shorter address
 * in it (`aws_sqs_queue.dlq.arn`, `aws_sqs_queue.dlq`; `module.m.out`, `module.m`): the outermost tell what is read,
 * which attribute of which instance, and the code's references compare with them whatever else Terraform lists.
 */
export function outermost(references: Iterable<string>): Set<string> {
  const all = [...new Set(references)];
  return new Set(all.filter((reference) => !all.some((other) => isWithin(reference, other))));
}

/** Reference roots that name no managed resource. */
const NOT_RESOURCES: ReadonlySet<string> = new Set(["var", "local", "module", "data", "each", "count", "path", "terraform", "self", "ephemeral"]);

const LOCAL = /^local\.([A-Za-z_][\w-]*)/;

/**
 * What references read of managed resources through a module's locals, transitively (`aws_sqs_queue.orders.id` of
 * `local.name`, where `name = aws_sqs_queue.orders.id`): a plan's configuration has no locals, so only what the plan
 * lists as relevant to its changes tells whether the code's locals read what the plan's did.
 */
export function readThroughLocals(locals: ReadonlyMap<string, { attribute: Attribute }>): (references: Iterable<string>) => ReadonlySet<string> {
  const referredByLocal = new Map<string, ReadonlySet<string>>();
  return (references) => {
    const read = new Set<string>();
    const seen = new Set<string>();
    const pending = [...references].filter((reference) => LOCAL.test(reference));
    for (let reference = pending.pop(); reference !== undefined; reference = pending.pop()) {
      const name = LOCAL.exec(reference)?.[1];
      const local = name === undefined ? undefined : locals.get(name);
      if (name === undefined || local === undefined || seen.has(name)) continue;
      seen.add(name);
      const referred = referredByLocal.get(name) ?? referredIn(local.attribute.expression);
      referredByLocal.set(name, referred);
      for (const each of referred) {
        if (LOCAL.test(each)) pending.push(each);
        else if (!NOT_RESOURCES.has(each.split(".")[0]) && each.includes(".")) read.add(each);
      }
    }
    return read;
  };
}

/**
 * The arguments a resource's body writes (a module call's too, where `meta` names the arguments that are not its
 * module's inputs), as a plan's configuration section lists them: nested blocks by type, all blocks of one together,
 * but not `dynamic` ones, which that section leaves out (a type written only so refers to nothing it lists).
 */
export function writtenArguments(
  body: Body,
  file: LocatedFile,
  origins: ReadonlyMap<Node, LocatedFile> | undefined,
  throughLocals: (references: Iterable<string>) => ReadonlySet<string>,
  meta: ReadonlySet<string> = NOTHING,
): Map<string, WrittenArgument> {
  const written = new Map<string, Omit<WrittenArgument, "throughLocals">>();
  const add = (name: string, node: Node, referred: ReadonlySet<string> | undefined) => {
    if (meta.has(name)) return;
    const known = written.get(name);
    if (known === undefined || known.referred === undefined) written.set(name, { referred: referred ?? known?.referred, at: locate(origins?.get(node) ?? file, node.start) });
    else if (referred !== undefined) written.set(name, { ...known, referred: new Set([...known.referred, ...referred]) });
  };
  for (const attribute of body.attributes) add(attribute.name, attribute, referredIn(attribute.expression));
  // In JSON configuration a provider's nested block is an argument, and `dynamic` a block, as in HCL.
  for (const block of body.blocks) add(blockType(block) ?? block.type, block, block.type === "dynamic" ? undefined : referredInBlock(block));
  return new Map(
    [...written].map(([name, { referred, at }]) => [name, { referred: referred && outermost(referred), throughLocals: referred === undefined ? NOTHING : throughLocals(referred), at }]),
  );
}

/** The references an expression makes, in every branch, as a plan records them (a `for`'s own names are not references). */
function referredIn(expression: unknown, into = new Set<string>()): Set<string> {
  visitUnboundNames(expression, NOTHING, (name, steps) => {
    into.add(recordedReference(name.name, steps));
    return false;
  });
  return into;
}

/** The references a nested block's arguments, and the static blocks within it, make. */
function referredInBlock(block: Block, into = new Set<string>()): Set<string> {
  for (const attribute of block.body.attributes) referredIn(attribute.expression, into);
  for (const nested of block.body.blocks) if (nested.type !== "dynamic") referredInBlock(nested, into);
  return into;
}

/**
 * Whether the code writes an argument as the plan's configuration lists it: making the same references (the
 * outermost of each), or, where that lists none, not at all or only as `dynamic` blocks.
 */
export function writtenAsPlanned(planned: ReadonlySet<string> | undefined, written: WrittenArgument | undefined): boolean {
  const referred = written?.referred;
  if (planned === undefined || referred === undefined) return planned === referred;
  return planned.size === referred.size && [...planned].every((name) => referred.has(name));
}
