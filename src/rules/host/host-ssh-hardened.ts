import { resourceRule, violation, type Verdict, type PulumiExampleResource } from "../rule";
import { HOST_SETUP_KINDS, judgeHostSetup, SSH_ACCESS, userDataLine, type SshAccess } from "../user-data";
import { fleetNode, fleetNodeExamples, HOST_SCOPE } from "./support/host-scope";

/** What each setting allows when it is on. */
const ALLOWS: Record<keyof SshAccess, string> = {
  rootLogin: "lets root log in over SSH",
  passwordAuthentication: "allows password logins over SSH",
};

const PASSWORDS_UNSET = "nothing turns SSH password logins off: set ssh_pwauth: false, or write PasswordAuthentication no to the sshd configuration";

/** The stack's own host in the passing examples, set up as the rule asks. */
const PASSING_HOST: PulumiExampleResource = {
  type: "aws:ec2/instance:Instance",
  name: "pass_app",
  props: {
    ami: "ami-0abcdef1234567890",
    instanceType: "t3.small",
    userData: "#cloud-config\nssh_pwauth: false\nruncmd:\n  - /opt/app/bin/install\n",
  },
};

export default resourceRule({
  id: "PR-SEC-022",
  slug: "host-ssh-hardened",
  title: "Hosts refuse SSH logins as root and with passwords",
  checklist: "3.1.2",
  severity: "high",
  description:
    "Every host reachable on port 22 is tried with common passwords within minutes of boot. Password logins turn " +
    "that into a guessing game the host can lose; root logins make a single stolen key or guessed password a full " +
    "compromise, and leave no trail of which person logged in. Root login counts as off with cloud-init's " +
    "`disable_root` (its default, true, which holds for a boot script too: cloud-init runs it) or `PermitRootLogin no`: `prohibit-password` still lets in any key placed in " +
    "root's `authorized_keys`. Password logins count as off with `ssh_pwauth: false` or `PasswordAuthentication no`, " +
    "in an sshd configuration written through `write_files` (`/etc/ssh/sshd_config` or `sshd_config.d/*.conf`) or " +
    "by a script line. A setting that turns either on is reported at its line, whatever else turns it off: sshd " +
    "keeps the first value it reads, so the outcome depends on file order. " +
    HOST_SCOPE,
  remediation:
    "In cloud-config, set `ssh_pwauth: false` and leave `disable_root` unset or true. Also write a drop-in that sshd " +
    "reads before the image's own, e.g. `write_files` with `path: /etc/ssh/sshd_config.d/00-hardening.conf` and " +
    "content `PermitRootLogin no` and `PasswordAuthentication no`; a boot script can write the same file and run " +
    "`systemctl reload ssh`.",
  links: [
    "https://man.openbsd.org/sshd_config",
    "https://cloudinit.readthedocs.io/en/latest/reference/modules.html#set-passwords",
    "https://cloudinit.readthedocs.io/en/latest/reference/modules.html#ssh",
    "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html",
  ],
  kinds: [...HOST_SETUP_KINDS],
  config: {},
  check(resource) {
    // Not on a container-fleet node: its sshd is the cluster AMI's (the ECS- and EKS-optimized images ship password
    // logins off and cloud-init's disable_root, Bottlerocket runs no sshd on the host). User data that only joins
    // the cluster leaves it as shipped; user data that changes it is more than a join and is judged.
    return judgeHostSetup(resource, SSH_ACCESS, (access, path) => {
      const verdicts = (Object.keys(ALLOWS) as (keyof SshAccess)[]).flatMap((setting): Verdict[] => {
        const state = access[setting];
        return state.state === "on" ? [violation(userDataLine(path, state.line), `line ${state.line}: ${state.source} ${ALLOWS[setting]}`)] : [];
      });
      return access.passwordAuthentication.state === "unset" ? [...verdicts, violation(path, PASSWORDS_UNSET)] : verdicts;
    });
  },
  examples: {
    files: {
      fail: [
        {
          description: "a cloud-config that turns SSH password logins on",
          files: {
            "cloud-init.yaml": ["#cloud-config", "ssh_pwauth: true", "chpasswd:", "  expire: true", "packages:", "  - nginx", ""].join("\n"),
          },
        },
        {
          description: "a boot script whose sshd drop-in still lets root in with a key",
          files: {
            "user-data.sh": [
              "#!/bin/bash",
              "cat > /etc/ssh/sshd_config.d/00-hardening.conf <<'EOF'",
              "PermitRootLogin prohibit-password",
              "PasswordAuthentication no",
              "EOF",
              "systemctl reload ssh",
              "",
            ].join("\n"),
          },
        },
      ],
      pass: [
        {
          description: "a cloud-config that keeps root out, turns password logins off and writes an sshd drop-in",
          files: {
            "cloud-init.yaml": [
              "#cloud-config",
              "disable_root: true",
              "ssh_pwauth: false",
              "write_files:",
              "  - path: /etc/ssh/sshd_config.d/00-hardening.conf",
              "    permissions: '0644'",
              "    content: |",
              "      PermitRootLogin no",
              "      PasswordAuthentication no",
              "      KbdInteractiveAuthentication no",
              "",
            ].join("\n"),
          },
        },
        {
          description: "a boot script that edits sshd_config in place",
          files: {
            "user-data": [
              "#!/bin/bash",
              "set -euo pipefail",
              "sed -i -E 's/^#?PermitRootLogin .*/PermitRootLogin no/' /etc/ssh/sshd_config",
              "sed -i -E 's/^#?PasswordAuthentication .*/PasswordAuthentication no/' /etc/ssh/sshd_config",
              "systemctl reload ssh",
              "",
            ].join("\n"),
          },
        },
      ],
    },
    pulumi: {
      fail: [
        {
          description: "an instance whose boot script leaves sshd as the image ships it",
          resources: [
            {
              type: "aws:ec2/instance:Instance",
              name: "fail_app",
              props: {
                ami: "ami-0abcdef1234567890",
                instanceType: "t3.small",
                userData: "#!/bin/bash\nset -euo pipefail\n/opt/app/bin/install\n",
              },
            },
          ],
        },
        {
          description: "an EKS node whose boot script also turns SSH password logins on, which makes it a host to judge",
          resources: [
            fleetNode("fail_fleet_node", "#!/bin/bash\n/etc/eks/bootstrap.sh orders\necho 'PasswordAuthentication yes' >> /etc/ssh/sshd_config.d/10-passwords.conf\nsystemctl reload sshd\n"),
          ],
        },
      ],
      pass: [
        {
          description: "an instance whose cloud-config turns password logins off and keeps cloud-init's disable_root",
          resources: [
            PASSING_HOST,
          ],
        },
        ...fleetNodeExamples(PASSING_HOST),
      ],
    },
  },
});
