/** Dockerfiles that compose services build, judged at the stage each build produces. */
import { checkPaths } from "../../../src/cli/check";
import { createScratch, removeScratch, writeFiles } from "../../support/scratch";

/** A production stage, then a development stage after it that compose should not build. */
const DOCKERFILE = [
  "FROM node:20.11.1-alpine3.19 AS builder", // 1
  "WORKDIR /app", // 2
  "COPY package.json package-lock.json ./", // 3
  "RUN npm ci", // 4
  "", // 5
  "FROM builder AS prod", // 6
  "RUN npm install left-pad", // 7
  "USER node", // 8
  'CMD ["node", "server.js"]', // 9
  "", // 10
  "FROM prod AS dev", // 11
  "USER root", // 12
  "RUN npm install", // 13
  "",
].join("\n");

let dir: string;
beforeEach(() => {
  // Named, so that relative() below can strip the directory from addresses.
  dir = createScratch({}, "compose-builds");
});
afterEach(() => removeScratch(dir));

/** `<rule> <outcome> <address> line <n>` of each Dockerfile finding, addresses relative to the checked directory. */
function dockerfileFindings(): { findings: string[]; diagnostics: string[] } {
  const { report } = checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "platform" });
  const relative = (text: string) => text.replace(/\S*prodready-compose-builds-[^/]+\//g, "");
  return {
    findings: report.findings
      .filter((finding) => finding.resource.kind === "dockerfile")
      .map((finding) => `${finding.ruleId} ${finding.outcome} ${relative(finding.resource.address)} line ${finding.location.line}`),
    diagnostics: report.diagnostics.map((diagnostic) => `${relative(diagnostic.file ?? "")}:${diagnostic.line} ${relative(diagnostic.message)}`),
  };
}

const SERVICE = "    restart: unless-stopped\n";

test("a compose build that targets prod is judged at prod: the dev stage after it is never built", () => {
  writeFiles(dir, { Dockerfile: DOCKERFILE, "compose.yaml": `services:\n  app:\n    build:\n      context: .\n      target: prod\n${SERVICE}` });
  expect(dockerfileFindings()).toEqual({
    findings: ["PR-CFG-011 violation Dockerfile[target=prod] line 7"],
    diagnostics: [],
  });
});

test("one service builds the target, another the last stage: both stages are judged, each under its own address", () => {
  writeFiles(dir, {
    "app/Dockerfile.web": DOCKERFILE,
    "compose.yaml": `services:\n  app:\n    build: { context: app, dockerfile: Dockerfile.web, target: PROD }\n${SERVICE}  dev:\n    build:\n      context: ./app\n      dockerfile: Dockerfile.web\n${SERVICE}`,
  });
  expect(dockerfileFindings().findings.sort()).toEqual(
    [
      "PR-SEC-019 violation app/Dockerfile.web line 12",
      "PR-CFG-011 violation app/Dockerfile.web line 7",
      "PR-CFG-011 violation app/Dockerfile.web line 13",
      "PR-CFG-011 violation app/Dockerfile.web[target=PROD] line 7",
    ].sort(),
  );
});

test("an unknown target leaves what is wrong undecided; a target that names no stage is an input error at the compose file", () => {
  writeFiles(dir, {
    Dockerfile: DOCKERFILE,
    "compose.yaml": `services:\n  app:\n    build:\n      context: .\n      target: \${TARGET}\n${SERVICE}  debug:\n    build:\n      context: .\n      target: debug\n${SERVICE}`,
  });
  expect(dockerfileFindings()).toEqual({
    findings: [
      "PR-CFG-011 undecided Dockerfile[target=?] line 7",
      "PR-CFG-011 undecided Dockerfile[target=?] line 13",
      "PR-OPS-011 undecided Dockerfile[target=?] line 1",
      "PR-SEC-019 undecided Dockerfile[target=?] line 1",
    ],
    diagnostics: ["compose.yaml:10 service debug builds Dockerfile with target debug, which names no stage of it: docker compose build fails"],
  });
});

