import { readFileSync } from "fs";
import { join } from "path";
import { servePack } from "../../src/adapters/pulumi/analyzer";
import { productionReadinessPack } from "../../src/adapters/pulumi/pack-definition";

// The engine starts the pack in its directory; the version shown everywhere is its package.json's, as with the SDK.
const { version } = JSON.parse(readFileSync(join(process.cwd(), "package.json"), "utf8")) as { version: string };

servePack(productionReadinessPack(version)).catch((error: unknown) => {
  console.error(`prodready: the policy pack could not start its server: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
