/**
 * The invoice (or credit note) as a PDF, in the invoice's language. pdfkit's built-in Helvetica
 * is WinAnsi-encoded, which covers French; the rare character outside it is folded to its
 * unaccented form rather than printed as garbage.
 *
 * The output is deterministic: the document's CreationDate is the invoice's creation time, and
 * pdfkit derives the file ID from it, so rendering the same invoice twice gives the same bytes.
 */
import type PDFDocument from "pdfkit";
import type { BillingConfig } from "../../config";
import { loadPdfKit } from "../../integrations/pdf/pdfkit";

/** Who issues the invoice, as printed: the settings' provider (providerOfSettings), or the configuration's billing section. */
export type InvoiceIssuer = Pick<BillingConfig, "providerName" | "gstNumber" | "qstNumber"> & {
  providerAddress?: string;
};
import { documentTitle, formatMoney, type Locale } from "../../../lib/domain/billing/texts";
import type { InvoiceDetail } from "./invoice-detail";
import { asLocale, invoiceLabels, periodText, spelledDate } from "./invoice-texts";

export interface InvoicePdfOptions {
  /** Tests turn compression off to read the text; documents sent to customers keep it on. */
  compress?: boolean;
}

// Windows-1252's printable characters above 0x7F that are not Latin-1 (0x80–0x9F slots).
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

function isWinAnsi(ch: string): boolean {
  const code = ch.codePointAt(0)!;
  return (code >= 0x20 && code < 0x7f) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(ch);
}

/** Keeps what WinAnsi can print; folds the rest (narrow spaces, minus signs, accents it lacks). */
export function winAnsiText(value: string): string {
  let out = "";
  for (const ch of value.replace(/[\u202f\u2009\u2007]/g, "\u00a0").replace(/\u2212/g, "-")) {
    if (isWinAnsi(ch)) out += ch;
    else if (ch === "\n") out += ch;
    else {
      const folded = ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
      out += [...folded].every(isWinAnsi) ? folded : "?";
    }
  }
  return out;
}

const PAGE = { width: 612, height: 792, margin: 50 };
const COLUMNS = { description: 50, quantity: 352, unitPrice: 392, amount: 472, end: 562 };
const BODY_BOTTOM = PAGE.height - PAGE.margin - 30;

type Doc = InstanceType<typeof PDFDocument>;

function header(doc: Doc, detail: InvoiceDetail, provider: InvoiceIssuer, locale: Locale) {
  const { invoice } = detail;
  const labels = invoiceLabels(locale);
  const t = winAnsiText;
  doc.font("Helvetica-Bold").fontSize(16).text(t(provider.providerName), PAGE.margin, PAGE.margin, { width: 280 });
  doc.font("Helvetica").fontSize(9).fillColor("#444");
  if (provider.providerAddress) doc.text(t(provider.providerAddress), { width: 280 });
  doc
    .text(t(`${labels.gstNumber} : ${provider.gstNumber}`), { width: 280 })
    .text(t(`${labels.qstNumber} : ${provider.qstNumber}`), { width: 280 });

  const title = documentTitle(locale, invoice.kind === "credit_note" ? "credit-note" : "invoice");
  doc
    .fillColor("#000")
    .font("Helvetica-Bold")
    .fontSize(20)
    .text(t(title), 340, PAGE.margin, { width: 222, align: "right" });
  const facts: Array<[string, string]> = [
    [labels.number, invoice.number],
    [labels.issued, spelledDate(locale, invoice.issueDate)],
    [labels.due, spelledDate(locale, invoice.dueDate)],
  ];
  const period = periodText(locale, invoice.periodStart, invoice.periodEnd);
  if (period) facts.push([labels.period, period]);
  doc.fontSize(9);
  for (const [label, value] of facts) {
    doc
      .font("Helvetica-Bold")
      .text(t(`${label} : `), 300, doc.y, { width: 262, align: "right", continued: true })
      .font("Helvetica")
      .text(t(value));
  }

  const customer = detail.customer;
  const top = Math.max(doc.y, 140) + 15;
  doc.font("Helvetica-Bold").fontSize(10).text(t(labels.billedTo), PAGE.margin, top);
  doc.font("Helvetica").text(t(customer.displayName));
  if (customer.billingAddress) doc.text(t(customer.billingAddress));
  const cityLine = [customer.billingCity, customer.billingPostalCode].filter(Boolean).join(" ");
  if (cityLine) doc.text(t(cityLine));
  doc
    .fillColor("#444")
    .fontSize(9)
    .text(t(`${labels.account} : ${customer.legacyAccountId}`))
    .fillColor("#000");
}

