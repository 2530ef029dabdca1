import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { equipmentDiagnostics } from "../../db/schema";
import type { DiagnosticView } from "../../../lib/schemas/network";
import { equipmentHealth, type EquipmentHealth } from "../../../lib/domain/network/equipment-health";
import type { DiagnosticValues } from "./diagnostic-plan";

export const diagnosticColumns = {
  id: equipmentDiagnostics.id,
  at: equipmentDiagnostics.at,
  outcome: equipmentDiagnostics.outcome,
  reasonKey: equipmentDiagnostics.reasonKey,
  reasonParams: equipmentDiagnostics.reasonParams,
  address: equipmentDiagnostics.address,
  sysDescr: equipmentDiagnostics.sysDescr,
  uptimeHundredths: equipmentDiagnostics.uptimeHundredths,
  interfaces: equipmentDiagnostics.interfaces,
  rxDbm: equipmentDiagnostics.rxDbm,
  txDbm: equipmentDiagnostics.txDbm,
  signal: equipmentDiagnostics.signal,
  errorsTotal: equipmentDiagnostics.errorsTotal,
  durationMs: equipmentDiagnostics.durationMs,
  requestedBy: equipmentDiagnostics.requestedBy,
};

/** The newest diagnostics of one device, newest first. */
export function diagnosticHistory(db: Queryable, equipmentId: number, limit: number): Promise<DiagnosticView[]> {
  return db
    .select(diagnosticColumns)
    .from(equipmentDiagnostics)
    .where(eq(equipmentDiagnostics.equipmentId, equipmentId))
    .orderBy(desc(equipmentDiagnostics.at), desc(equipmentDiagnostics.id))
    .limit(limit);
}

/** The newest answered diagnostic of one device. */
export async function lastAnsweredDiagnostic(db: Queryable, equipmentId: number): Promise<DiagnosticView | null> {
  const [row] = await db
    .select(diagnosticColumns)
    .from(equipmentDiagnostics)
    .where(and(eq(equipmentDiagnostics.equipmentId, equipmentId), eq(equipmentDiagnostics.outcome, "ok")))
    .orderBy(desc(equipmentDiagnostics.at), desc(equipmentDiagnostics.id))
    .limit(1);
  return row ?? null;
}

/**
 * Online, last seen and signal of each device, from its newest diagnostic and its newest answered
 * one: what the portal, the ticket panel and the technician's job show. Devices never probed are
 * "unknown". Two index scans per device (equipment_id, at), however long the history.
 */
export async function equipmentHealthSummary(
  db: Queryable,
  equipmentIds: readonly number[],
): Promise<Map<number, EquipmentHealth>> {
  const ids = [...new Set(equipmentIds)];
  const summary = new Map<number, EquipmentHealth>(ids.map((id) => [id, equipmentHealth(null, null)]));
  if (ids.length === 0) return summary;
  const newest = (answeredOnly: boolean) =>
    db
      .selectDistinctOn([equipmentDiagnostics.equipmentId], {
        equipmentId: equipmentDiagnostics.equipmentId,
        at: equipmentDiagnostics.at,
        outcome: equipmentDiagnostics.outcome,
        signal: equipmentDiagnostics.signal,
      })
      .from(equipmentDiagnostics)
      .where(
        and(
          inArray(equipmentDiagnostics.equipmentId, ids),
          answeredOnly ? eq(equipmentDiagnostics.outcome, "ok") : sql`true`,
        ),
      )
      .orderBy(equipmentDiagnostics.equipmentId, desc(equipmentDiagnostics.at), desc(equipmentDiagnostics.id));
  const [latest, answered] = await Promise.all([newest(false), newest(true)]);
  const answeredBy = new Map(answered.map((row) => [row.equipmentId, row]));
  for (const row of latest) summary.set(row.equipmentId, equipmentHealth(row, answeredBy.get(row.equipmentId) ?? null));
  return summary;
}

export type DiagnosticRow = DiagnosticValues & { equipmentId: number; requestedBy: string | null };

/**
 * Stores many diagnostics in one statement: the rows travel as one JSON parameter unpacked by
 * jsonb_to_recordset, so a sweep's batch costs one serialization instead of the ORM's parameter
 * per column per row (which was a tenth of a sweep's CPU).
 */
export async function insertDiagnostics(db: Queryable, rows: readonly DiagnosticRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.execute(sql`
    insert into equipment_diagnostics (equipment_id, requested_by, at, outcome, reason_key, reason_params, address,
      sys_descr, uptime_hundredths, interfaces, rx_dbm, tx_dbm, signal, errors_total, duration_ms)
    select r."equipmentId", r."requestedBy", coalesce(r."at", now()), r."outcome"::diagnostic_outcome, r."reasonKey",
      coalesce(r."reasonParams", '{}'::jsonb), r."address", r."sysDescr", r."uptimeHundredths",
      coalesce(r."interfaces", '[]'::jsonb), r."rxDbm", r."txDbm", r."signal"::signal_quality, r."errorsTotal",
      r."durationMs"
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r("equipmentId" integer, "requestedBy" text,
      "at" timestamptz, "outcome" text, "reasonKey" text, "reasonParams" jsonb, "address" text, "sysDescr" text,
      "uptimeHundredths" bigint, "interfaces" jsonb, "rxDbm" double precision, "txDbm" double precision,
      "signal" text, "errorsTotal" bigint, "durationMs" integer)`);
}
