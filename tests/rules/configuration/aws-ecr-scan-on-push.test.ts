import { fromPulumi, toPulumiInputs } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import rule from "../../../src/rules/aws/configuration/aws-ecr-scan-on-push";

describe("aws-ecr-scan-on-push", () => {
  test("the fix turns into Pulumi inputs and makes the repository compliant", () => {
    const repository = fromPulumi({ type: "aws:ecr/repository:Repository", name: "repo", props: { name: "web" } });
    const patch = rule.remediate?.(repository, {});
    expect(toPulumiInputs(repository.kind, patch ?? {})).toEqual({ imageScanningConfiguration: { scanOnPush: true } });
    const fixed = { ...repository, props: { ...repository.props, ...patch } };
    expect(runRule(rule, fixed, {})).toEqual({ applicable: true, judgements: [] });
  });

  test("reads Terraform's one-element list form", () => {
    const repository = fromPulumi({ type: "aws:ecr/repository:Repository", name: "repo", props: {} });
    repository.props.image_scanning_configuration = [{ scan_on_push: false }];
    const run = runRule(rule, repository, {});
    expect(run.applicable && run.judgements.map((j) => j.path)).toEqual(["image_scanning_configuration.0.scan_on_push"]);
  });
});
