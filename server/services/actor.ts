import type { StaffRole } from "../../lib/schemas/session";

// The session types are shared with the UI's shells, so they live in lib/schemas (the role list
// is lib/domain/roles' STAFF_ROLES, which the database's staff_role enum is built from).
export type { CustomerSession, StaffRole, StaffSession } from "../../lib/schemas/session";

/** Who is acting, as services see it: enough to scope records and write the audit log. */
export type Actor =
  | { realm: "staff"; userId: string; role: StaffRole; name: string }
  | { realm: "customer"; userId: string; customerId: number; name: string }
  | { realm: "system"; userId: null; name: string };
