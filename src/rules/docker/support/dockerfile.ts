/**
 * Reading a `dockerfile` resource for the Dockerfile rules, from the props the Dockerfile reader makes (see
 * `adapters/files/dockerfile.ts`): `global_args`, `stages[]` with `base`, `name`, `line` and `instructions[]`, and
 * `target`. Every reader accepts any value where the reader put a known one, and keeps `UNKNOWN` apart, so a rule
 * written with them cannot turn an unknown into a violation. Places are named by line, never by their text.
 */
import { isRecord, isUnknown, UNKNOWN, valueAt, type PropertyPath, type Resource, type Unknown } from "../../../model/resource";
import { join, type Reference } from "../../read";
import { commandLineOf } from "../../shell";
import { isNotApplicable, notApplicable, undecided, type CheckResult, type Verdict } from "../../rule";

export interface Instruction {
  path: PropertyPath;
  /** The keyword (`RUN`), or unknown: an unknown instruction may be any of them. */
  keyword: string | Unknown;
  value: Record<string, unknown>;
}

export interface Stage {
  path: PropertyPath;
  index: number;
  value: Record<string, unknown>;
  /** Unknown: the stage may hold any instructions. */
  instructions: Instruction[] | Unknown;
}

/** The entries of a list of instructions; an entry that is not an object is unknown when it is UNKNOWN, and dropped otherwise. */
function instructionsAt(props: unknown, path: PropertyPath): Instruction[] | Unknown {
  const list = valueAt(props, path);
  if (isUnknown(list)) return list;
  if (!Array.isArray(list)) return [];
  const instructions: Instruction[] = [];
  for (const [index, entry] of list.entries()) {
    const entryPath = join(path, index);
    if (isUnknown(entry)) instructions.push({ path: entryPath, keyword: entry, value: {} });
    else if (isRecord(entry)) {
      const keyword = entry.instruction;
      if (isUnknown(keyword)) instructions.push({ path: entryPath, keyword, value: entry });
      else if (typeof keyword === "string") instructions.push({ path: entryPath, keyword: keyword.toUpperCase(), value: entry });
    }
  }
  return instructions;
}

/**
 * The build stages, or an undecided verdict when the Dockerfile itself is unknown (an image build whose Dockerfile
 * is an unknown input or could not be read: `unavailable` says why).
 */
function stagesOf(resource: Resource): Stage[] | Verdict {
  const stages = valueAt(resource.props, "stages");
  if (isUnknown(stages)) {
    const reason = valueAt(resource.props, "unavailable");
    return undecided("stages", typeof reason === "string" ? reason : "the Dockerfile is not known to the check");
  }
  if (!Array.isArray(stages)) return [];
  return stages.map((stage, index) => {
    const path = `stages.${index}`;
    // An unknown stage is unknown in every part; anything else that is not a stage holds nothing.
    if (isUnknown(stage)) return { path, index, value: { base: stage, name: stage }, instructions: stage };
    if (!isRecord(stage)) return { path, index, value: {}, instructions: [] };
    return { path, index, value: stage, instructions: instructionsAt(resource.props, `${path}.instructions`) };
  });
}

/** The ARG instructions before the first FROM. */
export function globalArgs(resource: Resource): Instruction[] | Unknown {
  return instructionsAt(resource.props, "global_args");
}

/** The keywords messages name; anything else a model may hold there is a value, and values are not quoted. */
const NAMED_KEYWORDS = new Set(["ARG", "ENV", "RUN", "COPY", "ADD", "USER", "EXPOSE", "HEALTHCHECK"]);

/** "the RUN on line 12", or the instruction's place in the list when its line is not known. */
export function describe(instruction: Instruction): string {
  const keyword = !isUnknown(instruction.keyword) && NAMED_KEYWORDS.has(instruction.keyword) ? instruction.keyword : "instruction";
  const line = instruction.value.line;
  return typeof line === "number" ? `the ${keyword} on line ${line}` : `the ${keyword} at ${instruction.path}`;
}

/** "the stage on line 3" (its FROM's line), or its position when the line is not known. */
export function describeStage(stage: Stage): string {
  const line = stage.value.line;
  return typeof line === "number" ? `the stage on line ${line}` : `stage ${stage.index + 1}`;
}

/**
 * A stage's identity for a baseline (`Verdict.subject`): its name, which stays when stages are added before it; its
 * position only where it has none.
 */
