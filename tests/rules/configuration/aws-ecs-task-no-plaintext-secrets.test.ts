import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, UNKNOWN_IDENTIFIER, UNKNOWN_PRESENT } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/configuration/aws-ecs-task-no-plaintext-secrets";

function outcomes(environment: unknown): string[] {
  const containerDefinitions = [{ name: "api", image: UNKNOWN_PRESENT, environment, secrets: [{ name: "TOKEN", valueFrom: UNKNOWN_PRESENT }] }];
  const run = runRule(rule, fromPulumi({ type: "aws:ecs/taskDefinition:TaskDefinition", name: "task", props: { containerDefinitions } }), {});
  return run.applicable ? run.judgements.map((j) => j.outcome) : [];
}

describe("aws-ecs-task-no-plaintext-secrets", () => {
  test("a structured definition (jsonencode) is decided on its environment, whatever else is unknown", () => {
    expect(outcomes([{ name: "LOG_LEVEL", value: "info" }, { name: "QUEUE_URL", value: UNKNOWN_PRESENT }])).toEqual([]);
    expect(outcomes([{ name: "DB_PASSWORD", value: "hunter2-prod" }])).toEqual(["violation"]);
  });

  test("a count of tokens or a switch is no secret, even under a name not known yet", () => {
    expect(outcomes([{ name: "OPENAI_MAX_TOKENS", value: "1000" }, { name: "TOKENIZERS_PARALLELISM", value: "false" }, { name: UNKNOWN, value: "false" }])).toEqual([]);
  });

  test("an unknown environment, or an unknown value under a credential's name, is undecided", () => {
    expect(outcomes(UNKNOWN)).toEqual(["undecided"]);
    expect(outcomes([UNKNOWN])).toEqual(["undecided"]);
    expect(outcomes([{ name: "SESSION_SECRET", value: UNKNOWN }])).toEqual(["undecided"]);
    expect(outcomes([{ name: UNKNOWN, value: "hunter2-prod" }])).toEqual(["undecided"]);
    // A string built around another resource's ARN could still carry a typed-in secret.
    expect(outcomes([{ name: "SESSION_SECRET", value: UNKNOWN_PRESENT }])).toEqual(["undecided"]);
  });

  test("another resource's ID or ARN under a credential's name is a reference, not a plaintext secret", () => {
    expect(outcomes([{ name: "STRIPE_SECRET", value: UNKNOWN_IDENTIFIER }])).toEqual([]);
  });
});
