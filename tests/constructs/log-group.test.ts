import { EncryptionKey } from "../../constructs/src/encryption-key";
import { LogGroup } from "../../constructs/src/log-group";
import { CLEAN, blocksOf, checkConstruct, outcomeOf, referenceTo, summaryOf, type ConstructCheckResult } from "../support/construct-check";

describe("LogGroup", () => {
  let checked: ConstructCheckResult;
  beforeAll(() => {
    checked = checkConstruct((stack) => {
      new LogGroup(stack, "api", { logGroupName: "/ecs/api" });
      new LogGroup(stack, "forever", { retentionInDays: 0 });
      new LogGroup(stack, "one-day", { retentionInDays: 1 });
      new LogGroup(stack, "month", { retentionInDays: 30 });
      const shared = new EncryptionKey(stack, "shared-key");
      new LogGroup(stack, "shared-a", { encryptionKey: shared });
      new LogGroup(stack, "shared-b", { encryptionKey: shared });
    });
  });

  test("with its defaults: no finding of any kind under platform, no diagnostic, no warning", () => {
    expect(summaryOf(checkConstruct((stack) => new LogGroup(stack, "logs")))).toEqual(CLEAN);
  });

  test("keeps 90 days, encrypted with a key CloudWatch Logs may use for this account's log groups only", () => {
    const [group] = blocksOf(checked, "aws_cloudwatch_log_group", "api");
    expect(group).toMatchObject({ name: "/ecs/api", retention_in_days: 90, kms_key_id: referenceTo(checked, "aws_kms_key", "api", "arn") });
    const [key] = blocksOf(checked, "aws_kms_key", "api");
    expect(key.policy).toMatch(/"Service" = "logs\.\$\{data\.aws_region\.\S+\.region\}\.\$\{data\.aws_partition\.\S+\.dns_suffix\}"/);
    expect(key.policy).toMatch(/"kms:EncryptionContext:aws:logs:arn" = "arn:\$\{data\.aws_partition\.\S+\.partition\}:logs:\$\{data\.aws_region\.\S+\.region\}:\$\{data\.aws_caller_identity\.\S+\.account_id\}:log-group:\*"/);
  });

  test("retentionInDays: 0 (keep forever) is flagged by PR-OPS-005, with a warning", () => {
    const outcome = outcomeOf(checked, "forever");
    expect(outcome.violations).toEqual(["PR-OPS-005"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "retentionInDays" weakens .*PR-OPS-005/)]);
  });

  test("a retention shorter than the rule's minimum is flagged by PR-OPS-005, with a warning", () => {
    const outcome = outcomeOf(checked, "one-day");
    expect(outcome.violations).toEqual(["PR-OPS-005"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "retentionInDays" weakens/)]);
  });

  test("a shorter retention the rule accepts is a warning only", () => {
    expect(outcomeOf(checked, "month")).toEqual({ findings: [], violations: [], warnings: [expect.stringMatching(/^prop "retentionInDays" weakens/)] });
  });

  test("log groups sharing a key grant CloudWatch Logs once", () => {
    const [key] = blocksOf(checked, "aws_kms_key", "shared-key");
    expect(String(key.policy).match(/"Service" = "logs\./g)).toHaveLength(1);
    expect(blocksOf(checked, "aws_kms_key", "shared-a")).toEqual([]);
    expect(outcomeOf(checked, "shared-key").findings).toEqual([]);
  });
});
