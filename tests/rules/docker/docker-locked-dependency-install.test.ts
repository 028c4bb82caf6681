import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/docker/docker-locked-dependency-install";
import { judge, lines, model, readDockerfile, verdicts } from "./dockerfile";

const NODE = "FROM node:20.11.1-alpine3.19";

describe("npm", () => {
  test("npm install and npm i of the project are violations, named by line, never by the RUN's text", () => {
    expect(judge(rule, lines(NODE, "COPY . .", "RUN npm i --omit=dev && npm run build"))).toEqual([
      "violation stages.0.instructions.1 line 3: the RUN on line 3 installs with npm install, which may resolve other versions than the lock file's; use npm ci",
    ]);
  });

  test("npm install of named packages: exact versions pass, anything else fails", () => {
    expect(judge(rule, lines(NODE, "RUN npm install -g pnpm@9.1.0 @nestjs/cli@10.3.2 ./local-tool.tgz"))).toEqual([]);
    expect(verdicts(rule, lines(NODE, "RUN npm install -g typescript"))).toEqual(["violation stages.0.instructions.0"]);
    expect(verdicts(rule, lines(NODE, "RUN npm install --prefix /opt/tools eslint@^9"))).toEqual(["violation stages.0.instructions.0"]);
  });

  test.each([
    ["COPY . .", true],
    ["COPY package*.json ./", true],
    ['COPY ["package.json", "npm-shrinkwrap.json", "./"]', true],
    ["COPY app/ ./", true],
    ["COPY web ./", true],
    ["COPY --from=deps /app/package-lock.json ./", true],
    ["COPY package.json ./", false],
    ["COPY package.json tsconfig.json ./", false],
  ])("npm ci after %s: locked %s", (copy, locked) => {
    expect(verdicts(rule, lines(NODE, "WORKDIR /app", copy, "RUN npm ci"))).toEqual(locked ? [] : ["violation stages.0.instructions.2"]);
  });

  test("a source pattern longer than any file name leaves the install undecided instead of failing the rule", () => {
    const huge = `[${"z-a{}".repeat(20000)}].json`;
    expect(verdicts(rule, lines(NODE, `COPY ${huge} ./`, "RUN npm ci"))).toEqual(["undecided stages.0.instructions.1"]);
  });

  test("the lock file must come before the install", () => {
    expect(judge(rule, lines(NODE, "COPY package.json ./", "RUN npm ci", "COPY package-lock.json ./"))).toEqual([
      "violation stages.0.instructions.1 line 3: the RUN on line 3 runs npm ci before package-lock.json or npm-shrinkwrap.json is copied into the stage",
    ]);
  });

  test("a lock file copied in a stage the install's stage is built on counts; one in an unrelated stage does not", () => {
    expect(judge(rule, lines(`${NODE} AS deps`, "COPY package.json package-lock.json ./", "FROM deps AS build", "RUN npm ci"))).toEqual([]);
    expect(verdicts(rule, lines(`${NODE} AS deps`, "COPY package.json package-lock.json ./", NODE, "RUN npm ci"))).toEqual(["violation stages.1.instructions.0"]);
  });

  test("bind mounts put the lock file in place for their RUN only; cache and secret mounts do not", () => {
    expect(judge(rule, lines(NODE, "RUN --mount=type=bind,source=package-lock.json,target=package-lock.json npm ci"))).toEqual([]);
    expect(judge(rule, lines(NODE, "RUN --mount=target=. npm ci"))).toEqual([]);
    expect(verdicts(rule, lines(NODE, "RUN --mount=type=cache,target=/root/.npm --mount=type=secret,id=npmrc npm ci"))).toEqual(["violation stages.0.instructions.0"]);
    expect(verdicts(rule, lines(NODE, "RUN --mount=type=bind,source=package-lock.json npm ci", "RUN npm ci"))).toEqual(["violation stages.0.instructions.1"]);
  });
});

