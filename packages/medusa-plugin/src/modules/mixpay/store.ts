import { MedusaService } from "@medusajs/framework/utils";
import { MixpayPayment } from "./models/mixpay-payment";
import { MixpaySetting } from "./models/mixpay-setting";

/** The module's two tables, with the list/create/update/… methods Medusa generates for them. */
export const MixpayRecords = MedusaService({ MixpaySetting, MixpayPayment });

/** What the generated methods look like on the module service. */
export type MixpayStore = InstanceType<typeof MixpayRecords>;

/** The payment table, as the ledger uses it. */
export type PaymentStore = Pick<
  MixpayStore,
  "listMixpayPayments" | "listAndCountMixpayPayments" | "createMixpayPayments" | "updateMixpayPayments"
>;

/** The settings table, as the settings part uses it. */
export type SettingsStore = Pick<MixpayStore, "listMixpaySettings" | "createMixpaySettings" | "updateMixpaySettings">;
