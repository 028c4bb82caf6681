/**
 * `Attachments` (src/rules/read.ts) answers, for every target at once, which holders name it. It must give exactly
 * the answers of the pairwise definition the stack rules used before, kept here as the oracle: one holder against
 * one target, with every other target in view.
 */
import fc from "fast-check";
import { containsUnknown, ReachedAddresses, UNKNOWN, UNKNOWN_PRESENT, UNTRACED, valueAt, type Addresses, type Resource } from "../../src/model/resource";
import { Attachments, referenceAt, strongest, type Reference } from "../../src/rules/read";
import { fuzzParameters, fuzzTimeout } from "../support/fuzz";

// ---------------------------------------------------------------------------------------------------------------
// The oracle: the pairwise definition

const SECRET_ARN_SUFFIX = /-[A-Za-z0-9]{6}$/;
const ELB_NAME = /(?:^|[:/])(?:app|net|gwy|targetgroup)\/([^/]+)\/[0-9a-f]+$/;

function namesIdentifier(reference: string, identifier: string): boolean {
  if (reference === identifier) return true;
  if (/^https?:\/\//.test(reference)) return reference.endsWith(`/${identifier}`);
  if (reference.endsWith(`:${identifier}`)) return true;
  if (ELB_NAME.exec(reference)?.[1] === identifier) return true;
  return reference.includes(":secretsmanager:") && reference.replace(SECRET_ARN_SUFFIX, "").endsWith(`:${identifier}`);
}

function refersTo(reference: unknown, holder: Resource, target: Resource, targets: readonly Resource[], identifierKeys: readonly string[]): Reference {
  if (containsUnknown(reference)) {
    const dependencies = holder.dependencies;
    // Worked out from nothing, an unknown may be any name.
    if (dependencies === undefined || [...dependencies].length === 0) return "unknown";
    if (targets.some((each) => dependencies.includes(each.address))) return dependencies.includes(target.address) ? "unknown" : "no";
    // Worked out from other resources only, it may be the unknown identifier of a target worked out from one of them.
    return sharesSource(target, dependencies, identifierKeys) ? "unknown" : "no";
  }
  if (typeof reference !== "string" || reference.trim() === "") return "no";
  let identityKnown = false;
  for (const key of identifierKeys) {
    const identifier = valueAt(target.props, key);
    if (typeof identifier !== "string" || identifier === "") continue;
    identityKnown = true;
    if (namesIdentifier(reference.trim(), identifier)) return "yes";
  }
  return identityKnown ? "no" : "unknown";
}

function sharesSource(target: Resource, dependencies: Addresses, identifierKeys: readonly string[]): boolean {
  const identifiers = identifierKeys.map((key) => valueAt(target.props, key));
  if (identifiers.some((identifier) => typeof identifier === "string" && identifier !== "")) return false;
  const sources = [...(target.dependencies ?? [])];
  return identifiers.some(containsUnknown) && sources.some((address) => dependencies.includes(address));
}

/** A holder that may not be created (its count is unknown) applies at most possibly. */
function attachedTo(reference: unknown, holder: Resource, target: Resource, targets: readonly Resource[], identifierKeys: readonly string[]): Reference {
  const answer = namedOrDepended(reference, holder, target, targets, identifierKeys);
  return answer === "yes" && holder.existenceUnknown ? "unknown" : answer;
}

function namedOrDepended(reference: unknown, holder: Resource, target: Resource, targets: readonly Resource[], identifierKeys: readonly string[]): Reference {
  const answer = refersTo(reference, holder, target, targets, identifierKeys);
  if (answer !== "unknown") return answer;
  const others = targets.filter((other) => other !== target);
  if (others.some((other) => refersTo(reference, holder, other, targets, identifierKeys) === "yes")) return "no";
  const dependencies: Addresses = holder.dependencies ?? [];
  const onlyThis = dependencies.includes(target.address) && !others.some((other) => dependencies.includes(other.address));
  return containsUnknown(reference) && onlyThis ? "yes" : "unknown";
}

// ---------------------------------------------------------------------------------------------------------------
// Random holders and targets

function resource(kind: string, address: string, props: Record<string, unknown>, dependencies?: Addresses): Resource {
  return { kind, address, name: address, engine: "terraform", props, options: {}, location: {}, secretPaths: [], ...(dependencies ? { dependencies } : {}) };
}

/** Few names, so references and identifiers collide often; some hold the separators the naming rules cut at. */
const nameArb = fc.constantFrom("orders", "web", "a", "b", "data-1", "data-1-AbC123", "app", "x/y", "b:c", "50dc6c495c0c9188", "app/web/50dc6c495c0c9188", "secret", "123");
const hexArb = fc.constantFrom("50dc6c495c0c9188", "0f", "abc123", "XYZ");

/** References as resources carry them: names, ARNs, URLs, ELB dimensions, secrets, unknowns, and text that is none of these. */
const referenceArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: nameArb },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(" ", "\t", "\n "), nameArb).map(([pad, name]) => `${pad}${name}${pad}`) },
  { weight: 2, arbitrary: nameArb.chain((name) => fc.constantFrom(`arn:aws:s3:::${name}`, `arn:aws:sqs:eu-west-1:123456789012:${name}`, `arn:aws:lambda:eu-west-1:123456789012:function:${name}`, `partial:${name}`)) },
  { weight: 2, arbitrary: nameArb.chain((name) => fc.constantFrom(`https://sqs.eu-west-1.amazonaws.com/123456789012/${name}`, `http://host:8080/${name}`, `https://${name}`, `ftp://x/${name}`)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(nameArb, hexArb, fc.constantFrom("app", "net", "gwy", "targetgroup", "other"))
      .chain(([name, id, type]) => fc.constantFrom(`${type}/${name}/${id}`, `arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/${type}/${name}/${id}`, `arn:aws:elasticloadbalancing:eu-west-1:123456789012:${type}/${name}/${id}`)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(nameArb, fc.constantFrom("-AbC123", "-abc12", "", "-a1b2c3-ZZZZZZ"))
      .chain(([name, suffix]) => fc.constantFrom(`arn:aws:secretsmanager:eu-west-1:123456789012:secret:${name}${suffix}`, `x:secretsmanager:${name}${suffix}`, `https://a:secretsmanager:${name}${suffix}`)),
  },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(":", "/", "-", "a", "b", "app", "https://", "secretsmanager", "AbC123", "0f", " "), { maxLength: 8 }).map((parts) => parts.join("")) },
  { weight: 3, arbitrary: fc.constantFrom<unknown>(UNKNOWN, UNKNOWN_PRESENT, { value: UNKNOWN }, [UNKNOWN_PRESENT]) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, "", "   ", 42, true, ["orders"], { name: "orders" }) },
);

