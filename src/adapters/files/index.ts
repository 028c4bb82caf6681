/**
 * The files adapter: Dockerfiles, compose files, Kubernetes manifests, cloud-init files and the repository itself
 * into the model. Each directory given is one unit (its repository and every file under it); each file given by
 * name is a unit of its own. Formats are told apart by name first, then, for YAML no name claims, by content.
 */
import { readFileSync, statSync } from "fs";
import { basename, relative, resolve, sep } from "path";
import type { Diagnostic } from "../../model/diagnostic";
import { displayPath, isStackExhausted, readSource } from "../source";
import type { LoadResult, Unit } from "../terraform";
import { binaryPlanGiven, isBinaryPlan } from "../terraform/plan-files";
import { cloudInitFormat } from "./cloud-init";
import { asComposeBuildsThem, dockerfilesBuilt, type ReadingOf } from "./compose-builds";
import { dockerfileFormat } from "./dockerfile";
import type { FileFormat, FileReading } from "./format";
import { formatOf } from "./formats";
import { helmChartNotice, kubernetesFormat } from "./kubernetes";
import { isKustomizationName, readKustomizations } from "./kustomize";
import { isCdktfOutput, isReadByName, readRepository, type RepositoryFile } from "./repository";

export interface FilesResult {
  units: Unit[];
  diagnostics: Diagnostic[];
  /** Files read, absolute. */
  files: ReadonlySet<string>;
}

/**
 * What `check` reads, for a file or directory that holds none of it, and what checks a Pulumi program instead: one
 * without its Pulumi.yaml beside it (a program's directory under the project's) is no project `check` can point to.
 */
export const INPUT_KINDS =
  "Terraform or OpenTofu (.tf, .tf.json, .tofu, .tofu.json), a plan (.json), CDKTF output (cdk.tf.json), a Dockerfile, a compose file, a Kubernetes manifest or a cloud-init file; " +
  "a Pulumi program is checked by `prodready pulumi <dir>`, with the directory of its Pulumi.yaml";

/**
 * `paths` are the paths given on the command line; `found` every file discovery listed that Terraform does not
 * read, absolute; `readByTerraform` the files the Terraform configuration reads, judged through what it makes of
 * them. A file given by name that no format reads is an error; one found in a directory is skipped.
 */
export function loadFiles(
  paths: readonly string[],
  found: readonly string[],
  readByTerraform: Pick<LoadResult, "templates" | "userDataFiles"> = { templates: [], userDataFiles: [] },
): FilesResult {
  // Checked from above cdktf.out, the project's file an asset copies is read by Terraform as the copy is.
  const templates = new Set([...readByTerraform.templates, ...cdktfAssetOriginals(readByTerraform.templates, found)]);
  const userDataFiles = new Set([...readByTerraform.userDataFiles, ...cdktfAssetOriginals(readByTerraform.userDataFiles, found)]);
  const diagnostics: Diagnostic[] = [];
  const texts = new Map<string, string | undefined>();
  const roots: string[] = [];
  const givenFiles = new Set<string>();
  /**
   * A file that cannot be read as text is an error when it is an input by its name or was given by name; a file
   * read only to see what it is, or to scan for secrets (a Latin-1 `.properties`, an image), is a warning: the
   * check of everything else is not failed by it.
   */
  const readText = (path: string): string | undefined => {
    if (texts.has(path)) return texts.get(path);
    const source = readSource(path, displayPath(path));
    const text = "error" in source ? undefined : source.text;
    if ("error" in source) {
      const meant = givenFiles.has(path) || isReadByName(path);
      diagnostics.push(meant ? source.error : { ...source.error, severity: "warning", message: `${source.error.message}; not read` });
    }
    texts.set(path, text);
    return text;
  };
  for (const given of paths) {
    const path = resolve(given);
    try {
      if (statSync(path).isDirectory()) roots.push(path);
      else givenFiles.add(path);
    } catch {
      // Discovery has reported a path that does not exist.
    }
  }

  const kustomizations = readKustomizations(found, readText);
  diagnostics.push(...kustomizations.diagnostics);

  /** One file through the format that reads it (`named`: the one something else names it as); undefined when no format does. */
  const readFile = (path: string, given: boolean, named?: FileFormat): FileReading | undefined => {
    // What is deployed is the template's rendering, checked in the resource it goes into; its text as it stands
    // (placeholders and all) is not. Likewise a kustomize patch is deployed only merged onto the base it patches.
    // A kustomization is read by `readKustomizations` alone: its `kind` and `apiVersion` make no manifest of it.
    if (templates.has(path) || kustomizations.patches.has(path) || isKustomizationName(basename(path))) return undefined;
    const format = named ?? formatOf(basename(path), () => readText(path));
    if (format === undefined) {
      // Saved by `terraform plan -out` under any name, `tfplan` most often: given in place of its JSON.
      if (given && isBinaryPlan(path)) diagnostics.push(binaryPlanGiven(displayPath(path)));
      else if (given) {
        diagnostics.push({
          severity: "error",
          code: "input",
          message: `not a file prodready reads: ${INPUT_KINDS}`,
          file: displayPath(path),
        });
      }
      return undefined;
    }
    // The host rules judge it in the user data that holds it, beside what else runs there: not again on its own.
    if (format === cloudInitFormat && userDataFiles.has(path)) return undefined;
    const text = readText(path);
    if (text === undefined) return undefined;
    let reading: FileReading;
    try {
      reading = format.read({ path, name: displayPath(path), text });
    } catch (error) {
      if (!isStackExhausted(error)) throw error;
      diagnostics.push({ severity: "error", code: "input", message: "this file chains or nests deeper than prodready can follow (thousands of levels, such as services each extending the next): not checked", file: displayPath(path) });
      return undefined;
    }
    return format === kubernetesFormat ? { ...reading, resources: kustomizations.withImages(path, reading.resources) } : reading;
  };

  /** How many templates of each chart were not read, by the chart's directory: reported once per chart. */
  const chartTemplates = new Map<string, number>();
  const unitOf = (name: string, readings: FileReading[]): Unit => {
    for (const reading of readings) {
      diagnostics.push(...reading.diagnostics);
      if (reading.helmChart !== undefined) chartTemplates.set(reading.helmChart, (chartTemplates.get(reading.helmChart) ?? 0) + 1);
    }
    return { name, engine: "files", resources: readings.flatMap((reading) => reading.resources), suppressions: readings.flatMap((reading) => reading.suppressions) };
  };

  const units: Unit[] = [];
  const claimed = new Set<string>();
  for (const root of roots) {
    const under = found.filter((path) => path.startsWith(root + sep) && !claimed.has(path));
    for (const path of under) claimed.add(path);
    const files: RepositoryFile[] = under.map((path) => ({ path, relative: relative(root, path).split(sep).join("/"), template: templates.has(path) }));
    // A stack's assets are cdktf's copies of the project's files (a Dockerfile): checked from above cdktf.out, twice.
    const checked = files.filter((file) => !isCdktfOutput(file.relative)).map((file) => file.path);
    const read = withoutIncluded(
      checked.flatMap((path) => {
        const reading = readFile(path, false);
        return reading === undefined ? [] : [{ path, reading }];
      }),
    );
    const included = new Set(read.flatMap(({ reading }) => reading.included ?? []));
    // `docker compose build` reads the Dockerfile a build names whatever its name (`dockerfile: Dockerfile-prod`).
    const readPaths = new Set(read.map((file) => file.path));
    const unread = new Set(checked.filter((path) => !readPaths.has(path)));
    const built = dockerfilesBuilt(read);
    for (const path of built) {
      const reading = unread.has(path) ? readFile(path, false, dockerfileFormat) : undefined;
      if (reading !== undefined) read.push({ path, reading });
    }
    const readings = asComposeBuildsThem(read);
    const repositoryFiles = files.map((file) => (built.has(file.path) ? { ...file, builtDockerfile: true } : included.has(file.path) ? { ...file, includedCompose: true } : file));
    readings.push(readRepository(root, displayPath(root), repositoryFiles, readText));
    units.push(unitOf(displayPath(root), readings));
  }
  // A file given by name that Terraform reads (a .tf, a plan) is not in `found`.
  const foundSet = new Set(found);
  for (const path of givenFiles) {
    if (claimed.has(path) || !foundSet.has(path)) continue;
    const reading = readFile(path, true);
    if (reading !== undefined) units.push(unitOf(displayPath(path), [reading]));
  }
  for (const [chart, templates] of chartTemplates) diagnostics.push(helmChartNotice(chart, templates));
  return { units: units.filter((unit) => unit.resources.length > 0), diagnostics, files: new Set(texts.keys()) };
}

