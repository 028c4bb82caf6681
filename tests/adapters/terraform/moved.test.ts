/** Terraform's `moved` blocks: each resource's earlier addresses (`movedFrom`), and the blocks Terraform refuses. */
import { loadTerraform, type LoadResult } from "../../../src/adapters/terraform";
import { createScratch, removeScratch, writeFiles } from "../../support/scratch";

let root: string;
beforeEach(() => {
  root = createScratch();
});
afterEach(() => removeScratch(root));

function load(files: Record<string, string>): LoadResult {
  writeFiles(root, files);
  return loadTerraform([root], { commandLineVariables: [] });
}

/** Each resource's address with its earlier ones, `<-` before each. */
function history(result: LoadResult): string[] {
  return result.units.flatMap((unit) => unit.resources).map((resource) => [resource.address, ...(resource.movedFrom ?? [])].join(" <- "));
}

function problems(result: LoadResult): string[] {
  return result.diagnostics.map((diagnostic) => `${diagnostic.severity} ${diagnostic.file?.split("/").pop()}:${diagnostic.line} ${diagnostic.message}`);
}

const bucket = (name: string, meta = "") => `resource "aws_s3_bucket" "${name}" {\n${meta}  bucket = "acme-${name}"\n}\n`;
const moved = (from: string, to: string) => `moved {\n  from = ${from}\n  to   = ${to}\n}\n`;

