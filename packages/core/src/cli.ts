import { writeFile } from "node:fs/promises";
import { extname } from "node:path";
import { parseArgs } from "node:util";
import { MIXPAY_API_BASE, MIXPAY_CHECKOUT_BASE } from "@mixpay-pos/protocol";
import { MixPayClient } from "./client.js";
import { MixPayCoreError, MixPayValidationError } from "./errors.js";
import { buildPayLink, createOneTimePaymentLink } from "./link.js";
import { resolvePayee } from "./payee.js";
import { watchPayment } from "./poll.js";
import { toQrPng, toQrSvg, toQrTerminal } from "./qr.js";
import { type ExpectedPayment, verifyPaymentResult } from "./verify.js";

/**
 * `mixpay-pos`: MixPay's three PoS steps by hand — make a payment link, show it as a QR code, query or
 * watch the result. Every network command takes `--api-base` (or MIXPAY_API_BASE) so it can point at the
 * offline simulator.
 */

export const EXIT = { paid: 0, error: 1, notPaid: 2, timedOut: 3 } as const;

const USAGE = `mixpay-pos <command> [options]

Commands
  link     Build a universal pay link            --payee-id ID [--settlement-asset-id ID] [--quote-asset-id usd]
                                                  [--quote-amount 10] [--remark TEXT] [--trace-id UUID] [--order-id ID]
  create   Create a one-time payment (code link) --payee-id ID --settlement-asset-id ID --quote-asset-id usd
                                                  --quote-amount 10 [--order-id ID] [--trace-id UUID] [--remark TEXT]
                                                  [--callback-url URL] [--expire-minutes N]
  qr       Show a link as a QR code              <link> | the link options; [--out file.svg|file.png]
  payee    Find / check the merchant's payee     <mixinId|payeeUuid>  (prints the payee UUID and what it settles in)
  status   Query a payment once                  <traceId> [--payee-id … --quote-asset-id … --quote-amount …]
  watch    Follow a payment until it is final    <traceId> [--payee-id … --quote-asset-id … --quote-amount …]
                                                  [--interval-ms 2000] [--timeout-s 900]

Common options
  --api-base URL       MixPay API base (default ${MIXPAY_API_BASE}, or env MIXPAY_API_BASE)
  --checkout-base URL  Checkout pages base (default ${MIXPAY_CHECKOUT_BASE}, or env MIXPAY_CHECKOUT_BASE)
  --json               Print JSON instead of text
  -h, --help           This help

Exit codes: 0 paid (or the command succeeded), 1 error, 2 final but not paid, 3 timed out (watch).`;

