"use server";
import { revalidatePath } from "next/cache";
import { getLocale, getTranslations } from "next-intl/server";
import { formText } from "@/lib/form-text";
import { formatMoney } from "@/components/ui/format";
import type { CardActionState, LoadInvoiceCardActivity } from "@/lib/schemas/actions";
import { parseDollarsToCents } from "@/lib/schemas/card-payments";
import { actionError } from "@/server/web/action-errors";
import { callerFailure, callerFor, pageContext } from "@/server/web/page-access";

const invoicePath = (invoiceId: number) => `/office/invoices/${invoiceId}`;

/**
 * An invoice's card activity for its page: the summary (balance, saved card, card payments)
 * and the charge attempts. Null when the viewer's role has no card actions (support sees the
 * invoice without them).
 */
export async function loadInvoiceCardActivity(invoiceId: number): ReturnType<LoadInvoiceCardActivity> {
  const caller = callerFor(await pageContext());
  try {
    const [summary, attempts] = await Promise.all([
      caller.cardPayments.invoiceSummary({ invoiceId }),
      caller.cardPayments.attempts({ invoiceId }),
    ]);
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
    if (result.outcome === "failed")
      return { ok: false, error: t("result.failed", { attempt: result.attempt, reason: result.error ?? "—" }) };
    return {
      ok: true,
      message: t(result.outcome === "succeeded" ? "result.succeeded" : "result.processing", {
        attempt: result.attempt,
      }),
    };
  } catch (error) {
    revalidatePath(invoicePath(invoiceId));
    return { ok: false, error: (await actionError(error, "card charge")).message };
  }
}

export async function refundCardPaymentAction(_previous: CardActionState, form: FormData): Promise<CardActionState> {
  const [t, locale] = [await getTranslations("cardPayments"), await getLocale()];
  const invoiceId = Number(form.get("invoiceId"));
  const amountCents = parseDollarsToCents(formText(form, "amount"));
  if (amountCents === null || amountCents <= 0) return { ok: false, error: t("errors.amount") };
  try {
    const refund = await callerFor(await pageContext()).cardPayments.refund({
      paymentId: Number(form.get("paymentId")),
      amountCents,
      reason: formText(form, "reason"),
    });
    revalidatePath(invoicePath(invoiceId));
    const amount = formatMoney(refund.amountCents, locale);
    return {
      ok: true,
      message: t(refund.status === "succeeded" ? "result.refundSucceeded" : "result.refundPending", { amount }),
    };
  } catch (error) {
    return { ok: false, error: (await actionError(error, "card refund")).message };
  }
}
