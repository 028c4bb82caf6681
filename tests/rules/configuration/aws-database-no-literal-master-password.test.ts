import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/configuration/aws-database-no-literal-master-password";

/** A Pulumi secret whose value is unknown during preview. */
const SECRET_UNKNOWN = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: UNKNOWN };

const outcomes = (type: string, props: Record<string, unknown>) => {
  const run = runRule(rule, fromPulumi({ type, name: "db", props }), {});
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}`) : [];
};

describe("aws-database-no-literal-master-password", () => {
  test("a secret-store reference is not a literal", () => {
    expect(outcomes("aws:rds/cluster:Cluster", { masterPassword: "{{resolve:secretsmanager:prod/db:SecretString:password}}" })).toEqual([]);
  });

  test("unknown passwords are undecided, also secret ones in the stored argument", () => {
    expect(outcomes("aws:rds/instance:Instance", { password: UNKNOWN })).toEqual(["undecided password"]);
    expect(outcomes("aws:rds/instance:Instance", { password: SECRET_UNKNOWN })).toEqual(["undecided password"]);
    expect(outcomes("aws:rds/instance:Instance", { passwordWo: UNKNOWN })).toEqual(["undecided password_wo"]);
  });

  test("a write-only password from a secret is compliant even while unknown", () => {
    expect(outcomes("aws:rds/instance:Instance", { passwordWo: SECRET_UNKNOWN, passwordWoVersion: 1 })).toEqual([]);
  });

  test("the message names the property, never the value", () => {
    const run = runRule(rule, fromPulumi({ type: "aws:rds/instance:Instance", name: "db", props: { password: "hunter2-prod" } }), {});
    expect(run.applicable && run.judgements[0].message).toBe("password is a literal master password, kept in state");
  });

  test("Redshift's managed password passes", () => {
    expect(outcomes("aws:redshift/cluster:Cluster", { manageMasterPassword: true, masterUsername: "admin" })).toEqual([]);
  });
});
