import { z } from "zod";
import { idParam, withSignedIn } from "@/server/web/route-handler";
import { invoicePdfFor, pdfScopeFor } from "@/server/services/invoices/invoice-pdf-access";

/**
 * An invoice's PDF for office staff ("billing.read"), or for the customer who owns it (inline,
 * to open in the browser). Either realm may call; pdfScopeFor decides what each sees.
 */
export const GET = withSignedIn(
  {
    params: z.object({ id: idParam }),
    headers: { "cache-control": "private, no-store" },
  },
  async ({ deps, staff, customer, params: { id } }) => {
    const scope = pdfScopeFor({ staff, customer });
    // withSignedIn has a session of one realm or the other, so pdfScopeFor gives a scope or refuses.
    if (!scope) throw new Error("pdfScopeFor gave no scope to a signed-in caller");
    const { number, pdf } = await invoicePdfFor(deps.db, deps.config, scope, id);
    return new Response(new Uint8Array(pdf), {
      status: 200,
      headers: {
        "content-type": "application/pdf",
        "content-length": String(pdf.length),
        // Invoice numbers are letters, digits and dashes; anything else is dropped from the header.
        "content-disposition": `inline; filename="${number.replace(/[^\w.-]/g, "_")}.pdf"`,
      },
    });
  },
);
