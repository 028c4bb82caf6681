/** `prodready init`, through the built CLI as users run it (`npm run build` first), and its questions on a terminal. */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "fs";
import { join } from "path";
import { init, readTemplate, type Ask } from "../../src/cli/init";
import { cli } from "./harness";
import { createScratch, removeScratch, writeFiles } from "../support/scratch";

let work: string;
beforeAll(() => {
  work = createScratch();
});
afterAll(() => removeScratch(work));

const VPS = ["--set", "projectName=shop-web", "--set", "domain=shop.example.com", "--set", "acmeEmail=ops@example.com"];

/** Every file under `dir`, relative, sorted. */
function files(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((path) => statSync(join(dir, path)).isFile()).sort();
}

test("without arguments, lists the templates with their descriptions", async () => {
  const result = await cli(["init"]);
  expect(result.code).toBe(0);
  for (const name of ["cdktf-container-service", "cdktf-vps", "ci-github", "pulumi-aws-service", "vps-compose"]) expect(result.stdout).toMatch(new RegExp(`^  ${name} +\\S`, "m"));
  expect(result.stdout).toContain("prodready init <template> <dir>");
});

test("--help describes the command; the main usage lists it", async () => {
  const [help, main] = await Promise.all([cli(["init", "--help"]), cli(["--help"])]);
  expect(help.code).toBe(0);
  expect(help.stdout).toMatch(/^Usage: prodready init \[<template> <dir>\] \[--set name=value\.\.\.\]/);
  expect(main.stdout).toMatch(/^ {2}init \[<template> <dir>\] +Start a project/m);
});

