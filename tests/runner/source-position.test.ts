import { join } from "path";
import { pathToFileURL } from "url";
import { Resource } from "@pulumi/pulumi";
import { RegisterResourceRequest } from "@pulumi/pulumi/proto/resource_pb";
import { SourcePosition, StackFrame, StackTrace } from "@pulumi/pulumi/proto/source_pb";
import type * as Runner from "../../src/adapters/pulumi/runner";
import { declaredAt, withAnonymousFrames } from "../../src/adapters/pulumi/runner/source-position";
import { built, cli, FIXTURES } from "../cli/harness";

const LIBRARY = "/project/node_modules/@pulumi/aws/lambda/lambdaMixins.ts";
const PROGRAM = "/project/index.ts";

function position(file: string, line: number, column: number): SourcePosition {
  const at = new SourcePosition();
  at.setUri(pathToFileURL(file).toString());
  at.setLine(line);
  at.setColumn(column);
  return at;
}

/** A request as the SDK sends it: its source position is the first frame of its stack trace. */
function request(frames: (SourcePosition | undefined)[]): RegisterResourceRequest {
  const trace = new StackTrace();
  trace.setFramesList(
    frames.map((pc) => {
      const frame = new StackFrame();
      if (pc) frame.setPc(pc);
      return frame;
    }),
  );
  const req = new RegisterResourceRequest();
  if (frames[0]) req.setSourceposition(frames[0]);
  req.setStacktrace(trace);
  return req;
}

test("a resource a package makes (aws.lambda.CallbackFunction) is declared where the program calls the package", () => {
  const req = request([position(LIBRARY, 425, 9), undefined, position("/project/node_modules/@pulumi/aws/lambda/index.ts", 12, 3), position(PROGRAM, 4, 19)]);
  expect(declaredAt(req)).toEqual({ file: PROGRAM, line: 4, column: 19 });
});

test("a resource the program makes itself keeps the SDK's position", () => {
  expect(declaredAt(request([position(PROGRAM, 9, 18), position("/project/main.ts", 2, 1)]))).toEqual({ file: PROGRAM, line: 9, column: 18 });
});

test("without a frame in the project, the SDK's position stands; without any, there is none", () => {
  expect(declaredAt(request([position(LIBRARY, 425, 9)]))).toEqual({ file: LIBRARY, line: 425, column: 9 });
  expect(declaredAt(new RegisterResourceRequest())).toBeUndefined();
});

test("a program's aws.lambda.CallbackFunction is located at its own line, not in @pulumi/aws", async () => {
  const { runProgram, toModel } = built<typeof Runner>("adapters/pulumi/runner/index");
  const run = await runProgram(join(FIXTURES, "package-made"));
  const fn = toModel(run.resources).find((resource) => resource.kind === "aws_lambda_function")!;
  expect(fn.location).toMatchObject({ file: "tests/fixtures/pulumi/package-made/index.ts", line: 4, column: 24 });
}, 60_000);

test("a frame is read whether V8 writes it named or anonymous; frames without a position are not", () => {
  // The SDK's own pattern, private to its Resource class.
  const frame = withAnonymousFrames((Resource as unknown as { framePositionRegExp: RegExp }).framePositionRegExp);
  const read = (line: string) => frame.exec(line)?.groups;
  expect(read("    at Object.<anonymous> (/project/index.js:3:1)")).toEqual({ file: "/project/index.js", line: "3", column: "1" });
  expect(read("    at /project/index.js:6:3")).toEqual({ file: "/project/index.js", line: "6", column: "3" });
  expect(read("    at async /project/index.js:12:5")).toEqual({ file: "/project/index.js", line: "12", column: "5" });
  expect([read("    at Array.forEach (<anonymous>)"), read("    at async Promise.all (index 0)")]).toEqual([undefined, undefined]);
});

test("a JavaScript program's resources in anonymous callbacks are reported at their own lines, as a named function's are", async () => {
  const result = await cli(["pulumi", join(FIXTURES, "javascript-callback"), "--format", "json"]);
  const findings = (JSON.parse(result.stdout) as { findings: { resource: { name: string }; location: object }[] }).findings;
  const file = "tests/fixtures/pulumi/javascript-callback/index.js";
  const at = (name: string, line: number, column: number) => ({ urn: `urn:pulumi:dev::javascript-callback-fixture::aws:sqs/queue:Queue::${name}`, file, line, column });
  expect(findings.map((finding) => [finding.resource.name, finding.location])).toEqual([
    ["top", at("top", 3, 1)],
    ["in-function", at("in-function", 10, 3)],
    ["in-then", at("in-then", 6, 3)],
  ]);
}, 60_000);
