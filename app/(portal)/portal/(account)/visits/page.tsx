import Link from "next/link";
import { getLocale, getTranslations } from "next-intl/server";
import { Empty, Section } from "@/components/ui/section";
import { visitWhen } from "@/components/portal/visit-text";
import { ConfirmVisit, RescheduleVisit } from "@/components/portal/visit-actions";
import type { PortalVisit } from "@/lib/schemas/portal-services";
import { callerFor, requireCustomerPage } from "@/server/web/page-access";
import { confirmVisitAction, rescheduleVisitAction } from "./actions";

export const dynamic = "force-dynamic";

/** Upcoming and past technician visits at the customer's addresses, phone first. */
export default async function PortalVisitsPage() {
  const ctx = await requireCustomerPage();
  const visits = await callerFor(ctx).portalVisits.list();
  const [t, locale] = [await getTranslations("portalVisits"), await getLocale()];
  const card = (v: PortalVisit, upcoming: boolean) => (
    <li key={v.id} className="space-y-2 px-4 py-3" data-testid={`visit-${v.id}`} data-status={v.status}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <Link href={`/portal/visits/${v.id}`} className="font-medium text-sky-800 hover:underline">
          {t(`kind.${v.kind}` as never)}
        </Link>
        <span className="text-sm">{t(`status.${v.status}` as never)}</span>
      </div>
      <p className="text-sm text-slate-700">{visitWhen(v, t, locale)}</p>
      <p className="text-sm text-slate-600">{v.address}</p>
      {v.technicianFirstName && <p className="text-sm">{t("technician", { name: v.technicianFirstName })}</p>}
      {v.trackable && (
        <Link
          href={`/portal/visits/${v.id}`}
          className="inline-flex min-h-11 items-center rounded bg-sky-700 px-4 py-2 text-sm font-medium text-white"
          data-testid={`visit-track-${v.id}`}
        >
          {t("track")}
        </Link>
      )}
      {upcoming && v.response && <p className="text-sm text-emerald-800">{t(`response.${v.response}` as never)}</p>}
      {upcoming && v.canConfirm && <ConfirmVisit jobId={v.id} confirm={confirmVisitAction} />}
      {upcoming && v.canReschedule && <RescheduleVisit jobId={v.id} reschedule={rescheduleVisitAction} />}
    </li>
  );
  return (
    <div className="mx-auto max-w-2xl space-y-4" data-testid="portal-visits">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <Section title={t("upcoming")}>
        {visits.upcoming.length === 0 ? (
          <Empty>{t("noUpcoming")}</Empty>
        ) : (
          <ul className="divide-y divide-slate-100">{visits.upcoming.map((v) => card(v, true))}</ul>
        )}
      </Section>
      <Section title={t("past")}>
        {visits.past.length === 0 ? (
          <Empty>{t("noPast")}</Empty>
        ) : (
          <ul className="divide-y divide-slate-100">{visits.past.map((v) => card(v, false))}</ul>
        )}
      </Section>
    </div>
  );
}
