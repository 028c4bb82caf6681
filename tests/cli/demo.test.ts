/** `prodready demo` (`npm start`): the four bundled examples under their headings, and an exit code that says whether each turned out as expected. */
import { cli, type CliResult } from "./harness";

let result: CliResult;
beforeAll(async () => {
  result = await cli(["demo"]);
});

test("shows the two Pulumi and the two Terraform examples, in order, each with what to expect", () => {
  const headings = result.stdout.match(/^=== Example \d of 4: .*$/gm) ?? [];
  expect(headings.map((heading) => heading.replace(/^=== Example (\d) of 4: .*\((examples\/[^)]*|root Pulumi\.yaml[^)]*)\)$/, "$1 $2"))).toEqual([
    "1 root Pulumi.yaml, program in examples/service/",
    "2 examples/gaps/",
    "3 examples/terraform/service/",
    "4 examples/terraform/gaps/",
  ]);
  expect(result.stdout.match(/^ {4}Expected: .*$/gm)).toHaveLength(4);
  // Each report names what it checked as a user would type it.
  for (const target of ["pulumi .", "pulumi examples/gaps", "terraform examples/terraform/service", "terraform examples/terraform/gaps"]) {
    expect(result.stdout).toContain(`prodready: ${target}\n`);
  }
});

test("the service examples are clean and the gaps examples show all five checklist sections, the Terraform one with its suppression counted", () => {
  expect(result.stdout).toMatch(/^Service example \(Pulumi\): clean, as expected\.$/m);
  expect(result.stdout).toMatch(/^Gaps example \(Pulumi\): findings in sections 1, 2, 3, 4, 5, as expected\.$/m);
  expect(result.stdout).toMatch(/^Service example \(Terraform\): clean, as expected\.$/m);
  expect(result.stdout).toMatch(/^Gaps example \(Terraform\): findings in sections 1, 2, 3, 4, 5, as expected \(1 accepted with prodready:ignore\)\.$/m);
});

test("exits 0, every example having turned out as expected", () => {
  const verdicts = result.stdout.match(/^(Service|Gaps) example \((Pulumi|Terraform)\): .*$/gm) ?? [];
  expect(verdicts).toHaveLength(4);
  expect(verdicts.every((line) => line.includes("as expected"))).toBe(true);
  expect(result.code).toBe(0);
});
