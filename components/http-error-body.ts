/**
 * The sentence of a route handler's refusal (server/web/route-handler.ts): `{ error: { code,
 * message } }`, or `{ error: "<sentence>" }` from routes that still answer flat. Null when the
 * body says nothing usable (a proxy's HTML page, an empty body).
 */
export function refusalMessageOf(body: unknown): string | null {
  const error = (body as { error?: unknown } | null | undefined)?.error;
  if (typeof error === "string") return error;
  const message = (error as { message?: unknown } | null | undefined)?.message;
  return typeof message === "string" ? message : null;
}
