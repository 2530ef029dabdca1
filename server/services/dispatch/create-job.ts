import { eq, inArray } from "drizzle-orm";
import { dispatchJobs, dispatchJobTags, dispatchTags, serviceLocations } from "../../db/schema";
import type { CreateJobInput } from "../../../lib/schemas/dispatch";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { NotFoundError, RuleViolationError } from "../errors";
import type { ServiceDeps } from "../deps";
import type { Transaction } from "../../db/client";

export interface CreateJobOptions {
  /** Runs in the job's transaction once the job is written (the ticket's note, from a ticket): it fails together. */
  withinTransaction?: (tx: Transaction, job: typeof dispatchJobs.$inferSelect) => Promise<void>;
}

/** A new unassigned job; the live board of its day shows it as soon as it is committed. */
export async function createDispatchJob(
  deps: Pick<ServiceDeps, "db" | "events">,
  actor: Actor,
  input: CreateJobInput,
  options: CreateJobOptions = {},
) {
  const { db } = deps;
  const job = await db.transaction(async (tx) => {
    const [location] = await tx
      .select({ id: serviceLocations.id, customerId: serviceLocations.customerId })
      .from(serviceLocations)
      .where(eq(serviceLocations.id, input.locationId));
    if (!location) throw new NotFoundError("Service location", input.locationId);
    const tags = input.skills.length
      ? await tx
          .select({ id: dispatchTags.id, code: dispatchTags.code, level: dispatchTags.level })
          .from(dispatchTags)
          .where(inArray(dispatchTags.code, input.skills))
      : [];
    const unknown = input.skills.filter((code) => !tags.some((t) => t.code === code));
    if (unknown.length)
      throw new RuleViolationError(`Unknown skill: ${unknown.join(", ")}`, "skills", {
        key: "errors.dispatch.unknownSkill",
        params: { skills: unknown.join(", "), count: unknown.length },
      });

    const [created] = await tx
      .insert(dispatchJobs)
      .values({
        locationId: location.id,
        customerId: location.customerId,
        ticketId: input.ticketId,
        kind: input.kind,
        title: input.title,
        notes: input.notes,
        priority: input.priority,
        durationMin: input.durationMin,
        windowStart: new Date(input.windowStart),
        windowEnd: new Date(input.windowEnd),
        status: "unassigned",
        updatedBy: actor.userId ?? "system",
      })
      .returning();
    if (tags.length)
      await tx.insert(dispatchJobTags).values(tags.map((t) => ({ jobId: created!.id, tagId: t.id, level: t.level })));
    await recordAudit(tx, actor, {
      action: "dispatch.job.create",
      entityType: "dispatch_job",
      entityId: created!.id,
      changes: { title: { from: null, to: input.title } },
    });
    await options.withinTransaction?.(tx, created!);
    return created!;
  });
  deps.events.dispatchJobs.jobChanged({ jobId: job.id });
  return job;
}
