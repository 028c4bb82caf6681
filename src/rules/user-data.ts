/**
 * One reading of how a host is set up at first boot, for every rule that reads EC2 user data or a cloud-init file:
 * what the text is (a `#cloud-config` document, a shell script, or a MIME multi-part holding either, any of it
 * possibly base64 or gzipped base64), and answers to the questions the host rules ask, from all its parts together.
 *
 * Lines are 1-based lines of the text read (the decoded text, when the whole of it was base64). Content decoded
 * from inside it (a base64 `write_files` entry, a base64 MIME part) is placed on the line its encoded form starts.
 */
import { gunzipSync } from "zlib";
import { getOrAdd } from "../collections";
import { readYamlDocuments, type YamlValue } from "../adapters/files/yaml";
import { CLOUD_INIT } from "../model/kinds";
import { EncodedPartialString, isUnknown, isUnknownButPresent, PartialString, type PropertyPath, type Resource, valueAt } from "../model/resource";
import { amiSource } from "./ami";
import { argumentValue, block, isBlank } from "./read";
import { notApplicable, undecided, type CheckResult, type Verdict } from "./rule";
import { findSecretShapes, isLiteralSecret } from "./secrets";
import { ASSIGNMENT, commandLineOf, commandRun, isShell, REDIRECTION, simpleCommands } from "./shell";

// ---------------------------------------------------------------------------------------------------------------
// Decoding

/** EC2 user data is at most 16 KB; a larger value (user data, or a file written at boot) is not worth decoding. */
const MAX_ENCODED_LENGTH = 64 * 1024;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * The text a base64 value decodes to, gunzipped when cloud-init would gunzip it; undefined when the value is not
 * base64 (a plain script) or does not decode to text.
 */
export function decodeUserData(value: string): string | undefined {
  const compact = value.replace(/\s+/g, "");
  if (compact.length === 0 || compact.length > MAX_ENCODED_LENGTH || compact.length % 4 !== 0 || !BASE64.test(compact)) return undefined;
  let bytes = Buffer.from(compact, "base64");
  if (bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1]) {
    try {
      bytes = gunzipSync(bytes, { maxOutputLength: 4 * MAX_ENCODED_LENGTH });
    } catch {
      return undefined;
    }
  }
  const text = bytes.toString("utf8");
  // Random bytes decode to replacement characters and control codes; a script does not.
  return /[\uFFFD\u0000-\u0008\u000E-\u001F]/.test(text) ? undefined : text;
}

// ---------------------------------------------------------------------------------------------------------------
// What the text is

/** A line of text and the line of the user data it stands on. */
export interface Line {
  text: string;
  line: number;
}

export interface WrittenFile {
  path: string;
  /** The `write_files` entry's line. */
  line: number;
  /** Empty when the content cannot be read (an encoding prodready does not decode, content fetched from a URL). */
  content: Line[];
  /** The values of the fields that decide how the content is read: its `encoding`, and a `source` to fetch it from. */
  contentFields: string[];
}

/** A scalar setting of a cloud-config document (maps are kept as plain objects of their scalars). */
export interface Setting {
  value: unknown;
  line: number;
}

export interface CloudConfig {
  /** The settings the host questions read (`HostReads.settings`), by key: `ssh_pwauth`, `disable_root`, `swap`. */
  settings: Map<string, Setting>;
  /** `bootcmd` and `runcmd` entries, a list of words joined by spaces. */
  commands: Line[];
  files: WrittenFile[];
  /** The lines of the passwords `chpasswd` sets from plain text (never the passwords). */
  plaintextPasswordLines: number[];
  /**
   * The values set under keys no host question reads (other modules' settings, `chpasswd`, a written file's owner or
   * permissions): an unknown part there changes no answer.
   */
  otherValues: string[];
}

export interface HostSetup {
  /** The cloud-config documents cloud-init reads. */
  cloudConfigs: CloudConfig[];
  /** The shell scripts cloud-init runs (boot hooks included), each as its lines. */
  scripts: Line[][];
  /** Cloud-config documents cloud-init would skip because they are not valid YAML: each problem at its place. */
  problems: ReadingProblem[];
  /** Content decoded from inside the text (base64 `write_files` entries, base64 MIME parts), for secret scanning. */
  decoded: Line[];
  /** Parts handed to neither the cloud-config nor the shell handler (the whole text, when it is neither and not MIME). */
  others: OtherPart[];
}

/** A part cloud-init does not read as cloud-config or shell, with its content type (empty for text that is not MIME). */
interface OtherPart {
  type: string;
  lines: Line[];
}

/** A problem in reading, at a line and column of the user data; the message quotes nothing of the text. */
export interface ReadingProblem {
  line: number;
  column: number;
  message: string;
}

/**
 * What cloud-init takes user data for: the forms read here, `other` for a form cloud-init handles and prodready
 * does not read (`#include` URLs, archives, Jinja templates), `unhandled` for text cloud-init ignores.
 */
export type UserDataForm = "cloud-config" | "script" | "mime" | "other" | "unhandled";

/** cloud-init looks for a MIME header in the first 4 KB. */
const MIME_HEADER_WINDOW = 4096;
/** Parts nested deeper than this are not followed; cloud-init users never nest more than once. */
const MAX_MIME_DEPTH = 4;
/** Starts cloud-init has a handler for besides cloud-config and shell; the first two share `#cloud-config`'s prefix. */
const OTHER_FORMS = ["#cloud-config-archive", "#cloud-config-jsonp", "#include", "#upstart-job", "#part-handler", "## template: jinja"];

/** What cloud-init takes the text for: by its start, case and leading whitespace ignored, or by a MIME header. */
export function userDataForm(text: string): UserDataForm {
  if (text.slice(0, MIME_HEADER_WINDOW).toLowerCase().includes("mime-version:")) return "mime";
  return formByStart(text);
}

function formByStart(text: string): UserDataForm {
  const start = text.trimStart().slice(0, 64).toLowerCase();
  if (OTHER_FORMS.some((prefix) => start.startsWith(prefix))) return "other";
  if (start.startsWith("#cloud-config")) return "cloud-config";
  if (start.startsWith("#!") || start.startsWith("#cloud-boothook")) return "script";
  return "unhandled";
}

/** Part types cloud-init hands to the cloud-config and shell handlers; untyped parts are told by their start. */
const PART_FORMS = new Map<string, UserDataForm>([
  ["text/cloud-config", "cloud-config"],
  ["text/x-shellscript", "script"],
  ["text/cloud-boothook", "script"],
]);
const UNTYPED_PARTS = new Set(["", "text/plain", "text/x-not-multipart"]);

function linesOf(text: string, first = 1): Line[] {
  return text.split(/\r?\n/).map((line, index) => ({ text: line, line: first + index }));
}

/** Every line of the text placed on one line: decoded content on the line its encoding starts, a folded string on its first. */
function linesAt(text: string, line: number): Line[] {
  return text.split(/\r?\n/).map((each) => ({ text: each, line }));
}

/** Reads user data text (already base64-decoded by the caller when it was): every part cloud-init would run. */
export function readUserData(text: string): HostSetup {
  const setup: HostSetup = { cloudConfigs: [], scripts: [], problems: [], decoded: [], others: [] };
  const lines = linesOf(text);
  if (userDataForm(text) === "mime") readMessage(lines, setup, 0);
  else readPayload(formByStart(text), "", lines, false, setup);
  return setup;
}

function readPayload(form: UserDataForm, type: string, lines: Line[], decoded: boolean, setup: HostSetup): void {
  if (form === "cloud-config") readCloudConfig(lines, decoded, setup);
  else if (form === "script") setup.scripts.push(lines);
  else setup.others.push({ type, lines });
}

/** A line Python's email parser takes for a header: a name of printable characters and a colon, `From `, or a continuation. */
const HEADER_LINE = /^(?:From |[\x21-\x39\x3b-\x7e]*:|[ \t])/;

/** A MIME message: its headers, then one payload, or for a multi-part message each part in turn. */
function readMessage(lines: Line[], setup: HostSetup, depth: number): void {
  // As Python's email parser, which cloud-init splits MIME with: the headers end at an empty line, dropped, or at the
  // first line that is no header, which starts the body (AWS's widely copied MIME snippets leave the empty line out).
  const end = lines.findIndex((line) => !HEADER_LINE.test(line.text));
  const headerLines = end === -1 ? lines : lines.slice(0, end);
  const body = end === -1 ? [] : lines.slice(lines[end].text === "" ? end + 1 : end);
  const headers = new Map<string, string>();
  let last: string | undefined;
  for (const { text } of headerLines) {
    if (/^[ \t]/.test(text)) {
      if (last !== undefined) headers.set(last, `${headers.get(last)} ${text.trim()}`);
      continue;
    }
    const header = /^([\w-]+):(.*)$/.exec(text);
    if (header === null) continue;
    last = header[1].toLowerCase();
    headers.set(last, header[2].trim());
  }
  const contentType = headers.get("content-type") ?? "";
  const type = contentType.split(";")[0].trim().toLowerCase();
  if (type.startsWith("multipart/")) {
    const boundary = /boundary\s*=\s*(?:"([^"]*)"|([^;\s]+))/i.exec(contentType);
    // Kept as a part not read, so that nothing unread passes for a container-fleet node's whole setup.
    if (boundary === null || depth >= MAX_MIME_DEPTH) return void setup.others.push({ type, lines: body });
    for (const part of mimeParts(body, boundary[1] ?? boundary[2])) readMessage(part, setup, depth + 1);
    return;
  }
  let payload = body;
  let decoded = false;
  if (headers.get("content-transfer-encoding")?.toLowerCase() === "base64") {
    const text = decodeUserData(body.map((line) => line.text).join("\n"));
    if (text === undefined || body.length === 0) return void setup.others.push({ type, lines: body });
    payload = linesAt(text, body[0].line);
    decoded = true;
    setup.decoded.push(...payload);
  }
  const form = PART_FORMS.get(type) ?? (UNTYPED_PARTS.has(type) ? formByStart(payload.map((line) => line.text).join("\n")) : "other");
  readPayload(form, type, payload, decoded, setup);
}

