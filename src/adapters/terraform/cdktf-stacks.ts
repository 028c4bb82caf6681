/**
 * The stacks of a CDKTF app, as `cdktf.out/manifest.json` lists them, and the values one stack uses of another. CDKTF
 * (0.21, and its fork cdktn: `TerraformStack.registerOutgoingCrossStackReference`) writes such a value as an output of
 * the stack that has it (`cross-stack-output-<id>`), which the other stack reads through a `terraform_remote_state`
 * data source named after the first (`cross-stack-reference-input-<its construct path>`), and lists the first among
 * the second's `dependencies` in the manifest. Both stacks are in the same output, so the value is the first stack's
 * output as it evaluates: a stack is evaluated after those it reads, and what it reads of them is their outputs.
 */
import { basename, dirname, resolve } from "path";
import { getOrAdd } from "../../collections";
import type { Diagnostic } from "../../model/diagnostic";
import type { SourceLocation } from "../../model/resource";
import { displayPath, readSource } from "../source";
import type { Traced } from "./eval/module";

/** One stack of a manifest. */
interface Stack {
  /** The directory of its `cdk.tf.json`, absolute. */
  dir: string;
  /** The construct paths of the stacks it reads values of. */
  dependencies: string[];
}

/**
 * Where CDKTF writes a stack, `<outdir>/stacks/<name>/cdk.tf.json`, its manifest is `<outdir>/manifest.json`; a
 * `cdk.tf.json` elsewhere has none.
 */
function manifestPathOf(stackDir: string): string | undefined {
  return basename(dirname(stackDir)) === "stacks" ? resolve(stackDir, "..", "..", "manifest.json") : undefined;
}

/**
 * The stacks a manifest lists, by construct path; none when it cannot be read, as when it is missing: each stack is
 * still checked, and what one reads of another is unknown.
 */
function readManifest(path: string): Map<string, Stack> {
  const stacks = new Map<string, Stack>();
  const source = readSource(path, path);
  if ("error" in source) return stacks;
  let manifest: unknown;
  try {
    manifest = JSON.parse(source.text);
  } catch {
    return stacks;
  }
  const listed = (manifest as { stacks?: unknown } | null)?.stacks;
  if (listed === null || typeof listed !== "object") return stacks;
  for (const entry of Object.values(listed as Record<string, unknown>)) {
    const { constructPath, synthesizedStackPath, dependencies } = (entry ?? {}) as Record<string, unknown>;
    if (typeof constructPath !== "string" || typeof synthesizedStackPath !== "string") continue;
    const dependsOn = Array.isArray(dependencies) ? dependencies.filter((dependency): dependency is string => typeof dependency === "string") : [];
    stacks.set(constructPath, { dir: dirname(resolve(dirname(path), synthesizedStackPath)), dependencies: dependsOn });
  }
  return stacks;
}

/**
 * The name CDKTF gives the data source through which a stack reads the stack at `constructPath`: a top-level
 * construct's id with what is neither a letter, a digit, `_` nor `-` removed (cdktf's `makeUniqueId`). Longer than
 * 255 characters it is hashed, and no stack is found: what it reads stays unknown.
 */
function referenceInputName(constructPath: string): string {
  return `cross-stack-reference-input-${constructPath}`.replace(/[^A-Za-z0-9_-]/g, "");
}

/** A stack another reads, and the app's output directory that holds both. */
interface ReadStack {
  dir: string;
  constructPath: string;
  outdir: string;
}

export class CdktfStacks {
  /**
   * What each CDKTF stack checked that a manifest lists reads, by directory: the stacks it depends on, by the name of
   * the data source it reads each through.
   */
  private readonly reads = new Map<string, ReadonlyMap<string, ReadStack>>();
  /** The directories of the stacks checked. */
  private readonly checked: ReadonlySet<string>;
  /** The directories of the stacks another stack reads. */
  private readonly read = new Set<string>();
  /** The outputs of each stack evaluated that another reads, by directory. */
  private readonly outputs = new Map<string, ReadonlyMap<string, Traced>>();

  /** `stackDirs`: the directories holding CDKTF output being checked. */
  constructor(stackDirs: readonly string[]) {
    this.checked = new Set(stackDirs);
    const manifests = new Map<string, Map<string, Stack>>();
    for (const dir of stackDirs) {
      const path = manifestPathOf(dir);
      if (path === undefined) continue;
      const app = getOrAdd(manifests, path, () => readManifest(path));
      const stack = [...app.values()].find((candidate) => candidate.dir === dir);
      if (stack === undefined) continue;
      const reads = new Map<string, ReadStack>();
      for (const dependency of stack.dependencies) {
        const read = app.get(dependency);
        if (read === undefined) continue;
        reads.set(referenceInputName(dependency), { dir: read.dir, constructPath: dependency, outdir: dirname(path) });
        this.read.add(read.dir);
      }
      this.reads.set(dir, reads);
    }
  }

  /**
   * `modules` with each stack after the stacks it reads, the rest in their order. Stacks that read each other, which
   * cdktf refuses to synthesize, are taken as they come: the first one evaluated reads the other's values as unknown.
   */
  inDependencyOrder<Module extends { dir: string }>(modules: readonly Module[]): Module[] {
    const byDir = new Map(modules.map((module) => [module.dir, module]));
    const placed = new Set<string>();
    const ordered: Module[] = [];
    const place = (module: Module) => {
      if (placed.has(module.dir)) return;
      placed.add(module.dir);
      for (const { dir } of this.reads.get(module.dir)?.values() ?? []) {
        const read = byDir.get(dir);
        if (read !== undefined) place(read);
      }
      ordered.push(module);
    };
    for (const module of modules) place(module);
    return ordered;
  }

  /** Whether another stack reads the stack at `dir`: then its outputs are kept once it is evaluated. */
  isRead(dir: string): boolean {
    return this.read.has(dir);
  }

  record(dir: string, outputs: ReadonlyMap<string, Traced>): void {
    this.outputs.set(dir, outputs);
  }

  /**
   * The output `output` of the stack that the stack at `dir` reads through `data.terraform_remote_state.<dataSource>`;
   * undefined when it reads none so, or that stack is not evaluated (not checked, or not yet).
   */
  output(dir: string, dataSource: string, output: string): Traced | undefined {
    const read = this.reads.get(dir)?.get(dataSource);
    return read === undefined ? undefined : this.outputs.get(read.dir)?.get(output);
  }

  /**
   * The notice for outputs (`outputs`, by name) the stack at `dir` reads of another stack of its app through
   * `data.terraform_remote_state.<dataSource>` (declared `at`), where this run does not check that stack: what reads
   * them is unknown for want of a path to check, as a root variable is for want of a value. Undefined where that is
   * no stack of the app, or one this run checks (two stacks that read each other, the first evaluated of which reads
   * the other's values as unknown).
   */
  notCheckedNotice(dir: string, dataSource: string, outputs: readonly string[], at: SourceLocation): Diagnostic | undefined {
    const read = this.reads.get(dir)?.get(dataSource);
    if (read === undefined || this.checked.has(read.dir)) return undefined;
    const message =
      `data.terraform_remote_state.${dataSource} reads outputs of stack "${read.constructPath}" (${[...outputs].sort().join(", ")}), which this run does not check, ` +
      `so what reads them is not known to the check; check ${displayPath(read.outdir)} as a whole (all its stacks together) to know them`;
    return { severity: "notice", code: "input", message, ...at };
  }
}
