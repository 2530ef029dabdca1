"use client";

import { useActionState } from "react";
import type { FormAction } from "@/lib/schemas/actions";

/** What the policy form shows after saving: a sentence, in the reader's language. */
export type SlaFormState = { ok: true; message: string } | { ok: false; error: string } | null;

const INPUT = "w-24 rounded border border-slate-300 px-1.5 py-1 text-right tabular-nums";

/** One policy's targets as a small form; the row saves on its own. */
export function SlaPolicyRow({
  save,
  policy,
  labels,
  editable,
}: {
  save: FormAction<SlaFormState>;
  policy: {
    ticketType: string;
    priority: string;
    firstResponseMinutes: number;
    resolutionMinutes: number;
    businessHours: boolean;
  };
  labels: Record<"type" | "priority" | "firstResponse" | "resolution" | "businessHours" | "save" | "updated", string>;
  editable: boolean;
}) {
  const [state, action, pending] = useActionState(save, null);
  const id = `sla-${policy.ticketType}-${policy.priority}`;
  return (
    <tr className="border-b border-slate-200 align-top" data-testid={id}>
      <td className="px-2 py-1.5">{labels.type}</td>
      <td className="px-2 py-1.5">{labels.priority}</td>
      <td className="px-2 py-1.5" colSpan={4}>
        <form action={action} className="flex flex-wrap items-center gap-3">
          <input type="hidden" name="ticketType" value={policy.ticketType} />
          <input type="hidden" name="priority" value={policy.priority} />
          <label className="flex items-center gap-1">
            <span className="sr-only">{labels.firstResponse}</span>
            <input
              name="firstResponseMinutes"
              type="number"
              min={1}
              step={1}
              required
              disabled={!editable}
              defaultValue={policy.firstResponseMinutes}
              className={INPUT}
            />
          </label>
          <label className="flex items-center gap-1">
            <span className="sr-only">{labels.resolution}</span>
            <input
              name="resolutionMinutes"
              type="number"
              min={1}
              step={1}
              required
              disabled={!editable}
              defaultValue={policy.resolutionMinutes}
              className={INPUT}
            />
          </label>
          <label className="flex items-center gap-1">
            <input
              name="businessHours"
              type="checkbox"
              value="1"
              disabled={!editable}
              defaultChecked={policy.businessHours}
            />
            <span className="text-xs">{labels.businessHours}</span>
          </label>
          {editable && (
            <button
              type="submit"
              disabled={pending}
              className="rounded bg-sky-700 px-2 py-1 text-xs font-medium text-white disabled:opacity-60"
            >
              {labels.save}
            </button>
          )}
          <span className="text-xs text-slate-500">{labels.updated}</span>
          {state && (
            <span role={state.ok ? "status" : "alert"} className={state.ok ? "text-emerald-700" : "text-rose-700"}>
              {state.ok ? state.message : state.error}
            </span>
          )}
        </form>
      </td>
    </tr>
  );
}
