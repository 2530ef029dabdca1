import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppServer, type AppServer } from "../support/app-server";

/**
 * The real built product: pages and API answers carry the security headers, the session token
 * never appears in JSON, and the sign-in limiter counts the socket's address through Next's
 * route handlers, whatever X-Forwarded-For the client sends.
 */
let app: AppServer;
beforeAll(async () => {
  app = await startAppServer();
});
afterAll(() => app?.stop());

function expectSecurityHeaders(headers: Headers) {
  const csp = headers.get("content-security-policy") ?? "";
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("default-src 'self'");
  expect(headers.get("x-content-type-options")).toBe("nosniff");
  expect(headers.get("referrer-policy")).toMatch(/^(strict-origin-when-cross-origin|no-referrer)$/);
  expect(headers.get("permissions-policy")).toMatch(/geolocation=\(self\)/);
  expect(headers.get("permissions-policy")).toMatch(/camera=\(self\)/);
  // Served over plain http here: no HSTS.
  expect(headers.get("strict-transport-security")).toBeNull();
}

const signIn = (email: string, password: string, headers: Record<string, string> = {}) =>
  fetch(`${app.baseUrl}/api/auth/staff/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: app.baseUrl, ...headers },
    body: JSON.stringify({ email, password }),
  });

describe("security headers", () => {
  it("on a page", async () => {
    const response = await fetch(`${app.baseUrl}/sign-in`);
    expect(response.status).toBe(200);
    expectSecurityHeaders(response.headers);
  });

  it("on an API route and on tRPC", async () => {
    expectSecurityHeaders((await fetch(`${app.baseUrl}/api/auth/staff/get-session`)).headers);
    expectSecurityHeaders((await fetch(`${app.baseUrl}/api/trpc/session.whoami`)).headers);
  });
});

describe("the session token", () => {
  it("is in the httpOnly cookie only, never in sign-in's or get-session's JSON", async () => {
    const response = await signIn("dispatcher@demo.test", "demo-password-2026");
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.includes("session_token="))!;
    expect(cookie).toMatch(/HttpOnly/i);
    const token = decodeURIComponent(/session_token=([^;.]+)/.exec(cookie)![1]!);
    expect(await response.text()).not.toContain(token);
    const session = await fetch(`${app.baseUrl}/api/auth/staff/get-session`, {
      headers: { cookie: cookie.split(";")[0]! },
    });
    const text = await session.text();
    expect(JSON.parse(text)).toMatchObject({ user: { email: "dispatcher@demo.test" } });
    expect(text).not.toContain(token);
  });
});

describe("the sign-in limiter behind Next", () => {
  it("does not refuse an office signing in its staff one after another", async () => {
    const accounts = ["admin@demo.test", "dispatcher@demo.test", "dispatcher2@demo.test", "technician@demo.test"];
    for (const email of [...accounts, ...accounts])
      expect((await signIn(email, "demo-password-2026")).status, email).toBe(200);
  });

  it("a different X-Forwarded-For on each attempt does not reset it", async () => {
    let status = 0;
    let attempts = 0;
    for (; attempts < 40 && status !== 429; attempts++) {
      const response = await signIn(`nobody-${attempts}@demo.test`, "wrong-password-2026", {
        "x-forwarded-for": `203.0.113.${attempts}`,
      });
      status = response.status;
      if (status === 429) expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
      else expect(status).toBe(401);
    }
    expect(status).toBe(429);
    expect(attempts).toBeLessThanOrEqual(31);
  });
});
