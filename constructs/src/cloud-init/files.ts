/**
 * The files a hardened Ubuntu host is given at first boot, one pure function per file: what cloud-init's
 * `write_files` puts on disk. Each holds configuration or a script, never a secret: the app's environment is
 * fetched at boot by `fetch-environment` with the instance role's credentials.
 *
 * Nothing here escapes for Terraform: `renderCloudConfig` returns the text as it lands on the machine.
 */

/** Where the app's variables come from at boot: a JSON object of `NAME: value` pairs in one of these stores. */
export interface EnvironmentSourceSpec {
  /** `secretsmanager`: the secret's string; `ssm`: a (SecureString) parameter's value. */
  readonly store: "secretsmanager" | "ssm";
  /** The secret's name or ARN, or the parameter's name: what the fetch command is given, never a value. */
  readonly id: string;
}

/** The app, run as a systemd service by a system user of its own name. */
export interface AppServiceSpec {
  /** Service, user and log directory name: lower-case letters, digits and dashes. */
  readonly name: string;
  /** `ExecStart`: the command line that starts the app in the foreground. */
  readonly command: string;
  readonly workingDirectory?: string;
  /** Settings that are not secret, as `Environment=` lines of the unit. */
  readonly environment: Readonly<Record<string, string>>;
  /** The secret settings, fetched into a file in `/run` (memory only) before every start. */
  readonly environmentFrom?: EnvironmentSourceSpec;
  /** systemd `MemoryMax=`: the app is killed and restarted before it starves sshd and the agents. */
  readonly memoryMax: string;
}

/** Where the app's secret settings live on the host: tmpfs, so they never reach the disk or a snapshot. */
export function environmentFilePath(app: Pick<AppServiceSpec, "name">): string {
  return `/run/${app.name}.env`;
}

export function appLogDirectory(app: Pick<AppServiceSpec, "name">): string {
  return `/var/log/${app.name}`;
}

export const FETCH_ENVIRONMENT_PATH = "/usr/local/sbin/fetch-environment";
export const INSTALL_AGENT_PATH = "/usr/local/sbin/install-cloudwatch-agent";
export const AGENT_CONFIG_PATH = "/opt/aws/amazon-cloudwatch-agent/etc/amazon-cloudwatch-agent.json";

/**
 * sshd: keys only, no root, few tries. sshd keeps the first value it reads and includes `sshd_config.d/*.conf` in
 * name order before its own settings, so `00-` wins over Ubuntu's `50-cloud-init.conf` and `60-cloudimg-settings.conf`.
 */
export const SSHD_CONFIG_PATH = "/etc/ssh/sshd_config.d/00-hardening.conf";
export function sshdConfig(): string {
  return [
    "PermitRootLogin no",
    "PasswordAuthentication no",
    "KbdInteractiveAuthentication no",
    "PermitEmptyPasswords no",
    "AuthenticationMethods publickey",
    "X11Forwarding no",
    "AllowAgentForwarding no",
    "MaxAuthTries 3",
    "LoginGraceTime 30",
    "ClientAliveInterval 300",
    "ClientAliveCountMax 2",
    "",
  ].join("\n");
}

/** journald: bounded on disk, so a chatty process cannot fill the root volume. */
export const JOURNALD_CONFIG_PATH = "/etc/systemd/journald.conf.d/60-size.conf";
export function journaldConfig(maxUse: string): string {
  return ["[Journal]", `SystemMaxUse=${maxUse}`, "SystemKeepFree=1G", ""].join("\n");
}

/**
 * The app's log files, rotated daily or at 100 MB. `copytruncate` because systemd holds them open in append mode
 * (`StandardOutput=append:`), so the app needs no signal to reopen them.
 */
export function logrotatePath(app: Pick<AppServiceSpec, "name">): string {
  return `/etc/logrotate.d/${app.name}`;
}
export function logrotateConfig(app: Pick<AppServiceSpec, "name">, days: number): string {
  return [
    `${appLogDirectory(app)}/*.log {`,
    "    daily",
    `    rotate ${days}`,
    "    maxsize 100M",
    "    missingok",
    "    notifempty",
    "    compress",
    "    delaycompress",
    "    copytruncate",
    "}",
    "",
  ].join("\n");
}

/**
 * Unattended upgrades every day. Ubuntu's `50unattended-upgrades` already limits them to the security pockets;
 * these files make sure they run, and reboot at a set time when a kernel or libc update needs it (a patched kernel
 * protects nothing until it runs).
 */
