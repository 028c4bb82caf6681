import { writeFileSync } from "fs";
import { join } from "path";
import { fromPulumi } from "../../src/adapters/pulumi";
import { loadTerraform } from "../../src/adapters/terraform";
import { PartialString, UNKNOWN, UNKNOWN_IDENTIFIER, type Placement, type Resource } from "../../src/model/resource";
import imagePinned from "../../src/rules/aws/configuration/aws-ecs-task-image-pinned";
import noPlaintextSecrets from "../../src/rules/aws/configuration/aws-ecs-task-no-plaintext-secrets";
import resourceLimits from "../../src/rules/aws/limits/aws-ecs-task-resource-limits";
import healthCheck from "../../src/rules/aws/operations/aws-ecs-container-health-check";
import logging from "../../src/rules/aws/operations/aws-ecs-container-logging";
import { asNumber, containerDefinitions, isFalse, isTrue, parseJsonProperty, samePlace } from "../../src/rules/read";
import { runExample } from "../support/examples";
import { type Files, withFiles } from "../support/scratch";

describe("whether two resources are in one account and region", () => {
  const at = (placement?: Placement): Resource => ({ kind: "aws_sns_topic", address: "t", name: "t", engine: "terraform", props: {}, options: {}, location: {}, secretPaths: [], placement });
  test.each<[string, Placement | undefined, Placement | undefined, string]>([
    ["named regions, equal", { region: "eu-west-1" }, { region: "eu-west-1" }, "yes"],
    ["named regions, different", { region: "eu-west-1" }, { region: "us-east-1" }, "no"],
    ["one provider configuration, its region unknown", { regionFrom: "aws.dr" }, { regionFrom: "aws.dr" }, "yes"],
    ["two configurations, their regions unknown", { regionFrom: "aws.dr" }, { regionFrom: "aws" }, "unknown"],
    ["a named region and a configuration whose region is unknown", { region: "eu-west-1" }, { regionFrom: "aws" }, "unknown"],
    ["an unknown region of its own", {}, {}, "unknown"],
    ["engines that do not say: the default configuration", undefined, undefined, "yes"],
    ["one region, the environment's credentials and a configuration's own", { region: "eu-west-1" }, { region: "eu-west-1", credentials: "aws.prod" }, "unknown"],
    ["one region, one configuration's own credentials", { region: "eu-west-1", credentials: "aws.prod" }, { region: "eu-west-1", credentials: "aws.prod" }, "yes"],
    ["one region, two configurations naming one account", { region: "eu-west-1", account: "222222222222" }, { region: "eu-west-1", credentials: "aws.prod", account: "222222222222" }, "yes"],
    ["one region, two accounts", { region: "eu-west-1", account: "111111111111" }, { region: "eu-west-1", credentials: "aws.prod", account: "222222222222" }, "no"],
    ["two regions, credentials untold", { region: "eu-west-1" }, { region: "us-east-1", credentials: "aws.prod" }, "no"],
  ])("%s", (_, first, second, answer) => {
    expect(samePlace(at(first), at(second))).toBe(answer);
    expect(samePlace(at(second), at(first))).toBe(answer);
  });
});

describe("reading a bool argument as Terraform converts it", () => {
  test.each([
    [true, true, false],
    ["true", true, false],
    ["1", true, false],
    [false, false, true],
    ["false", false, true],
    ["0", false, true],
    // Terraform refuses these for a bool argument: neither true nor false
    ["yes", false, false],
    ["True", false, false],
    [1, false, false],
    [null, false, false],
  ])("%j: true %s, false %s", (value, asTrue, asFalse) => {
    expect(isTrue(value)).toBe(asTrue);
    expect(isFalse(value)).toBe(asFalse);
  });
});

