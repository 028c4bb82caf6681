import { fromPulumi } from "../../../src/adapters/pulumi";
import { loadTerraform } from "../../../src/adapters/terraform";
import { runRule } from "../../../src/engine/evaluate";
import { PartialString, UNKNOWN, type Resource } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/configuration/aws-ecr-scan-on-push";
import { fixesIn } from "../../support/fixes";
import { withFiles } from "../../support/scratch";

const repository = (name: unknown, scanOnPush?: boolean) =>
  fromPulumi({ type: "aws:ecr/repository:Repository", name: "repo", props: { name, ...(scanOnPush === undefined ? {} : { imageScanningConfiguration: { scanOnPush } }) } });

const registry = (scanType: unknown, rules: unknown[]) =>
  fromPulumi({ type: "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration", name: "registry", props: { scanType, rules } });

const scanningRule = (scanFrequency: unknown, ...filters: unknown[]) => ({ scanFrequency, repositoryFilters: filters.map((filter) => ({ filter, filterType: "WILDCARD" })) });

function outcomes(resources: Resource[]): string[] {
  const run = runRule(rule, resources, {});
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}`) : ["not applicable"];
}

describe("aws-ecr-scan-on-push", () => {
  test("reads Terraform's one-element list form", () => {
    const repo = repository("web");
    repo.props.image_scanning_configuration = [{ scan_on_push: false }];
    expect(outcomes([repo])).toEqual(["violation image_scanning_configuration.0.scan_on_push"]);
  });

  test("a repository the registry's configuration leaves out is told to fix the registry, whose configuration overrides its own setting", () => {
    const resources = [
      {
        type: "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration",
        name: "registry",
        props: { scanType: "ENHANCED", rules: [{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [{ filter: "web", filterType: "WILDCARD" }] }] },
      },
      { type: "aws:ecr/repository:Repository", name: "api", props: { name: "api", imageScanningConfiguration: { scanOnPush: true } } },
    ];
    expect(fixesIn("terraform", rule, resources)).toEqual({
      api:
        'Make the registry scanning configuration (aws_ecr_registry_scanning_configuration) scan this repository: give one of its rules with scan_frequency "SCAN_ON_PUSH" ' +
        '(or, with scan_type "ENHANCED", "CONTINUOUS_SCAN") a repository_filter that matches the repository\'s name, or add such a rule; a filter of "*", "WILDCARD" matches every repository.',
    });
    expect(fixesIn("pulumi", rule, resources)).toEqual({
      api:
        'Make the registry scanning configuration (aws.ecr.RegistryScanningConfiguration) scan this repository: give one of its rules with scanFrequency "SCAN_ON_PUSH" ' +
        '(or, with scanType "ENHANCED", "CONTINUOUS_SCAN") a repositoryFilter that matches the repository\'s name, or add such a rule; a filter of "*", "WILDCARD" matches every repository.',
    });
    // Where the configuration may not be created, the repository's own setting may decide: that finding's fix names it.
    const maybe: Resource = { ...registry("ENHANCED", [scanningRule("CONTINUOUS_SCAN", "prod-*")]), existenceUnknown: { hangsOn: "its count" } };
    const run = runRule(rule, [maybe, repository("web")], {});
    expect(run.applicable && run.judgements.map((j) => `${j.path}: ${j.remediation?.split(" ", 3).join(" ")}`)).toEqual([": Make the registry", "image_scanning_configuration: Set scan_on_push to"]);
  });

  test("a registry rule that scans on push or continuously, with a matching filter, covers the repository", () => {
    expect(outcomes([registry("ENHANCED", [scanningRule("CONTINUOUS_SCAN", "*")]), repository("app")])).toEqual([]);
    expect(outcomes([registry("BASIC", [scanningRule("SCAN_ON_PUSH", "*")]), repository("app", false)])).toEqual([]);
    expect(outcomes([registry("ENHANCED", [scanningRule("SCAN_ON_PUSH", "prod-*"), scanningRule("CONTINUOUS_SCAN", "team/*")]), repository("team/app")])).toEqual([]);
  });

  test("filters match as ECR's table shows: a plain filter within the name, a wildcard on the whole name", () => {
    const matched = (filter: string, name: string) => outcomes([registry("ENHANCED", [scanningRule("CONTINUOUS_SCAN", filter)]), repository(name)]).length === 0;
    const names = ["prod", "repo-prod", "prod-repo", "repo-prod-repo", "prodrepo"];
    expect(names.map((name) => matched("prod", name))).toEqual([true, true, true, true, true]);
    expect(names.map((name) => matched("*prod", name))).toEqual([true, true, false, false, false]);
    expect(names.map((name) => matched("prod*", name))).toEqual([true, false, true, false, true]);
    expect(names.map((name) => matched("*prod*", name))).toEqual([true, true, true, true, true]);
    expect(names.map((name) => matched("prod*repo", name))).toEqual([false, false, true, false, true]);
    // A dot in a filter is a dot.
    expect(matched("app.v1", "appxv1")).toBe(false);
  });

  test("a repository the registry's rules leave out is not scanned, whatever its own setting", () => {
    expect(outcomes([registry("ENHANCED", [scanningRule("CONTINUOUS_SCAN", "prod-*")]), repository("staging-web", true)])).toEqual(["violation "]);
    expect(outcomes([registry("BASIC", [scanningRule("MANUAL", "*")]), repository("web", true)])).toEqual(["violation "]);
    expect(outcomes([registry("ENHANCED", []), repository("web", true)])).toEqual(["violation "]);
  });

  test("a BASIC configuration without rules, AWS's default, leaves the repository its own setting", () => {
    expect(outcomes([registry("BASIC", []), repository("web", true)])).toEqual([]);
    expect(outcomes([registry("BASIC", []), repository("web")])).toEqual(["violation image_scanning_configuration"]);
  });

  test("unknown filters, frequencies, names and scan types are undecided; a filter of only '*' matches any name", () => {
    expect(outcomes([registry("ENHANCED", [scanningRule("CONTINUOUS_SCAN", UNKNOWN)]), repository("web")])).toEqual(["undecided "]);
    expect(outcomes([registry("ENHANCED", [scanningRule(UNKNOWN, "*")]), repository("web")])).toEqual(["undecided "]);
    expect(outcomes([registry(UNKNOWN, [scanningRule("CONTINUOUS_SCAN", "*")]), repository("web")])).toEqual(["undecided "]);
    expect(outcomes([registry("ENHANCED", [scanningRule("CONTINUOUS_SCAN", "web*")]), repository(UNKNOWN)])).toEqual(["undecided "]);
    expect(outcomes([registry("ENHANCED", [scanningRule("CONTINUOUS_SCAN", "**")]), repository(UNKNOWN)])).toEqual([]);
    // One filter that matches settles it, whatever the others are.
    expect(outcomes([registry("ENHANCED", [scanningRule("CONTINUOUS_SCAN", UNKNOWN, "*")]), repository("web")])).toEqual([]);
  });

  test("a name known only in part matches a wildcard filter where its known start and end decide", () => {
    const matched = (filter: string, name: PartialString) => {
      const repo = repository("", true);
      repo.props.name = name;
      return outcomes([registry("ENHANCED", [scanningRule("CONTINUOUS_SCAN", filter)]), repo]).join();
    };
    const svc = new PartialString("svc-", "");
    // No end of the unknown part makes "svc-..." start with "team-": the registry leaves the repository unscanned.
    expect(matched("team-*", svc)).toBe("violation ");
    expect(matched("svc-*", svc)).toBe("");
    expect(matched("s*", svc)).toBe("");
    expect(matched("svc-api-*", svc)).toBe("undecided ");
    expect(matched("*-prod", new PartialString("", "-staging"))).toBe("violation ");
    expect(matched("svc-*-prod", new PartialString("svc-", "-prod"))).toBe("");
    // Text between two '*' may or may not be in the unknown middle.
    expect(matched("svc-*-api-*", svc)).toBe("undecided ");
    expect(matched("svc-*", new PartialString("sv", ""))).toBe("undecided ");
    // A filter without '*' may lie within the unknown part.
    expect(matched("team", svc)).toBe("undecided ");
  });

  test("Terraform: a name built around a value known at apply is judged by its known start", () => {
    const main = `
