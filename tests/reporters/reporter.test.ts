import { countFindings, findingStatus, isBlocking, type FailOn } from "../../src/reporters";
import { byImportance } from "../../src/reporters/shared";
import { allFindings, findings } from "./fixtures";

describe("what fails the run", () => {
  const mandatory = { critical: findings.blocking, high: findings.cdktf, medium: findings.belowFailOn, low: findings.hostile };

  test.each<[FailOn | undefined, string[]]>([
    [undefined, ["critical", "high", "medium", "low"]],
    ["low", ["critical", "high", "medium", "low"]],
    ["medium", ["critical", "high", "medium"]],
    ["high", ["critical", "high"]],
    ["critical", ["critical"]],
    ["never", []],
  ])("with fail-on %s, mandatory violations of %j block", (failOn, blocking) => {
    const blocked = Object.entries(mandatory)
      .filter(([, finding]) => isBlocking(finding, failOn))
      .map(([severity]) => severity);
    expect(blocked).toEqual(blocking);
  });

  test("advisory and remediate violations, undecided findings and rule errors never block, even when critical", () => {
    for (const finding of [findings.advisory, findings.remediate, findings.undecided, findings.ruleError]) {
      expect(isBlocking({ ...finding, severity: "critical" })).toBe(false);
    }
  });

  test("the counts follow the same test, so every format and the exit code agree", () => {
    expect(countFindings(allFindings, "high")).toEqual({ mandatory: 3, advisory: 4, undecided: 1, errors: 1 });
    expect(countFindings(allFindings)).toEqual({ mandatory: 5, advisory: 2, undecided: 1, errors: 1 });
    expect(countFindings(allFindings, "never")).toEqual({ mandatory: 0, advisory: 7, undecided: 1, errors: 1 });
    const statuses = allFindings.map((finding) => findingStatus(finding, "high"));
    expect(statuses.filter((status) => status === "blocking")).toHaveLength(countFindings(allFindings, "high").mandatory);
  });
});

test("by importance: what fails the run first, then the rest, the most severe first in each, so a format that shows only the first few shows it (probe BU)", () => {
  const criticalAdvisory = { ...findings.advisory, severity: "critical" as const };
  const criticalUndecided = { ...findings.undecided, severity: "critical" as const };
  const sorted = [findings.hostile, criticalUndecided, findings.belowFailOn, criticalAdvisory, findings.cdktf, findings.blocking].sort(byImportance("high"));
  // Critical and high mandatory ones fail the run at high; then critical could-not-be-evaluated and advisory, medium, low.
  expect(sorted.map((finding) => finding.ruleId)).toEqual(["PR-SEC-001", "PR-SEC-016", "PR-OPS-001", "PR-OPS-005", "PR-SEC-014", "PR-SEC-009"]);
});
