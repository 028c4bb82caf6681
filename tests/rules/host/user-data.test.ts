/** The one reading of host setup (`src/rules/user-data.ts`): forms, places, and the answers the host rules ask for. */
import { gzipSync } from "zlib";
import { cloudConfigOf, renderCloudConfig, type HostSpec } from "../../../constructs/src/cloud-init/render";
import { PartialString, UNKNOWN, UNKNOWN_PRESENT, type Resource } from "../../../src/model/resource";
import {
  containerFleetNode,
  decodeUserData,
  FIREWALL_ENABLED,
  firewallEnabled,
  hostSetupAroundUnknowns,
  LOGS_ROTATED,
  logsRotated,
  readingAroundUnknowns,
  readUserData,
  secretLines,
  SSH_ACCESS,
  sshAccess,
  SWAP_CONFIGURED,
  swapConfigured,
  userDataForm,
  userDataOf,
} from "../../../src/rules/user-data";
import { base64, cloudConfig } from "./support";

const script = (...lines: string[]): string => ["#!/bin/bash", ...lines, ""].join("\n");

/** A MIME multi-part as `write-mime-multipart` makes it, parts in order. */
function mime(parts: { type: string; body: string; base64?: boolean }[]): string {
  const boundary = "===============5612478291893468==";
  const lines = [`Content-Type: multipart/mixed; boundary="${boundary}"`, "MIME-Version: 1.0", ""];
  for (const part of parts) {
    lines.push(`--${boundary}`, `Content-Type: ${part.type}; charset="us-ascii"`, "MIME-Version: 1.0");
    lines.push(`Content-Transfer-Encoding: ${part.base64 ? "base64" : "7bit"}`, "", part.base64 ? base64(part.body) : part.body);
  }
  lines.push(`--${boundary}--`, "");
  return lines.join("\n");
}

describe("decodeUserData", () => {
  test("decodes base64, and gunzips gzipped base64", () => {
    expect(decodeUserData(base64("#!/bin/bash\necho hi\n"))).toBe("#!/bin/bash\necho hi\n");
    expect(decodeUserData(base64(gzipSync("#cloud-config\nssh_pwauth: false\n")))).toBe("#cloud-config\nssh_pwauth: false\n");
  });

  test("leaves text that is not base64, or that decodes to bytes that are not text", () => {
    expect(decodeUserData("#cloud-config\n")).toBeUndefined();
    expect(decodeUserData("token=abcdefgh")).toBeUndefined();
    expect(decodeUserData(base64(Buffer.from([0, 1, 2, 250, 251, 252])))).toBeUndefined();
    expect(decodeUserData(base64(Buffer.from([0x1f, 0x8b, 1, 2, 3, 4])))).toBeUndefined();
  });
});

describe("userDataForm", () => {
  test.each([
    ["#cloud-config\nruncmd: []\n", "cloud-config"],
    ["  #Cloud-Config\n", "cloud-config"],
    ["#!/bin/bash\n", "script"],
    ["#cloud-boothook\n#!/bin/sh\n", "script"],
    [mime([{ type: "text/cloud-config", body: "#cloud-config\n" }]), "mime"],
    ["#cloud-config-archive\n- type: text/x-shellscript\n", "other"],
    ["#include\nhttps://example.com/setup.yaml\n", "other"],
    ["## template: jinja\n#cloud-config\n", "other"],
    ["runcmd:\n  - ufw enable\n", "unhandled"],
    ["<powershell>\n</powershell>\n", "unhandled"],
  ])("%j is %s", (text, form) => {
    expect(userDataForm(text)).toBe(form);
  });
});

