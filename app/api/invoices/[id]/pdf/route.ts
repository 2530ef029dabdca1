import { getRuntime } from "@/server/runtime";
import { createContext } from "@/server/trpc/context";
import { NotFoundError, RecordAccessError } from "@/server/services/errors";
import { invoicePdfFor, pdfScopeFor } from "@/server/services/invoices/invoice-pdf-access";

/** An invoice's PDF for office staff, or for the customer who owns it (inline, to open in the browser). */
export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const runtime = await getRuntime();
  const ctx = await createContext(runtime, req.headers);
  const headers = { "cache-control": "private, no-store" };
  try {
    const scope = pdfScopeFor(ctx);
    if (!scope) return Response.json({ error: "Sign in to open this invoice" }, { status: 401, headers });
    const { id } = await params;
    const invoiceId = /^\d{1,10}$/.test(id) ? Number(id) : NaN;
    const { number, pdf } = await invoicePdfFor(runtime.database.db, runtime.config, scope, invoiceId);
    return new Response(new Uint8Array(pdf), {
      status: 200,
      headers: {
        ...headers, "content-type": "application/pdf", "content-length": String(pdf.length),
        // Invoice numbers are letters, digits and dashes; anything else is dropped from the header.
        "content-disposition": `inline; filename="${number.replace(/[^\w.-]/g, "_")}.pdf"`,
      },
    });
  } catch (error) {
    if (error instanceof NotFoundError) return Response.json({ error: "No such invoice" }, { status: 404, headers });
    if (error instanceof RecordAccessError) return Response.json({ error: error.message }, { status: 403, headers });
    throw error;
  }
}
