/**
 * Pushing one firmware image to many devices through the ACS. The admin chooses devices from the
 * inventory (model, firmware on record, OLT, locations); the run and one item per device are
 * written at once, then the `network.fleet-push` job works the run in steps: it follows the items
 * in flight (sent: GenieACS holds their download) until they are applied or faulted, and sends
 * more while fewer than `concurrency` are in flight, so a bad image stops at a handful of routers
 * when the admin pauses. Each device's download is an ordinary remote action (cpe_tasks, audited,
 * checked against the device's model by firmwareTask).
 */
import { and, asc, count, desc, eq, inArray, type SQL } from "drizzle-orm";
import type { Database } from "../../db/client";
import { cpeFleetItems, cpeFleetRuns, cpeTasks, serviceEquipment, serviceLocations } from "../../db/schema";
import { AcsUnavailableError, FIRMWARE_FILE_TYPE, type AcsFile } from "../../integrations/genieacs/acs-client";
import type { FleetItemStatus, FleetRunView, FleetSelection, FleetStartInput } from "../../../lib/schemas/cpe-remote";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { FLEET_PUSH_QUEUE, fleetRunKey } from "../background-jobs";
import type { ServiceDeps } from "../deps";
import { NotFoundError, ServiceError } from "../errors";
import { firmwareTask } from "./tr069-remote";
import { acsOf, equipmentTarget } from "./tr069-target";
import { followQueuedTasks, sendCpeTask } from "./tr069-tasks";

/** The most devices one run may hold: the whole fleet of the reference ISP, with room. */
export const FLEET_MAX_DEVICES = 20_000;
const FLEET_ACTOR: Actor = { realm: "system", userId: null, name: "fleet push" };

function selectionWhere(selection: FleetSelection): SQL | undefined {
  return and(
    eq(serviceEquipment.status, "installed"),
    inArray(serviceEquipment.kind, ["router", "ont"]),
    selection.model ? eq(serviceEquipment.model, selection.model) : undefined,
    selection.firmware ? eq(serviceEquipment.firmware, selection.firmware) : undefined,
    selection.oltName ? eq(serviceLocations.oltName, selection.oltName) : undefined,
    selection.locationIds?.length ? inArray(serviceEquipment.locationId, selection.locationIds) : undefined,
  );
}

export async function selectFleet(db: Database, selection: FleetSelection, limit = FLEET_MAX_DEVICES + 1) {
  return db
    .select({ id: serviceEquipment.id })
    .from(serviceEquipment)
    .innerJoin(serviceLocations, eq(serviceLocations.id, serviceEquipment.locationId))
    .where(selectionWhere(selection))
    .orderBy(asc(serviceEquipment.id))
    .limit(limit);
}

/** What the form offers: models and OLTs of installed routers and ONTs, with how many devices each. */
export async function fleetOptions(deps: Pick<ServiceDeps, "db" | "acs">) {
  const models = await deps.db
    .select({ model: serviceEquipment.model, firmware: serviceEquipment.firmware, devices: count() })
    .from(serviceEquipment)
    .where(and(eq(serviceEquipment.status, "installed"), inArray(serviceEquipment.kind, ["router", "ont"])))
    .groupBy(serviceEquipment.model, serviceEquipment.firmware)
    .orderBy(asc(serviceEquipment.model), asc(serviceEquipment.firmware));
  const olts = await deps.db
    .selectDistinct({ oltName: serviceLocations.oltName })
    .from(serviceLocations)
    .orderBy(asc(serviceLocations.oltName));
  let files: { fileName: string; version: string | null; productClass: string | null }[] = [];
  let acs: "ok" | "not_configured" | "unavailable" = "ok";
  if (!deps.acs) acs = "not_configured";
  else
    try {
      files = (await deps.acs.files(FIRMWARE_FILE_TYPE)).map((f) => ({
        fileName: f._id,
        version: f.metadata?.version ?? null,
        productClass: f.metadata?.productClass ?? null,
      }));
    } catch (error) {
      if (!(error instanceof AcsUnavailableError)) throw error;
      acs = "unavailable";
    }
  return {
    models: models.filter((m): m is typeof m & { model: string } => m.model !== null),
    olts: olts.map((o) => o.oltName).filter((o): o is string => o !== null),
    files,
    acs,
  };
}

