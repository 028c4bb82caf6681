/**
 * PR-OPS-004 in the offline run, which reads retainOnDelete from the program's resource options (the policy pack is
 * never sent it): a resource the engine would leave in place on destroy or replacement, by its own retainOnDelete or
 * its parent component's, keeps its data and passes; one that sets it false, or that nothing retains, is reported.
 */
import { join } from "path";
import type * as Runner from "../../src/adapters/pulumi/runner";
import { built, FIXTURES, judgeRun } from "../cli/harness";

const { runProgram } = built<typeof Runner>("adapters/pulumi/runner/index");
const fixture = join(FIXTURES, "retain-on-delete");

test("a bucket retained on delete, by its own option or its component's, is protected from destroy", async () => {
  const run = await runProgram(fixture);
  const retained = new Map(run.resources.map((resource) => [resource.name, resource.retainOnDelete]));
  expect(Object.fromEntries(retained)).toEqual({ retained: true, deletable: undefined, archive: true, "archive-records": true, "archive-scratch": false });
  const { findings } = judgeRun(run, fixture, { profile: "platform" });
  expect(findings.filter((f) => f.ruleId === "PR-OPS-004").map((f) => `${f.resource.name} ${f.outcome}`).sort()).toEqual(["archive-scratch violation", "deletable violation"]);
}, 120000);
