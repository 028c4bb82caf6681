#!/usr/bin/env node
"use strict";
// The CLI is compiled to dist/ by `npm run build`; this file only connects it to the process.

let cli;
try {
  // Before anything else runs, so all of the check's code is compiled under these settings.
  require("../dist/cli/v8-tuning").tuneV8ForOneShotRun();
  cli = require("../dist/cli/main");
} catch (error) {
  if (error && error.code === "MODULE_NOT_FOUND" && /dist[\\/]cli[\\/]/.test(error.message)) {
    process.stderr.write("prodready: not built yet; run `npm run build` first\n");
    process.exit(2);
  }
  throw error;
}
const { slicedWriter, wantsColor } = require("../dist/cli/io");
const io = {
  stdout: slicedWriter(process.stdout),
  stderr: (text) => process.stderr.write(text),
  color: wantsColor(process.stdout.isTTY, process.env),
};
// exitCode rather than exit(): a large report piped to another process is written in full first.
cli.main(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});
