import { withStaff } from "@/server/web/route-handler";
import { auditEntriesToCsv, parseAuditExportQuery } from "@/server/services/audit-log/audit-csv";
import { checkAuditFilters } from "@/server/services/audit-log/list-audit";

/**
 * The audit log as CSV, for the filters of the office page (same query string). Streamed: rows
 * are read in keyset batches as the client downloads, so any range fits in one batch of memory.
 * Bad filters are refused (400, a sentence) before the first byte of the file.
 */
export const GET = withStaff("audit.read", { headers: { "cache-control": "private, no-store" } }, async (args) => {
  const { req, deps, refuse } = args;
  const parsed = parseAuditExportQuery(new URL(req.url).searchParams);
  if (!parsed.ok) return refuse(400, "invalid", parsed.key, parsed.params);
  await checkAuditFilters(deps.db, parsed.filters);
  return new Response(auditEntriesToCsv(deps.db, parsed.filters), {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${parsed.filename}"`,
      "x-content-type-options": "nosniff",
    },
  });
});
