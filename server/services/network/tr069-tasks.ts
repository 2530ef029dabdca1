/**
 * Sending one remote action to a device through the ACS, and keeping where it stands. Each action
 * is a `cpe_tasks` row written with its audit entry in one transaction, after GenieACS answered:
 * 200 → done, 202 → queued (or fault, when GenieACS says the task faulted), so a row never claims a
 * task the ACS did not take. When the ACS refuses, does not know the device or cannot be reached,
 * the attempt is kept as a fault with our own `acs.*` code and the refusal goes back to the caller.
 * Queued tasks are followed on every read (`followQueuedTasks`) until they leave the queue or fault.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Database } from "../../db/client";
import { cpeTasks } from "../../db/schema";
import {
  AcsDeviceUnknownError,
  AcsRequestRefusedError,
  AcsUnavailableError,
  type AcsClient,
  type AcsDeviceDocument,
  type AcsTask,
} from "../../integrations/genieacs/acs-client";
import type { CpeTaskKind, CpeTaskStatus, CpeTaskView } from "../../../lib/schemas/cpe-remote";
import type { Actor } from "../actor";
import { recordAudit, type FieldChanges } from "../audit";
import { ServiceError } from "../errors";
import { acsDeviceOf, acsOf, type EquipmentTarget } from "./tr069-target";

type TaskRow = typeof cpeTasks.$inferSelect;
type Details = Record<string, string | number | boolean | null>;

export function taskView(row: TaskRow): CpeTaskView {
  return {
    id: row.id,
    kind: row.kind as CpeTaskKind,
    status: row.status as CpeTaskStatus,
    faultCode: row.faultCode,
    faultMessage: row.faultMessage,
    details: row.details,
    requestedRealm: row.requestedRealm,
    createdAt: row.createdAt,
    finishedAt: row.finishedAt,
  };
}

export interface CpeTaskSpec {
  kind: CpeTaskKind;
  /** The task for this device, built from its document (paths differ between data models); may refuse. */
  build(device: AcsDeviceDocument): AcsTask;
  /** What the row and the audit entry say was asked (never a password); read after `build`. */
  readonly details: Details;
  /** The ACS parameters the build needs to read first (a projection). */
  projection: readonly string[];
}

async function record(
  db: Database,
  actor: Actor,
  equipment: EquipmentTarget,
  row: Omit<typeof cpeTasks.$inferInsert, "equipmentId" | "requestedRealm" | "requestedBy">,
): Promise<TaskRow> {
  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(cpeTasks)
      .values({
        ...row,
        equipmentId: equipment.id,
        requestedRealm: actor.realm,
        requestedBy: actor.userId,
        finishedAt: row.status === "queued" ? null : new Date(),
      })
      .returning();
    const changes: FieldChanges = { status: { from: null, to: row.status } };
    for (const [key, value] of Object.entries(row.details ?? {})) changes[key] = { from: null, to: value };
    if (row.faultCode) changes.fault = { from: null, to: `${row.faultCode}: ${row.faultMessage ?? ""}` };
    await recordAudit(tx, actor, {
      action: `cpe.${row.kind}`,
      entityType: "service_equipment",
      entityId: equipment.id,
      changes,
    });
    return inserted!;
  });
}

