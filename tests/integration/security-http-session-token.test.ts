import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSeededRuntime, signIn, TEST_BASE_URL, type TestRuntime } from "../support/test-runtime";

/**
 * The session token lives in an httpOnly cookie only: no JSON answer of either realm hands it to
 * the page's scripts (an XSS could otherwise carry the session away).
 */
let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await createSeededRuntime();
});
afterAll(() => runtime?.close());

describe.each([
  ["staff", "dispatcher@demo.test"],
  ["customer", "customer@demo.test"],
] as const)("%s realm", (realm, email) => {
  it("sign-in's JSON has the user but no token, and the cookie is httpOnly", async () => {
    const auth = realm === "staff" ? runtime.staffAuth : runtime.customerAuth;
    const response = await auth.handler(
      new Request(`${TEST_BASE_URL}/api/auth/${realm}/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: TEST_BASE_URL },
        body: JSON.stringify({ email, password: "demo-password-2026" }),
      }),
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body.user).toMatchObject({ email });
    expect(body).not.toHaveProperty("token");
    const sessionCookie = response.headers.getSetCookie().find((c) => /session_token=/.test(c));
    expect(sessionCookie).toMatch(/HttpOnly/i);
  });

  it("get-session's JSON has the session and user but no token", async () => {
    const { headers } = await signIn(runtime, realm, email);
    const auth = realm === "staff" ? runtime.staffAuth : runtime.customerAuth;
    const response = await auth.handler(new Request(`${TEST_BASE_URL}/api/auth/${realm}/get-session`, { headers }));
    expect(response.status).toBe(200);
    const text = await response.text();
    const cookieToken = decodeURIComponent(/session_token=([^;.]+)/.exec(headers.get("cookie") ?? "")![1]!);
    const body = JSON.parse(text) as { session: Record<string, unknown>; user: Record<string, unknown> };
    expect(body.user).toMatchObject({ email });
    expect(body.session.userId).toBe(body.user.id);
    expect(body.session).not.toHaveProperty("token");
    expect(text).not.toContain(cookieToken);
  });

  it("list-sessions's JSON has no token", async () => {
    const { headers } = await signIn(runtime, realm, email);
    const auth = realm === "staff" ? runtime.staffAuth : runtime.customerAuth;
    const response = await auth.handler(new Request(`${TEST_BASE_URL}/api/auth/${realm}/list-sessions`, { headers }));
    const text = await response.text();
    const cookieToken = decodeURIComponent(/session_token=([^;.]+)/.exec(headers.get("cookie") ?? "")![1]!);
    expect(text).not.toContain(cookieToken);
  });
});
