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
