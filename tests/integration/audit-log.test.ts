import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { setRuntime } from "@/server/runtime";
import { auditLog, dispatchJobs, invoices, staffUsers } from "@/server/db/schema";
import { GET as exportAudit } from "@/app/api/audit/export/route";
import { auditEntriesToCsv } from "@/server/services/audit-log/audit-csv";
import { startBillingRun } from "@/server/services/billing/billing-run-start";
import type { JobSender } from "@/server/services/background-jobs";
import type { Actor } from "@/server/services/actor";
import { STAFF_ROLES } from "@/lib/domain/roles";
import type { AuditListInput } from "@/lib/schemas/audit";
import { callerAs, createSeededRuntime, signIn, TEST_BASE_URL, type TestRuntime } from "../support/test-runtime";
import { trpcFailure } from "../support/trpc-errors";

/**
 * The audit log, read (server/services/audit-log): the office list's filters and keyset pages,
 * and the streamed CSV export. Entries are written for the test in 1999 (nothing the seed writes
 * is that old), each set under a record type of its own, so the answers do not depend on the day.
 */
let runtime: TestRuntime;
let admin: Awaited<ReturnType<typeof callerAs>>["caller"];
const staffId: Record<string, string> = {};
const session: Record<string, Headers> = {};

type Row = typeof auditLog.$inferInsert;
async function write(rows: Row[]): Promise<number[]> {
  const ids: number[] = [];
  // Batches of 1,000 keep each insert's parameters under PostgreSQL's limit.
  for (let i = 0; i < rows.length; i += 1000) {
    const inserted = await runtime.database.db
      .insert(auditLog)
      .values(rows.slice(i, i + 1000))
      .returning({ id: auditLog.id });
    ids.push(...inserted.map((r) => r.id));
  }
  return ids;
}

async function list(input: AuditListInput) {
  return admin.audit.list(input);
}

/** Every id the filters find, following nextCursor page by page. */
async function walk(filters: AuditListInput["filters"], limit: number) {
  const ids: number[] = [];
  let cursor: string | undefined;
  let pages = 0;
  for (;;) {
    const page = await list({ filters, cursor, limit });
    ids.push(...page.items.map((i) => i.id));
    pages++;
    if (!page.nextCursor) return { ids, pages };
    cursor = page.nextCursor;
  }
}

beforeAll(async () => {
  runtime = await createSeededRuntime();
  setRuntime(runtime);
  admin = (await callerAs(runtime, "staff", "admin@demo.test")).caller;
  for (const role of STAFF_ROLES) {
    const [user] = await runtime.database.db
      .select({ id: staffUsers.id })
      .from(staffUsers)
      .where(eq(staffUsers.email, `${role}@demo.test`));
    staffId[role] = user!.id;
    session[role] = (await signIn(runtime, "staff", `${role}@demo.test`)).headers;
  }
  session.customer = (await signIn(runtime, "customer", "customer@demo.test")).headers;
});
afterAll(() => runtime?.close());

