import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, isNotNull } from "drizzle-orm";
import {
  auditLog,
  dispatchJobChecklistItems,
  dispatchJobPhotos,
  dispatchJobs,
  dispatchTechnicians,
  outboundMessages,
  staffUsers,
} from "@/server/db/schema";
import type { JobSender } from "@/server/services/background-jobs";
import { DEFAULT_TEMPLATES } from "@/server/services/checklists/default-templates";
import { instantiateChecklist } from "@/server/services/checklists/templates";
import { techAct, type TechActDeps, type TechActor } from "@/server/services/tech/actions";
import type { TechAction } from "@/lib/schemas/tech";
import { callerAs, createSeededRuntime, type TestRuntime } from "../support/test-runtime";

/**
 * A job's full record in the office, and the rule it ends with: a technician cannot mark a job
 * done while a required checklist item (the template's flag, copied to the job) is unticked.
 */
let runtime: TestRuntime;
let actor: TechActor;
let deps: TechActDeps;
let jobId: number;
const db = () => runtime.database.db;
const act = (action: TechAction) => techAct(deps, actor, { clientKey: randomUUID(), jobId, action });
const jobRow = async () => (await db().select().from(dispatchJobs).where(eq(dispatchJobs.id, jobId)))[0]!;

beforeAll(async () => {
  runtime = await createSeededRuntime();
  const [tech] = await db()
    .select({ id: dispatchTechnicians.id, userId: staffUsers.id, name: staffUsers.name })
    .from(dispatchTechnicians)
    .innerJoin(staffUsers, eq(staffUsers.id, dispatchTechnicians.userId))
    .where(eq(staffUsers.email, "technician@demo.test"));
  actor = { userId: tech!.userId, technicianId: tech!.id, name: tech!.name };
  const jobs: JobSender = { send: () => Promise.resolve("recorded"), jobsByKey: () => Promise.resolve([]) };
  deps = { ...runtime, jobs };
  // An assigned install of the technician with a customer, its seeded checklist replaced by the
  // template's (the seed writes plain items): the copy a technician's first look makes.
  const [job] = await db()
    .select({ id: dispatchJobs.id })
    .from(dispatchJobs)
    .where(
      and(
        eq(dispatchJobs.leadTechnicianId, tech!.id),
        eq(dispatchJobs.status, "assigned"),
        eq(dispatchJobs.kind, "install"),
        isNotNull(dispatchJobs.customerId),
      ),
    )
    .limit(1);
  jobId = job!.id;
  await db().delete(dispatchJobChecklistItems).where(eq(dispatchJobChecklistItems.jobId, jobId));
  await instantiateChecklist(db(), { jobId, language: "fr" });
});
afterAll(async () => {
  await runtime?.close();
});

describe("required checklist items at done", () => {
  it("are copied from the template's required flags", async () => {
    const items = await db()
      .select({ required: dispatchJobChecklistItems.required })
      .from(dispatchJobChecklistItems)
      .where(eq(dispatchJobChecklistItems.jobId, jobId))
      .orderBy(dispatchJobChecklistItems.position);
    expect(items.map((i) => i.required)).toEqual(DEFAULT_TEMPLATES.install.map((i) => i.required));
    expect(items.some((i) => !i.required)).toBe(true);
  });

  it("refuse done while one is unticked, with its key, and change nothing; optional items never hold it back", async () => {
    expect(await act({ kind: "status", status: "on_site" })).toMatchObject({ accepted: true });
    const items = await db()
      .select()
      .from(dispatchJobChecklistItems)
      .where(eq(dispatchJobChecklistItems.jobId, jobId))
      .orderBy(dispatchJobChecklistItems.position);
    const required = items.filter((i) => i.required);
    // Every required item but the last ticked; the optional ones left alone.
    for (const item of required.slice(0, -1))
      expect(await act({ kind: "checklist", itemId: item.id, done: true })).toMatchObject({ accepted: true });
    const before = await jobRow();

    const refused = await act({ kind: "status", status: "done", summary: "Terminé" });
    expect(refused).toEqual({
      accepted: false,
      replayed: false,
      code: "checklist_incomplete",
      message: expect.stringContaining(required.at(-1)!.label),
      key: "errors.tech.requiredChecklistItems",
      params: { count: 1, items: required.at(-1)!.label },
    });
    const after = await jobRow();
    expect(after).toMatchObject({ status: "on_site", completedAt: null, completionSummary: null });
    expect(after.updatedAt).toEqual(before.updatedAt);

    expect(await act({ kind: "checklist", itemId: required.at(-1)!.id, done: true })).toMatchObject({
      accepted: true,
    });
    expect(await act({ kind: "status", status: "done", summary: "ONT installé, −18 dBm" })).toMatchObject({
      accepted: true,
      result: { status: "done", changed: true },
    });
    expect(await jobRow()).toMatchObject({ status: "done", completionSummary: "ONT installé, −18 dBm" });
  });
});

