import type { Runtime } from "../runtime";
import type { StaffRole } from "../services/actor";
import { activeStaffUser } from "../services/staff/active-staff";
import { verifyCollabToken } from "../collab/tokens";

export interface StaffIdentity {
  id: string;
  name: string;
  role: StaffRole;
}

/**
 * Who a WebSocket client is (/collab and /realtime): the signed short-lived token given to
 * scripts and the browser, or else the staff session cookie. Deactivated staff are nobody.
 */
export async function staffFromCredentials(
  runtime: Pick<Runtime, "config" | "database" | "staffAuth">,
  token: string | null | undefined,
  headers: Headers,
): Promise<StaffIdentity | null> {
  const payload = token ? verifyCollabToken(token, runtime.config.authSecret) : null;
  if (payload) {
    const user = await activeStaffUser(runtime.database.db, payload.sub);
    if (user) return user;
  }
  const session = await runtime.staffAuth.api.getSession({ headers });
  const user = session?.user;
  return user && user.active !== false ? { id: user.id, name: user.name, role: user.role as StaffRole } : null;
}
