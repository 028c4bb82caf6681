import { mkdirSync, readFileSync } from "fs";
import { join } from "path";
import { readRepository, readRequirements, tomlEntries, MAX_CONFIG_FILE_BYTES, type RepositoryProps } from "../../../src/adapters/files/repository";
import { displayPath } from "../../../src/adapters/source";
import { CONFIG_FILE, REPOSITORY } from "../../../src/model/kinds";
import { UNKNOWN, type Resource } from "../../../src/model/resource";
import { readFileResources } from "../../support/examples";
import { createScratch, removeScratch, withFiles, writeFiles } from "../../support/scratch";

let dir: string;
beforeEach(() => {
  dir = createScratch();
});
afterEach(() => removeScratch(dir));

function read(root = dir) {
  const { resources, diagnostics } = readFileResources(root);
  const repository = resources.find((resource) => resource.kind === REPOSITORY)!;
  const configFiles = resources.filter((resource) => resource.kind === CONFIG_FILE);
  return { repository, props: repository?.props as unknown as RepositoryProps, configFiles, diagnostics, resources };
}

const name = (path: string) => displayPath(join(dir, path));

describe("the repository resource", () => {
  test("one per directory, named after it, placed on the directory, every path relative to it", () => {
    writeFiles(dir, { "src/index.js": "", "README.md": "", "package.json": "{}" });
    const { repository, props } = read();
    expect(repository).toMatchObject({ kind: REPOSITORY, address: displayPath(dir), engine: "files", location: { file: displayPath(dir) }, secretPaths: [] });
    expect(repository.name).toBe(dir.split("/").pop());
    expect(props.files).toEqual(["README.md", "package.json", "src/index.js"]);
  });

  test("none for a directory without a manifest, a Dockerfile, a compose file or a .env file: nothing to judge", () => {
    writeFiles(dir, { "main.tf": 'resource "aws_sqs_queue" "jobs" {}\n', "README.md": "" });
    expect(read().repository).toBeUndefined();
  });

  test("files git would ignore are apart from the tracked ones, by every .gitignore of the tree", () => {
    writeFiles(dir, {
      ".gitignore": "dist/\n*.log\n!keep.log\n",
      "app/.gitignore": "/local.json\n",
      "dist/bundle.js": "",
      "app/debug.log": "",
      "app/keep.log": "",
      "app/local.json": "{}",
      "local.json": "{}",
      "package.json": "{}",
    });
    const { props } = read();
    expect(props.files).toEqual([".gitignore", "app/.gitignore", "app/keep.log", "local.json", "package.json"]);
    expect(props.ignored_files).toEqual(["app/debug.log", "app/local.json", "dist/bundle.js"]);
  });

  test("env_ignored asks about a root .env that need not exist; each .env* file found says whether it is ignored and an example", () => {
    writeFiles(dir, { ".gitignore": ".env\n", ".env.local": "A=1", "api/.env": "B=2", ".env.example": "A=" });
    const { props, repository } = read();
    expect(props.env_ignored).toBe(true);
    expect(props.env_files).toEqual([
      { path: ".env.example", ignored: false, example: true },
      { path: ".env.local", ignored: false, example: false },
      { path: "api/.env", ignored: true, example: false },
    ]);
    expect(repository.propertyLocations?.env_ignored).toEqual({ file: name(".gitignore"), line: 1, column: 1 });
    expect(repository.propertyLocations?.["env_files.1"]).toEqual({ file: name(".env.local"), line: 1, column: 1 });
  });

  test("a directory inside a working tree is judged with the .gitignore files above it, up to the tree's top", () => {
    writeFiles(dir, { ".git/HEAD": "ref: refs/heads/main\n", ".gitignore": ".env\n*.secret\n", "services/.gitignore": "!api.secret\n", "services/api/api.secret": "", "services/api/db.secret": "", "services/api/go.mod": "module x\n" });
    const { props } = read(join(dir, "services/api"));
    expect(props.env_ignored).toBe(true);
    expect(props.files).toEqual(["api.secret", "go.mod"]);
    expect(props.ignored_files).toEqual(["db.secret"]);
  });

  test("env_ignored is placed on the root .gitignore even where there is none: the fix creates it, and a directory is no place code scanning shows", () => {
    writeFiles(dir, { "package.json": "{}" });
    expect(read().repository.propertyLocations?.env_ignored).toEqual({ file: name(".gitignore"), line: 1, column: 1 });
  });

  test("without a .git above it, the directory given is the top: a .gitignore above it does not count", () => {
    writeFiles(dir, { ".gitignore": ".env\n", "app/package.json": "{}" });
    expect(read(join(dir, "app")).props.env_ignored).toBe(false);
  });

  test("Dockerfiles and compose files are listed; a compose file reads the environment through env_file or interpolation, not $$", () => {
    writeFiles(dir, {
      Dockerfile: "FROM node:20\n",
      "compose.yaml": "services:\n  web:\n    image: nginx:1.27\n    env_file: .env\n",
      "deploy/docker-compose.prod.yml": "services:\n  web:\n    image: nginx:${TAG:-1.27}\n",
      "deploy/compose.literal.yaml": "services:\n  web:\n    command: echo $$HOME # not $VAR\n",
    });
    const { props } = read();
    expect(props.dockerfiles).toEqual(["Dockerfile"]);
    expect(props.compose_files).toEqual([
      { path: "compose.yaml", env_file: true, interpolation: false },
      { path: "deploy/compose.literal.yaml", env_file: false, interpolation: false },
      { path: "deploy/docker-compose.prod.yml", env_file: false, interpolation: true },
    ]);
  });
});

