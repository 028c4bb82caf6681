/** prodready's own package.json: its version for `--version` and SARIF's tool. */
// From the repository root in `src` and `dist` alike; only these fields are read.
export const PACKAGE = require("../package.json") as { version: string; homepage?: string };
