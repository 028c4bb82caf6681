/**
 * `exclude.resources` by CDKTF construct path (`construct:`), on stacks synthesized with cdktf: the address CDKTF
 * gives a resource in a construct ends in a hash of its path, which no one should have to copy into a config file.
 */
import { writeFileSync } from "fs";
import { join, relative } from "path";
import { TerraformHclModule, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { synthesizeApp, type SynthesizedApp } from "../support/cdktf";
import { openSshGroup } from "../support/open-ssh";
import { writeFiles } from "../support/scratch";

/** SSH open to the internet: PR-SEC-001 on each. */
const OPEN_SSH = { ingress: [{ fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"] }] };
const HCL_BASTION = openSshGroup("bastion");

let app: SynthesizedApp;
beforeAll(() => {
  app = synthesizeApp((root) => {
    for (const name of ["network", "staging"]) {
      const stack = new TerraformStack(root, name);
      new AwsProvider(stack, "aws", { region: "eu-west-1" });
      const vpc = new Construct(stack, "Vpc");
      new SecurityGroup(vpc, "Bastion", { name: "vpc-bastion", ...OPEN_SSH });
      new SecurityGroup(new Construct(vpc, "PublicSubnet"), "Jump", { name: "subnet-jump", ...OPEN_SSH });
      // A sibling whose name starts like the excluded construct's: a glob is matched name by name.
      new SecurityGroup(new Construct(stack, "VpcPeering"), "Relay", { name: "relay", ...OPEN_SSH });
      new SecurityGroup(stack, "Edge", { name: "edge", ...OPEN_SSH });
    }
  });
  writeFiles(app.root, { "envs/prod/main.tf": HCL_BASTION });
});
afterAll(() => app.dispose());

/** Checks `paths` (cdktf.out and envs unless told) with `resources` as the config file's exclusions. */
function check(resources: object[], paths = [app.outdir, join(app.root, "envs")]) {
  writeFileSync(app.configFile, JSON.stringify({ exclude: { resources } }, null, 2) + "\n");
  const { report } = app.check({ paths });
  return {
    /** Where SSH is still reported: a construct path, or the address and unit of what has none. */
    reported: report.findings
      .filter((finding) => finding.ruleId === "PR-SEC-001")
      .map((finding) => finding.location.constructPath ?? `${finding.resource.address} in ${relative(app.root, finding.unit!)}`)
      .sort(),
    messages: report.diagnostics.map((diagnostic) => `${diagnostic.code} ${diagnostic.line}: ${diagnostic.message}`),
  };
}

const EVERYWHERE = ["aws_security_group.bastion in envs/prod"];
const NETWORK = ["network/Edge", "network/Vpc/Bastion", "network/Vpc/PublicSubnet/Jump", "network/VpcPeering/Relay"];
const STAGING = NETWORK.map((path) => path.replace("network", "staging"));

test("without exclusions, every open security group is reported, each CDKTF one with its construct path", () => {
  expect(check([])).toEqual({ reported: [...EVERYWHERE, ...NETWORK, ...STAGING], messages: [] });
});

test("a construct path excludes that construct and everything in it, and nothing else, without a warning", () => {
  const reason = "the VPC's hosts are reached through the VPN only";
  expect(check([{ construct: "network/Vpc", rule: "PR-SEC-001", reason }])).toEqual({
    reported: [...EVERYWHERE, "network/Edge", "network/VpcPeering/Relay", ...STAGING],
    messages: [],
  });
  // `*` is one construct's name: what the Vpc construct holds, at any depth below it.
  expect(check([{ construct: "network/Vpc/*", reason }]).reported).toEqual([...EVERYWHERE, "network/Edge", "network/VpcPeering/Relay", ...STAGING]);
  expect(check([{ construct: "network/Vpc/PublicSubnet", reason }]).reported).toEqual([...EVERYWHERE, "network/Edge", "network/Vpc/Bastion", "network/VpcPeering/Relay", ...STAGING]);
  // Across stacks: construct paths start at the stack.
  expect(check([{ construct: "*/Vpc", reason }]).reported).toEqual([...EVERYWHERE, "network/Edge", "network/VpcPeering/Relay", "staging/Edge", "staging/VpcPeering/Relay"]);
});

test("a construct path never covers a resource of Terraform HCL, which has none, whatever the glob", () => {
  expect(check([{ construct: "**", reason: "r" }])).toEqual({ reported: EVERYWHERE, messages: [] });
});

test("with a unit, it applies in that stack only", () => {
  const result = check([{ construct: "*/Vpc", unit: "cdktf.out/stacks/staging", reason: "r" }]);
  expect(result).toEqual({ reported: [...EVERYWHERE, ...NETWORK, "staging/Edge", "staging/VpcPeering/Relay"], messages: [] });
});

test("one that matches no finding is reported at its line, naming the construct", () => {
  const result = check([
    { construct: "network/Vpc", rule: "PR-SEC-001", reason: "r" },
    { construct: "network/Gone", rule: "PR-SEC-001", reason: "r" },
  ]);
  expect(result.reported).toEqual([...EVERYWHERE, "network/Edge", "network/VpcPeering/Relay", ...STAGING]);
  expect(result.messages).toEqual(["unused-suppression 9: config file exclusion for PR-SEC-001 on construct network/Gone matches no finding; remove it"]);
});

test("one limited to a unit that is no CDKTF stack says so, as it can match nothing there", () => {
  const result = check([{ construct: "**", unit: "envs/prod", reason: "r" }]);
  expect(result.reported).toEqual([...EVERYWHERE, ...NETWORK, ...STAGING]);
  expect(result.messages).toEqual(["unused-suppression 4: config file exclusion for every rule on construct ** in envs/prod matches no CDKTF stack checked in this run; correct its unit or remove it"]);
});

test("a run that checks no CDKTF output says nothing of exclusions by construct path, which are for the runs that do", () => {
  const resources = [{ construct: "network/Gone", reason: "r" }, { construct: "**", unit: "envs/prod", reason: "r", expires: "2020-01-01" }];
  expect(check(resources, [join(app.root, "envs")])).toEqual({ reported: EVERYWHERE, messages: [] });
});

describe("a CDKTF module call", () => {
  let modules: SynthesizedApp;
  beforeAll(() => {
    modules = synthesizeApp((root) => {
      const stack = new TerraformStack(root, "network");
      new AwsProvider(stack, "aws", { region: "eu-west-1" });
      new TerraformHclModule(new Construct(stack, "Vpc"), "Db", { source: "./modules/db", skipAssetCreationFromLocalModules: true });
    });
    // Terraform resolves the source from the stack's directory; the module calls one of its own.
    writeFiles(join(modules.outdir, "stacks", "network", "modules", "db"), {
      "main.tf": `${HCL_BASTION}module "inner" {\n  source = "./inner"\n}\n`,
      "inner/main.tf": HCL_BASTION,
    });
  });
  afterAll(() => modules.dispose());

  /** The addresses where SSH is still reported, and the diagnostics' messages, with `resources` excluded. */
  function checkModule(resources: object[]) {
    writeFileSync(modules.configFile, JSON.stringify({ exclude: { resources } }, null, 2) + "\n");
    const { report } = modules.check();
    return {
      reported: report.findings.filter((finding) => finding.ruleId === "PR-SEC-001").map((finding) => `${finding.location.constructPath} ${finding.resource.address}`),
      messages: report.diagnostics.map((diagnostic) => diagnostic.message),
    };
  }
  // The call's name ends in a hash of its path too.
  const BOTH = ["network/Vpc/Db module.Vpc_Db_2965277D.aws_security_group.bastion", "network/Vpc/Db module.Vpc_Db_2965277D.module.inner.aws_security_group.bastion"];

  test("its resources take its construct path, which covers them all, as what holds it does", () => {
    expect(checkModule([])).toEqual({ reported: BOTH, messages: [] });
    for (const construct of ["network/Vpc/Db", "network/Vpc/*", "*/Vpc"]) expect(checkModule([{ construct, reason: "r" }])).toEqual({ reported: [], messages: [] });
  });

  test("what the call holds is each of its resources, by its address in the module, as a construct in it", () => {
    for (const construct of ["network/Vpc/Db/*", "network/Vpc/Db/**"]) {
      expect(checkModule([{ construct, reason: "r" }])).toEqual({ reported: [], messages: [] });
    }
    expect(checkModule([{ construct: "network/Vpc/Db/aws_*", reason: "r" }]).reported).toEqual(BOTH.slice(1));
    expect(checkModule([{ construct: "network/Vpc/Db/module.inner", reason: "r" }]).reported).toEqual(BOTH.slice(0, 1));
    expect(checkModule([{ construct: "network/Vpc/Db/aws_security_group.gone", reason: "r" }]).messages).toEqual([
      "config file exclusion for every rule on construct network/Vpc/Db/aws_security_group.gone matches no finding; remove it",
    ]);
  });
});
