/**
 * A compose file holding secrets through `prodready check`: the finding is reported, located and named, and no
 * secret appears in any output format, nor in the baseline it would write.
 */
import { checkPaths } from "../../../src/cli/check";
import { reporters } from "../../../src/reporters";
import { createScratch, removeScratch } from "../../support/scratch";

const PASSWORD = "Tr0ub4dor-and-3-horses";
const TOKEN = "ghp_Zq8Lr2Xk5Vn7Pw3Ys9Tb4Hc6Jd1Mf0Ga2KeQ";
const LIST_PASSWORD = "list-form-passphrase-42";

const COMPOSE = [
  "services:",
  "  api:",
  "    image: registry.example.com/api:2.4.1",
  "    environment:",
  "      DB_USER: app",
  `      DB_PASSWORD: ${PASSWORD}`,
  `      BOOTSTRAP: ${TOKEN}`,
  "  worker:",
  "    image: registry.example.com/worker:2.4.1",
  "    environment:",
  `      - REDIS_PASSWORD=\${REDIS_PASSWORD:-${LIST_PASSWORD}}`,
  "",
].join("\n");

let dir: string;
beforeAll(() => {
  dir = createScratch({ "compose.yaml": COMPOSE });
});
afterAll(() => removeScratch(dir));

// One check serves every test: they read its report in different ways.
let checked: ReturnType<typeof checkPaths> | undefined;
const check = () => (checked ??= checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "platform" }));

test("the secrets are found, at their lines", () => {
  const { report } = check();
  expect(report.diagnostics).toEqual([]);
  const secrets = report.findings.filter((finding) => finding.ruleId === "PR-CFG-013");
  expect(secrets.map((finding) => [finding.resource.name, finding.path, finding.location.line])).toEqual([
    ["api", "environment.DB_PASSWORD", 6],
    ["api", "environment.BOOTSTRAP", 7],
    ["worker", "environment.REDIS_PASSWORD", 11],
  ]);
});

test.each([...reporters.keys()])("no secret appears in the %s output", (format) => {
  const { report, baselineText } = check();
  const output = reporters.get(format)!.render(report, { color: false });
  expect(output).toContain("PR-CFG-013");
  for (const secret of [PASSWORD, TOKEN, LIST_PASSWORD]) {
    expect(output).not.toContain(secret);
    expect(baselineText).not.toContain(secret);
  }
});
