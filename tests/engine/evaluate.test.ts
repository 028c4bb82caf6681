import { messageAsWritten } from "../../src/adapters/engine-names";
import { evaluate, judge, runRule, type MessageNaming } from "../../src/engine/evaluate";
import { resolveSettings } from "../../src/engine/settings";
import { UNKNOWN, UNKNOWN_PRESENT, type Resource } from "../../src/model/resource";
import databasePorts from "../../src/rules/aws/security/aws-ec2-no-public-database-ports";
import { notApplicable, resourceRule, stackRule, undecided, violation, type ResourceRule } from "../../src/rules/rule";

const SECRET = "s3cr3t-value-never-shown";

function resource(props: Record<string, unknown>, secretPaths: string[] = []): Resource {
  return { kind: "test_thing", address: "test_thing.one", name: "one", engine: "terraform", props, options: {}, location: { file: "main.tf", line: 3 }, secretPaths };
}

function testRule(check: ResourceRule["check"]): ResourceRule {
  return resourceRule({
    id: "PR-CFG-999",
    slug: "test-rule",
    title: "a rule for engine tests",
    checklist: "1.2.1",
    severity: "critical",
    description: "test",
    remediation: "test",
    links: [],
    kinds: ["test_thing"],
    config: {},
    check,
    examples: { pulumi: { fail: [], pass: [] } },
  });
}

