#!/usr/bin/env node
// Runs turbo with an environment its pnpm tasks can use. When a root script is started through pnpm, pnpm 10
// exports `pnpm_config_verify_deps_before_run=false`; every nested `pnpm run` that turbo starts reads that string
// as true, checks the install state, and concurrent checks race on pnpm's state file ("Unexpected end of JSON
// input"). Dropping the variable (and putting the root's pnpm on PATH) gives each task a plain `pnpm run`.
import { spawnSync } from "node:child_process";
import { delimiter, join } from "node:path";

const root = join(import.meta.dirname, "..");

export function turboEnv(env = process.env) {
  const out = { ...env, TURBO_TELEMETRY_DISABLED: "1", DO_NOT_TRACK: "1" };
  for (const key of Object.keys(out)) {
    if (/^(pnpm|npm)_config_verify_deps_before_run$/i.test(key)) delete out[key];
  }
  out.PATH = `${join(root, "node_modules", ".bin")}${delimiter}${env.PATH ?? ""}`;
  return out;
}

export function runTurbo(args, options = {}) {
  return spawnSync(join(root, "node_modules", ".bin", "turbo"), args, {
    cwd: root,
    stdio: "inherit",
    env: turboEnv(),
    ...options,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exit(runTurbo(process.argv.slice(2)).status ?? 1);
}
