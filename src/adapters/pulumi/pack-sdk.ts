/**
 * Two adjustments to how `@pulumi/policy` turns a request's properties into objects, made in the one function the
 * SDK's server calls for it (through the module object, so replacing the export reaches every call):
 * - Analyze and AnalyzeStack drop secret marks (pulumi-policy #163, #241), although the engine sends them; Remediate
 *   keeps them. Keeping them everywhere lets rules tell a secret from a literal and lets messages be redacted;
 *   the policies read the plain object behind the SDK's proxies, where secrets are still wrapped.
 * - The server deserialises the same properties again for every policy; with 40-odd policies that was most of the
 *   time per resource. Our policies never write to them, so one result per request is shared.
 * `@pulumi/policy` is pinned exactly, and the pack's tests prove both still take effect.
 */
interface Deserialize {
  deserializeProperties(struct: object, proxySecrets: boolean): Record<string, unknown>;
}

const MARK = Symbol.for("prodready.policy-sdk-adapted");

export function adaptPolicySdk(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require("@pulumi/policy/deserialize") as Deserialize & { [MARK]?: true };
  if (sdk[MARK]) return;
  const deserialize = sdk.deserializeProperties;
  const perRequest = new WeakMap<object, Record<string, unknown>>();
  sdk.deserializeProperties = (struct) => {
    let props = perRequest.get(struct);
    if (props === undefined) {
      props = deserialize(struct, true);
      perRequest.set(struct, props);
    }
    return props;
  };
  sdk[MARK] = true;
}
