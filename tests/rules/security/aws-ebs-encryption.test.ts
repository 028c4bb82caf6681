import { fromPulumi, type PulumiResource } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/security/aws-ebs-encryption";
import { configDefaults } from "../../../src/rules/rule";

const volume: PulumiResource = { type: "aws:ebs/volume:Volume", name: "data", props: { availabilityZone: "eu-west-1a", size: 10 } };
const byDefault = (enabled: unknown): PulumiResource => ({ type: "aws:ebs/encryptionByDefault:EncryptionByDefault", name: "default", props: { enabled } });

function outcomes(resources: PulumiResource[], config: Record<string, unknown> = {}): string[] {
  const run = runRule(rule, resources.map((resource) => fromPulumi(resource)), { ...configDefaults(rule), ...config });
  return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.address.split("::").pop()} ${j.path}`) : [];
}

describe("aws-ebs-encryption", () => {
  test("encryption by default, in the stack or declared in config, covers every volume", () => {
    expect(outcomes([volume, { type: "aws:ebs/encryptionByDefault:EncryptionByDefault", name: "default", props: {} }])).toEqual([]);
    expect(outcomes([volume], { encryptedByDefault: true })).toEqual([]);
  });

  test("encryption by default turned off does not; an unknown setting makes violations undecided", () => {
    expect(outcomes([volume, byDefault(false)])).toEqual(["violation data encrypted"]);
    expect(outcomes([volume, byDefault(UNKNOWN)])).toEqual(["undecided data encrypted"]);
  });

  test("each unencrypted device of an instance is reported at its own path", () => {
    const instance: PulumiResource = {
      type: "aws:ec2/instance:Instance",
      name: "app",
      props: { rootBlockDevice: { encrypted: true }, ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: true }, { deviceName: "/dev/sdg" }] },
    };
    expect(outcomes([instance])).toEqual(["violation app ebs_block_device.1.encrypted"]);
  });

  test("a launch configuration's devices read as an instance's; a suppressed device (no_device) has no volume", () => {
    const launchConfiguration = (props: Record<string, unknown>): PulumiResource => ({
      type: "aws:ec2/launchConfiguration:LaunchConfiguration",
      name: "lc",
      props: { imageId: "ami-0123456789abcdef0", ...props },
    });
    const encryptedRoot = { rootBlockDevice: { encrypted: true } };
    expect(outcomes([launchConfiguration({})])).toEqual(["violation lc root_block_device"]);
    expect(outcomes([launchConfiguration({ ...encryptedRoot, ebsBlockDevices: [{ deviceName: "/dev/sdf" }, { deviceName: "/dev/sdg", noDevice: true }] })])).toEqual([
      "violation lc ebs_block_device.0.encrypted",
    ]);
    expect(outcomes([launchConfiguration({ ...encryptedRoot, ebsBlockDevices: [{ deviceName: "/dev/sdg", noDevice: UNKNOWN }] })])).toEqual([
      "undecided lc ebs_block_device.0.encrypted",
    ]);
  });

  test("a spot instance request's devices read as an instance's, but its launch_template, never sent, describes no root volume", () => {
    const spot = (props: Record<string, unknown>): PulumiResource => ({
      type: "aws:ec2/spotInstanceRequest:SpotInstanceRequest",
      name: "worker",
      props: { ami: "ami-0123456789abcdef0", spotPrice: "0.05", ...props },
    });
    expect(outcomes([spot({ ebsBlockDevices: [{ deviceName: "/dev/sdf", encrypted: true }] })])).toEqual(["violation worker root_block_device"]);
    expect(outcomes([spot({ launchTemplate: { id: "lt-0123456789abcdef0" } })])).toEqual(["violation worker root_block_device"]);
    expect(outcomes([spot({ rootBlockDevice: { encrypted: true }, ebsBlockDevices: [{ deviceName: "/dev/sdf" }] })])).toEqual(["violation worker ebs_block_device.0.encrypted"]);
  });

  test("a launch template declares the root volume only in a mapping for a root device name", () => {
    const template = (blockDeviceMappings: unknown[]): PulumiResource => ({ type: "aws:ec2/launchTemplate:LaunchTemplate", name: "lt", props: { blockDeviceMappings } });
    const data = { deviceName: "/dev/sdf", ebs: { encrypted: true } };
    // Only a data volume: the root volume follows the AMI's snapshot, as with no mapping at all.
    expect(outcomes([template([data])])).toEqual(["violation lt block_device_mappings"]);
    expect(outcomes([template([])])).toEqual(["violation lt block_device_mappings"]);
    // Either root device name, with or without /dev/, is the root volume's mapping.
    expect(outcomes([template([{ deviceName: "/dev/xvda", ebs: { encrypted: true } }, data])])).toEqual([]);
    expect(outcomes([template([{ deviceName: "sda1", ebs: { encrypted: true } }, data])])).toEqual([]);
    // A name known only after apply may be the root device's.
    expect(outcomes([template([{ deviceName: UNKNOWN, ebs: { encrypted: true } }, data])])).toEqual(["undecided lt block_device_mappings.0.device_name"]);
  });

  test("instances from a launch template leave the root volume to the template; instance-store mappings are skipped", () => {
    expect(outcomes([{ type: "aws:ec2/instance:Instance", name: "app", props: { launchTemplate: { id: "lt-0123456789abcdef0" } } }])).toEqual([]);
    const template: PulumiResource = {
      type: "aws:ec2/launchTemplate:LaunchTemplate",
      name: "lt",
      props: { blockDeviceMappings: [{ deviceName: "/dev/sdb", virtualName: "ephemeral0" }, { deviceName: "/dev/xvda", ebs: [{ encrypted: false }] }] },
    };
    expect(outcomes([template])).toEqual(["violation lt block_device_mappings.1.ebs.0.encrypted"]);
  });
});