describe("copying a template with --set", () => {
  let result: Awaited<ReturnType<typeof cli>>;
  let target: string;
  beforeAll(async () => {
    target = join(work, "shop");
    result = await cli(["init", "vps-compose", target, ...VPS]);
  });

  test("exits 0 and prints the next steps with the values filled in", () => {
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Created ${target} from the vps-compose template`);
    expect(result.stdout).toMatch(/Next steps:\n {2}1\. cd .*shop\n/);
    expect(result.stdout).toContain("point shop.example.com at it");
  });

  test("the files hold the values and no placeholder; template.json is not copied; setup.sh stays executable", () => {
    const copied = files(target);
    expect(copied).toEqual(expect.arrayContaining(["Dockerfile", "compose.yaml", "cloud-init.yaml", "setup.sh", ".gitignore", ".env.example", "k6/load-test.js"]));
    expect(copied).not.toContain("template.json");
    for (const file of copied) expect({ file, placeholder: readFileSync(join(target, file), "utf8").includes("{{") }).toEqual({ file, placeholder: false });
    expect(readFileSync(join(target, "compose.yaml"), "utf8")).toContain('name: "shop-web"');
    expect(readFileSync(join(target, "compose.yaml"), "utf8")).toContain("--certificatesresolvers.letsencrypt.acme.email=ops@example.com");
    expect(readFileSync(join(target, "traefik/production/routes.yaml"), "utf8")).toContain('rule: "Host(`shop.example.com`)"');
    expect(readFileSync(join(target, "setup.sh"), "utf8")).toContain('readonly APP_NAME="shop-web"');
    expect(statSync(join(target, "setup.sh")).mode & 0o111).not.toBe(0);
  });

  test("a pulumi new template gets pulumi new's tokens filled from the same values", async () => {
    const dir = join(work, "api");
    const sets = ["projectName=shop-api", "description=Shop API", "domain=api.example.com", "hostedZone=example.com", "image=ghcr.io/acme/api:1.4.2", "alertEmail=oncall@example.com"];
    const run = await cli(["init", "pulumi-aws-service", dir, ...sets.flatMap((set) => ["--set", set])]);
    expect(run.code).toBe(0);
    expect(readFileSync(join(dir, "Pulumi.yaml"), "utf8")).toMatch(/^name: shop-api\n[\s\S]*^description: Shop API$/m);
    expect(run.stdout).toContain("pulumi config set aws:region us-east-1 && pulumi config set domain api.example.com");
  });
});

test("refuses to overwrite: lists the files in the way, writes nothing, exits 2", async () => {
  const target = join(work, "existing");
  writeFiles(target, { "compose.yaml": "mine\n", "README.md": "mine too\n" });
  const result = await cli(["init", "vps-compose", target, ...VPS]);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain("nothing was written");
  expect(result.stderr).toContain(join(target, "compose.yaml"));
  expect(result.stderr).toContain(join(target, "README.md"));
  expect(files(target)).toEqual(["README.md", "compose.yaml"]);
  expect(readFileSync(join(target, "compose.yaml"), "utf8")).toBe("mine\n");
});

test("a directory with other files is fine; only files the template writes are in the way", async () => {
  const target = join(work, "repository");
  writeFiles(target, { "README.md": "the repository's own\n" });
  const result = await cli(["init", "ci-github", target, "--set", "stack=acme/shop/production"]);
  expect(result.code).toBe(0);
  expect(files(target)).toEqual([".github/workflows/prodready.yml", "README.md"]);
  expect(readFileSync(join(target, "README.md"), "utf8")).toBe("the repository's own\n");
});

describe("bad arguments exit 2 with a message naming the problem, and write nothing", () => {
  test.each([
    ["an unknown template", ["init", "kubernetes-app", "x"], /unknown template "kubernetes-app" \(templates: cdktf-container-service, cdktf-vps, ci-github/],
    ["a value that does not match its pattern", ["init", "vps-compose", "x", ...VPS, "--set", "domain=shop.example.com;reboot"], /--set domain: the value does not match/],
    ["a required value missing, with no terminal to ask on", ["init", "vps-compose", "x", "--set", "domain=shop.example.com"], /needs a value for acmeEmail \(Email address .*\): pass --set acmeEmail=<value>/],
    ["a placeholder the template does not have", ["init", "vps-compose", "x", ...VPS, "--set", "colour=red"], /template vps-compose has no placeholder "colour" \(it has: projectName, domain, acmeEmail\)/],
    ["--set without a value", ["init", "vps-compose", "x", "--set", "domain"], /--set takes name=value/],
    ["a template without a directory", ["init", "vps-compose"], /init takes a template name and the directory/],
    ["a target that is a file", ["init", "vps-compose", "FILE", ...VPS], /FILE exists and is not a directory/],
  ])("%s", async (_, args, message) => {
    // FILE stands for a plain file where the directory should be.
    writeFileSync(join(work, "FILE"), "");
    const result = await cli(args.map((arg) => (arg === "x" ? join(work, "never") : arg === "FILE" ? join(work, "FILE") : arg)));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).toContain("Usage: prodready init");
    expect(existsSync(join(work, "never"))).toBe(false);
  });
});

test("an option init does not take is refused by name, pointing to init's help, and nothing is written", async () => {
  const result = await cli(["init", "vps-compose", join(work, "never"), "--format", "json"]);
  expect(result).toEqual({ code: 2, stdout: "", stderr: "prodready: unknown option --format for `prodready init`; see `prodready init --help`\n" });
  expect(existsSync(join(work, "never"))).toBe(false);
});

describe("on a terminal, it asks for what --set did not give", () => {
  /** An Io that keeps what is written. */
  const io = () => {
    const out = { stdout: "", stderr: "" };
    return { out, io: { stdout: (text: string) => void (out.stdout += text), stderr: (text: string) => void (out.stderr += text), color: false } };
  };
  /** Answers the questions in order, recording them. */
  const answering = (answers: string[], questions: string[]): Ask => (question) => {
    questions.push(question);
    return Promise.resolve(answers.shift() ?? "");
  };

  test("an empty answer takes the default; a value that does not match is asked again", async () => {
    const target = join(work, "asked");
    const questions: string[] = [];
    const { out, io: terminal } = io();
    const code = await init(["vps-compose", target], { sets: ["acmeEmail=ops@example.com"], ask: answering(["", "not a domain", "shop.example.com"], questions) }, terminal);
    expect(code).toBe(0);
    expect(questions).toEqual([
      expect.stringMatching(/^Project name.* \(projectName\) \[my-service\]: $/),
      expect.stringMatching(/^Public DNS name.* \(domain\): $/),
      expect.stringMatching(/\(domain\): $/),
    ]);
    expect(out.stderr).toMatch(/^domain must match /m);
    expect(readFileSync(join(target, "compose.yaml"), "utf8")).toContain('name: "my-service"');
    expect(readFileSync(join(target, "traefik/production/routes.yaml"), "utf8")).toContain("Host(`shop.example.com`)");
  });

  test("a required value left empty is asked again, not taken as empty", async () => {
    const questions: string[] = [];
    const { out, io: terminal } = io();
    const code = await init(["ci-github", join(work, "asked-ci")], { sets: [], ask: answering(["", "acme/shop/production", ""], questions) }, terminal);
    expect(code).toBe(0);
    expect(questions.map((question) => /\((\w+)\)/.exec(question)?.[1])).toEqual(["stack", "stack", "pulumiDir"]);
    expect(out.stderr).toBe("stack is required\n");
  });
});

describe("a template as the npm package carries it", () => {
  test("its ignore file, packed as gitignore (npm never packs .gitignore), is written as .gitignore; binary files are copied as they are", async () => {
    const templates = join(work, "packed");
    const binary = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, ...Buffer.from("{{name}}")]);
    writeFiles(join(templates, "tiny"), {
      "template.json": JSON.stringify({ name: "tiny", description: "a tiny template", placeholders: { name: { description: "a name", pattern: "[a-z]+" } }, nextSteps: [] }),
      gitignore: ".env\n",
      "README.md": "# {{name}}\n",
      "assets/logo.png": binary,
    });
    const target = join(work, "tiny-project");
    const code = await init(["tiny", target], { sets: ["name=shop"], templatesDir: templates }, { stdout: () => undefined, stderr: () => undefined, color: false });
    expect(code).toBe(0);
    expect(files(target)).toEqual([".gitignore", "README.md", "assets/logo.png"]);
    expect(readFileSync(join(target, ".gitignore"), "utf8")).toBe(".env\n");
    expect(readFileSync(join(target, "README.md"), "utf8")).toBe("# shop\n");
    expect(readFileSync(join(target, "assets", "logo.png"))).toEqual(binary);
  });
});

test("a template.json that breaks the format is refused, naming the file and the problem", () => {
  const dir = join(work, "broken-template");
  mkdirSync(dir);
  const manifest = (placeholders: unknown) => writeFileSync(join(dir, "template.json"), JSON.stringify({ name: "broken", description: "broken", placeholders, nextSteps: [] }));
  manifest({ name: { description: "a name", pattern: "[a-z" } });
  expect(() => readTemplate(dir)).toThrow(`${join(dir, "template.json")}: placeholder name: pattern is not a regular expression`);
  manifest({ name: { pattern: "[a-z]+" } });
  expect(() => readTemplate(dir)).toThrow("placeholder name needs a description and a pattern");
  manifest({ "project-name": { description: "a name", pattern: "[a-z]+" } });
  expect(() => readTemplate(dir)).toThrow('placeholder name "project-name" is not a word');
});
