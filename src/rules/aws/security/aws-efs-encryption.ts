import { expectTrue } from "../../read";
import { resourceRule } from "../../rule";
import { fixOf } from "../../fixes";

export default resourceRule({
  id: "PR-SEC-023",
  slug: "aws-efs-encryption",
  title: "EFS file systems encrypt data at rest",
  checklist: "3.1.1",
  severity: "high",
  description:
    "An EFS file system holds whatever the instances, containers and functions mounting it write: uploads, " +
    "exports, shared configuration. EFS encrypts a file system at rest only when asked as it creates it " +
    "(`encrypted`, false unless set), and the choice cannot be changed later: an unencrypted file system stays " +
    "unencrypted until it is replaced. Without `kms_key_id` an encrypted file system uses the AWS managed key " +
    "`aws/elasticfilesystem`, which passes.",
  remediation:
    "Set `encrypted = true` on `aws_efs_file_system` (Pulumi: `encrypted: true`), optionally with `kms_key_id` " +
    "(Pulumi: `kmsKeyId`) for a customer-managed key. The change replaces an existing file system: copy its data " +
    "to the new one (with AWS DataSync, for example) before its clients move over.",
  fix: () =>
    fixOf(
      "Set encrypted to true, with kms_key_id for a customer-managed key. EFS encrypts a file system only as it creates it, so the change replaces an existing one: copy its data to the new file system (with AWS DataSync, for example) before its clients move over.",
      ["encrypted", "kms_key_id"],
    ),
  links: [
    "https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html",
    "https://docs.aws.amazon.com/efs/latest/ug/API_CreateFileSystem.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/efs_file_system#encrypted",
    "https://www.pulumi.com/registry/packages/aws/api-docs/efs/filesystem/",
  ],
  kinds: ["aws_efs_file_system"],
  config: {},
  check(resource) {
    return expectTrue(resource, "encrypted", "the file system is not encrypted at rest (encrypted is not true)");
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a file system with encryption left at its default (off)",
          resources: [{ type: "aws:efs/fileSystem:FileSystem", name: "fail_shared", props: { creationToken: "shared", performanceMode: "generalPurpose" } }],
        },
      ],
      pass: [
        {
          description: "a file system encrypted with a customer-managed KMS key",
          resources: [
            {
              type: "aws:efs/fileSystem:FileSystem",
              name: "pass_shared",
              props: { creationToken: "shared", encrypted: true, kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab" },
            },
          ],
        },
        {
          description: "a file system encrypted with the AWS managed key",
          resources: [{ type: "aws:efs/fileSystem:FileSystem", name: "pass_media", props: { creationToken: "media", encrypted: true } }],
        },
      ],
    },
  },
});
