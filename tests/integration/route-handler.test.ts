import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { setRuntime } from "@/server/runtime";
import { NotFoundError, RecordAccessError, ServiceError } from "@/server/services/errors";
import {
  idParam,
  withCustomer,
  withPublic,
  withSignedIn,
  withStaff,
  type RouteHandler,
} from "@/server/web/route-handler";
import { createSeededRuntime, signIn, TEST_BASE_URL, type TestRuntime } from "../support/test-runtime";

/**
 * The route-handler wrapper (server/web/route-handler.ts) over real sessions of both realms:
 * who is refused with which status, how params are parsed, and how a thrown error becomes an
 * answer in the request's language without ever showing an internal error's text.
 */
let base: TestRuntime;
const session: Record<string, Headers> = {};

/** A staff route over invoices: `id` 404 throws NotFoundError, 409 a conflict, 503 an outage, 500 a bug. */
const staffRoute = withStaff(
  "billing.read",
  {
    params: z.object({ id: idParam }),
    headers: { "cache-control": "private, no-store" },
  },
  ({ staff, params: { id }, deps }) => {
    if (id === 404) return Promise.reject(new NotFoundError("Invoice", id));
    if (id === 403) return Promise.reject(new RecordAccessError("not yours"));
    if (id === 409)
      return Promise.reject(
        new ServiceError("conflict", "stale", { key: "errors.checklists.stale", params: { who: "Marie" } }),
      );
    if (id === 503)
      return Promise.reject(
        new ServiceError("unavailable", "stripe down", { key: "errors.paymentGatewayUnavailable" }),
      );
    if (id === 500) return Promise.reject(new Error("connection refused to 10.0.0.5 password=hunter2"));
    return Promise.resolve(
      Response.json(
        { id, role: staff.role, hasDb: deps.db !== undefined },
        { headers: { "cache-control": "private, max-age=60" } },
      ),
    );
  },
);
const customerRoute = withCustomer({}, ({ customer }) =>
  Promise.resolve(Response.json({ customerId: customer.customerId })),
);
const eitherRoute = withSignedIn({}, ({ staff, customer }) =>
  Promise.resolve(Response.json({ staff: staff?.role ?? null, customer: customer?.customerId ?? null })),
);
const publicRoute = withPublic({}, () => Promise.resolve(new Response("ok")));
const flatRoute = withStaff("billing.read", { errorBody: "flat" }, () => Promise.reject(new NotFoundError("Job", 7)));

function call(handler: RouteHandler, options: { as?: string; id?: string; language?: string; cookie?: string } = {}) {
  const headers = new Headers(options.as ? session[options.as] : {});
  if (options.language) headers.set("accept-language", options.language);
  if (options.cookie) headers.set("cookie", [headers.get("cookie"), options.cookie].filter(Boolean).join("; "));
  const request = new Request(`${TEST_BASE_URL}/api/test/${options.id ?? ""}`, { headers });
  return handler(request, { params: Promise.resolve(options.id === undefined ? {} : { id: options.id }) });
}
async function refusal(response: Promise<Response>) {
  const answer = await response;
  return {
    status: answer.status,
    body: (await answer.json()) as { error: { code: string; message: string; requestId?: string } },
  };
}

beforeAll(async () => {
  base = await createSeededRuntime();
  setRuntime(base);
  for (const email of ["billing", "dispatcher"])
    session[email] = (await signIn(base, "staff", `${email}@demo.test`)).headers;
  session.customer = (await signIn(base, "customer", "customer@demo.test")).headers;
});
afterEach(() => vi.restoreAllMocks());
afterAll(async () => {
  await base?.close();
});

