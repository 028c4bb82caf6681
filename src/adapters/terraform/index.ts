/**
 * The Terraform adapter: directories of HCL, `terraform show -json` plans and CDKTF output into the model. Each
 * root module, plan and CDKTF stack is one unit: cross-resource rules look within a unit, never across them. A
 * value one CDKTF stack uses of another is the other's, both being checked (see cdktf-stacks).
 */
import { readdirSync, readFileSync } from "fs";
import { basename, dirname, join, resolve } from "path";
import { getOrAdd, groupBy } from "../../collections";
import type { Diagnostic } from "../../model/diagnostic";
import { documentStructure, holdsSecretInside, isDocumentStructure, isSecretPath, isUnknown, PartialString, UNKNOWN, UNKNOWN_PRESENT, valueAt, type Engine, type Resource, type ResourceOptions, type SourceLocation } from "../../model/resource";
import { suppressionsFromMetadata, type Suppression } from "../../engine/suppressions";
import { gitIgnoredFiles } from "../files/repository";
import { displayPath, isStackExhausted, readSource, relativeInside } from "../source";
import { CdktfStacks } from "./cdktf-stacks";
import { commentSuppressions } from "./comments";
import { defineModule } from "./definition";
import { configurationEngine, discover, isModuleFileName, type ModuleDirectory, type OrchestrationFile } from "../discover";
import { closedScope, evaluateWhole, ExpressionError, firstUnboundName, newTrace, withLocals, type GivenAt, type Trace } from "./eval/expressions";
import { FileReads, type FunctionContext } from "./eval/functions";
import { declaresEphemeral, isLocalSource, lifecycleOptions, markGivenToUnscanned, ModuleInstance, preventDestroySetting, templateFileCalls, TooDeepToEvaluate, type CalledDirectory, type EvaluationRun, type MetIn, type ModuleDefinition, type ModuleFile, resolveCalledDirectory } from "./eval/module";
import { EvaluationError, valuesEqual, type Value } from "./eval/values";
import { LineIndex } from "./hcl/lines";
import { parseHcl, parseTemplateString } from "./hcl/parser";
import { attributeNamed, type Comment, type Expression } from "./hcl/syntax";
import { HclSyntaxError } from "./hcl/syntax-error";
import { parseTerraformJson } from "./json/config";
import { refuseByteOrderMark } from "./json/parse";
import { followMoves } from "./moves";
import { readsManagedResource, readThroughLocals, referencesIn, writtenArguments, writtenAsPlanned, type WrittenArgument } from "./referred-names";
import { reportRemovalsOfDeclared } from "./removals";
import { looksLikePlan, resourcesFromPlan } from "./plan";
import { binaryPlanGiven, isBinaryPlan, MAKE_A_PLAN, notAPlanButTerraformOutput } from "./plan-files";
import { isRelevant, MODULE_REFERENCE, type PlannedModule, type PlannedOutputs, type RelevantAttributes } from "./plan-references";
import { lockedAwsVersion, markAwsProviderVersions, requiredAwsVersions } from "./provider-versions";
import { dataDirectory, installedModuleDir, installedModules, selectedWorkspace, type InstalledModule } from "./downloaded";
import { decodeVariablesText, type EnvironmentVariable, type GivenValue, noValueGiven, rootVariableValues, undeclaredInFile, variablesInEnvironment, varOptionName, type FileAssignment, type VariableOptions } from "./variables";
import { WRITE_ONLY_CREDENTIALS } from "../../rules/credential-arguments";
import { parseJsonProperty, refusedContainerDefinitions } from "../../rules/read";
import { refusedRetention } from "../../rules/aws/operations/aws-cloudwatch-log-group-retention";
import { decodeUserData, EC2_LAUNCH_KINDS, partialUserData, userDataOf } from "../../rules/user-data";

export interface TerraformOptions extends VariableOptions {
  /** Paths (absolute) the config file excludes. */
  excluded?: (path: string) => boolean;
  /** Called as inputs are read, for a progress line. */
  onProgress?: (done: number, total: number, label: string) => void;
  /**
   * The resource kinds some rule will judge. A configuration's resources of other kinds are counted but not
   * evaluated, unless another block refers to them: evaluating what no rule reads was a third of a check's
   * evaluation. Undefined: every resource is evaluated.
   */
  judgedKinds?: ReadonlySet<string>;
}

/** What one root module, plan or CDKTF stack yields. */
export interface Unit {
  /** The directory or file, as reports show it. */
  name: string;
  engine: Engine;
  resources: Resource[];
  /** Resources of kinds no rule judges, counted by kind and not evaluated (see `judgedKinds`). */
  unjudged?: ReadonlyMap<string, number>;
  /** Inline comments and CDKTF metadata: they apply to this unit only. */
  suppressions: Suppression[];
  /** A plan's, when it sits in a root module's directory and that module has suppressions: see `besideItsModule`. */
  moduleSuppressions?: ModuleSuppressions;
  /** A plan's, when it sits in a root module's directory and that module's code, or some of it, is not read with it. */
  codeNotRead?: CodeNotRead;
  /** A plan's, when the code beside it writes an argument otherwise than the code it was made from: see `readFromCode`. */
  codeDiffering?: CodeDiffering;
  /**
   * A plan's, when it was made from the root module in its directory (see `besideItsModule`): that module's unit. Its
   * resources are the module's, by the same addresses, so a baseline entry of either unit accepts the other's finding.
   */
  madeFrom?: string;
}

/** The first argument the code beside a plan writes otherwise than the code the plan was made from, which its values are not read from. */
export interface CodeDiffering {
  /** The resource, by its calls from the root module: `module.queues.aws_sqs_queue.orders`. */
  resource: string;
  argument: string;
  at: { file: string; line: number; column: number };
}

/**
 * Why the code of a module is not read with a plan in the directory of the root module: what only the code tells
 * stays unknown (see `readFromCode`).
 */
export interface CodeNotRead {
  /** The module whose code is not read, by its calls from the root module (`module.ec2`); "" for the root module, and then none is. */
  module: string;
  why: string;
}

/**
 * The inline comments and CDKTF metadata of the root module in a plan's directory. A plan has neither, though where
 * it was made from that module its resources are the module's, by the same addresses.
 */
export interface ModuleSuppressions {
  /** Those that judge the plan's findings as the module's own: whether one matches nothing is for the module to say. */
  applied: Suppression[];
  /** Those that cannot, with why: a finding one of them would cover is reported, with a notice saying so. */
  unapplied: Suppression[];
  why: string;
}

export interface LoadResult<Judged = Unit> {
  /** Each unit, or what `judge` made of it, in the order read: plans and CDKTF stacks named as files, then directories. */
  units: Judged[];
  diagnostics: Diagnostic[];
  /** Files read, absolute. */
  files: ReadonlySet<string>;
  /** Files found that are not Terraform's, for the files adapter. */
  otherFiles: string[];
  /** Files and directories found that the config file excludes: see `Discovered.leftOut`. */
  leftOut: string[];
  /** Terragrunt's and Terraform Stacks' configuration files and Pulumi's project files named or found: see `Discovered.orchestration`. */
  orchestration: OrchestrationFile[];
  /** Files a templatefile() call reads or names, absolute: what is deployed is their rendering, judged where it goes, not their text. */
  templates: string[];
  /** Files file() read, absolute, whose text is in the user data of a resource the host rules judge. */
  userDataFiles: string[];
  /** See `Loader.unreadFiles`. */
  unreadFiles: string[];
}

/**
 * The `.tf` files of a directory OpenTofu reads a `.tofu` file in place of: said once, since Terraform would read
 * them instead and its user would expect their findings.
 */
function shadowedNotice(dir: string, shadowed: readonly string[]): Diagnostic {
  const names = shadowed.map((path) => basename(path)).join(", ");
  return {
    severity: "notice",
    code: "input",
    message: `${names} not read: OpenTofu reads the .tofu file of the same name in place of each (Terraform would read these and no .tofu file)`,
    file: displayPath(dir),
  };
}

function syntaxDiagnostic(error: HclSyntaxError): Diagnostic {
  return { severity: "error", code: "input", message: error.reason, file: error.fileName, line: error.line, column: error.column };
}

/** A problem's message with the module instances it was met in: the first, with its call, and how many others. */
function metInText(message: string, [first, ...others]: readonly MetIn[]): string {
  const { file, line, column } = first.call;
  const more = others.length === 0 ? "" : `, and ${others.length} other module instance${others.length === 1 ? "" : "s"}`;
  return `${message} (in ${first.instance}, called from ${file}:${line}:${column}${more})`;
}

/** An instance as met from one root: the same address in two roots is two instances. */
function instanceKey({ instance, call }: MetIn): string {
  return `${instance} ${call.file}:${call.line}:${call.column}`;
}

/**
 * Diagnostics, each problem once however often it is met (every instance of a module meets the same ones): one met
 * in module instances names them (`MetIn`), so the same problem in many instances, or in a module many roots call,
 * is still said once.
 */
class Reports {
  readonly list: Diagnostic[] = [];
  private readonly byProblem = new Map<string, Diagnostic>();
  /** Of the diagnostics listed that were met in module instances, the message as reported, and those instances (by `instanceKey` too). */
  private readonly metIn = new Map<Diagnostic, { message: string; instances: MetIn[]; keys: Set<string> }>();

