import rule from "../../../src/rules/repository/repo-env-ignored";
import { judge, json } from "./support";

const app = { "package.json": json({ name: "api" }) };

describe("repo-env-ignored", () => {
  test("not applicable to a repository with no application and no .env file", () => {
    expect(judge(rule, { "README.md": "# Notes\n", "docs/setup.md": "Run it.\n" })).toBe("not applicable");
  });

  test("a .env file alone makes it applicable, and a Dockerfile is an application", () => {
    expect(judge(rule, { ".env": "A=1\n" })).toEqual(["violation env_ignored: git would not ignore a .env file at the repository root"]);
    expect(judge(rule, { Dockerfile: "FROM alpine:3.20\n", ".gitignore": ".env\n" })).toEqual([]);
  });

  test("a tracked root .env is one finding, not two; other .env files each their own", () => {
    expect(judge(rule, { ...app, ".env": "A=1\n", ".env.staging": "A=2\n", "services/worker/.env": "A=3\n", ".env.example": "A=\n" })).toEqual([
      "violation env_ignored: git would not ignore a .env file at the repository root",
      "violation env_files.2: .env.staging is not ignored by git",
      "violation env_files.3: services/worker/.env is not ignored by git",
    ]);
  });

  test("a later negation re-includes .env: the last matching pattern decides", () => {
    expect(judge(rule, { ...app, ".gitignore": ".env*\n!.env\n" })).toEqual(["violation env_ignored: git would not ignore a .env file at the repository root"]);
  });

  test("an ignored directory keeps every .env under it out, and examples are never asked to be ignored", () => {
    expect(judge(rule, { ...app, ".gitignore": ".env\nlocal/\n", "local/.env.dev": "A=1\n", ".env.sample": "A=\n", "deploy/.env.prod.template": "A=\n" })).toEqual([]);
  });
});
