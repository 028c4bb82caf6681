import { containsUnknown, isUnknown, valueAt, type PropertyPath, type Resource } from "../../../model/resource";
import {
  answer,
  Attachments,
  block,
  coversInPlace,
  items,
  isFalse,
  isSet,
  isTrue,
  join,
  parseJsonProperty,
  presence,
  propertyReference,
  regionsApart,
  samePlace,
  type PropertyReference,
  strongest,
  undecidedInPlace,
  verdictsFor,
  weakest,
  type Reference,
} from "../../read";
import { alarmActionsEnabled } from "../../alarms";
import { notApplicable, stackRule, type Verdict } from "../../rule";
import { fixOf, resourceType } from "../../fixes";

const METRIC = "DaysToExpiry";
const NAMESPACE = "AWS/CertificateManager";
const EXPIRY_EVENT = "ACM Certificate Approaching Expiration";
const CERTIFICATE_IDENTIFIERS = ["arn", "id"];

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/**
 * Whether an EventBridge rule's pattern matches ACM's expiry event. Only the source and detail type decide: other
 * parts of a `jsonencode` pattern may be unknown until deployment.
 */
function matchesExpiryEvent(rule: Resource): Reference {
  const pattern = parseJsonProperty(valueAt(rule.props, "event_pattern"));
  if (isUnknown(pattern)) return "unknown";
  if (pattern === null || typeof pattern !== "object") return "no";
  const { source, "detail-type": detailType } = pattern as Record<string, unknown>;
  if (source === undefined) return "no";
  return weakest([fieldMatches(source, "aws.acm"), detailType === undefined ? "yes" : fieldMatches(detailType, EXPIRY_EVENT)]);
}

const not = (reference: Reference): Reference => (reference === "unknown" ? reference : answer(reference === "no"));

/** Whether an event pattern's field, a list of values and content filters, matches the event's string `value`: any one of them does. */
function fieldMatches(field: unknown, value: string): Reference {
  if (isUnknown(field)) return "unknown";
  return strongest(asList(field).map((filter) => filterMatches(filter, value, true)));
}

/**
 * Whether one value of an event pattern's field list matches `value`, a string: a string equal to it, or a content
 * filter EventBridge documents (`prefix` and `suffix`, either with `equals-ignore-case`, `equals-ignore-case`,
 * `wildcard`, `exists`, and `anything-but` of those where `negatable`). Other filters leave it unknown; numbers and
 * null match no string.
 */
function filterMatches(filter: unknown, value: string, negatable: boolean): Reference {
  if (typeof filter === "string") return answer(filter === value);
  if (typeof filter === "number" || typeof filter === "boolean" || filter === null) return "no";
  if (isUnknown(filter) || typeof filter !== "object" || Array.isArray(filter)) return "unknown";
  const entries = Object.entries(filter);
  if (entries.length !== 1) return "unknown";
  const [[operator, operand]] = entries;
  switch (operator) {
    case "prefix":
      return affixMatches(operand, value, (text, affix) => text.startsWith(affix));
    case "suffix":
      return affixMatches(operand, value, (text, affix) => text.endsWith(affix));
    case "equals-ignore-case":
      return anyString(operand, (text) => answer(text.toLowerCase() === value.toLowerCase()));
    case "wildcard":
      return anyString(operand, (text) => {
        const expression = wildcardExpression(text);
        return expression === undefined ? "unknown" : answer(expression.test(value));
      });
    case "exists":
      return typeof operand === "boolean" ? answer(operand) : "unknown";
    case "anything-but":
      if (!negatable || typeof operand === "number" || (Array.isArray(operand) && operand.some((item) => typeof item !== "string"))) return "unknown";
      return not(strongest(asList(operand).map((excluded) => filterMatches(excluded, value, false))));
  }
  return "unknown";
}

/** Whether a string operand, or any of a list of them, holds of the value. */
function anyString(operand: unknown, holds: (text: string) => Reference): Reference {
  return strongest(asList(operand).map((text) => (typeof text === "string" ? holds(text) : "unknown")));
}

/** A `prefix` or `suffix` operand, a string or `{ "equals-ignore-case": <string> }`, against `value`. */
function affixMatches(operand: unknown, value: string, fits: (text: string, affix: string) => boolean): Reference {
  if (typeof operand === "string") return answer(fits(value, operand));
  if (operand === null || typeof operand !== "object" || isUnknown(operand) || Object.keys(operand).length !== 1) return "unknown";
  const ignoringCase = (operand as Record<string, unknown>)["equals-ignore-case"];
  return typeof ignoringCase === "string" ? answer(fits(value.toLowerCase(), ignoringCase.toLowerCase())) : "unknown";
}