  readonly add = (diagnostic: Diagnostic, metIn?: MetIn): void => {
    const key = `${diagnostic.file}:${diagnostic.line}:${diagnostic.column}:${diagnostic.message}`;
    const listed = this.byProblem.get(key);
    if (listed === undefined) {
      const added = metIn === undefined ? diagnostic : { ...diagnostic, message: metInText(diagnostic.message, [metIn]) };
      if (metIn !== undefined) this.metIn.set(added, { message: diagnostic.message, instances: [metIn], keys: new Set([instanceKey(metIn)]) });
      this.byProblem.set(key, added);
      this.list.push(added);
      return;
    }
    // Listed as met outside any module instance, it names none; an instance already named is not counted again.
    const met = this.metIn.get(listed);
    if (metIn === undefined || met === undefined || met.keys.has(instanceKey(metIn))) return;
    met.keys.add(instanceKey(metIn));
    met.instances.push(metIn);
    listed.message = metInText(met.message, met.instances);
  };

  /** Adds what `other` listed, each problem with the module instances it was met in. */
  addAll(other: Reports): void {
    for (const diagnostic of other.list) {
      const met = other.metIn.get(diagnostic);
      if (met === undefined) this.add(diagnostic);
      else for (const instance of met.instances) this.add({ ...diagnostic, message: met.message }, instance);
    }
  }
}

/** A directory evaluated as a root module, with what its evaluation reported. */
interface EvaluatedRoot {
  unit: Unit;
  reports: Reports;
  /** The module directories its calls read, at any depth: the sources evaluated, as OpenTofu may write them (`"${var.root}/vpc"`). */
  callees: Set<string>;
  /** For each plan beside it, in the order given, what the evaluation of its code with the plan's values gives (see `evaluatedAsPlanned`). */
  plannedInstances: EvaluatedInstances[];
}

class Loader {
  /** What reading and parsing files reported: about the files, whichever module they are read as. */
  private readonly reports = new Reports();
  readonly report = this.reports.add;
  /** What a root's evaluation reported, once it is known to be a root. */
  reportAll(reports: Reports): void {
    this.reports.addAll(reports);
  }
  private readonly definitions = new Map<string, ModuleDefinition | undefined>();
  /** Module directories' real paths: every call of a module, in every instance of its caller, compares one. */
  private readonly calledDirectories = new Map<string, CalledDirectory>();
  /** Comments and sources of HCL files, for inline suppressions. */
  private readonly sources = new Map<string, { text: string; comments: Comment[] }>();
  /** JSON files read to tell what they are, kept for the module that turns out to hold them. */
  private readonly sniffed = new Map<string, { text: string; byteOrderMark?: true }>();
  /** Every input file read, once each however often it is read (a consumed root called as a module is read again). */
  readonly paths = new Set<string>();
  /** The variables each directory evaluated as a root declares, for `--var` names none of the roots declares. */
  readonly declaredVariables = new Map<string, string[]>();
  /** The names `--var-file` files give, by place: each root reads them again, and any root may declare them. */
  readonly varFileAssignments = new Map<string, FileAssignment>();
  readonly templates = new Set<string>();
  readonly userDataFiles = new Set<string>();
  /** Files that could not be read or parsed, as reports show them: what they hold is missing from their unit. */
  readonly unreadFiles = new Set<string>();
  /** The environment's `TF_VAR_` variables, listed when the first root is evaluated. */
  private fromEnvironment?: readonly EnvironmentVariable[];
  /** The files functions read, shared by every root: a loader is one check's. */
  private readonly fileReads = new FileReads();

  private read(path: string, fileName: string): ReturnType<typeof readSource> {
    const sniffed = this.sniffed.get(path);
    if (sniffed !== undefined) return sniffed;
    this.paths.add(path);
    return readSource(path, fileName);
  }

  /**
   * @param scanned the directories being checked, by path: a module call into one of them reads the files the scan
   *   found there (the config file's excludes applied), as evaluating it as a root does.
   * @param checkedPaths the paths given to check: a variables file is committed with the configuration only inside them.
   */
  constructor(
    private readonly options: TerraformOptions,
    private readonly scanned: ReadonlyMap<string, ModuleDirectory>,
    private readonly checkedPaths: readonly string[],
  ) {}

  private readonly ignoredByGit = gitIgnoredFiles();

  /** Directories' Terraform files, names and texts (`moduleContents`), read once, when a copy is compared. */
  private readonly contents = new Map<string, string | undefined>();

  /**
   * The scanned directories, other than cdktf's copies, whose Terraform files are those of cdktf's copy in `copy`
   * (`MODULE_ASSET`): the local module a CDKTF stack calls through it. None for a directory that is no copy.
   */
  originalsOf(copy: string): string[] {
    if (!isModuleAsset(copy)) return [];
    const contentsOf = (dir: string) => getOrAdd(this.contents, dir, () => moduleContents(dir));
    const copied = contentsOf(copy);
    if (copied === undefined) return [];
    return [...this.scanned.keys()].filter((dir) => !isModuleAsset(dir) && contentsOf(dir) === copied);
  }

  /** A variables file inside the checked paths that git does not ignore: its values are written in source. */
  private committed(path: string): boolean {
    const file = resolve(path);
    return this.checkedPaths.some((checked) => relativeInside(checked, file) !== undefined && !this.ignoredByGit(file, checked));
  }

  get diagnostics(): Diagnostic[] {
    return this.reports.list;
  }

  /** Whether discovery found a module in the directory. */
  isScanned(dir: string): boolean {
    return this.scanned.has(dir);
  }

  /**
   * The directory's definition: the one a module call already parsed from the same files, else its files parsed now.
   * A JSON file named on the command line is its own module, whatever its directory holds.
   */
  definitionOf(module: ModuleDirectory): ModuleDefinition {
    const cached = this.scanned.get(module.dir) === module ? this.definitions.get(module.dir) : undefined;
    return cached ?? this.define(module);
  }

  /** Parses one module directory's files; files that cannot be parsed are reported and left out. */
  private define(module: ModuleDirectory): ModuleDefinition {
    if (module.shadowed !== undefined) this.report(shadowedNotice(module.dir, module.shadowed));
    const files: ModuleFile[] = [];
    // cdktf's copy of a local module, in the stack's output, is named by the original, which is what the project
    // holds and its user edits: the same files, so the same lines, and its comments are the original's.
    const originals = this.originalsOf(module.dir);
    const shownDir = originals.length === 1 ? originals[0] : module.dir;
    // A directory's files are all read before any is parsed (their texts are kept for suppressions either way):
    // reads between parses ran slower, and the check took 6% less wall time in paired series of 12 and 14 runs.
    const sources = module.files.map((path) => {
      const fileName = displayPath(join(shownDir, basename(path)));
      return { path, fileName, source: this.read(path, fileName) };
    });
    for (const { path, fileName, source } of sources) {
      if ("error" in source) {
        this.reportUnread(fileName, source.error);
        continue;
      }
      try {
        const json = path.endsWith(".json");
        if (json) refuseByteOrderMark(source, fileName);
        const parsed = json ? parseTerraformJson(source.text, fileName) : parseHcl(source.text, fileName);
        if (!json) this.sources.set(fileName, { text: source.text, comments: parsed.comments });
        // Walking a tree costs a twentieth of parsing it: only a file that names the function can call it.
        const templateCalls = source.text.includes("templatefile") ? templateFileCalls(parsed.body) : [];
        files.push({ fileName, body: parsed.body, lines: parsed.lines, located: { fileName, lines: parsed.lines }, json, references: parsed.references, templateFileCalls: templateCalls });
      } catch (error) {
        if (!(error instanceof HclSyntaxError)) throw error;
        this.reportUnread(fileName, syntaxDiagnostic(error));
      }
    }
    // Through report, so a directory read again (as a root, then through a module call) says each problem once.
    const problems: Diagnostic[] = [];
    const definition = defineModule(module.dir, files, module.engine, problems);
    for (const problem of problems) this.report(problem);
    this.definitions.set(module.dir, definition);
    return definition;
  }

  private reportUnread(fileName: string, error: Diagnostic): void {
    this.unreadFiles.add(fileName);
    this.report(error);
  }

  calledDirectory(dir: string): CalledDirectory {
    return getOrAdd(this.calledDirectories, dir, () => resolveCalledDirectory(dir));
  }

  /** A local module directory, read once however many callers it has. */
  loadModule(dir: string): ModuleDefinition | undefined {
    if (this.definitions.has(dir)) return this.definitions.get(dir);
    const found = this.scanned.get(dir) ?? discoverModuleFiles(dir);
    if (found === undefined) {
      this.definitions.set(dir, undefined);
      return undefined;
    }
    return this.define(found);
  }

