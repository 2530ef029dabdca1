"use client";

import { useActionState } from "react";
import type { FormAction } from "@/lib/schemas/actions";

export type SettingsFormState = { ok: true; message: string } | { ok: false; error: string } | null;

const FIELD = "rounded border border-slate-300 px-2 py-1 text-sm";

export interface SettingsField {
  name: string;
  label: string;
  value: string;
  hint?: string;
  /** `numeric` opens the number pad on a phone; the server parses every value as text. */
  inputMode?: "text" | "numeric";
  wide?: boolean;
}

/**
 * One section of the settings (provider, dunning, reminder hours): its fields as typed text, sent
 * whole to the server, which checks them with the configuration's rules and answers in a sentence.
 */
export function SettingsSectionForm({
  section,
  title,
  source,
  fields,
  save,
  labels,
}: {
  section: "provider" | "dunning" | "reminders";
  title: string;
  /** Where the values come from: the configuration, or who saved them and when. */
  source: string;
  fields: SettingsField[];
  save: FormAction<SettingsFormState>;
  labels: { submit: string; saving: string };
}) {
  const [state, action, pending] = useActionState(save, null);
  const headingId = `settings-${section}-title`;
  return (
    <form
      action={action}
      aria-labelledby={headingId}
      className="space-y-3 rounded border border-slate-200 bg-white p-4"
      data-testid={`settings-${section}`}
    >
      <input type="hidden" name="section" value={section} />
      <div>
        <h2 id={headingId} className="text-lg font-semibold">
          {title}
        </h2>
        <p className="text-xs text-slate-500" data-testid={`settings-${section}-source`}>
          {source}
        </p>
      </div>
      <div className="grid gap-3 sm:grid-cols-2">
        {fields.map((field) => (
          <label key={field.name} className={`flex flex-col gap-1 text-sm ${field.wide ? "sm:col-span-2" : ""}`}>
            <span className="font-medium">{field.label}</span>
            <input
              name={field.name}
              type="text"
              defaultValue={field.value}
              inputMode={field.inputMode ?? "text"}
              autoComplete="off"
              maxLength={1000}
              className={FIELD}
              aria-describedby={field.hint ? `${section}-${field.name}-hint` : undefined}
            />
            {field.hint ? (
              <span id={`${section}-${field.name}-hint`} className="text-xs text-slate-500">
                {field.hint}
              </span>
            ) : null}
          </label>
        ))}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-sky-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-sky-800 focus-visible:outline focus-visible:outline-2 focus-visible:outline-sky-700 disabled:opacity-60"
        >
          {pending ? labels.saving : labels.submit}
        </button>
        <p
          role="status"
          aria-live="polite"
          className={`text-sm ${state?.ok === false ? "text-rose-700" : "text-emerald-700"}`}
          data-testid={`settings-${section}-status`}
        >
          {state ? (state.ok ? state.message : state.error) : null}
        </p>
      </div>
    </form>
  );
}