describe("who may call", () => {
  it("answers 401 with no session of the realm, in French by default and in English when asked", async () => {
    expect(await refusal(call(staffRoute, { id: "1" }))).toEqual({
      status: 401,
      body: { error: { code: "unauthorized", message: "Connectez-vous d'abord." } },
    });
    expect((await refusal(call(staffRoute, { id: "1", language: "en-CA,en;q=0.9" }))).body.error.message).toBe(
      "Sign in first.",
    );
    expect((await refusal(call(customerRoute))).status).toBe(401);
    expect((await refusal(call(eitherRoute))).status).toBe(401);
  });

  it("answers 403 to the other realm", async () => {
    expect(await refusal(call(staffRoute, { as: "customer", id: "1", language: "en" }))).toEqual({
      status: 403,
      body: { error: { code: "forbidden", message: "This address is for staff: sign in with a staff account." } },
    });
    expect((await refusal(call(customerRoute, { as: "billing" }))).body.error).toMatchObject({
      code: "forbidden",
      message: expect.stringContaining("portail client"),
    });
  });

  it("answers 403 to a role without the capability, before looking at the params", async () => {
    expect(await refusal(call(staffRoute, { as: "dispatcher", id: "abc", language: "en" }))).toEqual({
      status: 403,
      body: { error: { code: "forbidden", message: "Your role cannot do this." } },
    });
  });

  it("hands the session of its realm to the handler, and leaves the handler's own headers alone", async () => {
    const answer = await call(staffRoute, { as: "billing", id: "42" });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ id: 42, role: "billing", hasDb: true });
    expect(answer.headers.get("cache-control")).toBe("private, max-age=60");
    expect(await (await call(customerRoute, { as: "customer" })).json()).toMatchObject({
      customerId: expect.any(Number),
    });
    expect(await (await call(eitherRoute, { as: "billing" })).json()).toEqual({ staff: "billing", customer: null });
    expect(await (await call(publicRoute)).text()).toBe("ok");
  });
});

describe("params", () => {
  it.each(["abc", "0", "-1", "1.5", "007", "2147483648", "99999999999"])(
    "refuses the id %j with 400 and the reason",
    async (id) => {
      const answer = await call(staffRoute, { as: "billing", id, language: "en" });
      expect(answer.status).toBe(400);
      expect(answer.headers.get("cache-control")).toBe("private, no-store");
      expect(await answer.json()).toEqual({
        error: { code: "invalid", message: "Invalid address: id: must be a whole number from 1 to 2147483647" },
      });
    },
  );

  it("accepts the largest Postgres integer", async () => {
    expect(await (await call(staffRoute, { as: "billing", id: "2147483647" })).json()).toMatchObject({
      id: 2_147_483_647,
    });
  });
});

describe("thrown errors", () => {
  it("maps a NotFoundError to 404 with its key translated, the locale cookie before Accept-Language", async () => {
    expect(await refusal(call(staffRoute, { as: "billing", id: "404", language: "en" }))).toEqual({
      status: 404,
      body: { error: { code: "not_found", message: "Invoice 404 no longer exists. Reload the page." } },
    });
    const french = await refusal(call(staffRoute, { as: "billing", id: "404", language: "en", cookie: "locale=fr" }));
    expect(french.body.error.message).toBe("La facture 404 n'existe plus. Rechargez la page.");
  });

  it("maps the other service codes to 403, 409 and 503", async () => {
    const statuses = await Promise.all(
      ["403", "409", "503"].map(async (id) => {
        const { status, body } = await refusal(call(staffRoute, { as: "billing", id, language: "en" }));
        return [status, body.error.code];
      }),
    );
    expect(statuses).toEqual([
      [403, "forbidden"],
      [409, "conflict"],
      [503, "unavailable"],
    ]);
    expect(
      (await refusal(call(staffRoute, { as: "billing", id: "409", language: "en" }))).body.error.message,
    ).toContain("Marie saved this checklist");
  });

  it("answers 500 with a generic sentence quoting a request id, and logs the cause under that id", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const { status, body } = await refusal(call(staffRoute, { as: "billing", id: "500" }));
    expect(status).toBe(500);
    expect(body.error.code).toBe("internal");
    expect(body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.error.message).toContain(body.error.requestId);
    expect(JSON.stringify(body)).not.toMatch(/hunter2|10\.0\.0\.5|connection refused/);
    expect(log).toHaveBeenCalledWith(
      expect.stringContaining(body.error.requestId!),
      expect.objectContaining({ message: expect.stringContaining("hunter2") }),
    );
  });

  it("writes the flat body for clients that read `error` as a sentence", async () => {
    const answer = await call(flatRoute, { as: "billing", language: "en" });
    expect(answer.status).toBe(404);
    expect(await answer.json()).toEqual({ error: "Job 7 no longer exists. Reload the page." });
  });
});
