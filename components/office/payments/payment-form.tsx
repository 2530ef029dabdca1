"use client";
import { useActionState, useMemo, useState } from "react";
import { useTranslations } from "next-intl";
import { parseAmountToCents, suggestAllocation } from "@/lib/domain/billing/allocation";
import { MANUAL_PAYMENT_METHODS } from "@/lib/schemas/payments";
import { formatDate, formatMoney } from "@/components/ui/format";
import type { FormAction, PaymentFormState } from "@/lib/schemas/actions";

export interface AllocatableInvoice {
  id: number;
  number: string;
  issueDate: string;
  dueDate: string;
  balanceCents: number;
}

type Props = {
  /** The page's server action: records a payment (mode "record") or allocates one (mode "allocate"). */
  submit: FormAction<PaymentFormState>;
  locale: string;
  customerId: number;
  invoices: AllocatableInvoice[];
} & (
  | { mode: "record"; today: string; prefillInvoiceId?: number }
  | { mode: "allocate"; paymentId: number; availableCents: number }
);

const field =
  "rounded border border-slate-300 bg-white px-2 py-1.5 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-700";
const toText = (cents: number) => (cents / 100).toFixed(2);

/** Amounts per invoice as typed, filled from the suggestion (oldest due first) until the clerk edits one. */
function suggested(amountCents: number | null, invoices: AllocatableInvoice[]): Record<number, string> {
  if (amountCents === null) return {};
  const { allocations } = suggestAllocation(amountCents, invoices);
  return Object.fromEntries(allocations.map((a) => [a.invoiceId, toText(a.amountCents)]));
}

