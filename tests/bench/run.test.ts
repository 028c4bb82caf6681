import { spawnSync } from "child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { createScratch, removeScratch } from "../support/scratch";

/** bench/run.js in a directory of its own, beside two benchmarks: one that measures, one that cannot run. */
const scratches: string[] = [];
afterEach(() => scratches.splice(0).forEach(removeScratch));

function benchDirectory(): string {
  const scratch = createScratch({}, "bench");
  scratches.push(scratch);
  const dir = join(scratch, "bench");
  mkdirSync(dir);
  copyFileSync(join(__dirname, "../../bench/run.js"), join(dir, "run.js"));
  writeFileSync(join(dir, "measures.js"), 'console.log("42 ms");\n');
  writeFileSync(join(dir, "broken.js"), 'console.error("dist/ is missing"); process.exit(3);\n');
  writeFileSync(join(dir, "RESULTS.md"), ["<!-- bench:broken -->", "last good measurement of broken", "<!-- /bench:broken -->", "<!-- bench:measures -->", "old 50 ms", "<!-- /bench:measures -->", ""].join("\n"));
  return dir;
}

function run(dir: string, ...args: string[]) {
  return spawnSync(process.execPath, [join(dir, "run.js"), ...args], { cwd: dir, encoding: "utf8" });
}

test("a benchmark that cannot run keeps its last measurement, says so, and exits 2", () => {
  const dir = benchDirectory();
  const { status } = run(dir);
  const results = readFileSync(join(dir, "RESULTS.md"), "utf8");
  expect(status).toBe(2);
  expect(results).toContain("last good measurement of broken");
  expect(results).toContain("42 ms");
  expect(results).not.toContain("old 50 ms");
  expect(results).toContain("could not run: broken (its section is from an earlier run)");
});

test("a run in which nothing could run leaves the results file as it was", () => {
  const dir = benchDirectory();
  const before = readFileSync(join(dir, "RESULTS.md"), "utf8");
  const { status, stderr } = run(dir, "--only", "broken");
  expect(status).toBe(2);
  expect(stderr).toContain("not written: broken could not run");
  expect(readFileSync(join(dir, "RESULTS.md"), "utf8")).toBe(before);
});