describe("yarn, pnpm, pip, poetry, bundler", () => {
  test("yarn without a frozen lock file, bare or as install; with one, yarn.lock must be there", () => {
    expect(verdicts(rule, lines(NODE, "COPY . .", "RUN yarn", "RUN yarn install --production", "RUN yarn build"))).toEqual(["violation stages.0.instructions.1", "violation stages.0.instructions.2"]);
    expect(judge(rule, lines(NODE, "COPY package.json ./", "RUN yarn --frozen-lockfile"))).toEqual([
      "violation stages.0.instructions.1 line 3: the RUN on line 3 runs yarn install --frozen-lockfile before yarn.lock is copied into the stage",
    ]);
    expect(judge(rule, lines(NODE, "COPY package.json yarn.lock .yarnrc.yml ./", "RUN corepack enable && yarn install --immutable"))).toEqual([]);
  });

  test("pnpm install needs --frozen-lockfile and pnpm-lock.yaml", () => {
    expect(verdicts(rule, lines(NODE, "COPY . .", "RUN pnpm i --prod"))).toEqual(["violation stages.0.instructions.1"]);
    expect(verdicts(rule, lines(NODE, "COPY package.json pnpm-lock.yaml ./", "RUN pnpm install --frozen-lockfile --prod"))).toEqual([]);
  });

  test("pip: requirement and constraint files, == pins, local paths and direct references pass; named packages without == fail", () => {
    const python = "FROM python:3.12.4-slim";
    expect(
      judge(
        rule,
        lines(
          python,
          "COPY . .",
          "RUN pip install --no-cache-dir -r requirements.txt",
          "RUN pip3 install -rrequirements-dev.txt --index-url https://pypi.example.com/simple 'gunicorn==22.0.0' .",
          "RUN python3 -m pip install -c constraints.txt flask",
          `RUN pip install -e ./lib && pip install mypkg @ https://example.com/mypkg-1.0.tar.gz#sha256=${"ab".repeat(32)}`,
          "RUN pip install dist/app-1.0-py3-none-any.whl git+https://github.com/org/lib.git@5b1c3f0a9d2e4b6c8a0f1e3d5c7b9a1e2f4d6c8b",
          "RUN uv pip install --system --python 3.12 -r requirements.txt fastapi==0.111.0",
        ),
      ),
    ).toEqual([]);
    expect(judge(rule, lines(python, "RUN python -m pip install --upgrade pip && pip install 'flask>=3'"))).toEqual([
      "violation stages.0.instructions.0 line 2: the RUN on line 2 installs a Python package that names no version",
      "violation stages.0.instructions.0 line 2: the RUN on line 2 installs a Python package that is not pinned to one version with ==",
    ]);
    // Unquoted, the shell reads `>=3` as a redirection to a file `=3`: pip installs flask with no version at all.
    expect(judge(rule, lines(python, "RUN pip install flask>=3"))).toEqual(["violation stages.0.instructions.0 line 2: the RUN on line 2 installs a Python package that names no version"]);
  });

  test("two installs with the same problem in one RUN are one finding; different problems stay apart (probe K: doodba)", () => {
    expect(judge(rule, lines("FROM python:3.12.4-slim", "RUN pip install flask && pip install requests && npm install -g eslint"))).toEqual([
      "violation stages.0.instructions.0 line 2: the RUN on line 2 installs a Python package that names no version",
      "violation stages.0.instructions.0 line 2: the RUN on line 2 installs npm packages without an exact version",
    ]);
  });

  test("pip installs from a branch, an archive URL without a hash, or by uv's pip are judged as requirements files' lines are (probe K: getsentry/self-hosted)", () => {
    const python = "FROM python:3.12.4-slim";
    expect(
      judge(
        rule,
        lines(
          python,
          "RUN pip install https://github.com/getsentry/sentry-nodestore-s3/archive/main.zip",
          "RUN pip install git+https://github.com/org/lib.git@main",
          "RUN uv pip install --system fastapi",
          "RUN pip install lib @ git+https://github.com/org/lib.git",
        ),
      ),
    ).toEqual([
      "violation stages.0.instructions.0 line 2: the RUN on line 2 installs a Python package that points at a URL without a hash, whose content can change",
      "violation stages.0.instructions.1 line 3: the RUN on line 3 installs a Python package that follows a branch or tag of a repository, not a commit",
      "violation stages.0.instructions.2 line 4: the RUN on line 4 installs a Python package that names no version",
      "violation stages.0.instructions.3 line 5: the RUN on line 5 installs a Python package that follows a branch or tag of a repository, not a commit",
    ]);
  });

  test("every option that takes a value sets it aside: uv's plural file options, --no-editable-package, pip's --group (probe R9)", () => {
    const python = "FROM python:3.12.4-slim";
    expect(
      judge(
        rule,
        lines(
          python,
          "COPY . .",
          "RUN uv pip install --system --requirements requirements.txt",
          "RUN uv pip install --system --constraints constraints.txt flask && uv pip install --overrides overrides.txt flask",
          "RUN uv pip install --no-editable-package mylib --build-constraints build.txt -r requirements.txt",
          "RUN uv pip install --excludes excludes.txt flask==3.0.3",
          "RUN pip install --group dev --build-constraint build.txt --python /usr/bin/python3 --resume-retries 3 gunicorn==22.0.0",
        ),
      ),
    ).toEqual([]);
    expect(judge(rule, lines(python, "RUN uv pip install --requirements requirements.txt flask"))).toEqual([
      "violation stages.0.instructions.0 line 2: the RUN on line 2 installs a Python package that names no version",
    ]);
  });

  test("an editable install of a repository is judged as its requirements file line is; a local path is fine (probe R9)", () => {
    const commit = "5b1c3f0a9d2e4b6c8a0f1e3d5c7b9a1e2f4d6c8b";
    expect(
      judge(
        rule,
        lines(
          "FROM python:3.12.4-slim",
          "COPY . .",
          "RUN pip install -e git+https://github.com/org/crew.git@nlsql#egg=crew",
          "RUN pip install --editable=git+https://github.com/org/lib.git@main#egg=lib",
          "RUN uv pip install -egit+https://github.com/org/lib.git#egg=lib",
          `RUN pip install -e . && pip install --editable ./lib -e git+https://github.com/org/lib.git@${commit}#egg=lib`,
        ),
      ),
    ).toEqual([
      "violation stages.0.instructions.1 line 3: the RUN on line 3 installs a Python package that follows a branch or tag of a repository, not a commit",
      "violation stages.0.instructions.2 line 4: the RUN on line 4 installs a Python package that follows a branch or tag of a repository, not a commit",
      "violation stages.0.instructions.3 line 5: the RUN on line 5 installs a Python package that follows a branch or tag of a repository, not a commit",
    ]);
  });

  test("poetry install needs poetry.lock, bundle install needs Gemfile.lock (a Gemfile is a file, not a directory)", () => {
    expect(verdicts(rule, lines("FROM python:3.12.4-slim", "COPY pyproject.toml ./", "RUN poetry install --no-root"))).toEqual(["violation stages.0.instructions.1"]);
    expect(verdicts(rule, lines("FROM ruby:3.3.4", "COPY Gemfile ./", "RUN bundle install", "COPY Gemfile.lock ./", "RUN bundle"))).toEqual(["violation stages.0.instructions.1"]);
  });

  test("Poetry 2's poetry sync and Bundler's frozen setting are locked installs from their lock files, as the deprecated flags are", () => {
    expect(judge(rule, lines("FROM python:3.12.4-slim", "COPY pyproject.toml ./", "RUN poetry sync --no-root", "COPY poetry.lock ./", "RUN poetry sync && poetry install --sync"))).toEqual([
      "violation stages.0.instructions.1 line 3: the RUN on line 3 runs poetry sync before poetry.lock is copied into the stage",
    ]);
    expect(verdicts(rule, lines("FROM ruby:3.3.4", "COPY Gemfile Gemfile.lock ./", "RUN bundle config set frozen true && bundle install && BUNDLE_FROZEN=true bundle install && bundle install --frozen"))).toEqual([]);
  });

  test("installs inside a heredoc and behind wrappers are read", () => {
    expect(verdicts(rule, lines(NODE, "COPY . .", "RUN <<EOF", "set -e", "cd /app", "sudo -E env CI=1 npm install", "EOF"))).toEqual(["violation stages.0.instructions.1"]);
    // A wrapper's option value is not the program (`-u node`), nor is a wrapper's operand (`timeout 600`).
    expect(verdicts(rule, lines(NODE, "COPY . .", "RUN sudo -u node npm install"))).toEqual(["violation stages.0.instructions.1"]);
    expect(verdicts(rule, lines(NODE, "COPY . .", "RUN timeout 600 npm install"))).toEqual(["violation stages.0.instructions.1"]);
    expect(verdicts(rule, lines(NODE, "COPY . .", "RUN if [ -f package-lock.json ]; then npm ci; else npm install; fi"))).toEqual(["violation stages.0.instructions.1"]);
  });

  test("a shell's command line is read for its commands; separators inside quotes, or in an exec form's word, are text", () => {
    expect(verdicts(rule, lines(NODE, "COPY . .", "RUN sh -c 'cd /app && npm install'"))).toEqual(["violation stages.0.instructions.1"]);
    expect(verdicts(rule, lines(NODE, "COPY . .", 'RUN ["sh", "-c", "cd /app && npm install"]'))).toEqual(["violation stages.0.instructions.1"]);
    expect(verdicts(rule, lines(NODE, "COPY . .", "RUN echo 'then; npm install' > /app/NOTES"))).toEqual([]);
    expect(verdicts(rule, lines(NODE, "COPY . .", 'RUN ["echo", "then; npm install"]'))).toEqual([]);
  });
});

