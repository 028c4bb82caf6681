import { kindOf } from "../../src/adapters/pulumi/kinds";
import { findRule, pulumiExamples, pulumiRules } from "../../src/rules/catalogue";
import { configDefaults, type PulumiExampleResource, type Rule } from "../../src/rules/rule";
import {
  ensureBundle,
  startPack,
  UNKNOWN_BOOLEAN,
  UNKNOWN_STRING,
  urnOf,
  wireSecret,
  type Analysis,
  type Level,
  type Pack,
  type WireResource,
} from "../support/analyzer";

/** Configure, not-applicable answers, unknowns, secrets and Remediate, over the real protocol. */
let pack: Pack;

beforeAll(async () => {
  await ensureBundle();
  pack = await startPack();
});
afterAll(() => pack?.close());

const kmsRotation = findRule("aws-kms-key-rotation")!;
const lambdaSecrets = findRule("aws-lambda-no-plaintext-secrets")!;
const boundedMax = findRule("aws-autoscaling-bounded-max")!;

/** Every policy at `level` with its defaults; `overrides` per slug on top. */
function configure(level: Level, overrides: Record<string, { enforcementLevel?: Level } & Record<string, unknown>> = {}): Promise<void> {
  return pack.configure(
    Object.fromEntries(pulumiRules.map((rule) => [rule.slug, { enforcementLevel: level, ...configDefaults(rule), ...overrides[rule.slug] }])),
  );
}

function from(rule: Rule, analysis: Analysis): Analysis["diagnostics"] {
  return analysis.diagnostics.filter((diagnostic) => diagnostic.policyName === rule.slug);
}

const key = (props: Record<string, unknown>): WireResource => ({ type: "aws:kms/key:Key", name: "key", props });
const lambda = (variables: Record<string, unknown>): WireResource => ({
  type: "aws:lambda/function:Function",
  name: "api",
  props: { runtime: "nodejs20.x", handler: "index.handler", environment: { variables } },
});

describe("Configure", () => {
  test("a rule's setting reaches its check: a raised bound lets a larger group pass", async () => {
    const group = pulumiExamples(boundedMax).fail[0].resources[0];
    const wire = { type: group.type, name: group.name, props: group.props };
    await configure("mandatory");
    expect(from(boundedMax, await pack.analyze(wire))).toHaveLength(1);
    await configure("mandatory", { [boundedMax.slug]: { maxSize: 1000 } });
    expect(from(boundedMax, await pack.analyze(wire))).toEqual([]);
  });

  test("a setting the engine's schema check lets through but the rule cannot use is refused, naming the policy, setting and fault", async () => {
    const deadLetters = findRule("aws-sqs-dead-letter-queue")!;
    await expect(configure("mandatory", { [deadLetters.slug]: { deadLetterNamePattern: "(dlq|dead-?letter" } })).rejects.toThrow(
      /policy pack 'production-readiness@v[^']+' cannot use its config: aws-sqs-dead-letter-queue: deadLetterNamePattern must be a regular expression \(Invalid regular expression: \/\(dlq\|dead-\?letter\/: Unterminated group\)/,
    );
    // The pattern is JavaScript's, as the rule compiles it: lookbehind, which the engine's RE2 would refuse, is fine.
    await configure("mandatory", { [deadLetters.slug]: { deadLetterNamePattern: "(?<!no-)dlq$" } });
    const dlq: WireResource = { type: "aws:sqs/queue:Queue", name: "orders_dlq", props: { name: "orders-dlq" } };
    expect(from(deadLetters, await pack.analyzeStack([dlq]))).toEqual([]);
  });

  test("monitoredKinds takes the Pulumi type token of a kind, and a value that is neither is refused", async () => {
    const alarms = findRule("aws-cloudwatch-alarms-cover-resources")!;
    const database: WireResource = { type: "aws:rds/instance:Instance", name: "orders", props: { identifier: "orders", engine: "postgres", instanceClass: "db.m6g.large" } };
    await configure("mandatory", { [alarms.slug]: { monitoredKinds: ["aws:rds/instance:Instance"] } });
    expect(from(alarms, await pack.analyzeStack([database])).map((d) => d.level)).toEqual(["mandatory"]);
    await expect(configure("mandatory", { [alarms.slug]: { monitoredKinds: ["aws_rds_instance"] } })).rejects.toThrow(
      /aws-cloudwatch-alarms-cover-resources: monitoredKinds must list only aws_lb, .*; "aws_rds_instance" is not one of them/,
    );
  });

  test("a disabled policy reports nothing, and the level configured is the level reported", async () => {
    await configure("advisory", { [kmsRotation.slug]: { enforcementLevel: "disabled" } });
    expect(from(kmsRotation, await pack.analyze(key({})))).toEqual([]);
    await configure("advisory");
    expect(from(kmsRotation, await pack.analyze(key({}))).map((d) => d.level)).toEqual(["advisory"]);
  });
});

