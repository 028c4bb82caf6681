import { resourceRule, violation, type PulumiExampleResource } from "../rule";
import { FIREWALL_ENABLED, HOST_SETUP_KINDS, judgeHostSetup } from "../user-data";
import { fleetNode, fleetNodeExamples, HOST_SCOPE, PROGRAMS_RUN } from "./support/host-scope";

/** The stack's own host in the passing examples, set up as the rule asks. */
const PASSING_HOST: PulumiExampleResource = {
  type: "aws:ec2/instance:Instance",
  name: "pass_web",
  props: {
    ami: "ami-0abcdef1234567890",
    instanceType: "t3.small",
    userData: "#!/bin/bash\nset -euo pipefail\nufw default deny incoming\nufw allow 443/tcp\nufw --force enable\n",
  },
};

export default resourceRule({
  id: "PR-SEC-021",
  slug: "host-firewall-enabled",
  title: "Hosts turn on a firewall at boot",
  checklist: "3.1.2",
  severity: "high",
  description:
    "A security group filters traffic before it reaches the instance, but nothing on the host does: a service that " +
    "listens on all interfaces (a database, a debug port, a metrics endpoint) is exposed the moment a security " +
    "group rule is widened, and on a VPS outside a cloud network the host firewall is the only filter there is. " +
    "Ubuntu ships ufw disabled and most images ship no rule set at all, so the boot configuration has to turn one " +
    "on. Read from cloud-init files and from EC2 user data (cloud-config, shell scripts and MIME multi-part, base64 " +
    "or gzipped): `ufw enable` (or `ufw --force enable`), `firewall-cmd --set-default-zone`, `nft -f`, " +
    "`iptables-restore`, or `systemctl enable --now` of nftables, ufw or firewalld, in `runcmd`, `bootcmd` or a script. " +
    `${PROGRAMS_RUN} ${HOST_SCOPE}`,
  remediation:
    "Deny incoming traffic by default, allow what the host serves, then turn the firewall on, in `runcmd` or the " +
    "boot script: `ufw default deny incoming`, `ufw allow proto tcp from <admin CIDR> to any port 22`, `ufw allow " +
    "443/tcp`, `ufw --force enable`. With nftables, write `/etc/nftables.conf` through `write_files` and run " +
    "`systemctl enable --now nftables`.",
  links: [
    "https://manpages.ubuntu.com/manpages/noble/man8/ufw.8.html",
    "https://cloudinit.readthedocs.io/en/latest/reference/modules.html#runcmd",
    "https://wiki.nftables.org/wiki-nftables/index.php/Quick_reference-nftables_in_10_minutes",
    "https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html",
  ],
  kinds: [...HOST_SETUP_KINDS],
  config: {},
  check(resource) {
    // Not on a container-fleet node: kube-proxy, the CNI plugin and the ECS agent write the host's iptables rules
    // themselves, so a firewall turned on at boot would fight them; security groups filter the node's traffic.
    return judgeHostSetup(resource, FIREWALL_ENABLED, (enabled, path) =>
      enabled
        ? []
        : [violation(path, "no host firewall is turned on at boot: nothing runs ufw enable, sets a firewalld default zone, loads an nftables or iptables rule set, or enables and starts their service")],
    );
  },
  examples: {
    files: {
      fail: [
        {
          description: "a cloud-config that installs and starts a web server and never turns on a firewall",
          files: {
            "cloud-init.yaml": [
              "#cloud-config",
              "package_update: true",
              "packages:",
              "  - nginx",
              "runcmd:",
              "  - systemctl enable --now nginx",
              "",
            ].join("\n"),
          },
        },
        {
          description: "a boot script that adds ufw rules but never enables ufw",
          files: {
            "user-data.sh": ["#!/bin/bash", "set -euo pipefail", "apt-get install -y ufw", "ufw default deny incoming", "ufw allow 443/tcp", ""].join("\n"),
          },
        },
      ],
      pass: [
        {
          description: "a cloud-config that denies incoming traffic, allows HTTPS and enables ufw",
          files: {
            "cloud-init.yaml": [
              "#cloud-config",
              "packages:",
              "  - ufw",
              "runcmd:",
              "  - [ufw, default, deny, incoming]",
              "  - [ufw, allow, 443/tcp]",
              "  - [ufw, --force, enable]",
              "",
            ].join("\n"),
          },
        },
        {
          description: "a boot script that writes an nftables rule set and enables nftables",
          files: {
            "user-data": [
              "#!/bin/bash",
              "set -euo pipefail",
              "cat > /etc/nftables.conf <<'EOF'",
              "table inet filter {",
              "  chain input {",
              "    type filter hook input priority 0; policy drop;",
              "    ct state established,related accept",
              "    iif lo accept",
              "    tcp dport 443 accept",
              "  }",
              "}",
              "EOF",
              "systemctl enable --now nftables",
              "",
            ].join("\n"),
          },
        },
      ],
    },
    pulumi: {
      fail: [
        {
          description: "an instance whose cloud-config runs the app with no firewall",
          resources: [
            {
              type: "aws:ec2/instance:Instance",
              name: "fail_web",
              props: {
                ami: "ami-0abcdef1234567890",
                instanceType: "t3.small",
                userData: "#cloud-config\npackages:\n  - nginx\nruncmd:\n  - systemctl enable --now nginx\n",
              },
            },
          ],
        },
        {
          description: "an ECS node whose boot script also installs and starts an agent on the host, which makes it a host to judge",
          resources: [
            fleetNode("fail_fleet_node", "#!/bin/bash\necho ECS_CLUSTER=orders >> /etc/ecs/ecs.config\nyum install -y amazon-cloudwatch-agent\nsystemctl enable --now amazon-cloudwatch-agent\n"),
          ],
        },
      ],
      pass: [
        {
          description: "an instance whose boot script enables ufw after allowing HTTPS",
          resources: [
            PASSING_HOST,
          ],
        },
        ...fleetNodeExamples(PASSING_HOST),
      ],
    },
  },
});
