/**
 * The documentation, rendered from the catalogue and the checklist: one page per rule, an index, and the
 * checklist matrix. Pure: the generator writes the result, the docs test compares it with what is committed.
 */
import { isSecretWrapper, SECRET_SIG } from "../adapters/pulumi/properties";
import { checklist, checklistItem } from "../checklist";
import { PROFILES, profileLevel } from "../engine/settings";
import type { Example, FileExample, PulumiExampleResource, Rule } from "../rules/rule";

/**
 * `aws:rds/instance:Instance` → `aws.rds.Instance`, as a TypeScript program names the class; Kubernetes classes
 * keep their API version (`k8s.apps.v1.Deployment`), and `index` modules are the package root.
 */
function pulumiClass(token: string): string {
  const kubernetes = /^kubernetes:([a-z0-9.]+)\/([a-z0-9]+):([A-Za-z0-9]+)$/.exec(token);
  if (kubernetes) return `k8s.${kubernetes[1]}.${kubernetes[2]}.${kubernetes[3]}`;
  const root = /^([a-z0-9-]+):index(\/[A-Za-z0-9]+)?:([A-Za-z0-9]+)$/.exec(token);
  if (root) return `${root[1].replace(/-/g, "")}.${root[3]}`;
  const match = /^([a-z0-9-]+):([A-Za-z0-9]+)\/[A-Za-z0-9]+:([A-Za-z0-9]+)$/.exec(token);
  return match ? `${match[1]}.${match[2]}.${match[3]}` : token;
}

function literal(value: unknown, indent: string): string {
  // An example holds a secret in the engine's wire form; a program writes `pulumi.secret(...)`. Each secret stands
  // as a numbered marker in the JSON until its value is printed in its place.
  const secrets: unknown[] = [];
  const mark = (_key: string, item: unknown) => (item !== null && typeof item === "object" && isSecretWrapper(item) ? `${SECRET_SIG}:${secrets.push(item.value) - 1}` : item);
  const json = (JSON.stringify(value, mark, 2) ?? "undefined").replace(
    new RegExp(`^( *)(.*)"${SECRET_SIG}:(\\d+)"`, "gm"),
    (_match, lead: string, before: string, index: string) => `${lead}${before}pulumi.secret(${literal(secrets[Number(index)], lead)})`,
  );
  return json.replace(/"([A-Za-z_$][A-Za-z0-9_$]*)":/g, "$1:").replace(/\n/g, `\n${indent}`);
}

/** A Pulumi example resource as the TypeScript statement its page shows. */
export function renderResource(resource: PulumiExampleResource): string {
  const options = [
    resource.protect !== undefined ? `protect: ${resource.protect}` : "",
    resource.retainOnDelete !== undefined ? `retainOnDelete: ${resource.retainOnDelete}` : "",
    resource.ignoreChanges !== undefined ? `ignoreChanges: ${JSON.stringify(resource.ignoreChanges)}` : "",
  ]
    .filter(Boolean)
    .join(", ");
  const args = [JSON.stringify(resource.name), literal(resource.props, "")];
  if (options) args.push(`{ ${options} }`);
  return `new ${pulumiClass(resource.type)}(${args.join(", ")});`;
}

/** An example's description as the sentence that introduces it, with the settings it runs under. */
function introduce(example: { description: string; config?: Record<string, unknown> }): string {
  const config = example.config ? `\nWith settings \`${JSON.stringify(example.config)}\`.\n` : "";
  return `${example.description.charAt(0).toUpperCase()}${example.description.slice(1)}:\n${config}\n`;
}

function renderExample(example: Example): string {
  return `${introduce(example)}\`\`\`typescript\n${example.resources.map(renderResource).join("\n")}\n\`\`\`\n`;
}

/** The language a file is shown in, by its name. */
function fenceFor(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1);
  if (/dockerfile|containerfile/i.test(base)) return "dockerfile";
  if (/\.ya?ml$/.test(base) || /^(cloud-init|cloud-config|user-data)/.test(base)) return "yaml";
  if (/\.json$/.test(base)) return "json";
  if (/\.(sh|bash)$/.test(base)) return "bash";
  return "text";
}

function renderFileExample(example: FileExample): string {
  const files = Object.entries(example.files).map(([path, content]) => `\`${path}\`:\n\n\`\`\`${fenceFor(path)}\n${content.trimEnd()}\n\`\`\`\n`);
  return `${introduce(example)}${files.join("\n")}`;
}

