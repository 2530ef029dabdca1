import type { staffRole } from "../db/schema";

export type StaffRole = (typeof staffRole.enumValues)[number];

/** Who is acting, as services see it: enough to scope records and write the audit log. */
export type Actor =
  | { realm: "staff"; userId: string; role: StaffRole; name: string }
  | { realm: "customer"; userId: string; customerId: number; name: string }
  | { realm: "system"; userId: null; name: string };

/** A signed-in staff member, as the request's session reads it. */
export interface StaffSession { userId: string; name: string; email: string; role: StaffRole }
/** A signed-in customer: the portal's every query is scoped to `customerId`. */
export interface CustomerSession { userId: string; name: string; email: string; customerId: number }
