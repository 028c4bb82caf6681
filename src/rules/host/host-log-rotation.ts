import { resourceRule, violation, type PulumiExampleResource } from "../rule";
import { HOST_SETUP_KINDS, judgeHostSetup, LOGS_ROTATED } from "../user-data";
import { fleetNode, fleetNodeExamples, HOST_SCOPE, PROGRAMS_RUN } from "./support/host-scope";

/** The stack's own host in the passing examples, set up as the rule asks. */
const PASSING_HOST: PulumiExampleResource = {
  type: "aws:ec2/instance:Instance",
  name: "pass_api",
  props: {
    ami: "ami-0abcdef1234567890",
    instanceType: "t3.small",
    userData: "#cloud-config\nwrite_files:\n  - path: /etc/systemd/journald.conf.d/60-size.conf\n    content: |\n      [Journal]\n      SystemMaxUse=500M\n",
  },
};

export default resourceRule({
  id: "PR-OPS-015",
  slug: "host-log-rotation",
  title: "Hosts rotate their logs or cap the journal",
  checklist: "4.2.2",
  severity: "medium",
  description:
    "An app that writes to a file under `/var/log`, or a chatty service logging to the journal, fills the root " +
    "volume given time; a full disk then stops the database, the package manager and sshd's own logging. A " +
    "logrotate configuration for the app's files and a journald size cap keep the logs a host holds bounded while " +
    "an agent ships them to the central store. Counted: a file written to `/etc/logrotate.d/` (through " +
    "`write_files` or a script line), or `SystemMaxUse=` in `/etc/systemd/journald.conf` or a drop-in in " +
    "`journald.conf.d/`. " +
    `${PROGRAMS_RUN} ${HOST_SCOPE}`,
  remediation:
    "Write the app's rotation through `write_files`, e.g. `/etc/logrotate.d/app` with `/var/log/app/*.log { daily; " +
    "rotate 14; maxsize 100M; compress; missingok; copytruncate }` (one directive per line), and cap the journal " +
    "with `/etc/systemd/journald.conf.d/60-size.conf` holding `[Journal]` and `SystemMaxUse=500M`, then `systemctl " +
    "restart systemd-journald`.",
  links: [
    "https://manpages.ubuntu.com/manpages/noble/man8/logrotate.8.html",
    "https://www.freedesktop.org/software/systemd/man/latest/journald.conf.html",
    "https://cloudinit.readthedocs.io/en/latest/reference/modules.html#write-files",
  ],
  kinds: [...HOST_SETUP_KINDS],
  config: {},
  check(resource) {
    // Not on a container-fleet node: containers log through the runtime (the kubelet rotates container logs, the
    // ECS agent sets the awslogs or json-file driver) and the cluster's AMI bounds the journal and its own logs.
    return judgeHostSetup(resource, LOGS_ROTATED, (rotated, path) =>
      rotated ? [] : [violation(path, "logs are not bounded at boot: no logrotate configuration is written to /etc/logrotate.d/ and journald has no SystemMaxUse= limit")],
    );
  },
  examples: {
    files: {
      fail: [
        {
          description: "a cloud-config whose app writes to /var/log/app with nothing rotating it",
          files: {
            "cloud-init.yaml": [
              "#cloud-config",
              "write_files:",
              "  - path: /etc/systemd/system/app.service",
              "    content: |",
              "      [Service]",
              "      ExecStart=/opt/app/bin/server",
              "      StandardOutput=append:/var/log/app/app.log",
              "runcmd:",
              "  - [systemctl, enable, --now, app.service]",
              "",
            ].join("\n"),
          },
        },
      ],
      pass: [
        {
          description: "a cloud-config that rotates the app's logs and caps the journal",
          files: {
            "cloud-init.yaml": [
              "#cloud-config",
              "write_files:",
              "  - path: /etc/logrotate.d/app",
              "    content: |",
              "      /var/log/app/*.log {",
              "          daily",
              "          rotate 14",
              "          maxsize 100M",
              "          compress",
              "          missingok",
              "          copytruncate",
              "      }",
              "  - path: /etc/systemd/journald.conf.d/60-size.conf",
              "    content: |",
              "      [Journal]",
              "      SystemMaxUse=500M",
              "runcmd:",
              "  - [systemctl, restart, systemd-journald]",
              "",
            ].join("\n"),
          },
        },
        {
          description: "a boot script that writes a logrotate configuration",
          files: {
            "user-data.sh": [
              "#!/bin/bash",
              "set -euo pipefail",
              "cat > /etc/logrotate.d/app <<'EOF'",
              "/var/log/app/*.log {",
              "    weekly",
              "    rotate 4",
              "    compress",
              "    missingok",
              "}",
              "EOF",
              "",
            ].join("\n"),
          },
        },
      ],
    },
    pulumi: {
      fail: [
        {
          description: "an instance whose boot script starts an app logging to a file, unrotated",
          resources: [
            {
              type: "aws:ec2/instance:Instance",
              name: "fail_api",
              props: {
                ami: "ami-0abcdef1234567890",
                instanceType: "t3.small",
                userData: "#!/bin/bash\nmkdir -p /var/log/api\nnohup /opt/api/bin/server >> /var/log/api/api.log 2>&1 &\n",
              },
            },
          ],
        },
        {
          description: "an ECS node whose boot script also starts an exporter logging to a file, which makes it a host to judge",
          resources: [
            fleetNode("fail_fleet_node", "#!/bin/bash\necho ECS_CLUSTER=orders >> /etc/ecs/ecs.config\nnohup /opt/exporter/bin/exporter >> /var/log/exporter.log 2>&1 &\n"),
          ],
        },
      ],
      pass: [
        {
          description: "an instance whose cloud-config caps the journal",
          resources: [
            PASSING_HOST,
          ],
        },
        ...fleetNodeExamples(PASSING_HOST),
      ],
    },
  },
});