function table(header: string[], rows: string[][]): string {
  const escape = (cell: string) => cell.replace(/\|/g, "\\|").replace(/\n/g, " ");
  return [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`, ...rows.map((row) => `| ${row.map(escape).join(" | ")} |`)].join("\n") + "\n";
}

export function rulePage(rule: Rule, terraform?: string): string {
  const item = checklistItem(rule.checklist);
  const settings = Object.entries(rule.config);
  const sections = [
    `# ${rule.id} ${rule.title}\n`,
    table(
      ["", ""],
      [
        ["ID", `\`${rule.id}\``],
        ["Policy name (slug)", `\`${rule.slug}\``],
        ["Severity", rule.severity],
        ["Checklist", `${item.id} ${item.section} › ${item.subsection}: ${item.text}`],
        ["Scope", rule.scope === "stack" ? "stack (looks across resources)" : "resource"],
        ["Resource kinds", rule.kinds.map((kind) => `\`${kind}\``).join(", ")],
        ["Levels by profile", PROFILES.map((profile) => `${profile}: ${profileLevel(rule, profile)}`).join(", ")],
        ["Automatic remediation", rule.scope === "resource" && rule.remediate ? "yes (`remediate` enforcement level)" : "no"],
      ],
    ),
    `## Why\n\n${rule.description}\n`,
    `## How to fix\n\n${rule.remediation}\n`,
  ];
  if (settings.length > 0) {
    sections.push(
      `## Settings\n\n${table(
        ["Setting", "Type", "Default", "Description"],
        settings.map(([name, param]) => [`\`${name}\``, param.type, `\`${JSON.stringify(param.default)}\``, param.description]),
      )}`,
    );
  }
  if (rule.examples.pulumi) {
    sections.push(`## Failing examples (Pulumi)\n\n${rule.examples.pulumi.fail.map(renderExample).join("\n")}`);
    sections.push(`## Passing examples (Pulumi)\n\n${rule.examples.pulumi.pass.map(renderExample).join("\n")}`);
  }
  if (rule.examples.files) {
    sections.push(`## Failing examples (files)\n\n${rule.examples.files.fail.map(renderFileExample).join("\n")}`);
    sections.push(`## Passing examples (files)\n\n${rule.examples.files.pass.map(renderFileExample).join("\n")}`);
  }
  if (terraform !== undefined) {
    sections.push(`## Examples (Terraform)\n\nResources named \`fail_*\` fail the rule, \`pass_*\` pass it.\n\n\`\`\`hcl\n${terraform.trimEnd()}\n\`\`\`\n`);
  }
  sections.push(`## Links\n\n${rule.links.map((link) => `- ${link}`).join("\n")}\n`);
  return `${GENERATED}\n${sections.join("\n")}`;
}

const GENERATED = "<!-- Generated by `npm run docs` from the rule catalogue; do not edit. -->\n";

export function ruleIndex(rules: readonly Rule[]): string {
  return `${GENERATED}\n# Rules\n\n${rules.length} rules. Levels are those of the default \`service\` profile.\n\n${table(
    ["ID", "Rule", "Severity", "Checklist", "service level"],
    rules.map((rule) => [rule.id, `[${rule.title}](${rule.slug}.md)`, rule.severity, rule.checklist, profileLevel(rule, "service")]),
  )}`;
}

export function checklistMatrix(rules: readonly Rule[]): string {
  const lines: string[] = [GENERATED, "# Checklist matrix\n", "Each item of the Production Readiness Protocol v1.0.0, and the rules that enforce it.\n"];
  let section = "";
  for (const item of checklist) {
    if (item.section !== section) {
      section = item.section;
      lines.push(`\n## ${section}\n`);
      lines.push("| Item | Scale | Enforced by |\n| --- | --- | --- |");
    }
    const enforcing = rules.filter((rule) => rule.checklist === item.id);
    const cell = enforcing.length
      ? enforcing.map((rule) => `[${rule.id}](rules/${rule.slug}.md)`).join(", ")
      : item.notInInfrastructure
        ? `not in infrastructure code: ${item.notInInfrastructure}`
        : "no rule yet";
    lines.push(`| ${item.id} ${item.text.replace(/\|/g, "\\|")} | ${item.scale} | ${cell} |`);
  }
  return lines.join("\n") + "\n";
}

/** Every generated file, by path relative to the repository root. */
export function renderDocs(rules: readonly Rule[], terraformExample: (rule: Rule) => string | undefined): Map<string, string> {
  const files = new Map<string, string>();
  for (const rule of rules) files.set(`docs/rules/${rule.slug}.md`, rulePage(rule, terraformExample(rule)));
  files.set("docs/rules/README.md", ruleIndex(rules));
  files.set("docs/checklist.md", checklistMatrix(rules));
  return files;
}
