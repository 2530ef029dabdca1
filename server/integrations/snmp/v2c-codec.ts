/**
 * The BER of SNMPv2c requests and responses (RFC 3416), only as much as a status read needs:
 * GetRequest and GetBulkRequest out, Response in. A sweep of thousands of devices spent most of
 * its time in net-snmp's per-request objects (a session, an engine with a random id, a reader
 * per message); here an OID's encoding is made once and a response is read straight from the
 * datagram. v3 (authPriv) stays with net-snmp, whose cryptography this does not repeat.
 */

export const PDU_GET = 0xa0;
export const PDU_GET_BULK = 0xa5;
const PDU_RESPONSE = 0xa2;

/** Varbind value types, numbered as net-snmp's ObjectType so the prober reads both alike. */
export const VALUE_TYPE = {
  integer: 0x02,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  counter32: 0x41,
  gauge32: 0x42,
  timeTicks: 0x43,
  counter64: 0x46,
  noSuchObject: 0x80,
  noSuchInstance: 0x81,
  endOfMibView: 0x82,
} as const;

export interface V2cVarbind {
  oid: string;
  type: number;
  /** A number for integers, counters, gauges and time ticks; the content bytes for strings, Counter64 and others; null for exceptions. */
  value: number | Buffer | string | null;
}

export interface V2cResponse {
  requestId: number;
  community: Buffer;
  errorStatus: number;
  errorIndex: number;
  varbinds: V2cVarbind[];
}

const oidCache = new Map<string, Buffer>();

/** An OID's TLV (tag 0x06), cached: a sweep asks the same few OIDs of every device. */
export function encodeOid(text: string): Buffer {
  let cached = oidCache.get(text);
  if (cached) return cached;
  const parts = text.split(".").map(Number);
  if (parts.length < 2 || parts.some((p) => !Number.isSafeInteger(p) || p < 0 || p > 0xffffffff)) {
    throw new RangeError(`not an OID: ${text}`);
  }
  const body: number[] = [];
  const push = (value: number) => {
    const chunk = [value & 0x7f];
    for (let v = Math.floor(value / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    body.push(...chunk);
  };
  push(40 * parts[0]! + parts[1]!);
  for (const part of parts.slice(2)) push(part);
  cached = Buffer.from([0x06, ...lengthBytes(body.length), ...body]);
  // Walk cursors are device-specific; keep the cache from growing without bound.
  if (oidCache.size < 4096) oidCache.set(text, cached);
  return cached;
}

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

function lengthSize(n: number): number {
  return lengthBytes(n).length;
}

/** An INTEGER's TLV in four content bytes (any int32 fits; agents accept the padded form). */
function writeInt32(out: Buffer, at: number, value: number): number {
  out[at] = 0x02;
  out[at + 1] = 4;
  out.writeInt32BE(value | 0, at + 2);
  return at + 6;
}

function writeHeader(out: Buffer, at: number, tag: number, length: number): number {
  out[at++] = tag;
  for (const byte of lengthBytes(length)) out[at++] = byte;
  return at;
}

/** A v2c GetRequest (`maxRepetitions` unused) or GetBulkRequest with no non-repeaters. */
export function encodeV2cRequest(
  community: Buffer,
  pduType: typeof PDU_GET | typeof PDU_GET_BULK,
  requestId: number,
  oids: readonly string[],
  maxRepetitions = 0,
): Buffer {
  const encoded = oids.map(encodeOid);
  // Each varbind: SEQUENCE { oid, NULL }.
  const varbindLengths = encoded.map((oid) => oid.length + 2);
  const listLength = varbindLengths.reduce((sum, n) => sum + 1 + lengthSize(n) + n, 0);
  const pduLength = 6 * 3 + 1 + lengthSize(listLength) + listLength;
  const messageLength = 3 + 1 + lengthSize(community.length) + community.length + 1 + lengthSize(pduLength) + pduLength;
  const out = Buffer.allocUnsafe(1 + lengthSize(messageLength) + messageLength);
  let at = writeHeader(out, 0, 0x30, messageLength);
  out[at++] = 0x02;
  out[at++] = 1;
  out[at++] = 1; // version: 1 is v2c
  at = writeHeader(out, at, 0x04, community.length);
  at += community.copy(out, at);
  at = writeHeader(out, at, pduType, pduLength);
  at = writeInt32(out, at, requestId);
  at = writeInt32(out, at, 0); // error status, or non-repeaters
  at = writeInt32(out, at, pduType === PDU_GET_BULK ? maxRepetitions : 0);
  at = writeHeader(out, at, 0x30, listLength);
  encoded.forEach((oid, i) => {
    at = writeHeader(out, at, 0x30, varbindLengths[i]!);
    at += oid.copy(out, at);
    out[at++] = 0x05;
    out[at++] = 0x00;
  });
  return out;
}

class Cursor {
  constructor(
    readonly buffer: Buffer,
    public at: number,
    readonly end: number,
  ) {}

  /** Reads a tag and length; returns the tag, leaving `at` at the content. */
  enter(expected?: number): { tag: number; end: number } {
    if (this.at + 2 > this.end) throw new RangeError("truncated");
    const tag = this.buffer[this.at++]!;
    if (expected !== undefined && tag !== expected) throw new RangeError(`expected tag ${expected}, got ${tag}`);
    let length = this.buffer[this.at++]!;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 4 || this.at + count > this.end) throw new RangeError("bad length");
      length = 0;
      for (let k = 0; k < count; k++) length = length * 256 + this.buffer[this.at++]!;
    }
    const end = this.at + length;
    if (end > this.end) throw new RangeError("truncated");
    return { tag, end };
  }

  integer(): number {
    const { end } = this.enter(0x02);
    const value = signedOf(this.buffer, this.at, end);
    this.at = end;
    return value;
  }
}