describe("Analyze", () => {
  beforeEach(() => configure("mandatory"));

  test("names the rule and the property in Pulumi's names", async () => {
    const [diagnostic] = from(kmsRotation, await pack.analyze(key({ description: "app data" })));
    expect(diagnostic.message).toContain("[PR-RES-010] enableKeyRotation: automatic key rotation is off");
  });

  test("the message after the property names it and its siblings in Pulumi's names too, as the program wrote them", async () => {
    const lines = async (type: string, props: Record<string, unknown>) =>
      (await pack.analyze({ type, name: "r", props })).diagnostics.map((diagnostic) => diagnostic.message.split("\n")[1]);
    expect(await lines("aws:lambda/function:Function", { runtime: "nodejs22.x", handler: "i.h", timeout: 899, memorySize: 9999 })).toEqual([
      "[PR-LIM-002] timeout: timeout is 899 seconds, above the bound of 300",
      "[PR-LIM-002] memorySize: memorySize is 9999 MB, above the bound of 3008",
    ]);
    expect(await lines("aws:cloudwatch/logGroup:LogGroup", { retentionInDays: 3 })).toEqual(["[PR-OPS-005] retentionInDays: retentionInDays is 3, so it keeps fewer than 7 days of logs"]);
    expect(await lines("aws:cloudfront/distribution:Distribution", { viewerCertificate: { acmCertificateArn: "arn", minimumProtocolVersion: "TLSv1" }, defaultCacheBehavior: { viewerProtocolPolicy: "allow-all" } })).toEqual(
      expect.arrayContaining([
        '[PR-SEC-006] viewerCertificate.minimumProtocolVersion: minimumProtocolVersion "TLSv1" allows TLS versions older than 1.2',
        "[PR-SEC-007] defaultCacheBehavior.viewerProtocolPolicy: the cache behaviour serves viewers over plain HTTP (viewerProtocolPolicy is not redirect-to-https or https-only)",
      ]),
    );
  });

  test("answers not-applicable for other kinds and when the rule says so, with the reason", async () => {
    const other = await pack.analyze(key({ enableKeyRotation: true }));
    expect(other.notApplicable).toContainEqual({ policyName: lambdaSecrets.slug, reason: "applies to aws_lambda_function" });
    const asymmetric = await pack.analyze(key({ customerMasterKeySpec: "RSA_2048" }));
    expect(asymmetric.notApplicable).toContainEqual({
      policyName: kmsRotation.slug,
      reason: "asymmetric and HMAC keys do not support automatic rotation",
    });
    expect(from(kmsRotation, asymmetric)).toEqual([]);
  });

  test("an unknown value the rule needs gives an advisory 'can't run during preview', never a violation", async () => {
    const diagnostics = from(kmsRotation, await pack.analyze(key({ enableKeyRotation: UNKNOWN_BOOLEAN })));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].level).toBe("advisory");
    expect(diagnostics[0].message).toMatch(/^can't run policy 'aws-kms-key-rotation' .* during preview: \[PR-RES-010\] enableKeyRotation: could not be evaluated/);
  });

  test("an unknown value no rule needs is never read", async () => {
    const analysis = await pack.analyze({ ...key({ description: UNKNOWN_STRING, enableKeyRotation: true, tags: { team: UNKNOWN_STRING } }), protect: true });
    // Reading an unknown through the SDK's proxy would turn a policy into a "can't run during preview" advisory.
    expect(analysis.diagnostics.filter((diagnostic) => diagnostic.level === "advisory")).toEqual([]);
    expect(from(kmsRotation, analysis)).toEqual([]);
  });

  test("a name with a lone surrogate reaches the engine as valid UTF-8, with U+FFFD in its place", async () => {
    // The generated encoder drops such a surrogate before another character, and at a string's end writes bytes that
    // are not UTF-8, which Go's protobuf refuses.
    const diagnostics = from(lambdaSecrets, await pack.analyze(lambda({ "DB_PASSWORD\uD800": "hunter2-prod" })));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].message).toContain("environment.variables.DB_PASSWORD\uFFFD");
    expect(diagnostics[0].message).not.toMatch(/[\uD800-\uDFFF]/);
  });

  test("violations are reported before the advisory about what could not be evaluated", async () => {
    const diagnostics = from(lambdaSecrets, await pack.analyze(lambda({ DB_PASSWORD: "hunter2-prod", API_TOKEN: UNKNOWN_STRING })));
    expect(diagnostics.map((d) => d.level)).toEqual(["mandatory", "advisory"]);
    expect(diagnostics[0].message).toContain("environment.variables.DB_PASSWORD");
    expect(diagnostics[1].message).toContain("environment.variables.API_TOKEN: could not be evaluated");
  });
});