describe("manifests", () => {
  test("each kind of manifest, with whether it declares dependencies", () => {
    writeFiles(dir, {
      "package.json": JSON.stringify({ name: "root", private: true, workspaces: ["web"], peerDependencies: { react: "*" } }),
      "web/package.json": JSON.stringify({ name: "web", dependencies: { react: "^18.3.1" } }),
      "py/pyproject.toml": '[project]\nname = "py"\ndependencies = [\n  # the web framework\n  "flask>=3",\n]\n',
      "py-empty/pyproject.toml": '[project]\nname = "empty"\ndependencies = []\n\n[tool.ruff]\nline-length = 100\n',
      "py-dynamic/pyproject.toml": '[project]\nname = "dyn"\ndynamic = ["dependencies", "version"]\n',
      "poetry/pyproject.toml": '[tool.poetry.dependencies]\npython = "^3.12"\n\n[tool.poetry.group.dev.dependencies]\npytest = "^8"\n',
      "poetry-bare/pyproject.toml": '[tool.poetry.dependencies]\npython = "^3.12"\n',
      "pipenv/Pipfile": '[[source]]\nurl = "https://pypi.org/simple"\n\n[packages]\nrequests = "*"\n',
      "go/go.mod": "module example.com/x\n\ngo 1.22\n\nrequire (\n\tgithub.com/google/uuid v1.6.0\n)\n",
      "go-bare/go.mod": "module example.com/y\n\ngo 1.22\n",
      "ruby/Gemfile": 'source "https://rubygems.org"\ngem "rails", "~> 7.1"\n',
      "rust/Cargo.toml": '[workspace]\nmembers = ["cli"]\n',
      "rust/cli/Cargo.toml": "[package]\nname = \"cli\"\n\n[target.'cfg(unix)'.dependencies]\nlibc = \"0.2\"\n",
      "php/composer.json": JSON.stringify({ require: { "monolog/monolog": "^3.5" } }),
      "requirements.txt": "flask==3.0.3\n",
      "requirements/dev.txt": "pytest\n",
      "docs/notes.txt": "not a manifest\n",
    });
    const manifests = read()
      .props.manifests.map(({ path, type, has_dependencies }) => ({ path, type, has_dependencies }))
      .sort((a, b) => (a.path < b.path ? -1 : 1));
    expect(manifests).toEqual([
      { path: "go-bare/go.mod", type: "go", has_dependencies: false },
      { path: "go/go.mod", type: "go", has_dependencies: true },
      { path: "package.json", type: "npm", has_dependencies: false },
      { path: "php/composer.json", type: "composer", has_dependencies: true },
      { path: "pipenv/Pipfile", type: "pipenv", has_dependencies: true },
      { path: "poetry-bare/pyproject.toml", type: "python", has_dependencies: false },
      { path: "poetry/pyproject.toml", type: "python", has_dependencies: true },
      { path: "py-dynamic/pyproject.toml", type: "python", has_dependencies: true },
      { path: "py-empty/pyproject.toml", type: "python", has_dependencies: false },
      { path: "py/pyproject.toml", type: "python", has_dependencies: true },
      { path: "requirements.txt", type: "requirements", has_dependencies: true },
      { path: "requirements/dev.txt", type: "requirements", has_dependencies: true },
      { path: "ruby/Gemfile", type: "bundler", has_dependencies: true },
      { path: "rust/Cargo.toml", type: "cargo", has_dependencies: false },
      { path: "rust/cli/Cargo.toml", type: "cargo", has_dependencies: true },
      { path: "web/package.json", type: "npm", has_dependencies: true },
    ]);
  });

  test("package.json dependencies carry their section and line; each is placed there", () => {
    writeFiles(dir, { "package.json": '{\n\t"name": "web",\n\t"dependencies": {\n\t\t"express": "^4.19.2"\n\t},\n\t"devDependencies": {\n\t\t"jest": "*"\n\t}\n}\n' });
    const { props, repository } = read();
    expect(props.manifests[0].dependencies).toEqual([
      { section: "dependencies", name: "express", spec: "^4.19.2", line: 4 },
      { section: "devDependencies", name: "jest", spec: "*", line: 7 },
    ]);
    expect(repository.propertyLocations?.["manifests.0.dependencies.1"]).toEqual({ file: name("package.json"), line: 7 });
    expect(repository.propertyLocations?.["manifests.0"]).toEqual({ file: name("package.json"), line: 1, column: 1 });
  });

  test("a package.json that is not JSON: an error at its place that quotes nothing, and unknown dependencies", () => {
    writeFiles(dir, { "package.json": '{\n  "name": "web",\n  "token": "ghp_abcdefghijklmnopqrstuvwxyz0123456789AB"\n  "dependencies": {}\n}\n' });
    const { props, diagnostics } = read();
    expect(props.manifests[0]).toMatchObject({ has_dependencies: UNKNOWN, dependencies: UNKNOWN });
    expect(diagnostics).toEqual([{ severity: "error", code: "input", message: "not valid JSON", file: name("package.json"), line: 4, column: 3 }]);
  });

  test("a package.json nested thousands deep is read, its dependencies still placed", () => {
    const deep = `${"[".repeat(20_000)}${"]".repeat(20_000)}`;
    writeFiles(dir, { "package.json": `{\n  "config": ${deep},\n  "dependencies": {\n    "a": "1.0.0"\n  }\n}\n` });
    expect(read().props.manifests[0].dependencies).toEqual([{ section: "dependencies", name: "a", spec: "1.0.0", line: 4 }]);
  });

  test("a manifest that cannot be read is still a manifest, of unknown dependencies", () => {
    writeFiles(dir, { "package.json": '{"dependencies": {}}\u0000', "requirements.txt": "\u0000" });
    const { props, diagnostics } = read();
    expect(props.manifests).toEqual([
      { path: "package.json", type: "npm", has_dependencies: UNKNOWN, dependencies: UNKNOWN, workspaces: UNKNOWN },
      { path: "requirements.txt", type: "requirements", has_dependencies: UNKNOWN },
    ]);
    expect(diagnostics.map(({ file, code }) => [file, code])).toEqual([
      [name("package.json"), "input"],
      [name("requirements.txt"), "input"],
    ]);
  });

  test("a manifest git ignores is not the repository's", () => {
    writeFiles(dir, { ".gitignore": "vendor/\n", "vendor/lib/package.json": JSON.stringify({ dependencies: { a: "1" } }), "go.mod": "module x\n" });
    expect(read().props.manifests.map(({ path }) => path)).toEqual(["go.mod"]);
  });

  test("requirements: continuations joined, comments and options dropped, editable requirements kept", () => {
    expect(
      readRequirements("# pinned\n--index-url https://user:pass@pypi.example.com/simple\nflask==3.0.3 \\\n    --hash=sha256:abc\n\n-r base.txt\n-e ./lib  # local\nrequests>=2 ; python_version >= '3.8'\n"),
    ).toEqual([
      { requirement: "flask==3.0.3      --hash=sha256:abc", line: 3 },
      { requirement: "./lib", line: 7 },
      { requirement: "requests>=2 ; python_version >= '3.8'", line: 8 },
    ]);
  });

  test("TOML entries: tables, quoted and dotted keys, multi-line arrays, comments and multi-line strings", () => {
    const entries = tomlEntries(
      '[tool."poetry"]\nname = "x" # comment\ndescription = """\ndependencies = ["not", "a", "key"]\n"""\n[target.\'cfg(unix)\'.dependencies]\nlibc = "0.2"\n[project]\noptional-dependencies.dev = [\n  "pytest", # tests\n]\n',
    );
    expect(entries).toEqual([
      { key: "tool.poetry.name", value: '"x"' },
      { key: "tool.poetry.description", value: "" },
      { key: "target.cfg(unix).dependencies.libc", value: '"0.2"' },
      { key: "project.optional-dependencies.dev", value: '[\n  "pytest", \n]' },
    ]);
  });
});

