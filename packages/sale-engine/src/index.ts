/**
 * @mixpay-pos/sale-engine: the till's sale logic once, for every screen (the admin's React terminal and the
 * sandbox's plain-DOM POS page). Framework-free: no React, no Medusa, and no browser global is touched at import;
 * fetch, document.visibilityState and localStorage are injected or feature-detected when used.
 */

export * from "./cancelled-sale";
export * from "./cancelled-sale-store";
export * from "./cancelled-sales-watcher";
export * from "./charge-error";
export * from "./checkout-view";
export * from "./countdown";
export * from "./event-stream";
export * from "./keypad";
export * from "./money";
export * from "./open-sale-store";
export * from "./poller";
export * from "./receipt";
export * from "./sale-phase";
export * from "./sale-screen";
export * from "./sale-view";
export * from "./sse";
export * from "./status";
export * from "./terminal-region";
export * from "./watch-sale";
