/**
 * What the rules about a self-run host say about which hosts they judge (see `judgeHostSetup` in rules/user-data.ts):
 * the sentences their descriptions share, and the passing examples that show container-fleet nodes left out.
 */
import type { Example, PulumiExampleResource } from "../../rule";
import { WRAPPER_NAMES } from "../../shell";

export const HOST_SCOPE =
  "An EC2 host without user data, or with user data in another form (an `#include`, a Jinja template), is " +
  "undecided rather than passed: what sets it up, its image or a tool run after boot, is not in the configuration. " +
  "Not judged: an instance launched from a launch template without user data of its own (the template is judged), " +
  "a launch template without an image (`image_id` unset or empty), whatever its user data (an EKS node group or " +
  "AWS Batch supplies its own AMI, which sets the host up, and runs that user data before its own bootstrap), a " +
  "Windows host (`<powershell>` or `<script>` user data), a Bottlerocket host (user data of TOML " +
  "settings, every key under `settings`: a container OS with no swap, SSH only in its admin container, and no " +
  "firewall service or logrotate to configure), and a container-fleet node whose user data only joins its cluster " +
  "(ECS agent settings written to `/etc/ecs/ecs.config`, `/etc/eks/bootstrap.sh`, a nodeadm `NodeConfig`, " +
  "Bottlerocket's cluster settings): its host is the cluster AMI's. So is such a node whose cluster's name, endpoint " +
  "or CA is known only after apply, where each is an argument or a setting's value (`--apiserver-endpoint " +
  "${aws_eks_cluster.this.endpoint}`). Other user data known only in part is judged on its known text where each " +
  "unknown part is a value the rule does not look into: an assignment's value (`export PUBLIC_IP=" +
  "${aws_eip.app.public_ip}`), an argument of a program it does not look for or under a verb it does not (`ufw " +
  "allow from ${var.admin_cidr}`), a line written into a file it does " +
  "not read (a systemd unit's `Environment=AZ=${...}`; an sshd configuration line, for every rule but the SSH " +
  "one), a setting it does not read, also through a variable assigned from it; in a " +
  "cloud-config, such a value in `runcmd` or `bootcmd`, a line of a file `write_files` writes, or a setting of a " +
  "module the rules do not read (`hostname: ${var.name}`). It is undecided, " +
  "naming the part's line, where a part could be a command, a setting or a file the rule reads (an sshd " +
  "configuration line, `swap`), an argument of a program it looks for or of one that runs commands (`flock`, " +
  "`find -exec`, a shell given a script), a file written to or an argument of a program that writes files where " +
  "the rule reads files, or is a cloud-config's top-level key or the `encoding` or `source` of a written file the rule " +
  "reads, which decide what its content is (a written file's owner, permissions and `append` are values no rule " +
  "reads).";

/** How the rules that look for a program tell that it runs, shared by their descriptions. */
const WRAPPERS_NAMED = WRAPPER_NAMES.map((name) => `\`${name}\``);
export const PROGRAMS_RUN =
  `A program counts where a command runs it: first in the command, or after assignments (\`FOO=1\`), ${WRAPPERS_NAMED.slice(0, -1).join(", ")} or ${WRAPPERS_NAMED.at(-1)} ` +
  "with their options, in a shell's `-c` command line (`sh -c 'ufw enable'`), or after `then` and `do`; not where it is " +
  "only named (`echo mkswap`, `dnf install -y ufw`, `grep swapon /etc/fstab`) or stands in quoted text " +
  "(`echo 'done; ufw enable'`).";

/** A launch template for cluster nodes, booting `script`. */
export function fleetNode(name: string, script: string): PulumiExampleResource {
  return {
    type: "aws:ec2/launchTemplate:LaunchTemplate",
    name,
    props: { imageId: "ami-0abcdef1234567890", instanceType: "m6i.large", userData: Buffer.from(script).toString("base64") },
  };
}

/**
 * An ECS and an EKS node that only join their clusters, each beside `host`, the stack's own host that passes the
 * rule: a passing example must apply to something.
 */
export function fleetNodeExamples(host: PulumiExampleResource): Example[] {
  const ecs = "#!/bin/bash\necho ECS_CLUSTER=orders >> /etc/ecs/ecs.config\necho ECS_ENABLE_TASK_IAM_ROLE=true >> /etc/ecs/ecs.config\n";
  const eks = "#!/bin/bash\nset -ex\n/etc/eks/bootstrap.sh orders --kubelet-extra-args '--node-labels=team=orders'\n";
  return [
    {
      description: "an ECS node whose user data only joins its cluster is not judged (its host is the cluster AMI's); the stack's own host is",
      resources: [fleetNode("pass_ecs_nodes", ecs), host],
    },
    {
      description: "an EKS node whose user data only joins its cluster is not judged (its host is the cluster AMI's); the stack's own host is",
      resources: [fleetNode("pass_eks_nodes", eks), host],
    },
  ];
}
