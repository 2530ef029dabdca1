"use server";
import { revalidatePath } from "next/cache";
import { getLocale, getTranslations } from "next-intl/server";
import { formText } from "@/lib/form-text";
import { formatMoney } from "@/components/ui/format";
import { parseDollarsToCents } from "@/lib/schemas/card-payments";
import { PaymentGatewayUnavailableError } from "@/server/integrations/stripe/payment-gateway";
import { RuleViolationError } from "@/server/services/errors";
import { callerFailure, callerFor, pageContext } from "@/server/web/page-access";

export type CardActionState = { ok: true; message: string } | { ok: false; error: string } | null;

type Translate = Awaited<ReturnType<typeof getTranslations<"cardPayments">>>;

function errorMessage(t: Translate, error: unknown): string {
  const failure = callerFailure(error);
  if (!failure) return t("errors.unexpected");
  if (failure.cause instanceof PaymentGatewayUnavailableError) return t("errors.unavailable");
  switch (failure.code) {
    case "BAD_REQUEST": return failure.cause instanceof RuleViolationError ? t("errors.refused", { reason: failure.message }) : t("errors.invalidInput");
    case "NOT_FOUND": return t("errors.notFound");
    case "FORBIDDEN": return t("errors.forbidden");
    case "UNAUTHORIZED": return t("errors.unauthorized");
    default: return t("errors.unexpected");
  }
}

const invoicePath = (invoiceId: number) => `/office/invoices/${invoiceId}`;

/**
 * An invoice's card activity for its page: the summary (balance, saved card, card payments)
 * and the charge attempts. Null when the viewer's role has no card actions (support sees the
 * invoice without them).
 */
export async function loadInvoiceCardActivity(invoiceId: number) {
  const caller = callerFor(await pageContext());
  try {
    const [summary, attempts] = await Promise.all([caller.cardPayments.invoiceSummary({ invoiceId }), caller.cardPayments.attempts({ invoiceId })]);
    return { summary, attempts };
  } catch (error) {
    const code = callerFailure(error)?.code;
    if (code === "FORBIDDEN" || code === "UNAUTHORIZED" || code === "NOT_FOUND") return null;
    throw error;
  }
}

export async function chargeSavedCardAction(_previous: CardActionState, form: FormData): Promise<CardActionState> {
  const t = await getTranslations("cardPayments");
  const invoiceId = Number(form.get("invoiceId"));
  try {
    const result = await callerFor(await pageContext()).cardPayments.chargeInvoice({ invoiceId });
    revalidatePath(invoicePath(invoiceId));
    if (result.outcome === "failed") return { ok: false, error: t("result.failed", { attempt: result.attempt, reason: result.error ?? "—" }) };
    return { ok: true, message: t(result.outcome === "succeeded" ? "result.succeeded" : "result.processing", { attempt: result.attempt }) };
  } catch (error) {
    revalidatePath(invoicePath(invoiceId));
    return { ok: false, error: errorMessage(t, error) };
  }
}

export async function refundCardPaymentAction(_previous: CardActionState, form: FormData): Promise<CardActionState> {
  const [t, locale] = [await getTranslations("cardPayments"), await getLocale()];
  const invoiceId = Number(form.get("invoiceId"));
  const amountCents = parseDollarsToCents(formText(form, "amount"));
  if (amountCents === null || amountCents <= 0) return { ok: false, error: t("errors.amount") };
  try {
    const refund = await callerFor(await pageContext()).cardPayments.refund({
      paymentId: Number(form.get("paymentId")), amountCents, reason: formText(form, "reason"),
    });
    revalidatePath(invoicePath(invoiceId));
    const amount = formatMoney(refund.amountCents, locale);
    return { ok: true, message: t(refund.status === "succeeded" ? "result.refundSucceeded" : "result.refundPending", { amount }) };
  } catch (error) {
    return { ok: false, error: errorMessage(t, error) };
  }
}
