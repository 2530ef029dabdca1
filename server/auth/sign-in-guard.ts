import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { createTranslator } from "use-intl/core";
import type { Database } from "../db/client";
import { countSignInAttempt, forgiveSignInAttempt, type AttemptLimit } from "../services/auth/sign-in-attempts";
import { CLIENT_ADDRESS_HEADER } from "../web/front-door";
import { messagesFor } from "../../i18n/catalog";
import { localeOfHeaders } from "../../i18n/request-locale";

/**
 * Password guessing is limited per client address and per account, in counters every instance
 * shares (the database). An address may fail many times (an office behind one address signs in many
 * people, and successes are given back); one account may fail only a few times, from anywhere.
 */
export const SIGN_IN_LIMITS = {
  perAddress: { max: 30, windowSeconds: 15 * 60 },
  perAccount: { max: 5, windowSeconds: 15 * 60 },
} as const;

const SIGN_IN_PATH = "/sign-in/email";
/** Endpoints whose JSON would otherwise carry the session token to the page's scripts. */
const SESSION_TOKEN_PATHS = new Set(["/get-session", "/sign-in/email", "/list-sessions", "/magic-link/verify"]);

/**
 * The bucket of a client address: IPv6 clients get a whole /64 each (what one subscriber line
 * receives), so that cycling through one's own addresses does not buy more guesses.
 */
export function addressBucket(address: string): string {
  if (!address.includes(":")) return address;
  const [head, tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((group) => group.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}

function limitsFor(realm: string, address: string, email: string): AttemptLimit[] {
  return [
    { key: `${realm}:ip:${addressBucket(address)}`, ...SIGN_IN_LIMITS.perAddress },
    { key: `${realm}:account:${email}`, ...SIGN_IN_LIMITS.perAccount },
  ];
}

function emailOf(body: unknown): string {
  const email = (body as { email?: unknown } | undefined)?.email;
  return typeof email === "string" ? email.trim().toLowerCase() : "";
}

function refusal(headers: Headers, retryAfterSeconds: number): APIError {
  const locale = localeOfHeaders(headers);
  const t = createTranslator({ locale, messages: messagesFor(locale) }) as unknown as (
    key: string,
    params: Record<string, number>,
  ) => string;
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return new APIError(
    "TOO_MANY_REQUESTS",
    { code: "TOO_MANY_SIGN_IN_ATTEMPTS", message: t("errors.http.tooManySignIns", { minutes }), retryAfterSeconds },
    { "Retry-After": String(retryAfterSeconds) },
  );
}

function withoutToken(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutToken);
  if (!value || typeof value !== "object") return value;
  const { token: _token, ...rest } = value as Record<string, unknown>;
  if (rest.session && typeof rest.session === "object") rest.session = withoutToken(rest.session);
  return rest;
}

/**
 * The sign-in limiter and the session token's removal from JSON, for one realm. The address is the
 * one server/main.ts stamped from the socket (server/web/front-door.ts), never a header the client
 * wrote; a request without it (an in-process call) shares the "unknown" bucket.
 */
export function signInGuard(db: Database, realm: "staff" | "customer"): BetterAuthPlugin {
  return {
    id: "sign-in-guard",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path === SIGN_IN_PATH,
          handler: createAuthMiddleware(async (ctx) => {
            const headers = ctx.request?.headers ?? ctx.headers;
            if (!headers) return;
            const address = headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
            const verdict = await countSignInAttempt(db, limitsFor(realm, address, emailOf(ctx.body)), new Date());
            if (!verdict.allowed) throw refusal(headers, verdict.retryAfterSeconds);
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === SIGN_IN_PATH,
          handler: createAuthMiddleware(async (ctx) => {
            const headers = ctx.request?.headers ?? ctx.headers;
            const returned: unknown = ctx.context.returned;
            if (!headers || isAPIError(returned) || returned instanceof Error) return;
            const [address, account] = limitsFor(
              realm,
              headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown",
              emailOf(ctx.body),
            );
            await forgiveSignInAttempt(db, { returned: [address!.key], cleared: [account!.key] });
          }),
        },
        {
          matcher: (ctx) => SESSION_TOKEN_PATHS.has(ctx.path ?? ""),
          handler: createAuthMiddleware(async (ctx) => {
            const returned: unknown = ctx.context.returned;
            if (!returned || isAPIError(returned) || returned instanceof Response) return;
            return ctx.json(withoutToken(returned) as Record<string, unknown>);
          }),
        },
      ],
    },
  };
}
