/**
 * The compose reader under fuzzing: arbitrary text, and compose-shaped documents assembled from lines where compose
 * and YAML have sharp edges (anchors, merge keys, interpolation, `!reset`, both forms of environment), alone and as a
 * base with its override. The reader never throws; every diagnostic, resource and property location names its file
 * and line; the rules never fail on what it reads; a secret written into an environment value appears in no output.
 */
import fc from "fast-check";
import { interpolate, readCompose } from "../../src/adapters/files/compose";
import type { FileReading } from "../../src/adapters/files/format";
import { evaluate } from "../../src/engine/evaluate";
import { COMPOSE_SERVICE } from "../../src/model/kinds";
import { isUnknown } from "../../src/model/resource";
import { composeRules } from "../../src/rules/compose";
import { fuzzParameters, fuzzTimeout, leaks, renderAll, reportOf, secretArb, settingsFor } from "../support/fuzz";
import { misplacements } from "../support/placements";

const BASE = "deploy/compose.yaml";
const OVERRIDE = "deploy/compose.override.yaml";
const TEXT_RUNS = 200;
const DOCUMENT_RUNS = 150;
const SECRET_RUNS = 30;

function read(text: string, override?: string): FileReading {
  return readCompose(
    { path: `/repo/${BASE}`, name: BASE, text },
    override === undefined ? undefined : { path: `/repo/${OVERRIDE}`, name: OVERRIDE, text: override },
  );
}

/** What must hold of any reading, as a list of what does not. */
function misplaced(reading: FileReading): string[] {
  return misplacements(reading, {
    files: [BASE, OVERRIDE],
    foreign: (resource) => (resource.kind !== COMPOSE_SERVICE || resource.engine !== "files" || resource.address !== `${BASE}#${resource.name}` ? "not a service of the file" : undefined),
  });
}

/** Lines where compose and YAML have sharp edges; indented at random, they make documents that are sometimes compose. */
const SHARP_LINES = [
  "services:",
  "services: 7",
  "web:",
  "db:",
  "web: nginx",
  "image: nginx:1.27.2",
  "image: ${IMAGE:-redis}",
  "image: app:${TAG}",
  "build: .",
  "build: { context: ., target: prod }",
  "environment:",
  "environment: { A: { B: c } }",
  "environment: [1, { x: y }, null]",
  "- DB_PASSWORD=hunter2hunter2",
  "- FROM_SHELL",
  "- =no-name",
  "DB_PASSWORD: ${DB_PASSWORD}",
  "API_KEY: $$literal-dollar",
  "TOKEN: ${T:-${U:-${V}}}",
  "BROKEN: ${",
  "BAD: cost $5",
  "healthcheck:",
  "healthcheck: !reset null",
  "test: [CMD, 'true']",
  "test: [NONE]",
  "test: ${CHECK}",
  "disable: true",
  "deploy:",
  "deploy: !override {}",
  "resources:",
  "limits: { memory: 512m, cpus: '0.5' }",
  "restart_policy: { condition: none }",
  "restart: unless-stopped",
  "restart: no",
  "mem_limit: 0",
  "cpus: ${CPUS}",
  "logging:",
  "logging: *a",
  "driver: json-file",
  "driver: 7",
  "options: { max-size: 10m }",
  "x-defaults: &defaults",
  "<<: *defaults",
  "<<: [*a, *missing]",
  "<<: 5",
  "anchor: &a { restart: always }",
  "command: *a",
  "env_file: [.env]",
  "networks: [a, b]",
  "depends_on: { db: { condition: service_healthy } }",
  "__proto__: { polluted: true }",
  "key: [",
  'quote: "open',
  "\tindented: by a tab",
  "---",
  "- ",
  "? complex key",
  "# prodready:ignore PR-OPS-012 a reason",
  "# prodready:ignore",
  "a: b: c",
];

const lineArb = fc.tuple(fc.nat({ max: 10 }), fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...SHARP_LINES) }, { weight: 1, arbitrary: fc.string({ maxLength: 20 }) }));
const linesOf = (lines: readonly [number, string][], indent: number) => lines.map(([extra, line]) => " ".repeat(indent + extra) + line);

