import type { Extension, onAuthenticatePayload } from "@hocuspocus/server";
import { eq } from "drizzle-orm";
import type { Runtime } from "../runtime";
import { staffUsers } from "../db/schema";
import type { StaffRole } from "../services/actor";
import { boardAccessFor } from "./access";
import { verifyCollabToken } from "./tokens";

export interface CollabUser { id: string; name: string; role: StaffRole }

/**
 * Who is connecting, from the provider's token (scripts, the browser board) or the staff
 * session cookie; then what they may do with this document. Throwing refuses the connection.
 */
export function authExtension(runtime: Pick<Runtime, "config" | "database" | "staffAuth">): Extension {
  async function userFromToken(token: string): Promise<CollabUser | null> {
    const payload = token ? verifyCollabToken(token, runtime.config.authSecret) : null;
    if (!payload) return null;
    const [user] = await runtime.database.db.select({ id: staffUsers.id, name: staffUsers.name, role: staffUsers.role, active: staffUsers.active })
      .from(staffUsers).where(eq(staffUsers.id, payload.sub));
    return user?.active ? { id: user.id, name: user.name, role: user.role } : null;
  }

  async function userFromSession(headers: Headers): Promise<CollabUser | null> {
    const session = await runtime.staffAuth.api.getSession({ headers });
    const user = session?.user;
    return user && user.active !== false ? { id: user.id, name: user.name, role: user.role as StaffRole } : null;
  }

  return {
    extensionName: "auth",
    async onAuthenticate({ token, requestHeaders, documentName, connectionConfig }: onAuthenticatePayload) {
      const user = (await userFromToken(token)) ?? (await userFromSession(requestHeaders));
      if (!user) throw new Error("Sign in as staff to open the board");
      const access = boardAccessFor(user.role, documentName);
      if (access === "none") throw new Error(`Your role (${user.role}) cannot open ${documentName}`);
      connectionConfig.readOnly = access === "read";
      return { user };
    },
  };
}
