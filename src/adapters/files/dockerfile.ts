/**
 * Dockerfiles into the model: a hand-written reader of the Dockerfile syntax (parser directives, line continuations,
 * comments, exec and shell forms, heredocs, flags, multi-stage builds, build arguments in `FROM`), one `dockerfile`
 * resource per file. The same reader serves Pulumi image builds (`image-build.ts`), so it stays free of heavy imports.
 *
 * Props (plain data, snake_case like every canonical model):
 *   global_args: the ARG instructions before the first FROM
 *   stages[]: { base, base_is_image?, name?, platform?, line, instructions[] }
 *   instructions[]: { instruction, arguments, flags, line, exec?, heredocs?, pairs?, sources?, destination?, user? }
 *   target?: the stage a build stops at (set by image builds that name one)
 */
import { basename, dirname, join } from "path";
import { anchoredSuppressions, hashLineComments, type Anchor } from "../../engine/comment-suppressions";
import type { Diagnostic } from "../../model/diagnostic";
import { DOCKERFILE } from "../../model/kinds";
import { UNKNOWN, isUnknown, type Resource, type SourceLocation, type Unknown } from "../../model/resource";
import type { FileFormat } from "./format";

export type DockerInstruction = {
  /** The keyword, upper-case: `RUN`, `COPY`. */
  instruction: string;
  /** The text after the keyword and its flags, continuation lines joined; heredoc bodies are in `heredocs`. */
  arguments: string;
  /** `--name=value` flags before the arguments; a flag given twice (`--mount`) keeps both values, a bare flag is "". */
  flags: Record<string, string[]>;
  /** 1-based line of the keyword. */
  line: number;
  /** The JSON (exec) form's words: `CMD ["node", "server.js"]`. */
  exec?: string[];
  /** `RUN <<EOF` … `EOF`: each heredoc's delimiter and body, in order. */
  heredocs?: { name: string; body: string }[];
  /** ENV, ARG, LABEL: names and values, quotes removed, variables as written. An ARG without a default has no value. */
  pairs?: { key: string; value?: string }[];
  /** COPY, ADD: what is copied, quotes removed. */
  sources?: string[];
  destination?: string;
  /** USER: the user (`app`, `1000:1000`) with build arguments and ENV substituted; unknown when one has no value. */
  user?: string | Unknown;
};

export type DockerStage = {
  /** The image after FROM, global build arguments substituted; unknown when one has no value; absent when FROM names none. */
  base?: string | Unknown;
  /**
   * Set when the base is unknown but what is written around its build arguments holds a character no stage name can
   * (BuildKit's stage names are `[a-z][a-z0-9-_.]*`, without case), as `${REGISTRY}/node:20.11.1`: an image, never a stage.
   */
  base_is_image?: true;
  /** `AS <name>`, as written. */
  name?: string;
  platform?: string | Unknown;
  line: number;
  instructions: DockerInstruction[];
};

export type DockerfileProps = {
  global_args: DockerInstruction[];
  stages: DockerStage[];
  /** The stage the build stops at; absent means the last one. */
  target?: string | Unknown;
};

export interface ParsedDockerfile {
  props: DockerfileProps;
  /** Each stage, stage base and instruction path, where it is written. */
  propertyLocations: Record<string, SourceLocation>;
  diagnostics: Diagnostic[];
  /** What an inline suppression comment can be about: each stage and instruction (the file's own anchor is the caller's). */
  anchors: { line: number; path: string }[];
  /** Lines of heredoc bodies: text, not comments. */
  heredocLines: Set<number>;
}

export interface DockerfileOptions {
  /** The display name diagnostics and locations carry; absent for a Dockerfile that is not a file (inline in a program). */
  file?: string;
  /**
   * Build arguments the build passes, when known (a Pulumi image build's `buildArgs`): an ARG they do not name takes
   * its default or stays unset. Absent: any ARG without a default may be given at build time, so it is unknown.
   */
  buildArgs?: ReadonlyMap<string, string | Unknown>;
}