function mimeParts(body: Line[], boundary: string): Line[][] {
  const parts: Line[][] = [];
  let current: Line[] | undefined;
  for (const line of body) {
    const text = line.text.trimEnd();
    if (text === `--${boundary}--`) break;
    if (text === `--${boundary}`) {
      current = [];
      parts.push(current);
    } else current?.push(line);
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------------------------
// Cloud-config documents

const COMMAND_LISTS = new Set(["bootcmd", "runcmd"]);
const WRITE_FILES = "write_files";
/**
 * The fields of a `write_files` entry that decide what a file written holds, and where: its path, content (or the
 * URL it is fetched from) and encoding. Its owner, permissions, when it is written (`defer`) and whether it is
 * appended to what the file held (`append`) change no answer: each answer reads every entry's lines, the same
 * either way (the image's own lines are not known to the check).
 */
const WRITTEN_FILE_FIELDS_READ = new Set(["path", "content", "source", "encoding"]);
/** The fields of a `write_files` entry that decide how its content is read (`WrittenFile.contentFields`). */
const CONTENT_FIELDS = ["encoding", "source"];
/** `write_files` encodings cloud-init decodes from base64 (gzip is recognised by its bytes). */
const BASE64_ENCODINGS = new Set(["b64", "base64", "gz+b64", "gzip+b64", "gz+base64", "gzip+base64"]);
const PLAIN_ENCODINGS = new Set(["", "text/plain"]);

/**
 * A cloud-config document. The YAML reader follows YAML 1.2 and cloud-init PyYAML's 1.1, which differ for the
 * settings read here only in the words for booleans (`no`, `off`), which `cloudInitBoolean` reads as cloud-init does.
 */
function readCloudConfig(lines: Line[], decoded: boolean, setup: HostSetup): void {
  const { documents, diagnostics } = readYamlDocuments("", lines.map((line) => line.text).join("\n"));
  const lineAt = (line: number | undefined): number => lines[Math.min(line ?? 1, lines.length) - 1].line;
  const problem = (line: number | undefined, column: number | undefined, message: string): void => {
    setup.problems.push({ line: lineAt(line), column: decoded ? 1 : (column ?? 1), message });
  };
  if (diagnostics.length > 0) {
    for (const diagnostic of diagnostics) problem(diagnostic.line, diagnostic.column, diagnostic.message);
    return;
  }
  const [root, second] = documents;
  // PyYAML's safe_load, which cloud-init uses, refuses a stream of several documents.
  if (documents.length > 1) return problem(second?.at.line, second?.at.column, "several YAML documents in one cloud-config: cloud-init reads none of them");
  if (root !== undefined && root.kind !== "map") return problem(root.at.line, root.at.column, "the cloud-config document is not a mapping of settings");
  const reader = new ValueReader(lines, lineAt);
  const config: CloudConfig = { settings: new Map(), commands: [], files: [], plaintextPasswordLines: [], otherValues: [] };
  for (const [key, entry] of root?.entries ?? []) {
    const value = entry.value;
    if (!SETTINGS_READ.has(key) && !COMMAND_LISTS.has(key) && key !== WRITE_FILES) config.otherValues.push(...yamlScalars(value));
    if (SETTINGS_READ.has(key)) config.settings.set(key, { value: plainValue(value), line: lineAt(entry.key.line) });
    else if (COMMAND_LISTS.has(key) && value.kind === "seq") config.commands.push(...value.items.flatMap((item) => reader.command(item)));
    else if (key === WRITE_FILES && value.kind === "seq") {
      for (const item of value.items) {
        const file = reader.writtenFile(item, setup);
        if (file !== undefined) config.files.push(file);
        if (item.kind !== "map") continue;
        for (const [field, { value: fieldValue }] of item.entries) if (!WRITTEN_FILE_FIELDS_READ.has(field)) config.otherValues.push(...yamlScalars(fieldValue));
      }
    } else if (key === "chpasswd" && value.kind === "map") config.plaintextPasswordLines.push(...reader.plaintextPasswordLines(value));
  }
  setup.cloudConfigs.push(config);
}

/** A scalar's value; a mapping's scalars as an object (the `swap` module's `size`). */
function plainValue(value: YamlValue): unknown {
  if (value.kind === "scalar") return value.value;
  if (value.kind === "map") return Object.fromEntries([...value.entries].flatMap(([key, entry]) => (entry.value.kind === "scalar" ? [[key, entry.value.value]] : [])));
  return undefined;
}

/** Reads the values of one document, with their lines in the user data. */
class ValueReader {
  constructor(
    /** The document's own lines, for what the YAML tree does not keep: whether a string is a literal block. */
    private readonly lines: Line[],
    private readonly lineAt: (line: number) => number,
  ) {}

  /** A string's lines where they stand: a literal block (`|`) keeps its lines, any other string is placed on its first. */
  textLines(value: YamlValue): Line[] {
    if (value.kind !== "scalar" || value.value === null || typeof value.value === "object") return [];
    const text = String(value.value).replace(/\n$/, "");
    const first = this.lineAt(value.at.line);
    const literal = this.lines[value.at.line - 1]?.text[value.at.column - 1] === "|";
    return literal ? linesOf(text, first + 1) : linesAt(text, first);
  }

  /** A `runcmd`/`bootcmd` entry: a string run by `sh`, or a list of words run as they are (read as the command line that does). */
  command(item: YamlValue): Line[] {
    if (item.kind !== "seq") return this.textLines(item);
    const words = item.items.flatMap((word) => (word.kind === "scalar" && word.value !== null ? [String(word.value)] : []));
    return [{ text: commandLineOf(words), line: this.lineAt(item.at.line) }];
  }

  /**
   * The lines of the passwords cloud-init's set_passwords module takes as plain text from a `chpasswd` mapping: each
   * `user:password` of `list` (a multi-line string or a list), but for `RANDOM` or `R` (generated at boot) and a crypt
   * hash, which it sets as a hash; and the `password` of each `users` entry of `type: text` (the type is `hash`
   * unless given, and `RANDOM` has none).
   */
  plaintextPasswordLines(chpasswd: YamlValue & { kind: "map" }): number[] {
    const list = chpasswd.entries.get("list")?.value;
    const pairs = list?.kind === "seq" ? list.items.flatMap((item) => this.textLines(item)) : list === undefined ? [] : this.textLines(list);
    const fromList = pairs.filter(({ text }) => {
      const separator = text.indexOf(":");
      const password = text.slice(separator + 1);
      return separator !== -1 && password !== "R" && password !== "RANDOM" && !isCryptHash(password) && isLiteralSecret(password);
    });
    const users = chpasswd.entries.get("users")?.value;
    const fromUsers = (users?.kind === "seq" ? users.items : []).flatMap((item) => {
      if (item.kind !== "map") return [];
      const type = item.entries.get("type")?.value;
      const password = item.entries.get("password")?.value;
      if (type?.kind !== "scalar" || type.value !== "text" || password?.kind !== "scalar" || password.value === null) return [];
      return isLiteralSecret(String(password.value)) ? [this.lineAt(password.at.line)] : [];
    });
    return [...fromList.map(({ line }) => line), ...fromUsers];
  }

  writtenFile(item: YamlValue, setup: HostSetup): WrittenFile | undefined {
    if (item.kind !== "map") return undefined;
    const field = (name: string): YamlValue | undefined => item.entries.get(name)?.value;
    const path = field("path");
    if (path?.kind !== "scalar" || typeof path.value !== "string") return undefined;
    const contentFields = CONTENT_FIELDS.flatMap((name) => {
      const value = field(name);
      return value === undefined ? [] : yamlScalars(value);
    });
    const file: WrittenFile = { path: path.value, line: this.lineAt(item.at.line), content: [], contentFields };
    const content = field("content");
    // cloud-init fetches the content from a source, and falls back on `content` only where fetching fails.
    if (content?.kind !== "scalar" || field("source") !== undefined) return file;
    const encodingValue = field("encoding");
    const encoding = encodingValue?.kind === "scalar" && encodingValue.value !== null ? String(encodingValue.value).toLowerCase() : "";
    // `!!binary` content is base64 too; the YAML reader hands it over as bytes.
    const bytes = content.value instanceof Uint8Array ? content.value : undefined;
    if (bytes === undefined && PLAIN_ENCODINGS.has(encoding)) file.content = this.textLines(content);
    else if (bytes !== undefined || BASE64_ENCODINGS.has(encoding)) {
      const text = decodeUserData(bytes === undefined ? String(content.value ?? "") : Buffer.from(bytes).toString("base64"));
      if (text !== undefined) file.content = linesAt(text, this.lineAt(content.at.line));
      setup.decoded.push(...file.content);
    }
    return file;
  }
}

/** A password set_passwords takes for a crypt hash, by the test it applies (`$6$salt$hash`, with no colon). */
function isCryptHash(password: string): boolean {
  return /^\$(1|2a|2y|5|6)(\$.+){2}/.test(password) && !password.includes(":");
}

// ---------------------------------------------------------------------------------------------------------------
// Answers

function commandsOf(setup: HostSetup): Line[] {
  const scriptLines = setup.scripts.flat().filter((line) => !/^\s*(#|$)/.test(line.text));
  return [...setup.cloudConfigs.flatMap((config) => config.commands), ...scriptLines];
}

function filesOf(setup: HostSetup): WrittenFile[] {
  return setup.cloudConfigs.flatMap((config) => config.files);
}

/**
 * The arguments of `program` (named by path or name) where `command`, the words of the command a simple command runs
 * (`commandRun`: `ufw --force enable` of `sudo -E timeout 60 ufw --force enable`), runs it; undefined where it does
 * not, named only as an argument (`echo mkswap`, `dnf install -y ufw`, `grep swapon /etc/fstab`).
 */
function argumentsOf(command: string[], program: string): string[] | undefined {
  const run = command[0];
  return run === program || run?.endsWith(`/${program}`) ? command.slice(1) : undefined;
}

/** `echo`'s options: `-e` expands backslash escapes, `-n` drops the final line end. */
const ECHO_OPTION = /^-[en]+$/;

/**
 * Whether a simple command writes each `\n` escape in its text as a line end: `printf` (in its format) and `echo -e`
 * do; bash's plain `echo` writes the escape as it stands.
 */
function expandsNewlines([program, ...args]: string[]): boolean {
  return program === "printf" || (program === "echo" && args.some((arg) => ECHO_OPTION.test(arg) && arg.includes("e")));
}

const isOption = (word: string): boolean => word.startsWith("-");

/** A program whose every argument a host question reads, not only those under some verbs. */
const EVERY_ARGUMENT = "every argument";

/**
 * What a host question reads of user data, from the constants its answer reads by, so that an unknown part is taken
 * to decide the answer only where the question reads (`hostSetupAroundUnknowns`). Every question also reads each
 * command line for the programs it names, so a part that is a command, or an argument of a program that runs
 * commands, decides every answer.
 */
export interface HostReads {
  /** Programs whose arguments the answer reads: each with the verbs (its first argument no option) under which alone it reads them. */
  programs: Readonly<Record<string, readonly string[] | typeof EVERY_ARGUMENT>>;
  /** Names of files and settings the answer looks for anywhere in a command line, in any case. */
  names: readonly string[];
  /** Whether the answer reads what is written to the file at a path; undefined where it reads no file. */
  readsFile?: (path: string) => boolean;
  /** The top-level cloud-config settings the answer reads. */
  settings: readonly string[];
}

/** A question a host rule asks of user data, with what its answer reads. */
export interface HostQuestion<Answer> {
  reads: HostReads;
  answer: (setup: HostSetup) => Answer;
}

/** Whether `path` is the configuration file `file` or one of its drop-ins (`<file>.d/<name>.conf`). */
function isConfigOrDropIn(file: string, path: string): boolean {
  const dropIn = path.startsWith(`${file}.d/`) ? path.slice(file.length + 3) : undefined;
  return path === file || (dropIn !== undefined && /^[^/]+\.conf$/.test(dropIn));
}

/**
 * The firewall programs `firewallEnabled` looks for, with the verbs under which alone it reads their arguments (so
 * `ufw allow from ${var.admin_cidr}` is a value).
 */
const FIREWALL_PROGRAMS = {
  ufw: ["enable"],
  "firewall-cmd": EVERY_ARGUMENT,
  nft: EVERY_ARGUMENT,
  "iptables-restore": EVERY_ARGUMENT,
  "ip6tables-restore": EVERY_ARGUMENT,
  systemctl: ["enable", "start", "restart"],
} as const;
const FIREWALL_UNITS = new Set(["ufw", "nftables", "firewalld"]);

/**
 * Whether a firewall is switched on: `ufw enable`, firewalld given a default zone, an nftables or iptables rule set
 * loaded, or the firewall's service enabled and started (`systemctl enable --now`, or `enable` and `start`).
 */
export function firewallEnabled(setup: HostSetup): boolean {
  const enabled = new Set<string>();
  const started = new Set<string>();
  for (const command of commandsOf(setup)) {
    for (const words of simpleCommands(command.text)) {
      const commandWords = commandRun(words);
      // Looked up through FIREWALL_PROGRAMS' names, so none is missing from what the question reads.
      const run = (program: keyof typeof FIREWALL_PROGRAMS): string[] | undefined => argumentsOf(commandWords, program);
      if (run("ufw")?.find((word) => !isOption(word)) === "enable") return true;
      if (run("firewall-cmd")?.some((word) => word.startsWith("--set-default-zone"))) return true;
      if (run("nft")?.some((word) => word === "-f" || word === "--file" || word.startsWith("--file="))) return true;
      if (run("iptables-restore") !== undefined || run("ip6tables-restore") !== undefined) return true;
      const systemctl = run("systemctl");
      if (systemctl === undefined) continue;
      const [verb, ...units] = systemctl.filter((word) => !isOption(word));
      const firewalls = units.map((unit) => unit.replace(/\.service$/, "")).filter((unit) => FIREWALL_UNITS.has(unit));
      if (verb === "enable" && systemctl.includes("--now") && firewalls.length > 0) return true;
      if (verb === "enable") firewalls.forEach((unit) => enabled.add(unit));
      if (verb === "start" || verb === "restart") firewalls.forEach((unit) => started.add(unit));
    }
  }
  return [...enabled].some((unit) => started.has(unit));
}

export const FIREWALL_ENABLED: HostQuestion<boolean> = { reads: { programs: FIREWALL_PROGRAMS, names: [], settings: [] }, answer: firewallEnabled };

/** An SSH login setting: turned off, turned on at a line, or left to the image's default. */
export type SshSwitch = { state: "off" } | { state: "on"; line: number; source: string };

export interface SshAccess {
  /**
   * Off unless something turns it on: cloud-init runs the user data, a boot script as much as a cloud-config, and
   * its `disable_root` defaults to true, so the keys it installs for root only print a refusal.
   */
  rootLogin: SshSwitch;
  /** Unset where nothing says: the image's own sshd configuration decides. */
  passwordAuthentication: SshSwitch | { state: "unset" };
}

interface SshStatement {
  setting: keyof SshAccess;
  on: boolean;
  line: number;
  source: string;
}

const SSHD_CONFIG = "/etc/ssh/sshd_config";
const isSshdConfig = (path: string): boolean => isConfigOrDropIn(SSHD_CONFIG, path);
/** The sshd directives read, by their name in lower case (sshd reads names in any case). */
const SSHD_DIRECTIVES = new Map<string, keyof SshAccess>([
  ["permitrootlogin", "rootLogin"],
  ["passwordauthentication", "passwordAuthentication"],
]);
/** A directive read where a command line writes it; `#PasswordAuthentication no` is a comment, which sshd ignores. */
const SSHD_DIRECTIVE_WRITTEN = new RegExp(`(?<!#\\s*)\\b(${[...SSHD_DIRECTIVES.keys()].join("|")})(?:\\s*=\\s*|\\s+)([\\w-]+)`, "gi");
/** The cloud-config settings read: `disable_root` for root logins, `ssh_pwauth` for password logins. */
const SSH_SETTINGS = { rootLogin: "disable_root", passwordAuthentication: "ssh_pwauth" } as const;
const SSHD_CONFIGURATION = "the sshd configuration";

/**
 * `PermitRootLogin no` is the only value that keeps root out: `prohibit-password` (OpenSSH's default) and
 * `forced-commands-only` still let in whoever holds a key in root's `authorized_keys`, with no trail of which person
 * it was. `PasswordAuthentication` is off only at `no`.
 */
function sshdStatement(keyword: string, value: string, line: number): SshStatement | undefined {
  const setting = SSHD_DIRECTIVES.get(keyword.toLowerCase());
  return setting === undefined ? undefined : { setting, on: value.toLowerCase() !== "no", line, source: SSHD_CONFIGURATION };
}

/** cloud-init's reading of a boolean setting: YAML booleans, and the strings and numbers it also accepts. */
function cloudInitBoolean(value: unknown): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (typeof value !== "string" && typeof value !== "number") return undefined;
  const text = String(value).trim().toLowerCase();
  if (["true", "1", "on", "yes", "y"].includes(text)) return true;
  if (["false", "0", "off", "no", "n"].includes(text)) return false;
  return undefined;
}

function sshStatements(setup: HostSetup): SshStatement[] {
  const statements: SshStatement[] = [];
  for (const config of setup.cloudConfigs) {
    const disableRoot = config.settings.get(SSH_SETTINGS.rootLogin);
    if (disableRoot !== undefined) {
      statements.push({ setting: "rootLogin", on: disableRoot.value !== null && cloudInitBoolean(disableRoot.value) !== true, line: disableRoot.line, source: "disable_root" });
    }
    const passwordAuth = config.settings.get(SSH_SETTINGS.passwordAuthentication);
    const passwords = passwordAuth === undefined ? undefined : cloudInitBoolean(passwordAuth.value);
    if (passwordAuth !== undefined && passwords !== undefined) statements.push({ setting: "passwordAuthentication", on: passwords, line: passwordAuth.line, source: "ssh_pwauth" });
  }
  for (const file of filesOf(setup)) {
    if (!isSshdConfig(file.path)) continue;
    for (const { text, line } of file.content) {
      const directive = /^\s*(\w+)(?:\s*=\s*|\s+)(\S+)/.exec(text);
      const statement = directive === null ? undefined : sshdStatement(directive[1], directive[2], line);
      if (statement !== undefined) statements.push(statement);
    }
  }
  const commands = commandsOf(setup);
  if (commands.some((command) => command.text.includes(SSHD_CONFIG))) {
    for (const { text, line } of commands) {
      // `printf 'PermitRootLogin no\nPasswordAuthentication no\n' > ...` writes two lines, each a directive.
      const written = simpleCommands(text).some(expandsNewlines) ? text.split("\\n") : [text];
      // In `sed 's/^PermitRootLogin yes/PermitRootLogin no/'` the replacement, written last, is what the file gets.
      const latest = new Map<string, string>();
      for (const match of written.flatMap((each) => [...each.matchAll(SSHD_DIRECTIVE_WRITTEN)])) {
        latest.set(match[1].toLowerCase(), match[2]);
      }
      statements.push(...[...latest].flatMap(([keyword, value]) => sshdStatement(keyword, value, line) ?? []));
    }
  }
  return statements;
}

/** Root login and password authentication over SSH: on wherever anything turns them on, else off if anything does. */
export function sshAccess(setup: HostSetup): SshAccess {
  const statements = sshStatements(setup);
  const switchOf = <Unsaid>(setting: keyof SshAccess, unsaid: Unsaid): SshSwitch | Unsaid => {
    const about = statements.filter((statement) => statement.setting === setting);
    const on = about.find((statement) => statement.on);
    if (on !== undefined) return { state: "on", line: on.line, source: on.source };
    return about.length > 0 ? { state: "off" } : unsaid;
  };
  return { rootLogin: switchOf("rootLogin", { state: "off" } as const), passwordAuthentication: switchOf("passwordAuthentication", { state: "unset" } as const) };
}

export const SSH_ACCESS: HostQuestion<SshAccess> = {
  reads: { programs: {}, names: [SSHD_CONFIG, ...SSHD_DIRECTIVES.keys()], readsFile: isSshdConfig, settings: Object.values(SSH_SETTINGS) },
  answer: sshAccess,
};

export type SwapAnswer = { configured: true } | { configured: false; line?: number };

const SWAP_SETTING = "swap";
/** The programs that make a swap area and turn it on. */
const SWAP_PROGRAMS = { mkswap: EVERY_ARGUMENT, swapon: EVERY_ARGUMENT } as const;

/** `2147483648`, `2G`, `512M`: cloud-init's swap sizes, in bytes or with a unit. */
const SWAP_SIZE = /^\s*(\d+(?:\.\d+)?)\s*[kmgt]?b?\s*$/i;

function swapSizeIsSet(size: unknown): boolean {
  if (typeof size === "number") return size > 0;
  if (typeof size !== "string") return false;
  if (size.trim().toLowerCase() === "auto") return true;
  const match = SWAP_SIZE.exec(size);
  return match !== null && Number(match[1]) > 0;
}

/**
 * Whether swap is set up: cloud-config's `swap` module with a size (`auto` included), or a swap area made and
 * turned on (`mkswap` and `swapon`). A `swap` setting without a size makes none, and is reported at its line.
 */
export function swapConfigured(setup: HostSetup): SwapAnswer {
  let emptySwapLine: number | undefined;
  for (const config of setup.cloudConfigs) {
    const swap = config.settings.get(SWAP_SETTING);
    if (swap === undefined) continue;
    const size = swap.value !== null && typeof swap.value === "object" ? (swap.value as Record<string, unknown>).size : undefined;
    if (swapSizeIsSet(size)) return { configured: true };
    emptySwapLine ??= swap.line;
  }
  const words = commandsOf(setup).flatMap((command) => simpleCommands(command.text).map(commandRun));
  // Looked up through SWAP_PROGRAMS' names, so none is missing from what the question reads.
  const run = (each: string[], program: keyof typeof SWAP_PROGRAMS): string[] | undefined => argumentsOf(each, program);
  const made = words.some((each) => run(each, "mkswap") !== undefined);
  // `swapon --show` and `swapon -s` only list; a device, a file or `-a` turns swap on.
  const turnedOn = words.some((each) => run(each, "swapon")?.some((word) => !isOption(word) || word === "-a" || word === "--all"));
  if (made && turnedOn) return { configured: true };
  return emptySwapLine === undefined ? { configured: false } : { configured: false, line: emptySwapLine };
}

export const SWAP_CONFIGURED: HostQuestion<SwapAnswer> = { reads: { programs: SWAP_PROGRAMS, names: [], settings: [SWAP_SETTING] }, answer: swapConfigured };

const LOGROTATE_DIRECTORY = "/etc/logrotate.d/";
const JOURNALD_CONFIG = "/etc/systemd/journald.conf";
const isLogrotateFile = (path: string): boolean => path.startsWith(LOGROTATE_DIRECTORY);
const isJournaldConfig = (path: string): boolean => isConfigOrDropIn(JOURNALD_CONFIG, path);
const JOURNALD_LIMIT = "SystemMaxUse";
/** The limit set in a journald configuration file's line. */
const JOURNALD_LIMIT_LINE = new RegExp(`^\\s*${JOURNALD_LIMIT}\\s*=\\s*\\S`);
/** The limit set where a command line writes it, to a size, not a path or a quote. */
const JOURNALD_LIMIT_WRITTEN = new RegExp(`${JOURNALD_LIMIT}=[^\\s/'"]`);
/** Programs that put a file where their last argument says. */
const FILE_WRITERS = ["tee", "cp", "install", "mv", "ln"];

/** Whether a simple command writes into `/etc/logrotate.d/`: by a redirection, or by a program that writes files. */
function writesLogrotate(words: string[]): boolean {
  // Most commands name no logrotate file: not worth finding the program they run.
  if (!words.some((word) => word.includes(LOGROTATE_DIRECTORY))) return false;
  const command = commandRun(words);
  const byProgram = FILE_WRITERS.some((program) => argumentsOf(command, program) !== undefined);
  // `> /etc/logrotate.d/app`, `>/etc/logrotate.d/app` and `echo x>>/etc/logrotate.d/app` alike: the operator is a word.
  return words.some((word, index) => word.includes(LOGROTATE_DIRECTORY) && (byProgram || REDIRECTION.test(words[index - 1] ?? "")));
}

/**
 * Whether logs are kept from filling the disk: a logrotate configuration written to `/etc/logrotate.d/` (by
 * `write_files` or a shell line), or journald limited with `SystemMaxUse=` in `journald.conf` or a drop-in.
 */
export function logsRotated(setup: HostSetup): boolean {
  for (const file of filesOf(setup)) {
    if (isLogrotateFile(file.path) && file.content.some((line) => !/^\s*(#|$)/.test(line.text))) return true;
    if (isJournaldConfig(file.path) && file.content.some((line) => JOURNALD_LIMIT_LINE.test(line.text))) return true;
  }
  const commands = commandsOf(setup);
  if (commands.some((command) => simpleCommands(command.text).some(writesLogrotate))) return true;
  const editsJournald = commands.some((command) => command.text.includes(JOURNALD_CONFIG));
  return editsJournald && commands.some((command) => JOURNALD_LIMIT_WRITTEN.test(command.text));
}

export const LOGS_ROTATED: HostQuestion<boolean> = {
  reads: {
    programs: {},
    names: [LOGROTATE_DIRECTORY, JOURNALD_CONFIG, JOURNALD_LIMIT],
    readsFile: (path) => isLogrotateFile(path) || isJournaldConfig(path),
    settings: [],
  },
  answer: logsRotated,
};

/** The top-level cloud-config settings a host question reads, which the cloud-config reader keeps. */
const SETTINGS_READ = new Set([FIREWALL_ENABLED, SSH_ACCESS, SWAP_CONFIGURED, LOGS_ROTATED].flatMap(({ reads }) => reads.settings));

export interface SecretLine {
  line: number;
  /** What kind of secret, never the secret. */
  kind: string;
}

const PLAINTEXT_PASSWORD = "a plaintext password chpasswd sets";

/**
 * Plaintext secrets by line: in the text itself, in what is decoded from inside it, and the passwords `chpasswd` sets
 * from plain text, unless their line already holds a secret's shape (`password: …` of a `users` entry). In line order.
 */
export function secretLines(text: string, setup: HostSetup): SecretLine[] {
  const found = new Map<string, SecretLine>();
  for (const { text: line, line: number } of [...linesOf(text), ...setup.decoded]) {
    for (const kind of findSecretShapes(line)) found.set(`${number}\u0000${kind}`, { line: number, kind });
  }
  const linesFound = new Set([...found.values()].map(({ line }) => line));
  for (const line of setup.cloudConfigs.flatMap((config) => config.plaintextPasswordLines)) {
    if (!linesFound.has(line)) found.set(`${line}\u0000${PLAINTEXT_PASSWORD}`, { line, kind: PLAINTEXT_PASSWORD });
  }
  return [...found.values()].sort((a, b) => a.line - b.line);
}

// ---------------------------------------------------------------------------------------------------------------
// Container-fleet nodes

/** The cluster a container-fleet node's user data joins. */
type ContainerFleet = "ECS" | "EKS";

/** Why a rule about a host you run yourself does not judge a container-fleet node. */
export const CONTAINER_FLEET_NODE = "a container-fleet node: its host is managed by the cluster's AMI";

/** One simple command of a plain script: its words (quotes removed), `>`/`>>` targets, and here-document lines. */
interface ShellStatement {
  words: string[];
  redirects: string[];
  heredoc?: string[];
  /** The command whose output this one reads through a pipe (`echo ECS_CLUSTER=prod | tee -a …`). */
  input?: ShellStatement;
}

/**
 * A script's simple commands, when it is plain enough to read exactly: commands separated by newlines, `;` and
 * `&&`, with `>`/`>>` redirections, here-documents, `$VAR`/`${VAR}` expansions, and a pipe into a command (which
 * keeps the command it reads as its `input`). Undefined for anything more (`||`, background jobs, subshells,
 * command substitution, other redirections), which joining a cluster does not need and which could do anything.
 */
function plainStatements(text: string): ShellStatement[] | undefined {
  const statements: ShellStatement[] = [];
  const heredocs: { statement: ShellStatement; delimiter: string; stripTabs: boolean; quoted: boolean }[] = [];
  let statement: ShellStatement = { words: [], redirects: [] };
  let word: string | undefined;
  let quoted = false;
  let pending: "redirect" | "heredoc" | "heredoc-" | undefined;
  const endWord = (): void => {
    if (word === undefined) return;
    if (pending === "redirect") statement.redirects.push(word);
    else if (pending !== undefined) heredocs.push({ statement, delimiter: word, stripTabs: pending === "heredoc-", quoted });
    else statement.words.push(word);
    [word, quoted, pending] = [undefined, false, undefined];
  };
  const endStatement = (): boolean => {
    endWord();
    if (pending !== undefined) return false;
    if (statement.words.length > 0 || statement.redirects.length > 0) statements.push(statement);
    else if (heredocs.some((heredoc) => heredoc.statement === statement)) return false;
    statement = { words: [], redirects: [] };
    return true;
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "\n") {
      if (!endStatement()) return undefined;
      i++;
      // Here-documents start on the line after their command, in the order they were opened.
      for (const heredoc of heredocs.splice(0)) {
        const body: string[] = [];
        for (;;) {
          if (i >= text.length) return undefined;
          const end = text.indexOf("\n", i);
          const line = text.slice(i, end === -1 ? text.length : end);
          i = end === -1 ? text.length : end + 1;
          const stripped = heredoc.stripTabs ? line.replace(/^\t+/, "") : line;
          if (stripped === heredoc.delimiter) break;
          body.push(stripped);
        }
        if (!heredoc.quoted && body.some((line) => line.includes("$(") || line.includes("`"))) return undefined;
        heredoc.statement.heredoc = body;
      }
    } else if (c === " " || c === "\t" || c === "\r") {
      endWord();
      i++;
    } else if (c === "#" && word === undefined) {
      while (i < text.length && text[i] !== "\n") i++;
    } else if (c === "\\") {
      if (text[i + 1] !== "\n") word = (word ?? "") + (text[i + 1] ?? "");
      i += 2;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) return undefined;
      [word, quoted] = [(word ?? "") + text.slice(i + 1, end), true];
      i = end + 1;
    } else if (c === '"') {
      let content = "";
      for (i++; text[i] !== '"'; i++) {
        if (i >= text.length || text[i] === "`" || (text[i] === "$" && text[i + 1] === "(")) return undefined;
        const next = text[i + 1];
        if (text[i] === "\\" && next !== undefined && '$`"\\\n'.includes(next)) i++;
        content += text[i];
      }
      [word, quoted] = [(word ?? "") + content, true];
      i++;
    } else if (c === ";") {
      if (!endStatement()) return undefined;
      i++;
    } else if (c === "&" && text[i + 1] === "&") {
      if (!endStatement()) return undefined;
      i += 2;
    } else if (c === ">") {
      // `2>`, `>&`, `>|` and a second redirection target in a row are more than a plain write.
      if ((word !== undefined && /^\d+$/.test(word)) || pending !== undefined) return undefined;
      endWord();
      pending = "redirect";
      i += text[i + 1] === ">" ? 2 : 1;
      if (text[i] === "&" || text[i] === "|" || text[i] === ">") return undefined;
    } else if (c === "<" && text[i + 1] === "<" && text[i + 2] !== "<") {
      if (pending !== undefined) return undefined;
      endWord();
      pending = text[i + 2] === "-" ? "heredoc-" : "heredoc";
      i += pending === "heredoc-" ? 3 : 2;
    } else if (c === "|" && text[i + 1] !== "|" && text[i + 1] !== "&") {
      endWord();
      if (pending !== undefined || statement.words.length === 0) return undefined;
      statement = { words: [], redirects: [], input: statement };
      i++;
    } else if ("&|()`<".includes(c) || (c === "$" && text[i + 1] === "(")) {
      return undefined;
    } else {
      word = (word ?? "") + c;
      i++;
    }
  }
  return endStatement() && heredocs.length === 0 ? statements : undefined;
}

const ECS_CONFIG = "/etc/ecs/ecs.config";
/** A line of the ECS agent's configuration: `ECS_CLUSTER=prod`, `ECS_ENABLE_TASK_IAM_ROLE=true`. */
const ECS_SETTING = /^ECS_[A-Z0-9_]+=/;
const EKS_BOOTSTRAP = "/etc/eks/bootstrap.sh";
/** Where a statement's command is among its words: after its leading assignments; -1 for assignments alone. */
const commandIndex = (words: string[]): number => words.findIndex((word) => !ASSIGNMENT.test(word));
/** All the text of one command: its words, the files it redirects to and its here-document's lines. */
const commandTexts = ({ words, redirects, heredoc }: ShellStatement): string[] => [...words, ...redirects, ...(heredoc ?? [])];
const SHELL_OPTION = /^[-+]([a-zA-Z]+|o)$|^(errexit|nounset|pipefail|xtrace|verbose)$/;

/** What one statement of a fleet node's script does: join a cluster, set the agent up, or only set the shell up. */
type FleetStep = ContainerFleet | "agent setting" | "shell";

/**
 * The lines a command writes to its output, where it only writes text it holds: `echo`, `printf` of a format
 * without conversions, `cat` of a here-document. Undefined for any other command.
 */
function linesPrinted({ words, heredoc, input }: ShellStatement): string[] | undefined {
  const [program, ...args] = words;
  if (input !== undefined) return undefined;
  if (program === "echo" && heredoc === undefined) {
    const options = args.filter((arg) => ECHO_OPTION.test(arg));
    const text = args.slice(options.length).join(" ");
    return expandsNewlines(words) ? text.split("\\n") : [text];
  }
  if (program === "printf" && heredoc === undefined && args.length === 1 && !args[0].replace(/%%/g, "").includes("%")) return args[0].replace(/%%/g, "%").split("\\n");
  return program === "cat" && args.length === 0 ? heredoc : undefined;
}

/**
 * The ECS agent settings a statement writes to `/etc/ecs/ecs.config`, or undefined when it writes anything else;
 * where `unknownsMayBeAny`, a file or a line holding an unknown part is taken for that file or a setting.
 */
function ecsSettingsWritten(statement: ShellStatement, unknownsMayBeAny = false): string[] | undefined {
  const isAgentConfig = (file: string) => file === ECS_CONFIG || (unknownsMayBeAny && holdsUnknown(file));
  const isSetting = (line: string) => ECS_SETTING.test(line) || (unknownsMayBeAny && holdsUnknown(line));
  const { redirects, heredoc, input } = statement;
  const words = commandRun(statement.words);
  const [program, ...args] = words;
  let content: string[] | undefined;
  if (program !== "tee" && redirects.length === 1 && isAgentConfig(redirects[0])) {
    content = linesPrinted({ ...statement, words });
  } else if (program === "tee" && redirects.every((target) => target === "/dev/null")) {
    const files = args[0] === "-a" ? args.slice(1) : args;
    // What it reads: a here-document, or what a command that writes nowhere else prints into the pipe; not both.
    const piped = input !== undefined && input.redirects.length === 0 ? linesPrinted(input) : undefined;
    const given = input === undefined ? heredoc : heredoc === undefined ? piped : undefined;
    content = files.length === 1 && isAgentConfig(files[0]) ? given : undefined;
  }
  const settings = content?.filter((line) => !/^\s*(#|$)/.test(line));
  return settings !== undefined && settings.length > 0 && settings.every(isSetting) ? settings : undefined;
}

function fleetStep(statement: ShellStatement): FleetStep | undefined {
  const { words, redirects, heredoc, input } = statement;
  // A command fed by a pipe can only be one that writes agent settings.
  const plain = redirects.length === 0 && heredoc === undefined && input === undefined;
  const [program, ...args] = words;
  if (plain && program === "set" && args.every((arg) => SHELL_OPTION.test(arg))) return "shell";
  if (plain && (program === "export" ? args : words).every((each) => ASSIGNMENT.test(each))) return "shell";
  const bootstrap = program !== undefined && isShell(program) ? args : words;
  if (plain && bootstrap[0] === EKS_BOOTSTRAP && bootstrap.length > 1) return "EKS";
  const settings = ecsSettingsWritten(statement);
  if (settings === undefined) return undefined;
  return settings.some((setting) => setting.startsWith("ECS_CLUSTER=")) ? "ECS" : "agent setting";
}

/** A shell interpreter line: `#!/bin/bash`, `#!/bin/sh -xe`, `#!/usr/bin/env bash`. */
const SHELL_SCRIPT = /^#!\s*(\/usr)?\/bin\/(env\s+)?(ba)?sh(\s+-[a-z]+)*\s*$/;

/** The statements of a plain shell script (see `plainStatements`); undefined for any other script. */
function shellScriptStatements(lines: Line[]): ShellStatement[] | undefined {
  const texts = lines.map((line) => line.text);
  const first = texts.findIndex((text) => text.trim() !== "");
  if (first === -1 || !SHELL_SCRIPT.test(texts[first].trim())) return undefined;
  return plainStatements(texts.slice(first + 1).join("\n"));
}

/** What a script does toward joining a cluster, or undefined when it does anything else. */
function scriptStep(lines: Line[]): FleetStep | undefined {
  const steps = shellScriptStatements(lines)?.map(fleetStep);
  return steps && strongest(steps);
}

/**
 * The text of a statement (and of the commands piped into it) that is a value: its arguments, what its leading
 * assignments assign (`A=value`, not `A`), and its here-document's lines; not the command it runs, a file it
 * redirects to, nor a here-document's delimiter.
 */
function statementValues({ words, heredoc, input }: ShellStatement): string[] {
  const command = commandIndex(words);
  const assigned = (command === -1 ? words : words.slice(0, command)).map((word) => word.slice(word.indexOf("=") + 1));
  const args = command === -1 ? [] : words.slice(command + 1);
  return [...assigned, ...args, ...(heredoc ?? []), ...(input === undefined ? [] : statementValues(input))];
}

/** What the steps amount to together; undefined when one of them does something else. */
function strongest(steps: (FleetStep | undefined)[]): FleetStep | undefined {
  if (steps.includes(undefined)) return undefined;
  return steps.find((step) => step === "ECS" || step === "EKS") ?? (steps.includes("agent setting") ? "agent setting" : "shell");
}

/** The MIME type nodeadm reads its NodeConfig from. */
const NODEADM_PART = "application/node.eks.aws";

/** The documents of an EKS `nodeadm` NodeConfig: every YAML document `apiVersion: node.eks.aws/...`, `kind: NodeConfig`; undefined for other text. */
function nodeConfigDocuments(text: string): YamlValue[] | undefined {
  const { documents, diagnostics } = readYamlDocuments("", text);
  const scalar = (value: YamlValue | undefined): unknown => (value?.kind === "scalar" ? value.value : undefined);
  const nodeConfig =
    diagnostics.length === 0 &&
    documents.length > 0 &&
    documents.every(
      (document) =>
        document?.kind === "map" &&
        /^node\.eks\.aws\/v\w+$/.test(String(scalar(document.entries.get("apiVersion")?.value))) &&
        scalar(document.entries.get("kind")?.value) === "NodeConfig",
    );
  return nodeConfig ? (documents as YamlValue[]) : undefined;
}

/** The scalars a YAML value holds, as text: its values, not its keys. */
function yamlScalars(value: YamlValue): string[] {
  if (value.kind === "scalar") return [String(value.value)];
  if (value.kind === "seq") return value.items.flatMap(yamlScalars);
  return [...value.entries.values()].flatMap((entry) => yamlScalars(entry.value));
}

/** A part of a TOML key: bare, or quoted (`"host-containers"`). */
const TOML_KEY_PART = String.raw`[\w-]+|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'`;
const TOML_KEY_PARTS = new RegExp(TOML_KEY_PART, "g");
/** A TOML key, its parts joined by dots: `settings.kubernetes`, `settings."host-containers".admin`. */
const TOML_KEY = String.raw`(?:${TOML_KEY_PART})(?:[ \t]*\.[ \t]*(?:${TOML_KEY_PART}))*`;
/** Blank lines and comments, up to the next statement (or, within an array, the next piece of it). */
const TOML_SPACE = /(?:\s|#[^\n]*)*/y;
/** What may follow a statement on its line: spaces and a comment. */
const TOML_LINE_END = /[ \t]*(?:#[^\n]*)?(?:\r?\n|$)/y;
/** A table's header: `[settings.kernel]`. */
const TOML_TABLE = new RegExp(String.raw`\[[ \t]*(${TOML_KEY})[ \t]*\]`, "y");
const TOML_ASSIGNMENT = new RegExp(String.raw`(${TOML_KEY})[ \t]*=[ \t]*`, "y");
/** A piece of a value: a string (multi-line ones too), a bare word (a number, date or boolean, or an inline table's key), or punctuation. */
const TOML_VALUE_PIECE = /"""(?:[^\\]|\\[\s\S])*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'[^'\n]*'|[\w.:+-]+|[[\]{},=]/y;
/** How a value starts: a string, an array or inline table, a number or date, or a boolean. */
const TOML_VALUE_START = /^(?:["'[{]|[+-]?(?:\d|inf$|nan$)|true$|false$)/;

function matchAt(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

/**
 * Where the TOML value at `start` ends, which may be lines later (an array, a multi-line string); undefined where
 * none starts there. Adds each string it holds, quoted, to `strings`.
 */
function tomlValueEnd(text: string, start: number, strings: string[]): number | undefined {
  let [end, depth] = [start, 0];
  do {
    if (depth > 0) end += matchAt(TOML_SPACE, text, end)![0].length;
    const piece = matchAt(TOML_VALUE_PIECE, text, end)?.[0];
    if (piece === undefined || (depth === 0 && !TOML_VALUE_START.test(piece))) return undefined;
    if (piece.startsWith('"') || piece.startsWith("'")) strings.push(piece);
    end += piece.length;
    if (piece === "[" || piece === "{") depth++;
    else if (piece === "]" || piece === "}") depth--;
  } while (depth > 0);
  return end;
}

/** A TOML key's parts, unquoted: `settings."host-containers".admin` is `settings`, `host-containers`, `admin`. */
function tomlKeyParts(key: string): string[] {
  return (key.match(TOML_KEY_PARTS) ?? []).map((part) => part.replace(/^(["'])(.*)\1$/, "$2"));
}

/**
 * The keys a TOML document defines, each in full as its parts: each table's and each key's under its table
 * (`settings`, `kernel`, `lockdown`), and the strings its values hold, quoted. Values are read only for where they
 * end. Undefined for text that is not such a document.
 */
function readToml(text: string): { keys: string[][]; strings: string[] } | undefined {
  const keys: string[][] = [];
  const strings: string[] = [];
  let table: string[] = [];
  let at = matchAt(TOML_SPACE, text, 0)![0].length;
  while (at < text.length) {
    const header = matchAt(TOML_TABLE, text, at);
    const assignment = header === null ? matchAt(TOML_ASSIGNMENT, text, at) : null;
    let end: number | undefined;
    if (header !== null) {
      table = tomlKeyParts(header[1]);
      keys.push(table);
      end = at + header[0].length;
    } else if (assignment !== null) {
      keys.push([...table, ...tomlKeyParts(assignment[1])]);
      end = tomlValueEnd(text, at + assignment[0].length, strings);
    }
    const lineEnd = end === undefined ? null : matchAt(TOML_LINE_END, text, end);
    if (lineEnd === null) return undefined;
    at = lineEnd.index + lineEnd[0].length;
    at += matchAt(TOML_SPACE, text, at)![0].length;
  }
  return { keys, strings };
}

/**
 * The keys of Bottlerocket's user data: a TOML document of settings for its API alone, every key under `settings`
 * (`[settings.kernel]`, `settings.kubernetes.cluster-name = "prod"`). Undefined for any other text.
 */
function bottlerocketSettings(text: string): string[][] | undefined {
  const keys = readToml(text)?.keys;
  return keys !== undefined && keys.length > 0 && keys.every((key) => key[0] === "settings") ? keys : undefined;
}

/** Bottlerocket's cluster settings, the only ones a fleet node's TOML may hold, and the cluster each joins. */
const BOTTLEROCKET_CLUSTERS = new Map<string, ContainerFleet>([
  ["kubernetes", "EKS"],
  ["ecs", "ECS"],
]);

/** Bottlerocket user data that sets only `settings.kubernetes` or `settings.ecs`: the cluster it joins. */
function bottlerocketCluster(text: string): ContainerFleet | undefined {
  const clusters = new Set(bottlerocketSettings(text)?.map((key) => BOTTLEROCKET_CLUSTERS.get(key[1] ?? "")));
  const [cluster] = clusters;
  return clusters.size === 1 ? cluster : undefined;
}

/** What a part neither cloud-config nor shell does toward joining a cluster, or undefined when it is anything else. */
function otherPartStep({ type, lines }: OtherPart): FleetStep | undefined {
  const text = lines.map((line) => line.text).join("\n");
  // nodeadm reads its own MIME part, and a whole user data that is a NodeConfig; Bottlerocket reads TOML.
  if ((type === NODEADM_PART || type === "") && nodeConfigDocuments(text) !== undefined) return "EKS";
  return type === "" ? bottlerocketCluster(text) : undefined;
}

const fleets = new WeakMap<HostSetup, ContainerFleet | null>();

/**
 * The cluster the user data joins, when joining it is all the user data does: every part is an ECS join (`echo
 * ECS_CLUSTER=... >> /etc/ecs/ecs.config`, other `ECS_*` agent settings, by `echo` or a here-document), an EKS
 * join (`/etc/eks/bootstrap.sh <cluster> ...`, a nodeadm NodeConfig), or Bottlerocket's cluster settings, and
 * the scripts do nothing else but set shell options and variables. Anything more (a package installed, a port
 * opened, another file written, a cloud-config document) is a host someone configures: undefined.
 */
export function containerFleetNode(setup: HostSetup): ContainerFleet | undefined {
  const known = fleets.get(setup);
  if (known !== undefined) return known ?? undefined;
  let fleet: ContainerFleet | undefined;
  if (setup.cloudConfigs.length === 0 && setup.problems.length === 0) {
    const steps = [...setup.scripts.map(scriptStep), ...setup.others.map(otherPartStep)];
    const step = steps.length === 0 ? undefined : strongest(steps);
    fleet = step === "ECS" || step === "EKS" ? step : undefined;
  }
  fleets.set(setup, fleet ?? null);
  return fleet;
}

// ---------------------------------------------------------------------------------------------------------------
// Rules over user data

/** The property holding user data as text (which may itself be base64), and a cloud-init file's text. */
export const USER_DATA = "user_data";
/** Properties holding user data: plain text that may itself be base64 (launch templates), or always base64. */
const USER_DATA_PROPERTIES = [USER_DATA, "user_data_base64"] as const;

/**
 * The kinds that launch EC2 instances, each with its own user data, metadata options and block devices. A spot
 * instance request takes aws_instance's arguments (the provider builds its schema from aws_instance's).
 */
export const EC2_LAUNCH_KINDS: readonly string[] = ["aws_instance", "aws_spot_instance_request", "aws_launch_template", "aws_launch_configuration"];
/** The argument naming the AMI each of those kinds launches instances from. */
export const AMI_ARGUMENT: Readonly<Record<string, string>> = { aws_instance: "ami", aws_spot_instance_request: "ami", aws_launch_template: "image_id", aws_launch_configuration: "image_id" };
/** The kinds a host rule reads: cloud-init files, and EC2 user data. */
export const HOST_SETUP_KINDS: readonly string[] = [CLOUD_INIT, ...EC2_LAUNCH_KINDS];

/** The path of a line of the user data at `path`, where a finding about that line is placed. */
export function userDataLine(path: PropertyPath, line: number): PropertyPath {
  return `${path}.line.${line}`;
}

/**
 * The user data a resource carries: each text with its property, and the properties whose value is unknown. The
 * two properties exclude each other, so once one holds text an unknown other is only the provider's copy of it.
 */
export function userDataOf(resource: Resource): { texts: { path: PropertyPath; text: string }[]; unknown: PropertyPath[] } {
  const texts: { path: PropertyPath; text: string }[] = [];
  const unknown: PropertyPath[] = [];
  for (const path of USER_DATA_PROPERTIES) {
    const value = argumentValue(resource, path);
    if (isUnknown(value)) unknown.push(path);
    else if (typeof value === "string" && !isBlank(value)) texts.push({ path, text: value });
  }
  return { texts, unknown: texts.length > 0 ? [] : unknown };
}

/**
 * The text known around the unknown parts of user data, decoded where it is the base64 of such text
 * (`base64encode(templatefile(...))`); undefined where none of it is known.
 */
export function partialUserData(value: unknown): PartialString | undefined {
  if (value instanceof EncodedPartialString) return value.decoded;
  return value instanceof PartialString ? value : undefined;
}

/**
 * The lines of a string built around unknown parts that are known whole: each known piece's lines, but the one a
 * piece breaks off in, which an unknown part completes (`export DB_HOST=${aws_db_instance.main.address}`). Numbered
 * with each unknown part on one line, as the evaluation numbers the lines a credential is written on.
 */
export function knownLines(value: PartialString): Line[] {
  const pieces = [value.prefix, ...value.inner, value.suffix];
  let first = 1;
  return pieces.flatMap((piece, index) => {
    const lines = linesOf(piece, first);
    first += lines.length - 1;
    return lines.slice(index === 0 ? 0 : 1, index === pieces.length - 1 ? lines.length : -1);
  });
}

/** The text read from user data (decoded when it is base64) and what it sets up. */
export interface UserDataReading {
  text: string;
  setup: HostSetup;
}

/** Readings by resource props and property: every rule that asks about a resource's user data reads it once. */
const readings = new WeakMap<object, Map<PropertyPath, { value: string; reading: UserDataReading }>>();

/** The reading of the user data `value` that `resource` holds at `path`. */
export function readingOf(resource: Resource, path: PropertyPath, value: string): UserDataReading {
  const byPath = getOrAdd(readings, resource.props, () => new Map());
  const cached = byPath.get(path);
  if (cached !== undefined && cached.value === value) return cached.reading;
  const text = decodeUserData(value) ?? value;
  const reading = { text, setup: readUserData(text) };
  byPath.set(path, { value, reading });
  return reading;
}

/**
 * What stands for an unknown part of user data while it is read around it: text no user data holds (the part's
 * number between private-use characters) that every reader here takes into a word or a string as any other text,
 * and long enough to be a credential where the text names one (`PASSWORD=…`), as `findSecretShapes` wants.
 */
const standIn = (index: number): string => `\uE000unknown${index}\uE001`;
const STAND_IN = /\uE000unknown\d+\uE001/g;
const STAND_IN_START = "\uE000";
/** Whether text read around unknown parts holds one (or a part of one's stand-in). */
const holdsUnknown = (text: string): boolean => text.includes(STAND_IN_START);
/** A credential's name, read in each stand-in's place to find what an unknown part would make a secret by naming it. */
const CREDENTIAL_NAME = "password";

const readingsAroundUnknowns = new WeakMap<PartialString, UserDataReading | null>();
const standInReadings = new WeakMap<PartialString, UserDataReading | null>();

/** User data known around unknown parts, read with a stand-in for each; undefined where known text holds what stands in. */
function readingWithStandIns(value: PartialString): UserDataReading | undefined {
  return (
    getOrAdd(standInReadings, value, () => {
      const pieces = [value.prefix, ...value.inner, value.suffix];
      if (pieces.some(holdsUnknown)) return null;
      const text = pieces.map((piece, index) => (index === 0 ? piece : standIn(index - 1) + piece)).join("");
      return { text, setup: readUserData(text) };
    }) ?? undefined
  );
}

/**
 * User data known around unknown parts, read with each part as one opaque value; undefined unless each part is a
 * value of something the known text says: an argument of a command of a plain shell script, one word or inside one,
 * quoted or not (`--apiserver-endpoint ${endpoint}`, `API_SERVER_URL=${endpoint}`, `'--node-labels=${labels}'`), in
 * a line of a here-document's text, a scalar value of a nodeadm NodeConfig (`apiServerEndpoint: ${endpoint}`), or
 * in a string of a TOML value (Bottlerocket's `"api-server" = "${endpoint}"`). Not where it is a whole line, spans
 * lines, or stands where it decides more: a command (`${cmd} --x`), the name a leading assignment sets, a file
 * redirected to, a here-document's delimiter, a key, a MIME header, a comment, or anywhere in a cloud-config
 * document, which is read only when known whole.
 *
 * Why one opaque value: Terraform inserts a part's text as it is, so a newline or a `;` in it would be shell syntax.
 * But the parts in these places are values known at apply (a resource's attributes, a module's inputs) that its
 * author put where a value goes: an EKS cluster's name, endpoint URL and base64 CA, an ECS cluster's name, none of
 * which can hold such characters. One that did would run commands no one wrote down, an injection to fix, not a
 * setup to judge. Nothing checks where a part comes from (the model does not keep it), so the place decides; and
 * what is read here never makes a violation on its own: the host rules take from it only that a host is not theirs
 * to judge (`judgeHostSetup`), and the secrets rule takes an unknown part for a secret wherever it could make one
 * (`secretAroundUnknowns`), which is undecided. A part written as a whole line (`${pre_bootstrap_user_data}`) is by
 * its author's own layout more text, not a value: undecided.
 */
export function readingAroundUnknowns(value: PartialString): UserDataReading | undefined {
  return getOrAdd(readingsAroundUnknowns, value, () => readAroundUnknowns(value) ?? null) ?? undefined;
}

function readAroundUnknowns(value: PartialString): UserDataReading | undefined {
  const reading = readingWithStandIns(value);
  if (reading === undefined) return undefined;
  const { text, setup } = reading;
  const values = standInsReadAsValues(setup);
  const everyPartAValue = (text.match(STAND_IN) ?? []).every((part) => values.has(part));
  const wholeLine = linesOf(text).some((line) => holdsUnknown(line.text) && line.text.replace(STAND_IN, "").trim() === "");
  return everyPartAValue && !wholeLine ? { text, setup } : undefined;
}

/** The stand-ins the reading of `setup` takes for values (see `readingAroundUnknowns`), each in a value on one line. */
function standInsReadAsValues(setup: HostSetup): Set<string> {
  const values = [...setup.scripts.flatMap((lines) => shellScriptStatements(lines)?.flatMap(statementValues) ?? []), ...setup.others.flatMap(otherPartValues)];
  return new Set(values.filter((value) => !value.includes("\n")).flatMap((value) => value.match(STAND_IN) ?? []));
}

/** The values of a part neither cloud-config nor shell, where `otherPartStep` reads it: a NodeConfig's scalars, a TOML document's strings. */
function otherPartValues({ type, lines }: OtherPart): string[] {
  const text = lines.map((line) => line.text).join("\n");
  const nodeConfig = type === NODEADM_PART || type === "" ? nodeConfigDocuments(text) : undefined;
  if (nodeConfig !== undefined) return nodeConfig.flatMap(yamlScalars);
  return type === "" ? (readToml(text)?.strings ?? []) : [];
}

/**
 * Whether user data read around unknown parts (`readingAroundUnknowns`) may hold a secret: one is found with each
 * part taken for a credential's value (`DB_PASSWORD=${var.db_password}`, a URL's password), or for a credential's
 * name (`echo "${var.key}: Zq8vN3rT5yW2" >> app.yaml`). Where it may, the line it is found on, for a message;
 * `true` where no one line holds it (an assignment split across lines).
 */
export function secretAroundUnknowns({ text, setup }: UserDataReading): number | boolean {
  const [asValue] = secretLines(text, setup);
  if (asValue !== undefined) return asValue.line;
  const named = text.replace(STAND_IN, CREDENTIAL_NAME);
  if (findSecretShapes(named).length === 0) return false;
  return linesOf(named).find((line) => findSecretShapes(line.text).length > 0)?.line ?? true;
}

/**
 * Programs that run their arguments, or the text they read, as commands, beyond the wrappers `commandRun` sees
 * through and the shells (`isShell`), given a script (`find -exec`, `flock <lock> <command>`, `awk
 * 'BEGIN{system(...)}'`): the answers do not read what these run, so an unknown argument of one may be a command
 * that does what a question asks.
 */
const COMMAND_RUNNERS = new Set([
  ...["busybox", "doas", "su", "runuser", "sg", "setpriv", "eval", "source", ".", "trap", "xargs", "parallel", "find"],
  ...["ionice", "chrt", "taskset", "builtin", "setsid", "flock", "script", "chroot", "unshare", "nsenter", "systemd-run", "watch"],
  ...["python", "python3", "perl", "ruby", "node", "awk", "gawk", "mawk"],
]);
/** Programs that write or edit files, whose arguments may be a file a question reads (`HostReads.readsFile`). */
const FILE_EDITORS = new Set(["sed", ...FILE_WRITERS]);
/** Builtins whose `NAME=value` arguments assign as a leading assignment does. */
const ASSIGNING_BUILTINS = new Set(["export", "readonly", "declare", "local", "typeset"]);
const VARIABLE_EXPANSION = /\$\{?([A-Za-z_][A-Za-z0-9_]*)/g;

/** Where the unknown parts of user data read around them stand, as far as one host question is concerned. */
interface UnknownPlaces {
  reads: HostReads;
  /** Stand-ins met where the reading looked. */
  seen: Set<string>;
  /** Stand-ins met where they could change what a host rule finds. */
  deciding: Set<string>;
  /** The stand-ins each shell variable holds through what is assigned to it, by its name. */
  variables: Map<string, Set<string>>;
}

/** The unknown parts a text holds: its stand-ins, and those of the variables it expands. */
function unknownsIn(text: string, places: UnknownPlaces): string[] {
  const expanded = [...text.matchAll(VARIABLE_EXPANSION)].flatMap((match) => [...(places.variables.get(match[1]) ?? [])]);
  return [...(text.match(STAND_IN) ?? []), ...expanded];
}

/** Records the unknown parts met in `text`, as deciding ones where `deciding`. */
function meet(text: string, deciding: boolean, places: UnknownPlaces): void {
  for (const part of text.match(STAND_IN) ?? []) places.seen.add(part);
  if (deciding) for (const part of unknownsIn(text, places)) places.deciding.add(part);
}

/** A statement and the commands piped into it, last first. */
function pipeline(statement: ShellStatement): ShellStatement[] {
  return statement.input === undefined ? [statement] : [statement, ...pipeline(statement.input)];
}


/** The `NAME=value` assignments of a statement: leading ones, and those `export` and its kin make. */
function assignments({ words }: ShellStatement): [string, string][] {
  const command = commandIndex(words);
  const leading = command === -1 ? words : words.slice(0, command);
  const made = command !== -1 && ASSIGNING_BUILTINS.has(words[command]) ? words.slice(command + 1).filter((word) => ASSIGNMENT.test(word)) : [];
  return [...leading, ...made].map((word) => [word.slice(0, word.indexOf("=")), word.slice(word.indexOf("=") + 1)]);
}

/** Records the unknown parts each variable comes to hold, through assignments from other variables too. */
function assignUnknowns(statements: ShellStatement[], places: UnknownPlaces): void {
  const assigned = statements.flatMap(pipeline).flatMap(assignments);
  for (let grown = true; grown; ) {
    grown = false;
    for (const [name, value] of assigned) {
      const held = getOrAdd(places.variables, name, () => new Set<string>());
      for (const part of unknownsIn(value, places)) {
        if (held.has(part)) continue;
        held.add(part);
        grown = true;
      }
    }
  }
}

/** Whether text names a file or a setting the question reads. */
const namesRead = (text: string, { names }: HostReads): boolean => names.some((name) => text.toLowerCase().includes(name.toLowerCase()));

/**
 * Meets the unknown parts of plain shell statements. A pipeline decides the question's answer when it runs a program
 * the question looks for or one that runs what it is given; when it names a file or a setting the question reads;
 * or, for a question that reads files, when it runs a program that writes files or writes to a file named by a
 * variable: there any unknown part decides. Elsewhere so does one in the place of the command run (`commandRun`: after
 * wrappers such as `sudo`), or for a question that reads files, a file redirected to; but not a value: an
 * assignment's, an argument (a wrapper's too: `timeout <?> cmd`), or a line of a here-document, which
 * is read again as a command line (the questions read every line of a script as one, and the file written may be a
 * script run later).
 */
function meetInStatements(statements: ShellStatement[], places: UnknownPlaces): void {
  const { reads } = places;
  for (const last of statements) {
    const commands = pipeline(last);
    const deciding =
      commands.some(({ words }) => argumentsDecide(words, places)) ||
      commands.some((command) => commandTexts(command).some((text) => namesRead(text, reads))) ||
      (reads.readsFile !== undefined && commands.some(({ redirects }) => redirects.some((target) => target.includes("$"))));
    for (const { words, redirects, heredoc } of commands) {
      const command = words.length - commandRun(words).length;
      words.forEach((word, index) => meet(word, deciding || index === command, places));
      for (const target of redirects) meet(target, reads.readsFile !== undefined, places);
      for (const line of heredoc ?? []) {
        if (deciding) meet(line, true, places);
        else meetInCommandLine(line, places);
      }
    }
  }
}

/** Whether the arguments of a command (its words) could change the question's answer, whatever they hold. */
function argumentsDecide(words: string[], places: UnknownPlaces): boolean {
  const { reads } = places;
  const [run, ...args] = commandRun(words);
  const program = run?.replace(/^.*\//, "");
  if (program === undefined) return false;
  if (isShell(program) || COMMAND_RUNNERS.has(program) || (reads.readsFile !== undefined && FILE_EDITORS.has(program))) return true;
  const verbs = Object.hasOwn(reads.programs, program) ? reads.programs[program] : undefined;
  if (verbs === undefined || verbs === EVERY_ARGUMENT) return verbs !== undefined;
  const verb = args.find((word) => !isOption(word));
  return verb === undefined || verbs.includes(verb) || unknownsIn(verb, places).length > 0;
}

/** Meets the unknown parts of a line read as a shell command line: each decides where the line is more than plain. */
function meetInCommandLine(text: string, places: UnknownPlaces): void {
  if (unknownsIn(text, places).length === 0) return;
  const statements = plainStatements(text);
  if (statements === undefined) meet(text, true, places);
  else meetInStatements(statements, places);
}

/**
 * Meets the unknown parts of a cloud-config document: a setting the question reads decides, and for a question that
 * reads files, so do a written file's path and, for a file it reads, what the file holds and how that is read (its
 * encoding, a source to fetch it from); `runcmd` and `bootcmd` entries and other files' lines are read as command
 * lines; a value under a key no question reads, a written file's owner, permissions or `append` among them, decides
 * nothing. Anywhere else in the document (a top-level key, which could be one read, or a field's name) an unknown
 * part is not met, so it decides.
 */
function meetInCloudConfig(config: CloudConfig, places: UnknownPlaces): void {
  const { readsFile, settings } = places.reads;
  for (const value of config.otherValues) meet(value, false, places);
  for (const [key, setting] of config.settings) meet(JSON.stringify(setting.value) ?? "", settings.includes(key), places);
  assignUnknowns(config.commands.flatMap(({ text }) => plainStatements(text) ?? []), places);
  for (const { text } of config.commands) meetInCommandLine(text, places);
  for (const file of config.files) {
    meet(file.path, readsFile !== undefined, places);
    // What they make of the content matters only where the question reads the file.
    for (const text of file.contentFields) meet(text, readsFile?.(file.path) === true, places);
    for (const { text } of file.content) {
      if (readsFile?.(file.path)) meet(text, true, places);
      else meetInCommandLine(text, places);
    }
  }
}

/**
 * The unknown parts that could make user data a container-fleet node's join, which the host rules leave alone
 * (`containerFleetNode`): where it is not one as read, but each statement of its scripts that is no step of a join
 * holds an unknown part, a value there may make it one (`set -${var.flags}`, `${var.bootstrap} demo`). None where a
 * cloud-config, or a statement or another part known whole that is no step of a join, settles that it is not.
 */
function partsThatCouldJoinAFleet(setup: HostSetup): string[] {
  if (setup.cloudConfigs.length > 0 || setup.problems.length > 0 || containerFleetNode(setup) !== undefined) return [];
  // Another part's unknown parts are met nowhere, so they decide already.
  if (setup.others.some((part) => otherPartStep(part) === undefined && !part.lines.some((line) => holdsUnknown(line.text)))) return [];
  const parts: string[] = [];
  for (const lines of setup.scripts) {
    // A script that is not plain has each unknown part decide already.
    for (const statement of shellScriptStatements(lines) ?? []) {
      if (fleetStep(statement) !== undefined) continue;
      if (!mayBeFleetStep(statement)) return [];
      parts.push(...pipeline(statement).flatMap(commandTexts).flatMap((text) => text.match(STAND_IN) ?? []));
    }
  }
  return parts;
}

/**
 * Whether a statement that is no step of a join as read (`fleetStep`) may be one with values in its unknown parts:
 * one in its command's place, among `set`'s options or a line of assignments, as a shell's script, or in what a
 * command writing the agent's settings writes or where.
 */
function mayBeFleetStep(statement: ShellStatement): boolean {
  const { words, redirects, heredoc, input } = statement;
  const [program, ...args] = commandRun(words);
  if (program === undefined || holdsUnknown(program)) return program !== undefined;
  if (redirects.length === 0 && heredoc === undefined && input === undefined) {
    if (program === "set" && args.every((arg) => SHELL_OPTION.test(arg) || holdsUnknown(arg))) return true;
    if ((program === "export" ? args : words).every((word) => ASSIGNMENT.test(word) || holdsUnknown(word))) return true;
    if (isShell(program) && args.length > 0 && holdsUnknown(args[0])) return true;
  }
  return ecsSettingsWritten(statement, true) !== undefined;
}

/** The line of user data's text that `part` stands on. */
const lineOfPart = (text: string, part: string): number => text.slice(0, text.indexOf(part)).split("\n").length;

/** User data read around unknown parts for a host question, and the line of the first part that could change its answer. */
export interface HostSetupAroundUnknowns {
  reading: UserDataReading;
  decidingLine?: number;
}

const hostSetupsAroundUnknowns = new WeakMap<PartialString, Map<HostReads, HostSetupAroundUnknowns | null>>();

/**
 * User data known around unknown parts, read with each part as one opaque value (see `readingAroundUnknowns` for why
 * one value), with the line of the first part that could change the answer of the question that `reads`; undefined
 * where known text holds what stands in for a part. A part changes nothing where it is a value the question does not
 * look into: an assignment's value (`export PUBLIC_IP=${aws_eip.app.public_ip}`), an argument of a program it does
 * not look for (`dnf install -y ${var.package}`) or under a verb it does not (`ufw allow from ${var.admin_cidr}`), a
 * wrapper's (`timeout ${var.seconds} ...`), a line written into a file it does not read (a systemd unit's
 * `Environment=AZ=${...}`, an sshd drop-in's line for the firewall), a file written to where it reads none, a
 * setting it does not read, or in a cloud-config document, a value of a module no question reads (`hostname:
 * ${var.name}`), a written file's owner, permissions or `append`, the encoding or source of a file it does not read,
 * a `runcmd` entry's such value or another file's such line.
 * It decides where it could be a command, a setting or a file the question reads, a file written to where it reads
 * files, an argument of a program it looks for, of one that runs commands or, where it reads files, of one that
 * writes them, or anywhere in a script that is not plain (see `plainStatements`) and anywhere else in a cloud-config
 * (a top-level key); and so does a variable assigned from it, where the variable is expanded. For every question, so
 * does a part that could make the user data a cluster join (`partsThatCouldJoinAFleet`).
 */
export function hostSetupAroundUnknowns(value: PartialString, reads: HostReads): HostSetupAroundUnknowns | undefined {
  const byReads = getOrAdd(hostSetupsAroundUnknowns, value, () => new Map());
  const around = getOrAdd(byReads, reads, () => {
    const reading = readingWithStandIns(value);
    if (reading === undefined) return null;
    const { text, setup } = reading;
    const places: UnknownPlaces = { reads, seen: new Set(), deciding: new Set(), variables: new Map() };
    for (const lines of setup.scripts) {
      const statements = shellScriptStatements(lines);
      if (statements === undefined) {
        for (const line of lines) meet(line.text, true, places);
        continue;
      }
      assignUnknowns(statements, places);
      meetInStatements(statements, places);
    }
    for (const config of setup.cloudConfigs) meetInCloudConfig(config, places);
    for (const part of partsThatCouldJoinAFleet(setup)) places.deciding.add(part);
    const deciding = (text.match(STAND_IN) ?? []).find((part) => places.deciding.has(part) || !places.seen.has(part));
    return { reading, decidingLine: deciding === undefined ? undefined : lineOfPart(text, deciding) };
  });
  return around ?? undefined;
}

/** The reason a cloud-init file holding neither form is not judged, and what is said of such EC2 user data. */
const NEITHER_FORM = "the user data is neither a cloud-config document nor a shell script";
/** What is said of an EC2 host whose setup the configuration does not hold. */
export const NO_USER_DATA = "there is no user data, so what sets this host up (its image, or a tool run after boot) is not in the configuration";

/**
 * A launch template without an image (`""` is none, as the provider sends none), whatever its user data: only what
 * supplies the image can launch it. An EKS managed node group or AWS Batch supplies its own AMI (EKS- or
 * ECS-optimized) and bootstrap, and merges the template's user data, a MIME multi-part, in before its own
 * (docs.aws.amazon.com/eks/latest/userguide/launch-templates.html#launch-template-user-data, "If a custom AMI ID is
 * specified ... Amazon EKS doesn't merge user data"; docs.aws.amazon.com/batch/latest/userguide/launch-templates.html).
 * That AMI sets the host up for the service: no swap on a Kubernetes node (the kubelet refuses it), logs bounded,
 * SSH password logins off, traffic filtered by security groups rather than a host firewall, which would fight the
 * cluster's own iptables rules. So the host rules do not judge a fragment there as a host's whole setup.
 * Known limit: an instance naming its own `ami`, or an EC2 Fleet or Spot Fleet launch template override naming an
 * image (the API's `ImageId`), launches such a template as a general-purpose host set up by this user data; the
 * rules see one resource at a time, so they do not see that.
 */
export const SERVICE_COMPLETED_TEMPLATE =
  "a launch template without an image is completed by what launches it: an EKS node group or AWS Batch supplies its own AMI, which sets the host up, and runs any user data here before its own bootstrap";
const IMAGE_NOT_KNOWN = "the launch template's image is not known to the check, and without one the template is completed by what launches it (an EKS node group or AWS Batch), which sets the host up";
export const WINDOWS_HOST = "a Windows host (its user data is a <powershell> or <script> block for EC2Launch): the rule checks a Linux host's setup";
/** User data EC2Launch and EC2Config run on Windows: a `<powershell>` or `<script>` block, which cloud-init ignores. */
const EC2LAUNCH_BLOCK = /<(powershell|script)>[\s\S]*<\/\1>/i;
/**
 * Bottlerocket takes no setup but its API's settings, and has what each host rule asks for of its own, or nothing to
 * set: no swap (the kubelet wants none), sshd only in its admin container, with password logins off, no firewall
 * service (the cluster's network plugin writes its iptables rules), and no logrotate (the container runtime keeps
 * the containers' logs, journald its own).
 */
export const BOTTLEROCKET_HOST =
  "a Bottlerocket host (its user data is TOML settings for Bottlerocket's API): a container OS that no cloud-init or script sets up, with no swap, SSH only in its admin container (off by default, keys only), and no firewall service or logrotate to configure; the rule checks a host that cloud-init or a script sets up";

/**
 * Why the host rules leave alone the host user data sets up: a container-fleet node, a cloud-init file of neither
 * form, a Windows or a Bottlerocket host (text cloud-init ignores may be another system's setup); undefined for a
 * host they judge, or user data in a form they do not read.
 */
function hostNotJudged(resource: Resource, { text, setup }: UserDataReading): string | undefined {
  if (containerFleetNode(setup) !== undefined) return CONTAINER_FLEET_NODE;
  if (setup.cloudConfigs.length > 0 || setup.scripts.length > 0 || setup.problems.length > 0) return undefined;
  const ignored = userDataForm(text) === "unhandled";
  if (resource.kind === CLOUD_INIT) return NEITHER_FORM;
  if (ignored && EC2LAUNCH_BLOCK.test(text)) return WINDOWS_HOST;
  if (ignored && bottlerocketSettings(text) !== undefined) return BOTTLEROCKET_HOST;
  return undefined;
}

/** Why a host rule could not judge user data one of whose unknown parts, on `line`, could change what it finds. */
const partKnownOnlyAtDeployment = (line: number): string =>
  `user data is known only in part: the part on its line ${line}, known only at deployment, could run a command or change what the check reads`;

/**
 * A host rule's check: `judge` turns the rule's question's answer for each readable user data into verdicts, at its
 * property. An EC2 host without user data, or with user data in a form not read, is undecided, not passed: its image
 * may set it up, or may not. Unknown user data is undecided, unless what is known around its unknown parts is enough
 * to leave the host alone (`readingAroundUnknowns`) or to answer the question, each part standing where it decides
 * nothing of what the question reads (`hostSetupAroundUnknowns`).
 * Not applicable: a launch template without an image (`SERVICE_COMPLETED_TEMPLATE`), an instance launched
 * from a launch template without user data of its own (the template is judged), a Windows host, a Bottlerocket host,
 * a cloud-init file holding neither form, and a
 * container-fleet node whose user data only joins its cluster (`containerFleetNode`): host rules are about a Linux
 * host you set up yourself.
 * cloud-init skips a cloud-config document it cannot parse, so when one is broken, what the rest lacks may have
 * been meant there: undecided.
 */
export function judgeHostSetup<Answer>(resource: Resource, question: HostQuestion<Answer>, judge: (answer: Answer, path: PropertyPath) => Verdict[]): CheckResult {
  const image = resource.kind === "aws_launch_template" ? valueAt(resource.props, "image_id") : undefined;
  if (resource.kind === "aws_launch_template" && isBlank(image)) return notApplicable(SERVICE_COMPLETED_TEMPLATE);
  const { texts, unknown } = userDataOf(resource);
  const verdicts: Verdict[] = [];
  let read = false;
  let notJudged: string | undefined;
  const judgeReading = (path: PropertyPath, reading: UserDataReading, inKnownParts = false): void => {
    const { setup } = reading;
    const reason = hostNotJudged(resource, reading);
    if (reason !== undefined) {
      notJudged = reason;
      return;
    }
    if (setup.cloudConfigs.length === 0 && setup.scripts.length === 0 && setup.problems.length === 0) {
      verdicts.push(undecided(path, `${NEITHER_FORM}, the forms the check reads, so what it sets up is not known to the check`));
      return;
    }
    read = true;
    // What user data known in part lacks, it lacks whatever its unknown parts turn out to be (they do not decide).
    const judged = judge(question.answer(setup), path).map((verdict) => (inKnownParts && verdict.outcome === "violation" ? { ...verdict, inKnownParts } : verdict));
    const missing = judged.filter((verdict) => verdict.outcome === "violation" && verdict.path === path);
    if (setup.problems.length === 0 || missing.length === 0) verdicts.push(...judged);
    else verdicts.push(...judged.filter((verdict) => !missing.includes(verdict)), undecided(path, "a cloud-config document in the user data is not valid YAML, so what it sets is not known"));
  };
  for (const path of unknown) {
    const known = partialUserData(valueAt(resource.props, path));
    if (known === undefined) {
      verdicts.push(undecided(path));
      continue;
    }
    // An EKS join to an endpoint known at apply is a host the rules leave alone, as one known whole is.
    const joining = readingAroundUnknowns(known);
    const reason = joining === undefined ? undefined : hostNotJudged(resource, joining);
    if (reason !== undefined) {
      notJudged = reason;
      continue;
    }
    const around = hostSetupAroundUnknowns(known, question.reads);
    if (around === undefined) verdicts.push(undecided(path));
    else if (around.decidingLine === undefined) judgeReading(path, around.reading, true);
    else verdicts.push(undecided(path, partKnownOnlyAtDeployment(around.decidingLine)));
  }
  for (const { path, text } of texts) judgeReading(path, readingOf(resource, path, text));
  // A template whose image may turn out to be none is left to what launches it then: what it lacks is no violation
  // yet. An image looked up (an `aws_ami` or SSM parameter data source) or registered is one.
  const imageMayBeNone = isUnknown(image) && !isUnknownButPresent(image) && amiSource(resource) === undefined;
  if (read || verdicts.length > 0) return imageMayBeNone ? verdicts.map((verdict) => (verdict.outcome === "violation" ? undecided(verdict.path, IMAGE_NOT_KNOWN) : verdict)) : verdicts;
  if (notJudged !== undefined) return notApplicable(notJudged);
  if (resource.kind === CLOUD_INIT) return notApplicable("no user data");
  // An instance or spot request launched from a template boots with the template's user data, judged on the template.
  if (block(resource.props, "launch_template") !== undefined) return notApplicable("user data comes from the launch template");
  return [undecided(USER_DATA, NO_USER_DATA)];
}
