import { isSecretPath, isUnknown, valueAt } from "../../../model/resource";
import { isLiteralSecret } from "../../secrets";
import { resourceRule, undecided, violation, type Verdict } from "../../rule";

/** Where each engine takes a master password; `_wo` (write-only) arguments never reach state. */
const PASSWORD_PROPERTIES: Record<string, { stored: string; writeOnly: string }> = {
  aws_db_instance: { stored: "password", writeOnly: "password_wo" },
  aws_rds_cluster: { stored: "master_password", writeOnly: "master_password_wo" },
  aws_redshift_cluster: { stored: "master_password", writeOnly: "master_password_wo" },
  aws_docdb_cluster: { stored: "master_password", writeOnly: "master_password_wo" },
};

export default resourceRule({
  id: "PR-CFG-004",
  slug: "aws-database-no-literal-master-password",
  title: "Database master passwords are managed by Secrets Manager, not written as literals",
  checklist: "5.2.4",
  severity: "high",
  description:
    "A master password given as a value (`password` on RDS instances, `master_password` on Aurora, Redshift and " +
    "DocumentDB clusters) is stored in the Terraform state or Pulumi checkpoint and cannot rotate without a code " +
    "change. Compliant: `manage_master_user_password = true` (Redshift: " +
    "`manage_master_password`), a secret-store reference, or a write-only `*_wo` argument fed from a secret, such " +
    "as a sensitive or ephemeral variable set at apply or an ephemeral resource (a write-only argument written as " +
    "a literal in the program is still a password in source code, also as such a variable's default that nothing " +
    "overrides, as its value in a committed tfvars file, or wrapped in `sensitive()`). A stored password not known to the check " +
    "(`random_password.<name>.result`, a data source's secret, a variable without a default) or handed in when Terraform runs (`--var`, `TF_VAR_<name>`, a " +
    "tfvars file outside the checked paths or ignored by git, as CI passes a secrets file it writes; a value in a " +
    "committed tfvars file is written in the code) is undecided: it is not a literal in the code, so not what this " +
    "rule reports, but it is still kept in state, so not compliant either; `manage_master_user_password` or a " +
    "write-only argument settles it. A plan knows every stored password, so there only one written as a constant " +
    "in the configuration is reported; one worked out from anything else is undecided. A plan never holds a " +
    "write-only password: one written as a constant in the configuration is reported, one opened from an ephemeral " +
    "resource passes, and any other (a variable, which may have a literal default) is undecided. In Pulumi, " +
    "pulumi-aws marks every master password secret. The offline run (`prodready pulumi`) is told what each input " +
    "was worked out from: a password the program or the stack's configuration writes (a `secure:` value too, " +
    "encrypted in the checkpoint but a literal there and in the provider's state) is reported; one worked out from " +
    "another resource's outputs is undecided, as is any a resource transform handles, whose origin is not told. " +
    "The policy pack's Analyze is not told: a password typed in, one from config, a generated one " +
    "(`RandomPassword.result`, known during `pulumi up`) and a secret store's value all arrive as one known secret, " +
    "so the pack leaves a password marked secret undecided, which under pulumi-aws is every one, and reports only " +
    "one sent unmarked.",
  remediation:
    "Remove the password and set `manage_master_user_password = true` (Pulumi: `manageMasterUserPassword: true`; " +
    "Redshift: `manage_master_password` / `manageMasterPassword`), then read the generated secret in the application: " +
    "its ARN is in `master_user_secret` (Pulumi: `masterUserSecrets`), for Redshift in `master_password_secret_arn` " +
    "(`masterPasswordSecretArn`). Plan the switch: the password changes to the managed one.",
  links: [
    "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-secrets-manager.html",
    "https://docs.aws.amazon.com/redshift/latest/mgmt/redshift-secrets-manager-integration.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/db_instance#manage_master_user_password",
    "https://www.pulumi.com/registry/packages/aws/api-docs/rds/instance/",
  ],
  kinds: Object.keys(PASSWORD_PROPERTIES),
  config: {},
  check(resource) {
    const properties = PASSWORD_PROPERTIES[resource.kind];
    if (properties === undefined) return [];
    const verdicts: Verdict[] = [];
    // A plan knows a generated or fetched password, an evaluation one handed in at run (`--var`, `TF_VAR_`), and a
    // Pulumi run one worked out from another resource's outputs, but not whether it was typed in somewhere.
    const workedOut = (property: string) =>
      resource.derivedProperties?.includes(property) && undecided(property, `${property} is worked out from a variable, a local, another resource or a function such as file(), which may hold a literal`);
    const stored = valueAt(resource.props, properties.stored);
    const storedWorkedOut = workedOut(properties.stored);
    if (isUnknown(stored)) verdicts.push(undecided(properties.stored));
    else if (storedWorkedOut) verdicts.push(storedWorkedOut);
    else if (isLiteralSecret(stored)) {
      verdicts.push(
        resource.untracedSecrets?.includes(properties.stored)
          ? undecided(properties.stored, `${properties.stored} is a secret of unseen origin: typed in, from config, generated or from a secret store, it looks the same here, and is kept in state either way; a password Secrets Manager manages settles it`)
          : violation(properties.stored, `${properties.stored} is a literal master password, kept in state`),
      );
    }
    // A write-only value marked secret came from a secret (a sensitive or ephemeral variable set at apply, config, a
    // secret store), even while it is unknown; an unmarked literal, or a secret the configuration writes itself, was typed in.
    if (isSecretPath(resource, properties.writeOnly) && !resource.writtenSecrets?.includes(properties.writeOnly)) return verdicts;
    const writeOnly = valueAt(resource.props, properties.writeOnly);
    const writeOnlyWorkedOut = workedOut(properties.writeOnly);
    if (isUnknown(writeOnly)) verdicts.push(undecided(properties.writeOnly));
    else if (writeOnlyWorkedOut) verdicts.push(writeOnlyWorkedOut);
    else if (isLiteralSecret(writeOnly)) verdicts.push(violation(properties.writeOnly, `${properties.writeOnly} is a master password written in source code`));
    return verdicts;
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "an RDS instance with its password typed into the program",
          resources: [
            {
              type: "aws:rds/instance:Instance",
              name: "fail_db",
              props: { engine: "postgres", instanceClass: "db.t4g.micro", allocatedStorage: 20, username: "app", password: "changeme-2024" },
            },
          ],
        },
        {
          description: "an Aurora cluster with its master password typed into the program",
          resources: [
            {
              type: "aws:rds/cluster:Cluster",
              name: "fail_aurora",
              props: { engine: "aurora-postgresql", masterUsername: "app", masterPassword: "Aurora-Typed-2024" },
            },
          ],
        },
        {
          description: "a Redshift cluster with a write-only password typed into the program",
          resources: [
            {
              type: "aws:redshift/cluster:Cluster",
              name: "fail_warehouse",
              props: { clusterIdentifier: "warehouse", nodeType: "ra3.large", masterUsername: "admin", masterPasswordWo: "Typed-In-2024", masterPasswordWoVersion: 1 },
            },
          ],
        },
      ],
      pass: [
        {
          description: "an RDS instance whose master password Secrets Manager manages",
          resources: [
            {
              type: "aws:rds/instance:Instance",
              name: "pass_db",
              props: { engine: "postgres", instanceClass: "db.t4g.micro", allocatedStorage: 20, username: "app", manageMasterUserPassword: true },
            },
          ],
        },
        {
          description: "a DocumentDB cluster whose write-only password comes from a Pulumi secret",
          resources: [
            {
              type: "aws:docdb/cluster:Cluster",
              name: "pass_docs",
              props: {
                masterUsername: "app",
                masterPasswordWo: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "from-pulumi-config" },
                masterPasswordWoVersion: 1,
              },
            },
          ],
        },
      ],
    },
  },
});
