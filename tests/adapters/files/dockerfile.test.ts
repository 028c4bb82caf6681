/** The Dockerfile reader: every instruction form, positions, malformed input and inline suppressions. */
import { relative, resolve } from "path";
import { dockerfileFormat, parseDockerfile, type DockerfileProps, type DockerInstruction } from "../../../src/adapters/files/dockerfile";
import { UNKNOWN, valueAt } from "../../../src/model/resource";
import { readFileResources } from "../../support/examples";
import { createScratch, removeScratch, writeFiles } from "../../support/scratch";

function parse(text: string, buildArgs?: ReadonlyMap<string, string | typeof UNKNOWN>) {
  return parseDockerfile(text, { file: "Dockerfile", ...(buildArgs === undefined ? {} : { buildArgs }) });
}

function props(text: string): DockerfileProps {
  const parsed = parse(text);
  expect(parsed.diagnostics).toEqual([]);
  return parsed.props;
}

function read(text: string, name = "app/Dockerfile") {
  return dockerfileFormat.read({ path: `/repo/${name}`, name, text });
}

/** The instructions of one stage, without the fields a test does not look at. */
function instructionsOf(text: string, stage = 0): DockerInstruction[] {
  return props(text).stages[stage].instructions;
}

describe("instructions and their forms", () => {
  test("keywords in any case, shell form text as written, exec form as its words", () => {
    const [run, cmd, entrypoint] = instructionsOf('from alpine:3.20.1\nrun echo "a  b" > /tmp/x\nCmd ["node", "server.js"]\nENTRYPOINT ["broken json\n');
    expect(run).toEqual({ instruction: "RUN", arguments: 'echo "a  b" > /tmp/x', flags: {}, line: 2 });
    expect(cmd).toMatchObject({ instruction: "CMD", exec: ["node", "server.js"], line: 3 });
    // Not JSON: the shell form, as Docker falls back to it.
    expect(entrypoint.exec).toBeUndefined();
    expect(entrypoint.arguments).toBe('["broken json');
  });

  test("continuation lines join; comment and blank lines inside them are dropped; the line is the keyword's", () => {
    const [run, user] = instructionsOf(["FROM alpine:3.20.1", "RUN apk add --no-cache \\", "    # the client", "    curl \\", "", "    jq", "USER 10001", ""].join("\n"));
    expect(run.arguments).toBe("apk add --no-cache     curl     jq");
    expect(run.line).toBe(2);
    expect(user.line).toBe(7);
  });

  test("the escape directive switches continuations to the backtick, and backslashes become plain text", () => {
    const parsed = props(["# escape=`", "FROM mcr.microsoft.com/windows/servercore:ltsc2022", "COPY testfile.txt c:\\ ", "RUN dir c:\\ `", "    /s", ""].join("\n"));
    const [copy, run] = parsed.stages[0].instructions;
    expect(copy.sources).toEqual(["testfile.txt"]);
    expect(copy.destination).toBe("c:\\");
    expect(run.arguments).toBe("dir c:\\     /s");
  });

  test("parser directives only count at the top: after a comment a directive-like line is a comment", () => {
    const parsed = props(["# a comment", "# escape=`", "FROM alpine:3.20.1", "RUN echo one \\", "  two", ""].join("\n"));
    expect(parsed.stages[0].instructions[0].arguments).toBe("echo one   two");
  });

  test("flags: --from, --chown, --link, and --mount given twice", () => {
    const [copy, run] = instructionsOf(
      "FROM alpine:3.20.1\nCOPY --from=build --chown=app:app --link /out/app /usr/local/bin/app\nRUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=token make\n",
    );
    expect(copy.flags).toEqual({ from: ["build"], chown: ["app:app"], link: [""] });
    expect(copy.sources).toEqual(["/out/app"]);
    expect(copy.destination).toBe("/usr/local/bin/app");
    expect(run.flags).toEqual({ mount: ["type=cache,target=/root/.cache", "type=secret,id=token"] });
    expect(run.arguments).toBe("make");
  });

  test("COPY in exec form, with a space in a name", () => {
    const [copy] = instructionsOf('FROM alpine:3.20.1\nCOPY ["my file.txt", "other.txt", "/data/"]\n');
    expect(copy.sources).toEqual(["my file.txt", "other.txt"]);
    expect(copy.destination).toBe("/data/");
  });

  test("ENV, ARG and LABEL pairs: quotes and escapes removed, variables kept as written, the legacy form", () => {
    const [arg, env, legacy, label] = instructionsOf(
      ['FROM alpine:3.20.1', 'ARG VERSION=1.2.3 FLAVOR', 'ENV A=1 B="two words" C=${A} D=one\\ two', "ENV LEGACY value with spaces", 'LABEL org.opencontainers.image.title="My app"', ""].join("\n"),
    );
    expect(arg.pairs).toEqual([{ key: "VERSION", value: "1.2.3" }, { key: "FLAVOR" }]);
    expect(env.pairs).toEqual([
      { key: "A", value: "1" },
      { key: "B", value: "two words" },
      { key: "C", value: "${A}" },
      { key: "D", value: "one two" },
    ]);
    expect(legacy.pairs).toEqual([{ key: "LEGACY", value: "value with spaces" }]);
    expect(label.pairs).toEqual([{ key: "org.opencontainers.image.title", value: "My app" }]);
  });

  test("heredocs: bodies, several per instruction, <<- strips tabs, quoted delimiters; reading goes on after them", () => {
    const text = [
      "FROM alpine:3.20.1",
      "RUN <<EOF",
      "set -e",
      "# a shell comment, not a Dockerfile one",
      "apk add curl",
      "EOF",
      "COPY <<CONF1 <<-'CONF2' /etc/app/",
      "one=1",
      "CONF1",
      "\t\ttwo=2",
      "\tCONF2",
      "USER 10001",
      "",
    ].join("\n");
    const parsed = parse(text);
    expect(parsed.diagnostics).toEqual([]);
    const [run, copy, user] = parsed.props.stages[0].instructions;
    expect(run.heredocs).toEqual([{ name: "EOF", body: "set -e\n# a shell comment, not a Dockerfile one\napk add curl\n" }]);
    expect(copy.heredocs).toEqual([
      { name: "CONF1", body: "one=1\n" },
      { name: "CONF2", body: "two=2\n" },
    ]);
    expect(copy.destination).toBe("/etc/app/");
    expect(user).toMatchObject({ instruction: "USER", user: "10001", line: 12 });
    expect([...parsed.heredocLines]).toEqual([3, 4, 5, 6, 8, 9, 10, 11]);
  });

  test("<<< is a here-string and exec form has no heredocs", () => {
    const [run, exec] = instructionsOf('FROM alpine:3.20.1\nRUN cat <<<"text"\nRUN ["sh", "-c", "cat <<EOF"]\n');
    expect(run.heredocs).toBeUndefined();
    expect(exec.heredocs).toBeUndefined();
  });
});

