/**
 * `prodready check <path...>`: Terraform directories, plans, CDKTF output, Dockerfiles, compose files, Kubernetes
 * manifests, cloud-init files and the repository itself through the catalogue, with the config file, inline and
 * metadata suppressions, and a baseline applied.
 */
import { statSync } from "fs";
import { dirname, resolve } from "path";
import { messageAsWritten } from "../adapters/engine-names";
import { INPUT_KINDS, loadFiles } from "../adapters/files";
import { groupBy } from "../collections";
import type { Orchestrator, OrchestrationFile } from "../adapters/discover";
import { displayPath, relativeInside } from "../adapters/source";
import { judgeTerraform, type CodeDiffering, type CodeNotRead, type ModuleSuppressions, type Unit } from "../adapters/terraform";
import type { CommandLineVariable } from "../adapters/terraform/variables";
import { evaluate } from "../engine/evaluate";
import type { RewrittenBaseline } from "../engine/baseline";
import { DEFAULT_PROFILE, isEnabled, resolveSettings, type ProfileName } from "../engine/settings";
import { appliesToEngine, applySuppressions, coveredOnTheResource, hasExpired, type Suppression, type SuppressionResult } from "../engine/suppressions";
import { excludePaths, chosenConfigFile, loadConfigFile, reachableInRun, type ConfigFileError, type PathExclusion, type ProdreadyConfig } from "../config/config-file";
import type { Diagnostic } from "../model/diagnostic";
import type { Finding } from "../model/finding";
import type { Engine } from "../model/resource";
import type { FailOn, Report, RunSummary } from "../reporters";
import { fileLocation } from "../reporters/shared";
import { catalogue } from "../rules/catalogue";
import { acceptFindings, stoppedRunReport } from "./acceptance";
import { coverageOf, notJudgedNotices, type Coverage } from "./coverage";
import type { ExitCode } from "./io";
import { limitYoungGeneration } from "./v8-tuning";

export interface CheckOptions {
  paths: readonly string[];
  /** `--profile`; otherwise the config file's, otherwise the default. */
  profile?: ProfileName;
  /** `--config`; otherwise `.prodready.yaml` (or `.yml`, `.json`) found from the working directory upwards. */
  configFile?: string;
  /** `--var-file` and `--var`, in command-line order. */
  commandLineVariables: readonly CommandLineVariable[];
  /** Where `TF_VAR_<name>` values and `TF_WORKSPACE` are read: the CLI's own environment; none when absent. */
  environment?: Readonly<Record<string, string | undefined>>;
  /** `--fail-on`; otherwise the config file's, otherwise high. */
  failOn?: FailOn;
  /** `--baseline`: findings it lists are accepted. */
  baseline?: string;
  /** `YYYY-MM-DD`, for suppression expiry. */
  today: string;
  onProgress?: (done: number, total: number, label: string) => void;
}

export interface CheckResult {
  report: Report;
  /** Every violation after inline and config suppressions, before the baseline: what `--write-baseline` records. */
  readonly baselineText: string;
  /** What `--write-baseline` writes over a file: see `rewriteBaseline`. */
  baselineOver(file: string): RewrittenBaseline;
  exitCode: ExitCode;
}

const DEFAULT_FAIL_ON: FailOn = "high";
/** A run's engine when it read nothing of any: no Terraform, which the report's heading would otherwise name. */
const NO_ENGINE = "none";

/** What was checked, as the user named it. */
function checked(paths: readonly string[]): Pick<RunSummary, "target" | "paths"> {
  return { target: paths.join(" "), paths };
}

/** `stoppedRunReport` for a check, which a config or baseline file stopped before it checked anything. */
export function stoppedReport(error: ConfigFileError, options: Pick<CheckOptions, "paths" | "profile" | "failOn">): Report {
  const failOn = options.failOn ?? DEFAULT_FAIL_ON;
  return stoppedRunReport(error, { ...checked(options.paths), engine: NO_ENGINE, profile: options.profile ?? DEFAULT_PROFILE, preview: false, failOn });
}

