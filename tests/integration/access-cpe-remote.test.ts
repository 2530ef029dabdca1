import { and, asc, eq, ne } from "drizzle-orm";
import { TRPCError } from "@trpc/server";
import { describe, expect, it } from "vitest";
import { cpeFleetRuns, serviceEquipment, serviceLocations } from "@/server/db/schema";
import { codeOf, describeAccessMatrix, type AccessFixtures } from "../support/access-matrix";
import { callerWithContext } from "../support/test-runtime";

/**
 * The remote-management procedures' first gate. This matrix's root has no ACS configured, so an
 * admitted write passes the gate and is then refused as "not configured" (503): that refusal
 * counts as passing here, any other error does not.
 */
async function pastTheGate(work: Promise<unknown>, after: TRPCError["code"][] = ["SERVICE_UNAVAILABLE"]) {
  try {
    return await work;
  } catch (error) {
    if (error instanceof TRPCError && after.includes(error.code)) return null;
    throw error;
  }
}

/** A finished fleet run: pausing or resuming it passes the gate, then is refused as a conflict. */
async function finishedRun(f: AccessFixtures): Promise<number> {
  const db = f.runtime.database.db;
  const [row] = await db
    .select({ id: cpeFleetRuns.id })
    .from(cpeFleetRuns)
    .where(eq(cpeFleetRuns.fileName, "matrix.bin"));
  if (row) return row.id;
  const [added] = await db
    .insert(cpeFleetRuns)
    .values({ fileName: "matrix.bin", selection: { model: "Matrix" }, status: "finished", concurrency: 1 })
    .returning({ id: cpeFleetRuns.id });
  return added!.id;
}

/** A router installed at the demo customer's location (added once, by serial). */
async function demoRouter(f: AccessFixtures): Promise<number> {
  const db = f.runtime.database.db;
  const [row] = await db
    .select({ id: serviceEquipment.id })
    .from(serviceEquipment)
    .where(eq(serviceEquipment.serial, "ACCESSRT1"));
  if (row) return row.id;
  const [added] = await db
    .insert(serviceEquipment)
    .values({ kind: "router", serial: "ACCESSRT1", status: "installed", locationId: f.demoLocationId })
    .returning({ id: serviceEquipment.id });
  return added!.id;
}

const STAFF_READ = ["admin", "support", "dispatcher"] as const;
const STAFF_ACT = ["admin", "support"] as const;

const access = describeAccessMatrix([
  {
    name: "acs.device",
    allowed: [...STAFF_READ],
    call: async (c, f) => c.acs.device({ equipmentId: await demoRouter(f) }),
  },
  {
    name: "acs.reboot",
    allowed: [...STAFF_ACT],
    call: async (c, f) => pastTheGate(c.acs.reboot({ equipmentId: await demoRouter(f) })),
  },
  {
    name: "acs.refresh",
    allowed: [...STAFF_ACT],
    call: async (c, f) => pastTheGate(c.acs.refresh({ equipmentId: await demoRouter(f), full: false })),
  },
  {
    name: "acs.setWifi",
    allowed: [...STAFF_ACT],
    call: async (c, f) =>
      pastTheGate(
        c.acs.setWifi({
          equipmentId: await demoRouter(f),
          network: "tr098:1",
          password: "matrix-pass-1",
          passwordConfirm: "matrix-pass-1",
        }),
      ),
  },
  {
    name: "acs.pushFirmware",
    allowed: ["admin"],
    call: async (c, f) => pastTheGate(c.acs.pushFirmware({ equipmentId: await demoRouter(f), fileName: "fw.bin" })),
  },
  { name: "acsFleet.options", allowed: ["admin"], call: (c) => c.acsFleet.options() },
  { name: "acsFleet.preview", allowed: ["admin"], call: (c) => c.acsFleet.preview({ model: "Test router" }) },
  {
    name: "acsFleet.start",
    allowed: ["admin"],
    call: (c) =>
      pastTheGate(c.acsFleet.start({ selection: { model: "Test router" }, fileName: "fw.bin", concurrency: 2 })),
  },
  {
    name: "acsFleet.pause",
    allowed: ["admin"],
    call: async (c, f) => pastTheGate(c.acsFleet.pause({ runId: await finishedRun(f) }), ["CONFLICT"]),
  },
  {
    name: "acsFleet.resume",
    allowed: ["admin"],
    call: async (c, f) => pastTheGate(c.acsFleet.resume({ runId: await finishedRun(f) }), ["CONFLICT"]),
  },
  { name: "acsFleet.runs", allowed: ["admin"], call: (c) => c.acsFleet.runs() },
  { name: "acsFleet.run", allowed: ["admin"], call: async (c, f) => c.acsFleet.run({ runId: await finishedRun(f) }) },
  { name: "portalWifi.overview", allowed: ["customer"], call: (c) => c.portalWifi.overview() },
  {
    name: "portalWifi.change",
    allowed: ["customer"],
    call: async (c, f) =>
      pastTheGate(c.portalWifi.change({ equipmentId: await demoRouter(f), network: "tr098:1", ssid: "Matrix" })),
  },
  {
    name: "portalWifi.restart",
    allowed: ["customer"],
    call: async (c, f) => pastTheGate(c.portalWifi.restart({ equipmentId: await demoRouter(f) })),
  },
]);

describe("a customer and the equipment of others", () => {
  it("cannot reach equipment that is not installed at one of their own locations", async () => {
    const f = access.fixtures();
    const db = f.runtime.database.db;
    const [foreign] = await db
      .select({ id: serviceEquipment.id })
      .from(serviceEquipment)
      .innerJoin(serviceLocations, eq(serviceLocations.id, serviceEquipment.locationId))
      .where(and(eq(serviceEquipment.status, "installed"), ne(serviceLocations.customerId, f.demoCustomerId)))
      .orderBy(asc(serviceEquipment.id))
      .limit(1);
    expect(foreign, "the demo data has equipment of another customer").toBeDefined();
    const customer = callerWithContext(f.customerCtx);
    expect(
      await codeOf(customer.portalWifi.change({ equipmentId: foreign!.id, network: "tr098:1", ssid: "Mine now" })),
    ).toBe("NOT_FOUND");
    // Not configured would be the answer for their own router: the refusal comes first, and says nothing more.
    expect(
      await codeOf(customer.portalWifi.change({ equipmentId: 2_000_000_000, network: "tr098:1", ssid: "x" })),
    ).toBe("NOT_FOUND");
  });
});
