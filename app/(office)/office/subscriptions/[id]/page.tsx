import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { ChangeForm } from "@/components/office/subscriptions/change-form";
import { SubscriptionHistory, SubscriptionLines } from "@/components/office/subscriptions/subscription-tables";
import { NetworkNotices, NetworkSessions } from "@/components/office/subscriptions/network-access";
import { Badge } from "@/components/ui/badge";
import { formatDate, formatMoney } from "@/components/ui/format";
import { Section } from "@/components/ui/section";
import type { SubscriptionAction } from "@/lib/schemas/subscriptions";
import { callerFor, orNotFound, requireStaffPage } from "@/server/web/page-access";
import { submitSubscriptionChange } from "./actions";
import { can } from "@/lib/domain/capabilities";

export const dynamic = "force-dynamic";

type Status = "pending" | "active" | "suspended" | "cancelled";

/** What can be done from each status; the service refuses anything else with a reason anyway. */
function actionsFor(status: Status, ending: boolean): SubscriptionAction[] {
  const prices: SubscriptionAction[] = ["setPriceOverride", "setCampaignDiscount"];
  if (status === "pending") return ["activate", "cancel", ...prices];
  if (status === "active") return ending ? prices : ["changePlan", "suspend", "cancel", ...prices];
  if (status === "suspended") return ending ? ["resume", ...prices] : ["resume", "cancel", ...prices];
  return [];
}

export default async function SubscriptionPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const ctx = await requireStaffPage("billing.read", `/office/subscriptions/${id}`);
  const subscriptionId = Number(id);
  if (!Number.isSafeInteger(subscriptionId) || subscriptionId <= 0) notFound();
  const sub = await orNotFound(callerFor(ctx).subscriptions.get({ subscriptionId }));
  const [t, locale] = [await getTranslations(), await getLocale()];
  const name = (p: { nameFr: string; nameEn: string }) => (locale === "en" ? p.nameEn : p.nameFr);
  const canApply = can(ctx.staff.role, "billing.write");
  const actions = actionsFor(sub.status, sub.endDate !== null);
  const plans = sub.plans
    .filter((p) => p.id !== sub.plan.id)
    .map((p) => ({ id: p.id, name: name(p), priceCents: p.priceCents }));
  const facts: Array<[string, React.ReactNode]> = [
    [
      t("subscriptions.customer"),
      <Link key="c" className="text-sky-800 hover:underline" href={`/office/customers/${sub.customer.id}`}>
        {sub.customer.displayName}
      </Link>,
    ],
    [
      t("subscriptions.location"),
      `${sub.location.address}${sub.location.unit ? `, ${sub.location.unit}` : ""}, ${sub.location.city} ${sub.location.postalCode}`,
    ],
    [
      t("subscriptions.plan"),
      `${name(sub.plan)} — ${t("subscriptions.planPrice")} ${formatMoney(sub.plan.priceCents, locale)}`,
    ],
    [t("subscriptions.override"), sub.priceOverrideCents === null ? "—" : formatMoney(sub.priceOverrideCents, locale)],
    [
      t("subscriptions.campaign"),
      sub.campaignCode
        ? `${sub.campaignCode}${sub.campaignDiscountCents ? ` — ${t("subscriptions.discount")} ${formatMoney(sub.campaignDiscountCents, locale)}` : ""}`
        : "—",
    ],
    [t("subscriptions.rate"), <strong key="r">{formatMoney(sub.rateCents, locale)}</strong>],
    [t("subscriptions.billingDay"), sub.billingDay],
    [t("subscriptions.start"), formatDate(sub.startDate, locale)],
    [t("subscriptions.end"), formatDate(sub.endDate, locale)],
    [t("subscriptions.nextPeriod"), formatDate(sub.nextPeriodStart, locale)],
    [t("subscriptions.commitmentEnds"), sub.commitment ? formatDate(sub.commitment.endDate, locale) : "—"],
    [
      t("subscriptions.radius"),
      `${t(`subscriptions.radiusStatus.${sub.radiusStatus}`)}${sub.radiusUsername ? ` — ${sub.radiusUsername}` : ""}`,
    ],
  ];
  if (sub.suspendedSince)
    facts.push([
      t("subscriptions.suspendedSince"),
      `${formatDate(sub.suspendedSince, locale)} ${sub.suspendedForDunning ? t("subscriptions.suspendedForDunning") : ""}`,
    ]);

  return (
    <div className="space-y-4">
      <Link href="/office/subscriptions" className="text-sm text-sky-800 hover:underline">
        ← {t("subscriptions.back")}
      </Link>
      <header className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold">{t("subscriptions.detailTitle", { id: sub.id })}</h1>
        <Badge value={sub.status} label={t(`status.${sub.status}`)} />
      </header>
      <Section title={t("subscriptions.summary")} testId="subscription-summary">
        <dl className="grid grid-cols-1 gap-x-6 gap-y-1 px-4 py-3 text-sm sm:grid-cols-2">
          {facts.map(([label, value]) => (
            <div key={label} className="flex gap-2">
              <dt className="min-w-40 text-slate-500">{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </Section>
      {actions.length > 0 && (
        <Section title={t("subscriptions.changes")} testId="subscription-changes">
          <div className="space-y-2 px-4 py-3">
            {!canApply && <p className="text-sm text-slate-600">{t("subscriptions.readOnly")}</p>}
            {actions.map((action) => (
              <details key={action} className="rounded border border-slate-200 px-3 py-2">
                <summary className="cursor-pointer font-medium">{t(`subscriptionChange.action.${action}`)}</summary>
                <div className="pt-2">
                  <ChangeForm
                    action={action}
                    subscriptionId={sub.id}
                    defaultDate={sub.today}
                    plans={plans}
                    canApply={canApply}
                    submit={submitSubscriptionChange}
                  />
                </div>
              </details>
            ))}
          </div>
        </Section>
      )}
      <NetworkSessions sessions={sub.sessions} locale={locale} t={t} />
      <NetworkNotices changes={sub.accessChanges} locale={locale} t={t} />
      <SubscriptionHistory history={sub.history} locale={locale} t={t} />
      <SubscriptionLines lines={sub.lines} locale={locale} t={t} />
    </div>
  );
}
