import { Module } from "@medusajs/framework/utils";
import MixpayModuleService from "./service";

export const MIXPAY_MODULE = "mixpay";

export default Module(MIXPAY_MODULE, { service: MixpayModuleService });

export type { MixpayModuleOptions } from "./options";
export type { MixpayPaymentDTO, MixpaySettingDTO } from "./service";
export { MixpayModuleService };
