import { and, asc, eq } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { customers, serviceEquipment, serviceLocations } from "../../db/schema";
import type { EquipmentRecord, PortalEquipmentItem } from "../../../lib/schemas/network";
import type { Actor } from "../actor";
import { NotFoundError, RecordAccessError } from "../errors";
import { diagnosticHistory, equipmentHealthSummary } from "./diagnostic-rows";
import { modelOidsFor } from "./model-oids";

/** Diagnostics shown on the record: enough for a month of daily checks and a day of clicks. */
const HISTORY = 60;

/** One device for the office: its inventory record, where it is, its model's OIDs, health and history. */
export async function getEquipmentRecord(db: Queryable, equipmentId: number): Promise<EquipmentRecord> {
  const [row] = await db
    .select({
      equipment: {
        id: serviceEquipment.id,
        kind: serviceEquipment.kind,
        serial: serviceEquipment.serial,
        mac: serviceEquipment.mac,
        model: serviceEquipment.model,
        firmware: serviceEquipment.firmware,
        managementIp: serviceEquipment.managementIp,
        status: serviceEquipment.status,
        installedAt: serviceEquipment.installedAt,
      },
      locationId: serviceLocations.id,
      address: serviceLocations.address,
      city: serviceLocations.city,
      customerId: customers.id,
      customerName: customers.displayName,
    })
    .from(serviceEquipment)
    .leftJoin(serviceLocations, eq(serviceLocations.id, serviceEquipment.locationId))
    .leftJoin(customers, eq(customers.id, serviceLocations.customerId))
    .where(eq(serviceEquipment.id, equipmentId))
    .limit(1);
  if (!row) throw new NotFoundError("Equipment", equipmentId);
  const [modelOids, history, health] = await Promise.all([
    modelOidsFor(db, row.equipment.model),
    diagnosticHistory(db, equipmentId, HISTORY),
    equipmentHealthSummary(db, [equipmentId]),
  ]);
  return {
    equipment: row.equipment,
    location: row.locationId === null ? null : { id: row.locationId, address: row.address ?? "", city: row.city ?? "" },
    customer: row.customerId === null ? null : { id: row.customerId, displayName: row.customerName ?? "" },
    modelOids,
    health: health.get(equipmentId)!,
    history,
  };
}

/** The signed-in customer's installed devices and their health; the customer comes from the session. */
export async function listPortalEquipment(db: Queryable, actor: Actor): Promise<PortalEquipmentItem[]> {
  if (actor.realm !== "customer") throw new RecordAccessError("only a customer has portal equipment");
  const rows = await db
    .select({
      id: serviceEquipment.id,
      kind: serviceEquipment.kind,
      model: serviceEquipment.model,
      serial: serviceEquipment.serial,
      address: serviceLocations.address,
      city: serviceLocations.city,
    })
    .from(serviceEquipment)
    .innerJoin(serviceLocations, eq(serviceLocations.id, serviceEquipment.locationId))
    .where(and(eq(serviceLocations.customerId, actor.customerId), eq(serviceEquipment.status, "installed")))
    .orderBy(asc(serviceLocations.id), asc(serviceEquipment.id));
  const health = await equipmentHealthSummary(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    model: r.model,
    serial: r.serial,
    address: `${r.address}, ${r.city}`,
    health: health.get(r.id)!,
  }));
}
