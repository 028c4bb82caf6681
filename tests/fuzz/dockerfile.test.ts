/**
 * The Dockerfile reader under fuzzing: arbitrary text, and lines built from the syntax's own pieces (keywords, flags,
 * continuations, heredocs, quotes, substitutions, directives, suppressions) never make it throw; every diagnostic
 * and every location names its file and line; the Dockerfile rules never fail on what it reads, and no violation
 * rests on an unknown. The same text inline in a Pulumi image build never throws either.
 */
import fc from "fast-check";
import { dockerfileFormat } from "../../src/adapters/files/dockerfile";
import { fromPulumi } from "../../src/adapters/pulumi";
import { evaluate, judge } from "../../src/engine/evaluate";
import { resolveSettings } from "../../src/engine/settings";
import { dockerRules } from "../../src/rules/docker";
import { describeFindings, fuzzParameters, fuzzTimeout, ruleErrors, violationsOnUnknowns } from "../support/fuzz";

const RUNS = 150;
const TIMEOUT = fuzzTimeout(RUNS, 20);
const FILE = "svc/Dockerfile";
const SETTINGS = resolveSettings(dockerRules, "platform");

const KEYWORDS = ["FROM", "from", "RUN", "COPY", "ADD", "ARG", "ENV", "USER", "EXPOSE", "HEALTHCHECK", "CMD", "ENTRYPOINT", "LABEL", "WORKDIR", "ONBUILD", "SHELL", "BOGUS", ""];
const PIECES = [
  " ", "  ", "\t", "\\", "`", "#", "# escape=`", "# escape=\\", "# syntax=docker/dockerfile:1", "# prodready:ignore PR-SEC-019 reason",
  "# prodready:ignore", "--from=build", "--mount=type=bind,source=package-lock.json", "--platform=$BUILDPLATFORM", "--chown=app:app", "--",
  "<<EOF", "<<-EOF", "<<'EOF'", "<<<", "EOF", "AS", "as", "build", "scratch", "node:20", "alpine:3.20.1", "${VAR}", "${VAR:-1.2.3}", "${VAR:+x}",
  "${", "}", "$", "$VAR", "${VAR#x}", "VAR=1", "DB_PASSWORD=hunter2-hunter2", "A=\"b c\"", "'", "\"", "[", "]", "[\"a\", \"b\"]", "npm ci",
  "npm install", "yarn", "pip install flask", "root", "0:0", "NONE", "CMD", ".env", "id_rsa", "AKIAIOSFODNN7EXAMPLE", "\r", "\uFEFF",
];

const lineArb = fc.oneof(
  { weight: 5, arbitrary: fc.tuple(fc.constantFrom(...KEYWORDS), fc.array(fc.constantFrom(...PIECES), { maxLength: 6 })).map(([keyword, pieces]) => [keyword, ...pieces].join(" ")) },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...PIECES), { maxLength: 6 }).map((pieces) => pieces.join("")) },
  { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
);
const dockerfileArb = fc.oneof(
  { weight: 4, arbitrary: fc.array(lineArb, { maxLength: 25 }).map((lines) => lines.join("\n")) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 300 }) },
);

test(
  "reading never throws; diagnostics and locations carry file and line; rules never fail and never violate on an unknown",
  () => {
    fc.assert(
      fc.property(dockerfileArb, (text) => {
        const reading = dockerfileFormat.read({ path: `/repo/${FILE}`, name: FILE, text });
        expect(reading.resources).toHaveLength(1);
        for (const diagnostic of reading.diagnostics) {
          expect(diagnostic.file).toBe(FILE);
          expect(diagnostic.line).toBeGreaterThanOrEqual(1);
          expect(diagnostic.column).toBeGreaterThanOrEqual(1);
        }
        const [resource] = reading.resources;
        expect(resource.location).toMatchObject({ file: FILE, line: 1 });
        for (const location of Object.values(resource.propertyLocations ?? {})) {
          expect(location.file).toBe(FILE);
          expect(location.line).toBeGreaterThanOrEqual(1);
        }
        for (const suppression of reading.suppressions) expect(suppression.location).toMatchObject({ file: FILE, line: expect.any(Number) });
        const results = judge([resource], dockerRules, SETTINGS);
        expect(describeFindings(ruleErrors(results.map(({ finding }) => finding)))).toEqual([]);
        expect(violationsOnUnknowns(results, [resource])).toEqual([]);
      }),
      fuzzParameters(RUNS),
    );
  },
  TIMEOUT,
);

test(
  "an image build with the same text inline never throws, and its rules never fail",
  () => {
    fc.assert(
      fc.property(dockerfileArb, fc.option(fc.string({ maxLength: 12 })), (inline, target) => {
        const resource = fromPulumi({ type: "docker-build:index:Image", name: "app", props: { dockerfile: { inline }, ...(target === null ? {} : { target }) } });
        expect(resource.kind).toBe("dockerfile");
        expect(describeFindings(ruleErrors(evaluate([resource], dockerRules, SETTINGS)))).toEqual([]);
      }),
      fuzzParameters(RUNS / 3),
    );
  },
  TIMEOUT,
);