function tableHead(doc: Doc, labels: ReturnType<typeof invoiceLabels>) {
  const y = doc.y;
  doc.font("Helvetica-Bold").fontSize(9);
  doc.text(winAnsiText(labels.description), COLUMNS.description, y, {
    width: COLUMNS.quantity - COLUMNS.description - 10,
  });
  doc.text(winAnsiText(labels.quantity), COLUMNS.quantity, y, {
    width: COLUMNS.unitPrice - COLUMNS.quantity - 6,
    align: "right",
  });
  doc.text(winAnsiText(labels.unitPrice), COLUMNS.unitPrice, y, {
    width: COLUMNS.amount - COLUMNS.unitPrice - 6,
    align: "right",
  });
  doc.text(winAnsiText(labels.amount), COLUMNS.amount, y, { width: COLUMNS.end - COLUMNS.amount, align: "right" });
  const below = doc.y + 3;
  doc.moveTo(COLUMNS.description, below).lineTo(COLUMNS.end, below).lineWidth(0.5).stroke();
  doc.font("Helvetica").y = below + 5;
}

function lines(doc: Doc, detail: InvoiceDetail, locale: Locale) {
  const labels = invoiceLabels(locale);
  const money = (cents: number) => winAnsiText(formatMoney(locale, cents));
  const descriptionWidth = COLUMNS.quantity - COLUMNS.description - 10;
  doc.y += 20;
  tableHead(doc, labels);
  for (const line of detail.lines) {
    const description = winAnsiText(line.description);
    const height = doc.heightOfString(description, { width: descriptionWidth });
    if (doc.y + height > BODY_BOTTOM) {
      doc.addPage();
      tableHead(doc, labels);
    }
    const y = doc.y;
    doc.text(description, COLUMNS.description, y, { width: descriptionWidth });
    const after = doc.y;
    doc.text(String(line.quantity), COLUMNS.quantity, y, {
      width: COLUMNS.unitPrice - COLUMNS.quantity - 6,
      align: "right",
    });
    doc.text(money(line.unitPriceCents), COLUMNS.unitPrice, y, {
      width: COLUMNS.amount - COLUMNS.unitPrice - 6,
      align: "right",
    });
    doc.text(money(line.amountCents), COLUMNS.amount, y, { width: COLUMNS.end - COLUMNS.amount, align: "right" });
    doc.y = Math.max(after, doc.y) + 4;
  }
}

function totals(doc: Doc, detail: InvoiceDetail, locale: Locale) {
  const { invoice } = detail;
  const labels = invoiceLabels(locale);
  const rows: Array<[string, number, boolean]> = [
    [labels.subtotal, invoice.subtotalCents, false],
    [labels.gst, invoice.gstCents, false],
    [labels.qst, invoice.qstCents, false],
    [labels.total, invoice.totalCents, true],
    [labels.paid, detail.paidCents, false],
    [invoice.balanceCents < 0 ? labels.creditBalance : labels.balance, invoice.balanceCents, true],
  ];
  if (doc.y + rows.length * 14 + 20 > BODY_BOTTOM) doc.addPage();
  let y = doc.y + 6;
  doc.moveTo(COLUMNS.unitPrice, y).lineTo(COLUMNS.end, y).lineWidth(0.5).stroke();
  y += 6;
  for (const [label, cents, bold] of rows) {
    doc.font(bold ? "Helvetica-Bold" : "Helvetica").fontSize(10);
    doc.text(winAnsiText(label), 300, y, { width: COLUMNS.amount - 306, align: "right" });
    doc.text(winAnsiText(formatMoney(locale, cents)), COLUMNS.amount, y, {
      width: COLUMNS.end - COLUMNS.amount,
      align: "right",
    });
    y += 14;
  }
  doc
    .font("Helvetica")
    .fontSize(9)
    .fillColor("#444")
    .text(winAnsiText(labels.thanks), PAGE.margin, y + 20, { width: COLUMNS.end - PAGE.margin })
    .fillColor("#000");
}

export async function renderInvoicePdf(
  detail: InvoiceDetail,
  provider: InvoiceIssuer,
  options: InvoicePdfOptions = {},
): Promise<Buffer> {
  const PDFDocument = await loadPdfKit();
  const locale = asLocale(detail.invoice.language);
  const title = `${documentTitle(locale, detail.invoice.kind === "credit_note" ? "credit-note" : "invoice")} ${detail.invoice.number}`;
  const doc = new PDFDocument({
    size: "LETTER",
    margin: PAGE.margin,
    compress: options.compress ?? true,
    lang: locale === "fr" ? "fr-CA" : "en-CA",
    info: {
      Title: winAnsiText(title),
      Author: winAnsiText(provider.providerName),
      CreationDate: new Date(detail.invoice.createdAt),
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  header(doc, detail, provider, locale);
  lines(doc, detail, locale);
  totals(doc, detail, locale);
  doc.end();
  return done;
}
