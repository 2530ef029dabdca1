"use server";

import { redirect } from "next/navigation";
import { formText } from "@/lib/form-text";
import { actionResult } from "@/server/web/action-errors";
import { callerFor, pageContext } from "@/server/web/page-access";

/**
 * Files a waiting SMS on the customer the agent chose, then opens the ticket it landed on. A
 * refusal comes back to the inbox as its translated sentence (a plain form: works without script).
 */
export async function fileUnmatchedSmsAction(form: FormData): Promise<void> {
  const result = await actionResult("file unmatched sms", async () =>
    callerFor(await pageContext()).tickets.fileUnmatchedSms({
      inboxId: Number(formText(form, "inboxId")),
      customerId: Number(formText(form, "customerId")),
    }),
  );
  if (!result.ok) redirect(`/office/tickets/sms-inbox?error=${encodeURIComponent(result.error.message)}`);
  redirect(`/office/tickets/${result.value.ticketId}`);
}
