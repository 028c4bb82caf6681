import { type AttributeRead, isUnknown, isUnknownButPresent, PartialString, UNKNOWN, UNKNOWN_PRESENT, valueAt, type Resource } from "../../../model/resource";
import {
  argumentValue,
  arnAccount,
  arnRegion,
  Attachments,
  inRegion,
  isSet,
  outsideAccount,
  parseJsonProperty,
  placeUntold,
  presence,
  PropertyReference,
  referenceAt,
  referenceInBlocks,
  regionsApart,
  samePlace,
  shownValue,
  strongest,
  verdictsFor,
  weakest,
  workedOutFrom,
  type Reference,
} from "../../read";
import { notApplicable, stackRule, violation, type Verdict } from "../../rule";
import { fixOf } from "../../fixes";
import { getOrAdd } from "../../../collections";

const QUEUE_IDENTIFIERS = ["arn", "id", "url", "name"];

/** A key of a JSON policy (a string, or `jsonencode`'s structure with unknown parts); unknown when the document is. */
function policyKey(resource: Resource, property: string, key: string): unknown {
  return valueAt(parseJsonProperty(argumentValue(resource, property)), key);
}

/**
 * The queue a redrive policy names. SQS and SNS refuse a redrive policy without a `deadLetterTargetArn`, so one known
 * to be set whose document is not (a plan's `jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn, … })`, which
 * reads only the DLQ's ARN: see `UNKNOWN_PRESENT`) names a queue, unknown which.
 */
function redrivePolicyTarget(resource: Resource): PropertyReference {
  const policy = argumentValue(resource, "redrive_policy");
  const document = parseJsonProperty(policy);
  return new PropertyReference("redrive_policy", isUnknown(document) && isUnknownButPresent(policy) ? UNKNOWN_PRESENT : valueAt(document, "deadLetterTargetArn"));
}

const IN_ACCOUNT = "SQS moves messages only to a dead-letter queue in the source queue's account";

/** Whether a redrive policy's DLQ is in its source queue's account and region, and why not or why that cannot be told. */
interface DeadLetterPlace {
  answer: Reference;
  why?: string;
}

/**
 * Whether the DLQ `holder`'s redrive policy names is in the account and region of `source`, the queue it redrives:
 * SQS moves messages only to a DLQ in the source queue's account and region. Told by the region and account its ARN
 * names, known whole or in the part up to them (the account told apart only from one the queue's provider
 * configuration names), else by the placement of the one queue of the stack (`queues`, by address) the unknown ARN
 * is worked out from; a DLQ neither tells is judged by the policy's presence alone.
 */
function deadLetterPlace(holder: Resource, source: Resource, queues: ReadonlyMap<string, readonly Resource[]>): DeadLetterPlace {
  const target = redrivePolicyTarget(holder).value;
  const named = arnRegion(target, "sqs");
  if (named !== undefined) {
    const answer = inRegion(source, named);
    const arn = typeof target === "string" ? `${shownValue(holder, "redrive_policy", target)} ` : "";
    if (answer === "no") return { answer, why: `its dead-letter queue ${arn}is in ${named}, and this queue in ${source.placement!.region}: SQS moves messages only to a dead-letter queue in the source queue's region` };
    if (answer === "unknown") return { answer, why: `whether its dead-letter queue ${arn}in ${named} is in this queue's region cannot be told: this queue's region is not known` };
    if (outsideAccount(source, arnAccount(target, "sqs"))) return { answer: "no", why: `its dead-letter queue ${arn}is in another account than this queue's: ${IN_ACCOUNT}` };
    return { answer };
  }
  const from = workedOutFrom(holder, "redrive_policy");
  let deadLetterQueue: Resource | undefined;
  let several = false;
  // `some` reaches the addresses no further than needed, where iterating them would reach them all.
  from?.some((address) => {
    for (const queue of queues.get(address) ?? []) {
      if (queue === source) continue;
      several = deadLetterQueue !== undefined;
      deadLetterQueue = queue;
    }
    return several;
  });
  if (deadLetterQueue === undefined || several) return { answer: "yes" };
  const answer = samePlace(deadLetterQueue, source);
  const apart = regionsApart(deadLetterQueue, source);
  if (apart !== undefined) return { answer, why: `its dead-letter queue ${deadLetterQueue.address} is in ${apart.holder}, and this queue in ${apart.target}: SQS moves messages only to a dead-letter queue in the source queue's region` };
  if (answer === "no") return { answer, why: `its dead-letter queue ${deadLetterQueue.address} is in another account than this queue's: ${IN_ACCOUNT}` };
  return answer === "unknown" ? { answer, why: placeUntold(deadLetterQueue, source) } : { answer };
}

