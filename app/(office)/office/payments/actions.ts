"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { formText } from "@/lib/form-text";
import { parseAmountToCents } from "@/lib/domain/billing/allocation";
import type { PaymentFormState } from "@/lib/schemas/actions";
import { actionError } from "@/server/web/action-errors";
import { callerFor, pageContext } from "@/server/web/page-access";

/** Every `alloc-<invoiceId>` field with an amount; blank fields are invoices left alone. */
function allocationsFrom(form: FormData): Array<{ invoiceId: number; amountCents: number }> | string {
  const allocations: Array<{ invoiceId: number; amountCents: number }> = [];
  for (const [name, value] of form.entries()) {
    if (!name.startsWith("alloc-") || typeof value !== "string" || value.trim() === "") continue;
    const cents = parseAmountToCents(value);
    if (cents === null) return name.slice("alloc-".length);
    if (cents > 0) allocations.push({ invoiceId: Number(name.slice("alloc-".length)), amountCents: cents });
  }
  return allocations;
}

export async function recordPaymentAction(_previous: PaymentFormState, form: FormData): Promise<PaymentFormState> {
  const t = await getTranslations("payments");
  const amountCents = parseAmountToCents(formText(form, "amount"));
  if (amountCents === null || amountCents <= 0) return { ok: false, error: t("errors.amount") };
  const allocations = allocationsFrom(form);
  if (typeof allocations === "string") return { ok: false, error: t("errors.allocationAmount") };
  let paymentId: number;
  try {
    ({ paymentId } = await callerFor(await pageContext()).payments.record({
      customerId: Number(form.get("customerId")),
      method: formText(form, "method") as "cheque",
      amountCents,
      receivedOn: formText(form, "receivedOn"),
      reference: formText(form, "reference") || undefined,
      notes: formText(form, "notes") || undefined,
      allocations,
    }));
  } catch (error) {
    return { ok: false, error: (await actionError(error, "payment record")).message };
  }
  revalidatePath("/office/payments");
  redirect(`/office/payments/${paymentId}?recorded=1`);
}

export async function allocatePaymentAction(_previous: PaymentFormState, form: FormData): Promise<PaymentFormState> {
  const t = await getTranslations("payments");
  const paymentId = Number(form.get("paymentId"));
  const allocations = allocationsFrom(form);
  if (typeof allocations === "string") return { ok: false, error: t("errors.allocationAmount") };
  if (allocations.length === 0) return { ok: false, error: t("errors.noAllocation") };
  try {
    await callerFor(await pageContext()).payments.allocate({ paymentId, allocations });
  } catch (error) {
    return { ok: false, error: (await actionError(error, "payment allocation")).message };
  }
  revalidatePath(`/office/payments/${paymentId}`);
  redirect(`/office/payments/${paymentId}?allocated=1`);
}