describe("unknowns", () => {
  test("an unknown COPY before a locked install leaves it undecided; unknown RUN text too", () => {
    const resource = model({
      stages: [
        {
          base: "node:20.11.1",
          line: 1,
          instructions: [{ instruction: "COPY", sources: UNKNOWN, line: 2 }, { instruction: "RUN", arguments: "npm ci", flags: {}, line: 3 }, { instruction: "RUN", arguments: UNKNOWN, line: 4 }],
        },
      ],
    });
    expect(verdicts(rule, resource)).toEqual(["undecided stages.0.instructions.1", "undecided stages.0.instructions.2"]);
  });

  test("a stage built on an unknown base may have the lock file already", () => {
    expect(verdicts(rule, lines("ARG BASE", "FROM ${BASE}", "RUN npm ci"))).toEqual(["undecided stages.0.instructions.0"]);
  });

  test("an unknown mount list may mount the lock file", () => {
    const resource = model({ stages: [{ base: "node:20.11.1", line: 1, instructions: [{ instruction: "RUN", arguments: "npm ci", flags: { mount: UNKNOWN }, line: 2 }] }] });
    expect(verdicts(rule, resource)).toEqual(["undecided stages.0.instructions.0"]);
  });
});

test.each([
  ["COPY package-lock.jso[n] ./", true],
  ["COPY package-lock.jso[!n] ./", false],
  ["COPY package?lock.json ./", true],
  ["COPY [ ./", false],
  ["COPY package-lock.jso[z-a] ./", true],
])("wildcards in COPY sources: %s brings the lock file %s", (copy, locked) => {
  expect(verdicts(rule, lines(NODE, copy, "RUN npm ci"))).toEqual(locked ? [] : ["violation stages.0.instructions.1"]);
});

