/**
 * The config file's format as JSON Schema (draft-07), for editors: completion of rule names and settings, and
 * errors as one types. Editors are stricter than the CLI on purpose: an unknown key, rule or setting is an error
 * here (most likely a typo) but only a warning when the CLI loads the file (it may come from a newer catalogue).
 */
import { ENFORCEMENT_LEVELS, PROFILES } from "../engine/settings";
import { catalogue } from "../rules/catalogue";
import type { Rule } from "../rules/rule";
import { FAIL_ON } from "./config-file";

/** Where the docs generator writes the schema, from the repository root. */
export const SCHEMA_FILE = "schema/prodready.schema.json";

type JsonSchema = Record<string, unknown>;

const LEVEL: JsonSchema = { $ref: "#/definitions/enforcementLevel" };
const NON_BLANK: JsonSchema = { type: "string", pattern: "\\S" };

function ruleEntry(rule: Rule): JsonSchema {
  return {
    description: `${rule.id} ${rule.slug}: ${rule.title}`,
    anyOf: [
      LEVEL,
      {
        type: "object",
        additionalProperties: false,
        properties: { enforcementLevel: LEVEL, ...Object.fromEntries(Object.entries(rule.config).map(([key, param]) => [key, { ...param }])) },
      },
    ],
  };
}

/** The whole format; every rule is listed under its slug and its ID, which share one definition. */
export function configSchema(rules: readonly Rule[] = catalogue): JsonSchema {
  const ruleNames = rules.flatMap((rule) => [rule.slug, rule.id]);
  return {
    $schema: "http://json-schema.org/draft-07/schema#",
    title: "prodready configuration (.prodready.yaml)",
    type: "object",
    additionalProperties: false,
    properties: {
      $schema: { type: "string", description: "This schema's URL or path, for editors." },
      profile: { enum: [...PROFILES], description: "The project's scale, from the checklist's scale table: which rules run and at what level." },
      failOn: { enum: [...FAIL_ON], description: "The lowest severity of a violation that fails the run; never only reports." },
      rules: {
        type: "object",
        description: "The policy-pack config: a level, or a level and settings, by rule slug or ID; all sets every rule's level.",
        additionalProperties: false,
        properties: {
          all: { description: "Every rule's level.", anyOf: [LEVEL, { type: "object", additionalProperties: false, properties: { enforcementLevel: LEVEL } }] },
          ...Object.fromEntries(rules.flatMap((rule) => [rule.slug, rule.id].map((name) => [name, { $ref: `#/definitions/${rule.slug}` }]))),
        },
      },
      exclude: {
        type: "object",
        additionalProperties: false,
        properties: {
          paths: {
            type: "array",
            description: "Files and directories where no finding is reported; Terraform files in them are still evaluated where a checked module needs them.",
            items: {
              type: "object",
              additionalProperties: false,
              required: ["path", "reason"],
              properties: { path: { ...NON_BLANK, description: "A glob (**, *, ?) relative to this file's directory, as in .gitignore: a leading / or ./ is this directory, a trailing / names a directory and everything in it." }, reason: NON_BLANK },
            },
          },
          resources: {
            type: "array",
            description:
              "Findings accepted on a resource, its instances, everything in a module, or (in CDKTF output) everything in a construct; in every unit unless unit names one.",
            items: {
              type: "object",
              additionalProperties: false,
              required: ["reason"],
              // One names what is excluded, never both. Each key is listed again, as strict validators (Ajv's) look for
              // a required key among the properties of the schema that requires it.
              oneOf: ["address", "construct"].map((key) => ({ properties: { [key]: true }, required: [key] })),
              properties: {
                address: {
                  type: "string",
                  // Non-blank, and no `*` but in a quoted instance key: an address is not a glob.
                  pattern: '^(?=.*\\S)(?:[^"*]|"(?:[^"\\\\]|\\\\.)*")*$',
                  description: "aws_s3_bucket.logs (every instance), aws_s3_bucket.logs[0], or module.db (everything in it); not a glob. Give this or construct.",
                },
                construct: {
                  ...NON_BLANK,
                  description:
                    "A CDKTF construct path as a glob (**, *, ?; nothing escapes them), from the stack, as cdktf.out's \"//\" metadata and reports name it: network/Vpc is that construct and everything in it, network/Vpc/* everything in it, a module call's resources included (network/Db/aws_db_instance.this is one by its address in the module). Covers only resources of CDKTF output. Give this or address.",
                },
                rule: { enum: ruleNames, description: "One rule by slug or ID; leave it out to exclude every rule." },
                unit: {
                  ...NON_BLANK,
                  description:
                    "The one root module, plan or CDKTF stack it applies in (envs/staging, cdktf.out/stacks/staging): its path as a glob (**, *, ?) relative to this file's directory, matched whole. Leave it out to apply in every unit: one address in several roots or stacks is one resource in each.",
                },
                reason: NON_BLANK,
                expires: {
                  type: "string",
                  pattern: "^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$",
                  description: "YYYY-MM-DD: from that day on the findings are reported again.",
                },
              },
            },
          },
        },
      },
    },
    // Flat: slugs are kebab-case, so none collides with enforcementLevel.
    definitions: {
      enforcementLevel: { enum: [...ENFORCEMENT_LEVELS] },
      ...Object.fromEntries(rules.map((rule) => [rule.slug, ruleEntry(rule)])),
    },
  };
}

/** The schema as the file the docs generator writes, by path from the repository root, like `profileFiles`. */
export function schemaFiles(rules: readonly Rule[] = catalogue): Record<string, string> {
  return { [SCHEMA_FILE]: JSON.stringify(configSchema(rules), null, 2) + "\n" };
}
