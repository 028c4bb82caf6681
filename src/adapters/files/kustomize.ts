/**
 * What the kustomizations of a checked tree do to the manifests they build, as far as the Kubernetes rules are
 * concerned: the files they merge on as patches are fragments, not manifests, and the `images:` overrides of
 * every kustomization that builds a manifest decide the images it deploys.
 */
import { basename, dirname, resolve } from "path";
import { yaml } from "../../yaml-library";
import { getOrAdd } from "../../collections";
import type { Diagnostic } from "../../model/diagnostic";
import { isRecord, isUnknown, UNKNOWN, type Resource, type Unknown } from "../../model/resource";
import { ALL_CONTAINERS, podSpec } from "../../rules/pods";
import { displayPath } from "../source";
import { templateIn, templateNotice } from "./kubernetes";
import { documentData, reportDuplicateKeys, YAML_OPTIONS } from "./yaml";

/** The file names `kustomize build` looks for in a directory. */
const KUSTOMIZATION_FILES = new Set(["kustomization.yaml", "kustomization.yml", "Kustomization"]);

export function isKustomizationName(baseName: string): boolean {
  return KUSTOMIZATION_FILES.has(baseName);
}

/** One `images:` entry, as written: `name` is matched, the rest replaces. */
type ImageOverride = Record<string, unknown>;

/** The `images:` lists met on the way from a manifest up to what is built, innermost first. */
type ImageChain = (ImageOverride[] | Unknown)[];

interface Kustomization {
  isComponent: boolean;
  /** Absolute paths of `resources:` (and the older `bases:`): manifest files, or directories of kustomizations. */
  resources: string[];
  /** Absolute paths of the component directories. */
  components: string[];
  /** Unknown for a template: what its rendering does to images is not known here. */
  images: ImageOverride[] | Unknown;
  /** Absolute paths of the patch files. */
  patches: string[];
}

export interface Kustomizations {
  /** Files a kustomization merges onto its resources as patches: a fragment of an object, not one to judge. */
  patches: ReadonlySet<string>;
  /** The manifest's workloads with the images the kustomizations that build it deploy. */
  withImages(path: string, workloads: Resource[]): Resource[];
  /** Kustomizations that are not YAML `kustomize build` reads, each at its first problem; a template's notice. */
  diagnostics: Diagnostic[];
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : []);

const records = (value: unknown): Record<string, unknown>[] => (Array.isArray(value) ? value.filter(isRecord) : []);

function readKustomization(path: string, text: string, diagnostics: Diagnostic[]): Kustomization | undefined {
  const lineCounter = new (yaml().LineCounter)();
  const document = yaml().parseDocument(text, { ...YAML_OPTIONS, lineCounter, prettyErrors: false });
  reportDuplicateKeys(document);
  const read = documentData(document);
  const template = templateIn(text);
  if (template !== undefined) {
    // Its rendering is what kustomize builds, as a manifest's is what is deployed: told once, not as YAML it breaks.
    const { line, col } = lineCounter.linePos(template);
    diagnostics.push({ severity: "notice", code: "input", message: templateNotice("read as a kustomization"), file: displayPath(path), line, column: col });
    return { isComponent: false, resources: [], components: [], images: UNKNOWN, patches: [] };
  }
  if ("problem" in read) {
    // `kustomize build` refuses it: it builds nothing for us to follow.
    const { line, col } = lineCounter.linePos(read.problem.offset);
    diagnostics.push({ severity: "error", code: "input", message: read.problem.message, file: displayPath(path), line, column: col });
    return undefined;
  }
  const value = read.data;
  if (!isRecord(value)) return undefined;
  const dir = dirname(path);
  const at = (relative: string) => resolve(dir, relative);
  const patchFiles = [
    // `patchesStrategicMerge` entries are file paths or, when they hold a newline, an inline patch.
    ...strings(value.patchesStrategicMerge).filter((entry) => !entry.includes("\n")),
    ...[value.patches, value.patchesJson6902].flatMap(records).flatMap((patch) => (typeof patch.path === "string" ? [patch.path] : [])),
  ];
  return {
    isComponent: value.kind === "Component",
    resources: [...strings(value.resources), ...strings(value.bases)].map(at),
    components: strings(value.components).map(at),
    images: records(value.images),
    patches: patchFiles.map(at),
  };
}

/**
 * The parts of an image reference kustomize tells apart: the name up to the tag (a `:` after the last `/`, so a
 * registry port stays in the name) or the digest (`@`).
 */
function splitImage(image: string): { name: string; tag?: string; digest?: string } {
  const at = image.indexOf("@");
  const beforeDigest = at === -1 ? image : image.slice(0, at);
  const digest = at === -1 ? undefined : image.slice(at + 1);
  const colon = beforeDigest.lastIndexOf(":");
  if (colon === -1 || colon < beforeDigest.lastIndexOf("/")) return { name: beforeDigest, digest };
  return { name: beforeDigest.slice(0, colon), tag: beforeDigest.slice(colon + 1), digest };
}

