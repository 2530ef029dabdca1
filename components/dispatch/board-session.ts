import { HocuspocusProvider, type WebSocketStatus } from "@hocuspocus/provider";
import { refusalMessageOf } from "@/components/http-error-body";
import * as Y from "yjs";
import { boardDocumentName } from "@/lib/domain/board/types";
import { undoScope } from "@/lib/domain/board/proposals";

export interface BoardUser {
  id: string;
  name: string;
  color: string;
}
export type BoardCursor = { techId: string; time: string } | { lat: number; lng: number } | null;
/** The awareness state of the board contract (docs: ARCHITECTURE.md, "Board document"). */
export interface PresenceState {
  user: BoardUser;
  selection: string[];
  cursor: BoardCursor;
}
export interface RemotePresence extends PresenceState {
  clientId: number;
}
export interface CollabAuth {
  token: string;
  user: BoardUser & { role: string };
  canEdit: boolean;
}

export class TokenError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function fetchCollabToken(): Promise<CollabAuth> {
  const response = await fetch("/api/collab/token", { credentials: "same-origin", cache: "no-store" });
  if (!response.ok) {
    // The endpoint says why; show that rather than a bare status code.
    const detail = await response.json().then(refusalMessageOf, () => null);
    throw new TokenError(response.status, detail ?? `HTTP ${response.status}`);
  }
  const body = (await response.json()) as Partial<CollabAuth>;
  if (typeof body.token !== "string" || !body.user || typeof body.user.id !== "string")
    throw new TokenError(502, "malformed token response");
  return { token: body.token, user: body.user, canEdit: body.canEdit === true };
}

export function collabUrl(location: Location): string {
  return `${location.protocol === "https:" ? "wss:" : "ws:"}//${location.host}/collab`;
}

export interface SessionEvents {
  onSocketStatus: (status: WebSocketStatus) => void;
  onSynced: () => void;
  onClosed: () => void;
  onDenied: (reason: string) => void;
  onDocChanged: () => void;
  onPresenceChanged: () => void;
  onHistoryChanged: () => void;
  onUnsynced: (count: number) => void;
}

export interface BoardSession {
  doc: Y.Doc;
  provider: HocuspocusProvider;
  undo: Y.UndoManager;
  /** Marks this tab's own edits, so undo/redo never revert another dispatcher's work. */
  origin: { readonly kind: "local-board-edit" };
  auth: CollabAuth;
  destroy(): void;
}

/** Live presence of everyone but this tab (the same user in two tabs shows twice on purpose). */
export function remotePresence(session: BoardSession): RemotePresence[] {
  const own = session.doc.clientID;
  const result: RemotePresence[] = [];
  session.provider.awareness?.getStates().forEach((state, clientId) => {
    const s = state as Partial<PresenceState>;
    if (clientId === own || !s.user || typeof s.user.id !== "string") return;
    result.push({
      clientId,
      user: s.user,
      selection: Array.isArray(s.selection) ? s.selection : [],
      cursor: s.cursor ?? null,
    });
  });
  return result;
}

export function openBoardSession(date: string, auth: CollabAuth, events: SessionEvents): BoardSession {
  const doc = new Y.Doc();
  const origin = { kind: "local-board-edit" } as const;
  let token = auth.token;
  const provider = new HocuspocusProvider({
    url: collabUrl(window.location),
    name: boardDocumentName(date),
    document: doc,
    // Tokens are short-lived: a reconnect after a long outage asks for a fresh one, and falls
    // back to the last one if the token endpoint is unreachable (the server then decides).
    token: async () => {
      try {
        token = (await fetchCollabToken()).token;
      } catch {
        /* keep the previous token */
      }
      return token;
    },
  });
  provider.on("status", ({ status }: { status: WebSocketStatus }) => events.onSocketStatus(status));
  provider.on("synced", () => events.onSynced());
  provider.on("authenticationFailed", ({ reason }: { reason: string }) => events.onDenied(reason));
  provider.on("close", ({ event }: { event: { code?: number; reason?: string } }) => {
    events.onClosed();
    if (event.code === 4401 || event.code === 4403) events.onDenied(event.reason || "forbidden");
  });
  provider.on("unsyncedChanges", ({ number }: { number: number }) => events.onUnsynced(number));
  provider.awareness?.setLocalState({
    user: { id: auth.user.id, name: auth.user.name, color: auth.user.color },
    selection: [],
    cursor: null,
  } satisfies PresenceState);
  provider.awareness?.on("change", events.onPresenceChanged);
  doc.on("update", events.onDocChanged);

  // Jobs and proposals: accepting a proposal writes both in one transaction, undone in one step.
  const undo = new Y.UndoManager(undoScope(doc), { trackedOrigins: new Set([origin]) });
  for (const name of ["stack-item-added", "stack-item-popped", "stack-cleared"] as const)
    undo.on(name, events.onHistoryChanged);

  return {
    doc,
    provider,
    undo,
    origin,
    auth,
    destroy() {
      doc.off("update", events.onDocChanged);
      undo.destroy();
      provider.destroy();
      doc.destroy();
    },
  };
}