describe("configuration files", () => {
  test("one per tracked configuration file, with its lines, each placed on its line", () => {
    writeFiles(dir, {
      ".gitignore": "secrets.yaml\n",
      "config/app.yaml": "database:\n  host: db\n",
      "secrets.yaml": "password: x\n",
      "settings.json": "{}",
      "Cargo.toml": "[package]\n",
      ".env.example": "A=\n",
      ".npmrc": "registry=https://registry.npmjs.org/\n",
      "terraform.tfvars": 'region = "eu-west-1"\n',
      "package-lock.json": "{}",
      "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
      "notes.txt": "",
    });
    const { configFiles } = read();
    expect(configFiles.map((resource) => resource.props.path)).toEqual([".env.example", ".npmrc", "Cargo.toml", "config/app.yaml", "settings.json", "terraform.tfvars"]);
    const app = configFiles.find((resource) => resource.props.path === "config/app.yaml")!;
    expect(app).toMatchObject({ kind: CONFIG_FILE, address: name("config/app.yaml"), name: "app.yaml", engine: "files", secretPaths: [], location: { file: name("config/app.yaml"), line: 1 } });
    expect(app.props.lines).toEqual(["database:", "  host: db", ""]);
    expect(app.propertyLocations?.["lines.1"]).toEqual({ file: name("config/app.yaml"), line: 2, column: 1 });
  });

  test("cloud-config is left to its own rules; of compose files and Kubernetes manifests, what their secret rules do not read", () => {
    writeFiles(dir, {
      "compose.yaml": "services:\n  web:\n    image: nginx:1.27\n    environment:\n      - A=1\n      - B=2\n",
      "k8s/web.yaml": "apiVersion: v1\nkind: Secret\nmetadata:\n  name: web\ndata:\n  token: dG9rZW4tdmFsdWU=\n",
      "boot.yaml": "#cloud-config\npackages: [nginx]\n",
      "ci.yaml": "jobs:\n  test: {}\n",
    });
    const linesOf = Object.fromEntries(read().configFiles.map((resource) => [resource.props.path, resource.props.lines]));
    expect(linesOf).toEqual({
      "ci.yaml": ["jobs:", "  test: {}", ""],
      // Only the characters another rule reads, the entries, are blanked: what else a line holds is still scanned.
      "compose.yaml": ["services:", "  web:", "    image: nginx:1.27", "    environment:", `      -${" ".repeat(4)}`, `      -${" ".repeat(4)}`, ""],
      "k8s/web.yaml": ["apiVersion: v1", "kind: Secret", "metadata:", "  name: web", "data:", "token: token-value", ""],
    });
  });

  test("a file over 1 MB is not read, and a notice says so, unless another format reads it", () => {
    const big = `[${"0,".repeat(MAX_CONFIG_FILE_BYTES / 2)}0]`;
    writeFiles(dir, { "big.json": big, "small.json": "[]", "compose.yaml": `x-padding: ${big}\n` });
    const read: string[] = [];
    const files = ["big.json", "small.json", "compose.yaml"].map((relative) => ({ path: join(dir, relative), relative }));
    const reading = readRepository(dir, displayPath(dir), files, (path) => {
      read.push(path);
      return "[]";
    });
    expect(reading.resources.filter((resource) => resource.kind === CONFIG_FILE).map((resource) => resource.props.path)).toEqual(["small.json"]);
    expect(reading.diagnostics).toEqual([{ severity: "notice", code: "input", message: "larger than 1 MB: not scanned as a configuration file", file: name("big.json") }]);
    expect(read).toEqual([join(dir, "compose.yaml"), join(dir, "small.json")]);
  });

  test("a prodready:ignore comment covers the line below it; in a requirements file, the requirement", () => {
    writeFiles(dir, {
      "config/app.yaml": "database:\n  # prodready:ignore PR-CFG-020 a local test fixture\n  password: local-only-123\n",
      "requirements.txt": "flask==3.0.3\n# prodready:ignore PR-CFG-021 pinned by the constraints file\nrequests\n",
    });
    const files = ["config/app.yaml", "requirements.txt"].map((relative) => ({ path: join(dir, relative), relative }));
    const { suppressions } = readRepository(dir, "repo", files, (path) => readFileSync(path, "utf8"));
    expect(suppressions.map(({ rule, address, path, location }) => ({ rule, address, path, line: location.line }))).toEqual([
      { rule: "PR-CFG-020", address: name("config/app.yaml"), path: "lines.2", line: 2 },
      { rule: "PR-CFG-021", address: "repo", path: "manifests.0.requirements.1", line: 2 },
    ]);
  });
});

