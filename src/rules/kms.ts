/**
 * Whether an AWS service may use the KMS key of the stack that a resource names (a topic's `kms_master_key_id`): a
 * service principal may use a key only where its key policy says so. IAM policies cannot grant a service principal
 * anything, nor can grants, so a key with the default key policy, which lets the account's IAM principals alone use
 * it, is closed to every service.
 */
import { isUnknown, type Resource } from "../model/resource";
import { argumentValue, type Attachment, Attachments, attributeReference, isSet, type Reference, strongest, weakest } from "./read";
import { anyEntry, field, hasEntry, matchesWildcard, policyStatements } from "./policies";

export const KMS_KEY = "aws_kms_key";
export const KMS_ALIAS = "aws_kms_alias";
/** A key policy set apart from its key, which replaces the key's own. */
export const KMS_KEY_POLICY = "aws_kms_key_policy";
export const KMS_KINDS: readonly string[] = [KMS_KEY, KMS_ALIAS, KMS_KEY_POLICY];

/** What names a key (its ARN or ID) and an alias (its name, which is its ID, or its ARN). */
const KEY_IDENTIFIERS = ["arn", "key_id", "id"];
const ALIAS_IDENTIFIERS = ["name", "arn", "id"];

/**
 * Whether the service may use the key a resource names: "no" and "unknown" with what says so, a key and why
 * ("the KMS key aws_kms_key.alerts, whose key policy does not let ...") or why it cannot be told.
 */
export interface KeyUse {
  answer: Reference;
  described?: string;
}

const USABLE: KeyUse = { answer: "yes" };

/**
 * Whether a key policy statement with `effect` (an Allow or a Deny) covers `service` calling `action` on its key:
 * for the service principal or every principal (`"*"`, `{"AWS": "*"}`), on an action pattern that covers it, on `"*"`
 * (the key itself, in a key policy), without conditions. A condition, a resource other than `"*"` or a
 * `NotPrincipal` leaves it open: the check does not judge whether they apply to the service's call.
 */
function covers(statement: unknown, effect: "Allow" | "Deny", service: string, action: string): Reference {
  const written = field(statement, "Effect");
  const principal = field(statement, "Principal");
  const actions = field(statement, "Action");
  const notActions = field(statement, "NotAction");
  const called = action.toLowerCase();
  const matches = (entry: unknown) => typeof entry === "string" && matchesWildcard(entry.toLowerCase(), called);
  const condition = field(statement, "Condition");
  const conditioned = condition !== undefined && !(typeof condition === "object" && condition !== null && Object.keys(condition).length === 0);
  return weakest([
    isUnknown(written) ? "unknown" : written === effect ? "yes" : "no",
    field(statement, "NotPrincipal") !== undefined
      ? "unknown"
      : strongest([hasEntry(principal, "*"), hasEntry(field(principal, "AWS"), "*"), hasEntry(field(principal, "Service"), service)]),
    actions !== undefined ? anyEntry(actions, matches) : notActions !== undefined ? negated(anyEntry(notActions, matches)) : "no",
    hasEntry(field(statement, "Resource"), "*") === "yes" ? "yes" : "unknown",
    isUnknown(condition) || conditioned ? "unknown" : "yes",
  ]);
}

function negated(answer: Reference): Reference {
  return answer === "yes" ? "no" : answer === "no" ? "yes" : "unknown";
}

/**
 * For one service and the KMS actions it calls, whether it may use the key each of `holders` names through its
 * `property`: a key of the stack directly, or through an alias of the stack. A key not in the stack (an ARN or a
 * variable) is one the check does not know, counted as usable; a reference that may be one of several keys is
 * usable only if all are.
 */
export class ServiceKeyUse {
  private readonly named: Attachments;
  private readonly namedBy: Map<Resource, Attachment[]>;
  private readonly aliasTargets: Attachments;
  private readonly aliasKeys: Map<Resource, Attachment[]>;
  private readonly policies: Attachments;
  /** By key, and the alias it is named through. */
  private readonly judged = new Map<string, KeyUse>();

  constructor(
    stack: readonly Resource[],
    holders: readonly Resource[],
    property: string,
    private readonly service: string,
    private readonly actions: readonly string[],
  ) {
    const keys = stack.filter((resource) => resource.kind === KMS_KEY);
    const aliases = stack.filter((resource) => resource.kind === KMS_ALIAS);
    const keysAndAliases = [...keys, ...aliases];
    this.named = new Attachments(holders, (holder) => [attributeReference(holder, property)], keysAndAliases, [...new Set([...KEY_IDENTIFIERS, ...ALIAS_IDENTIFIERS])]);
    this.namedBy = this.named.byHolder(keysAndAliases);
    this.aliasTargets = new Attachments(aliases, (alias) => [attributeReference(alias, "target_key_id")], keys, KEY_IDENTIFIERS);
    this.aliasKeys = this.aliasTargets.byHolder(keys);
    this.policies = new Attachments(
      stack.filter((resource) => resource.kind === KMS_KEY_POLICY),
      (policy) => [attributeReference(policy, "key_id")],
      keys,
      KEY_IDENTIFIERS,
    );
  }

