import { Token } from "cdktf";
import { Construct, RootConstruct } from "constructs";
import { mergeProps, type Defaults, type WeakeningChecks } from "../../constructs/src/merge";

interface RetentionProps {
  readonly days?: number;
  readonly classes?: readonly string[];
}

interface ExampleProps {
  readonly encrypted?: boolean;
  readonly name?: string;
  readonly subnets?: readonly string[];
  readonly logs?: RetentionProps;
  readonly owner?: Construct;
}

type ExampleDefaulted = "encrypted" | "subnets" | "logs";

const DEFAULTS: Defaults<ExampleProps, ExampleDefaulted> = {
  encrypted: true,
  subnets: ["a", "b", "c"],
  logs: { days: 90, classes: ["STANDARD"] },
};

const WEAKENS: WeakeningChecks<ExampleProps> = {
  encrypted: { when: (encrypted) => !encrypted, because: "data is stored unencrypted (PR-TEST-001)" },
  logs: { days: { when: (days, fallback) => fallback !== undefined && days < fallback, because: "logs expire sooner" } },
};

/** A construct of its own per case, so warnings never mix. */
function scope(): Construct {
  return new Construct(new RootConstruct(), "example");
}

function warningsOf(construct: Construct): string[] {
  return construct.node.metadata.filter((entry) => entry.type === "@cdktf/warn").map((entry) => String(entry.data));
}

function merge(user: ExampleProps, enforced?: Partial<ExampleProps>) {
  const construct = scope();
  const merged = mergeProps(construct, { defaults: DEFAULTS, user, enforced, weakens: WEAKENS });
  return { merged, warnings: warningsOf(construct) };
}

describe("mergeProps", () => {
  test("nothing passed: the defaults, no warning", () => {
    const { merged, warnings } = merge({});
    expect(merged).toEqual(DEFAULTS);
    expect(warnings).toEqual([]);
  });

  test("user values win over defaults; undefined counts as not passed", () => {
    const { merged } = merge({ name: "orders", encrypted: undefined });
    expect(merged).toEqual({ ...DEFAULTS, name: "orders" });
  });

  test("nested config objects merge key by key", () => {
    const { merged } = merge({ logs: { days: 365 } });
    expect(merged.logs).toEqual({ days: 365, classes: ["STANDARD"] });
  });

  test("arrays are replaced, not concatenated", () => {
    const { merged } = merge({ subnets: ["x"], logs: { classes: ["INFREQUENT_ACCESS"] } });
    expect(merged.subnets).toEqual(["x"]);
    expect(merged.logs.classes).toEqual(["INFREQUENT_ACCESS"]);
  });

  test("class instances are taken as they are, not copied key by key", () => {
    const owner = scope();
    const { merged } = merge({ owner });
    expect(merged.owner).toBe(owner);
  });

  test("the defaults object is never modified", () => {
    merge({ logs: { days: 1 }, subnets: [] });
    expect(DEFAULTS).toEqual({ encrypted: true, subnets: ["a", "b", "c"], logs: { days: 90, classes: ["STANDARD"] } });
  });

  test("a user value that weakens a default is a warning naming the prop and the reason, never the value", () => {
    const { merged, warnings } = merge({ encrypted: false, name: "secret-name-9f2c" });
    expect(merged.encrypted).toBe(false);
    expect(warnings).toEqual(['prop "encrypted" weakens a secure default: data is stored unencrypted (PR-TEST-001)']);
    expect(warnings.join()).not.toContain("secret-name-9f2c");
  });

  test("a nested prop that weakens a default is named by its dotted path", () => {
    expect(merge({ logs: { days: 7 } }).warnings).toEqual(['prop "logs.days" weakens a secure default: logs expire sooner']);
  });

  test("a user value as strong as the default is not a warning", () => {
    expect(merge({ encrypted: true, logs: { days: 365 } }).warnings).toEqual([]);
  });

  test("a token is left to the checker: the merge cannot know its value", () => {
    const days = Token.asNumber({ resolve: () => 1 });
    const { merged, warnings } = merge({ logs: { days } });
    expect(merged.logs.days).toBe(days);
    expect(warnings).toEqual([]);
  });

  test("enforced values win over the user's, and a different user value is reported as ignored", () => {
    const { merged, warnings } = merge({ encrypted: false, logs: { days: 30 } }, { encrypted: true, logs: { days: 365 } });
    expect(merged.encrypted).toBe(true);
    expect(merged.logs).toEqual({ days: 365, classes: ["STANDARD"] });
    expect(warnings).toEqual([
      'prop "encrypted" is ignored: the construct enforces its own value',
      'prop "logs.days" is ignored: the construct enforces its own value',
    ]);
  });

  test("a user value equal to the enforced one is not a warning", () => {
    expect(merge({ encrypted: true }, { encrypted: true }).warnings).toEqual([]);
  });
});