  /** `fileTexts` is given the path and text of each file file() or filebase64() reads as text. */
  functionsFor(rootDir: string, fileTexts: Map<string, string>): FunctionContext {
    // A template is parsed once for the root, however many calls and instances render it and the reads of what it
    // interpolates (`renderedCredentials`, `renderedDocumentMarks`) look at it again; its text is compared, not trusted.
    const parsedTemplates = new Map<string, { text: string; syntax: Expression }>();
    const context: FunctionContext = {
      baseDir: rootDir,
      files: this.fileReads,
      decodeVariables: decodeVariablesText,
      fileRead: (path, text) => fileTexts.set(path, text),
      templateRead: (path) => this.templates.add(path),
      parseTemplate: (text: string, fileName: string): Expression => {
        const parsed = parsedTemplates.get(fileName);
        if (parsed?.text === text) return parsed.syntax;
        try {
          // A template sees only the variables it is given: what it names is no resource of the module.
          const syntax = parseTemplateString(text, displayPath(fileName), 0, new LineIndex(text), new Map());
          parsedTemplates.set(fileName, { text, syntax });
          return syntax;
        } catch (error) {
          if (error instanceof HclSyntaxError) throw new EvaluationError(`template ${error.message}`);
          throw error;
        }
      },
      renderTemplate: (text: string, fileName: string, variables: Record<string, Value>, syntax?: Expression): Value => {
        const display = displayPath(fileName);
        const lines = new LineIndex(text);
        // A template's errors name its own line and are reported at the templatefile() call, as evaluation errors.
        try {
          const template = syntax ?? context.parseTemplate(text, fileName);
          const refusal = (root: string) => `"${root}" is not among the variables the template was given`;
          const unbound = firstUnboundName(template, new Set(Object.keys(variables)));
          if (unbound !== undefined) throw new ExpressionError(refusal(unbound.name), unbound.at);
          return evaluateWhole(template, withLocals(closedScope(context, refusal), variables), newTrace());
        } catch (error) {
          if (error instanceof ExpressionError) {
            const { line, column } = lines.position(error.at);
            throw new EvaluationError(`template ${display}:${line}:${column}: ${error.message}`, error.kind);
          }
          throw error;
        }
      },
    };
    return context;
  }

  /**
   * Evaluates a root module (and the local modules it calls) into one unit. What the evaluation reports is kept with
   * the unit, since a directory that turns out to be another module's callee is dropped with all it said as a root.
   * `stacks`: the CDKTF stacks checked, whose outputs a stack reads and this one's are kept for. `entries`: the
   * directory's names, when discovery has already listed them. `plannedWith`: the root variables' values each plan
   * beside the root records, which the code is read with for that plan (see `evaluatedAsPlanned`).
   */
  evaluateRoot(
    definition: ModuleDefinition,
    stacks: CdktfStacks,
    entries: readonly string[] = directoryEntries(definition.dir),
    plannedWith: readonly ReadonlyMap<string, Value>[] = [],
  ): EvaluatedRoot {
    const unit: Unit = { name: displayPath(definition.dir), engine: definition.engine, resources: [], suppressions: [] };
    this.declaredVariables.set(definition.dir, [...definition.variables.keys()]);
    const reports = new Reports();
    const fileTexts = new Map<string, string>();
    const callees = new Set<string>();
    const functions = this.functionsFor(definition.dir, fileTexts);
    const assigned: FileAssignment[] = [];
    const inputs = rootVariableValues(
      definition.dir,
      displayPath(definition.dir),
      entries,
      this.options,
      (this.fromEnvironment ??= variablesInEnvironment(this.options.environment)),
      (name) => {
        const variable = definition.variables.get(name);
        return variable && { type: attributeNamed(variable.block.body, "type")?.expression };
      },
      (path) => this.committed(path),
      assigned,
      reports.list,
      unit.suppressions,
    );
    for (const assignment of assigned) {
      const { file, line, column } = assignment.at;
      if (assignment.commandLine) this.varFileAssignments.set(`${file}:${line}:${column}`, assignment);
      else if (!definition.variables.has(assignment.name)) reports.add(undeclaredInFile(assignment));
    }
    // Most roots were never initialised: no manifest to fail to read, which would build an error per root.
    const dataDir = dataDirectory(definition.dir, entries, this.options.environment);
    const installed = dataDir === undefined ? new Map<string, InstalledModule>() : installedModules(definition.dir, dataDir, reports.add);
    const workspace = selectedWorkspace(dataDir, this.options.environment);
    let readsWorkspace = false;
    const run: EvaluationRun = {
      resources: unit.resources,
      unscannedModules: [],
      modules: new Set(),
      movedIn: [],
      removedIn: [],
      judgedKinds: this.options.judgedKinds,
      unjudged: new Map(),
      diagnostics: reports.list,
      suppressions: unit.suppressions,
      functions,
      loadModule: (dir) => {
        // A module outside the checked paths may call this root back: that does not make it another's callee.
        if (dir !== definition.dir) callees.add(dir);
        return this.loadModule(dir);
      },
      calledDirectory: (dir) => this.calledDirectory(dir),
      downloadedModule: (key, source, version) => installedModuleDir(installed, key, source, version),
      dataDirectory: dataDir,
      workspace: () => {
        readsWorkspace = true;
        // Where none is selected, Terraform's.
        return workspace ?? "default";
      },
      report: reports.add,
      evaluating: [],
      readMetadata: (metadata, address, location) => this.readMetadata(metadata, address, location, reports.add),
      readComments: (file, prefix) => this.readComments(file, prefix, reports.add),
      crossStackOutput: (dataSource, output) => stacks.output(definition.dir, dataSource, output),
    };
    // The root's evaluation consumes its definition; a module call that names this directory later reads it afresh.
    this.definitions.delete(definition.dir);
    let checkedVariables: ReadonlyMap<string, Value> | undefined;
    try {
      // A plan beside the root may need its code evaluated again, with the plan's values: then it is not consumed.
      const root = new ModuleInstance(run, definition, "", "", traced(inputs), [this.calledDirectory(definition.dir)], plannedWith.length === 0);
      root.emit();
      checkedVariables = root.evaluatedVariables();
      if (stacks.isRead(definition.dir)) stacks.record(definition.dir, root.stateOutputs());
      for (const { name, at } of root.readWithoutValue()) reports.add(noValueGiven(name, at, this.options.environment));
      for (const { dataSource, outputs, at } of root.readOutputsUnresolved()) {
        const notice = stacks.notCheckedNotice(definition.dir, dataSource, outputs, at);
        if (notice !== undefined) reports.add(notice);
      }
      root.release();
    } catch (error) {
      if (!(error instanceof TooDeepToEvaluate) && !isStackExhausted(error)) throw error;
      const at = error instanceof TooDeepToEvaluate ? error.location : { file: displayPath(definition.dir) };
      // Half an evaluation would judge some resources and silently drop the rest: the root is not judged at all.
      unit.resources.length = 0;
      run.unjudged.clear();
      reports.add({ severity: "error", code: "input", message: tooDeep(error instanceof TooDeepToEvaluate ? error.chain : []), ...at });
    }
    // Only a root with a plan beside it needs what its evaluation gives each instance: most roots have none.
    let checkedInstances: EvaluatedInstances | undefined;
    const plannedInstances = plannedWith.map((given) =>
      checkedVariables === undefined
        ? new Map()
        : this.evaluatedAsPlanned(definition, run, workspace, given, inputs, checkedVariables, readsWorkspace && workspace === undefined ? undefined : (checkedInstances ??= evaluatedInstances(unit.resources))),
    );
    markGivenToUnscanned(unit.resources, run.unscannedModules);
    followMoves(unit.resources, run.movedIn, reports.add);
    reportRemovalsOfDeclared(unit.resources, run.removedIn, reports.add);
    // The lock file says which version `terraform init` chose; without it, Terraform may choose any all constraints admit.
    const locked = lockedAwsVersion(definition.dir, entries);
    markAwsProviderVersions(unit.resources, locked !== undefined ? [locked] : [...run.modules].flatMap(requiredAwsVersions));
    for (const path of filesInUserData(unit.resources, fileTexts)) this.userDataFiles.add(path);
    for (const warning of refusedArguments(unit.resources)) reports.add(warning);
    unit.unjudged = run.unjudged;
    // Its comments have been read. A module call into this directory reads its files again, unless one during this
    // evaluation already did: that reading is cached, and its instances elsewhere still need the comments.
    if (!this.definitions.has(definition.dir)) for (const file of definition.files) this.sources.delete(file.fileName);
    return { unit, reports, callees, plannedInstances };
  }

