/**
 * The product's side of RFC 5176: Disconnect-Requests to a NAS, over UDP. One socket per address
 * family for the whole process (the composition root builds the client once); answers are matched
 * to requests by NAS, port and identifier, checked against the NAS's secret, and a request with no
 * answer is sent again, byte for byte (same identifier and authenticator, so the NAS can tell a
 * retransmission from a new request), before it counts as a timeout.
 */
import dgram from "node:dgram";
import { isIP } from "node:net";
import {
  Attr,
  attribute,
  decodePacket,
  encodeDynamicRequest,
  ipv4,
  RadiusCode,
  text,
  verifyResponse,
  type RadiusAttribute,
} from "./packet";

export interface NasTarget {
  address: string;
  port: number;
  secret: string;
}

/** What names the session at the NAS; it matches on these. */
export interface SessionIdentity {
  userName: string;
  acctSessionId: string;
  nasIp?: string | null;
  framedIp?: string | null;
}

export type DynamicOutcome =
  | { outcome: "ack" }
  /** The NAS refused: `errorCause` is RFC 5176's Error-Cause (503: no such session). */
  | { outcome: "nak"; errorCause: number | null }
  | { outcome: "timeout" };

export interface RadiusDynamicClient {
  disconnect(target: NasTarget, session: SessionIdentity): Promise<DynamicOutcome>;
  close(): Promise<void>;
}

export interface DynamicClientOptions {
  /** Wait per try, in milliseconds. */
  timeoutMs: number;
  /** Sends of the same packet before giving up (the first included). */
  tries?: number;
}

interface Pending {
  request: Buffer;
  secret: string;
  resolve(outcome: DynamicOutcome): void;
}

export function createRadiusDynamicClient(options: DynamicClientOptions): RadiusDynamicClient {
  const tries = options.tries ?? 3;
  const sockets = new Map<4 | 6, dgram.Socket>();
  const pending = new Map<string, Pending>();
  const nextId = new Map<string, number>();
  const keyOf = (address: string, port: number, id: number) => `${address}|${port}|${id}`;

  function socketFor(family: 4 | 6): dgram.Socket {
    let socket = sockets.get(family);
    if (socket) return socket;
    socket = dgram.createSocket(family === 4 ? "udp4" : "udp6");
    socket.on("message", (datagram, from) => {
      const packet = decodePacket(datagram);
      if (!packet) return;
      const entry = pending.get(keyOf(from.address, from.port, packet.identifier));
      // Unsigned, or signed with another secret: not the NAS's answer; keep waiting for it.
      if (!entry || !verifyResponse(packet, entry.request, entry.secret)) return;
      pending.delete(keyOf(from.address, from.port, packet.identifier));
      if (packet.code === RadiusCode.DisconnectAck || packet.code === RadiusCode.CoaAck)
        entry.resolve({ outcome: "ack" });
      else {
        const cause = attribute(packet, Attr.ErrorCause);
        entry.resolve({ outcome: "nak", errorCause: cause?.length === 4 ? cause.readUInt32BE(0) : null });
      }
    });
    socket.on("error", (error) => console.error("radius: dynamic authorization socket:", error));
    socket.bind(0);
    socket.unref();
    sockets.set(family, socket);
    return socket;
  }

  function identifierFor(target: NasTarget): number {
    const base = `${target.address}|${target.port}`;
    const start = nextId.get(base) ?? Math.floor(Math.random() * 256);
    for (let i = 0; i < 256; i++) {
      const id = (start + i) & 0xff;
      if (!pending.has(keyOf(target.address, target.port, id))) {
        nextId.set(base, (id + 1) & 0xff);
        return id;
      }
    }
    throw new Error(`256 requests to ${base} are waiting for an answer`);
  }

  return {
    disconnect(target, session) {
      const family = isIP(target.address);
      if (family === 0) return Promise.reject(new Error(`"${target.address}" is not an IP address`));
      const attributes: RadiusAttribute[] = [
        text(Attr.UserName, session.userName),
        text(Attr.AcctSessionId, session.acctSessionId),
      ];
      if (session.nasIp && isIP(session.nasIp) === 4) attributes.push(ipv4(Attr.NasIpAddress, session.nasIp));
      if (session.framedIp && isIP(session.framedIp) === 4)
        attributes.push(ipv4(Attr.FramedIpAddress, session.framedIp));
      const socket = socketFor(family as 4 | 6);
      const id = identifierFor(target);
      const request = encodeDynamicRequest(RadiusCode.DisconnectRequest, id, target.secret, attributes);
      const key = keyOf(target.address, target.port, id);
      return new Promise<DynamicOutcome>((resolve) => {
        let sent = 0;
        let timer: NodeJS.Timeout | null = null;
        const send = () => {
          if (!pending.has(key)) return;
          if (sent >= tries) {
            pending.delete(key);
            resolve({ outcome: "timeout" });
            return;
          }
          sent++;
          socket.send(request, target.port, target.address);
          timer = setTimeout(send, options.timeoutMs);
        };
        pending.set(key, {
          request,
          secret: target.secret,
          resolve: (outcome) => {
            if (timer) clearTimeout(timer);
            resolve(outcome);
          },
        });
        send();
      });
    },
    async close() {
      for (const entry of pending.values()) entry.resolve({ outcome: "timeout" });
      pending.clear();
      await Promise.all(
        [...sockets.values()].map((socket) => new Promise<void>((resolve) => socket.close(() => resolve()))),
      );
      sockets.clear();
    },
  };
}
