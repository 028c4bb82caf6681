import { holdsApplication, repositoryProps } from "../repository-facts";
import { notApplicable, resourceRule, violation } from "../rule";

export default resourceRule({
  id: "PR-CFG-019",
  slug: "repo-env-example",
  title: "An application that reads .env files documents its variables in a tracked .env.example",
  checklist: "1.2.2",
  severity: "low",
  description:
    "When configuration lives in ignored `.env` files, nothing in the repository says which variables the " +
    "application needs: a new developer or a new environment finds out one crash at a time. A tracked " +
    "`.env.example` (or `.env.sample`, `.env.template`) lists every variable with a placeholder, and changes with " +
    "the code that reads it. The rule applies to repositories that hold an application (a package manifest, a " +
    "Dockerfile or a compose file) and read environment through files it can see: a `.env` file, or a compose " +
    "file's `env_file` or `${VAR}` interpolation. Variables read in code (`process.env`, `os.environ`) are out of " +
    "its sight.",
  remediation:
    "Commit a `.env.example` beside the `.env` it documents, naming every variable with an empty value or a " +
    "placeholder (`DB_PASSWORD=`, `API_URL=<url>`), never a real value; if a `.env*` pattern in `.gitignore` " +
    "catches it, add `!.env.example` after that pattern.",
  links: ["https://12factor.net/config", "https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/"],
  kinds: ["repository"],
  config: {},
  check(resource) {
    const props = repositoryProps(resource);
    if (!holdsApplication(props)) return notApplicable("no application");
    // What reads the environment, where a finding can be shown: code scanning and annotations need a file.
    const readers = [
      ...props.env_files.flatMap((file, index) => (file.example ? [] : [`env_files.${index}`])),
      ...props.compose_files.flatMap((file, index) => (file.env_file || file.interpolation ? [`compose_files.${index}`] : [])),
    ];
    if (readers.length === 0) return notApplicable("no .env file, and no compose file reads the environment");
    if (props.env_files.some((file) => file.example && !file.ignored)) return [];
    const ignoredExample = props.env_files.findIndex((file) => file.example);
    if (ignoredExample !== -1) {
      return [violation(`env_files.${ignoredExample}`, `${props.env_files[ignoredExample].path} documents the variables but is ignored by git, so it is never committed`)];
    }
    return [violation(readers[0], "the application reads environment variables from .env files, but no tracked .env.example (or .env.sample, .env.template) documents them")];
  },
  examples: {
    files: {
      fail: [
        {
          description: "a compose file that interpolates variables, with no example of them",
          files: {
            ".gitignore": ".env\n",
            "compose.yaml": "services:\n  api:\n    image: example/api:1.4.2\n    environment:\n      DATABASE_URL: ${DATABASE_URL}\n",
          },
        },
        {
          description: "an example caught by the .env* pattern of .gitignore",
          files: {
            ".gitignore": ".env*\n",
            "package.json": JSON.stringify({ name: "api", version: "1.0.0" }, null, 2),
            ".env": "LOG_LEVEL=debug\n",
            ".env.example": "LOG_LEVEL=\n",
          },
        },
      ],
      pass: [
        {
          description: "a service whose ignored .env is documented by a tracked .env.example",
          files: {
            ".gitignore": ".env\n",
            "package.json": JSON.stringify({ name: "api", version: "1.0.0" }, null, 2),
            ".env": "LOG_LEVEL=debug\n",
            ".env.example": "# Copy to .env and fill in.\nLOG_LEVEL=\nDATABASE_URL=\n",
          },
        },
      ],
    },
  },
});
