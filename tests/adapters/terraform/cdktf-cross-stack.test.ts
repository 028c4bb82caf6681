/**
 * A CDKTF app split into stacks, where one stack uses another's values: CDKTF writes each as an output of the stack
 * that has it and reads it in the other through `data.terraform_remote_state.cross-stack-reference-input-<stack>`.
 * Checked together from `cdktf.out/`, the value is the other stack's; checked alone, it is unknown.
 */
import { readFileSync, writeFileSync } from "fs";
import { dirname, join, relative } from "path";
import { TerraformStack, TerraformVariable } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { SnsTopic } from "@cdktf/provider-aws/lib/sns-topic";
import { loadTerraform } from "../../../src/adapters/terraform";
import type { Finding } from "../../../src/model/finding";
import { reporters } from "../../../src/reporters";
import { synthesizeApp, type SynthesizedApp } from "../../support/cdktf";

const SECRET = "Zq7-cdktf-Cross-Stack-Pa55";
/** The rules that read the values `app` takes from `data`. */
const READS_ACROSS = ["PR-SEC-018", "PR-OPS-005", "PR-SEC-014", "PR-CFG-004"];

function summary(findings: readonly Finding[]): string[] {
  return findings
    .filter((finding) => READS_ACROSS.includes(finding.ruleId))
    .map((finding) => `${finding.ruleId} ${finding.outcome} ${finding.resource.address} ${finding.path} ${finding.location.constructPath}`)
    .sort();
}

