"use client";

import { useActionState, useId, useState } from "react";
import { useLocale, useTranslations } from "next-intl";
import { formatMoney } from "@/components/ui/format";
import type { SubscriptionAction } from "@/lib/schemas/subscriptions";
import type { ChangeFormState } from "@/lib/schemas/actions";
import { ChangePreviewTable } from "./change-preview";

export interface PlanChoice {
  id: number;
  name: string;
  priceCents: number;
}

const field = "rounded border border-slate-300 bg-white px-2 py-1.5";

/**
 * One change action: its fields, a Preview that shows the lines, taxes and total, and an Apply
 * that only turns on once the preview matches the fields as they are now (any edit bumps the
 * form version, and a preview remembers the version it was made for).
 */
export function ChangeForm({
  action,
  subscriptionId,
  defaultDate,
  plans,
  canApply,
  submit,
}: {
  action: SubscriptionAction;
  subscriptionId: number;
  defaultDate: string;
  plans: PlanChoice[];
  canApply: boolean;
  submit: (state: ChangeFormState, form: FormData) => Promise<ChangeFormState>;
}) {
  const t = useTranslations("subscriptionChange");
  const locale = useLocale();
  const id = useId();
  const [state, formAction, pending] = useActionState(submit, null);
  const [version, setVersion] = useState(0);
  const current = state && "version" in state && state.version === String(version);
  const previewReady = state?.ok === true && state.stage === "preview" && current;

  return (
    <form
      action={formAction}
      onChange={() => setVersion((v) => v + 1)}
      className="space-y-3"
      aria-describedby={`${id}-help`}
    >
      <p id={`${id}-help`} className="text-sm text-slate-600">
        {t(`help.${action}`)}
      </p>
      <input type="hidden" name="action" value={action} />
      <input type="hidden" name="subscriptionId" value={subscriptionId} />
      <input type="hidden" name="version" value={version} />
      {state?.ok === true && state.stage === "preview" && (
        <input type="hidden" name="requestId" value={state.requestId} />
      )}
      <div className="flex flex-wrap items-end gap-3 text-sm">
        <label className="flex flex-col" htmlFor={`${id}-date`}>
          {t("date")}
          <input id={`${id}-date`} type="date" name="date" required defaultValue={defaultDate} className={field} />
        </label>
        {action === "changePlan" && (
          <label className="flex flex-col" htmlFor={`${id}-plan`}>
            {t("newPlan")}
            <select id={`${id}-plan`} name="itemId" required defaultValue="" className={field}>
              <option value="" disabled>
                {t("choosePlan")}
              </option>
              {plans.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name} — {formatMoney(p.priceCents, locale)}
                </option>
              ))}
            </select>
          </label>
        )}
        {action === "cancel" && (
          <fieldset className="flex gap-3">
            <legend className="mb-1">{t("mode")}</legend>
            <label className="flex items-center gap-1">
              <input type="radio" name="mode" value="period-end" defaultChecked /> {t("mode_period-end")}
            </label>
            <label className="flex items-center gap-1">
              <input type="radio" name="mode" value="immediate" /> {t("mode_immediate")}
            </label>
          </fieldset>
        )}
        {action === "setPriceOverride" && (
          <label className="flex flex-col" htmlFor={`${id}-price`}>
            {t("priceOverride")}
            <input id={`${id}-price`} name="priceOverride" inputMode="decimal" placeholder="45,00" className={field} />
          </label>
        )}
        {action === "setCampaignDiscount" && (
          <>
            <label className="flex flex-col" htmlFor={`${id}-code`}>
              {t("campaignCode")}
              <input id={`${id}-code`} name="campaignCode" maxLength={40} className={field} />
            </label>
            <label className="flex flex-col" htmlFor={`${id}-discount`}>
              {t("discount")}
              <input id={`${id}-discount`} name="discount" inputMode="decimal" placeholder="10,00" className={field} />
            </label>
          </>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-2">
        <button
          type="submit"
          name="intent"
          value="preview"
          disabled={pending}
          className="rounded border border-sky-700 px-3 py-1.5 text-sm font-medium text-sky-800 disabled:opacity-50"
        >
          {pending ? t("previewing") : t("preview")}
        </button>
        {canApply && (
          <button
            type="submit"
            name="intent"
            value="apply"
            disabled={pending || !previewReady}
            aria-describedby={`${id}-apply-note`}
            className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white disabled:opacity-50"
          >
            {pending ? t("applying") : t("apply")}
          </button>
        )}
        {canApply && !previewReady && (
          <span id={`${id}-apply-note`} className="text-xs text-slate-500">
            {state?.ok === true && state.stage === "preview" ? t("stale") : t("applyNeedsPreview")}
          </span>
        )}
      </div>
      <div aria-live="polite">
        {state?.ok === false && (
          <p role="alert" className="rounded bg-rose-50 px-3 py-2 text-sm text-rose-900">
            {state.error}
          </p>
        )}
        {state?.ok === true && state.stage === "preview" && (
          <ChangePreviewTable preview={state.preview} stale={!current} />
        )}
        {state?.ok === true && state.stage === "applied" && (
          <p role="status" className="rounded bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
            {state.applied.replayed ? t("replayed") : t("applied")}{" "}
            {state.applied.invoice &&
              t("appliedDocument", {
                document: state.applied.invoice.kind === "credit_note" ? t("documentCreditNote") : t("documentInvoice"),
                number: state.applied.invoice.number,
                total: formatMoney(state.applied.invoice.totalCents, locale),
              })}
          </p>
        )}
      </div>
    </form>
  );
}
