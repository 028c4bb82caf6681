/** Pulumi image builds as the Dockerfile they build: inline, on disk, unknown, missing. */
import { realpathSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join, relative } from "path";
import { fromPulumi } from "../../../src/adapters/pulumi";
import { evaluate } from "../../../src/engine/evaluate";
import { resolveSettings } from "../../../src/engine/settings";
import { UNKNOWN, valueAt, type Resource } from "../../../src/model/resource";
import { dockerRules } from "../../../src/rules/docker";
import { createScratch, removeScratch, writeFiles } from "../../support/scratch";

/** The sentinel the engine sends for a string unknown during preview. */
const UNKNOWN_STRING = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };

function build(props: Record<string, unknown>, type = "docker-build:index:Image"): Resource {
  return fromPulumi({ type, name: "app", props });
}

const outcomes = (resource: Resource) =>
  evaluate([resource], dockerRules, resolveSettings(dockerRules, "platform")).map((finding) => `${finding.ruleId} ${finding.outcome} ${finding.path}`);

let dir: string;
let cwd: string;
beforeEach(() => {
  dir = realpathSync(
    createScratch({
      "app/Dockerfile": "FROM node:20-alpine\nUSER node\n",
      "app/Dockerfile.prod": "FROM node:20.11.1-alpine3.19 AS release\nUSER root\nFROM release AS debug\n",
    }),
  );
  cwd = process.cwd();
  process.chdir(dir);
});
afterEach(() => {
  process.chdir(cwd);
  removeScratch(dir);
});

describe("docker-build:index:Image", () => {
  test("an inline Dockerfile: parsed, with the resource's URN, name and engine, and no file lines to point to", () => {
    const resource = build({ context: { location: "app" }, dockerfile: { inline: "FROM python:3.12.4-slim\nUSER 10001\n" } });
    expect(resource).toMatchObject({ kind: "dockerfile", address: "urn:pulumi:example::prodready::docker-build:index:Image::app", name: "app", engine: "pulumi", secretPaths: [] });
    expect(resource.location).toEqual({ urn: resource.address });
    expect(resource.propertyLocations).toBeUndefined();
    expect(valueAt(resource.props, "stages.0.base")).toBe("python:3.12.4-slim");
    expect(valueAt(resource.props, "stages.0.instructions.0.user")).toBe("10001");
  });

  test("the context's Dockerfile when no location is given, located in that file", () => {
    const resource = build({ context: { location: "./app" } });
    expect(resource.location).toEqual({ urn: resource.address, file: join("app", "Dockerfile") });
    expect(resource.propertyLocations?.["stages.0.base"]).toEqual({ file: join("app", "Dockerfile"), line: 1, column: 6 });
    expect(outcomes(resource)).toEqual(["PR-CFG-009 violation stages.0.base"]);
  });

  test("a lower-case dockerfile when the context has no Dockerfile, as BuildKit reads it", () => {
    writeFiles(dir, { "web/dockerfile": "FROM node:20-alpine\nUSER node\n" });
    for (const dockerfile of [{}, { dockerfile: { location: "web/Dockerfile" } }]) {
      const resource = build({ context: { location: "web" }, ...dockerfile });
      expect(resource.location.file).toBe(join("web", "dockerfile"));
      expect(outcomes(resource)).toEqual(["PR-CFG-009 violation stages.0.base"]);
    }
    // The Dockerfile wins where both are (a case-sensitive file system).
    expect(build({ context: { location: "app" } }).location.file).toBe(join("app", "Dockerfile"));
  });

  test("a location relative to the program's directory, and one relative to the context", () => {
    for (const location of ["app/Dockerfile.prod", "Dockerfile.prod"]) {
      const resource = build({ context: { location: "app" }, dockerfile: { location } });
      expect(resource.location.file).toBe(join("app", "Dockerfile.prod"));
      expect(valueAt(resource.props, "stages.1.name")).toBe("debug");
    }
  });

  test("relative paths start from the program's directory when it is given (the offline runner), not the working directory", () => {
    process.chdir(tmpdir());
    const resource = fromPulumi({ type: "docker-build:index:Image", name: "app", props: { context: { location: "./app" } }, programDir: dir });
    expect(valueAt(resource.props, "stages.0.base")).toBe("node:20-alpine");
    expect(resource.location.file).toBe(relative(tmpdir(), join(dir, "app", "Dockerfile")));
  });

  test("an absolute location", () => {
    const resource = build({ context: { location: "/elsewhere" }, dockerfile: { location: join(dir, "app", "Dockerfile.prod") } });
    expect(resource.location.file).toBe(relative(dir, join(dir, "app", "Dockerfile.prod")));
  });

  test("the target is the final stage the rules judge", () => {
    const release = build({ context: { location: "app" }, dockerfile: { location: "Dockerfile.prod" }, target: "release" });
    expect(valueAt(release.props, "target")).toBe("release");
    expect(outcomes(release)).toEqual(["PR-SEC-019 violation stages.0.instructions.0"]);
    const unknownTarget = build({ context: { location: "app" }, dockerfile: { location: "Dockerfile.prod" }, target: UNKNOWN_STRING });
    expect(outcomes(unknownTarget)).toEqual(["PR-OPS-011 undecided target", "PR-SEC-019 undecided target"]);
  });

  test("build arguments fill FROM by the names the Dockerfile declares; a secret one is not substituted", () => {
    const inline = "ARG NODE_VERSION=20\nFROM node:${NODE_VERSION}-alpine\nUSER node\n";
    expect(valueAt(build({ dockerfile: { inline }, buildArgs: { NODE_VERSION: "20.11.1" } }).props, "stages.0.base")).toBe("node:20.11.1-alpine");
    expect(valueAt(build({ dockerfile: { inline } }).props, "stages.0.base")).toBe("node:20-alpine");
    const secret = build({ dockerfile: { inline }, buildArgs: { NODE_VERSION: { ...SECRET_SIG, value: "20.11.1" } } });
    expect(valueAt(secret.props, "stages.0.base")).toBe(UNKNOWN);
    const unknown = build({ dockerfile: { inline }, buildArgs: { NODE_VERSION: UNKNOWN_STRING } });
    expect(valueAt(unknown.props, "stages.0.base")).toBe(UNKNOWN);
    // The arguments are known, and this one is not among them: unset, not unknown.
    const unset = build({ dockerfile: { inline: "ARG TAG\nFROM node:20.11.1${TAG:+-}${TAG}\nUSER node\n" }, buildArgs: {} });
    expect(valueAt(unset.props, "stages.0.base")).toBe("node:20.11.1");
  });

  test("a secret inline Dockerfile is secret in every part", () => {
    const resource = build({ dockerfile: { ...SECRET_SIG, value: { inline: "FROM alpine:3.20.1\nENV TOKEN=abc\n" } } });
    expect(resource.secretPaths).toEqual(["global_args", "stages"]);
  });
});

