import type { Extension, onAuthenticatePayload } from "@hocuspocus/server";
import type { Runtime } from "../runtime";
import { staffFromCredentials, type StaffIdentity } from "../auth/staff-credentials";
import { boardAccessFor } from "./access";

export type CollabUser = StaffIdentity;

/**
 * Who is connecting, from the provider's token (scripts, the browser board) or the staff
 * session cookie; then what they may do with this document. Throwing refuses the connection.
 */
export function authExtension(runtime: Pick<Runtime, "config" | "database" | "staffAuth">): Extension {
  return {
    extensionName: "auth",
    async onAuthenticate({ token, requestHeaders, documentName, connectionConfig }: onAuthenticatePayload) {
      const user = await staffFromCredentials(runtime, token, requestHeaders);
      if (!user) throw new Error("Sign in as staff to open the board");
      const access = boardAccessFor(user.role, documentName);
      if (access === "none") throw new Error(`Your role (${user.role}) cannot open ${documentName}`);
      connectionConfig.readOnly = access === "read";
      return { user };
    },
  };
}
