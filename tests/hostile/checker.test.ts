/**
 * Hostile input for `prodready check`: truncated and malformed files, 50 MB inputs, 10,000 files, deep nesting,
 * link loops, unreadable entries, bad encodings. Each input is checked by the built CLI in a child process, beside
 * a valid file with a known critical finding, and each test asserts the exit code, the diagnostic naming the file
 * (with line and column where there is one), that the valid file was still checked, and a deadline after which the
 * child is killed. The largest inputs also have their peak memory held to MEMORY_CAP_MB.
 *
 * Unreadable input: these tests may run as root, and root reads a file whatever its mode, so `chmod 000` alone
 * proves nothing. What nobody can read as a file is an entry that is not one: a named pipe (a plain read waits for a
 * writer forever), a socket (ENXIO), a link to /dev/zero (it never ends), a loop of links (ELOOP), a path longer than
 * the system allows (ENAMETOOLONG). Permission denied (EACCES) is tested too: with chmod 000 when not root, and as
 * root by running that child as the unprivileged user 65534.
 *
 * The tests of each block run concurrently (Jest runs up to five at once), so that the children, about a minute of
 * CPU in all, use every core. Deadlines are generous because machines are shared: a hang is what they are for.
 */
import { execFileSync } from "child_process";
import { chmodSync, mkdirSync, statSync, symlinkSync, truncateSync } from "fs";
import { createServer, type Server } from "net";
import { tmpdir } from "os";
import { join } from "path";
import { MEMORY_CAP_MB, reportOf, ROOT, runChecker, type CheckerRun, type Diagnostic, type Report, type RunOptions } from "./harness";
import { OPEN_SSH_AT, OPEN_SSH_RULE, OPEN_SSH_TF, realisticHcl, realisticPlan, writeRealisticHcl, writeRealisticPlan } from "./inputs";
import { createScratch, removeScratch, writeFiles } from "../support/scratch";

/** Seconds before a child is killed: small inputs take under a second alone, the 50 MB ones under 30 s of CPU. */
const SMALL_DEADLINE = 60;
const LARGE_DEADLINE = 300;
const MB = 1024 * 1024;

jest.setTimeout((LARGE_DEADLINE + 60) * 1000);

let root: string;
/** Closed at the end: the socket test's server. */
const servers: Server[] = [];
/** Time and peak memory of each run, printed at the end when PRODREADY_HOSTILE_FIGURES is set (for the README). */
const figures: string[] = [];

/** Writes one file under the root; its full path. */
function write(path: string, content: string | Buffer): string {
  writeFiles(root, { [path]: content });
  return join(root, path);
}

beforeAll(() => {
  root = createScratch({ "beside/main.tf": OPEN_SSH_TF });
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise((closed) => server.close(closed))));
  removeScratch(root);
  if (process.env.PRODREADY_HOSTILE_FIGURES) console.log(figures.sort().join("\n"));
});

/**
 * Checks `paths` (relative to the temporary root, which is the working directory, so reports name files as
 * `input/main.tf`) and the valid file beside them, and asserts that the valid file's critical finding is there.
 */
async function checkBeside(paths: readonly string[], options: Partial<RunOptions> = {}, flags: readonly string[] = []): Promise<{ run: CheckerRun; report: Report }> {
  const run = await runChecker(["check", ...paths, "beside", "--format", "json", ...flags], { cwd: root, timeoutSeconds: SMALL_DEADLINE, ...options });
  const report = reportOf(run);
  figures.push(`${paths[0].slice(0, 30)}: exit ${run.code}, ${run.seconds.toFixed(1)} s, ${run.maxRssMb?.toFixed(0)} MB`);
  expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: OPEN_SSH_RULE, location: expect.objectContaining({ file: "beside/main.tf", ...OPEN_SSH_AT }) }));
  return { run, report };
}

/** Error diagnostics as `file:line:column: message`, the way the text report prints them. */
function errors(report: Report): string[] {
  return report.diagnostics
    .filter((diagnostic) => diagnostic.severity === "error")
    .map((diagnostic: Diagnostic) => [diagnostic.file, diagnostic.line, diagnostic.column].filter((part) => part !== undefined).join(":") + `: ${diagnostic.message}`)
    .sort();
}

/** The valid file's resource, plus those of the input. */
function checkedResources(report: Report): number {
  return report.summary.resources - 1;
}

/** Brace depth at `offset` of generated HCL, whose strings hold only balanced braces. */
function braceDepth(text: string, offset: number): number {
  let depth = 0;
  for (let i = 0; i < offset; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}") depth--;
  }
  return depth;
}

function lineCount(text: string): number {
  return text.split("\n").length;
}

