export { CONTROL_ACTIONS, type ControlAction, type ControlActionName, ControlError } from "./actions.js";
export {
  DEFAULT_ASSETS,
  DEFAULT_CRYPTO_QUOTE_ASSET_IDS,
  DEFAULT_FIATS,
  DEFAULT_PAYEES,
  DEFAULT_PAYMENT_ASSETS,
  DEFAULT_SETTLEMENT_ASSETS,
  DEMO_PAYEE_ID,
  type FiatQuoteAsset,
  type PayeeEntry,
  type PayeeKind,
  type SimAsset,
} from "./assets.js";
export {
  callbackDelaysOf,
  LEGACY_FAILURE_REASONS,
  LEGACY_MAX_CALLBACK_ATTEMPTS,
  MAX_CALLBACK_ATTEMPTS,
} from "./lifecycle.js";
export {
  type Behaviour,
  CALLBACK_FAULTS,
  type CallbackFault,
  DEFAULT_BEHAVIOUR,
  DEFAULT_FAULTS,
  ENVIRONMENTS,
  type Environment,
  type Faults,
  LIFECYCLES,
  type Lifecycle,
  type SimulatorOptions,
} from "./options.js";
export { REQUEST_LOG_LIMIT, type RecordedRequest } from "./request-log.js";
export type { PaymentResultData, ResultTransaction } from "./result.js";
export { type SimulatorServer, type SimulatorServerOptions, startSimulatorServer } from "./server.js";
export { createSimulator, DEFAULT_CHECKOUT_BASE_URL, type Simulator } from "./simulator.js";
export type { PaymentSource } from "./state.js";
export type { SimulatedPaymentView } from "./view.js";
