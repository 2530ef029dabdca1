"use client";

import { useActionState, useState } from "react";
import type { FormAction, ResendState } from "@/lib/schemas/actions";

/**
 * The request id is made once per page view: pressing twice (or a retried request) reaches the
 * server with the same id and sends one email. After an answer, a new id allows a deliberate resend.
 */
export function ResendInvoiceButton({
  resend,
  invoiceId,
  labels,
}: {
  resend: FormAction<ResendState>;
  invoiceId: number;
  labels: { resend: string; resending: string };
}) {
  const [requestId, setRequestId] = useState(() => crypto.randomUUID());
  const [state, action, pending] = useActionState(async (previous: ResendState, form: FormData) => {
    const result = await resend(previous, form);
    setRequestId(crypto.randomUUID());
    return result;
  }, null);
  return (
    <form action={action} className="flex flex-col items-start gap-1">
      <input type="hidden" name="invoiceId" value={invoiceId} />
      <input type="hidden" name="requestId" value={requestId} />
      <button
        type="submit"
        disabled={pending}
        className="rounded border border-sky-700 px-3 py-1.5 text-sm font-medium text-sky-800 hover:bg-sky-50 disabled:opacity-60"
      >
        {pending ? labels.resending : labels.resend}
      </button>
      <p
        role="status"
        aria-live="polite"
        className={`text-sm ${state?.ok === false ? "text-rose-700" : "text-emerald-700"}`}
      >
        {state ? (state.ok ? state.message : state.error) : null}
      </p>
    </form>
  );
}
