import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { auditLog, customers, portalUsers, serviceLocations, staffUsers } from "@/server/db/schema";
import type { Context } from "@/server/trpc/context";
import type { StaffRole } from "@/server/services/actor";
import { STAFF_ROLES } from "@/lib/domain/roles";
import { callerWithContext, createSeededRuntime, type TestRuntime } from "../support/test-runtime";

/**
 * The first layer of access: every procedure against every kind of caller.
 * Contexts are built directly so this tests the procedure builders, not the sign-in.
 */
let runtime: TestRuntime;
let demoCustomerId: number;
let demoLocationId: number;
const staffIdByRole = new Map<StaffRole, string>();
let customerCtx: Context;

type Caller = ReturnType<typeof callerWithContext>;
const today = new Date().toISOString().slice(0, 10);
const PROCEDURES: Array<{ name: string; allowed: Array<StaffRole | "customer" | "anonymous">; call: (c: Caller) => Promise<unknown> }> = [
  { name: "session.whoami", allowed: [...STAFF_ROLES, "customer", "anonymous"], call: (c) => c.session.whoami() },
  { name: "customers.search", allowed: ["admin", "billing", "support", "dispatcher"], call: (c) => c.customers.search({ q: "demo.test", field: "email", limit: 5 }) },
  { name: "customers.get360", allowed: ["admin", "billing", "support", "dispatcher"], call: (c) => c.customers.get360({ customerId: demoCustomerId }) },
  { name: "customers.updateContact", allowed: ["admin", "billing", "support"], call: (c) => c.customers.updateContact({ customerId: demoCustomerId, language: "fr" }) },
  { name: "tickets.list", allowed: ["admin", "billing", "support", "dispatcher"], call: (c) => c.tickets.list({ limit: 5 }) },
  { name: "billing.invoices", allowed: ["admin", "billing"], call: (c) => c.billing.invoices({ limit: 5 }) },
  // Runs before billing.run, which reads the run this one creates.
  { name: "billing.startRun", allowed: ["admin", "billing"], call: (c) => c.billing.startRun({ runDate: "2026-12-01" }) },
  { name: "billing.run", allowed: ["admin", "billing"], call: (c) => c.billing.run({ id: 1 }) },
  { name: "dispatch.day", allowed: ["admin", "dispatcher", "support"], call: (c) => c.dispatch.day({ date: today }) },
  { name: "dispatch.myDay", allowed: ["admin", "technician"], call: (c) => c.dispatch.myDay({ date: today }) },
  { name: "portal.account", allowed: ["customer"], call: (c) => c.portal.account() },
  {
    name: "dispatch.createJob", allowed: ["admin", "dispatcher"],
    call: (c) => c.dispatch.createJob({ locationId: demoLocationId, kind: "repair", title: "Access check", durationMin: 60, windowStart: "2026-12-01T13:00:00Z", windowEnd: "2026-12-01T17:00:00Z" }),
  },
];

function staffCtx(role: StaffRole): Context {
  return { db: runtime.database.db, customer: null, staff: { userId: staffIdByRole.get(role)!, name: role, email: `${role}@demo.test`, role } };
}

async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

beforeAll(async () => {
  runtime = await createSeededRuntime();
  const db = runtime.database.db;
  for (const role of STAFF_ROLES) {
    const [user] = await db.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.role, role)).limit(1);
    staffIdByRole.set(role, user!.id);
  }
  const [portalUser] = await db.select().from(portalUsers).where(eq(portalUsers.email, "customer@demo.test"));
  demoCustomerId = portalUser!.customerId;
  [{ id: demoLocationId }] = (await db.select({ id: serviceLocations.id }).from(serviceLocations).where(eq(serviceLocations.customerId, demoCustomerId)).limit(1)) as [{ id: number }];
  customerCtx = { db, staff: null, customer: { userId: portalUser!.id, name: portalUser!.name, email: portalUser!.email, customerId: portalUser!.customerId } };
});
afterAll(() => runtime?.close());

describe.each(PROCEDURES)("$name", ({ allowed, call }) => {
  it.each(STAFF_ROLES.map((role) => [role]))("as %s", async (role) => {
    const code = await codeOf(call(callerWithContext(staffCtx(role))));
    expect(code).toBe(allowed.includes(role) ? "OK" : "FORBIDDEN");
  });

  it("as a signed-in customer", async () => {
    const code = await codeOf(call(callerWithContext(customerCtx)));
    expect(code).toBe(allowed.includes("customer") ? "OK" : "FORBIDDEN");
  });

  it("anonymously", async () => {
    const code = await codeOf(call(callerWithContext({ db: runtime.database.db, staff: null, customer: null })));
    expect(code).toBe(allowed.includes("anonymous") ? "OK" : "UNAUTHORIZED");
  });
});

describe("denied calls change nothing", () => {
  it("a technician's contact update is refused before it reaches the database", async () => {
    const db = runtime.database.db;
    const [before] = await db.select().from(customers).where(eq(customers.id, demoCustomerId));
    const auditBefore = await db.select().from(auditLog);
    const code = await codeOf(callerWithContext(staffCtx("technician")).customers.updateContact({ customerId: demoCustomerId, email: "pirate@example.com" }));
    expect(code).toBe("FORBIDDEN");
    const [after] = await db.select().from(customers).where(eq(customers.id, demoCustomerId));
    expect(after).toEqual(before);
    expect(await db.select().from(auditLog)).toHaveLength(auditBefore.length);
  });
});
