/**
 * Secret configuration the program cannot read as the type it asks for: the SDK's message quotes the value, and the
 * runner must never pass a secret on. Real programs, run by the built runner and CLI.
 */
import { join } from "path";
import type * as Runner from "../../src/adapters/pulumi/runner";
import { reporters } from "../../src/reporters";
import { built, cli, ROOT, type CliResult } from "../cli/harness";

const { runProgram, ProgramError } = built<typeof Runner>("adapters/pulumi/runner/index");
const fixture = join(ROOT, "tests", "fixtures", "pulumi-config-typed-secrets");
const shown = "tests/fixtures/pulumi-config-typed-secrets/index.ts";

const NOT_JSON = "{username: app, password: Hunter2-Real-Secret}";
const NOT_A_NUMBER = "S3cr3tV4lue-not-a-number";
/** The caller's secrets: an object that is not JSON (unquoted keys), then a valid one with a port that is no number. */
const badObject = { PULUMI_CONFIG: JSON.stringify({ "typed-secrets:db": NOT_JSON, "typed-secrets:port": "5432" }), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(["typed-secrets:db", "typed-secrets:port"]) };
const badNumber = {
  PULUMI_CONFIG: JSON.stringify({ "typed-secrets:db": JSON.stringify({ username: "app", password: "Hunter2-Real-Secret" }), "typed-secrets:port": NOT_A_NUMBER }),
  PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(["typed-secrets:db", "typed-secrets:port"]),
};
const SECRETS = ["Hunter2-Real-Secret", NOT_A_NUMBER];

/** The environment without any PULUMI_CONFIG the test runner's own may hold. */
function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const { PULUMI_CONFIG: _config, PULUMI_CONFIG_SECRET_KEYS: _keys, ...rest } = process.env;
  return { ...rest, ...extra };
}

let objectFailure: unknown;
let numberFailure: unknown;
let cliRuns: { format: string; config: string; result: CliResult }[];

beforeAll(async () => {
  const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error);
  const formats = [...reporters.keys()];
  // Every format for one failure; the other's message goes the same way.
  const cases = [...formats.map((format) => ({ format, config: "object", env: badObject })), { format: "json", config: "number", env: badNumber }];
  const results = await Promise.all([
    failure(runProgram(fixture, { stack: "none", env: environment(badObject) })),
    failure(runProgram(fixture, { stack: "none", env: environment(badNumber) })),
    ...cases.map(({ format, env }) => cli(["pulumi", fixture, "--stack", "none", "--format", format], ROOT, env)),
  ]);
  [objectFailure, numberFailure] = results;
  cliRuns = cases.map(({ format, config }, index) => ({ format, config, result: results[index + 2] as CliResult }));
}, 120000);

test("a secret that is not the JSON object or number the program asks for fails the run, its value redacted", () => {
  expect(objectFailure).toBeInstanceOf(ProgramError);
  expect((objectFailure as Error).message).toBe(`${shown}:6:19: the program failed: Configuration 'typed-secrets:db' value '[secret]' is not a valid JSON object`);
  expect(numberFailure).toBeInstanceOf(ProgramError);
  expect((numberFailure as Error).message).toBe(`${shown}:7:21: the program failed: Configuration 'typed-secrets:port' value '[secret]' is not a valid number`);
});

test("the CLI exits 2 naming the failure, and no secret appears in what it prints, in any format", () => {
  expect(cliRuns).toHaveLength(reporters.size + 1);
  for (const { format, config, result } of cliRuns) {
    expect([format, config, result.code]).toEqual([format, config, 2]);
    expect([format, config, result.stderr]).toEqual([format, config, expect.stringContaining("the program failed: Configuration ")]);
    expect([format, config, result.stderr]).toEqual([format, config, expect.stringContaining(" value '[secret]' is not a valid ")]);
    for (const secret of SECRETS) expect([format, config, (result.stdout + result.stderr).includes(secret)]).toEqual([format, config, false]);
  }
});

/** What a program reads as a number or an object cannot be the placeholder standing in for a secure value offline. */
const needsRealValue = (key: string) =>
  `the program failed: the configuration "typed-secrets:${key}" is a secure value, which is not decrypted offline, and the program needs its real value: give it in PULUMI_CONFIG, e.g. PULUMI_CONFIG='{"typed-secrets:${key}":"…"}'`;
const undecrypted = (key: string, line: number, column: number) => `${shown}:${line}:${column}: ${needsRealValue(key)}`;

test("a secure value the program reads as an object or a number fails the run naming the key and how to give it", async () => {
  const onlyDbGiven = environment({ PULUMI_CONFIG: JSON.stringify({ "typed-secrets:db": JSON.stringify({ username: "app", password: "Hunter2-Real-Secret" }) }) });
  const [object, number, run] = await Promise.all([
    runProgram(fixture, { stack: "secure", env: environment() }).catch((error: unknown) => error),
    runProgram(fixture, { stack: "secure", env: onlyDbGiven }).catch((error: unknown) => error),
    cli(["pulumi", fixture, "--stack", "secure", "--format", "json"], ROOT, environment()),
  ]);
  expect([object instanceof ProgramError, (object as Error).message]).toEqual([true, undecrypted("db", 6, 19)]);
  expect([number instanceof ProgramError, (number as Error).message]).toEqual([true, undecrypted("port", 7, 21)]);
  expect([run.code, run.stderr]).toEqual([2, `prodready: ${undecrypted("db", 6, 19)}\n`]);
  // The report says it too, then the notice of the values not decrypted.
  expect(JSON.parse(run.stdout).diagnostics).toEqual([
    { severity: "error", code: "program", message: needsRealValue("db"), file: shown, line: 6, column: 19 },
    expect.objectContaining({ severity: "notice", code: "config", message: expect.stringMatching(/^secure values are not decrypted offline \(typed-secrets:db, typed-secrets:port\)/) }),
  ]);
}, 120000);

/**
 * A secret configuration object's keys are the user's, as secret as its values: a program that fails naming one,
 * a key in snake case that reads like an attribute's name, must not print it.
 */
test("a key of a secret configuration object named in the program's failure is redacted", async () => {
  const keyed = join(ROOT, "tests", "fixtures", "pulumi-config-secret-keys");
  const key = "db_password_q7x2kz9w";
  const given = environment({
    PULUMI_CONFIG: JSON.stringify({ "secret-keys:credentials": JSON.stringify({ username: "app", [key]: "Hunter2-Real-Secret" }) }),
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(["secret-keys:credentials"]),
  });
  const [fromEnvironment, fromStackFile, run] = await Promise.all([
    // Given by the caller, then as a secure value inside an object of the stack file.
    runProgram(keyed, { stack: "none", env: given }).catch((error: unknown) => error),
    runProgram(keyed, { stack: "secure", env: environment() }).catch((error: unknown) => error),
    cli(["pulumi", keyed, "--stack", "none", "--format", "json"], ROOT, given),
  ]);
  const failed = "tests/fixtures/pulumi-config-secret-keys/index.ts:8:31: the program failed: unknown credentials: [secret]";
  expect([fromEnvironment instanceof ProgramError, (fromEnvironment as Error).message]).toEqual([true, failed]);
  expect([fromStackFile instanceof ProgramError, (fromStackFile as Error).message]).toEqual([true, failed]);
  expect([run.code, run.stderr]).toEqual([2, `prodready: ${failed}\n`]);
  expect(run.stdout.includes(key)).toBe(false);
}, 120000);
