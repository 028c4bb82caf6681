#!/usr/bin/env node
/**
 * Parse throughput of the HCL parser on a realistic Terraform file of about 3 MB, built by repeating the valid
 * .tf fixtures (top-level blocks may repeat). Bundles the TypeScript source with esbuild, so no build is needed.
 *   node scripts/bench-hcl.js [megabytes]
 */
const { buildSync } = require("esbuild");
const { readdirSync, readFileSync } = require("fs");
const { join } = require("path");

const root = join(__dirname, "..");
const targetBytes = Number(process.argv[2] ?? 3) * 1024 * 1024;

const bundle = buildSync({
  entryPoints: [join(root, "src/adapters/terraform/hcl/parser.ts")],
  bundle: true,
  platform: "node",
  format: "cjs",
  write: false,
});
const parserModule = { exports: {} };
new Function("module", "exports", "require", bundle.outputFiles[0].text)(parserModule, parserModule.exports, require);
const { parseHcl } = parserModule.exports;

const fixtures = join(root, "tests/fixtures/hcl/valid");
const sample = readdirSync(fixtures)
  .filter((name) => name.endsWith(".tf"))
  .map((name) => readFileSync(join(fixtures, name), "utf8"))
  .join("\n");
let source = "";
while (Buffer.byteLength(source) < targetBytes) source += sample + "\n";
const bytes = Buffer.byteLength(source);

// Warm up, then take the best of several runs: the machine is shared.
for (let i = 0; i < 3; i++) parseHcl(source, "bench.tf");
const runs = [];
for (let i = 0; i < 7; i++) {
  const started = process.hrtime.bigint();
  const file = parseHcl(source, "bench.tf");
  runs.push(Number(process.hrtime.bigint() - started) / 1e9);
  if (file.body.blocks.length === 0) throw new Error("nothing parsed");
}
runs.sort((a, b) => a - b);
const megabytes = bytes / 1024 / 1024;
console.log(
  `${megabytes.toFixed(2)} MB, ${source.split("\n").length} lines: best ${(megabytes / runs[0]).toFixed(1)} MB/s, ` +
    `median ${(megabytes / runs[Math.floor(runs.length / 2)]).toFixed(1)} MB/s`,
);
