export * from "./complete-mixpay-sale";
