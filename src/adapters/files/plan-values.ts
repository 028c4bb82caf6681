/**
 * What a committed plan's JSON (`terraform show -json`) holds in clear that may be a credential, for the repository
 * scan: the values Terraform marks sensitive, and every root variable's value, whose name may say it is a credential.
 * Terraform writes both plainly, a variable's value one level down (`"db_password": {"value": "…"}`), where no
 * line-by-line pattern ties it to its name.
 */
import { isRecord } from "../../model/resource";
import { isPlanJson } from "../terraform/plan";

/** A value of a plan, by where the configuration puts it: `var.db_password`, `aws_db_instance.main.password`, `output.dsn`. */
export interface PlanValue {
  place: string;
  /** The root variable's name, for a variable's value. */
  variable?: string;
  /** Terraform marks it sensitive. */
  sensitive: boolean;
  value: unknown;
}

/**
 * The parts of `value` that `marks` (`after_sensitive`, `sensitive_values`: the value's shape, `true` where it is
 * sensitive) marks, each named at the mark, so the keys of a sensitive map stay out of its name.
 */
function markedParts(value: unknown, marks: unknown, place: string, into: PlanValue[]): void {
  if (marks === true) into.push({ place, sensitive: true, value });
  else if (Array.isArray(marks) && Array.isArray(value)) marks.forEach((mark, index) => markedParts(value[index], mark, `${place}.${index}`, into));
  else if (isRecord(marks) && isRecord(value)) {
    for (const [key, mark] of Object.entries(marks)) if (Object.hasOwn(value, key)) markedParts(value[key], mark, `${place}.${key}`, into);
  }
}

/** The resources of a module of `planned_values` or `prior_state.values`, and of its child modules. */
function moduleResources(module: unknown): unknown[] {
  if (!isRecord(module)) return [];
  const resources = Array.isArray(module.resources) ? module.resources : [];
  const children = Array.isArray(module.child_modules) ? module.child_modules : [];
  return [...resources, ...children.flatMap(moduleResources)];
}

/** `planned_values` or `prior_state.values`: each resource's `values` with its `sensitive_values`, each output's value. */
function stateValues(values: unknown, into: PlanValue[]): void {
  if (!isRecord(values)) return;
  for (const resource of moduleResources(values.root_module)) {
    if (isRecord(resource) && typeof resource.address === "string") markedParts(resource.values, resource.sensitive_values, resource.address, into);
  }
  for (const [name, output] of Object.entries(isRecord(values.outputs) ? values.outputs : {})) {
    if (isRecord(output)) markedParts(output.value, output.sensitive, `output.${name}`, into);
  }
}

/** `resource_changes`, `resource_drift` or `output_changes`: the values before and after, each with its marks. */
function changeValues(change: unknown, place: string, into: PlanValue[]): void {
  if (!isRecord(change)) return;
  markedParts(change.before, change.before_sensitive, place, into);
  markedParts(change.after, change.after_sensitive, place, into);
}

/**
 * The values of a plan's JSON text that may be credentials, a place as often as the plan holds it (`planned_values`
 * repeats the values `resource_changes` plans, which an update's prior values may differ from); undefined when the
 * text is not a plan's JSON, which is then only scanned line by line.
 */
export function planValues(text: string): PlanValue[] | undefined {
  let plan: unknown;
  try {
    plan = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isPlanJson(plan)) return undefined;
  const found: PlanValue[] = [];
  const configuration = isRecord(plan.configuration) && isRecord(plan.configuration.root_module) ? plan.configuration.root_module : {};
  const declared = isRecord(configuration.variables) ? configuration.variables : {};
  for (const [name, variable] of Object.entries(isRecord(plan.variables) ? plan.variables : {})) {
    if (!isRecord(variable)) continue;
    const declaration = Object.hasOwn(declared, name) ? declared[name] : undefined;
    found.push({ place: `var.${name}`, variable: name, sensitive: isRecord(declaration) && declaration.sensitive === true, value: variable.value });
  }
  for (const section of ["resource_changes", "resource_drift"]) {
    for (const entry of Array.isArray(plan[section]) ? plan[section] : []) {
      if (isRecord(entry) && typeof entry.address === "string") changeValues(entry.change, entry.address, found);
    }
  }
  for (const [name, change] of Object.entries(isRecord(plan.output_changes) ? plan.output_changes : {})) changeValues(change, `output.${name}`, found);
  stateValues(plan.planned_values, found);
  if (isRecord(plan.prior_state)) stateValues(plan.prior_state.values, found);
  return found;
}
