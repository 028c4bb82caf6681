import { loadTerraform } from "../../../src/adapters/terraform";
import { runRule } from "../../../src/engine/evaluate";
import rule from "../../../src/rules/aws/security/aws-elasticache-encryption-at-rest";
import { withFiles } from "../../support/scratch";

/** The outcomes for a replication group of `engine` whose `at_rest_encryption_enabled` is a string variable's default. */
function outcomes(engine: string, atRest: string): string[] {
  const main = `variable "at_rest" {
  type    = string
  default = ${JSON.stringify(atRest)}
}
resource "aws_elasticache_replication_group" "cache" {
  replication_group_id       = "cache"
  description                = "cache"
  engine                     = "${engine}"
  node_type                  = "cache.t4g.micro"
  at_rest_encryption_enabled = var.at_rest
}
`;
  return withFiles({ "main.tf": main }, (dir) => {
    const loaded = loadTerraform([dir], { commandLineVariables: [] });
    expect(loaded.diagnostics).toEqual([]);
    const run = runRule(rule, loaded.units[0].resources[0], {});
    return run.applicable ? run.judgements.map((j) => `${j.outcome} ${j.path}: ${j.message}`) : ["not applicable"];
  });
}

describe("aws-elasticache-encryption-at-rest", () => {
  test('"" leaves the provider\'s nullable bool unset, as absence does: the engine\'s default decides', () => {
    expect(outcomes("valkey", "")).toEqual([]);
    expect(outcomes("redis", "")).toEqual(["violation at_rest_encryption_enabled: encryption at rest is off"]);
  });

  test("the strings the provider accepts for it are read as the bools they stand for", () => {
    expect(outcomes("valkey", "false")).toEqual(["violation at_rest_encryption_enabled: encryption at rest is off"]);
    expect(outcomes("redis", "true")).toEqual([]);
  });
});
