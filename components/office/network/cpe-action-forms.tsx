"use client";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { FormAction } from "@/lib/schemas/actions";
import type { CpeActionState } from "@/lib/schemas/cpe-remote";

const BUTTON =
  "rounded border border-sky-700 px-3 py-1.5 text-sm font-medium text-sky-800 hover:bg-sky-50 focus:outline-none focus:ring-2 focus:ring-sky-600 disabled:opacity-60";
const FIELD = "mt-1 w-full rounded border border-slate-300 px-2 py-1.5 text-sm focus:border-sky-600";

export function Outcome({ state, id }: { state: CpeActionState; id: string }) {
  if (!state) return null;
  return state.ok ? (
    <p
      id={id}
      role="status"
      className={`rounded px-3 py-2 text-sm ${state.status === "fault" ? "bg-rose-50 text-rose-800" : state.status === "queued" ? "bg-amber-50 text-amber-900" : "bg-emerald-50 text-emerald-900"}`}
    >
      {state.message}
    </p>
  ) : (
    <p id={id} role="alert" className="rounded bg-rose-50 px-3 py-2 text-sm text-rose-800">
      {state.error}
    </p>
  );
}

/** Restart, quick status read and full refresh: one form each, with the task's outcome under the buttons. */
export function CpeActionButtons({
  equipmentId,
  reboot,
  refresh,
}: {
  equipmentId: number;
  reboot: FormAction<CpeActionState>;
  refresh: FormAction<CpeActionState>;
}) {
  const t = useTranslations("cpeRemote.actions");
  const [rebootState, rebootNow, rebooting] = useActionState(reboot, null);
  const [refreshState, refreshNow, refreshing] = useActionState(refresh, null);
  const state = rebootState ?? refreshState;
  return (
    <div className="space-y-2 p-4">
      <div className="flex flex-wrap gap-2">
        <form
          action={rebootNow}
          onSubmit={(event) => {
            if (!window.confirm(t("rebootConfirm"))) event.preventDefault();
          }}
        >
          <input type="hidden" name="equipmentId" value={equipmentId} />
          <button type="submit" className={BUTTON} disabled={rebooting} data-testid="cpe-reboot">
            {rebooting ? t("rebooting") : t("reboot")}
          </button>
        </form>
        <form action={refreshNow}>
          <input type="hidden" name="equipmentId" value={equipmentId} />
          <input type="hidden" name="full" value="0" />
          <button type="submit" className={BUTTON} disabled={refreshing}>
            {refreshing ? t("working") : t("status")}
          </button>
        </form>
        <form action={refreshNow}>
          <input type="hidden" name="equipmentId" value={equipmentId} />
          <input type="hidden" name="full" value="1" />
          <button type="submit" className={BUTTON} disabled={refreshing}>
            {refreshing ? t("working") : t("full")}
          </button>
        </form>
      </div>
      <Outcome state={state} id={`cpe-actions-outcome-${equipmentId}`} />
    </div>
  );
}

/** A new name and/or password for one network; the password is typed twice. */
export function WifiChangeForm({
  equipmentId,
  network,
  currentSsid,
  change,
}: {
  equipmentId: number;
  network: string;
  currentSsid: string | null;
  change: FormAction<CpeActionState>;
}) {
  const t = useTranslations("cpeRemote.wifi");
  const [state, action, pending] = useActionState(change, null);
  const id = `wifi-${equipmentId}-${network.replace(":", "-")}`;
  return (
    <details className="text-sm">
      <summary className="cursor-pointer text-sky-800 underline">{t("change")}</summary>
      <form
        action={action}
        className="mt-2 grid gap-2 sm:grid-cols-3"
        aria-describedby={state ? `${id}-outcome` : undefined}
      >
        <input type="hidden" name="equipmentId" value={equipmentId} />
        <input type="hidden" name="network" value={network} />
        <label className="block">
          {t("newName")}
          <input name="ssid" className={FIELD} placeholder={currentSsid ?? ""} maxLength={64} autoComplete="off" />
        </label>
        <label className="block">
          {t("newPassword")}
          <input name="password" type="password" className={FIELD} maxLength={63} autoComplete="new-password" />
        </label>
        <label className="block">
          {t("confirm")}
          <input name="passwordConfirm" type="password" className={FIELD} maxLength={63} autoComplete="new-password" />
        </label>
        <div className="sm:col-span-3">
          <button type="submit" className={BUTTON} disabled={pending}>
            {pending ? t("sending") : t("submit")}
          </button>
        </div>
        <div className="sm:col-span-3">
          <Outcome state={state} id={`${id}-outcome`} />
        </div>
      </form>
    </details>
  );
}

export function FirmwareForm({
  equipmentId,
  files,
  push,
}: {
  equipmentId: number;
  files: { fileName: string; version: string | null }[];
  push: FormAction<CpeActionState>;
}) {
  const t = useTranslations("cpeRemote.firmware");
  const [state, action, pending] = useActionState(push, null);
  if (files.length === 0) return <p className="px-4 py-3 text-sm text-slate-500">{t("none")}</p>;
  return (
    <form
      action={action}
      className="space-y-2 p-4"
      onSubmit={(event) => {
        if (!window.confirm(t("confirm"))) event.preventDefault();
      }}
    >
      <input type="hidden" name="equipmentId" value={equipmentId} />
      <label className="block text-sm">
        {t("push")}
        <select name="fileName" className={FIELD} required>
          {files.map((f) => (
            <option key={f.fileName} value={f.fileName}>
              {f.version ? `${f.version} — ${f.fileName}` : f.fileName}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className={BUTTON} disabled={pending}>
        {pending ? t("sending") : t("submit")}
      </button>
      <Outcome state={state} id={`firmware-outcome-${equipmentId}`} />
    </form>
  );
}