/**
 * The image after one `images:` entry, as kustomize's images transformer makes it: an entry whose `name` is the
 * image's name replaces the name with `newName`, and the tag and digest together with `newTag` and `digest` when
 * either is set. An entry kustomize would read differently (a tag written as a number, a field we do not model)
 * leaves the image unknown.
 */
function overridden(image: string, override: ImageOverride): string | Unknown {
  const parts = splitImage(image);
  if (override.name !== parts.name) return image;
  const { name: _matched, newName, newTag, digest, ...others } = override;
  const replacements = [newName, newTag, digest];
  if (Object.keys(others).length > 0 || replacements.some((value) => value !== undefined && typeof value !== "string")) return UNKNOWN;
  // Kustomize takes an empty string for a field not set.
  const replacesVersion = Boolean(newTag || digest);
  const tag = replacesVersion ? newTag : parts.tag;
  const pinned = replacesVersion ? digest : parts.digest;
  return `${newName || parts.name}${tag ? `:${tag}` : ""}${pinned ? `@${pinned}` : ""}`;
}

function throughChain(image: string, chain: ImageChain): string | Unknown {
  let result: string | Unknown = image;
  for (const images of chain) {
    if (isUnknown(images)) return UNKNOWN;
    for (const override of images) {
      if (typeof result !== "string") return result;
      result = overridden(result, override);
    }
  }
  return result;
}

/**
 * The kustomizations among `found` (absolute paths) and what they do to the manifests they build. Only the
 * kustomizations no other one builds on (nor components) are built: a base's own `images:` count only as part of
 * the overlays that include it.
 */
export function readKustomizations(found: readonly string[], readText: (path: string) => string | undefined): Kustomizations {
  const byDir = new Map<string, Kustomization>();
  const diagnostics: Diagnostic[] = [];
  for (const path of found) {
    if (!isKustomizationName(basename(path))) continue;
    const text = readText(path);
    const kustomization = text === undefined ? undefined : readKustomization(path, text, diagnostics);
    if (kustomization !== undefined) byDir.set(dirname(path), kustomization);
  }
  const included = new Set([...byDir.values()].flatMap((kustomization) => [...kustomization.resources, ...kustomization.components]));

  /** Every manifest `kustomization` builds, each with the image lists applied to it so far, in kustomize's order. */
  const accumulate = (kustomization: Kustomization, into: { path: string; chain: ImageChain }[], building: Set<Kustomization>): void => {
    // A cycle is refused by kustomize; here it only stops the walk.
    if (building.has(kustomization)) return;
    building.add(kustomization);
    for (const resource of kustomization.resources) {
      const base = byDir.get(resource);
      if (base === undefined) into.push({ path: resource, chain: [] });
      else accumulate(base, into, building);
    }
    // A component transforms everything accumulated before it; the kustomization's own transformers run last.
    for (const component of kustomization.components) {
      const added = byDir.get(component);
      if (added !== undefined) accumulate(added, into, building);
    }
    const { images } = kustomization;
    if (isUnknown(images) || images.length > 0) for (const entry of into) entry.chain.push(images);
    building.delete(kustomization);
  };

  const chainsOf = new Map<string, ImageChain[]>();
  for (const [dir, kustomization] of byDir) {
    if (included.has(dir) || kustomization.isComponent) continue;
    const built: { path: string; chain: ImageChain }[] = [];
    accumulate(kustomization, built, new Set());
    for (const { path, chain } of built) getOrAdd(chainsOf, path, () => []).push(chain);
  }

  /** The image every build of the file deploys; unknown when the builds disagree. */
  const imageOf = (image: string, chains: ImageChain[]): string | Unknown => {
    const results = new Set(chains.map((chain) => throughChain(image, chain)));
    return results.size === 1 ? [...results][0] : UNKNOWN;
  };

  return {
    diagnostics,
    patches: new Set([...byDir.values()].flatMap((kustomization) => kustomization.patches)),
    withImages(path, workloads) {
      const chains = chainsOf.get(path);
      if (chains === undefined || chains.every((chain) => chain.length === 0)) return workloads;
      return workloads.map((workload) => {
        const props = structuredClone(workload.props);
        const pod = podSpec(props);
        if (pod === undefined || "unknown" in pod) return workload;
        for (const list of ALL_CONTAINERS) {
          for (const container of records(pod.spec[list])) {
            if (typeof container.image === "string") container.image = imageOf(container.image, chains);
          }
        }
        return { ...workload, props };
      });
    },
  };
}
