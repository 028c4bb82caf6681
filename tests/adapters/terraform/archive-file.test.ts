/**
 * An `archive_file` data source writes its zip while Terraform plans, so a function that reads the zip through the
 * data source's `output_path` finds it, though the tree checked has none: its content is unknown here, as the data
 * source's own hashes are, and that is no cause for a warning. Read by a path written out, the zip may not be written
 * yet when Terraform reads it: that still warns.
 */
import { relative } from "path";
import { loadTerraform, type LoadResult } from "../../../src/adapters/terraform";
import { isUnknown, type Resource } from "../../../src/model/resource";
import { withFiles } from "../../support/scratch";

const ARCHIVE = `data "archive_file" "zip" {
  type        = "zip"
  source_file = "\${path.module}/src/handler.py"
  output_path = "\${path.module}/handler.zip"
}
locals {
  zip = data.archive_file.zip.output_path
}
`;

function lambda(name: string, hash: string): string {
  return `resource "aws_lambda_function" "${name}" {
  function_name    = "${name}"
  filename         = data.archive_file.zip.output_path
  source_code_hash = ${hash}
  role             = "arn:aws:iam::123456789012:role/lambda"
  handler          = "handler.main"
  runtime          = "python3.13"
}
`;
}

function loaded(main: string, use: (result: LoadResult, dir: string) => void): void {
  withFiles({ "main.tf": main, "src/handler.py": "def main(event, context):\n    return 1\n" }, (dir) => use(loadTerraform([dir], { commandLineVariables: [] }), dir));
}

function hashOf(result: LoadResult, address: string): unknown {
  const resource = result.units.flatMap((unit) => unit.resources).find((candidate: Resource) => candidate.address === address);
  return resource?.props.source_code_hash;
}

test("a file function given the zip's path from the data source, directly or through a local, is unknown with no warning", () => {
  const reads = {
    sha256: "filebase64sha256(data.archive_file.zip.output_path)",
    md5: "filemd5(data.archive_file.zip.output_path)",
    base64: "filebase64(local.zip)",
    text: "file(local.zip)",
  };
  loaded(ARCHIVE + Object.entries(reads).map(([name, hash]) => lambda(name, hash)).join(""), (result) => {
    expect(result.diagnostics).toEqual([]);
    for (const name of Object.keys(reads)) expect(isUnknown(hashOf(result, `aws_lambda_function.${name}`))).toBe(true);
  });
});

test("the same path written out, which Terraform may read before the data source writes it, still warns", () => {
  loaded(ARCHIVE + lambda("written", 'filebase64sha256("${path.module}/handler.zip")'), (result, dir) => {
    const main = relative(process.cwd(), `${dir}/main.tf`);
    expect(result.diagnostics.map(({ severity, file, line, message }) => `${severity} ${file}:${line} ${message}`)).toEqual([
      `warning ${main}:12 filebase64sha256: no file exists at handler.zip; treated as unknown`,
    ]);
    expect(isUnknown(hashOf(result, "aws_lambda_function.written"))).toBe(true);
  });
});
