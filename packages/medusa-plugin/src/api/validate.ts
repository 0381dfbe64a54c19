import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http";
import type { z } from "@medusajs/framework/zod";

export interface FieldError {
  field: string;
  message: string;
}

/** zod issues as `{ field, message }`, the field being the dotted path ("payee_id", "items.0.amount"). */
export function fieldErrors(error: z.ZodError): FieldError[] {
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
 * Validates the JSON body against a zod schema; on failure answers 400 with every field and its reason
 * (`message` "payee_id: must be …; expiry_minutes: …" and `errors` [{ field, message }] for forms), so
 * nothing is saved. On success `req.validatedBody` holds the parsed (normalised) body.
 */
export function validateBody(schema: z.ZodType) {
  return async (req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) => {
    const parsed = await schema.safeParseAsync(req.body ?? {});
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      res.status(400).json({
        type: "invalid_data",
        message: errors.map((e) => `${e.field}: ${e.message}`).join("; "),
        errors,
      });
      return;
    }
    req.validatedBody = parsed.data;
    next();
  };
}
