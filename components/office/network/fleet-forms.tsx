"use client";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { FormAction } from "@/lib/schemas/actions";
import type { FleetActionState, FleetOptions } from "@/lib/schemas/cpe-remote";

const FIELD = "mt-1 w-full rounded border border-slate-300 px-2 py-1.5 text-sm focus:border-sky-600";
const BUTTON =
  "rounded bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800 focus:outline-none focus:ring-2 focus:ring-sky-600 disabled:opacity-60";

function Refusal({ state }: { state: FleetActionState }) {
  return state && !state.ok ? (
    <p role="alert" className="rounded bg-rose-50 px-3 py-2 text-sm text-rose-800">
      {state.error}
    </p>
  ) : null;
}

export function FleetStartForm({ options, start }: { options: FleetOptions; start: FormAction<FleetActionState> }) {
  const t = useTranslations("cpeFleet.start");
  const [state, action, pending] = useActionState(start, null);
  const models = [...new Set(options.models.map((m) => m.model))];
  return (
    <form
      action={action}
      className="grid gap-3 p-4 sm:grid-cols-2"
      onSubmit={(event) => {
        if (!window.confirm(t("confirm"))) event.preventDefault();
      }}
    >
      <label className="block text-sm">
        {t("model")}
        <select name="model" className={FIELD} defaultValue="">
          <option value="">{t("any")}</option>
          {models.map((model) => (
            <option key={model} value={model}>
              {model} ({options.models.filter((m) => m.model === model).reduce((n, m) => n + m.devices, 0)})
            </option>
          ))}
        </select>
      </label>
      <label className="block text-sm">
        {t("firmware")}
        <input name="firmware" className={FIELD} list="fleet-firmware" autoComplete="off" />
        <datalist id="fleet-firmware">
          {[...new Set(options.models.map((m) => m.firmware).filter(Boolean))].map((f) => (
            <option key={f} value={f!} />
          ))}
        </datalist>
      </label>
      <label className="block text-sm">
        {t("olt")}
        <select name="oltName" className={FIELD} defaultValue="">
          <option value="">{t("any")}</option>
          {options.olts.map((olt) => (
            <option key={olt} value={olt}>
              {olt}
            </option>
          ))}
        </select>
      </label>
      <label className="block text-sm">
        {t("file")}
        <select name="fileName" className={FIELD} required>
          {options.files.map((f) => (
            <option key={f.fileName} value={f.fileName}>
              {[f.productClass, f.version, f.fileName].filter(Boolean).join(" · ")}
            </option>
          ))}
        </select>
      </label>
      <label className="block text-sm">
        {t("concurrency")}
        <input name="concurrency" type="number" min={1} max={50} defaultValue={5} className={FIELD} required />
      </label>
      <div className="sm:col-span-2 space-y-2">
        <button type="submit" className={BUTTON} disabled={pending || options.files.length === 0}>
          {pending ? t("starting") : t("submit")}
        </button>
        <Refusal state={state} />
      </div>
    </form>
  );
}

export function FleetPauseResume({
  runId,
  status,
  act,
}: {
  runId: number;
  status: "running" | "paused";
  act: FormAction<FleetActionState>;
}) {
  const t = useTranslations("cpeFleet.run");
  const [state, action, pending] = useActionState(act, null);
  return (
    <form action={action} className="mt-3 space-y-2">
      <input type="hidden" name="runId" value={runId} />
      <input type="hidden" name="do" value={status === "running" ? "pause" : "resume"} />
      <button type="submit" className={BUTTON} disabled={pending}>
        {status === "running" ? t("pause") : t("resume")}
      </button>
      <Refusal state={state} />
    </form>
  );
}
