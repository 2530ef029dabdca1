"use server";
import { redirect } from "next/navigation";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { actionResult } from "@/server/web/action-errors";
import { callerFor, pageContext } from "@/server/web/page-access";

/** What a pay button shows after a refusal (on success the browser is already on Stripe's page). */
export type PayActionState = { error: string | null; message: string | null };

/** Runs a call that returns Stripe's hosted page, then sends the browser there; a refusal is a sentence. */
async function toCheckout(context: string, start: () => Promise<{ url: string }>): Promise<PayActionState> {
  const result = await actionResult(context, start);
  if (!result.ok) return { error: result.error.message, message: null };
  redirect(result.value.url);
}

export async function payInvoiceAction(_previous: PayActionState, form: FormData): Promise<PayActionState> {
  const invoiceId = Number(form.get("invoiceId"));
  return toCheckout("portal pay invoice", async () =>
    callerFor(await pageContext()).portalPay.payInvoice({ invoiceId }),
  );
}

export async function payBalanceAction(_previous: PayActionState): Promise<PayActionState> {
  return toCheckout("portal pay balance", async () => callerFor(await pageContext()).portalPay.payBalance());
}

export async function saveCardAction(_previous: PayActionState): Promise<PayActionState> {
  return toCheckout("portal save card", async () => callerFor(await pageContext()).portalPay.saveCard());
}

export async function removeCardAction(_previous: PayActionState): Promise<PayActionState> {
  const t = await getTranslations("portalPay");
  const result = await actionResult("portal remove card", async () =>
    callerFor(await pageContext()).portalPay.removeCard(),
  );
  if (!result.ok) return { error: result.error.message, message: null };
  revalidatePath("/portal/pay");
  return { error: null, message: t("card.removed") };
}
