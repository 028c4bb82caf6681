/**
 * A stack as large as a big account's: the cross-resource rules must finish it, not compare every bucket with every
 * bucket's configuration or every function with every alarm. Before the rules asked `Attachments` (read.ts) which
 * holders name each target, a tenth of this stack (2,000 buckets, 500 functions) took 100 s and a fifth 425 s, so
 * the whole would have taken hours; it now takes seconds. A hang test, not a timing test: the deadline is generous,
 * and the exact findings per rule show the rules still judged every pair that matters (the same counts came out
 * before, at the smaller sizes).
 */
import { evaluate } from "../../src/engine/evaluate";
import { resolveSettings } from "../../src/engine/settings";
import { PartialString, UNKNOWN, UNKNOWN_PRESENT, type Resource } from "../../src/model/resource";
import { catalogue } from "../../src/rules/catalogue";

const BUCKETS = 20_000;
const FUNCTIONS = 5_000;
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:oncall";

/** Every resource is in TOPIC's region, where the alarms' action notifies. */
function resource(kind: string, name: string, props: Record<string, unknown>, dependencies: string[] = []): Resource {
  return { kind, address: `${kind}.${name}`, name, engine: "terraform", props, options: {}, location: { file: "main.tf" }, secretPaths: [], dependencies, placement: { region: "eu-west-1" } };
}

/**
 * A holder's reference to its bucket or function: the usual `aws_s3_bucket.<name>.id`, known only after apply and
 * matched by the dependency it brings, or the name written out.
 */
function reference(address: string, name: string, byDependency: boolean): { value: unknown; dependencies: string[] } {
  return byDependency ? { value: UNKNOWN_PRESENT, dependencies: [address] } : { value: name, dependencies: [] };
}

/** Which holders each index gets, and which of them fail: one predicate per rule, so the expected counts follow. */
const has = {
  encryption: (i: number) => i % 7 !== 0,
  accessBlock: (i: number) => i % 11 !== 0,
  policy: (i: number) => i % 13 !== 0,
  alarm: (i: number) => i % 9 !== 0,
  logs: (i: number) => i % 6 !== 0,
};
const fails = {
  encryption: (i: number) => i % 10 === 3,
  accessBlock: (i: number) => i % 5 === 1,
  policy: (i: number) => i % 4 === 2,
  alarm: (i: number) => i % 8 === 5,
};

function bucketStack(): Resource[] {
  const resources: Resource[] = [];
  for (let i = 0; i < BUCKETS; i++) {
    const name = `data-${i}`;
    const bucket = resource("aws_s3_bucket", `data_${i}`, { bucket: name });
    resources.push(bucket);
    if (has.encryption(i)) {
      const { value, dependencies } = reference(bucket.address, name, i % 2 === 0);
      const byDefault = fails.encryption(i) ? { kms_master_key_id: "alias/data" } : { sse_algorithm: "aws:kms" };
      resources.push(resource("aws_s3_bucket_server_side_encryption_configuration", `data_${i}`, { bucket: value, rule: [{ apply_server_side_encryption_by_default: [byDefault] }] }, dependencies));
    }
    if (has.accessBlock(i)) {
      const { value, dependencies } = reference(bucket.address, name, i % 3 !== 0);
      const flags = { block_public_acls: true, block_public_policy: !fails.accessBlock(i), ignore_public_acls: true, restrict_public_buckets: true };
      resources.push(resource("aws_s3_bucket_public_access_block", `data_${i}`, { bucket: value, ...flags }, dependencies));
    }
    if (has.policy(i)) {
      const { value, dependencies } = reference(bucket.address, name, i % 3 === 0);
      const arn = `arn:aws:s3:::${name}`;
      const statement = fails.policy(i)
        ? { Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:role/app" }, Action: "s3:GetObject", Resource: `${arn}/*` }
        : { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } };
      resources.push(resource("aws_s3_bucket_policy", `data_${i}`, { bucket: value, policy: JSON.stringify({ Version: "2012-10-17", Statement: [statement] }) }, dependencies));
    }
  }
  // A public access block whose bucket is unknown and whose dependencies are not known may be any bucket's; it
  // fails, so it leaves no bucket undecided, but every bucket sees it.
  resources.push({ ...resource("aws_s3_bucket_public_access_block", "somewhere", { bucket: UNKNOWN, block_public_acls: false }), dependencies: undefined });
  return resources;
}

