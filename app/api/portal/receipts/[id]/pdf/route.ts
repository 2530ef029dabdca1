import { z } from "zod";
import { idParam, withCustomer } from "@/server/web/route-handler";
import { portalPaymentReceipt } from "@/server/services/portal/portal-documents";
import { renderReceiptPdf } from "@/server/services/portal/portal-document-pdf";

/** The signed-in customer's receipt for one of their payments; another customer's payment is 404. */
export const GET = withCustomer(
  { params: z.object({ id: idParam }), headers: { "cache-control": "private, no-store" } },
  async ({ deps, customer, params: { id } }) => {
    const actor = {
      realm: "customer",
      userId: customer.userId,
      customerId: customer.customerId,
      name: customer.name,
    } as const;
    const receipt = await portalPaymentReceipt(deps.db, actor, id);
    const pdf = await renderReceiptPdf(receipt, deps.config.billing);
    return new Response(new Uint8Array(pdf), {
      status: 200,
      headers: {
        "content-type": "application/pdf",
        "content-length": String(pdf.length),
        "content-disposition": `inline; filename="receipt-${id}.pdf"`,
      },
    });
  },
);
