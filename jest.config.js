/** ts-jest without type-checking: `npm test` type-checks the whole tree once with tsc before jest runs. */
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