export const AUTO_UPGRADES_PATH = "/etc/apt/apt.conf.d/20auto-upgrades";
export function autoUpgradesConfig(): string {
  return ['APT::Periodic::Update-Package-Lists "1";', 'APT::Periodic::Unattended-Upgrade "1";', 'APT::Periodic::AutocleanInterval "7";', ""].join("\n");
}
export const UNATTENDED_UPGRADES_PATH = "/etc/apt/apt.conf.d/52unattended-upgrades-local";
export function unattendedUpgradesConfig(rebootTime: string | false): string {
  const reboot = rebootTime === false ? ['Unattended-Upgrade::Automatic-Reboot "false";'] : ['Unattended-Upgrade::Automatic-Reboot "true";', `Unattended-Upgrade::Automatic-Reboot-Time "${rebootTime}";`];
  return [...reboot, 'Unattended-Upgrade::Remove-Unused-Kernel-Packages "true";', ""].join("\n");
}

/** Swap is for bursts, not a second memory: the kernel prefers dropping caches to swapping the app out. */
export const SWAPPINESS_PATH = "/etc/sysctl.d/60-swappiness.conf";
export function swappinessConfig(): string {
  return "vm.swappiness = 10\n";
}

/**
 * The Amazon Time Sync Service on its link-local address, which security groups do not filter: the host keeps
 * its clock with egress limited to HTTP and HTTPS (the NTP pool on UDP 123 is not reachable then).
 */
export const TIME_SOURCES_PATH = "/etc/chrony/sources.d/amazon-time-sync.sources";
export function timeSources(): string {
  return "server 169.254.169.123 prefer iburst minpoll 4 maxpoll 4\n";
}

/** The CloudWatch agent's configuration: memory, swap and root disk metrics, and the host's logs. */
export interface AgentSpec {
  /** The log group every file is shipped to, one stream per file and instance. */
  readonly logGroupName: string;
  /** `amd64` or `arm64`, as the package's download path names it. */
  readonly packageArchitecture: "amd64" | "arm64";
  /** `latest`, or a version such as `1.300057.1b1167` to pin the package. */
  readonly version: string;
}

/** The metrics namespace the agent publishes to, which the memory and disk alarms read. */
export const AGENT_NAMESPACE = "CWAgent";
/** Ubuntu's root file system; the disk metric carries it as a dimension, so the disk alarm must name it. */
export const ROOT_FSTYPE = "ext4";