describe("stages and build arguments", () => {
  test("stages with names (AS in any case), platforms and their own instructions", () => {
    const parsed = props("FROM --platform=linux/amd64 golang:1.22.5 AS build\nRUN go build ./...\nfrom scratch as final\nCOPY --from=build /out /out\n");
    expect(parsed.stages.map(({ base, name, platform, line }) => ({ base, name, platform, line }))).toEqual([
      { base: "golang:1.22.5", name: "build", platform: "linux/amd64", line: 1 },
      { base: "scratch", name: "final", platform: undefined, line: 3 },
    ]);
    expect(parsed.stages[1].instructions.map((instruction) => instruction.instruction)).toEqual(["COPY"]);
  });

  test("global ARGs substitute into FROM: ${VAR}, $VAR, defaults and alternatives", () => {
    const parsed = props(
      [
        "ARG NODE=20.11.1",
        "ARG DISTRO",
        "ARG EMPTY=",
        "FROM node:${NODE}-alpine",
        "FROM node:$NODE",
        "FROM python:${PYTHON:-3.12.4}-slim",
        "FROM debian:${EMPTY:-12.6}",
        "FROM debian:12.6${NODE:+-slim}",
        "FROM ubuntu:${DISTRO}",
        "FROM ubuntu:${UNDECLARED}",
        "FROM --platform=$BUILDPLATFORM alpine:3.20.1",
        "",
      ].join("\n"),
    );
    expect(parsed.global_args.map((arg) => arg.pairs)).toEqual([[{ key: "NODE", value: "20.11.1" }], [{ key: "DISTRO" }], [{ key: "EMPTY", value: "" }]]);
    expect(parsed.stages.map((stage) => stage.base)).toEqual([
      "node:20.11.1-alpine",
      "node:20.11.1",
      "python:3.12.4-slim",
      "debian:12.6",
      "debian:12.6-slim",
      // Without a value, not a guess: the build may give one.
      UNKNOWN,
      UNKNOWN,
      "alpine:3.20.1",
    ]);
    expect(parsed.stages[7].platform).toBe(UNKNOWN);
  });

  test("an ARG declared in a stage does not reach a later FROM", () => {
    const parsed = props("FROM alpine:3.20.1\nARG TAG=3.20.1\nFROM alpine:${TAG}\n");
    expect(parsed.stages[1].base).toBe(UNKNOWN);
  });

  test("build arguments the build passes override defaults; those it does not pass are unset", () => {
    const text = "ARG PYTHON=3.12\nARG DISTRO\nFROM python:${PYTHON}-slim\nFROM debian:${DISTRO:-12.6}\nFROM debian:${DISTRO}\n";
    const parsed = parse(text, new Map([["PYTHON", "3.12.4"]]));
    // Declared and not given: empty, as Docker builds it.
    expect(parsed.props.stages.map((stage) => stage.base)).toEqual(["python:3.12.4-slim", "debian:12.6", "debian:"]);
    const unknownArg = parse(text, new Map([["PYTHON", UNKNOWN]]));
    expect(unknownArg.props.stages[0].base).toBe(UNKNOWN);
  });

  test("USER substitutes the stage's ARGs (falling back to the global default) and ENV, inherited from the stage it builds on", () => {
    const parsed = props(
      [
        "ARG UID=10001",
        "FROM alpine:3.20.1 AS base",
        "ENV APP_USER=app",
        "USER ${APP_USER}",
        "FROM base",
        "ARG UID",
        "USER ${UID}:${GID:-10001}",
        "USER $APP_USER",
        "USER ${NOT_SET}",
        "",
      ].join("\n"),
    );
    expect(parsed.stages[0].instructions[1].user).toBe("app");
    expect(parsed.stages[1].instructions.slice(1).map((instruction) => instruction.user)).toEqual(["10001:10001", "app", UNKNOWN]);
  });

  test("a stage ARG without a default and no global one is unknown: the build may pass it", () => {
    const [, user] = instructionsOf("FROM alpine:3.20.1\nARG UID\nUSER ${UID}\n");
    expect(user.user).toBe(UNKNOWN);
  });
});

