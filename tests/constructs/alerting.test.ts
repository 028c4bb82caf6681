import { Alerting } from "../../constructs/src/alerting";
import { EncryptionKey } from "../../constructs/src/encryption-key";
import { CLEAN, blocksOf, checkConstruct, outcomeOf, referenceTo, summaryOf, type ConstructCheckResult } from "../support/construct-check";

describe("Alerting", () => {
  let checked: ConstructCheckResult;
  beforeAll(() => {
    checked = checkConstruct((stack) => {
      new Alerting(stack, "subscribed", { topicName: "oncall", emailAddress: "oncall@example.com", httpsEndpoint: "https://hooks.example.com/alerts" });
      new Alerting(stack, "unencrypted", { encrypted: false });
      new Alerting(stack, "unrotated-key", { keyProps: { enableKeyRotation: false } });
      const shared = new EncryptionKey(stack, "shared-key");
      new Alerting(stack, "shared", { encryptionKey: shared, publishingServices: ["cloudwatch.amazonaws.com", "events.amazonaws.com"] });
    });
  });

  test("with its defaults: no finding of any kind under platform, no diagnostic, no warning", () => {
    expect(summaryOf(checkConstruct((stack) => new Alerting(stack, "alerts")))).toEqual(CLEAN);
  });

  test("encrypts the topic with its own rotating key, which CloudWatch alarms may use", () => {
    const [topic] = blocksOf(checked, "aws_sns_topic", "subscribed");
    const [key] = blocksOf(checked, "aws_kms_key", "subscribed");
    expect(topic.kms_master_key_id).toBe(referenceTo(checked, "aws_kms_key", "subscribed", "arn"));
    expect(key).toMatchObject({ enable_key_rotation: true, lifecycle: { prevent_destroy: true } });
    expect(key.policy).toContain('"Service" = "cloudwatch.amazonaws.com"');
  });

  test("subscribes the email address and the HTTPS endpoint, without findings", () => {
    expect(blocksOf(checked, "aws_sns_topic_subscription", "subscribed").map((block) => [block.protocol, block.endpoint])).toEqual([
      ["email", "oncall@example.com"],
      ["https", "https://hooks.example.com/alerts"],
    ]);
    expect(outcomeOf(checked, "subscribed")).toEqual({ findings: [], violations: [], warnings: [] });
  });

  test("encrypted: false is flagged by PR-SEC-014, with a warning", () => {
    const outcome = outcomeOf(checked, "unencrypted");
    expect(outcome.violations).toEqual(["PR-SEC-014"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "encrypted" weakens .*PR-SEC-014/)]);
    expect(blocksOf(checked, "aws_kms_key", "unencrypted")).toEqual([]);
  });

  test("keyProps reach the key: rotation off is flagged by PR-RES-010, with the key's warning", () => {
    const outcome = outcomeOf(checked, "unrotated-key");
    expect(outcome.violations).toEqual(["PR-RES-010"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "enableKeyRotation" weakens .*PR-RES-010/)]);
  });

  test("an existing key is used instead of a new one, and grants every publishing service", () => {
    expect(blocksOf(checked, "aws_kms_key", "shared")).toEqual([]);
    const [topic] = blocksOf(checked, "aws_sns_topic", "shared");
    expect(topic.kms_master_key_id).toBe(referenceTo(checked, "aws_kms_key", "shared-key", "arn"));
    const [key] = blocksOf(checked, "aws_kms_key", "shared-key");
    expect(key.policy).toContain('"Service" = "cloudwatch.amazonaws.com"');
    expect(key.policy).toContain('"Service" = "events.amazonaws.com"');
    expect(outcomeOf(checked, "shared").findings).toEqual([]);
  });

  test("refuses a plain-HTTP endpoint, and an existing key together with key props", () => {
    expect(() => checkConstruct((stack) => new Alerting(stack, "alerts", { httpsEndpoint: "http://hooks.example.com" }))).toThrow(/https:\/\//);
    expect(() =>
      checkConstruct((stack) => new Alerting(stack, "alerts", { encryptionKey: new EncryptionKey(stack, "key"), keyProps: { enableKeyRotation: true } })),
    ).toThrow(/not both/);
  });
});
