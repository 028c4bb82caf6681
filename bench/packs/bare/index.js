"use strict";
/**
 * The baseline the production-readiness pack is compared with: the smallest real pack, one resource policy that
 * reads a property of every resource, so an Analyze call does the SDK's full work (deserialising the properties,
 * the unknown-checking proxy, one validation call). Plain JavaScript, nothing to compile at start.
 */
const { PolicyPack } = require("@pulumi/policy");

new PolicyPack("bench-bare", { policies: [require("./policy")] });
