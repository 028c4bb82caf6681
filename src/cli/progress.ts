/**
 * A one-line progress indicator for terminals. Quiet for the first second, so quick runs print nothing; then it
 * rewrites its line at most ten times a second, and erases it on finish so the report starts on a clean line.
 * Off when the stream is not a terminal: logs and pipes get no carriage returns.
 */

export interface ProgressStream {
  isTTY?: boolean;
  /** Terminal width; a line longer than it would wrap, and the rewrite would then only clear its last row. */
  columns?: number;
  write(text: string): boolean;
}

export interface Progress {
  update(done: number, total: number, label: string): void;
  finish(): void;
}

const QUIET_MS = 1000;
const INTERVAL_MS = 100;
/** Back to the line's start and erase it. */
const CLEAR_LINE = "\r\u001b[2K";
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export function createProgress(stream: ProgressStream, now: () => number = Date.now): Progress {
  if (!stream.isTTY) return { update() {}, finish() {} };
  const started = now();
  let drawnAt: number | undefined;
  let finished = false;
  return {
    update(done, total, label) {
      const time = now();
      if (finished || time - started < QUIET_MS || (drawnAt !== undefined && time - drawnAt < INTERVAL_MS)) return;
      // A label (a file name) with a line break or an escape would break the single line.
      const line = `${done}/${total} ${label.replace(CONTROL, "?")}`;
      // The last column stays free: filling it makes some terminals wrap.
      stream.write(CLEAR_LINE + (stream.columns ? line.slice(0, stream.columns - 1) : line));
      drawnAt = time;
    },
    finish() {
      if (drawnAt !== undefined && !finished) stream.write(CLEAR_LINE);
      finished = true;
    },
  };
}
