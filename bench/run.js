#!/usr/bin/env node
/**
 * Runs every benchmark in bench/, prints a summary and writes bench/RESULTS.md (the machine, the code measured,
 * the commands, best / median / min-max of the measured runs, the targets and whether each is met). With --only,
 * the sections of the other benchmarks are kept from the file as it was.
 *
 *   node bench/run.js [--runs N] [--only NAME[,NAME]] [--no-write] [--fail-on-miss]
 *
 * Exit code 2 when a benchmark could not run (its section keeps the last measurement; the file is not written when
 * none ran), else 1 with --fail-on-miss when a target is missed.
 *
 * `npm run bench` builds first (`npm run build && node bench/run.js`); run `npx tsc -p tsconfig.build.json`
 * yourself before `node bench/run.js` otherwise.
 *
 * A benchmark is any `bench/*.js` other than this file, `generate-*.js` and `_*.js`:
 * - one that exports `run(options)` (sync or async) is required and called with `{ runs }` when --runs is given;
 *   it returns `{ name, title, commands, input, runs, metrics, targets, split?, notes }` (see bench/terraform.js);
 * - any other is run as `node bench/<file>` and what it prints goes into the results as it is.
 */
"use strict";

const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const BENCH_DIR = __dirname;
const ROOT = path.resolve(BENCH_DIR, "..");
const RESULTS = path.join(BENCH_DIR, "RESULTS.md");

function parseArguments(argv) {
  const options = { write: true, failOnMiss: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--runs") options.runs = Number(argv[++i]);
    else if (arg === "--only") options.only = argv[++i].split(",");
    else if (arg === "--no-write") options.write = false;
    else if (arg === "--fail-on-miss") options.failOnMiss = true;
    else throw new Error(`unknown option ${arg}`);
  }
  return options;
}

function benchmarks(only) {
  return fs
    .readdirSync(BENCH_DIR)
    .filter((name) => name.endsWith(".js") && name !== "run.js" && !name.startsWith("generate-") && !name.startsWith("_"))
    .filter((name) => only === undefined || only.includes(name.replace(/\.js$/, "")))
    .sort();
}

/** Whether a script exports run(): read, not required, so a script that only prints is not started twice. */
function exportsRun(file) {
  const text = fs.readFileSync(file, "utf8");
  return /\bexports\.run\s*=|module\.exports\s*=\s*\{[^}]*\brun\b/.test(text);
}

function git(args) {
  try {
    return execFileSync("git", args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trimEnd();
  } catch {
    return undefined;
  }
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model?.trim() ?? "unknown",
    cores: cpus.length,
    memoryGb: os.totalmem() / 1024 ** 3,
    node: process.version,
    v8: process.versions.v8,
    os: `${os.type()} ${os.release()} (${os.platform()}/${os.arch()})`,
    load: os.loadavg(),
  };
}

function code() {
  const dirty = git(["status", "--porcelain", "--", "src"]);
  const built = fs.existsSync(path.join(ROOT, "dist", "cli", "check.js")) ? fs.statSync(path.join(ROOT, "dist", "cli", "check.js")).mtime : undefined;
  return {
    commit: git(["rev-parse", "--short", "HEAD"]),
    subject: git(["log", "-1", "--format=%s"])?.slice(0, 100),
    dirtySrc: dirty ? dirty.split("\n").map((line) => line.slice(3)) : [],
    built: built?.toISOString(),
  };
}

// ---------------------------------------------------------------- formatting

const fixed = (value, digits) => (typeof value === "number" && Number.isFinite(value) ? value.toFixed(digits) : "–");

function metricRow(entry) {
  const f = (value) => fixed(value, entry.digits);
  return `| ${entry.label} | ${f(entry.best)} | ${f(entry.median)} | ${f(entry.min)}–${f(entry.max)} | ${entry.unit} |`;
}

function targetRow(target) {
  const verdict = target.met ? "**met**" : "**not met**";
  return `| ${target.label} | ${target.stat} ${fixed(target.actual, 2)} | ${fixed(target.best, 2)} (${target.bestMet ? "met" : "not met"}) | ${verdict} |`;
}

