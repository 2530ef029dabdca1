"use server";

import { redirect } from "next/navigation";
import { formText } from "@/lib/form-text";
import { actionResult } from "@/server/web/action-errors";
import { callerFor, pageContext } from "@/server/web/page-access";

/**
 * Files a waiting email on the customer the agent chose, then opens the ticket it landed on. A
 * refusal comes back to the inbox as its translated sentence (a plain form: works without script).
 */
export async function fileUnmatchedEmailAction(form: FormData): Promise<void> {
  const result = await actionResult("file unmatched email", async () =>
    callerFor(await pageContext()).tickets.fileUnmatchedEmail({
      inboxId: Number(formText(form, "inboxId")),
      customerId: Number(formText(form, "customerId")),
    }),
  );
  if (!result.ok) redirect(`/office/tickets/email-inbox?error=${encodeURIComponent(result.error.message)}`);
  redirect(`/office/tickets/${result.value.ticketId}`);
}
