import { isUnknown, valueAt, type Unknown } from "../../model/resource";
import { findSecretShapes, isLiteralSecretUnderName, isSecretName } from "../secrets";
import { resourceRule, undecided, violation, type Verdict } from "../rule";
import { describe, globalArgs, judgeStages, runText, stageSubject, stringsAt, type Instruction } from "./support/dockerfile";

/** Templates of an environment file, committed to show which variables exist: no values in them. */
const ENV_FILE_TEMPLATE = /^\.env\.(example|sample|template)$/;
/** A `.pem` file named as a certificate or CA bundle holds public certificates, not a private key. */
const CERTIFICATE_NAME = /(^|[._-])(ca|cacert|cert|certs|certificate|chain|fullchain|bundle|pub|public)([._-]|$)/;

/** What kind of secret a copied file (or glob) holds, by its name; undefined for anything else. */
function secretFileKind(source: string): string | undefined {
  const name = (source.replace(/[\\/]+$/, "").split(/[\\/]/).pop() ?? "").toLowerCase();
  if ((name === ".env" || /^\.env[.*]/.test(name) || name.endsWith(".env")) && !ENV_FILE_TEMPLATE.test(name)) return "an environment file";
  if (/^id_(rsa|dsa|ecdsa|ed25519)$/.test(name) || name.endsWith(".key") || (name.endsWith(".pem") && !CERTIFICATE_NAME.test(name.slice(0, -4)))) return "a private key";
  return undefined;
}

/** ENV, ARG and LABEL names and values; unknown when the list or a part of it is. */
function pairsOf(instruction: Instruction): { key: string; value: unknown }[] | Unknown {
  const pairs = valueAt(instruction.value, "pairs");
  if (isUnknown(pairs)) return pairs;
  if (!Array.isArray(pairs)) return [];
  const known: { key: string; value: unknown }[] = [];
  for (const pair of pairs) {
    // Unknown too when the pair itself is: `valueAt` carries it.
    const key = valueAt(pair, "key");
    if (isUnknown(key)) return key;
    if (typeof key === "string") known.push({ key, value: valueAt(pair, "value") });
  }
  return known;
}

/**
 * A problem of one instruction, as a phrase that follows its description ("the ENV on line 4 …"), with the name
 * of the variable it is in (`ENV DB_PASSWORD`) where it is in one: a name, never the value.
 */
interface Problem {
  text: string;
  variable?: string;
  /** A credential written out in the Dockerfile: committed with it, whichever stages a build runs. */
  literal?: boolean;
}

function problemsOf(instruction: Instruction): Problem[] | Unknown {
  switch (instruction.keyword) {
    case "ARG": {
      const pairs = pairsOf(instruction);
      if (isUnknown(pairs)) return pairs;
      const text = "declares a build argument named like a secret: build arguments are kept in the image history";
      return pairs.filter((pair) => isSecretName(pair.key)).map((pair) => ({ text, variable: `ARG ${pair.key}`, literal: isLiteralSecretUnderName(pair.value) }));
    }
    case "ENV": {
      const pairs = pairsOf(instruction);
      if (isUnknown(pairs)) return pairs;
      const problems: Problem[] = [];
      for (const { key, value } of pairs) {
        if (isUnknown(value)) return value;
        const variable = `ENV ${key}`;
        if (isSecretName(key) && isLiteralSecretUnderName(value)) problems.push({ text: "sets a variable named like a secret to a literal value", variable, literal: true });
        // The name was judged above, with the references it allows (`DB_PASSWORD_FILE`): only the value's shape is left.
        else if (typeof value === "string") problems.push(...findSecretShapes(value).map((shape) => ({ text: `holds ${shape}`, variable, literal: true })));
      }
      return problems;
    }
    case "RUN": {
      const text = runText(instruction);
      if (isUnknown(text)) return text;
      return findSecretShapes(text).map((shape) => ({ text: `holds ${shape}`, literal: true }));
    }
    case "COPY":
    case "ADD": {
      const sources = stringsAt(instruction.value, "sources");
      if (isUnknown(sources)) return sources;
      return sources.flatMap((source) => {
        const kind = secretFileKind(source);
        return kind === undefined ? [] : [{ text: `copies ${kind} into the image` }];
      });
    }
    default:
      return [];
  }
}