describe("readUserData", () => {
  test("a cloud-config document: settings, commands and written files, each at its line", () => {
    const setup = readUserData(
      cloudConfig(
        "ssh_pwauth: no", // 2
        "bootcmd:", // 3
        "  - echo early", // 4
        "runcmd:", // 5
        "  - [ufw, --force, enable]", // 6
        "  - |", // 7
        "    mkswap /swapfile", // 8
        "    swapon /swapfile", // 9
        "write_files:", // 10
        "  - path: /etc/ssh/sshd_config.d/00.conf", // 11
        "    content: |", // 12
        "      PermitRootLogin no", // 13
        "", // 14
        "      PasswordAuthentication no", // 15
      ),
    );
    expect(setup.problems).toEqual([]);
    expect(setup.cloudConfigs).toHaveLength(1);
    const [config] = setup.cloudConfigs;
    expect([...config.settings]).toEqual([["ssh_pwauth", { value: "no", line: 2 }]]);
    expect(config.commands).toEqual([
      { text: "echo early", line: 4 },
      { text: "ufw --force enable", line: 6 },
      { text: "mkswap /swapfile", line: 8 },
      { text: "swapon /swapfile", line: 9 },
    ]);
    expect(config.files).toEqual([
      {
        path: "/etc/ssh/sshd_config.d/00.conf",
        line: 11,
        content: [
          { text: "PermitRootLogin no", line: 13 },
          { text: "", line: 14 },
          { text: "PasswordAuthentication no", line: 15 },
        ],
        contentFields: [],
      },
    ]);
  });

  test("a shell script: its lines", () => {
    const setup = readUserData(script("ufw --force enable"));
    expect(setup.cloudConfigs).toEqual([]);
    expect(setup.scripts).toEqual([
      [
        { text: "#!/bin/bash", line: 1 },
        { text: "ufw --force enable", line: 2 },
        { text: "", line: 3 },
      ],
    ]);
  });

  test("a MIME multi-part: each part at its lines in the whole text; a base64 part on the line its encoding starts", () => {
    const text = mime([
      { type: "text/cloud-config", body: "#cloud-config\nssh_pwauth: false" },
      { type: "text/x-shellscript", body: "#!/bin/bash\nufw --force enable", base64: true },
      { type: "text/plain", body: "#!/bin/sh\nmkswap /swapfile" },
      { type: "text/x-include-url", body: "https://example.com/more" },
    ]);
    const lines = text.split("\n");
    const setup = readUserData(text);
    expect(setup.problems).toEqual([]);
    expect(setup.cloudConfigs[0].settings.get("ssh_pwauth")).toEqual({ value: false, line: lines.indexOf("ssh_pwauth: false") + 1 });
    const encodedLine = lines.indexOf(base64("#!/bin/bash\nufw --force enable")) + 1;
    expect(setup.scripts[0]).toEqual([
      { text: "#!/bin/bash", line: encodedLine },
      { text: "ufw --force enable", line: encodedLine },
    ]);
    // An untyped part is told by its first line, as cloud-init does; an include part is not read.
    expect(setup.scripts[1]).toEqual([
      { text: "#!/bin/sh", line: lines.indexOf("#!/bin/sh") + 1 },
      { text: "mkswap /swapfile", line: lines.indexOf("mkswap /swapfile") + 1 },
    ]);
    expect(setup.scripts).toHaveLength(2);
    expect(setup.others).toEqual([{ type: "text/x-include-url", lines: [{ text: "https://example.com/more", line: lines.indexOf("https://example.com/more") + 1 }] }]);
    expect(setup.decoded.map((line) => line.text)).toEqual(["#!/bin/bash", "ufw --force enable"]);
  });

  describe("MIME headers end where Python's email parser, which cloud-init uses, ends them", () => {
    const top = 'Content-Type: multipart/mixed; boundary="//"\nMIME-Version: 1.0\n';
    const part = "--//\nContent-Type: text/cloud-config\n#cloud-config\nssh_pwauth: false\n--//--\n";
    /** Each part read, as `<type or form>: <its lines>`; a cloud-config by the settings it holds. */
    function parts(text: string): string[] {
      const setup = readUserData(text);
      expect(setup.problems).toEqual([]);
      return [
        ...setup.cloudConfigs.map((config) => `cloud-config: ${[...config.settings].map(([key, setting]) => `${key}=${String(setting.value)} on line ${setting.line}`).join(", ")}`),
        ...setup.scripts.map((lines) => `script: ${lines.map((line) => line.text).join("|")}`),
        ...setup.others.map((other) => `${other.type || "untyped"}: ${other.lines.map((line) => line.text).join("|")}`),
      ];
    }

    // Each expectation is what python3's email.message_from_string makes of the same text.
    test.each([
      ["the empty line after a part's headers left out: its first line that is no header starts the body", `${top}\n${part}`, ["cloud-config: ssh_pwauth=false on line 7"]],
      ["and after the message's headers too, with CRLF line ends", `${top}${part}`.replace(/\n/g, "\r\n"), ["cloud-config: ssh_pwauth=false on line 6"]],
      ["a preamble right after the message's headers is the body's", `${top}This is a multi-part message in MIME format.\n${part}`, ["cloud-config: ssh_pwauth=false on line 7"]],
      ["an unquoted boundary", 'Content-Type: multipart/mixed; boundary=abc\nMIME-Version: 1.0\n--abc\nContent-Type: text/x-shellscript\n#!/bin/sh\necho hi\n--abc--\n', ["script: #!/bin/sh|echo hi"]],
      ["a line of spaces continues the header above it rather than ending the headers", `${top}\n--//\nContent-Type: text/cloud-config\n   \n#cloud-config\nssh_pwauth: false\n--//--\n`, ["cloud-config: ssh_pwauth=false on line 8"]],
      ["a setting right after the headers is read as one more header", `${top}\n--//\nContent-Type: text/cloud-config\nssh_pwauth: false\n\n#cloud-config\n--//--\n`, ["cloud-config: "]],
      ["a space before a header's colon makes it no header: the part is untyped text", `${top}\n--//\nContent-Type : text/cloud-config\n\n#cloud-config\n--//--\n`, ["untyped: Content-Type : text/cloud-config||#cloud-config"]],
    ])("%s", (_shape, text, expected) => {
      expect(parts(text)).toEqual(expected);
    });
  });

  test("write_files content in base64, gzipped base64 and !!binary is decoded onto the content's line; content fetched from a source is not known", () => {
    const setup = readUserData(
      cloudConfig(
        "write_files:", // 2
        "  - path: /etc/a", // 3
        "    encoding: b64", // 4
        `    content: ${base64("one\ntwo\n")}`, // 5
        "  - path: /etc/b", // 6
        "    encoding: gzip+base64", // 7
        `    content: ${base64(gzipSync("three\n"))}`, // 8
        "  - path: /etc/c", // 9
        `    content: !!binary ${base64("four\n")}`, // 10
        "  - path: /etc/d", // 11
        "    encoding: gz", // 12
        "    content: not readable", // 13
        "  - path: /etc/e", // 14
        "    source: { uri: 'https://example.com/e' }", // 15
        "    content: only where fetching fails", // 16
      ),
    );
    expect(setup.cloudConfigs[0].files.map((file) => [file.path, file.content.map((line) => `${line.line}:${line.text}`), file.contentFields])).toEqual([
      ["/etc/a", ["5:one", "5:two", "5:"], ["b64"]],
      ["/etc/b", ["8:three", "8:"], ["gzip+base64"]],
      ["/etc/c", ["10:four", "10:"], []],
      ["/etc/d", [], ["gz"]],
      // cloud-init fetches the content, and writes `content` only where it cannot.
      ["/etc/e", [], ["https://example.com/e"]],
    ]);
  });

  test("broken YAML: problems at their line and column, quoting nothing, and no settings read", () => {
    const setup = readUserData(cloudConfig("ssh_pwauth: false", "password: hunter2hunter2: enable", "runcmd: []"));
    expect(setup.cloudConfigs).toEqual([]);
    expect(setup.problems).toEqual([{ line: 3, column: 11, message: "malformed YAML: a block where a key belongs" }]);
    for (const problem of setup.problems) expect(problem.message).not.toMatch(/hunter2|enable/);
  });

  test("a document that is not a mapping, and several documents, are problems cloud-init would skip", () => {
    expect(readUserData(cloudConfig("- ufw enable")).problems).toEqual([{ line: 2, column: 1, message: "the cloud-config document is not a mapping of settings" }]);
    expect(readUserData(cloudConfig("a: 1", "---", "b: 2")).problems).toEqual([expect.objectContaining({ line: 4 })]);
  });

  test("an empty cloud-config is a document with nothing in it", () => {
    expect(readUserData("#cloud-config\n")).toEqual({ cloudConfigs: [{ settings: new Map(), commands: [], files: [], plaintextPasswordLines: [], otherValues: [] }], scripts: [], problems: [], decoded: [], others: [] });
  });
});

