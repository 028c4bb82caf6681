/** `prodready demo` (`npm start`): the six bundled examples under their headings, and an exit code that says whether each turned out as expected. */
import { catalogue, ruleEngines } from "../../src/rules/catalogue";
import { cli, type CliResult } from "./harness";

let result: CliResult;
beforeAll(async () => {
  result = await cli(["demo"]);
});

test("shows the Pulumi, Terraform and files examples, in order, each with what to expect", () => {
  const headings = result.stdout.match(/^=== Example \d of 6: .*$/gm) ?? [];
  expect(headings.map((heading) => heading.replace(/^=== Example (\d) of 6: .*\(((examples|templates)\/[^)]*|root Pulumi\.yaml[^)]*)\)$/, "$1 $2"))).toEqual([
    "1 root Pulumi.yaml, program in examples/service/",
    "2 examples/gaps/",
    "3 examples/terraform/service/",
    "4 examples/terraform/gaps/",
    "5 templates/vps-compose/",
    "6 examples/files/gaps/",
  ]);
  expect(result.stdout.match(/^ {4}Expected: .*$/gm)).toHaveLength(6);
  // Each report names what it checked as a user would type it.
  for (const target of ["pulumi .", "pulumi examples/gaps", "examples/terraform/service", "examples/terraform/gaps", "templates/vps-compose", "examples/files/gaps"]) {
    expect(result.stdout).toMatch(new RegExp(`^prodready: [a-z+]+ ${target.replace(/^pulumi /, "")}$`, "m"));
  }
});

test("the service examples are clean and the gaps examples show all five checklist sections, the Terraform one with its suppression counted", () => {
  expect(result.stdout).toMatch(/^Service example \(Pulumi\): clean, as expected\.$/m);
  expect(result.stdout).toMatch(/^Gaps example \(Pulumi\): findings in sections 1, 2, 3, 4, 5, as expected\.$/m);
  expect(result.stdout).toMatch(/^Service example \(Terraform\): clean, as expected\.$/m);
  expect(result.stdout).toMatch(/^Gaps example \(Terraform\): findings in sections 1, 2, 3, 4, 5, as expected \(1 accepted with prodready:ignore\)\.$/m);
  expect(result.stdout).toMatch(/^VPS template \(files\): clean, as expected\.$/m);
});

test("the files gaps example breaks every rule over files", () => {
  const rulesOverFiles = catalogue.filter((rule) => ruleEngines(rule).has("files"));
  expect(rulesOverFiles.length).toBeGreaterThanOrEqual(20);
  expect(result.stdout).toContain(`Gaps example (files): ${rulesOverFiles.length} of ${rulesOverFiles.length} rules fired, as expected.`);
});

test("exits 0, every example having turned out as expected", () => {
  const verdicts = result.stdout.match(/^(Service example|Gaps example|VPS template) \((Pulumi|Terraform|files)\): .*$/gm) ?? [];
  expect(verdicts).toHaveLength(6);
  expect(verdicts.every((line) => line.includes("as expected"))).toBe(true);
  expect(result.code).toBe(0);
});
