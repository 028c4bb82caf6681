/**
 * Loads a Pulumi program's TypeScript without ts-node's type-checking (seconds per start, see ARCHITECTURE): each
 * `.ts` file is transpiled on `require`, and its source map kept so that the positions the runner reports (where a
 * resource was declared, the line that threw) name the `.ts` line.
 */
import { readFileSync } from "fs";
import Module, { SourceMap } from "module";
import type * as TypeScript from "typescript";

/**
 * Each transpiled file's source map. Read by the runner alone, rather than through Node's source map support, which
 * would also read and parse the map of every module the SDK and @pulumi/aws load: a fifth of a small program's run.
 */
const sourceMaps = new Map<string, SourceMap>();

/** Where a (1-based) position in a transpiled file's output comes from in its `.ts` source; another file's as it is. */
export function originalPosition(file: string, line: number, column: number): { line: number; column: number } {
  const entry = sourceMaps.get(file)?.findEntry(line - 1, column - 1);
  return entry && "originalLine" in entry ? { line: entry.originalLine + 1, column: entry.originalColumn + 1 } : { line, column };
}

/**
 * A file TypeScript cannot parse. Transpiling recovers from syntax errors by dropping what it cannot read (one side of
 * a merge conflict), where `pulumi preview` refuses the program: the run stops at the first error instead.
 */
export class TypeScriptSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super(message);
  }
}

type Loader = (module: Module & { _compile(code: string, filename: string): void }, filename: string) => void;

/** Installs the `.ts` require hook, transpiling with our own `typescript` dependency rather than the program's. */
export function installTypeScriptHook(): void {
  const ts = require("typescript") as typeof TypeScript;
  const extensions = (Module as unknown as { _extensions: Record<string, Loader> })._extensions;
  extensions[".ts"] = (module, filename) => {
    const output = ts.transpileModule(readFileSync(filename, "utf8"), {
      fileName: filename,
      // Syntactic diagnostics only: type errors need the whole program, and are not ours to judge.
      reportDiagnostics: true,
      compilerOptions: {
        module: ts.ModuleKind.CommonJS,
        target: ts.ScriptTarget.ES2022,
        esModuleInterop: true,
        sourceMap: true,
      },
    });
    const [first, ...more] = output.diagnostics ?? [];
    if (first) {
      const { line, character } = first.file!.getLineAndCharacterOfPosition(first.start!);
      const others = more.length > 0 ? ` (and ${more.length} more in this file)` : "";
      throw new TypeScriptSyntaxError(filename, line + 1, character + 1, ts.flattenDiagnosticMessageText(first.messageText, " ") + others);
    }
    sourceMaps.set(filename, new SourceMap(JSON.parse(output.sourceMapText!) as ConstructorParameters<typeof SourceMap>[0]));
    module._compile(output.outputText, filename);
  };
}
