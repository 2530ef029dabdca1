"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { formText } from "@/lib/form-text";
import type { StartRunState } from "@/lib/schemas/actions";
import { isIsoDate } from "@/lib/domain/quebec-dates";
import { actionError } from "@/server/web/action-errors";
import { callerFor, pageContext } from "@/server/web/page-access";

/** Starts (or restarts) the month's run, then opens its live page. */
export async function startRunAction(_previous: StartRunState, form: FormData): Promise<StartRunState> {
  const t = await getTranslations("billingRuns");
  const runDate = formText(form, "runDate").trim();
  if (!isIsoDate(runDate)) return { ok: false, error: t("errors.runDate") };
  let runId: number;
  try {
    runId = (await callerFor(await pageContext()).billing.startRun({ runDate })).id;
  } catch (error) {
    return { ok: false, error: (await actionError(error, "billing run start")).message };
  }
  revalidatePath("/office/billing/runs");
  // Outside the try: redirect() works by throwing.
  redirect(`/office/billing/runs/${runId}`);
}