describe("truncated and malformed files", () => {
  test.concurrent("HCL cut at every tenth of a valid file: each cut is an error at a place inside it, the rest is checked", async () => {
    const valid = realisticHcl(2);
    const cuts = new Map<string, string>();
    for (let tenth = 1; tenth <= 9; tenth++) {
      // Moved forward into a block, so that no cut leaves a shorter but valid file.
      let cut = Math.round((valid.length * tenth) / 10);
      while (braceDepth(valid, cut) === 0) cut++;
      cuts.set(`truncated-hcl/cut-${tenth}0/main.tf`, valid.slice(0, cut));
    }
    for (const [path, text] of cuts) write(path, text);
    const { run, report } = await checkBeside(["truncated-hcl"]);
    expect(run.code).toBe(2);
    for (const [path, text] of cuts) {
      const about = report.diagnostics.filter((diagnostic) => diagnostic.file === path);
      expect(about).toHaveLength(1);
      expect(about[0]).toMatchObject({ severity: "error", code: "input" });
      expect(about[0].line).toBeGreaterThanOrEqual(1);
      expect(about[0].line).toBeLessThanOrEqual(lineCount(text));
      expect(about[0].column).toBeGreaterThanOrEqual(1);
    }
    expect(checkedResources(report)).toBe(0);
  });

  test.concurrent("plan JSON cut at every tenth: each cut is an error on its last line, the rest is checked", async () => {
    const valid = realisticPlan(2);
    const cuts = new Map<string, string>();
    for (let tenth = 1; tenth <= 9; tenth++) cuts.set(`truncated-plan/cut-${tenth}0.tfplan.json`, valid.slice(0, Math.round((valid.length * tenth) / 10)));
    for (const [path, text] of cuts) write(path, text);
    const { run, report } = await checkBeside(["truncated-plan"]);
    expect(run.code).toBe(2);
    for (const [path, text] of cuts) {
      const about = report.diagnostics.filter((diagnostic) => diagnostic.file === path);
      expect(about).toHaveLength(1);
      expect(about[0]).toMatchObject({ severity: "error", code: "input" });
      // Where the text breaks off, or at the start of the string it breaks off in: JSON strings do not span lines.
      expect(about[0].line).toBe(lineCount(text));
      expect(about[0].column).toBeGreaterThanOrEqual(1);
    }
    expect(checkedResources(report)).toBe(0);
  });

  test.concurrent("malformed HCL, Terraform JSON and plans: an error at the place of each", async () => {
    write("malformed/hcl/main.tf", 'resource "aws_s3_bucket" "logs" {\n  bucket = = "logs"\n}\n');
    write("malformed/stray/main.tf", 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n}\n');
    write("malformed/json/main.tf.json", '{\n  "resource": {\n    "aws_s3_bucket": {"logs": {"bucket": "logs",}}\n  }\n}\n');
    write("malformed/quotes.tfplan.json", "{\"format_version\": \"1.2\", \"resource_changes\": [{'address': 1}]}");
    write("malformed/shape.tfplan.json", '{"format_version": "1.2",\n "resource_changes": {"address": "aws_s3_bucket.logs"}}');
    write("malformed/version.tfplan.json", '{"format_version": "2.0", "resource_changes": []}');
    const { run, report } = await checkBeside(["malformed"]);
    expect(run.code).toBe(2);
    expect(errors(report)).toEqual([
      "malformed/hcl/main.tf:2:12: expected an expression, found '='",
      "malformed/json/main.tf.json:3:49: a trailing comma before '}' is not allowed in JSON",
      "malformed/quotes.tfplan.json:1:49: expected an object key in double quotes, found '''",
      "malformed/shape.tfplan.json:2:22: the plan's resource_changes is not a list; no resource is checked",
      "malformed/stray/main.tf:4:1: expected an attribute or a block, found '}'",
      "malformed/version.tfplan.json:1:20: the plan's format_version is not 1.x or 0.2, the versions this reads; not checked",
    ]);
  });
});

