import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { rowsOf } from "@/server/db/client";
import {
  checklistTemplates,
  customers,
  dispatchJobChecklistItems,
  dispatchJobs,
  serviceLocations,
} from "@/server/db/schema";
import { DEFAULT_TEMPLATES } from "@/server/services/checklists/default-templates";
import { instantiateChecklist, saveTemplate, type JobKind } from "@/server/services/checklists/templates";
import { RecordAccessError } from "@/server/services/errors";
import { callerAs, createSeededRuntime, type TestRuntime } from "../support/test-runtime";
import { trpcFailure } from "../support/trpc-errors";

let runtime: TestRuntime;
let dispatcher: Awaited<ReturnType<typeof callerAs>>["caller"];
const db = () => runtime.database.db;

beforeAll(async () => {
  runtime = await createSeededRuntime();
  ({ caller: dispatcher } = await callerAs(runtime, "staff", "dispatcher@demo.test"));
});
afterAll(() => runtime?.close());

let serial = 0;
/** A job with no checklist yet (the seed gives its own jobs one), for a customer speaking `language`. */
async function newJob(kind: JobKind, language: "fr" | "en" | null): Promise<number> {
  serial++;
  let customerId: number | null = null;
  if (language) {
    const [customer] = await db()
      .insert(customers)
      .values({
        legacyAccountId: `CHK-A-${serial}`,
        legacyCustomerId: `CHK-C-${serial}`,
        displayName: `Checklist ${serial}`,
        language,
      })
      .returning({ id: customers.id });
    customerId = customer!.id;
  }
  const [anyCustomer] = await db().select({ id: customers.id }).from(customers).limit(1);
  const [location] = await db()
    .insert(serviceLocations)
    .values({
      customerId: customerId ?? anyCustomer!.id,
      address: `${serial} rue des Tests`,
      city: "Sherbrooke",
      postalCode: "J1H 1A1",
      latitude: 45.4,
      longitude: -71.9,
    })
    .returning({ id: serviceLocations.id });
  const [job] = await db()
    .insert(dispatchJobs)
    .values({ locationId: location!.id, customerId, kind, title: `Test ${kind} ${serial}` })
    .returning({ id: dispatchJobs.id });
  return job!.id;
}

async function itemRows(jobId: number) {
  return db()
    .select({ position: dispatchJobChecklistItems.position, label: dispatchJobChecklistItems.label })
    .from(dispatchJobChecklistItems)
    .where(eq(dispatchJobChecklistItems.jobId, jobId))
    .orderBy(dispatchJobChecklistItems.position);
}

async function auditCount(kind: JobKind): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(
    db(),
    sql`select count(*)::int as n from audit_log where entity_type = 'checklist_template' and entity_id = ${kind}`,
  );
  return row!.n;
}

const surveyItems = [
  { labelFr: "Repérer le trajet du câble", labelEn: "Locate the cable route", required: true },
  { labelFr: "  Photographier   l'entrée ", labelEn: "Photograph the entry", required: false },
];