export async function previewFleet(
  db: Database,
  selection: FleetSelection,
): Promise<{ devices: number; tooMany: boolean }> {
  const rows = await selectFleet(db, selection);
  return { devices: Math.min(rows.length, FLEET_MAX_DEVICES), tooMany: rows.length > FLEET_MAX_DEVICES };
}

function checkFirmwareFile(files: AcsFile[], fileName: string): void {
  // The model is checked per device when its download is built; here only that the file is a firmware image.
  firmwareTask(
    files.map((f) => ({ ...f, metadata: { ...f.metadata, oui: undefined, productClass: undefined } })),
    fileName,
    null,
    null,
  );
}

export async function startFleetPush(
  deps: Pick<ServiceDeps, "db" | "acs" | "jobs">,
  actor: Actor,
  input: FleetStartInput,
): Promise<{ runId: number; devices: number }> {
  const acs = acsOf(deps);
  checkFirmwareFile(await acs.files(), input.fileName);
  const devices = await selectFleet(deps.db, input.selection);
  if (devices.length === 0)
    throw new ServiceError("invalid", "No installed router or ONT matches the selection", {
      key: "errors.acs.fleet.emptySelection",
    });
  if (devices.length > FLEET_MAX_DEVICES)
    throw new ServiceError("invalid", `The selection holds more than ${FLEET_MAX_DEVICES} devices`, {
      key: "errors.acs.fleet.tooMany",
      params: { max: FLEET_MAX_DEVICES },
    });
  const runId = await deps.db.transaction(async (tx) => {
    const [run] = await tx
      .insert(cpeFleetRuns)
      .values({
        fileName: input.fileName,
        selection: input.selection,
        concurrency: input.concurrency,
        createdBy: actor.userId,
      })
      .returning({ id: cpeFleetRuns.id });
    for (let at = 0; at < devices.length; at += 1000)
      await tx
        .insert(cpeFleetItems)
        .values(devices.slice(at, at + 1000).map((d) => ({ runId: run!.id, equipmentId: d.id })));
    await recordAudit(tx, actor, {
      action: "cpe.fleet.start",
      entityType: "cpe_fleet_run",
      entityId: run!.id,
      changes: {
        fileName: { from: null, to: input.fileName },
        devices: { from: null, to: devices.length },
        concurrency: { from: null, to: input.concurrency },
      },
    });
    return run!.id;
  });
  await deps.jobs.send(FLEET_PUSH_QUEUE, { runId }, { singletonKey: fleetRunKey(runId) });
  return { runId, devices: devices.length };
}

async function setRunStatus(
  deps: Pick<ServiceDeps, "db" | "jobs">,
  actor: Actor,
  runId: number,
  from: "running" | "paused",
  to: "running" | "paused",
) {
  const changed = await deps.db.transaction(async (tx) => {
    const rows = await tx
      .update(cpeFleetRuns)
      .set({ status: to, updatedAt: new Date() })
      .where(and(eq(cpeFleetRuns.id, runId), eq(cpeFleetRuns.status, from)))
      .returning({ id: cpeFleetRuns.id });
    if (rows.length === 0) return false;
    await recordAudit(tx, actor, {
      action: to === "paused" ? "cpe.fleet.pause" : "cpe.fleet.resume",
      entityType: "cpe_fleet_run",
      entityId: runId,
      changes: { status: { from, to } },
    });
    return true;
  });
  if (!changed) {
    const [run] = await deps.db.select().from(cpeFleetRuns).where(eq(cpeFleetRuns.id, runId));
    if (!run) throw new NotFoundError("Fleet run", runId);
    throw new ServiceError("conflict", `Fleet run ${runId} is ${run.status}`, {
      key: "errors.acs.fleet.notInState",
      params: { status: run.status },
    });
  }
  if (to === "running") await deps.jobs.send(FLEET_PUSH_QUEUE, { runId }, { singletonKey: fleetRunKey(runId) });
}

export const pauseFleetPush = (deps: Pick<ServiceDeps, "db" | "jobs">, actor: Actor, runId: number) =>
  setRunStatus(deps, actor, runId, "running", "paused");
