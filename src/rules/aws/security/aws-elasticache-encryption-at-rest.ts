import { isUnknown } from "../../../model/resource";
import { GLOBAL_DATASTORE, SECONDARY_INHERITS } from "../../elasticache";
import { argumentValue, expectValue, isTrue, nullableBool, unlessSet } from "../../read";
import { resourceRule, undecided } from "../../rule";
import { fixOf } from "../../fixes";

export default resourceRule({
  id: "PR-SEC-012",
  slug: "aws-elasticache-encryption-at-rest",
  title: "ElastiCache replication groups encrypt data at rest",
  checklist: "3.1.1",
  severity: "high",
  description:
    "Caches hold sessions, tokens and copies of database rows. Without encryption at rest, ElastiCache writes " +
    "them unencrypted to disk during sync, swap and backups, and exported snapshots are readable. The setting can " +
    "only be chosen when the replication group is created. Valkey groups are encrypted unless turned off; Redis " +
    "OSS groups are not unless asked. A global datastore's secondary group takes its encryption from the datastore, " +
    "whose primary group is judged.",
  remediation:
    "Set `at_rest_encryption_enabled = true` on `aws_elasticache_replication_group` (Pulumi: `atRestEncryptionEnabled: true`), " +
    "optionally with `kms_key_id`.",
  fix: () => fixOf("Set at_rest_encryption_enabled to true, optionally with kms_key_id.", ["at_rest_encryption_enabled", "kms_key_id"]),
  links: [
    "https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/at-rest-encryption.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/elasticache_replication_group#at_rest_encryption_enabled",
    "https://www.pulumi.com/registry/packages/aws/api-docs/elasticache/replicationgroup/",
  ],
  kinds: ["aws_elasticache_replication_group"],
  config: {},
  check(resource) {
    return unlessSet(resource, GLOBAL_DATASTORE, SECONDARY_INHERITS, () => {
      const engine = argumentValue(resource, "engine");
      const setting = nullableBool(resource, "at_rest_encryption_enabled");
      if (setting === undefined) {
        if (isUnknown(engine)) return [undecided("engine")];
        // The provider defaults the setting to true for Valkey and to false for Redis OSS (the default engine).
        if (typeof engine === "string" && engine.toLowerCase() === "valkey") return [];
      }
      return expectValue(resource, "at_rest_encryption_enabled", isTrue, "encryption at rest is off", nullableBool);
    });
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a Redis OSS group with encryption at rest left at its default (off)",
          resources: [
            {
              type: "aws:elasticache/replicationGroup:ReplicationGroup",
              name: "fail_sessions",
              props: { description: "sessions", engine: "redis", nodeType: "cache.t4g.micro", transitEncryptionEnabled: true },
            },
          ],
        },
      ],
      pass: [
        {
          description: "a Redis OSS group encrypted at rest with a KMS key",
          resources: [
            {
              type: "aws:elasticache/replicationGroup:ReplicationGroup",
              name: "pass_sessions",
              props: {
                description: "sessions",
                engine: "redis",
                nodeType: "cache.t4g.micro",
                atRestEncryptionEnabled: true,
                kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
              },
            },
          ],
        },
        {
          description: "a Valkey group, encrypted at rest by default",
          resources: [
            { type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "pass_valkey", props: { description: "cache", engine: "valkey", nodeType: "cache.t4g.micro" } },
          ],
        },
      ],
    },
  },
});
