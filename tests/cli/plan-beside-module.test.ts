/**
 * A plan saved in the directory of the root module it was made from (`terraform plan -out tfplan && terraform show
 * -json tfplan > tfplan.json`) holds that module's resources, by the same addresses: the module's inline comments and
 * CDKTF metadata judge the plan's findings too, where its configuration section lists the module's resources and
 * module calls. Where they cannot (a plan of other code, a comment on or inside a nested block), a finding they would
 * cover comes with a notice saying why. A plan of other code, which is not read with the code beside it, says so
 * with or without suppressions.
 */
import { readFileSync, writeFileSync } from "fs";
import { basename, join } from "path";
import { displayPath } from "../../src/adapters/source";
import { checkPaths } from "../../src/cli/check";
import { openSshGroup } from "../support/open-ssh";
import { createScratch, removeScratch, writeFiles } from "../support/scratch";

let root: string;
beforeEach(() => {
  root = createScratch();
});
afterEach(() => removeScratch(root));

/**
 * Findings still reported (`unit rule address`), how many were suppressed, and the diagnostics (`code file:line
 * message`, file by its name); with `config` as the config file and `baseline` (a file of `files`) when given.
 */
function check(files: Record<string, string>, { config = {}, baseline }: { config?: object; baseline?: string } = {}): { reported: string[]; suppressed: number; diagnostics: string[] } {
  writeFiles(root, files);
  const configFile = join(root, ".prodready.json");
  writeFileSync(configFile, JSON.stringify(config));
  const baselineFile = baseline === undefined ? {} : { baseline: join(root, baseline) };
  const { report } = checkPaths({ paths: [root], configFile, ...baselineFile, commandLineVariables: [], today: "2026-01-01", profile: "platform" });
  const name = (file: string | undefined) => (file === undefined ? "" : basename(file));
  return {
    reported: report.findings.map((finding) => `${name(finding.unit)} ${finding.ruleId} ${finding.resource.address}`),
    suppressed: report.summary.suppressed ?? 0,
    diagnostics: report.diagnostics.map((diagnostic) => `${diagnostic.code} ${name(diagnostic.file)}${diagnostic.line === undefined ? "" : `:${diagnostic.line}`} ${diagnostic.message}`),
  };
}

const INGRESS = { protocol: "tcp", from_port: 22, to_port: 22, cidr_blocks: ["0.0.0.0/0"], ipv6_cidr_blocks: [], prefix_list_ids: [], security_groups: [], self: false, description: "" };

/**
 * `terraform show -json` of a plan creating a security group with SSH open to the world at `address`, made from a
 * root module declaring `declared` (null: a plan without a configuration section, as one cut down by hand).
 */
function plan(declared: string[] | null = ["aws_security_group.web"], address = "aws_security_group.web"): string {
  const after = { name: "web", description: "Managed by Terraform", ingress: [INGRESS], egress: [] };
  const change = { actions: ["create"], before: null, after, after_unknown: { id: true, arn: true }, before_sensitive: false, after_sensitive: { ingress: [{}], egress: [] } };
  const moduleAddress = address.split(".").slice(0, -2).join(".");
  const entry = {
    address,
    ...(moduleAddress === "" ? {} : { module_address: moduleAddress }),
    mode: "managed",
    type: "aws_security_group",
    name: "web",
    provider_name: "registry.terraform.io/hashicorp/aws",
    change,
  };
  const resources = (declared ?? [])
    .filter((address) => !address.startsWith("module."))
    .map((address) => {
      const [type, name] = address.split(".");
      return { address, mode: "managed", type, name, provider_config_key: "aws", expressions: {}, schema_version: 0 };
    });
  const calls = Object.fromEntries((declared ?? []).filter((address) => address.startsWith("module.")).map((address) => [address.slice("module.".length), { source: "./edge", module: {} }]));
  const configuration = declared === null ? {} : { configuration: { root_module: { resources, module_calls: calls } } };
  return JSON.stringify({ format_version: "1.2", terraform_version: "1.9.8", planned_values: { root_module: {} }, resource_changes: [entry], ...configuration, complete: true, errored: false }, null, 2);
}

const GROUP = openSshGroup("web");
const ON_THE_RESOURCE = `# prodready:ignore PR-SEC-001 bastion host, restricted by NACL\n${GROUP}`;

