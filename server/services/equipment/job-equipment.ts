/**
 * A technician installs or removes a device during a job: the device's record follows it to the
 * job's location and subscription (or leaves them), and the job keeps a line saying what was
 * done. Runs inside the caller's transaction (the phone's action ledger, applyOnce) and checks
 * everything before its first write, so a refusal leaves the database as it was.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { dispatchJobEquipment, type dispatchJobs, serviceEquipment } from "../../db/schema";
import { defaultEquipmentKind, type EquipmentKind } from "../../../lib/domain/equipment/equipment-kind";
import { normalizeMac, normalizeSerial } from "../../../lib/domain/equipment/identifiers";
import type { ApplyResult } from "../tech/action-ledger";
import { equipmentRefusals as refuse, identifierRefusal } from "./refusals";

type EquipmentRow = typeof serviceEquipment.$inferSelect;

export interface EquipmentJob {
  id: number;
  locationId: number;
  subscriptionId: number | null;
  kind: (typeof dispatchJobs.$inferSelect)["kind"];
}

export interface EquipmentActionInput {
  job: EquipmentJob;
  operation: "install" | "remove";
  /** As typed or scanned; the inventory's serials are matched whatever their case. */
  serial: string;
  /** Any common notation; blank means not given. */
  mac?: string;
  /** Needed only for a serial the inventory has never seen (see defaultEquipmentKind). */
  equipmentKind?: EquipmentKind;
  /** When the device was installed; the server's clock unless a test says otherwise. */
  now?: Date;
}

function accepted(row: EquipmentRow, alreadyDone: boolean): ApplyResult {
  return {
    accepted: true,
    result: { equipmentId: row.id, serial: row.serial, mac: row.mac, status: row.status, kind: row.kind, alreadyDone },
  };
}

/**
 * The row is locked: two phones acting on one device wait for each other, and the second
 * decides on what the first left.
 */
async function findBySerial(tx: Queryable, serial: string): Promise<EquipmentRow | undefined> {
  // Legacy serials may hold characters a new serial may not (imported from the old system);
  // they are found as written, only new serials must pass normalizeSerial.
  const [row] = await tx
    .select()
    .from(serviceEquipment)
    .where(sql`upper(${serviceEquipment.serial}) = ${serial.trim().toUpperCase()}`)
    .for("update");
  return row;
}

async function macOwner(tx: Queryable, mac: string): Promise<EquipmentRow | undefined> {
  const [row] = await tx.select().from(serviceEquipment).where(eq(serviceEquipment.mac, mac));
  return row;
}

function isUniqueViolation(error: unknown): boolean {
  // Drizzle wraps the driver's error (DrizzleQueryError → cause); both drivers set `code`.
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if ((e as { code?: unknown }).code === "23505") return true;
  }
  return false;
}

async function recordOnJob(
  tx: Queryable,
  jobId: number,
  equipmentId: number,
  action: "installed" | "removed",
  at: Date,
) {
  await tx.insert(dispatchJobEquipment).values({ jobId, equipmentId, action, at }).onConflictDoNothing();
}

export async function applyEquipmentAction(tx: Queryable, input: EquipmentActionInput): Promise<ApplyResult> {
  let mac: string | null = null;
  if (input.mac !== undefined && input.mac.trim() !== "") {
    const normalized = normalizeMac(input.mac);
    if (!normalized.ok) return identifierRefusal("invalid_mac", normalized.message);
    mac = normalized.value;
  }
  const now = input.now ?? new Date();
  return input.operation === "install" ? install(tx, input, mac, now, false) : remove(tx, input, mac, now);
}

