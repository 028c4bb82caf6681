import { PolicyPack } from "@pulumi/policy";
import { packProfile } from "../../src/adapters/pulumi/pack-profile";
import { adaptPolicySdk } from "../../src/adapters/pulumi/pack-sdk";
import { policiesFor } from "../../src/adapters/pulumi/policies";
import { profileConfig } from "../../src/engine/settings";
import { pulumiRules } from "../../src/rules/catalogue";

adaptPolicySdk();

// The profile comes from the stack (PULUMI_CONFIG) and becomes the initial config the engine starts from.
const profile = packProfile();

new PolicyPack(
  "production-readiness",
  {
    description: "Production Readiness Protocol checks: configuration, security, limits, operations and resilience of AWS resources, Kubernetes workloads, EC2 hosts and the Dockerfiles that image builds use.",
    displayName: "Production readiness",
    tags: ["production-readiness", "aws", "kubernetes", "docker"],
    policies: policiesFor(pulumiRules, { profile }),
  },
  profileConfig(pulumiRules, profile),
);