/** One benchmark's section, between markers so a later `--only` run can replace it and keep the others. */
function section(result, info, finished) {
  const out = [];
  const push = (...lines) => out.push(...lines);
  push(`<!-- bench:${result.name} -->`, `## ${result.title ?? result.name}`, "");
  push(
    `Measured ${finished.toISOString().slice(0, 16).replace("T", " ")} UTC at commit \`${info.code.commit ?? "?"}\`, load average ${info.machine.load.map((v) => v.toFixed(2)).join(", ")} → ${info.loadEnd.map((v) => v.toFixed(2)).join(", ")}.`,
    "",
  );
  if (result.commands?.length) push("```sh", ...result.commands, "```", "");
  if (result.printed !== undefined) {
    push("```", result.printed.trimEnd(), "```");
  } else if (result.error) {
    push(`Failed: \`${result.error}\``);
  } else {
    const input = result.input;
    if (input) {
      push(
        `Input: ${input.description}; ${input.files} files, ${(input.bytes / 1e6).toFixed(2)} MB, ${input.resources} resources (${input.bytesPerResource.toFixed(0)} bytes per resource); ` +
          `profile \`${input.profile}\`: ${input.findings} findings, ${input.diagnostics} diagnostics, exit code ${input.exitCode}.` +
          (input.goParser ? ` Go parser: ${input.goParser}.` : "") +
          (input.largeFile ? ` Large file: ${input.largeFile}.` : ""),
        "",
      );
    }
    if (result.runs) {
      push(
        `${result.runs.measured} measured runs after ${result.runs.warmup} warm-up. Best is the best measured run (highest throughput, lowest time or memory), then the median and the spread of the measured runs.`,
        "",
      );
    }
    if (result.metrics?.length) push("| Metric | Best | Median | Min–max | Unit |", "| --- | --- | --- | --- | --- |", ...result.metrics.map(metricRow), "");
    if (result.targets?.length) push("### Targets", "", "| Target | Judged on | Best run | Verdict |", "| --- | --- | --- | --- |", ...result.targets.map(targetRow), "");
    if (result.split?.length) {
      push(
        "### Where the end-to-end time goes",
        "",
        "| Phase | Wall ms | Share | CPU ms | Share | Calls |",
        "| --- | --- | --- | --- | --- | --- |",
        ...result.split.map((phase) => `| ${phase.phase} | ${fixed(phase.ms, 0)} | ${fixed(phase.share * 100, 1)}% | ${fixed(phase.cpuMs, 0)} | ${fixed(phase.cpuShare * 100, 1)}% | ${phase.calls ?? ""} |`),
        "",
      );
    }
    if (result.notes?.length) push(...result.notes.map((note) => `- ${note}`));
  }
  push(`<!-- /bench:${result.name} -->`);
  return out.join("\n");
}

/** Sections of an earlier RESULTS.md, by benchmark name. */
function previousSections(text) {
  const sections = new Map();
  for (const match of text.matchAll(/<!-- bench:([\w.-]+) -->[\s\S]*?<!-- \/bench:\1 -->/g)) sections.set(match[1], match[0]);
  return sections;
}

/** The benchmarks of this run that could not run, and whether an earlier run's section stands in for each. */
function failedNote(results, previous) {
  const failed = results.filter((result) => result.error);
  if (failed.length === 0) return "";
  const said = failed.map((result) => `${result.name} (${previous.has(result.name) ? "its section is from an earlier run" : "no section"})`);
  return `; could not run: ${said.join(", ")}`;
}

function markdown(results, info, started, finished, options, previous) {
  const m = info.machine;
  const header = [
    "# Benchmark results",
    "",
    `Written by \`node bench/run.js\` (\`npm run bench\`); last run ${finished.toISOString().slice(0, 16).replace("T", " ")} UTC, ${((finished - started) / 1000).toFixed(0)} s${options.only ? `, only ${options.only.join(", ")}${[...previous.keys()].some((name) => !options.only.includes(name)) ? " (the other sections are from earlier runs)" : ""}` : ""}${failedNote(results, previous)}. Rerun it rather than editing this file.`,
    "",
    "## Machine",
    "",
    "| CPU | Cores | Memory | Node.js (V8) | OS |",
    "| --- | --- | --- | --- | --- |",
    `| ${m.cpu} | ${m.cores} | ${m.memoryGb.toFixed(1)} GB | ${m.node} (${m.v8}) | ${m.os} |`,
    "",
    "Each section gives the load average (1, 5 and 15 minutes) at its start and end: above the core count, other work shared the CPUs and wall-clock numbers are pessimistic; the CPU-time ones are the steadier guide.",
    "",
    "## Code measured",
    "",
    `- commit \`${info.code.commit ?? "?"}\`${info.code.subject ? ` (${info.code.subject}…)` : ""}, \`dist/\` built at ${info.code.built ?? "?"}`,
    info.code.dirtySrc.length > 0
      ? `- uncommitted changes under \`src/\` when it ran (other work in progress, part of the build): ${info.code.dirtySrc.map((file) => `\`${file}\``).join(", ")}`
      : "- no uncommitted changes under `src/`",
    "",
    "## Commands",
    "",
    "```sh",
    "npm run bench                            # npm run build && node bench/run.js",
    `node bench/run.js${options.runs ? ` --runs ${options.runs}` : ""}${options.only ? ` --only ${options.only.join(",")}` : ""}   # what last wrote this file, over the built dist/`,
    "```",
  ];
  // A benchmark that could not run leaves its last measurement in place: a failure measures nothing.
  const fresh = new Map(results.filter((result) => !result.error).map((result) => [result.name, section(result, info, finished)]));
  const names = [...new Set([...previous.keys(), ...fresh.keys()])].sort();
  const sections = names.map((name) => fresh.get(name) ?? previous.get(name));
  return `${[...header, "", ...sections.flatMap((text) => [text, ""])].join("\n").trimEnd()}\n`;
}

