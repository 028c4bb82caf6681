import { EncryptionKey } from "../../constructs/src/encryption-key";
import { CLEAN, blocksOf, checkConstruct, outcomeOf, summaryOf, type ConstructCheckResult } from "../support/construct-check";

const CLOUDWATCH = { service: "cloudwatch.amazonaws.com", actions: ["kms:Decrypt", "kms:GenerateDataKey*"] };

describe("EncryptionKey", () => {
  let checked: ConstructCheckResult;
  beforeAll(() => {
    checked = checkConstruct((stack) => {
      const key = new EncryptionKey(stack, "defaults");
      key.allowService(CLOUDWATCH);
      key.allowService(CLOUDWATCH);
      new EncryptionKey(stack, "aliased", { alias: "alias/orders", description: "orders" });
      new EncryptionKey(stack, "unrotated", { enableKeyRotation: false });
      new EncryptionKey(stack, "unprotected", { preventDestroy: false });
      new EncryptionKey(stack, "short-window", { deletionWindowInDays: 7 });
    });
  });

  test("with its defaults: no finding of any kind under platform, no diagnostic, no warning", () => {
    expect(summaryOf(checkConstruct((stack) => new EncryptionKey(stack, "key")))).toEqual(CLEAN);
  });

  test("rotates, is protected from destroy, and grants each service once in its policy", () => {
    expect(outcomeOf(checked, "defaults").findings).toEqual([]);
    expect(outcomeOf(checked, "aliased").findings).toEqual([]);
    const [key] = blocksOf(checked, "aws_kms_key", "defaults");
    expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30, lifecycle: { prevent_destroy: true } });
    expect(String(key.policy).match(/cloudwatch\.amazonaws\.com/g)).toHaveLength(1);
    expect(blocksOf(checked, "aws_kms_alias", "aliased")).toEqual([expect.objectContaining({ name: "alias/orders" })]);
  });

  test("enableKeyRotation: false is flagged by PR-RES-010, with a warning", () => {
    const outcome = outcomeOf(checked, "unrotated");
    expect(outcome.violations).toEqual(["PR-RES-010"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "enableKeyRotation" weakens .*PR-RES-010/)]);
  });

  test("preventDestroy: false is flagged by PR-OPS-004, with a warning", () => {
    const outcome = outcomeOf(checked, "unprotected");
    expect(outcome.violations).toEqual(["PR-OPS-004"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "preventDestroy" weakens .*PR-OPS-004/)]);
  });

  test("a shorter deletion window is a warning only: no rule covers it", () => {
    const outcome = outcomeOf(checked, "short-window");
    expect(outcome.findings).toEqual([]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "deletionWindowInDays" weakens/)]);
  });
});
