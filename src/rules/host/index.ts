import type { Rule } from "../rule";
import hostCloudInitNoPlaintextSecrets from "./host-cloud-init-no-plaintext-secrets";
import hostFirewallEnabled from "./host-firewall-enabled";
import hostLogRotation from "./host-log-rotation";
import hostSshHardened from "./host-ssh-hardened";
import hostSwapConfigured from "./host-swap-configured";

/** Host hardening in cloud-init files and in EC2 user data. */
export const hostRules: Rule[] = [hostFirewallEnabled, hostSshHardened, hostSwapConfigured, hostLogRotation, hostCloudInitNoPlaintextSecrets];
