import { ModuleProvider, Modules } from "@medusajs/framework/utils";
import { MixpayProviderService } from "./service";

export default ModuleProvider(Modules.PAYMENT, { services: [MixpayProviderService] });

export { MixpayProviderService };
