import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN, UNKNOWN_IDENTIFIER, UNKNOWN_PRESENT } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/configuration/aws-ecs-task-no-plaintext-secrets";

/** A Pulumi secret, as the engine hands it over. */
const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

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

  test("a secret under a credential's name is a violation, known or not; under another name it is judged as any value", () => {
    expect(outcomes([{ name: "SESSION_SECRET", value: secret(UNKNOWN) }])).toEqual(["violation"]);
    expect(outcomes([{ name: "SESSION_SECRET", value: secret("1") }])).toEqual(["violation"]);
    expect(outcomes([{ name: "SESSION_SECRET", value: secret("") }, { name: "QUEUE_URL", value: secret(UNKNOWN) }])).toEqual([]);
  });

  test("another resource's ID or ARN under a credential's name is a reference, not a plaintext secret", () => {
    expect(outcomes([{ name: "STRIPE_SECRET", value: UNKNOWN_IDENTIFIER }])).toEqual([]);
  });
});
