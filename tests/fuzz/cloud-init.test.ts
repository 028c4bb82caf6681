/**
 * The cloud-init reader and the host rules under fuzzing: arbitrary text, MIME and base64 shapes, and the rules' own
 * example files broken line by line. The reader never throws; every diagnostic, resource and property location
 * names its file and line; no rule fails on what is read, from a file or as EC2 user data; a secret written into
 * the file appears in no output format, even from a broken document.
 */
import fc from "fast-check";
import { mutate, mutationArb } from "../support/line-mutations";
import { cloudInitFormat } from "../../src/adapters/files/cloud-init";
import type { FileReading } from "../../src/adapters/files/format";
import { evaluate } from "../../src/engine/evaluate";
import { CLOUD_INIT } from "../../src/model/kinds";
import { PartialString, type Resource } from "../../src/model/resource";
import userDataSecrets from "../../src/rules/aws/configuration/aws-ec2-user-data-no-plaintext-secrets";
import { hostRules } from "../../src/rules/host";
import type { Rule } from "../../src/rules/rule";
import { findSecretShapes } from "../../src/rules/secrets";
import { containerFleetNode, knownLines, readingAroundUnknowns, readUserData } from "../../src/rules/user-data";
import { fuzzParameters, fuzzTimeout, leaks, renderAll, reportOf, secretArb, settingsFor } from "../support/fuzz";
import { misplacements } from "../support/placements";

const FILE = "infra/cloud-init.yaml";
const TEXT_RUNS = 200;
const MUTATION_RUNS = 100;
const SECRET_RUNS = 30;
const AROUND_UNKNOWN_RUNS = 200;

function read(text: string): FileReading {
  return cloudInitFormat.read({ path: `/repo/${FILE}`, name: FILE, text });
}

/** What must hold of any reading, as a list of what does not. */
function misplaced(reading: FileReading): string[] {
  const problems = misplacements(reading, {
    files: [FILE],
    foreign: (resource) => (resource.kind !== CLOUD_INIT || resource.engine !== "files" || resource.address !== FILE ? "not the file's resource" : undefined),
  });
  if (reading.resources.length !== 1) problems.push(`${reading.resources.length} resources, not one`);
  for (const suppression of reading.suppressions) if (suppression.address !== FILE) problems.push(`suppression of something else: ${suppression.address}`);
  return problems;
}

/** The rules' example files: real boot configurations to break. */
const SEEDS = hostRules.flatMap((rule) => [...(rule.examples.files?.fail ?? []), ...(rule.examples.files?.pass ?? [])].flatMap((example) => Object.values(example.files)));

const BOUNDARY = "==B==";

/** Lines where YAML, MIME and the reader have sharp edges. */
const SHARP_LINES = [
  "#cloud-config",
  "#!/bin/bash",
  "---",
  "- ",
  "runcmd:",
  "runcmd: [ufw, enable",
  "  - [ufw, --force, enable]",
  "  - |",
  "bootcmd: 7",
  "write_files:",
  "  - path: /etc/ssh/sshd_config.d/00.conf",
  "    content: |",
  "    encoding: b64",
  "    encoding: gzip+b64",
  "    encoding: text/plain",
  "    append: true",
  "    source: { uri: https://example.com/app.conf }",
  "    source:",
  "      uri: https://example.com/00.conf",
  "    defer: true",
  "    content: !!binary AAAA",
  "    content: H4sIAAAAAAAAA",
  "swap: { size: auto }",
  "swap: 0",
  "ssh_pwauth: maybe",
  "disable_root: [1]",
  "anchor: &a { x: 1 }",
  "alias: *missing",
  "<<: *a",
  "\tindented: by a tab",
  "PermitRootLogin yes",
  "sed -i 's/PasswordAuthentication yes/PasswordAuthentication no/' /etc/ssh/sshd_config",
  "sudo -E timeout 30 ufw --force enable",
  "  - [sudo, -u, root, nice, -n, 5, swapon, -a]",
  "if true; then mkswap /swapfile; fi",
  "bash -c 'echo mkswap /swapfile && swapon /swapfile'",
  "    owner: root:root",
  "    permissions: '0600'",
  "MIME-Version: 1.0",
  `Content-Type: multipart/mixed; boundary="${BOUNDARY}"`,
  `--${BOUNDARY}`,
  `--${BOUNDARY}--`,
  "Content-Type: text/x-shellscript",
  "Content-Transfer-Encoding: base64",
  "IyEvYmluL2Jhc2gKdWZ3IGVuYWJsZQo=",
  "# prodready:ignore PR-SEC-021 a reason",
  "# prodready:ignore",
];