describe("scale", () => {
  test("10,000 files: each needed file read once, the others never, every file judged", () => {
    const files = [];
    const texts = new Map<string, string>([
      ["/nowhere/repo/.gitignore", "*.log\nbuild/\n"],
      ["/nowhere/repo/d7/.gitignore", "!keep.log\n"],
    ]);
    for (let d = 0; d < 100; d++) {
      for (let f = 0; f < 99; f++) files.push(`d${d}/src/file-${f}.${f % 7 === 0 ? "log" : "ts"}`);
      files.push(`d${d}/package.json`);
      texts.set(`/nowhere/repo/d${d}/package.json`, JSON.stringify({ dependencies: { a: "^1.0.0" } }));
    }
    files.push(".gitignore", "d7/.gitignore", "d7/keep.log", "build/out.js");
    const reads = new Map<string, number>();
    const reading = readRepository("/nowhere/repo", "repo", files.map((relative) => ({ path: `/nowhere/repo/${relative}`, relative })), (path) => {
      reads.set(path, (reads.get(path) ?? 0) + 1);
      return texts.get(path) ?? "";
    });
    const props = reading.resources[0].props as unknown as RepositoryProps;
    expect(files.length).toBeGreaterThanOrEqual(10_000);
    // The two .gitignore files and the manifests are read, once each; no other file is.
    expect([...reads.keys()].sort()).toEqual([...texts.keys()].sort());
    expect([...reads.values()].every((count) => count === 1)).toBe(true);
    expect(props.files.length + props.ignored_files.length).toBe(files.length);
    expect(props.ignored_files).toHaveLength(100 * 15 + 1);
    expect(props.manifests).toHaveLength(100);
    expect(reading.resources.filter((resource: Resource) => resource.kind === CONFIG_FILE)).toHaveLength(100);
  });
});

test("CDKTF's synthesized output is not configuration to scan: cdktf.out/manifest.json gives no config_file", () => {
  const files = {
    "cdktf.out/manifest.json": JSON.stringify({ version: "0.21.0", stacks: { app: { token: "abcdefghijkl" } } }),
    "settings.json": JSON.stringify({ name: "app" }),
  };
  withFiles(files, (dir) => {
    mkdirSync(join(dir, "cdktf.out", "stacks", "app"), { recursive: true });
    const { resources } = readFileResources(dir);
    expect(resources.filter((resource) => resource.kind === CONFIG_FILE).map((resource) => resource.address)).toEqual([displayPath(join(dir, "settings.json"))]);
  });
});
