import { isUnknown } from "../../model/resource";
import { strongest, type Reference } from "../read";
import { resourceRule, undecided, violation, type Verdict } from "../rule";
import { describe, judgeStages, mountFields, parentStage, runText, stringsAt, type Instruction } from "./support/dockerfile";
import { installsIn, LOCK_FILES, type LockFile } from "./support/installs";

/** Files without an extension that are files, not directories. */
const EXTENSIONLESS_FILES = new Set(["Gemfile", "Pipfile", "Dockerfile", "Containerfile", "Makefile", "Procfile", "Rakefile", "Brewfile", "Jenkinsfile", "Vagrantfile", "LICENSE", "README", "VERSION"]);

/** What has been copied into a stage so far: which lock files, whether a directory came in, whether something unknown did. */
interface StageFiles {
  locks: Set<LockFile>;
  /** A directory, the whole context or a remote source: it may hold any file. */
  anything: boolean;
  /** An unknown instruction or source: it may have brought any file. */
  unknown: boolean;
}

/** A COPY source's name as a pattern, with Docker's wildcards: `*`, `?` and bracket classes (`[abc]`, `[!a-z]`). */
function globPattern(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i];
    const close = ch === "[" ? glob.indexOf("]", i + 2) : -1;
    if (ch === "*") source += "[^/]*";
    else if (ch === "?") source += "[^/]";
    else if (close !== -1) {
      const members = glob.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\").replace(/\]/g, "\\]");
      source += `[${members}]`;
      i = close;
    } else source += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  try {
    return new RegExp(`^${source}$`);
  } catch {
    // A class the build would reject too (`[z-a]`): it proves nothing missing, so it may match anything.
    return /(?:)/;
  }
}