describe("docker:index/image:Image (docker v4)", () => {
  test("the context's Dockerfile by default, the working directory as the default context", () => {
    const resource = build({ imageName: "registry.example.com/app:1.0.0", build: { context: "app" } }, "docker:index/image:Image");
    expect(resource.location.file).toBe(join("app", "Dockerfile"));
    writeFileSync(join(dir, "Dockerfile"), "FROM alpine:3.20.1\n");
    const defaulted = build({ imageName: "registry.example.com/app:1.0.0" }, "docker:index/image:Image");
    expect(defaulted.location.file).toBe("Dockerfile");
  });

  test("build.dockerfile, build.args and build.target", () => {
    writeFileSync(join(dir, "app", "Dockerfile.args"), "ARG BASE\nFROM ${BASE} AS one\nUSER app\nFROM scratch AS two\n");
    const resource = build({ imageName: "x", build: { context: "app", dockerfile: "app/Dockerfile.args", args: { BASE: "alpine:3.20.1" }, target: "one" } }, "docker:index/image:Image");
    expect(valueAt(resource.props, "stages.0.base")).toBe("alpine:3.20.1");
    expect(valueAt(resource.props, "target")).toBe("one");
    expect(outcomes(resource)).toEqual([]);
  });
});

describe("a Dockerfile that cannot be known: every Dockerfile rule undecided, none violated, nothing thrown", () => {
  test.each([
    ["an unknown inline Dockerfile", { dockerfile: { inline: UNKNOWN_STRING } }],
    ["an unknown location", { context: { location: "app" }, dockerfile: { location: UNKNOWN_STRING } }],
    ["an unknown context", { context: { location: UNKNOWN_STRING } }],
    ["a missing file", { context: { location: "app" }, dockerfile: { location: "Dockerfile.missing" } }],
    ["a directory where the file should be", { context: { location: "." }, dockerfile: { location: "app" } }],
    ["a remote Dockerfile", { dockerfile: { location: "https://example.com/Dockerfile" } }],
    ["a remote context", { context: { location: "https://github.com/org/repo.git" } }],
    ["no Dockerfile and no context", {}],
    ["a Dockerfile input of the wrong type", { dockerfile: { location: 42 } }],
  ])("%s", (_description, props) => {
    const resource = build(props);
    expect(valueAt(resource.props, "stages")).toBe(UNKNOWN);
    expect(resource.secretPaths).toEqual([]);
    expect(outcomes(resource)).toEqual(["PR-CFG-009 undecided stages", "PR-CFG-010 undecided stages", "PR-CFG-011 undecided stages", "PR-OPS-011 undecided stages", "PR-SEC-019 undecided stages"]);
  });

  test("says why in the undecided message", () => {
    const [missing] = evaluate([build({ context: { location: "app" }, dockerfile: { location: "Dockerfile.missing" } })], dockerRules, resolveSettings(dockerRules, "platform"));
    expect(missing.message).toMatch(/^the Dockerfile could not be read: .*ENOENT/);
    const [unknown] = evaluate([build({ dockerfile: { inline: UNKNOWN_STRING } })], dockerRules, resolveSettings(dockerRules, "platform"));
    expect(unknown.message).toBe("the Dockerfile is not known to the check");
  });

  test("the props stay as the model had them for other image tokens", () => {
    const other = fromPulumi({ type: "docker:index/remoteImage:RemoteImage", name: "base", props: { name: "alpine:3.20.1" } });
    expect(other.props).toEqual({ name: "alpine:3.20.1" });
  });
});

test("a file read once is not read again: the pack judges the same image once per rule", () => {
  writeFileSync(join(dir, "app", "Dockerfile.cached"), "FROM alpine:3.20.1\nUSER app\n");
  const first = build({ context: { location: "app" }, dockerfile: { location: "app/Dockerfile.cached" } });
  writeFileSync(join(dir, "app", "Dockerfile.cached"), "FROM alpine:latest\n");
  const second = build({ context: { location: "app" }, dockerfile: { location: "app/Dockerfile.cached" } });
  expect(second.props).toEqual(first.props);
});
