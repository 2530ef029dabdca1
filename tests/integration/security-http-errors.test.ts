import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/trpc/root";
import { createContext, type Context } from "@/server/trpc/context";
import { createSeededRuntime, signIn, TEST_BASE_URL, type TestRuntime } from "../support/test-runtime";

/**
 * Internal errors never reach the caller over tRPC's HTTP transport: an id past Postgres's
 * `integer` is refused as bad input before any query, and a failure the code did not foresee
 * answers a generic sentence with a request id (the cause goes to the log under that id).
 */
let runtime: TestRuntime;
let customerHeaders: Headers;
beforeAll(async () => {
  runtime = await createSeededRuntime();
  const signedIn = await signIn(runtime, "customer", "customer@demo.test");
  expect(signedIn.status).toBe(200);
  customerHeaders = signedIn.headers;
});
afterAll(() => runtime?.close());

type Shape = { error: { message: string; code: number; data: Record<string, unknown> & { code: string } } };
type Wire = { error: { json: Shape["error"] } };

async function call(
  procedure: string,
  input: unknown,
  options: { language?: string; context?: (ctx: Context) => Context } = {},
): Promise<{ status: number; body: Shape; text: string }> {
  const query = encodeURIComponent(JSON.stringify({ json: input }));
  const headers = new Headers(customerHeaders);
  headers.set("accept-language", options.language ?? "fr");
  const req = new Request(`${TEST_BASE_URL}/api/trpc/${procedure}?input=${query}`, { headers });
  const response = await fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: async () => (options.context ?? ((ctx) => ctx))(await createContext(runtime, req.headers)),
  });
  const text = await response.text();
  // superjson wraps the error shape in `json`.
  return { status: response.status, body: { error: (JSON.parse(text) as Wire).error.json }, text };
}

describe("record ids over tRPC HTTP", () => {
  it.each([2147483648, 2 ** 53, 1e20])("portal.invoice with id %d is bad input, and no SQL is quoted", async (id) => {
    const { status, body, text } = await call("portal.invoice", { id });
    expect(status).toBe(400);
    expect(body.error.data.code).toBe("BAD_REQUEST");
    expect(text).not.toMatch(/select|from "|params|invoices/i);
  });

  it("the largest integer id is a valid input (an invoice that does not exist)", async () => {
    const { status, body } = await call("portal.invoice", { id: 2147483647 });
    expect(status).toBe(404);
    expect(body.error.data.code).toBe("NOT_FOUND");
  });
});

describe("an unforeseen failure", () => {
  const failingDb = (ctx: Context): Context => ({
    ...ctx,
    db: new Proxy(ctx.db, {
      get() {
        throw new Error('Failed query: select "secret_column" from "invoices" where "id" = $1\nparams: 42');
      },
    }),
  });

  it("answers the generic translated sentence with a request id, never the error's text", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      for (const [language, sentence] of [
        ["fr", /Une erreur inattendue s'est produite/],
        ["en", /Something unexpected went wrong/],
      ] as const) {
        const { status, body, text } = await call("portal.invoice", { id: 1 }, { language, context: failingDb });
        expect(status).toBe(500);
        expect(body.error.data.code).toBe("INTERNAL_SERVER_ERROR");
        expect(text).not.toMatch(/secret_column|Failed query|params: 42/);
        expect(body.error.data.stack).toBeUndefined();
        expect(body.error.message).toMatch(sentence);
        const requestId = body.error.data.requestId;
        expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
        expect(body.error.message).toContain(String(requestId));
        // The cause is in the log, under the same id.
        const line = logged.mock.calls.find((args) => String(args[0]).includes(String(requestId)));
        expect(line).toBeDefined();
        expect(String(line!.slice(1).map(String))).toContain("secret_column");
      }
    } finally {
      logged.mockRestore();
    }
  });
});