describe("the audit list's filters", () => {
  const type = "probe_filters";
  let ids: Record<string, number>;

  beforeAll(async () => {
    const staff = (role: string, action: string, entityId: string, at: string): Row => ({
      at: new Date(at),
      actorRealm: "staff",
      actorId: staffId[role]!,
      action,
      entityType: type,
      entityId,
      changes: { status: { from: "open", to: "paid" } },
    });
    const written = await write([
      staff("admin", "invoice.email_resent", "1", "1999-03-10T15:00:00Z"),
      staff("billing", "invoice.payment_allocated", "2", "1999-03-11T15:00:00Z"),
      staff("billing", "invoicex.other", "1", "1999-03-12T15:00:00Z"),
      // 23:30 in Quebec on March 12 (EST, UTC-5): a March 12 entry, though the UTC date is the 13th.
      staff("dispatcher", "dispatch.job.create", "3", "1999-03-13T04:30:00Z"),
      // 00:30 in Quebec on March 13.
      staff("dispatcher", "dispatch.job.board-edit", "3", "1999-03-13T05:30:00Z"),
      {
        at: new Date("1999-03-14T15:00:00Z"),
        actorRealm: "system",
        actorId: null,
        action: "billing_run.finish",
        entityType: type,
        entityId: "2",
        changes: {},
      },
    ]);
    ids = {
      adminResent: written[0]!,
      billingAllocated: written[1]!,
      billingOther: written[2]!,
      lateEvening: written[3]!,
      afterMidnight: written[4]!,
      system: written[5]!,
    };
  });

  const inRange = { entityType: type, from: "1999-03-01", to: "1999-03-31" };
  const found = async (filters: AuditListInput["filters"]) =>
    (await list({ filters: { ...inRange, ...filters }, limit: 200 })).items.map((i) => i.id).sort((a, b) => a - b);
  const sorted = (...keys: string[]) => keys.map((k) => ids[k]!).sort((a, b) => a - b);

  it("finds every entry of the record type, newest first, with the person's name", async () => {
    const page = await list({ filters: inRange, limit: 200 });
    expect(page.items.map((i) => i.id)).toEqual(
      ["system", "afterMidnight", "lateEvening", "billingOther", "billingAllocated", "adminResent"].map((k) => ids[k]),
    );
    const resent = page.items.find((i) => i.id === ids.adminResent)!;
    const [adminRow] = await runtime.database.db
      .select({ name: staffUsers.name })
      .from(staffUsers)
      .where(eq(staffUsers.id, staffId.admin!));
    expect(resent).toMatchObject({ actorRealm: "staff", actorName: adminRow!.name, action: "invoice.email_resent" });
    expect(page.items.find((i) => i.id === ids.system)).toMatchObject({ actorRealm: "system", actorName: null });
  });

  it("filters by person, and by the system", async () => {
    expect(await found({ person: staffId.billing })).toEqual(sorted("billingAllocated", "billingOther"));
    expect(await found({ person: "system" })).toEqual(sorted("system"));
  });

  it("filters by record (type and id)", async () => {
    expect(await found({ entityId: "1" })).toEqual(sorted("adminResent", "billingOther"));
    expect(await found({ entityId: "3" })).toEqual(sorted("lateEvening", "afterMidnight"));
  });

  it("filters by kind: an action, or every action under a prefix (not a longer word)", async () => {
    expect(await found({ kind: "invoice.email_resent" })).toEqual(sorted("adminResent"));
    expect(await found({ kind: "invoice" })).toEqual(sorted("adminResent", "billingAllocated"));
    expect(await found({ kind: "dispatch.job" })).toEqual(sorted("lateEvening", "afterMidnight"));
    // "_" is not a wildcard: invoice_email matches nothing.
    expect(await found({ kind: "invoice_email" })).toEqual([]);
  });

  it("filters by Quebec day, both ends included", async () => {
    expect(await found({ from: "1999-03-12", to: "1999-03-12" })).toEqual(sorted("billingOther", "lateEvening"));
    expect(await found({ from: "1999-03-13", to: "1999-03-14" })).toEqual(sorted("afterMidnight", "system"));
    expect(await found({ from: "1999-03-10", to: "1999-03-11" })).toEqual(sorted("adminResent", "billingAllocated"));
  });

  it("refuses a person nobody is, dates backwards, an id without its type, with a sentence", async () => {
    const unknown = await trpcFailure(list({ filters: { person: "nobody-at-all" } }));
    expect(unknown.code).toBe("BAD_REQUEST");
    expect(unknown.message).toContain("nobody-at-all");
    const backwards = await trpcFailure(list({ filters: { from: "1999-03-12", to: "1999-03-11" } }));
    expect(backwards.code).toBe("BAD_REQUEST");
    const alone = await trpcFailure(list({ filters: { entityId: "1" } }));
    expect(alone.code).toBe("BAD_REQUEST");
  });
});

