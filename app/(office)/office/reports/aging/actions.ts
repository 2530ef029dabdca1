"use server";
import { revalidatePath } from "next/cache";
import { localDate } from "@/lib/domain/quebec-dates";
import type { DunningRunState, ResolveMessageState } from "@/lib/schemas/actions";
import { getTranslations } from "next-intl/server";
import { actionError } from "@/server/web/action-errors";
import { callerFor, pageContext } from "@/server/web/page-access";

/** "Run now" always runs for today in Quebec: an earlier or later day is the scheduled job's business. */
export async function runDunningAction(_previous: DunningRunState, _form: FormData): Promise<DunningRunState> {
  try {
    const summary = await callerFor(await pageContext()).payments.runDunning({ today: localDate(new Date()) });
    revalidatePath("/office/reports/aging");
    return { ok: true, summary };
  } catch (error) {
    return { ok: false, error: (await actionError(error, "dunning run from the office")).message };
  }
}

/** A person's decision about a message whose sending is unknown (the form sends the id and the decision). */
export async function resolveMessageAction(
  _previous: ResolveMessageState,
  form: FormData,
): Promise<ResolveMessageState> {
  const t = await getTranslations("dunning.undecided");
  const decision = form.get("decision") === "sent" ? "sent" : "retry";
  try {
    await callerFor(await pageContext()).payments.resolveMessage({ id: Number(form.get("id")), decision });
    revalidatePath("/office/reports/aging");
    return { ok: true, message: t(decision === "sent" ? "resolvedSent" : "resolvedRetry") };
  } catch (error) {
    return { ok: false, error: (await actionError(error, "decide an undecided message")).message };
  }
}
