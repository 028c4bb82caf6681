/**
 * What the fixes of single verdicts share (`Verdict.remediation`): for rules that judge kinds of place fixed apart, a
 * rule's remediation covers them all, for the docs, and a finding gives the one fix of its place; for rules whose
 * remediation names every engine's arguments, a finding gives its fix in its own engine's names (`Rule.fix`). A fix
 * is written in Terraform's names, naming in `names` the arguments it tells you to set, so a Pulumi or CDKTF finding
 * says them as its program writes them, as it says its message; what is no argument of the resource (another
 * resource's type, a lifecycle setting) is said here in the terms of the engine the resource is written for.
 */
import { kindOf } from "../adapters/pulumi/kinds";
import { camelCase } from "../adapters/written-names";
import type { Engine, PropertyPath } from "../model/resource";
import { isNotApplicable, type CheckResult, type Verdict } from "./rule";

export type Fix = Required<Pick<Verdict, "remediation" | "names">>;

/** A resource's verdicts with the fix `fix` makes, made only where there are any: most resources have none. */
export function withFix<R extends CheckResult>(result: R, fix: () => Fix): R;
export function withFix(result: CheckResult, fix: () => Fix): CheckResult {
  if (isNotApplicable(result) || result.length === 0) return result;
  const made = fix();
  return result.map((verdict) => withFixOf(verdict, made));
}

/** The verdict with the fix; the properties its message names are kept with those the fix names. */
export function withFixOf(verdict: Verdict, { remediation, names }: Fix): Verdict {
  return { ...verdict, remediation, names: [...(verdict.names ?? []), ...names] };
}

/** A fix that names `names` (Terraform's names: the resource's arguments it tells you to set). */
export function fixOf(remediation: string, names: readonly PropertyPath[] = []): Fix {
  return { remediation, names: [...names] };
}

/**
 * A resource type as the engine's programs write it, given by its Pulumi type token, from which the other names
 * follow: `aws:apigateway/methodSettings:MethodSettings` is Terraform's `aws_api_gateway_method_settings` (`kindOf`),
 * Pulumi's `aws.apigateway.MethodSettings` and CDKTF's `ApiGatewayMethodSettings`, the class its provider bindings
 * generate from the Terraform name.
 */
export function resourceType(engine: Engine, token: string): string {
  if (engine === "pulumi") {
    const [, module, name] = /^aws:([A-Za-z0-9]+)\/[A-Za-z0-9]+:([A-Za-z0-9]+)$/.exec(token) ?? [];
    return module === undefined ? token : `aws.${module}.${name}`;
  }
  const kind = kindOf(token);
  if (engine !== "cdktf") return kind;
  const bare = camelCase(kind.replace(/^aws_/, ""));
  return bare.charAt(0).toUpperCase() + bare.slice(1);
}

/**
 * A lifecycle setting as a Terraform block or a CDKTF resource's config writes it: `lifecycle { ignore_changes =
 * [value] }`, `lifecycle: { ignoreChanges: ["value"] }`. CDKTF passes the names it lists to Terraform as written, so
 * they stay Terraform's. Pulumi has resource options in its place (`protect`, `ignoreChanges`), said by the fix.
 */
export function lifecycleSetting(engine: Exclude<Engine, "pulumi">, argument: string, value: boolean | readonly string[]): string {
  if (engine === "cdktf") return `lifecycle: { ${camelCase(argument)}: ${typeof value === "boolean" ? value : `[${value.map((name) => `"${name}"`).join(", ")}]`} }`;
  return `lifecycle { ${argument} = ${typeof value === "boolean" ? value : `[${value.join(", ")}]`} }`;
}
