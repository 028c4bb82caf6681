/**
 * Where the program declared a resource. The SDK's own source position is the frame just below the resource
 * constructors, which for a resource a library makes (`aws.lambda.CallbackFunction`, `bucket.onObjectCreated`,
 * awsx components) is a line of that library: a file outside the project.
 */
import { fileURLToPath } from "url";
import type { CollectedResource } from "./protocol";
import { originalPosition } from "./transpile";

interface Position {
  getUri(): string;
  getLine(): number;
  getColumn(): number;
}

/** The parts of the SDK's RegisterResourceRequest that say where the resource was declared. */
export interface DeclarationRequest {
  getSourceposition(): Position | undefined;
  /** The calling frames, innermost first, from the SDK's source position on; a frame without a file has none. */
  getStacktrace(): { getFramesList(): { getPc(): Position | undefined }[] } | undefined;
}

function fileOf(position: Position): string {
  const uri = position.getUri();
  return uri.startsWith("file:") ? fileURLToPath(uri) : uri;
}

/** Installed packages are not the project's code, however deep the program's call into them. */
export function isInstalledPackage(file: string): boolean {
  return file.split(/[\\/]/).includes("node_modules");
}

/** A frame's position as the SDK reads it: `exec(frame)?.groups` holding file, line and column. */
export type FramePattern = Pick<RegExp, "exec">;

/** V8's frame of an anonymous function (a callback: `.then((zones) => …)`), `at file:line:column`, `at async …` awaiting. */
const ANONYMOUS_FRAME = /^\s*at (?:async )?(?<file>[^()]*):(?<line>[0-9]+):(?<column>[0-9]+)$/;

/**
 * The SDK's frame pattern (its `Resource.framePositionRegExp`) reads only a named function's frame,
 * `at name (file:line:column)`, leaving a resource declared in a callback with no frame in the program.
 */
export function withAnonymousFrames(named: FramePattern): FramePattern {
  return { exec: (frame) => named.exec(frame) ?? ANONYMOUS_FRAME.exec(frame) };
}

/** The innermost calling frame in the project's own files; the SDK's position when there is none (a resource made inside a package, on its own). */
export function declaredAt(request: DeclarationRequest): CollectedResource["source"] {
  const frames = (request.getStacktrace()?.getFramesList() ?? []).map((frame) => frame.getPc());
  const inProject = frames.find((position) => position !== undefined && position.getUri() !== "" && !isInstalledPackage(fileOf(position)));
  const position = inProject ?? request.getSourceposition();
  if (!position || !position.getUri()) return undefined;
  const file = fileOf(position);
  return { file, ...originalPosition(file, position.getLine(), position.getColumn()) };
}