  /**
   * What the evaluation of a root's code with the root variables' values a plan records gives each resource instance
   * (`evaluatedInstances`): `checkedInstances`, the check's, where the check took the same values once each is converted to its
   * variable's type, as the plan's own evaluation did (the plan records a value as given: `"false"` for a bool given
   * by -var, an object without the optional attributes it leaves to their defaults); else that of an evaluation with
   * the plan's values, so a check need not repeat the options the plan was made with. Its problems are the check's
   * to report, as its own values are the ones checked. None where it runs out of stack: nothing is read from the code.
   * A plan does not record the workspace it was made in: `terraform.workspace` is unknown to that evaluation unless
   * one is selected (`workspace`), and `checkedInstances` is undefined where the check read it in `default` instead.
   * Nor does it record an `ephemeral` variable's value: such a variable has the check's (`checkedInputs`: from its
   * tfvars files, which Terraform read too, or its -var), else its default, else none.
   */
  private evaluatedAsPlanned(
    definition: ModuleDefinition,
    run: EvaluationRun,
    workspace: string | undefined,
    given: ReadonlyMap<string, Value>,
    checkedInputs: ReadonlyMap<string, GivenValue>,
    checkedVariables: ReadonlyMap<string, Value>,
    checkedInstances: EvaluatedInstances | undefined,
  ): EvaluatedInstances {
    const planRun: EvaluationRun = {
      ...run,
      resources: [],
      unscannedModules: [],
      modules: new Set(),
      movedIn: [],
      removedIn: [],
      unjudged: new Map(),
      diagnostics: [],
      suppressions: [],
      evaluating: [],
      // What its file() calls read is not in the check's user data.
      functions: this.functionsFor(definition.dir, new Map()),
      // The modules it calls are the check's callees already, or reached only with the plan's values.
      loadModule: (dir) => this.loadModule(dir),
      workspace: () => workspace ?? UNKNOWN,
      report: () => {},
      readComments: () => [],
      readMetadata: (metadata, address, location) => this.readMetadata(metadata, address, location, () => {}),
    };
    const inputs = new Map([...given].map(([name, value]): [string, GivenValue] => [name, { value, given: "run", at: { by: "the plan" } }]));
    for (const [name, { block }] of definition.variables) {
      const checked = checkedInputs.get(name);
      if (checked !== undefined && !given.has(name) && declaresEphemeral(block)) inputs.set(name, checked);
    }
    try {
      const planned = new ModuleInstance(planRun, definition, "", "", traced(inputs), [this.calledDirectory(definition.dir)], false);
      if (checkedInstances !== undefined && sameValues(planned.evaluatedVariables(), checkedVariables)) return checkedInstances;
      planned.emit();
      planned.release();
      return evaluatedInstances(planRun.resources);
    } catch (error) {
      if (!(error instanceof TooDeepToEvaluate) && !isStackExhausted(error)) throw error;
      return new Map();
    }
  }

  private readMetadata(
    metadata: unknown,
    address: string,
    location: SourceLocation,
    report: (diagnostic: Diagnostic) => void,
  ): { constructPath?: string; suppressions: Suppression[] } {
    const path = (metadata as { metadata?: { path?: unknown } } | null)?.metadata?.path;
    const { suppressions, diagnostics } = suppressionsFromMetadata(metadata, address, location);
    for (const diagnostic of diagnostics) report(diagnostic);
    return { ...(typeof path === "string" ? { constructPath: path } : {}), suppressions };
  }

  private readComments(file: ModuleFile, prefix: string, report: (diagnostic: Diagnostic) => void): Suppression[] {
    const source = this.sources.get(file.fileName);
    if (!source) return [];
    const diagnostics: Diagnostic[] = [];
    const suppressions = commentSuppressions(file.fileName, source.text, file.lines, source.comments, file.body.blocks, prefix, diagnostics);
    for (const diagnostic of diagnostics) report(diagnostic);
    return suppressions;
  }

  /** A JSON file: a plan, or Terraform JSON configuration named on the command line. */
  readJson(path: string): PlanBeside | ModuleDirectory | undefined {
    const fileName = displayPath(path);
    const source = this.read(path, fileName);
    if ("error" in source) {
      this.reportUnread(fileName, isBinaryPlan(path) ? binaryPlanGiven(fileName) : source.error);
      return undefined;
    }
    // Before the plan's sections are looked for: the wrapper's output holds a whole plan, after its own first line.
    const output = notAPlanButTerraformOutput(source.text);
    if (output !== undefined) {
      this.report({ severity: "error", code: "input", message: output, file: fileName, line: 1, column: 1 });
      return undefined;
    }
    if (!looksLikePlan(source.text)) {
      // Before configuration: a state's resources hold `"module"` and `"provider"` keys too.
      const lineage = RAW_STATE[0].exec(source.text);
      const rawState = lineage !== null && RAW_STATE.slice(1).every((key) => key.test(source.text)) ? lineage : null;
      if (rawState !== null) {
        // `terraform state pull`, or terraform.tfstate saved as .json: what was deployed, not what a change would deploy.
        const { line, column } = new LineIndex(source.text).position(rawState.index);
        this.report({ severity: "error", code: "input", message: `this is a Terraform state file, not a plan; not checked: ${MAKE_A_PLAN}`, file: fileName, line, column });
        return undefined;
      }
      if (/"(resource|module|terraform|provider|variable|data)"\s*:/.test(source.text)) {
        this.sniffed.set(path, source);
        return { dir: dirname(path), files: [path], engine: configurationEngine(path) };
      }
      const state = STATE_VALUES.exec(source.text);
      if (state !== null && /"format_version"\s*:/.test(source.text)) {
        // `terraform show -json` without a plan file shows the state: what was deployed, not what a change would deploy.
        const { line, column } = new LineIndex(source.text).position(state.index);
        this.report({ severity: "error", code: "input", message: `this is \`terraform show -json\` of a state, not of a plan; not checked: ${MAKE_A_PLAN}`, file: fileName, line, column });
        return undefined;
      }
      this.report({ severity: "error", code: "input", message: "neither a `terraform show -json` plan nor Terraform JSON configuration", file: fileName });
      return undefined;
    }
    try {
      const { resources, diagnostics, rootModuleAddresses, plannedModules, plannedOutputs, rootVariables, relevantAttributes } = resourcesFromPlan(source.text, fileName);
      for (const diagnostic of diagnostics) this.report(diagnostic);
      const plan: Unit = { name: fileName, engine: "terraform", resources, suppressions: [] };
      return { plan, rootModuleAddresses, plannedModules, plannedOutputs, rootVariables: rootVariables ?? new Map(), relevantAttributes };
    } catch (error) {
      if (!(error instanceof HclSyntaxError)) throw error;
      this.reportUnread(fileName, syntaxDiagnostic(error));
      return undefined;
    }
  }
}

/**
 * The files whose whole text is in the known user data of an EC2 resource (decoded, when base64): the host rules
 * judge it there, with what runs beside it.
 */
function filesInUserData(resources: readonly Resource[], fileTexts: ReadonlyMap<string, string>): string[] {
  if (fileTexts.size === 0) return [];
  const userData = resources
    .filter((resource) => EC2_LAUNCH_KINDS.includes(resource.kind))
    .flatMap((resource) => {
      const { texts, unknown } = userDataOf(resource);
      // Around an unknown part the known text is still what the host runs.
      const parts = unknown.map((path) => partialUserData(valueAt(resource.props, path))).flatMap((value) => (value === undefined ? [] : [value.prefix, ...value.inner, value.suffix]));
      return [...texts.map(({ text }) => decodeUserData(text) ?? text), ...parts];
    });
  return [...fileTexts].filter(([, text]) => text.trim() !== "" && userData.some((each) => each.includes(text))).map(([path]) => path);
}

/**
 * Arguments the provider refuses at plan, by kind, each with why and what that means for the rules: a task
 * definition's `container_definitions` that is no JSON array, which they cannot judge; a log group's
 * `retention_in_days` that CloudWatch Logs does not accept, which PR-OPS-005 fails.
 */
const REFUSED_ARGUMENTS: ReadonlyMap<string, { argument: string; refused: (resource: Resource) => string | undefined; judged: string }> = new Map([
  ["aws_ecs_task_definition", { argument: "container_definitions", refused: refusedContainerDefinitions, judged: "its containers are not judged" }],
  ["aws_cloudwatch_log_group", { argument: "retention_in_days", refused: refusedRetention, judged: "the provider refuses the plan" }],
]);

/** A warning at each argument the provider refuses (`REFUSED_ARGUMENTS`). Said once per place, however many instances write it. */
function refusedArguments(resources: readonly Resource[]): Diagnostic[] {
  return resources.flatMap((resource) => {
    const refusing = REFUSED_ARGUMENTS.get(resource.kind);
    const refused = refusing?.refused(resource);
    if (refusing === undefined || refused === undefined) return [];
    const at = resource.propertyLocations?.[refusing.argument] ?? resource.location;
    return [{ severity: "warning" as const, code: "evaluation" as const, message: `${refused}; ${refusing.judged}`, ...at }];
  });
}

/**
 * The names in a root's directory that discovery did not list (a JSON file named on the command line), read once
 * for its tfvars files and its `.terraform`. Listing every root again cost 12 ms of a check of 100 roots.
 */
function directoryEntries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    // The directory was already read to find the module; a race here leaves just the explicit tfvars files.
    return [];
  }
}

/** The module files of one directory, without descending: a module is one directory. */
function discoverModuleFiles(dir: string): ModuleDirectory | undefined {
  return discover([dir], () => false, { descend: false }).modules[0];
}

/**
 * Local module calls of a definition with a literal source, as absolute directories: called whether or not an
 * evaluation reaches them, since a call with no instances (`count = 0` around it) is never evaluated.
 */