describe("positions", () => {
  test("each stage, base and instruction has its file, line and column; the resource is the whole file", () => {
    const { resources } = read("# syntax=docker/dockerfile:1\nARG BASE=alpine:3.20.1\n\nFROM   ${BASE} AS app\n  RUN echo hi\n");
    const [resource] = resources;
    expect(resource).toMatchObject({ kind: "dockerfile", address: "app/Dockerfile", name: "Dockerfile", engine: "files", secretPaths: [], location: { file: "app/Dockerfile", line: 1, column: 1 } });
    expect(resource.propertyLocations).toEqual({
      "global_args.0": { file: "app/Dockerfile", line: 2, column: 1 },
      "stages.0": { file: "app/Dockerfile", line: 4, column: 1 },
      "stages.0.base": { file: "app/Dockerfile", line: 4, column: 8 },
      "stages.0.instructions.0": { file: "app/Dockerfile", line: 5, column: 3 },
    });
    expect(valueAt(resource.props, "stages.0.instructions.0.instruction")).toBe("RUN");
  });

  test("a base image on a continuation line is placed there", () => {
    const parsed = parse("FROM \\\n  --platform=linux/arm64 \\\n  alpine:3.20.1\n");
    expect(parsed.propertyLocations["stages.0.base"]).toEqual({ file: "Dockerfile", line: 3, column: 3 });
  });

  test("CRLF line ends and a byte order mark read like plain lines", () => {
    const parsed = parse("\uFEFFFROM alpine:3.20.1\r\nRUN echo hi \\\r\n  there\r\nUSER app\r\n");
    expect(parsed.diagnostics).toEqual([]);
    expect(parsed.props.stages[0].instructions.map((instruction) => [instruction.arguments, instruction.line])).toEqual([
      ["echo hi   there", 2],
      ["app", 4],
    ]);
  });
});

