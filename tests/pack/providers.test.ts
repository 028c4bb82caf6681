/**
 * The provider the engine sends with each resource, over the real protocol: its `version` (which pulumi-aws runs)
 * decides the Redshift default, and its `region` places the resource.
 */
import { profileConfig } from "../../src/engine/settings";
import { findRule, pulumiRules } from "../../src/rules/catalogue";
import { ensureBundle, startPack, UNKNOWN_STRING, urnOf, wireSecret, type Analysis, type Pack, type WireResource } from "../support/analyzer";

let pack: Pack;

beforeAll(async () => {
  await ensureBundle();
  pack = await startPack();
});
afterAll(() => pack?.close());

const publicDatabase = findRule("aws-db-not-publicly-accessible")!;
const expiryAlarm = findRule("aws-acm-certificate-expiry-alarm")!;

const messages = (analysis: Analysis, slug: string) => analysis.diagnostics.filter((d) => d.policyName === slug).map((d) => `${d.level} ${d.urn}: ${d.message}`);

/** The provider as the engine makes it: a default one's inputs are the stack's `aws:` config and the plugin's version. */
function provider(name: string, props: Record<string, unknown>): NonNullable<WireResource["provider"]> {
  return { type: "pulumi:providers:aws", name, urn: `urn:pulumi:test::prodready::pulumi:providers:aws::${name}`, props };
}

describe("pulumi-aws 7 wraps AWS provider 6, whose Redshift clusters are private by default", () => {
  const cluster = (from?: WireResource["provider"]): WireResource => ({
    type: "aws:redshift/cluster:Cluster",
    name: "warehouse",
    props: { clusterIdentifier: "warehouse", nodeType: "ra3.xlplus" },
    provider: from,
  });
  const fix = "fix: Set publiclyAccessible to false and place the database in private subnets; reach it from a bastion, SSM port forwarding or a VPN.";
  const violation = `mandatory urn:pulumi:test::prodready::aws:redshift/cluster:Cluster::warehouse: ${publicDatabase.title}\n[PR-SEC-018] publiclyAccessible: publiclyAccessible is not set to false; AWS provider versions before 6.0 (Pulumi AWS before 7.0) make Redshift clusters public by default\n${fix}`;

  test("a cluster without publiclyAccessible passes on pulumi-aws 7, is reported on 6, and could not be evaluated on an unknown version", async () => {
    expect(messages(await pack.analyze(cluster(provider("default_7_48_0", { region: "eu-west-1", version: "7.48.0" }))), publicDatabase.slug)).toEqual([]);
    expect(messages(await pack.analyze(cluster(provider("default_6_83_0", { region: "eu-west-1", version: "6.83.0" }))), publicDatabase.slug)).toEqual([violation]);
    // Which pulumi-aws runs is not known (nor, with no provider sent, at all): the default it leaves the cluster with is not either.
    const undecided = [expect.stringMatching(/^advisory .*\[PR-SEC-018\] publiclyAccessible: could not be evaluated, .*its pulumi-aws version is not known\)\nfix: Set publiclyAccessible to false .*$/)];
    expect(messages(await pack.analyze(cluster(provider("east", { region: "eu-west-1", version: UNKNOWN_STRING }))), publicDatabase.slug)).toEqual(undecided);
    expect(messages(await pack.analyze(cluster()), publicDatabase.slug)).toEqual(undecided);
  });
});

