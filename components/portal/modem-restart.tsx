"use client";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import { formatDateTime } from "@/components/ui/format";
import type { FormAction } from "@/lib/schemas/actions";
import type { CpeActionState, PortalWifiRouter } from "@/lib/schemas/cpe-remote";

/**
 * "Restart my modem" for one device: the button, or while the cooldown runs the time left in
 * words; the last restart's outcome; and the answer to this one (sent, done, or the fault).
 */
export function ModemRestartForm({
  router,
  locale,
  restart,
}: {
  router: PortalWifiRouter;
  locale: string;
  restart: FormAction<CpeActionState>;
}) {
  const t = useTranslations("modemRestart");
  const [state, action, pending] = useActionState(restart, null);
  const id = `restart-${router.equipmentId}`;
  const { last, availableAt, remainingMinutes } = router.restart;
  return (
    <form
      action={action}
      className="space-y-2 border-t border-slate-100 pt-3"
      aria-labelledby={`${id}-title`}
      data-testid={id}
    >
      <input type="hidden" name="equipmentId" value={router.equipmentId} />
      <h3 id={`${id}-title`} className="font-medium">
        {t("title")}
      </h3>
      <p className="text-sm text-slate-600">{t("intro")}</p>
      {availableAt ? (
        <p role="status" className="text-sm text-amber-900" data-testid={`${id}-cooldown`}>
          {t("cooldown", { minutes: remainingMinutes })}
        </p>
      ) : (
        <button
          type="submit"
          className="rounded bg-sky-700 px-4 py-2 font-medium text-white hover:bg-sky-800 disabled:opacity-60"
          disabled={pending}
        >
          {pending ? t("sending") : t("submit")}
        </button>
      )}
      {last ? (
        <p className="text-sm text-slate-600" data-testid={`${id}-last`}>
          {t("last", {
            when: formatDateTime(last.createdAt, locale),
            status: t(`status.${last.status}`, { code: last.faultCode ?? "" }),
          })}
        </p>
      ) : null}
      {state ? (
        <p
          role={state.ok ? "status" : "alert"}
          className={`rounded px-3 py-2 text-sm ${!state.ok || state.status === "fault" ? "bg-rose-50 text-rose-800" : state.status === "queued" ? "bg-amber-50 text-amber-900" : "bg-emerald-50 text-emerald-900"}`}
        >
          {state.ok ? state.message : state.error}
        </p>
      ) : null}
    </form>
  );
}
