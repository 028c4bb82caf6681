/**
 * Files a Terraform plan is saved in, told apart by name and by their first bytes: the Terraform adapter checks a
 * plan's JSON and says what a file given in its place is; the repository scan reports a plan committed with the code.
 */
import { closeSync, openSync, readSync } from "fs";
import type { Diagnostic } from "../../model/diagnostic";

/** What writes a saved plan's JSON, the file prodready checks. */
const SHOW_PLAN_JSON = "terraform show -json tfplan > tfplan.json";

/** How to make what prodready checks in place of a state, a binary plan or Terraform's log. */
export const MAKE_A_PLAN = `run \`terraform plan -out=tfplan\`, then \`${SHOW_PLAN_JSON}\``;

/** The names a plan's JSON is read by when found in a directory: `tfplan.json`, `plan.json`, `*.tfplan.json`. */
export function isPlanJsonName(name: string): boolean {
  return name === "tfplan.json" || name === "plan.json" || name.endsWith(".tfplan.json");
}

/**
 * Names `terraform plan -out` is commonly given (`tfplan`, `prod.tfplan`, `plan.out`, `terraform.plan`): which files
 * of a repository are opened to tell a binary plan, since Terraform takes any name.
 */
export function mayBeBinaryPlanName(name: string): boolean {
  return /(^|[._-])(tf)?plan([._-]|$)/i.test(name) && !name.toLowerCase().endsWith(".json");
}

/** A zip's local file header signature; the header gives the first entry's name length at 26, its name at 30. */
const ZIP_ENTRY = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const FIRST_ENTRY = Buffer.from("tfplan");
const NAME_LENGTH_AT = 26;
const NAME_AT = 30;

/**
 * Whether the file is a plan as `terraform plan -out` saves it: a zip whose first entry is `tfplan` (then the state,
 * the configuration and the variables' values). False when it cannot be read: its reader says why.
 */
export function isBinaryPlan(path: string): boolean {
  const head = Buffer.alloc(NAME_AT + FIRST_ENTRY.length);
  let read = 0;
  try {
    const fd = openSync(path, "r");
    try {
      read = readSync(fd, head, 0, head.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
  return (
    read === head.length &&
    head.subarray(0, ZIP_ENTRY.length).equals(ZIP_ENTRY) &&
    head.readUInt16LE(NAME_LENGTH_AT) === FIRST_ENTRY.length &&
    head.subarray(NAME_AT).equals(FIRST_ENTRY)
  );
}

/** The error for a binary plan given to be checked (by name, or found by a plan's JSON name): not its JSON. */
export function binaryPlanGiven(file: string): Diagnostic {
  const message = `this is a binary plan, as \`terraform plan -out\` saves it, not its JSON; not checked: run \`terraform show -json\` on it and check what it prints (\`${SHOW_PLAN_JSON}\`)`;
  return { severity: "error", code: "input", message, file };
}

/**
 * What a JSON file meant as a plan is instead, told by its first line, with what to run: Terraform's machine-readable
 * log (`terraform plan -json`: one message a line, the first `{"@level":…,"type":"version"}`), or `terraform show
 * -json` captured through hashicorp/setup-terraform's wrapper, which writes a `[command]` line before Terraform's
 * output and its own workflow commands after it: `::debug::` lines, and the outputs it sets as `::set-output name=…::`
 * lines where its @actions/core is older than 1.10. Undefined for anything else.
 */
export function notAPlanButTerraformOutput(text: string): string | undefined {
  const end = text.indexOf("\n");
  const firstLine = end === -1 ? text : text.slice(0, end);
  if (/^\[command\].*terraform/.test(firstLine)) {
    return "this is Terraform's output as hashicorp/setup-terraform's wrapper prints it (a `[command]` line, then Terraform's, then its own `::debug::` or `::set-output name=…::` lines), not the plan's JSON alone; not checked: set `terraform_wrapper: false` on the setup-terraform step, or run `terraform-bin show -json tfplan > tfplan.json`";
  }
  // `terraform show -json` writes the whole plan on its first line, which parsing here would parse twice: a log
  // message starts with its "@level" (or another "@" key).
  if (!firstLine.startsWith('{"@')) return undefined;
  let first: unknown;
  try {
    first = JSON.parse(firstLine);
  } catch {
    return undefined;
  }
  const isLogMessage = typeof first === "object" && first !== null && "@level" in first && "@message" in first && "type" in first;
  return isLogMessage ? `this is \`terraform plan -json\` output (Terraform's log of the run, a message a line), not a plan; not checked: ${MAKE_A_PLAN}` : undefined;
}