describe("a resource's earlier addresses", () => {
  test("a rename, and a chain of renames each recorded by its own block, oldest last", () => {
    const result = load({ "main.tf": bucket("logs") + bucket("audit") + moved("aws_s3_bucket.old", "aws_s3_bucket.logs") + moved("aws_s3_bucket.first", "aws_s3_bucket.second") + moved("aws_s3_bucket.second", "aws_s3_bucket.audit") });
    expect(history(result)).toEqual(["aws_s3_bucket.logs <- aws_s3_bucket.old", "aws_s3_bucket.audit <- aws_s3_bucket.second <- aws_s3_bucket.first"]);
    expect(problems(result)).toEqual([]);
  });

  test("a whole resource moves with each of its instances, keeping their keys; an instance moves to the one instance named", () => {
    const result = load({
      "main.tf":
        bucket("logs", "  count = 2\n") +
        moved("aws_s3_bucket.old", "aws_s3_bucket.logs") +
        bucket("sites", '  for_each = toset(["a", "b"])\n') +
        moved("aws_s3_bucket.sites[0]", 'aws_s3_bucket.sites["a"]') +
        bucket("single", "  count = 1\n") +
        moved("aws_s3_bucket.single", "aws_s3_bucket.single[0]"),
    });
    expect(history(result)).toEqual([
      "aws_s3_bucket.logs[0] <- aws_s3_bucket.old[0]",
      "aws_s3_bucket.logs[1] <- aws_s3_bucket.old[1]",
      'aws_s3_bucket.sites["a"] <- aws_s3_bucket.sites[0]',
      'aws_s3_bucket.sites["b"]',
      "aws_s3_bucket.single[0] <- aws_s3_bucket.single",
    ]);
    expect(problems(result)).toEqual([]);
  });

  test("a module call renamed moves everything in it, at any depth and with its instance keys", () => {
    const result = load({
      "main.tf": 'module "network" {\n  source   = "./modules/net"\n  for_each = toset(["a"])\n}\n' + moved("module.net", "module.network"),
      "modules/net/main.tf": bucket("flow") + 'module "inner" {\n  source = "../inner"\n}\n',
      "modules/inner/main.tf": bucket("deep"),
    });
    expect(history(result)).toEqual([
      'module.network["a"].aws_s3_bucket.flow <- module.net["a"].aws_s3_bucket.flow',
      'module.network["a"].module.inner.aws_s3_bucket.deep <- module.net["a"].module.inner.aws_s3_bucket.deep',
    ]);
  });

  test("a resource moved into a module call and out of another, and one module instance to another", () => {
    const result = load({
      "main.tf":
        'module "app" {\n  source = "./modules/app"\n}\nmodule "blue" {\n  source = "./modules/app"\n  count  = 1\n}\n' +
        bucket("kept") +
        moved("aws_s3_bucket.assets", "module.app.aws_s3_bucket.assets") +
        moved("module.legacy.aws_s3_bucket.assets", "aws_s3_bucket.kept") +
        moved('module.green["x"]', "module.blue[0]"),
      "modules/app/main.tf": bucket("assets"),
    });
    expect(history(result)).toEqual([
      "aws_s3_bucket.kept <- module.legacy.aws_s3_bucket.assets",
      "module.app.aws_s3_bucket.assets <- aws_s3_bucket.assets",
      'module.blue[0].aws_s3_bucket.assets <- module.green["x"].aws_s3_bucket.assets',
    ]);
    expect(problems(result)).toEqual([]);
  });

  // The module's rename may have been applied before its call was moved (the object then at `module.cdn[..].origin`)
  // or after: each address is one the object may have had, and the one with every move undone stays last.
  test("a called module's own moved blocks apply inside each of its instances, after its call's rename, which may have come first or last", () => {
    const result = load({
      "main.tf": 'module "edge" {\n  source   = "./modules/edge"\n  for_each = toset(["eu", "us"])\n}\n' + moved("module.cdn", "module.edge"),
      "modules/edge/main.tf": bucket("origin") + moved("aws_s3_bucket.source", "aws_s3_bucket.origin"),
    });
    expect(history(result)).toEqual([
      'module.edge["eu"].aws_s3_bucket.origin <- module.edge["eu"].aws_s3_bucket.source <- module.cdn["eu"].aws_s3_bucket.origin <- module.cdn["eu"].aws_s3_bucket.source',
      'module.edge["us"].aws_s3_bucket.origin <- module.edge["us"].aws_s3_bucket.source <- module.cdn["us"].aws_s3_bucket.origin <- module.cdn["us"].aws_s3_bucket.source',
    ]);
    expect(problems(result)).toEqual([]);
  });

  test("a module keeping its own rename, whose call is given for_each: the instance's key is undone with or without the rename", () => {
    const result = load({
      "main.tf": 'module "net" {\n  source   = "./modules/net"\n  for_each = toset(["eu"])\n}\n' + moved("module.net", 'module.net["eu"]'),
      "modules/net/main.tf": bucket("bastion") + moved("aws_s3_bucket.web", "aws_s3_bucket.bastion"),
    });
    expect(history(result)).toEqual(['module.net["eu"].aws_s3_bucket.bastion <- module.net["eu"].aws_s3_bucket.web <- module.net.aws_s3_bucket.bastion <- module.net.aws_s3_bucket.web']);
    expect(problems(result)).toEqual([]);
  });

  test("the same in Terraform's JSON syntax", () => {
    const result = load({
      "main.tf.json": JSON.stringify({
        resource: { aws_s3_bucket: { logs: { bucket: "acme-logs" } } },
        moved: [{ from: "aws_s3_bucket.old", to: "aws_s3_bucket.logs" }],
      }),
    });
    expect(history(result)).toEqual(["aws_s3_bucket.logs <- aws_s3_bucket.old"]);
  });

  test("a move of a data source, or to nothing declared, records history Terraform accepts and changes nothing here", () => {
    const result = load({ "main.tf": bucket("logs") + 'data "aws_caller_identity" "now" {}\n' + moved("data.aws_caller_identity.was", "data.aws_caller_identity.now") + moved("aws_s3_bucket.gone", "aws_s3_bucket.removed") });
    expect(history(result)).toEqual(["aws_s3_bucket.logs"]);
    expect(problems(result)).toEqual([]);
  });
});

