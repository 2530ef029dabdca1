import { getRuntime } from "@/server/runtime";
import { createContext } from "@/server/trpc/context";
import { NotFoundError, RecordAccessError } from "@/server/services/errors";
import { signatureForReader } from "@/server/services/tech/signature";

const headers = { "cache-control": "private, no-store" };

/** The customer's signature on a job (PNG), to the job's technicians and the board's staff. */
export async function GET(req: Request, { params }: { params: Promise<{ jobId: string }> }): Promise<Response> {
  const runtime = await getRuntime();
  const ctx = await createContext(runtime, req.headers);
  if (!ctx.staff) return Response.json({ error: ctx.customer ? "Staff only" : "Sign in as staff first" }, { status: ctx.customer ? 403 : 401, headers });
  const { jobId } = await params;
  if (!/^\d{1,10}$/.test(jobId)) return Response.json({ error: "No such job" }, { status: 404, headers });
  try {
    const signature = await signatureForReader(ctx, ctx.staff, Number(jobId));
    return new Response(new Uint8Array(signature.bytes), {
      status: 200,
      headers: {
        // Not cached: a new signature replaces the job's at the same address.
        ...headers,
        "content-type": "image/png", "content-length": String(signature.bytes.length),
        "content-disposition": `inline; filename="signature-job-${jobId}.png"`,
        "x-content-type-options": "nosniff",
      },
    });
  } catch (error) {
    if (error instanceof NotFoundError) return Response.json({ error: error.message }, { status: 404, headers });
    if (error instanceof RecordAccessError) return Response.json({ error: error.message }, { status: 403, headers });
    throw error;
  }
}
