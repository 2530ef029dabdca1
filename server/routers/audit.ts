import { router } from "../trpc/init";
import { capabilityProcedure } from "../trpc/procedures";
import { auditListInput } from "../../lib/schemas/audit";
import { auditPeople, listAuditEntries } from "../services/audit-log/list-audit";

/** The audit log, read-only; the CSV export is served by app/api/audit/export. */
export const auditRouter = router({
  list: capabilityProcedure("audit.read")
    .input(auditListInput)
    .query(({ ctx, input }) => listAuditEntries(ctx.db, input)),
  people: capabilityProcedure("audit.read").query(({ ctx }) => auditPeople(ctx.db)),
});
