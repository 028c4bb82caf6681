/** The official OASIS SARIF 2.1.0 schema as a validator, for the reporter's tests and the CLI's. */
import { readFileSync } from "fs";
import { join } from "path";
import Ajv from "ajv-draft-04";

const SCHEMA_FILE = join(__dirname, "..", "..", "node_modules", "@microsoft", "jest-sarif", "lib", "schemas", "sarif-2.1.0-rtm.5.json");

/** The schema, with the formats it uses checked the way a URI parser would. */
export function sarifValidator() {
  // The schema's language pattern has a stray "]", an error only in Unicode mode.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  ajv.addFormat("uri", (value: string) => URL.canParse(value));
  ajv.addFormat("uri-reference", (value: string) => URL.canParse(value, "file:///repository/"));
  ajv.addFormat("date-time", (value: string) => !Number.isNaN(Date.parse(value)));
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_FILE, "utf8")));
}