describe("large inputs are checked, not refused, within the memory cap", () => {
  let planResources: number;

  beforeAll(() => {
    planResources = writeRealisticPlan(join(root, "large-plan", "big.tfplan.json"), 50 * MB).resources;
    for (let directory = 0; directory < 100; directory++) {
      for (let file = 0; file < 100; file++) {
        const index = directory * 100 + file;
        write(`many/m${directory}/r${file}.tf`, `resource "aws_cloudwatch_log_group" "g${index}" {\n  name              = "/app/${index}"\n  retention_in_days = 30\n}\n`);
      }
    }
  });

  test.concurrent("a 50 MB plan, on one line as Terraform writes it", async () => {
    const { run, report } = await checkBeside(["large-plan"], { timeoutSeconds: LARGE_DEADLINE });
    expect(statSync(join(root, "large-plan", "big.tfplan.json")).size).toBeGreaterThanOrEqual(50 * MB);
    expect(run.code).toBe(1);
    expect(errors(report)).toEqual([]);
    expect(checkedResources(report)).toBe(planResources);
    expect(run.maxRssMb).toBeLessThan(MEMORY_CAP_MB);
  });

  test.concurrent("10,000 small .tf files in 100 directories", async () => {
    const { run, report } = await checkBeside(["many"], { timeoutSeconds: LARGE_DEADLINE });
    expect(run.code).toBe(1);
    expect(errors(report)).toEqual([]);
    expect(report.summary.files).toBe(10001);
    expect(checkedResources(report)).toBe(10000);
    expect(run.maxRssMb).toBeLessThan(MEMORY_CAP_MB);
  });

  test.concurrent("a count of 12,000 is 12,000 instances, each judged: those from index 10,000 on, opening SSH to the world, fail", async () => {
    write("large-count/main.tf", `resource "aws_security_group" "web" {\n  count = 12000\n  name  = "sg-\${count.index}"\n  ingress {\n    from_port   = 22\n    to_port     = 22\n    protocol    = "tcp"\n    cidr_blocks = [count.index < 10000 ? "10.0.0.0/8" : "0.0.0.0/0"]\n  }\n}\n`);
    const { run, report } = await checkBeside(["large-count"]);
    expect(run.code).toBe(1);
    expect(report.diagnostics).toEqual([]);
    expect(checkedResources(report)).toBe(12_000);
    const failing = report.findings.filter((finding) => finding.location.file === "large-count/main.tf").map((finding) => `${finding.ruleId} ${finding.outcome} ${finding.resource.address}`);
    expect(failing).toEqual(Array.from({ length: 2000 }, (_, index) => `${OPEN_SSH_RULE} violation aws_security_group.web[${10_000 + index}]`));
  });

  test.concurrent("a 10 MB string literal on one line", async () => {
    write("long-line/main.tf", `resource "aws_sqs_queue" "long" {\n  name = "${"x".repeat(10 * MB)}"\n  sqs_managed_sse_enabled = true\n}\n`);
    const { run, report } = await checkBeside(["long-line"], { timeoutSeconds: LARGE_DEADLINE });
    expect(run.code).toBe(1);
    expect(errors(report)).toEqual([]);
    expect(checkedResources(report)).toBe(1);
  });

  test.concurrent("1,000,000 tiny attributes in one block", async () => {
    const attributes = Array.from({ length: 1_000_000 }, (_, index) => `  a${index} = ${index}\n`);
    write("million/main.tf", `locals {\n${attributes.join("")}}\nresource "aws_cloudwatch_log_group" "app" {\n  name              = "/app"\n  retention_in_days = local.a30\n}\n`);
    const { run, report } = await checkBeside(["million"], { timeoutSeconds: LARGE_DEADLINE });
    expect(run.code).toBe(1);
    expect(errors(report)).toEqual([]);
    expect(checkedResources(report)).toBe(1);
    expect(run.maxRssMb).toBeLessThan(MEMORY_CAP_MB);
  });
});

// Alone, after the other large inputs: run beside three of them on two cores, its garbage collector's threads starved
// and its peak reached 1.1 GB, against 930-975 MB on its own.
describe("the largest .tf file is checked within the memory cap", () => {
  let hclResources: number;

  beforeAll(() => {
    hclResources = writeRealisticHcl(join(root, "large-hcl", "main.tf"), 50 * MB).resources;
  });

  // Every rule runs, stack rules included: one that compares every bucket with every other one would not finish.
  test("a 50 MB .tf file of realistic resources, under the profile that enables every rule", async () => {
    const { run, report } = await checkBeside(["large-hcl"], { timeoutSeconds: LARGE_DEADLINE }, ["--profile", "platform"]);
    expect(statSync(join(root, "large-hcl", "main.tf")).size).toBeGreaterThanOrEqual(50 * MB);
    expect(run.code).toBe(1);
    expect(errors(report)).toEqual([]);
    expect(checkedResources(report)).toBe(hclResources);
    expect(run.maxRssMb).toBeLessThan(MEMORY_CAP_MB);
  });
});

