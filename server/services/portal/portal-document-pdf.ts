/**
 * A payment receipt and a yearly statement as PDFs, in the customer's language, drawn like the
 * invoice (server/services/invoices/invoice-pdf.ts: pdfkit's Helvetica, WinAnsi text).
 */
import type PDFDocument from "pdfkit";
import type { BillingConfig } from "../../config";
import { loadPdfKit } from "../../integrations/pdf/pdfkit";
import { formatMoney, type Locale } from "../../../lib/domain/billing/texts";
import type { YearlyStatement } from "../../../lib/domain/billing/statement";
import { winAnsiText } from "../invoices/invoice-pdf";
import { spelledDate } from "../invoices/invoice-texts";
import type { DocumentCustomer, PaymentReceipt } from "./portal-documents";

const TEXTS = {
  fr: {
    receipt: "Reçu de paiement",
    statement: "Relevé annuel",
    receiptNumber: "Reçu n°",
    received: "Reçu le",
    method: "Mode",
    reference: "Référence",
    amount: "Montant reçu",
    refunded: "Remboursé",
    appliedTo: "Appliqué aux factures",
    invoice: "Facture",
    account: "Compte",
    year: "Année",
    invoices: "Factures et notes de crédit",
    payments: "Paiements reçus",
    date: "Date",
    subtotal: "Sous-total",
    gst: "TPS",
    qst: "TVQ",
    total: "Total",
    totalInvoiced: "Total facturé",
    totalPaid: "Total payé",
    none: "Aucun",
    creditNote: "note de crédit",
    gstNumber: "No de TPS",
    qstNumber: "No de TVQ",
    methods: {
      card: "Carte",
      preauthorized: "Prélèvement préautorisé",
      cheque: "Chèque",
      cash: "Comptant",
      interac: "Interac",
      other: "Autre",
    } as Record<string, string>,
  },
  en: {
    receipt: "Payment receipt",
    statement: "Yearly statement",
    receiptNumber: "Receipt #",
    received: "Received on",
    method: "Method",
    reference: "Reference",
    amount: "Amount received",
    refunded: "Refunded",
    appliedTo: "Applied to invoices",
    invoice: "Invoice",
    account: "Account",
    year: "Year",
    invoices: "Invoices and credit notes",
    payments: "Payments received",
    date: "Date",
    subtotal: "Subtotal",
    gst: "GST",
    qst: "QST",
    total: "Total",
    totalInvoiced: "Total invoiced",
    totalPaid: "Total paid",
    none: "None",
    creditNote: "credit note",
    gstNumber: "GST No.",
    qstNumber: "QST No.",
    methods: {
      card: "Card",
      preauthorized: "Pre-authorized debit",
      cheque: "Cheque",
      cash: "Cash",
      interac: "Interac",
      other: "Other",
    } as Record<string, string>,
  },
};

export type DocumentTexts = (typeof TEXTS)["fr"];
export const documentTexts = (locale: Locale): DocumentTexts => TEXTS[locale];

type Doc = InstanceType<typeof PDFDocument>;
const MARGIN = 50;
const RIGHT = 562;