/** What a check keeps of a unit once the rules have judged it. */
interface JudgedUnit {
  name: string;
  engine: Engine;
  /** See `Unit.madeFrom`. */
  madeFrom?: string;
  coverage: Coverage;
  findings: Finding[];
  suppressed: number;
  /** The inline comments' and metadata's entries that covered a finding, as `writtenEntry` names them. */
  usedEntries: string[];
  /** Those that covered nothing in this unit, with what to report about each once every unit has been judged. */
  unused: SuppressionResult["unused"];
  /** What the unit reported, but for its unused suppressions. */
  diagnostics: Diagnostic[];
  /** A plan's, from the module beside it: whether those not applied cover a finding is known once all is applied. */
  moduleSuppressions?: ModuleSuppressions;
  codeNotRead?: CodeNotRead;
  codeDiffering?: CodeDiffering;
}

function placeOf(where: { file?: string; line?: number; column?: number }): string {
  return `${where.file}:${where.line}:${where.column}`;
}

/**
 * One entry of a comment or metadata list, whichever module instance or reader read it (the secret scan of
 * configuration files reads a compose file's comments too, for its lines). The entries of one list share their
 * place, so the rule tells them apart.
 */
function writtenEntry(suppression: Suppression): string {
  return `${placeOf(suppression.location)}:${suppression.rule}`;
}

/**
 * A module called several times, or with count, reads its comments once per instance: an entry is unused only
 * when no instance needed it, and each report about it is made once.
 */
