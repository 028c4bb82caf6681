/**
 * Dependency installs in a shell script (a Dockerfile's RUN), and whether each is the locked form of its tool: what
 * it does wrong, or which lock file it installs from. Only the command words are read; a script is never quoted.
 */
import { requirementPinProblem } from "../../dependencies";
import { commandRun, simpleCommands } from "../../shell";

export interface Install {
  /** The tool's command, as rule text: `npm ci`. */
  command: string;
  /** Why the install is not locked, as a phrase following "the RUN on line 4"; absent when it is the locked form. */
  problem?: string;
  /** The locked form installs from one of these, which must be in place before it runs. */
  lockFiles?: LockFile[];
}

/** Every lock file a locked install below reads. */
export const LOCK_FILES = ["package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "poetry.lock", "Gemfile.lock"] as const;
export type LockFile = (typeof LOCK_FILES)[number];

/** Flags that take the next word as their value, per tool; other flags stand alone. */
const NPM_VALUE_FLAGS = new Set(["--prefix", "--registry", "--cache", "--omit", "--include", "--workspace", "-w", "--userconfig", "--loglevel", "--tag"]);
const PIP_VALUE_FLAGS = new Set([
  "-i", "--index-url", "--extra-index-url", "-f", "--find-links", "-t", "--target", "--prefix", "--root", "--src", "--platform",
  "--python-version", "--implementation", "--abi", "--no-binary", "--only-binary", "--progress-bar", "--upgrade-strategy", "--cache-dir",
  "--log", "--proxy", "--retries", "--timeout", "--exists-action", "--trusted-host", "--global-option", "-C", "--config-settings", "--report",
  "--root-user-action", "--cert", "--client-cert", "--use-feature", "--use-deprecated", "-e", "--editable", "-r", "--requirement", "-c", "--constraint",
  "--build-constraint", "--group", "--python", "--keyring-provider", "--resume-retries", "--build-option", "--install-option",
]);
/** `uv pip install` takes pip's and these; its long names for files are plural, pip's singular ones aliases. */
const UV_PIP_VALUE_FLAGS = new Set([
  ...PIP_VALUE_FLAGS, "--requirements", "--constraints", "--overrides", "--override", "--excludes", "--exclude", "-b", "--build-constraints",
  "--no-editable-package", "--extra", "-p", "--index", "--default-index", "--index-strategy", "--resolution", "--prerelease", "--fork-strategy",
  "--exclude-newer", "--exclude-newer-package", "--no-build-isolation-package", "--python-platform", "--link-mode", "--refresh-package",
  "--reinstall-package", "-P", "--upgrade-package", "--upgrade-group", "--config-setting", "--config-settings-package", "--no-sources-package",
  "--output-format", "--torch-backend", "--python-preference", "--directory", "--project", "--config-file", "--allow-insecure-host", "--color",
]);
/** Files that pin the versions of what a pip install names: pip's constraints, and uv's constraints and overrides. */
const PINNING_FILE_FLAGS = new Set(["-c", "--constraint", "--constraints", "--override", "--overrides"]);
const YARN_VALUE_FLAGS = new Set(["--cwd", "--modules-folder", "--cache-folder", "--mutex", "--network-timeout"]);
const PNPM_VALUE_FLAGS = new Set(["--dir", "-C", "--filter", "-F", "--store-dir"]);
const BUNDLE_VALUE_FLAGS = new Set(["--jobs", "-j", "--path", "--gemfile", "--retry", "--without", "--with"]);
const NO_VALUE_FLAGS = new Set<string>();

/** The positional words and flags of a command's arguments, with the values of `valueFlags` set aside. */
function parseArguments(words: readonly string[], valueFlags: ReadonlySet<string>): { positional: string[]; flags: { name: string; value?: string }[] } {
  const positional: string[] = [];
  const flags: { name: string; value?: string }[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!word.startsWith("-") || word === "-") {
      positional.push(word);
      continue;
    }
    const equals = word.indexOf("=");
    // `-rrequirements.txt`: a short flag with its value attached, which may hold `=` (`-egit+https://…#egg=lib`).
    if (/^-[^-]./.test(word) && valueFlags.has(word.slice(0, 2))) flags.push({ name: word.slice(0, 2), value: word.slice(2) });
    else if (equals !== -1) flags.push({ name: word.slice(0, equals), value: word.slice(equals + 1) });
    else if (valueFlags.has(word)) flags.push({ name: word, value: words[++i] });
    else flags.push({ name: word });
  }
  return { positional, flags };
}

/** A path, URL or archive rather than a registry name: nothing to pin. */
function isLocalOrRemote(spec: string): boolean {
  return /^[./~]|:\/\/|^(file|git|git\+\w+|github|https?):|\.(tgz|tar\.gz|whl|zip)$/.test(spec) || spec.includes("$");
}

/** `express@4.19.2`, `@types/node@20.11.30`: an exact version; a range, tag or no version is not. */
function isExactNpmSpec(spec: string): boolean {
  if (isLocalOrRemote(spec) || (spec.includes("/") && !spec.startsWith("@"))) return true;
  const at = spec.lastIndexOf("@");
  return at > 0 && /^v?\d+\.\d+\.\d+([-+][\w.+-]*)?$/.test(spec.slice(at + 1));
}

/**
 * What is wrong with a requirement `pip install` names, judged as a requirements file's line is; undefined for a
 * local path or file, part of the build context, and for a word holding a variable.
 */
