/**
 * RADIUS packets (RFC 2865 layout), as much of them as the product sends and checks:
 * Disconnect- and CoA-Requests and their answers (RFC 5176), and the Access-Requests of the
 * benchmark's load client. Every request carries a Message-Authenticator (RFC 3579 / 5176 §3.5),
 * which NAS hardened against forged answers expect.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";

export const RadiusCode = {
  AccessRequest: 1,
  AccessAccept: 2,
  AccessReject: 3,
  AccountingRequest: 4,
  AccountingResponse: 5,
  DisconnectRequest: 40,
  DisconnectAck: 41,
  DisconnectNak: 42,
  CoaRequest: 43,
  CoaAck: 44,
  CoaNak: 45,
} as const;

export const Attr = {
  UserName: 1,
  UserPassword: 2,
  NasIpAddress: 4,
  FramedIpAddress: 8,
  ReplyMessage: 18,
  NasIdentifier: 32,
  AcctSessionId: 44,
  EventTimestamp: 55,
  MessageAuthenticator: 80,
  ErrorCause: 101,
} as const;

export interface RadiusAttribute {
  type: number;
  value: Buffer;
}

export interface RadiusPacket {
  code: number;
  identifier: number;
  authenticator: Buffer;
  attributes: RadiusAttribute[];
  raw: Buffer;
}

const HEADER = 20;
const MAX_PACKET = 4096;
const ZERO16 = Buffer.alloc(16);

export const text = (type: number, value: string): RadiusAttribute => ({ type, value: Buffer.from(value, "utf8") });
export const integer = (type: number, value: number): RadiusAttribute => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value >>> 0);
  return { type, value: b };
};
export const ipv4 = (type: number, address: string): RadiusAttribute => ({
  type,
  value: Buffer.from(address.split(".").map(Number)),
});

function encode(code: number, identifier: number, authenticator: Buffer, attributes: RadiusAttribute[]): Buffer {
  const parts: Buffer[] = [];
  for (const { type, value } of attributes) {
    if (value.length > 253) throw new RangeError(`RADIUS attribute ${type} is longer than 253 octets`);
    parts.push(Buffer.from([type, value.length + 2]), value);
  }
  const body = Buffer.concat(parts);
  const length = HEADER + body.length;
  if (length > MAX_PACKET) throw new RangeError(`a RADIUS packet of ${length} octets is over the 4096 limit`);
  const header = Buffer.alloc(HEADER);
  header[0] = code;
  header[1] = identifier & 0xff;
  header.writeUInt16BE(length, 2);
  authenticator.copy(header, 4);
  return Buffer.concat([header, body]);
}

/** Offset of the Message-Authenticator's value in `packet`, or -1. */
function messageAuthenticatorOffset(packet: Buffer): number {
  let at = HEADER;
  const end = packet.readUInt16BE(2);
  while (at + 2 <= end) {
    const len = packet[at + 1]!;
    if (len < 2) return -1;
    if (packet[at] === Attr.MessageAuthenticator && len === 18) return at + 2;
    at += len;
  }
  return -1;
}

const md5 = (...parts: Buffer[]) => createHash("md5").update(Buffer.concat(parts)).digest();
const hmacMd5 = (secret: string, data: Buffer) => createHmac("md5", secret).update(data).digest();

/**
 * A Disconnect- or CoA-Request: Message-Authenticator over the packet with a zero authenticator,
 * then the Request Authenticator = MD5(packet with a zero authenticator + secret), as for accounting.
 */
export function encodeDynamicRequest(
  code: typeof RadiusCode.DisconnectRequest | typeof RadiusCode.CoaRequest,
  identifier: number,
  secret: string,
  attributes: RadiusAttribute[],
): Buffer {
  const packet = encode(code, identifier, ZERO16, [...attributes, { type: Attr.MessageAuthenticator, value: ZERO16 }]);
  hmacMd5(secret, packet).copy(packet, messageAuthenticatorOffset(packet));
  md5(packet, Buffer.from(secret, "utf8")).copy(packet, 4);
  return packet;
}