/** Sends one action to the equipment's device and records it; refusals are recorded, then thrown. */
export async function sendCpeTask(
  deps: { db: Database; acs: AcsClient | null },
  actor: Actor,
  equipment: EquipmentTarget,
  spec: CpeTaskSpec,
): Promise<CpeTaskView> {
  const acs = acsOf(deps);
  const failed = async (code: string, message: string, acsDeviceId: string | null, error: unknown) => {
    await record(deps.db, actor, equipment, {
      kind: spec.kind,
      status: "fault",
      faultCode: code,
      faultMessage: message.slice(0, 500),
      acsDeviceId,
      details: spec.details,
    });
    throw error;
  };
  let device: AcsDeviceDocument;
  try {
    device = await acsDeviceOf(acs, equipment, spec.projection);
  } catch (error) {
    if (error instanceof ServiceError && error.key === "errors.acs.unknownDevice")
      return failed("acs.unknown_device", error.message, null, error);
    if (error instanceof AcsUnavailableError) return failed("acs.unavailable", error.message, null, error);
    throw error;
  }
  let task: AcsTask;
  try {
    task = spec.build(device);
  } catch (error) {
    // A request the device cannot take (a network it no longer has, a firmware file of the wrong type) is kept with its reason.
    if (error instanceof ServiceError)
      return failed(`refused.${error.key.split(".").pop()}`, error.message, device._id, error);
    throw error;
  }
  try {
    const sent = await acs.sendTask(device._id, task);
    let status: CpeTaskStatus = sent.state === "done" ? "done" : "queued";
    let fault: { code: string; message: string } | null = null;
    if (sent.state === "queued" && /fault/i.test(sent.reason)) {
      const state = await acs.taskState(device._id, sent.taskId);
      if (state.state === "fault") [status, fault] = ["fault", { code: state.code, message: state.message }];
      else if (state.state === "done") status = "done";
    }
    return taskView(
      await record(deps.db, actor, equipment, {
        kind: spec.kind,
        status,
        acsDeviceId: device._id,
        acsTaskId: sent.taskId,
        faultCode: fault?.code ?? null,
        faultMessage: fault?.message ?? null,
        details: spec.details,
      }),
    );
  } catch (error) {
    if (error instanceof AcsDeviceUnknownError) {
      const refusal = new ServiceError("not_found", error.message, {
        key: "errors.acs.unknownDevice",
        params: { serial: equipment.serial },
        cause: error,
      });
      return failed("acs.unknown_device", error.message, device._id, refusal);
    }
    if (error instanceof AcsRequestRefusedError) {
      const refusal = new ServiceError("invalid", error.message, {
        key: "errors.acs.refused",
        params: { reason: error.reason },
        cause: error,
      });
      return failed("acs.refused", error.reason, device._id, refusal);
    }
    if (error instanceof AcsUnavailableError) return failed("acs.unavailable", error.message, device._id, error);
    throw error;
  }
}

/**
 * Asks the ACS where this equipment's queued tasks stand and records any that left the queue or
 * faulted. An ACS that cannot be reached leaves them queued: the next read asks again.
 */
export async function followQueuedTasks(
  deps: { db: Database; acs: AcsClient | null },
  equipmentIds: number[],
  limit = 10,
): Promise<void> {
  if (!deps.acs || equipmentIds.length === 0) return;
  const queued = await deps.db
    .select()
    .from(cpeTasks)
    .where(and(inArray(cpeTasks.equipmentId, equipmentIds), eq(cpeTasks.status, "queued")))
    .orderBy(desc(cpeTasks.id))
    .limit(limit);
  for (const row of queued) {
    if (!row.acsDeviceId || !row.acsTaskId) continue;
    let state;
    try {
      state = await deps.acs.taskState(row.acsDeviceId, row.acsTaskId);
    } catch (error) {
      if (error instanceof AcsUnavailableError) return;
      throw error;
    }
    if (state.state === "queued") continue;
    await deps.db
      .update(cpeTasks)
      .set({
        status: state.state,
        faultCode: state.state === "fault" ? state.code : null,
        faultMessage: state.state === "fault" ? state.message.slice(0, 500) : null,
        updatedAt: new Date(),
        finishedAt: new Date(),
      })
      .where(and(eq(cpeTasks.id, row.id), eq(cpeTasks.status, "queued")));
  }
}

export async function recentTasks(
  db: Database,
  equipmentIds: number[],
  options: { kinds?: CpeTaskKind[]; limit?: number } = {},
): Promise<TaskRow[]> {
  if (equipmentIds.length === 0) return [];
  return db
    .select()
    .from(cpeTasks)
    .where(
      and(
        inArray(cpeTasks.equipmentId, equipmentIds),
        options.kinds ? inArray(cpeTasks.kind, options.kinds) : undefined,
      ),
    )
    .orderBy(desc(cpeTasks.id))
    .limit(options.limit ?? 20);
}
