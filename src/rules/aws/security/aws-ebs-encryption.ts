import { isUnknown, valueAt, type Resource } from "../../../model/resource";
import { amazonOwners, amiSource, findsOnly } from "../../ami";
import { block, coversInPlace, expectTrue, isFalse, isTrue, type Item, items, join, type Reference, startsWithOneOf, strongest, undecidedInPlace, undecidedBlock, writtenBlockEntry, writtenBlockItems } from "../../read";
import { fixOf, resourceType, type Fix } from "../../fixes";
import { judgeEach, stackRule, undecided, violation, type Verdict } from "../../rule";
import { EC2_LAUNCH_KINDS } from "../../user-data";

const NOT_ENCRYPTED = "the volume is not encrypted";

/** The kinds that declare EBS volumes. */
const VOLUME_KINDS = ["aws_ebs_volume", ...EC2_LAUNCH_KINDS];

/**
 * The device names EC2 reserves for the root volume, without `/dev/` (a mapping may name `xvda`): which one an AMI
 * uses differs by AMI, and the other names are for data and instance-store volumes.
 */
const ROOT_DEVICE_NAMES = new Set(["xvda", "sda1"]);

/** Amazon Linux 2023 and 2 boot from `/dev/xvda`: their AMIs' names, and the SSM parameters holding their IDs. */
const AMAZON_LINUX_NAMES = ["al2023-ami-", "amzn2-ami-"];
const AMAZON_LINUX_PARAMETERS = AMAZON_LINUX_NAMES.map((name) => `/aws/service/ami-amazon-linux-latest/${name}`);

/** Canonical's Ubuntu AMIs boot from `/dev/sda1`: its account, its AMIs' names, and the SSM parameters holding their IDs. */
const CANONICAL = "099720109477";
const UBUNTU_NAMES = ["ubuntu/images/"];
const UBUNTU_PARAMETERS = "/aws/service/canonical/ubuntu/";

