import type { TerraformStack } from "cdktf";
import { parse } from "yaml";
import { Alerting } from "../../constructs/src/alerting";
import { renderCloudConfig, cloudConfigOf, type HostSpec } from "../../constructs/src/cloud-init/render";
import { EncryptionKey } from "../../constructs/src/encryption-key";
import { HardenedVps, type HardenedVpsProps, type VpsApp } from "../../constructs/src/hardened-vps";
import { ManagedSecret } from "../../constructs/src/managed-secret";
import { CLEAN, blocksOf, checkConstruct, outcomeOf, referenceTo, summaryOf, type ConstructCheckResult } from "../support/construct-check";

const NETWORK = { vpcId: "vpc-0a1b2c3d4e5f60718", subnetId: "subnet-0a1b2c3d4e5f60001" };
const APP: VpsApp = { name: "orders", command: "/opt/orders/bin/server --port 8080", environmentFrom: { ssmParameter: "/prod/orders/env" } };
const ROTATOR = "arn:aws:lambda:eu-west-1:123456789012:function:rotate-orders-env";
const SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/orders/env-AbCdEf";

type Overrides = Partial<Omit<HardenedVpsProps, "app">> & { app?: Partial<VpsApp> };

/** A host in the test network running the orders app, with `overrides` on top. */
function vps(stack: TerraformStack, id: string, overrides: Overrides = {}): HardenedVps {
  return new HardenedVps(stack, id, { ...NETWORK, ...overrides, app: { ...APP, ...overrides.app } });
}