describe("a stack that uses another stack's values", () => {
  let app: SynthesizedApp;

  beforeAll(() => {
    app = synthesizeApp((root) => {
      // `data` has the values, `app` uses them: `app` is found first, and still read after `data`.
      const data = new TerraformStack(root, "data");
      new AwsProvider(data, "aws", { region: "eu-west-1" });
      const key = new KmsKey(data, "key", { enableKeyRotation: true, lifecycle: { preventDestroy: true } });
      const publicFlag = new TerraformVariable(data, "db_public", { type: "bool", default: true });
      const days = new TerraformVariable(data, "days", { type: "number", default: 1 });
      const password = new TerraformVariable(data, "db_password", { type: "string", sensitive: true, default: SECRET });

      const service = new TerraformStack(root, "app");
      new AwsProvider(service, "aws", { region: "eu-west-1" });
      new SnsTopic(service, "alerts", { name: "alerts", kmsMasterKeyId: key.arn });
      new DbInstance(service, "db", {
        identifier: "prodready-cross-stack",
        engine: "postgres",
        instanceClass: "db.t4g.micro",
        allocatedStorage: 20,
        username: "app",
        password: password.stringValue,
        publiclyAccessible: publicFlag.booleanValue,
        storageEncrypted: true,
        kmsKeyId: key.arn,
      });
      new CloudwatchLogGroup(service, "logs", { name: "logs", retentionInDays: days.numberValue });
    });
  });
  afterAll(() => app.dispose());

  test("cdktf writes the values as outputs of one stack, read through a terraform_remote_state in the other", () => {
    const written = readFileSync(app.stackFile("app"), "utf8");
    expect(written).toContain('"publicly_accessible": "${data.terraform_remote_state.cross-stack-reference-input-data.outputs.cross-stack-output-vardb_public}"');
    const data = JSON.parse(readFileSync(app.stackFile("data"), "utf8"));
    expect(data.output["cross-stack-output-vardb_public"]).toEqual({ sensitive: true, value: "${var.db_public}" });
  });

  test("checked together, the using stack is judged with the other stack's values, at its own place", () => {
    const result = app.check();
    expect(summary(result.report.findings)).toEqual([
      "PR-CFG-004 violation aws_db_instance.db password app/db",
      "PR-OPS-005 violation aws_cloudwatch_log_group.logs retention_in_days app/logs",
      "PR-SEC-018 violation aws_db_instance.db publicly_accessible app/db",
    ]);
    for (const finding of result.report.findings.filter((finding) => READS_ACROSS.includes(finding.ruleId))) {
      expect(finding.location.file?.endsWith(join("stacks", "app", "cdk.tf.json"))).toBe(true);
      expect(finding.unit?.endsWith(join("stacks", "app"))).toBe(true);
    }
    expect(result.report.diagnostics).toEqual([]);
    expect(result.exitCode).toBe(1);
  });

  test("checked together, the stacks are listed as they are found, app before data, though data is read first", () => {
    const { units } = loadTerraform([app.outdir], { commandLineVariables: [] });
    expect(units.map((unit) => unit.name.split(/[\\/]/).pop())).toEqual(["app", "data"]);
  });

  test("a sensitive value stays secret across stacks, and appears in no output format; one that is not, is not", () => {
    const loaded = loadTerraform([app.outdir], { commandLineVariables: [] });
    const db = loaded.units.flatMap((unit) => unit.resources).find((resource) => resource.address === "aws_db_instance.db")!;
    // CDKTF marks every output it adds for another stack sensitive: the value's own sensitivity is what counts.
    expect(db.secretPaths).toEqual(["password"]);
    const { report } = app.check();
    for (const [format, reporter] of reporters) {
      expect({ format, leaks: reporter.render(report, { color: false }).includes(SECRET) }).toEqual({ format, leaks: false });
    }
  });

  test("a value handed in at run to the other stack is handed in at run to this one too: no literal in the code", () => {
    const { report } = app.check({ commandLineVariables: [{ var: `db_password=${SECRET}` }] });
    expect(summary(report.findings).filter((line) => line.startsWith("PR-CFG-004"))).toEqual(["PR-CFG-004 undecided aws_db_instance.db password app/db"]);
  });

  test("checked alone, without the stack it reads, the values are unknown, and a notice says they are the other stack's outputs, which checking the whole output resolves", () => {
    const written = readFileSync(app.stackFile("app"), "utf8");
    const dataSource = written.slice(0, written.indexOf('"cross-stack-reference-input-data"')).split("\n");
    const outputs = Object.keys(JSON.parse(readFileSync(app.stackFile("data"), "utf8")).output).sort();
    const notice = {
      severity: "notice",
      code: "input",
      message:
        `data.terraform_remote_state.cross-stack-reference-input-data reads outputs of stack "data" (${outputs.join(", ")}), which this run does not check, ` +
        `so what reads them is not known to the check; check ${relative(process.cwd(), app.outdir)} as a whole (all its stacks together) to know them`,
      file: relative(process.cwd(), app.stackFile("app")),
      line: dataSource.length,
      column: dataSource[dataSource.length - 1].length + 1,
    };
    for (const path of [app.stackFile("app"), dirname(app.stackFile("app"))]) {
      const { report } = app.check({ paths: [path] });
      expect(summary(report.findings)).toEqual([
        "PR-CFG-004 undecided aws_db_instance.db password app/db",
        "PR-OPS-005 undecided aws_cloudwatch_log_group.logs retention_in_days app/logs",
        "PR-SEC-014 undecided aws_sns_topic.alerts kms_master_key_id app/alerts",
        "PR-SEC-018 undecided aws_db_instance.db publicly_accessible app/db",
      ]);
      expect(report.diagnostics).toEqual([notice]);
    }
  });

  test("a manifest whose stacks depend on each other, which cdktf never writes, still checks both", () => {
    const manifestPath = join(app.outdir, "manifest.json");
    const written = readFileSync(manifestPath, "utf8");
    const manifest = JSON.parse(written);
    manifest.stacks.data.dependencies = ["app"];
    writeFileSync(manifestPath, JSON.stringify(manifest));
    try {
      const { report } = app.check();
      expect(report.diagnostics).toEqual([]);
      expect(summary(report.findings)).toContain("PR-SEC-018 violation aws_db_instance.db publicly_accessible app/db");
    } finally {
      writeFileSync(manifestPath, written);
    }
  });
});
