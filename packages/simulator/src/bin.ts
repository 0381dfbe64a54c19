import { isIP } from "node:net";
import { parseArgs } from "node:util";
import { DEMO_PAYEE_ID } from "./assets.js";
import { startSimulatorServer } from "./server.js";

const USAGE = `Usage: mixpay-simulator [--port 4010] [--host 127.0.0.1] [--callback-time-scale 0.01] [--rate-limit 60|off]
                        [--checkout-base-url URL] [--allow-http-callbacks-unlike-mixpay]
                        [--callback-source-address IP]

An offline MixPay: the /v1 API, checkout pages (/pay, /code/{code}) and a control API (/_control).
--allow-http-callbacks-unlike-mixpay accepts http:// callback URLs (local receivers); MixPay itself refuses them
with code 10061. --callback-source-address sends callbacks from that local address (e.g. 127.0.0.2).
Environment: PORT or SIMULATOR_PORT set the port when --port is not given.`;

function fail(message: string): never {
  process.stderr.write(`mixpay-simulator: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse().values;
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const portText = values.port ?? process.env["SIMULATOR_PORT"] ?? process.env["PORT"] ?? "4010";
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be 0..65535, got ${portText}`);
  const host = values.host ?? "127.0.0.1";

  const behaviour: { callbackTimeScale?: number; allowHttpCallbacksUnlikeMixpay?: boolean } = {};
  if (values["allow-http-callbacks-unlike-mixpay"]) behaviour.allowHttpCallbacksUnlikeMixpay = true;
  if (values["callback-time-scale"] !== undefined) {
    const scale = Number(values["callback-time-scale"]);
    if (!Number.isFinite(scale) || scale < 0) fail("--callback-time-scale must be a number ≥ 0 (1 = real time)");
    behaviour.callbackTimeScale = scale;
  }
  let rateLimitPerMinute: number | false | undefined;
  if (values["rate-limit"] !== undefined) {
    const text = values["rate-limit"];
    rateLimitPerMinute = text === "off" ? false : Number(text);
    if (rateLimitPerMinute !== false && (!Number.isInteger(rateLimitPerMinute) || rateLimitPerMinute < 1)) {
      fail(`--rate-limit must be a positive integer or "off", got ${text}`);
    }
  }

  const sourceAddress = values["callback-source-address"];
  if (sourceAddress !== undefined && isIP(sourceAddress) === 0) {
    fail(`--callback-source-address must be an IP address, got ${sourceAddress}`);
  }

  const server = await startSimulatorServer({
    port,
    host,
    behaviour,
    ...(rateLimitPerMinute === undefined ? {} : { rateLimitPerMinute }),
    ...(values["checkout-base-url"] ? { checkoutBaseUrl: values["checkout-base-url"] } : {}),
    ...(sourceAddress ? { callbackSourceAddress: sourceAddress } : {}),
  });
  const checkout = server.simulator.checkoutBaseUrl;
  process.stdout.write(
    [
      "MixPay simulator running",
      `  API       ${server.url}/v1`,
      `  Checkout  ${checkout}/pay?payeeId=…  and  ${checkout}/code/{code}`,
      `  Control   ${server.url}/_control`,
      `  Demo payee ${DEMO_PAYEE_ID}`,
      ...(behaviour.allowHttpCallbacksUnlikeMixpay
        ? ["  Callbacks to http:// URLs are accepted (MixPay itself refuses them: 10061)"]
        : []),
      ...(sourceAddress ? [`  Callbacks are sent from ${sourceAddress}`] : []),
      "",
    ].join("\n"),
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping the simulator\n`);
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

function parse() {
  // `pnpm simulator -- --port 4011` hands the "--" on; drop it.
  const args = process.argv.slice(2);
  return parseArgs({
    args: args[0] === "--" ? args.slice(1) : args,
    options: {
      port: { type: "string", short: "p" },
      host: { type: "string" },
      "callback-time-scale": { type: "string" },
      "rate-limit": { type: "string" },
      "checkout-base-url": { type: "string" },
      "allow-http-callbacks-unlike-mixpay": { type: "boolean" },
      "callback-source-address": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  });
}

main().catch((error: unknown) => {
  process.stderr.write(`mixpay-simulator: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
