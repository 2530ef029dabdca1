"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { formText } from "@/lib/form-text";
import { isIsoDate } from "@/lib/domain/dispatch-day";
import { callerFailure, callerFor, pageContext } from "@/server/web/page-access";

export type StartRunState = { ok: false; error: string } | null;

type Translate = Awaited<ReturnType<typeof getTranslations<"billingRuns">>>;

function errorMessage(t: Translate, error: unknown): string {
  const failure = callerFailure(error);
  if (!failure) return t("errors.unexpected");
  switch (failure.code) {
    case "BAD_REQUEST": return t("errors.invalid", { reason: failure.message });
    case "FORBIDDEN": return t("errors.forbidden");
    case "UNAUTHORIZED": return t("errors.unauthorized");
    case "NOT_FOUND": return t("errors.notFound");
    default: return t("errors.unexpected");
  }
}

/** Starts (or restarts) the month's run, then opens its live page. */
export async function startRunAction(_previous: StartRunState, form: FormData): Promise<StartRunState> {
  const t = await getTranslations("billingRuns");
  const runDate = formText(form, "runDate").trim();
  if (!isIsoDate(runDate)) return { ok: false, error: t("errors.runDate") };
  let runId: number;
  try {
    runId = (await callerFor(await pageContext()).billing.startRun({ runDate })).id;
  } catch (error) {
    return { ok: false, error: errorMessage(t, error) };
  }
  revalidatePath("/office/billing/runs");
  // Outside the try: redirect() works by throwing.
  redirect(`/office/billing/runs/${runId}`);
}
