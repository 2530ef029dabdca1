"use client";
import { useCallback, useEffect, useRef, useState } from "react";
import { io, type Socket } from "socket.io-client";
import type { ClientToServerEvents, ServerToClientEvents, TicketViewer } from "@/server/realtime/events";

/**
 * Who else is on this ticket page, and a way to say "I am replying". The server stamps every
 * viewer from the session; this tab only says whether it is writing.
 */
export function useTicketPresence(ticketId: number): {
  viewers: TicketViewer[];
  /** "connecting" until the first join answers; "offline" after a refusal or a lost connection. */
  state: "connecting" | "connected" | "offline";
  setReplying: (replying: boolean) => void;
} {
  const [viewers, setViewers] = useState<TicketViewer[]>([]);
  const [state, setState] = useState<"connecting" | "connected" | "offline">("connecting");
  const socketRef = useRef<Socket<ServerToClientEvents, ClientToServerEvents> | null>(null);
  const replyingRef = useRef(false);

  useEffect(() => {
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({
      path: "/realtime",
      transports: ["websocket"],
      withCredentials: true,
    });
    socketRef.current = socket;
    const join = () => {
      socket.emit("ticket:join", { ticketId }, (result) => {
        if (!result.ok) return setState("offline");
        setState("connected");
        setViewers(result.data.viewers);
        // A reconnect restores what this tab was doing.
        if (replyingRef.current) socket.emit("ticket:replying", { ticketId, replying: true }, () => undefined);
      });
    };
    socket.on("connect", join);
    socket.on("disconnect", () => setState("offline"));
    socket.on("connect_error", () => setState("offline"));
    socket.on("ticket:presence", (event) => {
      if (event.ticketId === ticketId) setViewers(event.viewers);
    });
    return () => {
      socket.emit("ticket:leave", { ticketId }, () => undefined);
      socket.disconnect();
      socketRef.current = null;
    };
  }, [ticketId]);

  const setReplying = useCallback(
    (replying: boolean) => {
      if (replyingRef.current === replying) return;
      replyingRef.current = replying;
      socketRef.current?.emit("ticket:replying", { ticketId, replying }, () => undefined);
    },
    [ticketId],
  );

  return { viewers, state, setReplying };
}
