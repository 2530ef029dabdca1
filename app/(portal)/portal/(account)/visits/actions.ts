"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { formText } from "@/lib/form-text";
import type { SimpleActionState } from "@/lib/schemas/actions";
import { actionResult } from "@/server/web/action-errors";
import { callerFor, pageContext } from "@/server/web/page-access";

export async function confirmVisitAction(_previous: SimpleActionState, form: FormData): Promise<SimpleActionState> {
  const jobId = Number(form.get("jobId"));
  const result = await actionResult("portal confirm visit", async () =>
    callerFor(await pageContext()).portalVisits.confirm({ jobId }),
  );
  if (!result.ok) return { ok: false, error: result.error.message };
  revalidatePath("/portal/visits");
  return { ok: true, message: (await getTranslations("portalVisits"))("confirmed") };
}

export async function rescheduleVisitAction(_previous: SimpleActionState, form: FormData): Promise<SimpleActionState> {
  const jobId = Number(form.get("jobId"));
  const message = formText(form, "message");
  const result = await actionResult("portal reschedule visit", async () =>
    callerFor(await pageContext()).portalVisits.requestReschedule({ jobId, message }),
  );
  if (!result.ok) return { ok: false, error: result.error.message };
  revalidatePath("/portal/visits");
  return {
    ok: true,
    message: (await getTranslations("portalVisits"))("rescheduleSent", { ticket: result.value.ticketId }),
  };
}