test("a long chain of stages is judged stage by stage, not by walking the chain again for each", () => {
  const stages = Array.from({ length: 2000 }, (_, i) => `FROM ${i === 0 ? NODE.slice(5) : `s${i - 1}`} AS s${i}\nCOPY file${i}.txt ./\nRUN npm ci`).join("\n");
  const found = verdicts(rule, `${stages}\n`);
  expect(found).toHaveLength(2000);
  expect(new Set(found.map((verdict) => verdict.split(" ")[0]))).toEqual(new Set(["violation"]));
});

describe("the build's target", () => {
  const resource = readDockerfile(lines(NODE + " AS prod", "COPY package.json ./", "RUN npm install", "FROM prod AS dev", "RUN npm install"));
  const withTarget = (target: unknown) => ({ ...resource, props: { ...resource.props, target } });

  test("the stages after the target are not built, so not judged", () => {
    expect(verdicts(rule, withTarget("prod"))).toEqual(["violation stages.0.instructions.1"]);
    expect(verdicts(rule, withTarget("DEV"))).toEqual(["violation stages.0.instructions.1", "violation stages.1.instructions.0"]);
  });

  test("an unknown target, or one naming no stage, leaves each stage's problems undecided: the build may not reach it", () => {
    expect(judge(rule, withTarget(UNKNOWN))).toEqual([
      "undecided stages.0.instructions.1 line 3: the RUN on line 3 installs with npm install, which may resolve other versions than the lock file's; use npm ci, if the build reaches that stage: the build target is not known to the check",
      "undecided stages.1.instructions.0 line 5: the RUN on line 5 installs with npm install, which may resolve other versions than the lock file's; use npm ci, if the build reaches that stage: the build target is not known to the check",
    ]);
    expect(verdicts(rule, withTarget("missing"))).toEqual(["undecided stages.0.instructions.1", "undecided stages.1.instructions.0"]);
  });
});
