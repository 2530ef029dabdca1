/**
 * Who is on a ticket page, and who is writing on it, so two agents do not answer the same
 * customer. Each socket keeps its own state per ticket in `socket.data.tickets`; the presence of
 * a ticket is read from the sockets in its room (across instances with the Redis adapter:
 * fetchSockets returns remote sockets' data too) and sent to the room after every change.
 * Names and ids come from the socket's session (socket.data.user), never from a payload.
 */
import { can } from "../../lib/domain/capabilities";
import { ticketExists } from "../services/tickets/ticket-access";
import type { RealtimeServer, RealtimeSocket } from "./realtime-server";
import {
  ticketJoinInput,
  ticketReplyingInput,
  ticketRoom,
  type TicketPresenceEvent,
  type TicketViewer,
} from "./events";

type PresenceServer = RealtimeServer;
type PresenceSocket = RealtimeSocket;

export async function presenceOf(io: PresenceServer, ticketId: number): Promise<TicketPresenceEvent> {
  const sockets = await io.in(ticketRoom(ticketId)).fetchSockets();
  const byUser = new Map<string, TicketViewer>();
  for (const socket of sockets) {
    const { user, tickets } = socket.data;
    if (!user || !tickets || !(String(ticketId) in tickets)) continue;
    const replying = tickets[String(ticketId)] === true;
    const seen = byUser.get(user.id);
    // One person in two tabs is one viewer, replying if either tab is.
    byUser.set(user.id, { userId: user.id, name: user.name, replying: replying || (seen?.replying ?? false) });
  }
  return { ticketId, viewers: [...byUser.values()].sort((a, b) => a.name.localeCompare(b.name)) };
}

async function broadcast(io: PresenceServer, ticketId: number): Promise<TicketPresenceEvent> {
  const presence = await presenceOf(io, ticketId);
  io.to(ticketRoom(ticketId)).emit("ticket:presence", presence);
  return presence;
}

const firstIssue = (error: { issues: { message: string }[] }) => error.issues[0]?.message ?? "invalid input";

export function attachTicketPresence(
  io: PresenceServer,
  socket: PresenceSocket,
  db: Parameters<typeof ticketExists>[0],
): void {
  const report = (error: unknown) => console.error("ticket presence:", error);

  socket.on("ticket:join", async (input, ack) => {
    const reply = typeof ack === "function" ? ack : () => undefined;
    if (!can(socket.data.user.role, "tickets.read"))
      return reply({ ok: false, error: `Your role (${socket.data.user.role}) does not work tickets` });
    const parsed = ticketJoinInput.safeParse(input);
    if (!parsed.success) return reply({ ok: false, error: firstIssue(parsed.error) });
    const { ticketId } = parsed.data;
    try {
      if (!(await ticketExists(db, ticketId))) return reply({ ok: false, error: `Ticket ${ticketId} does not exist` });
      socket.data.tickets = { ...socket.data.tickets, [String(ticketId)]: false };
      await socket.join(ticketRoom(ticketId));
      reply({ ok: true, data: await broadcast(io, ticketId) });
    } catch (error) {
      reply({ ok: false, error: String((error as Error)?.message ?? error) });
    }
  });

  socket.on("ticket:replying", async (input, ack) => {
    const reply = typeof ack === "function" ? ack : () => undefined;
    const parsed = ticketReplyingInput.safeParse(input);
    if (!parsed.success) return reply({ ok: false, error: firstIssue(parsed.error) });
    const { ticketId, replying } = parsed.data;
    if (!socket.data.tickets || !(String(ticketId) in socket.data.tickets))
      return reply({ ok: false, error: "Join the ticket first" });
    if (socket.data.tickets[String(ticketId)] === replying) return reply({ ok: true, data: { replying } });
    socket.data.tickets = { ...socket.data.tickets, [String(ticketId)]: replying };
    reply({ ok: true, data: { replying } });
    await broadcast(io, ticketId).catch(report);
  });

  socket.on("ticket:leave", async (input, ack) => {
    const reply = typeof ack === "function" ? ack : () => undefined;
    const parsed = ticketJoinInput.safeParse(input);
    if (!parsed.success) return reply({ ok: false, error: firstIssue(parsed.error) });
    const { ticketId } = parsed.data;
    const joined = socket.data.tickets !== undefined && String(ticketId) in socket.data.tickets;
    if (joined) {
      const rest = { ...socket.data.tickets };
      delete rest[String(ticketId)];
      socket.data.tickets = rest;
      await socket.leave(ticketRoom(ticketId));
    }
    reply({ ok: true, data: { left: joined } });
    if (joined) await broadcast(io, ticketId).catch(report);
  });

  socket.on("disconnect", () => {
    // The socket has left its rooms by now: the others learn it is gone.
    for (const id of Object.keys(socket.data.tickets ?? {})) void broadcast(io, Number(id)).catch(report);
  });
}
