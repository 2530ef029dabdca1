import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toActionError } from "@/server/web/action-errors";
import { translatorFor } from "@/server/web/route-handler";
import { and, count, desc, eq, gt, gte, inArray, lt, lte, sql } from "drizzle-orm";
import { billingRuns, invoices, portalUsers } from "@/server/db/schema";
import { setRuntime } from "@/server/runtime";
import { localDate } from "@/lib/domain/quebec-dates";
import { GET as pdfRoute } from "@/app/api/invoices/[id]/pdf/route";
import { codeOf } from "../support/access-matrix";
import { callerAs, createSeededRuntime, signIn, type TestRuntime } from "../support/test-runtime";

let runtime: TestRuntime;
let office: Awaited<ReturnType<typeof callerAs>>["caller"];
let julie: Awaited<ReturnType<typeof callerAs>>["caller"];
let julieId: number;
let emilyId: number;
const db = () => runtime.database.db;
const today = localDate(new Date());

beforeAll(async () => {
  runtime = await createSeededRuntime();
  setRuntime(runtime);
  ({ caller: office } = await callerAs(runtime, "staff", "billing@demo.test"));
  ({ caller: julie } = await callerAs(runtime, "customer", "customer@demo.test"));
  const users = await db().select().from(portalUsers);
  julieId = users.find((u) => u.email === "customer@demo.test")!.customerId;
  emilyId = users.find((u) => u.email === "customer2@demo.test")!.customerId;
});
afterAll(() => runtime?.close());

async function countWhere(where: ReturnType<typeof and>) {
  return (await db().select({ n: count() }).from(invoices).where(where))[0]!.n;
}

describe("invoices.list", () => {
  it("walks every invoice of a customer newest first, by keyset pages, with totals over the filter", async () => {
    const seen: number[] = [];
    let cursor: { issueDate: string; id: number } | undefined;
    let pages = 0;
    const first = await office.invoices.list({ filters: { customerId: julieId }, limit: 5 });
    expect(first.totals!.count).toBe(await countWhere(eq(invoices.customerId, julieId)));
    const [sums] = await db()
      .select({ total: sql<number>`sum(total_cents)::int`, balance: sql<number>`sum(balance_cents)::int` })
      .from(invoices)
      .where(eq(invoices.customerId, julieId));
    expect(first.totals).toMatchObject({ totalCents: sums!.total, balanceCents: sums!.balance });
    do {
      const page = await office.invoices.list({ filters: { customerId: julieId }, cursor, limit: 5 });
      if (cursor) expect(page.totals).toBeNull();
      seen.push(...page.items.map((i) => i.id));
      expect(page.items.every((i) => i.customerId === julieId)).toBe(true);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 100);
    expect(new Set(seen).size).toBe(first.totals!.count);
    const expected = await db()
      .select({ id: invoices.id })
      .from(invoices)
      .where(eq(invoices.customerId, julieId))
      .orderBy(desc(invoices.issueDate), desc(invoices.id));
    expect(seen).toEqual(expected.map((r) => r.id));
  });

  it("filters by status, kind, issue dates and overdue, each as the database counts them", async () => {
    const paid = await office.invoices.list({ filters: { status: "paid" }, limit: 100 });
    expect(paid.items.length).toBeGreaterThan(0);
    expect(paid.items.every((i) => i.status === "paid")).toBe(true);
    expect(paid.totals!.count).toBe(await countWhere(eq(invoices.status, "paid")));

    const [{ from, to }] = [{ from: paid.items.at(-1)!.issueDate, to: paid.items[0]!.issueDate }];
    const dated = await office.invoices.list({ filters: { issuedFrom: from, issuedTo: to }, limit: 100 });
    expect(dated.totals!.count).toBe(await countWhere(and(gte(invoices.issueDate, from), lte(invoices.issueDate, to))));
    expect(dated.items.every((i) => i.issueDate >= from && i.issueDate <= to)).toBe(true);

    const overdue = await office.invoices.list({ filters: { overdue: true }, limit: 100 });
    expect(overdue.totals!.count).toBe(
      await countWhere(and(eq(invoices.status, "open"), lt(invoices.dueDate, today), gt(invoices.balanceCents, 0))),
    );
    expect(overdue.totals!.count).toBeGreaterThan(0);
    expect(overdue.items.every((i) => i.overdue && i.dueDate < today)).toBe(true);
    expect((await office.invoices.list({ filters: { overdue: true, status: "paid" } })).totals!.count).toBe(0);

    const credits = await office.invoices.list({ filters: { kind: "credit_note" } });
    expect(credits.totals!.count).toBe(await countWhere(eq(invoices.kind, "credit_note")));
  });

  it("filters by billing run", async () => {
    // The seed has no runs: a finished run that issued three of Julie's invoices stands in for one.
    const [run] = await db()
      .insert(billingRuns)
      .values({ periodMonth: "2031-01", runDate: "2031-01-01", status: "done" })
      .returning();
    const picked = await db()
      .select({ id: invoices.id })
      .from(invoices)
      .where(eq(invoices.customerId, julieId))
      .limit(3);
    await db()
      .update(invoices)
      .set({ billingRunId: run!.id, source: "billing_run" })
      .where(
        inArray(
          invoices.id,
          picked.map((p) => p.id),
        ),
      );
    const listed = await office.invoices.list({ filters: { runId: run!.id }, limit: 100 });
    expect(listed.totals!.count).toBe(3);
    expect(listed.items.map((i) => i.id).sort()).toEqual(picked.map((p) => p.id).sort());
    expect((await office.invoices.list({ filters: { runId: run!.id + 1 } })).items).toEqual([]);
  });

  it("refuses bad filters with a clear message in the reader's language", async () => {
    const said = async (filters: Parameters<typeof office.invoices.list>[0]["filters"], locale: "fr" | "en") => {
      const failure = await office.invoices.list({ filters }).then(
        () => null,
        (error: unknown) => toActionError(error, translatorFor(locale), "test"),
      );
      return failure && { code: failure.code, message: failure.message };
    };
    const backwards = { issuedFrom: "2026-05-01", issuedTo: "2026-04-01" };
    expect(await said(backwards, "en")).toEqual({
      code: "invalid",
      message: expect.stringContaining("The start date must be on or before the end date."),
    });
    expect(await said(backwards, "fr")).toMatchObject({ message: expect.stringContaining("La date de début") });
    expect(await said({ issuedFrom: "2026-02-30" }, "en")).toEqual({
      code: "invalid",
      message: expect.stringContaining("The date must be a calendar date written YYYY-MM-DD."),
    });
  });
});