describe("firewallEnabled", () => {
  test.each([
    ["ufw --force enable", true],
    ["sudo ufw enable", true],
    ["yes | ufw enable", true],
    ["/usr/sbin/ufw --force enable && ufw status", true],
    ["firewall-cmd --set-default-zone=drop", true],
    ["firewall-cmd --set-default-zone drop", true],
    ["nft -f /etc/nftables.conf", true],
    ["iptables-restore < /etc/iptables/rules.v4", true],
    ["systemctl enable --now nftables", true],
    ["systemctl --now enable ufw.service", true],
    ["ufw allow 443/tcp", false],
    ["ufw disable", false],
    ["# ufw enable", false],
    ["systemctl enable nftables", false],
    ["systemctl enable --now nginx", false],
    ["apt-get install -y ufw firewalld", false],
    // A program runs where a command starts: after sudo, assignments, wrappers and a shell's -c; not as an argument.
    ["FOO=1 sudo -E -u root ufw --force enable", true],
    ["env DEBIAN_FRONTEND=noninteractive nohup nice -n 10 timeout 60 ufw --force enable", true],
    ["if command -v ufw; then ufw --force enable; fi", true],
    ["bash -c 'ufw --force enable'", true],
    ["echo ufw enable", false],
    ["echo 'run ufw enable later' >> /root/todo", false],
    ["grep -q 'ufw enable' /var/log/cloud-init.log", false],
    ["bash -c 'echo ufw enable'", false],
    ["dnf install -y ufw && systemctl is-enabled ufw", false],
    // Separators inside quotes are text, not the start of another command.
    ['echo "x; ufw enable"', false],
    ["echo 'done && ufw --force enable' | logger", false],
    ["echo $'a\\'; ufw enable'", false],
    ["echo x\\; ufw enable", false],
    ['echo "$(ufw --force enable)"', true],
    ["zsh -c 'ufw --force enable'", true],
  ])("a script line %j: %s", (line, enabled) => {
    expect(firewallEnabled(readUserData(script(line)))).toBe(enabled);
  });

  test("a firewall service enabled and started by separate commands", () => {
    expect(firewallEnabled(readUserData(script("systemctl enable firewalld", "systemctl start firewalld")))).toBe(true);
    expect(firewallEnabled(readUserData(script("systemctl enable firewalld", "systemctl start nginx")))).toBe(false);
  });

  test("cloud-config runcmd and bootcmd entries, as words or as a string", () => {
    expect(firewallEnabled(readUserData(cloudConfig("runcmd:", "  - [ufw, --force, enable]")))).toBe(true);
    expect(firewallEnabled(readUserData(cloudConfig("bootcmd:", "  - ufw --force enable")))).toBe(true);
    expect(firewallEnabled(readUserData(cloudConfig("packages: [ufw]")))).toBe(false);
  });

  test("a runcmd list runs its words as they are: a word holding a separator is one argument", () => {
    expect(firewallEnabled(readUserData(cloudConfig("runcmd:", "  - [sh, -c, 'ufw --force enable && ufw status']")))).toBe(true);
    expect(firewallEnabled(readUserData(cloudConfig("runcmd:", "  - [echo, 'x; ufw enable']")))).toBe(false);
    expect(firewallEnabled(readUserData(cloudConfig("runcmd:", "  - [logger, 'ufw', '&&', 'ufw', 'enable']")))).toBe(false);
  });
});

describe("sshAccess", () => {
  const access = (text: string) => sshAccess(readUserData(text));

  test("cloud-config: disable_root defaults to true; ssh_pwauth must say false, as YAML or as cloud-init's strings", () => {
    expect(access(cloudConfig("ssh_pwauth: false"))).toEqual({ rootLogin: { state: "off" }, passwordAuthentication: { state: "off" } });
    expect(access(cloudConfig("ssh_pwauth: no", "disable_root: 'yes'"))).toEqual({ rootLogin: { state: "off" }, passwordAuthentication: { state: "off" } });
    expect(access(cloudConfig("packages: [nginx]"))).toEqual({ rootLogin: { state: "off" }, passwordAuthentication: { state: "unset" } });
    expect(access(cloudConfig("ssh_pwauth: unchanged")).passwordAuthentication).toEqual({ state: "unset" });
  });

  test("cloud-config settings that turn logins on are placed at their line", () => {
    expect(access(cloudConfig("ssh_pwauth: true", "disable_root: false"))).toEqual({
      rootLogin: { state: "on", line: 3, source: "disable_root" },
      passwordAuthentication: { state: "on", line: 2, source: "ssh_pwauth" },
    });
  });

  test("an sshd configuration written by write_files: only PermitRootLogin no keeps root out", () => {
    const written = (path: string, ...lines: string[]) => cloudConfig("write_files:", `  - path: ${path}`, "    content: |", ...lines.map((line) => `      ${line}`));
    expect(access(written("/etc/ssh/sshd_config.d/00-hardening.conf", "PermitRootLogin no", "PasswordAuthentication no")).passwordAuthentication).toEqual({ state: "off" });
    expect(access(written("/etc/ssh/sshd_config", "# PermitRootLogin yes", "permitrootlogin=no")).rootLogin).toEqual({ state: "off" });
    expect(access(written("/etc/ssh/sshd_config.d/00.conf", "PermitRootLogin prohibit-password")).rootLogin).toEqual({ state: "on", line: 5, source: "the sshd configuration" });
    // A file elsewhere is not the sshd configuration.
    expect(access(written("/etc/app/sshd.conf", "PasswordAuthentication no")).passwordAuthentication).toEqual({ state: "unset" });
  });

  test("script lines that edit sshd_config: the replacement a sed writes counts, not what it replaces", () => {
    const edited = access(script("sed -i 's/^PermitRootLogin yes/PermitRootLogin no/' /etc/ssh/sshd_config", "echo 'PasswordAuthentication no' >> /etc/ssh/sshd_config"));
    expect(edited).toEqual({ rootLogin: { state: "off" }, passwordAuthentication: { state: "off" } });
    // Without a mention of the sshd configuration, a line with the words is not an edit of it.
    expect(access(script("echo 'PasswordAuthentication no'"))).toEqual({ rootLogin: { state: "off" }, passwordAuthentication: { state: "unset" } });
    expect(access(script("cat >> /etc/ssh/sshd_config <<EOF", "PasswordAuthentication yes", "EOF")).passwordAuthentication).toEqual({ state: "on", line: 3, source: "the sshd configuration" });
  });

  test("printf and echo -e write each \\n as a line end, so one line can write both directives; bash's plain echo does not", () => {
    const dropIn = "/etc/ssh/sshd_config.d/00-hardening.conf";
    const off = { rootLogin: { state: "off" }, passwordAuthentication: { state: "off" } };
    expect(access(script(`printf 'PermitRootLogin no\\nPasswordAuthentication no\\n' > ${dropIn}`))).toEqual(off);
    expect(access(script(`echo -e "PermitRootLogin no\\nPasswordAuthentication no" > ${dropIn}`))).toEqual(off);
    expect(access(script(`printf 'PermitRootLogin no\\nPasswordAuthentication yes\\n' > ${dropIn}`)).passwordAuthentication).toEqual({ state: "on", line: 2, source: "the sshd configuration" });
    // Bash's echo writes the escape as it stands: one line, and no PasswordAuthentication directive.
    expect(access(script(`echo 'PermitRootLogin no\\nPasswordAuthentication no' > ${dropIn}`)).passwordAuthentication).toEqual({ state: "unset" });
  });

  test("a directive a script writes commented out is no setting, as sshd reads it", () => {
    const dropIn = "/etc/ssh/sshd_config.d/00-hardening.conf";
    // Root login unsaid is OpenSSH's default, which refuses passwords for root.
    const unsaid = { rootLogin: { state: "off" }, passwordAuthentication: { state: "unset" } };
    expect(access(script(`printf '#PermitRootLogin yes\\n# PasswordAuthentication no\\n' > ${dropIn}`))).toEqual(unsaid);
    expect(access(script(`echo '#PasswordAuthentication yes' > ${dropIn}`)).passwordAuthentication).toEqual({ state: "unset" });
    // The replacement sed writes is what counts, whatever the line it replaces.
    expect(access(script(`sed -i 's/^#PasswordAuthentication yes/PasswordAuthentication no/' /etc/ssh/sshd_config`)).passwordAuthentication).toEqual({ state: "off" });
  });

  test("one place turning a login on outweighs others turning it off", () => {
    const text = cloudConfig("ssh_pwauth: false", "write_files:", "  - path: /etc/ssh/sshd_config.d/50.conf", "    content: |", "      PasswordAuthentication yes");
    expect(access(text).passwordAuthentication).toEqual({ state: "on", line: 6, source: "the sshd configuration" });
  });
});

