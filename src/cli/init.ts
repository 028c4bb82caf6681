/**
 * `prodready init [<template> <dir>]`: starts a project from a template shipped in the package's `templates/`,
 * filling its `{{placeholder}}`s from `--set name=value` or, on a terminal, from answers to questions.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "fs";
import { dirname, join, relative, resolve, sep } from "path";
import { createInterface } from "readline/promises";
import { EXIT, UsageError, type Io } from "./io";

/** The package's templates, from `dist/cli` or `src/cli`. */
export const TEMPLATES_DIR = resolve(__dirname, "..", "..", "templates");

/** What a template declares in its `template.json`; the file is not copied. */
const TEMPLATE_MANIFEST = "template.json";

/** Never copied: the manifest, and what installing or synthesizing inside a template leaves behind. */
const NOT_COPIED = new Set([TEMPLATE_MANIFEST, "node_modules", "cdktf.out", ".gen"]);

/** `{{name}}`: the one placeholder syntax of every template. */
export const PLACEHOLDER = /\{\{([A-Za-z][A-Za-z0-9]*)\}\}/g;

export interface Placeholder {
  name: string;
  description: string;
  /** Without one, a value is required: from `--set`, or asked on a terminal. */
  default?: string;
  /** A regular expression the whole value must match; it keeps values safe in YAML, shell and JSON. */
  pattern: string;
  /**
   * Other tools' tokens for the same value, replaced too: `${PROJECT}` in a `pulumi new` template, so the files work
   * with `pulumi new` and with `prodready init` alike.
   */
  alsoReplaces?: string[];
}

export interface Template {
  name: string;
  description: string;
  /** Absolute. */
  dir: string;
  placeholders: Placeholder[];
  /** Printed after the files are written, placeholders filled. */
  nextSteps: string[];
  /** Paths (relative, `/`-separated) that describe the template rather than belong in the project, e.g. its README. */
  notCopied: string[];
}

/** Asks one question on the terminal and returns the answer as typed. */
export type Ask = (question: string) => Promise<string>;

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((entry) => typeof entry === "string");
}

/** Reads and checks one `template.json`; a shipped template that breaks these rules is a bug, so this throws. */
export function readTemplate(dir: string): Template {
  const file = join(dir, TEMPLATE_MANIFEST);
  const manifest = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const fail = (problem: string): never => {
    throw new Error(`${file}: ${problem}`);
  };
  const { name, description, placeholders, nextSteps, notCopied = [] } = manifest;
  if (typeof name !== "string" || typeof description !== "string") fail("name and description must be strings");
  if (typeof placeholders !== "object" || placeholders === null || Array.isArray(placeholders)) fail("placeholders must be an object keyed by name");
  if (!isStringArray(nextSteps)) fail("nextSteps must be a list of strings");
  if (!isStringArray(notCopied)) fail("notCopied must be a list of paths");
  const declared = Object.entries(placeholders as Record<string, Record<string, unknown>>).map(([key, entry]): Placeholder => {
    if (!/^[A-Za-z][A-Za-z0-9]*$/.test(key)) fail(`placeholder name "${key}" is not a word`);
    if (typeof entry.description !== "string" || typeof entry.pattern !== "string") fail(`placeholder ${key} needs a description and a pattern`);
    try {
      new RegExp(entry.pattern as string, "u");
    } catch {
      fail(`placeholder ${key}: pattern is not a regular expression`);
    }
    if (entry.default !== undefined && typeof entry.default !== "string") fail(`placeholder ${key}: default must be a string`);
    if (entry.alsoReplaces !== undefined && !isStringArray(entry.alsoReplaces)) fail(`placeholder ${key}: alsoReplaces must be a list of strings`);
    const placeholder: Placeholder = { name: key, description: entry.description as string, pattern: entry.pattern as string };
    if (entry.default !== undefined) placeholder.default = entry.default as string;
    if (entry.alsoReplaces !== undefined) placeholder.alsoReplaces = entry.alsoReplaces as string[];
    return placeholder;
  });
  return { name: name as string, description: description as string, dir, placeholders: declared, nextSteps: nextSteps as string[], notCopied: notCopied as string[] };
}

