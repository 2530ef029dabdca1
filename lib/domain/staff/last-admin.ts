import type { StaffRoleName } from "../roles";

/** One staff member as the rule sees them. */
export interface StaffStanding {
  id: string;
  role: StaffRoleName;
  active: boolean;
}

/** What an administrator asks for one staff member. */
export type StaffChange = { userId: string; role: StaffRoleName } | { userId: string; active: boolean };

/** The members after `change`; members not named are unchanged. */
function applyChange(members: readonly StaffStanding[], change: StaffChange): StaffStanding[] {
  return members.map((m) => (m.id !== change.userId ? m : { ...m, ...change, id: m.id }));
}

const activeAdmins = (members: readonly StaffStanding[]) => members.filter((m) => m.active && m.role === "admin");

/**
 * Whether `change` leaves the deployment without an active administrator: nobody could then
 * invite, promote or reactivate anyone from the office. Only a change that takes away an active
 * administrator's role or access can do that; a change that leaves at least one is allowed, and
 * so is any change while there was no active administrator to begin with (it cannot make it worse).
 */
export function removesLastActiveAdmin(members: readonly StaffStanding[], change: StaffChange): boolean {
  const before = activeAdmins(members).length;
  const after = activeAdmins(applyChange(members, change)).length;
  return before > 0 && after === 0;
}
