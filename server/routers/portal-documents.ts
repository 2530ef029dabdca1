import { router } from "../trpc/init";
import { customerProcedure } from "../trpc/procedures";
import { listPortalDocuments } from "../services/portal/portal-documents";

/** The signed-in customer's receipts and yearly statements (their PDFs are route handlers under /api/portal). */
export const portalDocumentsRouter = router({
  list: customerProcedure.query(({ ctx }) => listPortalDocuments(ctx.db, ctx.actor)),
});
