import { fromPulumi } from "../../../src/adapters/pulumi";
import { resourcesFromPlan } from "../../../src/adapters/terraform/plan";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, type Resource } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/security/aws-efs-encryption";

function judged(resources: Resource[]): string[] {
  const run = runRule(rule, resources, {});
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}: ${j.message}`) : [];
}

const fileSystem = (props: Record<string, unknown>) => judged([fromPulumi({ type: "aws:efs/fileSystem:FileSystem", name: "shared", props })]);

/** A plan creating one file system, whose configuration writes `expressions`; `encrypted` unknown until apply. */
function planned(expressions: Record<string, unknown>): string[] {
  const plan = {
    format_version: "1.2",
    terraform_version: "1.11.4",
    planned_values: { root_module: {} },
    resource_changes: [
      {
        address: "aws_efs_file_system.shared",
        mode: "managed",
        type: "aws_efs_file_system",
        name: "shared",
        provider_name: "registry.terraform.io/hashicorp/aws",
        change: {
          actions: ["create"],
          before: null,
          after: { creation_token: "shared" },
          after_unknown: { arn: true, id: true, encrypted: true, kms_key_id: true },
          before_sensitive: false,
          after_sensitive: {},
        },
      },
    ],
    configuration: {
      root_module: {
        resources: [
          { address: "aws_efs_file_system.shared", mode: "managed", type: "aws_efs_file_system", name: "shared", provider_config_key: "aws", expressions: { creation_token: { constant_value: "shared" }, ...expressions } },
        ],
      },
    },
  };
  const { resources, diagnostics } = resourcesFromPlan(JSON.stringify(plan), "plan.json");
  expect(diagnostics).toEqual([]);
  return judged(resources);
}

describe("aws-efs-encryption", () => {
  const NOT_ENCRYPTED = "violation encrypted: the file system is not encrypted at rest (encrypted is not true)";

  test("only encrypted = true passes; left out, false, or a key alone fails", () => {
    expect(fileSystem({ encrypted: true })).toEqual([]);
    expect(fileSystem({ encrypted: "true" })).toEqual([]);
    expect(fileSystem({})).toEqual([NOT_ENCRYPTED]);
    expect(fileSystem({ encrypted: false })).toEqual([NOT_ENCRYPTED]);
    // EFS refuses a key without encrypted = true: the key alone encrypts nothing.
    expect(fileSystem({ kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" })).toEqual([NOT_ENCRYPTED]);
  });

  test("a setting known only after deployment is undecided", () => {
    expect(fileSystem({ encrypted: UNKNOWN })).toEqual(["undecided encrypted: value is not known to the check"]);
  });

  test("in a plan, encrypted unknown because the code leaves it to the provider fails; one the code computes is undecided", () => {
    expect(planned({})).toEqual([NOT_ENCRYPTED]);
    expect(planned({ encrypted: { references: ["var.encrypt"] } })).toEqual(["undecided encrypted: value is not known to the check"]);
  });
});
