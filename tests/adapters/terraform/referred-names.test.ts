import { readdirSync, readFileSync, statSync } from "fs";
import { join, posix } from "path";
import { parseHcl } from "../../../src/adapters/terraform/hcl/parser";
import type { Block, HclFile } from "../../../src/adapters/terraform/hcl/syntax";
import { parseTerraformJson } from "../../../src/adapters/terraform/json/config";
import { resourcesFromPlan } from "../../../src/adapters/terraform/plan";
import { writtenArguments, writtenAsPlanned, type ReferredNames } from "../../../src/adapters/terraform/referred-names";

const fixtures = join(__dirname, "../../fixtures/terraform/plan");

/** What a resource block writes besides its provider's arguments, which a plan's configuration lists apart from them. */
const RESOURCE_SETTINGS = new Set(["count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection"]);
/** What a module block writes besides its module's inputs. */
const CALL_SETTINGS = new Set(["source", "version", "count", "for_each", "providers", "depends_on"]);

/** A fixture's files by path (`modules/db/main.tf`), each `.planned` file in place of the one it was planned as. */
function fixtureFiles(dir: string, under = ""): Map<string, string> {
  const files = new Map<string, string>();
  for (const name of readdirSync(join(dir, under)).sort()) {
    const path = under === "" ? name : `${under}/${name}`;
    if (statSync(join(dir, path)).isDirectory()) for (const [each, source] of fixtureFiles(dir, path)) files.set(each, source);
    else files.set(path.replace(/\.planned$/, ""), readFileSync(join(dir, path), "utf8"));
  }
  return files;
}

/** The blocks of a module's directory, by type, with the file each is in. */
function moduleBlocks(files: ReadonlyMap<string, string>, dir: string): { block: Block; file: HclFile }[] {
  return [...files].flatMap(([path, source]) => {
    if (posix.dirname(path) !== dir) return [];
    const file = path.endsWith(".tf") ? parseHcl(source, path) : path.endsWith(".tf.json") ? parseTerraformJson(source, path) : undefined;
    return file === undefined ? [] : file.body.blocks.map((block) => ({ block, file }));
  });
}

/** The arguments of `referred`, and of what the code writes (`written`, by the same names), that the code writes otherwise than the plan records, each after `prefix`. */
function otherwise(prefix: string, referred: ReferredNames, written: ReturnType<typeof writtenArguments>): string[] {
  const names = new Set([...referred.keys(), ...written.keys()]);
  return [...names].filter((name) => !writtenAsPlanned(referred.get(name), written.get(name))).map((name) => prefix + name);
}

/**
 * Every argument of a plan's resources, module calls and outputs that the code beside it writes otherwise than the
 * plan's configuration records: `aws_sqs_queue.spare.name`, `module.names.prefix`, `module.names.output.first`.
 */
function writtenOtherwise(files: ReadonlyMap<string, string>, planFile: string): string[] {
  const plan = resourcesFromPlan(files.get(planFile)!, planFile);
  const blocksOf = (sources: readonly string[], type: string) => moduleBlocks(files, posix.join(".", ...sources)).filter(({ block }) => block.type === type);
  const within = (path: string) => (path === "" ? "" : `${path}.`);
  const found: string[] = [];
  for (const module of plan.plannedModules ?? []) {
    const resources = blocksOf(module.sources!, "resource");
    for (const [key, referred] of module.referred) {
      const { block, file } = resources.find(({ block: each }) => each.labels.map((label) => label.value).join(".") === key)!;
      found.push(...otherwise(`${within(module.path)}${key}.`, referred, writtenArguments(block.body, file, undefined, () => new Set(), RESOURCE_SETTINGS)));
    }
    const last = module.calls.at(-1);
    if (last === undefined) continue;
    const { block, file } = blocksOf(module.sources!.slice(0, -1), "module").find(({ block: each }) => each.labels[0].value === last.name)!;
    found.push(...otherwise(within(module.path), last.referred, writtenArguments(block.body, file, undefined, () => new Set(), CALL_SETTINGS)));
  }
  for (const [path, { sources, referred }] of plan.plannedOutputs ?? []) {
    const values = new Map(blocksOf(sources!, "output").map(({ block, file }) => [block.labels[0].value, writtenArguments(block.body, file, undefined, () => new Set()).get("value")!]));
    found.push(...otherwise(`${within(path)}output.`, referred, values));
  }
  return found.sort();
}

