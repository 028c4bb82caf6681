import { setFlagsFromString } from "v8";

/**
 * V8 settings for a one-shot check, applied by `bin/prodready.js` before the check's code runs, and by the benchmark's
 * children so they measure what the CLI does. Both were measured on the benchmark's tree (4.1 MB, 10,000 resources):
 * - `--heap-growing-percent=50`: a check keeps its inputs' model until it ends, and V8 by default lets the heap grow
 *   to up to four times what survived its last full collection before collecting again: a 50 MB .tf file peaked at
 *   1.08 GB with 460 MB live, and peaks near 820 MB with this, at no measured cost in time.
 * - `--no-turbo-inlining`: a check is a cold run, and inlining made the optimizing compiler spend 2.3 s of CPU on the
 *   tree (1.0 s without), on threads that compete with the check for the cores: 1.27–1.30 s wall and 2.2 s CPU became
 *   1.09–1.10 s and 1.7 s. On a 41 MB tree, where optimized code runs longer, it costs about 4% of the wall time.
 */
export function tuneV8ForOneShotRun(): void {
  setFlagsFromString("--heap-growing-percent=50");
  setFlagsFromString("--no-turbo-inlining");
}
