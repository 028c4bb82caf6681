import rule from "../../../src/rules/repository/repo-env-example";
import { judge, json } from "./support";

const app = { "package.json": json({ name: "api" }) };
const missing = (at: string) => `violation ${at}: the application reads environment variables from .env files, but no tracked .env.example (or .env.sample, .env.template) documents them`;

describe("repo-env-example", () => {
  test("not applicable without an application, or when the application reads no environment the rule can see", () => {
    expect(judge(rule, { ".env": "A=1\n", ".gitignore": ".env\n" })).toBe("not applicable");
    expect(judge(rule, { ...app, "compose.yaml": "services:\n  api:\n    image: example/api:1.0.0\n" })).toBe("not applicable");
  });

  test("a .env file, a compose env_file and compose interpolation each mean the application reads the environment, and the finding is on that file", () => {
    expect(judge(rule, { ...app, ".gitignore": ".env\n", ".env": "A=1\n" })).toEqual([missing("env_files.0")]);
    expect(judge(rule, { "compose.yaml": "services:\n  api:\n    image: example/api:1.0.0\n    env_file: api.env\n" })).toEqual([missing("compose_files.0")]);
    expect(judge(rule, { "compose.yaml": "services:\n  api:\n    image: example/api:${TAG}\n" })).toEqual([missing("compose_files.0")]);
  });

  test("a tracked .env.sample or .env.template documents them as well as .env.example", () => {
    expect(judge(rule, { ...app, ".env": "A=1\n", ".gitignore": ".env\n", ".env.sample": "A=\n" })).toEqual([]);
    expect(judge(rule, { ...app, ".env": "A=1\n", ".gitignore": ".env\n", "config/.env.template": "A=\n" })).toEqual([]);
  });

  test("an example that .gitignore catches is pointed at", () => {
    expect(judge(rule, { ...app, ".gitignore": ".env*\n", ".env": "A=1\n", ".env.example": "A=\n" })).toEqual([
      "violation env_files.1: .env.example documents the variables but is ignored by git, so it is never committed",
    ]);
  });
});
