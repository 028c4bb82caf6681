/**
 * Terraform's `removed` blocks (1.7 and later): a module's record that a resource or module call it no longer declares
 * is to leave the state, destroyed or forgotten (`lifecycle { destroy = false }`). They change nothing a check judges,
 * but `terraform plan` refuses one that names what is still declared ("Removed resource still exists"): the
 * configuration cannot be deployed as written, which is reported as the same mistake in a `moved` block is.
 */
import type { Diagnostic } from "../../model/diagnostic";
import type { Resource } from "../../model/resource";
import type { EvaluationRun } from "./eval/module";
import { locate } from "./hcl/lines";
import { attributeNamed } from "./hcl/syntax";
import { endpoint } from "./moves";
import { withoutInstanceKeys } from "./plan-references";

/**
 * The resources and module calls declared, as removed blocks name them: every instance key left out, since Terraform
 * compares the configuration, not its instances (one with `count = 0` is still declared). Only those evaluated into
 * `resources`, of the kinds rules judge: a module call none of whose instances holds one is not among them, so nothing
 * is reported where nothing is known.
 */
function declaredAddresses(resources: readonly Resource[]): Set<string> {
  const declared = new Set<string>();
  for (const resource of resources) {
    const address = withoutInstanceKeys(resource.address);
    declared.add(address);
    // Each module call it is in: names hold no dots once the keys are left out.
    const steps = address.split(".");
    for (let end = 2; steps[end - 2] === "module"; end += 2) declared.add(steps.slice(0, end).join("."));
  }
  return declared;
}

/**
 * Reports each removed block of the unit that names a managed resource or module call still declared, where it is
 * written (once however many instances of its module there are). What else Terraform refuses in one (no `from`, an
 * instance, a data source) `terraform validate` reports.
 */
export function reportRemovalsOfDeclared(resources: readonly Resource[], removedIn: EvaluationRun["removedIn"], report: (diagnostic: Diagnostic) => void): void {
  let declared: Set<string> | undefined;
  for (const { definition, prefix } of removedIn) {
    for (const { block, file } of definition.removed) {
      const from = attributeNamed(block.body, "from")?.expression;
      const removed = from === undefined ? undefined : endpoint(from);
      if (removed === undefined || removed.keyed) continue;
      const local = removed.declaredAs;
      const stillDeclared =
        local === undefined
          ? (declared ??= declaredAddresses(resources)).has(withoutInstanceKeys(prefix) + removed.address)
          : "resource" in local
            ? definition.resources.get(local.resource)?.mode === "managed"
            : definition.moduleCalls.has(local.moduleCall);
      if (!stillDeclared) continue;
      const what = removed.resource ? "resource" : "module call";
      const message = `removed from ${removed.address}, which is still declared: Terraform refuses to plan until the ${what} or the removed block is deleted; the ${what} is checked as declared`;
      report({ severity: "error", code: "input", message, ...locate(file, block.start) });
    }
  }
}
