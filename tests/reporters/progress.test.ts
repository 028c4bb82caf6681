import { createProgress, type ProgressStream } from "../../src/cli/progress";

const CLEAR = "\r\u001b[2K";

/** A terminal that records writes, and a clock the test moves. */
function setup(stream: Partial<ProgressStream> = { isTTY: true }) {
  const writes: string[] = [];
  let time = 5_000;
  const progress = createProgress({ ...stream, write: (text) => writes.push(text) > 0 }, () => time);
  return { writes, progress, at: (ms: number) => (time = 5_000 + ms) };
}

test("shows nothing during the first second, so quick runs stay quiet", () => {
  const { writes, progress, at } = setup();
  for (const ms of [0, 500, 999]) {
    at(ms);
    progress.update(1, 10, "main.tf");
  }
  progress.finish();
  expect(writes).toEqual([]);
});

test("then rewrites one line at most ten times a second, and erases it on finish", () => {
  const { writes, progress, at } = setup();
  at(1000);
  progress.update(3, 10, "infra/main.tf");
  at(1050);
  progress.update(4, 10, "infra/db.tf");
  at(1100);
  progress.update(5, 10, "infra/logs.tf");
  progress.finish();
  expect(writes).toEqual([`${CLEAR}3/10 infra/main.tf`, `${CLEAR}5/10 infra/logs.tf`, CLEAR]);
});

test("nothing after finish, and finish twice erases once", () => {
  const { writes, progress, at } = setup();
  at(2000);
  progress.update(1, 2, "a.tf");
  progress.finish();
  at(3000);
  progress.update(2, 2, "b.tf");
  progress.finish();
  expect(writes).toEqual([`${CLEAR}1/2 a.tf`, CLEAR]);
});

test("a label cannot break the line: control characters are replaced and the line fits the terminal", () => {
  const { writes, progress, at } = setup({ isTTY: true, columns: 20 });
  at(1000);
  progress.update(1, 2, "we\nird\u001b[2J/and/a/very/long/path.tf");
  // One column short of the width: a line that fills the last column wraps on some terminals.
  expect(writes).toEqual([`${CLEAR}1/2 we?ird?[2J/and/`]);
});

test("does nothing when the stream is not a terminal", () => {
  for (const stream of [{}, { isTTY: false }]) {
    const { writes, progress, at } = setup(stream);
    at(5000);
    progress.update(1, 2, "main.tf");
    progress.finish();
    expect(writes).toEqual([]);
  }
});