/**
 * A file CDKTF's synth copied into a stack's assets, what follows its content hash: `cloud.yaml` of
 * `cdktf.out/stacks/web/assets/cloud_init/FB81…/cloud.yaml`, `scripts/init.sh` within a directory's asset.
 */
const CDKTF_ASSET_COPY = /[\\/]cdktf\.out[\\/]stacks[\\/][^\\/]+[\\/]assets[\\/][^\\/]+[\\/][^\\/]+[\\/](.+)$/;

/**
 * Of files that are copies in CDKTF assets, the project's files they copy, among those found. Synth records no
 * asset's source (its manifest and the stack's `"//"` metadata name none; the hash is of the content alone), so an
 * original is told only where it is certain: the one file found outside cdktf.out whose path ends as the copy's
 * does and whose bytes are the copy's. A file edited since synth is not what the stack deploys.
 */
function cdktfAssetOriginals(paths: Iterable<string>, found: readonly string[]): string[] {
  const bytesOf = (path: string): Buffer | undefined => {
    try {
      return readFileSync(path);
    } catch {
      // Unreadable, it is no certain original; the files adapter says so where it reads it.
      return undefined;
    }
  };
  return [...paths].flatMap((path) => {
    const copied = CDKTF_ASSET_COPY.exec(path)?.[1];
    const bytes = copied === undefined ? undefined : bytesOf(path);
    if (copied === undefined || bytes === undefined) return [];
    const ending = sep + copied.split(/[\\/]/).join(sep);
    const originals = found.filter((each) => each.endsWith(ending) && !isCdktfOutput(each) && bytesOf(each)?.equals(bytes));
    return originals.length === 1 ? originals : [];
  });
}

/**
 * The readings without those of the files a compose file's `include` brings in, which are judged in its reading:
 * found on their own too, they would be judged twice. Of files that include each other, the first stands for the rest.
 */
function withoutIncluded(read: readonly ReadingOf[]): ReadingOf[] {
  const includedByAny = new Set(read.flatMap(({ reading }) => reading.included ?? []));
  const covered = new Set<string>();
  const kept = new Set<ReadingOf>();
  for (const file of [...read.filter(({ path }) => !includedByAny.has(path)), ...read.filter(({ path }) => includedByAny.has(path))]) {
    if (covered.has(file.path)) continue;
    kept.add(file);
    for (const path of file.reading.included ?? []) covered.add(path);
  }
  return read.filter((file) => kept.has(file));
}
