import { createTranslator } from "use-intl/core";
import { z } from "zod";
import { getRuntime, type Runtime } from "../runtime";
import { createContext, serviceDepsOf, type CustomerSession, type StaffSession } from "../trpc/context";
import type { MessageParams } from "../services/errors";
import type { ServiceDeps } from "../services/deps";
import { can, type Capability } from "../../lib/domain/capabilities";
import { messagesFor } from "../../i18n/catalog";
import { MAX_RECORD_ID } from "../../lib/schemas/ids";
import { localeOfHeaders, type Locale } from "../../i18n/request-locale";
import { toActionError, zodReason, type ActionErrorCode, type Translate } from "./action-errors";

/**
 * The one mapping from a route handler's request to HTTP (in the spirit of dub's
 * `withWorkspace`): the wrapper reads the runtime and the sessions once, refuses who may not call
 * (401 nobody in the realm, 403 the other realm or a role without the capability), parses the
 * route's params (400 with the reason), and maps whatever the handler throws through the one
 * error vocabulary (server/services/errors.ts, as action-errors does): not_found 404,
 * forbidden 403, conflict 409, invalid 400, unavailable 503; anything else 500 with a generic
 * sentence quoting the request id under which the cause was logged. Every refusal is
 * `{ error: { code, message } }`, the message in the request's language (locale cookie, then
 * Accept-Language, as the pages choose it).
 */

/** A route id: a positive integer that fits a Postgres `integer` (and so is a safe integer). */
export const idParam = z
  .string()
  .regex(/^[1-9]\d{0,9}$/, { error: "errors.http.id" })
  .transform(Number)
  .refine((id) => id <= MAX_RECORD_ID, { error: "errors.http.id" });

export type HttpErrorCode = ActionErrorCode | "gone";

const STATUS_OF_CODE: Record<ActionErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid: 400,
  unavailable: 503,
  internal: 500,
};

/** Builds a refusal in the request's language, with the route's headers. */
export type Refuse = (status: number, code: HttpErrorCode, key: string, params?: MessageParams) => Response;

export interface RouteOptions<P extends z.ZodType> {
  /** The route's dynamic segments, e.g. `z.object({ id: idParam })`. */
  params?: P;
  /** Headers on every answer; a handler's own Response keeps its values (e.g. cache-control). */
  headers?: Record<string, string>;
  /**
   * "flat": `{ error: "<sentence>" }`, for a client already in the field that reads `error` as a
   * string (the technician phone's upload queue, components/tech/tech-api.ts). Default "nested".
   */
  errorBody?: "nested" | "flat";
}

export interface RouteArgs<P> {
  req: Request;
  deps: ServiceDeps;
  params: P;
  locale: Locale;
  refuse: Refuse;
}

type Segments = Record<string, string | string[] | undefined>;
/** What Next (and a test) calls: a route without dynamic segments may be called with the request alone. */
export type RouteHandler = (req: Request, context?: { params: Promise<Segments> }) => Promise<Response>;

type Access<A> = { ok: true; actor: A } | { ok: false; status: 401 | 403; key: string };
type Handler<A, P extends z.ZodType> = (args: RouteArgs<z.output<P>> & A) => Promise<Response>;

const NO_PARAMS = z.object({});

/** The request's language, chosen as i18n/request.ts chooses a page's. */
export function localeOfRequest(req: Request): Locale {
  return localeOfHeaders(req.headers);
}

export function translatorFor(locale: Locale): Translate {
  return createTranslator({ locale, messages: messagesFor(locale) }) as unknown as Translate;
}

function withDefaults(response: Response, headers: Record<string, string>): Response {
  try {
    for (const [name, value] of Object.entries(headers))
      if (!response.headers.has(name)) response.headers.set(name, value);
  } catch {
    // An immutable Response (Response.redirect, a proxied fetch) keeps its own headers.
  }
  return response;
}

