"use strict";
/**
 * What @pulumi/policy's own server costs per Analyze call for a pack as large as ours: the bare pack's one policy
 * plus as many policies as ours has, each doing nothing but answering "not applicable" the cheapest way the SDK
 * allows (without a stack trace). The floor over the bare pack is the SDK server's per-policy price, which is why
 * ours has its own server.
 */
const { PolicyPack } = require("@pulumi/policy");
const bare = require("../bare/policy");

const count = Number(JSON.parse(process.env.PULUMI_CONFIG || "{}")["floor:policies"]);
if (!Number.isInteger(count) || count < 1) throw new Error("set floor:policies in PULUMI_CONFIG to the number of policies to imitate");

const idle = Array.from({ length: count - 1 }, (_, i) => ({
  name: `not-applicable-${i}`,
  description: `Policy ${i}, never applicable.`,
  enforcementLevel: "mandatory",
  validateResource: (args) => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      args.notApplicable(`applies to aws_kind_${i}`);
    } finally {
      Error.stackTraceLimit = limit;
    }
  },
}));

new PolicyPack("bench-sdk-floor", { policies: [bare, ...idle] });
