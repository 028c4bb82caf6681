/**
 * A password written into a manifest's env, and again in a broken document of the same file, through
 * `prodready check` (every rule, every output format): the finding and the diagnostic are reported, the password
 * appears nowhere.
 */
import { checkPaths } from "../../../src/cli/check";
import { reporters } from "../../../src/reporters";
import { deploymentManifest } from "../../../src/rules/kubernetes/support/example-workloads";
import { createScratch, removeScratch } from "../../support/scratch";

const PASSWORD = "Zq8-hunter2-k8s-Pa55phrase";

const DEPLOYMENT = deploymentManifest("api", `containers:
  - name: api
    image: registry.example.com/api:2.3.0
    env:
      - name: DB_PASSWORD
        value: ${PASSWORD}
`);

const MANIFEST = `${DEPLOYMENT}---
apiVersion: v1
kind: Pod
metadata:
  name: broken
  annotations: { note: "${PASSWORD}
`;

let dir: string;
beforeAll(() => {
  dir = createScratch({ "k8s/api.yaml": MANIFEST });
});
afterAll(() => removeScratch(dir));

test("a plaintext password in a manifest appears in no output format", () => {
  const { report } = checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "platform" });
  expect(report.findings.some((finding) => finding.ruleId === "PR-CFG-015" && finding.location.line === 17)).toBe(true);
  expect(report.diagnostics.some((diagnostic) => diagnostic.code === "input" && diagnostic.file?.endsWith("k8s/api.yaml"))).toBe(true);
  for (const reporter of reporters.values()) {
    const output = reporter.render(report, { color: false });
    expect([reporter.format, output.includes("PR-CFG-015")]).toEqual([reporter.format, true]);
    expect([reporter.format, output.includes(PASSWORD)]).toEqual([reporter.format, false]);
    expect([reporter.format, output.includes("hunter2")]).toEqual([reporter.format, false]);
  }
  expect([...reporters.keys()].sort()).toEqual(["github", "json", "junit", "markdown", "sarif", "text"]);
});