/** Attributes of a queue that are its URL (the provider's `id` is the URL too), which SQS refuses as a `deadLetterTargetArn`. */
const QUEUE_URL_ATTRIBUTES = new Set(["url", "id"]);

/**
 * Why the DLQ a queue's own redrive policy names is not an ARN, which SQS refuses at apply: a string that is not
 * one, or a queue's URL read as it is. Undefined where it is an ARN or not known.
 */
function misnamedDeadLetterTarget(queue: Resource): string | undefined {
  const target = policyKey(queue, "redrive_policy", "deadLetterTargetArn");
  if (typeof target === "string") return target.startsWith("arn:") ? undefined : "the redrive policy's deadLetterTargetArn is not an ARN: it must be the dead-letter queue's ARN";
  const read = queue.attributeReads?.["redrive_policy.deadLetterTargetArn"];
  if (read?.kind !== "aws_sqs_queue" || !QUEUE_URL_ATTRIBUTES.has(read.attribute)) return undefined;
  return `the redrive policy's deadLetterTargetArn reads the dead-letter queue's ${read.attribute}, its URL: it must be the queue's ARN (arn)`;
}

/** A reference inside nested blocks (`referenceInBlocks`). */
function inBlocks(blocks: readonly [string, ...string[]], leaf: string): (resource: Resource) => PropertyReference {
  return (resource) => referenceInBlocks(resource, blocks, leaf);
}

/**
 * Where each kind names the queue that receives what it could not deliver or process: that queue is a DLQ. Read as
 * property references, so a subscription's DLQ is told from its endpoint queue while both ARNs are unknown.
 */
const DEAD_LETTER_TARGETS: Record<string, (resource: Resource) => PropertyReference> = {
  aws_sqs_queue: redrivePolicyTarget,
  aws_sqs_queue_redrive_policy: redrivePolicyTarget,
  aws_sns_topic_subscription: redrivePolicyTarget,
  aws_lambda_function: inBlocks(["dead_letter_config"], "target_arn"),
  aws_lambda_function_event_invoke_config: inBlocks(["destination_config", "on_failure"], "destination"),
  aws_lambda_event_source_mapping: inBlocks(["destination_config", "on_failure"], "destination_arn"),
  aws_cloudwatch_event_target: inBlocks(["dead_letter_config"], "arn"),
  aws_scheduler_schedule: inBlocks(["target", "dead_letter_config"], "arn"),
};

/** What an `aws_sqs_queue_redrive_policy` says whatever queue it is for: whether it names a DLQ, and the queues it depends on. */
interface Redrive {
  target: Reference;
  joined: readonly Resource[];
}

/**
 * Whether an `aws_sqs_queue_redrive_policy` whose `queue_url` names `queue` (`applies`) gives it a dead-letter
 * queue. It joins two different queues, its source and its DLQ, so while both references are unknown a queue that
 * is one of exactly two queues it depends on is covered either way: it has a DLQ or it is one.
 */
function redrives({ target, joined }: Redrive, applies: Reference, queue: Resource): Reference {
  const answer = weakest([applies, target]);
  if (answer !== "unknown") return answer;
  return target === "yes" && joined.length === 2 && joined.includes(queue) ? "yes" : "unknown";
}

/** A redrive allow policy that lets source queues use this queue says it is a DLQ. */
function allowsRedrive(permission: unknown): Reference {
  if (isUnknown(permission)) return "unknown";
  return permission === "allowAll" || permission === "byQueue" ? "yes" : "no";
}

/**
 * The queue's name, or what `name_prefix` says of it while the name is not given. The provider appends a timestamp
 * and a counter, 26 hexadecimal digits, to the prefix (`id.PrefixedUniqueId`): no DLQ name pattern matches in those,
 * so a prefix known whole decides alone, marked `generated`. A name given has what each interpolation of its
 * template reads, where the engine knows it (`reads`).
 */