describe("a job's full record", () => {
  it("shows the status history with who, the checklist answers, photos, signature and messages", async () => {
    await db()
      .insert(dispatchJobPhotos)
      .values({
        jobId,
        storageKey: `jobs/${jobId}/photos/record-test.png`,
        contentType: "image/png",
        bytes: 10,
        caption: "ONT au sous-sol",
        uploadedBy: actor.userId,
      });
    await db()
      .update(dispatchJobs)
      .set({ signatureName: "Marie Tremblay", signatureKey: `jobs/${jobId}/signature-x.png`, signedAt: new Date() })
      .where(eq(dispatchJobs.id, jobId));
    await db()
      .insert(outboundMessages)
      .values({
        dedupeKey: `job:${jobId}:on-my-way:sms`,
        channel: "sms",
        recipient: "+14505550100",
        template: "on_my_way",
        status: "delivered",
      });

    const { caller } = await callerAs(runtime, "staff", "dispatcher@demo.test");
    const record = await caller.jobs.record({ jobId });
    expect(record.job).toMatchObject({ id: jobId, status: "done", completionSummary: "ONT installé, −18 dBm" });
    const changes = record.history.filter((h) => h.action === "dispatch.job.tech-status");
    expect(changes.map((h) => [h.from, h.to, h.who])).toEqual([
      ["assigned", "on_site", actor.name],
      ["on_site", "done", actor.name],
    ]);
    expect(record.checklist.filter((i) => i.required).every((i) => i.done && i.doneBy === actor.name)).toBe(true);
    expect(record.checklist.some((i) => !i.required && !i.done)).toBe(true);
    expect(record.photos).toEqual([
      expect.objectContaining({
        caption: "ONT au sous-sol",
        uploadedBy: actor.name,
        url: expect.stringMatching(/^\/api\/tech\/photos\/\d+$/),
      }),
    ]);
    expect(record.signature).toMatchObject({ name: "Marie Tremblay", url: `/api/tech/jobs/${jobId}/signature` });
    expect(record.messages).toEqual([expect.objectContaining({ template: "on_my_way", status: "delivered" })]);
    expect(record.customer?.id).toBeGreaterThan(0);
    // The customer's page lists the job, linking to this record.
    const ofCustomer = await caller.jobs.ofCustomer({ customerId: record.customer!.id });
    expect(ofCustomer.find((j) => j.id === jobId)).toMatchObject({ status: "done", title: record.job.title });

    // Every status change the record lists is an audited one.
    const audited = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, String(jobId)), eq(auditLog.action, "dispatch.job.tech-status")));
    expect(audited).toHaveLength(changes.length);
  });

  it("is not found for a job that does not exist", async () => {
    const { caller } = await callerAs(runtime, "staff", "support@demo.test");
    await expect(caller.jobs.record({ jobId: 2_000_000_000 })).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
