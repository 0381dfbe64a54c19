export * from "./complete-mixpay-sale";
export * from "./create-terminal-sale";
