import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SimulatorServer } from "@mixpay-pos/simulator";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, freePort, medusaCommand, startEmbeddedPostgres, startMedusa } from "../scripts/stack.mjs";
import { type Sale, sandboxEnv, sleep, startTestSimulator, till } from "./till";

/**
 * Upgrading loses nothing. A shop runs the previous release (the last one before MixPay's 2026-08-13 lifecycle,
 * built from its commit in a temporary folder) and has payments open in every state when it upgrades: the new
 * release's migrations only add to the schema, and every payment opened under the earlier lifecycle still
 * completes into exactly one order, or still ends with none.
 */

/** The release this one upgrades from: the commit that landed before the 2026-08-13 lifecycle work. */
const PREVIOUS_RELEASE = "a4c198bbe51a9fdf3524023206776a0cee8f1c0c";

const REPO = join(import.meta.dirname, "..", "..", "..");
const dataDir = mkdtempSync(join(tmpdir(), "mixpay-upgrade-"));
const previousDir = join(dataDir, "previous");
const log = join(dataDir, "upgrade.log");

type Stack = { url: string; stop: () => Promise<void> };
type StackModule = {
  migrateAndSeed: (opts: { env: NodeJS.ProcessEnv; log: string; seedOut: string }) => Promise<{
    publishableKey: string;
    regions: Record<string, string>;
  }>;
  startMedusa: (opts: { port: number; env: NodeJS.ProcessEnv; log: string }) => Promise<Stack>;
  ensureBuilt: (log: string) => Promise<boolean>;
};

let simulator: SimulatorServer;
let db: pg.Client;
let pgStop: () => Promise<void>;
let env: NodeJS.ProcessEnv;
let medusa: Stack;
/** Every Medusa this test started: all are stopped at the end, even when a step failed before stopping its own. */
const started: Stack[] = [];
let medusaPort: number;
let publishableKey: string;
let regionId: string;
let columnsBefore: Map<string, string>;

const shop = till({
  medusaUrl: () => medusa.url,
  publishableKey: () => publishableKey,
  regionId: () => regionId,
  db: () => db,
  simulator: () => simulator,
});
const { createSale, ordersOf, capturesOf, recordOf, recorded, completed, act } = shop;