/** Container-fleet joins, where a value known only at apply may be read as one word: EKS, ECS, nodeadm, Bottlerocket. */
const JOINS = [
  "#!/bin/bash\nset -e\nB64_CLUSTER_CA=LS0tLS1CRUdJTg==\nAPI_SERVER_URL=https://x.eks.amazonaws.com\n/etc/eks/bootstrap.sh demo --b64-cluster-ca $B64_CLUSTER_CA --apiserver-endpoint \"$API_SERVER_URL\" --kubelet-extra-args '--node-labels=team=a'\n",
  "#!/bin/bash\ncat <<'EOF' >> /etc/ecs/ecs.config\nECS_CLUSTER=demo\nECS_ENABLE_TASK_IAM_ROLE=true\nEOF\necho ECS_AWSVPC_BLOCK_IMDS=true >> /etc/ecs/ecs.config\n",
  `MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="${BOUNDARY}"\n\n--${BOUNDARY}\nContent-Type: application/node.eks.aws\n\napiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster:\n    name: demo\n    apiServerEndpoint: https://x.eks.amazonaws.com\n--${BOUNDARY}--\n`,
  '[settings.kubernetes]\n"cluster-name" = "demo"\n"api-server" = "https://x.eks.amazonaws.com"\n',
];

const lineMutationArb = mutationArb(SHARP_LINES, 8);

const brokenFileArb = fc.tuple(fc.constantFrom(...SEEDS), fc.array(lineMutationArb, { maxLength: 6 })).map(([seed, mutations]) => mutate(seed, mutations));

/** The same text as EC2 user data, as written and base64-encoded. */
function asInstances(text: string): Resource[] {
  const instance = (name: string, props: Record<string, unknown>): Resource => ({ kind: "aws_instance", address: `aws_instance.${name}`, name, engine: "terraform", props, options: {}, location: {}, secretPaths: [] });
  return [instance("plain", { user_data: text }), instance("encoded", { user_data_base64: Buffer.from(text).toString("base64") })];
}

const settings = settingsFor(undefined, undefined);

