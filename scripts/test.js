#!/usr/bin/env node
/**
 * `npm test` after the build: Jest, with the type-check of the whole tree (`tsc --noEmit`) beside it rather than
 * before it. The type-check runs on one core for about 40 s; before Jest, the second core sat idle all that time.
 * It runs at the lowest priority, so it only takes CPU that Jest's workers and the processes they start leave
 * idle: a check of a 50 MB file whose garbage collector is starved of CPU goes over its memory cap.
 * Arguments go to Jest. The exit code is the type-check's when it fails, else Jest's; its errors print after Jest.
 */
const { spawn } = require("child_process");
const { setPriority } = require("os");

const LOWEST_PRIORITY = 19;

/** Resolves to the child's exit code, or 1 when a signal ended it. */
function exited(child) {
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
}

async function main() {
  const typeCheck = spawn(process.execPath, [require.resolve("typescript/bin/tsc"), "--noEmit", "-p", "tsconfig.json"], { stdio: ["ignore", "pipe", "pipe"] });
  setPriority(typeCheck.pid, LOWEST_PRIORITY);
  const typeCheckOutput = [];
  typeCheck.stdout.on("data", (chunk) => typeCheckOutput.push(chunk));
  typeCheck.stderr.on("data", (chunk) => typeCheckOutput.push(chunk));
  const jest = spawn(process.execPath, [require.resolve("jest/bin/jest"), ...process.argv.slice(2)], { stdio: "inherit" });
  const [typeCheckCode, jestCode] = await Promise.all([exited(typeCheck), exited(jest)]);
  if (typeCheckCode !== 0) {
    process.stderr.write(`\ntsc --noEmit -p tsconfig.json failed (exit ${typeCheckCode}):\n${Buffer.concat(typeCheckOutput).toString()}`);
    return typeCheckCode;
  }
  return jestCode;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exitCode = 1;
  },
);
