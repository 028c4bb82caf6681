import { servePack } from "../../src/adapters/pulumi/analyzer";
import { packVersion, productionReadinessPack } from "../../src/adapters/pulumi/pack-definition";

servePack(productionReadinessPack(packVersion())).catch((error: unknown) => {
  console.error(`prodready: the policy pack could not start its server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
