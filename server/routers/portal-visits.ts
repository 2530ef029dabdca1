import { router } from "../trpc/init";
import { customerProcedure } from "../trpc/procedures";
import { rescheduleInput, visitIdInput } from "../../lib/schemas/portal-services";
import {
  confirmPortalVisit,
  getPortalVisit,
  listPortalVisits,
  portalVisitTracking,
  requestVisitReschedule,
} from "../services/portal/portal-visits";

/** The signed-in customer's technician visits; whose they are comes from the session, never from input. */
export const portalVisitsRouter = router({
  list: customerProcedure.query(({ ctx }) => listPortalVisits(ctx.db, ctx.actor, new Date())),
  get: customerProcedure
    .input(visitIdInput)
    .query(({ ctx, input }) => getPortalVisit(ctx.db, ctx.actor, input.jobId, new Date())),
  tracking: customerProcedure
    .input(visitIdInput)
    .query(({ ctx, input }) => portalVisitTracking(ctx.db, ctx.actor, input.jobId, new Date())),
  confirm: customerProcedure
    .input(visitIdInput)
    .mutation(({ ctx, input }) => confirmPortalVisit(ctx, ctx.actor, input.jobId, new Date())),
  requestReschedule: customerProcedure
    .input(rescheduleInput)
    .mutation(({ ctx, input }) => requestVisitReschedule(ctx, ctx.actor, input, new Date())),
});
