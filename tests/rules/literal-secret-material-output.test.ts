/**
 * Secret material written into `.tf` arguments (a secret's value, a SecureString parameter, imported KMS key
 * material, a certificate's private key; probe BG), through `prodready check`: PR-CFG-004 reports each, and no output
 * format or baseline prints any of them.
 */
import { checkPaths } from "../../src/cli/check";
import { reporters } from "../../src/reporters";
import { createScratch, removeScratch } from "../support/scratch";

const PASSWORD = "ThisIsMySuperSecretString12356!";
const PARAMETER = "Pq4-Secure-Parameter-Zx81";
const KEY_MATERIAL = "Wblj06fduthWggmsT0cLVoIMOkeLbc2kVfMud77i/JY=";
const PRIVATE_KEY_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7Vj3Lm";
const SECRETS = [PASSWORD, PARAMETER, KEY_MATERIAL, PRIVATE_KEY_BODY];

const MAIN = `
resource "aws_secretsmanager_secret_version" "db" {
  secret_id     = "prod/db"
  secret_string = jsonencode({ username = "app", password = "${PASSWORD}" })
}
resource "aws_ssm_parameter" "token" {
  name  = "/api/token"
  type  = "SecureString"
  value = "${PARAMETER}"
}
resource "aws_kms_external_key" "imported" {
  key_material_base64 = "${KEY_MATERIAL}"
}
resource "aws_acm_certificate" "imported" {
  private_key      = "-----BEGIN PRIVATE KEY-----\\n${PRIVATE_KEY_BODY}\\n-----END PRIVATE KEY-----\\n"
  certificate_body = "-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n"
}
`;

let dir: string;
beforeAll(() => {
  dir = createScratch({ "main.tf": MAIN });
});
afterAll(() => removeScratch(dir));

// One check serves every test: they read its report in different ways.
let checked: ReturnType<typeof checkPaths> | undefined;
const check = () => (checked ??= checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "platform" }));

test("PR-CFG-004 reports each argument that holds secret material typed in", () => {
  const { report } = check();
  const found = report.findings.filter((finding) => finding.ruleId === "PR-CFG-004");
  expect(found.map((finding) => [finding.outcome, finding.resource.name, finding.path])).toEqual([
    ["violation", "db", "secret_string"],
    ["violation", "token", "value"],
    ["violation", "imported", "key_material_base64"],
    ["violation", "imported", "private_key"],
  ]);
});

test.each([...reporters.keys()])("no secret material appears in the %s output", (format) => {
  const { report, baselineText } = check();
  const output = reporters.get(format)!.render(report, { color: false });
  expect(output).toContain("PR-CFG-004");
  for (const secret of SECRETS) {
    expect(output).not.toContain(secret);
    expect(baselineText).not.toContain(secret);
  }
});
