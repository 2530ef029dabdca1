import { z } from "zod";
import { idParam, withCustomer } from "@/server/web/route-handler";
import { portalVisitTracking } from "@/server/services/portal/portal-visits";

export const dynamic = "force-dynamic";

/**
 * The live view of one of the signed-in customer's own visits, polled by /portal/visits/<id>;
 * it answers as /api/track/<token> does (the view, or 410 once the visit is over), and another
 * customer's visit is 404.
 */
export const GET = withCustomer(
  { params: z.object({ id: idParam }), headers: { "cache-control": "no-store" } },
  async ({ deps, customer, params: { id }, refuse }) => {
    const actor = {
      realm: "customer",
      userId: customer.userId,
      customerId: customer.customerId,
      name: customer.name,
    } as const;
    const tracking = await portalVisitTracking(deps.db, actor, id, new Date());
    if (tracking.state === "expired") return refuse(410, "gone", "errors.http.trackingExpired");
    return Response.json(tracking.view);
  },
);