/** A service: its name, then lines mostly at its settings' indentation, some nested a level, some off. */
const serviceArb = fc
  .tuple(fc.constantFrom("web", "db", "worker"), fc.array(fc.tuple(fc.constantFrom(0, 0, 0, 2, 2, 4, 1), lineArb.map(([, line]) => line)), { maxLength: 7 }))
  .map(([name, lines]) => [`  ${name}:`, ...linesOf(lines, 4)].join("\n"));
/** Top-level lines (an anchor to merge, sometimes noise), then services. */
const documentArb = fc
  .tuple(
    fc.constantFrom("", "x-defaults: &defaults\n  restart: always\n  logging: { driver: json-file }\n", "anchor: &a { restart: always }\n"),
    fc.oneof({ weight: 3, arbitrary: fc.constant([]) }, { weight: 1, arbitrary: fc.array(lineArb, { maxLength: 2 }) }),
    fc.array(serviceArb, { minLength: 1, maxLength: 3 }),
  )
  .map(([prelude, noise, services]) => [prelude + linesOf(noise, 0).join("\n"), "services:", ...services].join("\n"));

const settings = settingsFor(undefined, undefined);

describe("the compose reader", () => {
  test("never throws on arbitrary text, and places everything it reports", () => {
    const textArb = fc.oneof(
      fc.string({ unit: "binary", maxLength: 300 }),
      fc.string({ maxLength: 300 }).map((tail) => `services:\n  web:\n${tail}`),
    );
    fc.assert(
      fc.property(textArb, (text) => {
        expect(misplaced(read(text))).toEqual([]);
      }),
      fuzzParameters(TEXT_RUNS),
    );
  });

  test(
    "compose-shaped documents, alone and as base and override: still placed, and no rule fails on what is read",
    () => {
      fc.assert(
        fc.property(documentArb, fc.option(documentArb, { nil: undefined }), (base, override) => {
          const reading = read(base, override);
          expect(misplaced(reading)).toEqual([]);
          expect(evaluate(reading.resources, composeRules, settings).filter((finding) => finding.outcome === "error")).toEqual([]);
        }),
        fuzzParameters(DOCUMENT_RUNS),
      );
    },
    fuzzTimeout(DOCUMENT_RUNS, 20),
  );

  test(
    "a secret in an environment value, of a document whole or broken, appears in no output format",
    () => {
      const entryArb = fc.constantFrom(
        (name: string, secret: string) => `${name}: "${secret}"`,
        (name: string, secret: string) => `- ${name}=${secret}`,
        (name: string, secret: string) => `${name}: \${${name}:-${secret}}`,
      );
      const caseArb = fc.tuple(secretArb, fc.constantFrom("DB_PASSWORD", "API_TOKEN", "SETTINGS"), entryArb, fc.array(lineArb, { maxLength: 6 }), fc.boolean());
      fc.assert(
        fc.property(caseArb, ([secret, name, entry, noise, inOverride]) => {
          const noiseLines = linesOf(noise, 0).join("\n");
          const service = `services:\n  web:\n    image: app:1.2.3\n    environment:\n      ${entry(name, secret.text)}\n${noiseLines}`;
          const reading = inOverride ? read("services:\n  web:\n    image: app:1.2.3\n", service) : read(service);
          const findings = evaluate(reading.resources, composeRules, settings);
          expect(leaks(renderAll(reportOf(findings, reading.diagnostics, "files")), [secret])).toEqual([]);
        }),
        fuzzParameters(SECRET_RUNS),
      );
    },
    fuzzTimeout(SECRET_RUNS, 50),
  );
});

describe("interpolation", () => {
  test("any text with dollars and braces gives a string, unknown, or invalid, and text without a dollar is itself", () => {
    const textArb = fc.string({ unit: fc.constantFrom("$", "{", "}", ":", "-", "?", "+", "A", "_", "1", " "), maxLength: 60 });
    fc.assert(
      fc.property(fc.oneof(textArb, fc.string({ maxLength: 60 })), (text) => {
        const result = interpolate(text);
        expect(result === undefined || typeof result === "string" || isUnknown(result)).toBe(true);
        if (!text.includes("$")) expect(result).toBe(text);
      }),
      fuzzParameters(TEXT_RUNS),
    );
  });
});
