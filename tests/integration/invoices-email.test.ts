import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, desc, eq, inArray, isNull } from "drizzle-orm";
import { auditLog, customers, invoices, outboundMessages, portalUsers } from "@/server/db/schema";
import type { ServerConfig } from "@/server/config";
import { createOutboxMailer, createSmtpMailer } from "@/server/integrations/mail/mailer";
import { emailInvoice, invoiceEmailKey, NO_EMAIL_ADDRESS } from "@/server/services/invoices/email-invoice";
import { emailInvoiceStep } from "@/server/services/invoices/invoice-delivery";
import { getInvoiceDetail } from "@/server/services/invoices/invoice-detail";
import { renderInvoicePdf } from "@/server/services/invoices/invoice-pdf";
import { leafParts, parseMime, startFakeSmtpServer, type FakeSmtpServer } from "../fakes/smtp-server";
import { callerAs, createSeededRuntime, testConfig, type TestRuntime } from "../support/test-runtime";

let runtime: TestRuntime;
let smtp: FakeSmtpServer;
let config: ServerConfig;
const db = () => runtime.database.db;

beforeAll(async () => {
  smtp = await startFakeSmtpServer();
  runtime = await createSeededRuntime({ mail: { ...testConfig().mail, smtpUrl: smtp.url } });
  config = runtime.config;
});
afterAll(async () => {
  await smtp?.close();
  await runtime?.close();
});

/** The newest issued (open or paid) invoice of a demo portal customer, by portal email. */
async function latestInvoiceOf(email: string) {
  const [user] = await db().select().from(portalUsers).where(eq(portalUsers.email, email));
  const [invoice] = await db()
    .select()
    .from(invoices)
    .where(and(eq(invoices.customerId, user!.customerId), inArray(invoices.status, ["open", "paid"])))
    .orderBy(desc(invoices.issueDate), desc(invoices.id))
    .limit(1);
  return invoice!;
}

/** The text drawn by an uncompressed pdfkit PDF: its TJ arrays of WinAnsi hex strings, one per line. */
function pdfText(pdf: Buffer): string {
  const winAnsi = new TextDecoder("windows-1252");
  return [...pdf.toString("latin1").matchAll(/\[([^\]]*)\] TJ/g)]
    .map(([, array]) =>
      [...array!.matchAll(/<([0-9a-f]*)>/gi)].map(([, hex]) => winAnsi.decode(Buffer.from(hex!, "hex"))).join(""),
    )
    .join("\n");
}

function ledgerRows(invoiceId: number) {
  return db().select().from(outboundMessages).where(eq(outboundMessages.invoiceId, invoiceId));
}

function attachmentOf(raw: string) {
  const parts = leafParts(parseMime(raw));
  const pdf = parts.find((p) => p.headers.get("content-type")?.startsWith("application/pdf"));
  const text = parts.find((p) => p.headers.get("content-type")?.startsWith("text/plain"));
  return { pdf, text: text?.body.toString("utf8") ?? "" };
}