test("a comment on a resource of the module suppresses the same finding in the plan of that module", () => {
  expect(check({ "main.tf": ON_THE_RESOURCE, "tfplan.json": plan() })).toEqual({ reported: [], suppressed: 2, diagnostics: [] });
});

test("a plan beside a module with no comment is judged as before", () => {
  const { reported, diagnostics } = check({ "main.tf": GROUP, "tfplan.json": plan() });
  expect(reported.filter((finding) => finding.includes("PR-SEC-001"))).toEqual(["tfplan.json PR-SEC-001 aws_security_group.web", `${basename(root)} PR-SEC-001 aws_security_group.web`]);
  expect(diagnostics).toEqual([]);
});

test("a comment that matches nothing is reported once, as the module's, with where its rule's finding is in the module", () => {
  // On an argument: PR-SEC-001 is reported at the ingress block, in the module and in the plan.
  const main = GROUP.replace('name = "web"', 'name = "web" # prodready:ignore PR-SEC-001 bastion host');
  const { reported, diagnostics } = check({ "main.tf": main, "tfplan.json": plan() });
  expect(reported.filter((finding) => finding.includes("PR-SEC-001"))).toHaveLength(2);
  expect(diagnostics).toEqual([
    expect.stringMatching(/^unused-suppression main\.tf:2 prodready:ignore comment for PR-SEC-001 on aws_security_group\.web at name matches no finding: PR-SEC-001 on aws_security_group\.web is reported at ingress\.0\.cidr_blocks\.0 \(.*main\.tf:7\); put the comment on or above that line$/),
  ]);
});

test("a comment in a module the root calls suppresses the finding on that module's resource in the plan", () => {
  const call = 'module "edge" {\n  source = "./edge"\n}\n';
  expect(check({ "main.tf": call, "edge/main.tf": ON_THE_RESOURCE, "tfplan.json": plan(["module.edge"], "module.edge.aws_security_group.web") })).toEqual({ reported: [], suppressed: 2, diagnostics: [] });
});

test("CDKTF metadata on a resource of the stack suppresses the same finding in the plan of that stack", () => {
  const stack = {
    resource: {
      aws_security_group: {
        web: {
          "//": { metadata: { path: "edge/web", uniqueId: "web" }, prodready: { ignore: [{ rule: "PR-SEC-001", reason: "bastion host, restricted by NACL" }] } },
          name: "web",
          ingress: [INGRESS],
        },
      },
    },
  };
  expect(check({ "cdktf.out/stacks/edge/cdk.tf.json": JSON.stringify(stack, null, 2), "cdktf.out/stacks/edge/tfplan.json": plan() })).toEqual({ reported: [], suppressed: 2, diagnostics: [] });
});

describe("a baseline entry of the module accepts the same finding in a plan made from it, and one of the plan the module's", () => {
  /** The baseline a check of `files` (at `path` of them, else all) writes. */
  const baselineOf = (files: Record<string, string>, path = ""): string => {
    writeFiles(root, files);
    return checkPaths({ paths: [join(root, path)], commandLineVariables: [], today: "2026-01-01", profile: "platform" }).baselineText;
  };

  test("a baseline of the code (the pull request's check) accepts the plan's finding (the deployment's), and one of the plan alone the code's", () => {
    const ofCode = baselineOf({ "main.tf": GROUP });
    expect(check({ "main.tf": GROUP, "tfplan.json": plan(), "baseline.json": ofCode }, { baseline: "baseline.json" })).toEqual({ reported: [], suppressed: 2, diagnostics: [] });
    const ofPlan = baselineOf({ "main.tf": GROUP, "tfplan.json": plan() }, "tfplan.json");
    expect(JSON.parse(ofPlan).entries.map((entry: { unit: string }) => basename(entry.unit))).toEqual(["tfplan.json"]);
    expect(check({ "main.tf": GROUP, "tfplan.json": plan(), "baseline.json": ofPlan }, { baseline: "baseline.json" })).toEqual({ reported: [], suppressed: 2, diagnostics: [] });
  });

  test("an entry is unused only where neither has its finding; a plan of other code is not accepted", () => {
    const ofCode = baselineOf({ "main.tf": GROUP });
    const closed = GROUP.replace('"0.0.0.0/0"', '"10.0.0.0/8"');
    const planOnly = check({ "main.tf": closed, "tfplan.json": plan(), "baseline.json": ofCode }, { baseline: "baseline.json" });
    expect(planOnly).toMatchObject({ reported: [], suppressed: 1 });
    expect(planOnly.diagnostics.filter((diagnostic) => diagnostic.startsWith("unused-suppression"))).toEqual([]);
    const neither = check({ "main.tf": closed, "tfplan.json": plan(["aws_security_group.web"], "aws_security_group.other"), "baseline.json": ofCode }, { baseline: "baseline.json" });
    expect(neither.diagnostics.filter((diagnostic) => diagnostic.startsWith("unused-suppression"))).toEqual([expect.stringContaining("PR-SEC-001 on aws_security_group.web")]);
    const otherCode = check({ "main.tf": GROUP, "tfplan.json": plan(["aws_security_group.web", "aws_s3_bucket.extra"]), "baseline.json": ofCode }, { baseline: "baseline.json" });
    expect(otherCode.reported).toEqual(["tfplan.json PR-SEC-001 aws_security_group.web"]);
  });
});