describe("runRule", () => {
  test("a rule that throws becomes an error judgement naming the rule, without the error's message", () => {
    const rule = testRule(() => {
      throw new SyntaxError(`Unexpected token in JSON: "${SECRET}"`);
    });
    const run = runRule(rule, resource({ password: SECRET }), {});
    expect(run).toEqual({ applicable: true, judgements: [expect.objectContaining({ outcome: "error", address: "test_thing.one" })] });
    const message = run.applicable ? run.judgements[0].message : "";
    expect(message).toContain("PR-CFG-999");
    expect(message).toContain("SyntaxError");
    expect(message).not.toContain(SECRET);
  });

  test("a violation at a path whose value is unknown becomes undecided", () => {
    const rule = testRule(() => [violation("port", "port is open"), violation("ingress.0.cidr", "open"), violation("name", "bad name")]);
    const run = runRule(rule, resource({ port: UNKNOWN, ingress: UNKNOWN, name: "x" }), {});
    expect(run.applicable && run.judgements.map((j) => [j.path, j.outcome])).toEqual([
      ["port", "undecided"],
      ["ingress.0.cidr", "undecided"],
      ["name", "violation"],
    ]);
  });

  test("a violation its rule decided on the known parts of an unknown value stays one, and its judgement says so", () => {
    const rule = testRule(() => [{ ...violation("target", "quick create"), inKnownParts: true }, violation("port", "port is open")]);
    const run = runRule(rule, resource({ target: UNKNOWN_PRESENT, port: UNKNOWN }), {});
    expect(run.applicable && run.judgements).toEqual([
      { outcome: "violation", path: "target", message: "quick create", address: "test_thing.one", inKnownParts: true },
      { outcome: "undecided", path: "port", message: "value is not known to the check", address: "test_thing.one" },
    ]);
    // Made undecided for another reason, it is no longer a violation to keep.
    const mayNotExist = runRule(rule, { ...resource({ target: UNKNOWN_PRESENT, port: 22 }), existenceUnknown: { hangsOn: "its count" } }, {});
    expect(mayNotExist.applicable && mayNotExist.judgements.filter((judgement) => "inKnownParts" in judgement)).toEqual([]);
  });

  test("a violation on a resource that may not be created becomes undecided, saying why, in what it hangs on, and what it would be", () => {
    const rule = testRule(() => [violation("name", "bad name")]);
    const run = runRule(rule, { ...resource({ name: "x" }), existenceUnknown: { hangsOn: "the for_each of module.db" } }, {});
    expect(run.applicable && run.judgements).toEqual([
      {
        outcome: "undecided",
        path: "name",
        address: "test_thing.one",
        message: "whether this resource is created is not known to the check (the for_each of module.db is not); if it is, bad name",
      },
    ]);
  });

  test("a resource that may not be created for a count read from modules not scanned says which and why, as a value read from them does (probe F)", () => {
    const rule = testRule(() => [violation("name", "bad name")]);
    const fromUnscannedModules = ["module.this, which is not downloaded", "module.label, whose source is not a literal"];
    const run = runRule(rule, { ...resource({ name: "x" }), existenceUnknown: { hangsOn: "its count", fromUnscannedModules } }, {});
    expect(run.applicable && run.judgements.map((judgement) => judgement.message)).toEqual([
      "whether this resource is created is not known to the check (its count is not; it reads module.this, which is not downloaded, and module.label, whose source is not a literal); if it is, bad name",
    ]);
  });

  test("a judgement that could not be evaluated at a property read from a module not scanned says which and why; others are left as they are (probe BX)", () => {
    const rule = testRule(() => [violation("user_data", "secret"), violation("ingress.0.cidr", "open"), violation("name", "bad name"), violation("tags", "untagged")]);
    const fromUnscannedModules = { user_data: ["module.ud, which is not downloaded"], ingress: ["module.sg, which is not downloaded", "module.vpc, whose source is not a literal"], name: ["module.naming, which is not downloaded"] };
    const run = runRule(rule, { ...resource({ user_data: UNKNOWN, ingress: UNKNOWN, name: "x", tags: UNKNOWN }), fromUnscannedModules }, {});
    expect(run.applicable && run.judgements.map((judgement) => [judgement.path, judgement.outcome, judgement.message])).toEqual([
      ["user_data", "undecided", "value is not known to the check; it reads module.ud, which is not downloaded"],
      ["ingress.0.cidr", "undecided", "value is not known to the check; it reads module.sg, which is not downloaded, and module.vpc, whose source is not a literal"],
      // Known, a value passes or fails whatever else it reads; one unknown for no module's sake says nothing of one.
      ["name", "violation", "bad name"],
      ["tags", "undecided", "value is not known to the check"],
    ]);
  });

  test("not applicable is passed through", () => {
    expect(runRule(testRule(() => notApplicable("no")), resource({}), {})).toEqual({ applicable: false, reason: "no" });
  });

  test("a stack rule's verdicts are guarded against the resource they name", () => {
    const rule = stackRule({ ...testRule(() => []), check: (resources) => resources.map((r) => violation("port", "open", r.address)) });
    const known = { ...resource({ port: 22 }), address: "a" };
    const unknown = { ...resource({ port: UNKNOWN }), address: "b" };
    const run = runRule(rule, [known, unknown], {});
    expect(run.applicable && run.judgements.map((j) => [j.address, j.outcome])).toEqual([
      ["a", "violation"],
      ["b", "undecided"],
    ]);
  });

  describe("a resource whose unknown values are each one of a few known ones (Resource.alternatives)", () => {
    // Judges `size` as a rule judging a known value does, and leaves it undecided while it is unknown.
    const sizeRule = testRule((r) => {
      const size = r.props.size;
      if (size === UNKNOWN) return [undecided("size")];
      return size === null || size === undefined || (size as number) <= 10 ? [] : [violation("size", `size ${String(size)} is too large`)];
    });
    const withAlternatives = (values: unknown[], props: Record<string, unknown> = {}) => ({ ...resource({ size: UNKNOWN, ...props }), alternatives: { size: values } });
    const outcomes = (run: ReturnType<typeof runRule>) => run.applicable && run.judgements.map((j) => [j.path, j.outcome, j.message]);

    test("a violation for every value is a violation, with the first value's message saying so; a pass for each is none; else undecided", () => {
      expect(outcomes(runRule(sizeRule, withAlternatives([20, 30]), {}))).toEqual([
        ["size", "violation", "size 20 is too large, whichever result the conditional choosing it gives (its condition is not known to the check)"],
      ]);
      // null: the argument left unset.
      expect(outcomes(runRule(sizeRule, withAlternatives([null, 5]), {}))).toEqual([]);
      expect(outcomes(runRule(sizeRule, withAlternatives([5, 20]), {}))).toEqual([["size", "undecided", "value is not known to the check"]]);
    });

    test("values at a path through nested blocks, and at several paths, are judged in each combination, up to 16", () => {
      const nested = testRule((r) => {
        const block = r.props.block;
        const inner = Array.isArray(block) ? (block[0] as Record<string, unknown>).size : UNKNOWN;
        const other = r.props.other;
        if (inner === UNKNOWN || other === UNKNOWN) return [undecided("block.0.size")];
        return (inner as number) > 10 && (other as number) > 10 ? [violation("block.0.size", "too large")] : [];
      });
      const both = { ...resource({ block: [{ size: UNKNOWN, kept: 1 }], other: UNKNOWN }), alternatives: { "block.0.size": [20, 30], other: [11, 12] } };
      expect(outcomes(runRule(nested, both, {}))).toEqual([["block.0.size", "violation", "too large, whichever result the conditional choosing it gives (its condition is not known to the check)"]]);
      // The resource itself is left as it was.
      expect(both.props).toEqual({ block: [{ size: UNKNOWN, kept: 1 }], other: UNKNOWN });
      const tooMany = { ...both, alternatives: { "block.0.size": [20, 30, 40, 50, 60], other: [11, 12, 13, 14] } };
      expect(outcomes(runRule(nested, tooMany, {}))).toEqual([["block.0.size", "undecided", "value is not known to the check"]]);
    });

    test("judgements decided already are kept as they are, and a rule that fails on a value leaves the resource undecided", () => {
      const twoPaths = testRule((r) => [violation("name", "bad name"), ...(r.props.size === UNKNOWN ? [undecided("size")] : (r.props.size as number) > 10 ? [violation("size", "too large")] : [])]);
      expect(outcomes(runRule(twoPaths, withAlternatives([20, 30], { name: "x" }), {}))).toEqual([
        ["name", "violation", "bad name"],
        ["size", "violation", "too large, whichever result the conditional choosing it gives (its condition is not known to the check)"],
      ]);
      const failsOnOne = testRule((r) => {
        if (r.props.size === 30) throw new Error("no");
        return r.props.size === UNKNOWN ? [undecided("size")] : [];
      });
      expect(outcomes(runRule(failsOnOne, withAlternatives([20, 30]), {}))).toEqual([["size", "undecided", "value is not known to the check"]]);
    });

    test("a stack rule judges the stack with each value in place of the resource, reading only that resource's judgements", () => {
      const rule = stackRule({
        ...testRule(() => []),
        check: (resources) => resources.flatMap((r) => (r.props.size === UNKNOWN ? [{ ...undecided("size"), address: r.address }] : (r.props.size as number) > 10 ? [violation("size", "too large", r.address)] : [])),
      });
      const first = { ...withAlternatives([20, 30]), address: "a" };
      const second = { ...resource({ size: UNKNOWN }), address: "b" };
      const third = { ...withAlternatives([1, 2]), address: "c" };
      expect(run(rule, [first, second, third])).toEqual([
        ["a", "violation"],
        ["b", "undecided"],
      ]);
      // Each combination judges the whole stack again: 16 in all for one run, the rest left undecided.
      const many = Array.from({ length: 9 }, (_, index) => ({ ...withAlternatives([20, 30]), address: `r${index}` }));
      expect(run(rule, many)).toEqual([...many.slice(0, 8).map((r) => [r.address, "violation"]), ["r8", "undecided"]]);
    });

    test("only a judgement at, above or below a path with values is judged again", () => {
      let runs = 0;
      const elsewhere = testRule((r) => {
        runs++;
        return r.props.name === UNKNOWN ? [undecided("name")] : [];
      });
      expect(outcomes(runRule(elsewhere, withAlternatives([1, 2], { name: UNKNOWN }), {}))).toEqual([["name", "undecided", "value is not known to the check"]]);
      expect(runs).toBe(1);
    });

    function run(rule: ReturnType<typeof stackRule>, stack: Resource[]) {
      const result = runRule(rule, stack, {});
      return result.applicable && result.judgements.map((j) => [j.address, j.outcome]);
    }
  });
});