export function PaymentForm(props: Props) {
  const t = useTranslations("payments");
  const [state, action, pending] = useActionState(props.submit, null);
  const prefill = props.mode === "record" ? props.invoices.find((i) => i.id === props.prefillInvoiceId) : undefined;
  const [amountText, setAmountText] = useState(prefill ? toText(prefill.balanceCents) : "");
  const amountCents = props.mode === "allocate" ? props.availableCents : parseAmountToCents(amountText);
  const [edited, setEdited] = useState(false);
  const [typed, setTyped] = useState<Record<number, string>>(() => suggested(amountCents, props.invoices));
  const values = edited ? typed : suggested(amountCents, props.invoices);

  const check = useMemo(() => {
    let total = 0;
    const rowErrors = new Map<number, string>();
    for (const invoice of props.invoices) {
      const text = values[invoice.id]?.trim() ?? "";
      if (!text) continue;
      const cents = parseAmountToCents(text);
      if (cents === null) rowErrors.set(invoice.id, t("form.rowNotAmount"));
      else if (cents > invoice.balanceCents)
        rowErrors.set(
          invoice.id,
          t("form.rowOverBalance", { balance: formatMoney(invoice.balanceCents, props.locale) }),
        );
      else total += cents;
    }
    const over = amountCents !== null && total > amountCents;
    return { total, rowErrors, over, left: amountCents === null ? null : amountCents - total };
  }, [values, props.invoices, amountCents, props.locale, t]);
  const blocked =
    amountCents === null ||
    amountCents <= 0 ||
    check.over ||
    check.rowErrors.size > 0 ||
    (props.mode === "allocate" && check.total === 0);

  const setRow = (id: number, text: string) => {
    setTyped({ ...values, [id]: text });
    setEdited(true);
  };

  return (
    <form action={action} className="space-y-4" aria-describedby="payment-form-outcome" data-testid="payment-form">
      <input type="hidden" name="customerId" value={props.customerId} />
      {props.mode === "allocate" && <input type="hidden" name="paymentId" value={props.paymentId} />}
      {props.mode === "record" && (
        <fieldset className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
          <legend className="sr-only">{t("form.paymentLegend")}</legend>
          <label className="flex flex-col text-sm" htmlFor="payment-method">
            {t("form.method")}
            <select id="payment-method" name="method" required defaultValue="cheque" className={field}>
              {MANUAL_PAYMENT_METHODS.map((m) => (
                <option key={m} value={m}>
                  {t(`method.${m}`)}
                </option>
              ))}
            </select>
          </label>
          <label className="flex flex-col text-sm" htmlFor="payment-amount">
            {t("form.amount")}
            <input
              id="payment-amount"
              name="amount"
              required
              inputMode="decimal"
              autoComplete="off"
              value={amountText}
              onChange={(e) => setAmountText(e.target.value)}
              aria-invalid={amountText !== "" && amountCents === null}
              className={field}
              placeholder="0,00"
            />
          </label>
          <label className="flex flex-col text-sm" htmlFor="payment-date">
            {t("form.receivedOn")}
            <input
              id="payment-date"
              name="receivedOn"
              type="date"
              required
              max={props.today}
              defaultValue={props.today}
              className={field}
            />
          </label>
          <label className="flex flex-col text-sm" htmlFor="payment-reference">
            {t("form.reference")}
            <input
              id="payment-reference"
              name="reference"
              maxLength={100}
              className={field}
              placeholder={t("form.referenceHint")}
            />
          </label>
          <label className="flex flex-col text-sm sm:col-span-2" htmlFor="payment-notes">
            {t("form.notes")}
            <input id="payment-notes" name="notes" maxLength={1000} className={field} />
          </label>
        </fieldset>
      )}

      <fieldset className="rounded-lg border border-slate-200 bg-white">
        <legend className="px-2 text-sm font-medium">{t("form.allocations")}</legend>
        {props.invoices.length === 0 ? (
          <p className="px-4 py-3 text-sm text-slate-600" data-testid="no-open-invoices">
            {t("form.noOpenInvoices")}
          </p>
        ) : (
          <table className="w-full text-sm">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th className="px-3 py-1.5">{t("invoice")}</th>
                <th className="px-3 py-1.5">{t("dueDate")}</th>
                <th className="px-3 py-1.5 text-right">{t("balance")}</th>
                <th className="px-3 py-1.5">{t("form.allocate")}</th>
              </tr>
            </thead>
            <tbody>
              {props.invoices.map((invoice) => {
                const error = check.rowErrors.get(invoice.id);
                return (
                  <tr key={invoice.id} className="border-t border-slate-100">
                    <td className="px-3 py-1.5 font-mono text-xs">{invoice.number}</td>
                    <td className="px-3 py-1.5">{formatDate(invoice.dueDate, props.locale)}</td>
                    <td className="px-3 py-1.5 text-right tabular-nums">
                      {formatMoney(invoice.balanceCents, props.locale)}
                    </td>
                    <td className="px-3 py-1.5">
                      <label className="sr-only" htmlFor={`alloc-${invoice.id}`}>
                        {t("form.allocateTo", { number: invoice.number })}
                      </label>
                      <input
                        id={`alloc-${invoice.id}`}
                        name={`alloc-${invoice.id}`}
                        inputMode="decimal"
                        autoComplete="off"
                        value={values[invoice.id] ?? ""}
                        onChange={(e) => setRow(invoice.id, e.target.value)}
                        aria-invalid={Boolean(error)}
                        aria-describedby={error ? `alloc-${invoice.id}-error` : undefined}
                        className={`w-28 ${field}`}
                      />
                      {error && (
                        <span id={`alloc-${invoice.id}-error`} className="ml-2 text-xs text-rose-700">
                          {error}
                        </span>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        <div className="flex flex-wrap items-center gap-3 border-t border-slate-100 px-3 py-2 text-sm">
          <span
            aria-live="polite"
            data-testid="allocation-check"
            className={check.over ? "font-medium text-rose-700" : "text-slate-700"}
          >
            {amountCents === null
              ? t("form.enterAmount")
              : check.over
                ? t("form.overAllocated", {
                    allocated: formatMoney(check.total, props.locale),
                    amount: formatMoney(amountCents, props.locale),
                  })
                : t("form.allocatedOf", {
                    allocated: formatMoney(check.total, props.locale),
                    amount: formatMoney(amountCents, props.locale),
                    left: formatMoney(check.left ?? 0, props.locale),
                  })}
          </span>
          {props.invoices.length > 0 && (
            <button
              type="button"
              onClick={() => {
                setTyped(suggested(amountCents, props.invoices));
                setEdited(false);
              }}
              className="rounded border border-slate-300 px-2 py-1 text-xs hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-700"
            >
              {t("form.suggest")}
            </button>
          )}
        </div>
      </fieldset>

      <div id="payment-form-outcome" aria-live="assertive">
        {state && !state.ok && (
          <p role="alert" className="rounded bg-rose-50 px-3 py-2 text-sm text-rose-800">
            {state.error}
          </p>
        )}
      </div>
      <button
        type="submit"
        disabled={pending || blocked}
        data-testid="payment-submit"
        className="rounded bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700 disabled:opacity-60"
      >
        {pending ? t("form.saving") : props.mode === "record" ? t("form.record") : t("form.saveAllocation")}
      </button>
    </form>
  );
}
