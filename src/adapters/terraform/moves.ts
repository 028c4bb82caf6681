/**
 * Terraform's `moved` blocks (1.1 and later): a module's record that the object now at `to` is the one that was at
 * `from`, which Terraform moves in the state instead of destroying it. Read for each resource's earlier addresses
 * (`Resource.movedFrom`), so that debt accepted under an old address stays accepted after a rename, a move into or out
 * of a module, or a renamed module call.
 */
import { groupBy } from "../../collections";
import type { Diagnostic } from "../../model/diagnostic";
import type { Resource } from "../../model/resource";
import { instanceSuffix, type EvaluationRun } from "./eval/module";
import { locate } from "./hcl/lines";
import { attributeNamed, type AttributeStep, type Expression, type IndexStep, type LiteralValue } from "./hcl/syntax";

/**
 * What a statement moves, as Terraform settles it from both addresses: a whole resource or module call (each of its
 * instances, keeping its key) where neither address has a key on its last step, else the one instance each names.
 */
type MoveKind = "resource" | "resource instance" | "module call" | "module instance";

interface MoveStatement {
  kind: MoveKind;
  /** Absolute: the prefix of the module instance that declares it, then the address as written. */
  from: string;
  to: string;
  /** `from` names a resource or module call its module declares: Terraform refuses to move what is still there. */
  fromDeclared: boolean;
  at: Pick<Diagnostic, "file" | "line" | "column">;
}

/** An address as a moved or removed block writes it, relative to its module. */
interface Endpoint {
  /** As addresses are written: `module.app["a"].aws_s3_bucket.logs[0]`. */
  address: string;
  resource: boolean;
  /** Its last step has an instance key. */
  keyed: boolean;
  /** The key its module declares it under, where it is declared there and not in a module it calls. */
  declaredAs?: { resource: string } | { moduleCall: string };
}

/** Terraform's instance keys: a whole number or a string. */
function keySuffix(key: LiteralValue): string | undefined {
  if (typeof key === "number") return Number.isInteger(key) && key >= 0 ? instanceSuffix(key) : undefined;
  return typeof key === "string" ? instanceSuffix(key) : undefined;
}

/** Module calls (`module.NAME`, each with an optional key), then at most one resource; undefined for anything else. */
export function endpoint(expression: Expression): Endpoint | undefined {
  if (expression.kind !== "Traversal" || expression.source.kind !== "Variable") return undefined;
  const steps: readonly (AttributeStep | IndexStep | { type: "attribute"; name: string })[] = [{ type: "attribute", name: expression.source.name }, ...expression.steps];
  let at = 0;
  const name = (): string | undefined => {
    const step = steps[at];
    if (step?.type !== "attribute") return undefined;
    at++;
    return step.name;
  };
  // "" where no key follows.
  const key = (): string | undefined => {
    const step = steps[at];
    if (step?.type !== "index") return "";
    at++;
    return keySuffix(step.key);
  };
  const isNext = (word: string) => steps[at]?.type === "attribute" && (steps[at] as AttributeStep).name === word;
  let modules = "";
  const calls: string[] = [];
  let keyed = false;
  while (isNext("module")) {
    at++;
    const call = name();
    const callKey = key();
    if (call === undefined || callKey === undefined) return undefined;
    modules += `module.${call}${callKey}.`;
    calls.push(call);
    keyed = callKey !== "";
  }
  if (at === steps.length) {
    if (calls.length === 0) return undefined;
    return { address: modules.slice(0, -1), resource: false, keyed, ...(calls.length === 1 && { declaredAs: { moduleCall: calls[0] } }) };
  }
  // Data sources have addresses too; Terraform accepts a move of one and does nothing with it.
  const mode = isNext("data") ? (at++, "data.") : "";
  const type = name();
  const resourceName = name();
  const resourceKey = key();
  if (type === undefined || resourceName === undefined || resourceKey === undefined || at !== steps.length) return undefined;
  const resource = `${mode}${type}.${resourceName}`;
  return { address: `${modules}${resource}${resourceKey}`, resource: true, keyed: resourceKey !== "", ...(calls.length === 0 && { declaredAs: { resource } }) };
}

