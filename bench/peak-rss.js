"use strict";
/**
 * This process's peak resident set size in kB. On Linux, the high-water mark of its own memory (VmHWM): getrusage's
 * ru_maxrss survives exec, so a child spawned by a large process (the benchmark after the pack's run, a Jest worker)
 * reports at least its parent's size at the fork, whatever it used itself; a 39 MB child of a 340 MB parent said
 * 304 MB. Elsewhere, ru_maxrss.
 */
function peakRssKb() {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(require("fs").readFileSync("/proc/self/status", "utf8"));
    if (match) return Number(match[1]);
  } catch {
    // No /proc: not Linux.
  }
  return process.resourceUsage().maxRSS;
}

module.exports = { peakRssKb };
