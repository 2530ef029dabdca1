import type {
  beforeHandleAwarenessPayload,
  Connection,
  Document,
  Extension,
  onDisconnectPayload,
} from "@hocuspocus/server";
import { stampPresence } from "../../lib/domain/board/presence";
import { presenceColor } from "./collab-session";
import type { CollabUser } from "./auth-extension";

/** A provider has one awareness client id; Yjs may give its document a new one, so allow a few. */
const MAX_CLIENT_IDS_PER_CONNECTION = 8;

/**
 * Presence is the server's word (ARCHITECTURE.md, "Board document"): every awareness state a
 * client sends is rewritten with the connection's authenticated user, whatever id or name it
 * claimed, and a connection speaks only for client ids it introduced itself. Awareness updates
 * may carry any client's state with a newer clock, so without this a read-only reader could
 * overwrite a dispatcher's presence, or appear as them. Updates relayed by Redis were stamped
 * on the instance that holds their connection.
 */
export function presenceExtension(): Extension {
  /** Per board, which connection introduced each client id (kept here: Hocuspocus records it only once the connection is attached). */
  const owners = new WeakMap<Document, Map<number, Connection>>();

  /** Forgets the client ids of connections that left: a closed connection (its socket, its buffers) is not kept alive here. */
  function forgetClosed(document: Document, keep?: Connection) {
    const owner = owners.get(document);
    if (!owner) return owner;
    for (const [clientId, other] of owner) if (other !== keep && !document.hasConnection(other)) owner.delete(clientId);
    return owner;
  }

  return {
    extensionName: "presence",
    onDisconnect({ document }: onDisconnectPayload) {
      forgetClosed(document);
      return Promise.resolve();
    },
    beforeHandleAwareness({ states, connection, context, document }: beforeHandleAwarenessPayload) {
      if (!connection) return Promise.resolve();
      const user = (context as { user?: CollabUser } | undefined)?.user;
      if (!user) {
        states.clear();
        return Promise.resolve();
      }
      let owner = forgetClosed(document, connection);
      if (!owner) {
        owner = new Map<number, Connection>();
        owners.set(document, owner);
      }
      const own = () => [...owner.values()].filter((c) => c === connection).length;
      const identity = { id: user.id, name: user.name, color: presenceColor(user.id) };
      for (const [clientId, state] of [...states]) {
        const holder = owner.get(clientId);
        // Someone else's id, or one another instance relayed: not this connection's to speak for.
        const foreign =
          holder !== undefined
            ? holder !== connection
            : document.awareness.getStates().has(clientId) || own() >= MAX_CLIENT_IDS_PER_CONNECTION;
        if (foreign) {
          states.delete(clientId);
          continue;
        }
        owner.set(clientId, connection);
        states.set(clientId, { ...stampPresence(identity, state) });
      }
      return Promise.resolve();
    },
  };
}