/** The user data as the host receives it: Terraform's `$${` and `%%{` escapes undone. */
function userDataOf(result: ConstructCheckResult, id: string): string {
  const [instance] = blocksOf(result, "aws_instance", id);
  return (instance.user_data as string).replace(/\$\$\{/g, "${").replace(/%%\{/g, "%{");
}

interface WriteFile {
  path: string;
  content: string;
}

function fileOf(document: Record<string, unknown>, path: string): string {
  const file = (document.write_files as WriteFile[]).find((each) => each.path === path);
  if (file === undefined) throw new Error(`no ${path} in write_files`);
  return file.content;
}

const SPEC: HostSpec = {
  app: { name: "orders", command: "/opt/orders/bin/server", environment: { LOG_LEVEL: "info" }, environmentFrom: { store: "ssm", id: "/prod/orders/env" }, memoryMax: "75%" },
  setupCommands: [],
  firewall: [
    { port: 22, protocol: "tcp", sources: ["10.20.0.0/16"], rateLimited: true },
    { port: 443, protocol: "tcp", sources: ["0.0.0.0/0", "::/0"] },
  ],
  swapSizeMiB: 2048,
  journaldMaxUse: "500M",
  logRotateDays: 14,
  automaticRebootTime: "04:00",
  agent: { logGroupName: "/hardened-vps/orders", packageArchitecture: "amd64", version: "latest" },
};

describe("HardenedVps", () => {
  let checked: ConstructCheckResult;
  const hosts: Record<string, HardenedVps> = {};
  beforeAll(() => {
    checked = checkConstruct((stack) => {
      const host = (id: string, overrides: Overrides = {}): void => {
        hosts[id] = vps(stack, id, overrides);
      };
      host("orders");
      host("secret-by-name", { app: { environmentFrom: { secretsManager: "prod/orders/env" } } });
      const named = new ManagedSecret(stack, "named-secret", { secretName: "prod/billing/env", rotation: { lambdaArn: ROTATOR } });
      host("managed-secret", { app: { name: "billing", environmentFrom: { secret: named } } });
      const unnamed = new ManagedSecret(stack, "unnamed-secret", { rotation: { lambdaArn: ROTATOR } });
      host("generated-secret-name", { app: { environmentFrom: { secret: unnamed } } });
      host("secret-by-arn", { app: { environmentFrom: { secretsManager: SECRET_ARN } } });
      host("web", { publicIp: true, ingress: [{ port: 443, cidrs: ["0.0.0.0/0", "::/0"], description: "HTTPS" }] });
      host("ssh-allow-list", { sshFrom: ["10.20.0.0/16"], keyName: "ops" });
      host("imdsv1", { requireImdsv2: false });
      host("unencrypted", { encryptRootVolume: false });
      host("ssh-internet", { sshFrom: ["0.0.0.0/0"] });
      host("database-open", { ingress: [{ port: 5432, cidrs: ["0.0.0.0/0"] }] });
      host("no-alarms", { alarms: false });
      host("late-alarms", { alarms: { cpuPercent: 95 } });
      host("short-logs", { logs: { retentionInDays: 3 } });
      host("plaintext-secret", { app: { environment: { LOG_LEVEL: "info", DB_PASSWORD: "correct-horse-battery" } } });
      host("no-swap", { swapSizeMiB: 0 });
      host("no-reboot", { automaticRebootTime: false });
      host("unprotected", { terminationProtection: false });
      host("unrotated-key", { keyProps: { enableKeyRotation: false } });
      const key = new EncryptionKey(stack, "shared-key");
      const alerts = new Alerting(stack, "shared-alerts", { encryptionKey: key });
      host("shared", { encryptionKey: key, alerting: alerts });
      host("paged", { alertingProps: { emailAddress: "oncall@example.com" } });
    });
  });

  test("with its defaults: no finding of any kind under platform, no diagnostic, no warning", () => {
    expect(summaryOf(checkConstruct((stack) => vps(stack, "vps")))).toEqual(CLEAN);
  });

  test("every case the tests do not weaken is clean, and the stack reads without a diagnostic", () => {
    expect(checked.diagnostics).toEqual([]);
    for (const id of ["orders", "paged", "secret-by-name", "managed-secret", "named-secret", "unnamed-secret", "web", "ssh-allow-list", "shared", "shared-key", "shared-alerts"]) {
      expect([id, outcomeOf(checked, id)]).toEqual([id, { findings: [], violations: [], warnings: [] }]);
    }
  });

  test("the instance requires IMDSv2 (one hop), encrypts its root volume with the construct's key and is protected from termination", () => {
    const [instance] = blocksOf(checked, "aws_instance", "orders");
    expect(instance).toMatchObject({
      instance_type: "t3.small",
      subnet_id: NETWORK.subnetId,
      associate_public_ip_address: false,
      disable_api_termination: true,
      metadata_options: { http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1, instance_metadata_tags: "disabled" },
      root_block_device: { encrypted: true, volume_type: "gp3", volume_size: 20, delete_on_termination: true },
      maintenance_options: { auto_recovery: "default" },
      lifecycle: { ignore_changes: ["ami"] },
    });
    expect((instance.root_block_device as Record<string, unknown>).kms_key_id).toBe(referenceTo(checked, "aws_kms_key", "orders", "arn"));
    expect(instance.vpc_security_group_ids).toEqual([referenceTo(checked, "aws_security_group", "orders", "id")]);
    expect(instance.iam_instance_profile).toBe(referenceTo(checked, "aws_iam_instance_profile", "orders", "name"));
    const [ubuntu] = Object.values(checked.synthesized.data?.aws_ami ?? {}).filter((block) => JSON.stringify(block).includes("construct/orders/"));
    expect(ubuntu).toMatchObject({ owners: ["099720109477"], most_recent: true, filter: [{ name: "name", values: ["ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*"] }, { name: "architecture", values: ["x86_64"] }] });
  });

  test("no port is open by default; outbound only HTTP and HTTPS", () => {
    expect(blocksOf(checked, "aws_vpc_security_group_ingress_rule", "orders")).toEqual([]);
    const egress = blocksOf(checked, "aws_vpc_security_group_egress_rule", "orders");
    expect(egress.map((rule) => [rule.ip_protocol, rule.from_port, rule.to_port, rule.cidr_ipv4])).toEqual([
      ["tcp", 443, 443, "0.0.0.0/0"],
      ["tcp", 80, 80, "0.0.0.0/0"],
    ]);
    expect(blocksOf(checked, "aws_security_group", "orders")).toEqual([expect.objectContaining({ vpc_id: NETWORK.vpcId, revoke_rules_on_delete: true })]);
    expect(blocksOf(checked, "aws_security_group", "orders")[0]).not.toHaveProperty("ingress");
  });

  test("SSH from an allow-list: one security group rule per block and ufw limit on the host; the web ports for IPv4 and IPv6", () => {
    expect(blocksOf(checked, "aws_vpc_security_group_ingress_rule", "ssh-allow-list").map((rule) => [rule.from_port, rule.cidr_ipv4])).toEqual([[22, "10.20.0.0/16"]]);
    expect(blocksOf(checked, "aws_instance", "ssh-allow-list")[0].key_name).toBe("ops");
    expect((parse(hosts["ssh-allow-list"].cloudConfig) as { runcmd: unknown[] }).runcmd).toContainEqual(["ufw", "limit", "proto", "tcp", "from", "10.20.0.0/16", "to", "any", "port", "22"]);
    const web = blocksOf(checked, "aws_vpc_security_group_ingress_rule", "web");
    expect(web.map((rule) => [rule.from_port, rule.cidr_ipv4 ?? rule.cidr_ipv6])).toEqual([
      [443, "0.0.0.0/0"],
      [443, "::/0"],
    ]);
    expect(blocksOf(checked, "aws_instance", "web")[0].associate_public_ip_address).toBe(true);
  });

  test("the instance role: EC2 trust without a condition EC2 does not send, Session Manager, agent metrics in its namespace, logs to its group, and exactly the environment's parameter", () => {
    const [role] = blocksOf(checked, "aws_iam_role", "orders");
    expect(role.assume_role_policy).toMatch(/"Service" = "ec2\.amazonaws\.com"/);
    expect(role.assume_role_policy).not.toMatch(/Condition/);
    const [policy] = blocksOf(checked, "aws_iam_role_policy", "orders");
    const text = policy.policy as string;
    expect(text).toContain('"ssmmessages:OpenDataChannel"');
    expect(text).not.toMatch(/ssm:GetParameters|AmazonSSMManagedInstanceCore/);
    expect(text).toContain('{"Effect" = "Allow", "Action" = "cloudwatch:PutMetricData", "Resource" = "*", "Condition" = {"StringEquals" = {"cloudwatch:namespace" = "CWAgent"}}}');
    const group = referenceTo(checked, "aws_cloudwatch_log_group", "orders", "arn");
    expect(text).toContain(`"Resource" = [${group.slice(2, -1)}, "${group}:*"]`);
    expect(text).toMatch(/\{"Effect" = "Allow", "Action" = "ssm:GetParameter", "Resource" = "arn:\$\{data\.aws_partition\.\S+\.partition\}:ssm:\$\{data\.aws_region\.\S+\.region\}:\$\{data\.aws_caller_identity\.\S+\.account_id\}:parameter\/prod\/orders\/env"\}\]/);
    expect(text).not.toMatch(/secretsmanager/);
  });

  test("a secret by name is read through its ARN pattern; a ManagedSecret through its own statements", () => {
    const byName = blocksOf(checked, "aws_iam_role_policy", "secret-by-name")[0].policy as string;
    expect(byName).toMatch(/\{"Effect" = "Allow", "Action" = "secretsmanager:GetSecretValue", "Resource" = "arn:\$\{[^}]+\}:secretsmanager:\$\{[^}]+\}:\$\{[^}]+\}:secret:prod\/orders\/env-\?\?\?\?\?\?"\}\]/);
    const managed = blocksOf(checked, "aws_iam_role_policy", "managed-secret")[0].policy as string;
    expect(managed).toContain(`"Resource" = ${referenceTo(checked, "aws_secretsmanager_secret", "named-secret", "arn").slice(2, -1)}`);
    expect(managed).toContain(`"Resource" = ${referenceTo(checked, "aws_kms_key", "named-secret", "arn").slice(2, -1)}`);
    expect(hosts["managed-secret"].cloudConfig).toContain("ExecStartPre=+/usr/local/sbin/fetch-environment secretsmanager prod/billing/env /run/billing.env");
  });

  test("the user data is the rendered document: the agent's ${aws:InstanceId} escaped for Terraform, no reference left in it", () => {
    const [instance] = blocksOf(checked, "aws_instance", "orders");
    expect(instance.user_data).toContain('"InstanceId": "$${aws:InstanceId}"');
    expect(userDataOf(checked, "orders")).toBe(hosts.orders.cloudConfig);
    expect(hosts.orders.cloudConfig).not.toMatch(/TfToken/);
    expect(Buffer.byteLength(hosts.orders.cloudConfig)).toBeLessThan(16 * 1024);
  });

  test("the user data names the environment's parameter and the fetch command, never a value", () => {
    const unit = fileOf(parse(hosts.orders.cloudConfig) as Record<string, unknown>, "/etc/systemd/system/orders.service");
    expect(unit).toContain("ExecStartPre=+/usr/local/sbin/fetch-environment ssm /prod/orders/env /run/orders.env\nEnvironmentFile=-/run/orders.env\n");
    expect(unit).toContain("ExecStart=/opt/orders/bin/server --port 8080\n");
  });

  test("alarms on both status checks, CPU, memory and disk notify the topic when they fire and clear; a failed system check recovers the instance, a failed instance check reboots it", () => {
    // Synthesized blocks come in the order of their names; the alarms are read in the order the construct creates them.
    const order = ["StatusCheckFailed_System", "StatusCheckFailed_Instance", "CPUUtilization", "mem_used_percent", "disk_used_percent"];
    const alarms = blocksOf(checked, "aws_cloudwatch_metric_alarm", "orders").sort((a, b) => order.indexOf(a.metric_name as string) - order.indexOf(b.metric_name as string));
    const topic = referenceTo(checked, "aws_sns_topic", "orders", "arn");
    const instance = referenceTo(checked, "aws_instance", "orders", "id");
    expect(alarms.map((alarm) => [alarm.namespace, alarm.metric_name, alarm.threshold, alarm.dimensions])).toEqual([
      ["AWS/EC2", "StatusCheckFailed_System", 1, { InstanceId: instance }],
      ["AWS/EC2", "StatusCheckFailed_Instance", 1, { InstanceId: instance }],
      ["AWS/EC2", "CPUUtilization", 80, { InstanceId: instance }],
      ["CWAgent", "mem_used_percent", 90, { InstanceId: instance }],
      ["CWAgent", "disk_used_percent", 85, { InstanceId: instance, path: "/", fstype: "ext4" }],
    ]);
    for (const alarm of alarms) {
      expect(alarm.alarm_actions).toContain(topic);
      expect(alarm.ok_actions).toEqual([topic]);
    }
    expect(alarms[0].alarm_actions).toEqual([expect.stringMatching(/^arn:\$\{data\.aws_partition\.\S+\.partition\}:automate:\$\{data\.aws_region\.\S+\.region\}:ec2:recover$/), topic]);
    expect(alarms[1].alarm_actions).toEqual([expect.stringMatching(/:ec2:reboot$/), topic]);
    expect(alarms.slice(3).map((alarm) => alarm.treat_missing_data)).toEqual(["breaching", "breaching"]);
  });

  test("the topic, the log group and the root volume share the host's key; the log group has a fixed name the agent ships to", () => {
    const key = referenceTo(checked, "aws_kms_key", "orders", "arn");
    expect(blocksOf(checked, "aws_sns_topic", "orders")[0].kms_master_key_id).toBe(key);
    expect(blocksOf(checked, "aws_cloudwatch_log_group", "orders")[0]).toMatchObject({ name: "/hardened-vps/construct/orders", retention_in_days: 90, kms_key_id: key });
    expect(hosts.orders.cloudConfig).toContain('"log_group_name": "/hardened-vps/construct/orders"');
  });

  test("an existing key and Alerting are used instead of new ones", () => {
    expect(blocksOf(checked, "aws_kms_key", "shared")).toEqual([]);
    expect(blocksOf(checked, "aws_sns_topic", "shared")).toEqual([]);
    const topic = referenceTo(checked, "aws_sns_topic", "shared-alerts", "arn");
    for (const alarm of blocksOf(checked, "aws_cloudwatch_metric_alarm", "shared")) expect(alarm.alarm_actions).toContain(topic);
    expect((blocksOf(checked, "aws_instance", "shared")[0].root_block_device as Record<string, unknown>).kms_key_id).toBe(referenceTo(checked, "aws_kms_key", "shared-key", "arn"));
  });

  test("alertingProps reach the topic the construct creates, which keeps sharing the host's key", () => {
    expect(blocksOf(checked, "aws_sns_topic_subscription", "paged")).toEqual([expect.objectContaining({ protocol: "email", endpoint: "oncall@example.com" })]);
    expect(blocksOf(checked, "aws_kms_key", "paged")).toHaveLength(1);
    expect(blocksOf(checked, "aws_sns_topic", "paged")[0].kms_master_key_id).toBe(referenceTo(checked, "aws_kms_key", "paged", "arn"));
  });

  // The weakening props: each warns, and the rule that covers it fires (or nothing fires where no rule covers it).

  test("requireImdsv2: false is flagged by PR-SEC-017, with a warning", () => {
    const outcome = outcomeOf(checked, "imdsv1");
    expect(outcome.violations).toEqual(["PR-SEC-017"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "requireImdsv2" weakens .*PR-SEC-017/)]);
  });

  test("encryptRootVolume: false is flagged by PR-SEC-010, with a warning", () => {
    const outcome = outcomeOf(checked, "unencrypted");
    expect(outcome.violations).toEqual(["PR-SEC-010"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "encryptRootVolume" weakens .*PR-SEC-010/)]);
    expect(blocksOf(checked, "aws_instance", "unencrypted")[0].root_block_device).toEqual(expect.objectContaining({ encrypted: false }));
  });

  test('sshFrom: ["0.0.0.0/0"] is flagged by PR-SEC-001, with a warning', () => {
    const outcome = outcomeOf(checked, "ssh-internet");
    expect(outcome.violations).toEqual(["PR-SEC-001"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "sshFrom" weakens .*PR-SEC-001/)]);
  });

  test("ingress opening a database port to the internet is flagged by PR-SEC-002, with a warning", () => {
    const outcome = outcomeOf(checked, "database-open");
    expect(outcome.violations).toEqual(["PR-SEC-002"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "ingress" weakens .*PR-SEC-002/)]);
  });

  test("alarms: false is flagged by PR-OPS-010, with a warning; no alarm, no topic", () => {
    const outcome = outcomeOf(checked, "no-alarms");
    expect(outcome.violations).toEqual(["PR-OPS-010"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "alarms" weakens .*PR-OPS-010/)]);
    expect(blocksOf(checked, "aws_cloudwatch_metric_alarm", "no-alarms")).toEqual([]);
    expect(blocksOf(checked, "aws_sns_topic", "no-alarms")).toEqual([]);
  });

  test("a higher alarm threshold is a warning only: the instance is still watched", () => {
    expect(outcomeOf(checked, "late-alarms")).toEqual({ findings: [], violations: [], warnings: [expect.stringMatching(/^prop "alarms" weakens/)] });
    const thresholds = Object.fromEntries(blocksOf(checked, "aws_cloudwatch_metric_alarm", "late-alarms").map((alarm) => [alarm.metric_name, alarm.threshold]));
    expect(thresholds).toEqual({ StatusCheckFailed_System: 1, StatusCheckFailed_Instance: 1, CPUUtilization: 95, mem_used_percent: 90, disk_used_percent: 85 });
  });

  test("a log retention under the rule's minimum is flagged by PR-OPS-005, with the log group's warning", () => {
    const outcome = outcomeOf(checked, "short-logs");
    expect(outcome.violations).toEqual(["PR-OPS-005"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "retentionInDays" weakens .*PR-OPS-005/)]);
  });

  test("a credential in app.environment is flagged by PR-CFG-003, with a warning that never shows the value", () => {
    const outcome = outcomeOf(checked, "plaintext-secret");
    expect(outcome.violations).toEqual(["PR-CFG-003"]);
    expect(outcome.warnings).toEqual([expect.stringMatching(/^prop "app\.environment" weakens .*PR-CFG-003/)]);
    expect(outcome.warnings.join("\n")).not.toContain("correct-horse-battery");
    expect(checked.findings.map((finding) => finding.message).join("\n")).not.toContain("correct-horse-battery");
  });

  test("keyProps reach the key: rotation off is flagged by PR-RES-010", () => {
    expect(outcomeOf(checked, "unrotated-key").violations).toEqual(["PR-RES-010"]);
  });

  test("no swap fires PR-LIM-007", () => {
    expect(outcomeOf(checked, "no-swap")).toEqual({
      findings: [expect.stringMatching(/^PR-LIM-007 violation aws_instance\.\S+ user_data/)],
      violations: ["PR-LIM-007"],
      warnings: [expect.stringMatching(/^prop "swapSizeMiB" weakens .*PR-LIM-007/)],
    });
  });

  test("no automatic reboot and no termination protection are warnings only: no rule covers them", () => {
    expect(parse(hosts["no-swap"].cloudConfig) as Record<string, unknown>).not.toHaveProperty("swap");
    expect(outcomeOf(checked, "no-reboot")).toEqual({ findings: [], violations: [], warnings: [expect.stringMatching(/^prop "automaticRebootTime" weakens/)] });
    expect(fileOf(parse(hosts["no-reboot"].cloudConfig) as Record<string, unknown>, "/etc/apt/apt.conf.d/52unattended-upgrades-local")).toContain('Unattended-Upgrade::Automatic-Reboot "false";');
    expect(outcomeOf(checked, "unprotected")).toEqual({ findings: [], violations: [], warnings: [expect.stringMatching(/^prop "terminationProtection" weakens/)] });
    expect(blocksOf(checked, "aws_instance", "unprotected")[0].disable_api_termination).toBe(false);
  });

  // What the checker makes of correct configurations it cannot read (see constructs/README, "Known checker gaps").

  test("a secret's literal ARN in user data is the reference PR-CFG-003 asks for, not a credential", () => {
    expect(hosts["secret-by-arn"].cloudConfig).toContain(`fetch-environment secretsmanager ${SECRET_ARN} /run/orders.env`);
    expect(outcomeOf(checked, "secret-by-arn").findings).toEqual([]);
  });

  test("checker gap: a ManagedSecret without a name puts its ARN reference in the user data, which PR-CFG-003 cannot decide; the host rules judge around it, an argument of a program they do not look for", () => {
    const [instance] = blocksOf(checked, "aws_instance", "generated-secret-name");
    expect(instance.user_data).toContain(`fetch-environment secretsmanager ${referenceTo(checked, "aws_secretsmanager_secret", "unnamed-secret", "arn")} /run/orders.env`);
    expect([...outcomeOf(checked, "generated-secret-name").findings].sort()).toEqual([expect.stringMatching(/^PR-CFG-003 undecided aws_instance\.\S+ user_data$/)]);
  });

  test("refuses SSH through ingress, a malformed CIDR or app name, and both a key and key settings", () => {
    const build = (overrides: Overrides) => () => checkConstruct((stack) => vps(stack, "vps", overrides));
    expect(build({ ingress: [{ port: 22, cidrs: ["10.0.0.0/8"] }] })).toThrow(/open SSH with sshFrom/);
    expect(build({ sshFrom: ["10.0.0.0"] })).toThrow(/not a CIDR block/);
    expect(build({ app: { name: "Orders App" } })).toThrow(/app\.name/);
    expect(build({ app: { environment: { "NOT-A-NAME": "x" } } })).toThrow(/not a variable name/);
    expect(build({ app: { environmentFrom: { ssmParameter: "/prod/orders env" } } })).toThrow(/environmentFrom/);
    expect(build({ automaticRebootTime: "4am" })).toThrow(/HH:MM/);
    expect(() => checkConstruct((stack) => vps(stack, "vps", { encryptionKey: new EncryptionKey(stack, "key"), keyProps: {} }))).toThrow(/encryptionKey or keyProps/);
  });
});

