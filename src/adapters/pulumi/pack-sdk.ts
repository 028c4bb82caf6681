/**
 * CrossGuard hands Analyze and AnalyzeStack policies their inputs with secrets unwrapped and unmarked
 * (pulumi-policy #163, #241), although the engine sends them marked. Only Remediate keeps the marks. This makes
 * every deserialisation keep them, as Remediate does: the policies then read the plain object behind the SDK's
 * proxies, where secrets are still wrapped, so rules can tell a secret from a literal and messages can be redacted.
 * `@pulumi/policy` is pinned exactly; the pack's tests prove the hook still takes effect.
 */
interface Deserialize {
  deserializeProperties(struct: unknown, proxySecrets: boolean): Record<string, unknown>;
}

const MARK = Symbol.for("prodready.secrets-kept");

export function keepSecretsMarked(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require("@pulumi/policy/deserialize") as Deserialize & { [MARK]?: true };
  if (sdk[MARK]) return;
  const deserialize = sdk.deserializeProperties;
  // The SDK's server calls the function through the module object, so replacing the export reaches every call.
  sdk.deserializeProperties = (struct) => deserialize(struct, true);
  sdk[MARK] = true;
}
