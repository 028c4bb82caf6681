"use strict";
/**
 * Preloaded into the checker by tests/hostile/harness.ts (`node --require`): at exit, writes the process's peak
 * resident set size to stderr on a line of its own, which the harness takes out again. The kernel keeps it (see
 * bench/_peak-rss.js), so it counts the whole process (heap, buffers, code) and cannot miss a short peak, as polling
 * would; reading it at exit, after the report is written, covers the whole run. A process killed by a signal or by
 * running out of memory writes nothing, and the harness says so.
 */
const { peakRssKb } = require("../../bench/_peak-rss");

process.on("exit", () => {
  require("fs").writeSync(2, `\nprodready-max-rss-kb=${peakRssKb()}\n`);
});
