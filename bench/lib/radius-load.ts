/**
 * A closed-loop RADIUS load client: `concurrency` Access-Requests in flight at once on one UDP
 * socket, each answered one replaced by the next, for `seconds`. Records each round trip (send to
 * answer) and counts answers that are not Access-Accept.
 */
import dgram from "node:dgram";
import { decodePacket, encodeAccessRequest, RadiusCode } from "../../server/integrations/radius/packet";

export interface LoadResult {
  sent: number;
  accepted: number;
  refused: number;
  lost: number;
  seconds: number;
  samplesMs: number[];
}

export async function radiusLoad(options: {
  port: number;
  secret: string;
  users: ReadonlyArray<{ name: string; password: string }>;
  concurrency: number;
  seconds: number;
}): Promise<LoadResult> {
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const inFlight = new Map<number, { at: bigint; timer: NodeJS.Timeout }>();
  const result: LoadResult = { sent: 0, accepted: 0, refused: 0, lost: 0, seconds: 0, samplesMs: [] };
  let nextId = 0;
  let nextUser = 0;
  let running = true;
  const started = process.hrtime.bigint();
  const stopAt = started + BigInt(Math.round(options.seconds * 1e9));
  let settle: () => void = () => undefined;
  const drained = new Promise<void>((resolve) => (settle = resolve));

  const send = () => {
    if (!running) {
      if (inFlight.size === 0) settle();
      return;
    }
    let id = nextId;
    while (inFlight.has(id)) id = (id + 1) & 0xff;
    nextId = (id + 1) & 0xff;
    const user = options.users[nextUser++ % options.users.length]!;
    const packet = encodeAccessRequest(id, options.secret, user.name, user.password);
    const timer = setTimeout(() => {
      inFlight.delete(id);
      result.lost++;
      send();
    }, 2000);
    inFlight.set(id, { at: process.hrtime.bigint(), timer });
    result.sent++;
    socket.send(packet, options.port, "127.0.0.1");
  };

  socket.on("message", (datagram) => {
    const now = process.hrtime.bigint();
    const packet = decodePacket(datagram);
    if (!packet) return;
    const entry = inFlight.get(packet.identifier);
    if (!entry) return;
    clearTimeout(entry.timer);
    inFlight.delete(packet.identifier);
    result.samplesMs.push(Number(now - entry.at) / 1e6);
    if (packet.code === RadiusCode.AccessAccept) result.accepted++;
    else result.refused++;
    if (now >= stopAt) running = false;
    send();
  });

  for (let i = 0; i < options.concurrency; i++) send();
  await drained;
  result.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return result;
}