describe("evaluate", () => {
  const leaky = testRule((r) => [violation("password", `password ${String(r.props.password)} is plaintext`)]);

  test("secret values known to the adapter are scrubbed from messages", () => {
    const settings = resolveSettings([leaky], "script");
    const [finding] = evaluate([resource({ password: SECRET }, ["password"])], [leaky], settings);
    expect(finding.message).toBe("password [secret] is plaintext");
    expect(JSON.stringify(finding)).not.toContain(SECRET);
  });

  test("findings that differed before redaction never read alike after it: each further one's last redaction is numbered", () => {
    // A secret map: its keys are as secret as its values, so every key reads [secret].
    const variables = { DB_PASSWORD: "hunter2-prod", STRIPE_KEY: "sk-live-abc", API_TOKEN: "tok-1234" };
    const perVariable = testRule((r) =>
      Object.keys(r.props.variables as object).flatMap((name) => [
        { ...violation(`variables.${name}`, `variable ${name} is plaintext`), subject: `container web, variable ${name}` },
        // The same finding twice before redaction stays one after it.
        ...(name === "STRIPE_KEY" ? [{ ...violation(`variables.${name}`, `variable ${name} is plaintext`), subject: `container web, variable ${name}` }] : []),
      ]),
    );
    const findings = evaluate([resource({ variables }, ["variables"])], [perVariable], resolveSettings([perVariable], "service"));
    expect(findings.map(({ path, subject, message }) => `${path} | ${subject} | ${message}`)).toEqual([
      "variables.[secret] | container web, variable [secret] | variable [secret] is plaintext",
      "variables.[secret] | container web, variable [secret#2] | variable [secret#2] is plaintext",
      "variables.[secret] | container web, variable [secret#2] | variable [secret#2] is plaintext",
      "variables.[secret] | container web, variable [secret#3] | variable [secret#3] is plaintext",
    ]);
    // Without a subject, the path tells them apart.
    const bySubjectless = testRule((r) => Object.keys(r.props.variables as object).map((name) => violation(`variables.${name}`, `variable ${name} is plaintext`)));
    const paths = evaluate([resource({ variables }, ["variables"])], [bySubjectless], resolveSettings([bySubjectless], "service")).map((finding) => finding.path);
    expect(paths).toEqual(["variables.[secret]", "variables.[secret#2]", "variables.[secret#3]"]);
    expect(JSON.stringify(findings)).not.toMatch(/DB_PASSWORD|STRIPE_KEY|API_TOKEN|hunter2|sk-live|tok-1234/);
  });

  test("what a rule works out from a secret port is not said either: no service's name, nor which ports inside a secret range", () => {
    // As a plan holds an ingress set with a CIDR from a sensitive variable: Terraform marks the whole set.
    const group = (from: number, to: number, cidr = "0.0.0.0/0"): Resource => ({
      ...resource({ ingress: [{ protocol: "tcp", from_port: from, to_port: to, cidr_blocks: ["10.0.0.0/8", cidr] }] }, ["ingress"]),
      kind: "aws_security_group",
      address: "aws_security_group.s",
    });
    const messages = (resources: Resource[]) => evaluate(resources, [databasePorts], resolveSettings([databasePorts], "platform")).map(({ subject, message }) => `${subject} | ${message}`);
    expect(messages([group(5432, 5432)])).toEqual(["tcp [secret] from [secret] | port [secret] is open to [secret]"]);
    expect(messages([group(5000, 6500)])).toEqual(["tcp [secret]-[secret] from [secret] | ports [secret] are open to [secret]"]);
    expect(JSON.stringify(messages([group(5432, 5432), group(5000, 6500)]))).not.toMatch(/PostgreSQL|Redis|5432|6379/);
    // Not secret: named as ever.
    expect(evaluate([{ ...group(5432, 5432), secretPaths: [] }], [databasePorts], resolveSettings([databasePorts], "platform")).map(({ message }) => message)).toEqual([
      "port 5432 (PostgreSQL) is open to 0.0.0.0/0",
    ]);
  });

  test("a secret path into a JSON document held as text hides that value only; one that cannot be followed hides what it reached", () => {
    const document = JSON.stringify([{ name: "web", environment: [{ name: "LOG_LEVEL", value: "info" }, { name: "GITHUB_TOKEN", value: SECRET }] }]);
    const echo = testRule((r) => [violation("document", `document ${String(r.props.document)}`)]);
    const message = (secretPaths: string[], document_: unknown = document) => evaluate([resource({ document: document_ }, secretPaths)], [echo], resolveSettings([echo], "script"))[0].message;
    // The names (and keys) around it stay.
    expect(message(["document.0.environment.1.value"])).toBe(`document ${document.replace(SECRET, "[secret]")}`);
    // A value no JSON document can be looked into, and a path running into it, hides all of that value.
    expect(message(["document.0.environment.1.value"], `x${document}`)).toBe("document [secret]");
    // Nothing at the path: nothing to hide.
    expect(message(["document.1.name"])).toBe(`document ${document}`);
  });

  test("findings carry the rule, level and the resource's location", () => {
    const [finding] = evaluate([resource({ password: "x" })], [leaky], resolveSettings([leaky], "service"));
    expect(finding).toMatchObject({ ruleId: "PR-CFG-999", slug: "test-rule", level: "mandatory", outcome: "violation", path: "password", location: { file: "main.tf", line: 3 } });
  });

  test("judge pairs each finding with its judgement; the finding, which reports serialize, leaves out inKnownParts", () => {
    const rule = testRule(() => [{ ...violation("target", "quick create"), inKnownParts: true }]);
    const settings = resolveSettings([rule], "service");
    const [{ finding, judgement }] = judge([resource({ target: UNKNOWN_PRESENT })], [rule], settings);
    expect(judgement).toMatchObject({ outcome: "violation", path: "target", inKnownParts: true });
    expect(finding).toMatchObject({ outcome: "violation", path: "target" });
    expect(JSON.stringify(finding)).not.toContain("inKnownParts");
    expect(evaluate([resource({ target: UNKNOWN_PRESENT })], [rule], settings)).toEqual([finding]);
  });

  test("a verdict's own remediation is its finding's, kept when the verdict becomes undecided, named for the engine and redacted as the message is; others keep the rule's", () => {
    const byPlace = testRule((r) => [
      { ...violation("password", "password is typed in"), remediation: `set manage_password to true in place of password (not ${String(r.props.password)})`, names: ["manage_password"] },
      { ...violation("port", "port is open"), remediation: "close the port" },
      violation("name", "bad name"),
    ]);
    const settings = resolveSettings([byPlace], "service");
    const fixes = (subject: Resource, naming?: MessageNaming) => evaluate([subject], [byPlace], settings, naming).map(({ outcome, remediation }) => `${outcome}: ${remediation}`);
    expect(fixes(resource({ password: SECRET, port: UNKNOWN, name: "x" }, ["password"]))).toEqual([
      "violation: set manage_password to true in place of password (not [secret])",
      "undecided: close the port",
      "violation: test",
    ]);
    // As a CDKTF program writes the properties it names, as its message does.
    expect(fixes({ ...resource({ password: "x", port: 22, name: "x" }), engine: "cdktf" }, messageAsWritten)[0]).toBe("violation: set managePassword to true in place of password (not x)");
  });

  test("a disabled rule is not run and other kinds are not checked", () => {
    expect(evaluate([resource({ password: "x" })], [leaky], resolveSettings([leaky], "service", { "test-rule": "disabled" }))).toEqual([]);
    expect(evaluate([{ ...resource({ password: "x" }), kind: "other" }], [leaky], resolveSettings([leaky], "service"))).toEqual([]);
  });
});
