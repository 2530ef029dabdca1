import { desc, sql, type SQL } from "drizzle-orm";
import type { PgColumn } from "drizzle-orm/pg-core";
import { equipmentDiagnostics, serviceEquipment } from "../../db/schema";
import type { DiagnosticOutcome } from "../../../lib/domain/network/equipment-health";
import type { DiagnosticView } from "../../../lib/schemas/network";
import type { ServiceDeps } from "../deps";
import { planProbe, valuesOfProbe, type DiagnosticValues } from "./diagnostic-plan";
import { listModelOids } from "./model-oids";
import { insertDiagnostics, type DiagnosticRow } from "./diagnostic-rows";

/**
 * `column` is one of `ids`, as one array parameter: drizzle's inArray makes a parameter per id,
 * and building and planning a 7,600-parameter statement (twice per sweep) cost more CPU than
 * a thousand probes.
 */
function oneOf(column: PgColumn, ids: readonly number[]): SQL {
  return sql`${column} = any(${`{${ids.join(",")}}`}::integer[])`;
}

/** Rows written per INSERT while a sweep runs. */
const WRITE_BATCH = 250;

export interface SweepSummary {
  devices: number;
  outcomes: Record<DiagnosticOutcome, number>;
}

/**
 * A status sweep of many devices by the system (no staff actor): the same guard, probe and stored
 * row as an on-demand diagnostic, with the inventory, the OID table and each device's last answer
 * read once up front and results written in batches. Probes run `concurrency` at a time (and the
 * prober's own limits still hold).
 */
export async function sweepEquipment(
  deps: Pick<ServiceDeps, "db" | "config" | "snmp">,
  input: { equipmentIds: readonly number[]; concurrency: number },
  now: () => Date = () => new Date(),
): Promise<SweepSummary> {
  const { db, config } = deps;
  const ids = [...new Set(input.equipmentIds)];
  const outcomes: Record<DiagnosticOutcome, number> = { ok: 0, refused: 0, timeout: 0, auth_failed: 0, error: 0 };
  if (ids.length === 0) return { devices: 0, outcomes };
  const [equipment, models, previous] = await Promise.all([
    db
      .select({ id: serviceEquipment.id, model: serviceEquipment.model, managementIp: serviceEquipment.managementIp })
      .from(serviceEquipment)
      .where(oneOf(serviceEquipment.id, ids)),
    listModelOids(db),
    db
      .selectDistinctOn([equipmentDiagnostics.equipmentId], {
        equipmentId: equipmentDiagnostics.equipmentId,
        at: equipmentDiagnostics.at,
        interfaces: equipmentDiagnostics.interfaces,
        uptimeHundredths: equipmentDiagnostics.uptimeHundredths,
      })
      .from(equipmentDiagnostics)
      .where(oneOf(equipmentDiagnostics.equipmentId, ids))
      .orderBy(equipmentDiagnostics.equipmentId, desc(equipmentDiagnostics.at), desc(equipmentDiagnostics.id)),
  ]);
  const modelByName = new Map(models.map((m) => [m.model.toLowerCase(), m]));
  const previousBy = new Map<number, Pick<DiagnosticView, "at" | "interfaces" | "uptimeHundredths">>(
    previous.map((p) => [p.equipmentId, p]),
  );
  let pending: DiagnosticRow[] = [];
  let writes = Promise.resolve();
  const flush = () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    writes = writes.then(() => insertDiagnostics(db, batch));
  };
  let next = 0;
  const worker = async () => {
    while (next < equipment.length) {
      const device = equipment[next++]!;
      const plan = planProbe(config.network, device, modelByName.get(device.model?.toLowerCase() ?? "") ?? null, now());
      let values: DiagnosticValues;
      if (plan.kind === "refused") values = plan.values;
      else {
        const result = await deps.snmp.probe(plan.target, plan.request);
        values = valuesOfProbe(plan, result, previousBy.get(device.id) ?? null, now(), config.network.snmp.timeoutMs);
      }
      outcomes[values.outcome]++;
      // The values are this device's own object: completing it in place spares a copy per device.
      const row = values as DiagnosticRow;
      row.equipmentId = device.id;
      row.requestedBy = null;
      pending.push(row);
      if (pending.length >= WRITE_BATCH) flush();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(input.concurrency, equipment.length)) }, worker));
  flush();
  await writes;
  return { devices: equipment.length, outcomes };
}