describe("emailing an invoice", () => {
  it("sends the PDF once, in French, to a French customer, however often the step runs", async () => {
    const invoice = await latestInvoiceOf("customer@demo.test");
    const before = smtp.messages.length;
    const mailer = createSmtpMailer(smtp.url, config.mail.from);
    const first = await emailInvoice({ ...runtime, mailer }, invoice.id);
    expect(first.status).toBe("sent");
    await emailInvoiceStep.deliver(runtime, invoice.id);
    expect(await emailInvoice({ ...runtime, mailer }, invoice.id)).toMatchObject({ status: "already-sent" });
    expect(smtp.messages.length).toBe(before + 1);

    const mail = smtp.messages.at(-1)!;
    expect(mail.to).toEqual(["customer@demo.test"]);
    const message = parseMime(mail.raw);
    expect(message.headers.get("subject")).toBe(`Facture ${invoice.number} — Fibre Démo inc.`);
    const { pdf, text } = attachmentOf(mail.raw);
    expect(text).toContain("Bonjour Julie Lavoie");
    expect(pdf?.headers.get("content-disposition")).toContain(`${invoice.number}.pdf`);
    expect(pdf!.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    // What was sent is what the renderer makes for this invoice (deterministic output).
    const detail = await getInvoiceDetail(db(), invoice.id, { kind: "staff" });
    expect(pdf!.body.equals(await renderInvoicePdf(detail, config.billing))).toBe(true);

    const rows = await ledgerRows(invoice.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      dedupeKey: invoiceEmailKey(invoice.id),
      status: "sent",
      recipient: "customer@demo.test",
      language: "fr",
      template: "invoice",
    });
    expect(rows[0]!.providerMessageId).toMatch(/@/);
  });

  it("writes the invoice in English for an English customer", async () => {
    const invoice = await latestInvoiceOf("customer2@demo.test");
    expect(invoice.language).toBe("en");
    expect(await emailInvoice(runtime, invoice.id)).toMatchObject({ status: "sent" });
    const mail = smtp.messages.at(-1)!;
    expect(parseMime(mail.raw).headers.get("subject")).toBe(`Invoice ${invoice.number} from Fibre Démo inc.`);
    const { pdf, text } = attachmentOf(mail.raw);
    expect(text).toContain("Hello Emily Walker");
    expect(pdf!.body.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });

  it("skips a customer without an email address, records why, and sends once an address is added", async () => {
    const [invoice] = await db()
      .select({ id: invoices.id, customerId: invoices.customerId })
      .from(invoices)
      .innerJoin(customers, eq(customers.id, invoices.customerId))
      .where(and(isNull(customers.email), inArray(invoices.status, ["open", "paid"])))
      .limit(1);
    const before = smtp.messages.length;

    // As a batch would: the step does not throw.
    await emailInvoiceStep.deliver(runtime, invoice!.id);
    expect(await emailInvoice(runtime, invoice!.id)).toMatchObject({ status: "skipped", reason: "no-email" });
    expect(smtp.messages.length).toBe(before);
    const [row] = await ledgerRows(invoice!.id);
    expect(row).toMatchObject({ status: "failed", error: NO_EMAIL_ADDRESS, recipient: "" });

    await db().update(customers).set({ email: "new.address@example.com" }).where(eq(customers.id, invoice!.customerId));
    expect(await emailInvoice(runtime, invoice!.id)).toMatchObject({ status: "sent" });
    expect(smtp.messages.at(-1)!.to).toEqual(["new.address@example.com"]);
    expect(await ledgerRows(invoice!.id)).toHaveLength(1);
  });

  it("records an SMTP refusal as failed, and a later attempt sends it", async () => {
    const latest = await latestInvoiceOf("customer@demo.test");
    const [oldest] = await db()
      .select()
      .from(invoices)
      .where(eq(invoices.customerId, latest.customerId))
      .orderBy(invoices.issueDate, invoices.id)
      .limit(1);
    const invoice = oldest!;
    smtp.refuseMessages(true);
    try {
      const refused = await emailInvoice(runtime, invoice.id);
      expect(refused.status).toBe("failed");
    } finally {
      smtp.refuseMessages(false);
    }
    expect(await emailInvoice(runtime, invoice.id)).toMatchObject({ status: "sent" });
    expect((await ledgerRows(invoice.id))[0]).toMatchObject({ status: "sent", attempts: 2 });
  });
});

describe("resend by email", () => {
  it("sends a new email per request, once per request id, and logs who asked", async () => {
    const invoice = await latestInvoiceOf("customer@demo.test");
    const { caller, ctx } = await callerAs(runtime, "staff", "billing@demo.test");
    const before = smtp.messages.length;
    const requestId = crypto.randomUUID();
    expect(await caller.invoices.resendEmail({ id: invoice.id, requestId })).toMatchObject({ status: "sent" });
    expect(await caller.invoices.resendEmail({ id: invoice.id, requestId })).toMatchObject({ status: "already-sent" });
    expect(smtp.messages.length).toBe(before + 1);
    expect(await caller.invoices.resendEmail({ id: invoice.id, requestId: crypto.randomUUID() })).toMatchObject({
      status: "sent",
    });
    expect(smtp.messages.length).toBe(before + 2);
    const audit = await db()
      .select()
      .from(auditLog)
      .where(
        and(
          eq(auditLog.entityType, "invoice"),
          eq(auditLog.entityId, String(invoice.id)),
          eq(auditLog.action, "invoice.email_resent"),
        ),
      );
    expect(audit).toHaveLength(2);
    expect(audit.every((a) => a.actorRealm === "staff" && a.actorId === ctx.staff!.userId)).toBe(true);
  });
});

describe("the invoice PDF", () => {
  it("prints the provider's tax numbers, the billing address, the French texts and the amounts", async () => {
    const invoice = await latestInvoiceOf("customer@demo.test");
    const detail = await getInvoiceDetail(db(), invoice.id, { kind: "staff" });
    const text = pdfText(await renderInvoicePdf(detail, config.billing, { compress: false }));
    for (const expected of [
      "Fibre Démo inc.",
      "No de TPS : 123456789 RT0001",
      "No de TVQ : 1234567890 TQ0001",
      "Facture",
      invoice.number,
      "Échéance",
      "Sous-total",
      "TPS (5 %)",
      "TVQ (9,975 %)",
      "Julie Lavoie",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain(detail.customer.billingAddress!);
    expect(text).toContain(
      new Intl.NumberFormat("fr-CA", { style: "currency", currency: "CAD" }).format(invoice.totalCents / 100),
    );
    expect(text).toContain(detail.lines[0]!.description);
  });

  it("titles a credit note « Note de crédit », and renders the same bytes twice", async () => {
    const invoice = await latestInvoiceOf("customer@demo.test");
    const [credit] = await db()
      .insert(invoices)
      .values({
        number: `NC-TEST-${invoice.id}`,
        customerId: invoice.customerId,
        status: "open",
        kind: "credit_note",
        source: "manual",
        language: "fr",
        issueDate: invoice.issueDate,
        dueDate: invoice.dueDate,
        subtotalCents: -4199,
        gstCents: -210,
        qstCents: -419,
        totalCents: -4828,
        balanceCents: -4828,
      })
      .returning();
    const detail = await getInvoiceDetail(db(), credit!.id, { kind: "staff" });
    const uncompressed = await renderInvoicePdf(detail, config.billing, { compress: false });
    expect(pdfText(uncompressed)).toContain("Note de crédit");
    expect(pdfText(uncompressed)).toContain("-48,28");
    const once = await renderInvoicePdf(detail, config.billing);
    expect(once.equals(await renderInvoicePdf(detail, config.billing))).toBe(true);
  });
});

describe("the outbox mailer (no SMTP_URL)", () => {
  it("writes each message as an .eml file under <dataDir>/outbox and says where", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "fibre-outbox-"));
    try {
      const logged: string[] = [];
      const mailer = createOutboxMailer(path.join(dataDir, "outbox"), config.mail.from, (line) => logged.push(line));
      const receipt = await mailer.send({
        to: "x@example.com",
        subject: "Facture F-1 — Fibre Démo",
        text: "Bonjour",
        attachments: [{ filename: "F-1.pdf", content: Buffer.from("%PDF-1.3"), contentType: "application/pdf" }],
      });
      const files = readdirSync(path.join(dataDir, "outbox"));
      expect(files).toHaveLength(1);
      expect(receipt.destination).toBe(path.join(dataDir, "outbox", files[0]!));
      expect(logged[0]).toContain(receipt.destination);
      const parsed = parseMime(readFileSync(receipt.destination, "latin1"));
      expect(parsed.headers.get("subject")).toBe("Facture F-1 — Fibre Démo");
      expect(leafParts(parsed).some((p) => p.headers.get("content-type")?.startsWith("application/pdf"))).toBe(true);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