describe("malformed input: a diagnostic where it is, and the rest still read", () => {
  const diagnosticsOf = (text: string) => parse(text).diagnostics.map(({ severity, code, message, file, line, column }) => ({ severity, code, message, file, line, column }));

  test("an unknown instruction", () => {
    const parsed = parse("FROM alpine:3.20.1\n  RUNN echo hi\nUSER app\n");
    expect(parsed.diagnostics).toEqual([
      { severity: "error", code: "input", message: expect.stringMatching(/not a Dockerfile instruction/), file: "Dockerfile", line: 2, column: 3 },
    ]);
    expect(parsed.props.stages[0].instructions.map((instruction) => instruction.instruction)).toEqual(["USER"]);
  });

  test("a FROM without an image still opens a stage for what follows", () => {
    const parsed = parse("FROM\nUSER app\nFROM alpine:3.20.1 extra words\n");
    expect(diagnosticsOf("FROM\nUSER app\nFROM alpine:3.20.1 extra words\n")).toEqual([
      { severity: "error", code: "input", message: "FROM names no image", file: "Dockerfile", line: 1, column: 1 },
      { severity: "error", code: "input", message: expect.stringMatching(/optionally followed by AS/), file: "Dockerfile", line: 3, column: 1 },
    ]);
    expect(parsed.props.stages[0]).toEqual({ line: 1, instructions: [expect.objectContaining({ instruction: "USER", user: "app" })] });
    expect(parsed.props.stages[1].base).toBe("alpine:3.20.1");
  });

  test("an unterminated heredoc, placed at its marker; what came before stays", () => {
    const parsed = parse("FROM alpine:3.20.1\nUSER app\nRUN cat <<EOF > /x\nline\nEOF not the end\n");
    expect(parsed.diagnostics).toEqual([{ severity: "error", code: "input", message: expect.stringMatching(/heredoc is not terminated/), file: "Dockerfile", line: 3, column: 9 }]);
    expect(parsed.props.stages[0].instructions.map((instruction) => instruction.instruction)).toEqual(["USER", "RUN"]);
  });

  test("instructions before the first FROM other than ARG", () => {
    const parsed = parse("ARG VERSION=1\nRUN echo early\nFROM alpine:3.20.1\nRUN echo late\n");
    expect(parsed.diagnostics).toEqual([{ severity: "error", code: "input", message: expect.stringMatching(/only ARG may come before the first FROM; this RUN/), file: "Dockerfile", line: 2, column: 1 }]);
    expect(parsed.props.global_args).toHaveLength(1);
    expect(parsed.props.stages[0].instructions.map((instruction) => instruction.arguments)).toEqual(["echo late"]);
  });

  test("a file without FROM, an empty instruction, a half COPY, a bare ENV, a bad HEALTHCHECK, a bad escape", () => {
    expect(diagnosticsOf("# only a comment\n")).toEqual([{ severity: "error", code: "input", message: expect.stringMatching(/no FROM/), file: "Dockerfile", line: 1, column: 1 }]);
    expect(diagnosticsOf("# escape=x\nFROM alpine:3.20.1\nRUN\nCOPY onlyone\nENV NAME\nHEALTHCHECK CMD\n").map(({ message, line, column }) => [message, line, column])).toEqual([
      ["the escape directive takes \\ or ` (backtick)", 1, 10],
      ["RUN has no arguments", 3, 1],
      ["COPY needs at least one source and a destination", 4, 1],
      ["ENV needs a name and a value", 5, 1],
      ["HEALTHCHECK takes NONE, or CMD followed by a command", 6, 1],
    ]);
  });

  test("no diagnostic quotes the text it is about", () => {
    const secret = "AKIAIOSFODNN7EXAMPLE";
    const parsed = parse(`${secret} oops\nFROM\nRUN cat <<${secret}\n`);
    expect(parsed.diagnostics.length).toBeGreaterThan(0);
    for (const diagnostic of parsed.diagnostics) expect(diagnostic.message).not.toContain(secret);
  });
});