describe("renderCloudConfig", () => {
  const text = renderCloudConfig(SPEC);
  const document = parse(text) as Record<string, unknown>;

  test("is a #cloud-config document with its sections in module order, the same text every time", () => {
    expect(text.split("\n")[0]).toBe("#cloud-config");
    expect(Object.keys(document)).toEqual(["disable_root", "ssh_pwauth", "package_update", "package_upgrade", "packages", "swap", "users", "write_files", "runcmd"]);
    expect(renderCloudConfig(SPEC)).toBe(text);
    // cloud-init reads YAML 1.1 (PyYAML): the document means the same there.
    expect(parse(text, { version: "1.1" })).toEqual(cloudConfigOf(SPEC));
    expect(document).toEqual(cloudConfigOf(SPEC));
  });

  test("root login and password logins are off, in cloud-init's keys and in an sshd drop-in read before Ubuntu's own", () => {
    expect(document).toMatchObject({ disable_root: true, ssh_pwauth: false });
    const sshd = fileOf(document, "/etc/ssh/sshd_config.d/00-hardening.conf");
    expect(sshd.split("\n")).toEqual(expect.arrayContaining(["PermitRootLogin no", "PasswordAuthentication no", "KbdInteractiveAuthentication no", "AuthenticationMethods publickey"]));
  });

  test("ufw denies incoming by default, opens exactly the rules given, and is enabled last", () => {
    expect((document.runcmd as unknown[]).slice(0, 6)).toEqual([
      ["ufw", "default", "deny", "incoming"],
      ["ufw", "default", "allow", "outgoing"],
      ["ufw", "limit", "proto", "tcp", "from", "10.20.0.0/16", "to", "any", "port", "22"],
      ["ufw", "allow", "proto", "tcp", "from", "0.0.0.0/0", "to", "any", "port", "443"],
      ["ufw", "allow", "proto", "tcp", "from", "::/0", "to", "any", "port", "443"],
      ["ufw", "--force", "enable"],
    ]);
    // PyYAML rejects a plain `::/0` inside a flow sequence.
    expect(text).toContain('[ ufw, allow, proto, tcp, from, "::/0", to, any, port, "443" ]');
  });

  test("a swap file with low swappiness, journald bounded, the app's logs rotated, unattended upgrades with a reboot window", () => {
    expect(document.swap).toEqual({ filename: "/swapfile", size: 2147483648, maxsize: 2147483648 });
    expect(fileOf(document, "/etc/sysctl.d/60-swappiness.conf")).toBe("vm.swappiness = 10\n");
    expect(fileOf(document, "/etc/systemd/journald.conf.d/60-size.conf")).toBe("[Journal]\nSystemMaxUse=500M\nSystemKeepFree=1G\n");
    expect(fileOf(document, "/etc/logrotate.d/orders")).toMatch(/^\/var\/log\/orders\/\*\.log \{\n(.|\n)*rotate 14\n(.|\n)*copytruncate\n\}\n$/);
    expect(fileOf(document, "/etc/apt/apt.conf.d/20auto-upgrades")).toContain('APT::Periodic::Unattended-Upgrade "1";');
    expect(fileOf(document, "/etc/apt/apt.conf.d/52unattended-upgrades-local")).toContain('Unattended-Upgrade::Automatic-Reboot-Time "04:00";');
  });

  test("the app runs as its own user from a unit that fetches its environment before each start and caps its memory", () => {
    expect(document.users).toEqual(["default", { name: "orders", system: true, shell: "/usr/sbin/nologin", no_create_home: true }]);
    const unit = fileOf(document, "/etc/systemd/system/orders.service");
    expect(unit).toContain("User=orders\n");
    expect(unit).toContain("ExecStartPre=+/usr/local/sbin/fetch-environment ssm /prod/orders/env /run/orders.env\n");
    expect(unit).toContain("EnvironmentFile=-/run/orders.env\n");
    expect(unit).toContain('Environment="LOG_LEVEL=info"\n');
    expect(unit).toContain("StandardOutput=append:/var/log/orders/orders.log\n");
    expect(unit).toContain("MemoryMax=75%\n");
    expect(unit).toContain("NoNewPrivileges=yes\n");
    expect((document.runcmd as unknown[]).slice(-2)).toEqual([
      ["systemctl", "daemon-reload"],
      ["systemctl", "enable", "--now", "orders.service"],
    ]);
  });

  test("the CloudWatch agent is installed only after its signature checks out against AWS's key, and ships the logs and metrics the alarms read", () => {
    const install = fileOf(document, "/usr/local/sbin/install-cloudwatch-agent");
    expect(install).toContain("set -euo pipefail\n");
    expect(install).toContain("VALIDSIG .* 937616F3450B7D806CBD9725D58167303B789C72$");
    expect(install.indexOf("VALIDSIG")).toBeLessThan(install.indexOf("dpkg -i"));
    const agent = JSON.parse(fileOf(document, "/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json")) as {
      metrics: { namespace: string; append_dimensions: unknown; metrics_collected: Record<string, unknown> };
      logs: { logs_collected: { files: { collect_list: Array<{ file_path: string; log_group_name: string }> } } };
    };
    expect(agent.metrics.namespace).toBe("CWAgent");
    expect(agent.metrics.append_dimensions).toEqual({ InstanceId: "${aws:InstanceId}" });
    expect(Object.keys(agent.metrics.metrics_collected)).toEqual(["mem", "swap", "disk"]);
    expect(agent.logs.logs_collected.files.collect_list.map((each) => each.file_path)).toEqual(["/var/log/orders/*.log", "/var/log/syslog", "/var/log/auth.log", "/var/log/cloud-init-output.log"]);
    expect(new Set(agent.logs.logs_collected.files.collect_list.map((each) => each.log_group_name))).toEqual(new Set(["/hardened-vps/orders"]));
  });

  test("without an environment source there is no fetch step and no AWS CLI", () => {
    const plain = renderCloudConfig({ ...SPEC, app: { ...SPEC.app, environmentFrom: undefined } });
    expect(plain).not.toContain("fetch-environment");
    expect(plain).not.toContain("aws-cli");
    expect(plain).not.toContain("EnvironmentFile");
  });
});