export const resumeFleetPush = (deps: Pick<ServiceDeps, "db" | "jobs">, actor: Actor, runId: number) =>
  setRunStatus(deps, actor, runId, "paused", "running");

async function setItem(
  db: Database,
  itemId: number,
  from: FleetItemStatus,
  patch: {
    status: FleetItemStatus;
    cpeTaskId?: number | null;
    faultCode?: string | null;
    faultMessage?: string | null;
  },
) {
  await db
    .update(cpeFleetItems)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(eq(cpeFleetItems.id, itemId), eq(cpeFleetItems.status, from)));
}

const ITEM_OF_TASK = { done: "applied", fault: "faulted", queued: "sent" } as const;

export interface FleetStep {
  status: "running" | "paused" | "finished" | "missing";
  queued: number;
  inFlight: number;
}

/**
 * One unit of a run's work: follow the devices in flight, then send to as many more as the
 * concurrency allows. An ACS that cannot be reached leaves items as they are for the next step.
 */
export async function fleetPushStep(deps: Pick<ServiceDeps, "db" | "acs">, runId: number): Promise<FleetStep> {
  const [run] = await deps.db.select().from(cpeFleetRuns).where(eq(cpeFleetRuns.id, runId));
  if (!run) return { status: "missing", queued: 0, inFlight: 0 };
  const counts = async () => {
    const rows = await deps.db
      .select({ status: cpeFleetItems.status, n: count() })
      .from(cpeFleetItems)
      .where(eq(cpeFleetItems.runId, runId))
      .groupBy(cpeFleetItems.status);
    const of = (s: string) => rows.find((r) => r.status === s)?.n ?? 0;
    return { queued: of("queued"), inFlight: of("sent") };
  };
  if (run.status !== "running") return { status: run.status as FleetStep["status"], ...(await counts()) };

  const sent = await deps.db
    .select({ id: cpeFleetItems.id, equipmentId: cpeFleetItems.equipmentId, cpeTaskId: cpeFleetItems.cpeTaskId })
    .from(cpeFleetItems)
    .where(and(eq(cpeFleetItems.runId, runId), eq(cpeFleetItems.status, "sent")));
  if (sent.length > 0) {
    await followQueuedTasks(
      deps,
      sent.map((s) => s.equipmentId),
      sent.length * 2,
    );
    const tasks = await deps.db
      .select()
      .from(cpeTasks)
      .where(inArray(cpeTasks.id, sent.map((s) => s.cpeTaskId!).filter(Boolean)));
    for (const item of sent) {
      const task = tasks.find((t) => t.id === item.cpeTaskId);
      if (!task || task.status === "queued") continue;
      await setItem(deps.db, item.id, "sent", {
        status: ITEM_OF_TASK[task.status as "done" | "fault"],
        faultCode: task.faultCode,
        faultMessage: task.faultMessage,
      });
    }
  }

  const { inFlight } = await counts();
  const room = run.concurrency - inFlight;
  if (room > 0 && deps.acs) {
    const next = await deps.db
      .select({ id: cpeFleetItems.id, equipmentId: cpeFleetItems.equipmentId })
      .from(cpeFleetItems)
      .where(and(eq(cpeFleetItems.runId, runId), eq(cpeFleetItems.status, "queued")))
      .orderBy(asc(cpeFleetItems.id))
      .limit(room);
    let files: AcsFile[] | null = null;
    try {
      files = next.length > 0 ? await deps.acs.files() : [];
    } catch (error) {
      if (!(error instanceof AcsUnavailableError)) throw error;
    }
    const sending = files;
    if (sending)
      await Promise.all(
        next.map(async (item) => {
          try {
            const equipment = await equipmentTarget(deps.db, FLEET_ACTOR, item.equipmentId);
            const task = await sendCpeTask(deps, FLEET_ACTOR, equipment, {
              kind: "firmware",
              projection: [],
              details: { fileName: run.fileName, fleetRunId: run.id },
              build: (device) =>
                firmwareTask(
                  sending,
                  run.fileName,
                  device._deviceId?._OUI ?? null,
                  device._deviceId?._ProductClass ?? null,
                ),
            });
            await setItem(deps.db, item.id, "queued", {
              status: ITEM_OF_TASK[task.status],
              cpeTaskId: task.id,
              faultCode: task.faultCode,
              faultMessage: task.faultMessage,
            });
          } catch (error) {
            // Unreachable ACS: the item stays queued and the next step tries again.
            if (error instanceof AcsUnavailableError) return;
            if (!(error instanceof ServiceError)) throw error;
            const [kept] = await deps.db
              .select({ id: cpeTasks.id, faultCode: cpeTasks.faultCode })
              .from(cpeTasks)
              .where(eq(cpeTasks.equipmentId, item.equipmentId))
              .orderBy(desc(cpeTasks.id))
              .limit(1);
            await setItem(deps.db, item.id, "queued", {
              status: "faulted",
              cpeTaskId: kept?.id ?? null,
              faultCode: kept?.faultCode ?? error.code,
              faultMessage: error.message.slice(0, 500),
            });
          }
        }),
      );
  }

  const after = await counts();
  if (after.queued === 0 && after.inFlight === 0) {
    await deps.db
      .update(cpeFleetRuns)
      .set({ status: "finished", finishedAt: new Date(), updatedAt: new Date() })
      .where(and(eq(cpeFleetRuns.id, runId), eq(cpeFleetRuns.status, "running")));
    return { status: "finished", ...after };
  }
  return { status: "running", ...after };
}