/** Every template under `root`: each directory holding a `template.json`, by name. */
export function listTemplates(root = TEMPLATES_DIR): Template[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(root, entry.name, TEMPLATE_MANIFEST)))
    .map((entry) => readTemplate(join(root, entry.name)))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The files a template copies, relative to its directory with `/` separators, sorted. */
export function templateFiles(template: Template): string[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (NOT_COPIED.has(entry.name)) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(relative(template.dir, path).split(sep).join("/"));
    }
  };
  walk(template.dir);
  return files.filter((file) => !template.notCopied.includes(file)).sort();
}

/**
 * Where a template file goes in the project: as it is named, except that `gitignore` becomes `.gitignore`. npm never
 * packs a file named `.gitignore`, so a published package can only carry a template's ignore file under another name.
 */
function projectPath(file: string): string {
  return file.replace(/(^|\/)gitignore$/, "$1.gitignore");
}

/** Whether `value` matches the whole of a placeholder's pattern. */
export function isValidValue(placeholder: Placeholder, value: string): boolean {
  return new RegExp(`^(?:${placeholder.pattern})$`, "u").test(value);
}

/**
 * `text` with every declared placeholder (and the tokens it also replaces) filled, in one pass, so a value that
 * looks like a token stays as given; undeclared `{{words}}` stay too.
 */
