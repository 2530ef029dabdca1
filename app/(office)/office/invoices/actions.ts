"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { formText } from "@/lib/form-text";
import type { ResendState } from "@/lib/schemas/actions";
import { actionError } from "@/server/web/action-errors";
import { callerFor, pageContext } from "@/server/web/page-access";

/** "Resend by email" on the invoice page; the form's requestId makes a double submit send once. */
export async function resendInvoiceEmailAction(_previous: ResendState, form: FormData): Promise<ResendState> {
  const t = await getTranslations("invoices");
  const id = Number(form.get("invoiceId"));
  const requestId = formText(form, "requestId");
  try {
    const outcome = await callerFor(await pageContext()).invoices.resendEmail({ id, requestId });
    revalidatePath(`/office/invoices/${id}`);
    switch (outcome.status) {
      case "sent":
        return { ok: true, message: t("resendSent") };
      case "already-sent":
        return { ok: true, message: t("resendAlready") };
      case "in-flight":
        return { ok: true, message: t("resendInFlight") };
      case "skipped":
        return { ok: false, error: t(outcome.reason === "no-email" ? "resendNoEmail" : "resendNotIssued") };
      case "failed":
        return { ok: false, error: t("resendFailed", { error: outcome.error }) };
      case "unknown":
        return { ok: false, error: t("resendUnknown", { error: outcome.error }) };
    }
  } catch (error) {
    return { ok: false, error: (await actionError(error, "resend invoice email")).message };
  }
}
