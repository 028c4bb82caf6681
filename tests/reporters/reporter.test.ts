import { countFindings, findingStatus, isBlocking, type FailOn } from "../../src/reporters";
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
