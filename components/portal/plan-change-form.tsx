"use client";

import { useActionState, useId, useState } from "react";
import { useLocale, useTranslations } from "next-intl";
import { formatDate, formatMoney } from "@/components/ui/format";
import { ChangePreviewTable } from "@/components/office/subscriptions/change-preview";
import type { FormAction, PortalChangeFormState } from "@/lib/schemas/actions";

export interface PortalPlanChoice {
  id: number;
  name: string;
  priceCents: number;
  downloadMbps: number | null;
  uploadMbps: number | null;
}

const radio =
  "flex min-h-11 items-center gap-3 rounded border border-slate-200 px-3 py-2 has-[:checked]:border-sky-700";

/**
 * A plan change or a cancellation, phone first: pick (plan and date), see the preview computed
 * by the office's rules, then confirm. Confirm only turns on for a preview of the choices as
 * they are now, and the request it sends carries the preview's key, so a double tap asks once.
 */
export function PlanChangeForm({
  action,
  subscriptionId,
  plans,
  dates,
  submit,
}: {
  action: "changePlan" | "cancel";
  subscriptionId: number;
  plans: PortalPlanChoice[];
  dates: { today: string; nextPeriod: string };
  submit: FormAction<PortalChangeFormState>;
}) {
  const t = useTranslations("portalPlans");
  const locale = useLocale();
  const id = useId();
  const [state, formAction, pending] = useActionState(submit, null);
  const [version, setVersion] = useState(0);
  const current = state !== null && "version" in state && state.version === String(version);
  const previewReady = state?.ok === true && state.stage === "preview" && current;
  const money = (cents: number) => formatMoney(cents, locale);

  if (state?.ok === true && state.stage === "requested")
    return (
      <p
        role="status"
        className="rounded bg-emerald-50 px-3 py-2 text-sm text-emerald-900"
        data-testid="plan-requested"
      >
        {t("requested")}
      </p>
    );

  return (
    <form action={formAction} onChange={() => setVersion((v) => v + 1)} className="space-y-3">
      <input type="hidden" name="action" value={action} />
      <input type="hidden" name="subscriptionId" value={subscriptionId} />
      <input type="hidden" name="version" value={version} />
      {state?.ok === true && state.stage === "preview" && (
        <input type="hidden" name="requestKey" value={state.requestKey} />
      )}
      {action === "changePlan" ? (
        <>
          <fieldset className="space-y-2">
            <legend className="mb-1 text-sm font-medium">{t("choosePlan")}</legend>
            {plans.map((p, i) => (
              <label key={p.id} className={radio}>
                <input type="radio" name="itemId" value={p.id} required defaultChecked={i === 0} />
                <span className="flex-1">
                  {p.name}
                  {p.downloadMbps && (
                    <span className="block text-xs text-slate-500">
                      {t("speed", { down: p.downloadMbps, up: p.uploadMbps ?? p.downloadMbps })}
                    </span>
                  )}
                </span>
                <span className="tabular-nums">{t("perMonth", { price: money(p.priceCents) })}</span>
              </label>
            ))}
          </fieldset>
          <fieldset className="space-y-2">
            <legend className="mb-1 text-sm font-medium">{t("when")}</legend>
            <label className={radio}>
              <input type="radio" name="date" value={dates.today} defaultChecked />
              <span>{t("whenToday")}</span>
            </label>
            <label className={radio}>
              <input type="radio" name="date" value={dates.nextPeriod} />
              <span>{t("whenNextPeriod", { date: formatDate(dates.nextPeriod, locale) })}</span>
            </label>
          </fieldset>
        </>
      ) : (
        <p className="text-sm text-slate-600">{t("cancelHelp")}</p>
      )}
      <div className="flex flex-col gap-2 sm:flex-row">
        <button
          type="submit"
          name="intent"
          value="preview"
          disabled={pending}
          data-testid={`plan-preview-${action}`}
          className="min-h-11 rounded border border-sky-700 px-4 py-2 text-sm font-medium text-sky-800 disabled:opacity-50"
        >
          {pending ? t("previewing") : t("preview")}
        </button>
        <button
          type="submit"
          name="intent"
          value="request"
          disabled={pending || !previewReady}
          aria-describedby={`${id}-note`}
          data-testid={`plan-confirm-${action}`}
          className="min-h-11 rounded bg-sky-700 px-4 py-2 text-sm font-medium text-white disabled:opacity-50"
        >
          {pending ? t("sending") : action === "cancel" ? t("confirmCancel") : t("confirm")}
        </button>
      </div>
      <p id={`${id}-note`} className="text-xs text-slate-500">
        {previewReady ? t("approvalNote") : t("previewFirst")}
      </p>
      <div aria-live="polite">
        {state?.ok === false && (
          <p role="alert" className="rounded bg-rose-50 px-3 py-2 text-sm text-rose-900">
            {state.error}
          </p>
        )}
        {state?.ok === true && state.stage === "preview" && (
          <div className="space-y-2">
            <ChangePreviewTable preview={state.preview} stale={!current} />
            {state.preview.commitment && (
              <p
                className="rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm"
                data-testid="plan-commitment"
              >
                {t(action === "cancel" ? "commitmentCancel" : "commitmentDowngrade", {
                  end: formatDate(state.preview.commitment.endDate, locale),
                  months: state.preview.commitment.remainingMonths,
                  amount: money(state.preview.commitment.paybackCents),
                })}
              </p>
            )}
          </div>
        )}
      </div>
    </form>
  );
}
