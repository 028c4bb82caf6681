/** The cloud-init reader: one `cloud_init` resource per file, with places, diagnostics and suppressions. */
import { cloudInitFormat } from "../../../src/adapters/files/cloud-init";
import { formatByName } from "../../../src/adapters/files/formats";
import { evaluate } from "../../../src/engine/evaluate";
import { resolveSettings } from "../../../src/engine/settings";
import { hostRules } from "../../../src/rules/host";
import { readFileResources, writeFileExample } from "../../support/examples";
import { removeScratch } from "../../support/scratch";
import { cloudConfig } from "../../rules/host/support";

const FILE = "infra/cloud-init.yaml";

function read(text: string) {
  return cloudInitFormat.read({ path: `/repo/${FILE}`, name: FILE, text });
}

describe("which files are cloud-init files", () => {
  test.each(["cloud-init.yaml", "cloud-init.yml", "user-data", "user-data.sh", "cloud-config.yml", "user-data-web.txt", "cloud-init.yaml.tpl", "user-data.mime"])("%s by its name", (name) => {
    expect(cloudInitFormat.claims(name)).toBe(true);
    expect(formatByName(name)).toBe(cloudInitFormat);
  });

  test.each(["user-data.ts", "cloud-init.test.ts", "cloud-init.md", "user-data.json", "my-cloud-init.yaml", "cloud-initialize.yaml"])("not %s, a file about cloud-init", (name) => {
    expect(cloudInitFormat.claims(name)).toBe(false);
  });

  test("an unclaimed YAML file by its #cloud-config first line, as cloud-init tells it", () => {
    expect(cloudInitFormat.recognizes!("#cloud-config\npackages: []\n")).toBe(true);
    expect(cloudInitFormat.recognizes!("  #Cloud-Config\n")).toBe(true);
    expect(cloudInitFormat.recognizes!("#cloud-config-archive\n- {}\n")).toBe(false);
    expect(cloudInitFormat.recognizes!("apiVersion: v1\nkind: Pod\n")).toBe(false);
  });
});

describe("the resource", () => {
  const text = cloudConfig("ssh_pwauth: false", "runcmd:", "  - [ufw, --force, enable]");

  test("one cloud_init resource per file, addressed by the file's name, its text as user_data", () => {
    const { resources, diagnostics, suppressions } = read(text);
    expect(diagnostics).toEqual([]);
    expect(suppressions).toEqual([]);
    expect(resources).toHaveLength(1);
    expect(resources[0]).toMatchObject({
      kind: "cloud_init",
      address: FILE,
      name: "cloud-init.yaml",
      engine: "files",
      props: { user_data: text },
      options: {},
      location: { file: FILE, line: 1, column: 1 },
      secretPaths: [],
    });
  });

  test("user_data is placed at the file, and each line of it at that line", () => {
    const locations = read(text).resources[0].propertyLocations!;
    expect(locations.user_data).toEqual({ file: FILE, line: 1, column: 1 });
    expect(locations["user_data.line.4"]).toEqual({ file: FILE, line: 4, column: 1 });
    expect(Object.keys(locations)).toHaveLength(1 + text.split("\n").length);
  });

  test("a file holding base64 is read decoded, and its decoded lines are not placed in the file", () => {
    const encoded = Buffer.from(cloudConfig("ssh_pwauth: true")).toString("base64");
    const { resources, diagnostics } = read(encoded);
    expect(diagnostics).toEqual([]);
    expect(Object.keys(resources[0].propertyLocations!)).toEqual(["user_data"]);
    const findings = evaluate(resources, hostRules, resolveSettings(hostRules, "platform"));
    expect(findings.filter((finding) => finding.ruleId === "PR-SEC-022").map((finding) => [finding.path, finding.location.line])).toEqual([["user_data.line.2", 1]]);
  });
});

