import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/configuration/aws-database-no-literal-master-password";

const outcomes = (type: string, props: Record<string, unknown>) => {
  const run = runRule(rule, fromPulumi({ type, name: "db", props }), {});
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}`) : [];
};

describe("aws-database-no-literal-master-password", () => {
  test("a secret-store reference is not a literal", () => {
    expect(outcomes("aws:rds/cluster:Cluster", { masterPassword: "{{resolve:secretsmanager:prod/db:SecretString:password}}" })).toEqual([]);
  });

  test("unknown passwords are undecided", () => {
    expect(outcomes("aws:rds/instance:Instance", { password: UNKNOWN })).toEqual(["undecided password"]);
  });

  test("the message names the property, never the value", () => {
    const run = runRule(rule, fromPulumi({ type: "aws:rds/instance:Instance", name: "db", props: { password: "hunter2-prod" } }), {});
    expect(run.applicable && run.judgements[0].message).toBe("password is a literal master password, kept in state");
  });

  test("Redshift's managed password passes", () => {
    expect(outcomes("aws:redshift/cluster:Cluster", { manageMasterPassword: true, masterUsername: "admin" })).toEqual([]);
  });
});