function reportOnce(judged: readonly JudgedUnit[]): Diagnostic[] {
  const used = new Set(judged.flatMap((unit) => unit.usedEntries));
  // Each instance names its own address: the first names the entry for all of them.
  const unused = new Map<string, Diagnostic>();
  for (const { suppression, diagnostic } of judged.flatMap((unit) => unit.unused)) {
    const entry = writtenEntry(suppression);
    if (!used.has(entry) && !unused.has(entry)) unused.set(entry, diagnostic);
  }
  const seen = new Set<string>();
  return [...judged.flatMap((unit) => unit.diagnostics), ...unused.values()].filter((diagnostic) => {
    if (diagnostic.code !== "unused-suppression" && diagnostic.code !== "expired-suppression" && diagnostic.code !== "invalid-suppression") return true;
    const key = `${placeOf(diagnostic)}:${diagnostic.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * When the code in a plan's directory, or of a module it calls, is not read with the plan (see `CodeNotRead`), one
 * notice for the plan: its findings are then those of the plan alone, undecided where only the code tells, and a user
 * who read the code's findings would otherwise not know why they differ.
 */
function codeNotReadNotice(plan: string, { module, why }: CodeNotRead): Diagnostic {
  const code = module === "" ? "the module in its directory" : `the code of ${module}, which the module in its directory calls`;
  return {
    severity: "notice",
    code: "input",
    message:
      `this plan is not read with ${code}: ${why}; what only the code tells stays unknown ` +
      "(whether a block the plan holds unknown is left out or `dynamic`, and `lifecycle { prevent_destroy }`)",
    file: plan,
  };
}

/**
 * When the code beside a plan writes an argument otherwise than the code the plan was made from (see `CodeDiffering`),
 * one notice for the plan: its findings there are the plan's alone, which a user who edited the code since would
 * otherwise take for the code's.
 */
function codeDifferingNotice(plan: string, { resource, argument, at }: CodeDiffering): Diagnostic {
  return {
    severity: "notice",
    code: "input",
    message:
      `the code beside this plan differs from the code it was made from: \`${argument}\` of ${resource} at ${at.file}:${at.line} refers to other values ` +
      "than the plan records, or to them in other places; what the plan holds unknown is not read from the code where it differs (run terraform plan again to check the code as it is)",
    file: plan,
  };
}

/**
 * When the root module beside a plan suppresses findings the plan still reports (see `ModuleSuppressions`), one
 * notice for the plan: a user who wrote a comment for them would otherwise see the same finding fail the run with
 * no word why. `reported`: the plan's findings left once config exclusions and the baseline are applied, as those
 * are what the notice advises and a finding they accept needs no word.
 */
function notAppliedNotice(plan: string, { unapplied, why }: ModuleSuppressions, reported: readonly Finding[], today: string): Diagnostic | undefined {
  const live = unapplied.filter((suppression) => !hasExpired(suppression, today));
  const covered = coveredOnTheResource(live, reported.filter((finding) => finding.outcome !== "error"));
  if (covered.length === 0) return undefined;
  const [{ finding, by }] = covered;
  const others = new Set(covered.map((each) => each.finding)).size - 1;
  const what = `${finding.ruleId} on ${finding.resource.address}${others === 0 ? " is" : ` and ${others} other finding${others === 1 ? "" : "s"} are`}`;
  const them = others === 0 ? "it" : "them";
  const where = fileLocation(by.location);
  return {
    severity: "notice",
    code: "input",
    message:
      `${what} reported in this plan though the module in its directory suppresses ${them} (${where}): ${why}; ` +
      `to accept ${them} in the plan too, use the config file's exclude.resources with this plan as the unit, or a baseline`,
    file: plan,
  };
}

/** What the config file's `exclude.paths` left out of a run, and which of its exclusions did. */
interface LeftOut {
  paths: readonly string[];
  exclusionsOf: (path: string) => PathExclusion[];
  configFile: string;
}

/**
 * How to check what Terragrunt deploys: the units' plans, which Terragrunt makes with each unit's `inputs` (and, since
 * 0.79, with the units an explicit stack's `terragrunt.stack.hcl` generates, which `run --all` generates first).
 */
const TERRAGRUNT_PLANS =
  "to check what its units deploy, check their plans: `terragrunt run --all --out-dir plans --json-out-dir plans plan` " +
  "writes each unit's plan JSON under plans/, for `prodready check plans`";

/** What a Terraform module a tool's configuration gives values to is judged on instead. */
const JUDGED_ON_VALUES_GIVEN = "which is judged on the values prodready is given (--var, --var-file, TF_VAR_, defaults)";

/** What a check says of the configuration of a tool it does not evaluate (see `Orchestrator`). */
interface NotEvaluated {
  /** What the files are: `it holds ${kind}`, `this file is ${kind}`. */
  kind: string;
  /** Who does not do what with them: `${notEvaluated} ${kind}`, `${kind}, which ${notEvaluated}`. */
  notEvaluated: string;
  /** Said beside what else is checked (the notice): what goes unchecked. */
  unread: string;
  /** How to check what is deployed, from the tool's files (absolute) the message is about. */
  howToCheck: (files: readonly string[]) => string;
  /** Said beside the modules checked (the notice), not where nothing is: how to check one of them as it is deployed. */
  checkingAModule?: string;
}

const NOT_EVALUATED: Record<Orchestrator, NotEvaluated> = {
  terragrunt: {
    kind: "Terragrunt configuration",
    notEvaluated: "prodready does not evaluate",
    unread: `a unit's \`inputs\` never reach the module it calls, ${JUDGED_ON_VALUES_GIVEN}`,
    howToCheck: () => TERRAGRUNT_PLANS,
    checkingAModule: "or give the module a unit's inputs with --var-file",
  },
  // HCP Terraform plans a Stack's deployments itself: there is no plan JSON to hand prodready.
  stack: {
    kind: "Terraform Stack configuration",
    notEvaluated: "prodready does not evaluate",
    unread: `a component's \`inputs\`, and the deployments' values they draw on, never reach the module it sources, ${JUDGED_ON_VALUES_GIVEN}`,
    howToCheck: () => "to check what a deployment deploys, check each module a component sources with a --var-file of the inputs that component gets in it",
  },
  // The resources are the program's to declare, which only running it tells; the repository around it is checked.
  pulumi: {
    kind: "a Pulumi project",
    notEvaluated: "`prodready check` does not run",
    unread: "none of the resources a program declares is checked",
    howToCheck: (files) => {
      const command = `\`prodready pulumi ${displayPath(dirname(files[0]))}\``;
      return files.length === 1 ? `to check its resources, run ${command}` : `to check their resources, run \`prodready pulumi <dir>\` with each project's directory (${command} for the first)`;
    },
  },
};

/** The first of `count` configuration files, as `first` names it, and how many others there are. */
function withOthers(first: string, count: number): string {
  const others = count - 1;
  return others === 0 ? first : `${first} and ${others} ${others === 1 ? "other" : "others"}`;
}

/** The files of each tool among `files`, in the order of each tool's first. */
function byTool(files: readonly OrchestrationFile[]): { tool: Orchestrator; paths: string[] }[] {
  return [...groupBy(files, (file) => file.tool).values()].map((group) => ({ tool: group[0].tool, paths: group.map((file) => file.path) }));
}

/**
 * One notice for each tool's configuration files found (`files`, none an error named already), at the first:
 * prodready neither runs Terragrunt or HCP Terraform nor evaluates their HCL, so a module a unit or component calls is
 * judged on the values it is given here, and a finding on a default their `inputs` override would otherwise pass for
 * what is deployed; nor does `check` run a Pulumi program, whose resources a clean run would otherwise pass for checked.
 */
function notEvaluatedNotices(files: readonly OrchestrationFile[]): Diagnostic[] {
  return byTool(files).map(({ tool, paths }) => {
    const { kind, notEvaluated, unread, howToCheck, checkingAModule } = NOT_EVALUATED[tool];
    return {
      severity: "notice",
      code: "input",
      message: `${notEvaluated} ${kind} (${withOthers("this file", paths.length)}): ${unread}; ${howToCheck(paths)}${checkingAModule === undefined ? "" : `; ${checkingAModule}`}`,
      file: displayPath(paths[0]),
    };
  });
}

/** What `nothingChecked` reports. */
interface NothingChecked {
  diagnostics: Diagnostic[];
  /** The tools' files named, or under a directory, whose error says they are not evaluated: the notices leave them out. */
  namedInErrors: ReadonlySet<string>;
}

/**
 * An error for each directory given under which no file was read (the report's file count for it is 0): an empty
 * `cdktf.out` that a failed `cdktf synth` left, or a stale or mistyped directory, would otherwise pass as a clean
 * check in CI. A path that does not exist, or a file no format reads, is reported where it is read, and so is a file
 * under the directory that cannot be read (`errors`): its directory holds an input all the same. Where the config
 * file's exclusions left out some of what it holds, nothing is read by the user's choice, as ESLint takes a file it
 * is given but ignores: a warning that names them, and so for a file given that they exclude, read but whose
 * findings are dropped. Where it holds Terragrunt or Terraform Stack configuration or a Pulumi project (`orchestration`)
 * and nothing else read, or is such a file named, the error says so, and how to check what it deploys, rather than
 * list what prodready reads.
 */
function nothingChecked(
  paths: readonly string[],
  read: readonly ReadonlySet<string>[],
  errors: readonly Diagnostic[],
  leftOut: LeftOut | undefined,
  orchestration: readonly OrchestrationFile[],
): NothingChecked {
  const unreadable = errors.flatMap((diagnostic) => (diagnostic.severity === "error" && diagnostic.file !== undefined ? [resolve(diagnostic.file)] : []));
  // The repository scan reads a Terragrunt, Stack or Pulumi project file for secrets, which checks nothing of what it deploys.
  const orchestrationPaths = new Set(orchestration.map((file) => file.path));
  const files = [...read.flatMap((each) => [...each]), ...unreadable].filter((file) => !orchestrationPaths.has(file));
  const namedInErrors = new Set<string>();
  const diagnostics = paths.flatMap((given): Diagnostic[] => {
    const path = resolve(given);
    let isDirectory = false;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      // Reported by discovery.
    }
    // Such a file named is nothing to check as a directory of them is, and for the same reason.
    const namedFile = isDirectory ? undefined : orchestration.find((file) => file.path === path);
    if (namedFile !== undefined) {
      namedInErrors.add(path);
      const { kind, notEvaluated, howToCheck } = NOT_EVALUATED[namedFile.tool];
      return [{ severity: "error", code: "input", message: `nothing to check: this file is ${kind}, which ${notEvaluated}; ${howToCheck([path])}`, file: displayPath(path) }];
    }
    const under = (found: string) => relativeInside(path, found) !== undefined;
    if (isDirectory && files.some(under)) return [];
    // A file given is itself what is left out, if anything is.
    const exclusions = new Set(leftOut?.paths.filter(under).flatMap(leftOut.exclusionsOf));
    if (!isDirectory && exclusions.size === 0) return [];
    if (leftOut === undefined || exclusions.size === 0) {
      const held = orchestration.filter((file) => under(file.path));
      if (held.length === 0) {
        return [{ severity: "error", code: "input", message: `nothing to check under ${displayPath(path)}: it holds none of the files prodready reads: ${INPUT_KINDS}` }];
      }
      for (const file of held) namedInErrors.add(file.path);
      return byTool(held).map(({ tool, paths: toolFiles }): Diagnostic => {
        const { kind, notEvaluated, howToCheck } = NOT_EVALUATED[tool];
        const message = `nothing to check under ${displayPath(path)}: it holds ${kind} (${withOthers(displayPath(toolFiles[0]), toolFiles.length)}), which ${notEvaluated}; ${howToCheck(toolFiles)}`;
        return { severity: "error", code: "input", message };
      });
    }
    // In the file's order, the first where the warning points.
    const covering = [...exclusions].sort((a, b) => a.line - b.line || a.column - b.column);
    const named = covering.map((exclusion) => `"${exclusion.path}" (${exclusion.reason})`).join(", ");
    const what = isDirectory ? `under ${displayPath(path)}: every file there that prodready reads is` : `in ${displayPath(path)}: it is`;
    const message = `nothing to check ${what} excluded by the config file's exclude.paths ${named}`;
    return [{ severity: "warning", code: "input", message, file: leftOut.configFile, line: covering[0].line, column: covering[0].column }];
  });
  return { diagnostics, namedInErrors };
}

