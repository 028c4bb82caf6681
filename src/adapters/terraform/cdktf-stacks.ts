/**
 * The stacks of a CDKTF app, as `cdktf.out/manifest.json` lists them, and the values one stack uses of another. CDKTF
 * (0.21, `TerraformStack.registerOutgoingCrossStackReference`) writes such a value as an output of the stack that has
 * it (`cross-stack-output-<id>`), which the other stack reads through a `terraform_remote_state` data source named
 * after the first (`cross-stack-reference-input-<its construct path>`), and lists the first among the second's
 * `dependencies` in the manifest. Both stacks are in the same output, so the value is the first stack's output as it
 * evaluates: a stack is evaluated after those it reads, and what it reads of them is their outputs' values.
 */
import { readFileSync } from "fs";
import { dirname, resolve } from "path";
import type { Traced } from "./eval/module";

/** One stack of a manifest. */
interface Stack {
  /** The directory of its `cdk.tf.json`, absolute. */
  dir: string;
  /** The construct paths of the stacks it reads values of. */
  dependencies: string[];
}

/** Where CDKTF writes a stack: `<outdir>/stacks/<name>/cdk.tf.json`, and the manifest at `<outdir>/manifest.json`. */
function manifestPathOf(stackDir: string): string {
  return resolve(stackDir, "..", "..", "manifest.json");
}

/** The stacks a manifest lists, by construct path; none when it cannot be read, as when no stack is read across. */
function readManifest(path: string): Map<string, Stack> {
  const stacks = new Map<string, Stack>();
  let manifest: unknown;
  try {
    manifest = JSON.parse(readFileSync(path, "utf8"));
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

export class CdktfStacks {
  /** Each CDKTF stack checked that a manifest lists, by directory, with the stacks of its app by construct path. */
  private readonly stacks = new Map<string, { stack: Stack; app: ReadonlyMap<string, Stack> }>();
  /** The directories of the stacks another stack reads. */
  private readonly read = new Set<string>();
  /** The outputs of each stack evaluated that another reads, by directory. */
  private readonly outputs = new Map<string, ReadonlyMap<string, Traced>>();

  /** `stackDirs`: the directories holding CDKTF output being checked. */
  constructor(stackDirs: readonly string[]) {
    const manifests = new Map<string, Map<string, Stack>>();
    for (const dir of stackDirs) {
      const path = manifestPathOf(dir);
      let app = manifests.get(path);
      if (app === undefined) manifests.set(path, (app = readManifest(path)));
      const stack = [...app.values()].find((candidate) => candidate.dir === dir);
      if (stack === undefined) continue;
      this.stacks.set(dir, { stack, app });
      for (const dependency of stack.dependencies) {
        const read = app.get(dependency);
        if (read !== undefined) this.read.add(read.dir);
      }
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
      const found = this.stacks.get(module.dir);
      for (const dependency of found?.stack.dependencies ?? []) {
        const read = byDir.get(found!.app.get(dependency)?.dir ?? "");
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
   * The output `output` of the stack that the stack at `dir` reads through `data.terraform_remote_state.<dataSource>`:
   * one it depends on whose reference input has that name. Undefined when none does or it is not evaluated.
   */
  output(dir: string, dataSource: string, output: string): Traced | undefined {
    const found = this.stacks.get(dir);
    const read = found?.stack.dependencies.find((dependency) => referenceInputName(dependency) === dataSource);
    const readDir = read === undefined ? undefined : found!.app.get(read)?.dir;
    return readDir === undefined ? undefined : this.outputs.get(readDir)?.get(output);
  }
}
