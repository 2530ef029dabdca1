import type { StaffSession } from "../services/actor";
import type { StaffAuth } from "../auth/realms";
import { boardAccessOfRole } from "./access";
import { signCollabToken } from "./tokens";

const PRESENCE_COLORS = ["#0369a1", "#b45309", "#7c3aed", "#047857", "#be123c", "#4d7c0f", "#c2410c", "#0f766e"];

/** A stable color per user, so a dispatcher keeps their color across reloads. */
export function presenceColor(userId: string): string {
  let hash = 0;
  for (const char of userId) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return PRESENCE_COLORS[hash % PRESENCE_COLORS.length]!;
}

/**
 * The board's credentials for a signed-in staff member. `sessionId` binds the token to the
 * session it was fetched with: once that session ends (sign-out), the token opens nothing and
 * the sockets opened with it are closed (socket-identity.ts).
 */
export function issueCollabSession(staff: StaffSession, secret: string, sessionId?: string) {
  return {
    token: signCollabToken(staff.userId, secret, Date.now(), undefined, sessionId),
    user: { id: staff.userId, name: staff.name, color: presenceColor(staff.userId), role: staff.role },
    canEdit: boardAccessOfRole(staff.role) === "write",
  };
}

/** The id of the staff session a request carries, to bind the board's token to it. */
export async function staffSessionIdOf(auth: Pick<StaffAuth, "api">, headers: Headers): Promise<string | undefined> {
  return (await auth.api.getSession({ headers }))?.session.id;
}