describe("checklist templates", () => {
  it("lists every job kind, with the defaults where nothing is stored", async () => {
    const templates = await dispatcher.checklists.templates();
    expect(templates.map((t) => t.jobKind)).toEqual(["install", "repair", "removal", "move", "maintenance", "survey"]);
    for (const t of templates) {
      expect(t.source).toBe("default");
      expect(t.items).toEqual(DEFAULT_TEMPLATES[t.jobKind]);
    }
  });

  it("saves and lists back a template, with normalized labels, keys and an audit entry", async () => {
    const { changed, template } = await dispatcher.checklists.saveTemplate({
      jobKind: "survey",
      items: surveyItems,
      expectedUpdatedAt: null,
    });
    expect(changed).toBe(true);
    expect(template.items).toEqual([
      {
        key: "reperer-le-trajet-du-cable",
        labelFr: "Repérer le trajet du câble",
        labelEn: "Locate the cable route",
        required: true,
      },
      {
        key: "photographier-l-entree",
        labelFr: "Photographier l'entrée",
        labelEn: "Photograph the entry",
        required: false,
      },
    ]);
    const listed = (await dispatcher.checklists.templates()).find((t) => t.jobKind === "survey")!;
    expect(listed).toMatchObject({ source: "stored", items: template.items, updatedByName: expect.any(String) });
    expect(listed.updatedAt).toBe(template.updatedAt);
    expect(await auditCount("survey")).toBe(1);

    // Saving the same items again changes nothing and logs nothing.
    const again = await dispatcher.checklists.saveTemplate({
      jobKind: "survey",
      items: template.items,
      expectedUpdatedAt: template.updatedAt,
    });
    expect(again.changed).toBe(false);
    expect(await auditCount("survey")).toBe(1);

    // Keys survive a reorder and a new item gets its own.
    const reordered = await dispatcher.checklists.saveTemplate({
      jobKind: "survey",
      expectedUpdatedAt: template.updatedAt,
      items: [
        template.items[1]!,
        template.items[0]!,
        { labelFr: "Estimer la longueur", labelEn: "Estimate the length", required: true },
      ],
    });
    expect(reordered.template.items.map((i) => i.key)).toEqual([
      "photographier-l-entree",
      "reperer-le-trajet-du-cable",
      "estimer-la-longueur",
    ]);
    expect(await auditCount("survey")).toBe(2);
  });

  it("refuses a bad template with every problem named, and changes nothing", async () => {
    const before = await db().select().from(checklistTemplates).where(eq(checklistTemplates.jobKind, "survey"));
    const audits = await auditCount("survey");
    const error = await trpcFailure(
      dispatcher.checklists.saveTemplate({
        jobKind: "survey",
        items: [
          { labelFr: "Photo", labelEn: "P", required: false },
          { labelFr: "photo", labelEn: "Picture", required: false },
        ],
      }),
    );
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain(
      "Item 1 (“Photo”): the English label needs at least 2 characters / Élément 1 (« Photo ») : le libellé anglais",
    );
    expect(error.message).toContain(
      "Item 2 (“Picture”): same French label as item 1 / Élément 2 (« photo ») : même libellé français que l'élément 1",
    );
    // The person reads the first problem from the catalog, with its item and the label's language.
    expect(error.cause).toMatchObject({
      key: "errors.checklists.labelTooShort",
      params: { item: 1, language: "en", min: 2 },
      field: "items.0.labelEn",
    });
    expect(await trpcFailure(dispatcher.checklists.saveTemplate({ jobKind: "survey", items: [] }))).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/at least 1 item/),
    });
    expect(await db().select().from(checklistTemplates).where(eq(checklistTemplates.jobKind, "survey"))).toEqual(
      before,
    );
    expect(await auditCount("survey")).toBe(audits);
  });

  it("refuses a save made from a version someone else has since replaced", async () => {
    const first = await dispatcher.checklists.saveTemplate({
      jobKind: "maintenance",
      items: [{ labelFr: "Inspecter", labelEn: "Inspect", required: true }],
      expectedUpdatedAt: null,
    });
    // A second editor who opened the page on the default.
    const stale = await trpcFailure(
      dispatcher.checklists.saveTemplate({
        jobKind: "maintenance",
        items: [{ labelFr: "Nettoyer", labelEn: "Clean", required: true }],
        expectedUpdatedAt: null,
      }),
    );
    expect(stale.code).toBe("BAD_REQUEST");
    expect(stale.message).toMatch(/saved the maintenance checklist after you opened it.* \/ .*rechargez la page/);
    const [row] = await db()
      .select({ items: checklistTemplates.items })
      .from(checklistTemplates)
      .where(eq(checklistTemplates.jobKind, "maintenance"));
    expect(row!.items.map((i) => i.labelFr)).toEqual(["Inspecter"]);
    expect(first.template.updatedAt).not.toBeNull();
  });

  it("refuses a caller that is not an editor in the service too (second layer)", async () => {
    const actor = { realm: "staff" as const, userId: "nobody", role: "billing" as const, name: "Billing" };
    await expect(saveTemplate(db(), actor, { jobKind: "repair", items: surveyItems })).rejects.toBeInstanceOf(
      RecordAccessError,
    );
    expect(await auditCount("repair")).toBe(0);
  });
});

