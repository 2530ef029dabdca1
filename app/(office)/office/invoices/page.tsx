import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { formatDate, formatMoney } from "@/components/ui/format";
import { INVOICE_KINDS, INVOICE_STATUSES, invoiceListInput } from "@/lib/schemas/invoices";
import { zodIssueText } from "@/server/web/action-errors";
import { callerFor, requireStaffPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

type Params = {
  status?: string;
  kind?: string;
  customerId?: string;
  runId?: string;
  from?: string;
  to?: string;
  overdue?: string;
  after?: string;
};

const inputClass = "rounded border border-slate-300 bg-white px-2 py-1.5";

/** Filters live in the URL, so a billing run's invoices (?runId=) or the overdue list can be bookmarked. */
function parseFilters(p: Params) {
  const [afterDate, afterId] = (p.after ?? "").split("_");
  const id = (value: string | undefined) => (value?.trim() ? Number(value.trim()) : undefined);
  return invoiceListInput.safeParse({
    filters: {
      status: p.status || undefined,
      kind: p.kind || undefined,
      customerId: id(p.customerId),
      runId: id(p.runId),
      issuedFrom: p.from || undefined,
      issuedTo: p.to || undefined,
      overdue: p.overdue === "1" ? true : undefined,
    },
    cursor: afterDate && afterId ? { issueDate: afterDate, id: Number(afterId) } : undefined,
    limit: 50,
  });
}

export default async function InvoicesPage({ searchParams }: { searchParams: Promise<Params> }) {
  const ctx = await requireStaffPage("billing.read", "/office/invoices");
  const params = await searchParams;
  const [t, locale] = [await getTranslations(), await getLocale()];
  const filters = parseFilters(params);
  const page = filters.success ? await callerFor(ctx).invoices.list(filters.data) : null;
  const kept = Object.entries(params).filter(
    (entry): entry is [string, string] => entry[0] !== "after" && typeof entry[1] === "string" && entry[1] !== "",
  );
  const nextHref = page?.nextCursor
    ? `/office/invoices?${new URLSearchParams([...kept, ["after", `${page.nextCursor.issueDate}_${page.nextCursor.id}`]])}`
    : null;

  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold">{t("invoices.title")}</h1>
      <form className="flex flex-wrap items-end gap-2 text-sm" action="/office/invoices">
        <label className="flex flex-col">
          {t("invoices.status")}
          <select name="status" defaultValue={params.status ?? ""} className={inputClass}>
            <option value="">{t("invoices.any")}</option>
            {INVOICE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          {t("invoices.kind")}
          <select name="kind" defaultValue={params.kind ?? ""} className={inputClass}>
            <option value="">{t("invoices.any")}</option>
            {INVOICE_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(k === "invoice" ? "invoices.kindInvoice" : "invoices.kindCreditNote")}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          {t("invoices.customerId")}
          <input
            name="customerId"
            inputMode="numeric"
            defaultValue={params.customerId ?? ""}
            className={`${inputClass} w-28`}
          />
        </label>
        <label className="flex flex-col">
          {t("invoices.runId")}
          <input name="runId" inputMode="numeric" defaultValue={params.runId ?? ""} className={`${inputClass} w-28`} />
        </label>
        <label className="flex flex-col">
          {t("invoices.issuedFrom")}
          <input type="date" name="from" defaultValue={params.from ?? ""} className={inputClass} />
        </label>
        <label className="flex flex-col">
          {t("invoices.issuedTo")}
          <input type="date" name="to" defaultValue={params.to ?? ""} className={inputClass} />
        </label>
        <label className="flex items-center gap-1 py-1.5">
          <input type="checkbox" name="overdue" value="1" defaultChecked={params.overdue === "1"} />{" "}
          {t("invoices.overdueOnly")}
        </label>
        <button type="submit" className="rounded bg-sky-700 px-3 py-1.5 font-medium text-white">
          {t("invoices.filter")}
        </button>
        {kept.length > 0 && (
          <Link href="/office/invoices" className="py-1.5 text-sky-800 hover:underline">
            {t("invoices.clear")}
          </Link>
        )}
      </form>
      {!filters.success && (
        <p role="alert" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t("invoices.badFilter", { message: zodIssueText(filters.error.issues[0], t) })}
        </p>
      )}
      {page?.totals && (
        <p className="text-sm text-slate-600" data-testid="invoice-totals">
          {t("invoices.totals", {
            count: page.totals.count,
            total: formatMoney(page.totals.totalCents, locale),
            balance: formatMoney(page.totals.balanceCents, locale),
          })}
        </p>
      )}
      {page && page.items.length === 0 && (
        <p className="text-slate-600" data-testid="invoices-empty">
          {t("invoices.empty")}
        </p>
      )}
      {page && page.items.length > 0 && (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm" data-testid="invoice-list">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th className="px-3 py-2">{t("invoices.number")}</th>
                <th className="px-3 py-2">{t("invoices.customer")}</th>
                <th className="px-3 py-2">{t("invoices.issued")}</th>
                <th className="px-3 py-2">{t("invoices.due")}</th>
                <th className="px-3 py-2 text-right">{t("invoices.total")}</th>
                <th className="px-3 py-2 text-right">{t("invoices.balance")}</th>
                <th className="px-3 py-2">{t("invoices.status")}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((i) => (
                <tr key={i.id} className="border-t border-slate-100">
                  <td className="px-3 py-1.5 font-mono text-xs">
                    <Link className="text-sky-800 hover:underline" href={`/office/invoices/${i.id}`}>
                      {i.number}
                    </Link>
                    {i.kind === "credit_note" && (
                      <span className="ml-1 text-slate-500">({t("invoices.kindCreditNote")})</span>
                    )}
                  </td>
                  <td className="px-3 py-1.5">
                    <Link className="text-sky-800 hover:underline" href={`/office/customers/${i.customerId}`}>
                      {i.customerName}
                    </Link>
                  </td>
                  <td className="px-3 py-1.5">{formatDate(i.issueDate, locale)}</td>
                  <td className="px-3 py-1.5">{formatDate(i.dueDate, locale)}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{formatMoney(i.totalCents, locale)}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{formatMoney(i.balanceCents, locale)}</td>
                  <td className="px-3 py-1.5 space-x-1">
                    <Badge value={i.status} label={t(`status.${i.status}`)} />
                    {i.overdue && <Badge value="failed" label={t("invoices.overdue")} />}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextHref && (
        <Link href={nextHref} className="inline-block text-sm text-sky-700 hover:underline">
          {t("invoices.more")} →
        </Link>
      )}
    </section>
  );
}