describe("the audit list's keyset pages", () => {
  const type = "probe_pages";
  let written: number[];

  beforeAll(async () => {
    // Ties on the instant (one transaction writes several entries at one now()), and instants
    // a microsecond apart, which a cursor cut to the millisecond would confuse.
    const ats = [
      "1999-05-01 10:00:00.123456+00",
      "1999-05-01 10:00:00.123456+00",
      "1999-05-01 10:00:00.123456+00",
      "1999-05-01 10:00:00.123457+00",
      "1999-05-01 10:00:00.123455+00",
      "1999-05-01 10:00:00.123+00",
      "1999-05-01 10:00:01+00",
      "1999-05-02 10:00:00+00",
      "1999-05-02 10:00:00+00",
      "1999-05-03 10:00:00+00",
      "1999-05-03 10:00:00.000001+00",
    ];
    written = [];
    for (const at of ats) {
      // Raw SQL for the microseconds: a JS Date holds milliseconds only.
      const [row] = await runtime.database.db
        .insert(auditLog)
        .values({ actorRealm: "system", action: "probe.page", entityType: type, entityId: "1", changes: {} })
        .returning({ id: auditLog.id });
      await runtime.database.db
        .update(auditLog)
        .set({ at: sql`${at}::timestamptz` })
        .where(eq(auditLog.id, row!.id));
      written.push(row!.id);
    }
  });

  it.each([1, 2, 3, 4, 5, 50])("gives every entry once across pages of %i, in (at, id) order", async (limit) => {
    const { ids, pages } = await walk({ entityType: type }, limit);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => a - b)).toEqual([...written].sort((a, b) => a - b));
    expect(pages).toBe(Math.max(1, Math.ceil(written.length / limit)));
    const rows = await runtime.database.db
      .select({ id: auditLog.id, at: auditLog.at })
      .from(auditLog)
      .where(inArray(auditLog.id, written));
    expect(rows.length).toBe(written.length);
  });

  it("refuses a malformed cursor rather than guess a page", async () => {
    for (const cursor of [
      "nope",
      "1999-05-01T10:00:00.123Z_5",
      "1999-13-45T10:00:00.123456Z_5",
      "1999-05-01T10:00:00.123456Z_0",
      "1999-05-01T10:00:00.123456Z_99999999999",
      "1999-05-01T10:00:00.123456Z_5;drop table audit_log",
    ]) {
      const failure = await trpcFailure(list({ filters: { entityType: type }, cursor }));
      expect(failure.code, cursor).toBe("BAD_REQUEST");
    }
  });
});

describe("links to the record", () => {
  it("links an invoice to its page and a job to the board of its day", async () => {
    const [invoice] = await runtime.database.db.select({ id: invoices.id }).from(invoices).limit(1);
    const [job] = await runtime.database.db
      .select({ id: dispatchJobs.id, start: dispatchJobs.scheduledStart })
      .from(dispatchJobs)
      .where(isNotNull(dispatchJobs.scheduledStart))
      .limit(1);
    await write([
      {
        at: new Date("1999-07-01T12:00:00Z"),
        actorRealm: "system",
        action: "probe.link",
        entityType: "invoice",
        entityId: String(invoice!.id),
        changes: {},
      },
      {
        at: new Date("1999-07-01T12:00:01Z"),
        actorRealm: "system",
        action: "probe.link",
        entityType: "dispatch_job",
        entityId: String(job!.id),
        changes: {},
      },
    ]);
    const page = await list({ filters: { kind: "probe.link" }, limit: 10 });
    expect(page.items.find((i) => i.entityType === "invoice")?.href).toBe(`/office/invoices/${invoice!.id}`);
    // A job links to its full record in the office.
    expect(page.items.find((i) => i.entityType === "dispatch_job")?.href).toBe(`/office/jobs/${job!.id}`);
  });
});

