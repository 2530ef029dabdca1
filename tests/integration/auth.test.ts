import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { portalSessions, portalUsers, staffSessions } from "@/server/db/schema";
import { createContext } from "@/server/trpc/context";
import { createSeededRuntime, signIn, TEST_BASE_URL, type TestRuntime } from "../support/test-runtime";

let runtime: TestRuntime;
beforeAll(async () => {
  runtime = await createSeededRuntime();
});
afterAll(() => runtime?.close());

const sessionCounts = async () => ({
  staff: (await runtime.database.db.select().from(staffSessions)).length,
  portal: (await runtime.database.db.select().from(portalSessions)).length,
});

describe("staff realm", () => {
  it("signs in every demo staff account with its role", async () => {
    for (const [email, role] of [
      ["admin@demo.test", "admin"],
      ["dispatcher@demo.test", "dispatcher"],
      ["dispatcher2@demo.test", "dispatcher"],
      ["technician@demo.test", "technician"],
      ["billing@demo.test", "billing"],
      ["support@demo.test", "support"],
    ] as const) {
      const result = await signIn(runtime, "staff", email);
      expect(result.status, email).toBe(200);
      const ctx = await createContext(runtime, result.headers);
      expect(ctx.staff).toMatchObject({ email, role });
      expect(ctx.customer).toBeNull();
    }
  });

  it("refuses a wrong password with 401 and creates no session", async () => {
    const before = await sessionCounts();
    const result = await signIn(runtime, "staff", "billing@demo.test", "wrong-password-2026");
    expect(result.status).toBe(401);
    expect(JSON.stringify(result.body)).toMatch(/invalid email or password/i);
    expect(await sessionCounts()).toEqual(before);
  });

  it("refuses an unknown email the same way as a wrong password", async () => {
    const result = await signIn(runtime, "staff", "nobody@demo.test");
    expect(result.status).toBe(401);
  });

  it("does not let anyone sign up", async () => {
    const response = await runtime.staffAuth.handler(
      new Request(`${TEST_BASE_URL}/api/auth/staff/sign-up/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: TEST_BASE_URL },
        body: JSON.stringify({ email: "intruder@example.com", password: "a-long-password-2026", name: "Intruder" }),
      }),
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    const signInAfter = await signIn(runtime, "staff", "intruder@example.com", "a-long-password-2026");
    expect(signInAfter.status).toBe(401);
  });
});

describe("the two realms never share a sign-in or a session", () => {
  it("a customer cannot sign in on the staff realm", async () => {
    expect((await signIn(runtime, "staff", "customer@demo.test")).status).toBe(401);
  });

  it("a staff member cannot sign in on the customer realm", async () => {
    expect((await signIn(runtime, "customer", "billing@demo.test")).status).toBe(401);
  });

  it("a customer session is only a customer session", async () => {
    const result = await signIn(runtime, "customer", "customer@demo.test");
    expect(result.status).toBe(200);
    const ctx = await createContext(runtime, result.headers);
    const [user] = await runtime.database.db
      .select()
      .from(portalUsers)
      .where(eq(portalUsers.email, "customer@demo.test"));
    expect(ctx.customer).toMatchObject({ email: "customer@demo.test", customerId: user!.customerId });
    expect(ctx.staff).toBeNull();
  });

  it("a staff cookie renamed to the customer cookie is not accepted", async () => {
    const staff = await signIn(runtime, "staff", "admin@demo.test");
    const forged = new Headers({ cookie: staff.headers.get("cookie")!.replaceAll("staff.", "portal.") });
    const ctx = await createContext(runtime, forged);
    expect(ctx.customer).toBeNull();
    expect(ctx.staff).toBeNull();
  });

  it("signing out ends the session", async () => {
    const staff = await signIn(runtime, "staff", "support@demo.test");
    const response = await runtime.staffAuth.handler(
      new Request(`${TEST_BASE_URL}/api/auth/staff/sign-out`, {
        method: "POST",
        headers: { cookie: staff.headers.get("cookie")!, origin: TEST_BASE_URL, "content-type": "application/json" },
        body: "{}",
      }),
    );
    expect(response.status).toBe(200);
    expect((await createContext(runtime, staff.headers)).staff).toBeNull();
  });
});