/**
 * The statements of one module instance's moved blocks, made absolute. A block Terraform refuses is reported where it
 * is written and left out; it is named as written, so each instance of a module reports it once.
 */
function declaredMoves({ definition, prefix }: EvaluationRun["movedIn"][number], report: (diagnostic: Diagnostic) => void): MoveStatement[] {
  const statements: MoveStatement[] = [];
  for (const { block, file } of definition.moved) {
    const at = locate(file, block.start);
    const reject = (message: string) => report({ severity: "error", code: "input", message, ...at });
    const [from, to] = ["from", "to"].map((name) => attributeNamed(block.body, name)?.expression);
    if (from === undefined || to === undefined) {
      reject("a moved block needs both from and to; ignored");
      continue;
    }
    const [source, target] = [endpoint(from), endpoint(to)];
    if (source === undefined || target === undefined) {
      reject(`moved ${source === undefined ? "from" : "to"} must be the address of a resource or module call, written without quotes (aws_s3_bucket.logs, module.app[0]); ignored`);
      continue;
    }
    if (source.resource !== target.resource) {
      reject(`moved from ${source.address} to ${target.address}: both must be resources or both module calls, as Terraform requires; ignored`);
      continue;
    }
    if (source.address === target.address) {
      reject(`moved from ${source.address} to the same address, which Terraform refuses as redundant; ignored`);
      continue;
    }
    const keyed = source.keyed || target.keyed;
    const declared = source.declaredAs;
    const fromDeclared =
      !keyed && declared !== undefined && ("resource" in declared ? definition.resources.has(declared.resource) : definition.moduleCalls.has(declared.moduleCall));
    const kind: MoveKind = source.resource ? (keyed ? "resource instance" : "resource") : keyed ? "module instance" : "module call";
    statements.push({ kind, from: prefix + source.address, to: prefix + target.address, fromDeclared, at });
  }
  return statements;
}

/** Whether `address` is what the endpoint `pattern` of a statement of that kind selects, or inside it. */
function selects(kind: MoveKind, pattern: string, address: string): boolean {
  switch (kind) {
    case "resource instance":
      return address === pattern;
    case "resource":
      return address === pattern || address.startsWith(`${pattern}[`);
    case "module instance":
      return address.startsWith(`${pattern}.`);
    case "module call":
      return address.startsWith(`${pattern}.`) || address.startsWith(`${pattern}[`);
  }
}

/**
 * What an endpoint that selects `address` can be: the address itself and each prefix of it that ends before a `.` or
 * a `[`, longest (the most specific) first. Looking these up in a map keyed by endpoint costs a few lookups per address
 * instead of a scan of every statement: a monorepo keeps thousands of moved blocks long after a refactor.
 */
function* candidateEndpoints(address: string): Generator<string> {
  yield address;
  for (let end = address.length - 1; end > 0; end--) {
    if (address[end] === "." || address[end] === "[") yield address.slice(0, end);
  }
}

/**
 * The statements that may have moved an object to `address`, other than those `used`, the most specific destination
 * first. `byTo` holds one statement per destination: `followMoves` refuses a second.
 */
function movesInto(address: string, byTo: ReadonlyMap<string, MoveStatement>, used: ReadonlySet<MoveStatement>): MoveStatement[] {
  const moves: MoveStatement[] = [];
  for (const candidate of candidateEndpoints(address)) {
    const statement = byTo.get(candidate);
    if (statement !== undefined && !used.has(statement) && selects(statement.kind, statement.to, address)) moves.push(statement);
  }
  return moves;
}

const undo = (statement: MoveStatement, address: string) => statement.from + address.slice(statement.to.length);

