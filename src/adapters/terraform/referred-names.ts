/**
 * What a resource's arguments refer to, in a form a plan's configuration section and the code give alike: a plan read
 * with the code beside it takes values from that code only where it is what the plan was made from.
 */
import { visitUnboundNames } from "./eval/expressions";
import { locate, type LocatedFile } from "./hcl/lines";
import type { Attribute, Block, Body, Node, TraversalStep } from "./hcl/syntax";
import { blockType } from "./override";

/**
 * What an argument refers to, as a plan's configuration records it and the code gives it alike: an expression's
 * references in the order written, each as often as written (see `writtenReferences`); or, for nested blocks of a
 * type, each block's arguments so, block by block. The order tells apart code edited to read the same values in
 * other places (`var.on ? aws_sqs_queue.a.id : aws_sqs_queue.b.id` swapped), which the same names alone do not.
 */
export type RecordedReferences = { references: readonly string[] } | { blocks: readonly ReferredNames[] };

/** By argument (a nested block type: all its blocks'), what it refers to: a resource's, a module call's, a nested block's. */
export type ReferredNames = ReadonlyMap<string, RecordedReferences>;

/**
 * What the code writes of an argument: what it refers to (undefined where it is only `dynamic` blocks), what those
 * read through the module's locals, transitively (see `readThroughLocals`), and where.
 */
export interface WrittenArgument {
  recorded: RecordedReferences | undefined;
  throughLocals: ReadonlySet<string>;
  at: { file: string; line: number; column: number };
}

const NOTHING: ReadonlySet<string> = new Set();

/** `RecordedReferences` as the code's are gathered, block by block. */
type Gathered = { references: string[] } | { blocks: ReferredNames[] };

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
 * Of the references a plan's configuration records for an expression, those written, in order. Terraform records
 * each reference as written, then each shorter address in it (`aws_sqs_queue.dlq.arn`, `aws_sqs_queue.dlq`;
 * `aws_sqs_queue.q[0].arn`, `aws_sqs_queue.q[0]`, `aws_sqs_queue.q`; `module.m.out`, `module.m`), each within the one
 * before; no reference written is within the last address of the one before it, so each starts anew.
 */
export function writtenReferences(recorded: readonly string[]): string[] {
  return recorded.filter((reference, index) => index === 0 || !isWithin(reference, recorded[index - 1]));
}

/** Every reference of what an argument refers to, in its blocks too. */
export function referencesIn(recorded: RecordedReferences | undefined): readonly string[] {
  if (recorded === undefined) return [];
  if ("references" in recorded) return recorded.references;
  return recorded.blocks.flatMap((block) => [...block.values()].flatMap(referencesIn));
}

/** Reference roots that name no managed resource. */
const NOT_RESOURCES: ReadonlySet<string> = new Set(["var", "local", "module", "data", "each", "count", "path", "terraform", "self", "ephemeral"]);

/** Whether a reference reads a managed resource: `aws_sqs_queue.orders.id`, not `var.name` nor `module.names.queue`. */
export function readsManagedResource(reference: string): boolean {
  return !NOT_RESOURCES.has(reference.split(".")[0]) && reference.includes(".");
}

const LOCAL = /^local\.([A-Za-z_][\w-]*)/;

/**
 * What references read through a module's locals, transitively, the locals themselves left out: of `local.name`,
 * where `name = aws_sqs_queue.orders.id`, `aws_sqs_queue.orders.id`; where `name = module.names.queue_name`, that
 * output. A plan's configuration has no locals: only what the plan lists as relevant to its changes, and what it
 * records of the outputs read, tell whether the code's locals read what the plan's did.
 */
export function readThroughLocals(locals: ReadonlyMap<string, { attribute: Attribute }>): (references: Iterable<string>) => ReadonlySet<string> {
  const referredByLocal = new Map<string, readonly string[]>();
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
        else read.add(each);
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
  const written = new Map<string, { recorded: Gathered | undefined; at: WrittenArgument["at"] }>();
  const at = (node: Node) => locate(origins?.get(node) ?? file, node.start);
  for (const attribute of body.attributes) if (!meta.has(attribute.name)) written.set(attribute.name, { recorded: { references: referredIn(attribute.expression) }, at: at(attribute) });
  // In JSON configuration a provider's nested block is an argument, and `dynamic` a block, as in HCL.
  for (const block of body.blocks) {
    const name = blockType(block) ?? block.type;
    const known = written.get(name);
    if (meta.has(name) || (block.type === "dynamic" && known !== undefined)) continue;
    if (block.type === "dynamic") written.set(name, { recorded: undefined, at: at(block) });
    else if (known?.recorded !== undefined && "blocks" in known.recorded) known.recorded.blocks.push(recordedBlock(block));
    else written.set(name, { recorded: { blocks: [recordedBlock(block)] }, at: known?.recorded === undefined ? at(block) : known.at });
  }
  return new Map([...written].map(([name, { recorded, at }]) => [name, { recorded, throughLocals: throughLocals(referencesIn(recorded)), at }]));
}

/** The references an expression makes, in every branch, in order, as a plan records them (a `for`'s own names are not references). */
function referredIn(expression: unknown): string[] {
  const referred: string[] = [];
  visitUnboundNames(expression, NOTHING, (name, steps) => {
    referred.push(recordedReference(name.name, steps));
    return false;
  });
  return referred;
}

/** What a nested block's arguments, and the static blocks within it, refer to, by name. */
function recordedBlock(block: Block): ReferredNames {
  const recorded = new Map<string, Gathered>();
  for (const attribute of block.body.attributes) recorded.set(attribute.name, { references: referredIn(attribute.expression) });
  for (const nested of block.body.blocks) {
    if (nested.type === "dynamic") continue;
    const known = recorded.get(nested.type);
    if (known !== undefined && "blocks" in known) known.blocks.push(recordedBlock(nested));
    else recorded.set(nested.type, { blocks: [recordedBlock(nested)] });
  }
  return recorded;
}

/**
 * Whether the code writes an argument as the plan's configuration lists it: making the same references in the same
 * places, or, where that lists none, not at all or only as `dynamic` blocks.
 */
export function writtenAsPlanned(planned: RecordedReferences | undefined, written: WrittenArgument | undefined): boolean {
  const recorded = written?.recorded;
  if (planned === undefined || recorded === undefined) return planned === recorded;
  return sameReferences(planned, recorded);
}

function sameReferences(planned: RecordedReferences, written: RecordedReferences): boolean {
  if ("references" in planned && "references" in written) return sameList(planned.references, written.references);
  if ("blocks" in planned && "blocks" in written) {
    return (
      planned.blocks.length === written.blocks.length &&
      planned.blocks.every((block, index) => {
        const other = written.blocks[index];
        return block.size === other.size && [...block].every(([name, each]) => other.has(name) && sameReferences(each, other.get(name)!));
      })
    );
  }
  // Blocks a provider reads as one argument (`ingress` of `aws_security_group`), whose references Terraform records
  // block by block but in no fixed order within one; or, in JSON syntax, which has no schema to tell a nested block
  // from an argument, an object written for blocks: the same references, in any order.
  return sameList([...referencesIn(planned)].sort(), [...referencesIn(written)].sort());
}

function sameList(one: readonly string[], other: readonly string[]): boolean {
  return one.length === other.length && one.every((each, index) => each === other[index]);
}
