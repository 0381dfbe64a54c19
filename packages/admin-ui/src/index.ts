/**
 * @mixpay-pos/admin-ui: the MixPay settings page, payments list, order payment widget and cashier terminal for the Medusa
 * admin, on @medusajs/ui and the admin's React Query. Data comes only from the plugin's routes, through
 * `createMixpayAdminClient` (one place).
 */

export * from "@mixpay-pos/sale-engine";
export { MixpayDraftOrderCharge, type MixpayDraftOrderChargeProps } from "./components/MixpayDraftOrderCharge";
export {
  type MixpayPaymentsFilter,
  MixpayPaymentsList,
  type MixpayPaymentsListProps,
} from "./components/MixpayPaymentsList";
export {
  MANUAL_REFUND_GUIDANCE,
  MixpayPaymentWidget,
  type MixpayPaymentWidgetProps,
} from "./components/MixpayPaymentWidget";
export { MixpaySettingsForm, type MixpaySettingsFormProps } from "./components/MixpaySettingsForm";
export { MixpaySetupWizard, type MixpaySetupWizardProps } from "./components/MixpaySetupWizard";
export { MixpayTerminal, type MixpayTerminalProps } from "./components/MixpayTerminal";
export { AssetLabel, MixpayCountdown, MixpayQrCode, MixpayStatusBadge } from "./components/shared";
export { MixpayAdminProvider, useMixpayClient } from "./hooks/context";
export * from "./hooks/queries";
export * from "./hooks/sale-status";
export * from "./lib/client";
export * from "./lib/payee";
export * from "./lib/schemas";
export * from "./lib/settings-form";
export * from "./lib/setup-wizard";
