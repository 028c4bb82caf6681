/** Help text: the tool's, and one per command. */
const MAIN = `Usage: prodready <command> [options]

Production-readiness checks over infrastructure code and the files around it, one rule catalogue for Pulumi,
Terraform, Dockerfiles, compose files, Kubernetes manifests, cloud-init and the repository.

Commands:
  check <path...>          Check Terraform, plans, CDKTF output, Dockerfiles, compose, manifests, cloud-init, the repo
  pulumi <dir>             Run the Pulumi TypeScript program in <dir> offline (runtime mocks) and check its resources
  rules                    List the rule catalogue
  explain <id|slug>        Show one rule in full
  demo                     Check the bundled examples (clean ones, and ones with deliberate gaps)
  init [<template> <dir>]  Start a project from a template that passes the checks; without arguments, list them

Options every command takes:
  -h, --help              This help, or with a command its own
  -v, --version           Print prodready's version
  --no-color              No colours in the text report (NO_COLOR=1 too; FORCE_COLOR=1 asks for them off a terminal)

Run \`prodready <command> --help\` for a command's options.
Exit codes: 0 no finding that fails the run, 1 a finding that does, 2 could not run (bad arguments, unreadable or
malformed input, a failing program).
`;

const COMMANDS: Record<string, string> = {
  check: `Usage: prodready check <path...> [options]

Checks each path: a directory (searched recursively for Terraform modules, CDKTF output and plan files, and for
Dockerfiles, compose files, Kubernetes manifests and cloud-init files; the directory itself is checked as a
repository: lock files, .env ignored by git, an .env.example, no secrets in tracked configuration), a .tf or
.tf.json file (or OpenTofu's .tofu, .tofu.json), a \`terraform show -json\` plan, CDKTF output (cdk.tf.json, or a
cdktf.out folder), or one of those files by name. Terraform is evaluated offline: variables (defaults,
TF_VAR_<name> environment variables, terraform.tfvars, *.auto.tfvars, --var-file, --var), locals, count, for_each,
dynamic blocks, functions, override files and local modules. What cannot be known before apply is reported as
"could not be evaluated", never as a pass or a failure. Remote modules are reported once as not scanned unless
\`terraform init\` downloaded them; a requirement that a resource given to one could meet there (an alarm, a
bucket policy) could not be evaluated.

Options:
  --profile <name>        script | service | platform (default: the config file's, else service)
  --config <file>         A .prodready.yaml/.yml/.json config (default: found from the working directory upwards):
                          profile, failOn, rule levels and settings, path and resource exclusions with reasons
  --fail-on <severity>    low | medium | high | critical | never: the least severity of a mandatory finding that
                          fails the run (default: the config file's, else high)
  --var-file <file>       Variable values, as for terraform plan; may be repeated (-var-file, Terraform's
                          spelling, is the same)
  --var <name=value>      A variable value; may be repeated (or -var, as for terraform plan)
  --baseline <file>       Accept the findings a baseline lists (adopting prodready on an existing codebase)
  --write-baseline <file> Write every current finding to a baseline file
  --format <format>       text (default) | json | sarif | junit | github | markdown
  -o, --output <file>     Write the report to a file instead of standard output (- is standard output)
  --no-color              No colours in the text report
  -h, --help              This help

Suppress one finding in code with a reason: \`# prodready:ignore <RULE-ID> <reason>\` (optionally
\`exp:YYYY-MM-DD\`) on or above the resource or argument.

Exit codes: 0 no finding at or above --fail-on, 1 such a finding, 2 an input could not be read or parsed (the
other inputs are still checked) or bad arguments.
`,
  pulumi: `Usage: prodready pulumi <dir> [options]

Runs the Pulumi program of the project in <dir> (the directory holding Pulumi.yaml; its \`main\` may point
elsewhere, default index.ts) under the Pulumi SDK's runtime mocks: offline, no Pulumi CLI, no cloud account.
Every resource is checked by the same rules and settings as the CrossGuard policy pack.

Options:
  --profile <name>    script | service | platform (default: the config file's, else service): which checklist
                      items apply and which block
  --config <file>     A .prodready.yaml config (its profile and rules), or a policy-pack config JSON as for
                      \`pulumi preview --policy-pack-config\`: keys are rule slugs, rule IDs or \`all\`; values an
                      enforcement level or { enforcementLevel, ...settings }. Default: .prodready.yaml (or .yml,
                      .json) found from the working directory upwards
  --preview           Leave computed outputs unknown, as a preview does; rules that need them say
                      "could not be evaluated"
  --stack <name>      Stack name the program sees (default dev); its Pulumi.<name>.yaml, beside Pulumi.yaml, gives
                      the program its configuration (secure values are not decrypted)
  --fail-on <severity>
                      low | medium | high | critical | never: the least severity of a mandatory finding that fails
                      the run (default: the config file's failOn, else every mandatory finding, as in the policy pack)
  --baseline <file>   Accept the findings a baseline lists, as for check
  --write-baseline <file>
                      Write every current finding to a baseline file
  --format <format>   text (default) | json | sarif | junit | github | markdown
  -o, --output <file> Write the report to a file instead of standard output (- is standard output)
  --no-color          No colours in the text report
  -h, --help          This help

Exit codes: 0 no finding that fails the run, 1 such a finding, 2 the program could not run, an input could not be
used, or bad arguments.
`,
  rules: `Usage: prodready rules [--format text|json]

Lists every rule: ID, slug, severity, checklist item and the level it runs at in each profile.
With --format json, one object per rule with all its metadata and its config schema with defaults.
`,
  explain: `Usage: prodready explain <id|slug> [--format text|json]

Shows one rule in full: what it checks, why, how to fix it, its settings and its level in each profile.
`,
  demo: `Usage: prodready demo

Checks the two bundled examples offline: the root Pulumi.yaml (examples/service, a
production-ready AWS service, expected clean under the service profile) and examples/gaps (expected to have
findings in each of the five checklist sections under the platform profile, where section 2 applies). Exit code
0 when both turn out as expected.
`,
  init: `Usage: prodready init [<template> <dir>] [--set name=value...]

Without arguments, lists the templates. With a template and a directory, copies the template into the directory
(created if missing) and fills its placeholders: from --set flags, else by asking on a terminal (an empty answer
takes the default shown), else from their defaults. A placeholder without a default must be given when standard
input is not a terminal. Refuses to overwrite: if any file the template would write exists, nothing is written.
Prints the next steps (install, run the checks) when done.

Options:
  --set <name=value>  A placeholder's value; may be repeated. Values must match the placeholder's pattern
  -h, --help          This help

Exit codes: 0 created (or listed), 2 bad arguments, an invalid or missing value, or files in the way.
`,
};

export function usage(command?: string): string {
  return (command && COMMANDS[command]) || MAIN;
}

export function isCommand(name: string): boolean {
  return name in COMMANDS;
}