describe("a resource is placed by its provider's region", () => {
  const certificate = (props: Record<string, unknown>, from: WireResource["provider"]): WireResource => ({
    type: "aws:acm/certificate:Certificate",
    name: "cdn",
    props: { domainName: "www.example.com", validationMethod: "DNS", ...props },
    provider: from,
  });
  const eventRule = (from: WireResource["provider"]): WireResource => ({
    type: "aws:cloudwatch/eventRule:EventRule",
    name: "expiry",
    props: { eventPattern: JSON.stringify({ source: ["aws.acm"] }) },
    provider: from,
  });
  const certificateUrn = "urn:pulumi:test::prodready::aws:acm/certificate:Certificate::cdn";
  const fix =
    'fix: Add a metric alarm (aws.cloudwatch.MetricAlarm) on "DaysToExpiry" in "AWS/CertificateManager" with the certificate\'s ARN as its CertificateArn dimension, comparisonOperator "LessThanThreshold", threshold 30 and an alarmActions topic, or an EventBridge rule on ACM\'s expiry event with a notification target.';
  const unwatched = `advisory ${certificateUrn}: ${expiryAlarm.title}\n[PR-RES-003]: no alarm on DaysToExpiry or expiry event watches this certificate\n${fix}`;

  test("a us-east-1 certificate is watched by an event rule on the default provider of a us-east-1 stack, not of a eu-west-1 one", async () => {
    const stack = (region: string) => {
      const defaults = provider("default_7_48_0", { region, version: "7.48.0" });
      return [certificate({ region: "us-east-1" }, defaults), eventRule(defaults)];
    };
    expect(messages(await pack.analyzeStack(stack("us-east-1")), expiryAlarm.slug)).toEqual([]);
    expect(messages(await pack.analyzeStack(stack("eu-west-1")), expiryAlarm.slug)).toEqual([unwatched]);
  });

  test("an explicit provider's region places its resources; one whose region is unknown shares it only with its own resources", async () => {
    const east = provider("east", { region: "us-east-1", version: "7.48.0" });
    const west = provider("west", { region: "eu-west-1", version: "7.48.0" });
    expect(messages(await pack.analyzeStack([certificate({}, east), eventRule(west)]), expiryAlarm.slug)).toEqual([unwatched]);
    expect(messages(await pack.analyzeStack([certificate({}, east), eventRule(provider("default_7_48_0", { region: "us-east-1" }))]), expiryAlarm.slug)).toEqual([]);
    const unknown = provider("computed", { region: UNKNOWN_STRING, version: "7.48.0" });
    expect(messages(await pack.analyzeStack([certificate({}, unknown), eventRule(unknown)]), expiryAlarm.slug)).toEqual([]);
    const advisory = messages(await pack.analyzeStack([certificate({}, unknown), eventRule(west)]), expiryAlarm.slug);
    expect(advisory).toEqual([
      `advisory : can't run policy '${expiryAlarm.slug}' from policy pack 'production-readiness@v${packVersion()}' during preview: [PR-RES-003]: could not be evaluated, whether urn:pulumi:test::prodready::aws:cloudwatch/eventRule:EventRule::expiry is in the region of ${certificateUrn} cannot be told: the region of one or both is not known (resource cdn)\n${fix}`,
    ]);
  });
});

function packVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("../../policypacks/production-readiness/package.json") as { version: string }).version;
}

describe("a resource is placed in its provider's account", () => {
  const ebsEncryption = findRule("aws-ebs-encryption")!;
  const keys = ["AKIAFIXTURESECRET0001", "fixture-secret-key-5d2a"];
  const region = "eu-west-1";
  // pulumi-aws sends list and object inputs of a provider as JSON text, and the stack's secrets as secrets.
  const shared = provider("shared", { region, version: "7.48.0", assumeRoles: JSON.stringify([{ roleArn: "arn:aws:iam::222222222222:role/deploy" }]) });
  const keyed = provider("keyed", { region, version: "7.48.0", accessKey: wireSecret(keys[0]), secretKey: wireSecret(keys[1]), allowedAccountIds: JSON.stringify(["222222222222"]) });
  const other = provider("other", { region, version: "7.48.0", assumeRoles: JSON.stringify([{ roleArn: "arn:aws:iam::444444444444:role/deploy" }]) });
  const defaults = provider("default_7_48_0", { region, version: "7.48.0" });
  const volume = (name: string, from: WireResource["provider"]): WireResource => ({ type: "aws:ebs/volume:Volume", name, props: { availabilityZone: `${region}a`, size: 100 }, provider: from });
  const encryptionByDefault: WireResource = { type: "aws:ebs/encryptionByDefault:EncryptionByDefault", name: "shared-default", props: { enabled: true }, provider: shared };
  // The rule is on from the platform profile: configured as the engine does from a policy group's config.
  beforeAll(() => pack.configure(profileConfig(pulumiRules, "platform")));

  test("encryption by default in the role's account covers its volumes and the keys' allowed one, not another account's, and the default provider's is undecided", async () => {
    const analysis = await pack.analyzeStack([encryptionByDefault, volume("shared-data", shared), volume("keyed-data", keyed), volume("other-data", other), volume("data", defaults)]);
    const volumeUrn = (name: string) => `urn:pulumi:test::prodready::aws:ebs/volume:Volume::${name}`;
    const fix =
      "fix: Set encrypted to true, with kmsKeyId for a customer-managed key. A volume is encrypted only as it is created, so the change replaces an existing one: create it from an encrypted copy of its snapshot (snapshotId). Or turn on aws.ebs.EncryptionByDefault for the account and region: every new volume there is then encrypted.";
    expect(messages(analysis, ebsEncryption.slug)).toEqual([
      `mandatory ${volumeUrn("other-data")}: ${ebsEncryption.title}\n[PR-SEC-010] encrypted: the volume is not encrypted\n${fix}`,
      `advisory : can't run policy '${ebsEncryption.slug}' from policy pack 'production-readiness@v${packVersion()}' during preview: [PR-SEC-010] encrypted: could not be evaluated, whether ${urnOf(encryptionByDefault)} is in the account of ${volumeUrn("data")} cannot be told: one or both are on a provider configuration with credentials of its own, which may be another account (resource data)\n${fix}`,
    ]);
    for (const key of keys) expect(JSON.stringify(analysis) + pack.stderr()).not.toContain(key);
  });
});
