import { fromPulumi } from "../../../src/adapters/pulumi";
import { runRule } from "../../../src/engine/evaluate";
import { UNKNOWN } from "../../../src/model/resource";
import rule from "../../../src/rules/aws/configuration/aws-lambda-no-plaintext-secrets";

/** A Pulumi secret, as the engine hands it over. */
const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

function judgements(variables: Record<string, unknown>) {
  const run = runRule(rule, fromPulumi({ type: "aws:lambda/function:Function", name: "f", props: { runtime: "nodejs22.x", environment: { variables } } }), {});
  return run.applicable ? run.judgements.map(({ outcome, path, message }) => ({ outcome, path, message })) : [];
}

describe("aws-lambda-no-plaintext-secrets", () => {
  test("a secret under a credential's name is a violation whatever its text, known or not, and the message holds no value", () => {
    expect(judgements({ DB_PASSWORD: secret(UNKNOWN), API_KEY: secret("1") })).toEqual([
      { outcome: "violation", path: "environment.variables.DB_PASSWORD", message: "environment variable DB_PASSWORD holds a sensitive value" },
      { outcome: "violation", path: "environment.variables.API_KEY", message: "environment variable API_KEY holds a sensitive value" },
    ]);
  });

  test("an unknown value under a credential's name that is not marked secret is undecided; a secret under another name is judged as any value", () => {
    expect(judgements({ DB_PASSWORD: UNKNOWN, QUEUE_URL: secret(UNKNOWN), LOG_LEVEL: secret("info"), DB_TOKEN: secret("") })).toEqual([
      { outcome: "undecided", path: "environment.variables.DB_PASSWORD", message: "value is unknown until deployment" },
    ]);
  });
});