describe("swapConfigured", () => {
  test.each([
    [cloudConfig("swap:", "  filename: /swapfile", "  size: 2147483648"), { configured: true }],
    [cloudConfig("swap:", "  size: 2G"), { configured: true }],
    [cloudConfig("swap:", "  size: auto"), { configured: true }],
    [cloudConfig("swap:", "  size: 0"), { configured: false, line: 2 }],
    [cloudConfig("swap:", "  filename: /swapfile"), { configured: false, line: 2 }],
    [cloudConfig("swap: true"), { configured: false, line: 2 }],
    [cloudConfig("packages: [nginx]"), { configured: false }],
    [script("fallocate -l 1G /swapfile", "mkswap /swapfile", "swapon /swapfile"), { configured: true }],
    [script("mkswap /dev/nvme1n1 && swapon -a"), { configured: true }],
    [script("mkswap /swapfile", "swapon --show"), { configured: false }],
    [script("swapon /swapfile"), { configured: false }],
    [script("sudo mkswap /swapfile", "sudo -E timeout 30 swapon /swapfile"), { configured: true }],
    [script("if ! swapon --show | grep -q /swapfile; then mkswap /swapfile && swapon /swapfile; fi"), { configured: true }],
    [script("echo mkswap /swapfile", "swapon -a"), { configured: false }],
    [script("dnf install -y mkswap", "swapon -a"), { configured: false }],
    [script("mkswap /swapfile", "grep swapon /etc/fstab"), { configured: false }],
    [cloudConfig("runcmd:", "  - [sh, -c, 'echo mkswap /swapfile']", "  - swapon -a"), { configured: false }],
    [cloudConfig("runcmd:", "  - [sh, -c, 'mkswap /swapfile && swapon /swapfile']"), { configured: true }],
    [script("echo 'a && mkswap /swapfile'", "swapon -a"), { configured: false }],
    [script('logger "made; mkswap /swapfile" && swapon /swapfile'), { configured: false }],
  ])("%j: %j", (text, answer) => {
    expect(swapConfigured(readUserData(text))).toEqual(answer);
  });
});

describe("logsRotated", () => {
  const written = (path: string, ...lines: string[]) => cloudConfig("write_files:", `  - path: ${path}`, "    content: |", ...lines.map((line) => `      ${line}`));
  test.each([
    [written("/etc/logrotate.d/app", "/var/log/app/*.log {", "  daily", "}"), true],
    [written("/etc/logrotate.d/app", "# nothing yet"), false],
    [written("/etc/systemd/journald.conf.d/60-size.conf", "[Journal]", "SystemMaxUse=500M"), true],
    [written("/etc/systemd/journald.conf", "[Journal]", "SystemMaxUse = 1G"), true],
    [written("/etc/systemd/journald.conf.d/60-size.conf", "[Journal]", "SystemMaxUse="), false],
    [written("/etc/app/logrotate.conf", "/var/log/app/*.log { daily }"), false],
    [script("cat > /etc/logrotate.d/app <<'EOF'", "/var/log/app/*.log { daily }", "EOF"), true],
    [script("cp /opt/app/logrotate /etc/logrotate.d/app"), true],
    [script("ls /etc/logrotate.d/"), false],
    [script("sed -i 's/^#SystemMaxUse=.*/SystemMaxUse=300M/' /etc/systemd/journald.conf"), true],
    [script("echo SystemMaxUse=300M"), false],
    [script("sudo tee /etc/logrotate.d/app < /opt/app/logrotate"), true],
    [script("echo cp /opt/app/logrotate /etc/logrotate.d/app"), false],
    [script("echo 'x; cp /opt/app/logrotate /etc/logrotate.d/app'"), false],
    [script('echo "write it > /etc/logrotate.d/app later"'), false],
    [script("echo '/var/log/app/*.log { daily }'>>/etc/logrotate.d/app"), true],
  ])("%j: %s", (text, rotated) => {
    expect(logsRotated(readUserData(text))).toBe(rotated);
  });
});

