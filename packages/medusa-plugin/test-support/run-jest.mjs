#!/usr/bin/env node
// Runs the plugin's jest suites one after the other — unit, then integration:http against real PostgreSQL —
// each writing a JSON report to .reports/ for the repository's test summary. Exit code: non-zero if any failed.
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const here = join(import.meta.dirname, "..");
const jestBin = createRequire(import.meta.url).resolve("jest/bin/jest");

// PostgreSQL as the machines here run it (trust auth, user postgres); override with DB_* in the environment.
const env = {
  ...process.env,
  // "localhost", not 127.0.0.1: Medusa's test runner turns SSL on for any other host.
  DB_HOST: process.env.DB_HOST ?? "localhost",
  DB_PORT: process.env.DB_PORT ?? "5432",
  DB_USERNAME: process.env.DB_USERNAME ?? "postgres",
  DB_PASSWORD: process.env.DB_PASSWORD ?? "postgres",
  // The tests run reconciliation themselves, at the moments they choose; the scheduled job is switched off so it
  // cannot race them at a minute boundary.
  MIXPAY_RECONCILE_SCHEDULE: "off",
  // Medusa logs every migration and link sync at info; keep test output to what matters.
  LOG_LEVEL: process.env.LOG_LEVEL ?? "warn",
  NODE_OPTIONS: [process.env.NODE_OPTIONS, "--experimental-vm-modules"].filter(Boolean).join(" "),
};

// `run-jest.mjs [unit|integration:http …] [jest args, e.g. a test file pattern]`
const SUITES = ["unit", "integration:http"];
const args = process.argv.slice(2);
const only = args.filter((a) => SUITES.includes(a));
const jestArgs = args.filter((a) => !SUITES.includes(a));
const suites = SUITES.filter((s) => only.length === 0 || only.includes(s));
mkdirSync(join(here, ".reports"), { recursive: true });
let status = 0;
for (const suite of suites) {
  const report = join(here, ".reports", `jest-${suite.replace(":", "-")}.json`);
  const run = spawnSync(
    process.execPath,
    [jestBin, "--runInBand", "--forceExit", "--silent=false", "--json", `--outputFile=${report}`, ...jestArgs],
    { cwd: here, stdio: "inherit", env: { ...env, TEST_TYPE: suite } },
  );
  if (run.status !== 0) status = 1;
}
process.exit(status);