describe("a plan in a module's directory not read with that module's code comes with one notice saying why", () => {
  const notRead = (code: string, differing: string) =>
    `input tfplan.json this plan is not read with ${code}: the plan's configuration is not that module's (${differing} is in only one of them: it may be of other code, or made before the code changed); ` +
    "what only the code tells stays unknown (whether a block the plan holds unknown is left out or `dynamic`, and `lifecycle { prevent_destroy }`)";

  test("a module without suppressions, whose code lists other resources than the plan's configuration", () => {
    const { diagnostics } = check({ "main.tf": GROUP, "tfplan.json": plan(["aws_security_group.web", "aws_s3_bucket.extra"]) });
    expect(diagnostics).toEqual([notRead("the module in its directory", "aws_s3_bucket.extra")]);
  });

  test("a module the root calls by a local source, whose code has changed since the plan", () => {
    const fixture = join(__dirname, "../fixtures/terraform/plan/created-beside-module");
    const text = (path: string) => readFileSync(join(fixture, path), "utf8");
    const added = 'resource "aws_eip" "web" {\n  domain = "vpc"\n}\n';
    const files = { "main.tf": text("main.tf"), "tfplan.json": text("plan.json"), "modules/app/main.tf": text("modules/app/main.tf") + added };
    expect(check(files).diagnostics).toEqual([notRead("the code of module.app, which the module in its directory calls", "module.app.aws_eip.web")]);
    expect(check({ ...files, "modules/app/main.tf": text("modules/app/main.tf") }).diagnostics).toEqual([]);
  });

  test("code whose resources are the plan's, but which writes an argument otherwise than the plan was made from: one notice a plan, where it differs", () => {
    const fixture = join(__dirname, "../fixtures/terraform/plan/code-edited-since-plan");
    const text = (path: string) => readFileSync(join(fixture, path), "utf8");
    const differs =
      `input tfplan.json the code beside this plan differs from the code it was made from: \`redrive_policy\` of aws_sqs_queue.orders at ${mainTf()}:25 refers to other values than the plan records, or to them in other places; ` +
      "what the plan holds unknown is not read from the code where it differs (run terraform plan again to check the code as it is)";
    expect(check({ "main.tf": text("main.tf"), "tfplan.json": text("plan.json") }).diagnostics).toEqual([differs]);
    expect(check({ "main.tf": text("main.tf.planned"), "tfplan.json": text("plan.json") }).diagnostics).toEqual([]);
  });

  test("two arguments written otherwise than the plan was made from: one notice, of the first", () => {
    const fixture = join(__dirname, "../fixtures/terraform/plan/null-argument-beside-module");
    const text = (path: string) => readFileSync(join(fixture, path), "utf8");
    const code = text("main.tf")
      .replace(/redrive_policy = one\([^]*?\n  \}\)/, "redrive_policy = null")
      .replace(/deadLetterTargetArn = aws_sqs_queue\.payments_dlq\.arn/, 'deadLetterTargetArn = "arn:aws:sqs:eu-west-1:123456789012:payments-dlq"');
    const diagnostics = check({ "main.tf": code, "tfplan.json": text("plan.json") }).diagnostics;
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toContain(`\`redrive_policy\` of aws_sqs_queue.orders at ${mainTf()}:32`);
  });
});

