/**
 * Secrets in tracked configuration files: found line by line, never quoted, and through `prodready check` absent
 * from every output format and from the baseline it would write.
 */
import { rmSync } from "fs";
import { checkPaths } from "../../../src/cli/check";
import { reporters } from "../../../src/reporters";
import rule from "../../../src/rules/repository/repo-no-secrets-in-config";
import { writeFileExample } from "../../support/examples";
import { judge, json } from "./support";

const ACCESS_KEY = "AKIAZ7Q4X2R9L3M8N5P6";
const GITHUB_TOKEN = "ghp_Zq8Lr2Xk5Vn7Pw3Ys9Tb4Hc6Jd1Mf0Ga2KeQ";
const PASSWORD = "Tr0ub4dor-and-3-horses";

describe("repo-no-secrets-in-config", () => {
  test("one violation per line that holds a secret, naming the line and the kinds, never the value", () => {
    const verdicts = judge(rule, {
      "config/app.yaml": `database:\n  password: ${PASSWORD}\n  host: db.internal\naws:\n  access_key_id: ${ACCESS_KEY}\n`,
      "settings.json": json({ deploy: { github: GITHUB_TOKEN }, region: "eu-west-1" }),
    });
    expect(verdicts).toEqual([
      "violation lines.1: line 2 holds a credential assignment",
      "violation lines.4: line 5 holds an AWS access key ID",
      "violation lines.2: line 3 holds a GitHub token",
    ]);
    for (const secret of [ACCESS_KEY, GITHUB_TOKEN, PASSWORD]) expect(JSON.stringify(verdicts)).not.toContain(secret);
  });

  test("ignored files, lock files and files another format reads are not scanned here", () => {
    expect(
      judge(rule, {
        ".gitignore": ".env\nsecrets/\n",
        ".env": `AWS_SECRET_ACCESS_KEY=${PASSWORD}\n`,
        "secrets/prod.yaml": `token: ${GITHUB_TOKEN}\n`,
        "pnpm-lock.yaml": "packages:\n  /js-tokens@4.0.0:\n    resolution: {integrity: sha512-RdJUflcE3cUzKiMqQgsCu06FPu9UdIJO0beYbPhHN4k6apgJtifcoCtT9bcxOpYBtpD2kCM6Sbzg4CausW/PKQ==}\n",
        "compose.yaml": `services:\n  api:\n    image: example/api:1.0.0\n    environment:\n      TOKEN: ${GITHUB_TOKEN}\n`,
        "config/app.yaml": "database:\n  password: ${DB_PASSWORD}\n",
      }),
    ).toEqual([]);
  });

  test("Terraform state, tfvars, .npmrc and .env.* files are configuration", () => {
    expect(
      judge(rule, {
        "terraform.tfstate": `{\n  "outputs": {\n    "key": { "value": "${ACCESS_KEY}" }\n  }\n}\n`,
        "prod.tfvars": `db_password = "${PASSWORD}"\n`,
        ".npmrc": `//npm.pkg.github.com/:_authToken=${GITHUB_TOKEN}\n`,
        ".env.production": `STRIPE_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc\n`,
      }),
    ).toEqual([
      "violation lines.0: line 1 holds a Stripe secret key",
      "violation lines.0: line 1 holds a GitHub token and a credential assignment",
      "violation lines.0: line 1 holds a credential assignment",
      "violation lines.2: line 3 holds an AWS access key ID",
    ]);
  });
});

describe("a tracked config/app.yaml with an AWS access key and a GitHub token, through prodready check", () => {
  let dir: string;
  beforeAll(() => {
    dir = writeFileExample({
      description: "",
      files: { "config/app.yaml": `storage:\n  access_key_id: ${ACCESS_KEY}\nci:\n  github_token: ${GITHUB_TOKEN}\n  region: eu-west-1\n` },
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // One check serves every test: they read its report in different ways.
  let checked: ReturnType<typeof checkPaths> | undefined;
  const check = () => (checked ??= checkPaths({ paths: [dir], varFiles: [], vars: [], today: "2026-01-01", profile: "platform" }));

  test("each secret is a finding on its line", () => {
    const { report } = check();
    expect(report.diagnostics).toEqual([]);
    const findings = report.findings.filter((finding) => finding.ruleId === "PR-CFG-020");
    expect(findings.map((finding) => [finding.location.file?.endsWith("config/app.yaml"), finding.location.line, finding.message])).toEqual([
      [true, 2, "line 2 holds an AWS access key ID"],
      [true, 4, "line 4 holds a GitHub token and a credential assignment"],
    ]);
  });

  test.each([...reporters.keys()])("no secret appears in the %s output, nor in the baseline", (format) => {
    const { report, baselineText } = check();
    const output = reporters.get(format)!.render(report, { color: false });
    expect(output).toContain("PR-CFG-020");
    for (const secret of [ACCESS_KEY, GITHUB_TOKEN]) {
      expect(output).not.toContain(secret);
      expect(baselineText).not.toContain(secret);
    }
  });
});