/** A wildcard filter as a regular expression: `*` matches any text, `\*` and `\\` are a literal `*` and `\`; undefined for other escapes. */
function wildcardExpression(wildcard: string): RegExp | undefined {
  let source = "";
  for (let at = 0; at < wildcard.length; at++) {
    const char = wildcard[at];
    if (char === "*") source += ".*";
    else if (char !== "\\") source += char.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    else if (wildcard[at + 1] === "*" || wildcard[at + 1] === "\\") source += "\\" + wildcard[++at];
    else return undefined;
  }
  return new RegExp(`^${source}$`, "s");
}

/** Whether an EventBridge rule matches events at all: `state` (enabled unless `DISABLED`), or the older `is_enabled`. */
function ruleEnabled(rule: Resource): Reference {
  const state = valueAt(rule.props, "state");
  const isEnabled = valueAt(rule.props, "is_enabled");
  if (state === "DISABLED" || isFalse(isEnabled)) return "no";
  if (isUnknown(isEnabled)) return "unknown";
  // The two conflict: where the older one is set, it decides.
  return isTrue(isEnabled) || !isUnknown(state) ? "yes" : "unknown";
}

/** The default event bus, by name or ARN, which a rule is on unless it names another. */
function isDefaultBus(bus: unknown): boolean {
  return !isSet(bus) || bus === "default" || (typeof bus === "string" && /^arn:[^:]+:events:[^:]*:[^:]*:event-bus\/default$/.test(bus));
}

/** Whether an EventBridge rule sees ACM's expiry event, what keeps it from doing so, and why that cannot be told. */
interface EventRuleReading {
  answer: Reference;
  disabled?: true;
  untold?: string;
}

/**
 * An enabled EventBridge rule on ACM's expiry event watches every certificate of the account and region. ACM sends
 * its events to the default event bus; one on another bus sees them only where something forwards them there.
 */
function readEventRule(rule: Resource): EventRuleReading {
  const matches = matchesExpiryEvent(rule);
  const enabled = ruleEnabled(rule);
  if (matches === "yes" && enabled === "no") return { answer: "no", disabled: true };
  const answer = weakest([matches, enabled]);
  const bus = valueAt(rule.props, "event_bus_name");
  if (answer === "no" || isDefaultBus(bus)) return { answer };
  if (containsUnknown(bus) || answer === "unknown") return { answer: "unknown" };
  return { answer: "unknown", untold: `whether ACM's events, sent to the default event bus, reach the event bus ${String(bus)} of ${rule.address} cannot be told` };
}

/** What an alarm's metrics (its own, its queries') say about certificates. */
interface AlarmReading {
  /** Whether it watches every certificate at once. */
  everyCertificate: Reference;
  /** The `CertificateArn` dimensions of its metrics that are `DaysToExpiry`, and of those that may be. */
  surely: PropertyReference[];
  maybe: PropertyReference[];
}

function readAlarm(alarm: Resource): AlarmReading {
  // An alarm whose actions are disabled tells no one, as PR-OPS-010 holds; one that may be watches maybe.
  const actionsEnabled = alarmActionsEnabled(alarm);
  if (actionsEnabled === "no") return { everyCertificate: "no", surely: [], maybe: [] };
  const reading = readAlarmMetrics(alarm);
  if (actionsEnabled === "yes") return reading;
  return { everyCertificate: weakest([reading.everyCertificate, "unknown"]), surely: [], maybe: [...reading.surely, ...reading.maybe] };
}

function readAlarmMetrics(alarm: Resource): AlarmReading {
  const queries = items(alarm.props, "metric_query");
  if (isUnknown(queries)) return { everyCertificate: "unknown", surely: [], maybe: [] };
  const everyCertificate: Reference[] = [];
  const surely: PropertyReference[] = [];
  const maybe: PropertyReference[] = [];
  const metric = (path: PropertyPath) => {
    const name = valueAt(alarm.props, join(path, "metric_name"));
    const namespace = valueAt(alarm.props, join(path, "namespace"));
    if ((!isUnknown(name) && name !== METRIC) || (!isUnknown(namespace) && namespace !== NAMESPACE)) return;
    (isUnknown(name) || isUnknown(namespace) ? maybe : surely).push(propertyReference(alarm, join(path, "dimensions.CertificateArn")));
  };
  metric("");
  for (const query of queries) {
    // A Metrics Insights query over DaysToExpiry covers every certificate at once.
    const expression = valueAt(query.value, "expression");
    if (isUnknown(expression)) everyCertificate.push("unknown");
    else if (typeof expression === "string" && expression.includes(METRIC) && expression.includes(NAMESPACE)) everyCertificate.push("yes");
    const found = block(query.value, "metric");
    if (isUnknown(found)) everyCertificate.push("unknown");
    else if (found !== undefined) metric(join(query.path, found.path));
  }
  return { everyCertificate: strongest(everyCertificate), surely, maybe };
}