/** An Access-Request with PAP: User-Password hidden as RFC 2865 §5.2 says, and a Message-Authenticator. */
export function encodeAccessRequest(
  identifier: number,
  secret: string,
  userName: string,
  password: string,
  extra: RadiusAttribute[] = [],
): Buffer {
  const authenticator = randomBytes(16);
  const packet = encode(RadiusCode.AccessRequest, identifier, authenticator, [
    text(Attr.UserName, userName),
    { type: Attr.UserPassword, value: hidePassword(password, secret, authenticator) },
    ...extra,
    { type: Attr.MessageAuthenticator, value: ZERO16 },
  ]);
  hmacMd5(secret, packet).copy(packet, messageAuthenticatorOffset(packet));
  return packet;
}

export function hidePassword(password: string, secret: string, authenticator: Buffer): Buffer {
  const plain = Buffer.from(password, "utf8");
  const padded = Buffer.alloc(Math.max(16, Math.ceil(plain.length / 16) * 16));
  plain.copy(padded);
  const out = Buffer.alloc(padded.length);
  let previous = authenticator;
  for (let i = 0; i < padded.length; i += 16) {
    const b = md5(Buffer.from(secret, "utf8"), previous);
    for (let j = 0; j < 16; j++) out[i + j] = padded[i + j]! ^ b[j]!;
    previous = out.subarray(i, i + 16);
  }
  return out;
}

/** Parses a datagram; null when it is not a well-formed RADIUS packet. */
export function decodePacket(datagram: Buffer): RadiusPacket | null {
  if (datagram.length < HEADER) return null;
  const length = datagram.readUInt16BE(2);
  if (length < HEADER || length > datagram.length || length > MAX_PACKET) return null;
  const raw = datagram.subarray(0, length);
  const attributes: RadiusAttribute[] = [];
  for (let at = HEADER; at < length;) {
    const len = raw[at + 1];
    if (len === undefined || len < 2 || at + len > length) return null;
    attributes.push({ type: raw[at]!, value: raw.subarray(at + 2, at + len) });
    at += len;
  }
  return { code: raw[0]!, identifier: raw[1]!, authenticator: raw.subarray(4, HEADER), attributes, raw };
}

export const attribute = (packet: RadiusPacket, type: number): Buffer | undefined =>
  packet.attributes.find((a) => a.type === type)?.value;

const same = (a: Buffer, b: Buffer) => a.length === b.length && timingSafeEqual(a, b);

/**
 * Whether an answer was signed with `secret` for `request`: its Response Authenticator, and its
 * Message-Authenticator when it has one (computed with the request's authenticator in place).
 */
export function verifyResponse(response: RadiusPacket, request: Buffer, secret: string): boolean {
  const requestAuthenticator = request.subarray(4, HEADER);
  const copy = Buffer.from(response.raw);
  requestAuthenticator.copy(copy, 4);
  if (!same(md5(copy, Buffer.from(secret, "utf8")), response.authenticator)) return false;
  const offset = messageAuthenticatorOffset(copy);
  if (offset < 0) return true;
  const given = Buffer.from(copy.subarray(offset, offset + 16));
  ZERO16.copy(copy, offset);
  return same(hmacMd5(secret, copy), given);
}

/**
 * Whether a Disconnect-, CoA- or Accounting-Request was signed with `secret` (what a NAS checks):
 * Request Authenticator over the packet with a zero authenticator, and Message-Authenticator if any.
 */
export function verifyDynamicRequest(request: RadiusPacket, secret: string): boolean {
  const copy = Buffer.from(request.raw);
  ZERO16.copy(copy, 4);
  if (!same(md5(copy, Buffer.from(secret, "utf8")), request.authenticator)) return false;
  const offset = messageAuthenticatorOffset(copy);
  if (offset < 0) return true;
  const given = Buffer.from(copy.subarray(offset, offset + 16));
  ZERO16.copy(copy, offset);
  return same(hmacMd5(secret, copy), given);
}

/** An answer to `request` (what a NAS or a server sends back), signed with `secret`. */
export function encodeResponse(
  code: number,
  request: RadiusPacket,
  secret: string,
  attributes: RadiusAttribute[] = [],
): Buffer {
  const packet = encode(code, request.identifier, request.authenticator, [
    ...attributes,
    { type: Attr.MessageAuthenticator, value: ZERO16 },
  ]);
  hmacMd5(secret, packet).copy(packet, messageAuthenticatorOffset(packet));
  md5(packet, Buffer.from(secret, "utf8")).copy(packet, 4);
  return packet;
}
