import { eq } from "drizzle-orm";
import { equipmentDiagnostics, serviceEquipment } from "../../db/schema";
import type { DiagnosticView } from "../../../lib/schemas/network";
import type { Actor } from "../actor";
import type { ServiceDeps } from "../deps";
import { NotFoundError } from "../errors";
import { diagnosticColumns, lastAnsweredDiagnostic } from "./diagnostic-rows";
import { planProbe, valuesOfProbe, type DiagnosticValues } from "./diagnostic-plan";
import { modelOidsFor } from "./model-oids";

/**
 * Reads one device's live state over SNMP and stores the result with its time, whatever it is:
 * refused before sending (no address, outside MGMT_SUBNETS, SNMP not configured), timed out,
 * refused by the device (wrong community or v3 key), or answered. Asked by equipment id only;
 * the address is the inventory's. Returns the stored row; throws only when the equipment does
 * not exist.
 */
export async function runEquipmentDiagnostic(
  deps: Pick<ServiceDeps, "db" | "config" | "snmp">,
  actor: Actor,
  input: { equipmentId: number },
  now: () => Date = () => new Date(),
): Promise<DiagnosticView> {
  const { db, config } = deps;
  const [equipment] = await db
    .select({ id: serviceEquipment.id, model: serviceEquipment.model, managementIp: serviceEquipment.managementIp })
    .from(serviceEquipment)
    .where(eq(serviceEquipment.id, input.equipmentId))
    .limit(1);
  if (!equipment) throw new NotFoundError("Equipment", input.equipmentId);
  const store = async (values: DiagnosticValues) => {
    const [stored] = await db
      .insert(equipmentDiagnostics)
      .values({ ...values, equipmentId: equipment.id, requestedBy: actor.realm === "staff" ? actor.userId : null })
      .returning(diagnosticColumns);
    return stored!;
  };
  const plan = planProbe(config.network, equipment, await modelOidsFor(db, equipment.model), now());
  if (plan.kind === "refused") return store(plan.values);
  const result = await deps.snmp.probe(plan.target, plan.request);
  const previous = result.ok ? await lastAnsweredDiagnostic(db, equipment.id) : null;
  return store(valuesOfProbe(plan, result, previous, now(), config.network.snmp.timeoutMs));
}
