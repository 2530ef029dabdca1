import { getLocale, getTranslations } from "next-intl/server";
import { PortalWifiRouterCard } from "@/components/portal/wifi-forms";
import { AutoRefresh } from "@/components/ui/auto-refresh";
import { callerFor, requireCustomerPage } from "@/server/web/page-access";
import { changeWifiAction, restartModemAction } from "./actions";

export const dynamic = "force-dynamic";

export default async function PortalWifiPage() {
  const ctx = await requireCustomerPage();
  const view = await callerFor(ctx).portalWifi.overview();
  const [t, locale] = [await getTranslations("portalWifi"), await getLocale()];
  const pending =
    view.state === "ok" &&
    view.routers.some((r) => r.changes.some((c) => c.status === "queued") || r.restart.last?.status === "queued");
  return (
    <div className="mx-auto max-w-xl space-y-4" data-testid="portal-wifi">
      <h1 className="text-2xl font-semibold">{t("title")}</h1>
      <p className="text-sm text-slate-600">{t("intro")}</p>
      {view.state !== "ok" ? (
        <p role="status" className="rounded bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {t(view.state)}
        </p>
      ) : view.routers.length === 0 ? (
        <p className="rounded bg-slate-50 px-3 py-2 text-sm text-slate-700">{t("none")}</p>
      ) : (
        view.routers.map((router) => (
          <PortalWifiRouterCard
            key={router.equipmentId}
            router={router}
            locale={locale}
            change={changeWifiAction}
            restart={restartModemAction}
          />
        ))
      )}
      <AutoRefresh active={pending} everyMs={10_000} times={18} label={t("status.queued")} />
    </div>
  );
}
