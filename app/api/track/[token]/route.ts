import { getRuntime } from "@/server/runtime";
import { readTrackingLink } from "@/server/services/tracking/read-link";

export const dynamic = "force-dynamic";

/**
 * The public tracking link's live state, polled by /track/<token>. No sign-in: the token is
 * the credential. Nothing is cached anywhere (a shared cache would serve one customer's
 * technician to another URL's holder after expiry), and the token stays out of Referer headers.
 */
const HEADERS = { "cache-control": "no-store", "referrer-policy": "no-referrer", "x-robots-tag": "noindex" };

export async function GET(_req: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  const runtime = await getRuntime();
  const found = await readTrackingLink(runtime.database.db, token, new Date());
  if (found.kind === "not-found") return Response.json({ error: "no such tracking link" }, { status: 404, headers: HEADERS });
  if (found.kind === "expired") return Response.json({ error: "this tracking link has expired" }, { status: 410, headers: HEADERS });
  return Response.json(found.view, { headers: HEADERS });
}
