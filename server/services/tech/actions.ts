/**
 * What a technician's phone changes on a job: status, checklist, materials, equipment and the
 * customer's signature. Each action is applied once per client key (action-ledger.ts) inside
 * one transaction with its effect and its audit entry; the job row is locked first, so a
 * reassignment on the board and the technician's change cannot interleave.
 *
 * After the commit a status change goes to the live board (a patch of that one field, see
 * job-events.ts) and, when the job went en route, the "on my way" SMS is queued. A device
 * installed, or a job completed with devices installed, gets its network check queued
 * (network/install-check.ts): after the commit, so the technician's request never waits on SNMP.
 */
import { and, eq } from "drizzle-orm";
import type { Transaction } from "../../db/client";
import { dispatchJobChecklistItems, dispatchJobMaterials, dispatchJobs, items } from "../../db/schema";
import { localDate } from "../../../lib/domain/quebec-dates";
import { techTransition } from "../../../lib/domain/tech/status-flow";
import { checkCompletion } from "../../../lib/domain/checklists/completion";
import type { TechAction, TechActInput, TechActOutcome } from "../../../lib/schemas/tech";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { RecordAccessError } from "../errors";
import { applyEquipmentAction } from "../equipment/job-equipment";
import type { ServiceDeps } from "../deps";
import {
  afterJobStatusCommitted,
  applyJobStatusChange,
  onMyWayJobs,
  type JobStatusChange,
} from "../tracking/status-change";
import { actionKeyKnown, applyOnce, type ApplyResult } from "./action-ledger";
import { saveSignature } from "./signature";
import { recordStorageIntent } from "../sweepers/storage-intents";
import { signatureStorageKey } from "../../storage";
import { techJobAccess, type TechJobRow } from "./tech-access";
import { queueInstallChecks, recordInstallChecks } from "../network/install-check";

export type TechActDeps = Pick<ServiceDeps, "db" | "storage" | "jobs" | "events"> & { now?: () => Date };

export interface TechActor {
  userId: string;
  technicianId: number;
  name: string;
}

interface Applied {
  apply: ApplyResult;
  statusChange: JobStatusChange | null;
  boardDate: string | null;
  /** Install checks written in the transaction, queued after the commit. */
  installChecks?: number[];
}

/** A refusal the phone keeps and shows: `message` for logs, the key and parameters for the technician's language. */
const refuse = (
  code: Extract<ApplyResult, { accepted: false }>["code"],
  message: string,
  text: { key: string; params: Record<string, string | number> },
): ApplyResult => ({ accepted: false, code, message, ...text });

export async function techAct(deps: TechActDeps, actor: TechActor, input: TechActInput): Promise<TechActOutcome> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  let after: Applied | null = null;
  // A signature's file is written inside the ledger's transaction: mark it first, so a transaction
  // that dies after the write leaves a trace the orphan-files sweeper follows. A replay writes nothing.
  if (input.action.kind === "signature" && !(await actionKeyKnown(db, input.clientKey)))
    await recordStorageIntent(db, signatureStorageKey(input.jobId, input.clientKey));
  const outcome = await applyOnce(
    db,
    { clientKey: input.clientKey, technicianId: actor.technicianId, jobId: input.jobId, kind: input.action.kind },
    async (tx) => {
      const access = await techJobAccess(tx, actor.technicianId, input.jobId, { forUpdate: true });
      // A stranger's job id is refused outright (403) and leaves no trace; a job taken from this
      // technician while they were offline is an answer the phone keeps and shows.
      if (!access.ok && access.code === "not_your_job") throw new RecordAccessError(access.message);
      if (!access.ok) {
        after = { apply: refuse(access.code, access.message, access), statusChange: null, boardDate: null };
        return after.apply;
      }
      after = await applyAction(tx, deps, actor, access.job, input, now);
      return after.apply;
    },
  );
  const applied = after as Applied | null;
  // A replay changed nothing now: its board patch and SMS went out with the first arrival.
  if (!outcome.replayed && applied?.statusChange && applied.boardDate) {
    const change = applied.statusChange;
    deps.events.dispatchJobs.jobPatched({
      jobId: change.jobId,
      date: applied.boardDate,
      fields: { status: change.to, updatedBy: actor.userId },
    });
    await afterJobStatusCommitted(change, onMyWayJobs(deps.jobs)).catch((error: unknown) =>
      console.error(`on-my-way queueing for job ${change.jobId} failed:`, error),
    );
  }
  if (!outcome.replayed && applied?.installChecks?.length)
    await queueInstallChecks(deps.jobs, applied.installChecks).catch((error: unknown) =>
      console.error(`install check queueing for job ${input.jobId} failed:`, error),
    );
  return outcome;
}