const INSTRUCTIONS = new Set([
  "ADD",
  "ARG",
  "CMD",
  "COPY",
  "ENTRYPOINT",
  "ENV",
  "EXPOSE",
  "FROM",
  "HEALTHCHECK",
  "LABEL",
  "MAINTAINER",
  "ONBUILD",
  "RUN",
  "SHELL",
  "STOPSIGNAL",
  "USER",
  "VOLUME",
  "WORKDIR",
]);

/** Only these take heredocs (BuildKit's Dockerfile 1.4 syntax). */
const HEREDOC_INSTRUCTIONS = new Set(["RUN", "COPY", "ADD"]);

/** Parser directives BuildKit knows; any other `# x=y` line at the top is an ordinary comment and ends the directives. */
const DIRECTIVES = new Set(["syntax", "escape", "check"]);

/** Build arguments BuildKit sets itself for the platform: available in FROM without a declaration, unknown to us. */
const AUTOMATIC_ARGS = new Set(["TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT"]);

/** `<<EOF`, `<<-EOF`, `<<"EOF"`, `2<<'EOF'`; not the `<<<` here-string. */
const HEREDOC_MARKER = /(?<!<)\d*<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_]*)\2/g;

/** A word of an instruction with its offset in the instruction's text. */
interface Word {
  text: string;
  offset: number;
}

/** Where each physical line of a logical (continued) instruction starts in its joined text. */
interface Segment {
  line: number;
  offset: number;
}

/**
 * Splits on unquoted whitespace, keeping quotes and escapes inside the words as Docker's own word splitter does;
 * `processWord` resolves them afterwards.
 */
function splitWords(text: string, escape: string): Word[] {
  const words: Word[] = [];
  let current = "";
  let start = -1;
  let quote = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote === "" && /\s/.test(ch)) {
      if (start !== -1) words.push({ text: current, offset: start });
      current = "";
      start = -1;
      continue;
    }
    if (start === -1) start = i;
    if (ch === escape && quote !== "'" && i + 1 < text.length) {
      current += ch + text[i + 1];
      i++;
      continue;
    }
    if (ch === '"' || ch === "'") {
      if (quote === "") quote = ch;
      else if (quote === ch) quote = "";
    }
    current += ch;
  }
  if (start !== -1) words.push({ text: current, offset: start });
  return words;
}

/** A declared variable's value: a string, unknown (the build may give one), or null when it is declared but unset. */
type VariableValue = string | Unknown | null;
/** A variable's value; undefined when it is not declared. */
type Lookup = (name: string) => VariableValue | undefined;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/**
 * A word as Docker reads it: quotes removed, escapes resolved and, given `lookup`, `$VAR`, `${VAR}`, `${VAR:-x}`,
 * `${VAR-x}`, `${VAR:+x}`, `${VAR:?x}` substituted (not inside single quotes). A declared variable without a value is
 * empty; one that is not declared, one the build may give, or a substitution form this reader does not evaluate
 * make the word unknown. Without `lookup`, `$` is text.
 */
function processWord(word: string, escape: string, lookup?: Lookup): string | Unknown {
  const { known, unknown } = readWord(word, escape, lookup);
  return unknown ? UNKNOWN : known;
}

/** A word as `processWord` reads it: `known`, the text without the substitutions that are unknown, and whether one is. */
function readWord(word: string, escape: string, lookup?: Lookup): { known: string; unknown: boolean } {
  let result = "";
  let unknown = false;
  let quote = "";
  for (let i = 0; i < word.length; i++) {
    const ch = word[i];
    if (quote === "'") {
      if (ch === "'") quote = "";
      else result += ch;
      continue;
    }
    if (ch === escape) {
      const next = word[i + 1];
      if (next === undefined) continue;
      // Inside double quotes the escape only escapes what would otherwise be special there.
      if (quote === '"' && next !== '"' && next !== "$" && next !== escape) result += ch;
      result += next;
      i++;
      continue;
    }
    if (ch === '"') {
      quote = quote === '"' ? "" : '"';
      continue;
    }
    if (ch === "'" && quote === "") {
      quote = "'";
      continue;
    }
    if (ch === "$" && lookup !== undefined) {
      const expansion = expandAt(word, i + 1, escape, lookup);
      if (expansion !== undefined) {
        if (isUnknown(expansion.value)) unknown = true;
        else result += expansion.value;
        i = expansion.end - 1;
        continue;
      }
    }
    result += ch;
  }
  return { known: result, unknown };
}

