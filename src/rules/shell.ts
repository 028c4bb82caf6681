/**
 * A shell script's simple commands, each as its words with quotes removed: split at `&&`, `||`, `;`, `|`, `&`, line
 * ends, subshells and substitutions where these stand outside quotes, with line continuations joined and `#`
 * comments dropped; an output redirection's operator is a word of its own (`REDIRECTION`). A command substitution
 * inside double quotes runs too: its commands are read as well. A shell's `-c` command line (`bash -c 'ufw enable'`)
 * is read for the commands it holds, after the shell's own command (whose redirections stay with it). Enough to
 * tell which program runs with what; not a shell parser (user-data.ts has an exact reader where exactness matters).
 */
export function simpleCommands(script: string): string[][] {
  const commands: string[][] = [];
  let words: string[] = [];
  let word: string | undefined;
  const add = (text: string): void => {
    word = (word ?? "") + text;
  };
  const endWord = (): void => {
    if (word !== undefined) words.push(word);
    word = undefined;
  };
  const endCommand = (): void => {
    endWord();
    if (words.length === 0) return;
    commands.push(words);
    const start = commandStart(words);
    if (start?.commandLine) commands.push(...simpleCommands(words[start.at] ?? ""));
    words = [];
  };
  let i = 0;
  while (i < script.length) {
    const c = script[i];
    const next = script[i + 1];
    if (c === "\\") {
      // A backslash keeps the next character as text; before a line end it joins the lines.
      const crlf = next === "\r" && script[i + 2] === "\n";
      if (next !== "\n" && next !== undefined && !crlf) add(next);
      i += crlf ? 3 : 2;
    } else if (c === "'") {
      const end = quoteEnd(script, i + 1, "'");
      add(script.slice(i + 1, end));
      i = end + 1;
    } else if (c === "$" && next === "'") {
      const { text, end } = ansiCString(script, i + 2);
      add(text);
      i = end + 1;
    } else if (c === '"') {
      const { text, end, substitutions } = doubleQuoted(script, i + 1);
      add(text);
      commands.push(...substitutions.flatMap(simpleCommands));
      i = end + 1;
    } else if (c === " " || c === "\t" || c === "\r") {
      endWord();
      i++;
    } else if (c === "#" && word === undefined) {
      while (i < script.length && script[i] !== "\n") i++;
    } else if (c === ">") {
      // A redirection is a word of its own (`>>`, `2>`), so that one is told from a `>` that quoted text holds.
      const descriptor = word !== undefined && /^\d+$/.test(word) ? word : "";
      if (descriptor === "") endWord();
      const operator = next === ">" || next === "|" ? c + next : c;
      words.push(descriptor + operator);
      word = undefined;
      i += operator.length;
    } else if (c === "$" && next === "(") {
      endCommand();
      i += 2;
    } else if ("\n;&|()`".includes(c)) {
      endCommand();
      i++;
    } else {
      add(c);
      i++;
    }
  }
  endCommand();
  return commands;
}

/** An output redirection's operator, as `simpleCommands` makes it a word: `>`, `>>`, `>|`, `2>`. */
export const REDIRECTION = /^\d*>[>|]?$/;

/** Where the quote opened before `from` closes: at the next `quote`, or past the end where none does. */
function quoteEnd(script: string, from: number, quote: string): number {
  const end = script.indexOf(quote, from);
  return end === -1 ? script.length : end;
}

/** The escapes `$'...'` expands that matter here; any other keeps its backslash. */
const ANSI_C_ESCAPES: Readonly<Record<string, string>> = { n: "\n", t: "\t", "\\": "\\", "'": "'", '"': '"' };

/** The text of a `$'...'` string whose content starts at `from`, escapes expanded, and the index of its closing quote. */
function ansiCString(script: string, from: number): { text: string; end: number } {
  let text = "";
  let i = from;
  for (; i < script.length && script[i] !== "'"; i++) {
    const escaped = script[i] === "\\" ? ANSI_C_ESCAPES[script[i + 1]] : undefined;
    if (escaped !== undefined) i++;
    text += escaped ?? script[i];
  }
  return { text, end: i };
}

/**
 * The text of a double-quoted string whose content starts at `from`, with the escapes a double quote keeps (`\$`,
 * `` \` ``, `\"`, `\\`, a line continuation), the index of its closing quote, and the command lines of its command
 * substitutions (`"$(ufw enable)"`, `` "`swapon -a`" ``), which run.
 */
function doubleQuoted(script: string, from: number): { text: string; end: number; substitutions: string[] } {
  let text = "";
  const substitutions: string[] = [];
  let i = from;
  while (i < script.length && script[i] !== '"') {
    const c = script[i];
    const next = script[i + 1];
    if (c === "\\" && next !== undefined && '$`"\\\n'.includes(next)) {
      if (next !== "\n") text += next;
      i += 2;
    } else if (c === "`") {
      const end = quoteEnd(script, i + 1, "`");
      substitutions.push(script.slice(i + 1, end));
      text += script.slice(i, end + 1);
      i = end + 1;
    } else if (c === "$" && next === "(") {
      const end = closingParenthesis(script, i + 2);
      substitutions.push(script.slice(i + 2, end));
      text += script.slice(i, end + 1);
      i = end + 1;
    } else {
      text += c;
      i++;
    }
  }
  return { text, end: i, substitutions };
}