describe("inline suppressions", () => {
  const text = [
    "# prodready:ignore PR-CFG-009 the whole file is a local development image",
    "FROM node:20-alpine",
    "# prodready:ignore PR-SEC-019 exp:2030-01-01 the entrypoint drops privileges itself",
    "USER root",
    "RUN <<EOF",
    "# prodready:ignore PR-CFG-010 inside a heredoc: shell text, not a directive",
    "EOF",
    "CMD node server.js",
    "# prodready:ignore PR-OPS-011 stands before nothing",
    "",
  ].join("\n");

  test("a comment at the top covers the file; one above an instruction covers it; heredoc text is not a comment", () => {
    const reading = read(text);
    expect(reading.suppressions.map(({ rule, reason, expires, address, path, location }) => ({ rule, reason, expires, address, path, line: location.line }))).toEqual([
      { rule: "PR-CFG-009", reason: "the whole file is a local development image", expires: undefined, address: "app/Dockerfile", path: undefined, line: 1 },
      { rule: "PR-SEC-019", reason: "the entrypoint drops privileges itself", expires: "2030-01-01", address: "app/Dockerfile", path: "stages.0.instructions.0", line: 3 },
    ]);
    expect(reading.diagnostics).toEqual([
      { severity: "warning", code: "invalid-suppression", message: "this suppression is not on or directly above an instruction", file: "app/Dockerfile", line: 9, column: 1 },
    ]);
  });
});

describe("through the files adapter", () => {
  let dir: string;
  beforeEach(() => {
    dir = createScratch();
  });
  afterEach(() => removeScratch(dir));

  test("every file named like a Dockerfile (a lower-case `dockerfile` too, which docker builds when there is no `Dockerfile`) is one resource; its ignore file is not a Dockerfile", () => {
    writeFiles(dir, {
      Dockerfile: "FROM alpine:3.20.1\n",
      "Dockerfile.dockerignore": "node_modules\n.env\n",
      "api/Containerfile": "FROM alpine:3.20.1\n",
      "worker/worker.Dockerfile": "FROM alpine:3.20.1\n",
      "docker/Dockerfile.dev": "FROM alpine:3.20.1\n",
      "web/dockerfile": "FROM alpine:3.20.1\n",
    });
    const { resources, diagnostics } = readFileResources(dir);
    expect(diagnostics).toEqual([]);
    const dockerfiles = resources.filter((resource) => resource.kind === "dockerfile").map((resource) => relative(dir, resolve(resource.address)));
    expect(dockerfiles.sort()).toEqual(["Dockerfile", "api/Containerfile", "docker/Dockerfile.dev", "web/dockerfile", "worker/worker.Dockerfile"]);
  });

  test("one malformed Dockerfile does not stop another from being read", () => {
    writeFiles(dir, { "a/Dockerfile": "FROM\nBOGUS\n", "b/Dockerfile": "FROM alpine:3.20.1\nUSER app\n" });
    const { resources, diagnostics } = readFileResources(dir);
    expect(diagnostics.map((diagnostic) => [diagnostic.file?.endsWith("a/Dockerfile"), diagnostic.line])).toEqual([
      [true, 1],
      [true, 2],
    ]);
    const good = resources.find((resource) => resource.address.endsWith("b/Dockerfile"));
    expect(valueAt(good?.props, "stages.0.instructions.0.user")).toBe("app");
  });
});
