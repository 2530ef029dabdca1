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
  /**
   * A number for integers, counters, gauges and time ticks, and for Counter64 below 2^53; the
   * content bytes for strings, larger Counter64 and others; the dotted text for an OID; null for exceptions.
   */
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
  cached = Buffer.alloc(1 + lengthSize(body.length) + body.length);
  const at = writeHeader(cached, 0, 0x06, body.length);
  for (let i = 0; i < body.length; i++) cached[at + i] = body[i]!;
  // Walk cursors are device-specific; keep the cache from growing without bound.
  if (oidCache.size < 4096) oidCache.set(text, cached);
  return cached;
}

/** Bytes of a BER length (definite form): one below 128, else a count byte and the big-endian length. */
export function lengthSize(n: number): number {
  if (n < 0x80) return 1;
  let size = 1;
  for (let v = n; v > 0; v = Math.floor(v / 256)) size++;
  return size;
}

/** Writes a tag and a BER length at `at`; returns where the content starts. No arrays: this runs per request. */
function writeHeader(out: Buffer, at: number, tag: number, length: number): number {
  out[at++] = tag;
  if (length < 0x80) {
    out[at++] = length;
    return at;
  }
  const count = lengthSize(length) - 1;
  out[at++] = 0x80 | count;
  for (let k = count - 1, v = length; k >= 0; k--, v = Math.floor(v / 256)) out[at + k] = v & 0xff;
  return at + count;
}

/** An INTEGER's TLV in four content bytes (any int32 fits; agents accept the padded form). */
function writeInt32(out: Buffer, at: number, value: number): number {
  out[at] = 0x02;
  out[at + 1] = 4;
  out.writeInt32BE(value | 0, at + 2);
  return at + 6;
}

/** A v2c GetRequest (`maxRepetitions` unused) or GetBulkRequest with no non-repeaters. */
export function encodeV2cRequest(
  community: Buffer,
  pduType: typeof PDU_GET | typeof PDU_GET_BULK,
  requestId: number,
  oids: readonly string[],
  maxRepetitions = 0,
): Buffer {
  // Each varbind: SEQUENCE { oid, NULL }.
  let listLength = 0;
  for (const oid of oids) {
    const varbindLength = encodeOid(oid).length + 2;
    listLength += 1 + lengthSize(varbindLength) + varbindLength;
  }
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
  for (const text of oids) {
    const oid = encodeOid(text);
    at = writeHeader(out, at, 0x30, oid.length + 2);
    at += oid.copy(out, at);
    out[at++] = 0x05;
    out[at++] = 0x00;
  }
  return out;
}

/**
 * Reads TLV headers in place. `enter` leaves the element's tag in `tag`, moves `at` to its content
 * and returns where the element ends: no object per element, as a response has a hundred of them.
 */
class Reader {
  at = 0;
  tag = 0;

  constructor(
    readonly buffer: Buffer,
    readonly end: number,
  ) {}

  enter(expected: number): number {
    const buffer = this.buffer;
    if (this.at + 2 > this.end) throw new RangeError("truncated");
    const tag = buffer[this.at++]!;
    if (expected >= 0 && tag !== expected) throw new RangeError(`expected tag ${expected}, got ${tag}`);
    let length = buffer[this.at++]!;
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 4 || this.at + count > this.end) throw new RangeError("bad length");
      length = 0;
      for (let k = 0; k < count; k++) length = length * 256 + buffer[this.at++]!;
    }
    const end = this.at + length;
    if (end > this.end) throw new RangeError("truncated");
    this.tag = tag;
    return end;
  }

  integer(): number {
    const end = this.enter(0x02);
    const value = signedOf(this.buffer, this.at, end);
    this.at = end;
    return value;
  }
}

const ANY_TAG = -1;

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

/**
 * Counter64, unsigned: a number while it is exact (below 2^53, every octet counter for years),
 * else its big-endian bytes as net-snmp gives them, which the prober reads exactly with BigInt.
 * A number saves a Buffer and a BigInt per counter on the sweep's hot path.
 */
function counter64Of(buffer: Buffer, from: number, to: number): number | Buffer {
  if (to - from > 8) return buffer.subarray(from, to);
  let value = 0;
  for (let i = from; i < to; i++) value = value * 256 + buffer[i]!;
  // Past 2^53 the sum above may have rounded.
  return Number.isSafeInteger(value) ? value : buffer.subarray(from, to);
}

/** An OID read back, with the bytes it was read from (a chain links OIDs whose bytes hash alike). */
interface KnownOid {
  bytes: Uint8Array;
  text: string;
  next: KnownOid | undefined;
}

/** OIDs read back, by a hash of their encoded bytes: every device of a sweep answers with the same few dozen. */
const knownOids = new Map<number, KnownOid>();
let knownOidCount = 0;

/** FNV-1a over the bytes, a cache key that needs no string per lookup. */
function hashOf(buffer: Buffer, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ buffer[i]!, 0x01000193);
  return hash >>> 0;
}

function sameBytes(known: Uint8Array, buffer: Buffer, from: number, to: number): boolean {
  if (known.length !== to - from) return false;
  for (let i = 0; i < known.length; i++) if (known[i] !== buffer[from + i]) return false;
  return true;
}

function oidText(buffer: Buffer, from: number, to: number): string {
  if (to <= from) throw new RangeError("empty OID");
  const hash = hashOf(buffer, from, to);
  const first = knownOids.get(hash);
  for (let known = first; known !== undefined; known = known.next) {
    if (sameBytes(known.bytes, buffer, from, to)) return known.text;
  }
  const text = oidTextOf(buffer, from, to);
  if (knownOidCount < 4096) {
    knownOids.set(hash, { bytes: Uint8Array.prototype.slice.call(buffer, from, to), text, next: first });
    knownOidCount++;
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
    const r = new Reader(buffer, buffer.length);
    const messageEnd = r.enter(0x30);
    if (r.integer() !== 1) return null;
    const communityEnd = r.enter(0x04);
    const communityBytes = buffer.subarray(r.at, communityEnd);
    r.at = communityEnd;
    const pduEnd = r.enter(ANY_TAG);
    if (r.tag !== PDU_RESPONSE || pduEnd > messageEnd) return null;
    const requestId = r.integer();
    const errorStatus = r.integer();
    const errorIndex = r.integer();
    const listEnd = r.enter(0x30);
    const varbinds: V2cVarbind[] = [];
    while (r.at < listEnd) {
      const varbindEnd = r.enter(0x30);
      const oidEnd = r.enter(0x06);
      const text = oidText(buffer, r.at, oidEnd);
      r.at = oidEnd;
      const valueEnd = r.enter(ANY_TAG);
      varbinds.push({ oid: text, type: r.tag, value: valueOf(buffer, r.tag, r.at, valueEnd) });
      r.at = varbindEnd;
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
    case VALUE_TYPE.counter64:
      return counter64Of(buffer, from, to);
    case VALUE_TYPE.oid:
      return oidText(buffer, from, to);
    case VALUE_TYPE.null:
    case VALUE_TYPE.noSuchObject:
    case VALUE_TYPE.noSuchInstance:
    case VALUE_TYPE.endOfMibView:
      return null;
    default:
      // Strings, addresses, opaque: the content bytes, as net-snmp gives them.
      return buffer.subarray(from, to);
  }
}
