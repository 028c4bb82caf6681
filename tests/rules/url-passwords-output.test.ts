/**
 * A password written into a connection URL, through `prodready check`: every rule that reads values finds it,
 * whatever the variable's name, and no output format or baseline prints it.
 */
import { checkPaths } from "../../src/cli/check";
import { reporters } from "../../src/reporters";
import { createScratch, removeScratch } from "../support/scratch";

const PASSWORD = "Wq7vLx2pTz9k";

const FILES: Record<string, string> = {
  "compose.yaml": [
    "services:",
    "  web:",
    "    image: ghcr.io/acme/web:1.4.2",
    "    environment:",
    `      DATABASE_URL: postgres://app:${PASSWORD}@db:5432/app`,
    `      REDIS_URL: redis://:${PASSWORD}@cache:6379/0`,
    "      CACHE_URL: redis://cache:6379/0",
    "      REPLICA_URL: postgres://app:${REPLICA_PASSWORD}@replica:5432/app",
    "",
  ].join("\n"),
  "Dockerfile": [
    "FROM python:3.12.1-slim",
    `ENV DATABASE_URL=postgres://app:${PASSWORD}@db:5432/app`,
    `RUN pip install --index-url https://deploy:${PASSWORD}@pypi.example.com/simple acme-lib==1.2.0`,
    "USER nobody",
    "",
  ].join("\n"),
  "k8s/deploy.yaml": [
    "apiVersion: apps/v1",
    "kind: Deployment",
    "metadata:",
    "  name: web",
    "spec:",
    "  template:",
    "    spec:",
    "      containers:",
    "        - name: web",
    "          image: ghcr.io/acme/web:1.4.2",
    "          env:",
    "            - name: DATABASE_URL",
    `              value: postgres://app:${PASSWORD}@db:5432/app`,
    "            - name: REPLICA_URL",
    "              value: postgres://app:$(DB_PASSWORD)@replica:5432/app",
    "",
  ].join("\n"),
  "config/app.yaml": `database:\n  url: postgres://app:${PASSWORD}@db:5432/app\n  replica_url: postgres://app@replica:5432/app\n`,
  "main.tf": `
resource "aws_lambda_function" "api" {
  function_name = "api"
  role          = "arn:aws:iam::123456789012:role/api"
  handler       = "index.handler"
  runtime       = "nodejs20.x"
  filename      = "api.zip"
  environment {
    variables = {
      DATABASE_URL = "postgresql://app:${PASSWORD}@db.example.internal:5432/app"
      QUEUE_URL    = "amqp://worker@mq.example.internal"
    }
  }
}

resource "aws_ecs_task_definition" "worker" {
  family = "worker"
  container_definitions = jsonencode([{
    name        = "worker"
    image       = "ghcr.io/acme/worker:1.4.2"
    environment = [{ name = "BROKER_URL", value = "amqp://worker:${PASSWORD}@mq.example.internal/jobs" }]
  }])
}

resource "aws_instance" "vm" {
  ami           = "ami-0123456789abcdef0"
  instance_type = "t3.micro"
  user_data     = <<-EOT
    #!/bin/bash
    echo 'DATABASE_URL=postgres://app:${PASSWORD}@db/app' > /etc/app.env
  EOT
}
`,
};

let dir: string;
beforeAll(() => {
  dir = createScratch(FILES);
});
afterAll(() => removeScratch(dir));

// One check serves every test: they read its report in different ways.
let checked: ReturnType<typeof checkPaths> | undefined;
const check = () => (checked ??= checkPaths({ paths: [dir], commandLineVariables: [], today: "2026-01-01", profile: "platform" }));

const SECRET_RULES = ["PR-CFG-001", "PR-CFG-002", "PR-CFG-003", "PR-CFG-010", "PR-CFG-013", "PR-CFG-015", "PR-CFG-020"];

test("each rule that reads the value finds the password, and only where one is written", () => {
  const { report } = check();
  expect(report.diagnostics).toEqual([]);
  const found = report.findings.filter((finding) => SECRET_RULES.includes(finding.ruleId));
  // A Dockerfile is named by its path from the working directory: its base name is enough here.
  expect(found.map((finding) => [finding.ruleId, finding.outcome, finding.resource.name.split("/").pop(), finding.path, finding.message])).toEqual([
    ["PR-CFG-001", "violation", "api", "environment.0.variables.DATABASE_URL", "environment variable DATABASE_URL holds a password in a URL"],
    ["PR-CFG-002", "violation", "worker", "container_definitions", "container worker sets environment variable BROKER_URL to a password in a URL"],
    ["PR-CFG-003", "violation", "vm", "user_data", "user data holds a password in a URL"],
    ["PR-CFG-010", "violation", "Dockerfile", "stages.0.instructions.0", "the ENV on line 2 holds a password in a URL"],
    ["PR-CFG-010", "violation", "Dockerfile", "stages.0.instructions.1", "the RUN on line 3 holds a password in a URL"],
    ["PR-CFG-013", "violation", "web", "environment.DATABASE_URL", "environment variable DATABASE_URL holds a password in a URL"],
    ["PR-CFG-013", "violation", "web", "environment.REDIS_URL", "environment variable REDIS_URL holds a password in a URL"],
    ["PR-CFG-015", "violation", "web", "spec.template.spec.containers.0.env.0.value", "environment variable DATABASE_URL of container web holds a password in a URL"],
    ["PR-CFG-020", "violation", "app.yaml", "lines.1", "line 2 holds a password in a URL"],
  ]);
});

test.each([...reporters.keys()])("no password appears in the %s output", (format) => {
  const { report, baselineText } = check();
  const output = reporters.get(format)!.render(report, { color: false });
  expect(output).toContain("PR-CFG-013");
  expect(output).not.toContain(PASSWORD);
  expect(baselineText).not.toContain(PASSWORD);
});
