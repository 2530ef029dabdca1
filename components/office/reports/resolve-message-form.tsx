"use client";
import { useActionState } from "react";
import { useTranslations } from "next-intl";
import type { FormAction, ResolveMessageState } from "@/lib/schemas/actions";

/** A person's decision about one message whose sending is unknown: the customer has it, or send it again. */
export function ResolveMessageForm({ id, resolve }: { id: number; resolve: FormAction<ResolveMessageState> }) {
  const t = useTranslations("dunning.undecided");
  const [state, action, pending] = useActionState(resolve, null);
  const button =
    "rounded border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium hover:bg-slate-50 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-700 disabled:opacity-60";
  return (
    <form action={action} className="flex flex-wrap items-center gap-1" data-testid={`resolve-message-${id}`}>
      <input type="hidden" name="id" value={id} />
      <button type="submit" name="decision" value="sent" disabled={pending} className={button}>
        {t("markSent")}
      </button>
      <button type="submit" name="decision" value="retry" disabled={pending} className={button}>
        {t("allowResend")}
      </button>
      <span aria-live="polite" className="text-xs">
        {state && !state.ok && (
          <span role="alert" className="text-rose-700">
            {state.error}
          </span>
        )}
        {state?.ok && <span className="text-emerald-800">{state.message}</span>}
      </span>
    </form>
  );
}
