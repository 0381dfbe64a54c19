import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import type { z } from "@medusajs/framework/zod";
import type { HttpFieldError } from "@mixpay-pos/core";
import { MixpayFieldError } from "../lib/errors";
import { sendRouteError } from "./errors";

/** zod issues as `{ field, message }`, the field being the dotted path ("payee_id", "items.0.amount"). */
export function fieldErrors(error: z.ZodError): HttpFieldError[] {
  return error.issues.map((issue) => {
    const field =
      issue.path.length > 0
        ? issue.path.join(".")
        : issue.code === "unrecognized_keys"
          ? issue.keys.join(", ")
          : "body";
    const message = issue.code === "unrecognized_keys" ? "unknown field" : issue.message;
    return { field, message };
  });
}

/**
 * Validates the JSON body against a zod schema; on failure answers 400 with every field and its reason in
 * `errors: [{ field, message }]` (api/errors.ts), so nothing is saved. On success `req.validatedBody` holds the
 * parsed (normalised) body.
 */
export function validateBody(schema: z.ZodType) {
  return async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    const parsed = await schema.safeParseAsync(req.body ?? {});
    if (!parsed.success) {
      sendRouteError(req, res, new MixpayFieldError(fieldErrors(parsed.error)));
      return;
    }
    req.validatedBody = parsed.data;
    next();
  };
}

/**
 * The query string, as validateBody does the body: a 400 naming each parameter, or `req.validatedQuery`. (Medusa's
 * validateAndTransformQuery answers with one message and no field list.)
 */
export function validateQuery(schema: z.ZodType) {
  return async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    const parsed = await schema.safeParseAsync(req.query ?? {});
    if (!parsed.success) {
      sendRouteError(req, res, new MixpayFieldError(fieldErrors(parsed.error)));
      return;
    }
    req.validatedQuery = parsed.data as MedusaRequest["validatedQuery"];
    next();
  };
}
