import { getTranslations } from "next-intl/server";
import { formatMoney } from "@/components/ui/format";
import type { CustomerBalance } from "@/lib/schemas/payments";

/** What the customer owes: open invoices less credit notes and unallocated payments. */
export async function BalanceSummary({
  balance,
  locale,
}: {
  balance: CustomerBalance & { customerName: string };
  locale: string;
}) {
  const t = await getTranslations("payments.balanceSummary");
  const rows: Array<[string, number]> = [
    [t("openInvoices"), balance.openInvoicesCents],
    [t("creditNotes"), -balance.creditNotesCents],
    [t("unallocated"), -balance.unallocatedPaymentsCents],
  ];
  return (
    <section
      className="rounded-lg border border-slate-200 bg-white p-4 text-sm"
      aria-labelledby="balance-summary-title"
      data-testid="customer-balance"
    >
      <h2 id="balance-summary-title" className="mb-2 font-medium">
        {t("title", { name: balance.customerName })}
      </h2>
      <dl className="grid max-w-md grid-cols-[1fr_auto] gap-x-6 gap-y-1">
        {rows.map(([label, cents]) => (
          <div key={label} className="contents">
            <dt className="text-slate-600">{label}</dt>
            <dd className="text-right tabular-nums">{formatMoney(cents, locale)}</dd>
          </div>
        ))}
        <dt className="border-t border-slate-200 pt-1 font-medium">
          {balance.balanceCents < 0 ? t("inCredit") : t("balance")}
        </dt>
        <dd className="border-t border-slate-200 pt-1 text-right font-medium tabular-nums">
          {formatMoney(Math.abs(balance.balanceCents), locale)}
        </dd>
        <dt className="text-slate-600">{t("overdue")}</dt>
        <dd className={`text-right tabular-nums ${balance.overdueCents > 0 ? "font-medium text-rose-700" : ""}`}>
          {formatMoney(balance.overdueCents, locale)}
        </dd>
      </dl>
    </section>
  );
}