/** An identifier of a target: mostly a name or an ARN of one, sometimes unknown, empty or not a string. */
const identifierArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: nameArb },
  { weight: 2, arbitrary: nameArb.map((name) => `arn:aws:s3:::${name}`) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(":", "/", "a", "b", "app", "0f"), { minLength: 1, maxLength: 4 }).map((parts) => parts.join("")) },
  { weight: 2, arbitrary: fc.constantFrom<unknown>(UNKNOWN, UNKNOWN_PRESENT, undefined, "", 7, null) },
);

const IDENTIFIER_KEYS = ["bucket", "id", "nested.name"];

interface Case {
  targets: Resource[];
  holders: Resource[];
  references: Map<Resource, unknown[]>;
  identifierKeys: string[];
}

const caseArb: fc.Arbitrary<Case> = fc
  .tuple(
    fc.subarray(IDENTIFIER_KEYS, { minLength: 1 }),
    // A target: its identifiers, an address that sometimes repeats another's, and what its identifiers are worked
    // out from, which may be what a holder's unknown is worked out from (addresses past the targets': a random suffix).
    fc.array(
      fc.tuple(fc.dictionary(fc.constantFrom("bucket", "id"), identifierArb), fc.option(identifierArb), fc.nat(12), fc.option(fc.array(fc.nat(14), { maxLength: 2 }), { nil: undefined })),
      { maxLength: 8 },
    ),
    // A holder: its references, a dependency list (absent, or addresses of targets and of other resources, and all
    // that other holders' lists reach, which may reach this one again, but for an address never reached), and
    // whether it may not be created.
    fc.array(
      fc.tuple(
        fc.array(referenceArb, { minLength: 1, maxLength: 3 }),
        fc.option(fc.tuple(fc.array(fc.nat(14), { maxLength: 4 }), fc.array(fc.nat(7), { maxLength: 2 }), fc.option(fc.nat(14), { nil: undefined })), { nil: undefined }),
        fc.boolean(),
      ),
      { maxLength: 8 },
    ),
  )
  .map(([identifierKeys, targetSeeds, holderSeeds]) => {
    const targets = targetSeeds.map(([props, nested, address, sources]) =>
      resource("aws_target", `aws_target.t${address}`, nested === null ? props : { ...props, nested: { name: nested } }, sources?.map((source) => `aws_target.t${source}`)),
    );
    const references = new Map<Resource, unknown[]>();
    const entries = holderSeeds.map(([, dependencies]): (string | ReachedAddresses)[] => (dependencies?.[0] ?? []).map((address) => `aws_target.t${address}`));
    const reached = entries.map((written) => new ReachedAddresses(written));
    const dependencyList = (index: number): Addresses | undefined => {
      const dependencies = holderSeeds[index][1];
      if (dependencies === undefined) return undefined;
      const [addresses, links, never] = dependencies;
      if (links.length === 0) return addresses.map((address) => `aws_target.t${address}`);
      for (const link of links) entries[index].push(reached[link % reached.length]);
      return new ReachedAddresses(entries[index], never === undefined ? undefined : `aws_target.t${never}`);
    };
    const holders = holderSeeds.map(([refs, , existenceUnknown], index) => {
      const holder = { ...resource("aws_holder", `aws_holder.h${index}`, {}, dependencyList(index)), ...(existenceUnknown ? { existenceUnknown: { hangsOn: "its count" } } : {}) };
      references.set(holder, refs);
      return holder;
    });
    return { targets, holders, references, identifierKeys };
  });