describe("portal invoices: a customer reaches only their own", () => {
  it("lists the customer's invoices and their balance", async () => {
    const page = await julie.portal.invoices({ limit: 100 });
    expect(page.items.length).toBeGreaterThan(0);
    const own = await db().select({ id: invoices.id }).from(invoices).where(eq(invoices.customerId, julieId));
    const ownIds = new Set(own.map((r) => r.id));
    expect(page.items.every((i) => ownIds.has(i.id))).toBe(true);
    const [owed] = await db()
      .select({ n: sql<number>`coalesce(sum(balance_cents), 0)::int` })
      .from(invoices)
      .where(and(eq(invoices.customerId, julieId), eq(invoices.status, "open")));
    expect(page.balanceCents).toBe(owed!.n);
  });

  it("opens their own invoice, and another customer's invoice is NOT_FOUND", async () => {
    const [mine] = await db().select().from(invoices).where(eq(invoices.customerId, julieId)).limit(1);
    const detail = await julie.portal.invoice({ id: mine!.id });
    expect(detail.invoice.number).toBe(mine!.number);
    expect(detail).not.toHaveProperty("messages");
    const [theirs] = await db().select().from(invoices).where(eq(invoices.customerId, emilyId)).limit(1);
    expect(await codeOf(julie.portal.invoice({ id: theirs!.id }))).toBe("NOT_FOUND");
    expect(await codeOf(julie.portal.invoice({ id: 999_999_999 }))).toBe("NOT_FOUND");
  });
});

describe("GET /api/invoices/[id]/pdf", () => {
  async function download(id: number | string, cookieHeaders?: Headers) {
    return pdfRoute(new Request(`http://localhost/api/invoices/${id}/pdf`, { headers: cookieHeaders }), {
      params: Promise.resolve({ id: String(id) }),
    });
  }

  it("answers 401 anonymously, 404 for someone else's invoice, the PDF to its owner and to billing staff", async () => {
    const [mine] = await db().select().from(invoices).where(eq(invoices.customerId, julieId)).limit(1);
    const [theirs] = await db().select().from(invoices).where(eq(invoices.customerId, emilyId)).limit(1);
    const customer = (await signIn(runtime, "customer", "customer@demo.test")).headers;
    const billing = (await signIn(runtime, "staff", "billing@demo.test")).headers;
    const dispatcher = (await signIn(runtime, "staff", "dispatcher@demo.test")).headers;

    expect((await download(mine!.id)).status).toBe(401);
    expect((await download(theirs!.id, customer)).status).toBe(404);
    expect((await download("abc", customer)).status).toBe(400);
    expect((await download(mine!.id, dispatcher)).status).toBe(403);

    for (const headers of [customer, billing]) {
      const response = await download(mine!.id, headers);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/pdf");
      expect(response.headers.get("content-disposition")).toBe(`inline; filename="${mine!.number}.pdf"`);
      expect(
        Buffer.from(await response.arrayBuffer())
          .subarray(0, 5)
          .toString("latin1"),
      ).toBe("%PDF-");
    }
    const staffOther = await download(theirs!.id, billing);
    expect(staffOther.status).toBe(200);
  });
});
