/**
 * Installs verified from the network: when a technician installs an ONT or a router, or completes
 * a job where they did, a check is written pending in the same transaction and a job is queued
 * after the commit (network.install-check). The job runs the ordinary diagnostic (so the result is
 * also in the device's history) and settles the check: verified, no answer, signal weak or bad,
 * or failed with the diagnostic's reason. Each check settles once, whatever the retries.
 */
import { and, desc, eq, inArray } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { dispatchJobEquipment, equipmentDiagnostics, installChecks, serviceEquipment } from "../../db/schema";
import { installCheckStep, type InstallCheckStatus } from "../../../lib/domain/network/install-check";
import type { Actor } from "../actor";
import type { JobSender } from "../background-jobs";
import { INSTALL_CHECK_QUEUE, installCheckKey } from "../background-jobs";
import type { ServiceDeps } from "../deps";
import type { InstallCheckView } from "../../../lib/schemas/network";
import { runEquipmentDiagnostic } from "./run-diagnostic";

/** Devices the network can vouch for; a TV box or a phone adapter is not checked. */
const CHECKED_KINDS = ["ont", "router"] as const;

const SYSTEM: Actor = { realm: "system", userId: null, name: "install-check" };

export interface InstallCheckTrigger {
  jobId: number;
  trigger: "done" | "equipment";
  /** The phone action's client key. */
  triggerKey: string;
  /** For an install action, the device installed; for `done`, every device installed by the job. */
  equipmentId?: number;
}