/** Certificates ACM renews by itself: DNS-validated or issued by a private CA. */
function renewsAutomatically(certificate: Resource): Reference {
  const method = valueAt(certificate.props, "validation_method");
  if (typeof method === "string" && method.toUpperCase() === "DNS") return "yes";
  const authority = presence(valueAt(certificate.props, "certificate_authority_arn"));
  return authority === "no" && isUnknown(method) ? "unknown" : authority;
}

export default stackRule({
  id: "PR-RES-003",
  slug: "aws-acm-certificate-expiry-alarm",
  title: "ACM certificates have an expiry alarm",
  checklist: "5.2.1",
  severity: "medium",
  description:
    "An expired certificate takes a service down at once. Imported certificates never renew by themselves, and " +
    "managed renewal fails silently when a validation record is removed. A certificate counts as watched when a " +
    `CloudWatch alarm on \`${METRIC}\` (namespace \`${NAMESPACE}\`) has the dimension \`CertificateArn\` referring to ` +
    "it, when an alarm's Metrics Insights query selects that metric (every certificate), or when an EventBridge " +
    `rule matches ACM's "${EXPIRY_EVENT}" event (every certificate of the region), by its source and detail type, as ` +
    "values or as the content filters `prefix`, `suffix`, `equals-ignore-case`, `wildcard`, `anything-but` and " +
    "`exists` (other filters leave it undecided). A disabled rule (`state = \"DISABLED\"`, `is_enabled = false`) or " +
    "an alarm whose actions are disabled watches nothing; a rule on an event bus " +
    "other than the default one, where ACM sends its events, leaves the certificate undecided. Only an alarm or rule in the " +
    "certificate's own account and region counts: ACM publishes the metric and sends the event there (a CloudFront " +
    "certificate in us-east-1 needs its alarm in us-east-1), and one whose region or account cannot be told apart from the certificate's " +
    "leaves it undecided. An alarm without a " +
    "`CertificateArn` dimension watches nothing: ACM publishes the metric only per certificate. A dimension known " +
    "only after deployment (`aws_acm_certificate.<name>.arn`) names the certificate when the alarm depends on that " +
    "one certificate and no other; otherwise an unknown reference leaves the certificate undecided. Set " +
    "`includeAutoRenewed` to false to check only certificates ACM cannot renew (imported or e-mail-validated).",
  remediation:
    `Add \`aws_cloudwatch_metric_alarm\` with \`namespace = "${NAMESPACE}"\`, \`metric_name = "${METRIC}"\`, ` +
    "`dimensions = { CertificateArn = aws_acm_certificate.<name>.arn }`, `comparison_operator = " +
    '"LessThanThreshold"`, `threshold = 30` and an `alarm_actions` topic (Pulumi: `new aws.cloudwatch.MetricAlarm` ' +
    "with `metricName`, `namespace`, `dimensions: { CertificateArn: cert.arn }`), or one EventBridge rule on ACM's " +
    "expiry event with a notification target.",
  fix: (resource) =>
    fixOf(
      `Add a metric alarm (${resourceType(resource.engine, "aws:cloudwatch/metricAlarm:MetricAlarm")}) on "${METRIC}" in "${NAMESPACE}" with the certificate's ARN as its CertificateArn dimension, comparison_operator "LessThanThreshold", threshold 30 and an alarm_actions topic, or an EventBridge rule on ACM's expiry event with a notification target.`,
      ["comparison_operator", "alarm_actions"],
    ),
  links: [
    "https://docs.aws.amazon.com/acm/latest/userguide/cloudwatch-metrics.html",
    "https://docs.aws.amazon.com/acm/latest/userguide/supported-events.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_metric_alarm",
    "https://www.pulumi.com/registry/packages/aws/api-docs/cloudwatch/metricalarm/",
  ],
  kinds: ["aws_acm_certificate", "aws_cloudwatch_metric_alarm", "aws_cloudwatch_event_rule"],
  config: {
    includeAutoRenewed: {
      type: "boolean",
      default: true,
      description: "Also require an alarm on certificates ACM renews automatically (DNS-validated or private).",
    },
  },
  check(resources, config) {
    const allCertificates = resources.filter((resource) => resource.kind === "aws_acm_certificate");
    const renewal = (certificate: Resource): Reference => (config.includeAutoRenewed ? "no" : renewsAutomatically(certificate));
    const certificates = allCertificates.filter((certificate) => renewal(certificate) !== "yes");
    if (certificates.length === 0) return notApplicable("no certificate to watch");
    const eventRules = resources.filter((resource) => resource.kind === "aws_cloudwatch_event_rule");
    const alarms = resources.filter((resource) => resource.kind === "aws_cloudwatch_metric_alarm");
    const readings = new Map(alarms.map((alarm) => [alarm, readAlarm(alarm)]));
    const eventReadings = new Map(eventRules.map((rule) => [rule, readEventRule(rule)]));
    const watchingEvery = [
      ...eventRules.map((rule) => ({ holder: rule, answer: eventReadings.get(rule)!.answer })),
      ...alarms.map((alarm) => ({ holder: alarm, answer: readings.get(alarm)!.everyCertificate })),
    ];
    // A dimension known only after apply names the one certificate the alarm depends on. A metric that may not be
    // DaysToExpiry (its name or namespace unknown) may not watch the certificate its dimension names.
    const surely = new Attachments(alarms, (alarm) => readings.get(alarm)!.surely, allCertificates, CERTIFICATE_IDENTIFIERS);
    const maybe = new Attachments(alarms, (alarm) => readings.get(alarm)!.maybe, allCertificates, CERTIFICATE_IDENTIFIERS);
    const verdicts: Verdict[] = [];
    for (const certificate of certificates) {
      const watching = [
        ...watchingEvery,
        ...surely.of(certificate).map(({ holder, applies }) => ({ holder, answer: applies as Reference })),
        ...maybe.of(certificate).map(({ holder }) => ({ holder, answer: "unknown" as Reference })),
      ];
      // ACM publishes the metric and sends the event in the certificate's region, where alone they are seen.
      const watched = strongest(watching.map(({ holder, answer }) => coversInPlace(answer, holder, certificate)));
      // A certificate that may renew by itself, and so may not need an alarm, is only undecided without one.
      const answer = watched === "no" && renewal(certificate) === "unknown" ? "unknown" : watched;
      const inPlace = eventRules.filter((rule) => samePlace(rule, certificate) !== "no");
      const disabled = inPlace.find((rule) => eventReadings.get(rule)!.disabled);
      const busUntold = inPlace.map((rule) => eventReadings.get(rule)!.untold).find((untold) => untold !== undefined);
      // An alarm that names the certificate from another region: said, or the violation would deny the alarm the user wrote.
      const elsewhere = surely
        .namingAlone(certificate)
        .map(({ holder }) => ({ holder, apart: regionsApart(holder, certificate) }))
        .find(({ apart }) => apart !== undefined);
      const why = disabled
        ? `: ${disabled.address} matches the expiry event but is disabled`
        : elsewhere
          ? `: ${elsewhere.holder.address} alarms on its ${METRIC}, but from ${elsewhere.apart!.holder}, and ACM publishes the metric in the certificate's region only (${elsewhere.apart!.target})`
          : "";
      verdicts.push(
        ...verdictsFor(answer, certificate, "", {
          violation: `no alarm on ${METRIC} or expiry event watches this certificate${why}`,
          undecided: undecidedInPlace(watching, certificate) ?? busUntold ?? "whether an alarm watches this certificate is not known to the check",
        }),
      );
    }
    return verdicts;
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a certificate and an alarm on DaysToExpiry without the CertificateArn dimension",
          resources: [
            { type: "aws:acm/certificate:Certificate", name: "fail_cert", props: { domainName: "api.example.com", validationMethod: "DNS" } },
            {
              type: "aws:cloudwatch/metricAlarm:MetricAlarm",
              name: "fail_alarm",
              props: { namespace: NAMESPACE, metricName: METRIC, statistic: "Minimum", period: 86400, evaluationPeriods: 1, comparisonOperator: "LessThanThreshold", threshold: 30 },
            },
          ],
        },
      ],
      pass: [
        {
          description: "an imported certificate and an EventBridge rule on ACM's expiry event",
          resources: [
            { type: "aws:acm/certificate:Certificate", name: "pass_cert", props: { certificateBody: "-----BEGIN CERTIFICATE-----\n...", privateKey: "(secret)" } },
            {
              type: "aws:cloudwatch/eventRule:EventRule",
              name: "pass_expiry_events",
              props: { eventPattern: JSON.stringify({ source: ["aws.acm"], "detail-type": [EXPIRY_EVENT] }) },
            },
          ],
        },
        {
          description: "a Metrics Insights alarm over every certificate's DaysToExpiry",
          resources: [
            { type: "aws:acm/certificate:Certificate", name: "pass_cert", props: { domainName: "api.example.com", validationMethod: "DNS" } },
            {
              type: "aws:cloudwatch/metricAlarm:MetricAlarm",
              name: "pass_alarm",
              props: {
                comparisonOperator: "LessThanThreshold",
                evaluationPeriods: 1,
                threshold: 30,
                metricQueries: [{ id: "soonest", expression: `SELECT MIN(${METRIC}) FROM "${NAMESPACE}"`, period: 86400, returnData: true }],
              },
            },
          ],
        },
      ],
    },
  },
});