describe("secretLines", () => {
  test("each secret at its line, in the text and in what is decoded inside it, never its value", () => {
    const text = cloudConfig(
      "write_files:", // 2
      "  - path: /etc/app/aws.env", // 3
      "    content: |", // 4
      "      AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", // 5
      "  - path: /etc/app/db.env", // 6
      "    encoding: gzip+b64", // 7
      `    content: ${base64(gzipSync("DB_PASSWORD=correct-horse-battery\n"))}`, // 8
      "chpasswd:", // 9
      "  expire: false", // 10
      "users:", // 11
      "  - name: deploy", // 12
      "    passwd: $6$rounds=4096$saltsalt$hashedhashedhashed", // 13
    );
    const found = secretLines(text, readUserData(text));
    expect(found).toEqual([
      { line: 5, kind: "an AWS access key ID" },
      { line: 8, kind: "a credential assignment" },
    ]);
    expect(JSON.stringify(found)).not.toMatch(/AKIAIOSFODNN7EXAMPLE|correct-horse-battery/);
  });
});

describe("containerFleetNode", () => {
  const fleet = (text: string) => containerFleetNode(readUserData(decodeUserData(text) ?? text));
  const ecsJoin = "echo ECS_CLUSTER=prod-cluster >> /etc/ecs/ecs.config";
  const eksBootstrap = [
    "set -ex",
    "B64_CLUSTER_CA=LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t",
    "API_SERVER_URL=https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com",
    "/etc/eks/bootstrap.sh prod-cluster \\",
    "  --kubelet-extra-args '--node-labels=eks.amazonaws.com/nodegroup=general --max-pods=17' \\",
    "  --b64-cluster-ca $B64_CLUSTER_CA --apiserver-endpoint \"${API_SERVER_URL}\" --use-max-pods false",
  ];
  const nodeConfig = [
    "apiVersion: node.eks.aws/v1alpha1",
    "kind: NodeConfig",
    "spec:",
    "  cluster:",
    "    name: prod-cluster",
    "    apiServerEndpoint: https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com",
    "    certificateAuthority: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t",
    "    cidr: 10.100.0.0/16",
    "  kubelet:",
    "    config:",
    "      maxPods: 17",
  ].join("\n");

  test.each([
    ["the ECS join AWS documents", "ECS", script(ecsJoin)],
    ["the console's ECS join, with its other agent setting", "ECS", "#!/bin/bash\necho ECS_CLUSTER=default >> /etc/ecs/ecs.config;echo ECS_BACKEND_HOST= >> /etc/ecs/ecs.config;\n"],
    ["agent settings in a here-document, after shell options", "ECS", script("set -euo pipefail", "cat <<'EOF' >> /etc/ecs/ecs.config", "ECS_CLUSTER=prod-cluster", "# tasks get their own roles", "ECS_ENABLE_TASK_IAM_ROLE=true", "EOF")],
    ["agent settings by tee -a, quoted and with a variable", "ECS", script('CLUSTER="prod-cluster"', "tee -a /etc/ecs/ecs.config > /dev/null <<EOF", "ECS_CLUSTER=$CLUSTER", "ECS_CONTAINER_STOP_TIMEOUT=60s", "EOF")],
    ["echo -e of two settings, and gzipped base64", "ECS", base64(gzipSync(script('echo -e "ECS_CLUSTER=prod\\nECS_AWSVPC_BLOCK_IMDS=true" > /etc/ecs/ecs.config')))],
    ["agent settings piped into sudo tee -a", "ECS", script('echo "ECS_CLUSTER=prod-cluster" | sudo tee -a /etc/ecs/ecs.config', "echo ECS_ENABLE_TASK_IAM_ROLE=true | tee -a /etc/ecs/ecs.config > /dev/null")],
    ["agent settings piped into tee run by sudo as root", "ECS", script('echo "ECS_CLUSTER=prod-cluster" | sudo -u root tee -a /etc/ecs/ecs.config')],
    ["printf of two settings", "ECS", script("printf 'ECS_CLUSTER=prod\\nECS_ENABLE_TASK_IAM_ROLE=true\\n' >> /etc/ecs/ecs.config")],
    ["a managed node group's bootstrap.sh, over continued lines", "EKS", script(...eksBootstrap)],
    ["bootstrap.sh run by dash, named by its path", "EKS", script("/usr/bin/dash /etc/eks/bootstrap.sh prod-cluster")],
    ["bootstrap.sh in a MIME part", "EKS", mime([{ type: "text/x-shellscript", body: script("/etc/eks/bootstrap.sh prod-cluster") }])],
    ["a nodeadm NodeConfig in its MIME part", "EKS", mime([{ type: "application/node.eks.aws", body: nodeConfig }])],
    ["a nodeadm NodeConfig, base64, beside a script that only sets options", "EKS", mime([{ type: "application/node.eks.aws", body: nodeConfig, base64: true }, { type: "text/x-shellscript", body: script("set -o xtrace") }])],
    ["a bare NodeConfig", "EKS", `${nodeConfig}\n`],
    ["Bottlerocket's Kubernetes settings", "EKS", '[settings.kubernetes]\ncluster-name = "prod-cluster"\napi-server = "https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com"\n\n[settings.kubernetes.node-labels]\n"team" = "payments"\n'],
    ["Bottlerocket's ECS settings, as dotted keys", "ECS", 'settings.ecs.cluster = "prod-cluster" # joins\nsettings.ecs.enable-spot-instance-draining = true\n'],
    [
      "Bottlerocket's Kubernetes settings over lines, quoted and in inline tables",
      "EKS",
      '[settings."kubernetes"]\n"cluster-name" = "prod-cluster"\nnode-taints = { "dedicated" = ["gpu:NoSchedule"] }\nallowed-unsafe-sysctls = [\n  "net.core.somaxconn", # for the proxy\n]\nkube-reserved = """\ncpu = 100m\n"""\n',
    ],
  ])("%s: %s", (_description, cluster, text) => {
    expect(fleet(text)).toBe(cluster);
  });

  test.each([
    ["an ECS join that also installs a package", script(ecsJoin, "yum install -y amazon-cloudwatch-agent")],
    ["an ECS join that also writes Docker's options", script(ecsJoin, "echo 'OPTIONS=\"--default-ulimit nofile=65536:65536\"' >> /etc/sysconfig/docker")],
    ["an ECS join that restarts the agent", script(ecsJoin, "systemctl restart ecs")],
    ["an ECS join that opens a port", script(ecsJoin, "iptables -A INPUT -p tcp --dport 8080 -j ACCEPT")],
    ["something other than agent settings in ecs.config", script("echo ECS_CLUSTER=prod >> /etc/ecs/ecs.config", "echo PATH=/opt/bin >> /etc/ecs/ecs.config")],
    ["agent settings without a cluster", script("echo ECS_ENABLE_TASK_IAM_ROLE=true >> /etc/ecs/ecs.config")],
    ["a join that ignores its own failure", script(`${ecsJoin} || true`)],
    ["settings piped from a command that could print anything", script("curl -s http://10.0.0.5/ecs.config | sudo tee -a /etc/ecs/ecs.config")],
    ["printf of a format that converts its arguments", script('printf "ECS_CLUSTER=%s\\n" "$(hostname)" >> /etc/ecs/ecs.config')],
    ["a pipe into another command", script(`${ecsJoin}`, "echo ECS_CLUSTER=prod | logger -t user-data")],
    ["a here-document into tee, which drops what a command pipes in", script("yum install -y httpd | tee -a /etc/ecs/ecs.config <<EOF", "ECS_CLUSTER=prod", "EOF")],
    ["a pipe into a variable assignment", script(ecsJoin, "yum install -y httpd | FOO=1")],
    ["a piped command that also writes elsewhere", script("echo ECS_CLUSTER=prod > /etc/cron.d/x | tee -a /etc/ecs/ecs.config")],
    ["a join logged through a process substitution", script("exec > >(tee /var/log/user-data.log | logger -t user-data) 2>&1", "/etc/eks/bootstrap.sh prod-cluster")],
    ["a join run in the background", script("/etc/eks/bootstrap.sh prod-cluster &")],
    ["a join whose arguments run a command", script("/etc/eks/bootstrap.sh prod-cluster --kubelet-extra-args \"--max-pods=$(/opt/max-pods)\"")],
    ["a here-document that runs a command", script("cat <<EOF >> /etc/ecs/ecs.config", "ECS_CLUSTER=`hostname`", "EOF")],
    ["a here-document never closed", script("cat <<'EOF' >> /etc/ecs/ecs.config", "ECS_CLUSTER=prod")],
    ["a bootstrap.sh without a cluster", script("/etc/eks/bootstrap.sh")],
    ["a boot hook", `#cloud-boothook\n${ecsJoin}\n`],
    ["a script in another language", `#!/usr/bin/python3\n${ecsJoin}\n`],
    ["a join in a cloud-config's runcmd", cloudConfig("runcmd:", `  - ${ecsJoin}`)],
    ["a NodeConfig beside a script that installs a package", mime([{ type: "application/node.eks.aws", body: nodeConfig }, { type: "text/x-shellscript", body: script("dnf install -y htop") }])],
    ["a NodeConfig beside a cloud-config", mime([{ type: "application/node.eks.aws", body: nodeConfig }, { type: "text/cloud-config", body: cloudConfig("ssh_pwauth: true") }])],
    ["a NodeConfig in a part nodeadm does not read", mime([{ type: "text/plain", body: nodeConfig }])],
    ["another kind of nodeadm document", "apiVersion: node.eks.aws/v1alpha1\nkind: Something\n"],
    ["Bottlerocket with the admin container on", '[settings.kubernetes]\ncluster-name = "prod"\n[settings.host-containers.admin]\nenabled = true\n'],
    ["Bottlerocket running a bootstrap container", 'settings.kubernetes.cluster-name = "prod"\nsettings.bootstrap-containers.setup.source = "example.com/setup:1"\n'],
    ["Bottlerocket settings for both orchestrators", '[settings.kubernetes]\ncluster-name = "prod"\n[settings.ecs]\ncluster = "prod"\n'],
    ["a TOML value that never ends", '[settings.kubernetes]\nnode-taints = [\n  "a",\n'],
    ["a script that does nothing", script("set -e")],
    ["text cloud-init does not run", "<powershell>\nInstall-WindowsFeature Web-Server\n</powershell>\n"],
  ])("not %s", (_description, text) => {
    expect(fleet(text)).toBeUndefined();
  });
});