describe("the CSV export", () => {
  const type = "probe_csv";
  let written: number[];

  const get = (query: string, as?: string, language = "en") => {
    const headers = new Headers(as ? session[as] : {});
    headers.set("accept-language", language);
    return exportAudit(new Request(`${TEST_BASE_URL}/api/audit/export?${query}`, { headers }));
  };

  beforeAll(async () => {
    const rows: Row[] = [];
    for (let i = 0; i < 2500; i++) {
      rows.push({
        at: new Date(Date.UTC(1998, 0, 1, 12) + i * 60_000),
        actorRealm: "staff",
        actorId: staffId.admin!,
        action: "probe.csv",
        entityType: type,
        entityId: String(i + 1),
        changes: { n: { from: i, to: i + 1 } },
      });
    }
    // Text typed by people reaches the file: quotes, commas, line breaks, and formulas.
    rows.push({
      at: new Date(Date.UTC(1998, 1, 1, 15)),
      actorRealm: "system",
      actorId: null,
      action: '=HYPERLINK("http://evil.test","x")',
      entityType: type,
      entityId: "-2+3",
      changes: { notes: { from: 'say "hi", then\nleave', to: "@SUM(A1)" } },
    });
    written = await write(rows);
  });

  it("streams every matching entry once, in several batches, as UTF-8 CSV with a BOM", async () => {
    const response = await get(`type=${type}&from=1998-01-01&to=1998-12-31`, "admin");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      'attachment; filename="audit-log_1998-01-01_1998-12-31.csv"',
    );
    const reader = response.body!.getReader();
    const chunks: Uint8Array[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    // The header, then one chunk per batch of 1,000: the file is written batch by batch.
    expect(chunks.length).toBe(1 + Math.ceil(written.length / 1000));
    const bytes = Buffer.concat(chunks);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString("utf8").slice(1);
    expect(
      text.startsWith("at,actor_realm,actor_id,actor_name,action,entity_type,entity_id,changes,changes_json\r\n"),
    ).toBe(true);
    const entityIds = [...text.matchAll(/^[^,\r\n]+,staff,[^,]*,[^,]*,probe\.csv,probe_csv,(\d+),/gm)].map((m) => m[1]);
    expect(entityIds.length).toBe(2500);
    expect(new Set(entityIds).size).toBe(2500);
  });

  it("quotes what must be quoted and keeps formulas as text", async () => {
    const response = await get(`type=${type}&from=1998-02-01&to=1998-02-01`, "admin");
    const text = (await response.text()).replace(/^\uFEFF/, "");
    const [, line] = text.split("\r\n");
    expect(line).toContain(`,system,,,"'=HYPERLINK(""http://evil.test"",""x"")",${type},'-2+3,`);
    expect(line).toContain(`"notes: say ""hi"", then\nleave → @SUM(A1)"`);
  });

  it("reads batch by batch, not all at once (a stream the service hands out)", async () => {
    const stream = auditEntriesToCsv(runtime.database.db, { entityType: type }, 700);
    const reader = stream.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value).replace(/^\uFEFF/, "")).toMatch(/^at,actor_realm/);
    const second = await reader.read();
    expect(new TextDecoder().decode(second.value).split("\r\n").filter(Boolean).length).toBe(700);
    await reader.cancel();
  });

  it.each(["billing", "support", "dispatcher", "technician", "customer"])("refuses %s (403)", async (who) => {
    const response = await get(`type=${type}`, who);
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toContain("application/json");
  });

  it("refuses an anonymous caller (401)", async () => {
    expect((await get(`type=${type}`)).status).toBe(401);
  });

  it.each([
    ["from=1998-02-01&to=1998-01-01", "fr", "La date de début doit précéder la date de fin."],
    ["person=nobody-at-all", "fr", "nobody-at-all"],
    ["from=1998-02-30", "en", "calendar date"],
    ["id=5", "en", "type"],
  ])("refuses bad filters (%s) with a sentence, before any file", async (query, language, words) => {
    const response = await get(query, "admin", language);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("invalid");
    expect(body.error.message).toContain(words);
  });
});

describe("writes that had no audit entry", () => {
  it("a billing run that could not be queued is logged as failed, for the clerk who started it", async () => {
    const failingQueue: JobSender = {
      send: () => Promise.reject(new Error("queue offline")),
      jobsByKey: () => Promise.resolve([]),
    };
    const actor: Actor = { realm: "staff", userId: staffId.billing!, role: "billing", name: "billing" };
    const run = await startBillingRun({ db: runtime.database.db, jobs: failingQueue }, actor, {
      runDate: "2031-05-01",
    });
    expect(run.status).toBe("failed");
    const entries = await runtime.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "billing_run"), eq(auditLog.entityId, String(run.id))))
      .orderBy(auditLog.id);
    expect(entries.map((e) => e.action)).toEqual(["billing_run.start", "billing_run.queue_failed"]);
    expect(entries[1]).toMatchObject({
      actorRealm: "staff",
      actorId: staffId.billing,
      changes: { status: { from: "running", to: "failed" } },
    });
  });
});
