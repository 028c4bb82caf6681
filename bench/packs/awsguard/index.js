"use strict";
/**
 * AWSGuard as its README says to run it, every policy mandatory: the comparison for a pack of AWS policies that
 * loads @pulumi/aws at start. Analyze only in the benchmark: its stack policies call AWS APIs.
 */
const { AwsGuard } = require("@pulumi/awsguard");

new AwsGuard({ all: "mandatory" });
