import { headers } from "next/headers";
import { forbidden, notFound, redirect } from "next/navigation";
import { TRPCError } from "@trpc/server";
import { getRuntime } from "../runtime";
import { createContext, type Context, type CustomerSession, type StaffSession } from "../trpc/context";
import { createCaller } from "../trpc/root";
import { can, type Capability } from "../../lib/domain/capabilities";

export { HOME_OF_ROLE } from "../../lib/domain/roles";

export async function pageContext(): Promise<Context> {
  return createContext(await getRuntime(), await headers());
}

/**
 * Page-level gate (the tRPC procedures check again): no staff session → sign-in,
 * a session whose role lacks `capability` (or a customer's) → 403.
 */
export async function requireStaffPage(
  capability: Capability,
  returnTo: string,
): Promise<Context & { staff: StaffSession }> {
  const ctx = await pageContext();
  if (!ctx.staff) {
    if (ctx.customer) forbidden();
    redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  }
  if (!can(ctx.staff.role, capability)) forbidden();
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

/**
 * What a page or server action reads from a procedure's refusal, so that app/ never depends
 * on tRPC itself: the code, the message, and the service's error behind it when there is one
 * (RuleViolationError, ZodError, PaymentGatewayUnavailableError...).
 */
export interface CallerFailure {
  code: TRPCError["code"];
  message: string;
  cause: Error | undefined;
}

/** The refusal of a procedure called through `callerFor`; null for anything else (a bug, an outage). */
export function callerFailure(error: unknown): CallerFailure | null {
  return error instanceof TRPCError ? { code: error.code, message: error.message, cause: error.cause } : null;
}

/** A tRPC NOT_FOUND in a page becomes the 404 page. */
export async function orNotFound<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    if (callerFailure(error)?.code === "NOT_FOUND") notFound();
    throw error;
  }
}