  /** One answer for a key that may be any of several: theirs where all agree; unknown otherwise. */
  private eitherOf(uses: readonly KeyUse[]): KeyUse {
    if (uses.every((use) => use.answer === "yes")) return USABLE;
    if (uses.length === 1) return uses[0];
    const refusing = uses.filter((use) => use.answer === "no");
    if (refusing.length === uses.length) return { answer: "no", described: [...new Set(refusing.map((use) => use.described))].join(" or ") };
    const open = uses.find((use) => use.answer === "unknown");
    return open ?? { answer: "unknown", described: `whether ${this.service} may use the key cannot be told: it may be ${refusing[0].described}, or a key that lets it` };
  }

  /** Whether the service may use the key `holder` (one of the holders) names. */
  of(holder: Resource): KeyUse {
    if (!this.named.namesATarget(holder)) return USABLE;
    return this.eitherOf((this.namedBy.get(holder) ?? []).map(({ holder: target }) => (target.kind === KMS_ALIAS ? this.throughAlias(target) : this.keyUse(target))));
  }

  private throughAlias(alias: Resource): KeyUse {
    if (!this.aliasTargets.namesATarget(alias)) return USABLE;
    return this.eitherOf((this.aliasKeys.get(alias) ?? []).map(({ holder: key }) => this.keyUse(key, ` (named through ${alias.address})`)));
  }

  /**
   * By its key policy: an `aws_kms_key_policy` of the key replaces the key's own; one that may be the key's leaves
   * it open unless it says the same.
   */
  private keyUse(key: Resource, through = ""): KeyUse {
    const named = `the KMS key ${key.address}${through}`;
    let use = this.judged.get(named);
    if (use === undefined) {
      const attached = this.policies.of(key);
      const replacing = attached.filter(({ applies }) => applies === "yes").map(({ holder }) => holder);
      const possible = attached.filter(({ applies }) => applies === "unknown").map(({ holder }) => holder);
      use = this.eitherOf([...(replacing.length > 0 ? replacing : [key]), ...possible].map((source) => this.policyUse(key, named, source)));
      this.judged.set(named, use);
    }
    return use;
  }

  /** By the policy `source` (the key itself or an `aws_kms_key_policy`) sets on `key`, which a message calls `named`. */
  private policyUse(key: Resource, named: string, source: Resource): KeyUse {
    if (source === key && !isSet(argumentValue(key, "policy"))) {
      return { answer: "no", described: `${named}, whose key policy is the default one (no policy is set), which lets the account's IAM principals alone use it, not ${this.service}` };
    }
    const set = source === key ? "" : ` (set by ${source.address})`;
    const statements = policyStatements(source);
    if (isUnknown(statements)) return { answer: "unknown", described: `whether ${this.service} may use ${named} cannot be told: its key policy${set} is not known to the check` };
    // An explicit Deny outweighs any Allow: the service may call an action some statement allows and none denies.
    const byStatements = (effect: "Allow" | "Deny") => this.actions.map((action) => strongest(statements.map((statement) => covers(statement, effect, this.service, action))));
    const allowed = byStatements("Allow");
    const denied = byStatements("Deny");
    const answers = allowed.map((allow, index) => weakest([allow, negated(denied[index])]));
    const answer = weakest(answers);
    if (answer === "yes") return USABLE;
    if (answer === "unknown") {
      const mayDeny = answers.some((each, index) => each === "unknown" && denied[index] === "unknown");
      return {
        answer,
        described: `whether ${this.service} may use ${named} cannot be told: its key policy${set} may ${mayDeny ? "deny it" : "let it only"} under conditions or on resources the check does not judge`,
      };
    }
    const deniedActions = this.actions.filter((_, index) => denied[index] === "yes");
    if (deniedActions.length > 0) return { answer, described: `${named}, whose key policy${set} denies ${this.service} ${deniedActions.join(" and ")}` };
    const refused = this.actions.filter((_, index) => allowed[index] === "no");
    return { answer, described: `${named}, whose key policy${set} does not let ${this.service} call ${refused.join(" or ")}` };
  }
}
