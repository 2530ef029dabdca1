"use client";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { CardActionState, FormAction } from "@/lib/schemas/actions";

function Outcome({ state, id }: { state: CardActionState; id: string }) {
  if (!state) return null;
  return state.ok ? (
    <p id={id} role="status" className="rounded bg-emerald-50 px-3 py-2 text-sm text-emerald-900">
      {state.message}
    </p>
  ) : (
    <p id={id} role="alert" className="rounded bg-rose-50 px-3 py-2 text-sm text-rose-800">
      {state.error}
    </p>
  );
}

export function ChargeSavedCardButton({
  charge,
  invoiceId,
}: {
  charge: FormAction<CardActionState>;
  invoiceId: number;
}) {
  const t = useTranslations("cardPayments");
  const [state, action, pending] = useActionState(charge, null);
  const outcomeId = `charge-outcome-${invoiceId}`;
  return (
    <form action={action} className="space-y-2" aria-describedby={state ? outcomeId : undefined}>
      <input type="hidden" name="invoiceId" value={invoiceId} />
      <button
        type="submit"
        disabled={pending}
        data-testid="charge-saved-card"
        className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700 disabled:opacity-60"
      >
        {pending ? t("charging") : t("charge")}
      </button>
      <Outcome state={state} id={outcomeId} />
    </form>
  );
}

export function RefundForm({
  refund,
  invoiceId,
  paymentId,
  refundableDollars,
}: {
  refund: FormAction<CardActionState>;
  invoiceId: number;
  paymentId: number;
  refundableDollars: string;
}) {
  const t = useTranslations("cardPayments");
  const [state, action, pending] = useActionState(refund, null);
  const prefix = `refund-${paymentId}`;
  return (
    <form
      action={action}
      className="flex flex-wrap items-end gap-2 text-sm"
      aria-describedby={state ? `${prefix}-outcome` : undefined}
      data-testid={prefix}
    >
      <input type="hidden" name="invoiceId" value={invoiceId} />
      <input type="hidden" name="paymentId" value={paymentId} />
      <label className="flex flex-col" htmlFor={`${prefix}-amount`}>
        {t("refundAmount")}
        <input
          id={`${prefix}-amount`}
          name="amount"
          inputMode="decimal"
          required
          defaultValue={refundableDollars}
          pattern="\d{1,7}([.,]\d{1,2})?"
          className="w-32 rounded border border-slate-300 bg-white px-2 py-1.5"
        />
      </label>
      <label className="flex min-w-48 flex-1 flex-col" htmlFor={`${prefix}-reason`}>
        {t("refundReason")}
        <input
          id={`${prefix}-reason`}
          name="reason"
          maxLength={500}
          className="rounded border border-slate-300 bg-white px-2 py-1.5"
        />
      </label>
      <button
        type="submit"
        disabled={pending}
        className="rounded border border-rose-300 px-3 py-1.5 font-medium text-rose-800 hover:bg-rose-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-rose-700 disabled:opacity-60"
      >
        {pending ? t("refunding") : t("refund")}
      </button>
      <div className="basis-full">
        <Outcome state={state} id={`${prefix}-outcome`} />
      </div>
    </form>
  );
}
