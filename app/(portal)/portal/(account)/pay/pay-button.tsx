"use client";
import { useActionState } from "react";
import type { PayActionState } from "./actions";

/**
 * One button that starts a Checkout (or removes the card): a plain form, so it works before the
 * page's JavaScript has loaded; the refusal, if any, is read out (role=alert).
 */
export function PayButton(props: {
  action: (previous: PayActionState, form: FormData) => Promise<PayActionState>;
  label: string;
  pendingLabel: string;
  invoiceId?: number;
  variant?: "primary" | "secondary";
  testId?: string;
}) {
  const [state, formAction, pending] = useActionState(props.action, { error: null, message: null });
  const style =
    props.variant === "secondary"
      ? "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50"
      : "bg-sky-700 text-white hover:bg-sky-800";
  return (
    <form action={formAction} className="space-y-1">
      {props.invoiceId !== undefined && <input type="hidden" name="invoiceId" value={props.invoiceId} />}
      <button
        type="submit"
        disabled={pending}
        data-testid={props.testId}
        className={`min-h-11 w-full rounded px-4 py-2 text-sm font-medium disabled:opacity-60 sm:w-auto ${style}`}
      >
        {pending ? props.pendingLabel : props.label}
      </button>
      {state.error && (
        <p role="alert" className="text-sm text-red-700">
          {state.error}
        </p>
      )}
      {state.message && (
        <p role="status" className="text-sm text-emerald-700">
          {state.message}
        </p>
      )}
    </form>
  );
}
