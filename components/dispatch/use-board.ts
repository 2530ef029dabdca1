"use client";
import { WebSocketStatus } from "@hocuspocus/provider";
import { useCallback, useEffect, useRef, useState } from "react";
import type * as Y from "yjs";
import { readBoard } from "@/lib/domain/board/doc";
import type { BoardSnapshot } from "@/lib/domain/board/types";
import { readProposals, type BoardProposal } from "@/lib/domain/board/proposals";
import {
  fetchCollabToken,
  openBoardSession,
  remotePresence,
  TokenError,
  type BoardCursor,
  type BoardSession,
  type CollabAuth,
  type RemotePresence,
} from "./board-session";

export type ConnectionStatus = "connecting" | "synced" | "offline" | "denied" | "error";
export type OpResult = { ok: true } | { ok: false; reason: string; code?: string; params?: Record<string, string> };
/** A board operation: gets the document, the acting user's id and the local origin. */
export type BoardOp = (doc: Y.Doc, userId: string, origin: object) => OpResult;

const CURSOR_THROTTLE_MS = 50;

/** Runs `fn` at most once per animation frame, however many events arrive. */
function frameThrottle(fn: () => void): { schedule: () => void; cancel: () => void } {
  let frame: number | null = null;
  return {
    schedule() {
      if (frame === null)
        frame = requestAnimationFrame(() => {
          frame = null;
          fn();
        });
    },
    cancel() {
      if (frame !== null) cancelAnimationFrame(frame);
      frame = null;
    },
  };
}

export function useBoard(date: string) {
  const [auth, setAuth] = useState<CollabAuth | null>(null);
  const [socket, setSocket] = useState<WebSocketStatus>(WebSocketStatus.Connecting);
  const [synced, setSynced] = useState(false);
  const [failure, setFailure] = useState<{ status: "denied" | "error"; reason: string } | null>(null);
  const [snapshot, setSnapshot] = useState<BoardSnapshot | null>(null);
  const [proposals, setProposals] = useState<BoardProposal[]>([]);
  const [others, setOthers] = useState<RemotePresence[]>([]);
  const [history, setHistory] = useState({ canUndo: false, canRedo: false });
  const [unsynced, setUnsynced] = useState(0);
  const [selection, setSelectionState] = useState<string[]>([]);
  const [attempt, setAttempt] = useState(0);
  const sessionRef = useRef<BoardSession | null>(null);

  useEffect(() => {
    let disposed = false;
    let opened: BoardSession | null = null;
    // The document is empty until the first sync; showing it earlier would flash "no jobs".
    let hasSynced = false;
    const refreshDoc = frameThrottle(() => {
      if (opened && hasSynced) {
        setSnapshot(readBoard(opened.doc));
        setProposals(readProposals(opened.doc));
      }
    });
    const refreshPresence = frameThrottle(() => {
      if (opened) setOthers(remotePresence(opened));
    });

    fetchCollabToken()
      .then((collabAuth) => {
        if (disposed) return;
        const s = openBoardSession(date, collabAuth, {
          onSocketStatus: setSocket,
          onSynced() {
            hasSynced = true;
            setSynced(true);
            refreshDoc.schedule();
          },
          // The provider forgets its sync on every close; "synced" must follow it.
          onClosed() {
            setSynced(false);
          },
          onDenied(reason) {
            setFailure({ status: "denied", reason });
            // Retrying with the same credentials would be refused again.
            s.provider.disconnect();
          },
          onDocChanged: refreshDoc.schedule,
          onPresenceChanged: refreshPresence.schedule,
          onHistoryChanged() {
            setHistory({ canUndo: s.undo.canUndo(), canRedo: s.undo.canRedo() });
          },
          onUnsynced: setUnsynced,
        });
        opened = s;
        sessionRef.current = s;
        setAuth(collabAuth);
      })
      .catch((error: unknown) => {
        if (disposed) return;
        if (error instanceof TokenError && (error.status === 401 || error.status === 403))
          setFailure({ status: "denied", reason: error.message });
        else setFailure({ status: "error", reason: error instanceof Error ? error.message : String(error) });
      });

    return () => {
      disposed = true;
      refreshDoc.cancel();
      refreshPresence.cancel();
      opened?.destroy();
      sessionRef.current = null;
    };
  }, [date, attempt]);

  // Synced only while connected: after a drop the provider resets `synced` on its own close.
  const status: ConnectionStatus =
    failure?.status ??
    (socket === WebSocketStatus.Connected && synced && snapshot
      ? "synced"
      : snapshot || socket === WebSocketStatus.Disconnected
        ? "offline"
        : "connecting");

  const retry = useCallback(() => {
    setFailure(null);
    setSnapshot(null);
    setSynced(false);
    setAttempt((n) => n + 1);
  }, []);

  const setSelection = useCallback((ids: string[]) => {
    setSelectionState(ids);
    sessionRef.current?.provider.awareness?.setLocalStateField("selection", ids);
  }, []);

  // Trailing throttle: the last position always goes out, but at most every 50 ms.
  const cursorTimer = useRef<{ last: number; timer: ReturnType<typeof setTimeout> | null; pending: BoardCursor }>({
    last: 0,
    timer: null,
    pending: null,
  });
  const setCursor = useCallback((cursor: BoardCursor) => {
    const state = cursorTimer.current;
    state.pending = cursor;
    const send = () => {
      state.timer = null;
      state.last = Date.now();
      sessionRef.current?.provider.awareness?.setLocalStateField("cursor", state.pending);
    };
    if (state.timer) return;
    const wait = CURSOR_THROTTLE_MS - (Date.now() - state.last);
    if (wait <= 0) send();
    else state.timer = setTimeout(send, wait);
  }, []);
  useEffect(
    () => () => {
      if (cursorTimer.current.timer) clearTimeout(cursorTimer.current.timer);
    },
    [],
  );

  const run = useCallback((op: BoardOp): OpResult => {
    const s = sessionRef.current;
    if (!s) return { ok: false, reason: "not_ready", code: "not_ready" };
    if (!s.auth.canEdit) return { ok: false, reason: "read_only", code: "read_only" };
    let result: OpResult = { ok: false, reason: "unknown" };
    // An outer transaction's origin wins over any origin the operation sets itself.
    s.doc.transact(() => {
      result = op(s.doc, s.auth.user.id, s.origin);
    }, s.origin);
    // One operation, one undo step, however quickly the next one follows.
    s.undo.stopCapturing();
    return result;
  }, []);

  const undo = useCallback(() => {
    sessionRef.current?.undo.undo();
  }, []);
  const redo = useCallback(() => {
    sessionRef.current?.undo.redo();
  }, []);

  return {
    status,
    reason: failure?.reason ?? null,
    snapshot,
    proposals,
    auth,
    canEdit: auth?.canEdit ?? false,
    others,
    selection,
    setSelection,
    setCursor,
    run,
    undo,
    redo,
    ...history,
    unsynced,
    retry,
  };
}

export type BoardHandle = ReturnType<typeof useBoard>;
