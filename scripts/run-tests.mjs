#!/usr/bin/env node
// Runs every package's tests through turbo and the repository's own checks of what would be published
// (scripts/package-files.mjs) and the install test (scripts/install-test.mjs: the packages from a local registry in
// fresh Medusa apps), then sums their JSON reports (vitest, jest and those scripts write the same shape) and ends
// with one line: "N passed, N failed". Exits non-zero on any failure, or when a suite wrote no report (its build or
// its runner broke), which counts as one failure.
//
// With arguments (e.g. --filter=@mixpay-pos/core), only turbo's tests run, with those arguments.
// --skip-install-test leaves the install test out (it takes several minutes and needs the npm registry).
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { runTurbo } from "./turbo.mjs";

const root = new URL("..", import.meta.url).pathname;
const skipInstallTest = process.argv.includes("--skip-install-test");
const extra = process.argv.slice(2).filter((a) => a !== "--skip-install-test");

function workspacePackages() {
  const out = [];
  for (const group of ["packages", "apps"]) {
    const dir = join(root, group);
    if (!existsSync(dir)) continue;
    for (const name of readdirSync(dir)) {
      const pkgFile = join(dir, name, "package.json");
      if (!existsSync(pkgFile)) continue;
      const pkg = JSON.parse(readFileSync(pkgFile, "utf8"));
      if (pkg.scripts?.test) out.push({ name: pkg.name, dir: join(dir, name) });
    }
  }
  return out;
}

const packages = workspacePackages();
for (const p of packages) rmSync(join(p.dir, ".reports"), { recursive: true, force: true });

// The repository's own suites: a script each, run after turbo has built every package.
const rootSuites =
  extra.length > 0
    ? []
    : [
        { name: "package files", script: "package-files.mjs" },
        ...(skipInstallTest ? [] : [{ name: "install test", script: "install-test.mjs" }]),
      ].map((s) => ({ ...s, reportDir: join(root, ".reports", s.script.replace(/\.mjs$/, "")) }));
for (const s of rootSuites) rmSync(s.reportDir, { recursive: true, force: true });

// The sandbox's suites (fault suites with p95 bounds, browser tests asserting what shows within a second) get the
// machine to themselves. The other packages' tests run while the install test (about 10 minutes of npm installs and
// Medusa builds outside the workspace) works at the lowest CPU and I/O priority (nice 19, idle I/O class): it takes
// the cycles those tests leave idle while they wait on PostgreSQL and HTTP, so their own bounds (the plugin's "a
// callback completes the sale within 3 s") see next to no difference, and a run takes minutes less on 2 cores.
// The example storefront's browser tests start a whole sandbox too, and wait on what the screen shows.
const TIMED_PACKAGES = ["@mixpay-pos/sandbox", "@mixpay-pos/storefront-example"];
const LOW_PRIORITY =
  existsSync("/usr/bin/nice") && existsSync("/usr/bin/ionice")
    ? ["/usr/bin/nice", "-n", "19", "/usr/bin/ionice", "-c", "3"]
    : [];

function runRootSuite(s, { background = false } = {}) {
  const args = [join(root, "scripts", s.script), "--report", join(s.reportDir, "report.json")];
  if (!background) {
    console.log(`\n${s.name}: scripts/${s.script}`);
    return Promise.resolve(spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" }).status);
  }
  // Beside turbo: its output goes to a log, printed whole when it ends, so the two never interleave.
  mkdirSync(s.reportDir, { recursive: true });
  const log = join(s.reportDir, "output.log");
  const out = openSync(log, "w");
  console.log(
    `\n${s.name}: scripts/${s.script}, at low priority beside the other packages' tests (its output follows)`,
  );
  const [cmd, ...pre] = [...LOW_PRIORITY, process.execPath];
  const child = spawn(cmd, [...pre, ...args], { cwd: root, stdio: ["ignore", out, out] });
  return new Promise((resolve) => {
    child.on("error", () => resolve(1));
    child.on("exit", (code) => {
      closeSync(out);
      console.log(`\n${s.name}: scripts/${s.script}\n${readFileSync(log, "utf8")}`);
      resolve(code ?? 1);
    });
  });
}

const turboArgs = ["--continue", "--concurrency=1", "--output-logs=full"];
let turboStatus = 0;
if (rootSuites.length === 0) {
  turboStatus = runTurbo(["run", "test", ...turboArgs, ...extra]).status ?? 1;
} else {
  // 1. Build everything once (the test tasks below find it in turbo's cache).
  const build = runTurbo(["run", "build", "--output-logs=errors-only"]).status ?? 1;
  // 2. The root suites in order; when one fails the later ones are not run (the install test would publish what
  //    failed the checks), and each counts as one failure for want of a report. The install test starts in the
  //    background and runs while 3. does.
  let background = Promise.resolve(0);
  for (const s of rootSuites) {
    if (build !== 0) break;
    const last = s === rootSuites[rootSuites.length - 1];
    const running = runRootSuite(s, { background: last && s.script === "install-test.mjs" });
    if (last) {
      background = running;
      break;
    }
    if ((await running) !== 0) {
      const rest = rootSuites.slice(rootSuites.indexOf(s) + 1).map((r) => r.name);
      if (rest.length > 0) console.log(`not run after ${s.name} failed: ${rest.join(", ")}`);
      break;
    }
  }
  // 3. The untimed packages' tests, then (the install test finished) the timed ones with the machine to themselves.
  const notTimed = TIMED_PACKAGES.map((name) => `--filter=!${name}`);
  const first = runTurbo(["run", "test", ...turboArgs, ...notTimed]).status ?? 1;
  await background;
  const timed = TIMED_PACKAGES.map((name) => `--filter=${name}`);
  const second = runTurbo(["run", "test", ...turboArgs, ...timed]).status ?? 1;
  turboStatus = build !== 0 ? build : first !== 0 ? first : second;
}

let passed = 0;
let failed = 0;
let skipped = 0;
const rows = [];
for (const p of [...packages, ...rootSuites]) {
  const reportDir = p.reportDir ?? join(p.dir, ".reports");
  const reports = existsSync(reportDir) ? readdirSync(reportDir).filter((f) => f.endsWith(".json")) : [];
  if (reports.length === 0) {
    failed += 1;
    rows.push([p.name, "-", "1 (no report: build or test runner failed)", "-"]);
    continue;
  }
  let pp = 0;
  let pf = 0;
  let ps = 0;
  for (const file of reports) {
    const report = JSON.parse(readFileSync(join(reportDir, file), "utf8"));
    pp += report.numPassedTests ?? 0;
    pf += report.numFailedTests ?? 0;
    ps += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    // A test file that failed to load has no failed test in it: count the file.
    for (const suite of report.testResults ?? []) {
      const failedInside = (suite.assertionResults ?? []).some((a) => a.status === "failed");
      if (suite.status === "failed" && !failedInside) pf += 1;
    }
  }
  passed += pp;
  failed += pf;
  skipped += ps;
  rows.push([p.name, String(pp), String(pf), String(ps)]);
}

const widths = [0, 1, 2, 3].map((i) =>
  Math.max(...[["package", "passed", "failed", "skipped"], ...rows].map((r) => r[i].length)),
);
const line = (r) => r.map((c, i) => c.padEnd(widths[i])).join("  ");
console.log("");
console.log(line(["package", "passed", "failed", "skipped"]));
for (const r of rows) console.log(line(r));
console.log("");
if (turboStatus !== 0 && failed === 0) failed = 1; // turbo failed outside any test (e.g. a build)
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || turboStatus !== 0 ? 1 : 0);
