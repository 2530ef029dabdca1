"use client";

import { useActionState, useId } from "react";
import { useTranslations } from "next-intl";
import type { FormAction, SimpleActionState } from "@/lib/schemas/actions";

/** Approve, or refuse with a reason; each a plain form, the outcome read out. */
export function ChangeRequestActions({
  requestId,
  decide,
}: {
  requestId: number;
  decide: FormAction<SimpleActionState>;
}) {
  const t = useTranslations("changeRequests");
  const id = useId();
  const [state, action, pending] = useActionState(decide, null);
  if (state?.ok)
    return (
      <p role="status" className="text-sm text-emerald-800">
        {state.message}
      </p>
    );
  return (
    <div className="space-y-2">
      <form action={action}>
        <input type="hidden" name="requestId" value={requestId} />
        <input type="hidden" name="decision" value="approve" />
        <button
          type="submit"
          disabled={pending}
          data-testid={`request-approve-${requestId}`}
          className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
        >
          {t("approve")}
        </button>
      </form>
      <form action={action} className="flex flex-wrap items-end gap-2">
        <input type="hidden" name="requestId" value={requestId} />
        <input type="hidden" name="decision" value="refuse" />
        <label htmlFor={`${id}-reason`} className="flex flex-col text-sm">
          {t("reason")}
          <input
            id={`${id}-reason`}
            name="reason"
            required
            maxLength={500}
            className="rounded border border-slate-300 px-2 py-1.5"
          />
        </label>
        <button
          type="submit"
          disabled={pending}
          data-testid={`request-refuse-${requestId}`}
          className="rounded border border-slate-400 px-3 py-1.5 text-sm disabled:opacity-50"
        >
          {t("refuse")}
        </button>
      </form>
      {state && !state.ok && (
        <p role="alert" className="text-sm text-rose-800">
          {state.error}
        </p>
      )}
    </div>
  );
}
