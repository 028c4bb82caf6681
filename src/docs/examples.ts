/** The Terraform fixture of a rule (`fail_*` and `pass_*` resources), shown on its page; the tests run the same file. */
import { existsSync, readFileSync } from "fs";
import { join } from "path";
import type { Rule } from "../rules/rule";

export function terraformExampleReader(repositoryRoot: string): (rule: Rule) => string | undefined {
  return (rule) => {
    const file = join(repositoryRoot, "tests", "fixtures", "terraform", "rules", rule.slug, "main.tf");
    return existsSync(file) ? readFileSync(file, "utf8") : undefined;
  };
}
