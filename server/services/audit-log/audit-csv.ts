/**
 * The audit log's CSV export (app/api/audit/export): the office page's filters from the query
 * string, and a ReadableStream that pulls one keyset batch at a time (auditEntriesInBatches),
 * so a year of entries is written as it downloads and never held in memory.
 */
import type { Queryable } from "../../db/client";
import { auditDiffText } from "../../../lib/domain/audit/diff";
import { csvRow, UTF8_BOM } from "../../../lib/domain/csv";
import { auditFilters, type AuditEntryView, type AuditFilters } from "../../../lib/schemas/audit";
import { localDate } from "../../../lib/domain/quebec-dates";
import { auditEntriesInBatches } from "./list-audit";

/** Rows per query: big enough that a large export is few round trips, small enough to stay a few MB. */
export const AUDIT_EXPORT_BATCH = 1000;

export const AUDIT_CSV_HEADER = [
  "at",
  "actor_realm",
  "actor_id",
  "actor_name",
  "action",
  "entity_type",
  "entity_id",
  "changes",
  "changes_json",
] as const;

type Parsed =
  { ok: true; filters: AuditFilters; filename: string } | { ok: false; key: string; params?: Record<string, string> };

/** The page's names (person, type, id, kind, from, to); an unknown name is ignored, as the page ignores it. */
export function parseAuditExportQuery(query: URLSearchParams): Parsed {
  const text = (name: string) => {
    const value = query.get(name)?.trim();
    return value ? value : undefined;
  };
  const result = auditFilters.safeParse({
    person: text("person"),
    entityType: text("type"),
    entityId: text("id"),
    kind: text("kind"),
    from: text("from"),
    to: text("to"),
  });
  if (!result.success) {
    const issue = result.error.issues[0];
    const key = issue?.message.startsWith("errors.") ? issue.message : "errors.invalidInput";
    return { ok: false, key, params: { reason: issue?.message ?? "" } };
  }
  const f = result.data;
  // The range in the name, so two exports saved side by side say what they hold.
  const range = `${f.from ?? "start"}_${f.to ?? localDate(new Date())}`;
  return { ok: true, filters: f, filename: `audit-log_${range}.csv` };
}

function csvOf(entry: AuditEntryView): string {
  return csvRow([
    entry.at,
    entry.actorRealm,
    entry.actorId,
    entry.actorName,
    entry.action,
    entry.entityType,
    entry.entityId,
    auditDiffText(entry.changes),
    JSON.stringify(entry.changes),
  ]);
}

/**
 * Pull-based: the next batch is read only when the client has taken the previous one, so a
 * slow download holds one batch; a client that goes away cancels the walk.
 */
export function auditEntriesToCsv(
  db: Queryable,
  filters: AuditFilters,
  batchSize = AUDIT_EXPORT_BATCH,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const batches = auditEntriesInBatches(db, filters, batchSize);
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        controller.enqueue(encoder.encode(UTF8_BOM + csvRow(AUDIT_CSV_HEADER)));
      },
      async pull(controller) {
        const next = await batches.next();
        if (next.done) {
          controller.close();
          return;
        }
        controller.enqueue(encoder.encode(next.value.map(csvOf).join("")));
      },
      async cancel() {
        await batches.return(undefined);
      },
    },
    // One batch queued ahead at most.
    { highWaterMark: 1 },
  );
}