test("a target's default that the project's .env overrides (`${BUILD_TARGET:-prod}`, BUILD_TARGET=dev) is an unknown target, not the default", () => {
  const compose = `services:\n  app:\n    build:\n      context: .\n      target: \${BUILD_TARGET:-prod}\n${SERVICE}`;
  writeFiles(dir, { Dockerfile: DOCKERFILE, "compose.yaml": compose });
  expect(dockerfileFindings()).toEqual({ findings: ["PR-CFG-011 violation Dockerfile[target=prod] line 7"], diagnostics: [] });
  writeFiles(dir, { ".env": "# local settings\nexport BUILD_TARGET=dev\n" });
  expect(dockerfileFindings()).toEqual({
    findings: [
      "PR-CFG-011 undecided Dockerfile[target=?] line 7",
      "PR-CFG-011 undecided Dockerfile[target=?] line 13",
      "PR-OPS-011 undecided Dockerfile[target=?] line 1",
      "PR-SEC-019 undecided Dockerfile[target=?] line 1",
    ],
    diagnostics: [],
  });
});

test("a Dockerfile no compose service builds is judged at its last stage, as before", () => {
  writeFiles(dir, { Dockerfile: DOCKERFILE, "compose.yaml": `services:\n  app:\n    image: nginx:1.27.2\n${SERVICE}` });
  expect(dockerfileFindings().findings).toEqual([
    "PR-CFG-011 violation Dockerfile line 7",
    "PR-CFG-011 violation Dockerfile line 13",
    "PR-SEC-019 violation Dockerfile line 12",
  ]);
});

test("a lower-case dockerfile is what a build of its directory reads when there is no Dockerfile (probe K: louislam/uptime-kuma)", () => {
  const compose = `services:\n  app:\n    build: ./app\n${SERVICE}  prod:\n    build:\n      context: app\n      dockerfile: Dockerfile\n      target: prod\n${SERVICE}`;
  writeFiles(dir, { "app/dockerfile": DOCKERFILE, "compose.yaml": compose });
  expect(dockerfileFindings()).toEqual({
    findings: [
      "PR-CFG-011 violation app/dockerfile line 7",
      "PR-CFG-011 violation app/dockerfile line 13",
      "PR-CFG-011 violation app/dockerfile[target=prod] line 7",
      "PR-SEC-019 violation app/dockerfile line 12",
    ],
    diagnostics: [],
  });
});

test("a Dockerfile a build names is read whatever its name (Dockerfile-prod, docker/web.df), at the stage the build produces (probe R9)", () => {
  const compose = `services:\n  app:\n    build: { context: ., dockerfile: Dockerfile-prod }\n${SERVICE}  web:\n    build:\n      context: docker\n      dockerfile: web.df\n      target: prod\n${SERVICE}`;
  writeFiles(dir, { "Dockerfile-prod": DOCKERFILE, "docker/web.df": DOCKERFILE, "docker/unbuilt.df": DOCKERFILE, "compose.yaml": compose });
  expect(dockerfileFindings()).toEqual({
    findings: [
      "PR-CFG-011 violation Dockerfile-prod line 7",
      "PR-CFG-011 violation Dockerfile-prod line 13",
      "PR-CFG-011 violation docker/web.df[target=prod] line 7",
      "PR-SEC-019 violation Dockerfile-prod line 12",
    ],
    diagnostics: [],
  });
});

test("a Dockerfile a build names with a configuration file's extension is a Dockerfile only: its secret is reported once, at its line (probe R10)", () => {
  const dockerfile = 'FROM node:20.11.1-alpine3.19\nENV DB_PASSWORD=Xk9mP2vLq7Rw4ZtQ\nUSER node\nCMD ["node", "server.js"]\n';
  const build = (name: string) => `  ${name.replace(".", "-")}:\n    build: { context: ., dockerfile: ${name} }\n${SERVICE}`;
  const names = ["build.conf", "build.yaml", "docker.ini"];
  writeFiles(dir, { ...Object.fromEntries(names.map((name) => [name, dockerfile])), "compose.yaml": `services:\n${names.map(build).join("")}` });
  const { report } = checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "platform" });
  const inNamedFiles = report.findings
    .filter((finding) => finding.outcome === "violation" && names.some((name) => finding.location.file?.endsWith(`/${name}`)))
    .map((finding) => `${finding.ruleId} ${finding.resource.kind} ${finding.location.file?.replace(/.*\//, "")}:${finding.location.line}`);
  expect(inNamedFiles.sort()).toEqual(["PR-CFG-010 dockerfile build.conf:2", "PR-CFG-010 dockerfile build.yaml:2", "PR-CFG-010 dockerfile docker.ini:2"]);
});
