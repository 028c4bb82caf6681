/** `rules` and `explain`: the catalogue as a table, as JSON, or one rule in full. */
import { checklistItem } from "../checklist";
import { PROFILES, profileLevel, type EnforcementLevel, type ProfileName } from "../engine/settings";
import { catalogue, findRule } from "../rules/catalogue";
import type { ConfigSchema, Rule } from "../rules/rule";
import { UsageError } from "./io";

/** Everything a rule declares except its code and examples, plus what the catalogue derives from it. */
export interface RuleDescription {
  id: string;
  slug: string;
  title: string;
  checklist: { id: string; section: string; subsection: string; text: string };
  severity: Rule["severity"];
  description: string;
  remediation: string;
  links: string[];
  kinds: string[];
  scope: Rule["scope"];
  config: ConfigSchema;
  profiles: Record<ProfileName, EnforcementLevel>;
}

export function describeRule(rule: Rule): RuleDescription {
  const item = checklistItem(rule.checklist);
  return {
    id: rule.id,
    slug: rule.slug,
    title: rule.title,
    checklist: { id: item.id, section: item.section, subsection: item.subsection, text: item.text },
    severity: rule.severity,
    description: rule.description,
    remediation: rule.remediation,
    links: rule.links,
    kinds: rule.kinds,
    scope: rule.scope,
    config: rule.config,
    profiles: Object.fromEntries(PROFILES.map((profile) => [profile, profileLevel(rule, profile)])) as Record<ProfileName, EnforcementLevel>,
  };
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]))).join("  ")).join("\n") + "\n";
}

export function listRules(format: string): string {
  if (format === "json") return JSON.stringify(catalogue.map(describeRule), null, 2) + "\n";
  const rows = [["ID", "SLUG", "SEVERITY", "ITEM", "SCRIPT", "SERVICE", "PLATFORM", "TITLE"]];
  for (const rule of catalogue) {
    const levels = PROFILES.map((profile) => profileLevel(rule, profile));
    rows.push([rule.id, rule.slug, rule.severity, rule.checklist, ...levels, rule.title]);
  }
  return table(rows) + `${catalogue.length} rules\n`;
}

export function explainRule(idOrSlug: string, format: string): string {
  const rule = findRule(idOrSlug);
  if (!rule) throw new UsageError(`no rule has the ID or slug "${idOrSlug}" (see \`prodready rules\`)`, "explain");
  const described = describeRule(rule);
  if (format === "json") return JSON.stringify(described, null, 2) + "\n";
  const settings = Object.entries(described.config).map(
    ([key, param]) => `  ${key} (${param.type}, default ${JSON.stringify(param.default)}): ${param.description}`,
  );
  return [
    `${described.id}  ${described.slug}`,
    described.title,
    "",
    `Severity:   ${described.severity}`,
    `Checklist:  ${described.checklist.id} ${described.checklist.section} / ${described.checklist.subsection}: ${described.checklist.text}`,
    `Applies to: ${described.kinds.join(", ")} (${described.scope === "stack" ? "across the stack" : "each resource"})`,
    `Profiles:   ${PROFILES.map((profile) => `${profile} ${described.profiles[profile]}`).join(", ")}`,
    "",
    described.description,
    "",
    `Fix: ${described.remediation}`,
    ...(settings.length > 0 ? ["", "Settings:", ...settings] : []),
    ...(described.links.length > 0 ? ["", "See:", ...described.links.map((link) => `  ${link}`)] : []),
  ].join("\n") + "\n";
}