describe("the cloud-init reader", () => {
  test("never throws on arbitrary text, and places everything it reports", () => {
    const textArb = fc.oneof(
      fc.string({ unit: "binary", maxLength: 300 }),
      fc.string({ maxLength: 300 }).map((tail) => `#cloud-config\n${tail}`),
      fc.array(fc.constantFrom(...SHARP_LINES), { maxLength: 20 }).map((lines) => lines.join("\n")),
      fc.array(fc.constantFrom(...SHARP_LINES), { maxLength: 20 }).map((lines) => Buffer.from(lines.join("\n")).toString("base64")),
    );
    fc.assert(
      fc.property(textArb, (text) => {
        expect(misplaced(read(text))).toEqual([]);
      }),
      fuzzParameters(TEXT_RUNS),
    );
  });

  test(
    "example files broken line by line: still placed, and no rule fails on what is read, from a file or as user data",
    () => {
      fc.assert(
        fc.property(brokenFileArb, (text) => {
          const reading = read(text);
          expect(misplaced(reading)).toEqual([]);
          const errors = evaluate([...reading.resources, ...asInstances(text)], hostRules, settings).filter((finding) => finding.outcome === "error");
          expect(errors).toEqual([]);
        }),
        fuzzParameters(MUTATION_RUNS),
      );
    },
    fuzzTimeout(MUTATION_RUNS, 20),
  );

  test(
    "user data known around values set at apply: no rule fails, a host rule that decides gives the verdict the text with a value there gets, and what is read as a join is one with the values known",
    () => {
      // A join or a rule's example, perhaps broken, with spans of it known only at apply: the text between each two cuts, every other one.
      const textArb = fc.tuple(fc.constantFrom(...JOINS, ...SEEDS), fc.array(lineMutationArb, { maxLength: 3 })).map(([seed, mutations]) => mutate(seed, mutations));
      const caseArb = fc.tuple(textArb, fc.uniqueArray(fc.nat(), { minLength: 1, maxLength: 6 }));
      fc.assert(
        fc.property(caseArb, ([text, cuts]) => {
          const at = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
          const ends = [0, ...at, text.length];
          const pieces = ends.flatMap((start, index) => (index % 2 === 0 && index < ends.length - 1 ? [text.slice(start, ends[index + 1])] : []));
          if (ends.length % 2 === 1) pieces.push("");
          const userData = PartialString.between(pieces);
          const withValues = [userData.prefix, ...userData.inner, userData.suffix].join("value");
          const template = (user_data: unknown): Resource => ({ kind: "aws_launch_template", address: "aws_launch_template.node", name: "node", engine: "terraform", props: { image_id: "ami-1", user_data }, options: {}, location: {}, secretPaths: [] });
          const findings = evaluate([template(userData)], [...hostRules, userDataSecrets], settings);
          expect(findings.filter((finding) => finding.outcome === "error")).toEqual([]);
          const secretInKnownLines = knownLines(userData).some(({ text }) => findSecretShapes(text).length > 0);
          // Each host rule judges the known text only where no unknown part decides its verdict: then it is the verdict with a value there.
          const verdicts = (found: typeof findings, rule: Rule) => found.filter((finding) => finding.ruleId === rule.id).map((finding) => `${finding.outcome} ${finding.path}: ${finding.message}`);
          const valued = evaluate([template(withValues)], hostRules, settings);
          for (const rule of hostRules) {
            const judged = verdicts(findings, rule);
            if (!judged.some((verdict) => verdict.startsWith("undecided"))) expect(judged).toEqual(verdicts(valued, rule));
          }
          expect(findings.filter((finding) => finding.outcome === "violation" && finding.ruleId === userDataSecrets.id && !secretInKnownLines)).toEqual([]);
          const reading = readingAroundUnknowns(userData);
          const fleet = reading === undefined ? undefined : containerFleetNode(reading.setup);
          if (fleet !== undefined) expect(containerFleetNode(readUserData(withValues))).toBe(fleet);
        }),
        fuzzParameters(AROUND_UNKNOWN_RUNS),
      );
    },
    fuzzTimeout(AROUND_UNKNOWN_RUNS, 20),
  );

  test(
    "a secret written by write_files or runcmd, of a file whole or broken, appears in no output format",
    () => {
      const caseArb = fc.tuple(secretArb, fc.constantFrom("DB_PASSWORD", "API_TOKEN", "SETTINGS"), fc.boolean(), fc.array(lineMutationArb, { maxLength: 4 }), fc.constantFrom(...SEEDS.filter((seed) => seed.startsWith("#cloud-config"))));
      fc.assert(
        fc.property(caseArb, ([secret, name, inCommand, mutations, seed]) => {
          const added = inCommand
            ? `runcmd:\n  - echo ${name}=${secret.text} >> /etc/app.env\n`
            : `write_files:\n  - path: /etc/app.env\n    content: |\n      ${name}=${secret.text}\n`;
          const reading = read(mutate(seed.replace("#cloud-config\n", `#cloud-config\n${added}`), mutations));
          const findings = evaluate(reading.resources, hostRules, settings);
          expect(leaks(renderAll(reportOf(findings, reading.diagnostics, "files")), [secret])).toEqual([]);
        }),
        fuzzParameters(SECRET_RUNS),
      );
    },
    fuzzTimeout(SECRET_RUNS, 50),
  );
});