// Where suppressions of the module cover a finding the plan reports, their notice says why the plan is not the
// module's, and no other notice repeats it (below).
describe("where the module's suppressions cannot judge the plan, a finding they would cover comes with one notice", () => {
  const advice = "to accept it in the plan too, use the config file's exclude.resources with this plan as the unit, or a baseline";

  test("a plan whose configuration declares other resources or module calls than the module beside it", () => {
    for (const declared of [["aws_security_group.web", "aws_s3_bucket.extra"], ["aws_security_group.web", "module.extra"], []]) {
      const differing = declared[1] ?? "aws_security_group.web";
      expect(check({ "main.tf": ON_THE_RESOURCE, "tfplan.json": plan(declared) })).toEqual({
        reported: ["tfplan.json PR-SEC-001 aws_security_group.web"],
        suppressed: 1,
        diagnostics: [
          `input tfplan.json PR-SEC-001 on aws_security_group.web is reported in this plan though the module in its directory suppresses it (${mainTf()}:1:1): the plan's configuration is not that module's (${differing} is in only one of them: it may be of other code, or made before the code changed); ${advice}`,
        ],
      });
    }
  });

  test("a plan without a configuration section", () => {
    expect(check({ "main.tf": ON_THE_RESOURCE, "tfplan.json": plan(null) }).diagnostics).toEqual([
      `input tfplan.json PR-SEC-001 on aws_security_group.web is reported in this plan though the module in its directory suppresses it (${mainTf()}:1:1): the plan has no configuration section to tell that it was made from that module; ${advice}`,
    ]);
  });

  test("a comment inside a nested block, which covers what is written within the block's lines; none once it has expired", () => {
    const nested = (expiry: string) => GROUP.replace("  ingress {", `  ingress { # prodready:ignore PR-SEC-001 ${expiry}bastion host`);
    expect(check({ "main.tf": nested(""), "tfplan.json": plan() })).toEqual({
      reported: ["tfplan.json PR-SEC-001 aws_security_group.web"],
      suppressed: 1,
      diagnostics: [
        `input tfplan.json PR-SEC-001 on aws_security_group.web is reported in this plan though the module in its directory suppresses it (${mainTf()}:3:13): a comment on or inside a nested block, or on a module call's argument, covers what is written within its lines, which a plan does not have; ${advice}`,
      ],
    });
    const expired = check({ "main.tf": nested("exp:2025-12-31 "), "tfplan.json": plan() });
    expect(expired.reported).toHaveLength(2);
    expect(expired.diagnostics).toEqual([expect.stringMatching(/^expired-suppression main\.tf:3 prodready:ignore comment for PR-SEC-001 on aws_security_group\.web at ingress\.0 expired on 2025-12-31/)]);
  });

  test("none once what it advises accepts the finding: an exclusion with the plan as its unit, or a baseline", () => {
    const files = { "main.tf": ON_THE_RESOURCE, "tfplan.json": plan(null) };
    const exclusion = { address: "aws_security_group.web", rule: "PR-SEC-001", unit: "tfplan.json", reason: "bastion host, restricted by NACL" };
    // What is left is the word that the module's code is not read with the plan.
    const notRead = [expect.stringMatching(/^input tfplan\.json this plan is not read with the module in its directory: the plan has no configuration section/)];
    expect(check(files, { config: { exclude: { resources: [exclusion] } } })).toEqual({ reported: [], suppressed: 2, diagnostics: notRead });

    writeFileSync(join(root, ".prodready.json"), "{}");
    const { baselineText } = checkPaths({ paths: [root], configFile: join(root, ".prodready.json"), commandLineVariables: [], today: "2026-01-01", profile: "platform" });
    expect(check({ ...files, "baseline.json": baselineText }, { baseline: "baseline.json" })).toEqual({ reported: [], suppressed: 2, diagnostics: notRead });
  });
});

/** main.tf as reports name it. */
function mainTf(): string {
  return displayPath(join(root, "main.tf"));
}
