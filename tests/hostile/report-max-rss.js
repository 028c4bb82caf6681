"use strict";
/**
 * Preloaded into the checker by tests/hostile/harness.ts (`node --require`): at exit, writes the process's peak
 * resident set size to stderr on a line of its own, which the harness takes out again. It is getrusage's ru_maxrss,
 * kept by the kernel, so it counts the whole process (heap, buffers, code) and cannot miss a short peak, as polling
 * /proc would; reading it at exit, after the report is written, covers the whole run. A process killed by a signal
 * or by running out of memory writes nothing, and the harness says so.
 */
process.on("exit", () => {
  require("fs").writeSync(2, `\nprodready-max-rss-kb=${process.resourceUsage().maxRSS}\n`);
});
