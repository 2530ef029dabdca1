/**
 * An audit entry's `changes` ({ field: { from, to } }) as lines a person reads: "field: from → to".
 * Used by the office page and the CSV export, so both say the same thing.
 */

export interface DiffLine {
  field: string;
  from: string;
  to: string;
}

/** Shown for a value that was (or became) empty. */
export const EMPTY_VALUE = "∅";

/** One stored value as text: JSON keeps dates as ISO strings, objects and lists are shown as compact JSON. */
export function formatAuditValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return EMPTY_VALUE;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** The entry's fields in a stable order (by name); anything not shaped { from, to } is shown whole as the "to". */
export function auditDiffLines(changes: unknown): DiffLine[] {
  if (typeof changes !== "object" || changes === null || Array.isArray(changes)) return [];
  return Object.keys(changes)
    .sort()
    .map((field) => {
      const change = (changes as Record<string, unknown>)[field];
      if (typeof change === "object" && change !== null && ("from" in change || "to" in change)) {
        const { from, to } = change as { from?: unknown; to?: unknown };
        return { field, from: formatAuditValue(from), to: formatAuditValue(to) };
      }
      return { field, from: EMPTY_VALUE, to: formatAuditValue(change) };
    });
}

/** The whole diff on one line, for the CSV: "status: open → paid; balanceCents: 1000 → 0". */
export function auditDiffText(changes: unknown): string {
  return auditDiffLines(changes)
    .map((line) => `${line.field}: ${line.from} → ${line.to}`)
    .join("; ");
}
