import { setFlagsFromString } from "v8";

/**
 * V8 settings for a one-shot check, applied by `bin/prodready.js` before the check's code runs, and by the benchmark's
 * children so they measure what the CLI does.
 * - `--heap-growing-percent=25`: a root module's model lives until the root is judged, and V8 by default lets the heap
 *   grow to up to four times what survived its last full collection before collecting again. A 50 MB .tf file (one
 *   root, 460 MB live) peaked at 1.08 GB that way, at 815–870 MB growing by half, and at 740–780 MB growing by a
 *   quarter, which it now does; no time cost was measurable on it or on the benchmark's trees.
 * - `--no-turbo-inlining`: a check is a cold run, and inlining made the optimizing compiler spend 2.3 s of CPU on the
 *   benchmark's 4.1 MB tree (1.0 s without), on threads that compete with the check for the cores: 15–20% less wall
 *   time and a quarter less CPU there. On a tree ten times larger the wall time is the same either way. Without
 *   inlining, escape analysis removes fewer short-lived objects: the 50 MB file peaked 50–80 MB higher, which the
 *   smaller heap growth more than pays back.
 */
export function tuneV8ForOneShotRun(): void {
  setFlagsFromString("--heap-growing-percent=25");
  setFlagsFromString("--no-turbo-inlining");
}