function signedOf(buffer: Buffer, from: number, to: number): number {
  if (to <= from || to - from > 6) throw new RangeError("bad integer");
  let value = buffer[from]! >= 0x80 ? buffer[from]! - 256 : buffer[from]!;
  for (let i = from + 1; i < to; i++) value = value * 256 + buffer[i]!;
  return value;
}

function unsignedOf(buffer: Buffer, from: number, to: number): number {
  if (to <= from || to - from > 5) throw new RangeError("bad unsigned integer");
  let value = 0;
  for (let i = from; i < to; i++) value = value * 256 + buffer[i]!;
  return value;
}

/** OIDs read back, by their encoded bytes: every device of a sweep answers with the same few dozen. */
const textCache = new Map<string, string>();

function oidText(buffer: Buffer, from: number, to: number): string {
  if (to <= from) throw new RangeError("empty OID");
  const key = buffer.toString("latin1", from, to);
  let text = textCache.get(key);
  if (text === undefined) {
    text = oidTextOf(buffer, from, to);
    if (textCache.size < 4096) textCache.set(key, text);
  }
  return text;
}

function oidTextOf(buffer: Buffer, from: number, to: number): string {
  let text = "";
  let value = 0;
  let first = true;
  for (let i = from; i < to; i++) {
    const byte = buffer[i]!;
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      if (first) {
        const head = value < 80 ? Math.floor(value / 40) : 2;
        text = `${head}.${value - 40 * head}`;
        first = false;
      } else text += `.${value}`;
      value = 0;
    }
  }
  return text;
}

/** A v2c Response, or null when the datagram is anything else (another version, another PDU, malformed). */
export function decodeV2cResponse(buffer: Buffer): V2cResponse | null {
  try {
    const c = new Cursor(buffer, 0, buffer.length);
    const message = c.enter(0x30);
    if (c.integer() !== 1) return null;
    const community = c.enter(0x04);
    const communityBytes = buffer.subarray(c.at, community.end);
    c.at = community.end;
    const pdu = c.enter();
    if (pdu.tag !== PDU_RESPONSE || pdu.end > message.end) return null;
    const requestId = c.integer();
    const errorStatus = c.integer();
    const errorIndex = c.integer();
    const list = c.enter(0x30);
    const varbinds: V2cVarbind[] = [];
    while (c.at < list.end) {
      const varbind = c.enter(0x30);
      const oid = c.enter(0x06);
      const text = oidText(buffer, c.at, oid.end);
      c.at = oid.end;
      const value = c.enter();
      varbinds.push({ oid: text, type: value.tag, value: valueOf(buffer, value.tag, c.at, value.end) });
      c.at = varbind.end;
    }
    return { requestId, community: communityBytes, errorStatus, errorIndex, varbinds };
  } catch {
    return null;
  }
}

function valueOf(buffer: Buffer, type: number, from: number, to: number): V2cVarbind["value"] {
  switch (type) {
    case VALUE_TYPE.integer:
      return signedOf(buffer, from, to);
    case VALUE_TYPE.counter32:
    case VALUE_TYPE.gauge32:
    case VALUE_TYPE.timeTicks:
      return unsignedOf(buffer, from, to);
    case VALUE_TYPE.oid:
      return oidText(buffer, from, to);
    case VALUE_TYPE.null:
    case VALUE_TYPE.noSuchObject:
    case VALUE_TYPE.noSuchInstance:
    case VALUE_TYPE.endOfMibView:
      return null;
    default:
      // Strings, Counter64 (its big-endian bytes, as net-snmp gives it), addresses, opaque.
      return buffer.subarray(from, to);
  }
}
