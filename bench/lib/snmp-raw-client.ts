import { createSocket } from "node:dgram";

/**
 * The `network` benchmark's baseline: a bare UDP client sending pre-encoded SNMPv2c requests (no
 * library, no storage, no access checks). Each request is encoded once; only its 4-byte request
 * id is patched per send, and an answer is matched by reading that id back.
 */

function length(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

function tlv(tag: number, content: number[]): number[] {
  return [tag, ...length(content.length), ...content];
}

function integer(value: number): number[] {
  const bytes: number[] = [];
  let v = value;
  do {
    bytes.unshift(v & 0xff);
    v >>= 8;
  } while (v !== 0 && v !== -1);
  if (value >= 0 && (bytes[0]! & 0x80) !== 0) bytes.unshift(0);
  return tlv(0x02, bytes);
}

function oid(text: string): number[] {
  const parts = text.split(".").map(Number);
  const body = [40 * parts[0]! + parts[1]!];
  for (const part of parts.slice(2)) {
    const chunk: number[] = [part & 0x7f];
    for (let v = part >> 7; v > 0; v >>= 7) chunk.unshift(0x80 | (v & 0x7f));
    body.push(...chunk);
  }
  return tlv(0x06, body);
}

/** A v2c GetRequest (0xa0) or GetBulkRequest (0xa5), and where its request id sits. */
export function encodeRequest(
  community: string,
  kind: "get" | "bulk",
  oids: string[],
  maxRepetitions = 0,
): { bytes: Buffer; idOffset: number } {
  const varbinds = tlv(
    0x30,
    oids.flatMap((o) => tlv(0x30, [...oid(o), 0x05, 0x00])),
  );
  // A 4-byte request id (INTEGER 0x02 0x04 xx xx xx xx) so every id fits in place.
  const requestId = [0x02, 0x04, 0x01, 0x00, 0x00, 0x00];
  const pdu = tlv(kind === "get" ? 0xa0 : 0xa5, [
    ...requestId,
    ...integer(0),
    ...integer(kind === "get" ? 0 : maxRepetitions),
    ...varbinds,
  ]);
  const message = tlv(0x30, [...integer(1), ...tlv(0x04, [...Buffer.from(community)]), ...pdu]);
  const bytes = Buffer.from(message);
  return { bytes, idOffset: bytes.indexOf(Buffer.from(requestId)) + 2 };
}

/** Skips a tag and its length, returning the content's offset. */
function enter(buffer: Buffer, at: number): { content: number; end: number } {
  let i = at + 1;
  let len = buffer[i++]!;
  if (len & 0x80) {
    const count = len & 0x7f;
    len = 0;
    for (let k = 0; k < count; k++) len = (len << 8) | buffer[i++]!;
  }
  return { content: i, end: i + len };
}

/** The request id of a v2c response, or null when the datagram is not one. */
export function responseId(buffer: Buffer): number | null {
  try {
    const message = enter(buffer, 0);
    const version = enter(buffer, message.content);
    const community = enter(buffer, version.end);
    const pdu = enter(buffer, community.end);
    const id = enter(buffer, pdu.content);
    let value = 0;
    for (let i = id.content; i < id.end; i++) value = value * 256 + buffer[i]!;
    return value;
  } catch {
    return null;
  }
}

export interface RawSweepResult {
  devices: number;
  answered: number;
  wallS: number;
}

/**
 * Sends `requests` in order to each address (the next after the previous one's answer), with at
 * most `concurrency` devices in flight, over one socket; a device whose request gets no answer
 * within `timeoutMs` counts as unanswered.
 */
export async function rawSweep(
  addresses: string[],
  port: number,
  requests: { bytes: Buffer; idOffset: number }[],
  concurrency: number,
  timeoutMs: number,
): Promise<RawSweepResult> {
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", () => resolve()));
  const waiting = new Map<number, (ok: boolean) => void>();
  socket.on("message", (msg) => {
    const id = responseId(msg);
    const done = id === null ? undefined : waiting.get(id);
    if (done) {
      waiting.delete(id!);
      done(true);
    }
  });
  let nextId = 0x01000000;
  const ask = (address: string, request: { bytes: Buffer; idOffset: number }) =>
    new Promise<boolean>((resolve) => {
      const id = ++nextId;
      const bytes = Buffer.from(request.bytes);
      bytes.writeUInt32BE(id, request.idOffset);
      const timer = setTimeout(() => {
        waiting.delete(id);
        resolve(false);
      }, timeoutMs);
      waiting.set(id, (ok) => {
        clearTimeout(timer);
        resolve(ok);
      });
      socket.send(bytes, port, address);
    });
  let next = 0;
  let answered = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < addresses.length) {
      const address = addresses[next++]!;
      let ok = true;
      for (const request of requests) ok = ok && (await ask(address, request));
      if (ok) answered++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallS = (performance.now() - started) / 1000;
  socket.close();
  return { devices: addresses.length, answered, wallS };
}
