import Link from "next/link";
import { notFound } from "next/navigation";
import { getLocale, getTranslations } from "next-intl/server";
import { TrackingPanel } from "@/components/tracking/tracking-live";
import { ConfirmVisit, RescheduleVisit } from "@/components/portal/visit-actions";
import { visitWhen } from "@/components/portal/visit-text";
import { callerFor, orNotFound, requireCustomerPage } from "@/server/web/page-access";
import { confirmVisitAction, rescheduleVisitAction } from "../actions";

export const dynamic = "force-dynamic";

/** One visit: when, who, and while the technician is on the way, where they are (the tracking link's view). */
export default async function PortalVisitPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const jobId = Number(id);
  if (!Number.isSafeInteger(jobId) || jobId <= 0) notFound();
  const ctx = await requireCustomerPage();
  const caller = callerFor(ctx);
  const visit = await orNotFound(caller.portalVisits.get({ jobId }));
  const now = new Date();
  const tracking = visit.trackable ? await caller.portalVisits.tracking({ jobId }) : null;
  const [t, locale] = [await getTranslations("portalVisits"), await getLocale()];
  return (
    <div className="mx-auto max-w-md space-y-4" data-testid="portal-visit">
      <Link href="/portal/visits" className="text-sm text-sky-800 hover:underline">
        ← {t("back")}
      </Link>
      <h1 className="text-2xl font-semibold">{t(`kind.${visit.kind}` as never)}</h1>
      <p>{visitWhen(visit, t, locale)}</p>
      <p className="text-sm text-slate-600">{visit.address}</p>
      {visit.technicianFirstName && <p>{t("technician", { name: visit.technicianFirstName })}</p>}
      <p className="text-sm">{t(`status.${visit.status}` as never)}</p>
      {tracking && (
        <TrackingPanel
          pollUrl={`/api/portal/visits/${visit.id}/tracking`}
          initial={tracking}
          initialNow={now.toISOString()}
        />
      )}
      {visit.response && <p className="text-sm text-emerald-800">{t(`response.${visit.response}` as never)}</p>}
      {visit.canConfirm && <ConfirmVisit jobId={visit.id} confirm={confirmVisitAction} />}
      {visit.canReschedule && <RescheduleVisit jobId={visit.id} reschedule={rescheduleVisitAction} />}
    </div>
  );
}