/** Where the parenthesis opened before `from` closes, counting those opened and closed between; past the end where none does. */
function closingParenthesis(script: string, from: number): number {
  let depth = 1;
  for (let i = from; i < script.length; i++) {
    if (script[i] === "(") depth++;
    else if (script[i] === ")" && --depth === 0) return i;
  }
  return script.length;
}

/** Words that open a compound command in `simpleCommands`' output (`then swapon -a`): the command follows them. */
const OPENING_WORDS = new Set(["!", "{", "if", "then", "else", "elif", "while", "until", "do"]);
/** A shell variable's assignment (`FOO=1`), as a word. */
export const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** A program that runs the command after its options: the options that take the next word as their value, and the operands before the command. */
interface Wrapper {
  valueOptions: readonly string[];
  operands?: number;
}

/**
 * The wrappers `commandRun` sees through, each running its arguments as a command line of its own. Not `xargs`,
 * `find -exec`, `flock` and the like: what they run is fed to them or stands among other arguments.
 */
const WRAPPERS = new Map<string, Wrapper>([
  ["sudo", { valueOptions: ["-u", "--user", "-g", "--group", "-C", "--close-from", "-D", "--chdir", "-h", "--host", "-p", "--prompt", "-r", "--role", "-t", "--type", "-T", "--command-timeout", "-U", "--other-user"] }],
  ["env", { valueOptions: ["-u", "--unset", "-C", "--chdir"] }],
  ["nohup", { valueOptions: [] }],
  ["nice", { valueOptions: ["-n", "--adjustment"] }],
  ["timeout", { valueOptions: ["-s", "--signal", "-k", "--kill-after"], operands: 1 }],
  ["exec", { valueOptions: ["-a"] }],
  ["command", { valueOptions: [] }],
  ["stdbuf", { valueOptions: ["-i", "--input", "-o", "--output", "-e", "--error"] }],
  ["time", { valueOptions: ["-f", "--format", "-o", "--output"] }],
]);
/** The names of the wrappers `commandRun` sees through, in order, for what the rules say of them. */
export const WRAPPER_NAMES: readonly string[] = [...WRAPPERS.keys()];
/** Shells, each running the command line after its `-c` option, or else the script file it is given or reads. */
const SHELLS = new Set(["sh", "bash", "dash", "zsh", "ksh", "mksh", "ash"]);
/** Whether a program, named by path or name (`/bin/bash`), is a shell. */
export const isShell = (program: string): boolean => SHELLS.has(program.replace(/^.*\//, ""));
const SHELL_VALUE_OPTIONS = ["-o", "+o"];
/** A shell's option letters holding `c`: `-c`, `-ec`, `-lc`. */
const SHELL_COMMAND_OPTION = /^-[a-z]*c[a-z]*$/;

/**
 * The words of the command a simple command runs, its program first, as a suffix of its words: after the words
 * that open a compound command, leading assignments (`FOO=1 cmd`), and the wrappers in `WRAPPERS` with their
 * options and operands (`sudo -u root timeout 30 cmd`), and after a shell's `-c` (`bash -c 'cmd'`), where the first
 * word is the command line the shell runs (`simpleCommands` reads the commands it holds). Empty where nothing runs:
 * `command -v` only prints where a program is.
 */
export function commandRun(words: string[]): string[] {
  const start = commandStart(words);
  return start === undefined ? [] : words.slice(start.at);
}

/**
 * Where the command a simple command runs starts among its words (see `commandRun`), and whether it is a shell's
 * `-c` command line; undefined where nothing runs.
 */
function commandStart(words: string[]): { at: number; commandLine: boolean } | undefined {
  let at = 0;
  for (;;) {
    while (at < words.length && (OPENING_WORDS.has(words[at]) || ASSIGNMENT.test(words[at]))) at++;
    const name = words[at]?.replace(/^.*\//, "");
    const wrapper = name === undefined ? undefined : WRAPPERS.get(name);
    const shell = name !== undefined && SHELLS.has(name);
    if (wrapper === undefined && !shell) return { at, commandLine: false };
    const start = at++;
    let commandLine = false;
    for (; at < words.length && (/^-./.test(words[at]) || (shell && /^\+./.test(words[at]))); at++) {
      const option = words[at];
      if (option === "--") {
        at++;
        break;
      }
      if (name === "command" && /^-[a-zA-Z]*[vV]/.test(option)) return undefined;
      if (shell) commandLine ||= SHELL_COMMAND_OPTION.test(option);
      if ((wrapper?.valueOptions ?? SHELL_VALUE_OPTIONS).includes(option)) at++;
    }
    // A shell without `-c` runs a script file or what it reads: it is the program.
    if (shell) return commandLine ? { at, commandLine } : { at: start, commandLine };
    at += wrapper?.operands ?? 0;
  }
}

/** Words a shell reads as they are written, which need no quotes. */
const PLAIN_WORD = /^[\w@%+=:,./-]+$/;

/**
 * The command line that runs `words` as they are, each quoted where a shell would read it otherwise: what a
 * program started with a list of arguments runs (a cloud-config `runcmd` list, a Dockerfile's exec form).
 */
export function commandLineOf(words: readonly string[]): string {
  return words.map((word) => (PLAIN_WORD.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`)).join(" ");
}