describe("moved blocks Terraform refuses are reported where they are written and not followed", () => {
  test("a move from what is still declared: a resource, a module call, an instance", () => {
    const result = load({
      "main.tf":
        bucket("logs") +
        bucket("audit") +
        bucket("sites", "  count = 2\n") +
        'module "app" {\n  source = "./app"\n}\nmodule "web" {\n  source = "./app"\n}\n' +
        moved("aws_s3_bucket.logs", "aws_s3_bucket.audit") +
        moved("module.app", "module.web") +
        moved("aws_s3_bucket.sites[1]", "aws_s3_bucket.sites[0]"),
      "app/main.tf": bucket("assets"),
    });
    expect(history(result).filter((line) => line.includes("<-"))).toEqual([]);
    expect(problems(result)).toEqual([
      "error main.tf:17 moved from aws_s3_bucket.logs, which is still declared: Terraform refuses the move until it is declared as aws_s3_bucket.audit instead; ignored",
      "error main.tf:21 moved from module.app, which is still declared: Terraform refuses the move until it is declared as module.web instead; ignored",
      "error main.tf:25 moved from aws_s3_bucket.sites[1], which is still declared: Terraform refuses the move until it is declared as aws_s3_bucket.sites[0] instead; ignored",
    ]);
  });

  test("an address moved to two places, or two moved to one: the first block is followed", () => {
    const result = load({
      "main.tf": bucket("a") + bucket("b") + bucket("c") + moved("aws_s3_bucket.old", "aws_s3_bucket.a") + moved("aws_s3_bucket.old", "aws_s3_bucket.b") + moved("aws_s3_bucket.other", "aws_s3_bucket.a") + moved("aws_s3_bucket.old", "aws_s3_bucket.a") + moved("aws_s3_bucket.x", "aws_s3_bucket.c"),
    });
    expect(history(result)).toEqual(["aws_s3_bucket.a <- aws_s3_bucket.old", "aws_s3_bucket.b", "aws_s3_bucket.c <- aws_s3_bucket.x"]);
    const first = `${result.diagnostics[0]?.file}:10`;
    expect(problems(result)).toEqual([
      `error main.tf:14 moved from aws_s3_bucket.old to aws_s3_bucket.b, where the moved block at ${first} moves aws_s3_bucket.old to aws_s3_bucket.a: Terraform refuses an address moved twice; ignored`,
      `error main.tf:18 moved from aws_s3_bucket.other to aws_s3_bucket.a, where the moved block at ${first} moves aws_s3_bucket.old to aws_s3_bucket.a: Terraform refuses an address moved twice; ignored`,
    ]);
  });

  test("malformed blocks, and one in an override file", () => {
    const result = load({
      "main.tf":
        bucket("logs") +
        'moved {\n  from = "aws_s3_bucket.old"\n  to   = aws_s3_bucket.logs\n}\n' +
        "moved {\n  from = aws_s3_bucket.old\n}\n" +
        moved("aws_s3_bucket.old", "module.app") +
        moved("aws_s3_bucket.logs", "aws_s3_bucket.logs") +
        moved("aws_s3_bucket.old[true]", "aws_s3_bucket.logs") +
        moved("aws_s3_bucket.old.extra", "aws_s3_bucket.logs") +
        moved("module", "module.app") +
        moved("aws_s3_bucket.old", "aws_s3_bucket.logs[*]"),
      "main_override.tf": moved("aws_s3_bucket.old", "aws_s3_bucket.logs"),
    });
    expect(history(result)).toEqual(["aws_s3_bucket.logs"]);
    expect(problems(result)).toEqual([
      "error main_override.tf:1 a moved block belongs in a normal file, not an override file (Terraform refuses it there); ignored",
      "error main.tf:4 moved from must be the address of a resource or module call, written without quotes (aws_s3_bucket.logs, module.app[0]); ignored",
      "error main.tf:8 a moved block needs both from and to; ignored",
      "error main.tf:11 moved from aws_s3_bucket.old to module.app: both must be resources or both module calls, as Terraform requires; ignored",
      "error main.tf:15 moved from aws_s3_bucket.logs to the same address, which Terraform refuses as redundant; ignored",
      "error main.tf:19 moved from must be the address of a resource or module call, written without quotes (aws_s3_bucket.logs, module.app[0]); ignored",
      "error main.tf:23 moved from must be the address of a resource or module call, written without quotes (aws_s3_bucket.logs, module.app[0]); ignored",
      "error main.tf:27 moved from must be the address of a resource or module call, written without quotes (aws_s3_bucket.logs, module.app[0]); ignored",
      "error main.tf:31 moved to must be the address of a resource or module call, written without quotes (aws_s3_bucket.logs, module.app[0]); ignored",
    ]);
  });

  test("a cycle of moves between addresses nothing declares ends, and changes nothing", () => {
    const result = load({ "main.tf": bucket("logs") + moved("aws_s3_bucket.a", "aws_s3_bucket.b") + moved("aws_s3_bucket.b", "aws_s3_bucket.a") });
    expect(history(result)).toEqual(["aws_s3_bucket.logs"]);
  });
});

