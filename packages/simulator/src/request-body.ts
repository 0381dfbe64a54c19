import type { FieldErrors } from "./envelope.js";

/**
 * Reading parameters the way MixPay's (PHP) backend does: query string and body merged (body wins), JSON,
 * x-www-form-urlencoded and multipart bodies alike, `key[]=a&key[]=b` as arrays, and empty strings treated as
 * "not sent".
 */

export type Params = Record<string, unknown>;

export type ParamsResult = { ok: true; params: Params } | { ok: false; errors: FieldErrors };

export function searchParamsToObject(sp: URLSearchParams): Params {
  const out: Params = {};
  for (const [rawKey, value] of sp) {
    const isArray = rawKey.endsWith("[]");
    const key = isArray ? rawKey.slice(0, -2) : rawKey;
    const existing = out[key];
    if (Array.isArray(existing)) existing.push(value);
    else if (existing !== undefined) out[key] = [existing, value];
    else out[key] = isArray ? [value] : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Params {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

async function readBody(request: Request): Promise<ParamsResult> {
  if (request.method === "GET" || request.method === "HEAD") return { ok: true, params: {} };
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  if (type.includes("multipart/form-data")) {
    const form = await request.formData();
    const sp = new URLSearchParams();
    for (const [key, value] of form) if (typeof value === "string") sp.append(key, value);
    return { ok: true, params: searchParamsToObject(sp) };
  }
  const text = await request.text();
  if (text.trim() === "") return { ok: true, params: {} };
  const looksJson = type.includes("json") || (!type.includes("x-www-form-urlencoded") && /^\s*[[{]/.test(text));
  if (looksJson) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (!isPlainObject(parsed)) return { ok: false, errors: { body: ["The body must be a JSON object."] } };
      return { ok: true, params: parsed };
    } catch {
      return { ok: false, errors: { body: ["The body is not valid JSON."] } };
    }
  }
  return { ok: true, params: searchParamsToObject(new URLSearchParams(text)) };
}

/** Query + body parameters, empty values dropped. */
export async function readParams(request: Request): Promise<ParamsResult> {
  const query = searchParamsToObject(new URL(request.url).searchParams);
  const body = await readBody(request);
  if (!body.ok) return body;
  return { ok: true, params: dropEmpty({ ...query, ...body.params }) };
}

/** PHP-style: "" and null mean "not sent". */
export function dropEmpty(params: Params): Params {
  const out: Params = {};
  for (const [key, value] of Object.entries(params)) {
    if (value === "" || value === null || value === undefined) continue;
    out[key] = value;
  }
  return out;
}

interface IssueLike {
  code: string;
  path: readonly PropertyKey[];
  message: string;
}

/** zod issues → `{field: [messages]}` (Laravel's validation shape), "required" for missing fields. */
export function issuesToFieldErrors(issues: readonly IssueLike[], input: Params): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const first = issue.path[0];
    const field = typeof first === "string" ? first : "body";
    const missing = field !== "body" && input[field] === undefined && issue.code !== "custom";
    const message = missing
      ? `The ${field} field is required.`
      : issue.message.startsWith(field)
        ? issue.message
        : `${field} ${issue.message}`;
    const list = errors[field] ?? [];
    if (!list.includes(message)) list.push(message);
    errors[field] = list;
  }
  return errors;
}

export function mergeFieldErrors(a: FieldErrors, b: FieldErrors): FieldErrors {
  const out: FieldErrors = { ...a };
  for (const [field, messages] of Object.entries(b)) out[field] = [...(out[field] ?? []), ...messages];
  return out;
}
