"use client";

import { useActionState, useId } from "react";
import { useTranslations } from "next-intl";
import type { FormAction, SimpleActionState } from "@/lib/schemas/actions";

function Outcome({ state }: { state: SimpleActionState }) {
  if (!state) return null;
  return state.ok ? (
    <p role="status" className="rounded bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
      {state.message}
    </p>
  ) : (
    <p role="alert" className="rounded bg-rose-50 px-3 py-2 text-sm text-rose-900">
      {state.error}
    </p>
  );
}

/** "I'll be there": one button, a plain form so it works before the page's JavaScript loads. */
export function ConfirmVisit({ jobId, confirm }: { jobId: number; confirm: FormAction<SimpleActionState> }) {
  const t = useTranslations("portalVisits");
  const [state, action, pending] = useActionState(confirm, null);
  if (state?.ok) return <Outcome state={state} />;
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="jobId" value={jobId} />
      <button
        type="submit"
        disabled={pending}
        data-testid={`visit-confirm-${jobId}`}
        className="min-h-11 w-full rounded bg-sky-700 px-4 py-2 text-sm font-medium text-white disabled:opacity-50 sm:w-auto"
      >
        {pending ? t("sending") : t("confirm")}
      </button>
      <Outcome state={state} />
    </form>
  );
}

/** Ask for another time: the customer's words open a ticket for the desk. */
export function RescheduleVisit({ jobId, reschedule }: { jobId: number; reschedule: FormAction<SimpleActionState> }) {
  const t = useTranslations("portalVisits");
  const id = useId();
  const [state, action, pending] = useActionState(reschedule, null);
  if (state?.ok) return <Outcome state={state} />;
  return (
    <details className="rounded border border-slate-200 px-3 py-2">
      <summary className="min-h-11 cursor-pointer py-2 font-medium">{t("reschedule")}</summary>
      <form action={action} className="space-y-2 pt-2">
        <input type="hidden" name="jobId" value={jobId} />
        <label htmlFor={`${id}-message`} className="block text-sm">
          {t("rescheduleLabel")}
        </label>
        <textarea
          id={`${id}-message`}
          name="message"
          required
          maxLength={1000}
          rows={3}
          className="w-full rounded border border-slate-300 px-2 py-1.5 text-sm"
        />
        <button
          type="submit"
          disabled={pending}
          data-testid={`visit-reschedule-${jobId}`}
          className="min-h-11 w-full rounded border border-sky-700 px-4 py-2 text-sm font-medium text-sky-800 disabled:opacity-50 sm:w-auto"
        >
          {pending ? t("sending") : t("rescheduleSend")}
        </button>
        <Outcome state={state} />
      </form>
    </details>
  );
}