function route<A, P extends z.ZodType>(
  options: RouteOptions<P>,
  access: (runtime: Runtime, req: Request) => Promise<Access<A>>,
  handler: Handler<A, P>,
): RouteHandler {
  const headers = options.headers ?? {};
  // Without a schema, the handler's P is the default, NO_PARAMS.
  const schema = (options.params ?? NO_PARAMS) as P;
  return async (req, context) => {
    const locale = localeOfRequest(req);
    const t = translatorFor(locale);
    const answer = (status: number, code: HttpErrorCode, message: string, requestId: string | null = null) => {
      const extra = requestId ? { requestId } : {};
      const body = options.errorBody === "flat" ? { error: message, ...extra } : { error: { code, message, ...extra } };
      return Response.json(body, { status, headers });
    };
    const refuse: Refuse = (status, code, key, params) => answer(status, code, t(key, params));
    try {
      const runtime = await getRuntime();
      const allowed = await access(runtime, req);
      if (!allowed.ok)
        return refuse(allowed.status, allowed.status === 401 ? "unauthorized" : "forbidden", allowed.key);
      const params = schema.safeParse((await context?.params) ?? {});
      if (!params.success)
        return refuse(400, "invalid", "errors.http.badParams", { reason: zodReason(params.error, t) });
      const args = { req, deps: serviceDepsOf(runtime), params: params.data, locale, refuse };
      return withDefaults(await handler({ ...args, ...allowed.actor }), headers);
    } catch (error) {
      const failure = toActionError(error, t, `${req.method} ${new URL(req.url).pathname}`);
      return answer(STATUS_OF_CODE[failure.code], failure.code, failure.message, failure.requestId);
    }
  };
}

async function sessionsOf(runtime: Runtime, req: Request) {
  const { staff, customer } = await createContext(runtime, req.headers);
  return { staff, customer };
}

/**
 * A staff member whose role holds `capability` (or one of several: a technician reads their own
 * jobs' photos with "tech.work", the office any job's with "jobs.files.read"); record scoping
 * stays in the service.
 */
export function withStaff<P extends z.ZodType = typeof NO_PARAMS>(
  capability: Capability | readonly Capability[],
  options: RouteOptions<P>,
  handler: Handler<{ staff: StaffSession }, P>,
): RouteHandler {
  const capabilities: readonly Capability[] = typeof capability === "string" ? [capability] : capability;
  return route(
    options,
    async (runtime, req): Promise<Access<{ staff: StaffSession }>> => {
      const { staff, customer } = await sessionsOf(runtime, req);
      if (!staff)
        return customer
          ? { ok: false, status: 403, key: "errors.http.staffOnly" }
          : { ok: false, status: 401, key: "errors.http.signIn" };
      if (!capabilities.some((c) => can(staff.role, c))) return { ok: false, status: 403, key: "errors.forbidden" };
      return { ok: true, actor: { staff } };
    },
    handler,
  );
}

/** A signed-in customer; the service scopes every record to `customer.customerId`. */
export function withCustomer<P extends z.ZodType = typeof NO_PARAMS>(
  options: RouteOptions<P>,
  handler: Handler<{ customer: CustomerSession }, P>,
): RouteHandler {
  return route(
    options,
    async (runtime, req): Promise<Access<{ customer: CustomerSession }>> => {
      const { staff, customer } = await sessionsOf(runtime, req);
      if (!customer)
        return staff
          ? { ok: false, status: 403, key: "errors.http.customerOnly" }
          : { ok: false, status: 401, key: "errors.http.signIn" };
      return { ok: true, actor: { customer } };
    },
    handler,
  );
}

/**
 * Someone signed in to either realm (both can be, from one browser): for a resource both reach,
 * such as an invoice's PDF, where the service decides what each may see.
 */
export function withSignedIn<P extends z.ZodType = typeof NO_PARAMS>(
  options: RouteOptions<P>,
  handler: Handler<{ staff: StaffSession | null; customer: CustomerSession | null }, P>,
): RouteHandler {
  return route(
    options,
    async (runtime, req): Promise<Access<{ staff: StaffSession | null; customer: CustomerSession | null }>> => {
      const sessions = await sessionsOf(runtime, req);
      if (!sessions.staff && !sessions.customer) return { ok: false, status: 401, key: "errors.http.signIn" };
      return { ok: true, actor: sessions };
    },
    handler,
  );
}

/** No session is read: the URL itself is the credential (a tracking token) or the handler checks a signature (webhooks). */
export function withPublic<P extends z.ZodType = typeof NO_PARAMS>(
  options: RouteOptions<P>,
  handler: Handler<object, P>,
): RouteHandler {
  return route(options, () => Promise.resolve({ ok: true, actor: {} }), handler);
}
