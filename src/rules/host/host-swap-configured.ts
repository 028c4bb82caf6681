import { resourceRule, violation, type PulumiExampleResource } from "../rule";
import { HOST_SETUP_KINDS, judgeHostSetup, SWAP_CONFIGURED, userDataLine } from "../user-data";
import { fleetNode, fleetNodeExamples, HOST_SCOPE, PROGRAMS_RUN } from "./support/host-scope";

/** The stack's own host in the passing examples, set up as the rule asks. */
const PASSING_HOST: PulumiExampleResource = {
  type: "aws:ec2/instance:Instance",
  name: "pass_worker",
  props: {
    ami: "ami-0abcdef1234567890",
    instanceType: "t3.micro",
    userData: "#cloud-config\nswap:\n  filename: /swapfile\n  size: auto\n  maxsize: 2147483648\n",
  },
};

export default resourceRule({
  id: "PR-LIM-007",
  slug: "host-swap-configured",
  title: "Hosts set up swap at boot",
  checklist: "3.3.2",
  severity: "medium",
  description:
    "Cloud images boot without swap. On a small host, a burst of memory (a deploy running beside the old process, a " +
    "large request, a package upgrade) then goes straight to the OOM killer, which may pick the database or sshd " +
    "rather than the process that grew. A modest swap file with low swappiness absorbs the burst and leaves time " +
    "for the memory alarm to fire. Counted: cloud-config's `swap` module with a size (`auto` included), or a swap " +
    "area made and turned on (`mkswap` and `swapon`) in `runcmd`, `bootcmd` or a boot script. A `swap` setting " +
    "without a size makes no swap and is reported at its line. " +
    `${PROGRAMS_RUN} ${HOST_SCOPE}`,
  remediation:
    "In cloud-config: `swap: { filename: /swapfile, size: 2G, maxsize: 2G }`, and `vm.swappiness = 10` written to " +
    "`/etc/sysctl.d/`. In a script: `fallocate -l 2G /swapfile && chmod 600 /swapfile && mkswap /swapfile && swapon " +
    "/swapfile`, and an `/etc/fstab` line so it survives a reboot.",
  links: [
    "https://cloudinit.readthedocs.io/en/latest/reference/modules.html#mounts",
    "https://help.ubuntu.com/community/SwapFaq",
    "https://docs.kernel.org/admin-guide/sysctl/vm.html#swappiness",
  ],
  kinds: [...HOST_SETUP_KINDS],
  config: {},
  check(resource) {
    // Not on a container-fleet node: the kubelet refuses to start with swap on unless configured for it, and ECS
    // bounds each task by its task definition's memory; the node's memory is the cluster's to size. A node that
    // sets up swap (for ECS's maxSwap) does more than join, so it is read as any host is.
    return judgeHostSetup(resource, SWAP_CONFIGURED, (swap, path) => {
      if (swap.configured) return [];
      if (swap.line !== undefined) return [violation(userDataLine(path, swap.line), `line ${swap.line}: the swap setting has no size, so cloud-init makes no swap`)];
      return [violation(path, "no swap is set up at boot: no swap setting with a size, and no mkswap and swapon")];
    });
  },
  examples: {
    files: {
      fail: [
        {
          description: "a cloud-config for a small host without swap",
          files: {
            "cloud-init.yaml": ["#cloud-config", "packages:", "  - docker.io", "runcmd:", "  - systemctl enable --now docker", ""].join("\n"),
          },
        },
        {
          description: "a swap setting without a size, which makes none",
          files: {
            "cloud-config.yml": ["#cloud-config", "swap:", "  filename: /swapfile", "  maxsize: 2147483648", ""].join("\n"),
          },
        },
      ],
      pass: [
        {
          description: "cloud-init's swap module with a 2 GB file and low swappiness",
          files: {
            "cloud-init.yaml": [
              "#cloud-config",
              "swap:",
              "  filename: /swapfile",
              "  size: 2G",
              "  maxsize: 2G",
              "write_files:",
              "  - path: /etc/sysctl.d/60-swappiness.conf",
              "    content: |",
              "      vm.swappiness = 10",
              "runcmd:",
              "  - [sysctl, -p, /etc/sysctl.d/60-swappiness.conf]",
              "",
            ].join("\n"),
          },
        },
        {
          description: "a boot script that makes and turns on a swap file",
          files: {
            "user-data": [
              "#!/bin/bash",
              "set -euo pipefail",
              "fallocate -l 2G /swapfile",
              "chmod 600 /swapfile",
              "mkswap /swapfile",
              "swapon /swapfile",
              "echo '/swapfile none swap sw 0 0' >> /etc/fstab",
              "",
            ].join("\n"),
          },
        },
      ],
    },
    pulumi: {
      fail: [
        {
          description: "a launch template whose base64 boot script sets up no swap",
          resources: [
            {
              type: "aws:ec2/launchTemplate:LaunchTemplate",
              name: "fail_workers",
              props: {
                imageId: "ami-0abcdef1234567890",
                instanceType: "t3.micro",
                userData: Buffer.from("#!/bin/bash\nset -euo pipefail\n/opt/worker/bin/start\n").toString("base64"),
              },
            },
          ],
        },
        {
          description: "an EKS node whose boot script also installs packages, which makes it a host to judge",
          resources: [
            fleetNode("fail_fleet_node", "#!/bin/bash\nset -ex\n/etc/eks/bootstrap.sh orders\nyum install -y htop jq\n"),
          ],
        },
      ],
      pass: [
        {
          description: "an instance whose cloud-config sizes a swap file",
          resources: [
            PASSING_HOST,
          ],
        },
        ...fleetNodeExamples(PASSING_HOST),
      ],
    },
  },
});