describe("deep nesting is an error, not a stack overflow", () => {
  const DEPTH = 10_000;
  const tooDeeplyNested = (construct: string) =>
    `this ${construct} is nested 513 levels deep, more than the 512 prodready reads (lists, objects, parentheses, calls, indexes, templates, operators, conditionals and blocks counted together)`;

  test.concurrent("a plan nested 10,000 deep", async () => {
    write("deep-plan/deep.tfplan.json", `{"format_version": "1.2", "resource_changes": ${"[".repeat(DEPTH)}${"]".repeat(DEPTH)}}`);
    const { run, report } = await checkBeside(["deep-plan"]);
    expect(run.code).toBe(2);
    // The root object is the first level, so the 512th bracket, at column 47 + 511, is the 513th.
    expect(errors(report)).toEqual([`deep-plan/deep.tfplan.json:1:${47 + 511}: nesting is deeper than 512 levels`]);
  });

  test.concurrent("Terraform JSON nested 10,000 deep", async () => {
    write("deep-json/main.tf.json", `{"locals": {"a": ${"[".repeat(DEPTH)}${"]".repeat(DEPTH)}}}`);
    const { run, report } = await checkBeside(["deep-json"]);
    expect(run.code).toBe(2);
    // The root and the locals object are two levels: the 511th bracket, at column 18 + 510, is the 513th.
    expect(errors(report)).toEqual([`deep-json/main.tf.json:1:${18 + 510}: nesting is deeper than 512 levels`]);
  });

  test.concurrent("HCL nested 10,000 deep", async () => {
    write("deep-hcl/main.tf", `locals {\n  a = ${"[".repeat(DEPTH)}${"]".repeat(DEPTH)}\n}\n`);
    const { run, report } = await checkBeside(["deep-hcl"]);
    expect(run.code).toBe(2);
    // The locals block is the first level: its 512th bracket, at column 7 + 511, is the 513th.
    expect(errors(report)).toEqual([`deep-hcl/main.tf:2:${7 + 511}: ${tooDeeplyNested("list")}`]);
  });

  test.concurrent("template directives nested 10,000 deep, in a string and in a heredoc", async () => {
    write("deep-directives/main.tf", `locals {\n  a = "${"%{if true}".repeat(DEPTH)}x${"%{endif}".repeat(DEPTH)}"\n}\n`);
    write("deep-directives/heredoc.tf", `locals {\n  b = <<EOT\n${"%{for x in [1]}\n".repeat(DEPTH)}x\n${"%{endfor}\n".repeat(DEPTH)}EOT\n}\n`);
    const { run, report } = await checkBeside(["deep-directives"]);
    expect(run.code).toBe(2);
    // After the locals block's level, the 512th directive opens the 513th: 7 columns of `  a = "`, then 10 for each
    // `%{if true}` before it. In the heredoc, its collection's list is the 513th, inside the 511th directive's sequence.
    expect(errors(report)).toEqual([`deep-directives/heredoc.tf:${2 + 511}:12: ${tooDeeplyNested("list")}`, `deep-directives/main.tf:2:${8 + 511 * 10}: ${tooDeeplyNested("%{if} directive")}`]);
  });

  const tooDeepIn = (value: string) =>
    `this chains or nests deeper than prodready can evaluate in ${value} (thousands of operators or conditionals chained in one expression): the module's resources are not checked`;
  const logGroupReading = (value: string) => `resource "aws_cloudwatch_log_group" "app" {\n  name              = "/app"\n  retention_in_days = ${value}\n}\n`;

  test.concurrent("10,000 local values each reading the next are evaluated to the end, and the root judged", async () => {
    const locals = Array.from({ length: DEPTH }, (_, index) => `  a${index} = "\${local.a${index + 1}}"\n`).join("");
    write("deep-locals/main.tf", `locals {\n${locals}  a${DEPTH} = 30\n}\n${logGroupReading("local.a0")}`);
    const { report } = await checkBeside(["deep-locals"]);
    expect(errors(report)).toEqual([]);
    expect(checkedResources(report)).toBe(1);
    // Its retention is known, 30 days: the rule that reads it neither fails nor is undecided.
    expect(report.findings.filter((finding) => finding.location.file?.startsWith("deep-locals/"))).toEqual([]);
  });

  test.concurrent("1,000 resources each reading the next are evaluated to the end, and the root judged", async () => {
    const groups = Array.from({ length: 1000 }, (_, index) => logGroupReading(index < 999 ? `aws_cloudwatch_log_group.g${index + 1}.retention_in_days` : "30").replace('"app"', `"g${index}"`));
    write("deep-resources/main.tf", groups.join(""));
    const { report } = await checkBeside(["deep-resources"]);
    expect(errors(report)).toEqual([]);
    expect(checkedResources(report)).toBe(1000);
    // Each retention is known, 30 days: the rule that reads it neither fails nor is undecided.
    expect(report.findings.filter((finding) => finding.location.file?.startsWith("deep-resources/"))).toEqual([]);
  });

  test.concurrent("2,000 local values each read in one result of a conditional: an error naming how deep it got and the chain's ends, the root not judged", async () => {
    const locals = Array.from({ length: 2000 }, (_, index) => `  a${index} = var.on ? local.a${index + 1} : 0\n`).join("");
    write("deep-conditionals/main.tf", `variable "on" { default = true }\nlocals {\n${locals}  a2000 = 30\n}\n${logGroupReading("local.a0")}`);
    const { run, report } = await checkBeside(["deep-conditionals"]);
    expect(run.code).toBe(2);
    expect(errors(report)).toEqual([
      // Where the chain starts: the resource's argument that reads the first local value.
      expect.stringMatching(/^deep-conditionals\/main\.tf:2007:23: this chains deeper than prodready can evaluate: it ran out \d+ values down a chain of values each reading the next, from aws_cloudwatch_log_group\.app to local\.a\d+ \(/),
    ]);
    expect(checkedResources(report)).toBe(0);
  });

  test.concurrent("an operator chained 10,000 times", async () => {
    write("deep-operators/main.tf", logGroupReading(Array(DEPTH).fill("1").join(" + ")));
    const { run, report } = await checkBeside(["deep-operators"]);
    expect(run.code).toBe(2);
    expect(errors(report)).toEqual([`deep-operators/main.tf:3:23: ${tooDeepIn("aws_cloudwatch_log_group.app")}`]);
  });

  test.concurrent("an operator chained 10,000 times in a local value a resource reads: the nesting, in the local, not a chain of two values", async () => {
    write("deep-operators-local/main.tf", `locals {\n  big = ${Array(DEPTH).fill("1").join(" + ")}\n}\n${logGroupReading("local.big")}`);
    const { run, report } = await checkBeside(["deep-operators-local"]);
    expect(run.code).toBe(2);
    // Where the evaluation that ran out started, the resource's argument that reads the local; the message names the local.
    expect(errors(report)).toEqual([`deep-operators-local/main.tf:6:23: ${tooDeepIn("local.big")}`]);
  });
});

describe("links and entries that are not files", () => {
  test.concurrent("a loop of symbolic links, and a directory link back up the tree: errors for the files, no endless walk", async () => {
    write("loop/main.tf", 'resource "aws_cloudwatch_log_group" "app" {\n  name              = "/app"\n  retention_in_days = 30\n}\n');
    symlinkSync("b.tf", join(root, "loop", "a.tf"));
    symlinkSync("a.tf", join(root, "loop", "b.tf"));
    mkdirSync(join(root, "loop", "sub"));
    symlinkSync("..", join(root, "loop", "sub", "up"));
    const { run, report } = await checkBeside(["loop", "loop/a.tf"]);
    expect(run.code).toBe(2);
    expect(errors(report)).toEqual([
      "loop/a.tf: cannot read the file: a loop of symbolic links (ELOOP)",
      "loop/a.tf: cannot read: a loop of symbolic links (ELOOP)",
      "loop/b.tf: cannot read the file: a loop of symbolic links (ELOOP)",
    ]);
    // The loop's directory is checked all the same, once, though sub/up leads back into it.
    expect(checkedResources(report)).toBe(1);
  });

  test.concurrent("a dangling symbolic link: an error when it has an input's name, nothing otherwise", async () => {
    mkdirSync(join(root, "dangling"));
    symlinkSync("missing.tf", join(root, "dangling", "main.tf"));
    symlinkSync("missing.md", join(root, "dangling", "README.md"));
    const { run, report } = await checkBeside(["dangling", "dangling/gone.tf"]);
    expect(run.code).toBe(2);
    expect(errors(report)).toEqual(["dangling/gone.tf: no such file or directory", "dangling/main.tf: cannot read the file: a symbolic link to nothing (ENOENT)"]);
  });

  test.concurrent("a dangling or looping link with a name the files adapter reads is an error, as a Terraform file's is; another name is nothing", async () => {
    mkdirSync(join(root, "links"));
    for (const name of ["Dockerfile", "app.Dockerfile", "compose.yaml", "docker-compose.yml", "user-data", "kustomization.yaml", "notes.yaml"]) {
      symlinkSync(join("..", "missing", name), join(root, "links", name));
    }
    for (const name of ["Containerfile", "cloud-init.yaml"]) symlinkSync(name, join(root, "links", name));
    const { run, report } = await checkBeside(["links"]);
    expect(run.code).toBe(2);
    const dangling = "cannot read the file: a symbolic link to nothing (ENOENT)";
    const looping = "cannot read the file: a loop of symbolic links (ELOOP)";
    expect(errors(report)).toEqual([
      `links/Containerfile: ${looping}`,
      `links/Dockerfile: ${dangling}`,
      `links/app.Dockerfile: ${dangling}`,
      `links/cloud-init.yaml: ${looping}`,
      `links/compose.yaml: ${dangling}`,
      `links/docker-compose.yml: ${dangling}`,
      `links/kustomization.yaml: ${dangling}`,
      `links/user-data: ${dangling}`,
    ]);
    expect(report.diagnostics.filter((diagnostic) => diagnostic.severity !== "error")).toEqual([]);
  });

  test.concurrent("a dangling or looping link named as a package manifest, requirements file or .env file is an error too", async () => {
    mkdirSync(join(root, "repository-links", "requirements"), { recursive: true });
    for (const name of ["package.json", "go.mod", "Pipfile", "requirements-dev.txt", "requirements/base.txt", ".env.production", "db.env", "notes.txt"]) {
      symlinkSync(join("..", "missing", name), join(root, "repository-links", name));
    }
    symlinkSync(".env", join(root, "repository-links", ".env"));
    const { run, report } = await checkBeside(["repository-links"]);
    expect(run.code).toBe(2);
    const dangling = "cannot read the file: a symbolic link to nothing (ENOENT)";
    expect(errors(report)).toEqual([
      `repository-links/.env.production: ${dangling}`,
      "repository-links/.env: cannot read the file: a loop of symbolic links (ELOOP)",
      `repository-links/Pipfile: ${dangling}`,
      `repository-links/db.env: ${dangling}`,
      `repository-links/go.mod: ${dangling}`,
      `repository-links/package.json: ${dangling}`,
      `repository-links/requirements-dev.txt: ${dangling}`,
      `repository-links/requirements/base.txt: ${dangling}`,
    ]);
    expect(report.diagnostics.filter((diagnostic) => diagnostic.severity !== "error")).toEqual([]);
  });

  test.concurrent("a package.json or .env that cannot be read is an error, as npm and compose fail on it, not a warning", async () => {
    mkdirSync(join(root, "repository-fifo"));
    for (const name of ["package.json", ".env"]) execFileSync("mkfifo", [join(root, "repository-fifo", name)]);
    const { run, report } = await checkBeside(["repository-fifo"]);
    expect(run.code).toBe(2);
    expect(errors(report)).toEqual(["repository-fifo/.env: a named pipe (FIFO), not a file; not checked", "repository-fifo/package.json: a named pipe (FIFO), not a file; not checked"]);
  });

  test.concurrent("a kustomization that cannot be read is an error, as kustomize fails on it, not a warning", async () => {
    mkdirSync(join(root, "kustomize-fifo"));
    execFileSync("mkfifo", [join(root, "kustomize-fifo", "kustomization.yaml")]);
    const { run, report } = await checkBeside(["kustomize-fifo"]);
    expect(run.code).toBe(2);
    expect(errors(report)).toEqual(["kustomize-fifo/kustomization.yaml: a named pipe (FIFO), not a file; not checked"]);
  });

  test.concurrent("a named pipe called main.tf, which a plain read would wait on forever", async () => {
    mkdirSync(join(root, "fifo"));
    execFileSync("mkfifo", [join(root, "fifo", "main.tf")]);
    const { run, report } = await checkBeside(["fifo"]);
    expect(run.code).toBe(2);
    expect(errors(report)).toEqual(["fifo/main.tf: a named pipe (FIFO), not a file; not checked"]);
  });

  test.concurrent("a socket called main.tf", async () => {
    mkdirSync(join(root, "socket"));
    const server = createServer();
    servers.push(server);
    await new Promise<void>((listening) => server.listen(join(root, "socket", "main.tf"), listening));
    const { run, report } = await checkBeside(["socket"]);
    expect(run.code).toBe(2);
    expect(errors(report)).toEqual(["socket/main.tf: cannot read the file: a socket or device, not a file (ENXIO)"]);
  });

  test.concurrent("a link to /dev/zero, which never ends", async () => {
    mkdirSync(join(root, "device"));
    symlinkSync("/dev/zero", join(root, "device", "main.tf"));
    const { run, report } = await checkBeside(["device"]);
    expect(run.code).toBe(2);
    expect(errors(report)).toEqual(["device/main.tf: a device, not a file; not checked"]);
  });

  test.concurrent("a path longer than the system allows", async () => {
    const { run, report } = await checkBeside([`${"x".repeat(5000)}.tf`]);
    expect(run.code).toBe(2);
    expect(errors(report)).toEqual([`${"x".repeat(5000)}.tf: cannot read: the path is too long (ENAMETOOLONG)`]);
  });

  // Root reads any file, so as root the child runs as the unprivileged user 65534, which needs to read the checker.
  const asRoot = process.getuid?.() === 0;
  const othersCanRead = (path: string) => (statSync(path).mode & 0o005) === 0o005;
  const canDropPrivileges = asRoot && [ROOT, join(ROOT, "dist"), join(ROOT, "node_modules"), tmpdir()].every(othersCanRead);
  (asRoot && !canDropPrivileges ? test.skip : test.concurrent)("a file without read permission (EACCES)", async () => {
    write("denied/main.tf", 'resource "aws_sqs_queue" "q" {}\n');
    chmodSync(join(root, "denied", "main.tf"), 0o000);
    // The unprivileged child must reach the inputs: mkdtemp made the root private.
    for (const dir of [root, join(root, "denied"), join(root, "beside")]) chmodSync(dir, 0o755);
    chmodSync(join(root, "beside", "main.tf"), 0o644);
    const { run, report } = await checkBeside(["denied"], asRoot ? { uid: 65534, gid: 65534 } : {});
    expect(run.code).toBe(2);
    expect(errors(report)).toEqual(["denied/main.tf: cannot read the file: permission denied (EACCES)"]);
  });
});

describe("bytes that are not UTF-8 text", () => {
  test.concurrent("Latin-1 bytes in a .tf file and in a plan: an error at the first bad byte", async () => {
    write("latin1/main.tf", Buffer.concat([Buffer.from('resource "aws_sqs_queue" "cafe" {\n  name = "caf'), Buffer.from([0xe9]), Buffer.from('"\n}\n')]));
    write("latin1/plan.json", Buffer.concat([Buffer.from('{"format_version": "1.2",\n "resource_changes": [],\n "x": "été '), Buffer.from([0xe9, 0x74, 0xe9]), Buffer.from('"}')]));
    const { run, report } = await checkBeside(["latin1"]);
    expect(run.code).toBe(2);
    // Columns count characters, as the parsers do: each é before the bad byte is two bytes but one column.
    expect(errors(report)).toEqual(["latin1/main.tf:2:14: not valid UTF-8", "latin1/plan.json:3:12: not valid UTF-8"]);
  });

  test.concurrent("UTF-16 files with a byte order mark, little- and big-endian", async () => {
    const text = 'resource "aws_sqs_queue" "q" {\n}\n';
    write("utf16/le/main.tf", Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]));
    write("utf16/be/main.tf", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, "utf16le").swap16()]));
    const { run, report } = await checkBeside(["utf16"]);
    expect(run.code).toBe(2);
    expect(errors(report)).toEqual([
      "utf16/be/main.tf:1:1: the file is UTF-16 (it starts with a UTF-16 byte order mark): save it as UTF-8",
      "utf16/le/main.tf:1:1: the file is UTF-16 (it starts with a UTF-16 byte order mark): save it as UTF-8",
    ]);
  });

  test.concurrent("a binary file named .tf", async () => {
    // A gzip header: what a compressed file renamed by mistake starts with.
    write("binary/main.tf", Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0x07, 0x00]));
    const { run, report } = await checkBeside(["binary"]);
    expect(run.code).toBe(2);
    expect(errors(report)).toEqual(["binary/main.tf:1:4: binary content (a NUL byte): not a text file"]);
  });
});

