/**
 * A region from secure configuration the runner cannot decrypt is not known: the placeholder the program reads for it
 * places nothing, so a cover in another region is undecided rather than a violation. Decrypted regions given in
 * PULUMI_CONFIG place as they are, and are never printed.
 */
import { join } from "path";
import { cli, FIXTURES, type CliResult } from "../cli/harness";

const fixture = join(FIXTURES, "secure-region");
const CIPHERTEXTS = ["AAABAFixtureCiphertextOfTheStackRegion0000=", "AAABAFixtureCiphertextOfTheCertRegion00000="];

/** Without the test runner's own PULUMI_CONFIG or AWS region. */
function run(stack: string, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return cli(["pulumi", fixture, "--stack", stack, "--profile", "platform", "--format", "json"], undefined, { PULUMI_CONFIG: "", PULUMI_CONFIG_SECRET_KEYS: "", AWS_REGION: "", AWS_DEFAULT_REGION: "", ...env });
}

const findings = (result: CliResult) =>
  (JSON.parse(result.stdout) as { findings: { ruleId: string; outcome: string; resource: { name: string }; message: string }[] }).findings
    .filter((finding) => finding.ruleId === "PR-RES-003")
    .map((finding) => `${finding.outcome} ${finding.resource.name}: ${finding.message}`);

const untold = (stack: string, name: string) =>
  `undecided ${name}: whether urn:pulumi:${stack}::secure-region-fixture::aws:cloudwatch/eventRule:EventRule::expiry is in the region of urn:pulumi:${stack}::secure-region-fixture::aws:acm/certificate:Certificate::${name} cannot be told: the region of one or both is not known`;

let secureStack: CliResult;
let secureProvider: CliResult;
let decrypted: CliResult;
beforeAll(async () => {
  [secureStack, secureProvider, decrypted] = await Promise.all([
    run("dev"),
    run("provider"),
    run("provider", { PULUMI_CONFIG: JSON.stringify({ "secure-region-fixture:certRegion": "eu-west-1" }), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(["secure-region-fixture:certRegion"]) }),
  ]);
});

test("a secure aws:region leaves the default provider's event rule undecided for us-east-1 certificates", () => {
  expect(findings(secureStack)).toEqual([untold("dev", "own"), untold("dev", "on-plain"), untold("dev", "on-secret")]);
});

test("a provider's or a certificate's own region from a secure key, read plainly or as a secret, is not known", () => {
  expect(findings(secureProvider)).toEqual([untold("provider", "own"), untold("provider", "on-plain"), untold("provider", "on-secret")]);
});

test("a secure region given decrypted places the certificates in it, away from the us-east-1 event rule", () => {
  const unwatched = (name: string) => `violation ${name}: no alarm on DaysToExpiry or expiry event watches this certificate`;
  expect(findings(decrypted)).toEqual([unwatched("own"), unwatched("on-plain"), unwatched("on-secret")]);
});

test("neither the ciphertexts nor a decrypted region appear in any output", () => {
  for (const result of [secureStack, secureProvider, decrypted]) for (const secret of CIPHERTEXTS) expect(result.stdout + result.stderr).not.toContain(secret);
  expect(decrypted.stdout + decrypted.stderr).not.toContain("eu-west-1");
});
