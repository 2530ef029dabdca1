import { z } from "zod";
import { publicProcedure, router } from "../trpc/init";
import { capabilityProcedure } from "../trpc/procedures";
import {
  acceptInvitation,
  changeStaffRole,
  deactivateStaff,
  invitationFor,
  inviteStaff,
  listStaff,
  reactivateStaff,
  resendInvitation,
} from "../services/staff/staff-admin";

const staffAdminProcedure = capabilityProcedure("staff.manage");

// The role is a plain string here: the service names an unknown role in its refusal
// (errors.staff.unknownRole) rather than zod's generic "invalid input".
const userId = z.string().min(1).max(100);
const role = z.string().min(1).max(50);
const token = z.string().min(20).max(200);

/** Staff and roles (/office/settings/users), and the public invitation link (/invitation/<token>). */
export const staffRouter = router({
  list: staffAdminProcedure.query(async ({ ctx }) => ({
    members: await listStaff(ctx.db),
    // With single sign-on, the page shows which groups give which role (OIDC_ROLE_MAP).
    oidc: ctx.config.oidc ? { issuer: ctx.config.oidc.issuer, roleMap: ctx.config.oidc.roleMap } : null,
  })),
  invite: staffAdminProcedure
    .input(
      z.object({
        email: z.string().min(3).max(320),
        name: z.string().max(200).default(""),
        role,
        language: z.enum(["fr", "en"]),
      }),
    )
    .mutation(({ ctx, input }) => inviteStaff(ctx, ctx.actor, input)),
  resendInvitation: staffAdminProcedure
    .input(z.object({ userId }))
    .mutation(({ ctx, input }) => resendInvitation(ctx, ctx.actor, input)),
  changeRole: staffAdminProcedure
    .input(z.object({ userId, role }))
    .mutation(({ ctx, input }) => changeStaffRole(ctx, ctx.actor, input)),
  deactivate: staffAdminProcedure
    .input(z.object({ userId }))
    .mutation(({ ctx, input }) => deactivateStaff(ctx, ctx.actor, input)),
  reactivate: staffAdminProcedure
    .input(z.object({ userId }))
    .mutation(({ ctx, input }) => reactivateStaff(ctx.db, ctx.actor, input)),
  /** Public: the link is the credential (256 random bits, kept hashed, 72 hours, once). */
  invitation: publicProcedure.input(z.object({ token })).query(({ ctx, input }) => invitationFor(ctx.db, input.token)),
  acceptInvitation: publicProcedure
    .input(z.object({ token, password: z.string().max(200) }))
    .mutation(({ ctx, input }) => acceptInvitation(ctx.db, input)),
});