export function agentConfig(app: Pick<AppServiceSpec, "name">, agent: AgentSpec): string {
  const file = (path: string, stream: string): object => ({ file_path: path, log_group_name: agent.logGroupName, log_stream_name: `{instance_id}/${stream}` });
  const config = {
    // No hostname dimension: alarms name the instance by InstanceId alone, which survives a recovery.
    agent: { metrics_collection_interval: 60, omit_hostname: true },
    metrics: {
      namespace: AGENT_NAMESPACE,
      append_dimensions: { InstanceId: "${aws:InstanceId}" },
      metrics_collected: {
        mem: { measurement: ["mem_used_percent"] },
        swap: { measurement: ["swap_used_percent"] },
        // Without the device dimension the root disk is named by path and file system type, stable across instance types.
        disk: { measurement: ["used_percent"], resources: ["/"], drop_device: true },
      },
    },
    logs: {
      logs_collected: {
        files: {
          collect_list: [
            file(`${appLogDirectory(app)}/*.log`, app.name),
            file("/var/log/syslog", "syslog"),
            file("/var/log/auth.log", "auth"),
            file("/var/log/cloud-init-output.log", "cloud-init"),
          ],
        },
      },
    },
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/** The fingerprint AWS publishes for the key that signs the CloudWatch agent packages. */
export const AGENT_KEY_FINGERPRINT = "937616F3450B7D806CBD9725D58167303B789C72";

/**
 * Installs the CloudWatch agent from AWS's package once its signature checks out against the key AWS publishes
 * (the fingerprint is pinned here, so a replaced key file fails the check), then starts it with its configuration.
 */
export function installAgentScript(agent: AgentSpec): string {
  const base = "https://amazoncloudwatch-agent.s3.amazonaws.com";
  const packageUrl = `${base}/ubuntu/${agent.packageArchitecture}/${agent.version}/amazon-cloudwatch-agent.deb`;
  return [
    "#!/bin/bash",
    "set -euo pipefail",
    "work=$(mktemp -d)",
    "trap 'rm -rf \"$work\"' EXIT",
    "fetch() { curl --fail --silent --show-error --location --retry 5 --proto '=https' --tlsv1.2 --output \"$1\" \"$2\"; }",
    `fetch "$work/key.asc" ${base}/assets/amazon-cloudwatch-agent.gpg`,
    `fetch "$work/agent.deb" ${packageUrl}`,
    `fetch "$work/agent.deb.sig" ${packageUrl}.sig`,
    'export GNUPGHOME="$work/gnupg"',
    'mkdir -m 700 "$GNUPGHOME"',
    'gpg --batch --quiet --import "$work/key.asc"',
    'status=$(gpg --batch --status-fd 1 --verify "$work/agent.deb.sig" "$work/agent.deb")',
    `grep -Eq '^\\[GNUPG:\\] VALIDSIG .* ${AGENT_KEY_FINGERPRINT}$' <<<"$status"`,
    'dpkg -i -E "$work/agent.deb"',
    `/opt/aws/amazon-cloudwatch-agent/bin/amazon-cloudwatch-agent-ctl -a fetch-config -m ec2 -s -c file:${AGENT_CONFIG_PATH}`,
    "",
  ].join("\n");
}

/**
 * Writes the app's environment file from a secret or parameter holding a JSON object of variables, with the
 * instance role's credentials (the region comes from IMDSv2). The file is written with mode 0600 and replaced
 * atomically; a missing or malformed value fails the unit's start, so the app never starts half-configured.
 * Python, because it is on every Ubuntu image and quotes values for systemd without shell pitfalls.
 */
export function fetchEnvironmentScript(): string {
  return [
    "#!/usr/bin/python3",
    '"""fetch-environment secretsmanager|ssm <id> <file>: the JSON object stored at <id> as a systemd environment file."""',
    "import json, os, re, subprocess, sys, urllib.request",
    "",
    "store, ident, path = sys.argv[1:4]",
    'imds = "http://169.254.169.254/latest"',
    'session = urllib.request.urlopen(urllib.request.Request(imds + "/api/token", method="PUT", headers={"X-aws-ec2-metadata-token-ttl-seconds": "60"}), timeout=5).read().decode()',
    'region = urllib.request.urlopen(urllib.request.Request(imds + "/meta-data/placement/region", headers={"X-aws-ec2-metadata-token": session}), timeout=5).read().decode()',
    "query = {",
    '    "secretsmanager": ["secretsmanager", "get-secret-value", "--secret-id", ident, "--query", "SecretString"],',
    '    "ssm": ["ssm", "get-parameter", "--with-decryption", "--name", ident, "--query", "Parameter.Value"],',
    "}[store]",
    'document = subprocess.run(["/snap/bin/aws", "--region", region, *query, "--output", "text"], check=True, capture_output=True, text=True).stdout',
    "values = json.loads(document)",
    "if not isinstance(values, dict):",
    '    sys.exit(ident + " does not hold a JSON object of variables")',
    "lines = []",
    "for name, value in values.items():",
    '    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):',
    '        sys.exit(ident + ": not a variable name: " + name)',
    "    text = value if isinstance(value, str) else json.dumps(value)",
    '    if "\\n" in text:',
    '        sys.exit(ident + ": " + name + " holds a line break")',
    '    lines.append(name + \'="\' + text.replace("\\\\", "\\\\\\\\").replace(\'"\', \'\\\\"\') + \'"\\n\')',
    'temporary = path + ".tmp"',
    "with os.fdopen(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), \"w\") as out:",
    '    out.write("".join(lines))',
    "os.replace(temporary, path)",
    "",
  ].join("\n");
}

/** A value in double quotes for a systemd unit: backslashes and quotes escaped, `%` not taken as a specifier. */
function systemdQuoted(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/%/g, "%%")}"`;
}

export function unitPath(app: Pick<AppServiceSpec, "name">): string {
  return `/etc/systemd/system/${app.name}.service`;
}

/**
 * The app's unit: its own user, restarted on failure, memory-capped, with a read-only system and no new
 * privileges. Secrets are fetched before every start (the `+` runs that step as root), so a restart picks up a
 * rotated value; stdout and stderr append to a file the agent ships and logrotate rotates.
 */
export function unitFile(app: AppServiceSpec): string {
  const logFile = `${appLogDirectory(app)}/${app.name}.log`;
  const environment = Object.entries(app.environment).map(([name, value]) => `Environment=${systemdQuoted(`${name}=${value}`)}`);
  const fetch =
    app.environmentFrom === undefined
      ? []
      : [
          `ExecStartPre=+${FETCH_ENVIRONMENT_PATH} ${app.environmentFrom.store} ${app.environmentFrom.id} ${environmentFilePath(app)}`,
          // The leading dash lets ExecStartPre run before the file exists; ExecStart reads the file it wrote.
          `EnvironmentFile=-${environmentFilePath(app)}`,
        ];
  return [
    "[Unit]",
    `Description=${app.name}`,
    "Wants=network-online.target",
    "After=network-online.target",
    "",
    "[Service]",
    "Type=simple",
    `User=${app.name}`,
    `Group=${app.name}`,
    ...fetch,
    ...environment,
    ...(app.workingDirectory === undefined ? [] : [`WorkingDirectory=${app.workingDirectory}`]),
    `ExecStart=${app.command.replace(/%/g, "%%")}`,
    "Restart=on-failure",
    "RestartSec=10",
    `StandardOutput=append:${logFile}`,
    `StandardError=append:${logFile}`,
    `MemoryMax=${app.memoryMax}`,
    "NoNewPrivileges=yes",
    "ProtectSystem=full",
    "ProtectHome=yes",
    "PrivateTmp=yes",
    `StateDirectory=${app.name}`,
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ].join("\n");
}