describe("fixes", () => {
  beforeEach(() => configure("mandatory"));

  const ebsEncryption = findRule("aws-ebs-encryption")!;
  const literalCredentials = findRule("aws-database-no-literal-master-password")!;
  const alarms = findRule("aws-cloudwatch-alarms-cover-resources")!;
  const volume: WireResource = { type: "aws:ebs/volume:Volume", name: "data", props: { availabilityZone: "eu-west-1a", size: 100 } };
  const instance = (encrypted: unknown): WireResource => ({
    type: "aws:ec2/instance:Instance",
    name: "app",
    props: { ami: "ami-0123456789abcdef0", instanceType: "t3.micro", rootBlockDevice: { encrypted }, ebsBlockDevices: [{ deviceName: "/dev/sdf", volumeSize: 50, encrypted }] },
  });
  const database = (props: Record<string, unknown> = {}): WireResource => ({
    type: "aws:rds/instance:Instance",
    name: "db",
    props: { identifier: "orders", engine: "postgres", instanceClass: "db.t4g.micro", allocatedStorage: 20, username: "app", ...props },
  });
  /** What the engine shows of each diagnostic: its message, here without the SDK's "can't run … during preview" prefix. */
  const shown = (diagnostics: Analysis["diagnostics"]) => diagnostics.map((d) => `${d.level}: ${d.message.replace(/^can't run policy '[^']+' from policy pack '[^']+' during preview: /, "")}`);

  const VOLUME_FIX =
    "fix: Set encrypted to true, with kmsKeyId for a customer-managed key. A volume is encrypted only as it is created, so the change replaces an existing one: create it from an encrypted copy of its snapshot (snapshotId). Or turn on aws.ebs.EncryptionByDefault for the account and region: every new volume there is then encrypted.";
  const INSTANCE_FIX =
    "fix: Set encrypted to true in rootBlockDevice and in every entry of ebsBlockDevices. A volume is encrypted only as it is created, so the change replaces the instance: move its data through an encrypted snapshot copy. Or turn on aws.ebs.EncryptionByDefault for the account and region: every new volume there is then encrypted.";

  test("a violation gives the fix of the kind of place it is about, in the program's names, on a line after its message", async () => {
    expect(shown(from(ebsEncryption, await pack.analyzeStack([volume, instance(false)])))).toEqual([
      `mandatory: ${ebsEncryption.title}\n[PR-SEC-010] encrypted: the volume is not encrypted\n${VOLUME_FIX}`,
      `mandatory: ${ebsEncryption.title}\n[PR-SEC-010] rootBlockDevice.encrypted: the root volume is not encrypted\n${INSTANCE_FIX}`,
      `mandatory: ${ebsEncryption.title}\n[PR-SEC-010] ebsBlockDevices.0.encrypted: the volume is not encrypted\n${INSTANCE_FIX}`,
    ]);
  });

  test("each kind of credential typed into the program gets its own fix", async () => {
    const cache: WireResource = {
      type: "aws:elasticache/replicationGroup:ReplicationGroup",
      name: "cache",
      props: { description: "sessions", engine: "valkey", nodeType: "cache.t4g.micro", transitEncryptionEnabled: true, authToken: "Typed-Token-In-Program-2024" },
    };
    const [typedPassword, typedToken] = await Promise.all([database({ password: "Typed-In-Program-2024" }), cache].map(async (resource) => shown(from(literalCredentials, await pack.analyze(resource)))));
    const writeOnly = (argument: string) =>
      `Or give it write-only, kept in no state: ${argument}Wo, with ${argument}WoVersion, from an encrypted value of the stack's configuration (\`pulumi config set --secret\`, read with \`config.requireSecret\`).`;
    expect(typedPassword).toEqual([
      `mandatory: ${literalCredentials.title}\n[PR-CFG-004] password: password is a literal master password, kept in state\n` +
        "fix: Let Secrets Manager keep the master password: set manageMasterUserPassword to true in place of password. The application reads the password from the secret it keeps (the resource's outputs name it); the switch changes the password, so plan it. " +
        `${writeOnly("password")} Replace the master password if it was committed: the repository's history keeps it.`,
    ]);
    expect(typedToken).toEqual([
      `mandatory: ${literalCredentials.title}\n[PR-CFG-004] authToken: authToken is a literal AUTH token, kept in state\n` +
        "fix: Have clients sign in as IAM-authenticated users of a user group, named in userGroupIds, in place of the AUTH token. " +
        `${writeOnly("authToken")} Replace the AUTH token if it was committed: the repository's history keeps it.`,
    ]);
  });

  test("a stack rule's violation gives the fix for the kind of resource it is about", async () => {
    const fn: WireResource = { type: "aws:lambda/function:Function", name: "fn", props: { name: "resize-images", runtime: "nodejs22.x", handler: "index.handler", role: "arn:aws:iam::123456789012:role/fn" } };
    const topic = "an SNS topic that reaches the on-call person (unencrypted, or encrypted with a customer-managed key whose policy lets cloudwatch.amazonaws.com call kms:Decrypt and kms:GenerateDataKey*)";
    expect(shown(from(alarms, await pack.analyzeStack([database(), fn])))).toEqual([
      `mandatory: ${alarms.title}\n[PR-OPS-010]: no CloudWatch alarm with an alarm action watches this resource through its DBInstanceIdentifier dimension\n` +
        `fix: Add a CloudWatch metric alarm (aws.cloudwatch.MetricAlarm) on CPU, free storage or connections whose dimensions name it by DBInstanceIdentifier, its identifier, with ${topic} in alarmActions.`,
      `mandatory: ${alarms.title}\n[PR-OPS-010]: no CloudWatch alarm with an alarm action watches this resource through its FunctionName dimension\n` +
        `fix: Add a CloudWatch metric alarm (aws.cloudwatch.MetricAlarm) on errors or throttles whose dimensions name it by FunctionName, its name, with ${topic} in alarmActions.`,
    ]);
  });

  test("the advisory about what could not be evaluated gives each fix of its judgements once, after them", async () => {
    expect(shown(from(ebsEncryption, await pack.analyzeStack([instance(UNKNOWN_BOOLEAN)])))).toEqual([
      "advisory: [PR-SEC-010] rootBlockDevice.encrypted: could not be evaluated, value is not known to the check (resource app); " +
        `[PR-SEC-010] ebsBlockDevices.0.encrypted: could not be evaluated, value is not known to the check (resource app)\n${INSTANCE_FIX}`,
    ]);
  });

  test("a finding its rule has no fix of its own for reads as before: its message alone (the rule's fix is in the policy's remediation steps)", async () => {
    expect(lambdaSecrets.fix).toBeUndefined();
    expect(shown(from(lambdaSecrets, await pack.analyze(lambda({ DB_PASSWORD: "hunter2-prod", API_TOKEN: UNKNOWN_STRING }))))).toEqual([
      `mandatory: ${lambdaSecrets.title}\n[PR-CFG-001] environment.variables.DB_PASSWORD: environment variable DB_PASSWORD holds a plaintext secret`,
      "advisory: [PR-CFG-001] environment.variables.API_TOKEN: could not be evaluated, value is not known to the check",
    ]);
  });

  // The engine keeps a path whose step only reads like a secret map's key elsewhere; the pack scrubbed its text again,
  // path included, and turned environment.variables into [secret].variables.
  test("a path the engine kept is not redacted again by the pack, where a secret map's key reads like one of its steps", async () => {
    const resource = lambda({ DB_PASSWORD: "hunter2-prod" });
    const tagged = { ...resource, props: { ...resource.props, tags: wireSecret({ environment: "prod" }) } };
    expect(shown(from(lambdaSecrets, await pack.analyze(tagged)))).toEqual([
      `mandatory: ${lambdaSecrets.title}\n[PR-CFG-001] environment.variables.DB_PASSWORD: [secret] variable DB_PASSWORD holds a plaintext secret`,
    ]);
  });

  test("a secret the resource holds is redacted from its fix as from its message", async () => {
    // A secret that reads like a word of the fix, which must then not be shown there either.
    const diagnostics = from(kmsRotation, await pack.analyze(key({ description: wireSecret("optionally") })));
    expect(shown(diagnostics)).toEqual([`mandatory: ${kmsRotation.title}\n[PR-RES-010] enableKeyRotation: automatic key rotation is off\nfix: Set enableKeyRotation to true, [secret] with rotationPeriodInDays.`]);
  });
});