function addSource(files: StageFiles, source: string): void {
  const trimmed = source.trim();
  const name = trimmed.split("/").pop() ?? "";
  // A pattern longer than a file name can be (255 bytes) is not read: V8 may find its expression too large to compile,
  // which it reports only when first matching.
  if (name.length > 255) {
    files.unknown = true;
    return;
  }
  const directory =
    trimmed === "" || name === "" || name === "." || name === "*" || /:\/\/|^git@/.test(trimmed) || (!name.includes(".") && !/[*?[]/.test(name) && !EXTENSIONLESS_FILES.has(name));
  if (directory) {
    files.anything = true;
    return;
  }
  const pattern = globPattern(name);
  for (const lock of LOCK_FILES) if (pattern.test(lock)) files.locks.add(lock);
}

/** Files a COPY or ADD brings in. */
function copy(files: StageFiles, instruction: Instruction): void {
  if (isUnknown(instruction.keyword)) {
    files.unknown = true;
    return;
  }
  if (instruction.keyword !== "COPY" && instruction.keyword !== "ADD") return;
  const sources = stringsAt(instruction.value, "sources");
  if (isUnknown(sources)) files.unknown = true;
  else for (const source of sources) addSource(files, source);
}

/** Files a RUN's bind mounts put in place for it (`--mount=type=bind,source=package-lock.json,…`; no source: the whole context). */
function mountedFiles(instruction: Instruction): StageFiles {
  const mounts = stringsAt(instruction.value, "flags.mount");
  const files: StageFiles = { locks: new Set(), anything: false, unknown: isUnknown(mounts) };
  if (isUnknown(mounts)) return files;
  for (const mount of mounts) {
    const fields = mountFields(mount);
    if ((fields.get("type") ?? "bind") !== "bind") continue;
    addSource(files, fields.get("source") ?? fields.get("src") ?? ".");
  }
  return files;
}

function present(files: StageFiles, lockFiles: readonly LockFile[]): Reference {
  if (files.anything || lockFiles.some((lock) => files.locks.has(lock))) return "yes";
  return files.unknown ? "unknown" : "no";
}

/** The installs a RUN makes, each locked and with its lock file in place (copied into the stage, or mounted), or not. */
function judgeRun(instruction: Instruction, files: StageFiles): Verdict[] {
  const script = runText(instruction);
  if (isUnknown(script)) return [undecided(instruction.path, `what ${describe(instruction)} runs is not known to the check`)];
  const mounted = mountedFiles(instruction);
  const verdicts = installsIn(script).flatMap((install) => {
    if (install.problem !== undefined) return [violation(instruction.path, `${describe(instruction)} ${install.problem}`)];
    const lockFiles = install.lockFiles ?? [];
    const answer = strongest([present(files, lockFiles), present(mounted, lockFiles)]);
    const locks = lockFiles.join(" or ");
    if (answer === "no") return [violation(instruction.path, `${describe(instruction)} runs ${install.command} before ${locks} is copied into the stage`)];
    if (answer === "unknown") return [undecided(instruction.path, `whether ${locks} is in the stage before ${describe(instruction)} is not known to the check`)];
    return [];
  });
  // Two installs with the same problem in one RUN are one finding: both are at the same place.
  return [...new Map(verdicts.map((verdict) => [`${verdict.outcome} ${verdict.message}`, verdict])).values()];
}

export default resourceRule({
  id: "PR-CFG-011",
  slug: "docker-locked-dependency-install",
  title: "Dockerfiles install dependencies from a lock file",
  checklist: "1.3.1",
  severity: "high",
  description:
    "A dependency install that is not locked resolves versions afresh at every build: two builds of the same commit " +
    "get different libraries, and a compromised or broken release reaches production without anyone changing a " +
    "line. The rule reads each `RUN` of the stages the build runs (the one it produces and those that one needs): `npm install` must be `npm ci`, `yarn install` needs `--frozen-lockfile` " +
    "(`--immutable` on Yarn 2+), `pnpm install` needs `--frozen-lockfile`, `pip install` (and `uv pip install`) of named packages needs " +
    "`==` versions and of a VCS or archive URL a commit or a `#sha256=` hash, as a requirements file's line does (a `-r requirements.txt` or `-c constraints.txt` install is fine), and the locked commands (`npm " +
    "ci`, `yarn --frozen-lockfile`, `pnpm --frozen-lockfile`, `poetry install` or `poetry sync`, `bundle install`) need their lock " +
    "file (`package-lock.json` or `npm-shrinkwrap.json`, `yarn.lock`, `pnpm-lock.yaml`, `poetry.lock`, " +
    "`Gemfile.lock`) copied into the stage, or bind-mounted, before they run; a copied directory or `COPY . .` counts.",
  remediation:
    "Commit the lock file, copy it in before the install (`COPY package.json package-lock.json ./` then `RUN npm " +
    "ci`), and use the locked command: `npm ci`, `yarn install --frozen-lockfile` / `yarn install --immutable`, " +
    "`pnpm install --frozen-lockfile`, `pip install -r requirements.txt` with pinned requirements (or `pip install " +
    "name==1.2.3`), `poetry sync` or `poetry install` with `poetry.lock`, `bundle install` with `Gemfile.lock` (frozen with " +
    "`BUNDLE_FROZEN=true`, so it fails rather than update the lock file).",
  links: [
    "https://docs.npmjs.com/cli/commands/npm-ci",
    "https://classic.yarnpkg.com/en/docs/cli/install#toc-yarn-install-frozen-lockfile",
    "https://pnpm.io/cli/install#--frozen-lockfile",
    "https://pip.pypa.io/en/stable/topics/repeatable-installs/",
    "https://python-poetry.org/docs/basic-usage/#installing-with-poetrylock",
    "https://bundler.io/guides/deploying.html",
  ],
  kinds: ["dockerfile"],
  config: {},
  check(resource) {
    return judgeStages(resource, (stages) => {
      const verdicts: Verdict[] = [];
      // Each stage starts with what the stage it is built on ended with.
      const endOf: StageFiles[] = [];
      for (const stage of stages) {
        const { answer, parent } = parentStage(stages, stage);
        const inherited = parent === undefined ? undefined : endOf[parent.index];
        const files: StageFiles = { locks: new Set(inherited?.locks), anything: inherited?.anything ?? false, unknown: (inherited?.unknown ?? false) || answer === "unknown" };
        endOf.push(files);
        if (isUnknown(stage.instructions)) {
          files.unknown = true;
          verdicts.push(undecided(`${stage.path}.instructions`, "the instructions are not known to the check"));
          continue;
        }
        for (const instruction of stage.instructions) {
          copy(files, instruction);
          if (instruction.keyword === "RUN") verdicts.push(...judgeRun(instruction, files));
        }
      }
      return verdicts;
    });
  },
  examples: {
    files: {
      fail: [
        {
          description: "npm install instead of npm ci",
          files: {
            Dockerfile: 'FROM node:20.11.1-alpine3.19\nWORKDIR /app\nCOPY package*.json ./\nRUN npm install --omit=dev\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n',
          },
        },
        {
          description: "npm ci with only package.json copied before it",
          files: { Dockerfile: 'FROM node:20.11.1-alpine3.19\nWORKDIR /app\nCOPY package.json ./\nRUN npm ci --omit=dev\nCOPY src/ ./src/\nUSER node\nCMD ["node", "src/server.js"]\n' },
        },
        {
          description: "unpinned pip packages, yarn without a frozen lock file and poetry before its lock file",
          files: {
            "services/Dockerfile": [
              "FROM node:20.11.1-alpine3.19 AS web",
              "COPY package.json yarn.lock ./",
              "RUN yarn install --production",
              "",
              "FROM python:3.12.4-slim AS api",
              "RUN pip install --no-cache-dir --upgrade pip flask gunicorn==22.0.0",
              "COPY pyproject.toml ./",
              "RUN poetry install --no-root",
              "COPY --from=web /node_modules ./static",
              "",
            ].join("\n"),
          },
        },
      ],
      pass: [
        {
          description: "locked installs for each tool, lock files copied or bind-mounted first",
          files: {
            Dockerfile: [
              "# syntax=docker/dockerfile:1",
              "FROM node:20.11.1-alpine3.19 AS web",
              "WORKDIR /app",
              "RUN --mount=type=bind,source=package.json,target=package.json \\",
              "    --mount=type=bind,source=package-lock.json,target=package-lock.json \\",
              "    --mount=type=cache,target=/root/.npm \\",
              "    npm ci --omit=dev",
              "COPY . .",
              "",
              "FROM python:3.12.4-slim AS api",
              "WORKDIR /srv",
              "COPY requirements.txt .",
              "RUN pip install --no-cache-dir -r requirements.txt && pip install --no-cache-dir gunicorn==22.0.0",
              "COPY pyproject.toml poetry.lock ./",
              "RUN poetry install --no-root --only main",
              "",
              "FROM ruby:3.3.4-slim AS jobs",
              "COPY Gemfile Gemfile.lock ./",
              "RUN bundle config set --local deployment true && bundle install",
              "",
              "FROM node:20.11.1-alpine3.19 AS assets",
              "COPY package.json yarn.lock ./",
              "RUN yarn install --frozen-lockfile",
              "",
              "FROM web AS tools",
              "RUN pnpm install --frozen-lockfile",
              "# the image gathers what each stage built",
              "COPY --from=api /srv /srv",
              "COPY --from=jobs /usr/local/bundle /usr/local/bundle",
              "COPY --from=assets /node_modules ./assets",
              "",
            ].join("\n"),
          },
        },
      ],
    },
    pulumi: {
      fail: [
        {
          description: "an image build whose inline Dockerfile runs npm install",
          resources: [
            {
              type: "docker-build:index:Image",
              name: "fail_web",
              props: { context: { location: "." }, dockerfile: { inline: 'FROM node:20.11.1-alpine3.19\nWORKDIR /app\nCOPY . .\nRUN npm install\nUSER node\nCMD ["node", "server.js"]\n' }, push: false },
            },
          ],
        },
      ],
      pass: [
        {
          description: "an image build whose inline Dockerfile runs npm ci after copying the lock file",
          resources: [
            {
              type: "docker-build:index:Image",
              name: "pass_web",
              props: {
                context: { location: "." },
                dockerfile: { inline: 'FROM node:20.11.1-alpine3.19\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci --omit=dev\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n' },
                push: false,
              },
            },
          ],
        },
      ],
    },
  },
});