async function install(
  tx: Queryable,
  input: EquipmentActionInput,
  mac: string | null,
  now: Date,
  retried: boolean,
): Promise<ApplyResult> {
  const { job } = input;
  const row = await findBySerial(tx, input.serial);
  let write: (sp: Queryable) => Promise<EquipmentRow>;
  let alreadyDone = false;

  if (row) {
    if (mac && row.mac && row.mac !== mac) return refuse.macMismatch(row.serial, mac, row.mac);
    if (mac && !row.mac) {
      const owner = await macOwner(tx, mac);
      if (owner) return refuse.macTaken(mac, owner.serial);
    }
    if (row.status === "defective") return refuse.defective(row.serial);
    if (row.status === "installed" && row.locationId !== null && row.locationId !== job.locationId)
      return refuse.installedElsewhere(row.serial);
    alreadyDone = row.status === "installed" && row.locationId === job.locationId;
    write = async (sp) => {
      const [updated] = await sp
        .update(serviceEquipment)
        .set(
          alreadyDone
            ? // Already here: a replay or a second scan. Only fill what the record lacks; its
              // subscription stays (a TV box scanned on an internet repair still serves the TV).
              {
                mac: row.mac ?? mac,
                subscriptionId: row.subscriptionId ?? job.subscriptionId,
                installedAt: row.installedAt ?? now,
              }
            : {
                status: "installed",
                locationId: job.locationId,
                subscriptionId: job.subscriptionId,
                installedAt: now,
                mac: row.mac ?? mac,
              },
        )
        .where(eq(serviceEquipment.id, row.id))
        .returning();
      return updated!;
    };
  } else {
    const serial = normalizeSerial(input.serial);
    if (!serial.ok) return identifierRefusal("equipment_not_found", serial.message);
    const kind = defaultEquipmentKind(job.kind, serial.value, input.equipmentKind);
    if (!kind) return refuse.kindNeeded(serial.value);
    if (mac) {
      const owner = await macOwner(tx, mac);
      if (owner) return refuse.macTaken(mac, owner.serial);
    }
    write = async (sp) => {
      const [created] = await sp
        .insert(serviceEquipment)
        .values({
          kind,
          serial: serial.value,
          mac,
          status: "installed",
          locationId: job.locationId,
          subscriptionId: job.subscriptionId,
          installedAt: now,
        })
        .returning();
      return created!;
    };
  }

  try {
    // A savepoint, so a unique violation (another transaction registered the same serial or
    // MAC since we looked) undoes only this attempt and the caller's transaction lives on.
    const saved = await tx.transaction(async (sp) => {
      const equipment = await write(sp);
      await recordOnJob(sp, job.id, equipment.id, "installed", now);
      return equipment;
    });
    return accepted(saved, alreadyDone);
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    // The other transaction has committed by now: deciding again on what it left gives the
    // precise answer ("installed at another address", "MAC belongs to …", or already done).
    if (!retried) return install(tx, input, mac, now, true);
    return refuse.registeredMeanwhile(input.serial.trim().toUpperCase());
  }
}

async function remove(tx: Queryable, input: EquipmentActionInput, mac: string | null, now: Date): Promise<ApplyResult> {
  const { job } = input;
  const row = await findBySerial(tx, input.serial);
  if (!row) {
    const serial = normalizeSerial(input.serial);
    return serial.ok ? refuse.unknownSerial(serial.value) : identifierRefusal("equipment_not_found", serial.message);
  }
  if (mac && row.mac && row.mac !== mac) return refuse.macMismatch(row.serial, mac, row.mac);
  if (row.status === "installed" && row.locationId === job.locationId) {
    // The location is cleared rather than kept: "at this address" means installed there; the
    // job's line (dispatch_job_equipment) keeps where it came from.
    const [updated] = await tx
      .update(serviceEquipment)
      .set({ status: "removed", locationId: null, subscriptionId: null })
      .where(eq(serviceEquipment.id, row.id))
      .returning();
    await recordOnJob(tx, job.id, row.id, "removed", now);
    return accepted(updated!, false);
  }
  if (row.status === "installed" && row.locationId !== null) return refuse.notHere(row.serial);
  const [removedByThisJob] = await tx
    .select({ id: dispatchJobEquipment.id })
    .from(dispatchJobEquipment)
    .where(
      and(
        eq(dispatchJobEquipment.jobId, job.id),
        eq(dispatchJobEquipment.equipmentId, row.id),
        eq(dispatchJobEquipment.action, "removed"),
      ),
    );
  if (removedByThisJob && row.status === "removed") return accepted(row, true);
  return refuse.notInstalled(row.serial, row.status);
}

export interface EquipmentAtLocation {
  id: number;
  kind: EquipmentRow["kind"];
  serial: string;
  mac: string | null;
  model: string | null;
  status: EquipmentRow["status"];
  installedAt: Date | null;
}

/** What the inventory says is at the job's address, installed devices first. */
export async function equipmentAtLocation(db: Queryable, locationId: number): Promise<EquipmentAtLocation[]> {
  return db
    .select({
      id: serviceEquipment.id,
      kind: serviceEquipment.kind,
      serial: serviceEquipment.serial,
      mac: serviceEquipment.mac,
      model: serviceEquipment.model,
      status: serviceEquipment.status,
      installedAt: serviceEquipment.installedAt,
    })
    .from(serviceEquipment)
    .where(eq(serviceEquipment.locationId, locationId))
    .orderBy(sql`${serviceEquipment.status} <> 'installed'`, serviceEquipment.kind, serviceEquipment.serial);
}
