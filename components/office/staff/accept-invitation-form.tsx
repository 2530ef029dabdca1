"use client";

import Link from "next/link";
import { useActionState } from "react";
import type { FormAction } from "@/lib/schemas/actions";
import type { StaffFormState } from "./types";

const FIELD = "rounded border border-slate-300 px-2 py-1 text-sm";

/** The new password, typed twice; after success, a link to the staff sign-in page. */
export function AcceptInvitationForm({
  accept,
  token,
  minLength,
  labels,
}: {
  accept: FormAction<StaffFormState>;
  token: string;
  minLength: number;
  labels: Record<"password" | "confirm" | "submit" | "saving" | "signIn", string>;
}) {
  const [state, action, pending] = useActionState(accept, null);
  if (state?.ok)
    return (
      <div className="space-y-2">
        <p role="status" className="text-sm text-emerald-700">
          {state.message}
        </p>
        <Link href="/sign-in" className="text-sm font-medium text-sky-800 underline">
          {labels.signIn}
        </Link>
      </div>
    );
  return (
    <form action={action} className="flex flex-col gap-2" data-testid="invitation-form">
      <input type="hidden" name="token" value={token} />
      <label className="flex flex-col text-sm">
        {labels.password}
        <input
          name="password"
          type="password"
          required
          minLength={minLength}
          autoComplete="new-password"
          className={FIELD}
        />
      </label>
      <label className="flex flex-col text-sm">
        {labels.confirm}
        <input
          name="confirm"
          type="password"
          required
          minLength={minLength}
          autoComplete="new-password"
          className={FIELD}
        />
      </label>
      <button
        type="submit"
        disabled={pending}
        className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-60"
      >
        {pending ? labels.saving : labels.submit}
      </button>
      <p role="alert" aria-live="polite" className="text-sm text-rose-700">
        {state && !state.ok ? state.error : null}
      </p>
    </form>
  );
}
