/**
 * Template tests: each template is checked as committed (placeholders in place) and as `prodready init` fills it
 * (a copy in a temporary directory whose `node_modules` links to the repository's, so its imports resolve).
 */
import { readFileSync, readdirSync, symlinkSync, writeFileSync } from "fs";
import { join, relative, sep } from "path";
import { checkPaths } from "../../src/cli/check";
import { init } from "../../src/cli/init";
import type { Report } from "../../src/reporters";
import { createScratch, removeScratch } from "../support/scratch";

export const ROOT = join(__dirname, "..", "..");
export const TEMPLATES = join(ROOT, "templates");

/** The day the tests run on, for suppression expiry. */
const TODAY = "2026-11-28";

/** Realistic values for every placeholder a template requires, by template. */
export const EXAMPLE_VALUES: Record<string, Record<string, string>> = {
  "vps-compose": { projectName: "orders-web", domain: "orders.example.com", acmeEmail: "ops@example.com" },
  "ci-github": { stack: "acme/orders/production", pulumiDir: "infra" },
  "pulumi-aws-service": {
    projectName: "orders-api",
    description: "Orders API for the shop",
    region: "eu-west-1",
    domain: "api.example.com",
    hostedZone: "example.com",
    image: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders@sha256:4f53cda18c2baa0c0354bb5f9a3ecbe5ed12ab4d8e11ba873c2f11161202b945",
    alertEmail: "oncall@example.com",
  },
  "cdktf-vps": { projectName: "orders-host", region: "eu-west-1", domain: "orders.example.com", alertEmail: "oncall@example.com" },
  "cdktf-container-service": {
    projectName: "orders-api",
    region: "eu-west-1",
    domain: "api.example.com",
    hostedZone: "example.com",
    imageRepository: "123456789012.dkr.ecr.eu-west-1.amazonaws.com/orders",
    imageTag: "1.4.2",
    alertEmail: "oncall@example.com",
  },
};

const silent = { stdout: () => undefined, stderr: () => undefined, color: false };

const created: string[] = [];
afterAll(() => {
  for (const dir of created) removeScratch(dir);
});

/** A temporary directory, removed after the test file's tests. */
export function temporaryDirectory(prefix: string): string {
  const dir = createScratch({}, prefix);
  created.push(dir);
  return dir;
}

/** `prodready init <name>` into a new temporary directory with `values` (the template's examples by default). */
export async function filledCopy(name: string, values: Record<string, string> = EXAMPLE_VALUES[name]): Promise<string> {
  const dir = join(temporaryDirectory(name), "project");
  const sets = Object.entries(values).map(([key, value]) => `${key}=${value}`);
  const code = await init([name, dir], { sets, ask: () => Promise.reject(new Error("asked a question")) }, silent);
  if (code !== 0) throw new Error(`prodready init ${name} exited ${code}`);
  // The copy's imports (@pulumi/aws, cdktf...) resolve to the repository's packages.
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

/** Every file under `dir` (not node_modules), relative with `/` separators. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !join(entry.parentPath, entry.name).split(sep).includes("node_modules"))
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join("/"))
    .sort();
}

export function read(dir: string, file: string): string {
  return readFileSync(join(dir, file), "utf8");
}

export interface CheckOutcome {
  /** `PR-CFG-009 violation app/Dockerfile FROM ...`: one line per finding of any outcome. */
  findings: string[];
  diagnostics: string[];
  report: Report;
}

/** `prodready check <paths> --profile platform` with an empty config file, so no repository config changes it. */
export function checkUnderPlatform(...paths: string[]): CheckOutcome {
  const configFile = join(temporaryDirectory("config"), ".prodready.json");
  writeFileSync(configFile, "{}\n");
  const { report } = checkPaths({ paths, configFile, commandLineVariables: [], today: TODAY, profile: "platform" });
  return {
    findings: report.findings.map((finding) => `${finding.ruleId} ${finding.outcome} ${finding.resource.address} ${finding.path}: ${finding.message}`),
    diagnostics: report.diagnostics.map((diagnostic) => `${diagnostic.severity} ${diagnostic.code} ${diagnostic.file}:${diagnostic.line}: ${diagnostic.message}`),
    report,
  };
}

/** The rule IDs with a violation, each once, sorted. */
export function violatedRules(outcome: CheckOutcome): string[] {
  return [...new Set(outcome.report.findings.filter((finding) => finding.outcome === "violation").map((finding) => finding.ruleId))].sort();
}
