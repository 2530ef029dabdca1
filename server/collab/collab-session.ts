import type { StaffSession } from "../services/actor";
import { boardAccessOfRole } from "./access";
import { signCollabToken } from "./tokens";

const PRESENCE_COLORS = ["#0369a1", "#b45309", "#7c3aed", "#047857", "#be123c", "#4d7c0f", "#c2410c", "#0f766e"];

/** A stable color per user, so a dispatcher keeps their color across reloads. */
export function presenceColor(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PRESENCE_COLORS[hash % PRESENCE_COLORS.length]!;
}

export function issueCollabSession(staff: StaffSession, secret: string) {
  return {
    token: signCollabToken(staff.userId, secret),
    user: { id: staff.userId, name: staff.name, color: presenceColor(staff.userId), role: staff.role },
    canEdit: boardAccessOfRole(staff.role) === "write",
  };
}