function queueName(queue: Resource): { name: unknown; generated?: boolean; reads?: readonly (AttributeRead | undefined)[] } {
  const name = valueAt(queue.props, "name");
  const prefix = valueAt(queue.props, "name_prefix");
  if (typeof name === "string" || (isSet(name) && !isUnknown(name)) || !isSet(prefix)) return { name, reads: queue.interpolatedReads?.name };
  if (typeof prefix === "string") return { name: prefix, generated: true };
  return { name: prefix instanceof PartialString ? new PartialString(prefix.prefix, "", [...prefix.inner, prefix.suffix]) : UNKNOWN };
}

/**
 * A pattern whose match in a part of a string is a match in the whole string, whatever surrounds that part: one
 * without anchors, word boundaries or lookaround.
 */
const matchesInPart = (pattern: RegExp) => !/[\^$]|\\[bB]|\(\?<?[=!]/.test(pattern.source);

/**
 * Whether a pattern may match a digit: conservatively, one holding a digit, a wildcard, a character class, or an
 * escape other than punctuation's or a space's.
 */
function mayMatchDigit(pattern: RegExp): boolean {
  return /[0-9.[]|\\[^stnrfv]/.test(pattern.source.replace(/\\\W/g, ""));
}

/** Reads of the AWS account ID the credentials belong to, 12 digits: `aws_caller_identity`'s `account_id`, and its `id`, the same. */
function readsAccountId(read: AttributeRead | undefined): boolean {
  return read?.kind === "aws_caller_identity" && read.dataSource === true && (read.attribute === "account_id" || read.attribute === "id");
}

function namedLikeDeadLetterQueue(queue: Resource, pattern: RegExp | undefined): Reference {
  if (pattern === undefined) return "no";
  const { name, generated, reads } = queueName(queue);
  if (generated) return !matchesInPart(pattern) ? "unknown" : pattern.test(name as string) ? "yes" : "no";
  if (name instanceof PartialString) {
    if (!matchesInPart(pattern)) return "unknown";
    // A name known in part is named like a DLQ when a known part is, and the rest cannot undo the match.
    const known = [name.prefix, ...name.inner, name.suffix.replace(/\.fifo$/, "")];
    if (known.some((part) => pattern.test(part))) return "yes";
    // Where each interpolation is an account ID, the unknown parts are digits alone, in which a pattern matching no
    // digit cannot match, nor across: it matches in a known part or nowhere (`"orders-${...account_id}"`).
    return reads !== undefined && reads.length > 0 && reads.every(readsAccountId) && !mayMatchDigit(pattern) ? "no" : "unknown";
  }
  if (isUnknown(name)) return "unknown";
  return typeof name === "string" && pattern.test(name.replace(/\.fifo$/, "")) ? "yes" : "no";
}

/** Why a queue's name leaves open whether it is named like a DLQ, to follow the undecided message. */
function nameUndecided(queue: Resource): string {
  const { name, generated } = queueName(queue);
  const which = generated || name instanceof PartialString ? "is known only in part" : "is not known";
  return `: its name ${which}, and may be named like a dead-letter queue (deadLetterNamePattern)`;
}

/** Settings are checked where they are read (`settingProblem`), so a pattern that reaches the rule compiles. */
function compile(pattern: string): RegExp | undefined {
  return pattern === "" ? undefined : new RegExp(pattern, "i");
}

export default stackRule({
  id: "PR-RES-004",
  slug: "aws-sqs-dead-letter-queue",
  title: "SQS queues send messages that keep failing to a dead-letter queue",
  checklist: "5.1.4",
  severity: "medium",
  description:
    "Without a redrive policy, a message its consumer cannot process (a poison message, a dependency that is " +
    "down) is retried until the retention period deletes it: the failure is lost and the retries crowd out good " +
    "messages. Every queue needs a `redrive_policy` with a `deadLetterTargetArn`, inline or through " +
    "`aws_sqs_queue_redrive_policy`, except the dead-letter queues themselves: a queue that another queue's redrive " +
    "policy, an SNS subscription, a Lambda function, invoke config or event source mapping, an EventBridge " +
    "target or an EventBridge Scheduler schedule uses for failures, a queue whose redrive allow policy admits source queues, or a queue named like a " +
    "DLQ (`deadLetterNamePattern`, for DLQs whose sources live in another stack; with a pattern without anchors, " +
    "word boundaries or lookaround, a `name_prefix` is judged alone, since the digits the provider appends to it " +
    "complete no such name, and a name known in part is named like a DLQ when a known part matches, is not where its " +
    "unknown parts are the account ID (`data.aws_caller_identity`'s, 12 digits) and the pattern matches no digit, and " +
    "is otherwise undecided). A reference known only after " +
    "deployment (`aws_sqs_queue.<dlq>.arn`) names the one queue the argument holding it refers to (Terraform " +
    "configurations; elsewhere, the one queue its resource depends on), so a subscription's DLQ is told from its " +
    "endpoint; an " +
    "`aws_sqs_queue_redrive_policy` that depends on exactly two queues covers both, the source and its DLQ. A " +
    "redrive policy known to be set whose document is not (in a plan, one reading only the DLQ's ARN) names a DLQ, " +
    "since SQS refuses one without `deadLetterTargetArn`. Other unknown references leave the queue undecided. A " +
    "queue's `deadLetterTargetArn` must be an ARN: a string that is not one, or a queue's `url` or `id` (its URL) " +
    "read as it is, which SQS refuses, is a violation. SQS moves messages only to a DLQ in the source queue's account " +
    "and region: one the redrive policy names in another region or account (by the region and account of its ARN, " +
    "known whole or up to them, the account told apart from one the queue's provider configuration names, or by the " +
    "provider configuration of the one queue of the stack an ARN known only after deployment is read from) is none, " +
    "and one whose region or account cannot be told apart from the queue's leaves it undecided.",
  remediation:
    "Create a dead-letter queue and set `redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.<dlq>.arn, " +
    "maxReceiveCount = 5 })` on the source queue (Pulumi: `redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: " +
    "dlq.arn, maxReceiveCount: 5 })`), and alarm on the DLQ's `ApproximateNumberOfMessagesVisible`.",
  fix: () =>
    fixOf(
      "Create a dead-letter queue and set this queue's redrive_policy to a JSON document naming it, `{ \"deadLetterTargetArn\": <its ARN>, \"maxReceiveCount\": 5 }`, and alarm on the dead-letter queue's ApproximateNumberOfMessagesVisible.",
      ["redrive_policy"],
    ),
  links: [
    "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-dead-letter-queues.html",
    "https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/sqs_queue#redrive_policy",
    "https://www.pulumi.com/registry/packages/aws/api-docs/sqs/queue/",
  ],
  kinds: [...Object.keys(DEAD_LETTER_TARGETS), "aws_sqs_queue_redrive_allow_policy"],
  config: {
    deadLetterNamePattern: {
      type: "string",
      default: "dlq|dead-?letter",
      format: "regex",
      description: "Case-insensitive regular expression, in JavaScript syntax: queues whose name matches are dead-letter queues (empty: none).",
    },
  },
  check(resources, config) {
    const queues = resources.filter((resource) => resource.kind === "aws_sqs_queue");
    if (queues.length === 0) return notApplicable("no queue in the stack");
    const namePattern = compile(config.deadLetterNamePattern);
    const queuesByAddress = new Map<string, Resource[]>();
    for (const queue of queues) getOrAdd(queuesByAddress, queue.address, () => []).push(queue);
    const queueUrl = referenceAt("queue_url");
    const redrivePolicies = resources.filter((resource) => resource.kind === "aws_sqs_queue_redrive_policy");
    const redriving = new Attachments(redrivePolicies, queueUrl, queues, QUEUE_IDENTIFIERS);
    const redrive = new Map<Resource, Redrive>(
      redrivePolicies.map((policy) => [policy, { target: presence(redrivePolicyTarget(policy).value), joined: redriving.dependedOn(policy) ?? [] }]),
    );
    const allowPolicies = resources.filter((resource) => resource.kind === "aws_sqs_queue_redrive_allow_policy");
    const allowing = new Attachments(allowPolicies, queueUrl, queues, QUEUE_IDENTIFIERS);
    const allows = new Map(allowPolicies.map((policy) => [policy, allowsRedrive(policyKey(policy, "redrive_allow_policy", "redrivePermission"))]));
    const failureRoutes = resources.filter((resource) => DEAD_LETTER_TARGETS[resource.kind] !== undefined);
    const routing = new Attachments(failureRoutes, (route) => [DEAD_LETTER_TARGETS[route.kind](route)], queues, QUEUE_IDENTIFIERS);
    const verdicts: Verdict[] = [];
    for (const queue of queues) {
      const misnamed = misnamedDeadLetterTarget(queue);
      if (misnamed !== undefined) {
        verdicts.push(violation("redrive_policy", misnamed, queue.address));
        continue;
      }
      const named = namedLikeDeadLetterQueue(queue, namePattern);
      if (named === "yes") continue;
      // A DLQ in another region than the queue's is none: the first such, or the first whose region is untold, says why.
      const regions: DeadLetterPlace[] = [];
      const inQueueRegion = (holder: Resource, redriven: Reference): Reference => {
        if (redriven === "no") return redriven;
        const region = deadLetterPlace(holder, queue, queuesByAddress);
        regions.push(region);
        return weakest([redriven, region.answer]);
      };
      // Resources that surely name another queue count for none of the answers: each takes the strongest.
      const redriven = strongest([
        inQueueRegion(queue, presence(redrivePolicyTarget(queue).value)),
        ...redriving.of(queue).map(({ holder, applies }) => inQueueRegion(holder, redrives(redrive.get(holder)!, applies, queue))),
      ]);
      const known = strongest([redriven, named]);
      // Past a yes nothing changes the verdict and past an unknown only a sure answer does: then only the holders that
      // may surely name the queue are asked. In a chain of queues each redriving to the one before, each may be the
      // DLQ of every queue after it, and asking each for all of those walked back the whole chain.
      const attached = (attachments: Attachments) => (known === "no" ? attachments.of(queue) : attachments.namingAlone(queue));
      const deadLetterQueue = strongest([
        allowsRedrive(policyKey(queue, "redrive_allow_policy", "redrivePermission")),
        ...attached(allowing).map(({ holder, applies }) => weakest([applies, allows.get(holder)!])),
        // A queue's own redrive policy names its DLQ, not itself.
        ...attached(routing)
          .filter(({ holder }) => holder !== queue)
          .map(({ applies }) => applies),
      ]);
      const answer = strongest([known, deadLetterQueue]);
      const apart = regions.find((region) => region.answer === "no")?.why;
      const untold = regions.find((region) => region.answer === "unknown" && region.why !== undefined)?.why;
      verdicts.push(
        ...verdictsFor(answer, queue, "redrive_policy", {
          violation: `the queue has no dead-letter queue${apart === undefined ? "" : `: ${apart}`}`,
          undecided: untold ?? `whether this queue has or is a dead-letter queue is not known to the check${named === "unknown" ? nameUndecided(queue) : ""}`,
        }),
      );
    }
    return verdicts;
  },
  examples: {
    pulumi: {
      fail: [
        {
          description: "a work queue without a redrive policy",
          resources: [{ type: "aws:sqs/queue:Queue", name: "fail_orders", props: { name: "orders", visibilityTimeoutSeconds: 60 } }],
        },
      ],
      pass: [
        {
          description: "a work queue redriving to its dead-letter queue in its own region, which is not flagged itself",
          resources: [
            {
              type: "aws:sqs/queue:Queue",
              name: "pass_orders",
              props: {
                name: "orders",
                region: "eu-west-1",
                redrivePolicy: JSON.stringify({ deadLetterTargetArn: "arn:aws:sqs:eu-west-1:123456789012:orders-failed", maxReceiveCount: 5 }),
              },
            },
            { type: "aws:sqs/queue:Queue", name: "pass_orders_failed", props: { name: "orders-failed", messageRetentionSeconds: 1209600 } },
          ],
        },
        {
          description: "a redrive policy attached with its own resource, pointing at a queue named as a DLQ",
          resources: [
            { type: "aws:sqs/queue:Queue", name: "pass_payments", props: { name: "payments", region: "eu-west-1" } },
            { type: "aws:sqs/queue:Queue", name: "pass_payments_dlq", props: { name: "payments-dlq" } },
            {
              type: "aws:sqs/redrivePolicy:RedrivePolicy",
              name: "pass_payments_redrive",
              props: {
                queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/payments",
                redrivePolicy: JSON.stringify({ deadLetterTargetArn: "arn:aws:sqs:eu-west-1:123456789012:payments-dlq", maxReceiveCount: 3 }),
              },
            },
          ],
        },
      ],
    },
  },
});
