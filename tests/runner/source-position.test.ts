import { join } from "path";
import { pathToFileURL } from "url";
import { RegisterResourceRequest } from "@pulumi/pulumi/proto/resource_pb";
import { SourcePosition, StackFrame, StackTrace } from "@pulumi/pulumi/proto/source_pb";
import type * as Runner from "../../src/adapters/pulumi/runner";
import { declaredAt } from "../../src/adapters/pulumi/runner/source-position";
import { built, FIXTURES } from "../cli/harness";

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