describe("readingAroundUnknowns", () => {
  /** The container fleet user data joins, read with an unknown part where each `<?>` is; "not read" where it is not read. */
  const fleetAround = (text: string) => {
    const reading = readingAroundUnknowns(PartialString.between(text.split("<?>")));
    return reading === undefined ? "not read" : containerFleetNode(reading.setup);
  };

  test.each([
    ["terraform-aws-eks's join, the CA and endpoint assigned", "EKS", script("set -e", "B64_CLUSTER_CA=<?>", "API_SERVER_URL=<?>", "/etc/eks/bootstrap.sh <?> --b64-cluster-ca $B64_CLUSTER_CA --apiserver-endpoint $API_SERVER_URL")],
    ["the join's arguments, a whole word, quoted or inside a quoted word", "EKS", script("/etc/eks/bootstrap.sh prod --apiserver-endpoint <?> --b64-cluster-ca \"<?>\" --kubelet-extra-args '--node-labels=team=<?>'")],
    ["an ECS cluster's name, echoed and in a here-document", "ECS", script("echo ECS_CLUSTER=<?> >> /etc/ecs/ecs.config", "cat <<'EOF' >> /etc/ecs/ecs.config", "ECS_ENABLE_TASK_IAM_ROLE=<?>", "EOF")],
    ["a nodeadm NodeConfig's values, in its MIME part", "EKS", mime([{ type: "application/node.eks.aws", body: "apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster:\n    name: <?>\n    apiServerEndpoint: <?>\n    certificateAuthority: <?>\n" }])],
    ["Bottlerocket's settings' strings", "EKS", '[settings.kubernetes]\n"cluster-name" = "<?>"\n"api-server" = "https://<?>"\n'],
  ])("a value read as one opaque word: %s", (_description, cluster, text) => {
    expect(fleetAround(text)).toBe(cluster);
  });

  test.each([
    ["a whole line", script("/etc/eks/bootstrap.sh prod", "<?>")],
    ["a whole line of a here-document", script("cat <<'EOF' >> /etc/ecs/ecs.config", "ECS_CLUSTER=prod", "<?>", "EOF")],
    ["a command", script("<?> --join", "/etc/eks/bootstrap.sh prod")],
    ["a command after another", script("set -e; <?> --join", "/etc/eks/bootstrap.sh prod")],
    ["a command after an assignment", script("A=1 <?>", "/etc/eks/bootstrap.sh prod")],
    ["the name an assignment sets", script("A<?>=1", "/etc/eks/bootstrap.sh prod")],
    ["in a comment", script("# joins <?>", "/etc/eks/bootstrap.sh prod")],
    ["a quoted word over lines", script("/etc/eks/bootstrap.sh prod --kubelet-extra-args '--a", "<?>'")],
    ["a file written to", script("echo ECS_CLUSTER=prod >> <?>")],
    ["a here-document's delimiter", script("cat <<<?> >> /etc/ecs/ecs.config", "ECS_CLUSTER=prod", "<?>")],
    ["the shell that runs the script", "#!<?>\n/etc/eks/bootstrap.sh prod\n"],
    ["a MIME header", mime([{ type: "<?>", body: script("/etc/eks/bootstrap.sh prod") }])],
    ["a NodeConfig's key", "apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster:\n    <?>: prod\n"],
    ["a TOML key", '[settings.kubernetes]\n"<?>" = "prod"\n'],
    ["a TOML value not in a string", "[settings.kubernetes]\ncluster-name = <?>\n"],
    ["a cloud-config's value", cloudConfig("runcmd:", "  - /etc/eks/bootstrap.sh <?>")],
  ])("not read where a value could be more: %s", (_description, text) => {
    expect(fleetAround(text)).toBe("not read");
  });

  test("a value beside what more than joins is read, and the host is no container-fleet node", () => {
    expect(fleetAround(script("/etc/eks/bootstrap.sh <?>", "yum install -y htop"))).toBeUndefined();
  });

  test("known text holding what stands in for a value is not read", () => {
    expect(fleetAround(script("/etc/eks/bootstrap.sh \uE000unknown0\uE001 <?>"))).toBe("not read");
  });
});