/**
 * Whether a file is one the run checks or under one. A comment in a file outside them, in a module that a root
 * checked calls (`envs/prod` calling `modules/sg`), may be needed by callers not checked (`envs/staging`): whether
 * it is unused is for a run that checks its file to say.
 */
function checkedInRun(paths: readonly string[]): (file: string | undefined) => boolean {
  const checked = paths.map((path) => resolve(path));
  return (file) => file === undefined || checked.some((path) => relativeInside(path, resolve(file)) !== undefined);
}

export function checkPaths(options: CheckOptions): CheckResult {
  limitYoungGeneration();
  const found = chosenConfigFile(options.configFile);
  const diagnostics: Diagnostic[] = [...(found?.diagnostics ?? [])];
  const configFile = found?.file;
  let config: ProdreadyConfig | undefined;
  if (configFile !== undefined) {
    const loaded = loadConfigFile(configFile, catalogue);
    config = loaded.config;
    diagnostics.push(...loaded.diagnostics);
  }
  const profile = options.profile ?? config?.profile ?? DEFAULT_PROFILE;
  const failOn = options.failOn ?? config?.failOn ?? DEFAULT_FAIL_ON;
  const settings = resolveSettings(catalogue, profile, config?.rules ?? {});
  const judgedKinds = new Set(catalogue.filter((rule) => isEnabled(settings.get(rule.slug))).flatMap((rule) => rule.kinds));
  const catalogueKinds = new Set(catalogue.flatMap((rule) => rule.kinds));

  const apply = { today: options.today, catalogue, settings };
  const pathExclusions = config && config.excludedPaths.length > 0 ? excludePaths(config) : undefined;
  const excluded = pathExclusions?.excluded;
  const isChecked = checkedInRun(options.paths);
  const judge = (unit: Unit): JudgedUnit => {
    // Inline comments and metadata belong to one unit: the same address elsewhere is another resource. A plan made
    // from the module beside it is that module's resources, though.
    const fromModule = unit.moduleSuppressions;
    const adopted = new Set(fromModule?.applied);
    const result = applySuppressions(evaluate(unit.resources, catalogue, settings, messageAsWritten), [...unit.suppressions, ...adopted], apply);
    // An excluded file is still evaluated with its module (see discover), and an excluded module directory through a
    // call from a root that is checked: what is found in them is not reported.
    if (excluded) result.findings = result.findings.filter((finding) => finding.location.file === undefined || !excluded(finding.location.file));
    for (const finding of result.findings) finding.unit = unit.name;
    limitYoungGeneration();
    return {
      name: unit.name,
      engine: unit.engine,
      madeFrom: unit.madeFrom,
      coverage: coverageOf(unit, judgedKinds),
      findings: result.findings,
      suppressed: result.suppressed.length,
      usedEntries: result.used.map(writtenEntry),
      unused: result.unused.filter(({ suppression }) => !adopted.has(suppression) && isChecked(suppression.location.file)),
      diagnostics: result.diagnostics.filter((diagnostic) => diagnostic.code !== "unused-suppression"),
      moduleSuppressions: fromModule,
      codeNotRead: unit.codeNotRead,
      codeDiffering: unit.codeDiffering,
    };
  };
  const terraform = judgeTerraform(
    options.paths,
    {
      commandLineVariables: options.commandLineVariables,
      environment: options.environment,
      excluded,
      onProgress: options.onProgress,
      judgedKinds,
    },
    judge,
  );
  const files = loadFiles(options.paths, terraform.otherFiles, terraform);
  const judged = [
    ...terraform.units,
    ...files.units.map((unit, index) => {
      options.onProgress?.(index, files.units.length, `checking ${unit.name}`);
      return judge(unit);
    }),
  ];
  diagnostics.push(...terraform.diagnostics, ...files.diagnostics);
  const leftOut = pathExclusions && { paths: terraform.leftOut, exclusionsOf: pathExclusions.exclusionsOf, configFile: config!.file };
  const empty = nothingChecked(options.paths, [terraform.files, files.files], diagnostics, leftOut, terraform.orchestration);
  diagnostics.push(...empty.diagnostics, ...notEvaluatedNotices(terraform.orchestration.filter((file) => !empty.namedInErrors.has(file.path))));
  // As an exclusion of a resource that matches no finding is: a glob that can never match would otherwise go unnoticed.
  // One for paths this run did not check is for the runs that check them (a monorepo's CI checks what changed).
  const reachable = (globs: "paths" | "units") => (config ? reachableInRun(dirname(config.file), options.paths, globs) : () => false);
  const reachablePath = reachable("paths");
  for (const exclusion of pathExclusions?.unmatched().filter((unmatched) => reachablePath(unmatched.path)) ?? []) {
    const message = `config file exclusion of path ${exclusion.path} matches no file or directory in this run; remove it`;
    diagnostics.push({ severity: "warning", code: "unused-suppression", message, file: config!.file, line: exclusion.line, column: exclusion.column });
  }

  let findings = judged.flatMap((unit) => unit.findings);
  let suppressed = judged.reduce((total, unit) => total + unit.suppressed, 0);
  diagnostics.push(...reportOnce(judged));

  // Likewise one limited to a unit this run cannot have checked: it suppresses nothing here, and whether it is unused
  // or expired is for the runs that check its unit to say. So too one by construct path in a run of no CDKTF stack
  // (as before `cdktf synth`), since only a stack's resources have construct paths.
  const reachableUnit = reachable("units");
  const engines = [...new Set(judged.map((unit) => unit.engine))];
  const configSuppressions =
    config?.suppressions.filter((suppression) => (suppression.unit === undefined || reachableUnit(suppression.unit)) && engines.some((engine) => appliesToEngine(suppression, engine))) ?? [];
  if (configSuppressions.length > 0) {
    const result = applySuppressions(findings, configSuppressions, { ...apply, units: judged });
    findings = result.findings;
    suppressed += result.suppressed.length;
    diagnostics.push(...result.diagnostics);
  }
  const accepted = acceptFindings(findings, diagnostics, { units: judged, paths: options.paths, unreadFiles: terraform.unreadFiles }, { failOn, baseline: options.baseline, today: options.today, catalogue, settings });
  const besideModule = judged.flatMap(({ name, moduleSuppressions, codeNotRead, codeDiffering }) => {
    const notApplied = moduleSuppressions && notAppliedNotice(name, moduleSuppressions, accepted.findings.filter((finding) => finding.unit === name), options.today);
    // One notice a plan says why the code is not read with it: that of the suppressions, where it is why they are not applied.
    const saidWhy = notApplied !== undefined && moduleSuppressions?.why === codeNotRead?.why;
    const notRead = codeNotRead === undefined || saidWhy ? undefined : codeNotReadNotice(name, codeNotRead);
    const differing = codeDiffering && codeDifferingNotice(name, codeDiffering);
    return [notApplied, notRead, differing].filter((notice) => notice !== undefined);
  });
  const report: Report = {
    findings: accepted.findings,
    diagnostics: [...accepted.diagnostics, ...besideModule, ...notJudgedNotices(judged, judgedKinds, catalogueKinds)],
    summary: {
      ...checked(options.paths),
      engine: engines.length === 0 ? NO_ENGINE : engines.join("+"),
      profile,
      preview: false,
      resources: judged.reduce((total, { coverage }) => total + coverage.resources, 0),
      judged: judged.reduce((total, { coverage }) => total + coverage.judged, 0),
      rules: [...settings.values()].filter(isEnabled).length,
      counts: accepted.counts,
      failOn,
      files: terraform.files.size + files.files.size,
      suppressed: suppressed + accepted.suppressed,
    },
  };
  return {
    report,
    get baselineText() {
      return accepted.baselineText;
    },
    baselineOver: accepted.baselineOver,
    exitCode: accepted.exitCode,
  };
}
