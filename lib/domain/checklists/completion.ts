/**
 * Whether a job's checklist lets it be marked done: every item the template marked required
 * (the flag is copied to the job's items) must be ticked. Optional items never hold a job back.
 * The phone asks the same rule before it queues "done", and the server asks it again when the
 * action arrives, so a phone that was offline with a stale checklist is refused, not believed.
 */

export interface ChecklistItemState {
  id: number;
  label: string;
  required: boolean;
  done: boolean;
}

export type CompletionCheck =
  | { ok: true }
  | {
      ok: false;
      code: "checklist_incomplete";
      /** The required items still unticked, in checklist order. */
      missing: Array<{ id: number; label: string }>;
      message: string;
      key: "errors.tech.requiredChecklistItems";
      params: { count: number; items: string };
    };

/** How many labels the refusal names before it says "…": a phone screen, not a report. */
const NAMED = 3;

export function checkCompletion(items: readonly ChecklistItemState[]): CompletionCheck {
  const missing = items.filter((item) => item.required && !item.done).map(({ id, label }) => ({ id, label }));
  if (missing.length === 0) return { ok: true };
  const named = missing.slice(0, NAMED).map((item) => item.label);
  const list = missing.length > NAMED ? `${named.join(", ")}, …` : named.join(", ");
  return {
    ok: false,
    code: "checklist_incomplete",
    missing,
    message: `${missing.length} required checklist item(s) not ticked: ${list}`,
    key: "errors.tech.requiredChecklistItems",
    params: { count: missing.length, items: list },
  };
}
