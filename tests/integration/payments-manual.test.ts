import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { rowsOf } from "@/server/db/client";
import { auditLog, customers, invoices, paymentAllocations } from "@/server/db/schema";
import { localDate, shiftDate } from "@/lib/domain/quebec-dates";
import { callerAs, createSeededRuntime, type TestRuntime } from "../support/test-runtime";
import { trpcFailure } from "../support/trpc-errors";

let runtime: TestRuntime;
let billing: Awaited<ReturnType<typeof callerAs>>["caller"];
let support: Awaited<ReturnType<typeof callerAs>>["caller"];
const today = localDate(new Date());
const db = () => runtime.database.db;

beforeAll(async () => {
  runtime = await createSeededRuntime();
  ({ caller: billing } = await callerAs(runtime, "staff", "billing@demo.test"));
  ({ caller: support } = await callerAs(runtime, "staff", "support@demo.test"));
});
afterAll(() => runtime?.close());

let serial = 0;
async function newCustomer(name: string): Promise<number> {
  serial++;
  const [row] = await db()
    .insert(customers)
    .values({ legacyAccountId: `PAY-A-${serial}`, legacyCustomerId: `PAY-C-${serial}`, displayName: name })
    .returning({ id: customers.id });
  return row!.id;
}

/** An invoice whose total is all subtotal (taxes do not matter to allocation). */
async function newInvoice(
  customerId: number,
  totalCents: number,
  dueInDays: number,
  status: "open" | "paid" | "void" = "open",
  kind: "invoice" | "credit_note" = "invoice",
) {
  serial++;
  const balance = status === "open" ? totalCents : 0;
  const [row] = await db()
    .insert(invoices)
    .values({
      number: `T-PAY-${serial}`,
      customerId,
      status,
      kind,
      issueDate: shiftDate(today, dueInDays - 30),
      dueDate: shiftDate(today, dueInDays),
      subtotalCents: totalCents,
      gstCents: 0,
      qstCents: 0,
      totalCents,
      balanceCents: balance,
    })
    .returning({ id: invoices.id });
  return row!.id;
}

async function balanceOf(invoiceId: number) {
  const [row] = await db()
    .select({ balance: invoices.balanceCents, status: invoices.status })
    .from(invoices)
    .where(eq(invoices.id, invoiceId));
  return row!;
}

async function paymentCount(customerId: number): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(
    db(),
    sql`select count(*)::int as n from payments where customer_id = ${customerId}`,
  );
  return row!.n;
}

