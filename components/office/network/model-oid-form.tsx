"use client";

import { useActionState } from "react";
import type { FormAction, ModelOidFormState } from "@/lib/schemas/actions";
import type { ModelOidRow } from "@/lib/schemas/network";

export interface ModelOidLabels {
  model: string;
  rx: string;
  tx: string;
  divisor: string;
  divisorHint: string;
  save: string;
  saving: string;
}

/** One row of the OID table as a form (or an empty one to add a model). */
export function ModelOidForm({
  save,
  row,
  labels,
}: {
  save: FormAction<ModelOidFormState>;
  row: ModelOidRow | null;
  labels: ModelOidLabels;
}) {
  const [state, action, pending] = useActionState(save, null);
  const key = row ? `oid-${row.id}` : "oid-new";
  const field = "mt-0.5 w-full rounded border border-slate-300 px-2 py-1 font-mono text-xs";
  return (
    <form
      action={action}
      className="grid gap-2 px-4 py-3 sm:grid-cols-[2fr_3fr_3fr_1fr_auto] sm:items-end"
      data-testid={key}
    >
      {row && <input type="hidden" name="id" value={row.id} />}
      <label className="text-xs text-slate-600">
        {labels.model}
        <input name="model" required defaultValue={row?.model ?? ""} className={`${field} font-sans text-sm`} />
      </label>
      <label className="text-xs text-slate-600">
        {labels.rx}
        <input name="rxPowerOid" required defaultValue={row?.rxPowerOid ?? ""} className={field} />
      </label>
      <label className="text-xs text-slate-600">
        {labels.tx}
        <input name="txPowerOid" defaultValue={row?.txPowerOid ?? ""} className={field} />
      </label>
      <label className="text-xs text-slate-600" title={labels.divisorHint}>
        {labels.divisor}
        <select name="valueDivisor" defaultValue={String(row?.valueDivisor ?? 1)} className={field}>
          {[1, 10, 100, 1000].map((d) => (
            <option key={d} value={d}>
              {d}
            </option>
          ))}
        </select>
      </label>
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-60"
      >
        {pending ? labels.saving : labels.save}
      </button>
      <p
        role="status"
        aria-live="polite"
        className={`text-sm sm:col-span-5 ${state?.ok === false ? "text-rose-700" : "text-emerald-700"}`}
      >
        {state ? (state.ok ? state.message : state.error) : null}
      </p>
    </form>
  );
}
