import { getHeapSpaceStatistics, setFlagsFromString } from "v8";

/** How the young generation grows, and where it stops (see `tuneV8ForOneShotRun`). */
const YOUNG_GENERATION_GROWTH = 8;
/** Both semi-spaces, as `getHeapSpaceStatistics` counts the new space: 8 MB each. */
const YOUNG_GENERATION_LIMIT = 16 * 1048576;
let youngGenerationGrowing = false;

/**
 * V8 settings for a one-shot check, applied by `bin/prodready.js` before the check's code runs, and by the benchmark's
 * children so they measure what the CLI does.
 * - `--heap-growing-percent=25`: a root module's model lives until the root is judged, and V8 by default lets the heap
 *   grow to up to four times what survived its last full collection before collecting again. A 50 MB .tf file (one
 *   root, 460 MB live) peaked at 1.08 GB that way, at 815–870 MB growing by half, and at 740–780 MB growing by a
 *   quarter, which it now does; no time cost was measurable on it or on the benchmark's trees.
 * - Inlining only small functions (bytecode up to 40 bytes, 200 in all per optimized function): a check is a cold
 *   run, and V8's default inlining made the optimizing compiler spend 2.3 s of CPU on the benchmark's 4.1 MB tree
 *   (1.0 s without any), on threads that compete with the check for the cores: 15–20% more wall time than no
 *   inlining. Small helpers (`isUnknown`, the lexer's character tests) inlined are 2% faster again than none, in
 *   four paired series of 8–14 runs; larger limits lost it. The 50 MB file peaks the same either way.
 * - A function waits one more tick of its interrupt budget per 50 bytes of bytecode before it is optimized (V8: 150).
 *   The optimizing compiler still took 600 ms of CPU on the benchmark's tree, most of it on large functions that
 *   run a few hundred times (module definition, suppressions, the engine's evaluate), compiled concurrently but
 *   competing with the check for two cores. Making only large functions wait longer cut 200–300 ms of that CPU and
 *   70–80 ms (9%) of wall time in paired series of 12 and 15 runs, with the main thread's own CPU time unchanged;
 *   a longer budget for every function (2–3× V8's) saved less and cost the main thread up to 50 ms. Measured on
 *   V8 11 (Node.js 20) only: later V8 raised its own allowance to 1,100 bytes and tiers up through Maglev, so the
 *   same number would mean something else there, and V8's default is kept.
 * - The young generation grows eightfold, once, to two 8 MB semi-spaces, and `limitYoungGeneration` stops it there,
 *   where V8 would grow it on to two of 16 MB. Each page of a semi-space costs a page fault the first time it is
 *   used, and a fault costs 14–19 µs on this (virtual) machine: two 16 MB semi-spaces were 8,200 faults on the main
 *   thread, about 140 ms, and two of 8 MB are 4,100. The extra scavenges of the smaller space cost less than the
 *   faults saved: 59–125 ms (8–14%) less wall time than growing fourfold to 16 MB, in paired series of 8–12 runs, and
 *   peak memory on the benchmark's tree 82 MB instead of 98. Semi-spaces of 4 MB were 58 ms slower; growing by two
 *   each time (V8's default) took 34 scavenges and 54–108 ms more. Loading the modules already grows it to the
 *   limit, so the check stops it first thing: otherwise a single large root (2.4 MB, one file) grew it on to two of
 *   16 MB before its first unit was judged, and its check took 466 ms instead of 382 (paired medians of 10 runs).
 * - Every function is compiled to baseline (Sparkplug) code on its first call, not interpreted until V8 finds it warm:
 *   a check runs most of its functions a few hundred to a few thousand times, too few for the optimizing compiler to
 *   take them, and a second check in the same process ran twice as fast as the first. 51 ms less wall time
 *   (paired median of 25 alternating runs, 6%), peak memory 1 MB more. Measured on V8 11 only, like the allowance.
 */
export function tuneV8ForOneShotRun(): void {
  setFlagsFromString("--heap-growing-percent=25");
  setFlagsFromString("--max-inlined-bytecode-size=40");
  setFlagsFromString("--max-inlined-bytecode-size-cumulative=200");
  if (process.versions.v8.startsWith("11.")) {
    setFlagsFromString("--bytecode-size-allowance-per-tick=50");
    setFlagsFromString("--always-sparkplug");
  }
  setFlagsFromString(`--semi-space-growth-factor=${YOUNG_GENERATION_GROWTH}`);
  youngGenerationGrowing = true;
}

/**
 * Stops the young generation growing once it reached its limit (see above); V8 reads its growth factor each time it
 * grows, and has no limit that can be set once it runs. Called when a check starts and between the units it judges,
 * which is often enough to catch it between its growths; does nothing unless `tuneV8ForOneShotRun` ran.
 */
export function limitYoungGeneration(): void {
  if (!youngGenerationGrowing) return;
  const newSpace = getHeapSpaceStatistics().find((space) => space.space_name === "new_space");
  if (newSpace === undefined || newSpace.space_size < YOUNG_GENERATION_LIMIT) return;
  setFlagsFromString("--semi-space-growth-factor=1");
  youngGenerationGrowing = false;
}