describe("reading a number argument as Terraform converts it", () => {
  // Each answer is Terraform 1.11's tonumber() of the string.
  test.each<[unknown, number | undefined]>([
    [30, 30],
    ["30", 30],
    ["-1.5", -1.5],
    ["+5", 5],
    [".5", 0.5],
    ["5.", 5],
    ["1e3", 1000],
    ["1E+3", 1000],
    ["030", 30],
    // Beyond a double's digits, the nearest double; beyond its range, infinite, above or below every bound
    ["9007199254740993", 9007199254740992],
    ["1e309", Infinity],
    ["-1e309", -Infinity],
    [Infinity, Infinity],
    // Terraform refuses these for a number argument: no number at all
    ["0x1E", undefined],
    [" 30 ", undefined],
    ["30 ", undefined],
    ["", undefined],
    ["Infinity", undefined],
    ["1_000", undefined],
    [true, undefined],
    [null, undefined],
    // YAML's .nan: within no range and outside none
    [NaN, undefined],
  ])("%j: %s", (value, number) => {
    expect(asNumber(value)).toBe(number);
  });
});

describe("a JSON document written around unknown parts", () => {
  const document = (...pieces: string[]) => new PartialString(pieces[0], pieces[pieces.length - 1], pieces.slice(1, -1));

  test("with every unknown part inside a string, has its structure, and those strings keep their known text", () => {
    const containers = document('[{"name":"app","image":"', ':latest","environment":[{"name":"DB_HOST","value":"', '"}],"cpu":256}]');
    expect(parseJsonProperty(containers)).toEqual([
      { name: "app", image: new PartialString("", ":latest"), environment: [{ name: "DB_HOST", value: new PartialString("", "") }], cpu: 256 },
    ]);
    expect(parseJsonProperty(document('{"Resource":["arn:', ':s3:::logs/', '/*"]}'))).toEqual({ Resource: [new PartialString("arn:", "/*", [":s3:::logs/"])] });
  });

  test("a string that is an identifier alone is that identifier, as jsonencode would keep it", () => {
    // `"Resource":["${aws_s3_bucket.a.arn}","${aws_s3_bucket.a.arn}/*"]` as CDKTF's JSON.stringify writes it.
    const written = (identifiers: number[]) => new PartialString('{"Resource":["', '/*"]}', ['","'], identifiers);
    expect(parseJsonProperty(written([0, 1]))).toEqual({ Resource: [UNKNOWN_IDENTIFIER, new PartialString("", "/*")] });
    // Any other unknown part (`${var.arn}`) may be any text.
    expect(parseJsonProperty(written([1]))).toEqual({ Resource: [new PartialString("", ""), new PartialString("", "/*")] });
    // Private-use characters written as JSON escapes are text, never taken for an unknown part.
    expect(parseJsonProperty(new PartialString('{"a":"\\uE001","b":"', '"}', [], [0]))).toBe(UNKNOWN);
  });

  test("is unknown where an unknown part could change the structure, name a key, or follow an escape", () => {
    expect(parseJsonProperty(document('{"port":', "}"))).toBe(UNKNOWN);
    expect(parseJsonProperty(document('[{"name":"a"},', "]"))).toBe(UNKNOWN);
    expect(parseJsonProperty(document('{"', '":1,"b":2}'))).toEqual(UNKNOWN);
    expect(parseJsonProperty(document('{"a":"x\\', '"}'))).toBe(UNKNOWN);
    expect(parseJsonProperty(document("not json ", " at all"))).toBe(UNKNOWN);
  });

  test("keeps a __proto__ key as data", () => {
    const parsed = parseJsonProperty(document('{"__proto__":{"polluted":"', '"}}')) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("container definitions, as the AWS provider decodes them into the SDK's types", () => {
  const ECS_RULES = [imagePinned, noPlaintextSecrets, resourceLimits, healthCheck, logging];
  const findings = (resource: Resource) => ECS_RULES.flatMap((rule) => runExample(rule, [resource], {}).judgements.map((j) => `${rule.id} ${j.outcome}: ${j.message}`));
  const task = (containerDefinitions: string) => fromPulumi({ type: "aws:ecs/taskDefinition:TaskDefinition", name: "task", props: { family: "api", containerDefinitions } });
  const pascalCaseFindings = [
    'PR-CFG-005 violation: the image of container app uses the floating tag "latest"',
    "PR-CFG-002 violation: container app sets environment variable DB_PASSWORD to a plaintext secret",
  ];

  test("match keys to fields whatever their case, in HCL's jsonencode", () => {
    const definition = (container: string) => `
resource "aws_ecs_task_definition" "task" {
  family                   = "api"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  container_definitions    = jsonencode([{${container}}])
}`;
    const lowerCase = definition(`
    name        = "app"
    image       = "public.ecr.aws/nginx/nginx:1.27.0"
    healthcheck = { command = ["CMD-SHELL", "curl -f http://localhost/ || exit 1"] }
    logconfiguration = { LOGDRIVER = "awslogs" }`);
    withFiles({ "main.tf": lowerCase }, (dir) => {
      expect(loadTerraform([dir], { commandLineVariables: [] }).units[0].resources.flatMap(findings)).toEqual([]);
      writeFileSync(
        join(dir, "main.tf"),
        definition(`
    Name        = "app"
    Image       = "nginx:latest"
    Environment = [{ Name = "DB_PASSWORD", Value = "hunter2-supersecret" }]
    HealthCheck = { Command = ["CMD-SHELL", "true"] }
    LogConfiguration = { LogDriver = "awslogs" }`),
      );
      expect(loadTerraform([dir], { commandLineVariables: [] }).units[0].resources.flatMap(findings)).toEqual(pascalCaseFindings);
    });
  });

  test("a container unknown as a whole is undecided alone; the known containers beside it are judged (probe BE)", () => {
    // Dropping null fields with a `for` filter makes the whole object unknown while a value in it is (Terraform
    // does so too), as terraform-aws-modules/ecs's container definitions do with an image known only after apply.
    const sidecar = `{ for k, v in { name = "log-router", image = terraform_data.image.output, healthCheck = null } : k => v if v != null }`;
    const app = `{ name = "app", image = "nginx:1.27.2", environment = [{ name = "DB_PASSWORD", value = "hunter2-plaintext" }] }`;
    const hcl = `resource "terraform_data" "image" {
  input = "x"
}
resource "aws_ecs_task_definition" "task" {
  family                   = "api"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  container_definitions    = jsonencode([${sidecar}, ${app}])
}`;
    // CDKTF writes the same expression into a string of its JSON.
    const cdktf = JSON.stringify({
      resource: {
        terraform_data: { image: { input: "x" } },
        aws_ecs_task_definition: {
          task: { family: "api", requires_compatibilities: ["FARGATE"], cpu: 256, memory: 512, container_definitions: `\${jsonencode([${sidecar}, ${app}])}` },
        },
      },
    });
    const expected = [
      "PR-CFG-005 undecided: the container at index 0 is not known to the check",
      "PR-CFG-002 undecided: the container at index 0 is not known to the check",
      "PR-CFG-002 violation: container app sets environment variable DB_PASSWORD to a plaintext secret",
      "PR-OPS-007 undecided: the container at index 0 is not known to the check",
      "PR-OPS-007 violation: container app is essential but has no healthCheck command",
      "PR-OPS-006 undecided: the container at index 0 is not known to the check",
      "PR-OPS-006 violation: container app has no logConfiguration with a logDriver",
    ];
    for (const files of [{ "main.tf": hcl }, { "cdk.tf.json": cdktf }] as Files[]) {
      withFiles(files, (dir) => {
        const found = loadTerraform([dir], { commandLineVariables: [] }).units[0].resources.flatMap(findings);
        expect(found).toEqual(expected);
        expect(found.join("\n")).not.toContain("hunter2-plaintext");
      });
    }
  });

  test("an unknown entry keeps its place as UNKNOWN; one that is surely a string is no container, as a known string is not", () => {
    const task = (entries: unknown[]): Resource => ({
      kind: "aws_ecs_task_definition",
      address: "aws_ecs_task_definition.task",
      name: "task",
      engine: "terraform",
      props: { container_definitions: entries },
      options: {},
      location: {},
      secretPaths: [],
    });
    expect(containerDefinitions(task([UNKNOWN, { name: "app" }]))).toEqual([UNKNOWN, { name: "app" }]);
    expect(containerDefinitions(task([UNKNOWN_IDENTIFIER, new PartialString("{", "}"), "{}", { name: "app" }]))).toEqual([{ name: "app" }]);
  });

  test("jsonencode with an unknown part writes its keys sorted, and the provider decodes them in that order", () => {
    // Terraform writes {"Image":"nginx:latest","image":"nginx:<tag>",...}: the image deployed is the unknown one.
    const main = `variable "tag" {
  type = string
}
resource "aws_ecs_task_definition" "task" {
  family                = "api"
  container_definitions = jsonencode([{
    name   = "app"
    image  = "nginx:\${var.tag}"
    Image  = "nginx:latest"
    memory = 512
  }])
}`;
    withFiles({ "main.tf": main }, (dir) => {
      const [task] = loadTerraform([dir], { commandLineVariables: [] }).units[0].resources;
      expect(runExample(imagePinned, [task], {}).judgements.map((j) => j.outcome)).toEqual(["undecided"]);
    });
  });

  test("match keys to fields whatever their case, in Pulumi's JSON string", () => {
    const lowerCase = { name: "app", image: "example/app:1.4.2", memory: 512, healthcheck: { command: ["CMD", "/health"] }, logconfiguration: { logdriver: "awslogs" } };
    expect(findings(task(JSON.stringify([lowerCase])))).toEqual([]);
    const pascalCase = {
      Name: "app",
      Image: "nginx:latest",
      Memory: 512,
      Environment: [{ Name: "DB_PASSWORD", Value: "hunter2-supersecret" }],
      HealthCheck: { Command: ["CMD", "/health"] },
      LogConfiguration: { LogDriver: "awslogs" },
    };
    expect(findings(task(JSON.stringify([pascalCase])))).toEqual(pascalCaseFindings);
    // Beyond ASCII, Go folds only the long s and the Kelvin sign to ASCII letters.
    expect(containerDefinitions(task('[{"e\u017fsential":false,"\u0130mage":"x"}]'))).toEqual([{ essential: false, "\u0130mage": "x" }]);
  });

  test("keep the keys of a map as written, and decode two keys naming one field in order, as Go does", () => {
    const [container] = containerDefinitions(
      task(
        JSON.stringify([
          {
            image: "a:1.0.0",
            Image: "b:1.0.0",
            healthCheck: { command: ["CMD", "/health"] },
            HealthCheck: { interval: 5 },
            environment: [{ name: "A", value: "x" }],
            Environment: [{ name: "B" }],
            logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "app" } },
            LogConfiguration: { logDriver: null, Options: { "AWSLOGS-GROUP": "other" } },
            DockerLabels: { Team: "api" },
          },
        ]),
      ),
    ) as Record<string, unknown>[];
    expect(container).toEqual({
      image: "b:1.0.0",
      // A later object is decoded into the struct an earlier one filled, a later list's entries into its entries.
      healthCheck: { command: ["CMD", "/health"], interval: 5 },
      environment: [{ name: "B", value: "x" }],
      // A null leaves a plain string field as it was; a map gains the later object's keys.
      logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "app", "AWSLOGS-GROUP": "other" } },
      DockerLabels: { Team: "api" },
    });
    // An object decoded into an unknown health check leaves unknown what it does not name.
    const structured = fromPulumi({ type: "aws:ecs/taskDefinition:TaskDefinition", name: "task", props: { containerDefinitions: [{ healthCheck: UNKNOWN, HealthCheck: { interval: 5 } }] } });
    expect(containerDefinitions(structured)).toEqual([{ healthCheck: UNKNOWN }]);
  });
});
