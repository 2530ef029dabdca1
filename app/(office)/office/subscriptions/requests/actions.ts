"use server";

import { revalidatePath } from "next/cache";
import { getTranslations } from "next-intl/server";
import { formText } from "@/lib/form-text";
import type { SimpleActionState } from "@/lib/schemas/actions";
import { actionResult } from "@/server/web/action-errors";
import { callerFor, pageContext } from "@/server/web/page-access";

/** Approve (applies the change, once) or refuse (with the reason the customer will read) a portal request. */
export async function decideChangeRequestAction(
  _previous: SimpleActionState,
  form: FormData,
): Promise<SimpleActionState> {
  const requestId = Number(form.get("requestId"));
  const decision = formText(form, "decision");
  const t = await getTranslations("changeRequests");
  const result = await actionResult("change request decision", async () => {
    const caller = callerFor(await pageContext());
    return decision === "approve"
      ? caller.subscriptions.decideChangeRequest({ requestId, decision: "approve" })
      : caller.subscriptions.decideChangeRequest({ requestId, decision: "refuse", reason: formText(form, "reason") });
  });
  if (!result.ok) return { ok: false, error: result.error.message };
  revalidatePath("/office/subscriptions/requests");
  return { ok: true, message: t(result.value.status === "approved" ? "approvedDone" : "refusedDone") };
}