/** Writes the pending checks inside the technician's transaction; returns the new checks' ids. */
export async function recordInstallChecks(tx: Queryable, trigger: InstallCheckTrigger): Promise<number[]> {
  const devices = await tx
    .select({ id: serviceEquipment.id })
    .from(serviceEquipment)
    .innerJoin(
      dispatchJobEquipment,
      and(
        eq(dispatchJobEquipment.equipmentId, serviceEquipment.id),
        eq(dispatchJobEquipment.jobId, trigger.jobId),
        eq(dispatchJobEquipment.action, "installed"),
      ),
    )
    .where(
      and(
        eq(serviceEquipment.status, "installed"),
        inArray(serviceEquipment.kind, [...CHECKED_KINDS]),
        trigger.equipmentId === undefined ? undefined : eq(serviceEquipment.id, trigger.equipmentId),
      ),
    );
  if (devices.length === 0) return [];
  const rows = await tx
    .insert(installChecks)
    .values(
      devices.map((d) => ({
        jobId: trigger.jobId,
        equipmentId: d.id,
        trigger: trigger.trigger,
        triggerKey: trigger.triggerKey,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: installChecks.id });
  return rows.map((r) => r.id);
}

/** After the commit: one job per check, keyed by the check so a second send is refused. */
export async function queueInstallChecks(jobs: JobSender, checkIds: readonly number[]): Promise<void> {
  for (const checkId of checkIds)
    await jobs.send(INSTALL_CHECK_QUEUE, { checkId }, { singletonKey: installCheckKey(checkId) });
}

export type InstallCheckAttempt =
  | { kind: "settled"; status: Exclude<InstallCheckStatus, "pending"> }
  | { kind: "retry" }
  /** Already settled (a repeated delivery), or gone with its job. */
  | { kind: "skipped"; status: InstallCheckStatus | null };

/** One attempt at a check; `lastAttempt` turns a silent device into the verdict "no answer". */
export async function attemptInstallCheck(
  deps: Pick<ServiceDeps, "db" | "config" | "snmp">,
  input: { checkId: number; lastAttempt: boolean },
  now: () => Date = () => new Date(),
): Promise<InstallCheckAttempt> {
  const { db } = deps;
  const [check] = await db.select().from(installChecks).where(eq(installChecks.id, input.checkId));
  if (!check || check.status !== "pending") return { kind: "skipped", status: check?.status ?? null };
  const diagnostic = await runEquipmentDiagnostic(deps, SYSTEM, { equipmentId: check.equipmentId }, now);
  const step = installCheckStep(diagnostic, input.lastAttempt);
  const pending = and(eq(installChecks.id, check.id), eq(installChecks.status, "pending"));
  if (step.kind === "retry") {
    await db
      .update(installChecks)
      .set({ attempts: check.attempts + 1, diagnosticId: diagnostic.id })
      .where(pending);
    return { kind: "retry" };
  }
  // Conditional on pending: two deliveries racing settle it once.
  const settled = await db
    .update(installChecks)
    .set({
      status: step.status,
      attempts: check.attempts + 1,
      diagnosticId: diagnostic.id,
      reasonKey: step.status === "verified" ? null : (diagnostic.reasonKey ?? null),
      reasonParams: step.status === "verified" ? {} : (diagnostic.reasonParams ?? {}),
      checkedAt: now(),
    })
    .where(pending)
    .returning({ id: installChecks.id });
  if (settled.length === 0) return { kind: "skipped", status: null };
  return { kind: "settled", status: step.status };
}

const viewColumns = {
  jobId: installChecks.jobId,
  id: installChecks.id,
  equipmentId: installChecks.equipmentId,
  serial: serviceEquipment.serial,
  equipmentKind: serviceEquipment.kind,
  status: installChecks.status,
  attempts: installChecks.attempts,
  reasonKey: installChecks.reasonKey,
  reasonParams: installChecks.reasonParams,
  rxDbm: equipmentDiagnostics.rxDbm,
  requestedAt: installChecks.requestedAt,
  checkedAt: installChecks.checkedAt,
};

function toView<R extends { requestedAt: Date; checkedAt: Date | null }>(
  row: R,
): Omit<R, "requestedAt" | "checkedAt"> & { requestedAt: string; checkedAt: string | null } {
  return { ...row, requestedAt: row.requestedAt.toISOString(), checkedAt: row.checkedAt?.toISOString() ?? null };
}

/** The newest check of each device of each job, for the job's record and the technician's phone. */
export async function installChecksOfJobs(
  db: Queryable,
  jobIds: readonly number[],
): Promise<Map<number, InstallCheckView[]>> {
  const byJob = new Map<number, InstallCheckView[]>();
  if (jobIds.length === 0) return byJob;
  const rows = await db
    .select(viewColumns)
    .from(installChecks)
    .innerJoin(serviceEquipment, eq(serviceEquipment.id, installChecks.equipmentId))
    .leftJoin(equipmentDiagnostics, eq(equipmentDiagnostics.id, installChecks.diagnosticId))
    .where(inArray(installChecks.jobId, [...jobIds]))
    .orderBy(desc(installChecks.id));
  const seen = new Set<string>();
  for (const { jobId, ...row } of rows) {
    const key = `${jobId}:${row.equipmentId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const list = byJob.get(jobId) ?? [];
    list.push(toView(row));
    byJob.set(jobId, list);
  }
  return byJob;
}

/** One job's checks, newest per device: the live board's job details read them from here. */
export async function installChecksOfJob(db: Queryable, jobId: number): Promise<InstallCheckView[]> {
  return (await installChecksOfJobs(db, [jobId])).get(jobId) ?? [];
}

/**
 * The newest check of each device, whatever the job, with the job that asked for it: the ticket's
 * customer panel says beside each device whether the network vouched for its install.
 */
export async function latestInstallChecksOfDevices(
  db: Queryable,
  equipmentIds: readonly number[],
): Promise<Map<number, InstallCheckView & { jobId: number }>> {
  const byDevice = new Map<number, InstallCheckView & { jobId: number }>();
  const ids = [...new Set(equipmentIds)];
  if (ids.length === 0) return byDevice;
  const rows = await db
    .selectDistinctOn([installChecks.equipmentId], viewColumns)
    .from(installChecks)
    .innerJoin(serviceEquipment, eq(serviceEquipment.id, installChecks.equipmentId))
    .leftJoin(equipmentDiagnostics, eq(equipmentDiagnostics.id, installChecks.diagnosticId))
    .where(inArray(installChecks.equipmentId, ids))
    .orderBy(installChecks.equipmentId, desc(installChecks.id));
  for (const { jobId, ...row } of rows) byDevice.set(row.equipmentId, { ...toView(row), jobId });
  return byDevice;
}
