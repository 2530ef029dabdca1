import dgram from "node:dgram";
import {
  Attr,
  attribute,
  decodePacket,
  encodeResponse,
  RadiusCode,
  verifyDynamicRequest,
  integer,
} from "@/server/integrations/radius/packet";

/** What the NAS received: each request decoded, and whether it was signed with the NAS's secret. */
export interface ReceivedDynamicRequest {
  code: number;
  identifier: number;
  signed: boolean;
  userName: string | null;
  acctSessionId: string | null;
  raw: Buffer;
}

/**
 * A NAS's RFC 5176 listener on a loopback UDP port: it records every Disconnect- and
 * CoA-Request, checks its authenticators with the shared secret, and answers ACK (or NAK with
 * an Error-Cause, or nothing at all) as the test asks. Unsigned requests get no answer, as a NAS
 * drops them.
 */
export interface FakeNas {
  address: string;
  port: number;
  received: ReceivedDynamicRequest[];
  /** ack (default), nak with Error-Cause 503, or silent (drop the next `times` requests, then ack). */
  answer(mode: "ack" | "nak" | { silent: number }): void;
  close(): Promise<void>;
}

export async function startFakeNas(secret: string): Promise<FakeNas> {
  const socket = dgram.createSocket("udp4");
  const received: ReceivedDynamicRequest[] = [];
  let mode: "ack" | "nak" | { silent: number } = "ack";
  socket.on("message", (datagram, from) => {
    const packet = decodePacket(datagram);
    if (!packet) return;
    const signed = verifyDynamicRequest(packet, secret);
    const str = (type: number) => attribute(packet, type)?.toString("utf8") ?? null;
    received.push({
      code: packet.code,
      identifier: packet.identifier,
      signed,
      userName: str(Attr.UserName),
      acctSessionId: str(Attr.AcctSessionId),
      raw: Buffer.from(packet.raw),
    });
    if (!signed) return;
    if (typeof mode === "object") {
      if (mode.silent > 0) {
        mode = { silent: mode.silent - 1 };
        return;
      }
      mode = "ack";
    }
    const disconnect = packet.code === RadiusCode.DisconnectRequest;
    const code =
      mode === "ack"
        ? disconnect
          ? RadiusCode.DisconnectAck
          : RadiusCode.CoaAck
        : disconnect
          ? RadiusCode.DisconnectNak
          : RadiusCode.CoaNak;
    socket.send(
      encodeResponse(code, packet, secret, mode === "nak" ? [integer(Attr.ErrorCause, 503)] : []),
      from.port,
      from.address,
    );
  });
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  return {
    address: "127.0.0.1",
    port: socket.address().port,
    received,
    answer(next) {
      mode = next;
    },
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
