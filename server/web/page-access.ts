import { headers } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { getRuntime } from "../runtime";
import { createContext, type Context, type CustomerSession, type StaffSession } from "../trpc/context";
import { createCaller } from "../trpc/root";
import type { StaffRole } from "../services/actor";

export { HOME_OF_ROLE } from "../../lib/domain/roles";

export async function pageContext(): Promise<Context> {
  return createContext(await getRuntime(), await headers());
}

/**
 * Page-level gate (the tRPC procedures check again): no staff session → sign-in,
 * a session of the wrong role (or a customer's) → 403.
 */
export async function requireStaffPage(roles: readonly StaffRole[], returnTo: string): Promise<Context & { staff: StaffSession }> {
  const ctx = await pageContext();
  if (!ctx.staff) {
    if (ctx.customer) forbidden();
    redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  }
  if (!roles.includes(ctx.staff.role)) forbidden();
  return ctx as Context & { staff: StaffSession };
}

export async function requireCustomerPage(): Promise<Context & { customer: CustomerSession }> {
  const ctx = await pageContext();
  if (!ctx.customer) {
    if (ctx.staff) forbidden();
    redirect("/portal/sign-in");
  }
  return ctx as Context & { customer: CustomerSession };
}

export function callerFor(ctx: Context) {
  return createCaller(ctx);
}

/** A tRPC NOT_FOUND in a page becomes the 404 page. */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
