import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import { terminalConfig } from "../../../../lib/terminal";
import { withRouteErrors } from "../../../errors";

/** Whether the cashier terminal can sell (settings complete, a region offers MixPay) and in which regions. */
export const GET = withRouteErrors(async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json(await terminalConfig(req.scope));
});
