/** ts-jest without type-checking: `npm test` type-checks the whole tree once with tsc, beside Jest (scripts/test.js). */
const project = {
  testEnvironment: "node",
  roots: ["<rootDir>/tests"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": ["ts-jest", { isolatedModules: true, diagnostics: false }] },
  testTimeout: 60000,
  // The CDKTF templates import the constructs as a generated project would, from the prodready package.
  moduleNameMapper: { "^prodready/constructs$": "<rootDir>/constructs/src" },
};

module.exports = {
  // Jest reads the timeout from the global config; each project carries it too, for runs of one project.
  testTimeout: 60000,
  // A worker per core, where Jest's default leaves one out: many suites wait on the processes they start (the CLI, the
  // pack, Pulumi programs), so on two cores one worker left the second idle half the time (whole suite 8 min 40 s with
  // one worker, 6 min 17 s with two, on the same machine).
  maxWorkers: "100%",
  projects: [
    project,
    // The construct tests again on CDK Terrain, the maintained fork of CDKTF: the same files with the imports renamed.
    {
      ...project,
      displayName: "cdktn",
      testMatch: ["<rootDir>/tests/constructs/**/*.test.ts"],
      moduleNameMapper: { "^cdktf$": "cdktn", "^@cdktf/provider-aws/lib/(.*)$": "@cdktn/provider-aws/lib/$1" },
    },
  ],
};