function pipSpecProblem(spec: string): string | undefined {
  if (spec.includes("$")) return undefined;
  if (/^[./~]/.test(spec) || (!spec.includes("://") && (spec.includes("/") || /\.(whl|tar\.gz|tgz|zip)$/.test(spec)))) return undefined;
  return requirementPinProblem(spec);
}

function npm(args: readonly string[]): Install | undefined {
  const { positional } = parseArguments(args, NPM_VALUE_FLAGS);
  const [sub, ...packages] = positional;
  if (sub === "ci" || sub === "clean-install" || sub === "ic" || sub === "install-clean") return { command: "npm ci", lockFiles: ["package-lock.json", "npm-shrinkwrap.json"] };
  if (sub !== "install" && sub !== "i" && sub !== "add") return undefined;
  if (packages.length === 0) return { command: "npm install", problem: "installs with npm install, which may resolve other versions than the lock file's; use npm ci" };
  if (packages.every(isExactNpmSpec)) return undefined;
  return { command: "npm install", problem: "installs npm packages without an exact version" };
}

function yarn(args: readonly string[]): Install | undefined {
  const { positional, flags } = parseArguments(args, YARN_VALUE_FLAGS);
  const names = flags.map((flag) => flag.name);
  if ((positional.length > 0 && positional[0] !== "install") || names.some((name) => ["--version", "-v", "--help", "-h"].includes(name))) return undefined;
  if (names.includes("--frozen-lockfile") || names.includes("--immutable")) return { command: "yarn install --frozen-lockfile", lockFiles: ["yarn.lock"] };
  return { command: "yarn install", problem: "installs with yarn without --frozen-lockfile (Yarn 1) or --immutable (Yarn 2 and later), so it may update the lock file" };
}

function pnpm(args: readonly string[]): Install | undefined {
  const { positional, flags } = parseArguments(args, PNPM_VALUE_FLAGS);
  if (positional[0] !== "install" && positional[0] !== "i") return undefined;
  if (flags.some((flag) => flag.name === "--frozen-lockfile" && flag.value !== "false")) return { command: "pnpm install --frozen-lockfile", lockFiles: ["pnpm-lock.yaml"] };
  return { command: "pnpm install", problem: "installs with pnpm install without --frozen-lockfile, so it may update the lock file" };
}

function pip(args: readonly string[], valueFlags: ReadonlySet<string> = PIP_VALUE_FLAGS): Install | undefined {
  const { positional, flags } = parseArguments(args, valueFlags);
  const [sub, ...words] = positional;
  if (sub !== "install") return undefined;
  // A constraints file pins what the command names.
  if (flags.some((flag) => PINNING_FILE_FLAGS.has(flag.name))) return undefined;
  // An editable install names a requirement too: a local path (`-e .`) is fine, a repository is judged as any other.
  const specs = flags.flatMap((flag) => ((flag.name === "-e" || flag.name === "--editable") && flag.value !== undefined ? [flag.value] : []));
  for (let i = 0; i < words.length; i++) {
    // `name @ url`, a direct reference, is one requirement in three words.
    if (words[i + 1] === "@") {
      specs.push(`${words[i]} @ ${words[i + 2] ?? ""}`);
      i += 2;
    } else specs.push(words[i]);
  }
  const problem = specs.map(pipSpecProblem).find((found) => found !== undefined);
  return problem === undefined ? undefined : { command: "pip install", problem: `installs a Python package that ${problem}` };
}

/** `poetry install`, and `poetry sync`, which Poetry 2 has in place of `poetry install --sync`. */
function poetry(args: readonly string[]): Install | undefined {
  const command = parseArguments(args, NO_VALUE_FLAGS).positional[0];
  return command === "install" || command === "sync" ? { command: `poetry ${command}`, lockFiles: ["poetry.lock"] } : undefined;
}

function bundle(args: readonly string[]): Install | undefined {
  const { positional } = parseArguments(args, BUNDLE_VALUE_FLAGS);
  return positional.length === 0 || positional[0] === "install" ? { command: "bundle install", lockFiles: ["Gemfile.lock"] } : undefined;
}

/** The install a command runs, if any, by its program's name. */
function installOf(words: string[]): Install | undefined {
  // `sudo -E env CI=1 npm ci`, `then npm install`: the command run, after assignments and wrappers.
  const [run, ...args] = commandRun(words);
  const program = run?.split("/").pop();
  if (program === undefined) return undefined;
  if (program === "npm") return npm(args);
  if (program === "yarn") return yarn(args);
  if (program === "pnpm") return pnpm(args);
  if (/^pip(\d+(\.\d+)?)?$/.test(program)) return pip(args);
  if (/^python(\d+(\.\d+)?)?$/.test(program) && args[0] === "-m" && /^pip(\d+(\.\d+)?)?$/.test(args[1] ?? "")) return pip(args.slice(2));
  if (program === "uv" && args[0] === "pip") return pip(args.slice(1), UV_PIP_VALUE_FLAGS);
  if (program === "poetry") return poetry(args);
  if (program === "bundle" || program === "bundler") return bundle(args);
  return undefined;
}

/** Every dependency install the script runs, in order. */
export function installsIn(script: string): Install[] {
  return simpleCommands(script).flatMap((words) => installOf(words) ?? []);
}