function describe(holders: readonly Resource[], answers: readonly { holder: Resource; applies: Reference }[]): string[] {
  return answers.map(({ holder, applies }) => `${holders.indexOf(holder)}:${applies}`);
}

const RUNS = 300;

test(
  "every target gets the holders the pairwise definition attaches to it, surely or possibly, in the holders' order; those that may surely, apart",
  () => {
    fc.assert(
      fc.property(caseArb, ({ targets, holders, references, identifierKeys }) => {
        const attachments = new Attachments(holders, (holder) => references.get(holder)!, targets, identifierKeys);
        for (const target of targets) {
          const expected = holders
            .map((holder) => ({ holder, applies: strongest(references.get(holder)!.map((reference) => attachedTo(reference, holder, target, targets, identifierKeys))) }))
            .filter(({ applies }) => applies !== "no");
          expect(describe(holders, attachments.of(target))).toEqual(describe(holders, expected));
          const alone = expected.filter(({ holder }) => strongest(references.get(holder)!.map((reference) => namedOrDepended(reference, holder, target, targets, identifierKeys))) === "yes");
          expect(describe(holders, attachments.namingAlone(target))).toEqual(describe(holders, alone));
        }
        const namesATarget = (holder: Resource) =>
          targets.some((target) =>
            references.get(holder)!.some((reference) => (containsUnknown(reference) ? holder.dependencies?.includes(target.address) : refersTo(reference, holder, target, targets, identifierKeys) === "yes")),
          );
        expect(holders.map((holder) => attachments.namesATarget(holder))).toEqual(holders.map(namesATarget));
      }),
      fuzzParameters(RUNS),
    );
  },
  fuzzTimeout(RUNS, 5),
);

test(
  "the targets a holder depends on are those its dependency list names, each once; none are known without a list",
  () => {
    fc.assert(
      fc.property(caseArb, ({ targets, holders, references, identifierKeys }) => {
        const attachments = new Attachments(holders, (holder) => references.get(holder)!, targets, identifierKeys);
        for (const holder of holders) {
          const dependedOn = attachments.dependedOn(holder);
          if (holder.dependencies === undefined) {
            expect(dependedOn).toBeUndefined();
            continue;
          }
          const expected = [...new Set(targets.filter((target) => holder.dependencies!.includes(target.address)))];
          expect(new Set(dependedOn)).toEqual(new Set(expected));
          expect(dependedOn).toHaveLength(expected.length);
        }
      }),
      fuzzParameters(RUNS),
    );
  },
  fuzzTimeout(RUNS, 5),
);

