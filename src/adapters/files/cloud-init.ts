/**
 * cloud-init files into the model: one `cloud_init` resource per file, its text under `user_data` as EC2 user data
 * carries it, so the host rules read files and user data with the same code (`rules/user-data.ts`). A finding about
 * one line of the file is placed at `user_data.line.<n>`; the reader maps those paths to the file's lines.
 */
import { basename } from "path";
import { anchoredSuppressions, hashLineComments, type Anchor } from "../../engine/comment-suppressions";
import type { Diagnostic } from "../../model/diagnostic";
import { CLOUD_INIT } from "../../model/kinds";
import type { Resource, SourceLocation } from "../../model/resource";
import { readingOf, USER_DATA, userDataForm, userDataLine } from "../../rules/user-data";
import type { FileFormat, FileReading, SourceFile } from "./format";

/** Names cloud-init files go by: `cloud-init.yaml`, `user-data`, `cloud-config.yml`, `user-data-web.sh.tpl`. */
const NAME = /^(cloud-init|cloud-config|user-data)([.-][\w.-]+)?$/;
/** Extensions such a file may carry; anything else (`user-data.ts`, `cloud-init.md`) is a file about cloud-init. */
const EXTENSIONS = new Set(["yaml", "yml", "txt", "sh", "bash", "cfg", "conf", "mime", "tpl", "tftpl", "tmpl", "j2"]);

/** Lines past this get no location of their own: their findings point at the file (the message still names the line). */
const MAX_LOCATED_LINES = 10_000;

export const cloudInitFormat: FileFormat = {
  name: "cloud-init file",
  claims(baseName) {
    if (!NAME.test(baseName)) return false;
    const extension = /\.([^.]+)$/.exec(baseName)?.[1].toLowerCase();
    return extension === undefined || EXTENSIONS.has(extension);
  },
  recognizes(text) {
    return userDataForm(text) === "cloud-config";
  },
  read: readCloudInit,
};

function readCloudInit(file: SourceFile): FileReading {
  const diagnostics: Diagnostic[] = [];
  const location: SourceLocation = { file: file.name, line: 1, column: 1 };
  const lines = file.text.split("\n");
  const propertyLocations: Record<string, SourceLocation> = { [USER_DATA]: location };
  const address = file.name;
  const resource: Resource = {
    kind: CLOUD_INIT,
    address,
    name: basename(file.name),
    engine: "files",
    props: { [USER_DATA]: file.text },
    options: {},
    location,
    secretPaths: [],
    propertyLocations,
  };

  // Read through the rules' cache, so the host rules find this reading of the resource and do not parse it again.
  const { text, setup } = readingOf(resource, USER_DATA, file.text);
  // The reading keeps the file's text unless the file is base64. Decoded, its lines are not the file's lines, so only
  // the file is placed.
  const decoded = text !== file.text;
  for (const problem of setup.problems) {
    const at = decoded ? { line: 1, column: 1 } : { line: problem.line, column: problem.column };
    diagnostics.push({ severity: "error", code: "input", message: problem.message, file: file.name, ...at });
  }
  if (text.trim() !== "" && userDataForm(text) === "unhandled") {
    diagnostics.push({
      severity: "warning",
      code: "input",
      message: "cloud-init runs nothing from this file: it starts with neither #cloud-config nor #!, and it is not MIME multi-part",
      ...location,
    });
  }

  if (!decoded) {
    for (let line = 1; line <= Math.min(lines.length, MAX_LOCATED_LINES); line++) propertyLocations[userDataLine(USER_DATA, line)] = { file: file.name, line, column: 1 };
  }

  const anchors = (): Anchor[] => {
    const contentLines = lines.map((each, index) => ({ text: each, line: index + 1 })).filter((each) => each.text.trim() !== "" && !each.text.trimStart().startsWith("#"));
    // Above the first line of content a comment covers the whole file; above any other line, that line's findings.
    return contentLines.map(({ line }, index) => (index === 0 ? { line, address } : { line, address, path: userDataLine(USER_DATA, line) }));
  };
  const suppressions = anchoredSuppressions(file.name, file.text, hashLineComments(file.text), anchors, "a line of the cloud-init file", diagnostics);

  return { resources: [resource], diagnostics, suppressions };
}