describe("what the code writes, beside the plan Terraform made of it", () => {
  // Every real plan saved with the code it was made from (the `.planned` files, where the code was edited since).
  const besideTheirCode = readdirSync(fixtures)
    .filter((name) => statSync(join(fixtures, name)).isDirectory())
    .flatMap((name) => {
      const files = fixtureFiles(join(fixtures, name));
      const plans = [...files.keys()].filter((path) => path === "plan.json" || path === "tfplan.json");
      return plans.length === 1 && [...files.keys()].some((path) => /\.tf(\.json)?$/.test(path)) ? [[name, files, plans[0]] as const] : [];
    });

  it.each(besideTheirCode)("is each argument as the configuration of %s records it", (_, files, plan) => {
    expect(writtenOtherwise(files, plan)).toEqual([]);
  });

  describe("written in every form of expression and block (a real plan: see the fixture's README)", () => {
    const files = fixtureFiles(join(fixtures, "references-as-recorded"));
    /** What `writtenOtherwise` finds with each `[before, after]` of `main.tf` edited. */
    const edited = (...edits: [string, string][]) => {
      const source = edits.reduce((code, [before, after]) => {
        expect(code).toContain(before);
        return code.replace(before, after);
      }, files.get("main.tf")!);
      return writtenOtherwise(new Map([...files, ["main.tf", source]]), "plan.json");
    };

    it.each([
      ["an object's values swapped", "b = aws_sqs_queue.two[0].arn, a = aws_sqs_queue.one.arn", "b = aws_sqs_queue.one.arn, a = aws_sqs_queue.two[0].arn", "terraform_data.t.input"],
      ["a conditional's results swapped", "var.on ? aws_sqs_queue.two[1].url : aws_sqs_queue.one.url", "var.on ? aws_sqs_queue.one.url : aws_sqs_queue.two[1].url", "terraform_data.t.input"],
      ["a list's elements swapped", "[aws_sqs_queue.two[1].name, aws_sqs_queue.two[0].name]", "[aws_sqs_queue.two[0].name, aws_sqs_queue.two[1].name]", "terraform_data.t.triggers_replace"],
      ["a reference written twice written once", "[aws_sqs_queue.one.arn, aws_sqs_queue.one.arn, aws_sqs_queue.one]", "[aws_sqs_queue.one.arn, aws_sqs_queue.one]", "terraform_data.t.input"],
      ["a module call's argument's results swapped", "var.on ? aws_sqs_queue.one.name : aws_sqs_queue.two[0].name", "var.on ? aws_sqs_queue.two[0].name : aws_sqs_queue.one.name", "module.names.prefix"],
      ["an output's elements swapped", "[module.names.first, module.names.first, var.k]", "[module.names.first, var.k, module.names.first]", "output.names"],
    ])("tells %s", (_, before, after, argument) => {
      expect(edited([before, after])).toEqual([argument]);
    });

    it("tells references swapped between the arguments of a nested block, or between blocks", () => {
      const [name, dimensions, label] = ["metric_name = aws_sqs_queue.one.name", "QueueName = aws_sqs_queue.two[0].name", "label      = aws_sqs_queue.two[1].name"];
      const alarm = ["aws_cloudwatch_metric_alarm.a.metric_query"];
      expect(edited([name, "metric_name = aws_sqs_queue.two[0].name"], [dimensions, "QueueName = aws_sqs_queue.one.name"])).toEqual(alarm);
      expect(edited([dimensions, "QueueName = aws_sqs_queue.two[1].name"], [label, "label      = aws_sqs_queue.two[0].name"])).toEqual(alarm);
    });

    it("reads arguments in any order, which Terraform records by name", () => {
      // Within a nested block, and within blocks a provider reads as one argument (`ingress`).
      expect(edited(['id          = "m1"\n    return_data = var.on', 'return_data = var.on\n    id          = "m1"'])).toEqual([]);
      expect(edited(["description = aws_sqs_queue.two[0].name\n    self        = var.on", "self        = var.on\n    description = aws_sqs_queue.two[0].name"])).toEqual([]);
    });
  });

  it("tells references swapped since the plan was made (a real plan: see the fixture's README)", () => {
    const dir = join(fixtures, "references-swapped-since-plan");
    const files = new Map([...fixtureFiles(dir), ["main.tf", readFileSync(join(dir, "main.tf"), "utf8")]]);
    expect(writtenOtherwise(files, "plan.json")).toEqual(["aws_sqs_queue.spare.name", "aws_sqs_queue.standby.name"]);
  });
});
