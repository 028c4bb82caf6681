#!/usr/bin/env node
/**
 * Bundles the CrossGuard pack (its entry and the whole catalogue) into one CommonJS file, so the engine starts it
 * as plain JavaScript instead of type-checking TypeScript through ts-node. The SDKs stay external: the pack's
 * package.json declares them, and the SDK matches its own error classes with `instanceof`.
 */
const { build } = require("esbuild");
const { mkdirSync, renameSync, writeFileSync } = require("fs");
const { dirname, join, relative } = require("path");

const ROOT = join(__dirname, "..");
const PACK = join(ROOT, "policypacks", "production-readiness");
const EXTERNAL = ["@pulumi/policy", "@pulumi/pulumi"];
/** Packages the pack must never carry: `@pulumi/aws` alone takes about a second to load. */
const FORBIDDEN = /node_modules[\\/]@pulumi[\\/]aws[\\/]/;

/** `entry`: another program to bundle the same way, as the tests' SDK-served oracle of the pack. */
async function bundlePack({ entry = join(PACK, "index.ts"), outfile = join(PACK, "bin", "index.js") } = {}) {
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    external: EXTERNAL,
    // source-map-support, which the policy runner registers, maps a failing rule's stack frame back to src/.
    sourcemap: true,
    metafile: true,
    write: false,
    logLevel: "silent",
  });
  const forbidden = Object.keys(result.metafile.inputs).filter((input) => FORBIDDEN.test(input));
  if (forbidden.length > 0) throw new Error(`the pack must not bundle @pulumi/aws at run time (import types only): ${forbidden[0]}`);
  for (const file of result.outputFiles) {
    mkdirSync(dirname(file.path), { recursive: true });
    // Write then rename, so a pack starting meanwhile never reads half a file.
    const partial = `${file.path}.${process.pid}.partial`;
    writeFileSync(partial, file.contents);
    renameSync(partial, file.path);
  }
  return relative(ROOT, outfile);
}

module.exports = { bundlePack };

if (require.main === module) {
  bundlePack().catch((error) => {
    console.error(error.message);
    process.exit(1);
  });
}