const SECRET_SIG_KEY = Object.keys(wireSecret(""))[0];

describe("secrets", () => {
  beforeEach(() => configure("mandatory"));

  test("a value sent as a secret never appears in a diagnostic", async () => {
    const secret = "hunter2-do-not-print";
    const diagnostics = from(lambdaSecrets, await pack.analyze(lambda({ DB_PASSWORD: wireSecret(secret) })));
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const diagnostic of diagnostics) expect(diagnostic.message).not.toContain(secret);
  });

  test("a master password sent as a secret is undecided in the update as in the preview; only one sent unmarked is reported", async () => {
    const rule = findRule("aws-database-no-literal-master-password")!;
    const db = (password: unknown): WireResource => ({
      type: "aws:rds/instance:Instance",
      name: "db",
      props: { engine: "postgres", instanceClass: "db.t3.micro", allocatedStorage: 20, username: "app", password },
    });
    // `new random.RandomPassword("db", { length: 24 }).result`: unknown in the preview, known when the update
    // creates the database, with nothing in Analyze to tell it from a password typed in or read from config.
    const generated = "Zk3#pQ9!vL2@xR7$";
    const [preview, update, typed] = await Promise.all(
      [wireSecret(UNKNOWN_STRING), wireSecret(generated), "changeme-2024"].map(async (password) => from(rule, await pack.analyze(db(password)))),
    );
    expect(preview.map((d) => d.level)).toEqual(["advisory"]);
    expect(update.map((d) => d.level)).toEqual(["advisory"]);
    expect(update[0].message).toContain("[PR-CFG-004] password: could not be evaluated, password is a secret of unseen origin");
    expect(update[0].message).not.toContain(generated);
    expect(typed.map((d) => d.level)).toEqual(["mandatory"]);
    expect(typed[0].message).toContain("[PR-CFG-004] password: password is a literal master password, kept in state");
  });

  /** The strings a secret holds, as the redactor finds them: text, numbers as text, and the values of a JSON document. */
  const secretTexts = (value: unknown): string[] => {
    if (typeof value === "number") return [String(value)];
    if (typeof value === "string") return [value, ...(/^\s*[[{]/.test(value) ? secretTexts(parsed(value)) : [])];
    return value !== null && typeof value === "object" ? Object.values(value).flatMap(secretTexts) : [];
  };
  const parsed = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };

  // What the README promises: a secret string of 4 or more characters appears in no message. Shorter ones may.
  test.each([
    ["each value", (props: Record<string, unknown>) => mapLeaves(props, wireSecret)],
    ["each top-level input whole", (props: Record<string, unknown>) => Object.fromEntries(Object.entries(props).map(([key, value]) => [key, wireSecret(value)]))],
  ])("no rule's example, with %s sent as a secret, quotes a secret of 4 or more characters", async (_mode, secretly) => {
    let diagnostics = 0;
    for (const rule of pulumiRules) {
      for (const example of [...pulumiExamples(rule).fail, ...pulumiExamples(rule).pass]) {
        const resources = example.resources.map((r: PulumiExampleResource) => ({ type: r.type, name: r.name, props: secretly(r.props) }));
        const secrets = example.resources.map((r, index) => ({ urn: urnOf(resources[index]), kind: kindOf(r.type), texts: secretTexts(r.props).filter((text) => text.length >= 4) }));
        const analyses = rule.scope === "stack" ? [await pack.analyzeStack(resources)] : await Promise.all(resources.map((r) => pack.analyze(r)));
        for (const diagnostic of analyses.flatMap((analysis) => analysis.diagnostics)) {
          diagnostics++;
          // The SDK puts the policy's description, the rule's title, before our text; it is fixed text, not input.
          // Paths hold the program's keys, never values: a secret value that reads like a key (an action type "redirect")
          // may be a step of one (`defaultActions.0.redirect.protocol`), so only what follows each path is searched.
          const text = diagnostic.message.replace(`${findRule(diagnostic.policyName)!.title}\n`, "").replace(/\[PR-[A-Z]+-\d+\]( [^\s:]+)?:/g, "");
          // A stack policy sees the resources of the kinds it reads, and may draw on any of them; a resource policy sees one.
          const kinds = findRule(diagnostic.policyName)!.kinds;
          const seen = secrets.filter((resource) => (rule.scope === "stack" ? kinds.includes(resource.kind) : resource.urn === diagnostic.urn));
          for (const secret of seen.flatMap((resource) => resource.texts)) expect(text).not.toContain(secret);
        }
      }
    }
    expect(diagnostics).toBeGreaterThan(0);
  });
});

