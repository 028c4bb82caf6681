/** What a program reads from outside the stack (another stack, a data source) is unknown offline, never absent. */
import { join } from "path";
import type * as Runner from "../../src/adapters/pulumi/runner";
import { isUnknown, PartialString, UNKNOWN } from "../../src/model/resource";
import { built, cli, FIXTURES, judgeRun } from "../cli/harness";

const { runProgram, toModel } = built<typeof Runner>("adapters/pulumi/runner/index");

/**
 * The fixture's run, and what `prodready pulumi` makes of that same run: its exit code and each finding as rule,
 * resource, outcome and path, exact and short enough to compare whole.
 */
async function checked(fixture: string, options: { profile?: string; preview?: boolean } = {}): Promise<[Runner.ProgramRun, { code: number; findings: string[] }]> {
  const dir = join(FIXTURES, fixture);
  const run = await runProgram(dir, { preview: options.preview });
  const { exitCode, findings } = judgeRun(run, dir, options);
  return [run, { code: exitCode, findings: findings.map((f) => `${f.ruleId} ${f.resource.name} ${f.outcome} ${f.path ?? ""}`.trim()) }];
}

test("a resource taking a stack reference's output is registered and judged, the output unknown", async () => {
  const [run, result] = await checked("stack-reference");
  const [group] = toModel(run.resources);
  expect(group.kind).toBe("aws_security_group");
  expect(isUnknown(group.props.vpc_id)).toBe(true);
  expect(result).toEqual({ code: 1, findings: ["PR-SEC-001 bastion violation ingress.0.cidr_blocks.0"] });
});

test("a data source the mocks cannot answer reads as unknown, so a secret from it could not be evaluated", async () => {
  const [run, result] = await checked("data-source");
  const [fn] = toModel(run.resources);
  expect(isUnknown((fn.props.environment as { variables: Record<string, unknown> }).variables.DB_PASSWORD)).toBe(true);
  // The function's log group is not declared either, whatever the data source returns.
  expect(result).toEqual({ code: 0, findings: ["PR-CFG-001 fn undecided environment.variables.DB_PASSWORD", "PR-OPS-018 fn violation"] });
});

test("the promise form of such a data source reads as unknown too, awaited, in a template and through then()", async () => {
  const [run, result] = await checked("data-source-promise");
  const [fn, db] = toModel(run.resources);
  const variables = (fn.props.environment as { variables: Record<string, unknown> }).variables;
  expect(isUnknown(variables.DB_PASSWORD)).toBe(true);
  expect(variables.DB_URL).toEqual(new PartialString("postgres://app:", "@db.internal:5432/app"));
  expect(isUnknown(db.props.password)).toBe(true);
  expect(result).toEqual({
    code: 0,
    findings: ["PR-CFG-001 fn undecided environment.variables.DB_PASSWORD", "PR-CFG-004 db undecided password", "PR-OPS-018 fn violation"],
  });
});

test("a stack reference's outputs awaited as values are unknown, and a secret one's details hold it as a secret value", async () => {
  const [[run, result], [preview, previewed]] = await Promise.all([checked("stack-reference-promise"), checked("stack-reference-promise", { preview: true })]);
  for (const resources of [toModel(run.resources), toModel(preview.resources)]) {
    const [ssh, access, db] = resources;
    expect(isUnknown(ssh.props.cidr_ipv4)).toBe(true);
    expect(isUnknown((access.props.ingress as { cidr_blocks: unknown[] }[])[0].cidr_blocks[0])).toBe(true);
    expect(isUnknown(db.props.password)).toBe(true);
    expect(db.props.tags).toEqual({ Details: "secretValue" });
  }
  const expected = ["PR-CFG-004 db undecided password", "PR-SEC-001 ssh undecided cidr_ipv4", "PR-SEC-002 db-access undecided ingress.0.cidr_blocks.0"];
  expect(result).toEqual({ code: 0, findings: expected });
  expect(previewed).toEqual({ code: 0, findings: expected });
});

test("a data source's list, map, object and number fields awaited are unknown whole, indexed and read", async () => {
  const [[run, result], [preview, previewed]] = await Promise.all([checked("data-source-promise-shapes"), checked("data-source-promise-shapes", { preview: true })]);
  for (const resources of [toModel(run.resources), toModel(preview.resources)]) {
    expect(resources.map((r) => r.name)).toEqual(["access", "app"]);
    const [access, app] = resources;
    const [wholeList, wholeNumber, read] = access.props.ingress as { cidr_blocks: unknown; from_port: unknown; to_port: unknown }[];
    expect(isUnknown(wholeList.cidr_blocks)).toBe(true);
    expect([isUnknown(wholeNumber.from_port), isUnknown(wholeNumber.to_port)]).toEqual([true, true]);
    expect((read.cidr_blocks as unknown[]).map(isUnknown)).toEqual([true, true]);
    expect(isUnknown(app.props.subnet_id)).toBe(true);
    expect(isUnknown((app.props.tags as Record<string, unknown>).Owner)).toBe(true);
    expect(app.props.user_data).toEqual(new PartialString("DB_PORT=", ""));
  }
  const expected = [
    "PR-CFG-003 app undecided user_data",
    "PR-LIM-007 app undecided user_data",
    "PR-OPS-015 app undecided user_data",
    "PR-SEC-001 access undecided ingress.0.cidr_blocks",
    "PR-SEC-001 access undecided ingress.1.from_port",
    "PR-SEC-001 access undecided ingress.2.cidr_blocks.0",
    "PR-SEC-001 access undecided ingress.2.cidr_blocks.1",
    "PR-SEC-002 access undecided ingress.1.from_port",
    "PR-SEC-003 access undecided ingress.1.from_port",
  ];
  expect(result).toEqual({ code: 0, findings: expected });
  expect(previewed).toEqual({ code: 0, findings: expected });
});