resource "random_id" "s" {
  byte_length = 4
}

resource "aws_ecr_repository" "svc" {
  name = "svc-\${random_id.s.hex}"
  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecr_registry_scanning_configuration" "this" {
  scan_type = "ENHANCED"
  rule {
    scan_frequency = "CONTINUOUS_SCAN"
    repository_filter {
      filter      = "team-*"
      filter_type = "WILDCARD"
    }
  }
}
`;
    withFiles({ "main.tf": main }, (dir) => {
      const run = runRule(rule, loadTerraform([dir], { commandLineVariables: [] }).units.flatMap((unit) => unit.resources), {});
      expect(run.applicable && run.judgements.map((j) => `${j.outcome} ${j.address}`)).toEqual(["violation aws_ecr_repository.svc"]);
    });
  });

  test("a configuration that may not be created leaves the repository's own setting possible", () => {
    const maybe = (resource: Resource): Resource => ({ ...resource, existenceUnknown: { hangsOn: "its count" } });
    expect(outcomes([maybe(registry("ENHANCED", [scanningRule("CONTINUOUS_SCAN", "*")])), repository("web", true)])).toEqual([]);
    expect(outcomes([maybe(registry("ENHANCED", [scanningRule("CONTINUOUS_SCAN", "*")])), repository("web")])).toEqual(["undecided "]);
    expect(outcomes([maybe(registry("ENHANCED", [scanningRule("CONTINUOUS_SCAN", "prod-*")])), repository("web")])).toEqual(["violation ", "violation image_scanning_configuration"]);
  });

  test("a stack without repositories is not applicable", () => {
    expect(outcomes([registry("ENHANCED", [scanningRule("CONTINUOUS_SCAN", "*")])])).toEqual(["not applicable"]);
  });

  test("Terraform's blocks read the same: the configuration the rule's remediation suggests clears the finding", () => {
    const main = `
variable "team_filter" {
  type = string
}

resource "aws_ecr_registry_scanning_configuration" "this" {
  scan_type = "ENHANCED"
  rule {
    scan_frequency = "CONTINUOUS_SCAN"
    repository_filter {
      filter      = "app*"
      filter_type = "WILDCARD"
    }
    repository_filter {
      filter      = var.team_filter
      filter_type = "WILDCARD"
    }
  }
}

resource "aws_ecr_repository" "app" {
  name = "app"
}

resource "aws_ecr_repository" "tools" {
  name = "tools"
  image_scanning_configuration {
    scan_on_push = true
  }
}
`;
    withFiles({ "main.tf": main }, (dir) => {
      const loaded = loadTerraform([dir], { commandLineVariables: [] });
      // The unknown filter is a variable given no value, which a notice tells of.
      expect(loaded.diagnostics).toEqual([expect.objectContaining({ severity: "notice", line: 2, message: expect.stringContaining('variable "team_filter" has no default') })]);
      const run = runRule(rule, loaded.units.flatMap((unit) => unit.resources), {});
      // "tools" matches no known filter, and the unknown one may match it.
      expect(run.applicable && run.judgements.map((j) => `${j.outcome} ${j.address}`)).toEqual(["undecided aws_ecr_repository.tools"]);
    });
  });
});
