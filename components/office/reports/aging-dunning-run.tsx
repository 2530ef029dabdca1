"use client";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { DunningRunState, FormAction } from "@/lib/schemas/actions";

export function AgingDunningRun({ runDunning }: { runDunning: FormAction<DunningRunState> }) {
  const t = useTranslations("dunning");
  const [state, action, pending] = useActionState(runDunning, null);
  return (
    <form action={action} className="space-y-2" data-testid="dunning-run">
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700 disabled:opacity-60"
      >
        {pending ? t("running") : t("runNow")}
      </button>
      <div aria-live="polite">
        {state && !state.ok && (
          <p role="alert" className="rounded bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {state.error}
          </p>
        )}
        {state?.ok && (
          <p
            role="status"
            className="rounded bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
            data-testid="dunning-result"
          >
            {t("result", {
              invoices: state.summary.invoicesPastDue,
              sent: state.summary.messages.sent,
              already: state.summary.messages.alreadySent,
              failed: state.summary.messages.failed,
              unknown: state.summary.messages.unknown,
              suspended: state.summary.customersSuspended,
              reactivated: state.summary.customersReactivated,
            })}
          </p>
        )}
      </div>
    </form>
  );
}
