/**
 * Every rule, fed random and adversarial property bags shaped like its own examples, through the Pulumi adapter
 * and directly on the model: no rule throws, and no violation rests on an unknown value.
 */
import fc from "fast-check";
import { isDeepStrictEqual } from "util";
import { fromPulumi } from "../../src/adapters/pulumi";
import { evaluate, judge } from "../../src/engine/evaluate";
import { resolveSettings } from "../../src/engine/settings";
import { UNKNOWN, UNKNOWN_PRESENT, isUnknown, type Resource } from "../../src/model/resource";
import { pulumiRules } from "../../src/rules/catalogue";
import {
  addedViolations,
  describeFindings,
  fuzzParameters,
  fuzzTimeout,
  wireSecret,
  ruleErrors,
  settingsFor,
  stackArb,
  stackAsModel,
  stackThroughPulumi,
  unknownify,
  violationsOnUnknowns,
  type SeedResource,
  type Stack,
} from "../support/fuzz";

/** Runs per rule and property by default (FUZZ_RUNS overrides): 50 rules × 4 properties × 10 runs take a few seconds. */
const RUNS = 10;
const TIMEOUT = fuzzTimeout(RUNS, 20);

/** Every finding with its judgement, which says whether a violation stands on the known parts of an unknown value. */
function judged(stack: Stack, resources: Resource[]) {
  return judge(resources, pulumiRules, settingsFor(stack.rule, stack.config));
}

function run(stack: Stack, resources: Resource[]) {
  return judged(stack, resources).map(({ finding }) => finding);
}

function isPlainObject(value: unknown): boolean {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Props in which every property, present or not, is unknown: objects answer UNKNOWN for any name they lack, every
 * scalar and list of scalars is UNKNOWN, lists of blocks keep their length. The shapes are the examples' own (see `shapes: "seed"`), so what is
 * left known is structure a real resource has.
 */
function everythingUnknown(value: unknown): unknown {
  // A list of blocks keeps its blocks; a list of values (or an empty one) is a value like any other.
  if (Array.isArray(value)) return value.length > 0 && value.every(isPlainObject) ? value.map(everythingUnknown) : UNKNOWN;
  if (value === null || typeof value !== "object" || isUnknown(value)) return isUnknown(value) ? value : UNKNOWN;
  const known = Object.fromEntries(Object.entries(value).map(([key, child]) => [key, everythingUnknown(child)]));
  return new Proxy(known, {
    get: (target, key, receiver) => {
      if (typeof key !== "string" || Object.hasOwn(target, key)) return Reflect.get(target, key, receiver);
      // Object's own methods stay methods: a rule calling one is not reading a property.
      return key in Object.prototype ? Reflect.get(target, key, receiver) : UNKNOWN;
    },
    has: (target, key) => typeof key === "string" || Reflect.has(target, key),
  });
}

/**
 * The stack with more of its values unknown. A dependency list says where an unknown reference comes from: it names
 * none of the resources left out, and the one target of a rule's in the list surely (read.ts, `Attachments`). A
 * list made up for a value made unknown here would say more than the known value did wherever that value named the
 * target only possibly or not at all (an Aurora instance's `cluster_identifier` "orders", which only may be the
 * name of the stack's one cluster, whose name is not set), and what a value names is each rule's to say; so a
 * resource given unknowns drops its list, which only says less. One left as it was may keep its list, which says
 * what it said.
 */
function lessKnownStack(stack: Stack, picks: number[][], present: boolean, keepLists: boolean): Resource[] {
  const props = stack.resources.map((resource, index) => unknownify(resource.props, picks[index % picks.length], present));
  const resources = stackAsModel(stack, (resource) => props[stack.resources.indexOf(resource)]);
  return resources.map((resource, index) => {
    if (resource.dependencies === undefined || (keepLists && isDeepStrictEqual(props[index], stack.resources[index].props))) return resource;
    const { dependencies: _dropped, ...withoutDependencies } = resource;
    return withoutDependencies;
  });
}

describe.each(pulumiRules.map((rule) => [rule.id, rule] as const))("%s", (_id, rule) => {
  test(
    "through the Pulumi adapter: no rule throws, no violation rests on an unknown",
    () => {
      fc.assert(
        fc.property(stackArb(rule, { form: "pulumi", exotic: true, maxMutations: 6 }), fc.constantFrom("wire" as const, "listed" as const, "mixed" as const), (stack, secrets) => {
          const resources = stackThroughPulumi(stack, { secrets, json: false });
          const results = judged(stack, resources);
          expect(describeFindings(ruleErrors(results.map(({ finding }) => finding)))).toEqual([]);
          expect(violationsOnUnknowns(results, resources)).toEqual([]);
        }),
        fuzzParameters(RUNS),
      );
    },
    TIMEOUT,
  );

  test(
    "directly on the model (deeper and stranger than an adapter makes it): no rule throws, no violation rests on an unknown",
    () => {
      fc.assert(
        fc.property(stackArb(rule, { form: "canonical", exotic: true, maxMutations: 6 }), (stack) => {
          const resources = stackAsModel(stack);
          const results = judged(stack, resources);
          expect(describeFindings(ruleErrors(results.map(({ finding }) => finding)))).toEqual([]);
          expect(violationsOnUnknowns(results, resources)).toEqual([]);
        }),
        fuzzParameters(RUNS),
      );
    },
    TIMEOUT,
  );

  test(
    "making values unknown never adds a violation: whatever is violated with less known is violated with the values known",
    () => {
      const picksArb = fc.array(fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), { minLength: 8, maxLength: 8 });
      fc.assert(
        fc.property(stackArb(rule, { form: "canonical", exotic: false, maxMutations: 3 }), picksArb, fc.boolean(), fc.boolean(), (stack, picks, present, keepLists) => {
          const known = run(stack, stackAsModel(stack));
          const lessKnownResources = lessKnownStack(stack, picks, present, keepLists);
          const lessKnown = run(stack, lessKnownResources);
          expect(addedViolations(lessKnown, known)).toEqual([]);
        }),
        fuzzParameters(RUNS),
      );
    },
    TIMEOUT,
  );

  test(
    "with every value unknown, no violation rests on a value",
    () => {
      fc.assert(
        fc.property(stackArb(rule, { form: "canonical", exotic: true, maxMutations: 4, shapes: "seed" }), (stack) => {
          const resources = stackAsModel(stack).map((resource) => ({ ...resource, props: everythingUnknown(resource.props) as Record<string, unknown> }));
          const results = judged(stack, resources);
          const findings = results.map(({ finding }) => finding);
          expect(describeFindings(ruleErrors(findings))).toEqual([]);
          // A violation of the resource as a whole (path "") rests on its options or existence, never on a value; one
          // its rule decided on known parts rests on what is known of a value (an unknown certain to be set).
          const onValues = results.filter(({ finding, judgement }) => finding.outcome === "violation" && finding.path !== "" && !judgement.inKnownParts);
          expect(describeFindings(onValues.map(({ finding }) => finding))).toEqual([]);
        }),
        fuzzParameters(RUNS),
      );
    },
    TIMEOUT,
  );
});

