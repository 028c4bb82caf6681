/**
 * The young generation's limit is kept by changing a V8 flag while the process runs, which depends on when V8 reads
 * it: this runs the built tuning in a process of its own (it changes the whole isolate) and watches the new space grow.
 */
import { execFileSync } from "child_process";
import { join } from "path";
import { ROOT } from "./harness";
import { withFiles } from "../support/scratch";

/** New-space sizes (MB, both semi-spaces) seen while 2 million small objects are kept alive, which makes V8 grow it. */
function growth(tuned: boolean): number[] {
  const script = `
    const v8 = require("v8");
    const tuning = require(${JSON.stringify(join(ROOT, "dist", "cli", "v8-tuning.js"))});
    const newSpace = () => v8.getHeapSpaceStatistics().find((space) => space.space_name === "new_space").space_size / 1048576;
    if (${tuned}) tuning.tuneV8ForOneShotRun();
    const kept = [];
    const sizes = [newSpace()];
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 50000; i++) kept.push({ round, i, list: [i] });
      tuning.limitYoungGeneration();
      if (newSpace() !== sizes[sizes.length - 1]) sizes.push(newSpace());
    }
    process.stdout.write(JSON.stringify(sizes));
  `;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" })) as number[];
}

describe("V8 tuning for a one-shot check", () => {
  it("stops the young generation at two 8 MB semi-spaces, where V8 alone grows it to 32 MB", () => {
    // limitYoungGeneration is called by every check, also in processes that never tuned V8 (tests, the demo).
    const untuned = growth(false);
    const tuned = growth(true);
    expect(Math.max(...untuned)).toBeGreaterThan(16);
    expect(tuned[tuned.length - 1]).toBe(16);
    expect(Math.max(...tuned)).toBe(16);
  });

  it("keeps the limit through a check of one large root, which grows the young generation before any unit is judged", () => {
    // Loading the check's modules already takes the young generation to the limit; one 2 MB file is one unit.
    const buckets = Array.from({ length: 6000 }, (_, i) => `resource "aws_s3_bucket" "b${i}" {\n  bucket = "bucket-${i}"\n  tags = { Team = "t${i % 7}", Index = "${i}" }\n}\n`);
    withFiles({ "main.tf": buckets.join("\n") }, (dir) => {
      const script = `
        const v8 = require("v8");
        require(${JSON.stringify(join(ROOT, "dist", "cli", "v8-tuning.js"))}).tuneV8ForOneShotRun();
        const { checkPaths } = require(${JSON.stringify(join(ROOT, "dist", "cli", "check.js"))});
        const result = checkPaths({ paths: [${JSON.stringify(dir)}], commandLineVariables: [], today: "2026-11-28" });
        const newSpace = v8.getHeapSpaceStatistics().find((space) => space.space_name === "new_space").space_size / 1048576;
        process.stdout.write(JSON.stringify({ newSpace, resources: result.report.summary.resources }));
      `;
      const seen = JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8", cwd: dir })) as { newSpace: number; resources: number };
      expect(seen).toEqual({ newSpace: 16, resources: 6000 });
    });
  });
});
