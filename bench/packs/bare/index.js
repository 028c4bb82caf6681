"use strict";
/**
 * The baseline the production-readiness pack is compared with: the smallest real pack, one resource policy that
 * reads a property of every resource, so an Analyze call does the SDK's full work (deserialising the properties,
 * the unknown-checking proxy, one validation call). Plain JavaScript, nothing to compile at start.
 */
const { PolicyPack } = require("@pulumi/policy");

new PolicyPack("bench-bare", {
  policies: [
    {
      name: "tags-present",
      description: "Every resource that takes tags has a `team` tag.",
      enforcementLevel: "mandatory",
      validateResource: (args, reportViolation) => {
        const tags = args.props.tags;
        if (tags === undefined) return;
        if (tags === null || typeof tags !== "object" || !("team" in tags)) reportViolation("the resource has no `team` tag");
      },
    },
  ],
});
