export * from "./complete-mixpay-sale";
export * from "./create-draft-order-sale";
export * from "./create-terminal-sale";
