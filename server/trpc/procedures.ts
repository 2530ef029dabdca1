import { TRPCError } from "@trpc/server";
import { publicProcedure } from "./init";
import type { StaffRole } from "../services/actor";
import type { Actor } from "../services/actor";
import { rolesWith, type Capability } from "../../lib/domain/capabilities";

/** Any signed-in staff member whose role is in `roles`; the first layer of access checks. */
export function staffProcedureFor(roles: readonly StaffRole[]) {
  return publicProcedure.use(({ ctx, next }) => {
    // A signed-in customer is known but in the wrong realm: 403, not 401.
    if (!ctx.staff && ctx.customer)
      throw new TRPCError({ code: "FORBIDDEN", message: "This is a staff function; customers use the portal" });
    if (!ctx.staff) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in as staff first" });
    if (!roles.includes(ctx.staff.role)) {
      throw new TRPCError({
        code: "FORBIDDEN",
        message: `Your role (${ctx.staff.role}) cannot do this; it needs one of: ${roles.join(", ")}`,
      });
    }
    const actor: Actor = { realm: "staff", userId: ctx.staff.userId, role: ctx.staff.role, name: ctx.staff.name };
    return next({ ctx: { ...ctx, staff: ctx.staff, actor } });
  });
}

/** Any signed-in staff member whose role holds `capability` in the capability map (lib/domain/capabilities). */
export function capabilityProcedure(capability: Capability) {
  return staffProcedureFor(rolesWith(capability));
}

/** A signed-in customer; services scope every query to `ctx.customer.customerId`. */
export const customerProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.customer && ctx.staff)
    throw new TRPCError({
      code: "FORBIDDEN",
      message: "This is a customer portal function; staff use the office pages",
    });
  if (!ctx.customer) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to the customer portal first" });
  const actor: Actor = {
    realm: "customer",
    userId: ctx.customer.userId,
    customerId: ctx.customer.customerId,
    name: ctx.customer.name,
  };
  return next({ ctx: { ...ctx, customer: ctx.customer, actor } });
});