describe("instantiateChecklist", () => {
  it("copies the default template of the job's kind in its customer's language, positions 1..n", async () => {
    const fr = await newJob("install", "fr");
    const en = await newJob("install", "en");
    const none = await newJob("install", null);
    expect((await instantiateChecklist(db(), { jobId: fr })).map((i) => i.label)).toEqual(
      DEFAULT_TEMPLATES.install.map((i) => i.labelFr),
    );
    expect((await instantiateChecklist(db(), { jobId: en, jobKind: "install" })).map((i) => i.label)).toEqual(
      DEFAULT_TEMPLATES.install.map((i) => i.labelEn),
    );
    expect((await instantiateChecklist(db(), { jobId: none })).map((i) => i.label)).toEqual(
      DEFAULT_TEMPLATES.install.map((i) => i.labelFr),
    );
    const rows = await itemRows(en);
    expect(rows.map((r) => r.position)).toEqual(DEFAULT_TEMPLATES.install.map((_, i) => i + 1));
  });

  it("uses the language the caller gives, over the customer's", async () => {
    const jobId = await newJob("repair", "fr");
    const items = await instantiateChecklist(db(), { jobId, jobKind: "repair", language: "en" });
    expect(items.map((i) => i.label)).toEqual(DEFAULT_TEMPLATES.repair.map((i) => i.labelEn));
    expect(items.every((i) => !i.done && i.doneAt === null && i.doneBy === null)).toBe(true);
  });

  it("uses the stored template when there is one", async () => {
    const jobId = await newJob("survey", "en");
    const stored = (await dispatcher.checklists.templates()).find((t) => t.jobKind === "survey")!;
    expect(stored.source).toBe("stored");
    expect((await instantiateChecklist(db(), { jobId })).map((i) => i.label)).toEqual(
      stored.items.map((i) => i.labelEn),
    );
  });

  it("copies once, even when two calls run at once", async () => {
    const jobId = await newJob("move", "fr");
    const [a, b] = await Promise.all([instantiateChecklist(db(), { jobId }), instantiateChecklist(db(), { jobId })]);
    expect(a).toEqual(b);
    expect(await itemRows(jobId)).toHaveLength(DEFAULT_TEMPLATES.move.length);

    // The same from inside two transactions (the day query's way of calling it).
    const other = await newJob("removal", "en");
    const [c, d] = await Promise.all(
      [1, 2].map(() =>
        db().transaction((tx) => instantiateChecklist(tx, { jobId: other, jobKind: "removal", language: "en" })),
      ),
    );
    expect(c).toEqual(d);
    expect((await itemRows(other)).map((r) => r.label)).toEqual(DEFAULT_TEMPLATES.removal.map((i) => i.labelEn));

    // And a later call changes nothing.
    expect(await instantiateChecklist(db(), { jobId })).toEqual(a);
    expect(await itemRows(jobId)).toHaveLength(DEFAULT_TEMPLATES.move.length);
  });

  it("keeps a job's checklist as it was when the template changes later", async () => {
    const jobId = await newJob("repair", "fr");
    const copied = await instantiateChecklist(db(), { jobId });
    await db()
      .update(dispatchJobChecklistItems)
      .set({ done: true, doneAt: new Date() })
      .where(and(eq(dispatchJobChecklistItems.jobId, jobId), eq(dispatchJobChecklistItems.position, 1)));
    await dispatcher.checklists.saveTemplate({
      jobKind: "repair",
      items: [{ labelFr: "Nouvelle étape", labelEn: "New step", required: true }],
    });
    const after = await instantiateChecklist(db(), { jobId });
    expect(after.map((i) => i.label)).toEqual(copied.map((i) => i.label));
    expect(after[0]!.done).toBe(true);
    // A new repair job gets the new template.
    expect((await instantiateChecklist(db(), { jobId: await newJob("repair", "fr") })).map((i) => i.label)).toEqual([
      "Nouvelle étape",
    ]);
  });

  it("refuses a job that does not exist", async () => {
    await expect(instantiateChecklist(db(), { jobId: 2_000_000_000 })).rejects.toThrow(/Job 2000000000 was not found/);
  });
});
