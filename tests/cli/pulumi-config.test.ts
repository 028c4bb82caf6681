/** What `prodready pulumi` takes from a prodready config file, and what it says of the parts it does not apply. */
import { join } from "path";
import { readPulumiConfig } from "../../src/cli/settings";
import { catalogue } from "../../src/rules/catalogue";
import { withFiles } from "../support/scratch";

describe("readPulumiConfig", () => {
  test("takes the profile, failOn and rules, and warns at exclude, which only check applies", () => {
    const config = "profile: platform\nfailOn: medium\nrules:\n  all: advisory\nexclude:\n  paths:\n    - { path: legacy/, reason: retired }\n";
    withFiles({ ".prodready.yaml": config }, (dir) => {
      const file = join(dir, ".prodready.yaml");
      expect(readPulumiConfig(file, catalogue)).toEqual({
        profile: "platform",
        failOn: "medium",
        config: { all: "advisory" },
        diagnostics: [
          {
            severity: "warning",
            code: "config",
            message: "exclude is read by prodready check alone: prodready pulumi judges every resource of the program (accept findings with --baseline)",
            file,
            line: 5,
            column: 1,
          },
        ],
      });
    });
  });

  test("says nothing of a file without exclude", () => {
    withFiles({ ".prodready.yaml": "profile: service\n" }, (dir) => {
      expect(readPulumiConfig(join(dir, ".prodready.yaml"), catalogue).diagnostics).toEqual([]);
    });
  });
});
