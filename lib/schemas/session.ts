/**
 * Who is signed in, as the request's session reads it. Server code reads these through
 * server/services/actor (which re-exports them); the shells in components/ read them here.
 */
import type { StaffRoleName } from "../domain/roles";

export type StaffRole = StaffRoleName;

/** A signed-in staff member, as the request's session reads it. */
export interface StaffSession {
  userId: string;
  name: string;
  email: string;
  role: StaffRole;
}
/** A signed-in customer: the portal's every query is scoped to `customerId`. */
export interface CustomerSession {
  userId: string;
  name: string;
  email: string;
  customerId: number;
}
