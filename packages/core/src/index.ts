/**
 * @mixpay-pos/core: the MixPay domain for point of sale, with no Medusa and no React.
 * It re-exports MixPay's API contract from @mixpay-pos/protocol so consumers need one import.
 */
export * from "@mixpay-pos/protocol";
export { type CliIo, EXIT as CLI_EXIT_CODES, runCli } from "./cli.js";
export * from "./client.js";
export * from "./errors.js";
export * from "./link.js";
export * from "./payee.js";
export * from "./poll.js";
export * from "./qr.js";
export * from "./rate-limit.js";
export * from "./retry.js";
export * from "./verify.js";