async function applyAction(
  tx: Transaction,
  deps: TechActDeps,
  actor: TechActor,
  job: TechJobRow,
  input: TechActInput,
  now: Date,
): Promise<Applied> {
  const none = (apply: ApplyResult): Applied => ({ apply, statusChange: null, boardDate: null });
  const action: TechAction = input.action;
  if (job.status === "cancelled")
    return none(
      refuse("job_closed", `Job ${job.id} was cancelled`, { key: "errors.tech.jobCancelled", params: { job: job.id } }),
    );
  const audit = (what: string, changes: Record<string, { from: unknown; to: unknown }>) =>
    recordAudit(tx, staffActor(actor), {
      action: `dispatch.job.tech-${what}`,
      entityType: "dispatch_job",
      entityId: job.id,
      changes,
    });

  switch (action.kind) {
    case "status": {
      const transition = techTransition(job.status, action.status);
      if (!transition.ok) return none(refuse(transition.code, transition.message, transition));
      if (!transition.changes) return none({ accepted: true, result: { status: job.status, changed: false } });
      const done = action.status === "done";
      if (done) {
        // The job row is locked, so a tick arriving meanwhile waits: the items read here are the ones that count.
        const completion = checkCompletion(
          await tx
            .select({
              id: dispatchJobChecklistItems.id,
              label: dispatchJobChecklistItems.label,
              required: dispatchJobChecklistItems.required,
              done: dispatchJobChecklistItems.done,
            })
            .from(dispatchJobChecklistItems)
            .where(eq(dispatchJobChecklistItems.jobId, job.id))
            .orderBy(dispatchJobChecklistItems.position),
        );
        if (!completion.ok) return none(refuse(completion.code, completion.message, completion));
      }
      await tx
        .update(dispatchJobs)
        .set({
          status: action.status,
          updatedBy: actor.userId,
          updatedAt: now,
          ...(done ? { completedAt: now, completionSummary: action.summary?.trim() || null } : {}),
        })
        .where(eq(dispatchJobs.id, job.id));
      const change: JobStatusChange = { jobId: job.id, from: job.status, to: action.status, at: now };
      await applyJobStatusChange(tx, change);
      await audit("status", { status: { from: job.status, to: action.status } });
      const anchor = job.scheduledStart ?? job.windowStart;
      return {
        apply: { accepted: true, result: { status: action.status, changed: true } },
        statusChange: change,
        boardDate: anchor ? localDate(anchor) : null,
        installChecks: done
          ? await recordInstallChecks(tx, { jobId: job.id, trigger: "done", triggerKey: input.clientKey })
          : [],
      };
    }
    case "checklist": {
      const [before] = await tx
        .select({ done: dispatchJobChecklistItems.done })
        .from(dispatchJobChecklistItems)
        .where(and(eq(dispatchJobChecklistItems.id, action.itemId), eq(dispatchJobChecklistItems.jobId, job.id)));
      const [item] = await tx
        .update(dispatchJobChecklistItems)
        .set({ done: action.done, doneAt: action.done ? now : null, doneBy: action.done ? actor.userId : null })
        .where(and(eq(dispatchJobChecklistItems.id, action.itemId), eq(dispatchJobChecklistItems.jobId, job.id)))
        .returning({ id: dispatchJobChecklistItems.id, done: dispatchJobChecklistItems.done });
      if (!item)
        return none(
          refuse("unknown_item", `Checklist item ${action.itemId} is not on job ${job.id}`, {
            key: "errors.tech.unknownChecklistItem",
            params: { item: action.itemId, job: job.id },
          }),
        );
      // A tick that changes nothing (a second tap, a replay under a new key) logs nothing.
      if (before && before.done !== item.done)
        await audit("checklist", { [`item:${item.id}`]: { from: before.done, to: item.done } });
      return none({ accepted: true, result: { itemId: item.id, done: item.done } });
    }
    case "material": {
      const [item] = await tx
        .select({ id: items.id, active: items.active })
        .from(items)
        .where(eq(items.id, action.itemId));
      if (!item || !item.active)
        return none(
          refuse("unknown_item", `Catalog item ${action.itemId} does not exist or is no longer sold`, {
            key: "errors.tech.unknownCatalogItem",
            params: { item: action.itemId },
          }),
        );
      const [row] = await tx
        .insert(dispatchJobMaterials)
        .values({ jobId: job.id, itemId: item.id, quantity: action.quantity })
        .returning({ id: dispatchJobMaterials.id });
      await audit("material", { [`item:${item.id}`]: { from: null, to: action.quantity } });
      return none({ accepted: true, result: { materialId: row!.id, itemId: item.id, quantity: action.quantity } });
    }
    case "equipment": {
      const result = await applyEquipmentAction(tx, {
        job: { id: job.id, locationId: job.locationId, subscriptionId: job.subscriptionId, kind: job.kind },
        operation: action.operation,
        serial: action.serial,
        mac: action.mac,
        equipmentKind: action.equipmentKind,
      });
      if (!result.accepted) return none(result);
      await audit("equipment", { [action.operation]: { from: null, to: action.serial } });
      const installed =
        action.operation === "install" ? (result.result as { equipmentId?: number }).equipmentId : undefined;
      return {
        ...none(result),
        installChecks:
          installed === undefined
            ? []
            : await recordInstallChecks(tx, {
                jobId: job.id,
                trigger: "equipment",
                triggerKey: input.clientKey,
                equipmentId: installed,
              }),
      };
    }
    case "signature": {
      const result = await saveSignature(tx, deps.storage, {
        jobId: job.id,
        clientKey: input.clientKey,
        signerName: action.signerName,
        image: action.image,
      });
      if (result.accepted)
        await audit("signature", { signatureName: { from: job.signatureName, to: action.signerName } });
      return none(result);
    }
  }
}

function staffActor(actor: TechActor): Actor {
  return { realm: "staff", userId: actor.userId, role: "technician", name: actor.name };
}
