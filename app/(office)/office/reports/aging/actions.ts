"use server";
import { revalidatePath } from "next/cache";
import { localDate } from "@/lib/domain/quebec-dates";
import type { DunningRunState } from "@/lib/schemas/actions";
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