export function fillPlaceholders(text: string, placeholders: readonly Placeholder[], values: Readonly<Record<string, string>>): string {
  const valueOf = new Map<string, string>();
  for (const placeholder of placeholders) {
    if (!Object.hasOwn(values, placeholder.name)) continue;
    for (const token of [`{{${placeholder.name}}}`, ...(placeholder.alsoReplaces ?? [])]) valueOf.set(token, values[placeholder.name]);
  }
  if (valueOf.size === 0) return text;
  // Longer tokens first, so one that contains another wins.
  const tokens = [...valueOf.keys()].sort((a, b) => b.length - a.length).map((token) => token.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return text.replace(new RegExp(tokens.join("|"), "g"), (token) => valueOf.get(token)!);
}

/** `--set name=value` flags as a map; a flag without `=` or naming no placeholder is a usage error. */
function parseSets(template: Template, sets: readonly string[]): Record<string, string> {
  const given: Record<string, string> = {};
  for (const set of sets) {
    const equals = set.indexOf("=");
    if (equals < 1) throw new UsageError(`--set takes name=value, got "${set}"`, "init");
    const name = set.slice(0, equals);
    if (!template.placeholders.some((placeholder) => placeholder.name === name)) {
      throw new UsageError(`template ${template.name} has no placeholder "${name}" (it has: ${template.placeholders.map((p) => p.name).join(", ")})`, "init");
    }
    given[name] = set.slice(equals + 1);
  }
  return given;
}

/**
 * A value for every placeholder: given, else asked (when `ask` is set: a terminal), else its default. A given value
 * that does not match its pattern, or a required one that nobody can answer, is a usage error naming it.
 */
async function resolveValues(template: Template, given: Readonly<Record<string, string>>, ask: Ask | undefined, io: Io): Promise<Record<string, string>> {
  const values: Record<string, string> = {};
  for (const placeholder of template.placeholders) {
    let value = Object.hasOwn(given, placeholder.name) ? given[placeholder.name] : undefined;
    if (value !== undefined && !isValidValue(placeholder, value)) {
      throw new UsageError(`--set ${placeholder.name}: the value does not match ${placeholder.pattern} (${placeholder.description})`, "init");
    }
    while (value === undefined && ask !== undefined) {
      const suffix = placeholder.default === undefined ? "" : ` [${placeholder.default}]`;
      const answer = (await ask(`${placeholder.description} (${placeholder.name})${suffix}: `)).trim();
      const candidate = answer === "" ? placeholder.default : answer;
      if (candidate !== undefined && isValidValue(placeholder, candidate)) value = candidate;
      else io.stderr(candidate === undefined ? `${placeholder.name} is required\n` : `${placeholder.name} must match ${placeholder.pattern}\n`);
    }
    value ??= placeholder.default;
    if (value === undefined) {
      throw new UsageError(`template ${template.name} needs a value for ${placeholder.name} (${placeholder.description}): pass --set ${placeholder.name}=<value>`, "init");
    }
    values[placeholder.name] = value;
  }
  return values;
}

function listing(templates: readonly Template[]): string {
  if (templates.length === 0) return `No templates found in ${TEMPLATES_DIR}.\n`;
  const width = Math.max(...templates.map((template) => template.name.length));
  const lines = templates.map((template) => `  ${template.name.padEnd(width)}  ${template.description}`);
  return `Templates:\n${lines.join("\n")}\n\nStart one with \`prodready init <template> <dir>\`.\n`;
}

/** Text files get their placeholders filled; a file with a NUL byte is copied as it is. */
function render(source: Buffer, template: Template, values: Readonly<Record<string, string>>): Buffer {
  if (source.includes(0)) return source;
  return Buffer.from(fillPlaceholders(source.toString("utf8"), template.placeholders, values), "utf8");
}

/** A question on the terminal; undefined when standard input is not one, so nothing waits for an answer. */
function terminalAsk(): Ask | undefined {
  if (!process.stdin.isTTY) return undefined;
  return async (question) => {
    const terminal = createInterface({ input: process.stdin, output: process.stderr });
    try {
      return await terminal.question(question);
    } finally {
      terminal.close();
    }
  };
}

export interface InitOptions {
  sets: readonly string[];
  /** Where templates are found; the package's by default. */
  templatesDir?: string;
  /** How to ask for missing values; by default a terminal on standard input, if there is one. */
  ask?: Ask;
}

export async function init(operands: readonly string[], options: InitOptions, io: Io): Promise<number> {
  const templates = listTemplates(options.templatesDir);
  if (operands.length === 0) {
    io.stdout(listing(templates));
    return EXIT.clean;
  }
  if (operands.length !== 2) throw new UsageError("init takes a template name and the directory to create the project in", "init");
  const [name, target] = operands;
  const template = templates.find((candidate) => candidate.name === name);
  if (template === undefined) throw new UsageError(`unknown template "${name}" (templates: ${templates.map((t) => t.name).join(", ")})`, "init");

  const files = templateFiles(template);
  const destination = resolve(target);
  if (existsSync(destination) && !statSync(destination).isDirectory()) throw new UsageError(`${target} exists and is not a directory`, "init");
  const existing = files.map(projectPath).filter((file) => existsSync(join(destination, file)));
  if (existing.length > 0) {
    io.stderr(`prodready: ${target} already has ${existing.length === 1 ? "a file" : "files"} the template would write; nothing was written:\n${existing.map((file) => `  ${join(target, file)}\n`).join("")}`);
    return EXIT.cannotRun;
  }
  const values = await resolveValues(template, parseSets(template, options.sets), options.ask ?? terminalAsk(), io);

  for (const file of files) {
    const from = join(template.dir, file);
    const to = join(destination, projectPath(file));
    mkdirSync(dirname(to), { recursive: true });
    // The mode too: a setup script stays executable.
    writeFileSync(to, render(readFileSync(from), template, values), { mode: statSync(from).mode & 0o777, flag: "wx" });
  }
  const steps = [`cd ${target}`, ...template.nextSteps.map((step) => fillPlaceholders(step, template.placeholders, values))];
  io.stdout(`Created ${target} from the ${template.name} template (${files.length} files).\n\nNext steps:\n${steps.map((step, index) => `  ${index + 1}. ${step}\n`).join("")}`);
  return EXIT.clean;
}
