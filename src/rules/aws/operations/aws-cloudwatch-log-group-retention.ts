import { isUnknown, type Resource } from "../../../model/resource";
import { argumentValue, asNumber, expectNumberWithin, shownValue, unlessValue, type Reference } from "../../read";
import { resourceRule, violation } from "../../rule";
import { fixOf } from "../../fixes";

const RETENTION = "retention_in_days";

/** The Delivery class: CloudWatch keeps its events for a day, whatever `retention_in_days` says, and delivers them on. */
function deliveryClass(value: unknown): Reference {
  if (isUnknown(value)) return "unknown";
  return value === "DELIVERY" ? "yes" : "no";
}

/** The retention periods CloudWatch Logs accepts, in days. */
const ALLOWED_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

/**
 * Why the provider refuses a log group's `retention_in_days`, a number none of the periods CloudWatch Logs accepts
 * (nor 0, its "never expire"): it checks the value against that list at plan. Undefined otherwise, a value that is no
 * number included (the rule says so itself).
 */
export function refusedRetention(resource: Resource): string | undefined {
  const days = asNumber(argumentValue(resource, RETENTION));
  if (days === undefined || days === 0 || ALLOWED_DAYS.includes(days)) return undefined;
  return `${RETENTION} is ${shownValue(resource, RETENTION, days)}, a retention CloudWatch Logs refuses (it accepts ${ALLOWED_DAYS.join(", ")} days)`;
}

export default resourceRule({
  id: "PR-OPS-005",
  slug: "aws-cloudwatch-log-group-retention",
  title: "CloudWatch log groups expire their logs after a set retention",
  checklist: "4.2.2",
  severity: "medium",
  description:
    "A log group without `retention_in_days` (or with 0) keeps every event forever: storage cost grows without " +
    "bound and old personal data outlives any policy. A retention shorter than `minDays` loses the logs needed to " +
    "investigate an incident noticed a few days late. The automatic fix sets the smallest retention CloudWatch " +
    "accepts that is at least `defaultDays` and `minDays`; on a group that kept everything, events older than that expire. " +
    "A retention CloudWatch Logs does not accept (45; it takes 1, 3, 5, 7, 14, 30, 60, 90, … 3653 days, or 0 for none) " +
    "is a violation, as one that is no number is: the provider refuses it at plan, and the check warns at the argument. " +
    "A Delivery-class group (`log_group_class = \"DELIVERY\"`) is not judged: CloudWatch keeps its events for one day " +
    "whatever the setting says (the provider ignores `retention_in_days` there), and their retention is that of the " +
    "S3 bucket or Firehose stream they are delivered to.",
  remediation:
    "Set `retention_in_days` (Pulumi `retentionInDays`) to a value CloudWatch accepts (1, 3, 5, 7, 14, 30, 60, 90, " +
    "… 3653) of at least `minDays`, and export logs to S3 when they must be kept longer.",
  fix: (_resource, config) =>
    fixOf(
      `Set retention_in_days to a value CloudWatch accepts (1, 3, 5, 7, 14, 30, 60, 90, … 3653) of at least ${config.minDays}, and export logs to S3 when they must be kept longer.`,
      ["retention_in_days"],
    ),
  links: [
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Working-with-log-groups-and-streams.html#SettingLogRetention",
    "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CloudWatch_Logs_Log_Classes.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/cloudwatch_log_group#retention_in_days",
    "https://www.pulumi.com/registry/packages/aws/api-docs/cloudwatch/loggroup/",
  ],
  kinds: ["aws_cloudwatch_log_group"],
  config: {
    minDays: { type: "integer", default: 7, minimum: 1, description: "Shortest retention accepted, in days." },
    defaultDays: { type: "integer", default: 30, minimum: 1, description: "Retention the automatic fix sets, in days (rounded up to a value CloudWatch accepts)." },
  },
  check(resource, config) {
    return unlessValue(resource, "log_group_class", deliveryClass, "a Delivery-class log group keeps events for one day, fixed by AWS, and delivers them on", () => {
      // Refused, as a value that is no number is: whatever it is meant to keep, the group is not created so.
      const refused = refusedRetention(resource);
      if (refused !== undefined) return [violation(RETENTION, refused)];
      return expectNumberWithin(resource, RETENTION, { min: config.minDays }, {
        notSet: `${RETENTION} is not set, so log events never expire`,
        notNumber: `${RETENTION} is not a number of days`,
        // 0 is below every minimum (at least 1), and CloudWatch reads it as no retention.
        outOfRange: (days, shown) => `${RETENTION} is ${shown}, ${days === 0 ? "so log events never expire" : `so it keeps fewer than ${config.minDays} days of logs`}`,
      });
    });
  },
  remediate(_resource, config) {
    const wanted = Math.max(config.minDays, config.defaultDays);
    return { [RETENTION]: ALLOWED_DAYS.find((days) => days >= wanted) ?? ALLOWED_DAYS[ALLOWED_DAYS.length - 1] };
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a log group that keeps events forever",
          resources: [{ type: "aws:cloudwatch/logGroup:LogGroup", name: "fail_logs", props: { name: "/ecs/api" } }],
        },
        {
          description: "a log group that keeps a single day",
          resources: [{ type: "aws:cloudwatch/logGroup:LogGroup", name: "fail_short_logs", props: { name: "/ecs/api", retentionInDays: 1 } }],
        },
      ],
      pass: [
        {
          description: "a log group that keeps 30 days",
          resources: [{ type: "aws:cloudwatch/logGroup:LogGroup", name: "pass_logs", props: { name: "/ecs/api", retentionInDays: 30 } }],
        },
      ],
    },
  },
});