describe("hostSetupAroundUnknowns", () => {
  const QUESTIONS = { firewall: FIREWALL_ENABLED, ssh: SSH_ACCESS, swap: SWAP_CONFIGURED, logs: LOGS_ROTATED };
  type Question = keyof typeof QUESTIONS;
  const ALL = Object.keys(QUESTIONS) as Question[];
  /** For each question, the line of the first unknown part (each `<?>`) that could change its answer; "none" where none could. */
  const decidingLines = (text: string) =>
    Object.fromEntries(
      ALL.map((question) => {
        const around = hostSetupAroundUnknowns(PartialString.between(text.split("<?>")), QUESTIONS[question].reads);
        return [question, around === undefined ? "not read" : (around.decidingLine ?? "none")];
      }),
    );
  /** `line` for the questions named, "none" for the others. */
  const decidedAt = (line: number, questions: Question[]) => Object.fromEntries(ALL.map((question) => [question, questions.includes(question) ? line : "none"]));

  test.each([
    ["an assignment's value", script("export PUBLIC_IP=<?>", "dnf install -y nodejs")],
    ["a leading assignment's value, and a variable assigned from it that is only written out", script("A=<?> B=$A", 'echo "$B" > /etc/app.env')],
    ["an argument of a program no rule looks for, whole or inside a quoted word", script('dnf install -y <?> "app-<?>"')],
    ["text echoed into a file no rule reads", script('echo "AZ=<?>" > /etc/app.env', "ufw --force enable")],
    ["a line of a systemd unit a here-document writes", script("cat > /etc/systemd/system/app.service <<'EOF'", "[Service]", "Environment=AZ=<?>", "EOF", "systemctl enable --now app")],
    ["a written file's content, in a cloud-config", cloudConfig("write_files:", "  - path: /etc/app.env", "    content: |", "      PUBLIC_IP=<?>")],
    ["an argument of a program no rule looks for, in runcmd", cloudConfig("runcmd:", '  - [dnf, install, -y, "<?>"]')],
    ["an argument of a firewall or service tool under a verb no rule looks for", script("ufw allow from <?> to any port 22", "ufw --force enable", "systemctl stop <?>")],
    ["settings of modules no rule reads, scalar or nested", cloudConfig("hostname: <?>", "packages:", "  - <?>", "users:", "  - name: <?>", "    groups: [<?>]")],
    ["an argument of a program no rule looks for, run by sudo", script("sudo dnf install -y <?>")],
    ["a wrapper's operand or option value", script("timeout <?> dnf install -y nodejs", "sudo -u <?> nice -n <?> /opt/app/setup")],
    ["a written file's owner, permissions and when it is written", cloudConfig("write_files:", "  - path: /etc/ssh/sshd_config.d/00.conf", "    owner: <?>", "    permissions: <?>", "    defer: <?>", "    content: PasswordAuthentication no")],
    // Every answer reads each entry's lines, whether they replace what the file held or are added to it.
    ["whether a written file is appended to", cloudConfig("write_files:", "  - path: /etc/ssh/sshd_config.d/00.conf", "    content: PasswordAuthentication no", "    append: <?>")],
    ["how a file no rule reads is read, or where it is fetched from", cloudConfig("write_files:", "  - path: /etc/app.env", "    encoding: <?>", "    content: QT0x", "  - path: /etc/app.key", "    source:", "      uri: https://<?>/app.key", "      headers:", "        Authorization: <?>")],
  ])("every question is answered around a part that is a value: %s", (_description, text) => {
    expect(decidingLines(text)).toEqual(decidedAt(0, []));
  });

  test.each([
    ["a whole line", 2, ALL, script("<?>", "ufw --force enable")],
    ["a command", 2, ALL, script("<?> --now")],
    ["a command, through a variable assigned from it", 2, ALL, script("SETUP=<?>", "$SETUP --now")],
    ["an argument of a program that runs commands", 2, ALL, script("sudo <?> enable")],
    ["a command a wrapper runs", 2, ALL, script("flock /run/setup.lock <?>")],
    ["a command find runs on each file", 2, ALL, script("find /opt/setup -name '*.sh' -exec <?> {} ;")],
    ["a command systemd-run starts", 2, ALL, script("systemd-run --unit=setup <?>")],
    ["a command run through wrappers", 2, ALL, script("sudo -E timeout 30 <?> --now")],
    ["a command after then", 2, ALL, script("if true; then <?>; fi")],
    ["a command a shell's -c runs", 2, ALL, script("bash -c '<?> --now'")],
    ["a comment", 2, ALL, script("# built for <?>", "ufw --force enable")],
    ["a script that is not plain", 2, ALL, script("IP=$(curl -s <?>)")],
    ["a top-level key of a cloud-config, which could be one a rule reads", 2, ALL, cloudConfig("<?>: [ufw, --force, enable]")],
    ["the encoding of a file the ssh question reads, which decides how its content is read", 5, ["ssh"], cloudConfig("write_files:", "  - path: /etc/ssh/sshd_config.d/00.conf", "    content: PasswordAuthentication no", "    encoding: <?>")],
    ["where a logrotate configuration is fetched from", 5, ["logs"], cloudConfig("write_files:", "  - path: /etc/logrotate.d/app", "    source:", "      uri: https://<?>/logrotate")],
    ["a written file's field name, which could be one read", 4, ALL, cloudConfig("write_files:", "  - path: /etc/ssh/sshd_config.d/00.conf", "    <?>: PasswordAuthentication no")],
    ["an argument of the firewall's program", 2, ["firewall"], script("ufw <?>")],
    ["an argument of a program the firewall question looks for, under a verb it looks for", 2, ["firewall"], script("systemctl enable --now <?>")],
    ["an argument of the firewall's program run by sudo", 2, ["firewall"], script("sudo ufw <?>")],
    ["the verb of the firewall's program, after an option", 2, ["firewall"], script("ufw --force <?>")],
    ["an argument of the firewall's program, in runcmd", 3, ["firewall"], cloudConfig("runcmd:", '  - [ufw, "<?>"]')],
    ["an argument of a program that makes swap", 2, ["swap"], script("mkswap <?>", "swapon -a")],
    ["the size of cloud-config's swap", 3, ["swap"], cloudConfig("swap:", "  size: <?>")],
    ["a setting the ssh question reads", 2, ["ssh"], cloudConfig("ssh_pwauth: <?>")],
    ["a line a here-document writes into the sshd configuration", 3, ["ssh"], script("cat >> /etc/ssh/sshd_config <<'EOF'", "PasswordAuthentication <?>", "EOF")],
    ["a line of an sshd drop-in write_files writes", 5, ["ssh"], cloudConfig("write_files:", "  - path: /etc/ssh/sshd_config.d/00-hardening.conf", "    content: |", "      PasswordAuthentication <?>")],
    ["the journal's limit written into journald's configuration", 2, ["logs"], script("echo 'SystemMaxUse=<?>' >> /etc/systemd/journald.conf")],
    ["an argument of a program that writes files, which may be one the ssh or logs question reads", 2, ["ssh", "logs"], script("cp /tmp/app.conf <?>")],
    ["a file redirected to", 2, ["ssh", "logs"], script("echo 'PasswordAuthentication no' > <?>")],
    ["text echoed into the sshd configuration, named by a variable that could name a logrotate file", 3, ["ssh", "logs"], script("CONF=/etc/ssh/sshd_config.d/10-app.conf", 'echo "PasswordAuthentication <?>" > "$CONF"')],
    ["a written file's path", 3, ["ssh", "logs"], cloudConfig("write_files:", "  - path: /etc/<?>", "    content: x")],
  ])("undecided only for the questions a part could answer otherwise: %s", (_description, line, questions, text) => {
    expect(decidingLines(text)).toEqual(decidedAt(line, questions as Question[]));
  });

  test("each question names the line of the first part that decides its own answer", () => {
    const text = script("ufw <?>", "mkswap <?>", "swapon -a");
    expect(decidingLines(text)).toEqual({ firewall: 2, ssh: "none", swap: 3, logs: "none" });
  });

  test("known text holding what stands in for a part is not read", () => {
    expect(decidingLines(script("export A=\uE000unknown0\uE001 B=<?>"))).toEqual(Object.fromEntries(ALL.map((question) => [question, "not read"])));
  });
});