describe("empty and oversized files", () => {
  test.concurrent("an empty .tf file is valid and declares nothing", async () => {
    write("empty-hcl/main.tf", "");
    const { run, report } = await checkBeside(["empty-hcl"]);
    expect(run.code).toBe(1);
    expect(errors(report)).toEqual([]);
    expect(checkedResources(report)).toBe(0);
  });

  test.concurrent("an empty .tf.json file and an empty plan are errors", async () => {
    write("empty-json/main.tf.json", "");
    write("empty-json/plan.json", "");
    const { run, report } = await checkBeside(["empty-json"]);
    expect(run.code).toBe(2);
    expect(errors(report)).toEqual(["empty-json/main.tf.json:1:1: the file is empty: expected a JSON value", "empty-json/plan.json: neither a `terraform show -json` plan nor Terraform JSON configuration"]);
  });

  test.concurrent("terraform show -json of a state is refused at its values, with how to make a plan", async () => {
    write("state/plan.json", '{"format_version":"1.0","terraform_version":"1.1.5",\n  "values":{"root_module":{"resources":[]}}}');
    const { run, report } = await checkBeside(["state"]);
    expect(run.code).toBe(2);
    expect(errors(report)).toEqual(["state/plan.json:2:3: this is `terraform show -json` of a state, not of a plan; not checked: run `terraform plan -out=tfplan`, then `terraform show -json tfplan > tfplan.json`"]);
  });

  test.concurrent("a file over the 256 MB limit is refused without being read", async () => {
    // Sparse: the size is there without the disk space or the time to write it.
    write("oversized/main.tf", "");
    truncateSync(join(root, "oversized", "main.tf"), 257 * MB);
    const { run, report } = await checkBeside(["oversized"]);
    expect(run.code).toBe(2);
    expect(errors(report)).toEqual(["oversized/main.tf: file is 257 MB, larger than the 256 MB limit; not checked"]);
    expect(run.maxRssMb).toBeLessThan(256);
  });
});

