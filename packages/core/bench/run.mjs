#!/usr/bin/env node
// Throughput of the pure, hot paths of @mixpay-pos/core (built dist): pay links, QR codes and result
// verification. Prints operations per second and ratios; run with `pnpm bench` from the repo root.
import os from "node:os";
import { performance } from "node:perf_hooks";
import {
  ASSET_IDS,
  buildPayLink,
  paymentResultDataSchema,
  toQrDataUrl,
  toQrPng,
  toQrSvg,
  verifyPaymentResult,
} from "../dist/index.js";

const PAYEE = "8e69e534-d0c4-3e04-8b61-37a73cd9e7d7";
const TRACE = "dd9c3e04-a5d2-11ec-b909-0242ac120002";
const MIN_MS = Number(process.env.BENCH_MIN_MS ?? 1500);

async function measure(name, fn) {
  for (let i = 0; i < 20; i++) await fn(i); // warm up
  let ops = 0;
  const start = performance.now();
  while (performance.now() - start < MIN_MS) {
    await fn(ops);
    ops++;
  }
  const seconds = (performance.now() - start) / 1000;
  return { name, ops, opsPerSec: ops / seconds, usPerOp: (seconds * 1e6) / ops };
}

const link = buildPayLink({
  payeeId: PAYEE,
  settlementAssetId: ASSET_IDS.BTC,
  quoteAssetId: "usd",
  quoteAmount: "10",
  traceId: TRACE,
}).url;
const raw = {
  status: "success",
  quoteAmount: "10",
  quoteAssetId: "usd",
  payeeId: PAYEE,
  traceId: TRACE,
  paymentAmount: "10.013",
  surplusAmount: "0",
  failureCode: "0",
};
const parsed = paymentResultDataSchema.parse(raw);
const expected = { payeeId: PAYEE, quoteAssetId: "usd", quoteAmount: "10.00", traceId: TRACE };

const results = [];
results.push(
  await measure("buildPayLink (validate + build, fresh uuid)", () =>
    buildPayLink({ payeeId: PAYEE, settlementAssetId: ASSET_IDS.BTC, quoteAssetId: "usd", quoteAmount: "10" }),
  ),
);
results.push(await measure("verifyPaymentResult (parsed result)", () => verifyPaymentResult(parsed, expected)));
results.push(
  await measure("parse + verify (raw JSON result)", () =>
    verifyPaymentResult(paymentResultDataSchema.parse(raw), expected),
  ),
);
results.push(await measure("QR → SVG string", () => toQrSvg(link)));
results.push(await measure("QR → PNG buffer (512 px)", () => toQrPng(link)));
results.push(await measure("QR → data URL (512 px)", () => toQrDataUrl(link)));

const fastest = Math.max(...results.map((r) => r.opsPerSec));
console.log(
  `@mixpay-pos/core benchmark: node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
);
console.log("");
console.log(`${"operation".padEnd(46)} ${"ops/s".padStart(12)} ${"µs/op".padStart(10)} ${"vs fastest".padStart(11)}`);
for (const r of results) {
  console.log(
    `${r.name.padEnd(46)} ${Math.round(r.opsPerSec).toLocaleString("en-US").padStart(12)} ${r.usPerOp.toFixed(1).padStart(10)} ${`1/${(fastest / r.opsPerSec).toFixed(1)}`.padStart(11)}`,
  );
}
const byName = Object.fromEntries(results.map((r) => [r.name, r.opsPerSec]));
const linkOps = byName["buildPayLink (validate + build, fresh uuid)"];
const svgOps = byName["QR → SVG string"];
console.log("");
console.log(
  `A link plus its SVG QR code: ${Math.round(1 / (1 / linkOps + 1 / svgOps)).toLocaleString("en-US")} per second per core.`,
);