function functionStack(): Resource[] {
  const resources: Resource[] = [];
  for (let i = 0; i < FUNCTIONS; i++) {
    const name = `worker-${i}`;
    // Half the log groups are worked out from their function, whose name is then not known.
    const byReference = has.logs(i) && i % 2 === 0;
    const fn = resource("aws_lambda_function", `worker_${i}`, {
      function_name: byReference ? UNKNOWN : name,
      role: "arn:aws:iam::123456789012:role/worker",
      runtime: "python3.12",
      handler: "main.handler",
      dead_letter_config: [{ target_arn: "arn:aws:sqs:eu-west-1:123456789012:failures" }],
    });
    resources.push(fn);
    // Its log group, named after it: written out, or `"/aws/lambda/${aws_lambda_function.worker_<i>.function_name}"`.
    if (has.logs(i)) {
      const group = resource("aws_cloudwatch_log_group", `worker_${i}`, { name: byReference ? new PartialString("/aws/lambda/", "") : `/aws/lambda/${name}`, retention_in_days: 30 }, byReference ? [fn.address] : []);
      const interpolatedReads = { name: [{ kind: "aws_lambda_function", attribute: "function_name" }] };
      resources.push(byReference ? { ...group, references: { name: [fn.address] }, interpolatedReads } : group);
    } else {
      // A group whose name is not known at all may be any function's, but not in another region: each function
      // without its group still fails, whatever such groups there are.
      resources.push({ ...resource("aws_cloudwatch_log_group", `elsewhere_${i}`, { name: UNKNOWN, retention_in_days: 30 }), placement: { region: "us-east-1" } });
    }
    if (has.alarm(i)) {
      const { value, dependencies } = reference(fn.address, name, i % 2 === 0);
      resources.push(
        resource(
          "aws_cloudwatch_metric_alarm",
          `worker_${i}_errors`,
          { namespace: "AWS/Lambda", metric_name: "Errors", dimensions: { FunctionName: value }, threshold: 1, alarm_actions: fails.alarm(i) ? [] : [TOPIC] },
          dependencies,
        ),
      );
    }
  }
  return resources;
}

function count(total: number, predicate: (i: number) => boolean): number {
  let found = 0;
  for (let i = 0; i < total; i++) if (predicate(i)) found++;
  return found;
}

/** Missing holders are violations on the target; failing ones on the holder, once per holder. */
function expected(total: number, present: (i: number) => boolean, failing: (i: number) => boolean): number {
  return count(total, (i) => !present(i)) + count(total, (i) => present(i) && failing(i));
}

test("a stack of 20,000 buckets, each with its configuration, and 5,000 functions with an alarm and a log group each is checked in seconds", () => {
  const resources = [...bucketStack(), ...functionStack()];
  const stackRules = catalogue.filter((rule) => rule.scope === "stack");
  const started = Date.now();
  const findings = evaluate(resources, stackRules, resolveSettings(catalogue, "platform", {}));
  const seconds = (Date.now() - started) / 1000;

  const byRule: Record<string, number> = {};
  for (const finding of findings) byRule[`${finding.ruleId} ${finding.outcome}`] = (byRule[`${finding.ruleId} ${finding.outcome}`] ?? 0) + 1;
  expect(byRule).toEqual({
    "PR-SEC-009 violation": expected(BUCKETS, has.encryption, fails.encryption),
    "PR-SEC-016 violation": expected(BUCKETS, has.accessBlock, fails.accessBlock),
    "PR-SEC-008 violation": expected(BUCKETS, has.policy, fails.policy),
    "PR-OPS-010 violation": expected(FUNCTIONS, has.alarm, fails.alarm),
    "PR-OPS-018 violation": count(FUNCTIONS, (i) => !has.logs(i)),
  });
  // The findings are about the right resources: a bucket without a configuration, a configuration that fails.
  const about = (ruleId: string, address: string) => findings.filter((finding) => finding.ruleId === ruleId && finding.resource.address === address).map((finding) => finding.path);
  expect(about("PR-SEC-009", "aws_s3_bucket.data_7")).toEqual([""]);
  expect(about("PR-SEC-009", "aws_s3_bucket_server_side_encryption_configuration.data_13")).toEqual(["rule.0.apply_server_side_encryption_by_default.0.sse_algorithm"]);
  expect(about("PR-SEC-016", "aws_s3_bucket_public_access_block.data_1")).toEqual(["block_public_policy"]);
  expect(about("PR-SEC-008", "aws_s3_bucket_policy.data_2")).toEqual(["policy"]);
  expect(about("PR-OPS-010", "aws_lambda_function.worker_9")).toEqual([""]);
  expect(about("PR-OPS-010", "aws_cloudwatch_metric_alarm.worker_5_errors")).toEqual(["alarm_actions"]);
  expect(about("PR-OPS-018", "aws_lambda_function.worker_6")).toEqual([""]);
  // Seconds on any machine; before, hours.
  expect(seconds).toBeLessThan(120);
}, 300_000);
