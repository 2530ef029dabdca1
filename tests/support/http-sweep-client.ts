import superjson from "superjson";
import { DEMO_CUSTOMERS, DEMO_PASSWORD, DEMO_STAFF } from "@/server/seed/demo-accounts";
import { can, type Capability, type StaffRoleName } from "@/lib/domain/capabilities";

/**
 * Callers of the access sweep (tests/integration/access-sweep-http.test.ts): every demo staff
 * account, both demo customers and an anonymous visitor, each with the cookies its own sign-in
 * through the realm's real HTTP endpoint set; and the plain HTTP calls the sweep makes (tRPC's
 * HTTP protocol with superjson, route handlers), each reduced to an outcome.
 */

export type Audience =
  | { kind: "staff"; id: string; email: string; role: StaffRoleName }
  | { kind: "customer"; id: string; email: string; index: 0 | 1 }
  | { kind: "anonymous"; id: "anonymous" };

/** `admin`, `dispatcher`, `dispatcher2`, … from the demo accounts; `customer1`, `customer2`; `anonymous`. */
export const AUDIENCES: readonly Audience[] = [
  ...DEMO_STAFF.map((s) => ({ kind: "staff" as const, id: s.email.split("@")[0]!, email: s.email, role: s.role })),
  ...DEMO_CUSTOMERS.map((c, index) => ({
    kind: "customer" as const,
    id: `customer${index + 1}`,
    email: c.email,
    index: index as 0 | 1,
  })),
  { kind: "anonymous", id: "anonymous" },
];

/**
 * Who passes a procedure's or route's first gate: staff whose role holds one of the capabilities
 * (read from lib/domain/capabilities, never a role list), signed-in customers, anyone.
 */
export interface Gate {
  /** Capabilities, one of which the role must hold; "any" for every signed-in staff member. */
  staff?: Capability | readonly Capability[] | "any";
  customer?: boolean;
  anonymous?: boolean;
  /** No session is read: every audience passes (the request's own credential, if any, decides). */
  everyone?: boolean;
}
export const PUBLIC: Gate = { everyone: true };

export function admits(gate: Gate, audience: Audience): boolean {
  if (gate.everyone) return true;
  if (audience.kind === "anonymous") return gate.anonymous === true;
  if (audience.kind === "customer") return gate.customer === true;
  if (gate.staff === "any") return true;
  const capabilities = typeof gate.staff === "string" ? [gate.staff] : (gate.staff ?? []);
  return capabilities.some((c) => can(audience.role, c));
}

export interface Outcome {
  status: number;
  /** tRPC's error code, a route's `error.code`, "OK" for a tRPC result, or null. */
  code: string | null;
  /** A JSON refusal: `{ error: … }` and no result (a flat `{ error: "<sentence>" }` has no code). */
  refusal: boolean;
  /** The raw body, to look for data that must not be there. */
  text: string;
  contentType: string;
}

async function outcomeOf(response: Response): Promise<Outcome> {
  const text = await response.text();
  const contentType = response.headers.get("content-type") ?? "";
  let code: string | null = null;
  let refusal = false;
  if (contentType.includes("json")) {
    try {
      const body = JSON.parse(text) as unknown;
      code = codeInBody(body);
      refusal = isRefusal(body);
    } catch {
      /* not JSON after all */
    }
  }
  return { status: response.status, code, refusal, text, contentType };
}

/** Each item's code of a tRPC batch answer. */
export function batchCodes(outcome: Outcome): string[] {
  const items = JSON.parse(outcome.text) as unknown[];
  return items.map((item) => codeInBody(item) ?? "?");
}

/** `{ error: … }` (tRPC, route handlers) or better-auth's `{ code, message }`, with no result. */
function isRefusal(body: unknown): boolean {
  if (Array.isArray(body)) return body.length > 0 && body.every(isRefusal);
  if (!body || typeof body !== "object" || "result" in body) return false;
  return "error" in body || ("code" in body && "message" in body && Object.keys(body).length === 2);
}