describe("files beside Terraform: Dockerfiles, compose files, manifests, configuration", () => {
  const DEPTH = 10_000;

  test.concurrent("a compose file nested 10,000 deep is an error at its place; the compose file beside it is still read", async () => {
    write("deep-compose/compose.yaml", `services:\n  web:\n    image: nginx:1.27.2\n    labels: ${"[".repeat(DEPTH)}${"]".repeat(DEPTH)}\n`);
    write("deep-compose/other/compose.yaml", "services:\n  cache:\n    image: redis:latest\n");
    const { run, report } = await checkBeside(["deep-compose"]);
    expect(run.code).toBe(2);
    const about = report.diagnostics.filter((diagnostic) => diagnostic.file === "deep-compose/compose.yaml");
    expect(about.length).toBeGreaterThan(0);
    expect(about.length).toBeLessThanOrEqual(5);
    for (const diagnostic of about) expect(diagnostic).toMatchObject({ severity: "error", code: "input", line: 4, column: expect.any(Number) });
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: "PR-CFG-012", location: expect.objectContaining({ file: "deep-compose/other/compose.yaml" }) }));
  });

  test.concurrent("10,000 compose services each extending the next are an error where the chain is cut; the compose file beside it is still read", async () => {
    const services = Array.from({ length: DEPTH }, (_, index) => `  s${index}:\n    extends: s${index + 1}\n`).join("");
    write("deep-extends/compose.yaml", `services:\n${services}  s${DEPTH}:\n    image: nginx:1.27.2\n`);
    write("deep-extends/other/compose.yaml", "services:\n  cache:\n    image: redis:latest\n");
    const { run, report } = await checkBeside(["deep-extends"]);
    expect(run.code).toBe(2);
    expect(errors(report)).toEqual([
      "deep-extends/compose.yaml:2003:5: service s1000 is more than 1000 services down a chain of extends, deeper than prodready follows: what it extends is not merged into it or the services extending it",
    ]);
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: "PR-CFG-012", location: expect.objectContaining({ file: "deep-extends/other/compose.yaml" }) }));
  });

  test.concurrent("a Dockerfile of binary bytes is an error naming it; the Dockerfile beside it is still read", async () => {
    write("binary-dockerfile/Dockerfile", Buffer.from([0x46, 0x52, 0x4f, 0x4d, 0x20, 0x00, 0xff, 0xfe, 0x00, 0x01, 0x02]));
    write("binary-dockerfile/app/Dockerfile", "FROM node:latest\nUSER node\n");
    const { run, report } = await checkBeside(["binary-dockerfile"]);
    expect(run.code).toBe(2);
    expect(errors(report)).toEqual([expect.stringMatching(/^binary-dockerfile\/Dockerfile:1:6: /)]);
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: "PR-CFG-009", location: expect.objectContaining({ file: "binary-dockerfile/app/Dockerfile" }) }));
  });

  test.concurrent("a Latin-1 configuration file is a warning, not a failed run; a secret in the file beside it is still found", async () => {
    write("latin1-config/messages.properties", Buffer.from("greeting=Gr\xfc\xdfe\n", "latin1"));
    write("latin1-config/settings.yaml", "aws:\n  key: AKIAIOSFODNN7EXAMPLE\n");
    const { run, report } = await checkBeside(["latin1-config"]);
    expect(run.code).toBe(1);
    expect(report.diagnostics).toContainEqual(expect.objectContaining({ severity: "warning", file: "latin1-config/messages.properties", line: 1 }));
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: "PR-CFG-020", location: expect.objectContaining({ file: "latin1-config/settings.yaml", line: 2 }) }));
  });

  test.concurrent("a tracked configuration file with a 900 KB line of name characters is scanned in one pass", async () => {
    // The credential-assignment shape used to try every position of such a line: about four minutes for this one.
    // Larger configuration files (over 1 MB) are not scanned, with a notice.
    write("long-config-line/settings.yaml", `key: ${"token".repeat(180_000)}\npassword: correct-horse-battery\n`);
    const { run, report } = await checkBeside(["long-config-line"]);
    expect(run.code).toBe(1);
    expect(report.diagnostics).toEqual([]);
    expect(report.findings.filter((finding) => finding.location.file?.startsWith("long-config-line/"))).toEqual([
      expect.objectContaining({ ruleId: "PR-CFG-020", location: expect.objectContaining({ file: "long-config-line/settings.yaml", line: 2 }) }),
    ]);
  });

  test.concurrent("10,000 Kubernetes manifests are each read, within the memory cap", async () => {
    for (let index = 0; index < 10_000; index++) {
      write(
        `manifests/m${Math.floor(index / 100)}/pod-${index}.yaml`,
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: job-${index}\nspec:\n  restartPolicy: Never\n  containers:\n    - name: job\n      image: busybox:1.37.0\n`,
      );
    }
    const { run, report } = await checkBeside(["manifests"], { timeoutSeconds: LARGE_DEADLINE });
    expect(run.code).toBe(1);
    expect(report.diagnostics).toEqual([]);
    // Each is a workload, and a configuration file scanned for the secrets its workload's rules do not read.
    expect(checkedResources(report)).toBe(20_000);
    expect(run.maxRssMb).toBeLessThan(MEMORY_CAP_MB);
  });
});