/** A device name without `/dev/`, as ROOT_DEVICE_NAMES has it. */
function bareDeviceName(name: string): string {
  return name.replace(/^\/dev\//, "");
}

/**
 * The root device name (bare) of the AMI `resource` launches from, where the configuration shows it: an AMI it
 * registers with `root_device_name`, one a plan's lookup found, or Amazon Linux or Ubuntu, by a lookup that can
 * find no other AMI or by its public SSM parameter. Undefined where it does not.
 */
function amiRootDevice(resource: Resource): string | undefined {
  const ami = amiSource(resource);
  if (ami === undefined) return undefined;
  if (ami.from === "parameter") {
    if (startsWithOneOf(ami.name, AMAZON_LINUX_PARAMETERS) === "yes") return "xvda";
    return startsWithOneOf(ami.name, [UBUNTU_PARAMETERS]) === "yes" ? "sda1" : undefined;
  }
  const declared = ami.values.root_device_name;
  if (typeof declared === "string" && declared !== "") return bareDeviceName(declared);
  if (ami.from === "registered") return undefined;
  if (findsOnly(ami.values, amazonOwners(resource), AMAZON_LINUX_NAMES) === "yes") return "xvda";
  return findsOnly(ami.values, [CANONICAL], UBUNTU_NAMES) === "yes" ? "sda1" : undefined;
}

/** Whether a setting of `aws_ebs_encryption_by_default` turns it on (its `enabled` defaults to true). */
function turnsOn(setting: Resource): Reference {
  const enabled = valueAt(setting.props, "enabled");
  if (isUnknown(enabled)) return "unknown";
  return isFalse(enabled) ? "no" : "yes";
}

/** An `ebs_block_device`; a launch configuration's may be `no_device`, which suppresses the AMI's volume there. */
function dataVolume(resource: Resource, device: Item): Verdict[] {
  const suppressed = valueAt(device.value, "no_device");
  if (isTrue(suppressed)) return [];
  const verdicts = expectTrue(resource, join(device.path, "encrypted"), NOT_ENCRYPTED);
  return isUnknown(suppressed) ? verdicts.map((verdict) => undecided(verdict.path)) : verdicts;
}

/**
 * A launch template describes the root volume only in a mapping for its AMI's root device name (`rootDevice`, or
 * either reserved name where the AMI's is not known); a mapping for another name adds a data volume, and without
 * one the root volume follows the AMI's snapshot, as an instance's does without `root_block_device`.
 */
function templateRoot(mappings: readonly Item[], rootDevice: string | undefined): Verdict[] {
  const isRoot = (name: string) => (rootDevice === undefined ? ROOT_DEVICE_NAMES.has(name) : name === rootDevice);
  const names = mappings.map((mapping) => ({ path: join(mapping.path, "device_name"), name: valueAt(mapping.value, "device_name") }));
  if (names.some(({ name }) => typeof name === "string" && isRoot(bareDeviceName(name)))) return [];
  const unknown = names.filter(({ name }) => isUnknown(name));
  if (unknown.length > 0) return unknown.map(({ path }) => undecided(path));
  const device = rootDevice === undefined ? "the root device (/dev/xvda or /dev/sda1)" : `the AMI's root device (/dev/${rootDevice})`;
  return [violation("block_device_mappings", `no block_device_mappings entry is for ${device}, so the root volume is not declared encrypted`)];
}

function judgeVolumes(resource: Resource): Verdict[] {
  switch (resource.kind) {
    case "aws_ebs_volume":
      return expectTrue(resource, "encrypted", NOT_ENCRYPTED);
    // A spot instance request and a launch configuration declare their volumes in the same blocks as an instance.
    case "aws_instance":
    case "aws_spot_instance_request":
    case "aws_launch_configuration": {
      // The provider computes both blocks where they are left out: read as written.
      const root = writtenBlockEntry(resource, "root_block_device");
      if (isUnknown(root)) return [undecidedBlock(resource, "root_block_device")];
      const data = writtenBlockItems(resource, "ebs_block_device");
      if (isUnknown(data)) return [undecidedBlock(resource, "ebs_block_device")];
      const rootVerdicts =
        root !== undefined
          ? expectTrue(resource, join(root.path, "encrypted"), "the root volume is not encrypted")
          : // Without the block the root volume follows the AMI's snapshot, unless a launch template describes it
            // (a spot request takes launch_template but does not send it).
            resource.kind !== "aws_instance" || block(resource.props, "launch_template") === undefined
            ? [violation("root_block_device", "the root volume is not declared encrypted (root_block_device.encrypted)")]
            : [];
      return [...rootVerdicts, ...data.flatMap((device) => dataVolume(resource, device))];
    }
    case "aws_launch_template": {
      const mappings = items(resource.props, "block_device_mappings");
      if (isUnknown(mappings)) return [undecided("block_device_mappings")];
      const volumes = mappings.flatMap((mapping) => {
        const ebs = block(mapping.value, "ebs");
        if (isUnknown(ebs)) return [undecided(join(mapping.path, "ebs"))];
        // Instance-store and suppressed devices have no EBS volume to encrypt.
        if (ebs === undefined) return [];
        return expectTrue(resource, join(join(mapping.path, ebs.path), "encrypted"), NOT_ENCRYPTED);
      });
      return [...templateRoot(mappings, amiRootDevice(resource)), ...volumes];
    }
    default:
      return [];
  }
}

/** Where each kind declares its volumes' encryption, and when its volumes take the change; Terraform's names. */
const VOLUME_FIXES: Readonly<Record<string, { text: string; names: string[] }>> = {
  aws_ebs_volume: {
    text: "Set encrypted to true, with kms_key_id for a customer-managed key. A volume is encrypted only as it is created, so the change replaces an existing one: create it from an encrypted copy of its snapshot (snapshot_id).",
    names: ["encrypted", "kms_key_id", "snapshot_id"],
  },
  aws_instance: {
    text: "Set encrypted to true in root_block_device and in every entry of ebs_block_device. A volume is encrypted only as it is created, so the change replaces the instance: move its data through an encrypted snapshot copy.",
    names: ["root_block_device.encrypted", "ebs_block_device.encrypted"],
  },
  aws_spot_instance_request: {
    text: "Set encrypted to true in root_block_device and in every entry of ebs_block_device. A volume is encrypted only as it is created, so the change replaces the request and its instance.",
    names: ["root_block_device.encrypted", "ebs_block_device.encrypted"],
  },
  aws_launch_configuration: {
    text: "Set encrypted to true in root_block_device and in every entry of ebs_block_device. A launch configuration cannot change, so it is replaced, and its group's instances take it as they are replaced.",
    names: ["root_block_device.encrypted", "ebs_block_device.encrypted"],
  },
  aws_launch_template: {
    text:
      "Set encrypted to true in the ebs block of every entry of block_device_mappings, with a mapping for the AMI's root device (its device_name, /dev/xvda or /dev/sda1 as the AMI boots). " +
      "Instances launched from the template's new version take it.",
    names: ["block_device_mappings.ebs.encrypted", "block_device_mappings.device_name"],
  },
};

/** The fix of the kind, where the rule's remediation gives all five; or encryption by default, which covers them all. */
function volumeFix(resource: Resource): Fix | undefined {
  if (!Object.hasOwn(VOLUME_FIXES, resource.kind)) return undefined;
  const { text, names } = VOLUME_FIXES[resource.kind];
  const byDefault = resourceType(resource.engine, "aws:ebs/encryptionByDefault:EncryptionByDefault");
  return fixOf(`${text} Or turn on ${byDefault} for the account and region: every new volume there is then encrypted.`, names);
}

export default stackRule({
  id: "PR-SEC-010",
  slug: "aws-ebs-encryption",
  title: "EBS volumes are encrypted",
  checklist: "3.1.1",
  severity: "high",
  description:
    "An unencrypted EBS volume leaves its data, and every snapshot of it, readable to anyone who can copy or " +
    "share the snapshot. Encryption costs nothing in performance, but it can only be chosen when the volume is " +
    "created. Volumes are checked wherever they are declared (`aws_ebs_volume`, the block devices of an instance, " +
    "a spot instance request or a launch configuration, a launch template's mappings). A root volume left " +
    "undeclared follows the AMI's snapshot and fails: an instance without `root_block_device`, a launch template " +
    "with no mapping for its AMI's root device name. That name differs by AMI (`/dev/xvda` or `/dev/sda1`), and is " +
    "taken from the AMI where the configuration shows it: an `aws_ami` it registers with `root_device_name`; in a " +
    "plan, the `root_device_name` of the AMI an `aws_ami` data source found while planning (`prior_state`); Amazon " +
    "Linux 2023 and 2 (`/dev/xvda`) or Canonical's Ubuntu (`/dev/sda1`), looked up by an `aws_ami` data source whose " +
    "`owners` are Amazon alone (`amazon`, or its commercial account `137112412989` outside China, GovCloud and the other " +
    "partitions) or Canonical's `099720109477` alone and whose `name` filter matches only `al2023-ami-` and " +
    "`amzn2-ami-`, or `ubuntu/images/`, names, or read from their public SSM parameters " +
    "(`/aws/service/ami-amazon-linux-latest/al2023-ami-...` or `.../amzn2-ami-...`, `/aws/service/canonical/ubuntu/...`, " +
    "also as `resolve:ssm:`); a Pulumi program run by `prodready pulumi` shows the same lookups made by " +
    "`aws.ec2.getAmi`/`getAmiOutput` and `aws.ssm.getParameter`. A mapping for the other name then only adds a data " +
    "volume. Elsewhere (an AMI ID from a variable, a lookup that may find other AMIs, the AMI ID a policy pack sees) " +
    "either name is taken for the root " +
    "device's, so a mapping for the name the AMI does not boot from still passes; a name known only after apply " +
    "leaves it undecided. Nothing fails where the stack turns on EBS encryption by default for the " +
    "account in the volume's region: it is a setting of each account and region, so one in another region or " +
    "account leaves the volume to its own setting, and one whose region or account cannot be told apart from the " +
    "volume's (a provider configuration with a role, profile or keys of its own) leaves it undecided.",
  remediation:
    "Turn on `aws_ebs_encryption_by_default` (Pulumi: `aws.ebs.EncryptionByDefault`) for the account and region, or " +
    "set `encrypted = true` on `aws_ebs_volume`, in `root_block_device` and each `ebs_block_device` of " +
    "`aws_instance`, `aws_spot_instance_request` and `aws_launch_configuration`, and in " +
    "`block_device_mappings { ebs { encrypted = true } }` of `aws_launch_template` (Pulumi: `encrypted`, " +
    "`rootBlockDevice`, `ebsBlockDevices`, `blockDeviceMappings[].ebs.encrypted`). Existing volumes must be " +
    "recreated from an encrypted snapshot copy.",
  links: [
    "https://docs.aws.amazon.com/ebs/latest/userguide/ebs-encryption.html",
    "https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html",
    "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/device_naming.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/ebs_encryption_by_default",
    "https://www.pulumi.com/registry/packages/aws/api-docs/ec2/instance/",
  ],
  kinds: [...VOLUME_KINDS, "aws_ebs_encryption_by_default"],
  config: {
    encryptedByDefault: {
      type: "boolean",
      default: false,
      description: "Set when EBS encryption by default is on for the account in another stack: every new volume is then encrypted.",
    },
  },
  check(resources, config) {
    const volumes = resources.filter((resource) => VOLUME_KINDS.includes(resource.kind));
    const settings = resources.filter((resource) => resource.kind === "aws_ebs_encryption_by_default").map((setting) => ({ holder: setting, answer: turnsOn(setting) }));
    const unlessByDefault = (resource: Resource): Verdict[] => {
      if (config.encryptedByDefault) return [];
      // Encryption by default is a setting of each region: only the volume's region's counts.
      const byDefault = strongest(settings.map(({ holder, answer }) => coversInPlace(answer, holder, resource)));
      if (byDefault === "yes") return [];
      const verdicts = judgeVolumes(resource);
      if (byDefault === "no") return verdicts;
      // If the account may encrypt by default where the volume is, an unencrypted declaration is no violation on its own.
      const reason = undecidedInPlace(settings, resource);
      return verdicts.map((verdict) => undecided(verdict.path, reason));
    };
    return judgeEach(volumes, unlessByDefault, "no EBS volumes, instances, launch templates or launch configurations in the stack");
  },
  fix: volumeFix,
  examples: {
    pulumi: {
      fail: [
        {
          description: "a data volume without encryption",
          resources: [{ type: "aws:ebs/volume:Volume", name: "fail_data", props: { availabilityZone: "eu-west-1a", size: 100 } }],
        },
        {
          description: "an instance whose root volume is not encrypted",
          resources: [
            {
              type: "aws:ec2/instance:Instance",
              name: "fail_app",
              props: { ami: "ami-0123456789abcdef0", instanceType: "t3.micro", rootBlockDevice: { volumeSize: 30 } },
            },
          ],
        },
        {
          description: "a launch template with an unencrypted EBS mapping",
          resources: [
            {
              type: "aws:ec2/launchTemplate:LaunchTemplate",
              name: "fail_template",
              props: { imageId: "ami-0123456789abcdef0", blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 30, encrypted: "false" } }] },
            },
          ],
        },
        {
          description: "a launch configuration whose root volume is not encrypted",
          resources: [
            {
              type: "aws:ec2/launchConfiguration:LaunchConfiguration",
              name: "fail_launch_config",
              props: { imageId: "ami-0123456789abcdef0", instanceType: "t3.micro", rootBlockDevice: { volumeSize: 30, volumeType: "gp3" } },
            },
          ],
        },
      ],
      pass: [
        {
          description: "encrypted volumes on an instance, a launch template and a launch configuration",
          resources: [
            {
              type: "aws:ec2/instance:Instance",
              name: "pass_app",
              props: {
                ami: "ami-0123456789abcdef0",
                instanceType: "t3.micro",
                rootBlockDevice: { volumeSize: 30, encrypted: true },
                ebsBlockDevices: [{ deviceName: "/dev/sdf", volumeSize: 100, encrypted: true }],
              },
            },
            {
              type: "aws:ec2/launchTemplate:LaunchTemplate",
              name: "pass_template",
              props: { imageId: "ami-0123456789abcdef0", blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 30, encrypted: "true" } }] },
            },
            {
              type: "aws:ec2/launchConfiguration:LaunchConfiguration",
              name: "pass_launch_config",
              props: {
                imageId: "ami-0123456789abcdef0",
                instanceType: "t3.micro",
                rootBlockDevice: { volumeSize: 30, encrypted: true },
                ebsBlockDevices: [{ deviceName: "/dev/sdf", volumeSize: 100, encrypted: true }],
              },
            },
          ],
        },
        {
          description: "the account encrypts every new volume by default",
          resources: [
            { type: "aws:ebs/encryptionByDefault:EncryptionByDefault", name: "pass_default", props: { enabled: true } },
            { type: "aws:ebs/volume:Volume", name: "pass_data", props: { availabilityZone: "eu-west-1a", size: 100 } },
          ],
        },
      ],
    },
  },
});
