/**
 * Which device a remote action reaches: always an equipment record's, found in the ACS by the
 * record's serial (GenieACS's `_deviceId._SerialNumber`, or a whole OUI-ProductClass-Serial id when
 * that is what the record holds). No caller ever names an ACS device id. A customer reaches only
 * equipment installed at one of their own locations; anything else is "not found", so ids of other
 * customers' equipment cannot be told apart from ids that do not exist.
 */
import { and, eq } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { customers, serviceEquipment, serviceLocations } from "../../db/schema";
import type { AcsClient, AcsDeviceDocument } from "../../integrations/genieacs/acs-client";
import type { RemoteEquipment } from "../../../lib/schemas/cpe-remote";
import type { Actor } from "../actor";
import { NotFoundError, ServiceError } from "../errors";

export interface EquipmentTarget extends RemoteEquipment {
  locationId: number | null;
}

export async function equipmentTarget(db: Queryable, actor: Actor, equipmentId: number): Promise<EquipmentTarget> {
  const [row] = await db
    .select({
      id: serviceEquipment.id,
      kind: serviceEquipment.kind,
      serial: serviceEquipment.serial,
      model: serviceEquipment.model,
      firmware: serviceEquipment.firmware,
      status: serviceEquipment.status,
      locationId: serviceEquipment.locationId,
      customerId: serviceLocations.customerId,
      customerName: customers.displayName,
      address: serviceLocations.address,
      city: serviceLocations.city,
    })
    .from(serviceEquipment)
    .leftJoin(serviceLocations, eq(serviceLocations.id, serviceEquipment.locationId))
    .leftJoin(customers, eq(customers.id, serviceLocations.customerId))
    .where(
      actor.realm === "customer"
        ? and(
            eq(serviceEquipment.id, equipmentId),
            eq(serviceEquipment.status, "installed"),
            eq(serviceLocations.customerId, actor.customerId),
          )
        : eq(serviceEquipment.id, equipmentId),
    )
    .limit(1);
  if (!row) throw new NotFoundError("Equipment", equipmentId);
  const { city, address, ...rest } = row;
  return { ...rest, address: address ? `${address}, ${city}` : null };
}

export function acsOf(deps: { acs: AcsClient | null }): AcsClient {
  if (!deps.acs)
    throw new ServiceError("unavailable", "GenieACS is not configured (GENIEACS_URL is unset)", {
      key: "errors.acs.notConfigured",
    });
  return deps.acs;
}

const sameSerial = (a: string | undefined, b: string) => a !== undefined && a.toUpperCase() === b.toUpperCase();

/**
 * The ACS device of each serial, when the ACS knows exactly one. A serial two devices report
 * (two vendors' numbering colliding) matches neither: acting on the wrong customer's router is
 * worse than not acting.
 */
export function devicesBySerial(docs: AcsDeviceDocument[], serials: readonly string[]): Map<string, AcsDeviceDocument> {
  const out = new Map<string, AcsDeviceDocument>();
  for (const serial of serials) {
    const byId = docs.filter((d) => d._id === serial);
    const bySerial = docs.filter((d) => sameSerial(d._deviceId?._SerialNumber, serial));
    const found = byId.length === 1 ? byId : bySerial;
    if (found.length === 1) out.set(serial, found[0]!);
  }
  return out;
}

/** The ACS device of one equipment record, or a refusal that names the serial. */
export async function acsDeviceOf(
  acs: AcsClient,
  equipment: Pick<EquipmentTarget, "serial">,
  projection: readonly string[],
): Promise<AcsDeviceDocument> {
  const serials = [equipment.serial, equipment.serial.toUpperCase()];
  const docs = await acs.findDevices(serials, projection);
  const device = devicesBySerial(docs, [equipment.serial]).get(equipment.serial);
  if (!device)
    throw new ServiceError("not_found", `GenieACS knows no single device with serial ${equipment.serial}`, {
      key: "errors.acs.unknownDevice",
      params: { serial: equipment.serial },
    });
  return device;
}
