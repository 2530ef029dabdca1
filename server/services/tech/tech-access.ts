/**
 * The second layer of the technician's access: the procedure lets technicians in; here each
 * job id is checked against the technician it is assigned to. A job assigned to someone else
 * is refused as "not yours" when it never was theirs, and as "reassigned" when the audit log
 * shows it was taken from them (the phone says so instead of overwriting the other
 * technician's work).
 */
import { and, eq, sql } from "drizzle-orm";
import type { Queryable } from "../../db/client";
import { auditLog, dispatchJobHelpers, dispatchJobs, dispatchTechnicians } from "../../db/schema";
import { NotFoundError, RecordAccessError } from "../errors";

export type TechJobRow = typeof dispatchJobs.$inferSelect;

/** The roster entry of a signed-in technician, or a clear refusal for staff who are not on it. */
export async function technicianOfUser(db: Queryable, userId: string): Promise<{ id: number; name: string }> {
  const [technician] = await db
    .select({ id: dispatchTechnicians.id, name: dispatchTechnicians.name })
    .from(dispatchTechnicians)
    .where(eq(dispatchTechnicians.userId, userId));
  if (!technician)
    throw new RecordAccessError("Your account is not on the technicians' roster; ask a dispatcher to add you");
  return technician;
}

/** The roster id of a staff user, or null for staff who are not technicians (dispatchers following the map). */
export async function technicianIdOfUser(db: Queryable, userId: string): Promise<number | null> {
  const [technician] = await db
    .select({ id: dispatchTechnicians.id })
    .from(dispatchTechnicians)
    .where(eq(dispatchTechnicians.userId, userId));
  return technician?.id ?? null;
}

export type JobAccess =
  | { ok: true; job: TechJobRow }
  | { ok: false; code: "not_your_job" | "reassigned"; message: string; key: string; params: { job: number } };

/**
 * Whether the technician may act on the job: its lead or one of its helpers. `forUpdate` locks
 * the row, so a status change and a reassignment on the board cannot interleave.
 */
export async function techJobAccess(
  db: Queryable,
  technicianId: number,
  jobId: number,
  options: { forUpdate?: boolean } = {},
): Promise<JobAccess> {
  const query = db.select().from(dispatchJobs).where(eq(dispatchJobs.id, jobId));
  const [job] = options.forUpdate ? await query.for("update") : await query;
  if (!job) throw new NotFoundError("Job", jobId);
  if (job.leadTechnicianId === technicianId) return { ok: true, job };
  const [helper] = await db
    .select({ jobId: dispatchJobHelpers.jobId })
    .from(dispatchJobHelpers)
    .where(and(eq(dispatchJobHelpers.jobId, jobId), eq(dispatchJobHelpers.technicianId, technicianId)));
  if (helper) return { ok: true, job };
  return (await wasAssignedTo(db, technicianId, jobId))
    ? {
        ok: false,
        code: "reassigned",
        message: `Job ${jobId} was reassigned to another technician; your change was not applied`,
        key: "errors.tech.reassigned",
        params: { job: jobId },
      }
    : {
        ok: false,
        code: "not_your_job",
        message: `Job ${jobId} is not assigned to you`,
        key: "errors.tech.notYourJob",
        params: { job: jobId },
      };
}

/** Whether the audit log shows the job taken from this technician (a reassignment, not a stranger's id). */
async function wasAssignedTo(db: Queryable, technicianId: number, jobId: number): Promise<boolean> {
  const [entry] = await db
    .select({ id: auditLog.id })
    .from(auditLog)
    .where(
      and(
        eq(auditLog.entityType, "dispatch_job"),
        eq(auditLog.entityId, String(jobId)),
        sql`${auditLog.changes} -> 'leadTechnicianId' ->> 'from' = ${String(technicianId)}`,
      ),
    )
    .limit(1);
  return entry !== undefined;
}

/** For reads and uploads: the job if it is the technician's, else RecordAccessError (403). */
export async function requireTechJob(db: Queryable, technicianId: number, jobId: number): Promise<TechJobRow> {
  const access = await techJobAccess(db, technicianId, jobId);
  if (!access.ok) throw new RecordAccessError(access.message);
  return access.job;
}