async function runCounts(db: Database, runIds: number[]) {
  if (runIds.length === 0) return new Map<number, Record<FleetItemStatus, number>>();
  const rows = await db
    .select({ runId: cpeFleetItems.runId, status: cpeFleetItems.status, n: count() })
    .from(cpeFleetItems)
    .where(inArray(cpeFleetItems.runId, runIds))
    .groupBy(cpeFleetItems.runId, cpeFleetItems.status);
  const out = new Map<number, Record<FleetItemStatus, number>>();
  for (const r of rows) {
    const counts = out.get(r.runId) ?? { queued: 0, sent: 0, applied: 0, faulted: 0 };
    counts[r.status as FleetItemStatus] = r.n;
    out.set(r.runId, counts);
  }
  return out;
}

export async function listFleetRuns(db: Database): Promise<Omit<FleetRunView, "items">[]> {
  const runs = await db.select().from(cpeFleetRuns).orderBy(desc(cpeFleetRuns.id)).limit(50);
  const counts = await runCounts(
    db,
    runs.map((r) => r.id),
  );
  return runs.map((r) => ({
    id: r.id,
    fileName: r.fileName,
    selection: r.selection,
    status: r.status as FleetRunView["status"],
    concurrency: r.concurrency,
    createdAt: r.createdAt,
    finishedAt: r.finishedAt,
    counts: counts.get(r.id) ?? { queued: 0, sent: 0, applied: 0, faulted: 0 },
  }));
}

/** One run with its devices, in order: the live progress and, once finished, the report. */
export async function fleetRunView(db: Database, runId: number): Promise<FleetRunView> {
  const [run] = await db.select().from(cpeFleetRuns).where(eq(cpeFleetRuns.id, runId));
  if (!run) throw new NotFoundError("Fleet run", runId);
  const items = await db
    .select({
      equipmentId: cpeFleetItems.equipmentId,
      serial: serviceEquipment.serial,
      model: serviceEquipment.model,
      status: cpeFleetItems.status,
      faultCode: cpeFleetItems.faultCode,
      faultMessage: cpeFleetItems.faultMessage,
      updatedAt: cpeFleetItems.updatedAt,
    })
    .from(cpeFleetItems)
    .innerJoin(serviceEquipment, eq(serviceEquipment.id, cpeFleetItems.equipmentId))
    .where(eq(cpeFleetItems.runId, runId))
    .orderBy(asc(cpeFleetItems.id))
    .limit(2000);
  const counts = (await runCounts(db, [runId])).get(runId) ?? { queued: 0, sent: 0, applied: 0, faulted: 0 };
  return {
    id: run.id,
    fileName: run.fileName,
    selection: run.selection,
    status: run.status as FleetRunView["status"],
    concurrency: run.concurrency,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    counts,
    items: items.map((i) => ({ ...i, status: i.status as FleetItemStatus })),
  };
}