describe("userDataOf", () => {
  const resource = (props: Record<string, unknown>): Resource => ({ kind: "aws_instance", address: "aws_instance.web", name: "web", engine: "terraform", props, options: {}, location: {}, secretPaths: [] });

  test("the provider's unknown copy beside known user data is ignored; alone, it is unknown", () => {
    expect(userDataOf(resource({ user_data: "#!/bin/bash\n", user_data_base64: UNKNOWN }))).toEqual({ texts: [{ path: "user_data", text: "#!/bin/bash\n" }], unknown: [] });
    expect(userDataOf(resource({ user_data_base64: UNKNOWN_PRESENT }))).toEqual({ texts: [], unknown: ["user_data_base64"] });
    expect(userDataOf(resource({ user_data: "  ", user_data_base64: null }))).toEqual({ texts: [], unknown: [] });
  });
});

describe("HardenedVps's rendered cloud-config", () => {
  const SPEC: HostSpec = {
    app: { name: "orders", command: "/opt/orders/bin/server", environment: { LOG_LEVEL: "info" }, environmentFrom: { store: "ssm", id: "/prod/orders/env" }, memoryMax: "75%" },
    setupCommands: [],
    firewall: [{ port: 22, protocol: "tcp", sources: ["10.20.0.0/16"], rateLimited: true }],
    swapSizeMiB: 2048,
    journaldMaxUse: "500M",
    logRotateDays: 14,
    automaticRebootTime: "04:00",
    agent: { logGroupName: "/hardened-vps/orders", packageArchitecture: "amd64", version: "latest" },
  };

  test("answers yes to every host question, and holds no secret", () => {
    const text = renderCloudConfig(SPEC);
    const setup = readUserData(text);
    expect(setup.problems).toEqual([]);
    expect(firewallEnabled(setup)).toBe(true);
    expect(sshAccess(setup)).toEqual({ rootLogin: { state: "off" }, passwordAuthentication: { state: "off" } });
    expect(swapConfigured(setup)).toEqual({ configured: true });
    expect(logsRotated(setup)).toBe(true);
    expect(secretLines(text, setup)).toEqual([]);
  });

  test("without swap it has none, which the swap question sees", () => {
    expect(cloudConfigOf({ ...SPEC, swapSizeMiB: 0 })).not.toHaveProperty("swap");
    expect(swapConfigured(readUserData(renderCloudConfig({ ...SPEC, swapSizeMiB: 0 })))).toEqual({ configured: false });
  });
});
