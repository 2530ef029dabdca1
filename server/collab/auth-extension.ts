import type { Extension, onAuthenticatePayload } from "@hocuspocus/server";
import type { Runtime } from "../runtime";
import { boardAccessFor } from "./access";
import { authenticateSocket, SocketRefusalError, type SocketIdentity } from "./socket-identity";

export type CollabUser = SocketIdentity;

/**
 * Who is connecting, from the provider's token (scripts, the browser board) or the staff
 * session cookie from the app's origin (socket-identity.ts); then what they may do with this
 * document. Throwing refuses the connection. The identity becomes the connection's context:
 * presence and the audit of board edits are stamped with it.
 */
export function authExtension(runtime: Pick<Runtime, "config" | "database" | "staffAuth">): Extension {
  return {
    extensionName: "auth",
    async onAuthenticate({ token, requestHeaders, documentName, connectionConfig }: onAuthenticatePayload) {
      const authentication = await authenticateSocket(runtime, token, requestHeaders);
      if (!authentication.ok)
        throw new SocketRefusalError(`${authentication.reason} to open the board`, authentication.key, {
          purpose: "board",
        });
      const user = authentication.identity;
      const access = boardAccessFor(user.role, documentName);
      if (access === "none")
        throw new SocketRefusalError(
          `Your role (${user.role}) cannot open ${documentName}`,
          "errors.socket.roleNoBoard",
        );
      connectionConfig.readOnly = access === "read";
      return { user };
    },
  };
}
