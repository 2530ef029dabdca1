"use server";
import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { localDate } from "@/lib/domain/dispatch-day";
import type { DunningSummary } from "@/server/services/payments/run-dunning";
import { callerFailure, callerFor, pageContext } from "@/server/web/page-access";

export type DunningRunState = { ok: true; summary: DunningSummary } | { ok: false; error: string } | null;

/** "Run now" always runs for today in Quebec: an earlier or later day is the scheduled job's business. */
export async function runDunningAction(_previous: DunningRunState, _form: FormData): Promise<DunningRunState> {
  const t = await getTranslations("dunning");
  try {
    const summary = await callerFor(await pageContext()).payments.runDunning({ today: localDate(new Date()) });
    revalidatePath("/office/reports/aging");
    return { ok: true, summary };
  } catch (error) {
    const code = callerFailure(error)?.code;
    if (code === "FORBIDDEN") return { ok: false, error: t("errors.forbidden") };
    if (code === "UNAUTHORIZED") return { ok: false, error: t("errors.unauthorized") };
    console.error("dunning run from the office failed", error);
    return { ok: false, error: t("errors.failed") };
  }
}
