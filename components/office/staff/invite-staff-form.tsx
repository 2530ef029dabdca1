"use client";

import { useActionState } from "react";
import type { FormAction } from "@/lib/schemas/actions";
import type { StaffFormState } from "./types";

const FIELD = "rounded border border-slate-300 px-2 py-1 text-sm";

/** Email, name, role and the email's language; the server checks everything again. */
export function InviteStaffForm({
  invite,
  roles,
  labels,
}: {
  invite: FormAction<StaffFormState>;
  roles: Array<{ value: string; label: string }>;
  labels: Record<"title" | "email" | "name" | "role" | "language" | "submit" | "sending" | "fr" | "en", string>;
}) {
  const [state, action, pending] = useActionState(invite, null);
  return (
    <form action={action} className="space-y-2 rounded border border-slate-200 bg-white p-3" data-testid="invite-form">
      <h2 className="text-lg font-semibold">{labels.title}</h2>
      <div className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col text-sm">
          {labels.email}
          <input name="email" type="email" required autoComplete="off" className={FIELD} />
        </label>
        <label className="flex flex-col text-sm">
          {labels.name}
          <input name="name" type="text" maxLength={200} className={FIELD} />
        </label>
        <label className="flex flex-col text-sm">
          {labels.role}
          <select name="role" defaultValue="support" className={FIELD}>
            {roles.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col text-sm">
          {labels.language}
          <select name="language" defaultValue="fr" className={FIELD}>
            <option value="fr">{labels.fr}</option>
            <option value="en">{labels.en}</option>
          </select>
        </label>
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-60"
        >
          {pending ? labels.sending : labels.submit}
        </button>
      </div>
      <p
        role="status"
        aria-live="polite"
        className={`text-sm ${state?.ok === false ? "text-rose-700" : "text-emerald-700"}`}
      >
        {state ? (state.ok ? state.message : state.error) : null}
      </p>
    </form>
  );
}
