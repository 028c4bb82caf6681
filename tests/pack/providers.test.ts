/**
 * The provider the engine sends with each resource, over the real protocol: its `version` (which pulumi-aws runs)
 * decides the Redshift default, and its `region` places the resource.
 */
import { findRule } from "../../src/rules/catalogue";
import { ensureBundle, startPack, UNKNOWN_STRING, type Analysis, type Pack, type WireResource } from "../support/analyzer";

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
  const violation = `mandatory urn:pulumi:test::prodready::aws:redshift/cluster:Cluster::warehouse: ${publicDatabase.description}\n[PR-SEC-018] publiclyAccessible: publicly_accessible is not set to false; AWS provider versions before 6.0 (Pulumi AWS before 7.0) make Redshift clusters public by default`;

  test("a cluster without publiclyAccessible passes on pulumi-aws 7, and is reported on 6 or an unknown version", async () => {
    expect(messages(await pack.analyze(cluster(provider("default_7_48_0", { region: "eu-west-1", version: "7.48.0" }))), publicDatabase.slug)).toEqual([]);
    expect(messages(await pack.analyze(cluster(provider("default_6_83_0", { region: "eu-west-1", version: "6.83.0" }))), publicDatabase.slug)).toEqual([violation]);
    expect(messages(await pack.analyze(cluster(provider("east", { region: "eu-west-1", version: UNKNOWN_STRING }))), publicDatabase.slug)).toEqual([violation]);
    expect(messages(await pack.analyze(cluster()), publicDatabase.slug)).toEqual([violation]);
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
  const unwatched = `advisory ${certificateUrn}: ${expiryAlarm.description}\n[PR-RES-003]: no alarm on DaysToExpiry or expiry event watches this certificate`;

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
      `advisory : can't run policy '${expiryAlarm.slug}' from policy pack 'production-readiness@v${packVersion()}' during preview: [PR-RES-003]: could not be evaluated, whether urn:pulumi:test::prodready::aws:cloudwatch/eventRule:EventRule::expiry is in the region of ${certificateUrn} cannot be told: the region of one or both is not known (resource cdn)`,
    ]);
  });
});

function packVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require("../../policypacks/production-readiness/package.json") as { version: string }).version;
}
