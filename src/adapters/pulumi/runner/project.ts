/** Reads a Pulumi project (`Pulumi.yaml`) and finds the file its Node.js program starts from. */
import { existsSync, readFileSync, statSync } from "fs";
import { extname, join, resolve } from "path";
import { yaml } from "../../../yaml-library";
import type { Diagnostic } from "../../../model/diagnostic";

/** A file, and where known the line and column in it, that an error is about. */
export interface Place {
  file: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
}

/**
 * A program that cannot be found or run. The message says why, at the file (and line and column) where there is one,
 * then the errors of the stack's configuration, which the program may have failed for want of.
 */
export class ProgramError extends Error {
  override name = "ProgramError";
  constructor(
    /** Why, without the place. */
    readonly reason: string,
    readonly place?: Place,
    /** What the run found of the stack's configuration: a file it could not use (errors), secure values not decrypted. */
    readonly diagnostics: readonly Diagnostic[] = [],
  ) {
    const unusable = diagnostics.filter((diagnostic) => diagnostic.severity === "error").map((diagnostic) => `\n${placed(diagnostic, diagnostic.message)}`);
    super(placed(place, reason) + unusable.join(""));
  }
}

/** `file:line:column: text`, with as much of the place as is known. */
function placed(place: Partial<Place> | undefined, text: string): string {
  const where = [place?.file, place?.line, place?.column].filter((part) => part !== undefined).join(":");
  return where === "" ? text : `${where}: ${text}`;
}

export interface PulumiProject {
  name: string;
  dir: string;
  /** Absolute path of the module to require. */
  entry: string;
  /** The project file's extension; the stack settings file takes the same one. */
  extension: string;
  /** `stackConfigDir`: where the stack settings files are, relative to `dir`. */
  stackConfigDir?: string;
}

/** The names of a Pulumi project's file, which its directory holds, in the order the Pulumi CLI looks for them. */
export const PROJECT_FILE_NAMES = ["Pulumi.yaml", "Pulumi.yml"];

export function readProject(dir: string): PulumiProject {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new ProgramError("no such directory", { file: dir });
  const file = PROJECT_FILE_NAMES.map((name) => join(root, name)).find((path) => existsSync(path));
  if (!file) throw new ProgramError("no Pulumi.yaml (a Pulumi project directory holds one)", { file: dir });
  let doc: unknown;
  try {
    doc = yaml().parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ProgramError(`not valid YAML (${(error as Error).message.split("\n")[0]})`, { file });
  }
  const project = (doc ?? {}) as { name?: unknown; runtime?: unknown; main?: unknown; stackConfigDir?: unknown; config?: unknown };
  const runtime = typeof project.runtime === "object" && project.runtime !== null ? (project.runtime as { name?: unknown }).name : project.runtime;
  if (runtime !== "nodejs") throw new ProgramError(`runtime is ${JSON.stringify(runtime)}; only nodejs programs can run offline`, { file });
  if (typeof project.name !== "string" || project.name === "") throw new ProgramError("the project has no name", { file });
  const main = typeof project.main === "string" ? resolve(root, project.main) : root;
  // `config: <dir>` is the older spelling of `stackConfigDir`; a mapping there is the project's own configuration.
  const configDir = typeof project.stackConfigDir === "string" ? project.stackConfigDir : typeof project.config === "string" ? project.config : undefined;
  const stackConfigDir = configDir === undefined ? {} : { stackConfigDir: configDir };
  return { name: project.name, dir: root, entry: entryOf(main, file), extension: extname(file), ...stackConfigDir };
}

/** `main` names a file or a directory; a directory starts at its package.json `main`, else `index.ts`, else `index.js`. */
function entryOf(main: string, projectFile: string): string {
  if (existsSync(main) && statSync(main).isFile()) return main;
  if (existsSync(main) && statSync(main).isDirectory()) {
    const manifest = join(main, "package.json");
    const declared = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, "utf8")) as { main?: unknown }).main : undefined;
    const candidates = [typeof declared === "string" ? join(main, declared) : undefined, join(main, "index.ts"), join(main, "index.js")];
    const found = candidates.find((path): path is string => path !== undefined && existsSync(path) && statSync(path).isFile());
    if (found) return found;
  }
  throw new ProgramError(`the program's entry ${main} does not exist (looked for index.ts and index.js)`, { file: projectFile });
}
