/**
 * The oracle for the pack's own Analyzer server: the same policies served by `@pulumi/policy`'s server
 * (`new PolicyPack`), with the one difference the pack makes on purpose undone, properties keeping their secret marks
 * in Analyze and AnalyzeStack. Bundled and started by tests/pack/sdk-parity.test.ts.
 */
import { PolicyPack } from "@pulumi/policy";
import { packVersion, productionReadinessPack } from "../../src/adapters/pulumi/pack-definition";
import { policiesFor } from "../../src/adapters/pulumi/policies";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const deserialize = require("@pulumi/policy/deserialize") as { deserializeProperties(struct: object, proxySecrets: boolean): unknown };
const keepingSecrets = deserialize.deserializeProperties;
deserialize.deserializeProperties = (struct) => keepingSecrets(struct, true);

const pack = productionReadinessPack(packVersion());
new PolicyPack(
  pack.name,
  { description: pack.description, displayName: pack.displayName, tags: pack.tags, policies: policiesFor(pack.rules, pack.options) },
  pack.initialConfig,
);
