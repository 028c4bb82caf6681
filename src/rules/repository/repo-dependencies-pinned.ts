import { isUnknown } from "../../model/resource";
import { npmSpecProblem, requirementName, requirementPinProblem } from "../dependencies";
import { shownValue } from "../read";
import { repositoryProps } from "../repository-facts";
import { notApplicable, resourceRule, undecided, violation, type Verdict } from "../rule";

/**
 * A name npm takes for a package (`lodash`, `@scope/ui`; upper case as older packages have it): messages name a
 * dependency by it, since one line of a package.json written on one line holds them all. Any other key is named by
 * its section alone, as a specifier is never quoted (a URL may carry credentials).
 */
const NPM_PACKAGE_NAME = /^(@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]{0,213}$/i;

export default resourceRule({
  id: "PR-CFG-021",
  slug: "repo-dependencies-pinned",
  title: "Dependencies are pinned in requirements files and package.json",
  checklist: "1.3.2",
  severity: "high",
  description:
    "A pip requirements file is its own lock: a line without `==` (or `===`, or a `--hash`) installs whatever is " +
    "newest on the day of the build. In package.json the lock file fixes versions within each range, but `*`, " +
    "`latest`, `x`, an empty string, a dist-tag, a range with no upper bound, a URL, or a git branch name move " +
    "by themselves: the next `npm install` or lock refresh takes a new major version or a new commit without " +
    "anyone choosing it. Peer dependencies are the consumer's to choose and are not checked.",
  remediation:
    "In requirements files pin every line with `==` (generate them with `pip-compile`, `uv pip compile` or " +
    "`pip freeze`, with `--generate-hashes` where possible); pin a VCS requirement to a commit " +
    "(`git+https://…@<sha>`) and an archive URL with `#sha256=`. In package.json give every dependency a version " +
    "range with an upper bound (`^1.4.0`, `~2.3.1`, `1.x`), and a git dependency a commit (`github:org/repo#<sha>`).",
  links: [
    "https://pip.pypa.io/en/stable/reference/requirements-file-format/",
    "https://pip.pypa.io/en/stable/topics/secure-installs/",
    "https://docs.npmjs.com/cli/v10/configuring-npm/package-json#dependencies",
  ],
  kinds: ["repository"],
  config: {},
  check(resource) {
    const props = repositoryProps(resource);
    const verdicts: Verdict[] = [];
    let applicable = false;
    props.manifests.forEach((manifest, index) => {
      const path = `manifests.${index}`;
      if (manifest.type === "requirements") {
        applicable = true;
        (manifest.requirements ?? []).forEach(({ requirement, line }, position) => {
          const problem = requirementPinProblem(requirement);
          if (problem === undefined) return;
          const at = `${path}.requirements.${position}`;
          const name = requirementName(requirement);
          verdicts.push(violation(at, `${manifest.path} line ${line}: ${name === undefined ? "the requirement" : shownValue(resource, at, name)} ${problem}`));
        });
      } else if (manifest.type === "npm") {
        applicable = true;
        if (isUnknown(manifest.dependencies)) {
          verdicts.push(undecided(path, `${manifest.path} could not be read`));
          return;
        }
        (manifest.dependencies ?? []).forEach(({ section, name, spec, line }, position) => {
          const problem = npmSpecProblem(spec);
          if (problem === undefined) return;
          const at = `${path}.dependencies.${position}`;
          const dependency = NPM_PACKAGE_NAME.test(name) ? `${shownValue(resource, at, name)} in ${section}` : `an entry of ${section}`;
          verdicts.push(violation(at, `${manifest.path} line ${line}: ${dependency} ${problem}`));
        });
      }
    });
    return applicable ? verdicts : notApplicable("no requirements file or package.json");
  },
  examples: {
    files: {
      fail: [
        {
          description: "a requirements file with a range, a bare name and a branch of a repository",
          files: {
            "requirements.txt": "flask>=2.3\nrequests\ngunicorn==22.0.0\ngit+https://github.com/example/tasks.git@main#egg=tasks\n",
            "app.py": "from flask import Flask\napp = Flask(__name__)\n",
          },
        },
        {
          description: "a package.json that follows latest, accepts any version and tracks a git branch",
          files: {
            "package.json": JSON.stringify(
              { name: "web", dependencies: { express: "latest", lodash: "*", "internal-ui": "github:example/internal-ui#main" }, devDependencies: { jest: "^29.7.0" } },
              null,
              2,
            ),
            "package-lock.json": JSON.stringify({ name: "web", lockfileVersion: 3, packages: {} }, null, 2),
          },
        },
      ],
      pass: [
        {
          description: "a requirements file pinned with == and hashes, an editable local package, and a bounded package.json",
          files: {
            "requirements.txt":
              "# generated by pip-compile\n" +
              "flask==3.0.3 \\\n    --hash=sha256:34e815dfaa43340d1d15a5c3a02b8476004037eb4840b34910c6e21679d288f3\n" +
              "requests==2.32.3\n" +
              "-e .\n" +
              "git+https://github.com/example/tasks.git@5b1c3f0a9d2e4b6c8a0f1e3d5c7b9a1e2f4d6c8b#egg=tasks\n",
            "package.json": JSON.stringify({ name: "web", dependencies: { express: "^4.19.2", "internal-ui": "file:../internal-ui" }, peerDependencies: { react: "*" } }, null, 2),
            "package-lock.json": JSON.stringify({ name: "web", lockfileVersion: 3, packages: {} }, null, 2),
          },
        },
      ],
    },
  },
});
