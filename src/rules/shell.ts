/**
 * A shell script's simple commands, each as its words with quotes removed: split at `&&`, `||`, `;`, `|`, `&`, line
 * ends, subshells and substitutions, with line continuations joined and `#` comments dropped. Enough to tell which
 * program runs with what; not a shell parser (user-data.ts has an exact reader where exactness matters).
 */
export function simpleCommands(script: string): string[][] {
  return script
    .replace(/\\\r?\n/g, " ")
    .replace(/\s#.*$/gm, "")
    .split(/&&|\|\||\$\(|[;&|\n()`]/)
    .map((command) =>
      command
        .trim()
        .split(/\s+/)
        .map((word) => word.replace(/["']/g, ""))
        .filter((word) => word !== ""),
    )
    .filter((words) => words.length > 0);
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
/** Shells, which run the command line after `-c` (as `simpleCommands` splits it, quotes and all). */
const SHELLS = new Set(["sh", "bash", "dash"]);
const SHELL_VALUE_OPTIONS = ["-o", "+o"];
/** A shell's option letters holding `c`: `-c`, `-ec`, `-lc`. */
const SHELL_COMMAND_OPTION = /^-[a-z]*c[a-z]*$/;

/**
 * The words of the command a simple command runs, its program first, as a suffix of its words: after the words
 * that open a compound command, leading assignments (`FOO=1 cmd`), and the wrappers in `WRAPPERS` with their
 * options and operands (`sudo -u root timeout 30 cmd`), and after a shell's `-c` (`bash -c 'cmd'`). Empty where
 * nothing runs: `command -v` only prints where a program is.
 */
export function commandRun(words: string[]): string[] {
  let at = 0;
  for (;;) {
    while (at < words.length && (OPENING_WORDS.has(words[at]) || ASSIGNMENT.test(words[at]))) at++;
    const name = words[at]?.replace(/^.*\//, "");
    const wrapper = name === undefined ? undefined : WRAPPERS.get(name);
    const shell = name !== undefined && SHELLS.has(name);
    if (wrapper === undefined && !shell) return words.slice(at);
    const start = at++;
    let commandLine = false;
    for (; at < words.length && (/^-./.test(words[at]) || (shell && /^\+./.test(words[at]))); at++) {
      const option = words[at];
      if (option === "--") {
        at++;
        break;
      }
      if (name === "command" && /^-[a-zA-Z]*[vV]/.test(option)) return [];
      if (shell) commandLine ||= SHELL_COMMAND_OPTION.test(option);
      if ((wrapper?.valueOptions ?? SHELL_VALUE_OPTIONS).includes(option)) at++;
    }
    // A shell without `-c` runs a script file or what it reads: it is the program.
    if (shell && !commandLine) return words.slice(start);
    at += wrapper?.operands ?? 0;
  }
}
