import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { formatDate, formatMoney } from "@/components/ui/format";
import { SUBSCRIPTION_STATUSES, subscriptionListInput } from "@/lib/schemas/subscriptions";
import { zodIssueText } from "@/server/web/action-errors";
import { callerFor, requireStaffPage } from "@/server/web/page-access";

export const dynamic = "force-dynamic";

type Params = { status?: string; itemId?: string; customerId?: string; billingDay?: string; after?: string };

const field = "rounded border border-slate-300 bg-white px-2 py-1.5";

/** Filters live in the URL, so a filtered list can be bookmarked and shared. */
function parseFilters(p: Params) {
  const num = (v: string | undefined) => (v ? Number(v) : undefined);
  return subscriptionListInput.safeParse({
    status: p.status || undefined,
    itemId: num(p.itemId),
    customerId: num(p.customerId),
    billingDay: num(p.billingDay),
    afterId: num(p.after),
  });
}

export default async function SubscriptionsPage({ searchParams }: { searchParams: Promise<Params> }) {
  const ctx = await requireStaffPage("billing.read", "/office/subscriptions");
  const params = await searchParams;
  const [t, locale] = [await getTranslations(), await getLocale()];
  const filters = parseFilters(params);
  const page = await callerFor(ctx).subscriptions.list(filters.success ? filters.data : { limit: 50 });
  const kept = Object.entries(params).filter(
    (entry): entry is [string, string] => entry[0] !== "after" && Boolean(entry[1]),
  );
  const nextHref =
    filters.success && page.nextAfterId
      ? `/office/subscriptions?${new URLSearchParams([...kept, ["after", String(page.nextAfterId)]])}`
      : null;
  const planName = (p: { nameFr: string; nameEn: string }) => (locale === "en" ? p.nameEn : p.nameFr);

  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold">{t("subscriptions.title")}</h1>
        <Link href="/office/subscriptions/requests" className="text-sm text-sky-800 hover:underline">
          {t("changeRequests.link")}
        </Link>
      </div>
      <form className="flex flex-wrap items-end gap-2 text-sm" action="/office/subscriptions">
        <label className="flex flex-col">
          {t("subscriptions.status")}
          <select name="status" defaultValue={params.status ?? ""} className={field}>
            <option value="">{t("subscriptions.any")}</option>
            {SUBSCRIPTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          {t("subscriptions.plan")}
          <select name="itemId" defaultValue={params.itemId ?? ""} className={field}>
            <option value="">{t("subscriptions.any")}</option>
            {page.plans.map((p) => (
              <option key={p.id} value={p.id}>
                {planName(p)}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col">
          {t("subscriptions.customerId")}
          <input
            name="customerId"
            inputMode="numeric"
            pattern="[0-9]*"
            defaultValue={params.customerId ?? ""}
            className={`${field} w-28`}
          />
        </label>
        <label className="flex flex-col">
          {t("subscriptions.billingDay")}
          <input
            name="billingDay"
            type="number"
            min={1}
            max={28}
            defaultValue={params.billingDay ?? ""}
            className={`${field} w-24`}
          />
        </label>
        <button type="submit" className="rounded bg-sky-700 px-3 py-1.5 font-medium text-white">
          {t("subscriptions.filter")}
        </button>
        {kept.length > 0 && (
          <Link href="/office/subscriptions" className="py-1.5 text-sky-800 hover:underline">
            {t("subscriptions.reset")}
          </Link>
        )}
      </form>
      {!filters.success && (
        <p role="alert" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t("subscriptions.badFilters", {
            reason: filters.error.issues.map((i) => `${i.path.join(".")}: ${zodIssueText(i, t)}`).join("; "),
          })}
        </p>
      )}
      {filters.success && page.items.length === 0 && (
        <p className="text-slate-600" data-testid="subscriptions-empty">
          {t("subscriptions.empty")}
        </p>
      )}
      {filters.success && page.items.length > 0 && (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
          <table className="w-full text-sm" data-testid="subscription-list">
            <thead className="bg-slate-50 text-left text-slate-600">
              <tr>
                {["id", "customer", "plan", "location", "billingDay", "rate", "start", "end", "radius", "status"].map(
                  (k) => (
                    <th key={k} className="px-3 py-2">
                      {t(`subscriptions.${k}`)}
                    </th>
                  ),
                )}
              </tr>
            </thead>
            <tbody>
              {page.items.map((s) => (
                <tr key={s.id} className="border-t border-slate-100">
                  <td className="px-3 py-1.5 font-mono text-xs">
                    <Link className="text-sky-800 hover:underline" href={`/office/subscriptions/${s.id}`}>
                      {s.id}
                    </Link>
                  </td>
                  <td className="px-3 py-1.5">
                    <Link className="text-sky-800 hover:underline" href={`/office/customers/${s.customerId}`}>
                      {s.customerName}
                    </Link>
                  </td>
                  <td className="px-3 py-1.5">{locale === "en" ? s.planEn : s.planFr}</td>
                  <td className="px-3 py-1.5">
                    {s.address}, {s.city}
                  </td>
                  <td className="px-3 py-1.5 tabular-nums">{s.billingDay}</td>
                  <td className="px-3 py-1.5 tabular-nums">{formatMoney(s.rateCents, locale)}</td>
                  <td className="px-3 py-1.5">{formatDate(s.startDate, locale)}</td>
                  <td className="px-3 py-1.5">{formatDate(s.endDate, locale)}</td>
                  <td className="px-3 py-1.5">{t(`subscriptions.radiusStatus.${s.radiusStatus}`)}</td>
                  <td className="px-3 py-1.5">
                    <Badge value={s.status} label={t(`status.${s.status}`)} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {nextHref && (
        <Link href={nextHref} className="inline-block text-sm text-sky-700 hover:underline">
          {t("subscriptions.more")} →
        </Link>
      )}
    </section>
  );
}