/** The variable reference starting after a `$` at `start`: its value and where it ends; undefined when `$` is text. */
function expandAt(word: string, start: number, escape: string, lookup: Lookup): { value: string | Unknown; end: number } | undefined {
  if (word[start] !== "{") {
    const name = NAME.exec(word.slice(start))?.[0];
    if (name === undefined) return undefined;
    return { value: plainValue(lookup(name)), end: start + name.length };
  }
  let depth = 1;
  let close = start + 1;
  for (; close < word.length && depth > 0; close++) {
    if (word[close] === "{") depth++;
    else if (word[close] === "}") depth--;
  }
  if (depth > 0) return { value: UNKNOWN, end: word.length };
  const inner = word.slice(start + 1, close - 1);
  const name = NAME.exec(inner)?.[0];
  if (name === undefined) return { value: UNKNOWN, end: close };
  const value = lookup(name);
  const rest = inner.slice(name.length);
  if (rest === "") return { value: plainValue(value), end: close };
  const modifier = /^(:?[-+?])/.exec(rest)?.[1];
  if (modifier === undefined || isUnknown(value)) return { value: UNKNOWN, end: close };
  const alternative = () => processWord(rest.slice(modifier.length), escape, lookup);
  // With a colon, an empty value counts as unset.
  const set = typeof value === "string" && (!modifier.startsWith(":") || value !== "");
  switch (modifier.replace(":", "")) {
    case "-":
      return { value: set ? value : alternative(), end: close };
    case "+":
      return { value: set ? alternative() : "", end: close };
    default:
      // `${VAR:?message}` fails the build when unset.
      return { value: set ? value : UNKNOWN, end: close };
  }
}

/** A name and its value as written (quotes, escapes and `$` references still in it); no value for a bare ARG. */
interface RawPair {
  key: string;
  raw?: string;
}

/** `$VAR` without a modifier: empty when declared and unset, unknown when not declared at all. */
function plainValue(value: VariableValue | undefined): string | Unknown {
  if (value === null) return "";
  return value === undefined ? UNKNOWN : value;
}

/** `key=value` words (ENV, ARG, LABEL), or ENV's and LABEL's legacy `key value…` form. */
function rawPairs(instruction: string, words: readonly Word[], text: string, escape: string): RawPair[] {
  if (words.length === 0) return [];
  if (instruction !== "ARG" && !words[0].text.includes("=")) {
    const rest = text.slice(words[0].offset + words[0].text.length).trim();
    return [rest === "" ? { key: unquoted(words[0].text, escape) } : { key: unquoted(words[0].text, escape), raw: rest }];
  }
  return words.map((word) => {
    const equals = word.text.indexOf("=");
    return equals === -1 ? { key: unquoted(word.text, escape) } : { key: unquoted(word.text.slice(0, equals), escape), raw: word.text.slice(equals + 1) };
  });
}

function unquoted(text: string, escape: string): string {
  return processWord(text, escape) as string;
}