/** Bugs the properties above found, kept as minimal cases. */
describe("minimal cases found by fuzzing", () => {
  // canonicalKey (src/adapters/pulumi/properties.ts) looked names up in plain objects, so `constructor` became Object.
  test("a Pulumi input named `constructor` holding a secret does not crash evaluation, and keeps its name", () => {
    const topic = fromPulumi({ type: "aws:sns/topic:Topic", name: "alerts", props: { constructor: wireSecret("s3cr3t-value") } });
    expect(Object.keys(topic.props)).toEqual(["constructor"]);
    expect(() => evaluate([topic], pulumiRules, resolveSettings(pulumiRules, "platform"))).not.toThrow();
  });

  // PR-LIM-004 reports an API whose quick-create `target` is an ARN not created yet: set, whatever it turns out to be.
  // The two properties on unknowns took the violation for one resting on the unknown (FUZZ_SEED=1517850983 at
  // FUZZ_RUNS=200), as they would any violation at an unknown value that the rule has not said stands on known parts.
  test("a violation its rule decided on the known parts of an unknown value does not rest on the unknown", () => {
    const api: Resource = {
      kind: "aws_apigatewayv2_api",
      address: "aws_apigatewayv2_api.orders",
      name: "orders",
      engine: "terraform",
      props: { name: "orders-quick", protocol_type: "HTTP", target: UNKNOWN_PRESENT },
      options: {},
      location: {},
      secretPaths: [],
    };
    const results = judge([api], pulumiRules, resolveSettings(pulumiRules, "platform"));
    const violations = results.filter(({ finding }) => finding.outcome === "violation");
    expect(violations.map(({ finding }) => `${finding.ruleId} [${finding.path}]`)).toEqual(["PR-LIM-004 [target]"]);
    expect(violationsOnUnknowns(results, [api])).toEqual([]);
    // Without the rule's word for it, the same violation rests on the unknown.
    const unmarked = results.map(({ finding, judgement: { inKnownParts: _marked, ...judgement } }) => ({ finding, judgement }));
    expect(violationsOnUnknowns(unmarked, [api]).map(({ finding }) => finding.ruleId)).toEqual(["PR-LIM-004"]);
  });

  // FUZZ_SEED=1280424146 at FUZZ_RUNS=300: an instance naming "orders", depending on nothing, beside a cluster whose
  // name is not set, only may be that cluster's. Made unknown with a list on every resource, which `Attachments`
  // reads as surely the stack's one cluster, it was judged by a cluster leaving Performance Insights off.
  test("a value made unknown comes with no dependency list: one made up could tell it which resource it names", () => {
    const rule = pulumiRules.find((candidate) => candidate.id === "PR-DAT-001")!;
    const seed = (kind: string, name: string): SeedResource => ({ type: kind, name, kind, pulumi: {}, canonical: {} });
    const stack: Stack = {
      rule,
      config: { exemptInstanceClasses: [] },
      resources: [
        { seed: seed("aws_rds_cluster", "cluster"), name: "cluster", props: { engine: "aurora-postgresql" }, dependsOn: undefined },
        { seed: seed("aws_rds_cluster_instance", "writer"), name: "writer", props: { cluster_identifier: "orders", engine: "aurora-postgresql", instance_class: "db.r7g.large" }, dependsOn: [] },
        { seed: seed("aws_db_instance", "db"), name: "db", props: { engine: "postgres", instance_class: "db.t4g.micro", performance_insights_enabled: true }, dependsOn: [] },
      ],
    };
    const known = run(stack, stackAsModel(stack));
    expect(known.filter((finding) => finding.ruleId === "PR-DAT-001").map((finding) => `${finding.outcome} ${finding.resource.address}`)).toEqual(["undecided aws_rds_cluster_instance.writer"]);
    // The instance's cluster_identifier (position 1) made unknown; the db instance, left as it was, keeps its list.
    const lessKnown = lessKnownStack(stack, [[0], [1], [0]], false, true);
    expect(addedViolations(run(stack, lessKnown), known)).toEqual([]);
    expect(lessKnown.map((resource) => resource.dependencies)).toEqual([undefined, undefined, []]);
  });

  // PR-SEC-004 took a listener without a protocol for HTTP when its port was unknown, which may turn out unset (a
  // Gateway Load Balancer listener). Found by the plan metamorphic property at FUZZ_RUNS=2000.
  test("a listener without a protocol whose port is unknown is not an HTTP listener in violation", () => {
    const listener = (port: unknown): Resource => ({
      kind: "aws_lb_listener",
      address: "aws_lb_listener.web",
      name: "web",
      engine: "terraform",
      props: port === undefined ? { load_balancer_arn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/gwy/gw/50dc6c495c0c9188" } : { load_balancer_arn: "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/gwy/gw/50dc6c495c0c9188", port },
      options: {},
      location: {},
      secretPaths: [],
    });
    const violations = (resource: Resource) =>
      evaluate([resource], pulumiRules, resolveSettings(pulumiRules, "platform")).filter((finding) => finding.ruleId === "PR-SEC-004" && finding.outcome === "violation");
    expect(violations(listener(undefined))).toEqual([]);
    expect(violations(listener(UNKNOWN))).toEqual([]);
  });

  // PR-LIM-001 reported containers without a memory limit when the launch type was unknown, though on Fargate, one
  // of the values it may take, they need none.
  test("an ECS task whose launch type is unknown gets no container violation that Fargate would not have", () => {
    const task = (requiresCompatibilities: unknown): Resource => ({
      kind: "aws_ecs_task_definition",
      address: "aws_ecs_task_definition.api",
      name: "api",
      engine: "terraform",
      props: { family: "api", requires_compatibilities: requiresCompatibilities, container_definitions: JSON.stringify([{ name: "api", image: "example/api:1.4.2" }]) },
      options: {},
      location: {},
      secretPaths: [],
    });
    const violations = (resource: Resource) =>
      evaluate([resource], pulumiRules, resolveSettings(pulumiRules, "platform"))
        .filter((finding) => finding.ruleId === "PR-LIM-001" && finding.outcome === "violation")
        .map((finding) => finding.path);
    expect(violations(task(["FARGATE"]))).toEqual(["cpu", "memory"]);
    expect(violations(task(UNKNOWN))).toEqual([]);
  });
});
