/**
 * Scratch directories for tests that read real files: a new directory under the system's temporary directory, filled
 * from a map of relative paths to contents, and removed when the test is done with it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { dirname, join } from "path";

/** Contents by path relative to the directory (`/` between names); the directories on the way are created. */
export type Files = Record<string, string | Uint8Array>;

/** Writes `files` under `dir`, creating the directories they are in. */
export function writeFiles(dir: string, files: Files): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
}

/**
 * A new directory holding `files`, for a suite that keeps it across tests (beforeEach, beforeAll): remove it with
 * removeScratch. `name` is for the tests that read the directory's name: it is named `prodready-<name>-<random>`.
 */
export function createScratch(files: Files = {}, name = "scratch"): string {
  const dir = mkdtempSync(join(tmpdir(), `prodready-${name}-`));
  writeFiles(dir, files);
  return dir;
}

export function removeScratch(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Runs `use` on a new directory holding `files`, and removes the directory however `use` ends, a promise's too. */
export function withFiles<T>(files: Files, use: (dir: string) => T): T {
  const dir = createScratch(files);
  let result: T;
  try {
    result = use(dir);
  } catch (error) {
    removeScratch(dir);
    throw error;
  }
  // An async callback still reads the directory until its promise settles.
  if (result instanceof Promise) return result.finally(() => removeScratch(dir)) as T;
  removeScratch(dir);
  return result;
}
