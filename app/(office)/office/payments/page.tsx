import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { formatDate, formatMoney } from "@/components/ui/format";
import { PAYMENT_METHODS, paymentListInput } from "@/lib/schemas/payments";
import { zodIssueText } from "@/server/web/action-errors";
import { callerFor, requireStaffPage } from "@/server/web/page-access";
import { can } from "@/lib/domain/capabilities";

export const dynamic = "force-dynamic";

type Params = {
  customerId?: string;
  method?: string;
  from?: string;
  to?: string;
  unallocated?: string;
  after?: string;
};

/** Filters live in the URL, so a filtered list can be bookmarked and shared. */
function parseFilters(p: Params) {
  const [afterAt, afterId] = (p.after ?? "").split("_");
  return paymentListInput.safeParse({
    customerId: p.customerId ? Number(p.customerId) : undefined,
    method: p.method || undefined,
    from: p.from || undefined,
    to: p.to || undefined,
    unallocated: p.unallocated === "1" ? true : undefined,
    cursor: afterAt && afterId ? { receivedAt: afterAt, id: Number(afterId) } : undefined,
  });
}

const input = "rounded border border-slate-300 bg-white px-2 py-1.5";

export default async function PaymentsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const ctx = await requireStaffPage("billing.read", "/office/payments");
  const params = await searchParams;
  const [t, locale] = [await getTranslations("payments"), await getLocale()];
  const filters = parseFilters(params);
  const page = filters.success ? await callerFor(ctx).payments.list(filters.data) : null;
  const canRecord = can(ctx.staff.role, "payments.write");
  const nextHref = page?.nextCursor
    ? `/office/payments?${new URLSearchParams({ ...Object.fromEntries(Object.entries(params).filter(([k, v]) => k !== "after" && v)), after: `${page.nextCursor.receivedAt}_${page.nextCursor.id}` })}`
    : null;

  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t("title")}</h1>
        {canRecord && (
          <Link
            href={params.customerId ? `/office/payments/new?customerId=${params.customerId}` : "/office/payments/new"}
            className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800"
            data-testid="new-payment"
          >
            {t("new")}
          </Link>
        )}
      </div>
      <form className="flex flex-wrap items-end gap-2 text-sm" action="/office/payments">
        <label className="flex flex-col" htmlFor="filter-method">
          {t("methodLabel")}
          <select id="filter-method" name="method" defaultValue={params.method ?? ""} className={input}>
            <option value="">{t("any")}</option>
            {PAYMENT_METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`method.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col" htmlFor="filter-from">
          {t("from")}
          <input id="filter-from" type="date" name="from" defaultValue={params.from ?? ""} className={input} />
        </label>
        <label className="flex flex-col" htmlFor="filter-to">
          {t("to")}
          <input id="filter-to" type="date" name="to" defaultValue={params.to ?? ""} className={input} />
        </label>
        <label className="flex items-center gap-1 py-1.5">
          <input type="checkbox" name="unallocated" value="1" defaultChecked={params.unallocated === "1"} />{" "}
          {t("unallocatedOnly")}
        </label>
        {params.customerId && <input type="hidden" name="customerId" value={params.customerId} />}
        <button type="submit" className="rounded bg-sky-700 px-3 py-1.5 font-medium text-white">
          {t("filter")}
        </button>
      </form>
      {!filters.success && (
        <p role="alert" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t("badFilters", { reason: zodIssueText(filters.error.issues[0], await getTranslations()) })}
        </p>
      )}
      {page && page.items.length === 0 && (
        <p className="text-slate-600" data-testid="payments-empty">
          {t("empty")}
        </p>
      )}
      {page && page.items.length > 0 && (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm" data-testid="payment-list">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                <th className="px-3 py-2">#</th>
                <th className="px-3 py-2">{t("receivedOn")}</th>
                <th className="px-3 py-2">{t("customer")}</th>
                <th className="px-3 py-2">{t("methodLabel")}</th>
                <th className="px-3 py-2">{t("reference")}</th>
                <th className="px-3 py-2 text-right">{t("amount")}</th>
                <th className="px-3 py-2 text-right">{t("unallocated")}</th>
                <th className="px-3 py-2">{t("status")}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((p) => (
                <tr key={p.id} className="border-t border-slate-100">
                  <td className="px-3 py-1.5">
                    <Link className="font-mono text-xs text-sky-800 hover:underline" href={`/office/payments/${p.id}`}>
                      {p.id}
                    </Link>
                  </td>
                  <td className="px-3 py-1.5">{formatDate(p.receivedAt, locale)}</td>
                  <td className="px-3 py-1.5">
                    <Link className="text-sky-800 hover:underline" href={`/office/customers/${p.customerId}`}>
                      {p.customerName}
                    </Link>
                  </td>
                  <td className="px-3 py-1.5">{t(`method.${p.method}`)}</td>
                  <td className="px-3 py-1.5">{p.reference ?? "—"}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">{formatMoney(p.amountCents, locale)}</td>
                  <td className="px-3 py-1.5 text-right tabular-nums">
                    {p.unallocatedCents > 0 ? formatMoney(p.unallocatedCents, locale) : "—"}
                  </td>
                  <td className="px-3 py-1.5">
                    <Badge value={p.status} label={t(`paymentStatus.${p.status}`)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextHref && (
        <Link href={nextHref} className="inline-block text-sm text-sky-700 hover:underline">
          {t("more")} →
        </Link>
      )}
    </section>
  );
}
