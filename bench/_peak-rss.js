"use strict";
const { readFileSync } = require("fs");

/** A process's memory figures from /proc/<pid>/status (Linux), read once: `field` → kB, NaN when absent. */
function statusKb(pid = "self") {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
}

/**
 * This process's peak resident set size in kB. On Linux, the high-water mark of its own memory (VmHWM): getrusage's
 * ru_maxrss survives exec, so a child spawned by a large process (the benchmark after the pack's run, a Jest worker)
 * reports at least its parent's size at the fork, whatever it used itself; a 39 MB child of a 340 MB parent said
 * 304 MB. Elsewhere, ru_maxrss.
 */
function peakRssKb() {
  try {
    const peak = statusKb()("VmHWM");
    if (!Number.isNaN(peak)) return peak;
  } catch {
    // No /proc: not Linux.
  }
  return process.resourceUsage().maxRSS;
}

module.exports = { peakRssKb, statusKb };
