"use client";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { FormAction, StartRunState } from "@/lib/schemas/actions";

/** The date form that starts a run; also the "restart" button of a run's page (hidden date). `startRun` is the page's server action. */
export function StartRunForm({
  startRun,
  defaultDate,
  restart = false,
}: {
  startRun: FormAction<StartRunState>;
  defaultDate: string;
  restart?: boolean;
}) {
  const t = useTranslations("billingRuns");
  const [state, action, pending] = useActionState<StartRunState, FormData>(startRun, null);
  const errorId = restart ? "restart-run-error" : "start-run-error";
  return (
    <form
      action={action}
      className="flex flex-wrap items-end gap-2 text-sm"
      aria-describedby={state ? errorId : undefined}
      data-testid={restart ? "restart-run" : "start-run"}
    >
      {restart ? (
        <input type="hidden" name="runDate" value={defaultDate} />
      ) : (
        <label className="flex flex-col" htmlFor="run-date">
          {t("runDate")}
          <input
            id="run-date"
            name="runDate"
            type="date"
            required
            defaultValue={defaultDate}
            aria-describedby="run-date-help"
            className="rounded border border-slate-300 bg-white px-2 py-1.5"
          />
        </label>
      )}
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-sky-700 px-3 py-1.5 font-medium text-white hover:bg-sky-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700 disabled:opacity-60"
      >
        {pending ? t("starting") : restart ? t("restart") : t("start")}
      </button>
      {!restart && (
        <p id="run-date-help" className="basis-full text-xs text-slate-500">
          {t("runDateHelp")}
        </p>
      )}
      {state && !state.ok && (
        <p id={errorId} role="alert" className="basis-full rounded bg-rose-50 px-3 py-2 text-rose-800">
          {state.error}
        </p>
      )}
    </form>
  );
}