const OPTIONS = {
  "payee-id": { type: "string" },
  "settlement-asset-id": { type: "string" },
  "quote-asset-id": { type: "string" },
  "quote-amount": { type: "string" },
  remark: { type: "string" },
  "trace-id": { type: "string" },
  "order-id": { type: "string" },
  "callback-url": { type: "string" },
  "expire-minutes": { type: "string" },
  out: { type: "string" },
  "api-base": { type: "string" },
  "checkout-base": { type: "string" },
  "interval-ms": { type: "string" },
  "timeout-s": { type: "string" },
  json: { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>["values"];

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
}

function usageError(message: string): never {
  throw new MixPayValidationError("command line", [{ field: "usage", message }]);
}

function numberOption(values: Values, name: "interval-ms" | "timeout-s" | "expire-minutes"): number | undefined {
  const raw = values[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) usageError(`--${name} must be a positive number, got ${JSON.stringify(raw)}`);
  return n;
}

function clientFor(values: Values, io: CliIo): MixPayClient {
  return new MixPayClient({ baseUrl: values["api-base"] ?? io.env.MIXPAY_API_BASE ?? MIXPAY_API_BASE });
}

function checkoutBase(values: Values, io: CliIo): string {
  return values["checkout-base"] ?? io.env.MIXPAY_CHECKOUT_BASE ?? MIXPAY_CHECKOUT_BASE;
}

function linkParams(values: Values) {
  return {
    payeeId: values["payee-id"] ?? "",
    settlementAssetId: values["settlement-asset-id"],
    quoteAssetId: values["quote-asset-id"],
    quoteAmount: values["quote-amount"],
    remark: values.remark,
    traceId: values["trace-id"],
    orderId: values["order-id"],
  };
}

function expectedFrom(values: Values, traceId: string): ExpectedPayment | undefined {
  const payeeId = values["payee-id"];
  const quoteAssetId = values["quote-asset-id"];
  const quoteAmount = values["quote-amount"];
  const given = [payeeId, quoteAssetId, quoteAmount].filter((v) => v !== undefined).length;
  if (given === 0) return undefined;
  if (!payeeId || !quoteAssetId || !quoteAmount) {
    usageError("give all three of --payee-id, --quote-asset-id and --quote-amount to verify against them");
  }
  return { payeeId, quoteAssetId, quoteAmount, traceId };
}

/** Without explicit terms, verify against what MixPay recorded when the payment was created. */
async function resolveExpected(client: MixPayClient, values: Values, traceId: string, io: CliIo) {
  const given = expectedFrom(values, traceId);
  if (given) return given;
  const info = await client.payments.info({ traceId }, { signal: io.signal });
  io.err(
    `Verifying against the payment's own terms (${info.quoteAmount} ${info.quoteAssetId} to ${info.payeeId}); ` +
      "pass --payee-id, --quote-asset-id and --quote-amount to check against yours.",
  );
  return { payeeId: info.payeeId, quoteAssetId: info.quoteAssetId, quoteAmount: info.quoteAmount, traceId };
}

function traceArg(positionals: string[], command: string): string {
  const traceId = positionals[1];
  if (!traceId) usageError(`${command} needs a trace id: mixpay-pos ${command} <traceId>`);
  return traceId;
}

async function commandQr(values: Values, positionals: string[], io: CliIo): Promise<number> {
  const link = positionals[1] ?? buildPayLink(linkParams(values), { checkoutBaseUrl: checkoutBase(values, io) }).url;
  const out = values.out;
  if (!out) {
    io.out(await toQrTerminal(link));
    io.out(link);
    return EXIT.paid;
  }
  const ext = extname(out).toLowerCase();
  if (ext === ".svg") await writeFile(out, await toQrSvg(link));
  else if (ext === ".png") await writeFile(out, await toQrPng(link));
  else usageError(`--out must end in .svg or .png, got ${JSON.stringify(out)}`);
  io.out(values.json ? JSON.stringify({ file: out, link }) : `Wrote ${out} for ${link}`);
  return EXIT.paid;
}

async function commandPayee(values: Values, positionals: string[], io: CliIo): Promise<number> {
  const input = positionals[1];
  if (!input) usageError("payee needs a Mixin ID or a payee UUID: mixpay-pos payee 7000104111");
  const payee = await resolvePayee(clientFor(values, io), input, { signal: io.signal });
  if (values.json) {
    io.out(JSON.stringify(payee, null, 2));
    return EXIT.paid;
  }
  io.out(`payee     ${payee.payeeId}`);
  io.out(payee.from === "mixin-id" ? `from      Mixin ID ${payee.mixinId}` : "from      UUID (MixPay knows it)");
  io.out(
    `kind      ${payee.kind === "unknown" ? "not said by MixPay (a user, bot or multisig group)" : `Mixin ${payee.kind}`}`,
  );
  const fiat = payee.settlementAssets.filter((a) => a.isAsset === false).map((a) => a.symbol);
  const crypto = payee.settlementAssets.filter((a) => a.isAsset !== false).map((a) => a.symbol);
  io.out(`settles   ${crypto.join(", ") || "(no asset listed)"}`);
  io.out(
    fiat.length > 0
      ? `fiat      ${fiat.join(", ")}`
      : "fiat      none yet (MixPay approves fiat settlement per merchant; ask MixPay support)",
  );
  return EXIT.paid;
}

async function commandStatus(values: Values, positionals: string[], io: CliIo): Promise<number> {
  const traceId = traceArg(positionals, "status");
  const client = clientFor(values, io);
  const result = await client.payments.retrieve({ traceId, with: "payment" }, { signal: io.signal });
  const expected = expectedFrom(values, traceId);
  const verification = expected ? verifyPaymentResult(result, expected) : undefined;
  if (values.json) {
    io.out(JSON.stringify({ result, verification }, null, 2));
  } else {
    io.out(`trace     ${result.traceId}`);
    io.out(`status    ${result.status}${verification ? ` → ${verification.status}: ${verification.reason}` : ""}`);
    io.out(`quote     ${result.quoteAmount} ${result.quoteSymbol || result.quoteAssetId}`);
    if (result.paymentAmount) io.out(`paid      ${result.paymentAmount} ${result.paymentSymbol ?? ""}`.trimEnd());
    if (result.settleAmount) io.out(`settled   ${result.settleAmount} ${result.settleSymbol ?? ""}`.trimEnd());
    if (result.failureReason) io.out(`failure   ${result.failureCode} ${result.failureReason}`);
  }
  if (!verification) return EXIT.paid;
  return verification.status === "paid" ? EXIT.paid : EXIT.notPaid;
}

async function commandWatch(values: Values, positionals: string[], io: CliIo): Promise<number> {
  const traceId = traceArg(positionals, "watch");
  const client = clientFor(values, io);
  const expected = await resolveExpected(client, values, traceId, io);
  const watch = watchPayment(traceId, {
    client,
    expected,
    intervalMs: numberOption(values, "interval-ms") ?? 2000,
    timeoutMs: (numberOption(values, "timeout-s") ?? 900) * 1000,
    signal: io.signal,
  });
  watch.on("status", (event) => {
    const line = values.json
      ? JSON.stringify({
          at: new Date(event.at).toISOString(),
          status: event.status,
          reported: event.verification.reported,
          reason: event.verification.reason,
        })
      : `${new Date(event.at).toISOString()}  ${event.status.padEnd(10)} ${event.verification.reason}`;
    io.out(line);
  });
  watch.on("error", (error) =>
    io.err(`query failed, still watching: ${error instanceof Error ? error.message : String(error)}`),
  );
  const outcome = await watch.done;
  if (outcome.ended === "error") throw outcome.error;
  if (outcome.ended === "deadline") {
    io.err(`Gave up after the timeout; last status: ${outcome.status}.`);
    return EXIT.timedOut;
  }
  if (outcome.ended === "aborted") return EXIT.error;
  return outcome.status === "paid" ? EXIT.paid : EXIT.notPaid;
}

async function commandCreate(values: Values, io: CliIo): Promise<number> {
  const client = clientFor(values, io);
  const minutes = numberOption(values, "expire-minutes");
  const created = await createOneTimePaymentLink(
    client,
    {
      ...linkParams(values),
      quoteAmount: values["quote-amount"] ?? "",
      quoteAssetId: values["quote-asset-id"] ?? "",
      settlementAssetId: values["settlement-asset-id"] ?? "",
      callbackUrl: values["callback-url"],
      expiredTimestamp: minutes ? Math.floor(Date.now() / 1000 + minutes * 60) : undefined,
    },
    { checkoutBaseUrl: checkoutBase(values, io), signal: io.signal },
  );
  io.out(values.json ? JSON.stringify(created) : `${created.url}\ntraceId ${created.traceId}`);
  return EXIT.paid;
}

/** Runs one command line; returns the exit code. Errors are printed, never thrown. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const { values, positionals } = parseArgs({
      args: attachNegativeValues(argv),
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
    const command = positionals[0];
    if (values.help || !command) {
      (command || values.help ? io.out : io.err)(USAGE);
      return values.help ? EXIT.paid : EXIT.error;
    }
    switch (command) {
      case "link": {
        const link = buildPayLink(linkParams(values), { checkoutBaseUrl: checkoutBase(values, io) });
        io.out(values.json ? JSON.stringify({ url: link.url, traceId: link.traceId }) : link.url);
        return EXIT.paid;
      }
      case "create":
        return await commandCreate(values, io);
      case "qr":
        return await commandQr(values, positionals, io);
      case "status":
        return await commandStatus(values, positionals, io);
      case "payee":
        return await commandPayee(values, positionals, io);
      case "watch":
        return await commandWatch(values, positionals, io);
      default:
        return usageError(`unknown command ${JSON.stringify(command)}; try mixpay-pos --help`);
    }
  } catch (error) {
    if (error instanceof MixPayValidationError) {
      for (const issue of error.issues)
        io.err(issue.field === "usage" ? issue.message : `--${kebab(issue.field)}: ${issue.message}`);
    } else if (error instanceof MixPayCoreError || error instanceof Error) {
      io.err(error.message);
    } else {
      io.err(String(error));
    }
    return EXIT.error;
  }
}

/**
 * `--quote-amount -3` would make parseArgs stop with "argument is ambiguous"; joining it into `--quote-amount=-3`
 * lets the value reach validation, which then names the flag and says what is wrong with it.
 */
function attachNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const next = argv[i + 1];
    const name = arg.startsWith("--") ? arg.slice(2) : "";
    const takesValue = name in OPTIONS && OPTIONS[name as keyof typeof OPTIONS].type === "string";
    if (takesValue && next !== undefined && /^-\d|^-\.\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else {
      out.push(arg);
    }
  }
  return out;
}

function kebab(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