test("iterating a list field of such a data source fails the run, naming the field and the forms that keep it unknown", async () => {
  const [forOf, map] = await Promise.all([cli(["pulumi", join(FIXTURES, "data-source-promise-iterate")]), cli(["pulumi", join(FIXTURES, "data-source-promise-map"), "--preview"])]);
  const refusal =
    'the program failed: the data source aws:ec2/getSubnets:getSubnets has no answer offline, so its "ids" is unknown and cannot be iterated: use getSubnetsOutput(...) or pulumi.output(...).apply(...)\n';
  expect(forOf).toEqual({ code: 2, stdout: "", stderr: `prodready: tests/fixtures/pulumi/data-source-promise-iterate/index.ts:5:28: ${refusal}` });
  expect(map).toEqual({ code: 2, stdout: "", stderr: `prodready: tests/fixtures/pulumi/data-source-promise-map/index.ts:6:15: ${refusal}` });
});

test("a resource's output the mocks do not compute is unknown after deployment too, not absent: an apply on it is skipped", async () => {
  const [run, result] = await checked("unmodelled-outputs", { profile: "platform" });
  const resources = toModel(run.resources);
  const named = (name: string) => resources.find((r) => r.name === name)!;
  const [instanceSecret, clusterSecret, copy] = ["instance-secret", "cluster-secret", "copy"].map(named);
  // What the mocks compute stays known.
  expect(instanceSecret.props.value).toMatch(/^arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-/);
  expect(isUnknown(clusterSecret.props.value)).toBe(true);
  expect(isUnknown(copy.props.snapshot_identifier)).toBe(true);
  expect(result.code).toBe(1);
  expect(result.findings.filter((finding) => finding.startsWith("PR-SEC-011"))).toEqual(["PR-SEC-011 copy undecided snapshot_identifier"]);
});

test("an AMI looked up by getAmi or read from an SSM parameter is unknown, but how it was found is known, as in Terraform", async () => {
  const [run, result] = await checked("ami-lookups", { profile: "platform" });
  const resources = toModel(run.resources);
  const [lookup, lookupOutput, parameter, own, template] = ["al2023-lookup", "al2023-lookup-output", "al2023-parameter", "own-lookup", "ubuntu-template"].map(
    (name) => resources.find((resource) => resource.name === name)!,
  );
  const al2023 = { owners: ["amazon"], filter: [{ name: "name", values: ["al2023-ami-2023.*-x86_64"] }], most_recent: true };
  for (const instance of [lookup, lookupOutput]) {
    expect(instance.props.ami).toBe(UNKNOWN);
    expect(instance.attributeReads).toEqual({ ami: { kind: "aws_ami", attribute: "id", dataSource: true, arguments: al2023 } });
  }
  expect(parameter.attributeReads).toEqual({
    ami: { kind: "aws_ssm_parameter", attribute: "value", dataSource: true, arguments: { name: "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64" } },
  });
  // Only the field holding the ID is answered; in a longer string the ID is unknown text.
  expect(own.props.tags).toEqual({ Image: new PartialString("image ", ""), Root: UNKNOWN });
  expect(Object.keys(own.attributeReads ?? {})).toEqual(["ami"]);
  expect(template.attributeReads?.image_id.arguments).toEqual({ owners: ["099720109477"], filter: [{ name: "name", values: ["ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*"] }] });
  expect(JSON.stringify(resources)).not.toContain(":lookup:");
  const decided = result.findings.filter((finding) => /^PR-SEC-01[07] /.test(finding));
  expect(decided).toEqual(["PR-SEC-010 ubuntu-template violation block_device_mappings", "PR-SEC-017 own-lookup violation metadata_options"]);
});

test("a parameter's value the program reads as a number is unknown, not an AMI lookup's stand-in, so it decides nothing", async () => {
  const [run, result] = await checked("parameter-number", { profile: "platform" });
  const [retention] = toModel(run.resources);
  expect(retention.props.retention_in_days).toBe(UNKNOWN);
  expect(result).toEqual({ code: 0, findings: ["PR-OPS-005 retention undecided retention_in_days"] });
});

test("a parameter's value the program parses as JSON is unknown, a public one's about an AMI too, and the program runs", async () => {
  const [run, result] = await checked("parameter-json", { profile: "platform" });
  const [settings, template] = toModel(run.resources);
  expect([settings.props.retention_in_days, template.props.image_id]).toEqual([UNKNOWN, UNKNOWN]);
  expect(template.attributeReads).toBeUndefined();
  // A template without user data: what sets its hosts up is the image's, not in the program (86917b4).
  const hostRules = ["PR-LIM-007", "PR-OPS-015", "PR-SEC-021", "PR-SEC-022"].map((id) => `${id} ecs-recommended undecided user_data`);
  expect(result).toEqual({ code: 0, findings: [hostRules[0], "PR-OPS-005 settings undecided retention_in_days", ...hostRules.slice(1)] });
});
