/**
 * The Kubernetes manifest reader under fuzzing: arbitrary text, and the rules' own example manifests broken line by
 * line (lines dropped, repeated, re-indented, YAML's sharp edges inserted). The reader never throws; every
 * diagnostic, resource and property location names its file and line; the rules never fail on what it reads; a
 * secret written into an env value appears in no output format, even from a broken document.
 */
import fc from "fast-check";
import { mutate, mutationArb } from "../support/line-mutations";
import { kubernetesFormat } from "../../src/adapters/files/kubernetes";
import type { FileReading } from "../../src/adapters/files/format";
import { evaluate } from "../../src/engine/evaluate";
import { KUBERNETES_WORKLOAD } from "../../src/model/kinds";
import { kubernetesRules } from "../../src/rules/kubernetes";
import { fuzzParameters, fuzzTimeout, leaks, renderAll, reportOf, secretArb, settingsFor } from "../support/fuzz";
import { misplacements } from "../support/placements";

const FILE = "k8s/app.yaml";
const TEXT_RUNS = 200;
const MUTATION_RUNS = 100;
const SECRET_RUNS = 30;

function read(text: string): FileReading {
  return kubernetesFormat.read({ path: `/repo/${FILE}`, name: FILE, text });
}

/** What must hold of any reading, as a list of what does not. */
function misplaced(reading: FileReading): string[] {
  const problems = misplacements(reading, {
    files: [FILE],
    foreign: (resource) => (resource.kind !== KUBERNETES_WORKLOAD || resource.engine !== "files" || !resource.address.startsWith(`${FILE}#`) ? "not a workload of the file" : undefined),
  });
  const addresses = new Set(reading.resources.map((resource) => resource.address));
  for (const suppression of reading.suppressions) if (suppression.address === undefined || !addresses.has(suppression.address)) problems.push(`suppression of a resource not read: ${suppression.address}`);
  return problems;
}

/** The rules' example manifests: real workloads to break. */
const SEEDS = kubernetesRules.flatMap((rule) => [...(rule.examples.files?.fail ?? []), ...(rule.examples.files?.pass ?? [])].flatMap((example) => Object.values(example.files)));

/** Lines where YAML and the reader have sharp edges. */
const SHARP_LINES = [
  "---",
  "...",
  "- ",
  "- name: extra",
  "{{ .Values.image }}",
  "key: [",
  'quote: "open',
  "anchor: &a { x: 1 }",
  "alias: *a",
  "alias: *missing",
  "<<: *a",
  "? complex key",
  "\tindented: by a tab",
  "%YAML 1.1",
  "!!binary x",
  "kind: List",
  "items: [1, { kind: Pod }]",
  "kind: Deployment",
  "apiVersion: v1",
  "metadata: { name: web }",
  "metadata: 7",
  "spec: null",
  "containers: 1",
  "containers: []",
  "env: { A: b }",
  "env: [x]",
  "image: 7",
  "securityContext: yes",
  "runAsUser: 0",
  "# prodready:ignore PR-LIM-006 a reason",
  "# prodready:ignore",
  "a: b: c",
];

const lineMutationArb = mutationArb(SHARP_LINES, 14);

const brokenManifestArb = fc.tuple(fc.constantFrom(...SEEDS), fc.array(lineMutationArb, { maxLength: 6 })).map(([seed, mutations]) => mutate(seed, mutations));

const settings = settingsFor(undefined, undefined);

describe("the Kubernetes reader", () => {
  test("never throws on arbitrary text, and places everything it reports", () => {
    const textArb = fc.oneof(
      fc.string({ unit: "binary", maxLength: 300 }),
      fc.string({ maxLength: 300 }).map((tail) => `apiVersion: v1\nkind: Pod\n${tail}`),
      fc.array(fc.constantFrom(...SHARP_LINES), { maxLength: 20 }).map((lines) => lines.join("\n")),
    );
    fc.assert(
      fc.property(textArb, (text) => {
        expect(misplaced(read(text))).toEqual([]);
      }),
      fuzzParameters(TEXT_RUNS),
    );
  });

  test(
    "example manifests broken line by line: still placed, and no rule fails on what is read",
    () => {
      fc.assert(
        fc.property(brokenManifestArb, (text) => {
          const reading = read(text);
          expect(misplaced(reading)).toEqual([]);
          const errors = evaluate(reading.resources, kubernetesRules, settings).filter((finding) => finding.outcome === "error");
          expect(errors).toEqual([]);
        }),
        fuzzParameters(MUTATION_RUNS),
      );
    },
    fuzzTimeout(MUTATION_RUNS, 20),
  );

  test(
    "a secret in an env value, of a manifest whole or broken, appears in no output format",
    () => {
      const caseArb = fc.tuple(
        secretArb,
        fc.constantFrom("DB_PASSWORD", "API_TOKEN", "SETTINGS"),
        fc.array(lineMutationArb, { maxLength: 4 }),
        fc.constantFrom(...SEEDS.filter((seed) => /^ *env:$/m.test(seed))),
      );
      fc.assert(
        fc.property(caseArb, ([secret, name, mutations, seed]) => {
          const withSecret = seed.replace(/^( *)env:\n/m, (env, indent: string) => `${env}${indent}  - name: ${name}\n${indent}    value: "${secret.text}"\n`);
          const reading = read(mutate(withSecret, mutations));
          const findings = evaluate(reading.resources, kubernetesRules, settings);
          expect(leaks(renderAll(reportOf(findings, reading.diagnostics, "files")), [secret])).toEqual([]);
        }),
        fuzzParameters(SECRET_RUNS),
      );
    },
    fuzzTimeout(SECRET_RUNS, 50),
  );
});