describe("diagnostics", () => {
  test("broken YAML: an error at its line and column, quoting nothing; the resource is still read for what can be", () => {
    const { resources, diagnostics } = read(cloudConfig("ssh_pwauth: false", "password: \"hunter2hunter2\": enable"));
    expect(diagnostics).toEqual([{ severity: "error", code: "input", message: "malformed YAML: a block where a key belongs", file: FILE, line: 3, column: 11 }]);
    expect(resources).toHaveLength(1);
    const findings = evaluate(resources, hostRules, resolveSettings(hostRules, "platform"));
    // cloud-init skips the document: what it lacks may have been meant there, but the secret on line 3 is read.
    expect(findings.map((finding) => `${finding.ruleId} ${finding.outcome} ${finding.path} ${finding.location.line}`)).toEqual([
      "PR-SEC-021 undecided user_data 1",
      "PR-SEC-022 undecided user_data 1",
      "PR-LIM-007 undecided user_data 1",
      "PR-OPS-015 undecided user_data 1",
      "PR-CFG-016 violation user_data.line.3 3",
    ]);
  });

  test("a file cloud-init would ignore, without #cloud-config or #! on its first line, is a warning", () => {
    const { resources, diagnostics } = read("packages:\n  - nginx\n");
    expect(diagnostics).toEqual([
      { severity: "warning", code: "input", message: "cloud-init runs nothing from this file: it starts with neither #cloud-config nor #!, and it is not MIME multi-part", file: FILE, line: 1, column: 1 },
    ]);
    const findings = evaluate(resources, hostRules, resolveSettings(hostRules, "platform"));
    expect(findings).toEqual([]);
  });

  test("forms cloud-init reads and prodready does not, and an empty file, are neither errors nor findings", () => {
    for (const text of ["#include\nhttps://example.com/setup.yaml\n", "", "\n\n"]) {
      const { resources, diagnostics } = read(text);
      expect(diagnostics).toEqual([]);
      expect(evaluate(resources, hostRules, resolveSettings(hostRules, "platform"))).toEqual([]);
    }
  });
});

describe("inline suppressions", () => {
  test("above the first line of content a comment covers the file; above another line, that line", () => {
    const { suppressions, diagnostics } = read(
      cloudConfig(
        "# prodready:ignore PR-SEC-021 the security group is the only filter on this host", // 2
        "packages: [nginx]", // 3
        "write_files:", // 4
        "  - path: /etc/app/env", // 5
        "    content: |", // 6
        "      # prodready:ignore PR-CFG-016 a revoked key of a test account exp:2030-01-01", // 7
        "      AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", // 8
      ),
    );
    expect(diagnostics).toEqual([]);
    expect(suppressions).toEqual([
      { rule: "PR-SEC-021", reason: "the security group is the only filter on this host", origin: "comment", location: { file: FILE, line: 2, column: 1 }, address: FILE },
      {
        rule: "PR-CFG-016",
        reason: "a revoked key of a test account",
        expires: "2030-01-01",
        origin: "comment",
        location: { file: FILE, line: 7, column: 7 },
        address: FILE,
        path: "user_data.line.8",
      },
    ]);
  });

  test("a directive before nothing it could be about is a warning at its place", () => {
    const { suppressions, diagnostics } = read(cloudConfig("packages: [nginx]", "# prodready:ignore PR-SEC-021 nothing below"));
    expect(suppressions).toEqual([]);
    expect(diagnostics).toEqual([expect.objectContaining({ severity: "warning", code: "invalid-suppression", file: FILE, line: 3, column: 1 })]);
  });
});

describe("through the files adapter", () => {
  test("files claimed by name and YAML recognised by content are read; a file about cloud-init is not", () => {
    const dir = writeFileExample({
      description: "a repository",
      files: {
        "cloud-init.yaml": cloudConfig("ssh_pwauth: false"),
        "boot/web.yaml": cloudConfig("runcmd:", "  - [ufw, --force, enable]"),
        "scripts/user-data.sh": "#!/bin/bash\nufw --force enable\n",
        "src/user-data.ts": "export const userData = 1;\n",
      },
    });
    try {
      const { resources, diagnostics } = readFileResources(dir);
      expect(diagnostics).toEqual([]);
      const cloudInit = resources.filter((resource) => resource.kind === "cloud_init");
      const relative = ["boot/web.yaml", "cloud-init.yaml", "scripts/user-data.sh"];
      expect(cloudInit.map((resource) => relative.find((path) => resource.address.endsWith(`/${path}`))).sort()).toEqual(relative);
    } finally {
      removeScratch(dir);
    }
  });
});
