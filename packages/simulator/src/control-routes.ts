import { payeeIdSchema } from "@mixpay-pos/protocol";
import { z } from "zod";
import { CONTROL_ACTIONS, ControlError, parseControlAction } from "./actions.js";
import type { SimContext } from "./context.js";
import { controlJson } from "./envelope.js";
import { behaviourPatchSchema, faultsPatchSchema } from "./options.js";

/**
 * The test-control API under /_control: plain JSON (no envelope), never rate limited or faulted.
 * Errors are `{error, field?}` with 400 (bad body, naming the field), 404 (unknown payment), 409 (wrong state).
 */

const clockSchema = z.strictObject({ advanceMs: z.number().int().min(0) });
const requestsQuerySchema = z.strictObject({
  since: z.string().regex(/^\d+$/, { message: "must be a time in ms since the epoch" }).transform(Number).optional(),
});
const payeeSchema = z.strictObject({
  payeeId: payeeIdSchema,
  mixinId: z
    .string()
    .regex(/^[0-9]{4,12}$/, { message: "must be digits" })
    .optional(),
  name: z.string().min(1).max(100),
  kind: z.enum(["user", "bot", "multisig"]),
  avatarUrl: z.string().url().optional(),
  fiatSettlement: z
    .array(
      z.strictObject({ assetId: payeeIdSchema, symbol: z.string().min(1).max(20), name: z.string().min(1).max(100) }),
    )
    .max(10)
    .optional(),
});

interface ZodLikeIssue {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  keys?: readonly string[];
}

function badBody(issue: ZodLikeIssue | undefined): Response {
  if (issue?.code === "unrecognized_keys") {
    const key = issue.keys?.[0] ?? "";
    return controlJson({ error: `${key}: unknown field`, field: key }, 400);
  }
  const field = typeof issue?.path[0] === "string" ? issue.path[0] : "body";
  return controlJson({ error: `${field}: ${issue?.message ?? "invalid"}`, field }, 400);
}

async function jsonBody(request: Request): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  const text = await request.text();
  if (text.trim() === "") return { ok: true, body: {} };
  try {
    return { ok: true, body: JSON.parse(text) };
  } catch {
    return { ok: false, response: controlJson({ error: "body: not valid JSON", field: "body" }, 400) };
  }
}

const methodNotAllowed = (allowed: string) => controlJson({ error: `method not allowed here; use ${allowed}` }, 405);

export async function handleControl(request: Request, path: string, ctx: SimContext): Promise<Response> {
  const method = request.method.toUpperCase();
  const rest = path.replace(/^\/_control\/?/, "").replace(/\/+$/, "");

  if (rest === "") {
    return controlJson({
      routes: [
        "GET  /_control/payments",
        "GET  /_control/payments/{traceId}",
        `POST /_control/payments/{traceId}  {"action":"${CONTROL_ACTIONS.join("|")}", "amount"?, "assetId"?, "failureCode"?, "hold"?}`,
        "GET  /_control/requests?since=<ms epoch>  (every /v1 request answered)",
        'POST /_control/faults  {"down"?, "rateLimited"?, "latencyMs"?, "errorCode"?, "callbacks"?, "callbackDelayMs"?}',
        "POST /_control/behaviour  {partial Behaviour}",
        'POST /_control/clock  {"advanceMs": n}',
        "GET|POST /_control/payees",
        "POST /_control/reset",
      ],
    });
  }

  if (rest === "payments") {
    if (method !== "GET") return methodNotAllowed("GET");
    return controlJson(ctx.store.list().map((p) => ctx.view(p)));
  }

  const paymentMatch = /^payments\/([^/]+)$/.exec(rest);
  if (paymentMatch) {
    const traceId = decodeURIComponent(paymentMatch[1] ?? "");
    if (method === "GET") {
      const p = ctx.store.get(traceId);
      return p ? controlJson(ctx.view(p)) : controlJson({ error: `no payment with traceId ${traceId}` }, 404);
    }
    if (method !== "POST") return methodNotAllowed("GET or POST");
    const body = await jsonBody(request);
    if (!body.ok) return body.response;
    try {
      if (!ctx.store.get(traceId)) throw new ControlError(404, `no payment with traceId ${traceId}`);
      return controlJson(ctx.act(traceId, parseControlAction(body.body)));
    } catch (error) {
      if (error instanceof ControlError) {
        return controlJson(
          error.field ? { error: error.message, field: error.field } : { error: error.message },
          error.status,
        );
      }
      throw error;
    }
  }

  if (rest === "requests") {
    if (method !== "GET") return methodNotAllowed("GET");
    const parsed = requestsQuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
    if (!parsed.success) return badBody(parsed.error.issues[0]);
    const requests = ctx.requests.list(parsed.data.since);
    return controlJson({ requests, count: requests.length });
  }

  if (rest === "faults") {
    if (method === "GET") return controlJson(ctx.setFaults({}));
    if (method !== "POST") return methodNotAllowed("GET or POST");
    const body = await jsonBody(request);
    if (!body.ok) return body.response;
    const parsed = faultsPatchSchema.safeParse(body.body);
    if (!parsed.success) return badBody(parsed.error.issues[0]);
    return controlJson(ctx.setFaults(parsed.data));
  }

  if (rest === "behaviour") {
    if (method === "GET") return controlJson(ctx.configure({}));
    if (method !== "POST") return methodNotAllowed("GET or POST");
    const body = await jsonBody(request);
    if (!body.ok) return body.response;
    const parsed = behaviourPatchSchema.safeParse(body.body);
    if (!parsed.success) return badBody(parsed.error.issues[0]);
    return controlJson(ctx.configure(parsed.data));
  }

  if (rest === "clock") {
    if (method === "POST") {
      const body = await jsonBody(request);
      if (!body.ok) return body.response;
      const parsed = clockSchema.safeParse(body.body);
      if (!parsed.success) return badBody(parsed.error.issues[0]);
      ctx.advanceClock(parsed.data.advanceMs);
    } else if (method !== "GET") {
      return methodNotAllowed("GET or POST");
    }
    const now = ctx.clock.now();
    return controlJson({ now: new Date(now).toISOString(), nowMs: now, offsetMs: ctx.clock.offset });
  }

  if (rest === "payees") {
    if (method === "GET") return controlJson(ctx.payees.list());
    if (method !== "POST") return methodNotAllowed("GET or POST");
    const body = await jsonBody(request);
    if (!body.ok) return body.response;
    const parsed = payeeSchema.safeParse(body.body);
    if (!parsed.success) return badBody(parsed.error.issues[0]);
    const { mixinId, avatarUrl, ...entry } = parsed.data;
    return controlJson(
      ctx.addPayee({
        ...entry,
        ...(mixinId === undefined ? {} : { mixinId }),
        ...(avatarUrl === undefined ? {} : { avatarUrl }),
      }),
      201,
    );
  }

  if (rest === "reset") {
    if (method !== "POST") return methodNotAllowed("POST");
    ctx.reset();
    return controlJson({ ok: true });
  }

  return controlJson({ error: `no control route ${path}` }, 404);
}
