import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { equipmentDiagnostics, serviceEquipment, serviceLocations } from "@/server/db/schema";
import { callerWithContext } from "../support/test-runtime";
import { codeOf, describeAccessMatrix, type AccessFixtures } from "../support/access-matrix";

/** One installed device of the demo customer. */
async function demoEquipmentId(f: AccessFixtures): Promise<number> {
  const [row] = await f.runtime.database.db
    .select({ id: serviceEquipment.id })
    .from(serviceEquipment)
    .innerJoin(serviceLocations, eq(serviceLocations.id, serviceEquipment.locationId))
    .where(and(eq(serviceLocations.customerId, f.demoCustomerId), eq(serviceEquipment.status, "installed")))
    .orderBy(serviceEquipment.id)
    .limit(1);
  return row!.id;
}

const access = describeAccessMatrix([
  {
    name: "network.equipment",
    allowed: ["admin", "support", "dispatcher", "billing"],
    call: async (c, f) => c.network.equipment({ equipmentId: await demoEquipmentId(f) }),
  },
  {
    // The test configuration has no management subnet: an allowed call stores a refusal and returns it.
    name: "network.diagnose",
    allowed: ["admin", "support", "dispatcher"],
    call: async (c, f) => c.network.diagnose({ equipmentId: await demoEquipmentId(f) }),
  },
  {
    name: "network.modelOids",
    allowed: ["admin", "support", "dispatcher", "billing"],
    call: (c) => c.network.modelOids(),
  },
  {
    name: "network.saveModelOid",
    allowed: ["admin"],
    call: (c) =>
      c.network.saveModelOid({ model: "Matrix ONT", rxPowerOid: "1.3.6.1.4.1.1.1", txPowerOid: null, valueDivisor: 1 }),
  },
  { name: "portalEquipment.list", allowed: ["customer"], call: (c) => c.portalEquipment.list() },
]);

describe("network access beyond the gate", () => {
  it("stores one refused diagnostic per allowed role, and none for the refused ones", async () => {
    const f = access.fixtures();
    const equipmentId = await demoEquipmentId(f);
    const rows = await f.runtime.database.db
      .select({ outcome: equipmentDiagnostics.outcome, reasonKey: equipmentDiagnostics.reasonKey })
      .from(equipmentDiagnostics)
      .where(eq(equipmentDiagnostics.equipmentId, equipmentId));
    // admin, support and dispatcher, each once, refused for want of a management subnet.
    expect(rows).toEqual(Array(3).fill({ outcome: "refused", reasonKey: "errors.network.noSubnets" }));
  });

  it("gives a customer only their own devices", async () => {
    const f = access.fixtures();
    const items = await callerWithContext(f.customerCtx).portalEquipment.list();
    expect(items.length).toBeGreaterThan(0);
    const owned = await f.runtime.database.db
      .select({ id: serviceEquipment.id })
      .from(serviceEquipment)
      .innerJoin(serviceLocations, eq(serviceLocations.id, serviceEquipment.locationId))
      .where(eq(serviceLocations.customerId, f.demoCustomerId));
    const ownedIds = new Set(owned.map((r) => r.id));
    expect(items.every((i) => ownedIds.has(i.id))).toBe(true);
  });

  it("refuses a staff session the portal list, and a customer the office record", async () => {
    const f = access.fixtures();
    expect(await codeOf(callerWithContext(f.staffCtx("admin")).portalEquipment.list())).toBe("FORBIDDEN");
    expect(await codeOf(callerWithContext(f.customerCtx).network.equipment({ equipmentId: 1 }))).toBe("FORBIDDEN");
  });
});
