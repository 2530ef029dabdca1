import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomBytes } from "node:crypto";
import { invoices, paymentAllocations, payments, portalUsers } from "@/server/db/schema";
import { setRuntime } from "@/server/runtime";
import { GET as receiptRoute } from "@/app/api/portal/receipts/[id]/pdf/route";
import { GET as statementRoute } from "@/app/api/portal/statements/[year]/pdf/route";
import { renderReceiptPdf, renderStatementPdf } from "@/server/services/portal/portal-document-pdf";
import { portalPaymentReceipt, portalYearlyStatement } from "@/server/services/portal/portal-documents";
import { callerAs, createSeededRuntime, signIn, type TestRuntime } from "../support/test-runtime";

type Caller = Awaited<ReturnType<typeof callerAs>>["caller"];
let runtime: TestRuntime;
let julie: Caller;
let julieId: number;
let emilyId: number;
const db = () => runtime.database.db;
/** A year the demo data never reaches, so the statement holds only what this file adds. */
const YEAR = 2011;

beforeAll(async () => {
  runtime = await createSeededRuntime();
  setRuntime(runtime);
  ({ caller: julie } = await callerAs(runtime, "customer", "customer@demo.test"));
  const users = await db().select().from(portalUsers);
  julieId = users.find((u) => u.email === "customer@demo.test")!.customerId;
  emilyId = users.find((u) => u.email === "customer2@demo.test")!.customerId;
});
afterAll(() => runtime?.close());

/** An invoice of `subtotalCents` before its 5 % GST and 9.975 % QST. */
async function invoiceOf(customerId: number, issueDate: string, subtotalCents: number) {
  const [gstCents, qstCents] = [Math.round(subtotalCents * 0.05), Math.round(subtotalCents * 0.09975)];
  const [row] = await db()
    .insert(invoices)
    .values({
      number: `DOC-${randomBytes(4).toString("hex")}`,
      customerId,
      status: "paid",
      kind: "invoice",
      source: "manual",
      issueDate,
      dueDate: issueDate,
      subtotalCents,
      gstCents,
      qstCents,
      totalCents: subtotalCents + gstCents + qstCents,
      balanceCents: 0,
    })
    .returning();
  return row!;
}

async function paymentOf(customerId: number, receivedAt: string, amountCents: number, invoiceId?: number) {
  const [row] = await db()
    .insert(payments)
    .values({ customerId, receivedAt: new Date(receivedAt), amountCents, method: "card", status: "succeeded" })
    .returning();
  if (invoiceId) await db().insert(paymentAllocations).values({ paymentId: row!.id, invoiceId, amountCents });
  return row!;
}

const julieActor = () => ({ realm: "customer", userId: "documents-test", customerId: julieId, name: "Julie" }) as const;

/** The text drawn by an uncompressed pdfkit PDF: its TJ arrays of WinAnsi hex strings, one per line. */
function pdfText(pdf: Buffer): string {
  const winAnsi = new TextDecoder("windows-1252");
  return [...pdf.toString("latin1").matchAll(/\[([^\]]*)\] TJ/g)]
    .map(([, array]) =>
      [...array!.matchAll(/<([0-9a-f]*)>/gi)].map(([, hex]) => winAnsi.decode(Buffer.from(hex!, "hex"))).join(""),
    )
    .join("\n");
}

describe("receipts and statements", () => {
  it("lists the customer's receipts and statement years, never the other customer's", async () => {
    const invoice = await invoiceOf(julieId, `${YEAR}-03-01`, 10_000);
    const payment = await paymentOf(julieId, `${YEAR}-03-10T15:00:00Z`, invoice.totalCents, invoice.id);
    const theirs = await paymentOf(emilyId, `${YEAR}-04-10T15:00:00Z`, 5_000);
    const documents = await julie.portalDocuments.list();
    expect(documents.receipts.map((r) => r.id)).toContain(payment.id);
    expect(documents.receipts.map((r) => r.id)).not.toContain(theirs.id);
    expect(documents.years).toContain(YEAR);
    await expect(portalPaymentReceipt(db(), julieActor(), theirs.id)).rejects.toMatchObject({ code: "not_found" });
  });

  it("draws a receipt naming the payment and the invoice it paid, in the customer's language", async () => {
    const invoice = await invoiceOf(julieId, `${YEAR}-05-01`, 2_000);
    const payment = await paymentOf(julieId, `${YEAR}-05-02T15:00:00Z`, invoice.totalCents, invoice.id);
    const receipt = await portalPaymentReceipt(db(), julieActor(), payment.id);
    expect(invoice.totalCents).toBe(2_300);
    expect(receipt.allocations).toEqual([{ invoiceNumber: invoice.number, amountCents: 2_300 }]);
    const text = pdfText(await renderReceiptPdf(receipt, runtime.config.billing, false));
    expect(text).toContain("Reçu de paiement");
    expect(text).toContain(invoice.number);
    expect(text).toContain("23,00");
  });

  it("totals a year's invoices, taxes and payments on the statement", async () => {
    const { statement, customer } = await portalYearlyStatement(db(), julieActor(), YEAR);
    const invoiced = statement.invoices.reduce((s, i) => s + i.totalCents, 0);
    expect(statement.totals.invoicedCents).toBe(invoiced);
    expect(statement.totals.gstCents).toBe(statement.invoices.reduce((s, i) => s + i.gstCents, 0));
    expect(statement.invoices.length).toBeGreaterThanOrEqual(2);
    expect(statement.totals.paidCents).toBe(statement.payments.reduce((s, p) => s + p.amountCents, 0));
    expect(statement.invoices.every((i) => i.issueDate.startsWith(`${YEAR}-`))).toBe(true);
    const text = pdfText(await renderStatementPdf(customer, statement, runtime.config.billing, new Date(), false));
    expect(text).toContain(`Relevé annuel ${YEAR}`);
    for (const i of statement.invoices) expect(text).toContain(i.number);
  });

  it("serves the PDFs to their owner only: 401 anonymous, 404 for another's receipt, 400 for a bad year", async () => {
    const mine = await paymentOf(julieId, `${YEAR}-06-02T15:00:00Z`, 1_000);
    const theirs = await paymentOf(emilyId, `${YEAR}-06-02T15:00:00Z`, 1_000);
    const cookie = (await signIn(runtime, "customer", "customer@demo.test")).headers;
    const staff = (await signIn(runtime, "staff", "billing@demo.test")).headers;
    const receipt = (id: number | string, headers?: Headers) =>
      receiptRoute(new Request(`http://localhost/api/portal/receipts/${id}/pdf`, { headers }), {
        params: Promise.resolve({ id: String(id) }),
      });
    const statement = (year: string, headers?: Headers) =>
      statementRoute(new Request(`http://localhost/api/portal/statements/${year}/pdf`, { headers }), {
        params: Promise.resolve({ year }),
      });
    expect((await receipt(mine.id)).status).toBe(401);
    expect((await receipt(mine.id, staff)).status).toBe(403);
    expect((await receipt(theirs.id, cookie)).status).toBe(404);
    const ok = await receipt(mine.id, cookie);
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await ok.arrayBuffer())
        .subarray(0, 5)
        .toString("latin1"),
    ).toBe("%PDF-");
    expect((await statement("20x1", cookie)).status).toBe(400);
    expect((await statement(String(YEAR))).status).toBe(401);
    const year = await statement(String(YEAR), cookie);
    expect(year.status).toBe(200);
    expect(year.headers.get("content-type")).toBe("application/pdf");
  });
});
