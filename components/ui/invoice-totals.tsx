import { formatMoney } from "./format";

export interface InvoiceAmounts {
  subtotalCents: number;
  gstCents: number;
  qstCents: number;
  totalCents: number;
  paidCents: number;
  balanceCents: number;
}
export type InvoiceTotalLabels = Record<"subtotal" | "gst" | "qst" | "total" | "paid" | "balance", string>;

/** Subtotal, the taxes computed once on it, the total, what was paid and what is left: office and portal alike. */
export function InvoiceTotals({
  amounts,
  labels,
  locale,
  testId,
}: {
  amounts: InvoiceAmounts;
  labels: InvoiceTotalLabels;
  locale: string;
  testId?: string;
}) {
  const rows: Array<[string, number, boolean]> = [
    [labels.subtotal, amounts.subtotalCents, false],
    [labels.gst, amounts.gstCents, false],
    [labels.qst, amounts.qstCents, false],
    [labels.total, amounts.totalCents, true],
    [labels.paid, amounts.paidCents, false],
    [labels.balance, amounts.balanceCents, true],
  ];
  return (
    <dl className="ml-auto grid max-w-xs grid-cols-[1fr_auto] gap-x-6 gap-y-0.5 px-4 py-3 text-sm" data-testid={testId}>
      {rows.map(([label, cents, bold]) => (
        <div key={label} className="contents">
          <dt className={bold ? "font-semibold" : "text-slate-600"}>{label}</dt>
          <dd className={`text-right tabular-nums ${bold ? "font-semibold" : ""}`}>{formatMoney(cents, locale)}</dd>
        </div>
      ))}
    </dl>
  );
}
