import { z } from "zod";
import { withCustomer } from "@/server/web/route-handler";
import { portalYearlyStatement } from "@/server/services/portal/portal-documents";
import { renderStatementPdf } from "@/server/services/portal/portal-document-pdf";

/** The signed-in customer's statement of a calendar year; whose it is comes from the session only. */
export const GET = withCustomer(
  {
    params: z.object({
      year: z
        .string()
        .regex(/^(19|[2-9]\d)\d{2}$/, { error: "errors.portalDocuments.year" })
        .transform(Number),
    }),
    headers: { "cache-control": "private, no-store" },
  },
  async ({ deps, customer, params: { year } }) => {
    const actor = {
      realm: "customer",
      userId: customer.userId,
      customerId: customer.customerId,
      name: customer.name,
    } as const;
    const { customer: owner, statement } = await portalYearlyStatement(deps.db, actor, year);
    const pdf = await renderStatementPdf(owner, statement, deps.config.billing, new Date());
    return new Response(new Uint8Array(pdf), {
      status: 200,
      headers: {
        "content-type": "application/pdf",
        "content-length": String(pdf.length),
        "content-disposition": `inline; filename="statement-${year}.pdf"`,
      },
    });
  },
);
