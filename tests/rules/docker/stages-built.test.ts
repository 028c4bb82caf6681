/** The Dockerfile rules judge only the stages a build runs: BuildKit skips every stage the produced one does not need. */
import lockedInstall from "../../../src/rules/docker/docker-locked-dependency-install";
import basePinned from "../../../src/rules/docker/docker-base-image-pinned";
import noBuildSecrets from "../../../src/rules/docker/docker-no-build-secrets";
import { UNKNOWN } from "../../../src/model/resource";
import { judge, lines, readDockerfile, verdicts } from "./dockerfile";

const NODE = "FROM node:20.11.1-slim";

describe("the stages the default build skips (probe K: dockersamples/example-voting-app)", () => {
  const dockerfile = lines(
    `${NODE} AS base`,
    "WORKDIR /app",
    "COPY package.json package-lock.json ./",
    "RUN npm ci",
    "FROM base AS development",
    "RUN npm install -g nodemon",
    "FROM node:latest AS lint",
    "ARG NPM_TOKEN",
    "RUN npm install -g eslint",
    "FROM base AS production",
    "USER node",
  );
  const resource = readDockerfile(dockerfile);
  const withTarget = (target: string) => ({ ...resource, props: { ...resource.props, target } });

  test("a development or tooling stage the last stage is not built from is not judged", () => {
    expect(judge(lockedInstall, resource)).toEqual([]);
    expect(judge(basePinned, resource)).toEqual([]);
    expect(judge(noBuildSecrets, resource)).toEqual([]);
  });

  test("a build that targets such a stage judges it and the stages it is built on, not the others", () => {
    expect(judge(lockedInstall, withTarget("development"))).toEqual([
      "violation stages.1.instructions.0 line 6: the RUN on line 6 installs npm packages without an exact version",
    ]);
    expect(verdicts(lockedInstall, withTarget("lint"))).toEqual(["violation stages.2.instructions.1"]);
    expect(verdicts(basePinned, withTarget("lint"))).toEqual(["violation stages.2.base"]);
    expect(verdicts(noBuildSecrets, withTarget("lint"))).toEqual(["violation stages.2.instructions.0"]);
  });
});

describe("a credential written out in a stage the build skips (probe R9)", () => {
  // Fake credentials, built so no scanner takes them for real ones.
  const password = ["Xk9mP2vL", "q7Rw4ZtQ"].join("");
  const npmToken = ["npm_", "4fJ9kQ2xV8mN3pL7rT5wY1zB6cH0dS9eG2aK"].join("");
  const dockerfile = lines(
    `${NODE} AS dev`,
    `ENV DATABASE_PASSWORD=${password}`,
    `RUN echo "//registry.npmjs.org/:_authToken=${npmToken}" > /root/.npmrc`,
    `ARG GITHUB_TOKEN=${password} NPM_TOKEN`,
    "ARG NPM_TOKEN",
    "COPY .env /app/.env",
    `${NODE} AS prod`,
    "USER node",
  );

  test("is committed with the Dockerfile and built by --target: a violation, unlike a build argument's name or a copied file", () => {
    expect(judge(noBuildSecrets, dockerfile)).toEqual([
      "violation stages.0.instructions.0 line 2: the ENV on line 2 sets a variable named like a secret to a literal value",
      "violation stages.0.instructions.1 line 3: the RUN on line 3 holds an npm access token",
      "violation stages.0.instructions.2 line 4: the ARG on line 4 declares a build argument named like a secret: build arguments are kept in the image history",
    ]);
  });

  test("stays a violation where the target is unknown", () => {
    const resource = readDockerfile(dockerfile);
    expect(verdicts(noBuildSecrets, { ...resource, props: { ...resource.props, target: UNKNOWN } })).toEqual([
      "violation stages.0.instructions.0",
      "violation stages.0.instructions.1",
      "violation stages.0.instructions.2",
      "undecided stages.0.instructions.3",
      "undecided stages.0.instructions.4",
    ]);
  });
});

describe("what a stage needs", () => {
  const unlocked = (name: string) => [`${NODE} AS ${name}`, "RUN npm install"];

  test("stages copied from by name (any case, even a later stage) or index, and stages mounted, are built", () => {
    expect(verdicts(lockedInstall, lines(...unlocked("deps"), ...unlocked("assets"), ...unlocked("unused"), NODE, "COPY --from=DEPS /a /a", "RUN --mount=type=bind,from=1,target=/b true"))).toEqual([
      "violation stages.0.instructions.0",
      "violation stages.1.instructions.0",
    ]);
    expect(verdicts(lockedInstall, lines(...unlocked("first"), "COPY --from=later /x /x", ...unlocked("later"), "FROM first AS final"))).toEqual([
      "violation stages.0.instructions.0",
      "violation stages.1.instructions.0",
    ]);
  });

  test("a --from that names an image needs no stage", () => {
    expect(verdicts(lockedInstall, lines(...unlocked("tools"), NODE, "COPY --from=tools:1.2.3 /x /x", "COPY --from=nginx /y /y"))).toEqual([]);
  });

  test("a --from by build argument may name any stage: what is wrong in the stages not known to be built is undecided", () => {
    expect(judge(lockedInstall, lines("ARG FLAVOUR=deps", ...unlocked("deps"), ...unlocked("other"), NODE, "COPY --from=${FLAVOUR} /a /a"))).toEqual([
      "undecided stages.0.instructions.0 line 3: the RUN on line 3 installs with npm install, which may resolve other versions than the lock file's; use npm ci, if the build uses that stage: the COPY on line 7 names what it reads from with a build argument",
      "undecided stages.1.instructions.0 line 5: the RUN on line 5 installs with npm install, which may resolve other versions than the lock file's; use npm ci, if the build uses that stage: the COPY on line 7 names what it reads from with a build argument",
    ]);
  });

  test("a stage built on an unknown base may be built on any earlier one", () => {
    expect(verdicts(lockedInstall, lines("ARG BASE", ...unlocked("deps"), "FROM ${BASE}"))).toEqual(["undecided stages.0.instructions.0"]);
    // A default is not what the base is when the argument is given.
    expect(verdicts(lockedInstall, lines("ARG BASE", ...unlocked("deps"), "FROM ${BASE:-registry.example.com/node:20.11.1}"))).toEqual(["undecided stages.0.instructions.0"]);
  });

  test("an unknown base written with a / or : around its build arguments is an image, as no stage name has one (probe R9)", () => {
    const dev = ["FROM node:latest AS dev", "RUN npm install -g nodemon"];
    for (const base of ["${REGISTRY}/platform/node-base:20.11.1", "node:${NODE_VERSION}-slim"]) {
      const dockerfile = lines("ARG REGISTRY", "ARG NODE_VERSION", ...dev, `FROM ${base} AS prod`);
      expect(judge(lockedInstall, dockerfile)).toEqual([]);
      expect(judge(basePinned, dockerfile)).toEqual([
        "undecided stages.1.base line 5: the base image of the stage on line 5 uses a build argument that has no value until the build",
      ]);
    }
  });
});
