/**
 * A Dockerfile holding secrets through `prodready check`: the findings are reported and placed on their lines, and no
 * secret appears in any output format, nor in the baseline it would write.
 */
import { checkPaths } from "../../../src/cli/check";
import { reporters } from "../../../src/reporters";
import { createScratch, removeScratch } from "../../support/scratch";

const PASSWORD = "Tr0ub4dor-and-3-horses";
const ARG_DEFAULT = "s3cr3t-build-arg-default-77";
const TOKEN = "ghp_Zq8Lr2Xk5Vn7Pw3Ys9Tb4Hc6Jd1Mf0Ga2KeQ";

const DOCKERFILE = [
  "FROM node:20.11.1-alpine3.19",
  `ARG NPM_TOKEN=${ARG_DEFAULT}`,
  "WORKDIR /app",
  "COPY package.json package-lock.json ./",
  `RUN echo "//npm.pkg.github.com/:_authToken=${TOKEN}" > .npmrc && npm ci`,
  `ENV NODE_ENV=production DB_PASSWORD=${PASSWORD}`,
  "USER node",
  'CMD ["node", "server.js"]',
  "",
].join("\n");

let dir: string;
beforeAll(() => {
  dir = createScratch({ Dockerfile: DOCKERFILE });
});
afterAll(() => removeScratch(dir));

// One check serves every test: they read its report in different ways.
let checked: ReturnType<typeof checkPaths> | undefined;
const check = () => (checked ??= checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "platform" }));

test("the secrets are found, at their lines", () => {
  const { report } = check();
  expect(report.diagnostics).toEqual([]);
  const secrets = report.findings.filter((finding) => finding.ruleId === "PR-CFG-010");
  expect(secrets.map((finding) => [finding.outcome, finding.path, finding.location.file?.endsWith("Dockerfile"), finding.location.line, finding.message])).toEqual([
    ["violation", "stages.0.instructions.0", true, 2, expect.stringMatching(/^the ARG on line 2 declares a build argument named like a secret/)],
    ["violation", "stages.0.instructions.3", true, 5, "the RUN on line 5 holds a GitHub token"],
    ["violation", "stages.0.instructions.4", true, 6, "the ENV on line 6 sets a variable named like a secret to a literal value"],
  ]);
});

test.each([...reporters.keys()])("no secret appears in the %s output", (format) => {
  const { report, baselineText } = check();
  const output = reporters.get(format)!.render(report, { color: false });
  expect(output).toContain("PR-CFG-010");
  for (const secret of [PASSWORD, ARG_DEFAULT, TOKEN]) {
    expect(output).not.toContain(secret);
    expect(baselineText).not.toContain(secret);
  }
});