function literalLocalCallees(definition: ModuleDefinition): string[] {
  return [...definition.moduleCalls.values()].flatMap(({ block }) => {
    const source = attributeNamed(block.body, "source")?.expression;
    const value = source?.kind === "Literal" ? source.value : undefined;
    return typeof value === "string" && isLocalSource(value) ? [resolve(definition.dir, value)] : [];
  });
}

/**
 * The shortest chain of values each reading the next that is told as the cause of running out of stack. A link
 * takes some 25 frames of the stack's 10,000 or so, so a chain runs out some 400 deep; a shorter one ran out
 * because an expression in it nests thousands deep.
 */
const CHAIN_THAT_RUNS_OUT = 100;

/**
 * Why a root's evaluation ran out of stack, as far as is known: the chain of values each reading the next it was
 * evaluating then (its depth and ends, to find it by), else the nesting of one expression, in the value last reached.
 */
function tooDeep(chain: readonly string[]): string {
  const notChecked = "the module's resources are not checked";
  if (chain.length < CHAIN_THAT_RUNS_OUT) {
    const where = chain.length > 0 ? ` in ${chain[chain.length - 1]}` : "";
    return `this chains or nests deeper than prodready can evaluate${where} (thousands of operators or conditionals chained in one expression): ${notChecked}`;
  }
  return (
    `this chains deeper than prodready can evaluate: it ran out ${chain.length} values down a chain of values each reading the next, from ${chain[0]} to ${chain[chain.length - 1]} ` +
    `(prodready follows values read only in one result of a conditional, in a loop's body or through a module call with count or for_each or read whole a few hundred deep): ${notChecked}`
  );
}

