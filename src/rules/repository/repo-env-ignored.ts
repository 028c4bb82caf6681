import { holdsApplication, repositoryProps } from "../repository-facts";
import { notApplicable, resourceRule, violation, type Verdict } from "../rule";

export default resourceRule({
  id: "PR-CFG-018",
  slug: "repo-env-ignored",
  title: ".env files are ignored by git",
  checklist: "1.2.2",
  severity: "high",
  description:
    "A `.env` file holds each developer's local settings and, sooner or later, real credentials. If git does not " +
    "ignore it, one `git add .` commits them into history, where every clone keeps them after the file is " +
    "deleted. The rule asks whether git would ignore a `.env` at the repository root (whether or not one exists " +
    "yet), and whether every `.env` or `.env.*` file found (other than examples such as `.env.example`) is " +
    "ignored. It applies to repositories that hold an application (a package manifest, a Dockerfile or a compose " +
    "file) or any `.env` file. Only committed `.gitignore` files count: `.git/info/exclude` and global excludes " +
    "protect one clone, not the next.",
  remediation:
    "Add `.env` and `.env.*` to the root `.gitignore`, with `!.env.example` to keep the example tracked. If a " +
    "file was committed already, untrack it with `git rm --cached <file>`, and rotate every credential it held: " +
    "history keeps them.",
  links: ["https://git-scm.com/docs/gitignore", "https://12factor.net/config"],
  kinds: ["repository"],
  config: {},
  check(resource) {
    const props = repositoryProps(resource);
    if (!holdsApplication(props) && props.env_files.length === 0) return notApplicable("no application and no .env file");
    const verdicts: Verdict[] = [];
    if (!props.env_ignored) verdicts.push(violation("env_ignored", "git would not ignore a .env file at the repository root"));
    props.env_files.forEach((file, index) => {
      // The root .env is the finding above.
      if (file.example || file.ignored || (file.path === ".env" && !props.env_ignored)) return;
      verdicts.push(violation(`env_files.${index}`, `${file.path} is not ignored by git`));
    });
    return verdicts;
  },
  examples: {
    files: {
      fail: [
        {
          description: "a service with no .gitignore entry for .env",
          files: {
            ".gitignore": "node_modules/\ndist/\n",
            "package.json": JSON.stringify({ name: "api", version: "1.0.0" }, null, 2),
            "Dockerfile": "FROM node:20.12.2-alpine\nCOPY . /app\nCMD [\"node\", \"/app/index.js\"]\n",
          },
        },
        {
          description: "a .env.production that the .env pattern does not cover",
          files: {
            ".gitignore": ".env\n",
            "package.json": JSON.stringify({ name: "api", version: "1.0.0" }, null, 2),
            ".env.production": "LOG_LEVEL=info\n",
          },
        },
      ],
      pass: [
        {
          description: "every .env file ignored, the example re-included",
          files: {
            ".gitignore": "node_modules/\n.env\n.env.*\n!.env.example\n",
            "package.json": JSON.stringify({ name: "api", version: "1.0.0" }, null, 2),
            ".env": "LOG_LEVEL=debug\n",
            ".env.local": "LOG_LEVEL=trace\n",
            ".env.example": "LOG_LEVEL=\n",
          },
        },
      ],
    },
  },
});
