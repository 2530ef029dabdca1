import { z } from "zod";
import { withPublic } from "@/server/web/route-handler";
import { NotFoundError } from "@/server/services/errors";
import { readTrackingLink } from "@/server/services/tracking/read-link";

export const dynamic = "force-dynamic";

/**
 * The public tracking link's live state, polled by /track/<token>. No sign-in: the token is
 * the credential. Nothing is cached anywhere (a shared cache would serve one customer's
 * technician to another URL's holder after expiry), and the token stays out of Referer headers.
 */
export const GET = withPublic(
  {
    // Any string: a malformed token is as unknown as a forged one (404), never a 400 that tells them apart.
    params: z.object({ token: z.string() }),
    headers: { "cache-control": "no-store", "referrer-policy": "no-referrer", "x-robots-tag": "noindex" },
  },
  async ({ deps, params: { token }, refuse }) => {
    const found = await readTrackingLink(deps.db, token, new Date());
    // The token is the credential: it stays out of the error's message and parameters.
    if (found.kind === "not-found") throw new NotFoundError("Tracking link", "(token)");
    if (found.kind === "expired") return refuse(410, "gone", "errors.http.trackingExpired");
    return Response.json(found.view);
  },
);