describe("removed blocks", () => {
  const removed = (from: string) => `removed {\n  from = ${from}\n  lifecycle {\n    destroy = false\n  }\n}\n`;

  test("one naming a resource or module call still declared is reported where it is written, as terraform plan refuses it (Removed resource still exists); the rest are history (probe BQ)", () => {
    const result = load({
      "main.tf":
        bucket("logs", "  count = 0\n") +
        bucket("kept") +
        'module "app" {\n  source   = "./app"\n  for_each = toset(["a", "b"])\n}\n' +
        'data "aws_region" "here" {}\n' +
        removed("aws_s3_bucket.logs") +
        removed("module.app") +
        removed("module.app.aws_s3_bucket.assets") +
        removed("aws_s3_bucket.gone") +
        removed("module.app.aws_s3_bucket.gone") +
        removed("module.gone") +
        // Terraform refuses these at validate, for what they name rather than for its being declared.
        removed("aws_s3_bucket.kept[0]") +
        removed("data.aws_region.here"),
      // In each instance of the module, reported once; what a module it calls declares, in each instance of that.
      "app/main.tf": bucket("assets") + removed("aws_s3_bucket.assets") + 'module "inner" {\n  source = "../inner"\n}\n' + removed("module.inner.aws_s3_bucket.deep"),
      "inner/main.tf": bucket("deep"),
      "json/main.tf.json": JSON.stringify({ resource: { aws_s3_bucket: { x: { bucket: "x" } } }, removed: [{ from: "aws_s3_bucket.x", lifecycle: { destroy: false } }] }, null, 2),
    });
    const stillDeclared = (what: string, address: string) =>
      `removed from ${address}, which is still declared: Terraform refuses to plan until the ${what} or the removed block is deleted; the ${what} is checked as declared`;
    expect(problems(result)).toEqual([
      `error main.tf:13 ${stillDeclared("resource", "aws_s3_bucket.logs")}`,
      `error main.tf:19 ${stillDeclared("module call", "module.app")}`,
      `error main.tf:25 ${stillDeclared("resource", "module.app.aws_s3_bucket.assets")}`,
      // app/main.tf's
      `error main.tf:4 ${stillDeclared("resource", "aws_s3_bucket.assets")}`,
      `error main.tf:13 ${stillDeclared("resource", "module.inner.aws_s3_bucket.deep")}`,
      `error main.tf.json:10 ${stillDeclared("resource", "aws_s3_bucket.x")}`,
    ]);
    // What the blocks name is still judged.
    expect(history(result)).toEqual([
      "aws_s3_bucket.kept",
      'module.app["a"].aws_s3_bucket.assets',
      'module.app["a"].module.inner.aws_s3_bucket.deep',
      'module.app["b"].aws_s3_bucket.assets',
      'module.app["b"].module.inner.aws_s3_bucket.deep',
      "aws_s3_bucket.x",
    ]);
  });
});

describe("scale", () => {
  test("thousands of moved blocks, as a monorepo keeps long after a refactor, are each followed", () => {
    const count = 3000;
    const groups = Array.from({ length: count }, (_, i) => `resource "aws_cloudwatch_log_group" "new${i}" {\n  name = "lg${i}"\n}\n`);
    const renames = Array.from({ length: count }, (_, i) => moved(`aws_cloudwatch_log_group.old${i}`, `aws_cloudwatch_log_group.new${i}`));
    writeFiles(root, { "renamed/main.tf": groups.join("") + renames.join("") });
    const result = loadTerraform([`${root}/renamed`], { commandLineVariables: [] });
    expect(history(result)).toHaveLength(count);
    expect(history(result)[count - 1]).toBe(`aws_cloudwatch_log_group.new${count - 1} <- aws_cloudwatch_log_group.old${count - 1}`);
    expect(problems(result)).toEqual([]);
  });
});