/** Runs a command in the previous release's folder; its output goes to the log. */
function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: previousDir, env: process.env, encoding: "utf8" });
  appendFileSync(log, `\n$ ${command} ${args.join(" ")}\n${result.stdout}\n${result.stderr}`);
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed in ${previousDir}:\n${result.stderr.slice(-2000)}`);
  }
}

/** The previous release, checked out from this repository's history, installed and built like a user would. */
async function buildPreviousRelease(): Promise<StackModule> {
  mkdirSync(previousDir, { recursive: true });
  const archive = execFileSync("git", ["-C", REPO, "archive", "--format=tar", PREVIOUS_RELEASE], {
    maxBuffer: 512 * 1024 * 1024,
  });
  execFileSync("tar", ["-x", "-C", previousDir], { input: archive });
  run(process.execPath, ["scripts/pnpm.mjs", "install", "--frozen-lockfile", "--prefer-offline"]);
  run(process.execPath, [
    "scripts/turbo.mjs",
    "run",
    "build",
    "--filter=@mixpay-pos/sandbox...",
    "--output-logs=errors-only",
  ]);
  const stack = (await import(join(previousDir, "apps", "sandbox", "scripts", "stack.mjs"))) as StackModule;
  await stack.ensureBuilt(log);
  return stack;
}

/** Every column of every table: what "migrations only add" is checked on. */
async function columns(): Promise<Map<string, string>> {
  const { rows } = await db.query(
    "select table_name, column_name, data_type, is_nullable from information_schema.columns where table_schema = 'public'",
  );
  return new Map(rows.map((r) => [`${r.table_name}.${r.column_name}`, `${r.data_type} ${r.is_nullable}`]));
}

/** The sales opened under the previous release, by the state they were left in when it stopped. */
const open: Record<string, Sale> = {};

beforeAll(async () => {
  writeFileSync(log, "");
  await ensureBuilt(log); // this release's build, which the shop upgrades to
  const previous = await buildPreviousRelease();
  const database = await startEmbeddedPostgres({ dataDir, port: await freePort(), log });
  pgStop = database.stop;
  // MixPay answers payments created before its 2026-08-13 release with the earlier lifecycle.
  simulator = await startTestSimulator(await freePort(), { lifecycle: "legacy" });
  medusaPort = await freePort();
  env = {
    ...sandboxEnv({ databaseUrl: database.url, medusaPort, simulatorUrl: simulator.url }),
    MIXPAY_API_BASE_URL: `${simulator.url}/v1`,
    MIXPAY_CHECKOUT_BASE_URL: simulator.url,
    // The previous release runs without its job, so what it leaves open stays open for the new one.
    MIXPAY_RECONCILE_SCHEDULE: "off",
  };
  const seed = await previous.migrateAndSeed({ env, log, seedOut: join(dataDir, "seed.json") });
  publishableKey = seed.publishableKey;
  regionId = seed.regions.usd;
  db = new pg.Client({ connectionString: database.url });
  await db.connect();
  medusa = await previous.startMedusa({ port: medusaPort, env, log });
  started.push(medusa);
}, 900_000);

afterAll(async () => {
  await db?.end();
  for (const stack of started) await stack.stop();
  await simulator?.close();
  await pgStop?.();
  if (!process.env.SANDBOX_E2E_KEEP) rmSync(dataDir, { recursive: true, force: true });
}, 60_000);

describe("upgrading from the previous release loses nothing", () => {
  it("the previous release takes payments in every state", async () => {
    for (const state of ["completed", "failed", "expired", "underpaid", "confirming", "auditing", "unpaid"]) {
      open[state] = await createSale(`opened before the upgrade: ${state}`, !["failed", "expired"].includes(state));
    }
    open.paidUnseen = await createSale("opened before the upgrade: paid, callback lost", true);
    act(open.completed, { action: "pay" });
    act(open.failed, { action: "fail" });
    act(open.expired, { action: "expire" });
    act(open.underpaid, { action: "underpay", amount: "2" });
    act(open.confirming, { action: "pay", hold: true });
    act(open.auditing, { action: "audit" });
    await completed(open.completed);
    expect(await recorded(open.failed, "failed")).toBeTruthy();
    expect(await recorded(open.expired, "expired")).toBeTruthy();
    expect(await recorded(open.underpaid, "underpaid")).toBeTruthy();
    // Paid while the callback is lost: only a check after the upgrade can find it.
    simulator.simulator.setFaults({ callbacks: "drop" });
    act(open.paidUnseen, { action: "pay" });
    await sleep(1000);
    expect(await recordOf(open.paidUnseen)).toMatchObject({ status: "unpaid" });
    columnsBefore = await columns();
    await medusa.stop();
    simulator.simulator.setFaults({ callbacks: "normal" });
  });

  it("the new release's migrations only add to the schema", async () => {
    await medusaCommand(["db:migrate"], { env, log });
    const after = await columns();
    const changed = [...columnsBefore].filter(([column, type]) => after.get(column) !== type);
    expect(changed).toEqual([]);
    for (const column of ["refund_due", "next_step", "failure_code", "confirmations", "payable_amount"]) {
      expect(after.has(`mixpay_payment.${column}`)).toBe(true);
    }
    // Records from before the upgrade owe nothing until a check says so.
    const { rows } = await db.query("select count(*)::int n from mixpay_payment where refund_due");
    expect(rows[0].n).toBe(0);
  });

  it("every payment opened before the upgrade completes, or ends, correctly on the new release", async () => {
    medusa = await startMedusa({ port: medusaPort, env: { ...env, MIXPAY_RECONCILE_SCHEDULE: "*/2 * * * * *" }, log });
    started.push(medusa);
    act(open.underpaid, { action: "pay" });
    act(open.confirming, { action: "confirm" });
    act(open.auditing, { action: "confirm" });
    act(open.unpaid, { action: "pay" });
    for (const state of ["underpaid", "confirming", "auditing", "unpaid", "paidUnseen"]) {
      await completed(open[state] as Sale, 90_000);
    }
    await sleep(5_000); // more job runs over everything: nothing changes twice
    for (const sale of Object.values(open)) {
      expect({ sale: sale.scenario, orders: await ordersOf(sale) }).toEqual({
        sale: sale.scenario,
        orders: sale.expectOrder ? 1 : 0,
      });
      expect(await capturesOf(sale)).toBe(sale.expectOrder ? 1 : 0);
    }
    expect(await recordOf(open.failed as Sale)).toMatchObject({ status: "failed", final: true });
    expect(await recordOf(open.expired as Sale)).toMatchObject({ status: "expired", refund_due: false });
  });

  it("and a payment made after the upgrade, under MixPay's current lifecycle, completes too", async () => {
    simulator.simulator.configure({ lifecycle: "current" });
    const sale = await createSale("after the upgrade: confirming, then success", true);
    act(sale, { action: "pay", hold: true });
    expect(await recorded(sale, "processing")).toMatchObject({ reported_status: "confirming" });
    act(sale, { action: "confirm" });
    await completed(sale);
    expect(await ordersOf(sale)).toBe(1);
  });
});