test("a few answers spelled out", () => {
  const orders = resource("aws_s3_bucket", "aws_s3_bucket.orders", { bucket: "orders" });
  const unnamed = resource("aws_s3_bucket", "aws_s3_bucket.unnamed", {});
  const logs = resource("aws_s3_bucket", "aws_s3_bucket.logs", { bucket: "logs" });
  // `bucket = "logs-${random_string.suffix.result}"`
  const suffixed = resource("aws_s3_bucket", "aws_s3_bucket.suffixed", { bucket: UNKNOWN_PRESENT }, ["random_string.suffix"]);
  const targets = [orders, unnamed, logs, suffixed];
  const byArn = resource("aws_holder", "aws_holder.arn", { bucket: "arn:aws:s3:::orders" });
  const byNothing = resource("aws_holder", "aws_holder.none", { bucket: "elsewhere" });
  const byOneDependency = resource("aws_holder", "aws_holder.one", { bucket: UNKNOWN }, ["aws_s3_bucket.logs", "aws_iam_role.x"]);
  const byTwoDependencies = resource("aws_holder", "aws_holder.two", { bucket: UNKNOWN }, ["aws_s3_bucket.logs", "aws_s3_bucket.orders"]);
  const anyBucket = resource("aws_holder", "aws_holder.any", { bucket: UNKNOWN });
  // `bucket = var.bucket_name`, given no value: it may be any name.
  const byInput = resource("aws_holder", "aws_holder.input", { bucket: UNKNOWN }, []);
  // The same text as the suffixed bucket's name, or another resource's identifier.
  const bySuffix = resource("aws_holder", "aws_holder.suffix", { bucket: UNKNOWN_PRESENT }, ["random_string.suffix"]);
  const byRole = resource("aws_holder", "aws_holder.role", { bucket: UNKNOWN }, ["aws_iam_role.x"]);
  const holders = [byArn, byNothing, byOneDependency, byTwoDependencies, anyBucket, byInput, bySuffix, byRole];
  const attachments = new Attachments(holders, (holder) => [holder.props.bucket], targets, ["bucket"]);
  const answers = (target: Resource) => attachments.of(target).map(({ holder, applies }) => `${holder.address}:${applies}`);
  expect(answers(orders)).toEqual(["aws_holder.arn:yes", "aws_holder.two:unknown", "aws_holder.any:unknown", "aws_holder.input:unknown"]);
  // A reference that names a bucket cannot name one whose name is unknown; one that names none may.
  expect(answers(unnamed)).toEqual(["aws_holder.none:unknown", "aws_holder.any:unknown", "aws_holder.input:unknown"]);
  expect(answers(logs)).toEqual(["aws_holder.one:yes", "aws_holder.two:unknown", "aws_holder.any:unknown", "aws_holder.input:unknown"]);
  expect(answers(suffixed)).toEqual(["aws_holder.none:unknown", "aws_holder.any:unknown", "aws_holder.input:unknown", "aws_holder.suffix:unknown"]);
  // Those naming no target may be attached to one only where an unknown says so.
  expect(holders.filter((holder) => attachments.namesATarget(holder)).map((holder) => holder.address)).toEqual(["aws_holder.arn", "aws_holder.one", "aws_holder.two"]);
});

test("a reference read through a property names what that property refers to, where the engine says", () => {
  const work = resource("aws_sqs_queue", "aws_sqs_queue.work", {});
  const dlq = resource("aws_sqs_queue", "aws_sqs_queue.dlq", {});
  const subscription = (address: string, references?: Record<string, string[]>) => ({
    ...resource("aws_sns_topic_subscription", address, { endpoint: UNKNOWN, redrive_policy: UNKNOWN }, ["aws_sqs_queue.work", "aws_sqs_queue.dlq"]),
    ...(references ? { references } : {}),
  });
  const precise = subscription("aws_sns_topic_subscription.precise", { endpoint: ["aws_sqs_queue.work"], redrive_policy: ["aws_sqs_queue.dlq"] });
  // A Pulumi program says only what the whole resource depends on.
  const coarse = subscription("aws_sns_topic_subscription.coarse");
  const attachments = new Attachments([precise, coarse], referenceAt("redrive_policy"), [work, dlq], ["arn"]);
  const answers = (target: Resource) => attachments.of(target).map(({ holder, applies }) => `${holder.address}:${applies}`);
  expect(answers(dlq)).toEqual(["aws_sns_topic_subscription.precise:yes", "aws_sns_topic_subscription.coarse:unknown"]);
  expect(answers(work)).toEqual(["aws_sns_topic_subscription.coarse:unknown"]);
});

test("a property worked out from what the engine cannot follow may name any target; the others stay exact", () => {
  const work = resource("aws_sqs_queue", "aws_sqs_queue.work", {});
  const dlq = resource("aws_sqs_queue", "aws_sqs_queue.dlq", {});
  // A plan's subscription whose endpoint reads a local: what it depends on is not all known.
  const subscription: Resource = {
    ...resource("aws_sns_topic_subscription", "aws_sns_topic_subscription.s", { endpoint: UNKNOWN, redrive_policy: UNKNOWN }),
    references: { endpoint: UNTRACED, redrive_policy: ["aws_sqs_queue.dlq"] },
  };
  const answers = (property: string, target: Resource) =>
    new Attachments([subscription], referenceAt(property), [work, dlq], ["arn"]).of(target).map(({ holder, applies }) => `${holder.address}:${applies}`);
  expect(answers("redrive_policy", dlq)).toEqual(["aws_sns_topic_subscription.s:yes"]);
  expect(answers("redrive_policy", work)).toEqual([]);
  expect(answers("endpoint", work)).toEqual(["aws_sns_topic_subscription.s:unknown"]);
  expect(answers("endpoint", dlq)).toEqual(["aws_sns_topic_subscription.s:unknown"]);
});
