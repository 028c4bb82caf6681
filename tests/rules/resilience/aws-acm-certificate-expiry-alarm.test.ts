import { fromPulumi, type PulumiResource } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, UNKNOWN_PRESENT, type Resource } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/resilience/aws-acm-certificate-expiry-alarm";
import { configDefaults } from "../../../src/rules/rule";

const EXPIRY = "ACM Certificate Approaching Expiration";
const CERT_ARN = "arn:aws:acm:eu-west-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab";
/** A certificate as a stack policy sees it after deployment: its ARN is an output. */
const certificate = (props: Record<string, unknown> = {}): PulumiResource => ({
  type: "aws:acm/certificate:Certificate",
  name: "cert",
  props: { domainName: "api.example.com", validationMethod: "DNS", arn: CERT_ARN, ...props },
});
const alarm = (props: Record<string, unknown>): PulumiResource => ({
  type: "aws:cloudwatch/metricAlarm:MetricAlarm",
  name: "alarm",
  props: { comparisonOperator: "LessThanThreshold", threshold: 30, evaluationPeriods: 1, period: 86400, statistic: "Minimum", ...props },
});

function outcomes(stack: PulumiResource[], config: Record<string, unknown> = {}): string[] | string {
  const run = runRule(rule, stack.map(fromPulumi), { ...configDefaults(rule), ...config });
  return run.applicable ? run.judgements.map((j) => j.outcome) : "not applicable";
}

