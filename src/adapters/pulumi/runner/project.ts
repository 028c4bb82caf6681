/** Reads a Pulumi project (`Pulumi.yaml`) and finds the file its Node.js program starts from. */
import { existsSync, readFileSync, statSync } from "fs";
import { extname, join, resolve } from "path";
import { yaml } from "../../../yaml-library";

/** A program that cannot be found or run; the message says why, naming the file where there is one. */
export class ProgramError extends Error {
  override name = "ProgramError";
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

export function readProject(dir: string): PulumiProject {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new ProgramError(`${dir}: no such directory`);
  const file = ["Pulumi.yaml", "Pulumi.yml"].map((name) => join(root, name)).find((path) => existsSync(path));
  if (!file) throw new ProgramError(`${dir}: no Pulumi.yaml (a Pulumi project directory holds one)`);
  let doc: unknown;
  try {
    doc = yaml().parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ProgramError(`${file}: not valid YAML (${(error as Error).message.split("\n")[0]})`);
  }
  const project = (doc ?? {}) as { name?: unknown; runtime?: unknown; main?: unknown; stackConfigDir?: unknown; config?: unknown };
  const runtime = typeof project.runtime === "object" && project.runtime !== null ? (project.runtime as { name?: unknown }).name : project.runtime;
  if (runtime !== "nodejs") throw new ProgramError(`${file}: runtime is ${JSON.stringify(runtime)}; only nodejs programs can run offline`);
  if (typeof project.name !== "string" || project.name === "") throw new ProgramError(`${file}: the project has no name`);
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
  throw new ProgramError(`${projectFile}: the program's entry ${main} does not exist (looked for index.ts and index.js)`);
}
