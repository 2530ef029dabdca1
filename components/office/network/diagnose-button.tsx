"use client";

import { useActionState } from "react";
import type { DiagnoseState, FormAction } from "@/lib/schemas/actions";

/** Runs one diagnostic of this device; the page reloads with the stored result at the top of the history. */
export function DiagnoseButton({
  diagnose,
  equipmentId,
  labels,
}: {
  diagnose: FormAction<DiagnoseState>;
  equipmentId: number;
  labels: { diagnose: string; diagnosing: string };
}) {
  const [state, action, pending] = useActionState(diagnose, null);
  return (
    <form action={action} className="flex flex-col items-start gap-1">
      <input type="hidden" name="equipmentId" value={equipmentId} />
      <button
        type="submit"
        disabled={pending}
        data-testid="diagnose"
        className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-700 disabled:opacity-60"
      >
        {pending ? labels.diagnosing : labels.diagnose}
      </button>
      <p
        role="status"
        aria-live="polite"
        data-testid="diagnose-result"
        className={`max-w-prose text-sm ${state?.ok === false ? "text-rose-700" : "text-emerald-700"}`}
      >
        {state ? (state.ok ? state.message : state.error) : null}
      </p>
    </form>
  );
}
