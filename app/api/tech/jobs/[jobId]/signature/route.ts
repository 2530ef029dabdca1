import { z } from "zod";
import { idParam, withStaff } from "@/server/web/route-handler";
import { signatureForReader } from "@/server/services/tech/signature";

/**
 * The customer's signature on a job (PNG), to the job's technicians ("tech.work", scoped by the
 * service) and the board's staff ("jobs.files.read").
 */
export const GET = withStaff(
  ["jobs.files.read", "tech.work"],
  {
    params: z.object({ jobId: idParam }),
    // Not cached: a new signature replaces the job's at the same address.
    headers: { "cache-control": "private, no-store" },
  },
  async ({ deps, staff, params: { jobId } }) => {
    const signature = await signatureForReader(deps, staff, jobId);
    return new Response(new Uint8Array(signature.bytes), {
      status: 200,
      headers: {
        "content-type": "image/png",
        "content-length": String(signature.bytes.length),
        "content-disposition": `inline; filename="signature-job-${jobId}.png"`,
        "x-content-type-options": "nosniff",
      },
    });
  },
);