/**
 * Every address a resource may have had before the statements moved it: undoing any of the statements that lead to
 * it, each once per path (so a cycle, which Terraform refuses, ends). Not one chain: a module that keeps its own
 * rename (`web` -> `bastion`) and whose call is then moved (`module.net` -> `module.network`) has an object that was
 * at `module.net.bastion` (only the call's move undone) as much as one at `module.net.web` (both undone).
 * Most recent first: by how many moves are undone, then the most specific undone first. The earliest address is
 * last, where every statement is undone in the reverse of Terraform's order (it moves an object through a move
 * nested in another's destination after it, so the most specific destination is undone first): the SARIF
 * fingerprint is made from it, and it is the same before and after a move is added around the ones already there.
 */
function earlierAddresses(address: string, byTo: ReadonlyMap<string, MoveStatement>): string[] {
  const seen = new Set([address]);
  const earlier: string[] = [];
  for (let level = [{ address, used: new Set<MoveStatement>() }]; level.length > 0; ) {
    const next: typeof level = [];
    for (const { address: current, used } of level) {
      for (const statement of movesInto(current, byTo, used)) {
        const before = undo(statement, current);
        if (seen.has(before)) continue;
        seen.add(before);
        earlier.push(before);
        next.push({ address: before, used: new Set([...used, statement]) });
      }
    }
    level = next;
  }
  let earliest = address;
  for (const used = new Set<MoveStatement>(); ; ) {
    const [statement] = movesInto(earliest, byTo, used);
    if (statement === undefined) break;
    used.add(statement);
    earliest = undo(statement, earliest);
  }
  return earliest === address ? earlier : [...earlier.filter((each) => each !== earliest), earliest];
}

/**
 * Sets `movedFrom` on each resource some moved block of the unit moved. Statements Terraform refuses are reported and
 * left out: a move from what is still declared (an instance only where the instances are known), and a second
 * destination for one address or a second source for one destination.
 */
export function followMoves(resources: readonly Resource[], movedIn: EvaluationRun["movedIn"], report: (diagnostic: Diagnostic) => void): void {
  const statements = movedIn.flatMap((instance) => declaredMoves(instance, report));
  if (statements.length === 0) return;
  const stillDeclared = statementsSelectingAny(
    statements,
    resources.filter((resource) => !resource.existenceUnknown).map((resource) => resource.address),
  );
  const byFrom = new Map<string, MoveStatement>();
  const byTo = new Map<string, MoveStatement>();
  for (const statement of statements) {
    const { from, to, at } = statement;
    const reject = (message: string) => report({ severity: "error", code: "input", message, ...at });
    if (statement.fromDeclared || stillDeclared.has(statement)) {
      reject(`moved from ${from}, which is still declared: Terraform refuses the move until it is declared as ${to} instead; ignored`);
      continue;
    }
    const other = byFrom.get(from) ?? byTo.get(to);
    if (other !== undefined) {
      // The same move written twice is no conflict.
      if (other.from !== from || other.to !== to) {
        const where = `${other.at.file}:${other.at.line}`;
        reject(`moved from ${from} to ${to}, where the moved block at ${where} moves ${other.from} to ${other.to}: Terraform refuses an address moved twice; ignored`);
      }
      continue;
    }
    byFrom.set(from, statement);
    byTo.set(to, statement);
  }
  for (const resource of resources) {
    const earlier = earlierAddresses(resource.address, byTo);
    if (earlier.length > 0) resource.movedFrom = earlier;
  }
}

/** The statements whose `from` selects one of `addresses`. */
function statementsSelectingAny(statements: readonly MoveStatement[], addresses: readonly string[]): Set<MoveStatement> {
  const byFrom = groupBy(statements, (statement) => statement.from);
  const selecting = new Set<MoveStatement>();
  for (const address of addresses) {
    for (const candidate of candidateEndpoints(address)) {
      for (const statement of byFrom.get(candidate) ?? []) if (selects(statement.kind, statement.from, address)) selecting.add(statement);
    }
  }
  return selecting;
}