export function stageSubject(stage: Stage): string {
  const name = stage.value.name;
  return typeof name === "string" ? `stage ${name}` : `stage ${stage.index + 1}`;
}

/**
 * The stage the build produces: the target when the build names one, the last stage otherwise. Undecided when the
 * target is unknown or names no stage; undefined when there is no stage.
 */
function finalStage(resource: Resource, stages: readonly Stage[]): Stage | Verdict | undefined {
  const target = valueAt(resource.props, "target");
  if (isUnknown(target)) return undecided("target", "the build target is not known to the check");
  if (typeof target !== "string") return stages[stages.length - 1];
  const named = stages.filter((stage) => {
    const name = stage.value.name;
    return isUnknown(name) || (typeof name === "string" && name.toLowerCase() === target.toLowerCase());
  });
  if (named.length === 1 && typeof named[0].value.name === "string") return named[0];
  return undecided("target", named.length === 0 ? "the build target names no stage of the Dockerfile" : "which stage the build target names is not known to the check");
}

const NO_STAGE = "the Dockerfile has no FROM";

/** A `--mount` flag's fields by lower-case key, quotes removed: `type=bind,source=a.json` has type `bind`, source `a.json`. */
export function mountFields(mount: string): Map<string, string> {
  return new Map(
    mount.split(",").map((field) => {
      const [key, ...value] = field.split("=");
      return [key.trim().toLowerCase(), value.join("=").replace(/["']/g, "")] as const;
    }),
  );
}

/** The stages (or images) an instruction reads from, as written: `COPY --from=<x>`, `RUN --mount=from=<x>`; unknown when its flags are. */
function readsFrom(instruction: Instruction): string[] | Unknown {
  if (isUnknown(instruction.keyword)) return instruction.keyword;
  const from = stringsAt(instruction.value, "flags.from");
  const mounts = stringsAt(instruction.value, "flags.mount");
  if (isUnknown(from)) return from;
  if (isUnknown(mounts)) return mounts;
  return [...from, ...mounts.flatMap((mount) => mountFields(mount).get("from") ?? [])];
}

/**
 * Which stages the build runs, by index. BuildKit builds the stage it produces and, in turn, the stages that one is
 * built on (`FROM <stage>`), copies from (`COPY --from=<stage>`, by name or index) or mounts (`RUN
 * --mount=from=<stage>`), and skips every other stage. When one of those references cannot be followed (an unknown
 * base or instruction, a `--from` holding a build argument), the stages not known to be built may be: `unknown`
 * says why.
 */
function stagesBuilt(stages: readonly Stage[], final: Stage): { built: Set<number>; unknown?: string } {
  const byName = new Map<string, Stage>();
  let unknownName = false;
  for (const stage of stages) {
    const name = stage.value.name;
    if (isUnknown(name)) unknownName = true;
    else if (typeof name === "string") byName.set(name.toLowerCase(), stage);
  }
  const built = new Set([final.index]);
  const pending = [final];
  let unknown: string | undefined;
  const needs = (stage: Stage) => {
    if (built.has(stage.index)) return;
    built.add(stage.index);
    pending.push(stage);
  };
  for (let stage = pending.pop(); stage !== undefined; stage = pending.pop()) {
    const { answer, parent } = parentStage(stages, stage);
    if (parent !== undefined) needs(parent);
    if (answer === "unknown") unknown ??= `whether ${describeStage(stage)} is built on another stage is unknown until the build`;
    if (isUnknown(stage.instructions)) {
      unknown ??= `the instructions of ${describeStage(stage)} are not known to the check`;
      continue;
    }
    for (const instruction of stage.instructions) {
      const sources = readsFrom(instruction);
      if (isUnknown(sources)) {
        unknown ??= `what ${describe(instruction)} reads from is not known to the check`;
        continue;
      }
      for (const source of sources) {
        // Stage names start with a letter, so a number is an index; anything else no stage has is an image.
        const stage = byName.get(source.toLowerCase()) ?? (/^\d+$/.test(source) ? stages[Number(source)] : undefined);
        if (stage !== undefined) needs(stage);
        else if (source.includes("$")) unknown ??= `${describe(instruction)} names what it reads from with a build argument`;
        else if (unknownName) unknown ??= "a stage name is unknown until the build";
      }
    }
  }
  return unknown === undefined ? { built } : { built, unknown };
}

/** The index of the stage a verdict's path is in (`stages.3.instructions.1`); undefined for one outside any stage. */
function stageOfPath(path: PropertyPath): number | undefined {
  const index = /^stages\.(\d+)(?:\.|$)/.exec(path)?.[1];
  return index === undefined ? undefined : Number(index);
}

/**
 * A rule that judges every stage the build goes through: undecided when the Dockerfile is unknown, not applicable
 * when it has no FROM. Only the stage the build produces and the stages it needs are built (`stagesBuilt`): what is
 * wrong in any other stage is not judged, and is undecided where the build may need that stage. When the target is
 * unknown or names no stage, any stage may be one the build never reaches, so what is wrong in one is undecided.
 * `inEveryStage` picks the verdicts that hold whatever the build runs (what the file itself says, such as a literal
 * credential, which is committed with it): those stand in any stage.
 */
export function judgeStages(resource: Resource, judge: (stages: Stage[]) => CheckResult, inEveryStage: (verdict: Verdict) => boolean = () => false): CheckResult {
  const stages = stagesOf(resource);
  if (!Array.isArray(stages)) return [stages];
  const final = finalStage(resource, stages);
  if (final === undefined) return notApplicable(NO_STAGE);
  const result = judge(stages);
  if (isNotApplicable(result)) return result;
  if (!("index" in final)) {
    return result.map((verdict) => (verdict.outcome === "violation" && !inEveryStage(verdict) ? undecided(verdict.path, `${verdict.message}, if the build reaches that stage: ${final.message}`) : verdict));
  }
  const { built, unknown } = stagesBuilt(stages, final);
  return result.flatMap((verdict) => {
    const stage = stageOfPath(verdict.path);
    if (stage === undefined || built.has(stage) || inEveryStage(verdict)) return [verdict];
    if (unknown === undefined) return [];
    return [verdict.outcome === "violation" ? undecided(verdict.path, `${verdict.message}, if the build uses that stage: ${unknown}`) : verdict];
  });
}

/** A rule that judges the stage the build produces, as `judgeStages` does; undecided also when the target is unknown or names no stage. */
export function judgeFinalStage(resource: Resource, judge: (final: Stage, stages: Stage[]) => CheckResult): CheckResult {
  const stages = stagesOf(resource);
  if (!Array.isArray(stages)) return [stages];
  const final = finalStage(resource, stages);
  if (final === undefined) return notApplicable(NO_STAGE);
  return "index" in final ? judge(final, stages) : [final];
}

/** What a stage is built on: the earlier stage its base names, an image, or either. */
export interface Parent {
  /** "yes" with `parent`: an earlier stage; "no": an image; "unknown": its base, or an earlier stage's name, is unknown. */
  answer: Reference;
  parent?: Stage;
}

/** Each list of stages' parents, worked out once: rules ask about every stage, and chains of stages can be long. */
const parentsOfStages = new WeakMap<readonly Stage[], Parent[]>();

/** What the stage is built on. Stage names are compared as Docker compares them, without case. */
export function parentStage(stages: readonly Stage[], stage: Stage): Parent {
  let parents = parentsOfStages.get(stages);
  if (parents === undefined) {
    parents = [];
    const byName = new Map<string, Stage>();
    let unknownName = false;
    for (const each of stages) {
      const base = each.value.base;
      const parent = typeof base === "string" ? byName.get(base.toLowerCase()) : undefined;
      if (each.value.base_is_image === true) parents.push({ answer: "no" });
      else if (isUnknown(base)) parents.push({ answer: "unknown" });
      else if (parent !== undefined) parents.push({ answer: "yes", parent });
      else parents.push({ answer: typeof base === "string" && unknownName ? "unknown" : "no" });
      const name = each.value.name;
      if (isUnknown(name)) unknownName = true;
      else if (typeof name === "string") byName.set(name.toLowerCase(), each);
    }
    parentsOfStages.set(stages, parents);
  }
  return parents[stage.index];
}

/**
 * The stage and the earlier stages it is built on, nearest first. `open` when the last of them may itself be built
 * on another stage (its base, or a stage name, is unknown): what that stage holds is unknown.
 */
function lineage(stages: readonly Stage[], stage: Stage): { stages: Stage[]; open: boolean } {
  const chain: Stage[] = [stage];
  for (;;) {
    const { answer, parent } = parentStage(stages, chain[chain.length - 1]);
    if (answer === "unknown") return { stages: chain, open: true };
    // A parent is always an earlier stage, so the chain ends.
    if (parent === undefined) return { stages: chain, open: false };
    chain.push(parent);
  }
}

/** The image a stage is built on, through the earlier stages it is built on; unknown when one of them may be. */
export function baseImage(stages: readonly Stage[], stage: Stage): unknown {
  const { stages: chain, open } = lineage(stages, stage);
  return open ? UNKNOWN : chain[chain.length - 1].value.base;
}

/**
 * The last instruction of `keywords` in the stage and the stages it is built on: found ("yes"), none ("no"), or
 * "unknown" when an instruction after the last one found (or anywhere, if none is) is unknown, as is what an open
 * lineage holds.
 */
export function lastOf(stages: readonly Stage[], stage: Stage, keywords: readonly string[]): { answer: Reference; instruction?: Instruction } {
  const { stages: chain, open } = lineage(stages, stage);
  for (const member of chain) {
    if (isUnknown(member.instructions)) return { answer: "unknown" };
    for (const instruction of [...member.instructions].reverse()) {
      if (isUnknown(instruction.keyword)) return { answer: "unknown" };
      if (keywords.includes(instruction.keyword)) return { answer: "yes", instruction };
    }
  }
  return { answer: open ? "unknown" : "no" };
}

/**
 * The health check a stage's image runs as the Dockerfile declares it, by its last HEALTHCHECK (in the stage or one it
 * is built on): "checks" (a command), "off" (`HEALTHCHECK NONE`), "none" (no HEALTHCHECK: the base image's own, if it
 * has one, stays), or "unknown" until the build: with `instruction` when that HEALTHCHECK's arguments are unknown,
 * without when whether there is one is (a base from a build argument, an unknown instruction).
 */
export function healthcheckOf(stages: readonly Stage[], stage: Stage): { answer: "checks" | "off" | "none" | "unknown"; instruction?: Instruction } {
  const { answer, instruction } = lastOf(stages, stage, ["HEALTHCHECK"]);
  if (answer !== "yes" || instruction === undefined) return { answer: answer === "unknown" ? "unknown" : "none" };
  const mode = valueAt(instruction.value, "arguments");
  if (isUnknown(mode)) return { answer: "unknown", instruction };
  return { answer: typeof mode === "string" && mode.trim().toUpperCase() === "NONE" ? "off" : "checks", instruction };
}

/** Whether the stage or one it is built on has an instruction of `keywords`; "unknown" when none is known to and one may. */
export function hasAny(stages: readonly Stage[], stage: Stage, keywords: readonly string[]): Reference {
  const { stages: chain, open } = lineage(stages, stage);
  let unknown = open;
  for (const member of chain) {
    if (isUnknown(member.instructions)) unknown = true;
    else if (member.instructions.some((instruction) => !isUnknown(instruction.keyword) && keywords.includes(instruction.keyword))) return "yes";
    else if (member.instructions.some((instruction) => isUnknown(instruction.keyword))) unknown = true;
  }
  return unknown ? "unknown" : "no";
}

/** The strings of a list property, or unknown when the list (or an entry) is. */
export function stringsAt(value: unknown, path: PropertyPath): string[] | Unknown {
  const list = valueAt(value, path);
  if (isUnknown(list)) return list;
  if (!Array.isArray(list)) return [];
  const unknown = list.find(isUnknown);
  if (unknown !== undefined) return unknown;
  return list.filter((entry): entry is string => typeof entry === "string");
}

/** The text a RUN runs: its shell form (or exec form's words) and its heredocs' bodies; unknown when any part is. */
export function runText(instruction: Instruction): string | Unknown {
  const path = Array.isArray(valueAt(instruction.value, "exec")) ? "exec" : "arguments";
  const written = valueAt(instruction.value, path);
  // A list (the exec form's words, or arguments a program gave as one) is read entry by entry: one may be unknown.
  const command = Array.isArray(written) ? stringsAt(instruction.value, path) : written;
  if (isUnknown(command)) return command;
  // The exec form runs its words as they are, so each stands quoted as one word; arguments are shell text.
  const parts = [Array.isArray(command) ? (path === "exec" ? commandLineOf(command) : command.join(" ")) : typeof command === "string" ? command : ""];
  const heredocs = valueAt(instruction.value, "heredocs");
  if (isUnknown(heredocs)) return heredocs;
  if (Array.isArray(heredocs)) {
    for (const heredoc of heredocs) {
      // Unknown too when the heredoc itself is: `valueAt` carries it.
      const body = valueAt(heredoc, "body");
      if (isUnknown(body)) return body;
      if (typeof body === "string") parts.push(body);
    }
  }
  return parts.join("\n");
}
