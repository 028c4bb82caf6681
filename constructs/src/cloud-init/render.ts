/**
 * The `#cloud-config` document of a hardened Ubuntu host, rendered deterministically from typed settings. Every
 * setting a reviewer or a checker looks for is written out explicitly, each in the place cloud-init documents
 * for it: `ufw` commands in `runcmd`, sshd settings in `/etc/ssh/sshd_config.d/`, the `swap` module, a file in
 * `/etc/logrotate.d/`, journald limits in `/etc/systemd/journald.conf.d/`. Nothing secret is in it: the app's
 * secret settings are named by the secret's name or ARN (or the parameter's name) and fetched at boot.
 */
import { Document, Scalar, isScalar, isSeq } from "yaml";
import {
  AGENT_CONFIG_PATH,
  AUTO_UPGRADES_PATH,
  FETCH_ENVIRONMENT_PATH,
  INSTALL_AGENT_PATH,
  JOURNALD_CONFIG_PATH,
  SSHD_CONFIG_PATH,
  SWAPPINESS_PATH,
  TIME_SOURCES_PATH,
  UNATTENDED_UPGRADES_PATH,
  agentConfig,
  appLogDirectory,
  autoUpgradesConfig,
  fetchEnvironmentScript,
  installAgentScript,
  journaldConfig,
  logrotateConfig,
  logrotatePath,
  sshdConfig,
  swappinessConfig,
  timeSources,
  unattendedUpgradesConfig,
  unitFile,
  unitPath,
  type AgentSpec,
  type AppServiceSpec,
} from "./files";

export * from "./files";

/** Inbound traffic ufw lets through; everything else is dropped. */
export interface FirewallRule {
  readonly port: number;
  readonly protocol: "tcp" | "udp";
  /** IPv4 or IPv6 CIDR blocks. */
  readonly sources: readonly string[];
  /** SSH gets `ufw limit` (6 connections in 30 s per source) instead of `allow`. */
  readonly rateLimited?: boolean;
}

export interface HostSpec {
  readonly app: AppServiceSpec;
  /** Commands run once, as root, after the packages and agents and before the app starts (fetch a release, …). */
  readonly setupCommands: readonly string[];
  readonly firewall: readonly FirewallRule[];
  /** 0 for none. */
  readonly swapSizeMiB: number;
  /** journald `SystemMaxUse=`, e.g. `500M`. */
  readonly journaldMaxUse: string;
  /** Days of the app's rotated log files kept on the host (CloudWatch keeps them longer). */
  readonly logRotateDays: number;
  /** `HH:MM` when unattended upgrades may reboot the host, or `false` for never. */
  readonly automaticRebootTime: string | false;
  readonly agent: AgentSpec;
}

interface WriteFile {
  path: string;
  permissions: string;
  owner: string;
  content: string;
}

function file(path: string, content: string, permissions = "0644"): WriteFile {
  return { path, permissions, owner: "root:root", content };
}

function firewallCommands(rules: readonly FirewallRule[]): string[][] {
  const openings = rules.flatMap((rule) =>
    rule.sources.map((source) => ["ufw", rule.rateLimited === true ? "limit" : "allow", "proto", rule.protocol, "from", source, "to", "any", "port", String(rule.port)]),
  );
  // Rules first and `enable` last, so the firewall never drops a connection it is about to allow.
  return [["ufw", "default", "deny", "incoming"], ["ufw", "default", "allow", "outgoing"], ...openings, ["ufw", "--force", "enable"]];
}

/** The cloud-config document as data, in the order cloud-init's modules read it. */
export function cloudConfigOf(spec: HostSpec): Record<string, unknown> {
  const { app } = spec;
  const swap = spec.swapSizeMiB > 0;
  const bytes = spec.swapSizeMiB * 1024 * 1024;
  return {
    disable_root: true,
    ssh_pwauth: false,
    package_update: true,
    package_upgrade: true,
    packages: ["ufw", "unattended-upgrades", "gnupg", "curl", "python3"],
    ...(swap ? { swap: { filename: "/swapfile", size: bytes, maxsize: bytes } } : {}),
    users: ["default", { name: app.name, system: true, shell: "/usr/sbin/nologin", no_create_home: true }],
    write_files: [
      file(SSHD_CONFIG_PATH, sshdConfig()),
      file(JOURNALD_CONFIG_PATH, journaldConfig(spec.journaldMaxUse)),
      file(logrotatePath(app), logrotateConfig(app, spec.logRotateDays)),
      file(AUTO_UPGRADES_PATH, autoUpgradesConfig()),
      file(UNATTENDED_UPGRADES_PATH, unattendedUpgradesConfig(spec.automaticRebootTime)),
      ...(swap ? [file(SWAPPINESS_PATH, swappinessConfig())] : []),
      file(TIME_SOURCES_PATH, timeSources()),
      file(AGENT_CONFIG_PATH, agentConfig(app, spec.agent)),
      file(INSTALL_AGENT_PATH, installAgentScript(spec.agent), "0755"),
      ...(app.environmentFrom === undefined ? [] : [file(FETCH_ENVIRONMENT_PATH, fetchEnvironmentScript(), "0755")]),
      file(unitPath(app), unitFile(app)),
    ],
    runcmd: [
      ...firewallCommands(spec.firewall),
      ["systemctl", "restart", "systemd-journald"],
      ...(swap ? [["sysctl", "-p", SWAPPINESS_PATH]] : []),
      ["systemctl", "restart", "chrony"],
      // The AWS CLI fetches the app's environment; Ubuntu ships it as a snap only.
      ...(app.environmentFrom === undefined ? [] : [["snap", "install", "aws-cli", "--classic"]]),
      [INSTALL_AGENT_PATH],
      ["install", "-d", "-m", "0755", appLogDirectory(app)],
      ...spec.setupCommands,
      ["systemctl", "daemon-reload"],
      ["systemctl", "enable", "--now", `${app.name}.service`],
    ],
  };
}

/**
 * The document as cloud-init reads it: `#cloud-config` on the first line, one command per `runcmd` line, file
 * contents as literal blocks. The same settings always give the same text.
 */
export function renderCloudConfig(spec: HostSpec): string {
  const document = new Document(cloudConfigOf(spec));
  const runcmd = document.get("runcmd");
  if (isSeq(runcmd)) {
    for (const command of runcmd.items) {
      if (!isSeq(command)) continue;
      command.flow = true;
      // PyYAML, which cloud-init parses with, rejects a plain `::/0` in a flow sequence: quote all but plain words.
      for (const word of command.items) if (isScalar(word) && !/^[\w/.][\w/.=+-]*$/.test(String(word.value))) word.type = Scalar.QUOTE_DOUBLE;
    }
  }
  return `#cloud-config\n${document.toString({ lineWidth: 0, blockQuote: "literal" })}`;
}
