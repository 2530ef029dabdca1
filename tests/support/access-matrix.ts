import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { portalUsers, serviceLocations, staffUsers } from "@/server/db/schema";
import type { Context } from "@/server/trpc/context";
import type { StaffRole } from "@/server/services/actor";
import { STAFF_ROLES } from "@/lib/domain/roles";
import { localDate } from "@/lib/domain/quebec-dates";
import { serviceDepsOf } from "@/server/trpc/context";
import { callerWithContext, createSeededRuntime, type TestRuntime } from "./test-runtime";

export type Caller = ReturnType<typeof callerWithContext>;
export type Audience = StaffRole | "customer" | "anonymous";

/** What a matrix entry's call may use: the demo customer (customer@demo.test) and one of its locations. */
export interface AccessFixtures {
  runtime: TestRuntime;
  demoCustomerId: number;
  demoLocationId: number;
  today: string;
  staffCtx(role: StaffRole): Context;
  customerCtx: Context;
}

export interface ProcedureAccess {
  name: string;
  allowed: Audience[];
  call: (caller: Caller, fixtures: AccessFixtures) => Promise<unknown>;
}

export async function codeOf(work: Promise<unknown>): Promise<string> {
  try {
    await work;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

/**
 * The first layer of access: every procedure against every kind of caller, on a seeded demo
 * database. Contexts are built directly so this tests the procedure builders, not the sign-in.
 * Entries run in order, so one may read what an earlier one created.
 */
export function describeAccessMatrix(procedures: ProcedureAccess[]): { fixtures: () => AccessFixtures } {
  let fixtures: AccessFixtures | undefined;

  beforeAll(async () => {
    const runtime = await createSeededRuntime();
    const db = runtime.database.db;
    const staffIdByRole = new Map<StaffRole, string>();
    for (const role of STAFF_ROLES) {
      const [user] = await db.select({ id: staffUsers.id }).from(staffUsers).where(eq(staffUsers.role, role)).limit(1);
      staffIdByRole.set(role, user!.id);
    }
    const [portalUser] = await db.select().from(portalUsers).where(eq(portalUsers.email, "customer@demo.test"));
    const [location] = await db
      .select({ id: serviceLocations.id })
      .from(serviceLocations)
      .where(eq(serviceLocations.customerId, portalUser!.customerId))
      .limit(1);
    fixtures = {
      runtime,
      demoCustomerId: portalUser!.customerId,
      demoLocationId: location!.id,
      // The Quebec day, as the product reads "today"; the UTC date is already tomorrow every evening.
      today: localDate(new Date()),
      staffCtx: (role) => ({
        ...serviceDepsOf(runtime),
        customer: null,
        staff: { userId: staffIdByRole.get(role)!, name: role, email: `${role}@demo.test`, role },
      }),
      customerCtx: {
        ...serviceDepsOf(runtime),
        staff: null,
        customer: {
          userId: portalUser!.id,
          name: portalUser!.name,
          email: portalUser!.email,
          customerId: portalUser!.customerId,
        },
      },
    };
  });
  afterAll(() => fixtures?.runtime.close());

  const current = () => {
    if (!fixtures) throw new Error("the access matrix fixtures are not ready (beforeAll failed?)");
    return fixtures;
  };

  describe.each(procedures)("$name", ({ allowed, call }) => {
    it.each(STAFF_ROLES.map((role) => [role]))("as %s", async (role) => {
      const f = current();
      const code = await codeOf(call(callerWithContext(f.staffCtx(role)), f));
      expect(code).toBe(allowed.includes(role) ? "OK" : "FORBIDDEN");
    });

    it("as a signed-in customer", async () => {
      const f = current();
      const code = await codeOf(call(callerWithContext(f.customerCtx), f));
      expect(code).toBe(allowed.includes("customer") ? "OK" : "FORBIDDEN");
    });

    it("anonymously", async () => {
      const f = current();
      const code = await codeOf(
        call(callerWithContext({ ...serviceDepsOf(f.runtime), staff: null, customer: null }), f),
      );
      expect(code).toBe(allowed.includes("anonymous") ? "OK" : "UNAUTHORIZED");
    });
  });

  return { fixtures: current };
}
