"use client";

import { useActionState } from "react";
import type { FormAction } from "@/lib/schemas/actions";
import type { StaffFormState } from "./types";

const BUTTON = "rounded border px-2 py-1 text-xs font-medium disabled:opacity-60";

/** One staff member's actions, each a small form posting `op` to the same server action. */
export function StaffRowActions({
  act,
  member,
  roles,
  labels,
}: {
  act: FormAction<StaffFormState>;
  member: { id: string; name: string; role: string; status: "active" | "invited" | "deactivated" };
  roles: Array<{ value: string; label: string }>;
  labels: Record<"roleOf" | "changeRole" | "deactivate" | "reactivate" | "resend" | "confirmDeactivate", string>;
}) {
  const [state, action, pending] = useActionState(act, null);
  return (
    <div className="flex flex-col gap-1">
      <form action={action} className="flex items-center gap-1">
        <input type="hidden" name="userId" value={member.id} />
        <input type="hidden" name="op" value="role" />
        <select
          name="role"
          defaultValue={member.role}
          aria-label={labels.roleOf}
          className="rounded border border-slate-300 px-1 py-0.5 text-xs"
        >
          {roles.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
        <button type="submit" disabled={pending} className={`${BUTTON} border-slate-400 text-slate-800`}>
          {labels.changeRole}
        </button>
      </form>
      <div className="flex flex-wrap gap-1">
        {member.status === "active" || member.status === "invited" ? (
          <form
            action={action}
            onSubmit={(event) => {
              if (!window.confirm(labels.confirmDeactivate)) event.preventDefault();
            }}
          >
            <input type="hidden" name="userId" value={member.id} />
            <input type="hidden" name="op" value="deactivate" />
            <button type="submit" disabled={pending} className={`${BUTTON} border-rose-600 text-rose-700`}>
              {labels.deactivate}
            </button>
          </form>
        ) : null}
        {member.status === "deactivated" ? (
          <form action={action}>
            <input type="hidden" name="userId" value={member.id} />
            <input type="hidden" name="op" value="reactivate" />
            <button type="submit" disabled={pending} className={`${BUTTON} border-emerald-700 text-emerald-800`}>
              {labels.reactivate}
            </button>
          </form>
        ) : null}
        {member.status !== "active" ? (
          <form action={action}>
            <input type="hidden" name="userId" value={member.id} />
            <input type="hidden" name="op" value="resend" />
            <button type="submit" disabled={pending} className={`${BUTTON} border-sky-700 text-sky-800`}>
              {labels.resend}
            </button>
          </form>
        ) : null}
      </div>
      <p
        role="status"
        aria-live="polite"
        className={`text-xs ${state?.ok === false ? "text-rose-700" : "text-emerald-700"}`}
      >
        {state ? (state.ok ? state.message : state.error) : null}
      </p>
    </div>
  );
}
