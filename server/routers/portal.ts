import { router } from "../trpc/init";
import { customerProcedure } from "../trpc/procedures";
import { getPortalAccount } from "../services/portal/portal-account";
import { getPortalInvoice, listPortalInvoices } from "../services/portal/portal-invoices";
import { invoiceIdInput, portalInvoiceListInput } from "../../lib/schemas/invoices";
import { localDate } from "../../lib/domain/quebec-dates";

export const portalRouter = router({
  /** The signed-in customer's own account; the id comes from the session, never from input. */
  account: customerProcedure.query(({ ctx }) => getPortalAccount(ctx.db, ctx.actor)),
  invoices: customerProcedure
    .input(portalInvoiceListInput)
    .query(({ ctx, input }) => listPortalInvoices(ctx.db, ctx.actor, input, localDate(new Date()))),
  invoice: customerProcedure
    .input(invoiceIdInput)
    .query(({ ctx, input }) => getPortalInvoice(ctx.db, ctx.actor, input.id, localDate(new Date()))),
});
