/**
 * Whether each stack rule's work grows in proportion to the stack. A rule that compares every resource with every
 * other one turns a large but ordinary configuration into a run that does not finish: 30,000 queues, or buckets with
 * a policy each, kept a 50 MB check busy for over fifteen minutes before it was stopped. Work is counted as reads of
 * the resources' fields, addresses visited walking what they reach and holders answered as attached to a target, not
 * time, so the result does not depend on the machine or its load: doubling the stack doubles the work of a linear
 * rule and quadruples that of a quadratic one.
 */
import { join } from "path";
import { loadTerraform } from "../../src/adapters/terraform";
import { runRule } from "../../src/engine/evaluate";
import { resolveSettings } from "../../src/engine/settings";
import { ReachedAddresses, type Resource } from "../../src/model/resource";
import { catalogue } from "../../src/rules/catalogue";
import { Attachments } from "../../src/rules/read";
import { createScratch, removeScratch, writeFiles } from "../support/scratch";

let root: string;
beforeAll(() => {
  root = createScratch();
});
afterAll(() => removeScratch(root));

const settings = resolveSettings(catalogue, "platform", {});

/** The work of the rule `id` over `count` copies of `shard`. */
function workOf(id: string, shard: (index: number) => string, count: number): number {
  const dir = join(root, `${id}-${count}`);
  writeFiles(dir, { "main.tf": Array.from({ length: count }, (_, index) => shard(index)).join("\n") });
  const loaded = loadTerraform([dir], { commandLineVariables: [] });
  expect(loaded.diagnostics).toEqual([]);
  let reads = 0;
  const counted = loaded.units.flatMap((unit) => unit.resources).map(
    (resource) =>
      new Proxy(resource, {
        get(target, key, receiver) {
          reads++;
          return Reflect.get(target, key, receiver) as unknown;
        },
      }) as Resource,
  );
  const rule = catalogue.find((each) => each.id === id)!;
  const walk = ReachedAddresses.prototype.some;
  const walked = jest.spyOn(ReachedAddresses.prototype, "some").mockImplementation(function (this: ReachedAddresses, visit) {
    return walk.call(this, (address) => (reads++, visit(address)));
  });
  const attachedTo = Attachments.prototype.of;
  const answered = jest.spyOn(Attachments.prototype, "of").mockImplementation(function (this: Attachments, target) {
    const answers = attachedTo.call(this, target);
    reads += answers.length;
    return answers;
  });
  try {
    const run = runRule(rule, counted, settings.get(rule.slug)!.config);
    expect(run.applicable).toBe(true);
  } finally {
    walked.mockRestore();
    answered.mockRestore();
  }
  return reads;
}

/** How many times the work grows when the stack doubles: 2 for a linear rule, 4 for a quadratic one. */
function growth(id: string, shard: (index: number) => string): number {
  return workOf(id, shard, 80) / workOf(id, shard, 40);
}

/** Linear, with room for work that does not depend on the stack's size. */
const LINEAR = 2.5;

const QUEUE = (index: number) => `resource "aws_sqs_queue" "jobs_${index}" {\n  name = "jobs-${index}"\n}\n`;
const FUNCTION = (index: number) => `resource "aws_lambda_function" "worker_${index}" {\n  function_name = "worker-${index}"\n  role = "arn:aws:iam::123456789012:role/worker"\n  runtime = "python3.12"\n  handler = "main.handler"\n  filename = "worker.zip"\n}\n`;
const BUCKET = (index: number) => `resource "aws_s3_bucket" "data_${index}" {\n  bucket = "data-${index}"\n}\n`;

test("the measure tells a linear rule: PR-RES-005 reads each function a fixed number of times", () => {
  expect(growth("PR-RES-005", FUNCTION)).toBeLessThanOrEqual(LINEAR);
});

// Every queue used to be compared with every failure route, every queue being one; only routes that name a target count.
test("PR-RES-004 (SQS dead-letter queue) grows linearly with the number of queues", () => {
  expect(growth("PR-RES-004", QUEUE)).toBeLessThanOrEqual(LINEAR);
});

// Each queue may be the DLQ of every queue after it, as what a queue's redrive policy reads depends on all before it:
// each was answered for all of those, and all of them were held, a pair for every queue and each before it.
test("PR-RES-004 grows linearly with a chain of queues, each redriving to the one before", () => {
  const shard = (index: number) =>
    index === 0
      ? QUEUE(index)
      : `resource "aws_sqs_queue" "jobs_${index}" {\n  name = "jobs-${index}"\n  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.jobs_${index - 1}.arn, maxReceiveCount = 5 })\n}\n`;
  expect(growth("PR-RES-004", shard)).toBeLessThanOrEqual(LINEAR);
});

// Every bucket used to be compared with every policy, and a policy whose bucket is only known after apply
// (`aws_s3_bucket.x.id`, the usual way) then with every other bucket; read.ts's Attachments indexes them instead.
test("PR-SEC-008 (bucket policy denies insecure transport) grows linearly with buckets that each have a policy", () => {
  const shard = (index: number) =>
    BUCKET(index) +
    `resource "aws_s3_bucket_policy" "data_${index}" {\n  bucket = aws_s3_bucket.data_${index}.id\n  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Deny", Principal = "*", Action = "s3:*", Resource = "*", Condition = { Bool = { "aws:SecureTransport" = "false" } } }] })\n}\n`;
  expect(growth("PR-SEC-008", shard)).toBeLessThanOrEqual(LINEAR);
});

// The same comparisons, between buckets and their encryption configurations.
test("PR-SEC-009 (S3 default encryption) grows linearly with buckets that each have an encryption configuration", () => {
  const shard = (index: number) =>
    BUCKET(index) +
    `resource "aws_s3_bucket_server_side_encryption_configuration" "data_${index}" {\n  bucket = aws_s3_bucket.data_${index}.id\n  rule {\n    apply_server_side_encryption_by_default {\n      sse_algorithm = "aws:kms"\n    }\n  }\n}\n`;
  expect(growth("PR-SEC-009", shard)).toBeLessThanOrEqual(LINEAR);
});

// Each watched resource used to search the whole stack for its alarms.
test("PR-OPS-010 (alarms cover resources) grows linearly with the number of functions", () => {
  expect(growth("PR-OPS-010", FUNCTION)).toBeLessThanOrEqual(LINEAR);
});