function codeInBody(body: unknown): string | null {
  if (Array.isArray(body)) {
    // A tRPC batch: one code when every item has it, so a refusal of the whole batch reads as one.
    const codes = new Set(body.map(codeInBody));
    return codes.size === 1 ? [...codes][0]! : "MIXED";
  }
  if (!body || typeof body !== "object") return null;
  const record = body as Record<string, unknown>;
  if ("result" in record) return "OK";
  const error = record.error as Record<string, unknown> | string | undefined;
  if (error && typeof error === "object") {
    // tRPC: { error: { json: { data: { code } } } }; route handlers: { error: { code, message } }.
    const json = error.json as { data?: { code?: unknown } } | undefined;
    if (typeof json?.data?.code === "string") return json.data.code;
    if (typeof error.code === "string") return error.code;
  }
  // better-auth: { code, message }.
  if (typeof record.code === "string" && typeof record.message === "string") return record.code;
  return null;
}

export class SweepClient {
  /** Cookie header per audience id; anonymous has none. */
  readonly cookies = new Map<string, string>();
  signInStatuses: { audience: string; status: number }[] = [];

  constructor(readonly baseUrl: string) {}

  /** Signs each signed-in audience in once, through its realm's real endpoint; throws naming any that failed. */
  async signInAll(): Promise<void> {
    await Promise.all(
      AUDIENCES.map(async (audience) => {
        if (audience.kind === "anonymous") return;
        const realm = audience.kind === "staff" ? "staff" : "customer";
        const response = await fetch(`${this.baseUrl}/api/auth/${realm}/sign-in/email`, {
          method: "POST",
          headers: { "content-type": "application/json", origin: this.baseUrl },
          body: JSON.stringify({ email: audience.email, password: DEMO_PASSWORD }),
        });
        await response.arrayBuffer();
        this.signInStatuses.push({ audience: audience.id, status: response.status });
        const cookie = response.headers
          .getSetCookie()
          .map((c) => c.split(";")[0])
          .join("; ");
        if (response.status === 200 && cookie) this.cookies.set(audience.id, cookie);
      }),
    );
    const failed = this.signInStatuses.filter((s) => s.status !== 200 || !this.cookies.has(s.audience));
    if (failed.length > 0)
      throw new Error(
        `sign-in failed for ${failed.map((f) => `${f.audience} (${f.status})`).join(", ")}` +
          (failed.some((f) => f.status === 429)
            ? ": the sign-in rate limit refused the sweep's one attempt per account"
            : ""),
      );
  }

  private headersFor(audience: Audience, extra: Record<string, string> = {}): Headers {
    const headers = new Headers(extra);
    const cookie = this.cookies.get(audience.id);
    if (cookie) headers.set("cookie", cookie);
    return headers;
  }

  /** One procedure through /api/trpc, as @trpc/client's non-batching HTTP link sends it. */
  async trpc(audience: Audience, name: string, type: "query" | "mutation", input: unknown): Promise<Outcome> {
    const encoded = input === undefined ? undefined : JSON.stringify(superjson.serialize(input));
    if (type === "query") {
      const query = encoded === undefined ? "" : `?input=${encodeURIComponent(encoded)}`;
      return outcomeOf(await fetch(`${this.baseUrl}/api/trpc/${name}${query}`, { headers: this.headersFor(audience) }));
    }
    return outcomeOf(
      await fetch(`${this.baseUrl}/api/trpc/${name}`, {
        method: "POST",
        headers: this.headersFor(audience, { "content-type": "application/json", origin: this.baseUrl }),
        body: encoded,
      }),
    );
  }

  async http(
    audience: Audience,
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: string | Uint8Array } = {},
  ): Promise<Outcome> {
    // A browser's same-origin POST carries Origin; better-auth's CSRF check would refuse it otherwise.
    const origin: Record<string, string> = method === "GET" || method === "HEAD" ? {} : { origin: this.baseUrl };
    return outcomeOf(
      await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: this.headersFor(audience, { ...origin, ...init.headers }),
        body: typeof init.body === "string" || init.body === undefined ? init.body : new Uint8Array(init.body),
        redirect: "manual",
      }),
    );
  }
}

/** Runs `work` over `items`, at most `width` at a time, keeping the order of the results. */
export async function inBatches<T, R>(items: readonly T[], width: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index]!);
      }
    }),
  );
  return results;
}
