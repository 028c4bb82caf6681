/**
 * What a check loads depends on what it reads: the yaml package took about 28 ms of CPU to load, 4% of checking a
 * large Terraform file, so it is loaded only once YAML is read. Run in a process of its own, on the built CLI, since
 * the test runner has loaded everything already.
 */
import { execFileSync } from "child_process";
import { join } from "path";
import { ROOT } from "./harness";
import { withFiles } from "../support/scratch";

/** Whether checking `dir` loaded the yaml package. */
function loadsYaml(dir: string): boolean {
  const script = `
    const { checkPaths } = require(${JSON.stringify(join(ROOT, "dist", "cli", "check.js"))});
    checkPaths({ paths: [${JSON.stringify(dir)}], commandLineVariables: [], today: "2026-01-01", profile: "platform" });
    process.stdout.write(JSON.stringify(Object.keys(require.cache).some((path) => /[\\\\/]node_modules[\\\\/]yaml[\\\\/]/.test(path))));
  `;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { encoding: "utf8" })) as boolean;
}

describe("modules a check loads", () => {
  it("does not load the yaml package to check Terraform that reads no YAML", () => {
    const main = 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n  tags   = { team = "platform" }\n}\n';
    withFiles({ "main.tf": main }, (dir) => expect(loadsYaml(dir)).toBe(false));
  });

  it("loads it where a YAML file is read", () => {
    const manifest = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n";
    withFiles({ "pod.yaml": manifest }, (dir) => expect(loadsYaml(dir)).toBe(true));
  });
});
