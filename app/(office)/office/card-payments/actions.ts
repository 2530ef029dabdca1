"use server";
import { revalidatePath } from "next/cache";
import { getLocale, getTranslations } from "next-intl/server";
import { TRPCError } from "@trpc/server";
import { formText } from "@/lib/form-text";
import { formatMoney } from "@/components/ui/format";
import { parseDollarsToCents } from "@/lib/schemas/card-payments";
import { PaymentGatewayUnavailableError } from "@/server/integrations/stripe/payment-gateway";
import { RuleViolationError } from "@/server/services/errors";
import { callerFor, pageContext } from "@/server/web/page-access";

export type CardActionState = { ok: true; message: string } | { ok: false; error: string } | null;

type Translate = Awaited<ReturnType<typeof getTranslations<"cardPayments">>>;

function errorMessage(t: Translate, error: unknown): string {
  if (!(error instanceof TRPCError)) return t("errors.unexpected");
  if (error.cause instanceof PaymentGatewayUnavailableError) return t("errors.unavailable");
  switch (error.code) {
    case "BAD_REQUEST": return error.cause instanceof RuleViolationError ? t("errors.refused", { reason: error.message }) : t("errors.invalidInput");
    case "NOT_FOUND": return t("errors.notFound");
    case "FORBIDDEN": return t("errors.forbidden");
    case "UNAUTHORIZED": return t("errors.unauthorized");
    default: return t("errors.unexpected");
  }
}

const invoicePath = (invoiceId: number) => `/office/invoices/${invoiceId}`;

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
