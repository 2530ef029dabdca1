"use client";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { formatDateTime } from "@/components/ui/format";
import type { FormAction } from "@/lib/schemas/actions";
import type { CpeActionState, PortalWifiRouter } from "@/lib/schemas/cpe-remote";
import { ModemRestartForm } from "./modem-restart";

const FIELD = "mt-1 w-full rounded border border-slate-300 px-3 py-2 focus:border-sky-600";
const BUTTON = "rounded bg-sky-700 px-4 py-2 font-medium text-white hover:bg-sky-800 disabled:opacity-60";

function NetworkForm({
  router,
  network,
  change,
}: {
  router: PortalWifiRouter;
  network: PortalWifiRouter["networks"][number];
  change: FormAction<CpeActionState>;
}) {
  const t = useTranslations("portalWifi");
  const [state, action, pending] = useActionState(change, null);
  const id = `wifi-${router.equipmentId}-${network.key.replace(":", "-")}`;
  return (
    <form
      action={action}
      className="space-y-3 border-t border-slate-100 pt-3"
      aria-describedby={state ? `${id}-outcome` : undefined}
    >
      <input type="hidden" name="equipmentId" value={router.equipmentId} />
      <input type="hidden" name="network" value={network.key} />
      <p className="font-medium" data-testid={`${id}-ssid`}>
        {network.ssid ?? "—"}
        {network.band ? <span className="ml-2 text-sm font-normal text-slate-500">{network.band}</span> : null}
      </p>
      <label className="block text-sm" htmlFor={`${id}-ssid-input`}>
        {t("newName")}
        <input id={`${id}-ssid-input`} name="ssid" className={FIELD} maxLength={64} autoComplete="off" />
      </label>
      {network.canChangePassword ? (
        <>
          <label className="block text-sm" htmlFor={`${id}-password`}>
            {t("newPassword")}
            <input
              id={`${id}-password`}
              name="password"
              type="password"
              className={FIELD}
              minLength={8}
              maxLength={63}
              autoComplete="new-password"
              aria-describedby={`${id}-rules`}
            />
          </label>
          <label className="block text-sm" htmlFor={`${id}-confirm`}>
            {t("confirm")}
            <input
              id={`${id}-confirm`}
              name="passwordConfirm"
              type="password"
              className={FIELD}
              maxLength={63}
              autoComplete="new-password"
            />
          </label>
          <p id={`${id}-rules`} className="text-xs text-slate-500">
            {t("rules")}
          </p>
        </>
      ) : (
        <p className="text-xs text-slate-500">{t("noPasswordChange")}</p>
      )}
      <button type="submit" className={BUTTON} disabled={pending}>
        {pending ? t("sending") : t("submit")}
      </button>
      {state ? (
        <p
          id={`${id}-outcome`}
          role={state.ok ? "status" : "alert"}
          className={`rounded px-3 py-2 text-sm ${!state.ok || state.status === "fault" ? "bg-rose-50 text-rose-800" : state.status === "queued" ? "bg-amber-50 text-amber-900" : "bg-emerald-50 text-emerald-900"}`}
        >
          {state.ok ? state.message : state.error}
        </p>
      ) : null}
    </form>
  );
}

/**
 * One router: whether it is online, its networks with a change form each, the latest changes'
 * outcomes, and "restart my modem".
 */
export function PortalWifiRouterCard({
  router,
  locale,
  change,
  restart,
}: {
  router: PortalWifiRouter;
  locale: string;
  change: FormAction<CpeActionState>;
  restart: FormAction<CpeActionState>;
}) {
  const t = useTranslations("portalWifi");
  const tRestart = useTranslations("modemRestart");
  const kinds = useTranslations("equipmentKind");
  return (
    <section
      className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
      data-testid={`wifi-router-${router.equipmentId}`}
    >
      <header>
        <h2 className="font-medium">{router.model ?? kinds(router.kind)}</h2>
        <p className="text-sm text-slate-600">{router.address}</p>
        <p className="text-sm">
          <span className={router.online ? "text-emerald-700" : "text-rose-700"}>
            {router.online ? t("online") : t("offline")}
          </span>
          {router.lastInform ? (
            <span className="text-slate-500">
              {" "}
              · {t("lastSeen", { when: formatDateTime(router.lastInform, locale) })}
            </span>
          ) : null}
        </p>
      </header>
      {router.networks.map((network) => (
        <NetworkForm key={network.key} router={router} network={network} change={change} />
      ))}
      {router.networks.length === 0 ? <p className="text-sm text-slate-600">{tRestart("noNetworks")}</p> : null}
      {router.changes.length > 0 ? (
        <div className="border-t border-slate-100 pt-3">
          <h3 className="text-sm font-medium">{t("changes")}</h3>
          <ul className="mt-1 space-y-1 text-sm" data-testid={`wifi-changes-${router.equipmentId}`}>
            {router.changes.map((c) => (
              <li key={c.id}>
                {formatDateTime(c.createdAt, locale)} ·{" "}
                {[
                  c.details.ssid ? t("changedName", { ssid: String(c.details.ssid) }) : null,
                  c.details.passwordChanged ? t("changedPassword") : null,
                ]
                  .filter(Boolean)
                  .join(", ")}{" "}
                · <span data-status={c.status}>{t(`status.${c.status}`, { code: c.faultCode ?? "" })}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <ModemRestartForm router={router} locale={locale} restart={restart} />
    </section>
  );
}