/** A JSON array of strings, Docker's exec form; anything else is the shell form. */
function execForm(text: string): string[] | undefined {
  if (!text.startsWith("[")) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((word) => typeof word === "string") ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** One logical instruction: the physical lines it spans, joined. */
interface LogicalLine {
  text: string;
  segments: Segment[];
  /** Index of its last physical line. */
  last: number;
}

/**
 * Reads a Dockerfile's text. Never throws: malformed content becomes diagnostics with line and column, and what can
 * still be read is read.
 */
export function parseDockerfile(source: string, options: DockerfileOptions = {}): ParsedDockerfile {
  const text = source.startsWith("\uFEFF") ? source.slice(1) : source;
  const lines = text.split("\n").map((line) => (line.endsWith("\r") ? line.slice(0, -1) : line));
  const diagnostics: Diagnostic[] = [];
  const place = (line: number, column: number): SourceLocation => (options.file === undefined ? { line, column } : { file: options.file, line, column });
  const report = (message: string, line: number, column: number) => diagnostics.push({ severity: "error", code: "input", message, ...place(line, column) });

  let escape = "\\";
  let index = 0;
  const seenDirectives = new Set<string>();
  for (; index < lines.length; index++) {
    const directive = /^\s*#\s*([A-Za-z]+)\s*=\s*(.*?)\s*$/.exec(lines[index]);
    const name = directive?.[1].toLowerCase();
    if (directive === null || name === undefined || !DIRECTIVES.has(name) || seenDirectives.has(name)) break;
    seenDirectives.add(name);
    if (name !== "escape") continue;
    if (directive[2] === "\\" || directive[2] === "`") escape = directive[2];
    else report("the escape directive takes \\ or ` (backtick)", index + 1, lines[index].indexOf("=") + 2);
  }

  const continuation = new RegExp(`${escape === "\\" ? "\\\\" : "`"}[ \\t]*$`);
  const isCommentOrBlank = (line: string) => /^\s*(#|$)/.test(line);
  /** The instruction starting at line `start`, with its continuation lines (comment and blank lines among them dropped). */
  const logicalLine = (start: number): LogicalLine => {
    const segments: Segment[] = [];
    let joined = "";
    let at = start;
    for (;;) {
      const line = lines[at];
      segments.push({ line: at + 1, offset: joined.length });
      const continued = continuation.exec(line);
      joined += continued === null ? line : line.slice(0, continued.index);
      if (continued === null) break;
      let next = at + 1;
      while (next < lines.length && isCommentOrBlank(lines[next])) next++;
      if (next >= lines.length) break;
      at = next;
    }
    return { text: joined, segments, last: at };
  };
  const positionOf = (logical: LogicalLine, offset: number): { line: number; column: number } => {
    let segment = logical.segments[0];
    for (const candidate of logical.segments) if (candidate.offset <= offset) segment = candidate;
    return { line: segment.line, column: offset - segment.offset + 1 };
  };

  const props: DockerfileProps = { global_args: [], stages: [] };
  const propertyLocations: Record<string, SourceLocation> = {};
  const anchors: { line: number; path: string }[] = [];
  const heredocLines = new Set<number>();

  const buildArgs = options.buildArgs;
  /** A declared ARG's value: the build's argument, else its default, else unknown (or unset, when the build's arguments are known). */
  const declaredValue = (name: string, fallback: VariableValue | undefined): VariableValue => {
    if (buildArgs === undefined) return fallback ?? UNKNOWN;
    return buildArgs.get(name) ?? fallback ?? null;
  };
  const globalScope = new Map<string, VariableValue>();
  const globalLookup: Lookup = (name) => (globalScope.has(name) ? globalScope.get(name) : AUTOMATIC_ARGS.has(name) ? UNKNOWN : undefined);

  /** Per stage: its ARGs and ENV, for USER; ENV carries on into stages built on it. */
  let stageArgs = new Map<string, VariableValue>();
  let stageEnv = new Map<string, string | Unknown>();
  /** By stage name, lower-case as Docker compares them. */
  const envOfStage = new Map<string, Map<string, string | Unknown>>();
  const stageLookup: Lookup = (name) => (stageEnv.has(name) ? stageEnv.get(name) : stageArgs.has(name) ? stageArgs.get(name) : AUTOMATIC_ARGS.has(name) ? UNKNOWN : undefined);

  while (index < lines.length) {
    if (isCommentOrBlank(lines[index])) {
      index++;
      continue;
    }
    const logical = logicalLine(index);
    index = logical.last + 1;
    const keywordOffset = logical.text.search(/\S/);
    // A lone escape character continued into nothing.
    if (keywordOffset === -1) continue;
    const keyword = /^\S+/.exec(logical.text.slice(keywordOffset))![0];
    const instruction = keyword.toUpperCase();
    const at = positionOf(logical, keywordOffset);
    const line = at.line;
    if (!INSTRUCTIONS.has(instruction)) {
      report("not a Dockerfile instruction: each instruction starts with a keyword such as FROM, RUN or COPY", line, at.column);
      continue;
    }

    const restOffset = keywordOffset + keyword.length;
    const rest = logical.text.slice(restOffset);
    const words = splitWords(rest, escape);
    const flags: Record<string, string[]> = {};
    /** The last value of each flag as written, for the ones Docker substitutes variables into. */
    const rawFlags = new Map<string, string>();
    let firstArgument = 0;
    for (; firstArgument < words.length && words[firstArgument].text.startsWith("--"); firstArgument++) {
      const [, name, value = ""] = /^--([^=]*)(?:=([^]*))?$/.exec(words[firstArgument].text)!;
      (flags[name] ??= []).push(unquoted(value, escape));
      rawFlags.set(name, value);
    }
    const argumentWords = words.slice(firstArgument);
    const argumentsOffset = argumentWords.length > 0 ? argumentWords[0].offset : rest.length;
    const argumentsText = rest.slice(argumentsOffset).trim();
    const entry: DockerInstruction = { instruction, arguments: argumentsText, flags, line };
    const exec = execForm(argumentsText);
    if (exec !== undefined) entry.exec = exec;

    if (HEREDOC_INSTRUCTIONS.has(instruction) && exec === undefined) {
      const heredocs: { name: string; body: string }[] = [];
      for (const marker of argumentsText.matchAll(HEREDOC_MARKER)) {
        const [, strip, , name] = marker;
        const body: string[] = [];
        let end = index;
        for (; end < lines.length; end++) {
          // `<<-` strips leading tabs from the body and the delimiter line.
          const bodyLine = strip ? lines[end].replace(/^\t+/, "") : lines[end];
          if (bodyLine.trimEnd() === name) break;
          body.push(bodyLine);
          heredocLines.add(end + 1);
        }
        if (end >= lines.length) {
          const markerAt = positionOf(logical, restOffset + argumentsOffset + marker.index!);
          report("this heredoc is not terminated: no line after it holds only its delimiter", markerAt.line, markerAt.column);
        } else {
          heredocLines.add(end + 1);
        }
        heredocs.push({ name, body: body.length === 0 ? "" : body.join("\n") + "\n" });
        index = end + 1;
      }
      if (heredocs.length > 0) entry.heredocs = heredocs;
    }

    if (instruction === "FROM") {
      const stage: DockerStage = { line, instructions: [] };
      const stagePath = `stages.${props.stages.length}`;
      if (argumentWords.length === 0) {
        report("FROM names no image", line, at.column);
      } else {
        const base = readWord(argumentWords[0].text, escape, globalLookup);
        stage.base = base.unknown ? UNKNOWN : base.known;
        if (base.unknown && /[^A-Za-z0-9._-]/.test(base.known)) stage.base_is_image = true;
        const baseAt = positionOf(logical, restOffset + argumentWords[0].offset);
        propertyLocations[`${stagePath}.base`] = place(baseAt.line, baseAt.column);
        const hasName = argumentWords.length === 3 && argumentWords[1].text.toUpperCase() === "AS";
        if (hasName) stage.name = unquoted(argumentWords[2].text, escape);
        else if (argumentWords.length > 1) report("FROM takes an image, optionally followed by AS and a stage name", line, at.column);
      }
      const platform = rawFlags.get("platform");
      if (platform !== undefined) stage.platform = processWord(platform, escape, globalLookup);
      const parentEnv = typeof stage.base === "string" ? envOfStage.get(stage.base.toLowerCase()) : undefined;
      stageArgs = new Map();
      stageEnv = new Map(parentEnv);
      if (stage.name !== undefined) envOfStage.set(stage.name.toLowerCase(), stageEnv);
      props.stages.push(stage);
      propertyLocations[stagePath] = place(line, at.column);
      anchors.push({ line, path: stagePath });
      continue;
    }

    const stage = props.stages[props.stages.length - 1];
    if (stage === undefined && instruction !== "ARG") {
      report(`only ARG may come before the first FROM; this ${instruction} belongs to no stage`, line, at.column);
      continue;
    }
    if (argumentsText === "") report(`${instruction} has no arguments`, line, at.column);

    switch (instruction) {
      case "ARG":
      case "ENV":
      case "LABEL": {
        const pairs = rawPairs(instruction, argumentWords, rest, escape);
        entry.pairs = pairs.map(({ key, raw }) => (raw === undefined ? { key } : { key, value: unquoted(raw, escape) }));
        if (instruction !== "ARG" && pairs.some((pair) => pair.raw === undefined || pair.key === "")) report(`${instruction} needs a name and a value`, line, at.column);
        for (const { key, raw } of pairs) {
          if (instruction === "ARG") {
            // A stage's ARG without a default takes the global one of the same name, if declared.
            const fallback = raw === undefined ? (stage === undefined ? undefined : globalScope.get(key)) : processWord(raw, escape, stage === undefined ? globalLookup : stageLookup);
            (stage === undefined ? globalScope : stageArgs).set(key, declaredValue(key, fallback));
          } else if (instruction === "ENV" && raw !== undefined) {
            stageEnv.set(key, processWord(raw, escape, stageLookup));
          }
        }
        break;
      }
      case "COPY":
      case "ADD": {
        const paths = exec ?? argumentWords.map((word) => unquoted(word.text, escape));
        if (paths.length < 2) report(`${instruction} needs at least one source and a destination`, line, at.column);
        else {
          entry.sources = paths.slice(0, -1);
          entry.destination = paths[paths.length - 1];
        }
        break;
      }
      case "USER":
        if (argumentWords.length > 0) entry.user = processWord(argumentWords[0].text, escape, stageLookup);
        break;
      case "HEALTHCHECK": {
        const mode = argumentWords[0]?.text.toUpperCase();
        if (argumentWords.length > 0 && !(mode === "NONE" && argumentWords.length === 1) && !(mode === "CMD" && argumentWords.length > 1)) {
          report("HEALTHCHECK takes NONE, or CMD followed by a command", line, at.column);
        }
        break;
      }
    }

    const list = stage === undefined ? props.global_args : stage.instructions;
    const path = stage === undefined ? `global_args.${list.length}` : `stages.${props.stages.length - 1}.instructions.${list.length}`;
    list.push(entry);
    propertyLocations[path] = place(line, at.column);
    anchors.push({ line, path });
  }

  if (props.stages.length === 0) report("the file has no FROM instruction, so it builds no image", 1, 1);
  return { props, propertyLocations, diagnostics, anchors, heredocLines };
}

/** What BuildKit and the docker CLI read when a build names `<dir>/Dockerfile` (the default) and there is none. */
const LOWER_CASE_DOCKERFILE = "dockerfile";

/** The files a build that names `named` reads, in order: it, and for the default `Dockerfile` the lower-case one beside it. */
export function dockerfileCandidates(named: string): string[] {
  return basename(named) === "Dockerfile" ? [named, join(dirname(named), LOWER_CASE_DOCKERFILE)] : [named];
}

export const dockerfileFormat: FileFormat = {
  name: "Dockerfile",
  claims(baseName) {
    // `Dockerfile.dockerignore` is the ignore file of the Dockerfile beside it, not a Dockerfile.
    if (baseName.endsWith(".dockerignore")) return false;
    return (
      baseName === "Dockerfile" ||
      baseName === LOWER_CASE_DOCKERFILE ||
      baseName === "Containerfile" ||
      baseName.startsWith("Dockerfile.") ||
      baseName.endsWith(".Dockerfile") ||
      baseName.endsWith(".dockerfile")
    );
  },
  read(file) {
    const parsed = parseDockerfile(file.text, { file: file.name });
    const resource: Resource = {
      kind: DOCKERFILE,
      address: file.name,
      // Its file's name, as a cloud-init or config file's: the path, from the working directory, is the address, which
      // the formats that name files from the repository's root rename; a name that is a path would stay as it is.
      name: basename(file.name),
      engine: "files",
      props: parsed.props,
      options: {},
      location: { file: file.name, line: 1, column: 1 },
      secretPaths: [],
      propertyLocations: parsed.propertyLocations,
    };
    const diagnostics = parsed.diagnostics;
    const comments = hashLineComments(file.text).filter((comment) => !parsed.heredocLines.has(comment.start.line));
    const anchors = (): Anchor[] => {
      const instructionAnchors = parsed.anchors.map(({ line, path }) => ({ line, address: file.name, path }));
      // Pushed first so that, on the first instruction's line, the file wins: a comment at the top covers the whole file.
      return instructionAnchors.length === 0 ? [] : [{ line: instructionAnchors[0].line, address: file.name }, ...instructionAnchors];
    };
    const suppressions = anchoredSuppressions(file.name, file.text, comments, anchors, "an instruction", diagnostics);
    return { resources: [resource], diagnostics, suppressions };
  },
};
