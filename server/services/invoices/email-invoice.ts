/**
 * Emailing an invoice's PDF to its customer, in the invoice's language, through the outbound
 * ledger (sendOnce): the dedupe key `invoice:<id>:email` makes the billing run's delivery send
 * it once however often the step runs. A staff resend has a key of its own per request.
 */
import { and, eq, inArray } from "drizzle-orm";
import { outboundMessages } from "../../db/schema";
import type { ServiceDeps } from "../deps";
import { sendOnce } from "../messaging/outbound-ledger";
import type { Actor } from "../actor";
import { recordAudit } from "../audit";
import { getInvoiceDetail } from "./invoice-detail";
import { invoiceIssuerOf, readSettings } from "../settings/settings";
import { renderInvoicePdf } from "./invoice-pdf";
import { asLocale, invoiceEmail } from "./invoice-texts";

export const INVOICE_EMAIL_TEMPLATE = "invoice";
export const NO_EMAIL_ADDRESS = "the customer has no email address; add one on the customer's page, then resend";

export function invoiceEmailKey(invoiceId: number): string {
  return `invoice:${invoiceId}:email`;
}

export function invoiceResendKey(invoiceId: number, requestId: string): string {
  return `invoice:${invoiceId}:email:resend:${requestId}`;
}

export type InvoiceEmailOutcome =
  | { status: "sent" | "already-sent" | "in-flight"; messageId: number }
  | { status: "failed"; messageId: number; error: string }
  /** The mail server may have taken it (timeout, lost answer): not resent, a person decides. */
  | { status: "unknown"; messageId: number; error: string }
  /** Not sent and not an error for a batch: no address (recorded in the ledger), or not issued. */
  | { status: "skipped"; reason: "no-email" | "not-issued"; messageId: number | null };

class NoEmailAddressError extends Error {
  constructor() {
    super(NO_EMAIL_ADDRESS);
    this.name = "NoEmailAddressError";
  }
}

export interface EmailInvoiceOptions {
  /** Defaults to the invoice's own key; resends pass theirs. */
  dedupeKey?: string;
}

/** Sends the invoice's email once per dedupe key. Call outside a transaction (see sendOnce). */
export async function emailInvoice(
  deps: Pick<ServiceDeps, "db" | "config" | "mailer">,
  invoiceId: number,
  options: EmailInvoiceOptions = {},
): Promise<InvoiceEmailOutcome> {
  const { db } = deps;
  const detail = await getInvoiceDetail(db, invoiceId, { kind: "staff" });
  const { invoice, customer } = detail;
  if (invoice.status === "draft" || invoice.status === "void")
    return { status: "skipped", reason: "not-issued", messageId: null };
  const dedupeKey = options.dedupeKey ?? invoiceEmailKey(invoiceId);

  if (dedupeKey === invoiceEmailKey(invoiceId)) {
    // A clerk may have resent it before the delivery step ran (or ran again): the customer has it.
    const [earlier] = await db
      .select({ id: outboundMessages.id })
      .from(outboundMessages)
      .where(
        and(
          eq(outboundMessages.invoiceId, invoiceId),
          eq(outboundMessages.template, INVOICE_EMAIL_TEMPLATE),
          inArray(outboundMessages.status, ["sent", "delivered"]),
        ),
      )
      .limit(1);
    if (earlier) return { status: "already-sent", messageId: earlier.id };
  }

  const locale = asLocale(invoice.language);
  const recipient = customer.email?.trim() ?? "";
  const outcome = await sendOnce(
    db,
    {
      dedupeKey,
      channel: "email",
      recipient,
      template: INVOICE_EMAIL_TEMPLATE,
      language: locale,
      customerId: customer.id,
      invoiceId,
    },
    async (provider) => {
      if (!recipient) throw new NoEmailAddressError();
      const issuer = invoiceIssuerOf(await readSettings(deps));
      const pdf = await renderInvoicePdf(detail, issuer);
      const content = invoiceEmail({
        locale,
        kind: invoice.kind,
        number: invoice.number,
        customerName: customer.displayName,
        providerName: issuer.providerName,
        totalCents: invoice.totalCents,
        balanceCents: invoice.balanceCents,
        dueDate: invoice.dueDate,
      });
      const receipt = await provider(() =>
        deps.mailer.send({
          to: recipient,
          ...content,
          attachments: [{ filename: `${invoice.number}.pdf`, content: pdf, contentType: "application/pdf" }],
        }),
      );
      return { providerMessageId: receipt.messageId };
    },
  );
  if (outcome.status === "failed" && outcome.error === NO_EMAIL_ADDRESS)
    return { status: "skipped", reason: "no-email", messageId: outcome.messageId };
  if (outcome.status === "failed" || outcome.status === "unknown")
    return { status: outcome.status, messageId: outcome.messageId, error: outcome.error };
  return { status: outcome.status, messageId: outcome.messageId };
}

/**
 * A clerk's "resend by email": a new email each time the clerk asks, once per request id, so
 * a double click or a replayed form does not send two.
 */
export async function resendInvoiceEmail(
  deps: Pick<ServiceDeps, "db" | "config" | "mailer">,
  actor: Actor,
  input: { id: number; requestId: string },
): Promise<InvoiceEmailOutcome> {
  const { db } = deps;
  const outcome = await emailInvoice(deps, input.id, { dedupeKey: invoiceResendKey(input.id, input.requestId) });
  if (outcome.status === "sent") {
    await recordAudit(db, actor, {
      action: "invoice.email_resent",
      entityType: "invoice",
      entityId: input.id,
      changes: { outboundMessageId: { from: null, to: outcome.messageId } },
    });
  }
  return outcome;
}
