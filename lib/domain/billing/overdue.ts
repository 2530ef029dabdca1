/**
 * An invoice is overdue from the day after its due date while it is open with a balance.
 * The office's "overdue" filter (server/services/invoices/list-invoices.ts) is this rule in SQL.
 */
export function isOverdue(invoice: { status: string; dueDate: string; balanceCents: number }, today: string): boolean {
  return invoice.status === "open" && invoice.balanceCents > 0 && invoice.dueDate < today;
}
