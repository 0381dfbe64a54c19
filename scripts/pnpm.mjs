#!/usr/bin/env node
// Runs the pnpm version pinned in package.json's "packageManager", so a machine with only Node and npm
// can use the repo: `node scripts/pnpm.mjs <args>` behaves like `pnpm <args>`.
// `node scripts/pnpm.mjs ensure` installs dependencies when node_modules is missing or older than the lockfile.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pinned = JSON.parse(readFileSync(join(root, "package.json"), "utf8")).packageManager; // "pnpm@10.x.y"
const version = pinned.split("@")[1];

function pnpmCommand() {
  // After the first install the pinned pnpm is a root devDependency (turbo needs a pnpm binary on PATH too).
  const local = join(root, "node_modules", ".bin", "pnpm");
  if (existsSync(local)) return [local, []];
  const found = spawnSync("pnpm", ["--version"], { encoding: "utf8", shell: false });
  if (found.status === 0 && found.stdout.trim() === version) return ["pnpm", []];
  return ["npx", ["--yes", pinned]];
}

function run(args) {
  const [cmd, pre] = pnpmCommand();
  const result = spawnSync(cmd, [...pre, ...args], { cwd: root, stdio: "inherit" });
  return result.status ?? 1;
}

function installed() {
  const marker = join(root, "node_modules", ".modules.yaml");
  if (!existsSync(marker)) return false;
  return statSync(marker).mtimeMs >= statSync(join(root, "pnpm-lock.yaml")).mtimeMs;
}

const args = process.argv.slice(2);
if (args[0] === "ensure") {
  if (installed()) process.exit(0);
  const frozen = process.env.CI ? ["--frozen-lockfile"] : [];
  process.exit(run(["install", ...frozen]));
}
process.exit(run(args));