describe("manual payments", () => {
  it("records a cheque allocated to two invoices, leaves the rest as credit, and audits it", async () => {
    const customerId = await newCustomer("Allocation Deux");
    const older = await newInvoice(customerId, 5000, -20);
    const newer = await newInvoice(customerId, 8000, 5);
    const { paymentId } = await billing.payments.record({
      customerId,
      method: "cheque",
      amountCents: 15000,
      receivedOn: today,
      reference: "CHQ 1042",
      allocations: [
        { invoiceId: older, amountCents: 5000 },
        { invoiceId: newer, amountCents: 6000 },
      ],
    });
    expect(await balanceOf(older)).toEqual({ balance: 0, status: "paid" });
    expect(await balanceOf(newer)).toEqual({ balance: 2000, status: "open" });
    const payment = await support.payments.get({ id: paymentId });
    expect(payment).toMatchObject({
      customerId,
      amountCents: 15000,
      method: "cheque",
      reference: "CHQ 1042",
      allocatedCents: 11000,
      unallocatedCents: 4000,
    });
    expect(payment.allocations.map((a) => [a.invoiceId, a.amountCents])).toEqual([
      [older, 5000],
      [newer, 6000],
    ]);
    const audits = await db()
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityType, "payment"), eq(auditLog.entityId, String(paymentId))));
    expect(audits.map((a) => a.action)).toEqual(["payment.record"]);

    // Later, from the unallocated credit.
    await billing.payments.allocate({ paymentId, allocations: [{ invoiceId: newer, amountCents: 2000 }] });
    expect(await balanceOf(newer)).toEqual({ balance: 0, status: "paid" });
    expect(await support.payments.get({ id: paymentId })).toMatchObject({
      allocatedCents: 13000,
      unallocatedCents: 2000,
    });
    expect(await support.payments.customerBalance({ customerId })).toMatchObject({
      openInvoicesCents: 0,
      unallocatedPaymentsCents: 2000,
      balanceCents: -2000,
      overdueCents: 0,
    });
  });

  it("refuses each bad allocation with a clear error and writes nothing", async () => {
    const customerId = await newCustomer("Refus");
    const other = await newCustomer("Autre client");
    const open = await newInvoice(customerId, 5000, -5);
    const voided = await newInvoice(customerId, 5000, -5, "void");
    const paid = await newInvoice(customerId, 5000, -5, "paid");
    const othersInvoice = await newInvoice(other, 5000, -5);
    const cases: Array<[string, Parameters<typeof billing.payments.record>[0], RegExp]> = [
      [
        "beyond the invoice's balance",
        {
          customerId,
          method: "cash",
          amountCents: 9000,
          receivedOn: today,
          allocations: [{ invoiceId: open, amountCents: 5001 }],
        },
        /has a balance of 5000 cents; 5001 cents cannot be allocated/,
      ],
      [
        "another customer's invoice",
        {
          customerId,
          method: "cash",
          amountCents: 5000,
          receivedOn: today,
          allocations: [{ invoiceId: othersInvoice, amountCents: 100 }],
        },
        /belongs to another customer/,
      ],
      [
        "a void invoice",
        {
          customerId,
          method: "interac",
          amountCents: 5000,
          receivedOn: today,
          allocations: [{ invoiceId: voided, amountCents: 100 }],
        },
        /is void; only open invoices take payments/,
      ],
      [
        "a paid invoice",
        {
          customerId,
          method: "other",
          amountCents: 5000,
          receivedOn: today,
          allocations: [{ invoiceId: paid, amountCents: 100 }],
        },
        /is paid; only open invoices take payments/,
      ],
      [
        "beyond the payment's amount",
        {
          customerId,
          method: "cheque",
          amountCents: 1000,
          receivedOn: today,
          allocations: [{ invoiceId: open, amountCents: 1500 }],
        },
        /allocations total 1500 cents but the payment is 1000 cents/,
      ],
      [
        "a future date",
        { customerId, method: "cheque", amountCents: 1000, receivedOn: shiftDate(today, 1), allocations: [] },
        /is in the future/,
      ],
      [
        "a missing invoice",
        {
          customerId,
          method: "cheque",
          amountCents: 1000,
          receivedOn: today,
          allocations: [{ invoiceId: 987654321, amountCents: 100 }],
        },
        /invoice 987654321 was not found/,
      ],
    ];
    for (const [name, input, message] of cases) {
      const error = await trpcFailure(billing.payments.record(input));
      expect(error.message, name).toMatch(message);
      expect(["BAD_REQUEST", "NOT_FOUND"], name).toContain(error.code);
    }
    expect(await paymentCount(customerId)).toBe(0);
    expect(await balanceOf(open)).toEqual({ balance: 5000, status: "open" });
    expect(await balanceOf(othersInvoice)).toEqual({ balance: 5000, status: "open" });

    // Input the schema refuses before any service runs.
    for (const input of [
      { customerId, method: "card", amountCents: 1000, receivedOn: today },
      { customerId, method: "cash", amountCents: 10.5, receivedOn: today },
      { customerId, method: "cash", amountCents: 0, receivedOn: today },
      { customerId, method: "cash", amountCents: 1000, receivedOn: "2026-02-30" },
      {
        customerId,
        method: "cash",
        amountCents: 1000,
        receivedOn: today,
        allocations: [
          { invoiceId: open, amountCents: 10 },
          { invoiceId: open, amountCents: 10 },
        ],
      },
    ]) {
      expect((await trpcFailure(billing.payments.record(input as never))).code).toBe("BAD_REQUEST");
    }
    expect(
      await trpcFailure(
        billing.payments.record({ customerId: 987654321, method: "cash", amountCents: 100, receivedOn: today }),
      ),
    ).toMatchObject({ code: "NOT_FOUND" });
    expect(await paymentCount(customerId)).toBe(0);
  });

  it("refuses a later allocation beyond what is left of the payment, or to another customer", async () => {
    const customerId = await newCustomer("Reste");
    const other = await newCustomer("Voisin");
    const first = await newInvoice(customerId, 3000, -10);
    const second = await newInvoice(customerId, 3000, -5);
    const othersInvoice = await newInvoice(other, 3000, -5);
    const { paymentId } = await billing.payments.record({
      customerId,
      method: "interac",
      amountCents: 4000,
      receivedOn: today,
      allocations: [{ invoiceId: first, amountCents: 3000 }],
    });
    const beyond = await trpcFailure(
      billing.payments.allocate({ paymentId, allocations: [{ invoiceId: second, amountCents: 1001 }] }),
    );
    expect(beyond).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(/only 1000 cents left to allocate/),
    });
    const elsewhere = await trpcFailure(
      billing.payments.allocate({ paymentId, allocations: [{ invoiceId: othersInvoice, amountCents: 500 }] }),
    );
    expect(elsewhere.message).toMatch(/belongs to another customer/);
    // A mixed request is all or nothing: the valid line is not kept.
    await trpcFailure(
      billing.payments.allocate({
        paymentId,
        allocations: [
          { invoiceId: second, amountCents: 500 },
          { invoiceId: othersInvoice, amountCents: 500 },
        ],
      }),
    );
    expect(await balanceOf(second)).toEqual({ balance: 3000, status: "open" });
    const rows = await db().select().from(paymentAllocations).where(eq(paymentAllocations.paymentId, paymentId));
    expect(rows.map((r) => [r.invoiceId, r.amountCents])).toEqual([[first, 3000]]);
  });

  it("suggests the oldest open invoices first and counts credit notes in the balance", async () => {
    const customerId = await newCustomer("Suggestion");
    const later = await newInvoice(customerId, 4000, 10);
    const oldest = await newInvoice(customerId, 2500, -40);
    const middle = await newInvoice(customerId, 3000, -10);
    const creditNote = await newInvoice(customerId, -1500, -5, "open", "credit_note");
    const suggestion = await support.payments.suggestAllocation({ customerId, amountCents: 6000 });
    expect(suggestion.allocations).toEqual([
      { invoiceId: oldest, amountCents: 2500 },
      { invoiceId: middle, amountCents: 3000 },
      { invoiceId: later, amountCents: 500 },
    ]);
    expect(suggestion.invoices.map((i) => i.id)).toEqual([oldest, middle, later]);
    expect(suggestion.invoices.some((i) => i.id === creditNote)).toBe(false);
    // From an invoice link: the same customer's invoices, nothing suggested for 0.
    const byInvoice = await support.payments.suggestAllocation({ invoiceId: middle, amountCents: 0 });
    expect(byInvoice).toMatchObject({ customerId, allocations: [], unallocatedCents: 0 });
    expect(byInvoice.invoices.map((i) => i.id)).toEqual([oldest, middle, later]);
    expect((await trpcFailure(support.payments.suggestAllocation({ invoiceId: 987654321, amountCents: 0 }))).code).toBe(
      "NOT_FOUND",
    );
    expect(
      (await trpcFailure(support.payments.suggestAllocation({ customerId, invoiceId: middle, amountCents: 0 }))).code,
    ).toBe("BAD_REQUEST");
    expect(await support.payments.customerBalance({ customerId })).toMatchObject({
      openInvoicesCents: 9500,
      pastDueInvoicesCents: 5500,
      creditNotesCents: 1500,
      unallocatedPaymentsCents: 0,
      balanceCents: 8000,
      overdueCents: 4000,
    });
  });

  it("lists payments by keyset pages with filters", async () => {
    const customerId = await newCustomer("Liste");
    for (const [days, method] of [
      [-3, "cash"],
      [-2, "cheque"],
      [-1, "cash"],
    ] as const) {
      await billing.payments.record({
        customerId,
        method,
        amountCents: 1000 + days,
        receivedOn: shiftDate(today, days),
      });
    }
    const first = await support.payments.list({ customerId, limit: 2 });
    expect(first.items.map((p) => p.amountCents)).toEqual([999, 998]);
    const second = await support.payments.list({ customerId, limit: 2, cursor: first.nextCursor! });
    expect(second.items.map((p) => p.amountCents)).toEqual([997]);
    expect(second.nextCursor).toBeNull();
    expect((await support.payments.list({ customerId, method: "cash" })).items.map((p) => p.amountCents)).toEqual([
      999, 997,
    ]);
    expect(
      (await support.payments.list({ customerId, from: shiftDate(today, -2), to: shiftDate(today, -2) })).items.map(
        (p) => p.amountCents,
      ),
    ).toEqual([998]);
    expect((await support.payments.list({ customerId, unallocated: true })).items).toHaveLength(3);
    expect((await trpcFailure(support.payments.list({ from: today, to: shiftDate(today, -1) }))).code).toBe(
      "BAD_REQUEST",
    );
    expect((await trpcFailure(support.payments.get({ id: 987654321 }))).code).toBe("NOT_FOUND");
  });
});
