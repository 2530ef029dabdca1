import { getLocale, getTranslations } from "next-intl/server";
import { Badge } from "@/components/ui/badge";
import { Empty, Section } from "@/components/ui/section";
import { formatDate, formatMoney } from "@/components/ui/format";
import { PlanChangeForm } from "@/components/portal/plan-change-form";
import { callerFor, requireCustomerPage } from "@/server/web/page-access";
import { submitPortalChange } from "./actions";

export const dynamic = "force-dynamic";

/** Each service with its plan, a change of plan or a cancellation to ask for, and the requests already made. */
export default async function PortalPlansPage() {
  const ctx = await requireCustomerPage();
  const overview = await callerFor(ctx).portalPlans.overview();
  const [t, ts, locale] = [await getTranslations("portalPlans"), await getTranslations("status"), await getLocale()];
  const name = (p: { nameFr: string; nameEn: string }) => (locale === "en" ? p.nameEn : p.nameFr);
  return (
    <div className="mx-auto max-w-2xl space-y-4" data-testid="portal-plans">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="text-sm text-slate-600">{t("intro")}</p>
      {overview.subscriptions.length === 0 && (
        <Section title={t("title")}>
          <Empty>{t("none")}</Empty>
        </Section>
      )}
      {overview.subscriptions.map((s) => (
        <Section
          key={s.id}
          title={name(s.plan)}
          aside={`${s.location.address}${s.location.unit ? `, ${s.location.unit}` : ""}, ${s.location.city}`}
          testId={`plan-subscription-${s.id}`}
        >
          <div className="space-y-3 px-4 py-3">
            <p className="flex flex-wrap items-center gap-2 text-sm">
              <Badge value={s.status} label={ts(s.status as never)} />
              <span>{t("perMonth", { price: formatMoney(s.priceCents, locale) })}</span>
              {s.endDate && <span>{t("endsOn", { date: formatDate(s.endDate, locale) })}</span>}
            </p>
            {s.commitment && (
              <p className="text-sm text-slate-600">
                {t("commitmentUntil", { end: formatDate(s.commitment.endDate, locale) })}
              </p>
            )}
            {s.pendingRequest ? (
              <p role="status" className="rounded bg-sky-50 px-3 py-2 text-sm text-sky-900" data-testid="plan-pending">
                {s.pendingRequest.action === "cancel"
                  ? t("pendingCancel", { date: formatDate(s.pendingRequest.createdAt, locale) })
                  : t("pendingChange", { date: formatDate(s.pendingRequest.createdAt, locale) })}
              </p>
            ) : (
              <>
                {s.canChangePlan && s.choices.length > 0 && (
                  <details className="rounded border border-slate-200 px-3 py-2">
                    <summary className="min-h-11 cursor-pointer py-2 font-medium">{t("changePlan")}</summary>
                    <PlanChangeForm
                      action="changePlan"
                      subscriptionId={s.id}
                      dates={s.dates}
                      plans={s.choices.map((p) => ({
                        id: p.id,
                        name: name(p),
                        priceCents: p.priceCents,
                        downloadMbps: p.downloadMbps,
                        uploadMbps: p.uploadMbps,
                      }))}
                      submit={submitPortalChange}
                    />
                  </details>
                )}
                {s.canCancel && (
                  <details className="rounded border border-slate-200 px-3 py-2">
                    <summary className="min-h-11 cursor-pointer py-2 font-medium">{t("cancel")}</summary>
                    <PlanChangeForm
                      action="cancel"
                      subscriptionId={s.id}
                      dates={s.dates}
                      plans={[]}
                      submit={submitPortalChange}
                    />
                  </details>
                )}
              </>
            )}
            {s.requests.length > 0 && (
              <div>
                <h3 className="text-sm font-medium">{t("history")}</h3>
                <ul className="divide-y divide-slate-100 text-sm">
                  {s.requests.map((r) => (
                    <li key={r.id} className="py-2" data-testid={`plan-request-${r.id}`}>
                      <span className="font-medium">
                        {r.action === "cancel"
                          ? t("requestCancel")
                          : t("requestChange", { plan: r.target ? name(r.target) : "—" })}
                      </span>{" "}
                      · {formatDate(r.createdAt, locale)} · {t(`requestStatus.${r.status}` as never)}
                      {r.refusalReason && <span className="block text-slate-600">{r.refusalReason}</span>}
                    </li>
                  ))}
                </ul>
              </div>
            )}
          </div>
        </Section>
      ))}
    </div>
  );
}