async function open(title: string, provider: BillingConfig, locale: Locale, createdAt: Date, compress: boolean) {
  const PDFDocument = await loadPdfKit();
  const doc = new PDFDocument({
    size: "LETTER",
    margin: MARGIN,
    compress,
    lang: locale === "fr" ? "fr-CA" : "en-CA",
    info: { Title: winAnsiText(title), Author: winAnsiText(provider.providerName), CreationDate: createdAt },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  return { doc, done };
}

function header(doc: Doc, title: string, provider: BillingConfig, customer: DocumentCustomer, tx: DocumentTexts) {
  const t = winAnsiText;
  doc.font("Helvetica-Bold").fontSize(16).text(t(provider.providerName), MARGIN, MARGIN, { width: 280 });
  doc
    .font("Helvetica")
    .fontSize(9)
    .fillColor("#444")
    .text(t(`${tx.gstNumber} : ${provider.gstNumber}`), { width: 280 })
    .text(t(`${tx.qstNumber} : ${provider.qstNumber}`), { width: 280 })
    .fillColor("#000");
  doc.font("Helvetica-Bold").fontSize(20).text(t(title), 340, MARGIN, { width: 222, align: "right" });
  doc
    .font("Helvetica")
    .fontSize(10)
    .text("", MARGIN, Math.max(doc.y, 120) + 10);
  doc.font("Helvetica-Bold").text(t(customer.displayName), MARGIN);
  doc.font("Helvetica");
  if (customer.billingAddress) doc.text(t(customer.billingAddress));
  const city = [customer.billingCity, customer.billingPostalCode].filter(Boolean).join(" ");
  if (city) doc.text(t(city));
  doc
    .fontSize(9)
    .fillColor("#444")
    .text(t(`${tx.account} : ${customer.legacyAccountId}`))
    .fillColor("#000");
  doc.moveDown();
}

/** One row of label/value columns; `widths` are the columns' widths from the left margin. */
function row(doc: Doc, cells: string[], widths: number[], bold = false) {
  const y = doc.y;
  let x = MARGIN;
  doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(9);
  let bottom = y;
  cells.forEach((cell, i) => {
    const width = widths[i]!;
    doc.text(winAnsiText(cell), x, y, { width: width - 6, align: i === 0 ? "left" : "right" });
    bottom = Math.max(bottom, doc.y);
    x += width;
  });
  doc.x = MARGIN;
  doc.y = bottom + 3;
  if (doc.y > 700) doc.addPage();
}

export async function renderReceiptPdf(
  receipt: PaymentReceipt,
  provider: BillingConfig,
  compress = true,
): Promise<Buffer> {
  const locale = receipt.customer.language;
  const tx = documentTexts(locale);
  const money = (cents: number) => formatMoney(locale, cents);
  const { payment } = receipt;
  const { doc, done } = await open(`${tx.receipt} ${payment.id}`, provider, locale, payment.receivedAt, compress);
  header(doc, tx.receipt, provider, receipt.customer, tx);
  const facts: Array<[string, string]> = [
    [tx.receiptNumber, String(payment.id)],
    [tx.received, spelledDate(locale, payment.date)],
    [tx.method, tx.methods[payment.method] ?? payment.method],
    [tx.amount, money(payment.amountCents)],
  ];
  if (payment.reference) facts.push([tx.reference, payment.reference]);
  if (payment.refundedCents > 0) facts.push([tx.refunded, money(payment.refundedCents)]);
  for (const [label, value] of facts) row(doc, [label, value], [200, 200]);
  doc.moveDown();
  row(doc, [tx.appliedTo, ""], [300, 212], true);
  if (receipt.allocations.length === 0) row(doc, [tx.none, ""], [300, 212]);
  for (const a of receipt.allocations) row(doc, [`${tx.invoice} ${a.invoiceNumber}`, money(a.amountCents)], [300, 212]);
  doc.end();
  return done;
}

export async function renderStatementPdf(
  customer: DocumentCustomer,
  statement: YearlyStatement,
  provider: BillingConfig,
  createdAt: Date,
  compress = true,
): Promise<Buffer> {
  const locale = customer.language;
  const tx = documentTexts(locale);
  const money = (cents: number) => formatMoney(locale, cents);
  const title = `${tx.statement} ${statement.year}`;
  const { doc, done } = await open(title, provider, locale, createdAt, compress);
  header(doc, title, provider, customer, tx);
  const widths = [112, 100, 75, 75, 75, 75];
  row(doc, [tx.invoices, "", "", "", "", ""], widths, true);
  row(doc, [tx.invoice, tx.date, tx.subtotal, tx.gst, tx.qst, tx.total], widths, true);
  if (statement.invoices.length === 0) row(doc, [tx.none], [RIGHT - MARGIN]);
  for (const i of statement.invoices) {
    const number = i.kind === "credit_note" ? `${i.number} (${tx.creditNote})` : i.number;
    row(
      doc,
      [number, i.issueDate, money(i.subtotalCents), money(i.gstCents), money(i.qstCents), money(i.totalCents)],
      widths,
    );
  }
  const t = statement.totals;
  row(
    doc,
    [tx.totalInvoiced, "", money(t.subtotalCents), money(t.gstCents), money(t.qstCents), money(t.invoicedCents)],
    widths,
    true,
  );
  doc.moveDown();
  const payWidths = [112, 100, 150, 150];
  row(doc, [tx.payments, "", "", ""], payWidths, true);
  row(doc, [tx.receiptNumber, tx.date, tx.method, tx.amount], payWidths, true);
  if (statement.payments.length === 0) row(doc, [tx.none], [RIGHT - MARGIN]);
  for (const p of statement.payments)
    row(
      doc,
      [String(p.id), p.date, tx.methods[p.method] ?? p.method, money(p.amountCents - p.refundedCents)],
      payWidths,
    );
  row(doc, [tx.totalPaid, "", "", money(t.paidCents)], payWidths, true);
  doc.end();
  return done;
}
