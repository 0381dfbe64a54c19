#!/usr/bin/env node
// `npm start`: the offline MixPay simulator plus MixPay's three PoS steps run with the `mixpay-pos` CLI —
// create a one-time payment, show its QR code, watch it until it is final. Open the printed checkout link in a
// browser (the customer's phone), press Pay, and the watch ends with "paid".
//
//   node scripts/demo.mjs [--autopay] [--amount 12.50]
//   SIMULATOR_PORT=4011 node scripts/demo.mjs
//
// --autopay (or DEMO_AUTOPAY=1) pays through the simulator's control API after a few seconds, so the demo also
// runs unattended. Exit code: the watch's (0 paid, 2 ended unpaid, 3 timed out, 1 error).
import { spawn } from "node:child_process";
import { join } from "node:path";
import { parseArgs } from "node:util";

const root = join(import.meta.dirname, "..");
const CLI = join(root, "packages", "core", "dist", "bin.js");
const { ASSET_IDS } = await import(join(root, "packages", "protocol", "dist", "index.js"));
const { DEMO_PAYEE_ID, startSimulatorServer } = await import(join(root, "packages", "simulator", "dist", "index.js"));

const { values } = parseArgs({
  args: process.argv.slice(2).filter((a) => a !== "--"),
  options: {
    autopay: { type: "boolean", default: process.env.DEMO_AUTOPAY === "1" },
    amount: { type: "string", default: "12.50" },
    port: { type: "string", default: process.env.SIMULATOR_PORT ?? "4010" },
  },
});

function cli(args, { capture = false } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      stdio: capture ? ["ignore", "pipe", "inherit"] : "inherit",
      env: { ...process.env, MIXPAY_API_BASE: apiBase },
    });
    let out = "";
    child.stdout?.on("data", (chunk) => {
      out += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, out }));
  });
}

const server = await startSimulatorServer({ port: Number(values.port), host: "127.0.0.1" });
const apiBase = `${server.url}/v1`;
const stop = async (code) => {
  await server.close();
  process.exit(code);
};
process.on("SIGINT", () => stop(130));
process.on("SIGTERM", () => stop(143));

const terms = ["--payee-id", DEMO_PAYEE_ID, "--quote-asset-id", "usd", "--quote-amount", values.amount];
console.log(`MixPay simulator on ${server.url} (API ${apiBase}, control ${server.url}/_control)\n`);
console.log(`1. Create a one-time payment of ${values.amount} USD, settled in USDT:`);
const created = await cli(
  ["create", ...terms, "--settlement-asset-id", ASSET_IDS.USDT_ERC20, "--checkout-base", server.url, "--json"],
  { capture: true },
);
if (created.code !== 0) await stop(created.code);
const { url, traceId } = JSON.parse(created.out);
console.log(`   ${url}\n   traceId ${traceId}\n`);

console.log("2. The QR code a till shows (scan it, or open the link above in a browser):");
await cli(["qr", url]);

console.log(
  values.autopay
    ? "3. Watch the result; the customer pays in 3 s (--autopay):"
    : "3. Watch the result; press Pay on the checkout page (Ctrl-C stops):",
);
if (values.autopay) {
  setTimeout(() => {
    fetch(`${server.url}/_control/payments/${traceId}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ action: "pay" }),
    }).catch((error) => console.error(`autopay failed: ${error.message}`));
  }, 3000);
}
const watched = await cli(["watch", traceId, ...terms, "--timeout-s", values.autopay ? "60" : "900"]);
console.log(watched.code === 0 ? "\nPaid: the sale is complete." : `\nNot paid (exit ${watched.code}).`);
await stop(watched.code);
