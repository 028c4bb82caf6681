/**
 * Judging environment variables a resource stores with its configuration, in plaintext to anyone who can read it:
 * one judgement for a Lambda function's, a CodeBuild project's, an App Runner service's and an Amplify app's.
 */
import { isSecretPath, isUnknown, type PropertyPath, type Resource } from "../model/resource";
import { join } from "./read";
import { undecided, violation, type Verdict } from "./rule";
import { isMarkedLiteralSecret, isSecretName, mayBeCredentialUnderName, mayBeUnknownSecret, plaintextSecretsOfVariable, secretInterpolated, secretReadAsItIs } from "./secrets";

export interface VariableJudgement {
  verdicts: Verdict[];
  /** Whether a mark on the map around it (`merge()` of a map holding a sensitive value) may be on this value, which nothing else tells. */
  mayHoldMarkOnWhole: boolean;
}

/**
 * The verdicts on the variable `name` whose value `setting` is at `path`; messages call it `noun` and its name (a
 * Glue job's arguments are named as they are, `job argument --db-password`).
 */
export function judgeVariable(resource: Resource, path: PropertyPath, name: string, setting: unknown, noun = "environment variable"): VariableJudgement {
  // The engine's secret mark on the value itself says it is a secret whatever the variable is called; a mark on the
  // map around it says only that some value in the map is one.
  const marked = isSecretPath(resource, path);
  const markedItself = marked && resource.secretPaths.includes(path);
  // Which secret is unknown until apply, not that it is one: the violation stands on what the value reads.
  // The value is tested first: splitting the name into words is the dearer test, and most values are known.
  // A text it is written into as it is holds it too (`postgres://app:${random_password.app.result}@db/app`).
  const secretRead =
    isUnknown(setting) && (marked || isSecretName(name)) ? (secretReadAsItIs(resource.attributeReads?.[path]) ?? secretInterpolated(resource.interpolatedReads?.[path])) : undefined;
  const problems = plaintextSecretsOfVariable(name, setting, markedItself);
  // Read through a reference named like a credential, known or not, the value is that credential, as under such a name.
  const [readFrom] = secretRead === undefined && problems.length === 0 ? (resource.credentialReads?.[path] ?? []) : [];
  const verdicts: Verdict[] = [];
  if (secretRead !== undefined) verdicts.push({ ...violation(path, `${noun} ${name} holds ${secretRead}`), inKnownParts: true });
  else if (readFrom !== undefined && mayBeCredentialUnderName(setting)) verdicts.push({ ...violation(path, `${noun} ${name} is set from ${readFrom}`), inKnownParts: true });
  else if (mayBeUnknownSecret(setting) && (marked || isSecretName(name))) verdicts.push(undecided(path));
  for (const problem of problems) verdicts.push(violation(path, `${noun} ${name} holds ${problem}`));
  return { verdicts, mayHoldMarkOnWhole: marked && !markedItself && problems.length === 0 && isMarkedLiteralSecret(setting) };
}

/** A variable as a resource writes it: where its value is, its name (a string, or not known) and its value. */
export interface Variable {
  path: PropertyPath;
  name: unknown;
  value: unknown;
}

/** How messages name a variable: by its name, or as one whose name is not known, judged by its value alone. */
export function variableName(name: unknown): string {
  return typeof name === "string" ? name : "(name not known)";
}

/**
 * The verdicts on `variables`, each's; or, where what holds them all is marked secret as a whole and nothing else
 * accounts for the mark, `markedWhole`: one of them may hold the secret.
 */
export function judgeVariables(resource: Resource, variables: Iterable<Variable>, markedWhole: () => Verdict, noun?: string): Verdict[] {
  const verdicts: Verdict[] = [];
  let mayHoldMarkOnWhole = false;
  for (const { path, name, value } of variables) {
    const judged = judgeVariable(resource, path, variableName(name), value, noun);
    verdicts.push(...judged.verdicts);
    mayHoldMarkOnWhole ||= judged.mayHoldMarkOnWhole;
  }
  // A secret found, or a value not known, may be what the mark is on; only a mark nothing else accounts for is told.
  return verdicts.length > 0 || !mayHoldMarkOnWhole ? verdicts : [markedWhole()];
}

/**
 * The verdicts on the variables of a map from names to values at `mapPath` (a Lambda function's `variables`, an App
 * Runner service's `runtime_environment_variables`, a Glue job's `default_arguments`, then `noun`s): each
 * variable's, or, where the map is marked secret as a whole and nothing else accounts for the mark, that one of
 * them holds a secret.
 */
export function judgeVariableMap(resource: Resource, mapPath: PropertyPath, map: unknown, noun?: string): Verdict[] {
  if (isUnknown(map)) return [undecided(mapPath)];
  if (map === null || typeof map !== "object") return [];
  const variables = Object.entries(map).map(([name, value]) => ({ path: join(mapPath, name), name, value }));
  // The names are not told either: where the map is marked, its keys are redacted too.
  return judgeVariables(resource, variables, () => undecided(mapPath, `the ${noun ?? "variable"}s are marked secret as a whole, so one of them holds a secret; which one is not told`), noun);
}