/** The section that only `terraform show -json` of a state has at its top. */
const STATE_VALUES = /"values"\s*:\s*\{/;

/**
 * Keys a state file (format 4, as `terraform state pull` prints it) has at its top, the first where it is reported:
 * none is a block of Terraform JSON configuration, and its arguments would hardly name all three.
 */
const RAW_STATE = [/"lineage"\s*:/, /"serial"\s*:/, /"terraform_version"\s*:/];

/** Where cdktf copies a local module a stack calls: `cdktf.out/stacks/<stack>/assets/__cdktf_module_asset_<id>/<hash>`. */
const MODULE_ASSET = /[\\/]assets[\\/]__cdktf_module_asset_[^\\/]+[\\/]/;

function isModuleAsset(dir: string): boolean {
  return MODULE_ASSET.test(dir + "/");
}

/** A module directory's Terraform files, names and texts, to tell a copy of it; undefined when it cannot be read. */
function moduleContents(dir: string): string | undefined {
  try {
    const names = readdirSync(dir)
      .filter(isModuleFileName)
      .sort();
    return names.map((name) => `${name}\0${readFileSync(join(dir, name), "utf8")}`).join("\0");
  } catch {
    return undefined;
  }
}

/**
 * Directories that only modules they call themselves call (a module whose source is `"./"`, two that call each other):
 * each is another's callee, yet no root reaches them. Of each such cycle, the first directory found is taken as a
 * root, so that it and what it calls are checked; its evaluation reports the call that closes the cycle.
 */
function rootsOfCycles(modules: readonly ModuleDirectory[], calls: ReadonlyMap<string, ReadonlySet<string>>, called: ReadonlySet<string>): ModuleDirectory[] {
  const reachedFrom = (starts: readonly string[]): Set<string> => {
    const reached = new Set(starts);
    const pending = [...starts];
    for (let dir = pending.pop(); dir !== undefined; dir = pending.pop()) {
      for (const callee of calls.get(dir) ?? []) {
        if (reached.has(callee)) continue;
        reached.add(callee);
        pending.push(callee);
      }
    }
    return reached;
  };
  const checked = reachedFrom(modules.filter((module) => !called.has(module.dir)).map((module) => module.dir));
  const roots: ModuleDirectory[] = [];
  for (const module of modules) {
    if (checked.has(module.dir)) continue;
    const reached = reachedFrom([module.dir]);
    // Called from outside its own cycle: it is checked through the directory that cycle takes as its root.
    if ([...calls].some(([caller, callees]) => callees.has(module.dir) && !reached.has(caller))) continue;
    roots.push(module);
    for (const dir of reached) checked.add(dir);
  }
  return roots;
}

/** A plan, with what of its configuration a module beside it is compared with. */
interface PlanBeside {
  plan: Unit;
  rootModuleAddresses?: string[];
  plannedModules?: PlannedModule[];
  plannedOutputs?: PlannedOutputs;
  rootVariables: ReadonlyMap<string, Value>;
  relevantAttributes: RelevantAttributes | undefined;
}

/** Of a module's code, what a plan made from it is compared with. */
interface ModuleCode {
  /** As `PlanRead.rootModuleAddresses`. */
  addresses: string[];
  /**
   * By managed resource (`aws_instance.web`), the names its block writes (arguments, blocks and `dynamic` blocks),
   * and how it writes each: what tells whether a plan was made from this code.
   */
  writtenArguments: Map<string, ReadonlyMap<string, WrittenArgument>>;
  /** By module call (`db` of `module "db"`), the arguments it gives its module, written as `writtenArguments`. */
  callArguments: Map<string, ReadonlyMap<string, WrittenArgument>>;
  /** By output, its `value` as written, as `writtenArguments`. */
  outputs: Map<string, WrittenArgument>;
  /**
   * By managed resource, what its `lifecycle` block sets that a plan does not record: `prevent_destroy` as
   * `preventDestroySetting` reads it, and `ignore_changes`.
   */
  lifecycle: Map<string, ResourceOptions>;
}

/** What a plan beside a root module needs of it. */
interface RootModule extends ModuleCode {
  suppressions: Suppression[];
  /**
   * What the evaluation of the code, of the root and the modules it calls, with the root variables' values the plan
   * records, gives each resource instance: a `dynamic` block whose `for_each` it finds known and empty gives none,
   * one it finds unknown gives an unknown list.
   */
  evaluatedInstances: EvaluatedInstances;
}

/** The managed resources and module calls a module declares, as addresses: `aws_s3_bucket.logs`, `module.db`. */
function declaredAddresses(definition: ModuleDefinition): string[] {
  const resources = [...definition.resources].flatMap(([key, resource]) => (resource.mode === "managed" ? [key] : []));
  return [...resources, ...[...definition.moduleCalls.keys()].map((name) => `module.${name}`)];
}

/** Read from the syntax, so before a root's evaluation lets its resource blocks go. */
function moduleCode(definition: ModuleDefinition): ModuleCode {
  const throughLocals = readThroughLocals(definition.locals);
  const writtenArgumentsOf = new Map<string, ReadonlyMap<string, WrittenArgument>>();
  const lifecycle = new Map<string, ResourceOptions>();
  for (const [key, { mode, block, file }] of definition.resources) {
    if (mode !== "managed") continue;
    writtenArgumentsOf.set(key, writtenArguments(block.body, file, definition.overrideOrigins, throughLocals));
    // As the evaluation reads it.
    lifecycle.set(key, lifecycleOptions(block, preventDestroySetting(block)?.value));
  }
  const callArguments = new Map([...definition.moduleCalls].map(([name, { block, file }]) => [name, writtenArguments(block.body, file, definition.overrideOrigins, throughLocals, MODULE_CALL_SETTINGS)]));
  const outputs = new Map(
    [...definition.outputs].flatMap(([name, { block, file }]) => {
      const value = writtenArguments(block.body, file, definition.overrideOrigins, throughLocals).get("value");
      return value === undefined ? [] : [[name, value] as const];
    }),
  );
  return { addresses: declaredAddresses(definition), writtenArguments: writtenArgumentsOf, callArguments, outputs, lifecycle };
}

/** What a module block writes besides its module's inputs, which a plan's configuration lists apart from them. */
const MODULE_CALL_SETTINGS: ReadonlySet<string> = new Set(["source", "version", "count", "for_each", "providers", "depends_on"]);

/**
 * Reads into a plan's instances what only the code of the root module it was made from, and of the modules it calls
 * by local sources, tells. `absentFromCode`: a block a created instance holds unknown and the configuration section
 * lacks is left out where the resource's block does not write it, and a `dynamic` block, which that section leaves
 * out too, where it does, unless the evaluation of the code gives that instance none of it: its `for_each` is known
 * and empty there (`dynamic "metadata_options" { for_each = var.metadata_options }`, the variable's default `[]`, as
 * every terraform-aws-modules module writes it). A plan lists the blocks a resource is configured with as a known
 * list whenever there are any, so its wholly unknown list is either none (the provider fills it in at apply) or a
 * `for_each` unknown at plan. The evaluation is of the root variables' values the plan records (see
 * `evaluatedAsPlanned`): one with other values could find none of a block the plan's made unknown
 * (`var.on ? aws_x.y.ids : []` with `on` true in the plan and false in the check). Where the evaluation finds the `for_each` unknown, or
 * has no instance at that address (its `count` unknown), the block stays unknown. An argument a created instance
 * holds unknown that the section lists is unset too where the evaluation finds it null
 * (`one(aws_sqs_queue.dlq[*].arn) == null ? null : ...` with no instance of the queue, which a plan does not work
 * out): added to `unwrittenUnknowns`, as if the section lacked it, and to `absentFromCode`. `preventDestroy` and
 * `ignoreChanges`: the block's `lifecycle` settings, as evaluating the code gives them, which a plan does not
 * record. What the plan holds unknown of an argument, and the evaluation knows in part or whole, is the evaluation's
 * value (see `takeFromCode`). A module whose code lists other resources or calls than the plan's configuration (changed since, or
 * another module) is not read, and said why; one reached through a registry's or git's source is not read either.
 * Their instances stay as the plan has them. Nor is an argument, null or valued, whose expression refers to other
 * values than the plan's configuration records of it (the code edited since: `redrive_policy` of `jsonencode({
 * deadLetterTargetArn = aws_sqs_queue.dlq.arn })` where the plan's was `terraform_data.policy.output`, or `.url`
 * where it was `.arn`), or that reads through locals what the plan does not list as read (`relevant`, see
 * `readAsPlanned`), nor any argument of a module that a call gives an argument otherwise than the plan records (see
 * `callGivenOtherwise`), nor an argument that reads an output of a module whose code writes it otherwise (see
 * `outputReadOtherwise`): the first that would have been read is said (`differing`).
 */
function readFromCode(
  modules: readonly PlannedModule[],
  outputs: PlannedOutputs,
  relevant: RelevantAttributes | undefined,
  root: RootModule,
  rootDir: string,
  loadModule: (dir: string) => ModuleDefinition | undefined,
): { notRead?: CodeNotRead; differing?: CodeDiffering } {
  let notRead: CodeNotRead | undefined;
  let differing: CodeDiffering | undefined;
  // A module called more than once (each call its own module of the plan's configuration) is read once.
  const codes = new Map<string, ModuleCode | undefined>();
  const codeAt = (dir: string): ModuleCode | undefined =>
    getOrAdd(codes, dir, () => {
      const definition = loadModule(dir);
      return definition && moduleCode(definition);
    });
  const codeOf = (sources: string[]) => (sources.length === 0 ? root : codeAt(resolve(rootDir, ...sources)));
  const outputOtherwise = (argument: WrittenArgument | undefined, modulePath: string) => outputReadOtherwise(argument, modulePath, outputs, relevant, codeOf);
  for (const module of modules) {
    if (module.sources === undefined || !module.sources.every(isLocalSource)) continue;
    const code = codeOf(module.sources);
    // A directory without module files lists none of what the plan's configuration of it does.
    const inOnlyOne = differingAddress(module.addresses, code?.addresses ?? []);
    if (inOnlyOne !== undefined) notRead ??= { module: module.path, why: notThatModule(module.path === "" ? inOnlyOne : `${module.path}.${inOnlyOne}`) };
    if (code === undefined || inOnlyOne !== undefined) continue;
    const givenOtherwise = callGivenOtherwise(module, relevant, codeOf, outputOtherwise);
    const prefix = module.path === "" ? "" : `${module.path}.`;
    for (const [key, instances] of module.instances) {
      const written: ReadonlyMap<string, WrittenArgument> = code.writtenArguments.get(key) ?? new Map();
      const lifecycle = code.lifecycle.get(key);
      const planned = module.referred.get(key);
      // Once per argument, not per instance: every instance of the block is written by the same code.
      const answers = new Map<string, boolean>();
      const asPlanned = (name: string): boolean => getOrAdd(answers, name, () => writtenAsPlannedHere(name));
      const writtenAsPlannedHere = (name: string): boolean => {
        const argument = written.get(name);
        if (givenOtherwise !== undefined) {
          differing ??= givenOtherwise.differing;
          return false;
        }
        if (writtenAsPlanned(planned?.get(name), argument) && readAsPlanned(argument, module.path, relevant)) {
          const readOtherwise = outputOtherwise(argument, module.path);
          if (readOtherwise === undefined) return true;
          differing ??= readOtherwise.differing;
        } else if (argument !== undefined) differing ??= { resource: prefix + key, argument: name, at: argument.at };
        return false;
      };
      for (const { resource, created } of instances) {
        const evaluated = root.evaluatedInstances.get(resource.address);
        const unwritten = resource.unwrittenUnknowns ?? [];
        // What a created instance holds unknown that the code writes and its evaluation gives no value: a `dynamic`
        // block it finds none of, or an argument it finds null.
        const noValue = !created || evaluated === undefined ? [] : Object.keys(resource.props).filter((name) => resource.props[name] === UNKNOWN && written.has(name) && !evaluated.valued.has(name) && asPlanned(name));
        const absent = [...unwritten.filter((name) => !written.has(name)), ...noValue];
        if (absent.length > 0) resource.absentFromCode = absent;
        // An argument set to null, whose expression the plan could not work out, is unset as one left out is.
        const setToNull = noValue.filter((name) => !unwritten.includes(name));
        if (setToNull.length > 0) {
          resource.unwrittenUnknowns = [...unwritten, ...setToNull];
          resource.configuredProperties = resource.configuredProperties?.filter((name) => !setToNull.includes(name));
        }
        resource.options = { ...lifecycle };
        if (evaluated !== undefined) {
          takeFromCode(resource, evaluated, written, asPlanned);
          markWriteOnlyFromSecret(resource, evaluated, written);
        }
      }
    }
  }
  return { notRead, differing };
}

/**
 * Whether what an argument of the module at `modulePath` reads of managed resources through its module's locals (see
 * `readThroughLocals`) is what the plan lists as relevant to its changes: a plan's configuration has no locals, but
 * Terraform lists there each attribute a changed instance reads, through locals too. One it does not list was not
 * read when the plan was made (a local edited since: `aws_sqs_queue.orders.name` where it was `.id`). Not told: a
 * local edited to read an attribute the plan reads elsewhere, or other variables or constants, or another output of
 * a module (Terraform lists what every module output reads, read or not); nor anything of a plan of Terraform before
 * 1.2 (`relevant` undefined), which lists none.
 */
function readAsPlanned(argument: WrittenArgument | undefined, modulePath: string, relevant: RelevantAttributes | undefined): boolean {
  const prefix = modulePath === "" ? "" : `${modulePath}.`;
  return relevant === undefined || [...(argument?.throughLocals ?? [])].filter(readsManagedResource).every((reference) => isRelevant(prefix + reference, relevant));
}

/**
 * Where a call from the root module down to a module gives it an argument otherwise than the plan's configuration
 * records (`dlq_arn = aws_sqs_queue.dlq.url` where the plan's was `.arn`): what the module's code then works out of
 * its variables is not what was planned. The first such argument the code writes, if any (`differing`); undefined
 * where every call gives its arguments as planned. `codeOf`: the code of the module at the local sources given;
 * `outputOtherwise`: where an argument reads a module's output written otherwise (see `outputReadOtherwise`).
 */
function callGivenOtherwise(
  module: PlannedModule,
  relevant: RelevantAttributes | undefined,
  codeOf: (sources: string[]) => ModuleCode | undefined,
  outputOtherwise: (argument: WrittenArgument | undefined, modulePath: string) => { differing?: CodeDiffering } | undefined,
): { differing?: CodeDiffering } | undefined {
  for (const [index, { name, referred }] of module.calls.entries()) {
    const caller = codeOf(module.sources!.slice(0, index));
    const written = caller?.callArguments.get(name) ?? new Map<string, WrittenArgument>();
    const callerPath = module.calls.slice(0, index).map((each) => `module.${each.name}`).join(".");
    const call = callerPath === "" ? `module.${name}` : `${callerPath}.module.${name}`;
    const otherwise = [...new Set([...written.keys(), ...referred.keys()])].filter(
      (argument) => !writtenAsPlanned(referred.get(argument), written.get(argument)) || !readAsPlanned(written.get(argument), callerPath, relevant),
    );
    if (otherwise.length > 0) {
      const located = otherwise.find((argument) => written.has(argument));
      return { differing: located === undefined ? undefined : { resource: call, argument: located, at: written.get(located)!.at } };
    }
    for (const argument of written.values()) {
      const readOtherwise = outputOtherwise(argument, callerPath);
      if (readOtherwise !== undefined) return readOtherwise;
    }
  }
  return undefined;
}

/**
 * Where an argument of the module at `modulePath` reads an output (`module.names.queue_name`), itself or through the
 * module's locals (which a plan's configuration does not have, so does not record what they read), whose code refers
 * to other values than the plan's configuration records of it, or reads through locals what the plan does not list
 * as read (see `readAsPlanned`), or reads so another module's output in turn: what is worked out of it is not what
 * was planned. The first such output written (`differing`); undefined where each is as planned. Not told: an output
 * of a module the code reaches by other than local sources, whose code is not read.
 */
function outputReadOtherwise(
  argument: WrittenArgument | undefined,
  modulePath: string,
  planned: PlannedOutputs,
  relevant: RelevantAttributes | undefined,
  codeOf: (sources: string[]) => ModuleCode | undefined,
  seen = new Set<string>(),
): { differing?: CodeDiffering } | undefined {
  for (const reference of [...referencesIn(argument?.recorded), ...(argument?.throughLocals ?? [])]) {
    // The call, and the output (none where it reads them all, `module.db[each.key]`).
    const [, call, , output] = MODULE_REFERENCE.exec(reference) ?? [];
    if (call === undefined) continue;
    const path = modulePath === "" ? `module.${call}` : `${modulePath}.module.${call}`;
    const { sources, referred } = planned.get(path) ?? {};
    const code = sources !== undefined && sources.every(isLocalSource) ? codeOf(sources) : undefined;
    if (code === undefined || referred === undefined) continue;
    const names = output === undefined ? new Set([...referred.keys(), ...code.outputs.keys()]) : [output];
    for (const name of names) {
      const address = `${path}.output.${name}`;
      if (seen.has(address)) continue;
      seen.add(address);
      const written = code.outputs.get(name);
      if (!writtenAsPlanned(referred.get(name), written) || !readAsPlanned(written, path, relevant)) return { differing: written && { resource: address, argument: "value", at: written.at } };
      const further = outputReadOtherwise(written, path, planned, relevant, codeOf, seen);
      if (further !== undefined) return further;
    }
  }
  return undefined;
}

/**
 * What a plan holds unknown of an argument the code writes (the plan holds an argument wholly unknown whenever a part
 * of it is: `redrive_policy` of `jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn, … })`, and `var.on ?
 * jsonencode(…) : null`, whose references alone tell nothing) is what the evaluation of the code gives there, known
 * in part (the document, with the queue's ARN unknown) or whole (a bucket's policy naming its ARN, which follows from
 * the bucket's configured name). The evaluation knows no more than Terraform will at apply: the configuration, the
 * plan's root variables, and what the provider works out from configured arguments alone (`DERIVED`, a policy
 * document's text). The same goes for a value inside a nested block the plan holds unknown (`dead_letter_config {
 * target_arn = aws_sqs_queue.dlq.arn }`), where the plan's blocks are the code's, block by block: every value the plan
 * knows in them is the code's, or unknown there. Not where the plan marks it, or anything in it, secret, nor where
 * the code does not write it as the plan was made from (`asPlanned`). What the code's texts there interpolate comes
 * with them (`Resource.interpolatedReads`).
 */
function takeFromCode(resource: Resource, evaluated: EvaluatedInstance, written: ReadonlyMap<string, WrittenArgument>, asPlanned: (name: string) => boolean): void {
  for (const [name, value] of evaluated.notUnknown) {
    if (!written.has(name) || isSecretPath(resource, name) || holdsSecretInside(resource, name)) continue;
    const filled = filledFromCode(resource.props[name], value);
    if (filled === undefined || filled === resource.props[name] || !asPlanned(name)) continue;
    resource.props[name] = filled;
    // What the code's text interpolates tells what its unknown parts hold, in the plan as in the code.
    for (const [path, reads] of Object.entries(evaluated.interpolatedReads ?? {})) {
      if (path === name || path.startsWith(`${name}.`)) (resource.interpolatedReads ??= {})[path] = reads;
    }
  }
}

/**
 * `planned` with what it holds wholly unknown replaced by the code's value at the same place (`code`), where that is
 * anything but unknown or unset; undefined where the two disagree (a value each knows, and differently; lists of other
 * lengths), so a block of a set the plan orders otherwise than the code writes it never takes another block's values.
 */
function filledFromCode(planned: unknown, code: unknown): unknown {
  if (planned === UNKNOWN || planned === UNKNOWN_PRESENT) return code === UNKNOWN || code === null || code === undefined ? planned : code;
  if (code === undefined || code === null || isUnknown(code)) return planned;
  // A policy document read at apply, which the plan holds as its statements: the code's is its text.
  if (typeof code === "string" && (Array.isArray(planned) || isPlainObject(planned))) {
    const document = parseJsonProperty(code);
    return document !== null && typeof document === "object" && filledFromCode(planned, document) !== undefined ? code : undefined;
  }
  if (Array.isArray(planned)) {
    if (!Array.isArray(code) || code.length !== planned.length) return undefined;
    const filled = planned.map((element, index) => filledFromCode(element, code[index]));
    if (filled.includes(undefined)) return undefined;
    return filled.every((element, index) => element === planned[index]) ? planned : likePlanned(planned, filled);
  }
  if (isPlainObject(planned)) {
    if (!isPlainObject(code)) return undefined;
    const filled: Record<string, unknown> = {};
    let changed = false;
    for (const [key, element] of Object.entries(planned)) {
      const value = Object.hasOwn(code, key) ? filledFromCode(element, code[key]) : element;
      if (value === undefined) return undefined;
      filled[key] = value;
      changed ||= value !== element;
    }
    return changed ? likePlanned(planned, filled) : planned;
  }
  return planned === code ? planned : undefined;
}

/** A structure filled in as `planned` is: a policy document's statements, as the plan holds them, stay a document's. */
function likePlanned(planned: object, filled: object): unknown {
  return isDocumentStructure(planned) ? documentStructure(filled) : filled;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * A write-only credential, which a plan never holds, and holds unknown and unmarked where the configuration gives it
 * anything but a constant or an ephemeral resource's value (a variable may have a literal default), is marked secret
 * where the evaluation of the code finds it given a secret it does not know (an ephemeral variable without a
 * default), as the code read alone has it: a secret from outside the code.
 */
function markWriteOnlyFromSecret(resource: Resource, evaluated: EvaluatedInstance, written: ReadonlyMap<string, WrittenArgument>): void {
  for (const name of evaluated.writeOnlyFromSecret) {
    if (resource.props[name] === UNKNOWN && written.has(name) && !isSecretPath(resource, name)) resource.secretPaths = [...resource.secretPaths, name];
  }
}

/**
 * A root's values as a module instance is given them. One a committed tfvars file gives is written there, where a
 * finding on it is located; one handed in at run has no place in the code but where the configuration reads it.
 */
function traced(inputs: ReadonlyMap<string, GivenValue>): Map<string, { value: Value; trace: Trace; at: GivenAt; writtenAt?: SourceLocation }> {
  return new Map(
    [...inputs].map(([name, { value, given, at }]) => [name, { value, trace: { ...newTrace(), given }, at, ...(given === "file" && at.location && { writtenAt: at.location }) }]),
  );
}

/** Whether two evaluations took the same value for each root variable: one unknown in either may be any. */
function sameValues(planned: ReadonlyMap<string, Value>, checked: ReadonlyMap<string, Value>): boolean {
  return planned.size === checked.size && [...planned].every(([name, value]) => checked.has(name) && valuesEqual(value, checked.get(name)!) === true);
}

/** What an evaluation gives each resource instance, by its address (`module.ec2.aws_instance.this`). */
type EvaluatedInstances = ReadonlyMap<string, EvaluatedInstance>;

interface EvaluatedInstance {
  /** The top-level names it gives a value other than null, which is unset. */
  valued: ReadonlySet<string>;
  /**
   * Of those, the values not wholly unknown, but where anything at or inside them is secret or read from a
   * credential, which a plan's value would have to carry too.
   */
  notUnknown: ReadonlyMap<string, unknown>;
  /**
   * The write-only credentials (`password_wo`) it marks secret and does not know: given an ephemeral or sensitive
   * value with none to be had before Terraform runs, so not one the code writes (see `writtenSecrets`).
   */
  writeOnlyFromSecret: readonly string[];
  /** What its texts interpolate (`Resource.interpolatedReads`), which comes with the values taken from it. */
  interpolatedReads: Resource["interpolatedReads"];
}

function evaluatedInstances(resources: readonly Resource[]): Map<string, EvaluatedInstance> {
  return new Map(
    resources.map((resource) => {
      const names = Object.keys(resource.props).filter((name) => resource.props[name] !== null);
      const readsSecret = (name: string) =>
        isSecretPath(resource, name) || holdsSecretInside(resource, name) || Object.keys(resource.credentialReads ?? {}).some((path) => path === name || path.startsWith(name + "."));
      const notUnknown = names.filter((name) => resource.props[name] !== UNKNOWN && !readsSecret(name));
      // Wholly unknown: the code alone judges the known text of one known in part.
      const writeOnlyFromSecret = WRITE_ONLY_CREDENTIALS.filter((name) => isUnknown(resource.props[name]) && !(resource.props[name] instanceof PartialString) && isSecretPath(resource, name));
      const { interpolatedReads } = resource;
      return [resource.address, { valued: new Set(names), notUnknown: new Map(notUnknown.map((name) => [name, resource.props[name]])), writeOnlyFromSecret, interpolatedReads }];
    }),
  );
}

/** Why a plan is not read with the code beside it where one of its modules' configuration differs from that code. */
function notThatModule(differing: string): string {
  return `the plan's configuration is not that module's (${differing} is in only one of them: it may be of other code, or made before the code changed)`;
}

/**
 * A plan read with the root module beside it, where its configuration section lists the same resources and module
 * calls: then it was made from that module, as `terraform plan -out` then `terraform show -json` in its directory
 * make it. Otherwise (`notItsModule` says why) it may be of other code (a plan kept from before the code changed, or
 * made elsewhere), where an address can name another resource, and none of the module's code is read with it.
 *
 * Read with it, the module's code tells what the plan leaves unknown (see `readFromCode`), and its suppressions (see
 * `ModuleSuppressions`) judge the plan's findings, but a comment on or inside a nested block or on a module call's
 * argument: it covers what is written within its lines, and a plan's findings are located in the plan.
 */
function besideItsModule(
  { plan, rootModuleAddresses, plannedModules, plannedOutputs, relevantAttributes }: PlanBeside,
  dir: string,
  module: RootModule,
  loadModule: (dir: string) => ModuleDefinition | undefined,
): Unit {
  const rootDiffering = rootModuleAddresses && differingAddress(rootModuleAddresses, module.addresses);
  const notItsModule =
    rootModuleAddresses === undefined
      ? "the plan has no configuration section to tell that it was made from that module"
      : rootDiffering !== undefined
        ? notThatModule(rootDiffering)
        : undefined;
  const { notRead, differing } = notItsModule === undefined ? readFromCode(plannedModules ?? [], plannedOutputs ?? new Map(), relevantAttributes, module, dir, loadModule) : { notRead: { module: "", why: notItsModule }, differing: undefined };
  const madeFrom = notItsModule === undefined ? { madeFrom: displayPath(dir) } : {};
  const read = { ...plan, ...madeFrom, ...(notRead && { codeNotRead: notRead }), ...(differing && { codeDiffering: differing }) };
  if (module.suppressions.length === 0) return read;
  let moduleSuppressions: ModuleSuppressions;
  if (notItsModule !== undefined) {
    moduleSuppressions = { applied: [], unapplied: module.suppressions, why: notItsModule };
  } else {
    moduleSuppressions = {
      applied: module.suppressions.filter((suppression) => suppression.lines === undefined),
      unapplied: module.suppressions.filter((suppression) => suppression.lines !== undefined),
      why: "a comment on or inside a nested block, or on a module call's argument, covers what is written within its lines, which a plan does not have",
    };
  }
  return { ...read, moduleSuppressions };
}

/** The first resource or module call in only one of a plan's configuration of a module and its code, if any: in the order of the plan's, then of the code's. */
function differingAddress(planAddresses: readonly string[], codeAddresses: readonly string[]): string | undefined {
  const [inPlan, inCode] = [new Set(planAddresses), new Set(codeAddresses)];
  return planAddresses.find((address) => !inCode.has(address)) ?? codeAddresses.find((address) => !inPlan.has(address));
}

export function loadTerraform(paths: readonly string[], options: TerraformOptions): LoadResult {
  return judgeTerraform(paths, options, (unit) => unit);
}

/**
 * Reads the inputs unit by unit and hands each to `judge` as soon as it is evaluated, keeping only what `judge`
 * returns: a check keeps its findings, not every unit's model, so the model dies young.
 */
export function judgeTerraform<Judged>(paths: readonly string[], options: TerraformOptions, judge: (unit: Unit) => Judged): LoadResult<Judged> {
  const found = discover(paths, options.excluded ?? (() => false), { environment: options.environment });
  const loader = new Loader(options, new Map(found.modules.map((module) => [module.dir, module])), paths);
  for (const diagnostic of found.diagnostics) loader.report(diagnostic);
  const units: Judged[] = [];
  const discovered = [...found.modules];
  // A plan in a module's directory is judged once that module has been read (its model kept until then), at its place
  // among the plans.
  const waiting: ({ at: number; dir: string } & PlanBeside)[] = [];
  for (const path of found.jsonFiles) {
    const read = loader.readJson(path);
    if (read === undefined) continue;
    if (!("plan" in read)) discovered.push(read);
    else if (loader.isScanned(dirname(path))) waiting.push({ at: units.length, dir: dirname(path), ...read });
    else units.push(judge(read.plan));
  }
  const waitingByDir = groupBy(waiting, (plan) => plan.dir);
  const besidePlans = new Map<PlanBeside, RootModule>();
  const stacks = new CdktfStacks(discovered.filter((module) => module.engine === "cdktf").map((module) => module.dir));
  // A CDKTF stack that uses another's values is read once the other's are known; reports still list them as found.
  const modules = stacks.inDependencyOrder(discovered);
  const discoveryIndex = new Map(discovered.map((module, index) => [module, index]));
  // Each directory is evaluated as soon as it is parsed, so its syntax trees die young instead of surviving until
  // every directory is parsed: keeping them cost a fifth of a check's CPU time in garbage collection.
  // What is kept of each directory is what decides whether it is a root: not its definition, which holds its trees.
  const roots: { dir: string; found: number; judged: Judged; reports: Reports }[] = [];
  const called = new Set<string>();
  /** The directories each directory's calls read. */
  const calls = new Map<string, Set<string>>();
  const addCalls = (dir: string, callees: Iterable<string>) => {
    const known = getOrAdd(calls, dir, () => new Set<string>());
    for (const callee of callees) {
      known.add(callee);
      called.add(callee);
    }
  };
  const evaluate = (definition: ModuleDefinition, module: ModuleDirectory): Pick<EvaluatedRoot, "unit" | "reports"> => {
    const plans = waitingByDir.get(definition.dir) ?? [];
    const code = plans.length > 0 ? moduleCode(definition) : undefined;
    const { unit, reports, callees, plannedInstances } = loader.evaluateRoot(definition, stacks, module.entries, plans.map((plan) => plan.rootVariables));
    if (code !== undefined) plans.forEach((plan, index) => besidePlans.set(plan, { ...code, suppressions: unit.suppressions, evaluatedInstances: plannedInstances[index] }));
    // What its calls read is checked through them, sources worked out from variables (OpenTofu) included.
    addCalls(definition.dir, callees);
    return { unit, reports };
  };
  // Judged once `evaluate` has returned, so that no frame holds the definition, whose syntax trees were a third of a
  // 50 MB file's model, while the rules run.
  const judgeRoot = (module: ModuleDirectory, { unit, reports }: Pick<EvaluatedRoot, "unit" | "reports">) => {
    roots.push({ dir: module.dir, found: discoveryIndex.get(module)!, judged: judge(unit), reports });
  };
  /** The root evaluated from the module's definition, unless a module read before calls it. */
  const evaluateUncalled = (module: ModuleDirectory): Pick<EvaluatedRoot, "unit" | "reports"> | undefined => {
    const definition = loader.definitionOf(module);
    // Called even where no evaluation reaches the call (under a `count = 0` one); a CDKTF stack's calls too.
    addCalls(definition.dir, literalLocalCallees(definition));
    // Already known to be called: it would be dropped below, so it is not evaluated on its own.
    return called.has(definition.dir) ? undefined : evaluate(definition, module);
  };
  for (const [index, module] of modules.entries()) {
    options.onProgress?.(index, modules.length, `reading ${displayPath(module.dir)}`);
    const evaluated = evaluateUncalled(module);
    if (evaluated !== undefined) judgeRoot(module, evaluated);
  }
  for (const module of rootsOfCycles(modules, calls, called)) {
    called.delete(module.dir);
    if (!roots.some((root) => root.dir === module.dir)) judgeRoot(module, evaluate(loader.definitionOf(module), module));
  }
  // A directory another scanned module calls is evaluated through that call, with the inputs it is given; what it
  // yielded and reported on its own, without them, is dropped. That is only known once every directory is read.
  // So is one a CDKTF stack calls through cdktf's copy of it: Terraform runs the copy, with the stack's inputs, and
  // never the original.
  for (const dir of [...called].flatMap((callee) => loader.originalsOf(callee))) called.add(dir);
  const judgedPlans = waiting.map((planRead) => {
    const { at, dir } = planRead;
    // A directory another module calls is no root: its comments are read, and judged, through the call.
    const module = called.has(dir) ? undefined : besidePlans.get(planRead);
    if (module === undefined) return { at, judged: judge(planRead.plan) };
    return { at, judged: judge(besideItsModule(planRead, dir, module, (calledDir) => loader.loadModule(calledDir))) };
  });
  // From the last, so that each place counted among the plans judged before is where it was.
  for (const { at, judged } of judgedPlans.reverse()) units.splice(at, 0, judged);
  for (const { dir, judged, reports } of roots.sort((a, b) => a.found - b.found)) {
    if (called.has(dir)) continue;
    units.push(judged);
    loader.reportAll(reports);
  }
  // Terraform refuses a -var its root does not declare, and warns of a -var-file value: a misspelt name would leave
  // the default checked unnoticed.
  const declared = new Set([...loader.declaredVariables].flatMap(([dir, names]) => (called.has(dir) ? [] : names)));
  if (loader.declaredVariables.size > 0) {
    for (const given of options.commandLineVariables) {
      const name = "var" in given ? varOptionName(given.var) : undefined;
      if (name !== undefined && !declared.has(name)) loader.report({ severity: "error", code: "input", message: `--var ${name}: no root module checked declares a variable "${name}"` });
    }
    for (const assignment of loader.varFileAssignments.values()) if (!declared.has(assignment.name)) loader.report(undeclaredInFile(assignment));
  }
  return {
    units,
    diagnostics: loader.diagnostics,
    files: loader.paths,
    otherFiles: found.otherFiles,
    leftOut: found.leftOut,
    orchestration: found.orchestration,
    templates: [...loader.templates],
    userDataFiles: [...loader.userDataFiles],
    unreadFiles: [...loader.unreadFiles],
  };
}