/** The value with each string and number replaced; secrets already marked are left as they are. */
function mapLeaves(value: Record<string, unknown>, replace: (leaf: unknown) => unknown): Record<string, unknown> {
  const map = (node: unknown): unknown => {
    if (typeof node === "string" || typeof node === "number") return replace(node);
    if (Array.isArray(node)) return node.map(map);
    if (node !== null && typeof node === "object" && !(SECRET_SIG_KEY in node)) return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, map(child)]));
    return node;
  };
  return map(value) as Record<string, unknown>;
}

describe("Remediate", () => {
  const remediable = pulumiRules.filter((rule) => rule.scope === "resource" && rule.remediate);

  test("returns the fixed inputs, keeping the others and their secrets, only when the rule finds a violation", async () => {
    await configure("advisory", { [kmsRotation.slug]: { enforcementLevel: "remediate" } });
    const response = await pack.remediate(key({ description: wireSecret("app data"), policy: "{}" }));
    const [remediation] = response.getRemediationsList();
    expect(remediation.getPolicyname()).toBe(kmsRotation.slug);
    expect(remediation.getProperties()!.toJavaScript()).toEqual({ description: wireSecret("app data"), policy: "{}", enableKeyRotation: true });
    expect((await pack.remediate(key({ enableKeyRotation: true }))).getRemediationsList()).toEqual([]);
  });

  test.each(remediable.map((rule) => [rule.slug, rule] as const))("%s: the fixed inputs pass its own check", async (_slug, rule) => {
    let fixed = 0;
    for (const example of pulumiExamples(rule).fail) {
      for (const resource of example.resources) {
        const wire = { type: resource.type, name: resource.name, props: resource.props };
        await configure("advisory", { [rule.slug]: { enforcementLevel: "remediate", ...example.config } });
        const [remediation] = (await pack.remediate(wire)).getRemediationsList();
        if (!remediation) continue;
        fixed++;
        await configure("mandatory", { [rule.slug]: { ...example.config } });
        const props = remediation.getProperties()!.toJavaScript() as Record<string, unknown>;
        expect(from(rule, await pack.analyze({ ...wire, props }))).toEqual([]);
      }
    }
    expect(fixed).toBeGreaterThan(0);
  });
});