function summary(results) {
  const lines = [];
  for (const result of results) {
    lines.push(`== ${result.title ?? result.name}`);
    if (result.printed !== undefined) {
      lines.push(result.printed.trimEnd());
      continue;
    }
    if (result.error) {
      lines.push(`failed: ${result.error}`);
      continue;
    }
    lines.push(`   ${"metric".padEnd(60)} ${"best".padStart(9)} ${"median".padStart(9)}  min-max`);
    for (const entry of result.metrics ?? []) {
      const f = (value) => fixed(value, entry.digits);
      lines.push(`   ${entry.label.slice(0, 60).padEnd(60)} ${f(entry.best).padStart(9)} ${f(entry.median).padStart(9)}  ${f(entry.min)}-${f(entry.max)} ${entry.unit}`);
    }
    for (const target of result.targets ?? []) lines.push(`   target: ${target.label}: ${target.stat} ${fixed(target.actual, 2)}, best ${fixed(target.best, 2)} -> ${target.met ? "met" : "NOT met"}`);
    if (result.split) {
      lines.push("   time split (median CPU ms, share):");
      for (const phase of result.split) lines.push(`     ${phase.phase.padEnd(58)} ${fixed(phase.cpuMs, 0).padStart(6)} ms ${fixed(phase.cpuShare * 100, 1).padStart(5)}%`);
    }
  }
  return lines.join("\n");
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const started = new Date();
  const info = { machine: machine(), code: code() };
  const results = [];
  for (const name of benchmarks(options.only)) {
    const file = path.join(BENCH_DIR, name);
    process.stderr.write(`bench: ${name}\n`);
    try {
      if (exportsRun(file)) {
        const result = await require(file).run(options.runs === undefined ? {} : { runs: options.runs });
        results.push({ name: name.replace(/\.js$/, ""), ...result });
      } else {
        const printed = execFileSync(process.execPath, [file], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, stdio: ["ignore", "pipe", "inherit"] });
        results.push({ name: name.replace(/\.js$/, ""), title: name, printed });
      }
    } catch (error) {
      results.push({ name: name.replace(/\.js$/, ""), title: name, error: String(error?.message ?? error).split("\n")[0] });
    }
  }
  info.loadEnd = os.loadavg();
  const finished = new Date();
  console.log(summary(results));
  const failed = results.filter((result) => result.error);
  if (failed.length === results.length) {
    // Nothing measured: the file keeps describing the run that did measure.
    console.error(`\nnot written: ${failed.map((result) => result.name).join(", ")} could not run`);
  } else if (options.write) {
    // A partial run (--only) keeps the other benchmarks' sections from the last full run; any run keeps the section
    // of one that failed.
    const written = fs.existsSync(RESULTS) ? previousSections(fs.readFileSync(RESULTS, "utf8")) : new Map();
    const previous = new Map([...written].filter(([name]) => options.only || failed.some((result) => result.name === name)));
    fs.writeFileSync(RESULTS, markdown(results, info, started, finished, options, previous));
    console.log(`\nwrote ${path.relative(process.cwd(), RESULTS) || RESULTS}`);
  }
  const missed = results.some((result) => (result.targets ?? []).some((target) => !target.met));
  if (failed.length > 0) process.exitCode = 2;
  else if (missed && options.failOnMiss) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(2);
});