describe("aws-acm-certificate-expiry-alarm", () => {
  test("an alarm whose CertificateArn dimension names the certificate watches it", () => {
    const watched = alarm({ namespace: "AWS/CertificateManager", metricName: "DaysToExpiry", dimensions: { CertificateArn: CERT_ARN } });
    expect(outcomes([certificate(), watched])).toEqual([]);
  });

  test("an alarm on another certificate does not", () => {
    const other = alarm({ namespace: "AWS/CertificateManager", metricName: "DaysToExpiry", dimensions: { CertificateArn: `${CERT_ARN}0` } });
    expect(outcomes([certificate(), other])).toEqual(["violation"]);
  });

  test("a metric query on the certificate's metric counts", () => {
    const query = alarm({
      metricQueries: [{ id: "m", returnData: true, metric: { namespace: "AWS/CertificateManager", metricName: "DaysToExpiry", period: 86400, stat: "Minimum", dimensions: { CertificateArn: CERT_ARN } } }],
    });
    expect(outcomes([certificate(), query])).toEqual([]);
  });

  test("unknown dimensions leave the certificate undecided", () => {
    const unknown = alarm({ namespace: "AWS/CertificateManager", metricName: "DaysToExpiry", dimensions: { CertificateArn: UNKNOWN } });
    expect(outcomes([certificate(), unknown])).toEqual(["undecided"]);
  });

  test("an unknown dimension names the one certificate the alarm depends on", () => {
    const cert = fromPulumi(certificate({ arn: UNKNOWN }));
    const other = fromPulumi({ ...certificate({ arn: UNKNOWN }), name: "other" });
    const watching = (dependencies: string[]) =>
      fromPulumi({ ...alarm({ namespace: "AWS/CertificateManager", metricName: "DaysToExpiry", dimensions: { CertificateArn: UNKNOWN_PRESENT } }), dependencies });
    const judged = (stack: Resource[]) => {
      const run = runRule(rule, stack, configDefaults(rule));
      return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.address.split("::").pop()}`) : [];
    };
    expect(judged([cert, other, watching([cert.address])])).toEqual(["violation other"]);
    expect(judged([cert, other, watching([cert.address, other.address])])).toEqual(["undecided cert", "undecided other"]);
  });

  test("an expiry event pattern kept as a structure (jsonencode) is read on its source and detail type", () => {
    const eventRule = (eventPattern: unknown) => ({ type: "aws:cloudwatch/eventRule:EventRule", name: "acm", props: { eventPattern } });
    const expiry = { source: ["aws.acm"], "detail-type": ["ACM Certificate Approaching Expiration"], account: [UNKNOWN_PRESENT] };
    expect(outcomes([certificate(), eventRule(expiry)])).toEqual([]);
    expect(outcomes([certificate(), eventRule({ ...expiry, "detail-type": [UNKNOWN] })])).toEqual(["undecided"]);
  });

  const expiryRule = (props: Record<string, unknown>) => ({
    type: "aws:cloudwatch/eventRule:EventRule",
    name: "acm",
    props: { eventPattern: JSON.stringify({ source: ["aws.acm"], "detail-type": ["ACM Certificate Approaching Expiration"] }), ...props },
  });
  const messages = (stack: PulumiResource[]) => {
    const run = runRule(rule, stack.map(fromPulumi), configDefaults(rule));
    return run.applicable ? run.judgements.map((j) => `${j.outcome}: ${j.message}`) : [];
  };

  test("a disabled EventBridge rule watches nothing; one that may be leaves the certificate undecided", () => {
    const disabled = "violation: no alarm on DaysToExpiry or expiry event watches this certificate: urn:pulumi:example::prodready::aws:cloudwatch/eventRule:EventRule::acm matches the expiry event but is disabled";
    expect(messages([certificate(), expiryRule({ state: "DISABLED" })])).toEqual([disabled]);
    expect(messages([certificate(), expiryRule({ isEnabled: false })])).toEqual([disabled]);
    expect(outcomes([certificate(), expiryRule({ state: "ENABLED" })])).toEqual([]);
    expect(outcomes([certificate(), expiryRule({ isEnabled: true })])).toEqual([]);
    expect(outcomes([certificate(), expiryRule({ state: UNKNOWN })])).toEqual(["undecided"]);
    expect(outcomes([certificate(), expiryRule({ isEnabled: UNKNOWN })])).toEqual(["undecided"]);
  });

  test("a rule on a custom event bus may not see ACM's events, which go to the default bus", () => {
    expect(messages([certificate(), expiryRule({ eventBusName: "app" })])).toEqual([
      "undecided: whether ACM's events, sent to the default event bus, reach the event bus app of urn:pulumi:example::prodready::aws:cloudwatch/eventRule:EventRule::acm cannot be told",
    ]);
    expect(outcomes([certificate(), expiryRule({ eventBusName: UNKNOWN })])).toEqual(["undecided"]);
    expect(outcomes([certificate(), expiryRule({ eventBusName: "default" })])).toEqual([]);
    expect(outcomes([certificate(), expiryRule({ eventBusName: "arn:aws:events:eu-west-1:123456789012:event-bus/default" })])).toEqual([]);
    // Disabled on any bus, it watches nothing.
    expect(outcomes([certificate(), expiryRule({ eventBusName: "app", state: "DISABLED" })])).toEqual(["violation"]);
  });

  test("an alarm whose actions are disabled watches nothing, as PR-OPS-010 holds", () => {
    const watching = (actionsEnabled: unknown) =>
      alarm({ namespace: "AWS/CertificateManager", metricName: "DaysToExpiry", dimensions: { CertificateArn: CERT_ARN }, actionsEnabled });
    expect(outcomes([certificate(), watching(false)])).toEqual(["violation"]);
    expect(outcomes([certificate(), watching(UNKNOWN)])).toEqual(["undecided"]);
    expect(outcomes([certificate(), watching(true)])).toEqual([]);
  });

  test("content filters on the source and detail type match ACM's expiry event as EventBridge matches them", () => {
    const matching = (source: unknown[], detailType: unknown[]) => outcomes([certificate(), expiryRule({ eventPattern: JSON.stringify({ source, "detail-type": detailType }) })]);
    const acm = ["aws.acm"];
    for (const filter of [
      { prefix: "ACM Certificate Approaching" },
      { prefix: { "equals-ignore-case": "acm certificate approaching" } },
      { suffix: "Expiration" },
      { "equals-ignore-case": "acm certificate approaching expiration" },
      { wildcard: "ACM Certificate *" },
      { wildcard: "ACM*Approaching*Expiration" },
      { "anything-but": "ACM Certificate Expired" },
      { "anything-but": ["ACM Certificate Expired", "ACM Certificate Renewal Action Required"] },
      { "anything-but": { prefix: "ACM Certificate Expired" } },
      { "anything-but": { wildcard: ["*Expired", "*Renewal*"] } },
      { exists: true },
    ]) {
      expect([filter, matching(acm, [filter])]).toEqual([filter, []]);
    }
    for (const filter of [
      { prefix: "ACM Certificate Expired" },
      { prefix: "acm certificate" },
      { suffix: "Expired" },
      { "equals-ignore-case": "acm certificate expired" },
      { wildcard: "ACM Certificate \\*" },
      { wildcard: "*Expired" },
      { "anything-but": "ACM Certificate Approaching Expiration" },
      { "anything-but": { suffix: "Expiration" } },
      { "anything-but": { "equals-ignore-case": "ACM CERTIFICATE APPROACHING EXPIRATION" } },
      { exists: false },
      30,
    ]) {
      expect([filter, matching(acm, [filter])]).toEqual([filter, ["violation"]]);
    }
    // The source is matched alike.
    expect(matching([{ prefix: "aws.ac" }], [EXPIRY])).toEqual([]);
    expect(matching([{ "anything-but": "aws.acm" }], [EXPIRY])).toEqual(["violation"]);
    // Filters not read here, malformed ones and unknown operands leave it open; another value that matches settles it.
    for (const filter of [{ numeric: [">", 0] }, { cidr: "10.0.0.0/8" }, { wildcard: "ACM\\d*" }, { "anything-but": 5 }, { prefix: "ACM", suffix: "x" }]) {
      expect([filter, matching(acm, [filter])]).toEqual([filter, ["undecided"]]);
    }
    expect(outcomes([certificate(), expiryRule({ eventPattern: { source: acm, "detail-type": [{ prefix: UNKNOWN }] } })])).toEqual(["undecided"]);
    expect(outcomes([certificate(), expiryRule({ eventPattern: { source: acm, "detail-type": [{ prefix: UNKNOWN }, EXPIRY] } })])).toEqual([]);
  });

  test("an EventBridge rule on other ACM events does not watch expiry", () => {
    const rule = { type: "aws:cloudwatch/eventRule:EventRule", name: "acm", props: { eventPattern: JSON.stringify({ source: "aws.acm", "detail-type": ["ACM Certificate Expired"] }) } };
    expect(outcomes([certificate(), rule])).toEqual(["violation"]);
  });

  test("includeAutoRenewed false checks only certificates ACM cannot renew", () => {
    expect(outcomes([certificate()], { includeAutoRenewed: false })).toBe("not applicable");
    expect(outcomes([certificate({ validationMethod: "EMAIL" })], { includeAutoRenewed: false })).toEqual(["violation"]);
    // A private CA known only after deployment renews; a validation method that may be DNS may too.
    expect(outcomes([certificate({ validationMethod: undefined, certificateAuthorityArn: UNKNOWN_PRESENT })], { includeAutoRenewed: false })).toBe("not applicable");
    expect(outcomes([certificate({ validationMethod: UNKNOWN })], { includeAutoRenewed: false })).toEqual(["undecided"]);
  });
});