export default resourceRule({
  id: "PR-CFG-010",
  slug: "docker-no-build-secrets",
  title: "Dockerfiles bake no secrets into images",
  checklist: "5.2.2",
  severity: "critical",
  description:
    "Everything a Dockerfile writes into an image stays there for anyone who can pull it: an `ENV` with a literal " +
    "password, a key in a `RUN` line, a copied `.env` file or private key (deleting it in a later layer does not " +
    "remove it from the earlier one), and every build argument, which `docker history` shows even when it has no " +
    "default. Secrets baked in cannot be rotated without rebuilding every image and cannot differ between " +
    "environments. The rule flags `ARG`s named like secrets, `ENV`s named like secrets with a literal value, " +
    "credentials recognisable by their shape in `RUN` and `ENV` (a token, a key, a password in a URL such as " +
    "`https://deploy:<password>@pypi.example.com`), and `COPY`/`ADD` of `.env` files (templates such as " +
    "`.env.example` excepted) and private keys (`id_rsa`, `*.key`, `*.pem` not named as a certificate or CA bundle). " +
    "Build arguments and copied files are judged in the stages the build runs (the one it produces and those that " +
    "one needs); a credential written out in the Dockerfile (an `ENV` or `ARG` value, a `RUN` line) in any stage, " +
    "since it is committed with the file and `docker build --target` builds that stage.",
  remediation:
    "Give build steps their secrets with BuildKit secret mounts, which never reach a layer: `RUN " +
    "--mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci` with `docker build --secret id=npm_token,env=NPM_TOKEN` " +
    "(Pulumi `docker-build`: `secrets`), and SSH keys with `--mount=type=ssh`. Give the running container its " +
    "secrets at run time from a secret store or the orchestrator (`environment` from secrets, Kubernetes Secrets, " +
    "ECS `secrets`), and keep `.env` files and keys out of the build context with `.dockerignore`.",
  links: [
    "https://docs.docker.com/build/building/secrets/",
    "https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/",
    "https://docs.docker.com/reference/dockerfile/#arg",
    "https://docs.docker.com/build/concepts/context/#dockerignore-files",
  ],
  kinds: ["dockerfile"],
  config: {},
  check(resource) {
    /** Verdicts about credentials the file may spell out, which stand in stages the build skips too. */
    const written = new Set<Verdict>();
    return judgeStages(resource, (stages) => {
      /** `stage` names the stage in a subject, so an entry for one stage's variable does not accept another's. */
      type InstructionList = { path: string; stage?: string; instructions: Instruction[] | Unknown };
      const lists: InstructionList[] = [
        { path: "global_args", instructions: globalArgs(resource) },
        ...stages.map((stage): InstructionList => ({ path: `${stage.path}.instructions`, stage: stageSubject(stage), instructions: stage.instructions })),
      ];
      const verdicts: Verdict[] = [];
      for (const list of lists) {
        if (isUnknown(list.instructions)) {
          const verdict = undecided(list.path, "the instructions are not known to the check");
          written.add(verdict);
          verdicts.push(verdict);
          continue;
        }
        for (const instruction of list.instructions) {
          const problems = isUnknown(instruction.keyword) ? instruction.keyword : problemsOf(instruction);
          if (isUnknown(problems)) {
            const verdict = undecided(instruction.path, `what ${describe(instruction)} holds is not known to the check`);
            // A copied file's name is no credential; anything else unknown may spell one out.
            if (instruction.keyword !== "COPY" && instruction.keyword !== "ADD") written.add(verdict);
            verdicts.push(verdict);
          } else {
            // One violation per problem, its variables its subject, which stays when instructions are written above
            // it; RUN and COPY have none.
            const variables = new Map<string, { named: string[]; literal: boolean }>();
            for (const { text, variable, literal } of problems) {
              const seen = variables.get(text);
              variables.set(text, { named: [...(seen?.named ?? []), ...(variable === undefined ? [] : [variable])], literal: (seen?.literal ?? false) || literal === true });
            }
            for (const [text, { named, literal }] of variables) {
              const found = violation(instruction.path, `${describe(instruction)} ${text}`);
              const verdict = named.length === 0 ? found : { ...found, subject: [...(list.stage === undefined ? [] : [list.stage]), ...new Set(named)].join(", ") };
              if (literal) written.add(verdict);
              verdicts.push(verdict);
            }
          }
        }
      }
      return verdicts;
    }, (verdict) => written.has(verdict));
  },
  examples: {
    files: {
      fail: [
        {
          description: "a database password set with ENV and an npm token passed as a build argument",
          files: {
            Dockerfile: [
              "FROM node:20.11.1-alpine3.19",
              "ARG NPM_TOKEN",
              "WORKDIR /app",
              "COPY package.json package-lock.json .npmrc ./",
              "RUN npm ci --omit=dev",
              "ENV NODE_ENV=production DB_PASSWORD=correct-horse-battery-staple",
              "COPY . .",
              "USER node",
              'CMD ["node", "server.js"]',
              "",
            ].join("\n"),
          },
        },
        {
          description: "an environment file and a deploy key copied into the image",
          files: { "app/Dockerfile": "FROM python:3.12.4-slim\nCOPY .env.production /app/.env\nCOPY deploy/id_rsa /root/.ssh/id_rsa\nRUN pip install --no-cache-dir -r /app/requirements.txt\n" },
        },
        {
          description: "an access key written into a RUN heredoc",
          files: { Dockerfile: "FROM amazon/aws-cli:2.17.0\nRUN <<EOF\naws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE\naws s3 sync s3://assets /srv/assets\nEOF\n" },
        },
      ],
      pass: [
        {
          description: "a secret mount for the build, secrets from the environment at run time, a CA bundle and an env template copied",
          files: {
            Dockerfile: [
              "# syntax=docker/dockerfile:1",
              "FROM node:20.11.1-alpine3.19",
              "WORKDIR /app",
              "COPY package.json package-lock.json ./",
              "RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci --omit=dev",
              "COPY certs/rds-ca-bundle.pem /etc/ssl/certs/",
              "COPY .env.example ./",
              "ENV NODE_ENV=production DB_PASSWORD_FILE=/run/secrets/db_password",
              "COPY . .",
              "USER node",
              'CMD ["node", "server.js"]',
              "",
            ].join("\n"),
          },
        },
      ],
    },
    pulumi: {
      fail: [
        {
          description: "an image build whose inline Dockerfile sets an API key",
          resources: [
            {
              type: "docker-build:index:Image",
              name: "fail_worker",
              props: { context: { location: "." }, dockerfile: { inline: 'FROM python:3.12.4-slim\nENV STRIPE_API_KEY=sk_live_4eC39HqLyjWDarjtT1zdp7dc\nUSER 10001\nCMD ["python", "-m", "worker"]\n' }, push: false },
            },
          ],
        },
      ],
      pass: [
        {
          description: "an image build that hands the build its token as a secret mount",
          resources: [
            {
              type: "docker-build:index:Image",
              name: "pass_worker",
              props: {
                context: { location: "." },
                dockerfile: { inline: 'FROM python:3.12.4-slim\nRUN --mount=type=secret,id=pip_index_token pip install --no-cache-dir -r requirements.txt\nUSER 10001\nCMD ["python", "-m", "worker"]\n' },
                push: false,
              },
            },
          ],
        },
      ],
    },
  },
});
