/** Placeholder: the Terraform function library (being written). */
import type { Value } from "./values";

export interface FunctionContext {
  /** The directory of the module being evaluated: `file()` and `templatefile()` paths are relative to the process, as in Terraform, but `path.module` points here. */
  moduleDir: string;
}

export function callFunction(name: string, args: Value[], context: FunctionContext): Value {
  void name;
  void args;
  void context;
  throw new Error("not implemented");
}
