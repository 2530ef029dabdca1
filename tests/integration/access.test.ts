import { describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { auditLog, customers } from "@/server/db/schema";
import { STAFF_ROLES } from "@/lib/domain/roles";
import { callerWithContext } from "../support/test-runtime";
import { codeOf, describeAccessMatrix } from "../support/access-matrix";

/** The core procedures; each billing area keeps its own matrix in access-<area>.test.ts. */
/** An admitted call that reached its service, which found nothing to answer with. */
const notFoundIsAdmitted = (work: Promise<unknown>) =>
  work.catch((error: unknown) => {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") return null;
    throw error;
  });

const access = describeAccessMatrix([
  { name: "session.whoami", allowed: [...STAFF_ROLES, "customer", "anonymous"], call: (c) => c.session.whoami() },
  {
    name: "customers.search",
    allowed: ["admin", "billing", "support", "dispatcher"],
    call: (c) => c.customers.search({ q: "demo.test", field: "email", limit: 5 }),
  },
  {
    name: "customers.get360",
    allowed: ["admin", "billing", "support", "dispatcher"],
    call: (c, f) => c.customers.get360({ customerId: f.demoCustomerId }),
  },
  {
    name: "customers.updateContact",
    allowed: ["admin", "billing", "support"],
    call: (c, f) => c.customers.updateContact({ customerId: f.demoCustomerId, language: "fr" }),
  },
  {
    name: "tickets.list",
    allowed: ["admin", "billing", "support", "dispatcher"],
    call: (c) => c.tickets.list({ limit: 5 }),
  },
  { name: "billing.invoices", allowed: ["admin", "billing"], call: (c) => c.billing.invoices({ limit: 5 }) },
  // Runs before billing.run, which reads the run this one creates.
  {
    name: "billing.startRun",
    allowed: ["admin", "billing"],
    call: (c) => c.billing.startRun({ runDate: "2026-12-01" }),
  },
  { name: "billing.run", allowed: ["admin", "billing"], call: (c) => c.billing.run({ id: 1 }) },
  {
    name: "dispatch.day",
    allowed: ["admin", "dispatcher", "support"],
    call: (c, f) => c.dispatch.day({ date: f.today }),
  },
  {
    name: "dispatch.mapLocations",
    allowed: ["admin", "dispatcher", "support"],
    call: (c) => c.dispatch.mapLocations(),
  },
  {
    name: "dispatch.livePositions",
    allowed: ["admin", "dispatcher", "support"],
    call: (c) => c.dispatch.livePositions(),
  },
  { name: "dispatch.myDay", allowed: ["admin", "technician"], call: (c, f) => c.dispatch.myDay({ date: f.today }) },
  // No board is served here, so today's board has no history: admitted callers hear "not found".
  {
    name: "dispatch.historyRange",
    allowed: ["admin", "dispatcher", "support"],
    call: (c, f) => c.dispatch.historyRange({ date: f.today }),
  },
  {
    name: "dispatch.historyAt",
    allowed: ["admin", "dispatcher", "support"],
    call: (c, f) => notFoundIsAdmitted(c.dispatch.historyAt({ date: f.today, at: new Date().toISOString() })),
  },
  {
    name: "dispatch.historyEdits",
    allowed: ["admin", "dispatcher", "support"],
    call: (c, f) => c.dispatch.historyEdits({ date: f.today }),
  },
  {
    name: "dispatch.historyDiff",
    allowed: ["admin", "dispatcher", "support"],
    call: (c, f) =>
      notFoundIsAdmitted(
        c.dispatch.historyDiff({ date: f.today, from: new Date().toISOString(), to: new Date().toISOString() }),
      ),
  },
  { name: "portal.account", allowed: ["customer"], call: (c) => c.portal.account() },
  {
    name: "dispatch.createJob",
    allowed: ["admin", "dispatcher"],
    call: (c, f) =>
      c.dispatch.createJob({
        locationId: f.demoLocationId,
        kind: "repair",
        title: "Access check",
        durationMin: 60,
        windowStart: "2026-12-01T13:00:00Z",
        windowEnd: "2026-12-01T17:00:00Z",
      }),
  },
  {
    name: "dispatch.proposePlan",
    allowed: ["admin", "dispatcher"],
    // No collab server runs here, so an admitted caller reaches the service and hears that no
    // live board is served (503); the two-dispatcher test (dispatch-proposals) covers the rest.
    call: (c, f) =>
      c.dispatch.proposePlan({ date: f.today, scope: "all" }).catch((error: unknown) => {
        if (error instanceof TRPCError && error.code === "SERVICE_UNAVAILABLE") return null;
        throw error;
      }),
  },
]);

describe("denied calls change nothing", () => {
  it("a technician's contact update is refused before it reaches the database", async () => {
    const f = access.fixtures();
    const db = f.runtime.database.db;
    const [before] = await db.select().from(customers).where(eq(customers.id, f.demoCustomerId));
    const auditBefore = await db.select().from(auditLog);
    const code = await codeOf(
      callerWithContext(f.staffCtx("technician")).customers.updateContact({
        customerId: f.demoCustomerId,
        email: "pirate@example.com",
      }),
    );
    expect(code).toBe("FORBIDDEN");
    const [after] = await db.select().from(customers).where(eq(customers.id, f.demoCustomerId));
    expect(after).toEqual(before);
    expect(await db.select().from(auditLog)).toHaveLength(auditBefore.length);
  });
});
